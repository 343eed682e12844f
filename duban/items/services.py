"""交办事项 workflow: assign (立项交办), acknowledge (签收), ask for and decide an
extension (延期申请), close (办结销号); and the on-time closure rate.

Every step is a keyword-only function taking the acting user and `now`; the
allowed moves are in TRANSITIONS (who may, from which status). Pages, API and
CLI call these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from duban import access

from .models import Extension, Item, ItemClass, TaskClass


class ItemError(Exception):
    """A step that cannot be done (message in Chinese, for the person)."""


def _is_office_supervisor(user, item) -> bool:
    return access.is_supervisor_of(user, item.office_id)


def _is_lead_member(user, item) -> bool:
    return access.is_member_of(user, item.lead_unit_id)


OPEN = (Item.Status.ASSIGNED, Item.Status.ACKNOWLEDGED)

# action → (statuses it may start from, who may do it)
TRANSITIONS = {
    "acknowledge": ((Item.Status.ASSIGNED,), _is_lead_member),
    "request_extension": (OPEN, _is_lead_member),
    "decide_extension": (OPEN, _is_office_supervisor),
    "close": (OPEN, _is_office_supervisor),
}


def can(action: str, *, item: Item, user) -> bool:
    statuses, who = TRANSITIONS[action]
    return item.status in statuses and who(user, item)


def _check(action: str, item: Item, user) -> None:
    statuses, who = TRANSITIONS[action]
    if not who(user, item):
        raise PermissionDenied(_("您无权进行此操作。"))
    if item.status not in statuses:
        raise ItemError(
            _("事项当前状态为“%(status)s”,不能进行此操作。") % {"status": item.get_status_display()}
        )


def _save(item: Item, user, reason: str) -> None:
    item.version += 1
    item._history_user = user
    item._change_reason = reason
    item.save()


@transaction.atomic
def assign_item(
    *,
    user,
    title: str,
    lead_unit,
    now: dt.datetime,
    item_class: str = "",
    due_date: dt.date | None = None,
    co_units=(),
    source: str = Item.Source.INSTRUCTION,
    source_detail: str = "",
    requirement: str = "",
) -> Item:
    """立项交办: a supervisor assigns an item to a lead unit; the due date is
    given or follows from the “710” class."""
    if not access.is_supervisor(user):
        raise PermissionDenied(_("只有督查室可以立项交办。"))
    title = (title or "").strip()
    if not title:
        raise ItemError(_("请填写事项名称。"))
    assigned = timezone.localdate(now)
    if due_date is None:
        if item_class not in ItemClass.values:
            raise ItemError(_("请选择事项类别或填写办结时限。"))
        due_date = ItemClass.due_from(item_class, assigned)
    if due_date < assigned:
        raise ItemError(_("办结时限不能早于交办日期。"))
    item = Item(
        office_id=user.unit_id,
        title=title[:500],
        source=source,
        source_detail=source_detail[:500],
        requirement=requirement,
        lead_unit=lead_unit,
        item_class=item_class,
        assigned_on=assigned,
        original_due_date=due_date,
        due_date=due_date,
        created_by=user,
    )
    item._history_user = user
    item.save()
    item.co_units.set([u for u in co_units if u.pk != lead_unit.pk])
    return item


@transaction.atomic
def acknowledge_item(*, item: Item, user, now: dt.datetime) -> Item:
    """签收: the lead unit confirms it has received the item (who, when)."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    _check("acknowledge", item, user)
    item.status = Item.Status.ACKNOWLEDGED
    item.acknowledged_at = now
    item.acknowledged_by = user
    _save(item, user, _("签收"))
    return item


@transaction.atomic
def request_extension(
    *, item: Item, user, requested_due_date: dt.date, reason: str, now: dt.datetime
) -> Extension:
    """延期申请: the lead unit asks for a later due date, with a reason."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    _check("request_extension", item, user)
    if not (reason or "").strip():
        raise ItemError(_("请填写延期理由。"))
    if requested_due_date <= item.due_date:
        raise ItemError(_("申请的时限应晚于当前办结时限。"))
    if item.extensions.filter(decision=Extension.Decision.PENDING).exists():
        raise ItemError(_("已有一项延期申请待审批。"))
    extension = Extension(
        item=item,
        requested_due_date=requested_due_date,
        reason=reason.strip()[:1000],
        requested_by=user,
        requested_at=now,
    )
    extension._history_user = user
    extension.save()
    return extension


@transaction.atomic
def decide_extension(
    *, extension: Extension, user, approve: bool, comment: str = "", now: dt.datetime
) -> Extension:
    """The office approves (the due date follows; the original is kept) or
    refuses (a comment is required)."""
    extension = Extension.objects.select_for_update().get(pk=extension.pk)
    item = Item.objects.select_for_update().get(pk=extension.item_id)
    _check("decide_extension", item, user)
    if extension.decision != Extension.Decision.PENDING:
        raise ItemError(_("该延期申请已审批。"))
    if not approve and not (comment or "").strip():
        raise ItemError(_("不同意延期时请填写意见。"))
    extension.decision = Extension.Decision.APPROVED if approve else Extension.Decision.REFUSED
    extension.comment = (comment or "").strip()[:1000]
    extension.decided_by = user
    extension.decided_at = now
    extension._history_user = user
    extension.save()
    if approve:
        item.due_date = extension.requested_due_date
        _save(item, user, _("同意延期"))
    return extension


@transaction.atomic
def close_item(*, item: Item, user, note: str, now: dt.datetime) -> Item:
    """办结销号: the office closes the item with a note; it leaves the chase."""
    item = Item.objects.select_for_update().get(pk=item.pk)
    _check("close", item, user)
    if not (note or "").strip():
        raise ItemError(_("请填写办结说明。"))
    item.status = Item.Status.CLOSED
    item.closed_at = now
    item.closing_note = note.strip()[:1000]
    _save(item, user, _("办结销号"))
    return item


def classify_task(*, task, item_class: str, user, now: dt.datetime) -> TaskClass:
    """Give a plan task a “710” class; its due date counts from the plan's
    publication (else from today)."""
    if not access.is_supervisor_of(user, task.plan.office_id):
        raise PermissionDenied(_("只有督查室可以设置任务类别。"))
    if item_class not in ItemClass.values:
        raise ItemError(_("事项类别无效。"))
    published = task.plan.published_at
    start = timezone.localdate(published) if published else timezone.localdate(now)
    entry = TaskClass.objects.filter(task=task).first() or TaskClass(task=task)
    entry.item_class = item_class
    entry.counted_from = start
    entry.due_date = ItemClass.due_from(item_class, start)
    entry._history_user = user
    entry.save()
    return entry


@dataclass(frozen=True)
class UnitRate:
    unit_id: int
    unit_name: str
    due: int  # items whose due date fell in the window
    closed_on_time: int
    rate: float | None  # closed_on_time / due, None when nothing was due


def on_time_rates(
    *, office, start: dt.date, end: dt.date, now: dt.datetime | None = None
) -> list[UnitRate]:
    """按期办结率 per lead unit (public: the cockpit uses it).

    Over the items of `office` whose due date (as in force) lies in
    [start, end]: the share closed on or before that due date. An item still
    open counts as not on time once its due date has passed; items due later
    than `now` and still open are left out (they may yet be on time). One query.
    """
    today = timezone.localdate(now) if now else end
    rows = (
        Item.objects.filter(office=office, due_date__gte=start, due_date__lte=end)
        .exclude(status__in=OPEN, due_date__gte=today)
        .values("lead_unit_id", "lead_unit__name")
        .annotate(
            due=Count("id"),
            on_time=Count(
                "id",
                filter=Q(status=Item.Status.CLOSED, closed_at__date__lte=F("due_date")),
            ),
        )
        .order_by("lead_unit__name")
    )
    return [
        UnitRate(
            unit_id=r["lead_unit_id"],
            unit_name=r["lead_unit__name"],
            due=r["due"],
            closed_on_time=r["on_time"],
            rate=(r["on_time"] / r["due"]) if r["due"] else None,
        )
        for r in rows
    ]
