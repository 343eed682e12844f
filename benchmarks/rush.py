"""The deadline rush: N unit officers save and submit their reports while the office
reloads 督办总览, against two gunicorn app servers behind nginx on PostgreSQL.

    python benchmarks/rush.py                              # 200 officers, 60 s
    python benchmarks/rush.py --officers 20 --seconds 10   # small
    python benchmarks/rush.py --faults                     # kill -9 an app server and restart
                                                           # PostgreSQL mid-rush (needs --pg-private)
    python benchmarks/rush.py --officers 40 --office-clients 10 --reports-per-officer 40 \
        --saves 2 --think 0.1,0.4 --office-think 0.25 --periods 40   # the mixed load (#10)

Everything stays on loopback (ports 19400…; scripts/prod_demo.py). Each officer has
its own co-unit report (the demo plan, a monthly calendar) and an API token; it saves
its draft a few times, then submits once. With --reports-per-officer R each officer
has R reports of its unit (--periods N gives the plan N daily periods, so that there
are enough) and works through them: --saves drafts, submit, the next one, until the
time is up. Every request that fails (refused
connection, 5xx, timeout) is retried until it is answered; a submit whose answer was
lost and is refused on retry counts as acknowledged only when the report, read back,
is submitted. The office signs in and reloads the overview page.

It prints throughput, p50/p95 per request kind and the errors seen, beside a baseline:
`/healthz` (one bare Django request, one trivial query) through the same nginx, in the
same run. Then it checks in the database that every acknowledged submission is there
exactly once (one submit event, the report submitted with the officer's last text), and
that the audit chain verifies; it exits 1 otherwise.
"""

import argparse
import http.client
import json
import os
import random
import statistics
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from pg_private import PrivateCluster  # noqa: E402
from prod_demo import PASSWORD, Stack  # noqa: E402

BASELINE = "baseline /healthz"
SUBMITTED_STATES = {"submitted", "signed", "consolidated", "accepted"}


@dataclass
class Officer:
    username: str
    token: str
    reports: list  # [Assignment], worked through in order
    think: tuple = (0.5, 2.0)  # seconds between two saves
    saves: int | None = None  # per report; None: save until a random time, submit once


@dataclass
class Assignment:
    report_id: int
    task_id: int
    period_id: int
    text: str = ""


@dataclass
class Stats:
    times: dict = field(default_factory=lambda: defaultdict(list))
    errors: dict = field(default_factory=lambda: defaultdict(int))
    acknowledged: set = field(default_factory=set)
    recovered: set = field(default_factory=set)  # answer lost, report read back submitted
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind, seconds):
        with self.lock:
            self.times[kind].append(seconds)

    def error(self, what):
        with self.lock:
            self.errors[what] += 1


class Client:
    """One keep-alive HTTPS connection to nginx; every request retried until answered
    (or the give-up time), never returning a 5xx or a network error."""

    def __init__(self, stack, stats, give_up_at):
        self.stack, self.stats, self.give_up_at = stack, stats, give_up_at
        self.host = "127.0.0.1"
        self.port = stack.port_base
        self.context = stack.ssl_context()
        self.conn = None
        self.cookies = {}

    def _connection(self):
        if self.conn is None:
            self.conn = http.client.HTTPSConnection(
                self.host, self.port, context=self.context, timeout=30
            )
        return self.conn

    def request(self, kind, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        delay = 0.1
        while True:
            started = time.perf_counter()
            try:
                conn = self._connection()
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                for value in response.headers.get_all("Set-Cookie") or []:
                    name, _, rest = value.partition("=")
                    self.cookies[name] = rest.split(";", 1)[0]
                if response.status < 500:
                    self.stats.record(kind, time.perf_counter() - started)
                    return response.status, data
                self.stats.error(f"{kind}: HTTP {response.status} (retried)")
            except (OSError, http.client.HTTPException) as exc:
                self.stats.error(f"{kind}: {type(exc).__name__} (retried)")
                self.conn = None
            if time.monotonic() > self.give_up_at:
                raise TimeoutError(f"{kind} not answered before the give-up time")
            time.sleep(delay)
            delay = min(delay * 2, 2.0)


def api_json(client, kind, method, path, token, payload=None):
    body = json.dumps(payload).encode() if payload is not None else None
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    status, data = client.request(kind, method, path, body, headers)
    return status, (json.loads(data) if data else None)


def read_report(client, officer, job):
    status, reports = api_json(
        client, "read", "GET", f"/api/tasks/{job.task_id}/reports", officer.token
    )
    assert status == 200, (status, reports)
    return next(r for r in reports if r["id"] == job.report_id)


def officer_run(officer, stack, stats, start_at, stop_at, give_up_at, rng):
    client = Client(stack, stats, give_up_at)
    time.sleep(max(0.0, start_at - time.monotonic()))
    for job in officer.reports:
        if time.monotonic() >= stop_at:
            return
        if officer.saves is None:
            submit_at = rng.uniform(start_at + (stop_at - start_at) * 0.3, stop_at)
        saves = 0
        while True:
            report = read_report(client, officer, job)
            job.text = f"{officer.username} 第{saves + 1}稿:已按期推进。"
            status, out = api_json(
                client,
                "save",
                "POST",
                f"/api/tasks/{job.task_id}/reports",
                officer.token,
                {
                    "period_id": job.period_id,
                    "expected_version": report["lock_version"],
                    "narrative": job.text,
                },
            )
            if status == 409:
                stats.error("save: 409 conflict (a retried save had gone through; re-read)")
                continue
            assert status == 200, (status, out)
            saves += 1
            if officer.saves is None:
                if time.monotonic() >= submit_at:
                    break
            elif saves >= officer.saves:
                break
            time.sleep(rng.uniform(*officer.think))
        status, out = api_json(
            client, "submit", "POST", f"/api/reports/{job.report_id}/submit", officer.token, {}
        )
        if status == 200:
            with stats.lock:
                stats.acknowledged.add(job.report_id)
        elif read_report(client, officer, job)["status"] in SUBMITTED_STATES:
            with stats.lock:
                stats.recovered.add(job.report_id)
        else:
            stats.error(f"submit: refused {status} {out}")
        if job is not officer.reports[-1]:
            time.sleep(rng.uniform(*officer.think))


def office_run(stack, stats, username, password, start_at, stop_at, give_up_at, think=1.0):
    client = Client(stack, stats, give_up_at)
    status, page = client.request("login page", "GET", "/accounts/login/")
    token = client.cookies.get("csrftoken", "")
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token}
    )
    status, _ = client.request(
        "login",
        "POST",
        "/accounts/login/",
        form,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"{stack.url}/accounts/login/",
        },
    )
    assert status == 302, status
    time.sleep(max(0.0, start_at - time.monotonic()))
    while time.monotonic() < stop_at:
        status, page = client.request("overview", "GET", "/supervision/")
        assert status == 200 and "督办" in page.decode(), status
        time.sleep(think)


def baseline(stack, stats, seconds, give_up_at):
    client = Client(stack, stats, give_up_at)
    stop_at = time.monotonic() + seconds
    while time.monotonic() < stop_at:
        client.request(BASELINE, "GET", "/healthz")
        time.sleep(0.05)


def prepare_officers(n, *, per_officer=1, periods=0):
    """Accounts, tokens and `per_officer` co-unit reports of one unit each (Django
    in this process). `periods` > 0: the plan gets that many daily periods."""
    import datetime as dt

    import django

    django.setup()
    from django.db import transaction

    from duban.accounts.models import User
    from duban.accounts.services import create_account
    from duban.api.services import issue_token
    from duban.plans.models import Plan
    from duban.reports.calendar import generate_periods
    from duban.reports.models import Report, Role

    plan = Plan.objects.get(doc_number="西政办〔2020〕91号")
    office = User.objects.get(username="duchashi")
    with transaction.atomic():
        if periods:
            start = plan.published
            dates = [start + dt.timedelta(days=d) for d in range(1, periods + 1)]
            generate_periods(plan=plan, user=office, cadence="dates", dates=dates)
        elif not plan.periods.exists():
            generate_periods(plan=plan, user=office, cadence="month", co_lead_days=3)
        by_unit = defaultdict(list)
        for report in (
            Report.objects.filter(task__plan=plan, status="draft")
            .exclude(role=Role.PRINCIPAL)
            .select_related("unit")
            .order_by("period__due_date", "pk")
        ):
            by_unit[report.unit_id].append(report)
        # Each officer takes `per_officer` reports of one unit, the units with the
        # most open reports first, round and round.
        shares = []
        while len(shares) < n:
            taken = False
            for reports in sorted(by_unit.values(), key=len, reverse=True):
                if len(reports) >= per_officer and len(shares) < n:
                    shares.append(reports[:per_officer])
                    del reports[:per_officer]
                    taken = True
            if not taken:
                raise SystemExit(
                    f"only {len(shares)} officers can have {per_officer} open co-unit "
                    f"reports of one unit (of {n}); ask for more --periods"
                )
        officers = []
        for i, share in enumerate(shares):
            unit = share[0].unit
            username = f"rush{i:04d}"
            user = User.objects.filter(username=username).first() or create_account(
                username=username,
                password=None,
                role="officer",
                unit=unit,
                display_name=username,
            )
            if user.unit_id != unit.pk:
                user.unit = unit
                user.save()
            _row, key = issue_token(user=user, name="rush")
            jobs = [Assignment(r.pk, r.task_id, r.period_id) for r in share]
            officers.append(Officer(username, key, jobs))
    return officers


def check_database(officers, stats):
    """Every acknowledged submission present exactly once; nothing half-written."""
    from duban.audit.chain import verify
    from duban.reports.models import Report, ReportEvent

    problems = []
    by_report = {job.report_id: job for o in officers for job in o.reports}
    for report in Report.objects.filter(pk__in=by_report).select_related("current_version"):
        submits = ReportEvent.objects.filter(report=report, action="submit").count()
        acknowledged = report.pk in stats.acknowledged or report.pk in stats.recovered
        if acknowledged and submits != 1:
            problems.append(f"report {report.pk}: acknowledged, {submits} submit events")
        if acknowledged and report.status not in SUBMITTED_STATES:
            problems.append(f"report {report.pk}: acknowledged but {report.status}")
        if not acknowledged and submits > 1:
            problems.append(f"report {report.pk}: {submits} submit events")
        if submits and (
            report.current_version is None
            or report.current_version.narrative != by_report[report.pk].text
        ):
            problems.append(f"report {report.pk}: submitted without the officer's last text")
    result = verify()
    if not result.ok:
        problems.append(f"audit chain: {result.problems[0]}")
    return problems


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def report(stats, seconds, out=sys.stdout):
    base = stats.times.get(BASELINE) or [float("nan")]
    base_p50 = statistics.median(base)
    print(f"{'kind':<20}{'n':>7}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p50/base':>10}", file=out)
    for kind, values in sorted(stats.times.items()):
        print(
            f"{kind:<20}{len(values):>7}{len(values) / seconds:>9.1f}"
            f"{statistics.median(values) * 1000:>9.1f}{percentile(values, 95) * 1000:>9.1f}"
            f"{statistics.median(values) / base_p50:>10.1f}",
            file=out,
        )
    served = [v for kind, values in stats.times.items() if kind != BASELINE for v in values]
    if served:
        print(
            f"{'all but the baseline':<20}{len(served):>7}{len(served) / seconds:>9.1f}"
            f"{statistics.median(served) * 1000:>9.1f}{percentile(served, 95) * 1000:>9.1f}"
            f"{statistics.median(served) / base_p50:>10.1f}",
            file=out,
        )
    print(f"errors: {sum(stats.errors.values())}", file=out)
    for what, count in sorted(stats.errors.items()):
        print(f"error  {count:>5}  {what}", file=out)


@dataclass
class Fault:
    at: float  # seconds into the rush
    name: str
    action: object


def rush(stack, officers, *, seconds, office_clients=2, office_think=1.0, faults=(), seed=1):
    stats = Stats()
    start_at = time.monotonic() + 1.0
    stop_at = start_at + seconds
    give_up_at = stop_at + 120
    rng = random.Random(seed)
    threads = [
        threading.Thread(
            target=officer_run,
            args=(o, stack, stats, start_at, stop_at, give_up_at, random.Random(rng.random())),
        )
        for o in officers
    ]
    threads += [
        threading.Thread(
            target=office_run,
            args=(stack, stats, "duchashi", PASSWORD, start_at, stop_at, give_up_at, office_think),
        )
        for _ in range(office_clients)
    ]
    threads.append(threading.Thread(target=baseline, args=(stack, stats, seconds, give_up_at)))
    failures = []

    def guarded(target, *args):
        try:
            target(*args)
        except Exception as exc:  # a client that gave up is a failure, reported below
            failures.append(f"{target.__name__}: {exc!r}")

    threads = [threading.Thread(target=guarded, args=(t._target, *t._args)) for t in threads]
    for t in threads:
        t.start()
    for fault in sorted(faults, key=lambda f: f.at):
        time.sleep(max(0.0, start_at + fault.at - time.monotonic()))
        print(f"fault at {time.monotonic() - start_at:.1f}s: {fault.name}", flush=True)
        fault.action()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start_at
    return stats, failures, elapsed


def run(
    stack,
    *,
    officers,
    seconds,
    office_clients=2,
    office_think=1.0,
    faults=(),
    per_officer=1,
    periods=0,
    saves=None,
    think=(0.5, 2.0),
):
    """Prepare a fresh stack, rush it, stop it, check the database."""
    stack.prepare(fresh=True)
    os.environ.update(stack.env())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    people = prepare_officers(officers, per_officer=per_officer, periods=periods)
    for person in people:
        person.saves, person.think = saves, think
    stack.start()
    try:
        stats, failures, elapsed = rush(
            stack,
            people,
            seconds=seconds,
            office_clients=office_clients,
            office_think=office_think,
            faults=faults,
        )
    finally:
        stack.stop()
    from django.db import connections

    connections.close_all()  # the cluster may have restarted under us
    return people, stats, elapsed, failures + check_database(people, stats)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--officers", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--office-clients", type=int, default=2)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/duban_rush")
    parser.add_argument("--port-base", type=int, default=19400)
    parser.add_argument("--app-servers", type=int, default=2, help="behind nginx")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per app server")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument(
        "--think",
        default="0.5,2.0",
        help="MIN,MAX seconds an officer pauses between two requests (default 0.5,2.0)",
    )
    parser.add_argument(
        "--office-think", type=float, default=1.0, help="seconds between overview reloads"
    )
    parser.add_argument(
        "--reports-per-officer",
        type=int,
        default=1,
        help="each officer works through this many reports of its unit (needs --saves)",
    )
    parser.add_argument(
        "--saves",
        type=int,
        help="drafts saved per report before submitting it (default: until a random "
        "moment in the last 70%% of the rush, one report per officer)",
    )
    parser.add_argument(
        "--periods", type=int, default=0, help="give the demo plan this many daily periods"
    )
    parser.add_argument("--var", type=Path, default=ROOT / "var" / "rush")
    parser.add_argument(
        "--faults",
        action="store_true",
        help="on a private PostgreSQL cluster (port base+50): kill -9 one app server at 30%% "
        "of the rush and restart PostgreSQL at 50%%",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.officers <= 500 or not 1 <= args.seconds <= 600:
        parser.error("bounded: 1–500 officers, 1–600 seconds")
    try:
        think = tuple(float(x) for x in args.think.split(","))
        assert len(think) == 2 and 0 <= think[0] <= think[1]
    except (ValueError, AssertionError):
        parser.error("--think is MIN,MAX seconds")
    if args.reports_per_officer > 1 and args.saves is None:
        parser.error("--reports-per-officer needs --saves")
    load_before = " ".join(f"{x:.1f}" for x in os.getloadavg())
    cluster = None
    url = args.database_url
    if args.faults:
        cluster = PrivateCluster(port=args.port_base + 50)
        cluster.start()
        url = cluster.url("duban_rush")
    stack = Stack(url, args.var, args.port_base, args.app_servers, args.workers, args.threads)
    faults = []
    if cluster is not None:
        faults = [
            Fault(
                args.seconds * 0.3, "kill -9 app server", lambda: stack.kill_server(stack.ports[0])
            ),
            Fault(args.seconds * 0.5, "restart PostgreSQL", cluster.restart),
        ]
    try:
        people, stats, elapsed, problems = run(
            stack,
            officers=args.officers,
            seconds=args.seconds,
            office_clients=args.office_clients,
            office_think=args.office_think,
            faults=faults,
            per_officer=args.reports_per_officer,
            periods=args.periods,
            saves=args.saves,
            think=think,
        )
    finally:
        if cluster is not None:
            cluster.destroy()
    print(
        f"{args.app_servers} app servers × {args.workers} workers × {args.threads} threads; "
        f"{args.officers} officers (think {args.think} s), {args.office_clients} on the "
        f"overview (every {args.office_think} s); load average before/after: "
        f"{load_before} / {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    report(stats, elapsed)
    done = len(stats.acknowledged) + len(stats.recovered)
    # One report each: every officer must have submitted. Several each: the time
    # may end before an officer's last report; what was acknowledged must be there.
    expected = len(people) if args.saves is None else done
    print(
        f"submissions acknowledged: {done} of {expected} "
        f"({len(stats.recovered)} confirmed after a lost answer); problems: {len(problems)}"
    )
    for problem in problems:
        print("PROBLEM", problem)
    return 1 if problems or done != expected else 0


if __name__ == "__main__":
    sys.exit(main())
