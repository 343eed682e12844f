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

from . import rx
from .record import field, record

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

MARKER_RE = rx.compile(
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

_TITLE_STOP = rx.compile(r"[。;!?]")
_TRAILING_BRACKET = rx.compile(r"[(〔【\[][^()〔〕【】\[\]]*[)〕】\]]\s*$")
_CLOSERS = (")", "〕", "】", "]", " ", "\t")
_COLON = rx.compile(r"[::]")
_FIELD_LABEL = rx.compile(
    r"任务|任务名称|工作任务|重点任务|事项|督办事项|督办内容|工作内容|内容|项目|项目名称|目标任务|名称"
)
_TRAIL_PUNCT = " \t。.,,;;::、"


@record
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
    if colon and _FIELD_LABEL.fullmatch(title[: colon.start()].strip()):
        # A ledger line "1.任务:压缩登记时间;目标:…": the title is the field's value.
        value_start = colon.end()
        value = line[value_start:]
        stop = re.search(r"[;。]", value)
        title = value[: stop.start()] if stop else value
        start += value_start
        heading_only = False
    elif colon and 2 <= colon.start() <= 40:
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

_SERIES_RE = rx.compile(
    rf"(?:^|(?<=[。;!?:\n)]))[ \t]*(?:(?P<shi>[{_CN}]{{1,2}})是|第(?P<di>[{_CN}]{{1,2}})[,、])"
)
_SENTENCE_RE = rx.compile(r"[^。!?;\n]+[。!?;]?")


@record
class Inline:
    label: str
    title: str
    span: tuple[int, int]
    title_span: tuple[int, int]


_PHRASE_END = rx.compile(r"[。;!?:\n]")


def _lead_phrase(folded: str, start: int, end: int) -> tuple[str, tuple[int, int]]:
    text = folded[start:end]
    stop = _PHRASE_END.search(text)
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


_NOT_A_HEAD = rx.compile(r"[,,、\d()“”:]")


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
            and not _NOT_A_HEAD.search(bare)
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


# ---- paragraphs as items: un-numbered headings and lead sentences ----------------


@record
class Block:
    """A paragraph (with the short heading line above it, if any, and the label
    lines below it) that may be a task of its own."""

    start: int
    end: int
    title: str
    title_span: tuple[int, int]
    heading: bool  # titled by a heading line of its own


_SHORT_HEADING = rx.compile(r"[^。;!?,,:\t]{2,30}")


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
