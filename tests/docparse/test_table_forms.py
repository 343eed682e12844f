"""One task table, six ways it reaches the parser: a Word table, an HTML table, a PDF
table, tab-separated text (a spreadsheet copy), one cell per line (a web page copied
into the paste box, blank lines between cells) and cells each prefixed with `|`, or
rows of `|`-separated cells. Every form must read as the same tasks."""

import pytest

from duban.docparse import read_bytes
from duban.docparse.parser import parse_text
from tests.docparse import makedocs

HEADER = ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]
ROWS = [
    ["1", "建成城市书房12个", "市文旅局", "各区人民政府", "2023年10月底前"],
    ["2", "新增公办学位3600个", "市教育局", "市财政局、市自然资源局", "2023年8月底前"],
    ["3", "改造老旧小区45个", "市住建局", "市城管局", "2023年12月底前"],
]
BEFORE = "清河市2023年民生实事任务分解表\n\n为办好民生实事,现将任务分解如下。\n\n"
AFTER = "\n\n清河市人民政府办公室\n2023年3月1日\n"

EXPECTED = [
    ("建成城市书房12个", ["市文旅局"], ["各区人民政府"], "2023-10-31", 12.0),
    ("新增公办学位3600个", ["市教育局"], ["市财政局", "市自然资源局"], "2023-08-31", 3600.0),
    ("改造老旧小区45个", ["市住建局"], ["市城管局"], "2023-12-31", 45.0),
]


def _tab_text() -> str:
    return BEFORE + "\n".join("\t".join(r) for r in [HEADER, *ROWS]) + AFTER


def _one_cell_per_line() -> str:
    return BEFORE + "\n\n".join(c for r in [HEADER, *ROWS] for c in r) + AFTER


def _bar_prefixed() -> str:
    return BEFORE + "\n".join(f"| {c}" for r in [HEADER, *ROWS] for c in r) + AFTER


def _bar_rows() -> str:
    return BEFORE + "\n".join("| " + " | ".join(r) + " |" for r in [HEADER, *ROWS]) + AFTER


FORMS = {
    "tab-separated": lambda: parse_text(_tab_text()),
    "one cell per line": lambda: parse_text(_one_cell_per_line()),
    "| before each cell": lambda: parse_text(_bar_prefixed()),
    "| rows": lambda: parse_text(_bar_rows()),
    "docx": lambda: parse_text(read_bytes(makedocs.make_docx(_tab_text()), "t.docx")),
    "html": lambda: parse_text(read_bytes(makedocs.make_html(_tab_text()), "t.html")),
    "pdf": lambda: parse_text(read_bytes(makedocs.make_pdf(_tab_text()), "t.pdf")),
}


def _reading(plan):
    return [
        (
            t.title,
            t.lead_units,
            t.co_units,
            t.deadline,
            [i.value for i in t.indicators],
        )
        for t in plan.tasks
    ]


@pytest.mark.parametrize("form", list(FORMS))
def test_the_same_table_reads_the_same_in_every_form(form):
    got = _reading(FORMS[form]())
    want = [(title, lead, co, deadline, [value]) for title, lead, co, deadline, value in EXPECTED]
    assert got == want, form
