"""Document-wide rules: what a document says once and means for every task.

A plan may state, once, how its unit lists are to be read: "排在第一位的为牵头单位"
(the first-listed 责任单位 is the lead in every item), a closing paragraph that
allocates units to items by number ("第(一)项由X牵头,Y配合"), or clauses that look
back over several items ("(以上两项牵头单位:…)"). They are read once, before any
layout reads the tasks, and passed to the layouts as one `DocumentRules`.
Rules that take effect in document order ("下同", "以下均需X落实") stay with the
task builder, which meets them in that order.
"""

from __future__ import annotations

from . import units
from .record import field, record


@record
class DocumentRules:
    # "排在第一位的为牵头单位" stated before the items: the first 责任单位 leads.
    first_is_lead: bool = False
    # item label → the units a closing paragraph allocates to it by number.
    allocated: dict[str, units.Clause] = field(default_factory=dict)
    # The text has clauses that look back over earlier items ("以上两项…").
    looks_back: bool = False

    @classmethod
    def read(cls, folded: str, start: int, end: int) -> DocumentRules:
        return cls(
            first_is_lead=units.standing_first_is_lead(folded, start, end),
            allocated=units.allocations(folded, start, end),
            looks_back=bool(units.LOOK_BACK_HINT_RE.search(folded, start, end)),
        )
