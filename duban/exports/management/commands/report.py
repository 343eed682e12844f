"""`duban report …`: the reports chain (see duban/reports/management/commands/
report.py) plus the written report:

    duban report docx --plan 西政办〔2020〕91号 [--unit 州发改委] [--on 2020-12-21] --out r.docx
    duban report pdf  --plan 西政办〔2020〕91号 [--unit 州发改委] [--on 2020-12-21] --out r.pdf

This app is listed before reports in INSTALLED_APPS, so this command is the
one `duban report` runs; it adds two subcommands to the reports one.
"""

import argparse
import datetime as dt
from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone

from duban.exports import services
from duban.reports.management.commands import report as chain


class Command(chain.Command):
    help = chain.Command.help + " 生成书面报告(docx/pdf)。"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # The chain command made the subparsers; add ours to the same set.
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        for fmt in ("docx", "pdf"):
            p = sub.add_parser(fmt)
            p.add_argument("--plan", required=True, help="文号,如 西政办〔2020〕91号")
            p.add_argument("--unit", default="", help="单位名称:该单位的书面材料")
            p.add_argument("--on", default="", help="截至日期 YYYY-MM-DD(默认今天)")
            p.add_argument("--out", required=True)

    def _written(self, fmt, *, plan, unit, on, out):
        try:
            day = dt.date.fromisoformat(on) if on else timezone.localdate()
        except ValueError:
            raise CommandError("日期格式应为 YYYY-MM-DD。") from None
        try:
            the_plan = services.find_plan(plan)
            the_unit = services.find_unit(the_plan, unit) if unit else None
            report = services.build_report(plan=the_plan, unit=the_unit, on=day)
            data = services.render(report, fmt)
        except services.ExportError as exc:
            raise CommandError(str(exc)) from None
        Path(out).write_bytes(data)
        self.stdout.write(f"{out}\t{len(data)} 字节")

    def _docx(self, **opts):
        self._written("docx", **_pick(opts))

    def _pdf(self, **opts):
        self._written("pdf", **_pick(opts))


def _pick(opts):
    return {key: opts[key] for key in ("plan", "unit", "on", "out")}
