"""The written report as PDF: rendered with pdftoppm, its text read back with
pdftotext — CJK present, no tofu, page numbers — and fonts embedded. The
rendered first page is kept under test-results/ as an artefact."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from duban.exports import pdf_writer, written

from .conftest import FROZEN

ARTEFACTS = Path(__file__).resolve().parents[2] / "test-results" / "exports"


@pytest.fixture
def pdf_file(plan, reported, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf_writer.write_pdf(written.plan_report(plan=plan, on=FROZEN)))
    return path


def _run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def test_text_reads_back_in_chinese_with_page_numbers(pdf_file):
    text = _run("pdftotext", "-layout", str(pdf_file), "-")
    assert "落实情况的报告" in text
    assert "全力推动稳增长" in text and "城镇新增就业" in text
    assert "州发改委:稳增长各项工作有序推进。" in text.replace(" ", "")
    # No tofu: no replacement characters, no .notdef boxes.
    assert "\ufffd" not in text and "□" not in text
    # pdftotext may drop the thin spaces around the number.
    pages = int(_run("pdfinfo", str(pdf_file)).split("Pages:")[1].split()[0])
    numbers = [int(n) for n in re.findall(r"—\s*(\d+)\s*—", text)]
    assert numbers == list(range(1, pages + 1))


def test_page_is_a4_and_fonts_are_embedded_noto_cjk(pdf_file):
    info = _run("pdfinfo", str(pdf_file))
    assert "595.276 x 841.89 pts (A4)" in info
    fonts = _run("pdffonts", str(pdf_file)).splitlines()[2:]
    assert fonts, "no fonts in the PDF"
    assert all(" yes " in line for line in fonts)  # every font embedded
    assert any("Noto-Serif-CJK-SC" in line for line in fonts)  # 仿宋_GB2312 via fonts.conf
    assert any("Noto-Sans-CJK-SC" in line for line in fonts)  # 黑体 via fonts.conf


def test_rendered_page_is_kept_as_an_artefact(pdf_file):
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    prefix = ARTEFACTS / "plan-report"
    _run("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf_file), str(prefix))
    produced = sorted(ARTEFACTS.glob("plan-report*.png"))
    assert produced and produced[-1].stat().st_size > 10_000
    shutil.copy(pdf_file, ARTEFACTS / "plan-report.pdf")


def test_fontconfig_file_maps_the_official_names(tmp_path):
    conf = pdf_writer.FONTCONFIG
    env = {"FONTCONFIG_FILE": str(conf), "PATH": "/usr/bin:/bin"}
    for name, family in (
        ("仿宋_GB2312", "Noto Serif CJK SC"),
        ("方正小标宋简体", "Noto Serif CJK SC"),
        ("楷体_GB2312", "Noto Serif CJK SC"),
        ("黑体", "Noto Sans CJK SC"),
        ("宋体", "Noto Serif CJK SC"),
    ):
        out = subprocess.run(
            ["fc-match", "-f", "%{family}", name], env=env, capture_output=True, text=True
        ).stdout
        assert family in out, (name, out)


def test_body_lines_are_225mm_over_22(pdf_file, tmp_path):
    """22 lines to the 225 mm text block: consecutive body lines 28.99 pt apart."""
    out = tmp_path / "bbox.html"
    _run("pdftotext", "-f", "2", "-l", "2", "-bbox-layout", str(pdf_file), str(out))
    tops = [float(y) for y in re.findall(r'<line xMin="[0-9.]+" yMin="([0-9.]+)"', out.read_text())]
    body = tops[:-1]  # the last line is the page number
    expected = 225 / 25.4 * 72 / 22
    # Glyph boxes of 黑体 and 仿宋 sit a little differently in their line (and two
    # blank lines open the closing): compare the typical pitch.
    pitches = sorted(b - a for a, b in zip(body, body[1:], strict=False))
    assert abs(pitches[len(pitches) // 2] - expected) < 0.05, pitches
    assert len(body) <= 22
