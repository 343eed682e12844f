"""The written report and the ledger against their bare libraries.

    .venv/bin/python benchmarks/exports.py [--rows 100000] [-n 10] [--database-url URL]

Default database: a fresh SQLite file in a temporary folder (PostgreSQL with
--database-url postgres://…/duban_bench_exports; created and migrated when missing).

1. Plan docx: the demo plan 西政办〔2020〕91号 (loaded with `duban demo`, with a
   reported and accepted value on every target) — N times `plan_report` +
   `write_docx`, interleaved with N times the baseline: python-docx writing the
   same paragraphs into a bare document (no layout, no database). Prints median
   and p95 and the ratio; the limit is a median of 1 s.
2. Ledger: a synthetic plan of `--rows` ledger rows (tasks × units × targets,
   each unit with an accepted value for every target) — `export_ledger` once in
   a forked child whose peak resident memory is read from the kernel, against the
   baseline: openpyxl's write-only mode writing the same number of plain rows.
   The limits are 20 s and 300 MB (the whole process, Django included).

Exits 1 when a limit is broken. Run on an idle machine; on a shared CPU run it at
a reduced --rows and read the ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCX_LIMIT_S = 1.0
LEDGER_LIMIT_S = 20.0
LEDGER_LIMIT_MB = 300.0


def _stats(samples):
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def _in_child(func):
    """Run func() in a forked child; (seconds, peak RSS in MB of the child)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: time the call, report through the pipe
        os.close(read)
        start = time.perf_counter()
        func()
        os.write(write, str(time.perf_counter() - start).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        elapsed = float(pipe.read() or "nan")
    _pid, _status, usage = os.wait4(pid, 0)
    return elapsed, usage.ru_maxrss / 1024  # Linux: kilobytes


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("-n", type=int, default=10)
    ap.add_argument("--database-url", default="")
    args = ap.parse_args(argv)

    tmp = tempfile.TemporaryDirectory(prefix="duban-bench-exports-")
    os.environ["DUBAN_VAR_DIR"] = tmp.name
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{tmp.name}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    os.environ.setdefault("DUBAN_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from docx import Document
    from openpyxl import Workbook

    from benchmarks.export_data import accept_every_target, ledger_plan
    from duban.exports import docx_writer, ledger, written
    from duban.plans.models import Plan

    call_command("migrate", verbosity=0)
    call_command("demo", stdout=io.StringIO())
    plan = Plan.objects.get(doc_number="西政办〔2020〕91号")
    on = dt.date(2020, 12, 21)
    accept_every_target(plan, on=dt.date(2020, 11, 30))

    # 1. The plan docx.
    report = written.plan_report(plan=plan, on=on)

    def bare_docx():
        document = Document()
        document.add_paragraph(report.title)
        for block in report.blocks:
            document.add_paragraph(block.text)
        document.save(io.BytesIO())

    def duban_docx():
        docx_writer.write_docx(written.plan_report(plan=plan, on=on))

    duban_docx(), bare_docx()  # warm-up
    ours, base = [], []
    for _ in range(args.n):
        start = time.perf_counter()
        duban_docx()
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        bare_docx()
        base.append(time.perf_counter() - start)
    (om, op), (bm, bp) = _stats(ours), _stats(base)
    print(f"plan docx ({len(report.blocks)} paragraphs, {args.n} runs each)")
    print(f"  duban  plan_report+write_docx  median {om * 1000:7.1f} ms  p95 {op * 1000:7.1f} ms")
    print(f"  baseline python-docx bare      median {bm * 1000:7.1f} ms  p95 {bp * 1000:7.1f} ms")
    print(f"  ratio {om / bm:.2f}   limit: median ≤ {DOCX_LIMIT_S:.0f} s")
    failed = om > DOCX_LIMIT_S

    # 2. The ledger.
    big, rows = ledger_plan(args.rows)

    def bare_ledger():
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("台账")
        for i in range(rows):
            ws.append(
                [i, "二.(一) 任务名称", "单位", "牵头", "指标", "不低于100", "人", 50, on, "绿灯"]
            )
        wb.save(io.BytesIO())

    def duban_ledger():
        ledger.export_ledger(plan=big, on=on)

    base_s, base_mb = _in_child(bare_ledger)
    ours_s, ours_mb = _in_child(duban_ledger)
    print(f"ledger export ({rows} rows)")
    print(f"  duban  export_ledger         {ours_s:7.2f} s  peak RSS {ours_mb:6.0f} MB")
    print(f"  baseline openpyxl plain rows {base_s:7.2f} s  peak RSS {base_mb:6.0f} MB")
    print(
        f"  ratio {ours_s / base_s:.2f}   limits: ≤ {LEDGER_LIMIT_S:.0f} s, ≤ {LEDGER_LIMIT_MB:.0f} MB"
        + ("" if rows >= 100_000 else f"  (reduced scale: {rows} rows)")
    )
    failed = failed or ours_s > LEDGER_LIMIT_S or ours_mb > LEDGER_LIMIT_MB
    tmp.cleanup()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
