"""Figures per unit, totals by rule.

Each unit's figure for a target stays that unit's (`TargetValue` on its own
report). The task's figure is what the principal lead unit sends with its
consolidated version (`TaskValue`): proposed by the target's rule
(`Target.combine`: the sum of the units' figures, the lead's own figure, or
the latest one) from the lead's own figure and every other unit's latest
figure, and confirmed (or corrected) by the lead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from duban.core import numbers
from duban.core.amounts import AmountError, Measure
from duban.plans.models import Target

from .models import Report, ReportVersion, Status, TargetValue, TaskValue

# Version states in which a figure has left its unit and was not sent back.
SENT = (Status.SUBMITTED, Status.SIGNED, Status.CONSOLIDATED, Status.ACCEPTED)


@dataclass
class FigureRow:
    """One target as the principal lead sees it when it consolidates."""

    target: Target
    own: TargetValue | None
    others: list = field(default_factory=list)  # other units' latest TargetValue
    proposed: tuple | None = None  # (value, as_of) by the target's rule

    @property
    def others_total(self) -> Decimal | None:
        if not self.others:
            return None
        return sum((v.value for v in self.others), Decimal(0))


def latest_unit_figures(task, *, up_to: dt.date | None = None, exclude_unit=None):
    """{target id: [TargetValue]}: every unit's latest sent figure per target
    of `task` (one per unit: the newest as-of, then the newest sent), from
    reports of periods due by `up_to`."""
    values = (
        TargetValue.objects.filter(
            target__task=task, version__report__task=task, version__status__in=SENT
        )
        # Only what left its unit (a version submitted to its own head has not).
        .filter(version__in=ReportVersion.objects.sent())
        .select_related("version__report__unit", "target")
        .order_by("as_of", "version__submitted_at", "pk")
    )
    if up_to is not None:
        values = values.filter(version__report__period__due_date__lte=up_to)
    if exclude_unit is not None:
        values = values.exclude(version__report__unit=exclude_unit)
    latest = {}
    for value in values:
        latest[(value.target_id, value.version.report.unit_id)] = value
    result = {}
    for (target_id, _unit), value in latest.items():
        result.setdefault(target_id, []).append(value)
    for items in result.values():
        items.sort(key=lambda v: v.version.report.unit.name)
    return result


def consolidation_rows(report: Report) -> list[FigureRow]:
    """Per target: the lead's own figure (its current version), the other
    units' latest figures and the task's figure the target's rule proposes."""
    own = {}
    if report.current_version_id:
        own = {v.target_id: v for v in report.current_version.values.all()}
    others = latest_unit_figures(
        report.task, up_to=report.period.due_date, exclude_unit=report.unit_id
    )
    rows = []
    for target in report.task.targets.all():
        row = FigureRow(target=target, own=own.get(target.pk), others=others.get(target.pk, []))
        row.proposed = target.combine(
            (row.own.value, row.own.as_of) if row.own else None,
            [(v.value, v.as_of) for v in row.others],
        )
        rows.append(row)
    return rows


class FigureError(ValueError):
    """A confirmed figure that cannot be read; str(error) is for the user."""


def record_task_values(
    *, report: Report, version, totals=None, today: dt.date, in_scale: bool = True
) -> None:
    """Write the task's figures onto the principal's consolidated `version`.

    `totals` {target id: text or number} are the numbers the lead confirmed
    (typed in the target's scale, or base units when not `in_scale`; "" for
    none); a target it did not mention takes the proposal. None: every
    proposal as it stands."""
    totals = totals or {}
    for row in consolidation_rows(report):
        target = row.target
        value, as_of = row.proposed if row.proposed else (None, today)
        key = target.pk if target.pk in totals else str(target.pk)
        if key in totals:
            typed = totals[key]
            if typed is None or str(typed).strip() == "":
                value = None
            else:
                try:
                    measure = target.measure if in_scale else Measure(target.unit or "", "")
                    value = measure.parse(typed)
                except AmountError as exc:
                    raise FigureError(
                        _("“%(target)s”的汇总值:%(error)s") % {"target": target.name, "error": exc}
                    ) from None
        if value is None:
            continue
        # The one bound of value columns (duban.core.numbers): a typed total or a
        # sum of many units' values must still be readable from the column.
        try:
            # One digit more than typed values: a sum read back from SQLite may
            # round up to the next power of ten.
            value = numbers.fit_decimal(value, label=target.name, whole_digits=19)
        except numbers.OutOfRange as exc:
            raise FigureError(str(exc)) from None
        except ArithmeticError:
            raise FigureError(
                _("“%(target)s”的汇总值超出可保存的范围。") % {"target": target.name}
            ) from None
        proposed = row.proposed[0] if row.proposed else None
        try:
            proposed = (
                None
                if proposed is None
                else numbers.fit_decimal(proposed, label="", whole_digits=19)
            )
        except (numbers.OutOfRange, ArithmeticError):
            proposed = None  # not kept: the confirmed value above is what counts
        task_value = TaskValue.objects.create(
            version=version,
            target=target,
            value=value,
            proposed=proposed,
            aggregation=target.aggregation,
            as_of=as_of,
        )
        task_value.parts.set([v for v in [row.own, *row.others] if v is not None])
