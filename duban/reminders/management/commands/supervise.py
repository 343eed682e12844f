"""`duban supervise [--now 2020-12-18T09:00] [--dry-run]`: one run of the reminder ladder."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from duban.reminders import services


def parse_now(value: str | None) -> dt.datetime:
    if not value:
        return timezone.now()
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--now 格式应为 2020-12-18T09:00,收到 {value!r}") from exc
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)  # local time (Asia/Shanghai)
    return moment


class Command(BaseCommand):
    help = "按提醒规则生成并发送到期提醒、催办和逾期上报;--dry-run 只列出将发送的消息(每人每事项每类一行)。"

    def add_arguments(self, parser):
        parser.add_argument("--now", help="视为当前时间(本地时间,如 2020-12-18T09:00)")
        parser.add_argument("--dry-run", action="store_true", help="只列出,不发送")
        parser.add_argument("--worker", default="cli", help="发送进程名(记录在提醒汇总上)")

    def handle(self, *args, **options):
        now = parse_now(options["now"])
        if options["dry_run"]:
            unreached = []
            messages = services.preview(now=now, unreached=unreached)
            for message in messages:
                self.stdout.write(services.dry_run_line(message))
            for obligation, step in unreached:
                self.stdout.write(services.unreached_line(obligation, step))
            self.stderr.write(
                f"{len(messages)} 条消息将发送(未发送);{len(unreached)} 条因单位无账号无法送达。"
            )
            return
        summary = services.run_supervision(now=now, worker=options["worker"])
        self.stdout.write(
            f"新生成 {summary.planned} 条,发送 {summary.messages} 条,合并为 {summary.digests} 份汇总。"
        )
        for failure in summary.failures:
            self.stderr.write(f"发送失败:{failure}")
