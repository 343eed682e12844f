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

import re
from decimal import Decimal

from . import dates, rx
from .model import Indicator
from .numbers import (
    parse_quantity_decimal,
)
from .record import record
from .target_candidates import (
    _ABSTRACT_COUNTED,
    _BAD_PREV_CHAR,
    _ENDS_PHRASE,
    _GAP_IN_LIST,
    _LEAD_VERB,
    _LIST_JOIN_END,
    _MAX_TARGETS,
    _NAME_STOP,
    _POLICY_ADJACENT,
    _POLICY_AFTER,
    _POLICY_BEFORE,
    _SHORT_TIME_UNITS,
    _TARGET_VERB,
    _TIME_UNITS,
    _ZERO,
    _ZERO_AS_MODIFIER,
    _ZERO_LEAD,
    _Bounds,
    _Cand,
    _candidates,
    _ClauseState,
    _deadline_for,
    _dimensionless,
    _inside_pair,
    _op_for,
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


def extract_indicators(
    text: str, folded: str, start: int, end: int, *, year: int
) -> list[Indicator]:
    """All quantitative targets in text[start:end], in document order."""
    return _Extraction(folded, start, end, year).run()


@record
class _Place:
    """Where a value list stands in its clause (stage 2)."""

    group: list[_Cand]
    c_start: int  # its clause
    c_end: int
    seg_start: int  # the words that may name it
    seg_end: int
    before: str  # the words before the first value
    name_first: bool  # "城镇新增就业1.3万人" (name, then number) or "建成280个基站"
    in_list: bool  # it continues a list whose previous item was a target


class _Extraction:
    """The stages of extract_indicators, one method each:

    1. `_groups`: candidates (target_candidates._candidates) joined into value lists
       ("91.5%、91.6%以上"), values before the list's last unit sharing it;
    2. `_place`: the clause around a list, the words that may name it and whether it
       is a target at all (`_is_target`: verbs, policy terms, names around it);
    3. `_names`: its name(s) and subject(s) — 分别, a place's share of a total,
       "其中德令哈市增长8%", names borrowed from the sentence's earlier targets;
    4. `_emit`: one Indicator per value, with comparator and deadline.
    Zero targets (由负转正, 清零) are added last.
    """

    def __init__(self, folded: str, start: int, end: int, year: int):
        self.folded, self.start, self.end = folded, start, end
        self.bounds = _Bounds(folded, start, end)
        self.cands = _candidates(folded, start, end)
        # Start of the next number that has a measure word, from each position on.
        self.next_with_unit = [end] * (len(self.cands) + 1)
        for k in range(len(self.cands) - 1, -1, -1):
            self.next_with_unit[k] = (
                self.cands[k].start if self.cands[k].unit else self.next_with_unit[k + 1]
            )
        self.deadlines = dates.find_deadlines(folded, start, end, year=year)
        self.starts = [span[0] for _, span in self.deadlines]
        self.out: list[tuple[int, Indicator]] = []
        self.clauses: dict[int, _ClauseState] = {}
        # Per sentence: its targets so far, and the subjects named before the last 分别.
        self.in_sentence: dict[int, list[Indicator]] = {}
        self.subjects_in_sentence: dict[int, list[str]] = {}

    def run(self) -> list[Indicator]:
        for group, after in self._groups():
            place = self._place(group, after)
            if place is None:
                continue
            self._emit(place, *self._names(place))
        self.out.extend(
            _zero_targets(
                self.folded,
                self.bounds,
                self.start,
                self.end,
                (self.deadlines, self.starts),
                self.clauses,
            )
        )
        self.out.sort(key=lambda pair: pair[0])
        return [ind for _, ind in self.out]

    # -- stage 1 ----------------------------------------------------------------

    def _groups(self):
        """Value lists, each with the index of the candidate after it."""
        folded, cands = self.folded, self.cands
        i = 0
        while i < len(cands) and len(self.out) < _MAX_TARGETS:
            group = [cands[i]]
            j = i + 1
            while j < len(cands) and _GAP_IN_LIST.fullmatch(
                folded, group[-1].suffix_end, cands[j].start
            ):
                group.append(cands[j])
                j += 1
            i = j
            last = group[-1]
            # Values written before a list's last unit share it ("91.5、91.6%").
            for c in group[:-1]:
                if c.unit is None:
                    c.unit = last.unit
                if not c.suffix:
                    c.suffix = last.suffix
            if last.unit is None and not _dimensionless(folded, group, self.start, self.end):
                continue  # a bare number (一是, 十四五, 12+8+N): not a quantity at all
            yield group, i

    # -- stage 2 ----------------------------------------------------------------

    def _place(self, group: list[_Cand], after: int) -> _Place | None:
        folded = self.folded
        first, last = group[0], group[-1]
        c_start, c_end = self.bounds.clause(first.start)
        state = self.clauses.setdefault(c_start, _ClauseState(last_end=c_start, names_from=c_start))
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
            if ok and (last.suffix.startswith("及") or self.next_with_unit[after] < seg_end):
                # "10千伏及以下农网改造线路86公里", "110千伏变电站3座": a class
                # in the name of what is counted next, not a target.
                ok = False
        state.last_ok, state.last_end = ok, seg_end
        if not ok:
            return None
        state.names_from = seg_end
        return _Place(group, c_start, c_end, seg_start, seg_end, before, name_first, in_list)

    # -- stage 3 ----------------------------------------------------------------

    def _names(self, place: _Place):
        """Names and subjects of a placed list, with the sentence it is in (its start,
        its targets so far, the last of them)."""
        folded, group = self.folded, place.group
        first, last = group[0], group[-1]
        before, name_first = place.before, place.name_first
        state = self.clauses[place.c_start]
        name_raw = (
            before if name_first else name_after(folded, last.suffix_end, place.seg_end, before)
        )
        verb_after = _ENDS_PHRASE.match(folded, last.suffix_end, place.c_end)
        if name_first and verb_after and verb_after["verb"]:
            name_raw = before + verb_after["verb"]
            place.seg_end = verb_after.end()
            state.names_from = place.seg_end
        if name_first and not strip_name(name_raw):
            # A table's value cell: the name is the cell before it
            # ("城镇调查失业率\t≤5.5%").
            name_raw = cell_before(folded, place.seg_start) or name_raw
        s_start, _ = self.bounds.sentence(first.start)
        earlier = self.in_sentence.setdefault(s_start, [])
        previous = earlier[-1] if earlier else None
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
            names = [
                _name_in_context(folded, names[0], previous, place.in_list, s_start, place.c_start)
            ]
        if subjects is None and len(names) == 1 and earlier:
            # "其中德令哈市增长8%": a place and a change, of what was just named.
            pc = PLACE_CHANGE.fullmatch(names[0])
            if pc:
                subjects = [pc["place"]]
                names = borrow_names([pc["verb"]], len(group), earlier)
        if subjects is None and "分别" in before and len(group) > 1:
            carried = self.subjects_in_sentence.get(s_start)
            if carried and len(carried) == len(group):
                subjects = carried
        if subjects:
            self.subjects_in_sentence[s_start] = subjects
        return names, subjects, s_start, earlier, previous

    # -- stage 4 ----------------------------------------------------------------

    def _emit(self, place: _Place, names, subjects, s_start, earlier, previous) -> None:
        folded, group = self.folded, place.group
        first, last = group[0], group[-1]
        op = _op_for(
            first if len(group) == 1 else last,
            place.before,
            folded[last.suffix_end : last.suffix_end + 6],
        )
        deadline = _deadline_for(
            folded,
            self.deadlines,
            self.starts,
            first.start,
            s_start,
            place.c_start,
            place.c_end,
        )
        if deadline is None and previous is not None:
            deadline = previous.deadline  # "年内建成X 30个,新增Y 235万千瓦"
        whole_clause = len(group) > 1 or len(names) > 1
        t_start = _skip_space(
            folded, place.c_start if whole_clause else place.seg_start, place.seg_end
        )
        before = place.before
        if place.name_first and not whole_clause and len(before) > 30 and "等" in before:
            # "A项目、B项目…等重点产业项目完成投资52.1亿元": the target's own words
            # start at 等.
            t_start = place.seg_start + before.rindex("等")
        t_end = place.c_end if len(group) > 1 else place.seg_end
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
            self.out.append(
                (
                    cand.start,
                    _copy(
                        base,
                        name=name,
                        subject=subject,
                        op="between" if cand.value_max is not None else single_op,
                        value=cand.value,
                        value_max=cand.value_max,
                        unit=cand.unit,
                        raw=folded[cand.start : cand.end],
                    ),
                )
            )
            earlier.append(self.out[-1][1])


_OBJECT_BEFORE = rx.compile(r"等([^、,;。等]{1,12}项目)(?:建设|前期工作)?\s*,\s*$")


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


_PLACE_NAME = rx.compile(
    r"(?P<place>[\u4e00-\u9fff]{1,8}?(?:市|县|区|州|盟|旗|镇|乡|村|行委|街道))"
    r"(?:新增|完成|实现|达到|达|建成|新建|培育|引进|实施|开工|改造)?"
)
# "其中省级示范区3个" breaks a total down by class, not by place.
_CLASS_WORDS = rx.compile(r"级|示范|重点|特色|标准|智慧|新建|改造|新增|其他|其余")


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
_CELL_VALUE = rx.compile(
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

    def amount(number: str) -> tuple[Decimal, str | None] | None:
        number = number.replace(",", "")
        if not measure:
            return (Decimal(number), None)
        return parse_quantity_decimal(number + measure)

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
