"""Lights for tasks, units and plans on a given date, from the database.

Set-based: a fixed handful of queries whatever the number of plans, tasks or
targets (the latest accepted value of every target comes from one query with
a correlated subquery; the pace arithmetic is the pure `pace` module applied
to that query's rows). No query per row.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from django.conf import settings
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce, TruncDate

from duban.plans.models import Assignment, Target, Task
from duban.reports.models import Report, Role, Status, TargetValue

from .pace import Light, PeriodSubmission, target_light, timeliness_light, worst_light


def default_margin() -> Fraction:
    """How far behind the expected share is still yellow (settings.DUBAN_LIGHT_MARGIN,
    a share such as "0.1"; default one tenth)."""
    return Fraction(str(getattr(settings, "DUBAN_LIGHT_MARGIN", "0.1")))


@dataclass
class TaskLight:
    """A task's light: `light` is what to show (the override when there is
    one), `computed` what the pace says, `targets` each target's light."""

    task_id: int
    light: Light
    computed: Light
    override: str = ""
    override_reason: str = ""
    targets: dict = field(default_factory=dict)
    by_timeliness: bool = False


def _latest_accepted(column):
    return Subquery(
        TargetValue.objects.filter(target=OuterRef("pk"), version__status=Status.ACCEPTED)
        .order_by("-as_of", "-version__submitted_at", "-pk")
        .values(column)[:1]
    )


def target_rows(tasks):
    """One query: every target of `tasks` with its latest accepted value, as-of
    date, start and due date (target deadline, else task deadline, else the
    calendar's final deadline, else the document's reporting deadline)."""
    return (
        Target.objects.filter(task__in=tasks)
        .annotate(
            actual=_latest_accepted("value"),
            actual_as_of=_latest_accepted("as_of"),
            start=Coalesce(
                "task__plan__reporting_calendar__start",
                "task__plan__published",
            ),
            due=Coalesce(
                "deadline",
                "task__deadline",
                "task__plan__reporting_calendar__final_deadline",
                "task__plan__report_deadline",
            ),
        )
        .values(
            "id",
            "task_id",
            "op",
            "baseline",
            "value",
            "value_max",
            "actual",
            "actual_as_of",
            "start",
            "due",
        )
    )


def task_lights(tasks, on: dt.date, *, margin=None) -> dict[int, TaskLight]:
    """{task id: TaskLight} for a queryset of tasks, in three queries.

    A task with targets: its worst target's light (grey ranking worse once the
    task is past due, see pace.worst_light). Without targets: the timeliness of
    its principal lead unit's reports. An office override wins over both."""
    margin = default_margin() if margin is None else margin
    task_info = {
        row["id"]: row
        for row in tasks.annotate(
            due=Coalesce(
                "deadline",
                "plan__reporting_calendar__final_deadline",
                "plan__report_deadline",
            )
        ).values("id", "light_override", "light_override_reason", "due")
    }
    per_task = defaultdict(dict)
    for row in target_rows(tasks):
        per_task[row["task_id"]][row["id"]] = target_light(
            op=row["op"],
            baseline=row["baseline"],
            target=row["value"],
            target_max=row["value_max"],
            actual=row["actual"],
            start=row["start"],
            due=row["due"],
            on=on,
            margin=margin,
        )
    periods = defaultdict(list)
    no_targets = [tid for tid in task_info if tid not in per_task]
    if no_targets:
        rows = (
            Report.objects.filter(task_id__in=no_targets, role=Role.PRINCIPAL)
            .annotate(delivered_on=TruncDate("delivered_at"))
            .values("task_id", "period__due_date", "period__is_final", "delivered_on", "status")
        )
        for row in rows:
            periods[row["task_id"]].append(
                PeriodSubmission(
                    due=row["period__due_date"],
                    submitted_on=row["delivered_on"],
                    accepted=row["status"] == Status.ACCEPTED,
                    is_final=row["period__is_final"],
                )
            )
    result = {}
    for tid, info in task_info.items():
        past_due = info["due"] is not None and on > info["due"]
        if tid in per_task:
            computed = worst_light(per_task[tid].values(), past_due=past_due)
        else:
            computed = timeliness_light(periods[tid], on)
        override = info["light_override"] or ""
        result[tid] = TaskLight(
            task_id=tid,
            light=Light(override) if override else computed,
            computed=computed,
            override=override,
            override_reason=info["light_override_reason"],
            targets=per_task.get(tid, {}),
            by_timeliness=tid not in per_task,
        )
    return result


def count_lights(lights) -> dict[str, int]:
    """{light code: count} with every light present (zeros included)."""
    counts = Counter(Light(x) for x in lights)
    return {light.value: counts.get(light, 0) for light in Light}


def _with_due(reports):
    return reports.annotate(
        due=Case(
            When(role=Role.PRINCIPAL, then=F("period__due_date")),
            default=F("period__co_due_date"),
        ),
        delivered_on=TruncDate("delivered_at"),
    )


def timeliness(reports, on: dt.date) -> dict:
    """On-time submission over `reports` (one aggregate query): reports due
    before `on` or already delivered count; on time = delivered by its due
    date (co-units: the co-unit due date)."""
    counted = _with_due(reports).filter(Q(due__lt=on) | Q(delivered_at__isnull=False))
    agg = counted.aggregate(
        n_due=Count("id"),
        n_on_time=Count("id", filter=Q(delivered_on__lte=F("due"))),
        n_late=Count("id", filter=Q(delivered_on__gt=F("due"))),
        n_missing=Count("id", filter=Q(delivered_at__isnull=True)),
    )
    result = {key[2:]: value for key, value in agg.items()}
    result["rate"] = Fraction(result["on_time"], result["due"]) if result["due"] else None
    return result


def overdue(reports, on: dt.date):
    """Reports past their due date that have not left their unit, oldest first."""
    return (
        _with_due(reports)
        .filter(due__lt=on, delivered_at__isnull=True)
        .select_related("task", "unit", "period")
        .order_by("due", "task__order", "unit__name")
    )


def plan_summary(plan, on: dt.date, *, margin=None) -> dict:
    """A plan's lights on `on`: counts by light, each task's light, on-time rate
    and the overdue list."""
    tasks = Task.objects.filter(plan=plan)
    lights = task_lights(tasks, on, margin=margin)
    reports = Report.objects.filter(task__plan=plan)
    return {
        "tasks": lights,
        "counts": count_lights(t.light for t in lights.values()),
        "timeliness": timeliness(reports, on),
        "overdue": list(overdue(reports, on)),
    }


def unit_summaries(plans, on: dt.date, *, margin=None) -> dict[int, dict]:
    """{unit id: summary} for every unit assigned in `plans`: counts by light of
    the tasks it shares, on-time rate and overdue count. Fixed query count."""
    tasks = Task.objects.filter(plan__in=plans)
    lights = task_lights(tasks, on, margin=margin)
    by_unit = defaultdict(list)
    for unit_id, task_id in Assignment.objects.filter(task__plan__in=plans).values_list(
        "unit_id", "task_id"
    ):
        by_unit[unit_id].append(lights[task_id].light)
    rows = (
        _with_due(Report.objects.filter(task__plan__in=plans))
        .filter(Q(due__lt=on) | Q(delivered_at__isnull=False))
        .values("unit_id")
        .annotate(
            due_count=Count("id"),
            on_time=Count("id", filter=Q(delivered_on__lte=F("due"))),
            missing=Count("id", filter=Q(delivered_at__isnull=True, due__lt=on)),
        )
    )
    stats = {row["unit_id"]: row for row in rows}
    result = {}
    for unit_id, unit_lights in by_unit.items():
        row = stats.get(unit_id, {"due_count": 0, "on_time": 0, "missing": 0})
        result[unit_id] = {
            "counts": count_lights(unit_lights),
            "due": row["due_count"],
            "on_time": row["on_time"],
            "rate": Fraction(row["on_time"], row["due_count"]) if row["due_count"] else None,
            "overdue": row["missing"],
        }
    return result


def unit_summary(unit, plans, on: dt.date, *, margin=None) -> dict:
    """One unit's summary plus its overdue list."""
    summary = unit_summaries(plans, on, margin=margin).get(
        unit.pk,
        {"counts": count_lights([]), "due": 0, "on_time": 0, "rate": None, "overdue": 0},
    )
    summary["overdue_reports"] = list(
        overdue(Report.objects.filter(task__plan__in=plans, unit=unit), on)
    )
    return summary
