"""`duban ledger …`: the plan ledger (台账) as xlsx, and a filled-in ledger back
as progress reports, through the same services as the pages.

    duban ledger export --plan 西政办〔2020〕91号 [--unit 州发改委] --out ledger.xlsx
    duban ledger import ledger.xlsx --as USERNAME [--dry-run] [--submit]

Import lists every bad cell (sheet, row, column) and changes nothing unless the
whole sheet is valid; --dry-run only checks and shows what would change.
"""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from duban.accounts.models import User
from duban.exports import ledger, services


class Command(BaseCommand):
    help = "台账:导出计划台账(xlsx),导入填好的台账作为进展报告。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        exp = sub.add_parser("export")
        exp.add_argument("--plan", required=True)
        exp.add_argument("--unit", default="")
        exp.add_argument("--on", default="")
        exp.add_argument("--out", required=True)
        imp = sub.add_parser("import")
        imp.add_argument("file")
        imp.add_argument("--as", dest="username", required=True)
        imp.add_argument("--dry-run", action="store_true")
        imp.add_argument("--submit", action="store_true", help="写入后直接提交")

    def handle(self, *args, what, **opts):
        if what == "export":
            self._export(**opts)
        else:
            self._import(**opts)

    def _export(self, *, plan, unit, on, out, **_):
        try:
            day = dt.date.fromisoformat(on) if on else timezone.localdate()
        except ValueError:
            raise CommandError("日期格式应为 YYYY-MM-DD。") from None
        try:
            the_plan = services.find_plan(plan)
            the_unit = services.find_unit(the_plan, unit) if unit else None
        except services.ExportError as exc:
            raise CommandError(str(exc)) from None
        data = ledger.export_ledger(plan=the_plan, on=day, unit=the_unit)
        Path(out).write_bytes(data)
        self.stdout.write(f"{out}\t{len(data)} 字节")

    def _import(self, *, file, username, dry_run, submit, **_):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"没有这个账号:{username}")
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件:{exc}") from None
        result = ledger.read_ledger(data=data, user=user, on=timezone.localdate())
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(f"台账有 {len(result.errors)} 处错误,未导入任何内容。")
        for change in result.changes:
            report = change.report
            self.stdout.write(f"{report.task.key} {report.unit.name} {report.period.label}")
            for label, old, new in change.lines:
                self.stdout.write(f"  {label}: {old or '—'} → {new}")
            for key in sorted(change.texts):
                self.stdout.write(f"  {key}: {change.texts[key][:40]}")
        if dry_run:
            self.stdout.write(f"检查通过:{len(result.changes)} 份报告将被更新(未写入)。")
            return
        try:
            count = ledger.apply_ledger(result=result, user=user, submit=submit)
        except ledger.LedgerRejected as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"已导入:{count} 份报告。")
