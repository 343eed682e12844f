"""Data for benchmarks/exports.py, written straight with bulk_create (the
services would take minutes at this size; the export only reads).

`accept_every_target(plan, on)`: an accepted principal report in the plan's
first period with a value on every target (60 % of the way for ≥ targets).
`ledger_plan(rows)`: a published plan of `rows` ledger rows — tasks of 10 units
× 20 targets — every unit holding an accepted report with a value per target."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from duban.plans.models import Assignment, Plan, Target, Task
from duban.reports.models import Report, ReportingPeriod, ReportVersion, Role, Status, TargetValue
from duban.units.models import Unit

UNITS_PER_TASK = 10
TARGETS_PER_TASK = 20


def _value(target):
    if target.value is None:
        return Decimal(0)
    return (target.value * Decimal("0.6")).quantize(Decimal("0.0001"))


def accept_every_target(plan, *, on: dt.date) -> None:
    period = ReportingPeriod.objects.filter(plan=plan).order_by("due_date").first()
    now = timezone.now()
    reports = list(Report.objects.filter(period=period, role=Role.PRINCIPAL))
    # The demo may already hold versions of these reports: number after them.
    last = {
        row["report_id"]: row["top"]
        for row in ReportVersion.objects.filter(report__in=reports)
        .values("report_id")
        .annotate(top=Max("number"))
    }
    versions = ReportVersion.objects.bulk_create(
        ReportVersion(
            report=r,
            number=last.get(r.pk, 0) + 1,
            narrative="按计划推进。",
            status=Status.ACCEPTED,
            submitted_at=now,
        )
        for r in reports
    )
    by_task = {}
    for target in Target.objects.filter(task__plan=plan):
        by_task.setdefault(target.task_id, []).append(target)
    TargetValue.objects.bulk_create(
        TargetValue(version=v, target=t, value=_value(t), as_of=on)
        for r, v in zip(reports, versions, strict=True)
        for t in by_task.get(r.task_id, [])
    )
    for r, v in zip(reports, versions, strict=True):
        r.current_version, r.status, r.delivered_at = v, Status.ACCEPTED, now
    Report.objects.bulk_update(reports, ["current_version", "status", "delivered_at"])


def ledger_plan(rows: int):
    """(plan, number of ledger rows) for about `rows` rows."""
    office = Unit.objects.filter(kind=Unit.Kind.OFFICE).first()
    units = list(Unit.objects.exclude(pk=office.pk).order_by("pk")[:50])
    n_tasks = max(1, rows // (UNITS_PER_TASK * TARGETS_PER_TASK))
    plan = Plan.objects.create(
        office=office,
        title="基准测试计划",
        doc_number="基准〔2020〕1号",
        status=Plan.Status.PUBLISHED,
        published=dt.date(2020, 10, 30),
        report_deadline=dt.date(2020, 12, 21),
    )
    period = ReportingPeriod.objects.create(
        plan=plan,
        label="2020年11月",
        start=dt.date(2020, 10, 30),
        due_date=dt.date(2020, 11, 30),
        co_due_date=dt.date(2020, 11, 27),
    )
    tasks = Task.objects.bulk_create(
        Task(plan=plan, order=i, key=f"({i + 1})", title=f"重点任务第{i + 1}项")
        for i in range(n_tasks)
    )
    targets = Target.objects.bulk_create(
        Target(task=t, order=j, name=f"指标{j + 1}", op=">=", value=Decimal(1000 + j), unit="个")
        for t in tasks
        for j in range(TARGETS_PER_TASK)
    )
    by_task = {}
    for target in targets:
        by_task.setdefault(target.task_id, []).append(target)
    assignments, reports = [], []
    for i, task in enumerate(tasks):
        for k in range(UNITS_PER_TASK):
            unit = units[(i + k) % len(units)]
            assignments.append(
                Assignment(
                    task=task, unit=unit, role="lead" if k == 0 else "co", is_principal=k == 0
                )
            )
            reports.append(
                Report(
                    task=task,
                    unit=unit,
                    period=period,
                    role=Role.PRINCIPAL if k == 0 else Role.CO,
                    status=Status.ACCEPTED,
                    delivered_at=timezone.now(),
                )
            )
    Assignment.objects.bulk_create(assignments, batch_size=2000)
    reports = Report.objects.bulk_create(reports, batch_size=2000)
    versions = ReportVersion.objects.bulk_create(
        (
            ReportVersion(report=r, number=1, narrative="按计划推进。", status=Status.ACCEPTED)
            for r in reports
        ),
        batch_size=2000,
    )
    TargetValue.objects.bulk_create(
        (
            TargetValue(
                version=v, target=t, value=Decimal(600 + t.order), as_of=dt.date(2020, 11, 25)
            )
            for r, v in zip(reports, versions, strict=True)
            for t in by_task[r.task_id]
        ),
        batch_size=5000,
    )
    return plan, n_tasks * UNITS_PER_TASK * TARGETS_PER_TASK
