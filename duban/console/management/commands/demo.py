"""`duban demo`: a ready-to-try duban on the Haixi example (idempotent).

Loads the Haixi unit directory, creates one account per role with fixed demo
passwords, imports 西政办〔2020〕91号, moves its dates by whole years so that
today falls inside its quarter (the document text is untouched; the plan page
says so), sets a monthly reporting calendar, publishes it, and plays the
periods already due through the report chain, each step at a believable moment
before today (see `duban.console.demo_reports`), so that every light and queue has
something in it and the on-time rate reads like a running plan. Running it
again changes nothing that is already there. `--today` lays the demo out as of
another day (for rehearsals and tests).
"""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from duban.accounts.demo import ACCOUNTS
from duban.accounts.models import User
from duban.accounts.services import create_account
from duban.console.demo_reports import play_reports
from duban.plans import services
from duban.plans.models import Plan
from duban.plans.uploads import UploadRejected, open_upload, read_upload
from duban.reports.calendar import generate_periods
from duban.reports.models import Cadence, ReportingCalendar
from duban.reports.publishing import publish_plan
from duban.units.models import Unit
from duban.units.services import directory_from_yaml, import_directory

DEMO_DIR = Path(__file__).resolve().parents[3] / "demo"  # duban/demo: the Haixi files
DIRECTORY_FILE = DEMO_DIR / "haixi-units.yaml"
PLAN_FILE = DEMO_DIR / "haixi-2020-91.txt"
OFFICE = "州政府办公室"


def shift_years(start: dt.date | None, end: dt.date | None, today: dt.date) -> int:
    """Whole years to add to the plan's dates so that today falls between its
    document date and its reporting deadline; when no whole-year shift does
    (today outside that season), the shift that brings the window nearest."""
    if start is None or end is None:
        return 0

    def window(years):
        return start.replace(year=start.year + years), end.replace(year=end.year + years)

    base = today.year - start.year
    candidates = (base - 1, base, base + 1)
    for years in candidates:
        a, b = window(years)
        if a <= today <= b:
            return years

    def distance(years):
        a, b = window(years)
        return min(abs((today - a).days), abs((today - b).days))

    return min(candidates, key=distance)


class Command(BaseCommand):
    help = (
        "载入演示数据:海西州单位名录、各角色演示账号、西政办〔2020〕91号计划(已发布)。可重复运行。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="按指定日期(YYYY-MM-DD)布置演示,供排练和测试使用;默认今天。",
        )

    def handle(self, *args, **options):
        today = options["today"] or timezone.localdate()
        with transaction.atomic():
            summary = import_directory(directory_from_yaml(DIRECTORY_FILE.read_bytes()))
            self.stdout.write(
                f"单位名录:新增 {len(summary.created)} 个单位,更新 {len(summary.updated)} 个;"
                f"新增 {len(summary.groups_created)} 个单位集合。"
            )
            office = Unit.objects.get(name=OFFICE)
            accounts = []
            for username, password, role, unit_name, display_name in ACCOUNTS:
                account = User.objects.filter(username=username).first()
                if account is None:
                    account = create_account(
                        username=username,
                        password=password,
                        role=role,
                        unit=Unit.objects.get(name=unit_name),
                        display_name=display_name,
                    )
                    state = "新建"
                else:
                    state = "已存在(密码未改动)"
                accounts.append((account, password, state))
            supervisor = accounts[0][0]
            plan = self._plan(office, supervisor, today)
            if plan is not None and plan.status == Plan.Status.PUBLISHED:
                users = {a.username: a for a, _p, _s in accounts}
                for line in play_reports(plan=plan, users=users, today=today):
                    self.stdout.write(line)
        self._print_accounts(accounts)

    def _plan(self, office, supervisor, today):
        try:
            source = open_upload(PLAN_FILE.read_bytes(), PLAN_FILE.name)
            parsed, _cells = read_upload(source, office=office)
        except UploadRejected as exc:
            raise CommandError(str(exc)) from exc
        doc_number = parsed.meta.doc_number or ""
        existing = Plan.objects.filter(office=office, source_name=PLAN_FILE.name)
        if doc_number:
            existing = existing.filter(doc_number=doc_number)
        plan = existing.first()
        if plan is None:
            try:
                plan = services.import_plan(
                    parsed=parsed,
                    office=office,
                    user=supervisor,
                    source_name=PLAN_FILE.name,
                    source_bytes=source.data,
                    source_type=source.kind,
                )
            except services.PlanError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"已导入计划《{plan.name}》:{plan.tasks.count()} 项任务。")
        else:
            self.stdout.write(f"计划《{plan.name}》已存在。")
        if plan.status == Plan.Status.DRAFT:
            years = shift_years(plan.published, plan.report_deadline, today)
            if years and not plan.date_shift_years:
                services.shift_plan_dates(plan=plan, user=supervisor, years=years)
                plan.refresh_from_db()
                self.stdout.write(f"日期整体推后 {years} 年(原文不变),今天落在计划的报送期内。")
            if not ReportingCalendar.objects.filter(plan=plan).exists():
                periods = generate_periods(plan=plan, user=supervisor, cadence=Cadence.MONTH)
                self.stdout.write(f"报送日历:每月报送,共 {len(periods)} 期。")
            try:
                publish_plan(plan=plan, user=supervisor)
            except services.PlanError as exc:
                self.stdout.write(self.style.WARNING(f"计划未发布:{exc}"))
            else:
                self.stdout.write(f"已发布,{plan.tasks.count()} 项任务已交办各单位。")
        plan.refresh_from_db()
        return plan

    def _print_accounts(self, accounts):
        self.stdout.write("")
        self.stdout.write(
            self.style.WARNING("演示账号(密码是公开的演示密码,正式使用前务必删除或修改):")
        )
        for account, password, state in accounts:
            self.stdout.write(
                f"  {str(account.get_role_display()):<6} {str(account.unit or ''):<10} 用户名 {account.username:<10} "
                f"密码 {password}  [{state}]"
            )
