"""Sign-in, sign-out, password change, and the admins' account pages.

Account pages are for role admin only: everybody else gets 403 before any
account is looked up (so no page tells whether an account exists)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import services
from .forms import AccountForm, LoginForm, ResetPasswordForm
from .models import User


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"


def _require_admin(request):
    if not request.user.has_perm("accounts.manage_accounts"):
        raise PermissionDenied


@login_required
@require_GET
def user_list(request):
    _require_admin(request)
    users = User.objects.select_related("unit").order_by("unit__kind", "unit__name", "username")
    q = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    if q:
        users = users.filter(
            Q(username__icontains=q) | Q(display_name__icontains=q) | Q(unit__name__icontains=q)
        )
    if role in User.Role.values:
        users = users.filter(role=role)
    return render(
        request,
        "accounts/user_list.html",
        {"users": users, "q": q, "role": role, "roles": User.Role.choices},
    )


@login_required
def user_create(request):
    _require_admin(request)
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        account = services.create_account(
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password1"],
            role=form.cleaned_data["role"],
            unit=form.cleaned_data["unit"],
            display_name=form.cleaned_data["display_name"],
            email=form.cleaned_data["email"],
            user=request.user,
        )
        messages.success(request, _("账号“%(name)s”已创建。") % {"name": account.username})
        return redirect("accounts:user_detail", pk=account.pk)
    return render(request, "accounts/user_form.html", {"form": form, "account": None})


@login_required
@require_GET
def user_detail(request, pk):
    _require_admin(request)
    account = get_object_or_404(User.objects.select_related("unit"), pk=pk)
    return render(
        request,
        "accounts/user_detail.html",
        {"account": account, "locked": services.is_locked_out(account)},
    )


@login_required
def user_edit(request, pk):
    _require_admin(request)
    account = get_object_or_404(User, pk=pk)
    form = AccountForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        services.update_account(
            account=account,
            user=request.user,
            **{k: form.cleaned_data[k] for k in ("display_name", "unit", "role", "email")},
        )
        messages.success(request, _("账号“%(name)s”已保存。") % {"name": account.username})
        return redirect("accounts:user_detail", pk=account.pk)
    return render(request, "accounts/user_form.html", {"form": form, "account": account})


@login_required
def user_password(request, pk):
    _require_admin(request)
    account = get_object_or_404(User, pk=pk)
    form = ResetPasswordForm(request.POST or None, account=account)
    if request.method == "POST" and form.is_valid():
        services.reset_password(
            account=account, password=form.cleaned_data["password1"], user=request.user
        )
        messages.success(
            request, _("已重置“%(name)s”的密码,请告知本人登录后修改。") % {"name": account.username}
        )
        return redirect("accounts:user_detail", pk=account.pk)
    return render(request, "accounts/user_password.html", {"form": form, "account": account})


@login_required
@require_POST
def user_active(request, pk):
    _require_admin(request)
    account = get_object_or_404(User, pk=pk)
    active = request.POST.get("active") == "1"
    if account == request.user and not active:
        messages.error(request, _("不能停用自己的账号。"))
    else:
        services.set_active(account=account, active=active, user=request.user)
        if active:
            messages.success(request, _("账号“%(name)s”已启用。") % {"name": account.username})
        else:
            messages.success(request, _("账号“%(name)s”已停用。") % {"name": account.username})
    return redirect("accounts:user_detail", pk=account.pk)


@login_required
@require_POST
def user_unlock(request, pk):
    """Lift the sign-in lock (too many failed sign-ins) of an account."""
    _require_admin(request)
    account = get_object_or_404(User, pk=pk)
    services.unlock(account=account, user=request.user)
    messages.success(request, _("账号“%(name)s”的登录锁定已解除。") % {"name": account.username})
    return redirect("accounts:user_detail", pk=account.pk)
