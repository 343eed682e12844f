"""The parse result, as plain records (dataclasses without the `dataclasses` import: record.py).

`ParsedPlan.to_dict()` gives exactly the JSON shape of the parse contract
(see ARCHITECTURE.md and tests/docparse/contract.md): meta, reporting, tasks;
`ParsedPlan.from_dict(contract, text=…)` reads that shape back (a contract kept
as JSON, a hand-made one in a test). Values are exact Decimals here; only the
JSON shape turns them into numbers. Spans are `[start, end)` offsets into
`ParsedPlan.text`, the normalised text that `duban parse FILE --text` prints.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from .numbers import to_float
from .record import field, record

# typing.TYPE_CHECKING without importing typing, a few ms of every `duban parse`;
# type checkers take any name TYPE_CHECKING for true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


@record
class Indicator:
    """One quantitative target. `value` is in base units (1.3万人 → 13000 "人")."""

    name: str
    op: str  # ">=", "<=", "=", "≈", "between", "turn_positive", "zero"
    value: Decimal | None
    unit: str | None
    raw: str  # the number as written, e.g. "1.3万人"
    text: str  # the clause that states the target
    span: tuple[int, int]
    subject: str | None = None
    value_max: Decimal | None = None
    deadline: str | None = None  # ISO date


@record
class Subtask:
    key: str
    title: str
    span: tuple[int, int]


@record
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
# An OCR line below this mean word confidence is marked for checking (待核对). Here,
# not in read_ocr, so that asking for it loads no image library.
LOW_CONFIDENCE = 80


@record
class Meta:
    title: str | None = None
    doc_number: str | None = None
    index_number: str | None = None
    issuer: str | None = None
    published: str | None = None
    addressees: list[str] = field(default_factory=list)
    plan_title: str | None = None


@record
class Reporting:
    deadline: str | None = None
    to: str | None = None
    channel: str | None = None


@record
class ParsedPlan:
    text: str
    meta: Meta = field(default_factory=Meta)
    reporting: Reporting = field(default_factory=Reporting)
    tasks: list[Task] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The contract's JSON object (without the text itself)."""
        return {
            "meta": _plain(self.meta),
            "reporting": _plain(self.reporting),
            "tasks": [_plain(t) for t in self.tasks],
        }

    @classmethod
    def from_dict(cls, contract: dict[str, Any], *, text: str) -> ParsedPlan:
        """The typed plan of a contract object (`to_dict`'s shape) and its text.
        Fields it does not know are left out; ContractError names the place of
        anything malformed (a span that is no pair of integers, a value that is
        no number)."""
        return ParsedPlan(
            text=text,
            meta=Meta(**_fields(Meta, contract.get("meta") or {}, "meta")),
            reporting=Reporting(**_fields(Reporting, contract.get("reporting") or {}, "reporting")),
            tasks=[_task(t, f"tasks[{i}]") for i, t in enumerate(contract.get("tasks") or [])],
        )


def _plain(value: Any) -> Any:
    """What dataclasses.asdict makes of a value, with Decimals as the JSON contract's
    numbers and tuples as its lists."""
    if isinstance(value, Decimal):
        return to_float(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    fields = getattr(type(value), "__record_fields__", None)
    if fields is not None:
        return {name: _plain(getattr(value, name)) for name in fields}
    return value


class ContractError(ValueError):
    """A contract object that is not the parse contract's shape; str() says where."""


def _fields(kind, data: dict[str, Any], where: str) -> dict[str, Any]:
    """The object's fields the record knows (a contract written by a later
    version may carry more)."""
    if not isinstance(data, dict):
        raise ContractError(f"{where}: not an object: {data!r}")
    return {k: v for k, v in data.items() if k in kind.__record_fields__}


def _span(value: Any, where: str) -> tuple[int, int]:
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise ContractError(f"{where}.span: not [start, end]: {value!r}")
    return (value[0], value[1])


def _number(value: Any, where: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ContractError(f"{where}: not a number: {value!r}")
    try:
        # str() first: a JSON float 0.1 is the decimal 0.1, not its binary neighbour.
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ContractError(f"{where}: not a number: {value!r}") from None
    return number


def _task(data: dict[str, Any], where: str) -> Task:
    fields = _fields(Task, data, where)
    fields["span"] = _span(data.get("span"), where)
    fields["subtasks"] = [
        Subtask(
            **{
                **_fields(Subtask, s, f"{where}.subtasks[{i}]"),
                "span": _span(s.get("span"), f"{where}.subtasks[{i}]"),
            }
        )
        for i, s in enumerate(data.get("subtasks") or [])
    ]
    fields["indicators"] = [
        _indicator(d, f"{where}.indicators[{i}]")
        for i, d in enumerate(data.get("indicators") or [])
    ]
    return _make(Task, fields, where)


def _indicator(data: dict[str, Any], where: str) -> Indicator:
    fields = _fields(Indicator, data, where)
    fields["span"] = _span(data.get("span"), where)
    fields["value"] = _number(data.get("value"), f"{where}.value")
    fields["value_max"] = _number(data.get("value_max"), f"{where}.value_max")
    return _make(Indicator, fields, where)


def _make(kind, fields: dict[str, Any], where: str):
    try:
        return kind(**fields)
    except TypeError as exc:  # a required field missing
        raise ContractError(f"{where}: {exc}") from None
