"""Word .docx → text: paragraphs and tables in body order.

Tables become one line per row with cells separated by "\\t"; a cell merged over
several columns or rows is given once. Automatic Word numbering (w:numPr) is
rendered as the number text Word would show ("一、", "(一)", "1.") because the parser
finds the outline by those numbers. Text boxes follow their paragraph.
"""

from __future__ import annotations

import io
import re

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from .containers import open_zip
from .errors import DocumentError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _q(name: str) -> str:
    return f"{{{W}}}{name}"


P, TBL, TR, TC, SDT, SDT_CONTENT, CUSTOM_XML = (
    _q(n) for n in ("p", "tbl", "tr", "tc", "sdt", "sdtContent", "customXml")
)
T, TAB, BR, CR, SYM, TXBX = _q("t"), _q("tab"), _q("br"), _q("cr"), _q("sym"), _q("txbxContent")
NO_BREAK_HYPHEN, PPR, RPR, VANISH = _q("noBreakHyphen"), _q("pPr"), _q("rPr"), _q("vanish")
FALLBACK = f"{{{MC}}}Fallback"
# Tracked deletions and the source of a tracked move are not part of the text.
SKIPPED = {FALLBACK, PPR, _q("del"), _q("moveFrom"), _q("instrText"), _q("delText")}
VAL = _q("val")


def read_docx(data: bytes) -> str:
    open_zip(data, "docx")
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        numbering = _Numbering(document)
    except (PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise DocumentError("docx 文件已损坏或不完整") from exc
    lines: list[str] = []
    for block in _blocks(body):
        if block.tag == P:
            lines.extend(_paragraph_lines(block, numbering))
        else:
            lines.extend(_table_lines(block, numbering))
    return "\n".join(lines)


def _blocks(parent):
    """Paragraphs and tables of a container, in order, looking through content
    controls and custom XML wrappers."""
    for child in parent:
        if child.tag in (P, TBL):
            yield child
        elif child.tag in (SDT, CUSTOM_XML):
            content = child.find(SDT_CONTENT) if child.tag == SDT else child
            if content is not None:
                yield from _blocks(content)


def _paragraph_lines(p, numbering: _Numbering) -> list[str]:
    boxes: list[str] = []
    parts: list[str] = []
    _collect(p, parts, boxes, numbering)
    text = "".join(parts)
    prefix = numbering.label(p)
    lines = [prefix + text if text.strip() or prefix else ""]
    lines.extend(boxes)
    return [line for line in lines if line.strip()] or [""]


def _collect(el, parts: list[str], boxes: list[str], numbering: _Numbering) -> None:
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIPPED:
            continue
        if tag == T:
            parts.append(child.text or "")
        elif tag == TAB:
            parts.append("\t")
        elif tag in (BR, CR):
            parts.append("\n")
        elif tag == NO_BREAK_HYPHEN:
            parts.append("-")
        elif tag == SYM:
            char = child.get(_q("char"), "")
            try:
                code = int(char, 16)
            except ValueError:
                continue
            if not 0xF000 <= code <= 0xF0FF:  # symbol-font private glyphs carry no text
                parts.append(chr(code))
        elif tag == TXBX:
            for block in _blocks(child):
                if block.tag == P:
                    boxes.extend(_paragraph_lines(block, numbering))
                else:
                    boxes.extend(_table_lines(block, numbering))
        elif tag == RPR:
            if child.find(VANISH) is not None and child.find(VANISH).get(VAL) not in (
                "0",
                "false",
            ):
                return  # hidden text
        else:
            _collect(child, parts, boxes, numbering)


def _cells(row):
    for child in row:
        if child.tag == TC:
            yield child
        elif child.tag in (SDT, CUSTOM_XML):
            content = child.find(SDT_CONTENT) if child.tag == SDT else child
            if content is not None:
                yield from _cells(content)


def _rows(table):
    for child in table:
        if child.tag == TR:
            yield child
        elif child.tag in (SDT, CUSTOM_XML):
            content = child.find(SDT_CONTENT) if child.tag == SDT else child
            if content is not None:
                yield from _rows(content)


def _table_lines(table, numbering: _Numbering) -> list[str]:
    lines = []
    for row in _rows(table):
        cells = []
        for cell in _cells(row):
            merge = cell.find(f"{_q('tcPr')}/{_q('vMerge')}")
            if merge is not None and merge.get(VAL, "continue") == "continue":
                cells.append("")  # continuation of a cell merged downwards: given once, above
                continue
            texts = []
            for block in _blocks(cell):
                if block.tag == P:
                    texts.extend(_paragraph_lines(block, numbering))
                else:
                    texts.extend(_table_lines(block, numbering))
            cells.append(
                " ".join(
                    t.replace("\t", " ").replace("\n", " ").strip() for t in texts if t.strip()
                )
            )
        if any(cells):
            lines.append("\t".join(cells))
    return lines


_CHINESE_DIGITS = "零一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _chinese(n: int, digits: str = _CHINESE_DIGITS, ten: str = "十") -> str:
    if n <= 0:
        return digits[0]
    if n < 10:
        return digits[n]
    if n < 20:
        return ten + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + ten + (digits[n % 10] if n % 10 else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        tail = (
            ""
            if rest == 0
            else (digits[0] + digits[rest] if rest < 10 else _chinese(rest, digits, ten))
        )
        if 10 <= rest < 20:
            tail = digits[1] + tail
        return digits[hundreds] + "百" + tail
    return str(n)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, sym in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out += sym
            n -= value
    return out


def _letters(n: int) -> str:
    if n <= 0:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """A counter value in one of Word's w:numFmt styles."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
               "taiwaneseCountingThousand", "ideographDigital"):  # fmt: skip
        return _chinese(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return _chinese(n, _LEGAL_DIGITS, "拾")
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


_PLACEHOLDER = re.compile(r"%([1-9])")


class _Numbering:
    """Counters of Word's automatic numbering, advanced paragraph by paragraph in
    document order. Lists that share an abstract definition share counters (as
    Word shows them), unless a w:num restarts a level with w:startOverride."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, dict]] = {}  # abstractNumId → ilvl → definition
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstract, overrides)
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        self.style_numpr: dict[str, tuple[str | None, int | None]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        if root is not None:
            self._read_numbering(root)
        try:
            styles = document.part.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            styles = None
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, root) -> None:
        for abstract in root.iter(_q("abstractNum")):
            levels = {}
            for lvl in abstract.iter(_q("lvl")):
                levels[_int(lvl.get(_q("ilvl")), 0)] = _level(lvl)
            self.levels[abstract.get(_q("abstractNumId"), "")] = levels
        for num in root.iter(_q("num")):
            ref = num.find(_q("abstractNumId"))
            overrides = {}
            for override in num.iter(_q("lvlOverride")):
                start = override.find(_q("startOverride"))
                if start is not None:
                    overrides[_int(override.get(_q("ilvl")), 0)] = _int(start.get(VAL), 1)
            abstract_id = ref.get(VAL, "") if ref is not None else ""
            self.nums[num.get(_q("numId"), "")] = (abstract_id, overrides)

    def _read_styles(self, styles) -> None:
        raw: dict[str, tuple[str | None, int | None, str | None]] = {}
        for style in styles.iter(_q("style")):
            num_pr = style.find(f"{PPR}/{_q('numPr')}")
            based = style.find(_q("basedOn"))
            num_id = ilvl = None
            if num_pr is not None:
                num_id, ilvl = _num_pr(num_pr)
            raw[style.get(_q("styleId"), "")] = (
                num_id,
                ilvl,
                based.get(VAL) if based is not None else None,
            )
        for style_id in raw:
            seen, current = set(), style_id
            num_id = ilvl = None
            while current and current not in seen and current in raw:
                seen.add(current)
                s_num, s_lvl, based = raw[current]
                num_id = num_id if num_id is not None else s_num
                ilvl = ilvl if ilvl is not None else s_lvl
                current = based
            if num_id is not None:
                self.style_numpr[style_id] = (num_id, ilvl)

    def label(self, p) -> str:
        ppr = p.find(PPR)
        num_id = ilvl = None
        if ppr is not None:
            num_pr = ppr.find(_q("numPr"))
            if num_pr is not None:
                num_id, ilvl = _num_pr(num_pr)
            if num_id is None:
                style = ppr.find(_q("pStyle"))
                if style is not None and style.get(VAL) in self.style_numpr:
                    num_id, style_lvl = self.style_numpr[style.get(VAL)]
                    ilvl = ilvl if ilvl is not None else style_lvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return ""
        ilvl = min(max(ilvl or 0, 0), 8)
        abstract_id, overrides = self.nums[num_id]
        levels = self.levels.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in overrides.items():
                counters[level] = start - 1
                for deeper in [k for k in counters if k > level]:
                    del counters[deeper]
        counters[ilvl] = counters.get(ilvl, levels[ilvl]["start"] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        definition = levels[ilvl]
        if definition["fmt"] in ("bullet", "none"):
            return ""

        def render(match: re.Match) -> str:
            level = int(match.group(1)) - 1
            spec = levels.get(level, definition)
            value = counters.get(level, spec["start"])
            fmt = "decimal" if definition["legal"] and level != ilvl else spec["fmt"]
            return format_number(value, fmt)

        text = _PLACEHOLDER.sub(render, definition["text"]).strip()
        if not text:
            return ""
        # Word's tab after the number would read as a table cell separator here.
        return text if definition["suffix"] == "nothing" or not text[-1].isalnum() else text + " "


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _num_pr(num_pr) -> tuple[str | None, int | None]:
    num = num_pr.find(_q("numId"))
    lvl = num_pr.find(_q("ilvl"))
    return (
        num.get(VAL) if num is not None else None,
        _int(lvl.get(VAL), 0) if lvl is not None else None,
    )


def _level(lvl) -> dict:
    def val(name: str, default: str) -> str:
        el = lvl.find(_q(name))
        return el.get(VAL, default) if el is not None else default

    return {
        "start": _int(val("start", "1"), 1),
        "fmt": val("numFmt", "decimal"),
        "text": val("lvlText", ""),
        "suffix": val("suff", "tab"),
        "legal": lvl.find(_q("isLgl")) is not None,
    }
