"""督办单 workflow: draft → sign off (numbered) → the unit answers → the office
closes. Keyword-only steps, allowed moves in ORDER_TRANSITIONS. An order is
drafted for a 交办事项 (`draft_order`) or for a plan task to one of its units
(`draft_task_order`, prefilled by `task_order_proposal`); the later steps are
the same for both."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from duban import access
from duban.plans.models import Assignment, Plan
from duban.reports.models import Report

from .models import Item, SupervisionOrder
from .services import ItemError

Status = SupervisionOrder.Status


def _office_supervisor(user, order) -> bool:
    return access.is_supervisor_of(user, order.office_id)


def _unit_member(user, order) -> bool:
    return access.is_member_of(user, order.unit_id)


# action → (from statuses, who, to status)
ORDER_TRANSITIONS = {
    "sign": ((Status.DRAFT,), _office_supervisor, Status.ISSUED),
    "reply": ((Status.ISSUED,), _unit_member, Status.ANSWERED),
    "close": ((Status.ANSWERED,), _office_supervisor, Status.CLOSED),
}


def can(action: str, *, order: SupervisionOrder, user) -> bool:
    statuses, who, _to = ORDER_TRANSITIONS[action]
    return order.status in statuses and who(user, order)


def _move(action: str, order: SupervisionOrder, user) -> None:
    statuses, who, to = ORDER_TRANSITIONS[action]
    if not who(user, order):
        raise PermissionDenied(_("您无权进行此操作。"))
    if order.status not in statuses:
        raise ItemError(
            _("督办单当前状态为“%(status)s”,不能进行此操作。")
            % {"status": order.get_status_display()}
        )
    order.status = to


def visible_orders(user):
    """督办单 `user` may read (`SupervisionOrder.objects.visible_to`)."""
    return SupervisionOrder.objects.visible_to(user)


def draft_order(
    *, item: Item, user, facts: str, requirement: str, reply_due: dt.date, now: dt.datetime
) -> SupervisionOrder:
    if not access.is_supervisor_of(user, item.office_id):
        raise PermissionDenied(_("只有督查室可以拟制督办单。"))
    if not item.is_open:
        raise ItemError(_("事项已办结,无需督办。"))
    if not (facts or "").strip() or not (requirement or "").strip():
        raise ItemError(_("请填写基本情况和督办要求。"))
    if reply_due < timezone.localdate(now):
        raise ItemError(_("回复时限不能早于今天。"))
    order = SupervisionOrder(
        item=item,
        office_id=item.office_id,
        unit_id=item.lead_unit_id,
        facts=facts.strip(),
        requirement=requirement.strip(),
        reply_due=reply_due,
        drafted_by=user,
        drafted_at=now,
    )
    order._history_user = user
    order.save()
    return order


def _plan_supervisor(user, task) -> bool:
    return access.is_supervisor_of(user, task.plan.office_id)


def overdue_reports(*, task, on: dt.date) -> list[Report]:
    """The task's reports not sent and past their due date on `on`, oldest first."""
    reports = (
        Report.objects.filter(task=task, delivered_at__isnull=True)
        .select_related("unit", "period")
        .order_by("period__due_date", "role", "unit__name", "id")
    )
    return [r for r in reports if r.due_date < on]


@dataclass
class TaskOrderProposal:
    """What the office's 督办单 form for a task starts from: the units it may
    address (those assigned to the task, principal first), the default one
    (the unit of the oldest overdue report, else the principal lead) and the
    facts written out."""

    units: list
    unit_id: int | None
    facts: str
    requirement: str
    reply_due: dt.date
    overdue: list = field(default_factory=list)


def _date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def task_order_proposal(*, task, on: dt.date, unit_id: int | None = None) -> TaskOrderProposal:
    """Prefill for a 督办单 on `task` on day `on`; `unit_id`, when one of the
    task's units, picks the addressee (its overdue reports fill the facts)."""
    assignments = list(Assignment.objects.filter(task=task).select_related("unit"))
    units = [a.unit for a in assignments]
    overdue = overdue_reports(task=task, on=on)
    if unit_id not in {u.pk for u in units}:
        unit_id = overdue[0].unit_id if overdue else None
        if unit_id is None and units:
            unit_id = units[0].pk  # ordered principal first
    mine = [r for r in overdue if r.unit_id == unit_id]
    if mine:
        lines = [
            _("%(period)s进展报告应于%(due)s前报送,截至%(today)s已逾期%(days)s天未报。")
            % {
                "period": r.period.label,
                "due": _date(r.due_date),
                "today": _date(on),
                "days": (on - r.due_date).days,
            }
            for r in mine
        ]
    else:
        lines = [_("截至%(today)s,该任务办理进展未达要求。") % {"today": _date(on)}]
    facts = _("任务:%(task)s。") % {"task": str(task)} + "".join(lines)
    return TaskOrderProposal(
        units=units,
        unit_id=unit_id,
        facts=facts,
        requirement=_("请于回复时限前报送逾期的进展报告,并书面说明逾期原因和整改措施。"),
        reply_due=on + dt.timedelta(days=5),
        overdue=overdue,
    )


def draft_task_order(
    *, task, unit, user, facts: str, requirement: str, reply_due: dt.date, now: dt.datetime
) -> SupervisionOrder:
    """A 督办单 on a plan task, addressed to `unit`, which must be assigned to it."""
    if not _plan_supervisor(user, task):
        raise PermissionDenied(_("只有督查室可以拟制督办单。"))
    if task.plan.status not in Plan.VISIBLE_TO_UNITS:
        raise ItemError(_("计划尚未印发,不能督办。"))
    if unit is None or not Assignment.objects.filter(task=task, unit=unit).exists():
        raise ItemError(_("被督办单位须为该任务的责任单位。"))
    if not (facts or "").strip() or not (requirement or "").strip():
        raise ItemError(_("请填写基本情况和督办要求。"))
    if reply_due < timezone.localdate(now):
        raise ItemError(_("回复时限不能早于今天。"))
    order = SupervisionOrder(
        task=task,
        office_id=task.plan.office_id,
        unit=unit,
        facts=facts.strip(),
        requirement=requirement.strip(),
        reply_due=reply_due,
        drafted_by=user,
        drafted_at=now,
    )
    order._history_user = user
    order.save()
    return order


@transaction.atomic
def sign_order(*, order: SupervisionOrder, user, now: dt.datetime) -> SupervisionOrder:
    """签发: the number is the office's next for the year (taken under a lock on
    the office's orders, so two signings never share one)."""
    order = SupervisionOrder.objects.select_for_update().get(pk=order.pk)
    _move("sign", order, user)
    year = timezone.localdate(now).year
    # Lock the office's numbered orders of the year while taking the next number.
    list(
        SupervisionOrder.objects.select_for_update()
        .filter(office_id=order.office_id, year=year)
        .values_list("pk", flat=True)
    )
    last = SupervisionOrder.objects.filter(office_id=order.office_id, year=year).aggregate(
        n=Max("sequence")
    )["n"]
    order.year = year
    order.sequence = (last or 0) + 1
    order.signed_by = user
    order.signed_at = now
    order._history_user = user
    order.save()
    return order


@transaction.atomic
def reply_order(*, order: SupervisionOrder, user, reply: str, now: dt.datetime):
    order = SupervisionOrder.objects.select_for_update().get(pk=order.pk)
    _move("reply", order, user)
    if not (reply or "").strip():
        raise ItemError(_("请填写回复内容。"))
    order.reply = reply.strip()
    order.replied_by = user
    order.replied_at = now
    order._history_user = user
    order.save()
    return order


@transaction.atomic
def close_order(*, order: SupervisionOrder, user, comment: str, now: dt.datetime):
    order = SupervisionOrder.objects.select_for_update().get(pk=order.pk)
    _move("close", order, user)
    order.closing_comment = (comment or "").strip()[:1000]
    order.closed_at = now
    order._history_user = user
    order.save()
    return order
