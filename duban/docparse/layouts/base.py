"""What every layout reads (`Document`) and what it gives back (`Reading`)."""

from __future__ import annotations

from .. import flat_tables, outline, tables
from ..builder import UNIT_ROLES
from ..labels import current
from ..model import Task
from ..outline import Node
from ..record import field, record
from ..rules import DocumentRules


@record
class Document:
    text: str
    folded: str
    year: int
    start: int
    end: int
    rules: DocumentRules
    tab_tables: list[tables.Table]
    cell_tables: list[tables.Table]
    roots: list[Node]

    @classmethod
    def analyse(cls, text: str, folded: str, year: int, start: int, end: int) -> Document:
        labels, roles = current().label_role, UNIT_ROLES
        tab = tables.find_tables(folded, start, end, labels, roles)
        flat = flat_tables.find(folded, start, end, labels, roles, skip=[t.span for t in tab])
        skip = [t.span for t in (*tab, *flat)]
        return cls(
            text=text,
            folded=folded,
            year=year,
            start=start,
            end=end,
            rules=DocumentRules.read(folded, start, end),
            tab_tables=tab,
            cell_tables=flat,
            roots=outline.build(folded, start, end, skip=skip),
        )

    @property
    def table_spans(self) -> list[tuple[int, int]]:
        return [t.span for t in (*self.tab_tables, *self.cell_tables)]


@record
class Reading:
    layout: str
    tasks: list[Task] = field(default_factory=list)
    # Table task start → (name, value cell span, measure): indicator tables.
    value_cells: dict[int, tuple[str, tuple[int, int], str]] = field(default_factory=dict)
    # Table task start → its progress cell: reported progress, never targets.
    progress_cells: dict[int, tuple[int, int]] = field(default_factory=dict)

    @property
    def explained(self) -> int:
        """How much of the document this reading explains: its tasks with units."""
        return sum(bool(t.lead_units or t.co_units) for t in self.tasks)


# Only for type checkers: at run time a layout is any object with these (ORDER).
# typing.TYPE_CHECKING without importing typing, a few ms of every `duban parse`;
# type checkers take any name TYPE_CHECKING for true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Protocol

    class Layout(Protocol):
        name: str
        # A fallback is read only as an alternative to the combined main readings.
        fallback: bool

        def read(self, doc: Document) -> Reading: ...
