"""Excel .xlsx → text in the shape of a task table (openpyxl).

Every visible sheet is a table: one line per visible row that holds text, cells
separated by "\\t" — the shape the docx and html readers give a Word or web table,
so the parser reads a task breakdown spreadsheet (任务分解表) by the same table
strategy. A merged range gives its value once, in its top-left cell, and leaves the
cells it covers empty, as the docx reader does for a cell merged downwards; the
table strategy carries it onto the rows below. Hidden rows, hidden columns and
hidden sheets are helper data, not part of the table a person sees.

A workbook with one sheet per key work (一、稳增长 / 二、扩内需 …) whose sheets
share one header row reads as one table with a section row per sheet (the sheet's
name), the header given once: the same text as a Word table with a merged heading
row before each work's rows. Sheets with different headers each start their own
table under a line with the sheet's name.

`read_xlsx(data)` returns (text, cells): `cells` locates every cell's text in
`text` as (start, end, sheet, row, column) with 1-based row and column numbers as
Excel shows them, so a span can be shown as its source cell.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl

from .cells import Cell, CellIndex  # noqa: F401  (re-exported)
from .containers import open_zip
from .errors import DocumentError
from .normalize import clean_text

MAX_SHEET_XML = 40 * 1024 * 1024  # unpacked worksheet XML, all sheets together
MAX_CELLS = 200_000  # rows × columns of the visible sheets
_SPACE = re.compile(r"[ \t\r\n\u3000]+")


def read_xlsx(data: bytes) -> tuple[str, list[Cell]]:
    archive = open_zip(data, "xlsx")
    sheet_bytes = sum(
        info.file_size for info in archive.infolist() if info.filename.startswith("xl/worksheets/")
    )
    if sheet_bytes > MAX_SHEET_XML:
        raise DocumentError("表格过大(工作表内容超过 40 MB),请只保留任务分解表后再上传")
    workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=False)
    tables = []
    cells_total = 0
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible":
            continue
        cells_total += (sheet.max_row or 0) * (sheet.max_column or 0)
        if cells_total > MAX_CELLS:
            raise DocumentError("表格过大(单元格超过 20 万个),请只保留任务分解表后再上传")
        rows = _sheet_rows(sheet)
        if rows:
            tables.append((sheet.title, rows))
    if not tables:
        raise DocumentError("表格中没有文字内容")
    return _render(tables)


def _sheet_rows(sheet) -> list[tuple[int, list[tuple[int, str]]]]:
    """(row number, [(column number, text)]) of the visible rows that hold text."""
    hidden_columns = set()
    for dim in sheet.column_dimensions.values():
        if dim.hidden and dim.min and dim.max:
            hidden_columns.update(range(dim.min, dim.max + 1))
    rows = []
    for row in sheet.iter_rows():
        if not row:
            continue
        number = row[0].row
        if sheet.row_dimensions[number].hidden:
            continue
        values = [
            (cell.column, _text(cell))
            for cell in row
            if cell.column not in hidden_columns and hasattr(cell, "column")
        ]
        while values and not values[-1][1]:
            values.pop()
        if values:
            rows.append((number, values))
    return rows


def _text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, int | float):
        if "%" in (cell.number_format or ""):
            value *= 100
            suffix = "%"
        else:
            suffix = ""
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            value = int(value)
        text = (
            format(value, "f").rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
        )
        return text + suffix
    # A cell's own line breaks are paragraphs of one cell: joined by a space, as
    # the docx reader joins a cell's paragraphs. Tabs would split the cell.
    return _SPACE.sub(" ", clean_text(str(value))).strip()


def _render(tables) -> tuple[str, list[Cell]]:
    lines: list[str] = []
    cells: list[Cell] = []
    offset = 0

    def add(sheet: str, row: int, values: list[tuple[int, str]]) -> None:
        nonlocal offset
        pos = offset
        for n, (column, text) in enumerate(values):
            pos += 1 if n else 0  # the tab before the cell
            if text:
                cells.append(Cell(pos, pos + len(text), sheet, row, column))
            pos += len(text)
        line = "\t".join(text for _, text in values)
        lines.append(line)
        offset += len(line) + 1

    def heading(title: str) -> None:
        nonlocal offset
        name = _SPACE.sub(" ", clean_text(title)).strip()
        lines.append(name)
        offset += len(name) + 1

    several = len(tables) > 1
    shared = None  # the header row the sheets so far have in common
    for title, rows in tables:
        (header_row, header), body = rows[0], rows[1:]
        texts = [text for _, text in header]
        if several and texts == shared:
            heading(title)  # a section row of the shared table
        elif several:
            # The sheet's name, then its header: a section row right under the
            # header, where a Word table has its merged heading row.
            add(title, header_row, header)
            heading(title)
            shared = texts
        else:
            add(title, header_row, header)
        for number, values in body:
            add(title, number, values)
    return "\n".join(lines), cells
