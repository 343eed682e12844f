"""What the ladder chases: every report not yet sent and every 交办事项 not yet
closed, as `Obligation`s with their due date, unit, office and ladder policy.

Sources are read set-wise (one query each, whatever the number of units), only
as far ahead as the longest ladder looks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from duban.items.models import Item, SupervisionOrder
from duban.reports.models import Report

from . import ladder
from .models import Ladder, SubjectType


@dataclass(frozen=True)
class Obligation:
    subject_type: str
    subject_id: int
    unit_id: int
    unit_name: str
    office_id: int
    title: str
    due_date: dt.date
    policy: ladder.Policy
    unacknowledged: bool = False


class Policies:
    """The ladder of a plan (its own, else its office's default, else the built-in one)."""

    def __init__(self):
        self.by_plan: dict[int, ladder.Policy] = {}
        self.by_office: dict[int, ladder.Policy] = {}
        for row in Ladder.objects.all():
            if row.plan_id:
                self.by_plan[row.plan_id] = row.policy
            else:
                self.by_office[row.office_id] = row.policy

    def get(self, *, office_id: int, plan_id: int | None = None) -> ladder.Policy:
        if plan_id is not None and plan_id in self.by_plan:
            return self.by_plan[plan_id]
        return self.by_office.get(office_id, ladder.Policy())

    @property
    def longest_horizon(self) -> int:
        policies = [ladder.Policy(), *self.by_plan.values(), *self.by_office.values()]
        return max(ladder.horizon(p) for p in policies)


def report_obligations(today: dt.date, policies: Policies) -> Iterator[Obligation]:
    """Reports of published plans that have not left their unit and are due
    within the ladder's horizon (or already overdue)."""
    # A report's due date is its period's due date (principal lead) or the
    # co-units' earlier one; co_due_date ≤ due_date bounds both.
    latest = today + dt.timedelta(days=policies.longest_horizon + 1)
    reports = (
        Report.objects.filter(
            delivered_at__isnull=True,
            task__plan__status="published",
            period__co_due_date__lte=latest,
        )
        .select_related("task__plan", "period", "unit")
        .order_by("id")
    )
    for report in reports:
        plan = report.task.plan
        yield Obligation(
            subject_type=SubjectType.REPORT,
            subject_id=report.pk,
            unit_id=report.unit_id,
            unit_name=report.unit.name,
            office_id=plan.office_id,
            title=_("%(task)s(%(period)s进展报告)")
            % {"task": str(report.task), "period": report.period.label},
            due_date=report.due_date,
            policy=policies.get(office_id=plan.office_id, plan_id=plan.pk),
        )


def item_obligations(today: dt.date, policies: Policies) -> Iterator[Obligation]:
    """交办事项 not closed, due within the ladder's horizon or overdue; an item
    not yet acknowledged (签收) is flagged so that digests put it first."""
    latest = today + dt.timedelta(days=policies.longest_horizon + 1)
    items = (
        Item.objects.open().filter(due_date__lte=latest).select_related("lead_unit").order_by("id")
    )
    for item in items:
        yield Obligation(
            subject_type=SubjectType.ITEM,
            subject_id=item.pk,
            unit_id=item.lead_unit_id,
            unit_name=item.lead_unit.name,
            office_id=item.office_id,
            title=item.title,
            due_date=item.due_date,
            policy=policies.get(office_id=item.office_id),
            unacknowledged=item.status == Item.Status.ASSIGNED,
        )


def order_obligations(today: dt.date, policies: Policies) -> Iterator[Obligation]:
    """督办单 signed and not yet answered: the unit is chased to its reply deadline."""
    latest = today + dt.timedelta(days=policies.longest_horizon + 1)
    orders = (
        SupervisionOrder.objects.filter(
            status=SupervisionOrder.Status.ISSUED, reply_due__lte=latest
        )
        .select_related("unit", "item", "task")
        .order_by("id")
    )
    for order in orders:
        yield Obligation(
            subject_type=SubjectType.ORDER,
            subject_id=order.pk,
            unit_id=order.unit_id,
            unit_name=order.unit.name,
            office_id=order.office_id,
            title=_("%(number)s 回复:%(title)s")
            % {"number": order.number, "title": order.subject_title},
            due_date=order.reply_due,
            policy=policies.get(office_id=order.office_id),
        )


# Sources of obligations, in the order the ladder reads them.
SOURCES = [report_obligations, item_obligations, order_obligations]
