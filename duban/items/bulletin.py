"""The monthly 通报: per unit, items assigned, due, closed on time, overdue,
延期 requests and 督办单 signed in one month."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from .models import Extension, Item, SupervisionOrder
from .services import on_time_rates


@dataclass
class BulletinRow:
    unit_id: int
    unit_name: str
    assigned: int = 0
    due: int = 0
    closed_on_time: int = 0
    overdue: int = 0
    extensions: int = 0
    orders: int = 0

    @property
    def rate(self) -> float | None:
        return self.closed_on_time / self.due if self.due else None

    @property
    def rate_text(self) -> str:
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"


@dataclass
class Bulletin:
    office_id: int
    month: dt.date
    issued_on: dt.date
    rows: list[BulletinRow] = field(default_factory=list)

    def totals_dict(self) -> dict:
        keys = ("assigned", "due", "closed_on_time", "extensions", "orders", "overdue")
        totals = {k: sum(getattr(r, k) for r in self.rows) for k in keys}
        totals["on_time"] = totals.pop("closed_on_time")
        return {"year": self.month.year, "month": self.month.month, **totals}


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    start = month.replace(day=1)
    return start, start.replace(day=calendar.monthrange(start.year, start.month)[1])


def monthly_bulletin(*, office, month: dt.date, now: dt.datetime) -> Bulletin:
    """The 通报 of `month` for `office`'s items, as things stand at `now`
    (an item due in the month and still open at `now` is overdue; 按期办结率
    is `services.on_time_rates` over the month)."""
    start, end = month_bounds(month)
    rows: dict[int, BulletinRow] = {}

    def row(unit_id, name):
        if unit_id not in rows:
            rows[unit_id] = BulletinRow(unit_id, name)
        return rows[unit_id]

    assigned = (
        Item.objects.filter(office=office, assigned_on__range=(start, end))
        .values("lead_unit_id", "lead_unit__name")
        .annotate(n=Count("id"))
    )
    for r in assigned:
        row(r["lead_unit_id"], r["lead_unit__name"]).assigned = r["n"]
    for rate in on_time_rates(office=office, start=start, end=end, now=now):
        entry = row(rate.unit_id, rate.unit_name)
        entry.due = rate.due
        entry.closed_on_time = rate.closed_on_time
        entry.overdue = rate.due - rate.closed_on_time
    local_start = timezone.make_aware(dt.datetime.combine(start, dt.time()))
    local_end = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time()))
    extensions = (
        Extension.objects.filter(
            item__office=office, requested_at__gte=local_start, requested_at__lt=local_end
        )
        .values("item__lead_unit_id", "item__lead_unit__name")
        .annotate(n=Count("id"))
    )
    for r in extensions:
        row(r["item__lead_unit_id"], r["item__lead_unit__name"]).extensions = r["n"]
    orders = (
        SupervisionOrder.objects.filter(
            office=office, signed_at__gte=local_start, signed_at__lt=local_end
        )
        .values("unit_id", "unit__name")
        .annotate(n=Count("id"))
    )
    for r in orders:
        row(r["unit_id"], r["unit__name"]).orders = r["n"]
    return Bulletin(
        office_id=office.pk,
        month=start,
        issued_on=timezone.localdate(now),
        rows=sorted(rows.values(), key=lambda r: r.unit_name),
    )
