"""The office overview: tasks × lights of a plan (or of one unit across every
plan), with counts by light, the on-time rate and the overdue tasks.

The page, the API and benchmarks/overview.py all call `office_overview`, so the
benchmark times exactly what a supervisor waits for. Lights come from
`lights.task_lights` (a fixed handful of queries); the scope is bounded (one
plan, or one unit's share) so the cost does not grow with the whole office.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery

from duban.core.lights import Light
from duban.plans.models import Assignment, Plan, Task
from duban.reports.models import Report

from . import lights as lights_mod
from .pace import severity

RUNNING = (Plan.Status.PUBLISHED, Plan.Status.CLOSED)
PER_PAGE = 50


@dataclass
class OverviewRow:
    task: Task
    light: lights_mod.TaskLight
    overdue: int
    principal: str


@dataclass
class Overview:
    plan: Plan | None
    unit_id: int | None
    light: str
    overdue_only: bool
    counts: dict
    timeliness: dict
    total: int
    matching: int
    page: object
    rows: list = field(default_factory=list)


def office_plans(user):
    """The running plans the user's office supervises (newest first)."""
    return Plan.objects.visible_to(user).filter(status__in=RUNNING).order_by("-published", "-id")


def scope_tasks(user, *, plan=None, unit_id=None):
    """Tasks in the overview's scope: a plan's, or a unit's across every running plan."""
    tasks = Task.objects.visible_to(user).filter(plan__status__in=RUNNING)
    if plan is not None:
        tasks = tasks.filter(plan=plan)
    if unit_id is not None:
        tasks = tasks.filter(assignments__unit_id=unit_id)
    return tasks


def scope_reports(*, plan=None, unit_id=None, tasks=None):
    reports = Report.objects.all()
    if plan is not None:
        reports = reports.filter(task__plan=plan)
    elif tasks is not None:
        reports = reports.filter(task__in=tasks)
    if unit_id is not None:
        reports = reports.filter(unit_id=unit_id)
    return reports


def _report_counts(reports, on):
    """Per task, its reports past due and not sent; and the scope's on-time
    line as `lights.timeliness` gives it (every report counted once) — both
    from one grouped query (the due-date rule is `lights.with_due`)."""
    rows = (
        lights_mod.with_due(reports)
        .values("task_id")
        .annotate(**lights_mod.timeliness_counts(on))
        .order_by()
    )
    late = {}
    totals = {"total": 0, **dict.fromkeys(lights_mod.TIMELINESS_COUNTS, 0)}
    for row in rows:
        for key in totals:
            totals[key] += row[f"n_{key}"]
        if row["n_missing"]:
            late[row["task_id"]] = row["n_missing"]
    return late, lights_mod.finish_timeliness(totals)


def office_overview(
    *,
    user,
    on: dt.date,
    plan: Plan | None = None,
    unit_id: int | None = None,
    light: str = "",
    overdue_only: bool = False,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> Overview:
    """One page of the overview. Needs a plan or a unit (the whole office at
    province scale is a report, not a page); counts cover the whole scope,
    the light and overdue filters pick the rows."""
    if plan is None and unit_id is None:
        raise ValueError("office_overview needs a plan or a unit")
    tasks = scope_tasks(user, plan=plan, unit_id=unit_id)
    task_lights = lights_mod.task_lights(tasks, on)
    reports = scope_reports(plan=plan, unit_id=unit_id, tasks=tasks)
    late, timeliness = _report_counts(reports, on)
    # task_lights keeps the tasks' document order; worst light first, then that order.
    position = {tid: i for i, tid in enumerate(task_lights)}
    chosen = [
        tid
        for tid, tl in task_lights.items()
        if (not light or tl.light == light) and (not overdue_only or late.get(tid))
    ]
    chosen.sort(key=lambda tid: (severity(task_lights[tid].light), position[tid]))
    paginator = Paginator(chosen, per_page)
    page_obj = paginator.get_page(page)
    ids = list(page_obj.object_list)
    principal = Assignment.objects.filter(task=OuterRef("pk"), is_principal=True).values(
        "unit__name"
    )[:1]
    objects = (
        Task.objects.select_related("plan")
        .annotate(principal_name=Subquery(principal))
        .in_bulk(ids)
    )
    rows = [
        OverviewRow(
            task=objects[tid],
            light=task_lights[tid],
            overdue=late.get(tid, 0),
            principal=objects[tid].principal_name or "",
        )
        for tid in ids
    ]
    return Overview(
        plan=plan,
        unit_id=unit_id,
        light=light,
        overdue_only=overdue_only,
        counts=lights_mod.count_lights(t.light for t in task_lights.values()),
        timeliness=timeliness,
        total=len(task_lights),
        matching=len(chosen),
        page=page_obj,
        rows=rows,
    )


LIGHTS = tuple(x.value for x in Light)
