"""Layout: a task table rendered one row per line, cells separated by tabs (what the
docx and html readers produce, and what a spreadsheet copy pastes)."""

from __future__ import annotations

import bisect

from ..builder import TaskBuilder
from ..outline import Node, walk
from .base import Document, Reading


def enclosing_title(nodes: list[Node], pos: int) -> str | None:
    """Title of the deepest item whose text holds `pos`; `nodes` in document order."""
    i = bisect.bisect_right([n.start for n in nodes], pos) - 1
    node = nodes[i] if i >= 0 else None
    while node is not None and not node.start <= pos < node.end:
        node = node.parent
    return node.title if node else None


def read_tables(doc: Document, found, layout: str) -> Reading:
    if not found:
        return Reading(layout)
    builder = TaskBuilder(doc.text, doc.folded, doc.year, doc.rules, skip=doc.table_spans)
    nodes = list(walk(doc.roots))
    for table in found:
        builder.table(table, enclosing_title(nodes, table.span[0]), doc.end)
    return Reading(layout, builder.tasks, builder.value_cells, builder.progress_cells)


class TableRows:
    name = "table_rows"
    fallback = False

    def read(self, doc: Document) -> Reading:
        return read_tables(doc, doc.tab_tables, self.name)
