"""Task tables met as text: a docx/html table rendered one row per line with
cells separated by tabs (a header row names the columns: 序号/重点任务/具体措施/
牵头单位/责任单位/完成时限 …), and the degraded form where the cells ran together
(some OFD and PDF files), from which the number, the trailing unit names and the
deadline can still be told apart.

A header may take two rows: a cell spanning two columns (责任单位) split into
牵头单位/配合单位 on the row below; the columns are then those of both rows.
An indicator table may give the measure of its values in a column of its own
(单位 beside 目标值), which is never a responsible-unit column.

Works on the folded text; the parser turns the rows into tasks.
"""

from __future__ import annotations

import re

from . import rx
from .labels import PROGRESS, TASK, _alternation, current
from .outline import MARKER_RE
from .record import record

# ---- task tables rendered as text: one row per line, cells separated by tabs -------

KEY_COL = "key"
TITLE_COL = "title"
MEASURE_COL = "measure"
# An indicator table may give the measure in a column of its own ("单位": %, 亿元)
# beside a value column of bare numbers ("目标值": 135). 单位 alone is never a
# responsible unit (those columns say 牵头单位/责任单位).
QTY_UNIT_COL = "qty_unit"
VALUE_COL = "value"
_QTY_UNIT_HEAD = rx.compile(r"^(?:计量单位|单位|计量)$")
_VALUE_HEAD = rx.compile(
    r"^(?:(?:19|20)\d{2}年)?(?:目标值|指标值|预期目标|预期值|计划目标|年度目标|目标|计划值|计划数|目标数)$"
)

# A ledger's columns of reported progress: text for the row, never targets.
PROGRESS_COL = "progress"
_PROGRESS_HEAD = rx.compile(
    r"^(?:当前进度|目前进度|进度情况|进展情况|推进情况|工作进展|目前进展|落实情况|完成情况|"
    r"是否达序|是否达到序时进度|序时进度|(?:\d{1,2}[-—~至]\d{1,2}|\d{1,2})月(?:份)?(?:推进|进展|完成)情况)"
)
_KEY_HEAD = rx.compile(r"^(?:序号|编号|序|No\.?)$")
_TITLE_HEAD = rx.compile(
    r"^(?:重点任务|主要任务|工作任务|任务名称|重点工作|工作内容|任务内容|工作事项|事项|项目名称|"
    r"目标任务|工作目标|主要内容|任务事项|任务|项目|重点事项|工作项目|改革任务|督办事项|"
    r"指标任务|指标名称|指标|考核指标|民生实事|实事项目|重点项目)"
)
_MEASURE_HEAD = rx.compile(
    r"^(?:具体措施|工作措施|主要措施|具体内容|措施|工作要求|具体工作|推进措施|目标要求|任务要求|"
    r"具体任务|工作举措|举措|主要举措|具体举措|实施步骤|工作标准|任务分解)"
)


@record
class Table:
    span: tuple[int, int]
    columns: dict[int, str]  # cell index → KEY_COL/TITLE_COL/MEASURE_COL or a units role label
    rows: list[tuple[int, int, list[tuple[int, int]]]]  # (line start, line end, cell spans)


def _cells(folded: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cell spans of one row line, stripped of spaces."""
    spans = []
    pos = start
    for part in folded[start:end].split("\t"):
        a, b = pos, pos + len(part)
        while a < b and folded[a] in " \u3000":
            a += 1
        while b > a and folded[b - 1] in " \u3000":
            b -= 1
        spans.append((a, b))
        pos += len(part) + 1
    return spans


_MATCHERS: dict[int, tuple[dict[str, str], re.Pattern]] = {}


def _label_prefix(labels: dict[str, str]) -> re.Pattern:
    """The longest label (of three characters or more) a header cell starts with, as
    one trie pattern per label map (built once: header cells are many)."""
    cached = _MATCHERS.get(id(labels))
    if cached is None or cached[0] is not labels:
        long_ones = [lab for lab in labels if len(lab) > 2]
        pattern = rx.compile(rf"^(?:{_alternation(long_ones)})") if long_ones else rx.compile(r"$^")
        cached = _MATCHERS[id(labels)] = (labels, pattern)
    return cached[1]


def classify_header(cells: list[str], labels: dict[str, str]) -> dict[int, str]:
    """Column roles of a header row; `labels` maps unit/deadline labels to roles."""
    columns: dict[int, str] = {}
    prefix = _label_prefix(labels)
    office_headers = current().header_role
    for i, raw in enumerate(cells):
        cell = re.sub(r"\s+", "", raw)
        if not cell:
            continue
        office_role = office_headers.get(cell)
        if office_role is not None:
            columns[i] = {TASK: TITLE_COL, PROGRESS: PROGRESS_COL}[office_role]
            continue
        m = prefix.match(cell)
        label = m.group(0) if m and len(m.group(0)) > 2 else None
        if label is not None:
            columns[i] = label
        elif _PROGRESS_HEAD.match(cell):
            columns[i] = PROGRESS_COL
        elif _KEY_HEAD.match(cell):
            columns[i] = KEY_COL
        elif _QTY_UNIT_HEAD.match(cell):
            columns[i] = QTY_UNIT_COL
        elif _VALUE_HEAD.match(cell):
            columns[i] = VALUE_COL
        elif _MEASURE_HEAD.match(cell):
            columns[i] = MEASURE_COL
        elif _TITLE_HEAD.match(cell):
            columns[i] = TITLE_COL
    return columns


def find_tables(
    folded: str, start: int, end: int, labels: dict[str, str], roles: set[str]
) -> list[Table]:
    """Task tables in folded[start:end]: a header row naming a unit column (one of
    `labels` whose role is in `roles`) and a task column, then its rows."""
    tables: list[Table] = []
    pos = folded.find("\t", start, end)
    while pos >= 0:
        line_start = folded.rfind("\n", start, pos) + 1
        line_end = folded.find("\n", pos, end)
        line_end = end if line_end < 0 else line_end
        cells = _cells(folded, line_start, line_end)
        heads = [folded[a:b] for a, b in cells]
        columns = classify_header(heads, labels)
        has_task = any(v in (TITLE_COL, MEASURE_COL) for v in columns.values())
        sub = (
            _sub_header(folded, line_end + 1, end, heads, columns, labels, roles)
            if has_task
            else None
        )
        if sub is not None:
            columns = sub[0]
        has_units = any(labels.get(v) in roles for v in columns.values())
        if not (has_units and has_task):
            pos = folded.find("\t", line_end, end)
            continue
        rows = []
        last_end = line_end if sub is None else sub[1]
        cursor = last_end + 1
        while cursor < end:
            nxt = folded.find("\n", cursor, end)
            nxt = end if nxt < 0 else nxt
            line = folded[cursor:nxt]
            if "\t" not in line:
                if line.strip() and not _section_row(folded, line, nxt, end):
                    break
                if line.strip():
                    rows.append((cursor, nxt, _cells(folded, cursor, nxt)))
                cursor = nxt + 1
                continue
            rows.append((cursor, nxt, _cells(folded, cursor, nxt)))
            last_end = nxt
            cursor = nxt + 1
        tables.append(Table((line_start, last_end), columns, rows))
        pos = folded.find("\t", last_end + 1, end) if last_end + 1 < end else -1
    return tables


_RESPONSIBLE_HEAD = rx.compile(r"单位|部门|责任|分工")


def _sub_header(
    folded: str,
    start: int,
    end: int,
    heads: list[str],
    columns: dict[int, str],
    labels: dict[str, str],
    roles: set[str],
) -> tuple[dict[int, str], int] | None:
    """A second header row that splits one spanning header cell: "序号⇥…⇥责任单位⇥完成时限"
    over "牵头单位⇥配合单位". The data rows then have a cell for each sub-label where
    the first row had one, so the columns are re-mapped: (new columns, end of the
    sub-header line), or None. A Word table gives the row at full width, the cells
    covered by a downward merge left empty; a web page gives only the sub-labels."""
    line_end = folded.find("\n", start, end)
    line_end = end if line_end < 0 else line_end
    if "\t" not in folded[start:line_end] or line_end - start > 80:
        return None
    cells = [folded[a:b] for a, b in _cells(folded, start, line_end)]
    filled = [i for i, c in enumerate(cells) if c]
    if len(filled) < 2 or filled[-1] - filled[0] != len(filled) - 1:
        return None
    sub = classify_header([cells[i] for i in filled], labels)
    if len(sub) != len(filled) or not all(v in labels for v in sub.values()):
        return None
    if not any(labels[v] in roles for v in sub.values()):
        return None
    # The spanning cell: a unit column, or a header cell that names responsibility
    # without being a label itself ("单位", "责任分工及单位").
    spanning = [i for i, v in columns.items() if labels.get(v) in roles] + [
        i
        for i, head in enumerate(heads)
        if (i not in columns or columns[i] == QTY_UNIT_COL) and _RESPONSIBLE_HEAD.search(head)
    ]
    if len(cells) > len(filled):
        at = filled[0]  # the full-width form: the labels stand under their cell
        if at not in spanning:
            return None
    else:
        # Only the labels: the unit column they subdivide is the one whose
        # label is none of theirs (责任单位 over 牵头单位/配合单位).
        named = set(sub.values())
        spanning = [i for i in sorted(spanning) if columns.get(i) not in named] or sorted(spanning)
        if not spanning:
            return None
        at = spanning[0]
    if at >= len(heads):
        return None
    extra = len(filled) - 1
    if at + extra < len(heads) and not any(heads[at + 1 : at + 1 + extra]):
        extra = 0  # the spanning cell was given with empty cells after it (PDF tables)
    merged = {i if i < at else i + extra: v for i, v in columns.items() if i != at}
    merged.update({at + k: v for k, v in sub.items()})
    return merged, line_end


def _section_row(folded: str, line: str, line_end: int, end: int) -> bool:
    """A short line without tabs between table rows: a merged heading row."""
    text = line.strip()
    if len(text) > 30 or re.search(r"[。;!?]", text):
        return False
    nxt = line_end + 1
    while nxt < end and folded[nxt] == "\n":
        nxt += 1
    stop = folded.find("\n", nxt, end)
    return folded.find("\t", nxt, end if stop < 0 else stop) >= 0


# ---- a task table whose cells lost their separators (OFD, some PDFs) -------------

_GLUED_ROW = rx.compile(r"(?m)^[ \t]*(?P<key>\d{1,3})(?=[^\d.、)\s,,])(?P<body>[^\n\t]{4,400})$")
_GLUED_HEAD_LABELS = rx.compile(
    r"序号|重点任务|主要任务|工作任务|具体措施|具体目标|主要内容|工作内容|完成时限|完成时间|责任领导"
)
_GLUED_DEADLINE = rx.compile(
    r"(?:(?:19|20)\d{2}年)?(?:\d{1,2}月(?:底|末|\d{1,2}日|上旬|中旬|下旬)?|底|内)(?:前|之前|以前)?$"
    r"|长期坚持$|持续推进$|长期$"
)
_UNIT_START = r"(?:各|市|县|区|州|省|盟|旗|镇|乡|人民银行|国网|团)"
_UNIT_BODY = r"(?:[^\d%,,。;;、()“”\s]|\([^()]{1,8}\))"
_UNIT_END = (
    r"(?:委员会|办公室|人民政府|政府|管委会|委|局|办|厅|部|院|会|中心|公司|支行|分局|"
    r"大队|支队|单位|部门|站|所|队|社|联)"
)
_GLUED_UNIT = rx.compile(rf"{_UNIT_START}{_UNIT_BODY}{{0,18}}?{_UNIT_END}")


@record
class GluedRow:
    span: tuple[int, int]
    key: str
    title: str
    cells: list[list[str]]  # unit cells, left to right
    deadline_text: str | None
    section: str | None


def find_glued_rows(
    folded: str, start: int, end: int, unit_labels: list[str]
) -> tuple[list[str], list[GluedRow]]:
    """Rows of a task table whose cells were run together ("1深化改革…市政务服务局市直各部门
    2021年12月底前"), after a header line naming its columns without separators.
    Returns (the unit column labels in order, rows). Only the number, a title
    guess, the trailing unit names (a name run straight into the next starts a new
    cell) and a trailing deadline can be told apart; the rest stays in the text."""
    label_re = rx.compile("|".join(sorted(unit_labels, key=len, reverse=True)))
    for head in re.finditer(r"(?m)^[^\n\t]{6,80}$", folded[start:end]):
        line = head.group(0)
        units_in_head = label_re.findall(line)
        if not units_in_head or len(_GLUED_HEAD_LABELS.findall(line)) < 2:
            continue
        if re.search(r"[,,。;;、:]", line):
            continue
        rows: list[GluedRow] = []
        section = None
        pos = start + head.end() + 1
        expected = 1
        while pos < end:
            nl = folded.find("\n", pos, end)
            nl = end if nl < 0 else nl
            text = folded[pos:nl]
            m = _GLUED_ROW.match(text)
            heading = MARKER_RE.match(text)
            if m and int(m.group("key")) == expected:
                rows.append(_glued_row(folded, pos, nl, m, section))
                expected += 1
            elif heading and len(text.strip()) <= 30 and not re.search(r"[。;]", text):
                section = text[heading.end() :].strip().rstrip("。:")
            elif text.strip():
                break
            pos = nl + 1
        if rows:
            return units_in_head, rows
    return [], []


def _glued_row(folded: str, a: int, b: int, m: re.Match, section: str | None) -> GluedRow:
    body = m.group("body").rstrip()
    deadline = _GLUED_DEADLINE.search(body)
    deadline_text = deadline.group(0) if deadline and deadline.start() > 0 else None
    rest = body[: deadline.start()] if deadline_text else body
    cells: list[list[str]] = []
    tail = _unit_run_start(rest)
    if tail is not None:
        # Names joined by 、 or , share a cell; a name run straight into the next
        # one starts the next cell.
        for n, chunk in enumerate(re.split(r"[、,](?![^()]*\))", rest[tail:])):
            pieces = _split_glued(chunk) or [chunk]
            if n == 0 or not cells:
                cells.append([])
            cells[-1].append(pieces[0])
            cells.extend([piece] for piece in pieces[1:])
        rest = rest[:tail]
    stop = re.search(r"[,,。;;\d%]", rest)
    title = rest[: stop.start()] if stop and stop.start() >= 2 else rest
    return GluedRow((a, b), m.group("key"), title.strip(), cells, deadline_text, section)


_GLUED_WHOLE = rx.compile(rf"{_UNIT_START}{_UNIT_BODY}{{0,18}}{_UNIT_END}")


def _split_glued(chunk: str) -> list[str] | None:
    """Most whole unit names that make up `chunk` ("市交通运输局市发展改革委" →
    two; "市直各部门" stays one), or None."""
    best: dict[int, list[str] | None] = {len(chunk): []}
    for i in range(len(chunk) - 1, -1, -1):
        best[i] = None
        for j in range(i + 2, min(len(chunk), i + 24) + 1):
            rest = best.get(j)
            if rest is not None and _GLUED_WHOLE.fullmatch(chunk, i, j):
                if best[i] is None or len(rest) + 1 > len(best[i]):
                    best[i] = [chunk[i:j], *rest]
    return best[0]


_RUN_CHARS = rx.compile(r"[^\d%。;;“”\s]*$")  # what a run of unit names may hold (、 and , too)


def _unit_run_start(rest: str) -> int | None:
    """Where the run of unit names that ends `rest` begins: the leftmost position
    from which the rest splits into whole names, each followed by nothing or a
    separator. A dynamic programme over at most 120 characters, so that no input
    makes it slow (a regular expression for this backtracks exponentially)."""
    n = len(rest)
    low = max(n - 120, _RUN_CHARS.search(rest).start() if rest else n)
    ok = [False] * (n + 1)
    ok[n] = True
    start = None
    for i in range(n - 1, low - 1, -1):
        for j in range(i + 2, min(n, i + 24) + 1):
            nxt = j + 1 if j < n and rest[j] in "、," else j
            if ok[nxt] and _GLUED_WHOLE.fullmatch(rest, i, j):
                ok[i] = True
                start = i
                break
    return start
