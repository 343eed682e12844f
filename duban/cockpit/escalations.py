"""What the office must chase now, beside the plan figures: 交办事项 past their
due date, signed 督办单 the unit has not answered, and the reminder ladder's
escalations sent to the office (逾期报督查室). Every row names the page it opens."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse

from duban.items import orders as item_orders
from duban.items.models import Item, SupervisionOrder
from duban.reminders.models import Kind, Message, SubjectType

LIMIT = 10
ESCALATION_DAYS = 30  # escalations older than this are history, not news

_SUBJECT_URL = {
    SubjectType.ITEM: "items:detail",
    SubjectType.ORDER: "items:order",
    SubjectType.REPORT: "reports:report",
}


@dataclass(frozen=True)
class Row:
    title: str
    unit: str
    date: dt.date
    url: str
    late: bool = True


def overdue_items(user, on: dt.date) -> list[Row]:
    """Open items the user may see whose due date (as in force) has passed."""
    items = (
        Item.objects.visible_to(user)
        .open()
        .filter(due_date__lt=on)
        .select_related("lead_unit")
        .order_by("due_date", "pk")[:LIMIT]
    )
    return [
        Row(i.title, i.lead_unit.name, i.due_date, reverse("items:detail", args=[i.pk]))
        for i in items
    ]


def unanswered_orders(user, on: dt.date) -> list[Row]:
    """Signed 督办单 still waiting for the unit's reply; `late` once past 回复时限."""
    orders = (
        item_orders.visible_orders(user)
        .filter(status=SupervisionOrder.Status.ISSUED)
        .select_related("unit", "item")
        .order_by("reply_due", "pk")[:LIMIT]
    )
    return [
        Row(
            f"{o.number} {o.item.title}" if o.number else o.item.title,
            o.unit.name,
            o.reply_due,
            reverse("items:order", args=[o.pk]),
            late=o.reply_due < on,
        )
        for o in orders
    ]


def office_escalations(user, on: dt.date) -> list[Row]:
    """Escalations sent to the user's office in the last ESCALATION_DAYS, one
    row per subject (several supervisors receive the same one)."""
    messages = (
        Message.objects.filter(
            kind=Kind.ESCALATE_OFFICE,
            status=Message.Status.SENT,
            recipient__unit_id=user.unit_id,
            occasion__gt=on - dt.timedelta(days=ESCALATION_DAYS),
        )
        .select_related("unit")
        .order_by("-occasion", "pk")
    )
    rows, seen = [], set()
    for m in messages.iterator():
        key = (m.subject_type, m.subject_id)
        if key in seen or m.subject_type not in _SUBJECT_URL:
            continue
        seen.add(key)
        rows.append(
            Row(
                m.title,
                m.unit.name,
                m.due_date,
                reverse(_SUBJECT_URL[m.subject_type], args=[m.subject_id]),
            )
        )
        if len(rows) == LIMIT:
            break
    return rows


def escalations(user, on: dt.date) -> dict:
    return {
        "overdue_items": overdue_items(user, on),
        "unanswered_orders": unanswered_orders(user, on),
        "office_escalations": office_escalations(user, on),
    }
