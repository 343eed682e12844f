"""Positioned lines of a fixed-layout page (PDF, OFD) → paragraphs of text.

A fixed-layout document knows only glyphs on pages. To get the text back as the
author wrote it, this module
- removes the spaces a text extractor puts between spread-out CJK characters,
- drops page numbers ("- 1 -", "第1页") and running headers/footers that repeat on
  most pages,
- rejoins wrapped lines into paragraphs: a line is continued by the next one when it
  runs to the right margin and the next line neither starts indented nor starts a new
  numbered item or heading; on pages without first-line indents, a line that ends a
  sentence (。;:!?)) also ends its paragraph.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass


@dataclass
class Line:
    """One line of text on a page, with its box in page units (y grows downwards)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    is_row: bool = False  # a table row ("\t"-separated cells): never joined


_CJK = "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_PUNCT = "“”‘’—…·"
# Spaces with a CJK character or CJK punctuation on either side are the extractor's
# (or justification's), not the author's; so are spaces inside "3 . 5 %".
_SPACES = re.compile(
    rf"(?<=[{_CJK}{_CJK_PUNCT}])[ \u00a0]+(?=\S)"
    rf"|(?<=\S)[ \u00a0]+(?=[{_CJK}{_CJK_PUNCT}])"
    r"|(?<=\d) +(?=[.%])|(?<=\d\.) +(?=\d)"
)


def tidy_spaces(text: str) -> str:
    # Twice: the look-behinds see the text before this pass's removals ("1 . 3").
    return _SPACES.sub("", _SPACES.sub("", text)).strip()


_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－_~·•\s]*\d{1,4}[-—–－_~·•\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)\s*$",
    re.I,
)

# A line that starts one of these begins a new paragraph even if the line before
# seems to go on: 一、 (一) 1. 1、 (1) ① 第一章 附件.
_ITEM_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十百零〇]+\s*[、.．]"
    r"|[(（]\s*[一二三四五六七八九十百零〇\d]+\s*[)）]"
    r"|\d{1,3}\s*[、．]|\d{1,3}\.(?!\d)"
    r"|[①-⑳⑴-⒇⒈-⒛]"
    r"|第[一二三四五六七八九十百零〇\d]+[章节条部分篇]"
    r"|附件|附表)"
)
_SENTENCE_END = re.compile(r"[。;；:：!！?？)）]\s*$")
_ASCII_LETTER_END = re.compile(r"[A-Za-z]$")
_ASCII_LETTER_START = re.compile(r"^[A-Za-z]")


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
            if id(line) in edge_ids and not line.is_row:
                if _PAGE_NUMBER.match(line.text) or _key(line.text) in running:
                    continue
            kept.append(line)
        result.append(kept)
    return result


@dataclass
class _Frame:
    left: float
    right: float
    size: float
    indents: bool  # paragraphs on this page start with a first-line indent


def _frame(page: list[Line]) -> _Frame:
    prose = [line for line in page if not line.is_row] or page
    sizes = [line.bottom - line.top for line in prose if line.bottom > line.top]
    size = statistics.median(sizes) if sizes else 10.0
    lefts = Counter(round(line.x0 / (size / 2)) for line in prose)
    # The left margin is where most lines start (wrapped lines and unindented
    # paragraphs), not the leftmost glyph, which may be a hanging heading.
    left = min(line.x0 for line in prose)
    if lefts:
        common = lefts.most_common(1)[0][0] * (size / 2)
        left = max(left, common - size / 2)
    right = max(line.x1 for line in prose)
    long_lines = sorted(line.x1 for line in prose if len(line.text) >= 8)
    if len(long_lines) >= 3:
        right = long_lines[int(len(long_lines) * 0.9) - 1 if len(long_lines) >= 10 else -1]
    indents = any(
        left + 1.2 * size < line.x0 < left + 4.5 * size and not line.is_row for line in prose
    )
    return _Frame(left=left, right=right, size=size, indents=indents)


def _continues(prev: Line, prev_frame: _Frame, nxt: Line, next_frame: _Frame) -> bool:
    if prev.is_row or nxt.is_row:
        return False
    if _ITEM_START.match(nxt.text):
        return False
    prev_height, next_height = prev.bottom - prev.top, nxt.bottom - nxt.top
    if abs(prev_height - next_height) > 0.25 * max(prev_height, next_height, 1e-6):
        return False  # a change of type size: a title above body text, a note below
    # A short line ends its paragraph (titles, dates, signatures). Ragged right
    # margins (no justification, unbreakable runs like "12+8+N") leave wrapped lines
    # a few characters short; where indents mark paragraphs that slack is safe.
    slack = (4.0 if next_frame.indents else 1.5) * prev_frame.size
    if prev.x1 < prev_frame.right - slack:
        return False
    if nxt.x0 > next_frame.left + 1.2 * next_frame.size:
        # First-line indent: a new paragraph; unless the line is centred under a
        # full line of the same size, which is a long title wrapping.
        centred = (
            abs((nxt.x0 - next_frame.left) - (next_frame.right - nxt.x1)) < 1.5 * next_frame.size
        )
        return centred and not _SENTENCE_END.search(prev.text)
    # Where paragraphs are marked by indentation, a full line followed by an
    # unindented one is a wrap even after a full stop; elsewhere a sentence end
    # at the margin is taken as the end of the paragraph.
    return next_frame.indents or not _SENTENCE_END.search(prev.text)


def join_paragraphs(pages: list[list[Line]]) -> str:
    """Text of the pages, one paragraph (or table row) per line."""
    paragraphs: list[str] = []
    prev: tuple[Line, _Frame] | None = None
    frames = [_frame(page) if page else None for page in pages]
    # Indentation is a convention of the whole document: a page that holds only
    # the middle of one long paragraph shows no indent, yet follows it.
    indents = any(frame.indents for frame in frames if frame)
    for page, frame in zip(pages, frames, strict=True):
        if frame is None:
            continue
        frame.indents = indents
        for line in page:
            text = line.text if line.is_row else tidy_spaces(line.text)
            if not text:
                continue
            if prev is not None and _continues(prev[0], prev[1], line, frame):
                glue = (
                    " "
                    if _ASCII_LETTER_END.search(paragraphs[-1]) and _ASCII_LETTER_START.match(text)
                    else ""
                )
                paragraphs[-1] += glue + text
            else:
                paragraphs.append(text)
            prev = (line, frame)
    return "\n".join(paragraphs)
