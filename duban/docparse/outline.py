"""The numbering hierarchy of a document: 一、 → (一) → 1. → (1) → ①.

Works on the folded text, where every bracket and stop is ASCII: "(一)" and
"（一）" look the same, and "1．" is "1.". A marker counts only at the start of
a line and only when its number continues the list it belongs to (or starts a
new one at 1), so a body line that happens to begin with "3.5%" or "2020." is
never an item. Nesting follows the conventional rank of the marker kinds; a
kind met again closes every deeper level.

Inside one paragraph, the inline series 一是…二是… (or 第一,…第二,…) and
"lead sentences" (a short first sentence acting as a heading) give the next
level down; `inline_series` and `lead_sentences` find them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "一二三四五六七八九十"


def cn_int(s: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23 (up to 99)."""
    if not s:
        return None
    if "\u2460" <= s <= "\u2473":
        return ord(s) - 0x2460 + 1
    if s.isascii() and s.isdigit():
        return int(s)
    if "十" not in s:
        return _CN_DIGITS.get(s) if len(s) == 1 else None
    tens, _, ones = s.partition("十")
    if "十" in ones:
        return None
    t = _CN_DIGITS.get(tens, 0) if tens else 1
    if tens and not t:
        return None
    o = _CN_DIGITS.get(ones, 0) if ones else 0
    if ones and not o:
        return None
    return t * 10 + o


# Conventional rank of each marker kind: a lower rank is a higher level.
RANK = {"chap": -1, "act": 0, "cn": 0, "di": 0, "pcn": 1, "num": 2, "pnum": 3, "circ": 4}

MARKER_RE = re.compile(
    r"(?m)^[ \t]*(?:"
    rf"(?P<cn>[{_CN}]{{1,3}})[ \t]*[、.,](?![\d{_CN}])"
    rf"|\([ \t]*(?P<pcn>[{_CN}]{{1,3}})[ \t]*\)"
    r"|(?P<num>\d{1,2})[ \t]*(?:[.、](?!\d)|\)(?![\d)]))"
    r"|\([ \t]*(?P<pnum>\d{1,2})[ \t]*\)"
    r"|(?P<circ>[①-⑳])"
    rf"|第(?P<di>[{_CN}]{{1,3}})[、,.:]"
    rf"|第(?P<chap>[{_CN}]{{1,3}})(?:章|部分|篇)"
    # Named items: "行动一:", "专项行动二 ", "任务三、".
    rf"|(?P<act>(?:专项行动|行动|任务|工程|举措|专项)[{_CN}]{{1,3}})[ \t]*[::、.]"
    r")[ \t]*"
)

_TITLE_STOP = re.compile(r"[。;!?]")
_TRAILING_BRACKET = re.compile(r"[(〔【\[][^()〔〕【】\[\]]*[)〕】\]]\s*$")
_CLOSERS = (")", "〕", "】", "]", " ", "\t")
_COLON = re.compile(r"[::]")
_TRAIL_PUNCT = " \t。.,,;;::、"


@dataclass
class Node:
    kind: str
    ordinal: int
    label: str  # the key part: "二", "(四)", "1", "(1)", "①", "第一"
    start: int  # where the marker begins
    body: int  # just after the marker
    line_end: int  # end of the marker's line
    end: int = 0  # end of the item (exclusive), set after the whole list is read
    title: str = ""
    title_span: tuple[int, int] = (0, 0)
    heading_only: bool = False  # the title is the whole line
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)

    @property
    def depth(self) -> int:
        d, p = 0, self.parent
        while p is not None:
            d, p = d + 1, p.parent
        return d

    @property
    def key(self) -> str:
        parts, node = [], self
        while node is not None:
            parts.append(node.label)
            node = node.parent
        return ".".join(reversed(parts))

    @property
    def own_end(self) -> int:
        """End of the item's own text (before its first child)."""
        return self.children[0].start if self.children else self.end


def _label(kind: str, raw: str) -> str:
    if kind == "pcn" or kind == "pnum":
        return f"({raw})"
    if kind == "di":
        return f"第{raw}"
    if kind == "chap":
        return f"第{raw}章"
    return raw


def title_at(folded: str, start: int, line_end: int) -> tuple[str, tuple[int, int], bool]:
    """Title of an item whose text starts at `start`: the whole line when it is a
    heading on its own line, else the text up to the first full stop.
    A trailing unit clause in brackets is not part of the title."""
    line = folded[start:line_end]
    stop = _TITLE_STOP.search(line)
    heading_only = stop is None or not line[stop.end() :].strip()
    cut = stop.start() if stop else len(line)
    # Drop a trailing bracketed clause (units, deadline) from the title.
    title = line[:cut]
    bracket = _TRAILING_BRACKET.search(title) if title.endswith(_CLOSERS) else None
    if bracket and bracket.start() > 0:
        title = title[: bracket.start()]
    # A colon early in the line ends a lead phrase: "(一)加强组织领导:各地要…".
    colon = _COLON.search(title)
    if colon and 2 <= colon.start() <= 40:
        title = title[: colon.start()]
        heading_only = False
    stripped = title.rstrip(_TRAIL_PUNCT + "\x00")
    lead = len(stripped) - len(stripped.lstrip())
    stripped = stripped.strip()
    return stripped, (start + lead, start + lead + len(stripped)), heading_only


def build(folded: str, start: int, end: int, skip: list[tuple[int, int]] = ()) -> list[Node]:
    """Top-level items of folded[start:end] with their children filled in.
    `skip` holds ranges (tables) where markers are not read."""
    roots: list[Node] = []
    stack: list[Node] = []
    flat: list[Node] = []
    last_seen: dict[str, int] = {}
    skip = sorted(skip)
    skip_i = 0
    for m in MARKER_RE.finditer(folded, start, end):
        pos = m.start()
        while skip_i < len(skip) and skip[skip_i][1] <= pos:
            skip_i += 1
        if skip_i < len(skip) and skip[skip_i][0] <= pos:
            continue
        kind = m.lastgroup
        raw = m.group(kind)
        ordinal = cn_int(raw.lstrip("专项行动任务工程举措") if kind == "act" else raw)
        if ordinal is None or ordinal == 0:
            continue
        line_end = folded.find("\n", m.end(), end)
        if line_end < 0:
            line_end = end
        if line_end - m.end() < 1:
            continue  # a bare number on its own line is no item
        rank = RANK[kind]
        depth = len(stack)
        while depth and RANK[stack[depth - 1].kind] > rank:
            depth -= 1
        same = depth and stack[depth - 1].kind == kind
        if same:
            last = stack[depth - 1].ordinal
            if not (last < ordinal <= last + 2 or ordinal == 1):
                continue
            depth -= 1
        elif depth and RANK[stack[depth - 1].kind] == rank:
            # Another kind of the same rank ("第一," beside "一、"): a sibling when it
            # starts a list, otherwise text.
            if ordinal != 1:
                continue
            depth -= 1
        elif ordinal != 1 and (depth or roots) and ordinal != last_seen.get(kind, -1) + 1:
            # Not the start of a list, nor numbering run on from the previous
            # group ("1.…3." under 一、, "4.…6." under 二、): text.
            continue
        del stack[depth:]
        marker_end = m.end()
        title, tspan, heading_only = title_at(folded, marker_end, line_end)
        if not title:
            continue
        node = Node(
            kind=kind,
            ordinal=ordinal,
            label=_label(kind, raw),
            start=m.start() + (len(m.group(0)) - len(m.group(0).lstrip(" \t"))),
            body=marker_end,
            line_end=line_end,
            title=title,
            title_span=tspan,
            heading_only=heading_only,
            parent=stack[-1] if stack else None,
        )
        if node.parent is None:
            roots.append(node)
        else:
            node.parent.children.append(node)
        stack.append(node)
        flat.append(node)
        last_seen[kind] = ordinal
    # An item ends where the next item of the same or a higher level begins.
    open_items: list[tuple[int, Node]] = []
    for node in flat:
        d = node.depth
        while open_items and open_items[-1][0] >= d:
            open_items.pop()[1].end = node.start
        open_items.append((d, node))
    for _, node in open_items:
        node.end = end
    return roots


def walk(nodes: list[Node]):
    for node in nodes:
        yield node
        yield from walk(node.children)


# ---- the level below a paragraph -------------------------------------------------

_SERIES_RE = re.compile(
    rf"(?:^|(?<=[。;!?:\n)]))[ \t]*(?:(?P<shi>[{_CN}]{{1,2}})是|第(?P<di>[{_CN}]{{1,2}})[,、])"
)
_SENTENCE_RE = re.compile(r"[^。!?;\n]+[。!?;]?")


@dataclass
class Inline:
    label: str
    title: str
    span: tuple[int, int]
    title_span: tuple[int, int]


def _lead_phrase(folded: str, start: int, end: int) -> tuple[str, tuple[int, int]]:
    text = folded[start:end]
    stop = re.search(r"[。;!?:\n]", text)
    cut = stop.start() if stop else len(text)
    comma = text.find(",", 0, cut)
    if comma >= 4:
        cut = comma
    phrase = text[:cut].rstrip(_TRAIL_PUNCT)
    return phrase, (start, start + len(phrase))


def inline_series(folded: str, start: int, end: int) -> list[Inline]:
    """The series 一是…二是… (or 第一,…第二,…) inside folded[start:end]; empty unless
    it runs 1, 2, … from 一 with at least two members."""
    items: list[Inline] = []
    expected = 1
    kind = None
    hits = []
    for m in _SERIES_RE.finditer(folded, start, end):
        k = "shi" if m.group("shi") else "di"
        n = cn_int(m.group(k))
        if n != expected or (kind and k != kind):
            continue
        kind = k
        hits.append((m, k, n))
        expected += 1
    if len(hits) < 2:
        return []
    for i, (m, k, _n) in enumerate(hits):
        body = m.end()
        stop = hits[i + 1][0].start() if i + 1 < len(hits) else end
        title, tspan = _lead_phrase(folded, body, stop)
        raw = m.group(k)
        label = f"{raw}是" if k == "shi" else f"第{raw}"
        marker = m.start() + len(m.group(0)) - len(m.group(0).lstrip(" \t"))
        items.append(Inline(label, title, (marker, _rstrip(folded, marker, stop)), tspan))
    return items


def lead_sentences(folded: str, start: int, end: int, *, max_len: int = 14) -> list[Inline]:
    """Short comma-free sentences acting as un-numbered headings inside a paragraph
    ("巩固提升脱贫攻坚成果。做好…。强力推进污染防治。…"). Only when the paragraph
    opens with one and holds at least two."""
    heads = []
    for m in _SENTENCE_RE.finditer(folded, start, end):
        sentence = m.group(0).rstrip("。!?;")
        bare = sentence.strip()
        if (
            bare
            and len(bare) <= max_len
            and not re.search(r"[,,、\d()“”:]", bare)
            and m.group(0).endswith("。")
        ):
            heads.append((m.start() + sentence.find(bare), bare))
        elif not heads and bare:
            return []
    if len(heads) < 2:
        return []
    items = []
    for i, (pos, title) in enumerate(heads):
        stop = heads[i + 1][0] if i + 1 < len(heads) else end
        items.append(
            Inline(title, title, (pos, _rstrip(folded, pos, stop)), (pos, pos + len(title)))
        )
    return items


def _rstrip(folded: str, start: int, end: int) -> int:
    while end > start and folded[end - 1] in " \t\n":
        end -= 1
    return end


# ---- task tables rendered as text: one row per line, cells separated by tabs -------

KEY_COL = "key"
TITLE_COL = "title"
MEASURE_COL = "measure"

_KEY_HEAD = re.compile(r"^(?:序号|编号|序|No\.?)$")
_TITLE_HEAD = re.compile(
    r"^(?:重点任务|主要任务|工作任务|任务名称|重点工作|工作内容|任务内容|工作事项|事项|项目名称|"
    r"目标任务|工作目标|主要内容|任务事项|任务|项目|重点事项|工作项目|改革任务|督办事项|"
    r"指标任务|指标名称|指标|考核指标|民生实事|实事项目|重点项目)"
)
_MEASURE_HEAD = re.compile(
    r"^(?:具体措施|工作措施|主要措施|具体内容|措施|工作要求|具体工作|推进措施|目标要求|任务要求|"
    r"具体任务|工作举措|举措|主要举措|具体举措|实施步骤|工作标准|任务分解)"
)


@dataclass
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


def classify_header(cells: list[str], labels: dict[str, str]) -> dict[int, str]:
    """Column roles of a header row; `labels` maps unit/deadline labels to roles."""
    columns: dict[int, str] = {}
    ordered = sorted(labels, key=len, reverse=True)
    for i, raw in enumerate(cells):
        cell = re.sub(r"\s+", "", raw)
        if not cell:
            continue
        label = next((lab for lab in ordered if cell.startswith(lab) and len(lab) > 2), None)
        if label is not None:
            columns[i] = label
        elif _KEY_HEAD.match(cell):
            columns[i] = KEY_COL
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
        columns = classify_header([folded[a:b] for a, b in cells], labels)
        has_units = any(labels.get(v) in roles for v in columns.values())
        has_task = any(v in (TITLE_COL, MEASURE_COL) for v in columns.values())
        if not (has_units and has_task):
            pos = folded.find("\t", line_end, end)
            continue
        rows = []
        cursor = line_end + 1
        last_end = line_end
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

_GLUED_ROW = re.compile(r"(?m)^[ \t]*(?P<key>\d{1,3})(?=[^\d.、)\s,,])(?P<body>[^\n\t]{4,400})$")
_GLUED_HEAD_LABELS = re.compile(
    r"序号|重点任务|主要任务|工作任务|具体措施|具体目标|主要内容|工作内容|完成时限|完成时间|责任领导"
)
_GLUED_DEADLINE = re.compile(
    r"(?:(?:19|20)\d{2}年)?(?:\d{1,2}月(?:底|末|\d{1,2}日|上旬|中旬|下旬)?|底|内)(?:前|之前|以前)?$"
    r"|长期坚持$|持续推进$|长期$"
)
_UNIT_START = r"(?:各|市|县|区|州|省|盟|旗|镇|乡|人民银行|国网|团)"
_UNIT_BODY = r"(?:[^\d%,,。;;、()“”\s]|\([^()]{1,8}\))"
_UNIT_END = (
    r"(?:委员会|办公室|人民政府|政府|管委会|委|局|办|厅|部|院|会|中心|公司|支行|分局|"
    r"大队|支队|单位|部门|站|所|队|社|联)"
)
_GLUED_UNIT = re.compile(rf"{_UNIT_START}{_UNIT_BODY}{{0,18}}?{_UNIT_END}")


@dataclass
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
    label_re = re.compile("|".join(sorted(unit_labels, key=len, reverse=True)))
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


_GLUED_WHOLE = re.compile(rf"{_UNIT_START}{_UNIT_BODY}{{0,18}}{_UNIT_END}")


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


_RUN_CHARS = re.compile(r"[^\d%。;;“”\s]*$")  # what a run of unit names may hold (、 and , too)


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


# ---- paragraphs as items: un-numbered headings and lead sentences ----------------


@dataclass
class Block:
    """A paragraph (with the short heading line above it, if any, and the label
    lines below it) that may be a task of its own."""

    start: int
    end: int
    title: str
    title_span: tuple[int, int]
    heading: bool  # titled by a heading line of its own


_SHORT_HEADING = re.compile(r"[^。;!?,,:\t]{2,30}")


def paragraph_blocks(folded: str, start: int, end: int, label_line: re.Pattern) -> list[Block]:
    """The paragraphs of folded[start:end] as blocks. A short line without
    punctuation is a heading for the paragraph below it; label lines
    ("牵头单位:…") belong to the paragraph above them."""
    blocks: list[Block] = []
    pending = False  # the last block so far is a bare heading
    pos = start
    while pos < end:
        nl = folded.find("\n", pos, end)
        nl = end if nl < 0 else nl
        raw = folded[pos:nl]
        text = raw.strip()
        if text:
            a = pos + len(raw) - len(raw.lstrip())
            b = a + len(text)
            if blocks and label_line.match(raw):
                blocks[-1].end = b
            elif pending:
                blocks[-1].end = b
                pending = False
            elif _SHORT_HEADING.fullmatch(text.rstrip("\x00")):
                blocks.append(Block(a, b, text, (a, b), True))
                pending = True
            else:
                title, tspan, _ = title_at(folded, a, b)
                blocks.append(Block(a, b, title, tspan, False))
        pos = nl + 1
    return blocks
