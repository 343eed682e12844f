"""Evaluation rates of units (评价): on-time reporting and 按期办结率.

办结 (closure) here: there is no closure record (办结销号) in duban yet, so a
task counts as closed when its principal lead unit's report of the final
reporting period has been accepted by the office. It was closed on time when
that report left the unit by the final period's due date. When a closure model
lands, `on_time_closure` is the one function to change.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate

from duban.items import services as item_services
from duban.reports.models import Report, Role, Status


def on_time_closure(plans, on: dt.date) -> dict[int, dict]:
    """按期办结率 per principal lead unit over `plans` on `on`, one grouped query.

    For each unit: `due` = tasks it leads (as principal) whose final report
    was due by `on`; `closed` = of those, final reports accepted; `on_time` =
    accepted and delivered by the final due date; `rate` = on_time / due
    (None when nothing was due yet). A final report sent late and accepted is
    closed but not on time; one still unsent past its due date is neither."""
    rows = (
        Report.objects.filter(
            task__plan__in=plans,
            role=Role.PRINCIPAL,
            period__is_final=True,
            period__due_date__lte=on,
        )
        .annotate(delivered_on=TruncDate("delivered_at"))
        .values("unit_id")
        .annotate(
            due=Count("id"),
            closed=Count("id", filter=Q(status=Status.ACCEPTED)),
            on_time=Count(
                "id",
                filter=Q(status=Status.ACCEPTED, delivered_on__lte=F("period__due_date")),
            ),
        )
        .order_by()
    )
    return {
        row["unit_id"]: {
            "due": row["due"],
            "closed": row["closed"],
            "on_time": row["on_time"],
            "rate": Fraction(row["on_time"], row["due"]) if row["due"] else None,
        }
        for row in rows
    }


def unit_on_time_closure(*, plans, office, start: dt.date, on: dt.date) -> dict[int, dict]:
    """The cockpit's one 按期办结率 per unit: plan tasks and 交办事项 together.

    Plan tasks as `on_time_closure(plans, on)` counts them (tasks the unit
    leads as principal whose final report was due by `on`); items as
    `items.services.on_time_rates` counts them (items of `office` the unit
    leads, due in [start, on]). For each unit: `due` and `on_time` are the sums
    of both, `tasks_due`/`tasks_on_time` and `items_due`/`items_on_time` the
    parts, `rate` = on_time / due (None when nothing was due). Two queries."""
    merged: dict[int, dict] = {}

    def entry(unit_id):
        return merged.setdefault(
            unit_id,
            {
                "due": 0,
                "on_time": 0,
                "tasks_due": 0,
                "tasks_on_time": 0,
                "items_due": 0,
                "items_on_time": 0,
            },
        )

    for unit_id, stats in on_time_closure(plans, on).items():
        row = entry(unit_id)
        row["tasks_due"], row["tasks_on_time"] = stats["due"], stats["on_time"]
    if office is not None:
        for rate in item_services.on_time_rates(office=office, start=start, end=on):
            row = entry(rate.unit_id)
            row["items_due"], row["items_on_time"] = rate.due, rate.closed_on_time
    for row in merged.values():
        row["due"] = row["tasks_due"] + row["items_due"]
        row["on_time"] = row["tasks_on_time"] + row["items_on_time"]
        row["rate"] = Fraction(row["on_time"], row["due"]) if row["due"] else None
    return merged
