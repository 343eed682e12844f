"""Task tables that reach us flattened, rebuilt into rows.

A table copied from a web page or a PDF into the paste box, or saved as text, loses its
grid in one of two ways:

- **one cell per line**: the header cells stand on lines of their own (blank lines
  between), then the cells of each row, one a line — a narrow column's cell may even
  be broken one character per line;
- **`|` rows**: each row on one line, its cells separated (and often closed) by `|`.

The header is found by its vocabulary (序号/工作任务/牵头单位/配合单位/完成时限 …,
`tables.classify_header`) and gives the column count; the rows are rebuilt from it and
handed on as `tables.Table`, so they are read exactly as the table reader's rows are. A
line standing where a row's number is expected, that is no number, is a section row
(a merged cell); cells are kept where they stand in the text, so spans stay true.
"""

from __future__ import annotations

import re

from . import rx, tables

_NUMBER = rx.compile(r"^[★☆*]?\d{1,3}[.、]?$")
_SECTION = rx.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十]{1,3}\)|第[一二三四五六七八九十]+)"
)
_STOP = rx.compile(r"^(?:附件\s*\d*|附表\s*\d*)\s*[::]?$")
_MAX_HEAD = 14  # a header cell is a few words
_MAX_UNIT_CELL = 120


def _prose(cell: str) -> bool:
    """A sentence, not a list of units: where a unit cell should be, it means the
    header hides a column (a merged header cell)."""
    return len(cell) > _MAX_UNIT_CELL or "。" in cell[:-1] or (len(cell) > 30 and "," in cell)


_LINE = rx.compile(r"[^\n]+")


def _lines(folded: str, start: int, end: int, *, bars: bool = False) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, stripped of spaces — and, with `bars`, of
    the one `|` a cell-per-line copy puts before or after each cell ("| 序号", "序号 |")."""
    out = []
    edge = " \t\u3000\x00" + ("|" if bars else "")
    for m in _LINE.finditer(folded[start:end]):
        a, b = start + m.start(), start + m.end()
        if bars and folded.count("|", a, b) > 1:
            edge_now = " \t\u3000\x00"  # a row of several cells, not one cell
        else:
            edge_now = edge
        while a < b and folded[a] in edge_now:
            a += 1
        while b > a and folded[b - 1] in edge_now:
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _usable(columns: dict[int, str], labels: dict[str, str], roles: set[str]) -> bool:
    return any(labels.get(v) in roles for v in columns.values()) and any(
        v in (tables.TITLE_COL, tables.MEASURE_COL) for v in columns.values()
    )


def _title_from_value(columns: dict[int, str]) -> dict[int, str]:
    """A table of target sentences (序号 / 2022年预期目标 / 责任单位): the 预期目标
    column holds the tasks, not bare values."""
    if any(v in (tables.TITLE_COL, tables.MEASURE_COL) for v in columns.values()):
        return columns
    return {i: (tables.TITLE_COL if v == tables.VALUE_COL else v) for i, v in columns.items()}


def _split_bars(folded: str, a: int, b: int) -> list[tuple[int, int]]:
    spans = []
    pos = a
    for part in folded[a:b].split("|"):
        x, y = pos, pos + len(part)
        while x < y and folded[x] in " \t\u3000":
            x += 1
        while y > x and folded[y - 1] in " \t\u3000":
            y -= 1
        spans.append((x, y))
        pos += len(part) + 1
    if spans and spans[-1][0] == spans[-1][1]:
        spans.pop()  # the closing bar
    return spans


def _bar_tables(folded, lines, labels, roles, skip) -> list[tables.Table]:
    found = []
    k = 0
    while k < len(lines):
        a, b = lines[k]
        if folded.count("|", a, b) < 2 or any(s <= a < e for s, e in skip):
            k += 1
            continue
        heads = _split_bars(folded, a, b)
        columns = _title_from_value(tables.classify_header([folded[x:y] for x, y in heads], labels))
        if not _usable(columns, labels, roles):
            k += 1
            continue
        rows = []
        last = b
        k += 1
        while k < len(lines) and folded.count("|", *lines[k]) >= 1:
            ra, rb = lines[k]
            rows.append((ra, rb, _split_bars(folded, ra, rb)))
            last = rb
            k += 1
        if rows:
            found.append(tables.Table((a, last), columns, rows))
    return found


_NOT_A_HEAD = rx.compile(r"[|::,、;。]")


def _cell_tables(folded, lines, labels, roles, skip) -> list[tables.Table]:
    found = []
    kinds: dict[str, dict[int, str]] = {}
    k = 0
    while k < len(lines):
        # A header: consecutive short lines that each name a column.
        heads = []
        j = k
        while j < len(lines):
            a, b = lines[j]
            if b - a > 3 * _MAX_HEAD:
                break  # most lines: far too long to name a column
            word = re.sub(r"\s+", "", folded[a:b])
            if len(word) > _MAX_HEAD or "\t" in folded[a:b] or _NOT_A_HEAD.search(word):
                break
            if word not in kinds:  # the same words recur: classify each once
                kinds[word] = tables.classify_header([word], labels)
            kind = kinds[word]
            if not kind:
                break
            heads.append((j, kind[0]))
            j += 1
        columns = _title_from_value({n: kind for n, (_, kind) in enumerate(heads)})
        if len(heads) < 3 or not _usable(columns, labels, roles):
            k = max(j, k + 1)
            continue
        if any(s <= lines[k][0] < e for s, e in skip):
            k = j
            continue
        table_start = lines[k][0]
        n = len(heads)
        key_first = columns.get(0) == tables.KEY_COL
        unit_cols = {i for i, v in columns.items() if v in labels}
        rows = []
        cells: list[tuple[int, int]] = []
        last = lines[j - 1][1]
        k = j
        while k < len(lines):
            a, b = lines[k]
            line = folded[a:b]
            if _STOP.match(line):
                break
            if not cells and key_first and not _NUMBER.match(line):
                if not _SECTION.match(line):
                    break  # the table is over: prose after it
                rows.append((a, b, [(a, b)]))  # a section row: one merged cell
                last = b
                k += 1
                continue
            if len(cells) in unit_cols and _prose(line):
                # Prose where a unit cell should be: a column the header does not
                # show (a merged header cell). Nothing to read in this row.
                cells.append((a, a))
            else:
                cells.append((a, b))
            last = b
            k += 1
            if len(cells) == n:
                rows.append((cells[0][0], last, cells))
                cells = []
        if cells:
            rows.append((cells[0][0], last, cells))
        if rows:
            found.append(tables.Table((table_start, last), columns, rows))
    return found


def find(
    folded: str,
    start: int,
    end: int,
    labels: dict[str, str],
    roles: set[str],
    skip: list[tuple[int, int]] = (),
) -> list[tables.Table]:
    """Flattened task tables in folded[start:end] (outside `skip`), as tables.Table."""
    lines = _lines(folded, start, end)
    has_bars = "|" in folded[start:end]
    found = _bar_tables(folded, lines, labels, roles, skip) if has_bars else []
    cells = _lines(folded, start, end, bars=True) if has_bars else lines
    found += _cell_tables(folded, cells, labels, roles, [*skip, *(t.span for t in found)])
    return sorted(found, key=lambda t: t.span[0])
