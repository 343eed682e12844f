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
