"""The office dashboards: each target's achieved share against its expected
pace (序时进度), a unit × task heat map of on-time reporting, and the trend by
period — for one published plan, narrowed by unit and by key work."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from django.db.models import Count, F, Q

from duban.plans.models import Target, Task
from duban.reports.models import Report
from duban.supervision import lights as lights_mod
from duban.supervision import pace

from .data import _pct, trend

MAX_HEAT_UNITS = 60


def target_progress(tasks, on: dt.date) -> list[dict]:
    """Every target of `tasks`: achieved share (None without an accepted value)
    and expected share on `on`, in percent, in document order."""
    names = {
        pk: f"{subject}{name}"
        for pk, name, subject in Target.objects.filter(task__in=tasks).values_list(
            "id", "name", "subject"
        )
    }
    rows = []
    for row in lights_mod.target_rows(tasks).order_by("task__order", "order", "id"):
        achieved = None
        if row["actual"] is not None:
            try:
                achieved = pace.achieved_share(
                    row["op"], row["baseline"], row["value"], row["value_max"], row["actual"]
                )
            except ValueError:
                achieved = None
        expected = pace.expected_share(row["start"], row["due"], on) if row["due"] else None
        rows.append(
            {
                "task_id": row["task_id"],
                "name": names[row["id"]],
                "achieved": None if achieved is None else _pct(achieved),
                "expected": None if expected is None else _pct(expected),
            }
        )
    return rows


def timeliness_heat(tasks, on: dt.date, *, unit_id=None) -> dict:
    """Units × tasks: on-time share of each unit's due reports on each task
    (one grouped query; the due-date rule is lights' own)."""
    reports = Report.objects.filter(task__in=tasks)
    if unit_id is not None:
        reports = reports.filter(unit_id=unit_id)
    rows = (
        lights_mod.with_due(reports)
        .filter(Q(due__lt=on) | Q(delivered_at__isnull=False))
        .values("unit_id", "unit__name", "task_id")
        .annotate(n=Count("id"), on_time=Count("id", filter=Q(delivered_on__lte=F("due"))))
        .order_by("unit__name")
    )
    units, cells = {}, []
    task_index = {t.pk: i for i, t in enumerate(tasks)}
    for row in rows:
        if row["unit_id"] not in units:
            if len(units) >= MAX_HEAT_UNITS:
                continue
            units[row["unit_id"]] = (len(units), row["unit__name"])
        y = units[row["unit_id"]][0]
        cells.append([task_index[row["task_id"]], y, _pct(Fraction(row["on_time"], row["n"]))])
    return {
        "tasks": [t.key or t.title[:8] for t in tasks],
        "units": [name for _i, name in units.values()],
        "cells": cells,
    }


def dashboard(plan, on: dt.date, *, unit_id=None, task_id=None) -> dict:
    tasks = Task.objects.filter(plan=plan).order_by("order", "pk")
    if unit_id is not None:
        tasks = tasks.filter(assignments__unit_id=unit_id)
    if task_id is not None:
        tasks = tasks.filter(pk=task_id)
    tasks = list(tasks.distinct())
    task_qs = Task.objects.filter(pk__in=[t.pk for t in tasks])
    return {
        "targets": target_progress(task_qs, on),
        "heat": timeliness_heat(tasks, on, unit_id=unit_id),
        "trend": trend(plan, on, unit_id=unit_id, task_id=task_id),
    }
