"""PDF → text through its text layer (pdfplumber), one paragraph per line.

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
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from .errors import DocumentError
from .layout import Line, drop_page_furniture, first_chunk_width, join_paragraphs, tidy_spaces

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


def read_pdf(data: bytes) -> str:
    with _quiet():
        try:
            pdf = pdfplumber.open(io.BytesIO(data), raise_unicode_errors=False)
        except Exception as exc:  # pdfminer raises many kinds of error on a broken file
            raise _broken(exc) from exc
        with pdf:
            try:
                if len(pdf.pages) > MAX_PAGES:
                    raise DocumentError(f"PDF 页数过多(超过 {MAX_PAGES} 页)")
                pages, cid_only = [], 0
                for page in pdf.pages:
                    lines, cids = _page_lines(page)
                    pages.append(lines)
                    cid_only += cids
            except DocumentError:
                raise
            except Exception as exc:
                raise _broken(exc) from exc
    if not any(pages):
        if cid_only:
            raise DocumentError("PDF 的字体缺少文字编码,无法提取文字,请上传 Word 或文本版本")
        raise DocumentError("PDF 没有文字层(可能是扫描件),请上传含文字的 PDF 或 Word 文件")
    return join_paragraphs(drop_page_furniture(pages))


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _page_lines(page) -> tuple[list[Line], int]:
    # A single framed cell is a box around text, not a table.
    tables = [t for t in page.find_tables() if len(t.rows) >= 2 or len(t.columns) >= 2]
    boxes = [t.bbox for t in tables]
    text_page = page
    if boxes:
        text_page = page.filter(
            lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes)
        )
    lines: list[Line] = []
    cids = 0
    for raw in text_page.extract_text_lines(x_tolerance=1.5, return_chars=False):
        text = raw["text"]
        if "(cid:" in text:
            cids += 1
            text = _CID.sub("", text)
        if text.strip():
            lines.append(Line(text, raw["x0"], raw["x1"], raw["top"], raw["bottom"]))
    chars = [c for c in page.chars if boxes and _inside(c, boxes)]
    for table in tables:
        for row in table.rows:
            row_chars = [c for c in chars if _inside(c, [row.bbox])]
            cells = [_cell_text(row_chars, cell) if cell else "" for cell in row.cells]
            if any(cells):
                x0, top, x1, bottom = row.bbox
                lines.append(Line("\t".join(cells), x0, x1, top, bottom, True))
    lines.sort(key=lambda line: (line.top, line.x0))
    return lines, cids


def _cell_text(chars: list[dict], bbox) -> str:
    """Text of one table cell: its lines rejoined like paragraphs, except that a
    line ending short of the cell's edge ends a paragraph of the cell, kept apart
    from the next by a space ("州发改委" / "州工信局" on two lines are two names)."""
    inside = sorted((c for c in chars if _inside(c, [bbox])), key=lambda c: c["top"])
    rows: list[list[dict]] = []
    for char in inside:
        height = char["bottom"] - char["top"]
        if rows and abs(char["top"] - rows[-1][0]["top"]) <= height / 2:
            rows[-1].append(char)
        else:
            rows.append([char])
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        text, last = [], None
        for char in row:
            if last is not None and char["x0"] - last["x1"] > 1.5:
                text.append(" ")
            text.append(char["text"])
            last = char
        lines.append(
            Line("".join(text), row[0]["x0"], row[-1]["x1"], row[0]["top"], row[0]["bottom"])
        )
    lines = [line for line in lines if line.text.strip()]
    if not lines:
        return ""
    size = statistics.median(line.bottom - line.top for line in lines)
    right = bbox[2] - 0.6 * size  # the cell's padding
    parts = [tidy_spaces(lines[0].text)]
    for before, after in zip(lines, lines[1:], strict=False):
        text = tidy_spaces(after.text)
        wrapped = right - before.x1 <= first_chunk_width(text, size) + 0.6 * size
        parts.append(text if wrapped else " " + text)
    return _CID.sub("", "".join(parts)).replace("\t", " ").strip()
