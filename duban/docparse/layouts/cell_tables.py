"""Layout: a task table flattened by a web page or a PDF copy — one cell per line
(blank lines between), or rows of `|`-separated cells. `flat_tables` rebuilds its
rows from the header vocabulary and the column count; they are then read as the
table reader's rows are."""

from __future__ import annotations

from .base import Document, Reading
from .table_rows import read_tables


class CellTables:
    name = "cell_tables"
    fallback = False

    def read(self, doc: Document) -> Reading:
        return read_tables(doc, doc.cell_tables, self.name)
