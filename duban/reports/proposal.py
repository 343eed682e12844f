"""The reporting calendar a document asks for (its 报送要求), proposed for the
office to accept or edit on the review page.

Pure Python, no database: `propose(text=, deadline=, start=, fallback_final=)`
reads the document's sentences that send something (报送/上报/反馈…) for a
routine rhythm (每月5日前, 每月底前, 每季度首月10日前, 每季度结束后10日内,
每旬, 每周) and for the co-units' earlier due date (…于每月3日前报牵头单位,
提前3天报牵头单位), and combines them with the one-off deadline the parser
found (Plan.report_deadline). The parser (duban.docparse) reads the one-off
clause; the rhythm is read here because it only matters for the calendar.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
import re
from dataclasses import dataclass, field

# The cadence codes of reports.models.Cadence (kept as plain strings: no Django here).
DEKAD, MONTH, QUARTER, DATES = "dekad", "month", "quarter", "dates"
DEFAULT_CO_LEAD_DAYS = 3

_NUM = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
_SENDS = re.compile(r"报送|上报|报告|反馈|提交|报")
# The co-units send to the lead unit: their sentence says so.
_TO_LEAD = re.compile(r"(?:向|报送?至?|反馈至?|提交至?|送)各?(?:主办|牵头)(?:单位|部门)")

# (pattern, kind) in the order tried; the first that matches a sentence wins.
_RHYTHMS = [
    (re.compile(rf"每(?:个)?季度?(?:结束后|后)(?:的)?{_NUM}(?:个工作)?日内"), "quarter_after"),
    (re.compile(rf"每(?:个)?季度?(?:首月|第一个月|初){_NUM}日"), "quarter_first"),
    (re.compile(rf"每(?:个)?季度?(?:末月|最后一个月){_NUM}日"), "quarter_last"),
    (re.compile(r"每(?:个)?季度?(?:末|底)"), "quarter_end"),
    (re.compile(r"每(?:个)?季度"), "quarter_end"),
    (re.compile(rf"每(?:个)?月(?:的)?{_NUM}(?:日|号)"), "month_day"),
    (re.compile(r"每(?:个)?月(?:底|末)"), "month_end"),
    (re.compile(r"每旬"), "dekad"),
    (re.compile(r"每(?:个)?(?:周|星期)"), "week"),
]
_AHEAD = re.compile(rf"提前{_NUM}(?:个工作日|天|日)")
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


@dataclass(frozen=True)
class Rhythm:
    kind: str  # one of the _RHYTHMS kinds
    day: int | None  # the day of month / days after the quarter, when the kind has one
    sentence: str


@dataclass
class Proposal:
    """A calendar ready for generate_periods, and what it was read from."""

    cadence: str
    start: dt.date
    final_deadline: dt.date
    dates: list[dt.date] = field(default_factory=list)
    co_lead_days: int = DEFAULT_CO_LEAD_DAYS
    rhythm: Rhythm | None = None
    one_off: dt.date | None = None
    evidence: list[str] = field(default_factory=list)
    final_guessed: bool = False  # no one-off deadline: the final date is a guess to check


_CN = "一二三四五六七八九"


def _int(s: str) -> int | None:
    """1…31 written in digits or Chinese numerals (五, 十, 十五, 二十五, 三十一)."""
    if s.isdigit():
        return int(s)
    if "十" not in s:
        return _CN.index(s) + 1 if len(s) == 1 and s in _CN else None
    tens, _sep, ones = s.partition("十")
    if (tens and tens not in _CN) or (ones and ones not in _CN) or len(tens) > 1 or len(ones) > 1:
        return None
    return (_CN.index(tens) + 1 if tens else 1) * 10 + (_CN.index(ones) + 1 if ones else 0)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"[。;;\n]", text or "") if s.strip()]


def find_rhythm(sentence: str) -> Rhythm | None:
    """The routine rhythm a sentence that sends something asks for, if any."""
    if not _SENDS.search(sentence):
        return None
    for pattern, kind in _RHYTHMS:
        m = pattern.search(sentence)
        if not m:
            continue
        day = _int(m.group(1)) if m.groups() else None
        if m.groups() and (day is None or not 1 <= day <= 31):
            continue
        # "每户每月30元" is no rhythm: the time word must come with a due word.
        tail = sentence[m.end() : m.end() + 6]
        if kind in ("month_day", "quarter_first", "quarter_last") and not re.match(
            r"(?:前|之前|以前|内|报|将|,|,)", tail
        ):
            continue
        return Rhythm(kind, day, sentence)
    return None


def _month_day(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, _cal.monthrange(year, month)[1]))


def _months(start: dt.date, final: dt.date):
    y, m = start.year, start.month
    while (y, m) <= (final.year, final.month):
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def rhythm_dates(rhythm: Rhythm, start: dt.date, final: dt.date) -> list[dt.date]:
    """The due dates of a rhythm strictly between start and final."""
    out: list[dt.date] = []
    if rhythm.kind == "month_day":
        out = [_month_day(y, m, rhythm.day) for y, m in _months(start, final)]
    elif rhythm.kind == "quarter_first":
        out = [_month_day(y, m, rhythm.day) for y, m in _months(start, final) if m % 3 == 1]
    elif rhythm.kind == "quarter_last":
        out = [_month_day(y, m, rhythm.day) for y, m in _months(start, final) if m % 3 == 0]
    elif rhythm.kind == "quarter_after":
        ends = [_month_day(y, m, 31) for y, m in _months(start, final) if m % 3 == 0]
        out = [e + dt.timedelta(days=rhythm.day) for e in ends]
    elif rhythm.kind == "week":
        d = start + dt.timedelta(days=7)
        while d < final:
            out.append(d)
            d += dt.timedelta(days=7)
    return [d for d in out if start < d < final]


def _cadence(rhythm: Rhythm | None) -> str:
    if rhythm is None:
        return DATES
    return {"month_end": MONTH, "quarter_end": QUARTER, "dekad": DEKAD}.get(rhythm.kind, DATES)


def _co_lead_days(co_sentences: list[str], lead: Rhythm | None, one_off: dt.date | None) -> int:
    """Days the co-units report before the lead: said outright (提前3天), or
    the difference between their day and the lead's (每月3日 vs 每月5日, or a
    dated 12月15日前 vs the one-off 12月21日)."""
    for s in co_sentences:
        m = _AHEAD.search(s)
        if m and _int(m.group(1)) is not None:
            return _int(m.group(1))
        co = find_rhythm(s)
        if co and lead and co.day and lead.day and co.kind == lead.kind and co.day < lead.day:
            return lead.day - co.day
        d = _DATE.search(s)
        if d and one_off:
            try:
                co_date = dt.date(int(d.group(1)), int(d.group(2)), int(d.group(3)))
            except ValueError:
                continue
            if co_date < one_off:
                return (one_off - co_date).days
    return DEFAULT_CO_LEAD_DAYS


def propose(
    *,
    text: str,
    deadline: dt.date | None,
    start: dt.date,
    fallback_final: dt.date | None = None,
) -> Proposal | None:
    """The calendar the document asks for, or None when it says nothing of
    reporting (no one-off deadline and no rhythm).

    `deadline` is the one-off reporting deadline the parser found; `start` the
    first day of reporting (the document's date); `fallback_final` the last
    report's date when the document only gives a rhythm (the plan's latest
    task deadline, else the end of the start's year)."""
    lead_rhythm = None
    co_sentences = []
    evidence = []
    for sentence in _sentences(text):
        if not _SENDS.search(sentence):
            continue
        if _TO_LEAD.search(sentence):
            co_sentences.append(sentence)
            continue
        if lead_rhythm is None:
            found = find_rhythm(sentence)
            if found:
                lead_rhythm = found
                evidence.append(sentence)
    if deadline is None and lead_rhythm is None:
        return None
    final = deadline
    guessed = False
    if final is None:
        final = fallback_final or dt.date(start.year, 12, 31)
        guessed = True
    if final < start:
        start = min(start, final)
    cadence = _cadence(lead_rhythm)
    dates: list[dt.date] = []
    if cadence == DATES:
        dates = rhythm_dates(lead_rhythm, start, final) if lead_rhythm else []
        dates.append(final)
    co_days = _co_lead_days(co_sentences, lead_rhythm, deadline)
    evidence.extend(s for s in co_sentences if _AHEAD.search(s) or find_rhythm(s))
    return Proposal(
        cadence=cadence,
        start=start,
        final_deadline=final,
        dates=dates,
        co_lead_days=co_days,
        rhythm=lead_rhythm,
        one_off=deadline,
        evidence=evidence,
        final_guessed=guessed,
    )
