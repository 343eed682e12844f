"""Turning what a layout found (outline items, table rows, paragraphs) into Tasks.

The builder owns what must be met in document order: a clause with "下同" carries
its units to the next items that name none, "以下均需X落实" adds X to every later
task, a "排在第一位的为牵头单位" met on the way makes later first-listed units leads.
Everything said once for the whole document comes in as `DocumentRules`.
"""

from __future__ import annotations

import bisect

from . import dates, labels, outline, rx, tables, units
from .model import Subtask, Task
from .outline import Node
from .record import field, record
from .rules import DocumentRules

UNIT_ROLES = {units.LEAD, units.RESP, units.CO}
_UNIT_ROLES = UNIT_ROLES
MARKER_PREFIX = rx.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十]{1,3}\)|\d{1,2}[.、])\s*"
)
_MARKER_PREFIX = MARKER_PREFIX


def rstrip_space(folded: str, start: int, end: int) -> int:
    while end > start and folded[end - 1] in " \t\n":
        end -= 1
    return end


_NEWLINE = rx.compile("\n")


class TaskBuilder:
    """Tasks from unit clauses, with the standing rules applied in document order;
    each layout drives one builder over the part of the document it reads."""

    def __init__(
        self,
        text: str,
        folded: str,
        year: int,
        rules: DocumentRules | None = None,
        skip: list[tuple[int, int]] = (),
    ):
        self.text = text
        self.rules = rules or DocumentRules()
        self.skip = list(skip)  # task tables: their rows are read by table()
        self.folded = folded
        self.year = year
        self.tasks: list[Task] = []
        self._clauses: dict[int, list[units.Clause]] = {}
        self._assigns: dict[int, bool] = {}
        self._newlines = [m.start() for m in _NEWLINE.finditer(folded)]
        self._carry: tuple[str, dict[str, list[str]], dict[str, str]] | None = None
        self._always: dict[str, list[str]] = {}
        # A "排在第一位的为牵头单位" rule in force: stated before the items, or met
        # in a clause with 下同 on the way.
        self._first_is_lead = self.rules.first_is_lead
        self._borrowed: dict[int, list[units.Clause]] = {}  # item start → look-back clauses
        # Table task start → (name, value cell span, measure) where an indicator
        # table gives the measure in a column of its own.
        self.value_cells: dict[int, tuple[str, tuple[int, int], str]] = {}
        # Table task start → its progress cell (当前进度, 完成情况 …): no targets there.
        self.progress_cells: dict[int, tuple[int, int]] = {}
        self.last_node: Node | None = None  # the outline item of the last task made

    def look_back(self, roots: list[Node]) -> None:
        """A clause "(以上两项牵头单位:…)" after a run of sibling items closes each of
        them: the one it stands in and the ones before it (as many as it says, or
        back to the last item with units of its own)."""
        stack = list(roots)
        siblings_of = [roots]
        while stack:
            node = stack.pop()
            if node.children:
                siblings_of.append(node.children)
                stack.extend(node.children)
        for siblings in siblings_of:
            own = [self._own_clauses(item) for item in siblings]
            for k, found in enumerate(own):
                for clause in found:
                    if clause.back is None:
                        continue
                    first = k - clause.back + 1 if clause.back else k
                    if not clause.back:
                        while first > 0 and not any(c.has_units for c in own[first - 1]):
                            first -= 1
                    for item in siblings[max(first, 0) : k]:
                        self._borrowed.setdefault(item.start, []).append(clause)

    def _own_clauses(self, node: Node) -> list[units.Clause]:
        return [
            c
            for c in units.find_clauses(self.folded, node.body, node.own_end)
            if not any(a <= c.span[0] < b for a, b in self.skip)
        ]

    # -- outline items --------------------------------------------------------

    def clauses(self, node: Node) -> list[units.Clause]:
        if node.start not in self._clauses:
            found = self._own_clauses(node) + self._borrowed.get(node.start, [])
            allocated = self.rules.allocated.get(node.label)
            if allocated is not None:
                # The closing allocation paragraph lies inside the last item's text.
                found = [c for c in found if not allocated.span[0] <= c.span[0] < allocated.span[1]]
            if not any(c.has_units for c in found):
                lead_in = units.leading_clause(self.folded, node.body, node.own_end)
                if lead_in is None and allocated is not None and not node.children:
                    lead_in = allocated
                found = found + [lead_in] if lead_in is not None else found
            self._clauses[node.start] = found
            self._hoist(node)
        return self._clauses[node.start]

    def _hoist(self, node: Node) -> None:
        """A unit clause on its own line after the last of several children, when
        no other child names units, closes the parent, not the last child:
        "(二)…\\n1.…\\n2.…\\n(牵头单位:…)"."""
        if len(node.children) < 2 or node.children[-1].children:
            return
        last = node.children[-1]
        if any(self.assigns(child) for child in node.children[:-1]):
            return
        own = self.clauses(last)
        moved = [
            c
            for c in own
            if (c.has_units or c.deadline_text or c.roles.get(units.LEADER))
            and c.back is None
            and c.span[0] > last.line_end
            and self.folded[self.folded.rfind("\n", 0, c.span[0]) + 1 : c.span[0]].strip() == ""
        ]
        if any(c.has_units for c in moved):
            self._clauses[last.start] = [c for c in own if c not in moved]
            self._clauses[node.start] = self._clauses[node.start] + moved

    def assigns(self, node: Node) -> bool:
        """Whether the item or anything below it names units."""
        if node.start not in self._assigns:
            self._assigns[node.start] = any(c.has_units for c in self.clauses(node)) or any(
                self.assigns(child) for child in node.children
            )
        return self._assigns[node.start]

    def visit(self, node: Node, group: str | None, inherited_lead: list[str]) -> None:
        clauses = self.clauses(node)
        roles = units.merge_clauses(clauses)
        for clause in clauses:
            for role, names in clause.persistent.items():
                bucket = self._always.setdefault(role, [])
                bucket.extend(n for n in names if n not in bucket)
        if any(self.assigns(child) for child in node.children):
            lead = roles.get(units.LEAD) or inherited_lead
            for child in node.children:
                self.visit(child, node.title, lead)
            return
        body = node.line_end if node.heading_only else node.body
        if self.paragraph_tasks(body, node.own_end, node.key, node.title, clauses):
            return
        series = self._series_tasks(node, clauses)
        if series:
            for item, item_clauses in series:
                self._task(
                    f"{node.key}.{item.label}",
                    item.title,
                    item.span,
                    node.title,
                    node.kind + ".series",
                    item_clauses,
                    inherited_lead,
                )
            return
        task = self._task(node.key, node.title, None, group, node.kind, clauses, inherited_lead)
        if task is not None:
            self.last_node = node
            task.span = self._span(node, clauses)
            task.subtasks = self._subtasks(node, task, clauses)

    def paragraph_tasks(self, start, end, key, group, clauses) -> bool:
        """Paragraphs that each close with their own units are the tasks (the
        item above, if any, is their group): "推进产业升级\n加快…(牵头单位:A)\n
        扩大有效投资\n加快…(牵头单位:B)". True if it made them."""
        lines_with_units = {
            bisect.bisect(self._newlines, c.span[0]) for c in clauses if c.has_units
        }
        if len(lines_with_units) < 2:
            return False
        blocks = outline.paragraph_blocks(self.folded, start, end, labels.current().label_line_re)
        found = []
        ordered = sorted(clauses, key=lambda c: c.span[0])
        k = 0
        for block in blocks:
            while k < len(ordered) and ordered[k].span[0] < block.start:
                k += 1
            inside = []
            while k < len(ordered) and ordered[k].span[0] < block.end:
                inside.append(ordered[k])
                k += 1
            if any(c.has_units for c in inside):
                found.append((block, inside))
        if len(found) < 2:
            return False
        prefix = f"{key}." if key else ""
        for n, (block, inside) in enumerate(found, 1):
            self._task(
                f"{prefix}{n}",
                block.title,
                (block.start, block.end),
                group,
                "paragraph",
                inside,
                [],
            )
        return True

    def _series_tasks(self, node: Node, clauses: list[units.Clause]):
        """Items of an inline series 一是…二是… that each close with their own unit
        clause are the tasks (the numbered item is then their group)."""
        if node.children or sum(c.has_units for c in clauses) < 2:
            return None
        body = node.title_span[1]
        items = outline.inline_series(self.folded, body, node.own_end)
        if len(items) < 2:
            return None
        found = []
        for item in items:
            inside = [c for c in clauses if item.span[0] <= c.span[0] < item.span[1]]
            if inside:
                end = max(c.span[1] for c in inside)
                found.append(
                    (
                        outline.Inline(
                            item.label, item.title, (item.span[0], end), item.title_span
                        ),
                        inside,
                    )
                )
        return found if len(found) >= 2 else None

    def _task(
        self, key, title, span, group, kind, clauses, inherited_lead, node=None
    ) -> Task | None:
        """A task from its clauses, with the document's standing rules applied
        (下同 carry, units for every later task, first-listed-is-lead)."""
        roles = units.merge_clauses(clauses)
        unit_labels = units.merge_labels(clauses)
        if any(c.carry for c in clauses):
            self._carry = (kind, {k: list(v) for k, v in roles.items()}, dict(unit_labels))
        elif self._carry and self._carry[0] == kind:
            for role, names in self._carry[1].items():
                if role in _UNIT_ROLES and not roles.get(role):
                    roles[role] = list(names)
                    for name in names:
                        if name in self._carry[2]:
                            unit_labels.setdefault(name, self._carry[2][name])
        if not any(roles.get(r) for r in _UNIT_ROLES):
            return None
        if inherited_lead and not roles.get(units.LEAD):
            roles[units.LEAD] = list(inherited_lead)
        named = {n for r in _UNIT_ROLES for n in roles.get(r, [])}
        for role, names in self._always.items():
            roles.setdefault(role, []).extend(n for n in names if n not in named)
        first_is_lead = self._first_is_lead or any(c.first_is_lead for c in clauses)
        if any(c.rule_carry for c in clauses):
            self._first_is_lead = True
        lead, co = units.resolve_roles(roles, first_is_lead=first_is_lead)
        task = Task(
            key=key,
            title=title,
            span=span or (0, 0),
            group=group,
            lead_units=lead,
            co_units=co,
            leaders=list(roles.get(units.LEADER, [])),
            unit_labels=unit_labels,
        )
        task.deadline = self._deadline(clauses)
        self.tasks.append(task)
        return task

    def _span(self, node: Node, clauses: list[units.Clause]) -> tuple[int, int]:
        end = node.end
        last_sibling = node.parent is None or node is node.parent.children[-1]
        unit_clauses = [c for c in clauses if c.has_units]
        if last_sibling and unit_clauses and not node.children:
            # The last item of a list closes with its unit clause; what follows
            # (a closing paragraph, page debris) belongs to no task.
            clause_end = max(c.span[1] for c in clauses)
            if clause_end > node.line_end:
                line_end = self.folded.find("\n", clause_end, end)
                end = end if line_end < 0 else line_end
            elif not node.heading_only:
                end = node.line_end
        return node.start, rstrip_space(self.folded, node.start, end)

    def _deadline(self, clauses: list[units.Clause]) -> str | None:
        for clause in clauses:
            if clause.deadline_text:
                found = dates.resolve(clause.deadline_text, year=self.year)
                if found:
                    return found
        for clause in clauses:
            if clause.has_units:
                found = dates.find_deadline(self.folded, *clause.span, year=self.year)
                if found:
                    return found[0]
        return None

    def _subtasks(self, node: Node, task: Task, clauses: list[units.Clause]) -> list[Subtask]:
        if node.children:
            return [
                Subtask(
                    key=child.key,
                    title=child.title,
                    span=(child.start, rstrip_space(self.folded, child.start, child.end)),
                )
                for child in node.children
            ]
        body = node.title_span[1]
        while body < len(self.folded) and self.folded[body] in "。;!?:: \t\n":
            body += 1
        stop = min([c.span[0] for c in clauses if c.has_units] or [task.span[1]])
        stop = min(stop, task.span[1])
        if body >= stop:
            return []
        found = outline.inline_series(self.folded, body, stop) or outline.lead_sentences(
            self.folded, body, stop
        )
        return [
            Subtask(key=f"{task.key}.{item.label}", title=item.title, span=item.span)
            for item in found
        ]

    # -- task tables ----------------------------------------------------------

    def table(self, table: tables.Table, enclosing: str | None, doc_end: int = -1) -> None:
        """Tasks from a task table: one per row that names units. Merged cells
        (empty below their first row) carry the cell above; when one task cell
        spans several rows of a measures column, each measure is a task grouped
        under it."""
        cols = table.columns

        def col(kind: str) -> int | None:
            return next((i for i, v in cols.items() if v == kind), None)

        key_i, title_i, measure_i = (
            col(tables.KEY_COL),
            col(tables.TITLE_COL),
            col(tables.MEASURE_COL),
        )
        value_i, qty_i = col(tables.VALUE_COL), col(tables.QTY_UNIT_COL)
        progress_i = col(tables.PROGRESS_COL)
        if title_i is None:
            title_i, measure_i = measure_i, None
        label_role = labels.current().label_role
        unit_cols = {i: label_role[v] for i, v in cols.items() if v in label_role}

        # Columns whose cells are merged downwards over a task's rows (the docx
        # reader leaves the covered cells empty): the lead, the leader, the deadline.
        primary = units.LEAD if units.LEAD in unit_cols.values() else units.RESP
        merged = {i for i, r in unit_cols.items() if r in (primary, units.LEADER, units.DEADLINE)}
        rows: list[_Row] = []
        section = enclosing
        prev: _Row | None = None
        for line_start, line_end, spans in table.rows:
            cells = [self.folded[a:b] for a, b in spans]
            filled = [c for c in cells if c]
            if not filled:
                continue
            alone = next(i for i, c in enumerate(cells) if c) if len(filled) == 1 else None
            if len(set(filled)) == 1 and (
                len(filled) == len(cells) or alone in (0, key_i, title_i)
            ):
                # A row of one (merged) cell: a section heading inside the table. (One
                # cell filled further right continues the task above: a merged row.)
                section = _MARKER_PREFIX.sub("", filled[0]).rstrip("。:") or section
                prev = None
                continue
            title = _cell(cells, title_i)
            continuation = not title and prev is not None
            if continuation and not _cell(cells, measure_i) and not _cell(cells, key_i):
                # The task cell merged down over rows that each give one more of its
                # targets (a measures column would make each row a task): the row
                # belongs to the task above, with whatever units it adds.
                prev.span = (prev.span[0], rstrip_space(self.folded, line_start, line_end))
                prev.more.append({i: _cell(cells, i) for i in unit_cols})
                continue
            if continuation:
                title = prev.title
            if not title:
                continue
            row = _Row(
                value=spans[value_i] if value_i is not None and value_i < len(spans) else None,
                qty_unit=_cell(cells, qty_i),
                span=(line_start, rstrip_space(self.folded, line_start, line_end)),
                section=section,
                title=title,
                key=_cell(cells, key_i) or (prev.key if continuation else ""),
                measure=_cell(cells, measure_i),
                progress=_cell(cells, progress_i),
                progress_span=spans[progress_i]
                if progress_i is not None and progress_i < len(spans)
                else None,
                unit_text={
                    i: _cell(cells, i)
                    or (prev.unit_text.get(i, "") if prev and (continuation or i in merged) else "")
                    for i in unit_cols
                },
            )
            rows.append(row)
            prev = row

        counts: dict[str, int] = {}
        for row in rows:
            counts[row.title] = counts.get(row.title, 0) + 1
        seen: dict[str, int] = {}
        for n, row in enumerate(rows, 1):
            seen[row.title] = seen.get(row.title, 0) + 1
            group, title, key = row.section, row.title, row.key.rstrip(".、") or str(n)
            if measure_i is not None and counts[row.title] > 1 and row.measure:
                group, title = row.title, row.measure
                key = f"{key}.{seen[row.title]}"
            title = outline.title_at(title, 0, len(title))[0]
            roles: dict[str, list[str]] = {}
            unit_labels: dict[str, str] = {}
            deadline = None
            for i, value in [kv for cells in (row.unit_text, *row.more) for kv in cells.items()]:
                role = unit_cols[i]
                if not value:
                    continue
                if role == units.DEADLINE:
                    # A task over several rows is done when its last row is.
                    found = dates.resolve(value, year=self.year)
                    deadline = max(d for d in (deadline, found) if d) if found else deadline
                    continue
                # A cell may hold labels ("牵头:A;配合:B") or verbs ("A牵头,B配合").
                clause = units.parse_clause(value)
                if clause is not None and clause.has_units:
                    found = clause.roles
                    cell_labels = clause.labels
                else:
                    found = units.with_marked_leads(units.split_units(value)[0], role)
                    # The column's header is the label of the names in its cells.
                    cell_labels = units.labels_by_role(found, cols[i], role)
                for name, label in cell_labels.items():
                    unit_labels.setdefault(name, label)
                for r, names in found.items():
                    bucket = roles.setdefault(r, [])
                    # A cell cut off by the page's end leaves a fragment ("区").
                    bucket.extend(x for x in names if x not in bucket and len(x) > 1)
            # The document stops in this row (a page opening): keep it as it is.
            cut = (
                row is rows[-1]
                and doc_end > 0
                and row.span[1] >= rstrip_space(self.folded, 0, doc_end)
            )
            if not cut and not any(roles.get(r) for r in _UNIT_ROLES):
                continue
            lead, co = units.resolve_roles(roles)
            if row.value is not None:
                # The measure has a column of its own, or closes the indicator's
                # name: "固定资产投资(亿元)".
                in_name = _MEASURE_IN_NAME.search(row.title) if qty_i is None else None
                if qty_i is not None:
                    self.value_cells[row.span[0]] = (row.title, row.value, row.qty_unit)
                elif in_name:
                    name = row.title[: in_name.start()].strip()
                    self.value_cells[row.span[0]] = (name, row.value, in_name["m"])
            self.tasks.append(
                Task(
                    key=key,
                    title=_MARKER_PREFIX.sub("", title),
                    span=row.span,
                    group=group,
                    lead_units=lead,
                    co_units=co,
                    leaders=roles.get(units.LEADER, []),
                    deadline=deadline,
                    incomplete=cut,
                    unit_labels=unit_labels,
                    progress=row.progress or None,
                )
            )
            if row.progress_span is not None:
                self.progress_cells[row.span[0]] = row.progress_span

    def glued(self, columns: list[str], rows: list[tables.GluedRow]) -> None:
        """Tasks from a table whose cells ran together: unit cells map to the
        header's unit columns in order."""
        for row in rows:
            roles: dict[str, list[str]] = {}
            unit_labels: dict[str, str] = {}
            for label, cell in zip(columns, row.cells, strict=False):
                roles.setdefault(labels.current().label_role[label], []).extend(cell)
                for name in cell:
                    unit_labels.setdefault(name, label)
            if not row.title or not any(roles.get(r) for r in _UNIT_ROLES):
                continue
            lead, co = units.resolve_roles(roles)
            deadline = (
                dates.resolve(row.deadline_text, year=self.year) if row.deadline_text else None
            )
            self.tasks.append(
                Task(
                    key=row.key,
                    title=row.title,
                    span=row.span,
                    group=row.section,
                    lead_units=lead,
                    co_units=co,
                    deadline=deadline,
                    unit_labels=unit_labels,
                )
            )


@record
class _Row:
    value: tuple[int, int] | None  # the value cell of an indicator table
    qty_unit: str  # its measure, from a column of its own
    span: tuple[int, int]
    section: str | None
    title: str
    key: str
    measure: str
    unit_text: dict[int, str]
    more: list[dict[int, str]] = field(default_factory=list)  # rows that continue this one
    progress: str = ""  # the row's reported progress, when the table has such a column
    progress_span: tuple[int, int] | None = None


_MEASURE_IN_NAME = rx.compile(r"\((?P<m>[^()\d\s]{1,6})\)$")


def _cell(cells: list[str], i: int | None) -> str:
    return cells[i] if i is not None and i < len(cells) else ""
