"""Positioned lines of a fixed-layout page (PDF, OFD) → paragraphs of text.

A fixed-layout document knows only glyphs on pages. To get the text back as the
author wrote it, this module
- drops page numbers ("- 1 -", "第1页") and running headers/footers that repeat on
  most pages,
- rejoins wrapped lines into paragraphs: a line is continued by the next one when it
  runs to the right margin and the next line neither starts indented nor starts a new
  numbered item or heading; on pages without first-line indents, a line that ends a
  sentence (。;:!?)) also ends its paragraph.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from . import rx


@dataclass
class Line:
    """One line of text on a page, with its box in page units (y grows downwards)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    is_row: bool = False  # a table row ("\t"-separated cells): never joined


_PAGE_NUMBER = rx.compile(
    r"^\s*(?:[-—–－_~·•\s]*\d{1,4}[-—–－_~·•\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)\s*$",
    re.I,
)

# Decorated page numbers ("— 2 —", "-3-", "第2页") are furniture wherever they
# stand (a page saved as text and printed again puts them mid-page).
_DECORATED_PAGE_NUMBER = rx.compile(
    r"^\s*(?:[-—–－]+\s*\d{1,4}\s*[-—–－]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?)\s*$"
)

# A line that starts one of these begins a new paragraph even if the line before
# seems to go on: 一、 (一) 1. 1、 (1) ① 第一章 附件.
_ITEM_START = rx.compile(
    r"^\s*(?:[一二三四五六七八九十百零〇]+\s*[、.．]"
    r"|[(（]\s*[一二三四五六七八九十百零〇\d]+\s*[)）]"
    r"|\d{1,3}\s*[、．]|\d{1,3}\.(?!\d)"
    r"|[①-⑳⑴-⒇⒈-⒛]"
    r"|第[一二三四五六七八九十百零〇\d]+[章节条部分篇]"
    r"|附件|附表)"
)
_SENTENCE_END = rx.compile(r"[。;；:：!！?？)）]\s*$")
_ASCII_LETTER_END = rx.compile(r"[A-Za-z]$")
_ASCII_LETTER_START = rx.compile(r"^[A-Za-z]")


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def drop_page_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """Remove page numbers and running headers/footers: among the first and last
    two lines of each page, lines that look like a page number, and lines whose
    text (digits ignored) recurs at the edge of at least half the pages (of two or more)."""
    edges = [page[:2] + page[-2:] if len(page) > 4 else list(page) for page in pages]
    counts = Counter(key for edge in edges for key in {_key(line.text) for line in edge})
    threshold = max(2, (len(pages) + 1) // 2)
    running = {key for key, n in counts.items() if n >= threshold and key}
    result = []
    for page, edge in zip(pages, edges, strict=True):
        edge_ids = {id(line) for line in edge}
        kept = []
        for line in page:
            if line.is_row:
                pass
            elif _DECORATED_PAGE_NUMBER.match(line.text):
                continue
            elif id(line) in edge_ids:
                if _PAGE_NUMBER.match(line.text) or _key(line.text) in running:
                    continue
            kept.append(line)
        result.append(kept)
    return result


def _median(values) -> float:
    # statistics.median's answer; importing statistics (random, fractions, hashlib)
    # cost every parse, even of a .txt that has no pages.
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


@dataclass
class _Frame:
    left: float
    right: float
    size: float
    indents: bool  # paragraphs start with a first-line indent


def _frame(page: list[Line]) -> _Frame:
    prose = [line for line in page if not line.is_row] or page
    sizes = [line.bottom - line.top for line in prose if line.bottom > line.top]
    size = _median(sizes) if sizes else 10.0
    left = min(line.x0 for line in prose)
    right = max(line.x1 for line in prose)
    long_lines = sorted(line.x1 for line in prose if len(line.text) >= 8)
    if len(long_lines) >= 10:  # ignore the odd glyph sticking out into the margin
        right = long_lines[int(len(long_lines) * 0.9) - 1]
    indents = any(left + 1.2 * size < line.x0 < left + 4.5 * size for line in prose)
    return _Frame(left=left, right=right, size=size, indents=indents)


_OPENING = "(（《【〔[<"
_CLOSING = "。，、；：？！》】〕)）,.;:!?%"
_QUOTES = "“”‘’\"'"
_ASCII_RUN = rx.compile(r"[A-Za-z0-9.%+\-/~]+")


def first_chunk_width(text: str, size: float) -> float:
    """Width of what must start the next line together: opening punctuation, one
    character or an ASCII run ("1800", "PM2.5"), the closing punctuation after it,
    and whatever quotes glue on (no line break may fall beside a quote mark:
    "口“12+8+N”政"). A typesetter moves that chunk down only when it does not fit,
    so a wrapped line's gap is narrower than it."""
    text = text.lstrip()[:32]
    width, i = 0.0, 0

    def advance(ch: str) -> float:
        return size * (0.55 if ch.isascii() else 1.0)

    while i < len(text):
        while i < len(text) and (text[i] in _OPENING or text[i] in _QUOTES):
            width, i = width + advance(text[i]), i + 1
        run = _ASCII_RUN.match(text, i)
        if run:
            width, i = width + 0.55 * size * len(run.group()), run.end()
        elif i < len(text):
            width, i = width + advance(text[i]), i + 1
        while i < len(text) and (text[i] in _CLOSING or text[i] in _QUOTES):
            width, i = width + advance(text[i]), i + 1
        if not (i < len(text) and (text[i] in _QUOTES or text[i - 1] in _QUOTES)):
            break
    return width


def _continues(prev: Line, prev_frame: _Frame, nxt: Line, next_frame: _Frame) -> bool:
    if prev.is_row or nxt.is_row:
        return False
    if _ITEM_START.match(nxt.text) or nxt.text.startswith(("\u3000", "  ")):
        return False  # a new item, or a first line indented with spaces
    prev_height, next_height = prev.bottom - prev.top, nxt.bottom - nxt.top
    if abs(prev_height - next_height) > 0.25 * max(prev_height, next_height, 1e-6):
        return False  # a change of type size: a title above body text, a note below
    # A line ends its paragraph when the next line's first chunk would have fit
    # after it (titles, dates, signatures, the last line of a paragraph).
    gap = prev_frame.right - prev.x1
    if gap > first_chunk_width(nxt.text.strip(), prev_frame.size) + 0.6 * prev_frame.size:
        return False
    if nxt.x0 > next_frame.left + 1.2 * next_frame.size:
        # First-line indent: a new paragraph; unless the line is centred under a
        # full line of the same size, which is a long title wrapping.
        left_gap, right_gap = nxt.x0 - next_frame.left, next_frame.right - nxt.x1
        centred = (
            left_gap > 3 * next_frame.size and abs(left_gap - right_gap) < 1.5 * next_frame.size
        )
        return centred and not _SENTENCE_END.search(prev.text)
    # Where paragraphs are marked by indentation, a full line followed by an
    # unindented one is a wrap even after a full stop; elsewhere a sentence end
    # at the margin is taken as the end of the paragraph.
    return next_frame.indents or not _SENTENCE_END.search(prev.text)


def _document_frames(pages: list[list[Line]]) -> list[_Frame | None]:
    """Margins and conventions are the document's: a last page of three short lines,
    or a page of one-line paragraphs that all start indented, shows neither margin
    by itself. Each page keeps its own margins only where they reach further out."""
    frames = [_frame(page) if page else None for page in pages]
    known = [frame for frame in frames if frame]
    if not known:
        return frames
    left = _median(frame.left for frame in known)
    right = _median(frame.right for frame in known)
    indents = any(frame.indents for frame in known)
    for frame in known:
        frame.left = min(frame.left, left)
        frame.right = max(frame.right, right)
        frame.indents = indents
    return frames


def _row_goes_on(prev: Line, line: Line) -> bool:
    """The first row on a page continues the last row of the page before when both
    are table rows of the same width and the new one has no first cell (no 序号)."""
    if not (prev.is_row and line.is_row):
        return False
    before, after = prev.text.split("\t"), line.text.split("\t")
    return len(before) == len(after) > 1 and not after[0].strip() and any(after[1:])


def join_paragraphs(pages: list[list[Line]]) -> str:
    """Text of the pages, one paragraph (or table row) per line."""
    paragraphs: list[str] = []
    prev: tuple[Line, _Frame] | None = None
    frames = _document_frames(pages)
    for page, frame in zip(pages, frames, strict=True):
        if frame is None:
            continue
        for number, line in enumerate(page):
            text = line.text if line.is_row else line.text.strip()
            if not text:
                continue
            if number == 0 and prev is not None and _row_goes_on(prev[0], line):
                # A table row broken across the page: its cells continue here.
                cells = zip(paragraphs[-1].split("\t"), text.split("\t"), strict=True)
                paragraphs[-1] = "\t".join(a + b for a, b in cells)
                prev = (line, frame)
                continue
            if prev is not None and _continues(prev[0], prev[1], line, frame):
                # A space at the wrap (OFD keeps them) still separates.
                glue = (
                    " "
                    if prev[0].text.endswith(" ")
                    or line.text.startswith(" ")
                    or (
                        _ASCII_LETTER_END.search(paragraphs[-1]) and _ASCII_LETTER_START.match(text)
                    )
                    else ""
                )
                paragraphs[-1] += glue + text
            else:
                paragraphs.append(text)
            prev = (line, frame)
    return "\n".join(paragraphs)
