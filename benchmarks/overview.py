"""The office overview at province scale against the bare SQL it needs.

    .venv/bin/python benchmarks/overview.py [--scale 1.0] [-n 50] [--database-url URL]

On PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/duban_bench;
the database is created and migrated when missing), generates the data set with
`generate_scale_data --scale S` unless one is already there, then in this one
process times, interleaved so that machine noise hits both alike:

- the overview: `office_overview(...)`, the function the page calls, for the
  page a supervisor opens (one running plan: counts by light, on-time rate,
  overdue, the first page of tasks × lights), over a rotation of plans;
- the bare SQL: two raw statements computing what the page shows for the same
  plan — every target's latest accepted value, its light (the pace rule for the
  ≥/≤ targets the generator makes) and the worst light per task counted by
  light; and the reports' on-time/missing counts with overdue per task.

Prints median and p95 of each and the ratio of the medians; exits 1 when the
overview's p95 is over 200 ms or the ratio is over 3.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/duban_bench"
P95_LIMIT_MS = 200.0
RATIO_LIMIT = 3.0

LIGHTS_SQL = """
WITH t AS (
  SELECT g.task_id, g.op, g.value AS tgt, COALESCE(g.baseline, 0) AS base,
         COALESCE(g.deadline, k.deadline, c.final_deadline, p.report_deadline) AS due,
         COALESCE(c.start, p.published) AS start,
         (SELECT x.value FROM reports_targetvalue x
            JOIN reports_reportversion v ON v.id = x.version_id
           WHERE x.target_id = g.id AND v.status = 'accepted'
           ORDER BY x.as_of DESC, v.submitted_at DESC, x.id DESC LIMIT 1) AS actual
    FROM plans_target g
    JOIN plans_task k ON k.id = g.task_id
    JOIN plans_plan p ON p.id = k.plan_id
    LEFT JOIN reports_reportingcalendar c ON c.plan_id = p.id
   WHERE k.plan_id = %(plan)s
), s AS (
  SELECT task_id, actual, tgt, op, due,
         CASE WHEN op = '>=' AND tgt <> base THEN (actual - base) / (tgt - base)
              WHEN op = '<=' AND base > tgt THEN (base - actual) / (base - tgt) END AS share,
         LEAST(1, GREATEST(0, (%(on)s::date - start)::numeric / NULLIF(due - start, 0))) AS expected
    FROM t
), lit AS (
  -- severity: 0 red, 1 yellow, 2 grey, 3 green, 4 blue
  SELECT task_id,
         CASE WHEN actual IS NULL THEN 2
              WHEN op = '>=' AND actual >= tgt THEN 4
              WHEN op = '<=' AND actual <= tgt THEN 4
              WHEN %(on)s::date > due THEN 0
              WHEN share IS NULL THEN 3
              WHEN expected - share <= 0 THEN 3
              WHEN expected - share < 0.1 THEN 1
              ELSE 0 END AS sev
    FROM s
)
SELECT k.sev, COUNT(*) FROM (
  SELECT task.id, COALESCE(MIN(lit.sev), 2) AS sev
    FROM plans_task task LEFT JOIN lit ON lit.task_id = task.id
   WHERE task.plan_id = %(plan)s GROUP BY task.id
) k GROUP BY k.sev
"""

REPORTS_SQL = """
WITH r AS (
  SELECT r.task_id, r.delivered_at,
         CASE WHEN r.role = 'principal' THEN p.due_date ELSE p.co_due_date END AS due
    FROM reports_report r
    JOIN reports_reportingperiod p ON p.id = r.period_id
    JOIN plans_task k ON k.id = r.task_id
   WHERE k.plan_id = %(plan)s
)
SELECT task_id,
       COUNT(*) FILTER (WHERE due < %(on)s::date OR delivered_at IS NOT NULL),
       COUNT(*) FILTER (WHERE (delivered_at AT TIME ZONE 'Asia/Shanghai')::date <= due),
       COUNT(*) FILTER (WHERE delivered_at IS NULL AND due < %(on)s::date)
  FROM r GROUP BY task_id
"""


def _p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _ensure_database(url):
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}", file=sys.stderr)


def scale_database(url: str, scale: float, script: str) -> bool:
    """Django set up on the PostgreSQL database `url`, migrated and filled with
    `generate_scale_data` at `scale` unless it holds the data already; False
    (with a message) when `url` is not PostgreSQL."""
    if not url.startswith(("postgres://", "postgresql://")):
        print(f"{script} runs on PostgreSQL (DATABASE_URL=postgres://…)", file=sys.stderr)
        return False
    _ensure_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    # A benchmark is no deployment: a throwaway key, plain HTTP, DEBUG off (no query log).
    os.environ.setdefault("DUBAN_SECRET_KEY", "benchmark-only-" + "x" * 50)
    os.environ.setdefault("DUBAN_HTTPS", "0")
    os.environ.setdefault("DUBAN_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from duban.supervision.management.commands.generate_scale_data import OFFICE
    from duban.units.models import Unit

    call_command("migrate", verbosity=0)
    if not Unit.objects.filter(name=OFFICE).exists():
        call_command("generate_scale_data", scale=scale)
    return True


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    ap.add_argument("--scale", type=float, default=1.0, help="data set scale when generating")
    ap.add_argument("-n", type=int, default=50, help="timed runs of each (default 50)")
    ap.add_argument("--plans", type=int, default=10, help="plans the runs rotate over")
    args = ap.parse_args(argv)
    if not scale_database(args.database_url, args.scale, "benchmarks/overview.py"):
        return 2
    from django.db import connection
    from django.utils import timezone

    from duban.accounts.models import User
    from duban.supervision.management.commands.generate_scale_data import OFFICE, SUPERVISOR
    from duban.supervision.overview import office_overview, office_plans
    from duban.units.models import Unit

    user = User.objects.get(username=SUPERVISOR)
    on = timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT COUNT(*) FROM units_unit), (SELECT COUNT(*) FROM plans_plan),"
            " (SELECT COUNT(*) FROM plans_task), (SELECT COUNT(*) FROM plans_target),"
            " (SELECT COUNT(*) FROM reports_report), (SELECT COUNT(*) FROM reports_targetvalue)"
        )
        units, plans, tasks, targets, reports, values = cursor.fetchone()
    print(
        f"data set: {units} units, {plans} plans, {tasks} tasks, {targets} targets, "
        f"{reports} reports, {values} target values ({connection.vendor}, on {on})"
    )
    chosen = list(office_plans(user)[: args.plans])

    def overview(plan):
        return office_overview(user=user, on=on, plan=plan)

    def bare(plan):
        with connection.cursor() as cursor:
            cursor.execute(LIGHTS_SQL, {"plan": plan.pk, "on": on})
            lights = cursor.fetchall()
            cursor.execute(REPORTS_SQL, {"plan": plan.pk, "on": on})
            per_task = cursor.fetchall()
        return lights, per_task

    for plan in chosen:  # warm-up: connections, caches, query plans
        overview(plan)
        bare(plan)
    # The two sides must agree on what they count (same tasks, same lights).
    check = overview(chosen[0])
    sql_counts = dict(bare(chosen[0])[0])
    names = {0: "red", 1: "yellow", 2: "grey", 3: "green", 4: "blue"}
    sql_counts = {names[k]: v for k, v in sql_counts.items()}
    print(f"plan {chosen[0].pk}: overview counts {check.counts}; bare SQL counts {sql_counts}")

    t_over, t_bare = [], []
    for i in range(args.n):
        plan = chosen[i % len(chosen)]
        start = time.perf_counter()
        overview(plan)
        t_over.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        bare(plan)
        t_bare.append((time.perf_counter() - start) * 1000)

    # For information (not gated): the whole page through the test client, its numbers
    # computed (the cache emptied first: a miss) and then kept (the same page again
    # within DUBAN_OVERVIEW_MAX_AGE: a hit), each beside /healthz (one trivial query).
    from django.core.cache import cache
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    t_miss, t_hit, t_floor = [], [], []
    for i in range(min(args.n, 20)):
        plan = chosen[i % len(chosen)]
        start = time.perf_counter()
        client.get("/healthz")
        t_floor.append((time.perf_counter() - start) * 1000)
        cache.clear()
        for samples in (t_miss, t_hit):
            start = time.perf_counter()
            response = client.get(f"/supervision/?plan={plan.pk}")
            samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code

    # For information (not gated): one unit's share across every plan.
    unit_ids = list(
        Unit.objects.filter(assignments__task__plan__office__name=OFFICE)
        .distinct()
        .order_by("id")
        .values_list("id", flat=True)[:10]
    )
    t_unit = []
    for i in range(min(args.n, 30)):
        start = time.perf_counter()
        unit_view = office_overview(user=user, on=on, unit_id=unit_ids[i % len(unit_ids)])
        t_unit.append((time.perf_counter() - start) * 1000)

    med_o, p95_o = statistics.median(t_over), _p95(t_over)
    med_b, p95_b = statistics.median(t_bare), _p95(t_bare)
    ratio = med_o / med_b if med_b else float("inf")
    print(
        f"overview (office_overview, one plan) n={args.n}: median {med_o:.1f} ms, p95 {p95_o:.1f} ms"
    )
    print(
        f"bare SQL aggregate                 n={args.n}: median {med_b:.1f} ms, p95 {p95_b:.1f} ms"
    )
    floor = statistics.median(t_floor)
    for label, samples in (("numbers computed (miss)", t_miss), ("numbers kept (hit)", t_hit)):
        print(
            f"(the whole page via the test client, {label}, n={len(samples)}: median "
            f"{statistics.median(samples):.1f} ms, p95 {_p95(samples):.1f} ms, "
            f"{statistics.median(samples) / floor:.1f}× /healthz ({floor:.1f} ms); not gated)"
        )
    print(
        f"(one unit across all plans, ~{unit_view.total} tasks, n={len(t_unit)}: median "
        f"{statistics.median(t_unit):.1f} ms, p95 {_p95(t_unit):.1f} ms; not gated)"
    )
    print(f"ratio of medians: {ratio:.2f} (limit {RATIO_LIMIT}); p95 limit {P95_LIMIT_MS:.0f} ms")
    ok = p95_o <= P95_LIMIT_MS and ratio <= RATIO_LIMIT
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
