"""`duban report …`: the reports chain from the command line, through the same
services (and so the same transitions table and permission checks) as the
pages and the API.

    duban report calendar PLAN --user NAME --cadence month|dekad|quarter|dates
                          [--dates 2020-11-10,2020-12-01] [--co-days 3] [--sign-off]
    duban report list PLAN [--unit 州发改委]
    duban report act REPORT ACTION --user NAME [--comment TEXT]
        ACTION: submit | sign | consolidate | accept | return
"""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from duban.accounts.models import User
from duban.plans.models import Plan
from duban.reports import services
from duban.reports.calendar import generate_periods
from duban.reports.models import Report

STEPS = {
    "submit": lambda r, u, c: services.submit_report(report=r, user=u),
    "sign": lambda r, u, c: services.sign_report(report=r, user=u),
    "consolidate": lambda r, u, c: services.consolidate_and_submit(report=r, user=u),
    "accept": lambda r, u, c: services.accept_report(report=r, user=u, comment=c),
    "return": lambda r, u, c: services.return_report(report=r, user=u, comment=c),
}


def _user(name):
    try:
        return User.objects.get(username=name, is_active=True)
    except User.DoesNotExist:
        raise CommandError(f"没有这个账号:{name}") from None


def _plan(pk):
    try:
        return Plan.objects.get(pk=pk)
    except Plan.DoesNotExist:
        raise CommandError(f"没有这个计划:{pk}") from None


class Command(BaseCommand):
    help = "进展报送:设置报送日历、查看报告、执行报送步骤。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        cal = sub.add_parser("calendar")
        cal.add_argument("plan", type=int)
        cal.add_argument("--user", required=True)
        cal.add_argument("--cadence", required=True, choices=["dekad", "month", "quarter", "dates"])
        cal.add_argument("--dates", default="")
        cal.add_argument("--co-days", type=int, default=3)
        cal.add_argument("--sign-off", action="store_true")
        lst = sub.add_parser("list")
        lst.add_argument("plan", type=int)
        lst.add_argument("--unit", default="")
        act = sub.add_parser("act")
        act.add_argument("report", type=int)
        act.add_argument("action", choices=sorted(STEPS))
        act.add_argument("--user", required=True)
        act.add_argument("--comment", default="")

    def handle(self, *args, what, **opts):
        try:
            getattr(self, f"_{what}")(**opts)
        except PermissionDenied as exc:
            raise CommandError(str(exc) or "没有权限。") from None
        except services.ReportError as exc:
            raise CommandError(str(exc)) from None

    def _calendar(self, *, plan, user, cadence, dates, co_days, sign_off, **_):
        try:
            listed = [dt.date.fromisoformat(d.strip()) for d in dates.split(",") if d.strip()]
        except ValueError:
            raise CommandError("日期格式应为 YYYY-MM-DD,用逗号分隔。") from None
        periods = generate_periods(
            plan=_plan(plan),
            user=_user(user),
            cadence=cadence,
            dates=listed,
            co_lead_days=co_days,
            require_sign_off=sign_off,
        )
        for p in periods:
            self.stdout.write(f"{p.label}\t{p.start}…{p.due_date}\t配合单位 {p.co_due_date}")

    def _list(self, *, plan, unit, **_):
        reports = Report.objects.filter(task__plan=_plan(plan)).select_related(
            "task", "unit", "period"
        )
        if unit:
            reports = reports.filter(unit__name=unit)
        for r in reports.order_by("period__due_date", "task__order", "role", "unit__name"):
            self.stdout.write(
                f"{r.pk}\t{r.period.label}\t{r.task.key}\t{r.unit.name}\t"
                f"{r.get_role_display()}\t{r.get_status_display()}"
            )

    def _act(self, *, report, action, user, comment, **_):
        try:
            target = Report.objects.get(pk=report)
        except Report.DoesNotExist:
            raise CommandError(f"没有这份报告:{report}") from None
        result = STEPS[action](target, _user(user), comment)
        self.stdout.write(f"{result.pk}\t{result.get_status_display()}")
