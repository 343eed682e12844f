"""Layout: numbered items (一、(一)1.(1)①…), the tasks being the items the document
assigns units to; inline series 一是…二是… and paragraphs under an item that each
close with their own units are read here too (see builder.TaskBuilder.visit).

A page opening (a document whose end is lost) stops inside an item: when the last item
of the list whose other items are tasks runs to the end of the text, it is kept as a
task marked `incomplete`, with the units it shows so far — an unclosed bracket
"(责任单位:省公安厅" still names them — and none invented.
"""

from __future__ import annotations

from .. import rx, units
from ..builder import UNIT_ROLES, TaskBuilder, rstrip_space
from ..model import Task
from ..outline import Node, walk
from .base import Document, Reading


class Numbered:
    name = "numbered"
    fallback = False

    def read(self, doc: Document) -> Reading:
        builder = TaskBuilder(doc.text, doc.folded, doc.year, doc.rules, skip=doc.table_spans)
        if doc.rules.looks_back:
            builder.look_back(doc.roots)
        for root in doc.roots:
            builder.visit(root, None, [])
        _cut_off(doc, builder)
        return Reading(self.name, builder.tasks, builder.value_cells)


# How a complete document ends: a signature's date, 抄送/印发 lines, a publication note.
_CLOSING_LINE = rx.compile(
    r"(?m)^[ \t]*(?:(?:19|20)\d{2}年\d{1,2}月\d{1,2}日|[〇○零OО一二][〇○零OО一二三四五六七八九十]{3}年"
    r"[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日|抄送|印发|\(此件)"
)


# …or with the request to report, or with the plan's closing provisions.
_CLOSING_WORDS = rx.compile(r"报送|上报|报告|前报|抄报")
_CLOSING_TITLE = rx.compile(r"保障|要求|组织领导|组织实施|考核|督查|督导|激励|附则")


_SENTENCE_END = "。!?;)"
_PAGE = 600  # a page opening is at least this long


def _closed(folded: str, text_end: int, item: Node) -> bool:
    """Whether the text ends as a complete document does (not a page opening),
    judged on what follows the start of `item`."""
    tail = max(item.start, text_end - 300)
    if _CLOSING_LINE.search(folded, tail, text_end):
        return True
    last_line = folded.rfind("\n", 0, text_end - 1) + 1
    if _CLOSING_WORDS.search(folded, last_line, text_end):
        return True
    return bool(_CLOSING_TITLE.search(item.title or ""))


def _unclosed(folded: str, start: int, end: int) -> units.Clause | None:
    """The clause of a bracket the text ends inside: "…(责任单位:省公安厅"."""
    opening = folded.rfind("(", start, end)
    if opening < 0 or ")" in folded[opening:end]:
        return None
    clause = units.parse_clause(folded[opening + 1 : end], opening + 1)
    if clause is None:
        return None
    # The cut may fall inside the last name ("牵头单位:市发"): a fragment is no unit.
    for role, names in clause.roles.items():
        if role in UNIT_ROLES and names and not units.looks_like_unit(names[-1]):
            names.pop()
    return clause if clause.has_units else None


def _cut_off(doc: Document, builder: TaskBuilder) -> None:
    last = builder.last_node
    if last is None:
        _lone_cut_item(doc, builder)
        return
    text_end = rstrip_space(doc.folded, 0, doc.end)
    siblings = last.parent.children if last.parent is not None else doc.roots
    later = [n for n in siblings if n.start > last.start]
    if not later:
        # The last task itself runs into the cut: its text goes to the end, and a
        # bracket left open there still names units.
        task = max(builder.tasks, key=lambda t: t.span[0])
        if rstrip_space(doc.folded, last.start, last.end) < text_end or _closed(
            doc.folded, text_end, last
        ):
            return
        task.incomplete = True
        task.span = (task.span[0], text_end)
        found = _unclosed(doc.folded, task.span[0], text_end)
        if found is not None:
            roles = {units.LEAD: list(task.lead_units), units.CO: list(task.co_units)}
            for role, names in found.roles.items():
                roles.setdefault(role, []).extend(n for n in names if n not in roles[role])
            task.lead_units, task.co_units = units.resolve_roles(roles)
            for name, label in found.labels.items():
                task.unit_labels.setdefault(name, label)
        return
    item: Node = later[-1]
    if rstrip_space(doc.folded, item.start, item.end) < text_end or builder.assigns(item):
        return
    if _closed(doc.folded, text_end, item):
        return
    if doc.folded[text_end - 1] in _SENTENCE_END and (
        text_end < _PAGE or sum(builder.assigns(n) for n in siblings) < 2
    ):
        # A short text, or one task before, whose last item ends its sentence: a
        # complete (if small) document, not a page cut short.
        return
    if any(not builder.assigns(n) for n in later[:-1]):
        return  # items without units before it: the list is not a list of tasks
    roles: dict[str, list[str]] = units.merge_clauses(builder.clauses(item))
    unit_labels = units.merge_labels(builder.clauses(item))
    found = _unclosed(doc.folded, item.start, text_end)
    if found is not None:
        for role, names in found.roles.items():
            roles.setdefault(role, []).extend(names)
        for name, label in found.labels.items():
            unit_labels.setdefault(name, label)
    lead, co = units.resolve_roles({r: v for r, v in roles.items() if r in UNIT_ROLES})
    builder.tasks.append(
        Task(
            key=item.key,
            title=item.title,
            span=(item.start, text_end),
            group=item.parent.title if item.parent is not None else None,
            lead_units=lead,
            co_units=co,
            leaders=list(roles.get(units.LEADER, [])),
            incomplete=True,
            unit_labels=unit_labels,
        )
    )


def _lone_cut_item(doc: Document, builder: TaskBuilder) -> None:
    """No task at all, and the text stops in an open unit bracket of the last item:
    the first task of a page opening ("1.健全…。(责任单位:省公安厅")."""
    text_end = rstrip_space(doc.folded, 0, doc.end)
    leaves = [n for n in walk(doc.roots) if not n.children]
    if not leaves or rstrip_space(doc.folded, leaves[-1].start, leaves[-1].end) < text_end:
        return
    item = leaves[-1]
    found = _unclosed(doc.folded, item.start, text_end)
    if found is None:
        return
    lead, co = units.resolve_roles({r: v for r, v in found.roles.items() if r in UNIT_ROLES})
    builder.tasks.append(
        Task(
            key=item.key,
            title=item.title,
            span=(item.start, text_end),
            group=item.parent.title if item.parent is not None else None,
            lead_units=lead,
            co_units=co,
            incomplete=True,
            unit_labels=dict(found.labels),
        )
    )
