"""What the leader's cockpit (驾驶舱) shows for one plan on a date, from the
supervision and reports public functions: task lights, the targets furthest
behind their pace, units ranked by on-time reporting and by 按期办结率
(`rates.unit_on_time_closure`: plan tasks and 交办事项 together), overdue reports, and the trend by reporting period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from duban.plans.models import Target, Task
from duban.reports.models import Report, ReportingPeriod
from duban.supervision import lights as lights_mod
from duban.supervision import pace
from duban.units.models import Unit

from .rates import unit_on_time_closure

BEHIND_LIMIT = 8
RANK_LIMIT = 10
OVERDUE_LIMIT = 10


@dataclass
class Behind:
    task: Task
    name: str
    achieved: float
    expected: float
    gap: float
    light: str


def _pct(x) -> float:
    return round(float(x) * 100, 1)


def furthest_behind(tasks, lights, on: dt.date) -> list[Behind]:
    """Targets with a value, ranked by how far their achieved share trails the
    expected share (序时进度) — the worst first."""
    by_id = {t.pk: t for t in tasks}
    rows = []
    names = {
        pk: f"{subject}{name}"
        for pk, name, subject in Target.objects.filter(task__in=tasks).values_list(
            "id", "name", "subject"
        )
    }
    for row in lights_mod.target_rows(tasks):
        if row["actual"] is None or row["due"] is None:
            continue
        try:
            achieved = pace.achieved_share(
                row["op"], row["baseline"], row["value"], row["value_max"], row["actual"]
            )
        except ValueError:
            continue
        expected = pace.expected_share(row["start"], row["due"], on)
        gap = expected - min(achieved, 1)
        if gap <= 0:
            continue
        rows.append(
            Behind(
                task=by_id[row["task_id"]],
                name=names.get(row["id"], ""),
                achieved=_pct(achieved),
                expected=_pct(expected),
                gap=_pct(gap),
                light=str(lights[row["task_id"]].targets.get(row["id"], "")),
            )
        )
    rows.sort(key=lambda b: -b.gap)
    return rows[:BEHIND_LIMIT]


def trend(plan, on: dt.date, *, unit_id=None, task_id=None) -> list[dict]:
    """Per reporting period: reports due, on time, late, missing
    (`lights.timeliness` over the period's reports; a plan has few periods)."""
    result = []
    for period in ReportingPeriod.objects.filter(plan=plan).order_by("due_date"):
        reports = Report.objects.filter(period=period)
        if unit_id is not None:
            reports = reports.filter(unit_id=unit_id)
        if task_id is not None:
            reports = reports.filter(task_id=task_id)
        stats = lights_mod.timeliness(reports, on)
        result.append(
            {
                "period": period,
                "label": period.label,
                "due": stats["due"],
                "on_time": stats["on_time"],
                "late": stats["late"],
                "missing": stats["missing"],
                "percent": None if stats["rate"] is None else _pct(stats["rate"]),
            }
        )
    return result


def cockpit(plan, on: dt.date) -> dict:
    tasks = Task.objects.filter(plan=plan).order_by("order", "pk")
    summary = lights_mod.plan_summary(plan, on)
    task_list = list(tasks)
    units = lights_mod.unit_summaries([plan], on)
    # Plan tasks and the office's 交办事项 in one rate, the items counted from
    # the plan's publication (the period the cockpit reviews).
    closure = unit_on_time_closure(
        plans=[plan], office=plan.office, start=plan.published or on.replace(month=1, day=1), on=on
    )
    names = dict(Unit.objects.filter(pk__in=set(units) | set(closure)).values_list("pk", "name"))
    by_reporting = sorted(
        (
            {"unit_id": uid, "name": names[uid], **s, "percent": _pct(s["rate"])}
            for uid, s in units.items()
            if s["rate"] is not None
        ),
        key=lambda r: (-r["rate"], -r["due"], r["name"]),
    )
    by_closure = sorted(
        (
            {"unit_id": uid, "name": names[uid], **s, "percent": _pct(s["rate"])}
            for uid, s in closure.items()
            if s["rate"] is not None
        ),
        key=lambda r: (-r["rate"], -r["due"], r["name"]),
    )
    rate = summary["timeliness"]["rate"]
    return {
        "plan": plan,
        "on": on,
        "counts": summary["counts"],
        "tasks": [(t, summary["tasks"][t.pk]) for t in task_list],
        "timeliness": summary["timeliness"],
        "rate_percent": None if rate is None else _pct(rate),
        "behind": furthest_behind(task_list, summary["tasks"], on),
        "by_reporting": by_reporting[:RANK_LIMIT],
        "by_reporting_last": list(reversed(by_reporting[-3:])) if len(by_reporting) > 3 else [],
        "by_closure": by_closure[:RANK_LIMIT],
        "overdue": summary["overdue"][:OVERDUE_LIMIT],
        "overdue_total": len(summary["overdue"]),
        "trend": trend(plan, on),
    }
