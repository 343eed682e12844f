"""Sign-in, sign-out, password change, and the admins' account pages."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse_lazy

from .forms import LoginForm
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


@login_required
def user_list(request):
    if not request.user.has_perm("accounts.manage_accounts"):
        raise PermissionDenied
    users = User.objects.select_related("unit").order_by("unit__name", "username")
    return render(request, "accounts/user_list.html", {"users": users})
