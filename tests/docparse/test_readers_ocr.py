"""Scans through Tesseract chi_sim: the seed notice as an image-only PDF (its pages
rasterised at 150 dpi) gives the seed's tasks, units and targets; page images
(png, jpg, tiff) read as text; every OCR line keeps its confidence and place; a
mixed PDF reads its text pages from the text layer and only the scanned ones by
OCR; too many scanned pages are refused before any is read."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image

from duban.docparse import DocumentError, parse_text, read_document
from duban.docparse.read_ocr import LOW_CONFIDENCE, MAX_PAGES
from duban.docparse.readers import ocr_pages, sniff_type
from tests.docparse import makedocs
from tests.docparse.scoring import score

DATA = Path(__file__).parent / "data"
SEED = (DATA / "haixi-2020-91.txt").read_text(encoding="utf-8")
GOLD = json.loads((DATA / "haixi-2020-91.gold.json").read_text(encoding="utf-8"))
SHORT = (
    "关于做好四季度重点工作的通知\n一、稳定就业。确保全年城镇新增就业1.3万人。(牵头单位:州人社局)"
)


@pytest.fixture(scope="module")
def seed_scan():
    data = makedocs.make_scanned_pdf(SEED, dpi=150)
    done = []
    reading = read_document(data, "scan.pdf", progress=lambda d, t: done.append((d, t)))
    return data, reading, done


def test_scanned_seed_gives_its_tasks_units_and_targets(seed_scan):
    data, reading, _ = seed_scan
    assert sniff_type(data, "scan.pdf") == "pdf"
    s = score(parse_text(reading.text).to_dict(), GOLD)
    assert s.tasks.f1 >= 0.95, s.report()
    assert s.lead.f1 >= 0.95 and s.co.f1 >= 0.95, s.report()
    assert s.targets.f1 >= 0.9, s.report()


def test_scan_progress_and_line_confidence(seed_scan):
    data, reading, done = seed_scan
    pages = ocr_pages(data, "scan.pdf")
    assert pages >= 10
    assert done == [(n, pages) for n in range(1, pages + 1)]
    assert len(reading.ocr_lines) > 200
    assert all(0 <= line.confidence <= 100 for line in reading.ocr_lines)
    # Nearly every line is found again in the final text (page numbers are dropped).
    assert len(reading.ocr_spans) >= 0.9 * len(reading.ocr_lines)
    for start, end, _ in reading.ocr_spans:
        assert 0 <= start < end <= len(reading.text) and reading.text[start:end].strip()
    assert reading.low_confidence == [s for s in reading.ocr_spans if s[2] < LOW_CONFIDENCE]


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "TIFF"])
def test_page_images_are_read(fmt):
    data = makedocs.make_image(SHORT, fmt=fmt, dpi=150)
    assert sniff_type(data, f"photo.{fmt.lower()}") == "image"
    assert ocr_pages(data, "photo") == 1
    reading = read_document(data, f"photo.{fmt.lower()}")
    assert reading.kind == "image"
    flat = reading.text.replace(" ", "")
    assert "关于做好四季度重点工作的通知" in flat
    assert "州人社局" in flat and "1.3万人" in flat
    assert reading.ocr_spans


def test_image_is_refused_where_ocr_is_not_allowed():
    with pytest.raises(DocumentError, match="扫描图片需要文字识别"):
        read_document(makedocs.make_image(SHORT), "photo.png", ocr=False)


def test_mixed_pdf_reads_only_its_scanned_pages_by_ocr():
    text_page = makedocs.make_pdf("一、文字层页面的内容。(牵头单位:州发改委)", header=None)
    scan_page = makedocs.make_scanned_pdf(SHORT)
    merged = _merge_pdfs(text_page, scan_page)
    assert ocr_pages(merged, "a.pdf") == 1
    reading = read_document(merged, "a.pdf")
    assert reading.text.startswith("一、文字层页面的内容。")
    assert "州人社局" in reading.text.replace(" ", "")
    assert all(start > 10 for start, _, _ in reading.ocr_spans)  # page 1 is not OCR text


def _merge_pdfs(*documents: bytes) -> bytes:
    out = pypdfium2.PdfDocument.new()
    for data in documents:
        out.import_pages(pypdfium2.PdfDocument(data))
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def test_too_many_scanned_pages_are_refused_before_reading():
    pages = [Image.new("L", (40, 56), 255) for _ in range(MAX_PAGES + 1)]
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=10)
    with pytest.raises(DocumentError, match="扫描页数过多"):
        read_document(out.getvalue(), "a.pdf", progress=lambda d, t: pytest.fail("OCR ran"))
