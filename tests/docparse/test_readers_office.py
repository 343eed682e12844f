"""Spreadsheets (xlsx; xls through LibreOffice) and legacy Word/WPS files (.doc/.wps
through LibreOffice): the seed notice in each gives its tasks and units, a task
breakdown workbook reads as the same plan as its Word table, and bad files give one
Chinese DocumentError — a hanging converter included."""

from __future__ import annotations

import datetime
import json
import subprocess
import time
from pathlib import Path

import openpyxl
import pytest

from duban.docparse import DocumentError, ole, parse_text, read_bytes, read_document
from duban.docparse import convert as converter
from duban.docparse.readers import sniff_type
from tests.docparse import makedocs
from tests.docparse.scoring import score

DATA = Path(__file__).parent / "data"
SEED = (DATA / "haixi-2020-91.txt").read_text(encoding="utf-8")
GOLD = json.loads((DATA / "haixi-2020-91.gold.json").read_text(encoding="utf-8"))


def task_view(plan) -> list[tuple]:
    return [(t.title, t.group, t.lead_units, t.co_units, t.deadline) for t in plan.tasks]


# --- xlsx -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_xlsx() -> bytes:
    rows = makedocs.seed_task_rows(SEED, GOLD)
    return makedocs.make_xlsx([("任务分解表", [makedocs.TASK_TABLE_HEADER, *rows])])


def test_seed_as_xlsx_task_table_gives_its_tasks_and_units(seed_xlsx):
    reading = read_document(seed_xlsx, "任务分解表.xlsx")
    assert reading.kind == "xlsx"
    s = score(parse_text(reading.text).to_dict(), GOLD)
    assert s.tasks.f1 == 1.0, s.report()
    assert s.co.f1 == 1.0, s.report()
    # Two tasks have no lead unit; the sheet says so with "—", which the unit
    # parser still takes for a name (units.py, not the reader): one extra each.
    assert s.lead.recall == 1.0 and s.lead.f1 >= 0.95, s.report()
    assert s.targets.recall >= 0.95, s.report()


def test_xlsx_cells_locate_their_text(seed_xlsx):
    reading = read_document(seed_xlsx, "a.xlsx")
    assert reading.cells
    for cell in reading.cells:
        assert "\t" not in reading.text[cell.start : cell.end]
        assert reading.text[cell.start : cell.end].strip()
    plan = parse_text(reading.text)
    task = next(t for t in plan.tasks if t.title == "全力推动稳增长")
    cells = reading.cells_in(*task.span)
    assert {c.row for c in cells} == {5}  # header in row 1, (四) is the fourth task
    title = next(c for c in cells if reading.text[c.start : c.end] == "全力推动稳增长")
    assert (title.sheet, title.row, title.column, title.ref) == (
        "任务分解表",
        5,
        2,
        "任务分解表!B5",
    )


def test_two_sheet_workbook_reads_as_its_word_table():
    workbook = parse_text(read_bytes(makedocs.two_sheet_workbook(), "分解表.xlsx"))
    word = parse_text(read_bytes(makedocs.two_sheet_workbook_as_word(), "分解表.docx"))
    assert task_view(workbook) == task_view(word)
    titles = [t.title for t in workbook.tasks]
    assert "辅助行:不显示" not in titles and all(
        "某" not in u for t in workbook.tasks for u in t.co_units
    )
    # One sheet per key work: that work's tasks are grouped under it; a task cell
    # merged over two measures makes each measure a task grouped under the task.
    groups = {t.title: t.group for t in workbook.tasks}
    assert groups == {
        "落实减税降费政策": "保市场主体",
        "开展市场主体发展促进年活动": "保市场主体",
        "稳定工业运行": "稳增长",
        "保居民就业": "保民生",
        "补齐医疗卫生短板": "保民生",
    }
    merged = [t for t in workbook.tasks if t.group == "保市场主体"]
    assert [t.lead_units for t in merged] == [["州税务局"], ["州税务局"]]
    assert [t.deadline for t in merged] == ["2020-11-30", "2020-11-30"]


def test_workbook_cells_point_at_sheet_row_and_column():
    reading = read_document(makedocs.two_sheet_workbook(), "分解表.xlsx")
    plan = parse_text(reading.text)
    task = next(t for t in plan.tasks if "医共体" in t.title or "医疗卫生" in t.title)
    refs = {c.ref for c in reading.cells_in(*task.span)}
    assert "二、保民生!B3" in refs and "二、保民生!D3" in refs
    # The hidden row 4 of the first sheet gives no cell.
    assert not [c for c in reading.cells if c.sheet == "一、稳增长" and c.row == 4]


def test_hidden_sheets_and_columns_are_not_read():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "任务"
    sheet.append(["序号", "重点任务", "备注", "牵头单位"])
    sheet.append(["1", "稳就业", "内部备注不公开", "州人社局"])
    sheet.column_dimensions["C"].hidden = True
    secret = workbook.create_sheet("底稿")
    secret.append(["隐藏工作表的内容"])
    secret.sheet_state = "hidden"
    path = makedocs.io.BytesIO()
    workbook.save(path)
    text = read_bytes(path.getvalue(), "a.xlsx")
    assert "稳就业" in text and "内部备注" not in text and "隐藏工作表" not in text


def test_xlsx_values_read_as_a_person_sees_them():
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["指标", "目标值", "完成时限"])
    sheet.append(["城镇调查失业率", 0.055, datetime.datetime(2020, 12, 31)])
    sheet["B2"].number_format = "0.0%"
    sheet.append(["新增就业", 13000.0, None])
    out = makedocs.io.BytesIO()
    workbook.save(out)
    text = read_bytes(out.getvalue(), "a.xlsx")
    assert "城镇调查失业率\t5.5%\t2020年12月31日" in text
    assert "新增就业\t13000\n" in text


def test_xls_through_libreoffice_reads_like_the_xlsx(seed_xlsx):
    xls = converter.convert(seed_xlsx, "xlsx", "xls")
    assert ole.ole_kind(xls) == "xls"
    assert sniff_type(xls, "分解表.xls") == "xls"
    assert read_bytes(xls, "分解表.xls") == read_bytes(seed_xlsx, "a.xlsx")
    # A WPS 表格 .et file is the same container; the name does not matter.
    assert read_bytes(xls, "分解表.et") == read_bytes(seed_xlsx, "a.xlsx")


# --- .doc / .wps ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_doc() -> bytes:
    return converter.convert(makedocs.make_docx(SEED), "docx", "doc")


def test_seed_as_doc_gives_its_tasks_and_units(seed_doc):
    assert sniff_type(seed_doc, "plan.doc") == "doc"
    s = score(parse_text(read_bytes(seed_doc, "plan.doc")).to_dict(), GOLD)
    assert s.tasks.f1 == 1.0, s.report()
    assert s.lead.f1 == 1.0 and s.co.f1 == 1.0, s.report()
    assert s.meta_mismatches == [], s.report()


def test_wps_file_is_read_like_a_doc(seed_doc):
    assert read_bytes(seed_doc, "plan.wps") == read_bytes(seed_doc, "plan.doc")


def _ole(*streams: str, size: int = 4096) -> bytes:
    """An OLE2 header and directory names only: enough for the type to be told,
    not for any program to open it."""
    body = b"".join(name.encode("utf-16-le") + bytes(64 - 2 * len(name)) for name in streams)
    return ole.OLE_MAGIC + bytes(504) + body + bytes(size)


def test_password_protected_office_file():
    data = _ole("EncryptionInfo", "EncryptedPackage")
    for name in ("a.docx", "a.xlsx", "a.doc"):
        with pytest.raises(DocumentError, match="密码保护"):
            read_bytes(data, name)


def test_corrupt_doc_is_a_chinese_error():
    with pytest.raises(DocumentError, match="无法转换该 .doc 文件") as caught:
        read_bytes(_ole("WordDocument", "1Table"), "plan.doc")
    assert "\n" not in str(caught.value)


def test_hanging_converter_is_killed_at_its_time_limit(seed_doc):
    started = time.monotonic()
    with pytest.raises(DocumentError, match="转换超时"):
        converter.convert(seed_doc, "doc", "docx", timeout=0.3)
    assert time.monotonic() - started < 10
    # Nothing of it is left running (its whole process group was killed).
    leftovers = [
        p
        for p in Path("/proc").iterdir()
        if p.name.isdigit() and _cmdline(p).count("duban-soffice-") and _alive(p)
    ]
    assert leftovers == []


def _cmdline(proc: Path) -> str:
    try:
        return (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _alive(proc: Path) -> bool:
    try:
        return "\nState:\tZ" not in (proc / "status").read_text()
    except OSError:
        return False


def test_converter_profile_forbids_macros():
    assert "DisableMacrosExecution" in converter._PROFILE
    assert (
        '<prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value>' in converter._PROFILE
    )


def test_converter_runs_without_network(tmp_path):
    """The converter runs in a network namespace of its own: a program started the
    same way sees only a loopback device."""
    command = converter.command(tmp_path / "in.doc", tmp_path, "docx", tmp_path / "profile")
    assert command[:2] == [converter.UNSHARE, "-rn"]
    out = subprocess.run(
        [*command[:2], "cat", "/proc/net/dev"], capture_output=True, text=True, check=True
    ).stdout
    devices = [line.split(":")[0].strip() for line in out.splitlines()[2:]]
    assert devices == ["lo"]
