"""PDF text through pdfium, pdfplumber only for pages with ruling: the same reading,
and so the same ParsedPlan, as pdfplumber alone for every PDF the tests make (the
seed, each corpus document, tables, letter spacing, a watermark, restricted files)."""

from __future__ import annotations

import ctypes
import subprocess
import sys
import unicodedata
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_raw
import pytest
import weasyprint

from duban.docparse import parse_text
from duban.docparse.normalize import clean_text
from duban.docparse.read_pdf import (
    _RIGHT_TO_LEFT,
    _codes,
    _needs_pdfplumber,
    _pdfium_chars,
    _text_objects,
    read_pdf,
    read_pdf_pdfium,
    read_pdf_pdfplumber,
)
from tests.docparse import makedocs
from tests.docparse.test_table_forms import _tab_text

HERE = Path(__file__).parent
SEED = clean_text((HERE / "data" / "haixi-2020-91.txt").read_text(encoding="utf-8"))
DOCUMENTS = sorted((HERE / "corpus").glob("*.txt")) + sorted((HERE / "real").glob("*.txt"))

_TABLE_PAGE = """<html><head><meta charset="utf-8"><style>
body { font-family: "Noto Sans CJK SC"; } td { border: 1px solid black; padding: 4px; }
table { border-collapse: collapse; }</style></head><body>
<p>重点任务分工表</p>
<table><tr><td>序号</td><td>任务</td><td>牵头单位</td></tr>
<tr><td>1</td><td>稳增长</td><td>州发改委</td></tr>
<tr><td>2</td><td>保就业</td><td>州人社局</td></tr></table>
<p>以上任务请认真落实。</p></body></html>"""
_SPACED_PAGE = """<html><head><meta charset="utf-8"><style>
body { font-family: "Noto Serif CJK SC"; font-size: 15pt; }
h1 { font-size: 22pt; text-align: center; font-weight: normal; margin: 0; }
p { margin: 0; letter-spacing: 0.25em; text-indent: 2em; }</style></head><body>
<h1>关于开展专项行动的实施方案关于开展专项行动的实施方案</h1>
<p>第四季度是全年工作的收官阶段,确保全年城镇新增就业1.3万人,失业率控制在3.5%以内。</p>
</body></html>"""
_WATERMARK_PAGE = """<html><head><meta charset="utf-8"><style>
body { font-family: "Noto Serif CJK SC"; font-size: 15pt; } p { margin: 0; text-indent: 2em; }
.wm { position: fixed; top: 300px; left: 100px; font-size: 60pt; transform: rotate(-30deg); }
</style></head><body><div class="wm">内部资料</div>
<p>第四季度是全年工作的收官阶段。</p><p>确保全年城镇新增就业1.3万人。</p></body></html>"""
_RULED_PAGE = """<html><head><meta charset="utf-8"><style>
body { font-family: "Noto Serif CJK SC"; } h1 { border-bottom: 2pt solid #c00; }
</style></head><body><h1>海西州人民政府办公室</h1><p>一、稳增长。(牵头单位:州发改委)</p>
</body></html>"""
# Narrow lines break "well-known" after its hyphen: pdfium reports such a hyphen as
# character 2 (and U+FFFE in its page text), pdfminer as the glyph's "-".
_HYPHEN_PAGE = """<html><head><meta charset="utf-8"><style>
body { font-family: "DejaVu Serif"; font-size: 12pt; } p { width: 5.2em; }
</style></head><body><p>well-known state-of-the-art long-term</p></body></html>"""

MADE = {
    "seed": lambda: makedocs.make_pdf(SEED),
    "seed-no-header": lambda: makedocs.make_pdf(SEED, header=None),
    "tab-table": lambda: makedocs.make_pdf(_tab_text()),
    "table": lambda: weasyprint.HTML(string=_TABLE_PAGE).write_pdf(),
    "letter-spaced": lambda: weasyprint.HTML(string=_SPACED_PAGE).write_pdf(),
    "watermark": lambda: weasyprint.HTML(string=_WATERMARK_PAGE).write_pdf(),
    "header-rule": lambda: weasyprint.HTML(string=_RULED_PAGE).write_pdf(),
    "hyphen-at-line-end": lambda: weasyprint.HTML(string=_HYPHEN_PAGE).write_pdf(),
    "restricted": lambda: makedocs.make_encrypted_pdf(
        "Annual plan 2020", user_password=b"", owner_password=b"k"
    ),
}


def _both(data: bytes):
    """read_pdf's text (pdf_text.py where it reads a page), after checking it is what
    pdfium gives; and pdfplumber's."""
    fast = read_pdf(data, ocr=False)[0]
    assert fast == read_pdf_pdfium(data, ocr=False)[0]
    return fast, read_pdf_pdfplumber(data, ocr=False)[0]


@pytest.mark.parametrize("name", MADE)
def test_same_reading_as_pdfplumber(name):
    fast, reference = _both(MADE[name]())
    assert fast == reference
    assert parse_text(clean_text(fast)) == parse_text(clean_text(reference))


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_each_document_reads_the_same_as_through_pdfplumber(path):
    text = clean_text(path.read_text(encoding="utf-8"))
    fast, reference = _both(makedocs.make_pdf(text, header=None))
    assert fast == reference
    assert parse_text(clean_text(fast)) == parse_text(clean_text(reference))


def test_pages_with_ruling_go_to_pdfplumber_and_plain_pages_do_not():
    table = pypdfium2.PdfDocument(MADE["table"]())
    seed = pypdfium2.PdfDocument(MADE["seed"]())
    assert _needs_pdfplumber(table[0])
    assert not any(_needs_pdfplumber(seed[i]) for i in range(len(seed)))


def test_reading_the_seed_pdf_loads_no_pdfplumber(tmp_path):
    path = tmp_path / "seed.pdf"
    path.write_bytes(MADE["seed"]())
    code = (
        "import sys\n"
        "from duban.docparse import read_file\n"
        f"assert '州发改委' in read_file({str(path)!r})\n"
        "print(sorted(m for m in ('pdfplumber', 'pdfminer', 'PIL') if m in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


@pytest.mark.parametrize("name", ["seed", "letter-spaced", "watermark", "hyphen-at-line-end"])
def test_page_text_in_one_call_gives_each_characters_own_value(name):
    """`_codes` reads the page's text at once; it must give what asking character by
    character gives, the line-end hyphen's 2 included."""
    document = pypdfium2.PdfDocument(MADE[name]())
    for number in range(len(document)):
        textpage = document[number].get_textpage()
        raw, count = textpage.raw, textpage.count_chars()
        assert _codes(raw, count) == [pdfium_raw.FPDFText_GetUnicode(raw, i) for i in range(count)]


def test_a_page_with_a_word_broken_at_its_hyphen_goes_to_pdfplumber():
    document = pypdfium2.PdfDocument(MADE["hyphen-at-line-end"]())
    assert _pdfium_chars(document[0]) is None
    assert (
        read_pdf(MADE["hyphen-at-line-end"](), ocr=False)[0]
        == "well-known state-of-the-art long-term"
    )


@pytest.mark.parametrize("name", ["seed", "table", "letter-spaced", "watermark"])
@pytest.mark.parametrize("right_to_left", [False, True])
def test_text_objects_found_by_runs_are_each_characters_own(name, right_to_left):
    document = pypdfium2.PdfDocument(MADE[name]())
    for number in range(len(document)):
        textpage = document[number].get_textpage()
        raw, count = textpage.raw, textpage.count_chars()
        handle = ctypes.cast(raw, ctypes.c_void_p).value
        each = [
            ctypes.cast(pdfium_raw.FPDFText_GetTextObject(raw, i), ctypes.c_void_p).value
            for i in range(count)
        ]
        assert _text_objects(handle, count, right_to_left) == each


def test_right_to_left_pattern_holds_every_character_of_class_r_or_al():
    missed = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.bidirectional(chr(code)) in ("R", "AL")
        and not _RIGHT_TO_LEFT.match(chr(code))
    ]
    assert missed == []
