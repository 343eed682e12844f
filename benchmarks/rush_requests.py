"""The rush's four requests in one process, against a trivial request.

    .venv/bin/python benchmarks/rush_requests.py [-n 30] [--database-url URL] [--fresh] [--profile]
        [--only read,save]

What benchmarks/rush.py's mixed load sends (issue #10), without nginx, gunicorn or
the network: through Django's test client with DEBUG off, on the demo data in
PostgreSQL (default postgres://postgres@127.0.0.1:5432/duban_requests; created,
migrated and given the demo data when missing or with --fresh), N times each of

  read      GET  /api/tasks/{id}/reports (an officer's token)
  save      POST /api/tasks/{id}/reports (narrative only, the current lock_version)
  submit    POST /api/reports/{id}/submit (each run a fresh draft of the officer's unit)
  overview  GET  /supervision/ (the office's supervisor, signed in), its numbers
            kept from a reload just before (a cached hit, as most reloads in the rush)
  ov-miss   the same with the cache emptied first (its numbers computed: each scope
            once per DUBAN_OVERVIEW_MAX_AGE seconds and process)

each interleaved with `/healthz` (one bare Django request, one trivial query), so
machine noise hits both alike. Prints each request's query count (counted once,
outside the timed runs), p50, p95 and the p50 as a multiple of the trivial request's,
and the same for the CPU time this process spent on it (the Python side alone:
no waiting for PostgreSQL or for a core, so steadier on a loaded machine).
On a machine shared with other work read the ratios and the query counts, not the
milliseconds. --profile: the same runs under cProfile (CPU time), then the top functions by
cumulative and by own time.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from rush import Stack, prepare_officers  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/duban_requests"
HTTPS = {"HTTP_X_FORWARDED_PROTO": "https"}  # as nginx says it; no redirect to https


def p95(values):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--database-url", default=DEFAULT_URL)
    ap.add_argument("-n", type=int, default=30, help="timed runs of each (default 30)")
    ap.add_argument("--fresh", action="store_true", help="recreate the database first")
    ap.add_argument("--profile", action="store_true", help="cProfile the timed runs")
    ap.add_argument("--top", type=int, default=40, help="functions listed by --profile")
    ap.add_argument(
        "--only",
        default="",
        help="comma-separated kinds to time (read,save,submit,overview; default all)",
    )
    ap.add_argument("--dump", help="--profile: also write the pstats data here")
    args = ap.parse_args(argv)

    stack = Stack(database_url=args.database_url, var=Path("/tmp") / "duban-requests")
    base, _, name = args.database_url.rpartition("/")
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    fresh = args.fresh or not exists
    if fresh:
        stack.prepare(fresh=True)
    os.environ.update(stack.env())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    # Enough drafts of one unit for the warm-up, the counted and the timed submits (the
    # periods are made once; each run submits n + 1 of the drafts, --fresh for more).
    officer = prepare_officers(1, per_officer=args.n + 2, periods=40 if fresh else 0)[0]

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from duban.accounts.models import User

    api = Client(HTTP_HOST="127.0.0.1", **HTTPS)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {officer.token}"}
    office = Client(HTTP_HOST="127.0.0.1", **HTTPS)
    office.force_login(User.objects.get(username="duchashi"))
    jobs = list(officer.reports)
    job = jobs[0]

    def read():
        return api.get(f"/api/tasks/{job.task_id}/reports", **auth)

    def save():
        mine = next(r for r in read().json() if r["id"] == job.report_id)
        payload = {
            "period_id": job.period_id,
            "expected_version": mine["lock_version"],
            "narrative": f"基准测试进展 {time.perf_counter()}",
        }
        return api.post(
            f"/api/tasks/{job.task_id}/reports", payload, content_type="application/json", **auth
        )

    def submit():
        nonlocal job
        response = api.post(
            f"/api/reports/{job.report_id}/submit", {}, content_type="application/json", **auth
        )
        job = jobs.pop(0) if len(jobs) > 1 else job
        return response

    def overview():
        return office.get("/supervision/")

    from django.core.cache import cache

    # What runs, untimed, right before each timed call of a kind.
    prepare = {"overview": overview, "ov-miss": cache.clear}

    def trivial():
        return api.get("/healthz")

    # save() reads first (as the rush's officers do); its own timing is the POST alone.
    calls = {
        "read": read,
        "save": save,
        "submit": submit,
        "overview": overview,
        "ov-miss": overview,
    }
    jobs.pop(0)
    for call in [trivial, read, save, overview]:  # warm-up: connections, caches, plans
        response = call()
        assert response.status_code == 200, (
            call.__name__,
            response.status_code,
            response.content[:400],
        )
    queries = {}
    for kind, call in calls.items():
        if kind == "save":
            mine = next(r for r in read().json() if r["id"] == job.report_id)
            payload = {
                "period_id": job.period_id,
                "expected_version": mine["lock_version"],
                "narrative": "计数",
            }
            with CaptureQueriesContext(connection) as captured:
                response = api.post(
                    f"/api/tasks/{job.task_id}/reports",
                    payload,
                    content_type="application/json",
                    **auth,
                )
        else:
            if kind in prepare:
                prepare[kind]()
            with CaptureQueriesContext(connection) as captured:
                response = call()
        assert response.status_code == 200, (kind, response.status_code, response.content[:300])
        queries[kind] = len(captured)

    times = {kind: [] for kind in calls}
    cpu = {kind: [] for kind in calls}  # this process's CPU: no wait for PostgreSQL or a core
    floor, floor_cpu = [], []
    # CPU time, not wall: on a shared machine the wall clock mostly measures the queue.
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    if args.only:
        calls = {kind: calls[kind] for kind in args.only.split(",")}
        times = {kind: [] for kind in calls}
        cpu = {kind: [] for kind in calls}
    for _ in range(args.n):
        for kind in calls:
            if kind == "save":  # the read before the save is not the save's time
                mine = next(r for r in read().json() if r["id"] == job.report_id)
                payload = {
                    "period_id": job.period_id,
                    "expected_version": mine["lock_version"],
                    "narrative": f"基准测试进展 {time.perf_counter()}",
                }

                def call(payload=payload):
                    return api.post(
                        f"/api/tasks/{job.task_id}/reports",
                        payload,
                        content_type="application/json",
                        **auth,
                    )
            else:
                call = calls[kind]
                if kind in prepare:
                    prepare[kind]()
            start, start_cpu = time.perf_counter(), time.process_time()
            trivial()
            floor.append((time.perf_counter() - start) * 1000)
            floor_cpu.append((time.process_time() - start_cpu) * 1000)
            if profiler:
                profiler.enable()
            start, start_cpu = time.perf_counter(), time.process_time()
            response = call()
            times[kind].append((time.perf_counter() - start) * 1000)
            cpu[kind].append((time.process_time() - start_cpu) * 1000)
            if profiler:
                profiler.disable()
            assert response.status_code == 200, (kind, response.status_code)

    floor_p50, floor_cpu50 = statistics.median(floor), statistics.median(floor_cpu)
    print(
        f"{'request':<10} {'queries':>8} {'p50 ms':>8} {'p95 ms':>8} {'p50/healthz':>12} "
        f"{'CPU p50 ms':>11} {'CPU/healthz':>12}"
    )
    print(
        f"{'/healthz':<10} {'':>8} {floor_p50:8.1f} {p95(floor):8.1f} {1:12.1f} "
        f"{floor_cpu50:11.1f} {1:12.1f}"
    )
    for kind, samples in times.items():
        p50, cpu50 = statistics.median(samples), statistics.median(cpu[kind])
        print(
            f"{kind:<10} {queries[kind]:8d} {p50:8.1f} {p95(samples):8.1f} {p50 / floor_p50:12.1f} "
            f"{cpu50:11.1f} {cpu50 / floor_cpu50:12.1f}"
        )
    from django.conf import settings

    print(f"DUBAN_OVERVIEW_MAX_AGE={getattr(settings, 'DUBAN_OVERVIEW_MAX_AGE', None)}")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if profiler:
        stats = pstats.Stats(profiler)
        if args.dump:
            stats.dump_stats(args.dump)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
