"""`duban report docx|pdf` and `duban ledger export|import` on the demo data."""

import io
import subprocess

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from docx import Document

from duban.exports.ledger import COL, FIRST_ROW
from duban.plans.models import Plan

DOC = "西政办〔2020〕91号"


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", stdout=io.StringIO())
    return Plan.objects.get(doc_number=DOC)


def test_report_docx_holds_the_nine_key_works_with_their_targets(demo, tmp_path):
    out = tmp_path / "r.docx"
    call_command("report", "docx", "--plan", DOC, "--out", str(out), stdout=io.StringIO())
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    tasks = list(demo.tasks.order_by("order"))
    assert len(tasks) == 9
    for task in tasks:
        assert task.title in text
        for target in task.targets.all():
            assert target.name in text


def test_report_pdf_for_one_unit(demo, tmp_path):
    out = tmp_path / "r.pdf"
    call_command(
        "report",
        "pdf",
        "--plan",
        DOC,
        "--unit",
        "州发改委",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "州发改委关于" in text


def test_report_chain_subcommands_still_work(demo):
    out = io.StringIO()
    call_command("report", "list", str(demo.pk), "--unit", "州发改委", stdout=out)
    assert "州发改委" in out.getvalue()


def test_unknown_plan_or_unit_is_a_clear_error(demo, tmp_path):
    with pytest.raises(CommandError, match="没有文号"):
        call_command("report", "docx", "--plan", "无此文号", "--out", str(tmp_path / "x"))
    with pytest.raises(CommandError, match="不在名录"):
        call_command(
            "report", "docx", "--plan", DOC, "--unit", "火星局", "--out", str(tmp_path / "x")
        )


def test_ledger_export_then_dry_run_and_import(demo, tmp_path):
    out = tmp_path / "l.xlsx"
    call_command("ledger", "export", "--plan", DOC, "--out", str(out), stdout=io.StringIO())
    wb = openpyxl.load_workbook(out)
    ws = wb["台账"]
    row = next(
        r
        for r in ws.iter_rows(min_row=FIRST_ROW)
        if r[COL["unit"]].value == "州发改委" and r[COL["target"]].value
    )
    row[COL["value"]].value = 1
    wb.save(out)
    dry = io.StringIO()
    call_command("ledger", "import", str(out), "--as", "fgw", "--dry-run", stdout=dry)
    assert "检查通过:1 份报告将被更新(未写入)" in dry.getvalue()
    done = io.StringIO()
    call_command("ledger", "import", str(out), "--as", "fgw", stdout=done)
    assert "已导入:1 份报告" in done.getvalue()


def test_ledger_import_of_a_bad_file_lists_errors(demo, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"nope")
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 处错误"):
        call_command("ledger", "import", str(bad), "--as", "fgw", stderr=err)
    assert "xlsx" in err.getvalue()
