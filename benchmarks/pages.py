"""Every listed page and API call at province scale against a trivial request.

    .venv/bin/python benchmarks/pages.py [--scale 1.0] [-n 30] [--database-url URL]

On PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/duban_bench;
created and migrated when missing; `generate_scale_data --scale S` unless a data
set is already there — the same database benchmarks/overview.py uses). In this
one process, through Django's test client with DEBUG off, it times each call
interleaved with the trivial request (`/healthz`: one bare Django request, one
trivial query), so machine noise hits both alike:

  计划 (the supervisors' start page), 待办 (a unit's inbox), 进展报送 (a unit's
  reports), 待审核 (the office's review queue), 单位名录, the office's report
  page, a unit's report save (POST, with a value for every target), and the
  API: /api/tasks (first page, offset near the end, the cursor near the end),
  /api/tasks/{id}, /api/tasks/{id}/reports.

Prints, per call, p50 and p95, the ratio of its p50 to the trivial request's,
and its query count (counted once, outside the timed runs). Exits 1 when a page
is over its p95 limit: 150 ms for every call, 60 ms for 计划, 50 ms for 待办.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from overview import DEFAULT_URL, _p95, scale_database  # noqa: E402

LIMIT_MS = 150.0
LIMITS_MS = {"计划 plans:list": 60.0, "待办 desk:inbox": 50.0}
OFFICER = "bench_pages_officer"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    ap.add_argument("--scale", type=float, default=1.0, help="data set scale when generating")
    ap.add_argument("-n", type=int, default=30, help="timed runs of each (default 30)")
    args = ap.parse_args(argv)
    if not scale_database(args.database_url, args.scale, "benchmarks/pages.py"):
        return 2
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from duban.accounts.models import User
    from duban.accounts.services import create_account
    from duban.api.services import issue_token
    from duban.plans.models import Assignment, Plan, Target, Task
    from duban.reports.models import Report, Role, Status
    from duban.supervision.management.commands.generate_scale_data import SUPERVISOR
    from duban.units.models import Unit

    supervisor = User.objects.get(username=SUPERVISOR)
    officer = User.objects.filter(username=OFFICER).first()
    if officer is None:
        # An officer of a unit with a median share of the tasks (what 待办 shows).
        busy = list(
            Assignment.objects.values("unit_id").annotate(n=Count("id")).order_by("n", "unit_id")
        )
        unit = Unit.objects.get(pk=busy[len(busy) // 2]["unit_id"])
        officer = create_account(username=OFFICER, password=None, role="officer", unit=unit)
    plans = Plan.objects.count()
    tasks = Task.objects.filter(plan__office=supervisor.unit).count()
    mine = Assignment.objects.filter(unit_id=officer.unit_id).count()
    print(
        f"data set: {Unit.objects.count()} units, {plans} plans, {tasks} tasks, "
        f"{Report.objects.count()} reports ({connection.vendor}); officer's unit has {mine} tasks"
    )

    office = Client(HTTP_HOST="127.0.0.1")
    office.force_login(supervisor)
    unit = Client(HTTP_HOST="127.0.0.1")
    unit.force_login(officer)
    api = Client(HTTP_HOST="127.0.0.1")
    office_key = {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user=supervisor, name='bench')[1]}"}

    principal = (
        Report.objects.filter(role=Role.PRINCIPAL, status=Status.ACCEPTED)
        .order_by("task__plan_id", "pk")
        .first()
    )
    draft = (
        Report.objects.filter(unit_id=officer.unit_id, status=Status.DRAFT)
        .order_by("period__due_date", "pk")
        .first()
    )
    targets = list(Target.objects.filter(task_id=draft.task_id))
    ordered = Task.objects.filter(plan__office=supervisor.unit, plan__status__in=("published",))
    ordered = ordered.order_by("plan_id", "order", "id")
    near_end = max(0, ordered.count() - 51)
    last = ordered[near_end]
    cursor = f"{last.plan_id}.{last.order}.{last.pk}"

    def save():
        lock = Report.objects.values_list("lock_version", flat=True).get(pk=draft.pk)
        post = {"lock_version": lock, "narrative": "基准测试进展", "problems": "", "next_steps": ""}
        for t in targets:
            post[f"value_{t.pk}"] = "12"
        return unit.post(reverse("reports:report", args=[draft.pk]), post)

    calls = {
        "计划 plans:list": lambda: office.get(reverse("plans:list")),
        "待办 desk:inbox": lambda: unit.get(reverse("desk:inbox")),
        "进展报送 reports:mine": lambda: unit.get(reverse("reports:mine")),
        "待审核 reports:queue": lambda: office.get(reverse("reports:queue")),
        "单位名录 units:list": lambda: office.get(reverse("units:list")),
        "report page (office)": lambda: office.get(reverse("reports:report", args=[principal.pk])),
        f"report save ({len(targets)} targets)": save,
        "GET /api/tasks": lambda: api.get("/api/tasks", **office_key),
        f"GET /api/tasks offset={near_end}": lambda: api.get(
            "/api/tasks", {"offset": near_end}, **office_key
        ),
        "GET /api/tasks cursor (same rows)": lambda: api.get(
            "/api/tasks", {"cursor": cursor}, **office_key
        ),
        "GET /api/tasks/{id}": lambda: api.get(f"/api/tasks/{principal.task_id}", **office_key),
        "GET /api/tasks/{id}/reports": lambda: api.get(
            f"/api/tasks/{principal.task_id}/reports", **office_key
        ),
    }

    def trivial():
        return api.get("/healthz")

    for call in [trivial, *calls.values()]:  # warm-up: connections, caches, query plans
        response = call()
        assert response.status_code in (200, 302), response.status_code
    queries = {}
    for name, call in calls.items():
        with CaptureQueriesContext(connection) as captured:
            call()
        queries[name] = len(captured)

    times = {name: [] for name in calls}
    floor = []
    for _ in range(args.n):
        for name, call in calls.items():
            start = time.perf_counter()
            trivial()
            floor.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            call()
            times[name].append((time.perf_counter() - start) * 1000)

    base = statistics.median(floor)
    print(f"{'call':<40} {'p50 ms':>8} {'p95 ms':>8} {'ratio':>7} {'queries':>8} {'limit':>6}")
    print(f"{'trivial request (/healthz)':<40} {base:8.1f} {_p95(floor):8.1f} {1:7.1f} {'':>8}")
    ok = True
    for name, samples in times.items():
        p50, p95 = statistics.median(samples), _p95(samples)
        limit = LIMITS_MS.get(name, LIMIT_MS)
        passed = p95 <= limit
        ok = ok and passed
        print(
            f"{name:<40} {p50:8.1f} {p95:8.1f} {p50 / base:7.1f} {queries[name]:8d} "
            f"{limit:6.0f}{'' if passed else '  OVER'}"
        )
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
