"""PDF → text through its text layer (pdfplumber), one paragraph per line.

Ruled tables found by pdfplumber become one line per row with "\\t" between cells;
the rest of the page is read as lines and rejoined into paragraphs (layout.py).
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import warnings

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from .errors import DocumentError
from .layout import Line, drop_page_furniture, join_paragraphs, tidy_spaces

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
    tables = [t for t in page.find_tables() if len(t.rows) >= 2]
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
    for table in tables:
        top, bottom = table.bbox[1], table.bbox[3]
        rows = []
        for row in table.extract(x_tolerance=1.5):
            cells = [tidy_spaces(re.sub(r"\s*\n\s*", "", cell or "")) for cell in row]
            if any(cells):
                rows.append("\t".join(cells))
        step = (bottom - top) / max(len(rows), 1)
        for i, text in enumerate(rows):
            lines.append(
                Line(text, table.bbox[0], table.bbox[2], top + i * step, top + (i + 1) * step, True)
            )
    lines.sort(key=lambda line: (line.top, line.x0))
    return lines, cids
