"""Candidate quantities of a span and what surrounds them (stage 1 of targets.py):
number + measure word, the clause and sentence bounds around each, the comparator a
context gives, and the deadline of a target's clause. See targets.py for the stages."""

from __future__ import annotations

import bisect
import re
from decimal import Decimal

from . import rx
from .numbers import (
    AR_MAG_PATTERN,
    AR_PATTERN,
    CN_PATTERN,
    UNIT_RE_TEXT,
    quantity_from_match,
)
from .record import record
from .target_names import strip_name

# numbers.QUANTITY_PATTERN, except that a Chinese numeral counts only with a
# measure word or as the first end of a range or list ("二至三个"), so that the
# many 一/三/四 of running text (一是, 四季度, 三大) are not even looked at.
_QUANTITY = rx.compile(
    # The lookahead lets the regex engine skip to possible first characters fast.
    r"(?=[\d百千零〇○一二两三四五六七八九十])"
    rf"(?:(?P<frac>百分之|千分之)(?P<fnum>{AR_PATTERN}|{CN_PATTERN})"
    rf"|(?P<ar>{AR_PATTERN})(?P<mag>{AR_MAG_PATTERN})?(?:余|多)?\s*(?P<unit1>{UNIT_RE_TEXT})?"
    rf"|(?P<cn>{CN_PATTERN})(?:(?P<unit2>{UNIT_RE_TEXT})"
    r"|(?=(?:—|-|~|至|到|、|和)[零〇○一二两三四五六七八九十])))"
)
_RANGE_SEP = rx.compile(r"\s*(?:—{1,2}|–|-|~|〜|至|到)\s*")

# A tab separates table cells (readers render a table row as one line).
_CLAUSE_SEP = rx.compile(r"[,;。!?:\n\t]")
_SENTENCE_SEP = rx.compile(r"[;。!?\n\t]")

# Time spans are durations or policy terms, never a quantity to reach.
_TIME_UNITS = {"个月", "年", "周"}
_SHORT_TIME_UNITS = {"天", "小时", "个工作日", "工作日"}

_SUFFIX = rx.compile(r"\s*(?P<suf>及以上|以上|及以下|以下|以内|之内|内|左右|上下|多)?")
_GAP_IN_LIST = rx.compile(r"\s*(?:、|和|及|与|以及|或)\s*")

# What ends a "name first" phrase right after the number.
# (A run of spaces also ends it: cells of a table row may be joined by spaces.)
_ENDS_PHRASE = rx.compile(
    r"\s*(?:$|[、,;。!?:()\n\t]|和|及|与|以及|或|并|的(?:目标|任务)|等)|\s+"
    # "行政村5G网络100%覆盖": the verb after the share still ends the phrase.
    r"|(?P<verb>全覆盖|覆盖|达标|到位|完成)(?=\s*(?:$|[、,;。!?:)\n\t]))"
)

# The verb or preposition in front of a "number first" target.
_LEAD_VERB = rx.compile(
    r"(?:新建改建|新改建|建成投运|新培育|新认定|新发展|新创建|新开工|建设|建成|新建|改建|扩建|修建|"
    r"新增|培育|创建|争创|设立|开设|开通|完成|实现|打造|开展|做好|抓好|引进|引育|落户|投运|实施|"
    r"举办|组织|认定|评定|命名|达到|开工|招引|签约|转移|培训|培养|救助|帮扶|安置|吸纳|资助|扶持|"
    r"储备|改造|整治|治理|修复|种植|造林|植树|硬化|铺设|建立|挂牌|认证|发放|提供|招录|招聘|解决|"
    r"消除|淘汰|关停|处置|化解|清理|排查|检查|服务|接待|创办|推出|打通|落实|筹集|投放|回收|整改|"
    r"摘帽|销号|退出|覆盖|带动|吸引|惠及|新开|推动|全部|下达的|建|办|在|为|对|共|累计|至少|不少于|不低于|"
    r"超过|达)\s*$"
)
_LIST_JOIN_END = rx.compile(r"(?:、|和|及|与|以及|或)\s*$")

# Context that makes a number a description or policy parameter.
# Right in front of the number: capacity or size of a project, a grant, a term.
_POLICY_ADJACENT = rx.compile(
    r"(?:年产能?|年处理|日处理|设计产能|产能|总投资|投资总额|占地面?积?|为期|长达|历时|延长|"
    r"奖励|奖补|一次性|给予|全长|总长)\s*$"
)
# Anywhere in the words before it: a policy rate or term, or the present state.
_POLICY_BEFORE = rx.compile(
    r"(?:期限|贴息|下浮|上浮|首付|税率|费率|利率|减按|返还|扣除|补助标准|补贴标准|现有|共有|已有|拥有|"
    r"目前|现已|已经|已达|已建成|已完成|截至目前|截止目前|去年|上年完成|前[一二三1-3]季度)"
)
_TARGET_VERB = rx.compile(r"达到|达|提高|提升|增加|增长|突破|不低于|不少于")
_STATED_AS = rx.compile(r"(?<!成)(?:为|是)\s*$")
_ABSTRACT_COUNTED = rx.compile(
    r"[^,;。、]{0,8}?(?:措施|制度|机制|行动|工程|任务|改革|举措|重点|方面|环节|体系|工作|原则|目标|要求|"
    r"活动|攻坚战|战略|政策|理念|关系)"
)
_POLICY_AFTER = rx.compile(r"期限|补贴期|年限|时限内|周期")
_BAD_PREV_CHAR = set("第每前后")

# Comparators.
# One pattern so that the leftmost word wins: 不超过 (<=) before 超过 (>=),
# 不少于 (>=) before 少于 (<=).
_CMP_BEFORE = rx.compile(
    r"(?:(?P<le>不超过|不高于|不多于|不大于|低于|少于|小于|控制在|控制到|控制于|压缩至|压缩到|压减至|"
    r"压减到|降至|降到|降低到|降低至|减少到|减少至|下降到|下降至|缩短至|缩短到|减至|以内|≤|<=|<|≯)"
    r"|(?P<ge>不低于|不少于|不小于|不下于|至少|超过|突破|高于|多于|大于|≥|>=|>|≮)"
    r"|(?P<approx>约|大约|预计|近|接近))\s*$"
)
# A task's text holds dozens of numbers; a span with thousands is a data table
# or garbage, and only its first numbers and targets are read (this bounds the
# time any input can take).
_MAX_NUMBERS = 3000
_MAX_TARGETS = 500
_NAME_STOP = rx.compile(
    r"[、,;。!?:\n]|的|等|(?:和|及|与|以及|或)(?=\s*[\d零〇一二两三四五六七八九十])"
)

_ZERO = rx.compile(r"(?=[由转扭清归])(?:(?P<turn>由负转正|转负为正|扭负为正)|(?P<zero>清零|归零))")
_ZERO_AS_MODIFIER = rx.compile(r"(?!任务|目标)[\u4e00-\u9fff]")
_ZERO_LEAD = rx.compile(r"(?:实现|动态|全部|全面|基本|彻底)*[“\"]?$")


@record
class _Cand:
    start: int  # quantity start (incl. a range's first number)
    end: int  # quantity end, before a comparator suffix
    value: Decimal | None
    value_max: Decimal | None
    unit: str | None
    chinese: bool
    suffix: str
    suffix_end: int


class _Bounds:
    """Clause and sentence limits of positions inside [start, end).

    Looked up on demand around each number rather than listed for the whole
    span: a span has thousands of commas and only dozens of numbers. A clause or
    sentence longer than its window is cut at the window (names are bounded
    anyway)."""

    _CLAUSE_CHARS = ",;。!?:\n\t"
    _SENTENCE_CHARS = ";。!?\n\t"

    def __init__(self, folded: str, start: int, end: int):
        self.folded, self.start, self.end = folded, start, end
        self._last = {}  # kind → the last (left, right) found: numbers come in order

    def _around(self, pos: int, chars: str, sep: re.Pattern, window: int) -> tuple[int, int]:
        lo = max(self.start, pos - window)
        left = lo
        for ch in chars:
            i = self.folded.rfind(ch, lo, pos)
            if i >= left:
                left = i + 1
        hi = min(self.end, pos + window)
        m = sep.search(self.folded, pos, hi)
        return left, m.start() if m else hi

    def _cached(self, kind: str, pos: int, chars: str, sep: re.Pattern, window: int):
        last = self._last.get(kind)
        # No separator lies inside a found clause, so any position in it has the
        # same limits (a clause cut by the window stays cut where it was).
        if last and last[0] <= pos < last[1]:
            return last
        found = self._around(pos, chars, sep, window)
        self._last[kind] = found
        return found

    def clause(self, pos: int) -> tuple[int, int]:
        return self._cached("clause", pos, self._CLAUSE_CHARS, _CLAUSE_SEP, 400)

    def sentence(self, pos: int) -> tuple[int, int]:
        return self._cached("sentence", pos, self._SENTENCE_CHARS, _SENTENCE_SEP, 800)


def _inside_pair(folded: str, pos: int, lo: int) -> bool:
    """Is `pos` inside quotes, a 《》 title or brackets opened after `lo`?
    (ASCII quotes, which do not say which end they are, by parity.)"""
    lo = max(lo, pos - 300)
    for left, right in (("“", "”"), ("‘", "’"), ("《", "》"), ("(", ")"), ("〔", "〕"), ("[", "]")):
        if folded.rfind(left, lo, pos) > folded.rfind(right, lo, pos):
            return True
    return folded.count('"', lo, pos) % 2 == 1


def _candidates(folded: str, start: int, end: int) -> list[_Cand]:
    found: list[_Cand] = []
    pos = start
    while len(found) < _MAX_NUMBERS:
        m = _QUANTITY.search(folded, pos, end)
        if not m:
            break
        pos = m.end()
        s = m.start()
        prev = folded[s - 1] if s > 0 else ""
        if m["ar"] and (prev.isascii() and (prev.isalnum() or prev in "./+-_")):
            continue
        nxt = folded[m.end() : m.end() + 1]
        if m["ar"] and not m["unit1"] and nxt.isascii() and nxt.isalpha():
            continue  # 5G, 1GW/H read as letters
        value, unit = quantity_from_match(m)
        if value is None:
            continue
        value_max = None
        q_end = m.end()
        if unit is None or m["frac"] is None:
            sep = _RANGE_SEP.match(folded, q_end, end)
            if sep:
                m2 = _QUANTITY.match(folded, sep.end(), end)
                if m2 and bool(m2["cn"]) == bool(m["cn"]):
                    value2, unit2 = quantity_from_match(m2)
                    if value2 is not None and unit2 and (unit is None or unit == unit2):
                        low = value
                        if unit is None and m["ar"] and not m["mag"] and m2["mag"]:
                            low = value * _magnitude(m2["mag"])
                        if low < value2:
                            value, value_max, unit, q_end = low, value2, unit2, m2.end()
                            pos = q_end
        if unit and folded[q_end : q_end + 1] in ("/",) and not unit.endswith(("米", "升", "秒")):
            continue  # 1GW/H: a rating inside a name
        suf = _SUFFIX.match(folded, q_end, end)
        found.append(
            _Cand(
                start=s,
                end=q_end,
                value=value,
                value_max=value_max,
                unit=unit,
                chinese=bool(m["cn"]),
                suffix=suf["suf"] or "",
                suffix_end=suf.end() if suf["suf"] else q_end,
            )
        )
        pos = max(pos, found[-1].suffix_end)
    return found


_DIMENSIONLESS_END = rx.compile(r"\s*(?:$|[,;。!?\n()]|和|及|并)")


def _dimensionless(folded: str, group: list[_Cand], start: int, end: int) -> bool:
    """A bare number is a target only as a ratio held to a bound: "PUE不高于1.3",
    "容积率不低于1.2" — an explicit comparator before it, a name before that,
    and the clause ending right after it."""
    cand = group[0]
    if len(group) > 1 or cand.chinese or cand.value_max is not None:
        return False
    if cand.suffix not in ("", "以内", "以下", "以上"):
        return False
    if cand.value == int(cand.value) and cand.value >= 10:
        return False  # years, counts without their measure word, codes
    if not _DIMENSIONLESS_END.match(folded, cand.suffix_end, end):
        return False
    cmp = _CMP_BEFORE.search(folded, max(start, cand.start - 6), cand.start)
    if not cmp or not (cmp["le"] or cmp["ge"]) or cmp.start() <= start:
        return False
    name_end = folded[cmp.start() - 1]
    if not (name_end.isascii() and name_end.isalpha() or name_end == ")") and not (
        "\u4e00" <= name_end <= "\u9fff"
    ):
        return False
    # The measured thing must be named: not only modal words, no number in it.
    clause = max(start, folded.rfind(",", max(start, cmp.start() - 40), cmp.start()) + 1)
    name = strip_name(folded[clause : cmp.start()], keep_last=False)
    return len(name) >= 2 and not re.search(r"\d", name)


def _magnitude(mag: str) -> int:
    return {"万亿": 10**12, "亿": 10**8, "万": 10**4, "千": 1000, "百": 100}[mag]


def _op_for(cand: _Cand, before: str, after: str = "") -> str:
    if cand.value_max is not None:
        return "between"
    if cand.suffix in ("左右", "上下"):
        return "≈"
    if cand.suffix in ("以内", "之内", "内", "以下", "及以下"):
        return "<="
    if cand.suffix in ("以上", "及以上", "多"):
        return ">="
    m = _CMP_BEFORE.search(before[-8:])
    if m and m["le"]:
        return "<="
    if m and m["approx"]:
        return "≈"
    if _STATED_AS.search(before[-3:]):
        return "="  # "城镇调查失业率为5.5%": a stated value, neither floor nor ceiling
    if cand.unit in _DURATION_UNITS and _TIME_LIMIT_AFTER.match(after):
        return "<="  # "1个工作日办结": a time limit is a ceiling, not a floor
    return ">="


_DURATION_UNITS = frozenset(
    {"工作日", "个工作日", "天", "日", "小时", "个小时", "分钟", "个月", "周"}
)
_TIME_LIMIT_AFTER = rx.compile(
    r"\s*(?:内|以内|之内)?\s*(?:办结|办完|完成|办理|答复|回复|反馈|处置|审结|到位)"
)


_LEAD_IN_END = rx.compile(r"\s*(?:前|以前|之前)?\s*[,:]")


def _deadline_for(
    folded: str,
    deadlines: list,
    starts: list[int],
    pos: int,
    sentence_start: int,
    c_start: int,
    c_end: int,
):
    """The clause's last deadline before `pos`, else its first one after it.
    `deadlines` are all of the span's, in order, `starts` their start offsets."""
    k = bisect.bisect_left(starts, pos)
    if k > 0:
        date, (s, e) = deadlines[k - 1]
        if s >= c_start and e <= pos:
            return date
        if s >= sentence_start and _LEAD_IN_END.match(folded, e):
            return date  # "到2023年,全市高新技术企业数量达到800家"
    if k < len(deadlines):
        date, (s, e) = deadlines[k]
        if e <= c_end:
            return date
        # A table row: its 完成时限 cell is the deadline of the targets in it.
        if s - pos < 200 and "\t" in folded[pos:s] and "\n" not in folded[pos:s]:
            return date
    return None


@record
class _ClauseState:
    """What the numbers seen so far in one clause left behind."""

    last_ok: bool | None = None  # was the last number a target (None: no number yet)
    last_end: int = 0  # where the last number's phrase ended
    names_from: int = 0  # where the next name may start (after the last target)
