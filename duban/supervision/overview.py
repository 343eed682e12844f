"""The office overview: tasks × lights of a plan (or of one unit across every
plan), with counts by light, the on-time rate and the overdue tasks.

The page, the API and benchmarks/overview.py all call `office_overview`, so the
benchmark times exactly what a supervisor waits for. Lights come from
`lights.task_lights` (a fixed handful of queries); the scope is bounded (one
plan, or one unit's share) so the cost does not grow with the whole office.

The page reads the numbers through `cached_office_overview`: a scope's numbers
(every task's light, its overdue reports, the counts and the on-time line) are
kept for settings.DUBAN_OVERVIEW_MAX_AGE seconds, per reader (`access.reader_key`:
only people who read the same objects share them), plan, unit and day. Every
submit changes them, so during a deadline rush ten supervisors reloading would
otherwise recompute them for every reload; the page says when they were
computed, 刷新 recomputes, and the office's own changes drop them
(`core.freshness`). The filters, the page and the rows' task names are applied
to the kept numbers per request.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from duban import access
from duban.core.lights import Light
from duban.plans.models import Assignment, Plan, Task
from duban.reports.models import Report

from . import lights as lights_mod
from .pace import severity

RUNNING = (Plan.Status.PUBLISHED, Plan.Status.CLOSED)
PER_PAGE = 50
# 刷新 recomputes only numbers at least this old: a held-down reload of the
# refresh link, or the whole office pressing it together, costs at most one
# computation per scope and process every two seconds (what the page cost per
# reload before it was cached), while a person's click still gets numbers
# from after their click.
REFRESH_FLOOR = dt.timedelta(seconds=2)


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
    # When the numbers were computed (before their first query).
    computed_at: dt.datetime | None = None


@dataclass
class ScopeNumbers:
    """What the overview computes for one scope on one day, before filters and
    pages: what `cached_office_overview` keeps. Plain data (ids, lights,
    counts), no model instances."""

    computed_at: dt.datetime
    # Every task of the scope: worst light first, then the tasks' document order.
    order: list[int]
    lights: dict[int, lights_mod.TaskLight]
    late: dict[int, int]
    counts: dict[str, int]
    timeliness: dict


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


def scope_numbers(
    *,
    user,
    on: dt.date,
    plan: Plan | None = None,
    unit_id: int | None = None,
    now: dt.datetime | None = None,
) -> ScopeNumbers:
    """The scope's lights, overdue reports, counts and on-time line (four queries)."""
    if plan is None and unit_id is None:
        raise ValueError("office_overview needs a plan or a unit")
    computed_at = now or timezone.now()
    tasks = scope_tasks(user, plan=plan, unit_id=unit_id)
    task_lights = lights_mod.task_lights(tasks, on)
    reports = scope_reports(plan=plan, unit_id=unit_id, tasks=tasks)
    late, timeliness = _report_counts(reports, on)
    # task_lights keeps the tasks' document order; worst light first, then that order.
    position = {tid: i for i, tid in enumerate(task_lights)}
    order = sorted(task_lights, key=lambda tid: (severity(task_lights[tid].light), position[tid]))
    return ScopeNumbers(
        computed_at=computed_at,
        order=order,
        lights=task_lights,
        late=late,
        counts=lights_mod.count_lights(t.light for t in task_lights.values()),
        timeliness=timeliness,
    )


def overview_page(
    numbers: ScopeNumbers,
    *,
    plan: Plan | None = None,
    unit_id: int | None = None,
    light: str = "",
    overdue_only: bool = False,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> Overview:
    """One page of rows picked from the scope's numbers (one query: the rows' tasks)."""
    chosen = [
        tid
        for tid in numbers.order
        if (not light or numbers.lights[tid].light == light)
        and (not overdue_only or numbers.late.get(tid))
    ]
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
            light=numbers.lights[tid],
            overdue=numbers.late.get(tid, 0),
            principal=objects[tid].principal_name or "",
        )
        for tid in ids
        # Kept numbers may name a task deleted since (a draft plan's, never a running one's).
        if tid in objects
    ]
    return Overview(
        plan=plan,
        unit_id=unit_id,
        light=light,
        overdue_only=overdue_only,
        counts=numbers.counts,
        timeliness=numbers.timeliness,
        total=len(numbers.order),
        matching=len(chosen),
        page=page_obj,
        rows=rows,
        computed_at=numbers.computed_at,
    )


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
    now: dt.datetime | None = None,
) -> Overview:
    """One page of the overview, computed now. Needs a plan or a unit (the
    whole office at province scale is a report, not a page); counts cover the
    whole scope, the light and overdue filters pick the rows."""
    return cached_office_overview(
        user=user,
        on=on,
        plan=plan,
        unit_id=unit_id,
        light=light,
        overdue_only=overdue_only,
        page=page,
        per_page=per_page,
        max_age=0,
        now=now,
    )


def numbers_key(*, user, on: dt.date, plan: Plan | None, unit_id: int | None) -> str:
    """The cache key of a scope's numbers: who may read what (never shared
    between people who read different objects), the plan, the unit, the day."""
    plan_part = "all" if plan is None else str(plan.pk)
    unit_part = "-" if unit_id is None else str(unit_id)
    return f"duban:overview:{access.reader_key(user)}:{plan_part}:{unit_part}:{on.isoformat()}"


def _usable(
    numbers,
    *,
    now: dt.datetime,
    max_age: int,
    refresh: bool,
    changed_at: dt.datetime | None,
) -> bool:
    if not isinstance(numbers, ScopeNumbers):
        return False
    age = now - numbers.computed_at
    if age < dt.timedelta(0) or age >= dt.timedelta(seconds=max_age):
        return False
    if refresh and age >= REFRESH_FLOOR:
        return False
    # Strictly after the change: numbers from its very instant may predate it.
    return changed_at is None or numbers.computed_at > changed_at


def cached_office_overview(
    *,
    user,
    on: dt.date,
    plan: Plan | None = None,
    unit_id: int | None = None,
    light: str = "",
    overdue_only: bool = False,
    page: int = 1,
    per_page: int = PER_PAGE,
    max_age: int,
    refresh: bool = False,
    changed_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Overview:
    """`office_overview` with the scope's numbers reused for up to `max_age`
    seconds (0: computed every time, nothing kept). `refresh` (刷新) recomputes
    numbers older than REFRESH_FLOOR; `changed_at` (core.freshness: the office's
    own last change) drops numbers computed before it."""
    now = now or timezone.now()
    if max_age <= 0:
        numbers = scope_numbers(user=user, on=on, plan=plan, unit_id=unit_id, now=now)
    else:
        key = numbers_key(user=user, on=on, plan=plan, unit_id=unit_id)
        numbers = cache.get(key)
        if not _usable(numbers, now=now, max_age=max_age, refresh=refresh, changed_at=changed_at):
            numbers = scope_numbers(user=user, on=on, plan=plan, unit_id=unit_id, now=now)
            cache.set(key, numbers, timeout=max_age)
    return overview_page(
        numbers,
        plan=plan,
        unit_id=unit_id,
        light=light,
        overdue_only=overdue_only,
        page=page,
        per_page=per_page,
    )


LIGHTS = tuple(x.value for x in Light)
