"""The parse result, as plain dataclasses.

`ParsedPlan.to_dict()` gives exactly the JSON shape of the parse contract
(see ARCHITECTURE.md and tests/docparse/contract.md): meta, reporting, tasks.
Spans are `[start, end)` offsets into `ParsedPlan.text`, the normalised text
that `duban parse FILE --text` prints.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Indicator:
    """One quantitative target. `value` is in base units (1.3万人 → 13000 "人")."""

    name: str
    op: str  # ">=", "<=", "=", "≈", "between", "turn_positive", "zero"
    value: float | None
    unit: str | None
    raw: str  # the number as written, e.g. "1.3万人"
    text: str  # the clause that states the target
    span: tuple[int, int]
    subject: str | None = None
    value_max: float | None = None
    deadline: str | None = None  # ISO date


@dataclass
class Subtask:
    key: str
    title: str
    span: tuple[int, int]


@dataclass
class Task:
    key: str
    title: str
    span: tuple[int, int]
    group: str | None = None
    lead_units: list[str] = field(default_factory=list)
    co_units: list[str] = field(default_factory=list)
    leaders: list[str] = field(default_factory=list)
    deadline: str | None = None
    subtasks: list[Subtask] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    # The document stops inside this task (a page opening, a cut paste): it is kept
    # with the units shown so far, for the reviewer to complete.
    incomplete: bool = False
    # Reported progress in the row of a ledger (当前进度, 完成情况 …): text, never targets.
    progress: str | None = None
    # Why the reviewer should check this task first (codes of DOUBTS, in that order).
    doubts: list[str] = field(default_factory=list)
    # Where a unit's role was read from a label or a table column header: unit name →
    # the label as matched ("落实主体"), so a reviewer who changes the role can teach
    # the office's vocabulary. Units read from a sentence or by position are absent.
    unit_labels: dict[str, str] = field(default_factory=dict)


# What a parse may be unsure of, per task (the review page shows each with a reason):
INCOMPLETE = "incomplete"  # the document stops inside the task
REBUILT_TABLE = "rebuilt_table"  # a table rebuilt from text (one cell per line, cells run together)
UNITS_GUESSED = "units_guessed"  # units read from sentence subjects (prose notices)
ROLE_BY_POSITION = "role_by_position"  # lead told from co only by position (排在首位的为牵头单位)
NO_UNITS = "no_units"  # no unit found
DOUBTS = (INCOMPLETE, REBUILT_TABLE, UNITS_GUESSED, ROLE_BY_POSITION, NO_UNITS)


@dataclass
class Meta:
    title: str | None = None
    doc_number: str | None = None
    index_number: str | None = None
    issuer: str | None = None
    published: str | None = None
    addressees: list[str] = field(default_factory=list)
    plan_title: str | None = None


@dataclass
class Reporting:
    deadline: str | None = None
    to: str | None = None
    channel: str | None = None


@dataclass
class ParsedPlan:
    text: str
    meta: Meta = field(default_factory=Meta)
    reporting: Reporting = field(default_factory=Reporting)
    tasks: list[Task] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The contract's JSON object (without the text itself)."""

        def clean(value):
            if isinstance(value, tuple):
                return list(value)
            if isinstance(value, list):
                return [clean(v) for v in value]
            if isinstance(value, dict):
                return {k: clean(v) for k, v in value.items()}
            return value

        return {
            "meta": clean(asdict(self.meta)),
            "reporting": clean(asdict(self.reporting)),
            "tasks": [clean(asdict(t)) for t in self.tasks],
        }
