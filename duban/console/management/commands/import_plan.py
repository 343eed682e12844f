"""`duban import_plan FILE --office NAME --user USERNAME [--publish]`: import a plan
document from the command line through the same services as the web page."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from duban.accounts.models import User
from duban.plans import services
from duban.plans.uploads import UploadRejected, open_upload
from duban.reports.calendar import calendar_from_document
from duban.reports.publishing import publish_plan
from duban.reports.services import ReportError
from duban.units.models import Unit


class Command(BaseCommand):
    help = "导入一份公文为计划草稿(可选直接发布)。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="公文文件(txt、docx、pdf、html、ofd)")
        parser.add_argument("--office", required=True, help="主办单位(督查室所在单位)的简称")
        parser.add_argument("--user", required=True, help="以哪个督查室账号的名义导入")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="导入后按文件的报送要求设置报送日历并直接发布",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件:{path}")
        office = Unit.objects.find(options["office"])
        if office is None:
            raise CommandError(f"单位名录中没有“{options['office']}”。")
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"没有账号“{options['user']}”。")
        try:
            source = open_upload(path.read_bytes(), path.name)
            plan = services.import_source(source=source, office=office, user=user)
        except (UploadRejected, services.PlanError) as exc:
            raise CommandError(str(exc)) from exc
        unknown = list(services.unknown_mentions(plan).values_list("name", flat=True))
        self.stdout.write(f"已导入计划 #{plan.pk}《{plan.name}》:{plan.tasks.count()} 项任务。")
        if unknown:
            self.stdout.write(
                self.style.WARNING("未识别的单位:" + "、".join(dict.fromkeys(unknown)))
            )
        if options["publish"]:
            try:
                periods = calendar_from_document(plan=plan, user=user)
                publish_plan(plan=plan, user=user)
            except (services.PlanError, ReportError) as exc:
                raise CommandError(f"计划已导入为草稿,但未能发布:{exc}") from exc
            self.stdout.write(
                f"报送日历:{plan.reporting_calendar.get_cadence_display()},共 {len(periods)} 期,"
                f"最终报送截止 {plan.reporting_calendar.final_deadline:%Y-%m-%d}。"
            )
            self.stdout.write("已发布。")
