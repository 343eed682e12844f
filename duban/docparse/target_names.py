"""How a target is named: the measured thing, the places it is for, and the
words around a number that are not part of its name.

Used by `targets.extract_indicators`; the rules are described there. Names are
read from the folded text, so full-width and ASCII punctuation name alike.
"""

from __future__ import annotations

from . import dates, rx
from .model import Indicator

# Longest name looked at, before or after a number (also bounds the work per number).
MAX_NAME = 120

GROWTH = r"增长|增加|提高|提升|上升|增幅|增速"
DECLINE = r"下降|降低|减少|压减|削减|压缩|减排|降幅"
_CHANGE_BEFORE = rx.compile(rf"(?:{GROWTH}|{DECLINE})\s*$")

# Name clean-up.
_LEAD_WORDS = rx.compile(
    r"^(?:确保|力争|争取|努力|全力|力促|坚持|要|并且|并|同时|进一步|全年|当年|年内|年底前|年底|今年|本年|"
    r"四季度|第四季度|年度内|实现|完成(?!投资)|做到|其中|将|全州|全市|全省|全县|全区|积极|加快|大力|"
    r"着力|继续|持续|切实|共|累计|新建改建|新改建|建设|建成投运|建成|实施|开展|做好|抓好|推进|推动|"
    r"培育|打造|组织|举办)\s*"
)
_PREPOSITION_START = rx.compile(r"^(?:为|对|向|在|按|通过|围绕|依托)")
VERB_IN_NAME = rx.compile(
    r"开展|实施|建设|建成|推进|推动|培育|打造|举办|组织|做好|抓好|完成(?!投资)"
)
_TRAIL_WORDS = rx.compile(
    r"(?:[≤≥<>=≯≮]|达到|达|为|控制在|控制到|控制于|稳定在|保持在|保持|维持在|不低于|不少于|不小于|不超过|不高于|"
    r"不多于|不大于|低于|高于|超过|至少|提高到|提高至|提升到|提升至|增加到|增加至|降低到|降低至|降至|"
    r"降到|下降到|下降至|压缩至|压缩到|压减至|压减到|缩短至|缩短到|减至|约|大约|预计|累计|共计|总计|在|"
    r"以上|均|确保|力争|争取|突破|的|(?<=.{2})任务)\s*$"
)
_CHANGE_WORDS = {
    prefix + verb
    for prefix in ("", "同比", "年均", "平均")
    for verb in (GROWTH + "|" + DECLINE).split("|")
}
PLACE_CHANGE = rx.compile(
    rf"(?P<place>[^、,]{{1,8}}?(?:市|县|区|州|盟|旗|镇|乡|行委))(?P<verb>(?:同比)?(?:{GROWTH}|{DECLINE}))"
)
_BASE_TRAIL = rx.compile(rf"(?:(?:年均|同比|平均)?(?:完成|实现|达到|达|突破|{GROWTH}|{DECLINE}))+$")
# "由20个工作日压缩至10个工作日": the starting value is not part of the name.
_BASELINE = rx.compile(r"(?:由|从)[^,;。]*\d[^,;。]*$")
_QUOTES = "“”\"'‘’"
# Subjects named before 分别: "德令哈、格尔木两市".
_SUBJECT_LIST = rx.compile(
    r"^(?P<list>[^、,;]{1,12}(?:、[^、,;]{1,12})+?)"
    r"(?P<count>[两二三四五六七八九十]|\d+)个?(?P<kind>市|县|区|州|盟|旗|镇|乡|村|地|园区|部门|单位)"
    r"(?P<rest>.*)$"
)
_PLACE_SUFFIX = rx.compile(r"(?:市|县|区|州|盟|旗|镇|乡|村|行委)$")
_PLACE_IN = rx.compile(r"^(.{1,8}?(?:市|县|区|州|盟|旗|镇|乡|村|行委))(.+)$")


# What a date expression may start with (a cheap test before asking `dates`).
_DATE_START = rx.compile(r"[\d〇零○一二三四五六七八九十年今本当明次第上下于到至截]")


# An outline number that opens the item the target sentence starts ("2.建设口袋公园10个").
_ITEM_MARKER = rx.compile(
    r"^(?:\d{1,2}[.、](?!\d)|\(\d{1,2}\)|[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十]{1,3}\)"
    r"|[①-⑳])\s*"
)


def strip_name(name: str, *, keep_last: bool = True) -> str:
    """The measured thing out of the words before (or after) a number: without
    modal words (确保, 力争), time words (年内, 10月底前), the comparator
    (达到, 控制在), what precedes 等, and a starting value (由20个工作日).
    When nothing is left, the last words left are kept (keep_last) or "" given."""
    name = name.strip().strip("≤≥<>=≯≮").replace("分别", "")
    name = _ITEM_MARKER.sub("", name)
    name = _BASELINE.sub("", name)
    if "等" in name:
        after = name.rsplit("等", 1)[1]
        if len(after) >= 2:
            name = after
    if _PREPOSITION_START.match(name):
        verbs = list(VERB_IN_NAME.finditer(name))
        if verbs and verbs[-1].end() < len(name):
            name = name[verbs[-1].end() :]
    for _ in range(6):
        new = _LEAD_WORDS.sub("", name, count=1)
        deadline = _DATE_START.match(new) and dates.find_deadline(
            new, 0, min(len(new), 12), year=2000
        )
        if deadline and deadline[1][0] <= 2:  # after 到/于/截至
            new = new[deadline[1][1] :]
        new = _TRAIL_WORDS.sub("", new)
        if not new and not keep_last:
            return ""
        if new == name or not new:
            break
        name = new
    name = name.strip(" \t,、")
    if len(name) > 2 and name[0] in _QUOTES and name[-1] in _QUOTES and name.count(name[0]) == 1:
        name = name[1:-1]
    return name


_ITEM_SEP = rx.compile(r"、|和|及|与|以及")


def split_items(s: str) -> list[str]:
    return [p for p in _ITEM_SEP.split(s) if p]


def borrow_names(names: list[str], n_values: int, earlier: list[Indicator]) -> list[str]:
    """ "一般公共预算收入完成120亿元,增长6%": a bare change verb measures what the
    sentence just named; "接待游客…、旅游收入…,分别增长15%、20%" pairs in order."""
    if not all(n in _CHANGE_WORDS or not n for n in names):
        return names
    verb = next((n for n in names if n), "")
    bases = []
    for ind in earlier[-3 * n_values :]:
        base = _BASE_TRAIL.sub("", ind.name) or ind.name
        if ind.value is not None and base not in bases:
            bases.append(base)
    if not bases:
        return names
    if n_values > 1 and len(bases) >= n_values:
        return [b + verb for b in bases[-n_values:]]
    return [bases[-1] + verb] * len(names)


def cell_before(folded: str, pos: int) -> str:
    """The table cell ending just before the tab in front of `pos`, if any."""
    tab = folded.rfind("\t", max(0, pos - 4), pos)
    if tab < 0:
        return ""
    left = max(folded.rfind("\t", max(0, tab - MAX_NAME), tab), folded.rfind("\n", 0, tab)) + 1
    cell = folded[left:tab].strip()
    return "" if not cell or cell.replace(".", "").isdigit() else cell


_WORK_END = rx.compile(r"(?:工作|活动)$")


def name_after(folded: str, pos: int, stop: int, before: str) -> str:
    """Name of a number-first target: the words after the measure word."""
    name = folded[pos:stop]
    if name.startswith("的"):
        name = name[1:]
    if before.rstrip().endswith("在"):
        # "在284个村开展农村人居环境综合整治工作": the action is the target.
        verb = VERB_IN_NAME.search(name)
        if verb and verb.end() < len(name):
            name = _WORK_END.sub("", name[verb.end() :])
    return name


def names_and_subjects(
    name_raw: str, name_first: bool, n_values: int, context_name: str | None
) -> tuple[list[str], list[str] | None]:
    """Names (one, or one per listed item) and the subjects named before 分别."""
    if not name_first:
        return [strip_name(name_raw) or name_raw.strip()], None
    raw = name_raw
    has_each = "分别" in raw
    head, _, tail = raw.partition("分别") if has_each else (raw, "", "")
    head_clean = strip_name(head) if has_each else head
    change = _CHANGE_BEFORE.search(raw.rstrip()[-6:])
    change_word = change.group(0).strip() if change else ""

    if has_each:
        m = _SUBJECT_LIST.match(head_clean)
        subjects = None
        metric = head_clean
        if m and len(split_items(m["list"])) in (n_values, _count(m["count"])):
            subjects = split_items(m["list"])
            metric = m["rest"]
        else:
            items = head_clean.split("、")
            if len(items) > 1 and all(_PLACE_SUFFIX.search(x) for x in items):
                # "其中湖滨区、新港区分别增长7%、7.5%": places only, the measure
                # is the one just named in the sentence.
                subjects, metric = items, ""
            elif len(items) > 1 and all(_PLACE_SUFFIX.search(x) for x in items[:-1]):
                pm = _PLACE_IN.match(items[-1])
                if pm:
                    subjects = items[:-1] + [pm[1]]
                    metric = pm[2]
        tail_clean = strip_name(tail) if tail else ""
        if subjects:
            name = strip_name(metric + tail_clean) or metric
            if (
                not metric
                and context_name
                and (not change_word or context_name.endswith(change_word))
            ):
                name = context_name
            return [name or tail_clean], subjects
        items = head_clean.split("、")
        if len(items) != n_values:
            items = split_items(head_clean)
        if len(items) > 1 and len(items) == n_values:
            return [strip_name(x + tail_clean) or x for x in _share_tail(items)], None
        return [strip_name(head_clean + tail_clean) or head_clean], None

    name = strip_name(raw, keep_last=False)
    if not name and context_name:
        # "县域内就诊率确保达到88%、力争达到90%", "…年均增长20%以上,到2023年突破100亿元"
        return [_BASE_TRAIL.sub("", context_name) or context_name], None
    name = name or strip_name(raw)
    if n_values == 1 and (change_word or "均" in raw.rstrip()[-6:]):
        # "A和B增长8%", "A、B、C均达到90%以上": one value for each name.
        subject_part = (
            name[: -len(change_word)] if change_word and name.endswith(change_word) else name
        )
        items = split_items(subject_part.removesuffix("均"))
        if len(items) > 1:
            return [strip_name(x) + change_word for x in _share_tail(items)], None
    return [name or raw.strip()], None


def _share_tail(items: list[str]) -> list[str]:
    """ "化肥、农药使用量较上年" → 化肥使用量较上年, 农药使用量较上年: short first
    items share the words the last one adds after its own first characters."""
    first = items[:-1]
    last = items[-1]
    width = max(len(x) for x in first)
    if width > 4 or len(last) < width + 2 or any(len(x) < 2 for x in first):
        return items
    tail = last[width:]
    return [x + tail for x in first] + [last]


def _count(word: str) -> int:
    if word.isdigit():
        return int(word)
    return "一二三四五六七八九十".find(word) + 1 if word != "两" else 2
