"""Layout (fallback): labelled blocks whose labels stand alone on their lines, as a web
page renders a definition list:

    具体任务
    建设区域医疗中心……
    责任单位
    卫健局、文旅局
    配合单位
    各乡镇
    完成时限
    2023年底前

A block opens at a task label (具体任务, 工作任务, 督办事项 … — the header words of a
task table) and runs to the next one; the unit, leader and deadline labels inside it
give its roles exactly as a labelled clause would.
"""

from __future__ import annotations

import re

from .. import dates, outline, rx, tables, units
from ..builder import UNIT_ROLES, rstrip_space
from ..labels import current
from ..model import Task
from .base import Document, Reading

_LINE = rx.compile(r"[^\n]+")


def _label_of(line: str) -> tuple[str, str] | None:
    """(kind, label) of a line that is nothing but a label: kind is a unit role,
    or "task"."""
    word = re.sub(r"\s+", "", line).rstrip(":")
    if not word or len(word) > 8:
        return None
    role = current().label_role.get(word)
    if role is not None and len(word) > 2:
        return role, word
    kind = tables.classify_header([word], {})
    return ("task", word) if kind.get(0) in (tables.TITLE_COL, tables.MEASURE_COL) else None


class LabelledBlocks:
    name = "labelled_blocks"
    fallback = True

    def read(self, doc: Document) -> Reading:
        folded = doc.folded
        lines = [
            (m.start() + doc.start, m.end() + doc.start)
            for m in _LINE.finditer(folded[doc.start : doc.end])
            if m.group(0).strip()
        ]
        blocks: list[list[tuple[str, str, list[tuple[int, int]]]]] = []
        kinds: dict[str, tuple[str, str] | None] = {}
        for a, b in lines:
            line = folded[a:b]
            if len(line) > 24:
                found = None  # far too long to be a label
            else:
                if line not in kinds:  # the same labels recur: classify each once
                    kinds[line] = _label_of(line)
                found = kinds[line]
            if found is not None and found[0] == "task":
                blocks.append([("task", found[1], [])])
            elif found is not None and blocks:
                blocks[-1].append((*found, []))
            elif blocks:
                blocks[-1][-1][2].append((a, b))
        tasks = []
        for n, block in enumerate(blocks, 1):
            task = self._task(doc, n, block)
            if task is not None:
                tasks.append(task)
        return Reading(self.name, tasks)

    def _task(self, doc: Document, n: int, block) -> Task | None:
        folded = doc.folded
        body = block[0][2]
        if not body:
            return None
        roles: dict[str, list[str]] = {}
        unit_labels: dict[str, str] = {}
        deadline = None
        for kind, label, spans in block[1:]:
            value = " ".join(folded[a:b].strip() for a, b in spans)
            if not value:
                continue
            if kind == units.DEADLINE:
                deadline = dates.resolve(value, year=doc.year) or deadline
                continue
            names = units.split_units(value)[0]
            found = units.with_marked_leads(names, kind) if kind != units.LEADER else {kind: names}
            for role, found_names in found.items():
                roles.setdefault(role, []).extend(found_names)
            for name, name_label in units.labels_by_role(found, label, kind).items():
                unit_labels.setdefault(name, name_label)
        if not any(roles.get(r) for r in UNIT_ROLES):
            return None
        lead, co = units.resolve_roles(roles)
        start = body[0][0]
        last = max((s[-1][1] for _, _, s in block if s), default=body[-1][1])
        title = outline.title_at(folded, start, body[0][1])[0]
        return Task(
            key=str(n),
            title=title,
            span=(start, rstrip_space(folded, start, last)),
            lead_units=lead,
            co_units=co,
            leaders=roles.get(units.LEADER, []),
            deadline=deadline,
            unit_labels=unit_labels,
        )
