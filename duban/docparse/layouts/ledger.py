"""Layout (fallback): a table whose cells ran together on one line (some OFD and PDF
files): the number, the trailing unit names and the deadline are told apart by the
header's unit columns (tables.find_glued_rows)."""

from __future__ import annotations

from .. import tables
from ..builder import UNIT_ROLES, TaskBuilder
from ..labels import current
from .base import Document, Reading


class Ledger:
    name = "ledger"
    fallback = True

    def read(self, doc: Document) -> Reading:
        builder = TaskBuilder(doc.text, doc.folded, doc.year, doc.rules)
        unit_labels = [
            label
            for label, role in current().label_role.items()
            if role in UNIT_ROLES and len(label) > 2
        ]
        columns, rows = tables.find_glued_rows(doc.folded, doc.start, doc.end, unit_labels)
        builder.glued(columns, rows)
        return Reading(self.name, builder.tasks)
