"""Layouts: the ways a document lays out its tasks, each read by a strategy.

A document may number its items (一、(一)1.), tabulate them (a table as tab-separated
rows, or flattened to one cell per line or to `|` rows by a web page), list them as
paragraphs that close with their units, or run table cells together into ledger lines.
Each layout is a small module with one interface, `read(doc) -> Reading`; `ORDER` is
the order they run in. A `Reading` says how much of the document the layout explained
(its tasks that name units). Blocks whose labels stand alone on their lines are read
by `labelled`. The readings of the layouts that read separate parts of the
document — tables, and the outline around them — are combined; a fallback layout's
reading replaces them only where it explains more of the document than they do.

`Document` is what every layout reads: the text, its folded copy, the document-wide
rules and the tables and outline found in it once.
"""

from __future__ import annotations

from ..model import REBUILT_TABLE, UNITS_GUESSED
from . import cell_tables, labelled, ledger, numbered, prose, table_rows
from .base import Document, Reading

TYPE_CHECKING = False  # without importing typing (see base)
if TYPE_CHECKING:
    from .base import Layout

__all__ = ["ORDER", "Document", "Reading", "read_tasks"]

ORDER: list[Layout] = [
    table_rows.TableRows(),
    cell_tables.CellTables(),
    numbered.Numbered(),
    labelled.LabelledBlocks(),
    ledger.Ledger(),
    prose.Prose(),
]


_WELL_EXPLAINED = 3  # tasks with units the main layouts found


# Layouts whose readings are less sure than a numbered list or a tab table.
LAYOUT_DOUBT = {
    "cell_tables": REBUILT_TABLE,
    "ledger": REBUILT_TABLE,
    "prose": UNITS_GUESSED,
}


def read_tasks(doc: Document) -> Reading:
    """Every layout's reading, combined: the main layouts read separate parts of the
    document (tables, the outline around them) and add up; a fallback layout's
    reading is taken instead when it explains more."""
    combined = Reading("combined")
    for layout in ORDER:
        if layout.fallback and combined.explained >= _WELL_EXPLAINED:
            # A document the main layouts read as a list of tasks is not a ledger
            # or loose prose; skipping the fallbacks there keeps the parse cheap.
            continue
        reading = layout.read(doc)
        doubt = LAYOUT_DOUBT.get(layout.name)
        if doubt is not None:
            for task in reading.tasks:
                task.doubts.append(doubt)
        if layout.fallback:
            if reading.explained > combined.explained:
                combined = reading
            continue
        combined.tasks.extend(reading.tasks)
        combined.value_cells.update(reading.value_cells)
        combined.progress_cells.update(reading.progress_cells)
    combined.tasks.sort(key=lambda t: t.span[0])
    return combined
