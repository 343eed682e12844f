"""PDF → text through its text layer (pdfplumber), one paragraph per line; pages
without a text layer (scans) through OCR (read_ocr.py).

Ruled tables found by pdfplumber become one line per row with "\\t" between cells;
the rest of the page is read as lines and rejoined into paragraphs (layout.py).
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import statistics
import warnings

import pdfplumber
import pypdfium2
import pypdfium2.raw as pdfium_raw
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from . import read_ocr
from .errors import DocumentError
from .layout import Line, drop_page_furniture, first_chunk_width, join_paragraphs
from .read_ocr import OcrLine

MAX_PAGES = 1000
_CID = re.compile(r"\(cid:\d+\)")


@contextlib.contextmanager
def _quiet():
    """pdfminer logs and warns about every oddity of a file on stderr; the reader
    reports one DocumentError instead."""
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _encrypted(exc: BaseException) -> bool:
    """pdfplumber wraps pdfminer's errors; look inside for a password refusal."""
    seen = [exc, *exc.args, exc.__cause__, exc.__context__]
    return any(isinstance(e, PDFPasswordIncorrect | PDFEncryptionError) for e in seen)


def _broken(exc: Exception) -> DocumentError:
    if _encrypted(exc):
        return DocumentError("PDF 文件设有打开密码,请先解除密码保护后再上传")
    return DocumentError("PDF 文件已损坏或无法读取")


def read_pdf(data: bytes, *, ocr: bool = True, progress=None) -> tuple[str, list[OcrLine]]:
    """(text, OCR lines). Pages without a text layer that hold an image (scanned
    pages) are rendered and read by OCR (read_ocr.py) when `ocr` is set; their
    OcrLines come back so a reviewer can be shown what was read from an image."""
    with _quiet():
        try:
            pdf = pdfplumber.open(io.BytesIO(data), raise_unicode_errors=False)
        except Exception as exc:  # pdfminer raises many kinds of error on a broken file
            raise _broken(exc) from exc
        with pdf:
            try:
                if len(pdf.pages) > MAX_PAGES:
                    raise DocumentError(f"PDF 页数过多(超过 {MAX_PAGES} 页)")
                pages, cid_only, scanned = [], 0, []
                for number, page in enumerate(pdf.pages):
                    lines, cids = _page_lines(page)
                    pages.append(lines)
                    cid_only += cids
                    if not lines and not cids and page.images:
                        scanned.append(number)
            except DocumentError:
                raise
            except Exception as exc:
                raise _broken(exc) from exc
    ocr_lines: list[OcrLine] = []
    if scanned and ocr:
        for page_number, lines, read in ocr_pdf_pages(data, scanned, progress=progress):
            pages[page_number] = lines
            ocr_lines.extend(read)
    if not any(pages):
        if cid_only:
            raise DocumentError("PDF 的字体缺少文字编码,无法提取文字,请上传 Word 或文本版本")
        if scanned:
            raise DocumentError("扫描件中没有识别出文字,请上传更清晰的扫描件或文字版本")
        raise DocumentError("PDF 没有文字层(可能是扫描件),请上传含文字的 PDF 或 Word 文件")
    return join_paragraphs(drop_page_furniture(pages)), ocr_lines


def scanned_pages(data: bytes) -> int:
    """How many pages of the PDF have no text layer but an image: the pages OCR
    would read (0 for a damaged file: reading it will say why)."""
    with _quiet():
        try:
            with pdfplumber.open(io.BytesIO(data), raise_unicode_errors=False) as pdf:
                if len(pdf.pages) > MAX_PAGES:
                    return 0
                return sum(1 for page in pdf.pages if page.images and not page.chars)
        except Exception:  # noqa: BLE001 — only a hint; read_pdf reports the damage
            return 0


def ocr_pdf_pages(data: bytes, numbers: list[int], *, progress=None):
    """(page index, lines in points, OcrLines) for each page in `numbers`, rendered
    at the resolution of its largest image (at most read_ocr.DPI)."""
    if len(numbers) > read_ocr.MAX_PAGES:
        raise DocumentError(
            f"扫描页数过多({len(numbers)} 页,上限 {read_ocr.MAX_PAGES} 页),请分批上传"
        )
    document = pypdfium2.PdfDocument(data)
    items = read_ocr.ItemNumbers()
    try:
        for done, number in enumerate(numbers, 1):
            page = document[number]
            dpi = _scan_dpi(page)
            width, height = page.get_size()
            if width * height * (dpi / 72) ** 2 > read_ocr.MAX_PIXELS:
                raise DocumentError(f"第 {number + 1} 页尺寸过大,无法识别")
            image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            lines, read = read_ocr.page_lines(image, dpi=dpi, page=number + 1, numbers=items)
            yield number, lines, read
            if progress is not None:
                progress(done, len(numbers))
    finally:
        document.close()


def _scan_dpi(page) -> float:
    """The resolution the page was scanned at: its largest image's pixels over the
    points it covers, kept between 100 and read_ocr.DPI."""
    best = 0.0
    for image in page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        px_width, _ = image.get_px_size()
        left, _, right, _ = image.get_bounds()
        if right - left > 1:
            best = max(best, px_width / ((right - left) / 72))
    return min(max(best or read_ocr.DPI, 100.0), read_ocr.DPI)


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _page_lines(page) -> tuple[list[Line], int]:
    # A single framed cell is a box around text, not a table.
    tables = [t for t in page.find_tables() if len(t.rows) >= 2 or len(t.columns) >= 2]
    boxes = [t.bbox for t in tables]
    chars = page.chars
    cids = sum(1 for c in chars if c["text"].startswith("(cid:"))
    chars = [c for c in chars if not c["text"].startswith("(cid:") and _level(c)]
    in_tables = [c for c in chars if boxes and _inside(c, boxes)]
    lines = char_lines([c for c in chars if not boxes or not _inside(c, boxes)])
    for table in tables:
        for row in table.rows:
            row_chars = [c for c in in_tables if _inside(c, [row.bbox])]
            cells = [_cell_text(row_chars, cell) if cell else "" for cell in row.cells]
            if any(cells):
                x0, top, x1, bottom = row.bbox
                lines.append(Line("\t".join(cells), x0, x1, top, bottom, True))
    lines.sort(key=lambda line: (line.top, line.x0))
    return lines, cids


def _level(char: dict) -> bool:
    """Upright, unrotated glyphs: a diagonal watermark ("内部资料") is not text."""
    a, b, c, d = (char.get("matrix") or (1, 0, 0, 1))[:4]
    return abs(b) <= 0.1 * abs(a) and abs(c) <= 0.1 * abs(d) and a > 0 and d > 0


def char_lines(chars: list[dict]) -> list[Line]:
    """Glyphs → lines of text. Characters on one baseline (within half their
    height) form a line. A space is written where the PDF has a space glyph, or
    where a gap is wider than the line's usual gap by a quarter of the type size:
    justification and letter spacing spread every gap alike, a real space (between
    two unit names, say) stands out from them."""
    ordered = sorted(chars, key=lambda c: (c["top"], c["x0"]))
    rows: list[list[dict]] = []
    for char in ordered:
        height = char["bottom"] - char["top"]
        if rows and abs(char["top"] - rows[-1][0]["top"]) <= max(height, 1.0) / 2:
            rows[-1].append(char)
        else:
            rows.append([char])
    lines = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        glyphs = [c for c in row if c["text"].strip()]
        if not glyphs:
            continue
        gaps = [b["x0"] - a["x1"] for a, b in zip(glyphs, glyphs[1:], strict=False)]
        usual = statistics.median(gaps) if gaps else 0.0
        size = statistics.median(c["bottom"] - c["top"] for c in glyphs)
        parts: list[str] = []
        last = None
        for char in row:
            if not char["text"].strip():
                if parts and parts[-1] != " ":
                    parts.append(" ")
                continue
            if last is not None and parts[-1] != " ":
                gap = char["x0"] - last["x1"]
                if gap > max(1.5, usual + 0.25 * size):
                    parts.append(" ")
            parts.append(char["text"])
            last = char
        text = "".join(parts).strip()
        if text:
            lines.append(
                Line(text, glyphs[0]["x0"], glyphs[-1]["x1"], glyphs[0]["top"], glyphs[0]["bottom"])
            )
    return lines


def _cell_text(chars: list[dict], bbox) -> str:
    """Text of one table cell: its lines rejoined like paragraphs, except that a
    line ending short of the cell's edge ends a paragraph of the cell, kept apart
    from the next by a space ("州发改委" / "州工信局" on two lines are two names)."""
    lines = char_lines([c for c in chars if _inside(c, [bbox])])
    if not lines:
        return ""
    size = statistics.median(line.bottom - line.top for line in lines)
    right = bbox[2] - 0.6 * size  # the cell's padding
    parts = [lines[0].text]
    for before, after in zip(lines, lines[1:], strict=False):
        wrapped = right - before.x1 <= first_chunk_width(after.text, size) + 0.6 * size
        parts.append(after.text if wrapped else " " + after.text)
    return "".join(parts).replace("\t", " ").strip()
