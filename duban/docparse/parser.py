"""Top level of the parser: text → ParsedPlan.

The text is cleaned (normalize.clean_text) and folded once; every module
matches on the folded copy, which has the same length, so offsets found there
are spans into `ParsedPlan.text`. Names and titles are sliced from the folded
copy, so full-width or ASCII punctuation in the source never changes an answer.

Tasks are read by layouts (`layouts/`: numbered items, tables as tab rows,
tables flattened one cell per line or into `|` rows, ledger lines, prose
paragraphs), each a strategy reporting how much of the document it explained;
`layouts.read_tasks` combines their readings. Tasks are built by
`builder.TaskBuilder` under the document-wide rules (`rules.DocumentRules`).
Each task's targets are then read from its own text (targets.py).

Text hard-wrapped at a fixed width (saved from a PDF) is matched through a
same-length view whose wrap points are SOFT (see `unwrap`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from . import labels, layouts, meta, model, outline, rx, targets, units
from .model import ParsedPlan
from .normalize import clean_text, fold


def parse_text(text: str, *, vocabulary: Mapping[str, str] | None = None) -> ParsedPlan:
    """Parse document text. The text is cleaned first (normalize.clean_text);
    spans index into `result.text`. `vocabulary` adds an office's own labels to the
    built-in ones: label → role, a role of `labels.ROLES` ({"落实主体": "co"})."""
    with labels.using(labels.extended(vocabulary)):
        return _parse(text)


def _parse(text: str) -> ParsedPlan:
    text = clean_text(text)
    folded = fold(text)
    plan = ParsedPlan(text=text)
    targets_view = folded
    folded = unwrap(folded)
    header = meta.extract_header(folded)
    plan.meta = header.meta
    year = header.year or _first_year(folded) or 2000
    doc = layouts.Document.analyse(text, folded, year, header.body_start, len(folded))
    reading = layouts.read_tasks(doc)
    plan.tasks = reading.tasks
    for task in plan.tasks:
        _note_doubts(task, doc.rules)
    for task in plan.tasks:
        task.indicators = targets.extract_indicators(text, targets_view, *task.span, year=year)
        progress = reading.progress_cells.get(task.span[0])
        if progress is not None:
            task.indicators = [
                i for i in task.indicators if not progress[0] <= i.span[0] < progress[1]
            ]
        cell = reading.value_cells.get(task.span[0])
        if cell is not None and not any(
            cell[1][0] <= i.span[0] < cell[1][1] for i in task.indicators
        ):
            found = targets.cell_indicator(folded, *cell, deadline=task.deadline)
            if found is not None:
                task.indicators.append(found)
                task.indicators.sort(key=lambda i: i.span[0])
    # The reporting request may close the plan or sit in the cover notice.
    reporting, _ = meta.extract_reporting(folded, 0, len(folded), year)
    plan.reporting = reporting
    _drop_soft_breaks(plan)
    return plan


def _note_doubts(task, rules) -> None:
    """What the reviewer should check first, besides the layout's own doubt."""
    if task.incomplete:
        task.doubts.insert(0, model.INCOMPLETE)
    if rules.first_is_lead and task.lead_units:
        task.doubts.append(model.ROLE_BY_POSITION)
    if not task.lead_units and not task.co_units:
        task.doubts.append(model.NO_UNITS)
    task.doubts[:] = [d for d in model.DOUBTS if d in task.doubts]


# ---- text hard-wrapped at a fixed width (saved from a PDF) -------------------------

SOFT = units.SOFT  # a line break that only wrapped a paragraph; never in clean text
_FOOTER_RE = rx.compile(
    r"(?m)^[ \t]*(?:[-—–]+[ \t]*\d{1,3}[ \t]*[-—–]+|第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?)[ \t]*$"
)
_HARD_END = tuple("。;:!?)”》")
_OPEN_END = ("(", "〔", "【", ",", "、", ";")


def unwrap(folded: str) -> str:
    """Same-length copy of `folded` in which line breaks that merely wrap a
    paragraph at the page width (and page-number lines between its parts) are
    SOFT, so that every pattern sees whole paragraphs. Text without a dominant
    line width is returned as it is."""
    lines = folded.split("\n")
    lengths = Counter(len(line.strip()) for line in lines if len(line.strip()) >= 12)
    if not lengths:
        return folded
    width, count = max(lengths.items(), key=lambda kv: (kv[1] + lengths.get(kv[0] - 1, 0), kv[0]))
    count += lengths.get(width - 1, 0)
    if width > 120 or count < 5 or count < 0.3 * sum(lengths.values()):
        return folded
    # Wrapped lines mostly break mid-sentence; a list of items that happen to be
    # equally long all end with a stop.
    full = [line.strip() for line in lines if len(line.strip()) in (width, width - 1)]
    if sum(line.endswith(_HARD_END) for line in full) * 2 > len(full):
        return folded
    chars = list(folded)
    for m in _FOOTER_RE.finditer(folded):
        chars[m.start() : m.end()] = SOFT * (m.end() - m.start())
    blanked = "".join(chars)
    out = list(blanked)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    i = 0
    while i < len(lines) - 1:
        line = blanked[starts[i] : starts[i] + len(lines[i])].replace(SOFT, "").strip()
        j = i + 1
        while (
            j < len(lines)
            and not blanked[starts[j] : starts[j] + len(lines[j])].replace(SOFT, "").strip()
        ):
            j += 1
        if j >= len(lines):
            break
        between = blanked[starts[i] + len(lines[i]) : starts[j]]
        if j > i + 1 and SOFT not in between:
            i = j  # a blank line ends a paragraph; only a page footer may sit inside one
            continue
        nxt = blanked[starts[j] : starts[j] + len(lines[j])].strip()
        wrapped = (
            len(line) >= width - 1
            and not outline.MARKER_RE.match(nxt)
            and not (labels.current().label_line_re.match(nxt) and not line.endswith(_OPEN_END))
            and "\t" not in line
            and "\t" not in nxt
        )
        if wrapped:
            for k in range(starts[i] + len(lines[i]), starts[j]):
                if out[k] in "\n \t":
                    out[k] = SOFT
        i = j
    return "".join(out)


def _drop_soft_breaks(plan: ParsedPlan) -> None:
    """Names and titles as a person reads them: without the wrap points."""

    def clean(value):
        return value.replace(SOFT, "") if isinstance(value, str) else value

    m = plan.meta
    for name in ("title", "doc_number", "index_number", "issuer", "plan_title"):
        setattr(m, name, clean(getattr(m, name)))
    m.addressees = [clean(a) for a in m.addressees]
    r = plan.reporting
    r.to, r.channel = clean(r.to), clean(r.channel)
    for task in plan.tasks:
        task.title, task.group = clean(task.title), clean(task.group)
        task.lead_units = [clean(u) for u in task.lead_units]
        task.co_units = [clean(u) for u in task.co_units]
        task.leaders = [clean(u) for u in task.leaders]
        # Only the units the task kept (a name may have moved or merged on the way).
        kept = {*task.lead_units, *task.co_units}
        task.unit_labels = {
            clean(name): clean(label)
            for name, label in task.unit_labels.items()
            if clean(name) in kept
        }
        for sub in task.subtasks:
            sub.title = clean(sub.title)


def _first_year(folded: str) -> int | None:
    m = re.search(r"(?<!\d)(?:19|20)\d{2}(?=年)", folded)
    return int(m.group(0)) if m else None
