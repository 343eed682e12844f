"""Quantitative targets of a task: "失业率控制在3.5%以内", "力争年内建成280个5G基站".

`extract_indicators(text, folded, start, end, year=Y)` reads `folded[start:end]`
(a task's whole body) and returns its targets in order, with spans into `text`
(folded text has the same length, so offsets agree) and strings sliced from the
folded text so that full-width and ASCII punctuation give the same answer.

How a number becomes a target, in the order the code applies it:

1. Candidates are number + measure word ("1.3万人", "百分之九十一点五",
   "1—2个"), read by `numbers`. Numbers with no measure word, time spans
   (个月/年/周), numbers stuck to Latin letters (PM2.5, 5G, IPV6), numbers inside
   quotes, 《》 titles or brackets are not targets.
2. Candidates joined only by 、/和/及 form a value list ("91.5%、91.6%以上").
3. Two sentence shapes. Name first ("城镇新增就业1.3万人", "失业率控制在3.5%以内"):
   the number ends its phrase. Number first ("建成280个5G基站"): the number is
   followed by the thing counted; this is a target only when an action verb
   (建成, 培育, 完成 …) or a preposition (在) leads to it, or when it continues a
   list whose previous item was a target. A number inside a name
   ("德令哈众控13.5万千瓦塔式光热发电", "格尔木10万头生猪养殖基地") has a name,
   not a verb, in front of it, so it is left alone.
4. Context that marks a number as a description or a policy parameter, not a
   target: 年产/产能/总投资/全长 (a project's size), 期限/延长/为期/奖励/扣除
   (policy terms), 共有/已完成/去年 (the present state), 第/每/前/后 in front
   (ordinals, rates, past periods), a class inside the name of what is counted
   next ("110千伏变电站3座"), a Chinese count of measures ("落实三项措施").
5. Comparator: 左右/约/近 → ≈; 以内/以下/不超过/控制在/降至/≤ → <=; 为 → =;
   otherwise >= (a count or an amount to reach is a floor). 增长/提高 X% and
   下降/压减 X% are >= with a name that keeps the verb.
6. 分别 distributes a value list over the subjects or names listed before it
   ("德令哈、格尔木两市…分别达到91.5%、91.6%以上"), or over the targets the
   sentence just named; a single value after a list of names and a change verb
   or 均 is shared ("A和B增长8%" → two targets); "其中德令哈市增长8%" is the
   last named measure for that place.
7. 由负转正 → turn_positive and 清零 → zero, both with value None ("“动态清零”总方针"
   names a policy and is left alone).
8. A table row (cells split by tabs) names its value from the cell before it
   and takes its deadline from its 完成时限 cell; otherwise a target's deadline is
   the one in its clause, or the sentence's lead-in ("到2023年,"), or that of the
   target before it in the same sentence.

Work per number is bounded (names at most MAX_NAME characters, clause limits
looked up around each number, at most _MAX_NUMBERS numbers per span), so no
input takes long.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal

from . import dates
from .model import Indicator
from .numbers import (
    AR_MAG_PATTERN,
    AR_PATTERN,
    CN_PATTERN,
    UNIT_RE_TEXT,
    parse_quantity,
    quantity_from_match,
    to_float,
)
from .target_names import (
    MAX_NAME,
    PLACE_CHANGE,
    VERB_IN_NAME,
    borrow_names,
    cell_before,
    name_after,
    names_and_subjects,
    strip_name,
)

# numbers.QUANTITY_PATTERN, except that a Chinese numeral counts only with a
# measure word or as the first end of a range or list ("二至三个"), so that the
# many 一/三/四 of running text (一是, 四季度, 三大) are not even looked at.
_QUANTITY = re.compile(
    # The lookahead lets the regex engine skip to possible first characters fast.
    r"(?=[\d百千零〇○一二两三四五六七八九十])"
    rf"(?:(?P<frac>百分之|千分之)(?P<fnum>{AR_PATTERN}|{CN_PATTERN})"
    rf"|(?P<ar>{AR_PATTERN})(?P<mag>{AR_MAG_PATTERN})?(?:余|多)?\s*(?P<unit1>{UNIT_RE_TEXT})?"
    rf"|(?P<cn>{CN_PATTERN})(?:(?P<unit2>{UNIT_RE_TEXT})"
    r"|(?=(?:—|-|~|至|到|、|和)[零〇○一二两三四五六七八九十])))"
)
_RANGE_SEP = re.compile(r"\s*(?:—{1,2}|–|-|~|〜|至|到)\s*")

# A tab separates table cells (readers render a table row as one line).
_CLAUSE_SEP = re.compile(r"[,;。!?:\n\t]")
_SENTENCE_SEP = re.compile(r"[;。!?\n\t]")

# Time spans are durations or policy terms, never a quantity to reach.
_TIME_UNITS = {"个月", "年", "周"}
_SHORT_TIME_UNITS = {"天", "小时", "个工作日", "工作日"}

_SUFFIX = re.compile(r"\s*(?P<suf>及以上|以上|及以下|以下|以内|之内|内|左右|上下|多)?")
_GAP_IN_LIST = re.compile(r"\s*(?:、|和|及|与|以及|或)\s*")

# What ends a "name first" phrase right after the number.
# (A run of spaces also ends it: cells of a table row may be joined by spaces.)
_ENDS_PHRASE = re.compile(
    r"\s*(?:$|[、,;。!?:()\n\t]|和|及|与|以及|或|并|的(?:目标|任务)|等)|\s+"
    # "行政村5G网络100%覆盖": the verb after the share still ends the phrase.
    r"|(?P<verb>全覆盖|覆盖|达标|到位|完成)(?=\s*(?:$|[、,;。!?:)\n\t]))"
)

# The verb or preposition in front of a "number first" target.
_LEAD_VERB = re.compile(
    r"(?:新建改建|新改建|建成投运|新培育|新认定|新发展|新创建|新开工|建设|建成|新建|改建|扩建|修建|"
    r"新增|培育|创建|争创|设立|开设|开通|完成|实现|打造|开展|做好|抓好|引进|引育|落户|投运|实施|"
    r"举办|组织|认定|评定|命名|达到|开工|招引|签约|转移|培训|培养|救助|帮扶|安置|吸纳|资助|扶持|"
    r"储备|改造|整治|治理|修复|种植|造林|植树|硬化|铺设|建立|挂牌|认证|发放|提供|招录|招聘|解决|"
    r"消除|淘汰|关停|处置|化解|清理|排查|检查|服务|接待|创办|推出|打通|落实|筹集|投放|回收|整改|"
    r"摘帽|销号|退出|覆盖|带动|吸引|惠及|新开|推动|全部|下达的|建|办|在|为|对|共|累计|至少|不少于|不低于|"
    r"超过|达)\s*$"
)
_LIST_JOIN_END = re.compile(r"(?:、|和|及|与|以及|或)\s*$")

# Context that makes a number a description or policy parameter.
# Right in front of the number: capacity or size of a project, a grant, a term.
_POLICY_ADJACENT = re.compile(
    r"(?:年产能?|年处理|日处理|设计产能|产能|总投资|投资总额|占地面?积?|为期|长达|历时|延长|"
    r"奖励|奖补|一次性|给予|全长|总长)\s*$"
)
# Anywhere in the words before it: a policy rate or term, or the present state.
_POLICY_BEFORE = re.compile(
    r"(?:期限|贴息|下浮|上浮|首付|税率|费率|利率|减按|返还|扣除|补助标准|补贴标准|现有|共有|已有|拥有|"
    r"目前|现已|已经|已达|已建成|已完成|截至目前|截止目前|去年|上年完成|前[一二三1-3]季度)"
)
_TARGET_VERB = re.compile(r"达到|达|提高|提升|增加|增长|突破|不低于|不少于")
_STATED_AS = re.compile(r"(?<!成)(?:为|是)\s*$")
_ABSTRACT_COUNTED = re.compile(
    r"[^,;。、]{0,8}?(?:措施|制度|机制|行动|工程|任务|改革|举措|重点|方面|环节|体系|工作|原则|目标|要求|"
    r"活动|攻坚战|战略|政策|理念|关系)"
)
_POLICY_AFTER = re.compile(r"期限|补贴期|年限|时限内|周期")
_BAD_PREV_CHAR = set("第每前后")

# Comparators.
# One pattern so that the leftmost word wins: 不超过 (<=) before 超过 (>=),
# 不少于 (>=) before 少于 (<=).
_CMP_BEFORE = re.compile(
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
_NAME_STOP = re.compile(
    r"[、,;。!?:\n]|的|等|(?:和|及|与|以及|或)(?=\s*[\d零〇一二两三四五六七八九十])"
)

_ZERO = re.compile(r"(?=[由转扭清归])(?:(?P<turn>由负转正|转负为正|扭负为正)|(?P<zero>清零|归零))")
_ZERO_AS_MODIFIER = re.compile(r"(?!任务|目标)[\u4e00-\u9fff]")
_ZERO_LEAD = re.compile(r"(?:实现|动态|全部|全面|基本|彻底)*[“\"]?$")


@dataclass
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


_DIMENSIONLESS_END = re.compile(r"\s*(?:$|[,;。!?\n()]|和|及|并)")


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
_TIME_LIMIT_AFTER = re.compile(
    r"\s*(?:内|以内|之内)?\s*(?:办结|办完|完成|办理|答复|回复|反馈|处置|审结|到位)"
)


_LEAD_IN_END = re.compile(r"\s*(?:前|以前|之前)?\s*[,:]")


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


@dataclass
class _ClauseState:
    """What the numbers seen so far in one clause left behind."""

    last_ok: bool | None = None  # was the last number a target (None: no number yet)
    last_end: int = 0  # where the last number's phrase ended
    names_from: int = 0  # where the next name may start (after the last target)


def extract_indicators(
    text: str, folded: str, start: int, end: int, *, year: int
) -> list[Indicator]:
    """All quantitative targets in text[start:end], in document order."""
    bounds = _Bounds(folded, start, end)
    cands = _candidates(folded, start, end)
    # Start of the next number that has a measure word, from each position on.
    next_with_unit = [end] * (len(cands) + 1)
    for k in range(len(cands) - 1, -1, -1):
        next_with_unit[k] = cands[k].start if cands[k].unit else next_with_unit[k + 1]
    deadlines = dates.find_deadlines(folded, start, end, year=year)
    starts = [span[0] for _, span in deadlines]
    out: list[tuple[int, Indicator]] = []
    clauses: dict[int, _ClauseState] = {}
    # Per sentence: its targets so far, and the subjects named before the last 分别.
    in_sentence: dict[int, list[Indicator]] = {}
    subjects_in_sentence: dict[int, list[str]] = {}

    i = 0
    while i < len(cands) and len(out) < _MAX_TARGETS:
        group = [cands[i]]
        j = i + 1
        while j < len(cands) and _GAP_IN_LIST.fullmatch(
            folded, group[-1].suffix_end, cands[j].start
        ):
            group.append(cands[j])
            j += 1
        i = j
        first, last = group[0], group[-1]
        # Values written before a list's last unit share it ("91.5、91.6%").
        for c in group[:-1]:
            if c.unit is None:
                c.unit = last.unit
            if not c.suffix:
                c.suffix = last.suffix
        if last.unit is None and not _dimensionless(folded, group, start, end):
            continue  # a bare number (一是, 十四五, 12+8+N): not a quantity at all
        c_start, c_end = bounds.clause(first.start)
        state = clauses.setdefault(c_start, _ClauseState(last_end=c_start, names_from=c_start))
        joined = None
        if state.last_ok is not None and _GAP_IN_LIST.fullmatch(
            folded, state.last_end, first.start
        ):
            joined = state.last_ok
        seg_start = max(state.names_from, first.start - MAX_NAME)
        gap = _GAP_IN_LIST.match(folded, seg_start, first.start)
        in_list = bool(gap and seg_start > c_start and state.last_ok)
        if gap and seg_start > c_start:
            seg_start = gap.end()
        seg_start = _skip_space(folded, seg_start, first.start)
        before = folded[seg_start : first.start]
        ok = _is_target(folded, first, last, before, c_start, c_end, joined)
        name_first = bool(_ENDS_PHRASE.match(folded, last.suffix_end, c_end))
        if name_first:
            seg_end = last.suffix_end
        else:
            limit = min(c_end, last.suffix_end + MAX_NAME)
            after_de = last.suffix_end + (folded[last.suffix_end : last.suffix_end + 1] == "的")
            stop = _NAME_STOP.search(folded, after_de, limit)
            seg_end = stop.start() if stop else limit
            if ok and (last.suffix.startswith("及") or next_with_unit[i] < seg_end):
                # "10千伏及以下农网改造线路86公里", "110千伏变电站3座": a class
                # in the name of what is counted next, not a target.
                ok = False
        state.last_ok, state.last_end = ok, seg_end
        if not ok:
            continue
        state.names_from = seg_end
        name_raw = before if name_first else name_after(folded, last.suffix_end, seg_end, before)
        verb_after = _ENDS_PHRASE.match(folded, last.suffix_end, c_end)
        if name_first and verb_after and verb_after["verb"]:
            name_raw = before + verb_after["verb"]
            seg_end = verb_after.end()
            state.names_from = seg_end
        if name_first and not strip_name(name_raw):
            # A table's value cell: the name is the cell before it
            # ("城镇调查失业率\t≤5.5%").
            name_raw = cell_before(folded, seg_start) or name_raw
        op = _op_for(
            first if len(group) == 1 else last,
            before,
            folded[last.suffix_end : last.suffix_end + 6],
        )
        s_start, _ = bounds.sentence(first.start)
        earlier = in_sentence.setdefault(s_start, [])
        previous = earlier[-1] if earlier else None
        deadline = _deadline_for(folded, deadlines, starts, first.start, s_start, c_start, c_end)
        if deadline is None and previous is not None:
            deadline = previous.deadline  # "年内建成X 30个,新增Y 235万千瓦"

        names, subjects = names_and_subjects(
            name_raw, name_first, len(group), previous.name if previous else None
        )
        names = borrow_names(names, len(group), earlier)
        if subjects is None and len(names) == 1 and len(group) == 1 and earlier:
            # "项目260个,其中:湖东区120个、湖西区80个": a place's share of a total.
            parent = _breakdown_of(folded, names[0], last.unit, earlier, s_start, first.start)
            if parent is not None:
                subjects, names = [_PLACE_NAME.fullmatch(names[0])["place"]], [parent.name]
        if name_first and len(names) == 1 and subjects is None:
            names = [_name_in_context(folded, names[0], previous, in_list, s_start, c_start)]
        if subjects is None and len(names) == 1 and earlier:
            # "其中德令哈市增长8%": a place and a change, of what was just named.
            pc = PLACE_CHANGE.fullmatch(names[0])
            if pc:
                subjects = [pc["place"]]
                names = borrow_names([pc["verb"]], len(group), earlier)
        if subjects is None and "分别" in before and len(group) > 1:
            carried = subjects_in_sentence.get(s_start)
            if carried and len(carried) == len(group):
                subjects = carried
        if subjects:
            subjects_in_sentence[s_start] = subjects

        whole_clause = len(group) > 1 or len(names) > 1
        t_start = _skip_space(folded, c_start if whole_clause else seg_start, seg_end)
        if name_first and not whole_clause and len(before) > 30 and "等" in before:
            # "A项目、B项目…等重点产业项目完成投资52.1亿元": the target's own words
            # start at 等.
            t_start = seg_start + before.rindex("等")
        t_end = c_end if len(group) > 1 else seg_end
        base = Indicator(
            name=names[0],
            op=op,
            value=None,
            unit=None,
            raw="",
            text=folded[t_start:t_end],
            span=(t_start, t_end),
            deadline=deadline,
        )
        single_op = ">=" if op == "between" else op
        for cand, name, subject in _spread(group, names, subjects):
            out.append(
                (
                    cand.start,
                    _copy(
                        base,
                        name=name,
                        subject=subject,
                        op="between" if cand.value_max is not None else single_op,
                        value=to_float(cand.value),
                        value_max=None if cand.value_max is None else to_float(cand.value_max),
                        unit=cand.unit,
                        raw=folded[cand.start : cand.end],
                    ),
                )
            )
            earlier.append(out[-1][1])

    out.extend(_zero_targets(folded, bounds, start, end, (deadlines, starts), clauses))
    out.sort(key=lambda pair: pair[0])
    return [ind for _, ind in out]


_OBJECT_BEFORE = re.compile(r"等([^、,;。等]{1,12}项目)(?:建设|前期工作)?\s*,\s*$")


def _name_in_context(
    folded: str,
    name: str,
    previous: Indicator | None,
    in_list: bool,
    s_start: int,
    c_start: int,
) -> str:
    """Words a name shares with its neighbours: "新增高新技术企业5家、科技型企业15家"
    (新增 for both), "…等能源项目,力争完成投资22亿元" (the projects invested in)."""
    if in_list and previous and previous.name.startswith("新增") and not name.startswith("新增"):
        return "新增" + name
    if name in ("完成投资", "投资") and c_start > s_start:
        m = _OBJECT_BEFORE.search(folded, max(s_start, c_start - 40), c_start)
        if m:
            return m[1] + name
    return name


_PLACE_NAME = re.compile(
    r"(?P<place>[\u4e00-\u9fff]{1,8}?(?:市|县|区|州|盟|旗|镇|乡|村|行委|街道))"
    r"(?:新增|完成|实现|达到|达|建成|新建|培育|引进|实施|开工|改造)?"
)
# "其中省级示范区3个" breaks a total down by class, not by place.
_CLASS_WORDS = re.compile(r"级|示范|重点|特色|标准|智慧|新建|改造|新增|其他|其余")


def _breakdown_of(
    folded: str, name: str, unit: str | None, earlier: list[Indicator], s_start: int, pos: int
) -> Indicator | None:
    """The total that a bare place name with a number breaks down after 其中 in the
    same sentence ("全年实施产业项目260个,…其中:湖东区120个"): the last target
    before the 其中 counted in the same unit; None if this is no such share."""
    place = _PLACE_NAME.fullmatch(name)
    if not place or _CLASS_WORDS.search(place["place"]):
        return None
    k = folded.rfind("其中", s_start, pos)
    if k < 0:
        return None
    for ind in reversed(earlier):
        if (
            ind.subject is None
            and ind.unit == unit
            and ind.value is not None
            and ind.span[0] < k
            and ind.name[-1:] != place["place"][-1:]
        ):
            return ind
    return None


def _spread(group: list[_Cand], names: list[str], subjects: list[str] | None):
    """(value, name, subject) per target: values pair with names or subjects
    listed in the same order (分别), one value is shared by several."""
    if len(group) > 1 or (subjects and len(subjects) == 1):
        for k, cand in enumerate(group):
            name = names[k] if len(names) == len(group) else names[0]
            subject = subjects[k] if subjects and len(subjects) == len(group) else None
            yield cand, name, subject
    elif subjects and len(subjects) > 1:
        for subject in subjects:
            yield group[0], names[0], subject
    else:
        for name in names:
            yield group[0], name, None


def _copy(ind: Indicator, **changes) -> Indicator:
    data = dict(ind.__dict__)
    data.update(changes)
    return Indicator(**data)


def _skip_space(folded: str, pos: int, limit: int) -> int:
    while pos < limit and folded[pos] in " \t\n":
        pos += 1
    return pos


def _is_target(
    folded: str,
    first: _Cand,
    last: _Cand,
    before: str,
    c_start: int,
    c_end: int,
    joined: bool | None,
) -> bool:
    """`joined`: the number continues a list right after a previous number of the
    clause (None when it does not), and whether that one was a target."""
    if (last.unit is None or first.unit is None) and not (first is last and first.unit is None):
        return False  # (a lone bare number gets here only as a bounded ratio)
    if first.unit in _TIME_UNITS:
        return False
    if first.chinese and first.value == 1 and first.value_max is None:
        return False  # 一个/一批: a manner of speaking, not a count
    prev_char = folded[first.start - 1] if first.start > 0 else ""
    if prev_char in _BAD_PREV_CHAR:
        return False
    if _inside_pair(folded, first.start, c_start - 200 if c_start >= 200 else 0):
        return False
    if _POLICY_ADJACENT.search(before[-8:]):
        return False
    policy = _POLICY_BEFORE.search(before[-12:])
    if policy and not (policy[0] == "拥有" and _TARGET_VERB.search(before[-12:], policy.end())):
        return False  # "全市拥有…800个" describes; "每千人口拥有医师达到3.2人" aims
    if first.unit in ("元", "美元") and "每" in before[-4:]:
        return False  # a rate or a subsidy standard
    after_text = folded[last.suffix_end : min(c_end, last.suffix_end + 20)]
    if first.unit in _SHORT_TIME_UNITS and (
        after_text.startswith("的") or _POLICY_AFTER.search(after_text[:12])
    ):
        return False
    if after_text[:1] in ("级", "型", "式", "类"):
        return False  # 千万千瓦级: a class, not an amount
    if first.chinese and first.value < 10 and _ABSTRACT_COUNTED.match(after_text):
        return False  # "落实三项措施", "实施四大工程": a list of measures, not a target
    name_first = bool(_ENDS_PHRASE.match(folded, last.suffix_end, c_end))
    if name_first:
        stripped = before.strip()
        # "…的173个项目" describes; "完成整治任务的90%以上" is a share to reach.
        if not stripped:
            return bool(cell_before(folded, first.start))  # a table's value cell
        return not stripped.endswith("的") or first.unit == "%"
    # Number first: a verb must lead to it, or a list of targets must continue.
    if _POLICY_AFTER.search(after_text[:16]):
        return False
    if joined is not None:
        return joined
    tail = before.rstrip()[-12:]
    if _LIST_JOIN_END.search(tail):
        return bool(_LEAD_VERB.search(_LIST_JOIN_END.sub("", tail)) or VERB_IN_NAME.search(tail))
    return bool(_LEAD_VERB.search(tail))


def _zero_targets(folded, bounds, start, end, deadlines, clauses):
    found = []
    previous_end = start
    for m in _ZERO.finditer(folded, start, end):
        if len(found) >= _MAX_TARGETS:
            break
        if m.start() - previous_end < 2:
            previous_end = m.end()
            continue  # no room for a name: "清零清零"
        c_start, c_end = bounds.clause(m.start())
        state = clauses.get(c_start)
        seg_start = state.names_from if state and state.names_from <= m.start() else c_start
        seg_start = max(seg_start, m.start() - MAX_NAME, previous_end)
        previous_end = m.end()
        seg_start = _skip_space(folded, seg_start, m.start())
        gap = _GAP_IN_LIST.match(folded, seg_start, m.start())
        if gap:
            seg_start = gap.end()
        lead = _ZERO_LEAD.search(folded, seg_start, m.start())
        w_start = lead.start() if lead else m.start()
        w_end = m.end() + (1 if folded[m.end() : m.end() + 1] in ("”", '"') else 0)
        if _ZERO_AS_MODIFIER.match(folded, w_end, c_end):
            continue  # "“动态清零”总方针": a policy's name, not a target
        name = strip_name(folded[seg_start:w_start])
        if not name:
            continue
        found.append(
            (
                m.start(),
                Indicator(
                    name=name,
                    op="turn_positive" if m["turn"] else "zero",
                    value=None,
                    unit=None,
                    raw=folded[w_start:w_end],
                    text=folded[seg_start:w_end],
                    span=(seg_start, w_end),
                    deadline=_deadline_for(
                        folded, *deadlines, m.start(), bounds.sentence(m.start())[0], c_start, c_end
                    ),
                ),
            )
        )
    return found


# A value cell of an indicator table whose measure stands in a column of its own
# ("单位": %, 亿元, 万人): a bare number, maybe with a comparator or a range.
_CELL_VALUE = re.compile(
    r"\s*(?P<cmp>≥|≤|>=|<=|<|>|不低于|不少于|不超过|不高于|约)?\s*"
    r"(?P<num>\d[\d,]*(?:\.\d+)?)(?:\s*(?:-|—{1,2}|–|~|至)\s*(?P<max>\d[\d,]*(?:\.\d+)?))?"
    r"\s*(?P<suf>以上|以内|以下|左右)?\s*"
)


def cell_indicator(
    folded: str, name: str, span: tuple[int, int], measure: str, *, deadline: str | None = None
) -> Indicator | None:
    """The target of one row of an indicator table whose value cell folded[span]
    holds a bare number and whose measure is the cell text `measure`
    ("135" + "亿元" → 1.35e10 元). A bare value is a level to reach (>=)."""
    cell = folded[span[0] : span[1]]
    m = _CELL_VALUE.fullmatch(cell) if len(cell) <= 40 else None
    measure = re.sub(r"\s+", "", measure)
    if not m or not name or len(measure) > 6 or re.search(r"\d", measure):
        return None

    def amount(number: str) -> tuple[float, str | None] | None:
        number = number.replace(",", "")
        if not measure:
            return (float(number), None)
        return parse_quantity(number + measure)

    low = amount(m["num"])
    high = amount(m["max"]) if m["max"] else None
    if low is None or (m["max"] and high is None):
        return None
    cmp, suf = m["cmp"] or "", m["suf"] or ""
    if high is not None:
        op = "between"
    elif cmp in ("≤", "<=", "<", "不超过", "不高于") or suf in ("以内", "以下"):
        op = "<="
    elif cmp == "约" or suf == "左右":
        op = "≈"
    else:
        op = ">="
    return Indicator(
        name=name,
        op=op,
        value=low[0],
        unit=low[1],
        raw=cell.strip() + measure,
        text=cell.strip(),
        span=span,
        value_max=high[0] if high else None,
        deadline=deadline,
    )
