"""督办单 pages (draft from an item or a plan task, list, sign off, answer, close, docx) and the
monthly 通报 (page and docx)."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.plans.models import Task
from duban.units.models import Unit

from . import orders
from .bulletin import monthly_bulletin
from .documents import bulletin_docx, order_docx
from .forms import MonthForm, OrderCloseForm, OrderForm, ReplyForm, TaskOrderForm
from .models import Item
from .services import ItemError

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _errors(request, form):
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@login_required
@require_POST
def order_new(request, pk):
    item = get_object_or_404(Item.objects.visible_to(request.user), pk=pk)
    form = OrderForm(request.POST)
    if not form.is_valid():
        if not request.user.is_supervisor:
            raise PermissionDenied
        _errors(request, form)
        return redirect("items:detail", pk=item.pk)
    try:
        order = orders.draft_order(
            item=item, user=request.user, now=timezone.now(), **form.cleaned_data
        )
    except ItemError as exc:
        messages.error(request, str(exc))
        return redirect("items:detail", pk=item.pk)
    messages.success(request, _("督办单已拟稿,待签发。"))
    return redirect("items:order", pk=order.pk)


@login_required
@require_POST
def task_order_new(request, pk):
    """The office drafts a 督办单 on a plan task to one of the task's units."""
    user = request.user
    if not user.is_supervisor:
        raise PermissionDenied
    task = get_object_or_404(Task.objects.visible_to(user).select_related("plan"), pk=pk)
    units = [a.unit for a in task.assignments.select_related("unit")]
    form = TaskOrderForm(request.POST, units=units)
    back = redirect(reverse("supervision:task", args=[task.pk]) + "#task-order")
    if not form.is_valid():
        _errors(request, form)
        return back
    data = form.cleaned_data
    unit = next(u for u in units if u.pk == data.pop("unit"))
    try:
        order = orders.draft_task_order(task=task, unit=unit, user=user, now=timezone.now(), **data)
    except ItemError as exc:
        messages.error(request, str(exc))
        return back
    messages.success(request, _("督办单已拟稿,待签发。"))
    return redirect("items:order", pk=order.pk)


@login_required
def order_list(request):
    """督办单 the user may read: the office's all, a unit's those addressed to it."""
    rows = orders.visible_orders(request.user).select_related("item", "task", "unit")
    return render(request, "items/orders.html", {"orders": rows[:500]})


def _order(request, pk):
    return get_object_or_404(
        orders.visible_orders(request.user).select_related(
            "item", "task__plan", "unit", "signed_by"
        ),
        pk=pk,
    )


@login_required
def order_page(request, pk):
    order = _order(request, pk)
    user = request.user
    return render(
        request,
        "items/order.html",
        {
            "order": order,
            "can_sign": orders.can("sign", order=order, user=user),
            "can_reply": orders.can("reply", order=order, user=user),
            "can_close": orders.can("close", order=order, user=user),
            "reply_form": ReplyForm(),
            "close_form": OrderCloseForm(),
        },
    )


def _step(request, pk, action, form_class, call, done):
    order = _order(request, pk)
    if not orders.can(action, order=order, user=request.user):
        raise PermissionDenied
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        _errors(request, form)
        return redirect("items:order", pk=order.pk)
    try:
        call(order, form.cleaned_data if form else {})
    except ItemError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("items:order", pk=order.pk)


@login_required
@require_POST
def order_sign(request, pk):
    return _step(
        request,
        pk,
        "sign",
        None,
        lambda order, data: orders.sign_order(order=order, user=request.user, now=timezone.now()),
        _("督办单已签发。"),
    )


@login_required
@require_POST
def order_reply(request, pk):
    return _step(
        request,
        pk,
        "reply",
        ReplyForm,
        lambda order, data: orders.reply_order(
            order=order, user=request.user, reply=data["reply"], now=timezone.now()
        ),
        _("已回复。"),
    )


@login_required
@require_POST
def order_close(request, pk):
    return _step(
        request,
        pk,
        "close",
        OrderCloseForm,
        lambda order, data: orders.close_order(
            order=order, user=request.user, comment=data["comment"], now=timezone.now()
        ),
        _("督办单已办结。"),
    )


def _office_name(unit):
    return unit.full_name or unit.name


@login_required
def order_docx_view(request, pk):
    order = _order(request, pk)
    response = HttpResponse(order_docx(order, _office_name(order.office)), content_type=DOCX)
    name = f"duban-order-{order.pk}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _bulletin(request):
    user = request.user
    if not (user.is_supervisor or user.is_leader) or user.unit_id is None:
        raise PermissionDenied
    form = MonthForm(request.GET)
    today = timezone.localdate()
    month = today.replace(day=1)
    if form.is_valid() and form.cleaned_data["month"]:
        try:
            month = dt.date.fromisoformat(form.cleaned_data["month"] + "-01")
        except ValueError:
            messages.error(request, _("月份格式应为 2020-12。"))
    office = get_object_or_404(Unit, pk=user.unit_id)
    return office, monthly_bulletin(office=office, month=month, now=timezone.now())


@login_required
def bulletin_page(request):
    office, bulletin = _bulletin(request)
    return render(
        request,
        "items/bulletin.html",
        {"bulletin": bulletin, "month": bulletin.month.strftime("%Y-%m")},
    )


@login_required
def bulletin_docx_view(request):
    office, bulletin = _bulletin(request)
    response = HttpResponse(bulletin_docx(bulletin, _office_name(office)), content_type=DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="duban-bulletin-{bulletin.month:%Y-%m}.docx"'
    )
    return response
