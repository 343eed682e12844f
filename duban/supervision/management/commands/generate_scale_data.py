"""`duban generate_scale_data`: a province-scale data set for benchmarks.

    duban generate_scale_data --units 2000 --plans 1000 --tasks 100000 \\
        --targets 300000 --reports 1000000 [--scale 0.01] [--seed 2020] [--anchor 2026-11-28]

One office (规模测试省政府办公厅, with accounts bench_supervisor and
bench_leader) runs every plan. Each plan is published, reports monthly over
five periods from about three months before the anchor date (default today),
so some periods are past and some to come. Each task has a principal lead unit
and co-units; past periods' reports are mostly sent (the principal's mostly
accepted, with a value for every target) and some are missing, so every light
and the overdue list all occur. Same seed and anchor → same data.

Rows are written with COPY on PostgreSQL and batched INSERTs elsewhere, with
ids assigned here (so no row needs a round trip), in one transaction, without
audit-history rows (this is benchmark data, not anybody's work). Progress goes
to stderr.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import sys
import time
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import timezone

from duban.accounts.models import User
from duban.accounts.services import create_account
from duban.plans.models import Assignment, Plan, Target, Task
from duban.reports.models import (
    Report,
    ReportingCalendar,
    ReportingPeriod,
    ReportVersion,
    Role,
    Status,
    TargetValue,
    TaskValue,
)
from duban.units.models import Unit

OFFICE = "规模测试省政府办公厅"
SUPERVISOR = "bench_supervisor"
LEADER = "bench_leader"
PERIODS = 5
PERIOD_DAYS = 30
BATCH = 5000
PG_BATCH = 50_000


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, stream, label, total):
        self.stream, self.label, self.total = stream, label, max(total, 1)
        self.done = 0
        self.started = time.monotonic()
        self._shown = -1

    def add(self, n):
        self.done += n
        pct = min(100, int(100 * self.done / self.total))
        if pct != self._shown:
            self._shown = pct
            bar = "#" * (pct // 4)
            self.stream.write(
                f"\r{self.label:<14} [{bar:<25}] {pct:3d}% {self.done:>9}/{self.total}"
            )
            self.stream.flush()

    def close(self):
        took = time.monotonic() - self.started
        self.stream.write(f"\r{self.label:<14} {self.done:>9} rows in {took:6.1f} s{' ' * 30}\n")
        self.stream.flush()


class TableWriter:
    """Writes rows of one model: `columns` given per row, every other concrete
    column filled with its field default. COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, model, columns, stream, label, total):
        self.model = model
        fields = {f.attname: f for f in model._meta.concrete_fields}
        self.columns = list(columns)
        self.tail = []
        tail_cols = []
        for name, f in fields.items():
            if name in self.columns:
                continue
            if f.has_default():
                value = f.get_default()
            elif f.null:
                value = None
            else:
                value = ""
            tail_cols.append(name)
            self.tail.append(value)
        self.all_columns = self.columns + tail_cols
        self.types = [fields[c] for c in self.all_columns]
        self.table = model._meta.db_table
        self.pg = connection.vendor == "postgresql"
        self.progress = Progress(stream, label, total)
        # Given columns whose values the driver does not take as they are.
        self.convert = [
            i
            for i, c in enumerate(self.columns)
            if isinstance(fields[c], models.JSONField)
            or (
                not self.pg
                and isinstance(
                    fields[c], models.DateField | models.DecimalField | models.DateTimeField
                )
            )
        ]
        self.buffer = []
        self.tail = tuple(
            self._convert(v, fields[c]) for v, c in zip(self.tail, tail_cols, strict=True)
        )

    def _convert(self, value, field):
        """Python value → what the driver takes (only the types this command writes)."""
        if value is None:
            return None
        if isinstance(field, models.JSONField):
            return json.dumps(value, ensure_ascii=False)
        if self.pg:
            return value
        if isinstance(value, dt.datetime):
            return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        return value

    def __enter__(self):
        return self

    def write(self, row):
        if self.convert:
            row = list(row)
            for i in self.convert:
                row[i] = self._convert(row[i], self.types[i])
        self.buffer.append(tuple(row) + self.tail)
        if len(self.buffer) >= (PG_BATCH if self.pg else BATCH):
            self.flush()

    def flush(self):
        if not self.buffer:
            return
        cols = ", ".join(connection.ops.quote_name(c) for c in self.all_columns)
        table = connection.ops.quote_name(self.table)
        if self.pg:
            # One COPY per batch: a connection runs one COPY at a time, and
            # several tables are filled side by side.
            with connection.cursor() as wrapper:
                with wrapper.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in self.buffer:
                        copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(self.all_columns))
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {table} ({cols}) VALUES ({marks})",
                    self.buffer,
                )
        self.progress.add(len(self.buffer))
        self.buffer = []

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.flush()
            self.progress.close()
        return False


def next_id(model):
    return (model._base_manager.aggregate(m=models.Max("pk"))["m"] or 0) + 1


def reset_sequences(models_):
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models_:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {connection.ops.quote_name(table)}), 1))",
                [table],
            )


def plan_sizes(total, parts):
    """Split `total` into `parts` near-equal counts (the first ones one larger)."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


class Command(BaseCommand):
    help = (
        "Generate a province-scale data set (units, plans, tasks, targets, reports) for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=2000)
        parser.add_argument("--plans", type=int, default=1000)
        parser.add_argument("--tasks", type=int, default=100_000)
        parser.add_argument("--targets", type=int, default=300_000)
        parser.add_argument("--reports", type=int, default=1_000_000)
        parser.add_argument("--scale", type=float, default=1.0, help="multiply every count")
        parser.add_argument("--seed", type=int, default=2020)
        parser.add_argument(
            "--anchor",
            type=dt.date.fromisoformat,
            default=None,
            help="the day the data set is 'now' (default today)",
        )

    def handle(self, *args, **o):
        scale = o["scale"]
        if scale <= 0:
            raise CommandError("--scale must be positive")
        n = {
            k: max(1, round(o[k] * scale))
            for k in ("units", "plans", "tasks", "targets", "reports")
        }
        if n["units"] < 2:
            n["units"] = 2
        n["plans"] = min(n["plans"], n["tasks"])
        if Unit.objects.filter(name=OFFICE).exists():
            raise CommandError(
                f"a scale data set is already here (unit {OFFICE}); use a fresh database"
            )
        anchor = o["anchor"] or timezone.localdate()
        started = time.monotonic()
        with transaction.atomic():
            counts = self._generate(n, random.Random(o["seed"]), anchor)
        reset_sequences(
            [
                Unit,
                Plan,
                ReportingCalendar,
                ReportingPeriod,
                Task,
                Target,
                Assignment,
                Report,
                ReportVersion,
                TargetValue,
                TaskValue,
            ]
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        took = time.monotonic() - started
        summary = ", ".join(f"{k} {v}" for k, v in counts.items())
        self.stdout.write(f"generated in {took:.1f} s: {summary}")

    def _generate(self, n, rng, anchor):
        err = self.stderr._out if hasattr(self.stderr, "_out") else sys.stderr
        now = timezone.make_aware(dt.datetime.combine(anchor, dt.time(9)))
        office = Unit.objects.create(name=OFFICE, full_name=OFFICE, kind=Unit.Kind.OFFICE)
        supervisor = create_account(
            username=SUPERVISOR,
            password=None,
            role=User.Role.SUPERVISOR,
            unit=office,
            display_name="规模测试督查室",
        )
        create_account(
            username=LEADER,
            password=None,
            role=User.Role.LEADER,
            unit=office,
            display_name="规模测试领导",
        )

        # --- units
        unit0 = next_id(Unit)
        unit_ids = [unit0 + i for i in range(n["units"])]
        with TableWriter(
            Unit, ["id", "name", "full_name", "kind", "is_active"], err, "units", n["units"]
        ) as w:
            for i, uid in enumerate(unit_ids):
                kind = Unit.Kind.COUNTY if i % 5 == 4 else Unit.Kind.DEPARTMENT
                w.write((uid, f"规模单位{i + 1:05d}", f"规模测试单位{i + 1:05d}", kind, True))

        # --- plans, calendars, periods
        plan0, cal0, period0 = next_id(Plan), next_id(ReportingCalendar), next_id(ReportingPeriod)
        plans = []  # (plan id, start, [(period id, due, co_due, is_final)])
        with (
            TableWriter(
                Plan,
                [
                    "id",
                    "office_id",
                    "title",
                    "doc_number",
                    "plan_title",
                    "published",
                    "status",
                    "report_deadline",
                    "report_to",
                    "created_by_id",
                    "created_at",
                    "published_at",
                    "text",
                    "addressees",
                ],
                err,
                "plans",
                n["plans"],
            ) as wp,
        ):
            for i in range(n["plans"]):
                start = anchor - dt.timedelta(days=rng.randint(60, 120))
                final = start + dt.timedelta(days=PERIODS * PERIOD_DAYS)
                periods = []
                for k in range(PERIODS):
                    due = start + dt.timedelta(days=(k + 1) * PERIOD_DAYS)
                    periods.append(
                        (
                            period0 + i * PERIODS + k,
                            due,
                            due - dt.timedelta(days=3),
                            k == PERIODS - 1,
                        )
                    )
                plans.append((plan0 + i, start, final, periods))
                created = timezone.make_aware(dt.datetime.combine(start, dt.time(10)))
                wp.write(
                    (
                        plan0 + i,
                        office.pk,
                        f"关于开展第{i + 1}项专项行动的通知",
                        f"规测办〔{start.year}〕{i + 1}号",
                        f"第{i + 1}项专项行动实施方案",
                        start,
                        Plan.Status.PUBLISHED,
                        final,
                        OFFICE,
                        supervisor.pk,
                        created,
                        created,
                        "",
                        [],
                    )
                )
        with TableWriter(
            ReportingCalendar,
            [
                "id",
                "plan_id",
                "cadence",
                "start",
                "final_deadline",
                "co_lead_days",
                "require_sign_off",
                "dates",
            ],
            err,
            "calendars",
            len(plans),
        ) as wc:
            for i, (pid, start, final, _periods) in enumerate(plans):
                wc.write((cal0 + i, pid, "month", start, final, 3, False, []))
        with TableWriter(
            ReportingPeriod,
            ["id", "plan_id", "label", "start", "due_date", "co_due_date", "is_final"],
            err,
            "periods",
            len(plans) * PERIODS,
        ) as wr:
            for pid, start, _final, periods in plans:
                prev = start
                for k, (per_id, due, co_due, final_flag) in enumerate(periods):
                    label = "最终报告" if final_flag else f"第{k + 1}期"
                    wr.write((per_id, pid, label, prev, due, co_due, final_flag))
                    prev = due + dt.timedelta(days=1)

        # --- tasks and targets
        task0, target0 = next_id(Task), next_id(Target)
        tasks_per_plan = plan_sizes(n["tasks"], n["plans"])
        targets_per_task = plan_sizes(n["targets"], n["tasks"])
        rng.shuffle(targets_per_task)
        tasks = []  # (task id, plan index, [(target id, op, value, baseline)], pace factor)
        with (
            TableWriter(
                Task,
                ["id", "plan_id", "order", "key", "title", "deadline"],
                err,
                "tasks",
                n["tasks"],
            ) as wt,
            TableWriter(
                Target,
                ["id", "task_id", "order", "name", "op", "value", "unit", "raw", "baseline"],
                err,
                "targets",
                n["targets"],
            ) as wg,
        ):
            tid, gid = task0, target0
            for p_index, count in enumerate(tasks_per_plan):
                pid, _start, final, _periods = plans[p_index]
                for order in range(count):
                    wt.write(
                        (tid, pid, order + 1, f"({order + 1})", f"第{order + 1}项重点工作", final)
                    )
                    targets = []
                    for g in range(targets_per_task[tid - task0]):
                        if rng.random() < 0.2:
                            op, value, base = "<=", Decimal(rng.randint(3, 9)), Decimal(10)
                        else:
                            op, value, base = ">=", Decimal(rng.randint(10, 5000) * 10), Decimal(0)
                        wg.write(
                            (gid, tid, g + 1, f"指标{g + 1}", op, value, "个", str(value), base)
                        )
                        targets.append((gid, op, value, base))
                        gid += 1
                    # How this task keeps pace: < 1 behind (yellow/red), > 1 ahead (blue).
                    tasks.append(
                        (tid, p_index, targets, rng.choice((0.5, 0.85, 0.95, 1.0, 1.1, 1.3, 2.0)))
                    )
                    tid += 1

        # --- assignments: each task a principal lead and co-units, enough for the reports asked
        n_assign = math.ceil(n["reports"] / PERIODS)
        per_task = plan_sizes(n_assign, n["tasks"])
        if max(per_task) > n["units"]:
            raise CommandError("not enough units for that many reports per task")
        assign0 = next_id(Assignment)
        assignments = []  # (task index, unit id, role)
        with TableWriter(
            Assignment,
            ["id", "task_id", "unit_id", "role", "is_principal", "created_at"],
            err,
            "assignments",
            n_assign,
        ) as wa:
            aid = assign0
            for t_index, (tid, _p, _targets, _f) in enumerate(tasks):
                first = rng.randrange(n["units"])
                step = rng.randrange(1, n["units"]) if n["units"] > 1 else 1
                picked = []
                k = 0
                while len(picked) < per_task[t_index]:
                    uid = unit_ids[(first + k * step) % n["units"]]
                    k += 1
                    if uid not in picked:
                        picked.append(uid)
                    elif k > 4 * n["units"]:  # step shares a factor with the unit count
                        step = 1
                for j, uid in enumerate(picked):
                    principal = j == 0
                    role = Assignment.Role.LEAD if j < 2 else Assignment.Role.CO
                    wa.write((aid, tid, uid, role, principal, now))
                    assignments.append((t_index, uid, Role.PRINCIPAL if principal else role))
                    aid += 1

        # --- reports, versions, values
        report0, version0, value0 = next_id(Report), next_id(ReportVersion), next_id(TargetValue)
        task_value0 = next_id(TaskValue)
        counts = {"reports": 0, "versions": 0, "values": 0}
        with (
            TableWriter(
                Report,
                [
                    "id",
                    "task_id",
                    "unit_id",
                    "period_id",
                    "role",
                    "status",
                    "current_version_id",
                    "lock_version",
                    "delivered_at",
                ],
                err,
                "reports",
                n["reports"],
            ) as wrep,
            TableWriter(
                ReportVersion,
                [
                    "id",
                    "report_id",
                    "number",
                    "narrative",
                    "status",
                    "created_by_id",
                    "created_at",
                    "submitted_at",
                    "comment",
                ],
                err,
                "versions",
                int(n["reports"] * 0.6),
            ) as wver,
            TableWriter(
                TargetValue,
                ["id", "version_id", "target_id", "value", "as_of"],
                err,
                "values",
                int(n["targets"] * 2),
            ) as wval,
            # The principal's own figure is also the task's figure it sent
            # (lead rule), which is what the lights measure.
            TableWriter(
                TaskValue,
                ["id", "version_id", "target_id", "value", "proposed", "aggregation", "as_of"],
                err,
                "task values",
                int(n["targets"] * 2),
            ) as wtask,
        ):
            rid, vid, xid, tvid = report0, version0, value0, task_value0
            done = False
            for period_k in range(PERIODS):
                for t_index, uid, role in assignments:
                    if rid - report0 >= n["reports"]:
                        done = True
                        break
                    tid, p_index, targets, factor = tasks[t_index]
                    _pid, start, final, periods = plans[p_index]
                    per_id, due, co_due, _final = periods[period_k]
                    my_due = due if role == Role.PRINCIPAL else co_due
                    status, delivered, version_id = Status.DRAFT, None, None
                    if my_due < anchor and rng.random() < 0.88:
                        late = rng.random() < 0.15
                        day = my_due + dt.timedelta(
                            days=rng.randint(1, 5) if late else -rng.randint(0, 3)
                        )
                        delivered = timezone.make_aware(
                            dt.datetime.combine(min(day, anchor), dt.time(16))
                        )
                        if role == Role.PRINCIPAL:
                            status = Status.ACCEPTED if rng.random() < 0.85 else Status.CONSOLIDATED
                        else:
                            status = Status.CONSOLIDATED
                        version_id = vid
                        wver.write(
                            (
                                vid,
                                rid,
                                1,
                                "本期工作按计划推进。",
                                status,
                                None,
                                delivered,
                                delivered,
                                "同意" if status == Status.ACCEPTED else "",
                            )
                        )
                        if role == Role.PRINCIPAL:
                            for gid, _op, value, base in targets:
                                elapsed = (min(day, final) - start).days / max(
                                    (final - start).days, 1
                                )
                                share = min(1.5, elapsed * factor * rng.uniform(0.95, 1.05))
                                actual = (
                                    base + (value - base) * Decimal(str(round(share, 4)))
                                ).quantize(Decimal("0.01"))
                                wval.write((xid, vid, gid, actual, min(day, anchor)))
                                xid += 1
                                wtask.write(
                                    (tvid, vid, gid, actual, actual, "lead", min(day, anchor))
                                )
                                tvid += 1
                        vid += 1
                    wrep.write(
                        (
                            rid,
                            tid,
                            uid,
                            per_id,
                            role,
                            status,
                            version_id,
                            2 if version_id else 0,
                            delivered,
                        )
                    )
                    rid += 1
                if done:
                    break
            counts.update(reports=rid - report0, versions=vid - version0, values=xid - value0)
        return {
            "units": n["units"] + 1,
            "plans": n["plans"],
            "tasks": n["tasks"],
            "targets": n["targets"],
            "assignments": n_assign,
            **counts,
        }
