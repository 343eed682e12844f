"""Where text read from a workbook came from: its cells (sheet, row, column) and
an index that finds the cell of a span of the text.

Kept apart from `read_xlsx` so that importing them loads no spreadsheet library.
"""

from __future__ import annotations

import bisect

from .record import record


def column_letters(column: int) -> str:
    """1 → A, 26 → Z, 27 → AA: the column as a spreadsheet names it."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@record(frozen=True)
class Cell:
    """Where a piece of the text came from in the workbook."""

    start: int
    end: int
    sheet: str
    row: int
    column: int

    @property
    def ref(self) -> str:
        """The cell as a person names it: 工作表!B7."""
        return f"{self.sheet}!{column_letters(self.column)}{self.row}"


class CellIndex:
    """The cells of a reading, looked up by offset in its text: which cell a task,
    a target or a unit name came from. Built once per import (a workbook may have
    tens of thousands of cells; each lookup is a bisection)."""

    def __init__(self, text: str, cells: list[Cell]):
        self.text = text
        self.cells = sorted(cells, key=lambda c: c.start)
        self._starts = [c.start for c in self.cells]
        self._rows: dict[tuple[str, int], list[Cell]] = {}
        for cell in self.cells:
            self._rows.setdefault((cell.sheet, cell.row), []).append(cell)

    def __bool__(self) -> bool:
        return bool(self.cells)

    def touching(self, start: int, end: int) -> list[Cell]:
        """The cells whose text lies in text[start:end], in text order."""
        # A cell starting before `start` may still reach into the span.
        i = max(bisect.bisect_right(self._starts, start) - 1, 0)
        found = []
        for cell in self.cells[i:]:
            if cell.start >= end:
                break
            if cell.end > start:
                found.append(cell)
        return found

    def at(self, start: int, end: int, title: str = "") -> Cell | None:
        """The cell a span came from: the one holding `title` (a task's title),
        else the first cell the span touches."""
        touched = self.touching(start, end)
        if title:
            for cell in touched:
                if title in self.text[cell.start : cell.end]:
                    return cell
        return touched[0] if touched else None

    def naming(self, name: str, near: Cell | None) -> Cell | None:
        """The cell that names a unit of the task whose cell is `near`: one in the
        same row, else the nearest one above on the same sheet — a lead unit's cell
        merged down over several tasks is given once, at its top."""
        if near is None or not name:
            return None
        for row in range(near.row, 0, -1):
            for cell in self._rows.get((near.sheet, row), ()):
                if name in self.text[cell.start : cell.end]:
                    return cell
        return None
