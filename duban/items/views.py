"""交办事项 pages: list, 立项交办, one item (签收, 延期申请 and its decision, 办结)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import orders, services
from .forms import AssignForm, CloseForm, DecisionForm, ExtensionForm, OrderForm
from .models import Extension, Item


@login_required
def item_list(request):
    items = Item.objects.visible_to(request.user).select_related("lead_unit")
    return render(
        request,
        "items/list.html",
        {
            "items": items[:500],
            "can_assign": request.user.is_supervisor,
            "can_bulletin": request.user.is_supervisor or request.user.is_leader,
        },
    )


@login_required
def item_new(request):
    if not request.user.is_supervisor:
        raise PermissionDenied
    form = AssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.assign_item(
                user=request.user,
                title=data["title"],
                source=data["source"],
                source_detail=data["source_detail"],
                requirement=data["requirement"],
                lead_unit=data["lead_unit"],
                co_units=list(data["co_units"]),
                item_class=data["item_class"],
                due_date=data["due_date"],
                now=timezone.now(),
            )
        except services.ItemError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已立项交办。"))
            return redirect("items:detail", pk=item.pk)
    return render(request, "items/new.html", {"form": form})


def _visible(request, pk):
    return get_object_or_404(Item.objects.visible_to(request.user), pk=pk)


@login_required
def item_detail(request, pk):
    item = _visible(request, pk)
    user = request.user
    return render(
        request,
        "items/detail.html",
        {
            "item": item,
            "extensions": item.extensions.select_related("requested_by", "decided_by"),
            "pending": item.extensions.filter(decision=Extension.Decision.PENDING).first(),
            "can_acknowledge": services.can("acknowledge", item=item, user=user),
            "can_extend": services.can("request_extension", item=item, user=user),
            "can_decide": services.can("decide_extension", item=item, user=user),
            "can_close": services.can("close", item=item, user=user),
            "extension_form": ExtensionForm(),
            "decision_form": DecisionForm(),
            "close_form": CloseForm(),
            "orders": orders.visible_orders(user).filter(item=item),
            "can_order": user.is_supervisor and user.unit_id == item.office_id and item.is_open,
            "order_form": OrderForm(),
        },
    )


def _run(request, item, step, done):
    """Do one workflow step; its refusal is shown on the item's page."""
    try:
        step()
    except services.ItemError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("items:detail", pk=item.pk)


def _form_error(request, item, form):
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("items:detail", pk=item.pk)


@login_required
@require_POST
def acknowledge(request, pk):
    item = _visible(request, pk)
    return _run(
        request,
        item,
        lambda: services.acknowledge_item(item=item, user=request.user, now=timezone.now()),
        _("已签收。"),
    )


@login_required
@require_POST
def extend(request, pk):
    item = _visible(request, pk)
    if not services.can("request_extension", item=item, user=request.user):
        raise PermissionDenied
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        return _form_error(request, item, form)
    return _run(
        request,
        item,
        lambda: services.request_extension(
            item=item, user=request.user, now=timezone.now(), **form.cleaned_data
        ),
        _("延期申请已提交。"),
    )


@login_required
@require_POST
def decide(request, pk):
    extension = get_object_or_404(
        Extension.objects.filter(item__in=Item.objects.visible_to(request.user)), pk=pk
    )
    item = extension.item
    if not services.can("decide_extension", item=item, user=request.user):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _form_error(request, item, form)
    return _run(
        request,
        item,
        lambda: services.decide_extension(
            extension=extension, user=request.user, now=timezone.now(), **form.cleaned_data
        ),
        _("已审批。"),
    )


@login_required
@require_POST
def close(request, pk):
    item = _visible(request, pk)
    if not services.can("close", item=item, user=request.user):
        raise PermissionDenied
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _form_error(request, item, form)
    return _run(
        request,
        item,
        lambda: services.close_item(
            item=item, user=request.user, note=form.cleaned_data["note"], now=timezone.now()
        ),
        _("已办结销号。"),
    )
