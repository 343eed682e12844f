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
from django.db.models import Case, Count, F, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce, TruncDate

from duban.core.lights import Light
from duban.plans.models import Assignment, Target, Task
from duban.reports.models import Report, Role, Status, TaskValue

from .pace import Timeliness, target_light, task_light


def default_margin() -> Fraction:
    """How far behind the expected share is still yellow (settings.DUBAN_LIGHT_MARGIN,
    a share such as "0.1"; default one tenth)."""
    return Fraction(str(getattr(settings, "DUBAN_LIGHT_MARGIN", "0.1")))


@dataclass
class TaskLight:
    """A task's light, with its two questions kept apart.

    `light` is what to show (the office's override when there is one),
    `computed` what the rules say, `basis` what they judged on ("pace": the
    measured targets; "timeliness": the reports, while nothing is measured or
    when the task has no targets), `pace` the pace light (None while nothing
    is measured), `targets` each target's light, and `timeliness` the
    principal lead unit's reports to the office (`pace.Timeliness`: on time,
    late 逾期报送, overdue 逾期未报, not due). Public: the overview, the API and
    dashboards read these fields."""

    task_id: int
    light: Light
    computed: Light
    override: str = ""
    override_reason: str = ""
    targets: dict = field(default_factory=dict)
    by_timeliness: bool = False
    basis: str = "timeliness"
    pace: Light | None = None
    timeliness: Timeliness = field(default_factory=Timeliness)

    @property
    def late(self) -> int:
        """Reports to the office sent after their due date (the 逾期报送 mark)."""
        return self.timeliness.late

    @property
    def overdue(self) -> int:
        """Reports to the office past their due date and not sent (逾期未报)."""
        return self.timeliness.overdue


def _latest_accepted(column):
    # The task's figure (TaskValue, by the target's rule, confirmed by the
    # principal lead) of accepted versions: never one unit's local figure.
    return Subquery(
        TaskValue.objects.filter(target=OuterRef("pk"), version__status=Status.ACCEPTED)
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


def _principal_timeliness(tasks, on: dt.date) -> dict[int, Timeliness]:
    """{task id: Timeliness} of the principal lead units' reports (the task's
    reports to the office), in one grouped query."""
    delivered_on = TruncDate("delivered_at")
    rows = (
        Report.objects.filter(task__in=tasks, role=Role.PRINCIPAL)
        .annotate(delivered_on=delivered_on)
        .values("task_id")
        .annotate(
            on_time=Count("id", filter=Q(delivered_on__lte=F("period__due_date"))),
            late=Count("id", filter=Q(delivered_on__gt=F("period__due_date"))),
            overdue=Count("id", filter=Q(delivered_at__isnull=True, period__due_date__lt=on)),
            not_due=Count("id", filter=Q(delivered_at__isnull=True, period__due_date__gte=on)),
            closed=Count("id", filter=Q(period__is_final=True, status=Status.ACCEPTED)),
        )
        .order_by()
    )
    return {
        row["task_id"]: Timeliness(
            row["on_time"], row["late"], row["overdue"], row["not_due"], bool(row["closed"])
        )
        for row in rows
    }


def task_lights(tasks, on: dt.date, *, margin=None) -> dict[int, TaskLight]:
    """{task id: TaskLight} for a queryset of tasks, in three queries.

    A task with targets lights by pace once any target is measured (its worst
    measured target's light); while nothing is measured, and for a task without
    targets, by the timeliness of its principal lead unit's reports (red once
    one is overdue, grey only while none is due); see `pace.task_light`. An
    office override wins over both. Stable public function (overview, API,
    dashboards)."""
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
    reports = _principal_timeliness(tasks, on)
    result = {}
    for tid, info in task_info.items():
        past_due = info["due"] is not None and on > info["due"]
        timeliness_ = reports.get(tid, Timeliness())
        verdict = task_light(per_task.get(tid, {}).values(), timeliness_, past_due=past_due)
        override = info["light_override"] or ""
        result[tid] = TaskLight(
            task_id=tid,
            light=Light(override) if override else verdict.light,
            computed=verdict.light,
            override=override,
            override_reason=info["light_override_reason"],
            targets=per_task.get(tid, {}),
            by_timeliness=verdict.basis == "timeliness",
            basis=verdict.basis,
            pace=verdict.pace,
            timeliness=timeliness_,
        )
    return result


def count_lights(lights) -> dict[str, int]:
    """{light code: count} with every light present (zeros included)."""
    counts = Counter(Light(x) for x in lights)
    return {light.value: counts.get(light, 0) for light in Light}


def with_due(reports: QuerySet[Report]) -> QuerySet[Report]:
    """`reports` with `due` (the principal's period due date, a co-unit's co due
    date) and `delivered_on` (the day it left the unit): the one due-date rule
    every timeliness count uses (here, the overview, the dashboard)."""
    return reports.annotate(
        due=Case(
            When(role=Role.PRINCIPAL, then=F("period__due_date")),
            default=F("period__co_due_date"),
        ),
        delivered_on=TruncDate("delivered_at"),
    )


TIMELINESS_COUNTS = {
    # Each report falls in exactly one of these (on_time + late + missing +
    # not_due = total); "due" (应报) is the first three.
    "on_time": lambda on: Q(delivered_on__lte=F("due")),
    "late": lambda on: Q(delivered_on__gt=F("due")),
    "missing": lambda on: Q(delivered_at__isnull=True, due__lt=on),
    "not_due": lambda on: Q(delivered_at__isnull=True, due__gte=on),
}


def timeliness_counts(on: dt.date) -> dict:
    """Aggregates for `with_due` reports: n_total and n_<kind> of TIMELINESS_COUNTS."""
    counts = {f"n_{key}": Count("id", filter=rule(on)) for key, rule in TIMELINESS_COUNTS.items()}
    return {"n_total": Count("id"), **counts}


def finish_timeliness(counts: dict) -> dict:
    """Add "due" (on time + late + missing) and "rate" (on time / due)."""
    counts["due"] = counts["on_time"] + counts["late"] + counts["missing"]
    counts["rate"] = Fraction(counts["on_time"], counts["due"]) if counts["due"] else None
    return counts


def timeliness(reports, on: dt.date) -> dict:
    """The on-time line over `reports` (one aggregate query), every report
    counted exactly once: on_time (sent by its due date; co-units: the co-unit
    due date), late (sent after it: 逾期报送), missing (past due, not sent:
    逾期未报), not_due (not sent, not yet due); total = their sum; due (应报) =
    on_time + late + missing; rate = on_time / due (None when nothing is due)."""
    agg = with_due(reports).aggregate(**timeliness_counts(on))
    return finish_timeliness({key[2:]: value for key, value in agg.items()})


def overdue(reports, on: dt.date):
    """Reports past their due date that have not left their unit, oldest first."""
    return (
        with_due(reports)
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
    the tasks it shares, its reports' on-time line (due, on_time, late,
    overdue = missing, not_due, rate). Fixed query count."""
    tasks = Task.objects.filter(plan__in=plans)
    lights = task_lights(tasks, on, margin=margin)
    by_unit = defaultdict(list)
    for unit_id, task_id in Assignment.objects.filter(task__plan__in=plans).values_list(
        "unit_id", "task_id"
    ):
        by_unit[unit_id].append(lights[task_id].light)
    rows = (
        with_due(Report.objects.filter(task__plan__in=plans))
        .values("unit_id")
        .annotate(**timeliness_counts(on))
        .order_by()
    )
    stats = {
        row["unit_id"]: finish_timeliness(
            {key: row[f"n_{key}"] for key in ("total", *TIMELINESS_COUNTS)}
        )
        for row in rows
    }
    empty = finish_timeliness({"total": 0, **dict.fromkeys(TIMELINESS_COUNTS, 0)})
    result = {}
    for unit_id, unit_lights in by_unit.items():
        line = stats.get(unit_id, dict(empty))
        result[unit_id] = {"counts": count_lights(unit_lights), **line, "overdue": line["missing"]}
    return result


def unit_summary(unit, plans, on: dt.date, *, margin=None) -> dict:
    """One unit's summary plus its overdue list."""
    empty = finish_timeliness({"total": 0, **dict.fromkeys(TIMELINESS_COUNTS, 0)})
    summary = unit_summaries(plans, on, margin=margin).get(
        unit.pk, {"counts": count_lights([]), **empty, "overdue": 0}
    )
    summary["overdue_reports"] = list(
        overdue(Report.objects.filter(task__plan__in=plans, unit=unit), on)
    )
    return summary
