"""Layout (fallback): no numbering before the first item — paragraphs that each close
with their own units are the tasks."""

from __future__ import annotations

from .. import units
from ..builder import TaskBuilder
from .base import Document, Reading


class Prose:
    name = "prose"
    fallback = True

    def read(self, doc: Document) -> Reading:
        builder = TaskBuilder(doc.text, doc.folded, doc.year, doc.rules)
        first = doc.roots[0].start if doc.roots else doc.end
        clauses = units.find_clauses(doc.folded, doc.start, first)
        builder.paragraph_tasks(doc.start, first, "", None, clauses)
        return Reading(self.name, builder.tasks)
