"""Deadlines as official documents write them, resolved to ISO dates.

`resolve(expr, year=Y)` reads the first date expression in `expr`:
"2020年12月21日前" → "2020-12-21", "10月底之前" → "Y-10-31", "年内"/"年底前" →
"Y-12-31", "四季度" → "Y-12-31", "上半年" → "Y-06-30", "12月中旬" → "Y-12-20",
"12月上旬" → "Y-12-10", "2021年6月底前" → "2021-06-30"; "长期坚持" → None.
A month alone ("10月前", "10月份") is read as that month's last day: the
supervisor checks by the end of the named month.

`find_deadline(folded, start, end, year=Y)` finds the first deadline in
`folded[start:end]` and gives (ISO date, span). It is stricter than `resolve`:
a quarter or half-year only counts with a deadline word around it ("四季度末",
"于四季度完成"), because in running text "确保四季度X增长23%" names the period a
figure is measured over, not a date; a bare year ("2019年已下达的项目") is an
adjective, not a deadline; "3年内" is a duration.
"""

from __future__ import annotations

import re

from . import rx
from .numbers import cn_small_int

_CN_DIGIT = "〇零○一二三四五六七八九"
_YEAR = rf"(?:(?P<y>(?<!\d)\d{{4}}|[{_CN_DIGIT}]{{4}})年|(?P<rel>今年|本年|当年|明年|次年))"
_MONTH = r"(?P<m>(?<![\d.])(?:1[0-2]|0?[1-9])(?!\d)|十[一二]?|[一二三四五六七八九](?!十))"
_DAY = r"(?P<d>(?:[12]\d|3[01]|0?[1-9])(?!\d)|三十[一]?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
_AFTER = r"(?P<after>之前|以前|前|以内|之内|内|止|为止)?"
_PRE = r"(?P<pre>于|在|到|至|截至|截止到|截止)?"

_BODY = (
    rf"(?:{_MONTH}月份?(?:{_DAY}[日号]|(?P<mend>底|末)|(?P<xun>上旬|中旬|下旬|初(?!步|期|级|心)))?"
    r"|(?P<q_ord>第)?(?P<q>[一二三四1-4])季度(?P<qend>末|底)?"
    r"|(?P<h>上|下)半年(?P<hend>末|底)?"
    r")"
)
# Year end without month: 年底/年末/年内, with an explicit or relative year or alone.
_YEAR_END = r"(?P<yend>底|末|内)"

_EXPR = rx.compile(
    rf"(?=[于在到至截\d{_CN_DIGIT}十年今本当明次第上下])"
    + _PRE
    + r"(?:"
    + r"(?P<iso>(?<!\d)\d{4})[-./](?P<iso_m>1[0-2]|0?[1-9])[-./](?P<iso_d>[12]\d|3[01]|0?[1-9])(?!\d)"
    + rf"|(?<![前每近上下后首末{_CN_DIGIT}十两几多半百千\d])(?P<bare>年)(?P<byend>底|末|内)"
    + rf"|(?<![前每近后首])(?P<year>{_YEAR})?(?:{_BODY}|(?(year){_YEAR_END}|(?!)))"
    + rf"|(?P<yo>(?<!\d)\d{{4}}|[{_CN_DIGIT}]{{4}})年(?!度|代|以来)"
    + r")"
    + _AFTER
)


def _expressions(text: str, start: int, end: int):
    """Matches of _EXPR in text[start:end], left to right, not overlapping.
    (The pattern's leading lookahead lets the engine skip to possible first
    characters, so one pass over a long text stays cheap.)"""
    return _EXPR.finditer(text, start, end)


# The year alone, for resolve() only ("2021年" in a 完成时限 column).
_BARE_YEAR = rx.compile(r"(?<!\d)(\d{4})年(?:底|末|内|前|之前|以前|完成)?")


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month_end(year: int, month: int) -> int:
    # calendar.monthrange(year, month)[1], without importing calendar (and datetime,
    # locale) into every parse for one table; it raises for a month outside 1…12 alike.
    if not 1 <= month <= 12:
        raise ValueError(f"bad month number {month}; must be 1-12")
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 29 if month == 2 and leap else _MONTH_DAYS[month - 1]


def _iso(year: int, month: int, day: int) -> str | None:
    if not (1 <= month <= 12) or not (1 <= day <= _month_end(year, month)):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _date_of(m: re.Match, year: int) -> str | None:
    if m["iso"]:
        return _iso(int(m["iso"]), int(m["iso_m"]), int(m["iso_d"]))
    y = year
    if m["y"]:
        y = cn_small_int(m["y"]) or year
    elif m["rel"] in ("明年", "次年"):
        y = year + 1
    if m["yo"]:
        y = cn_small_int(m["yo"]) or year
    if m["yend"] or m["bare"] or m["yo"]:
        return _iso(y, 12, 31)
    if m["q"]:
        quarter = cn_small_int(m["q"])
        return _iso(y, quarter * 3, _month_end(y, quarter * 3)) if quarter else None
    if m["h"]:
        return _iso(y, 6, 30) if m["h"] == "上" else _iso(y, 12, 31)
    if m["m"]:
        month = cn_small_int(m["m"])
        if month is None or not 1 <= month <= 12:
            return None
        if m["d"]:
            day = cn_small_int(m["d"])
            return None if day is None else _iso(y, month, day)
        xun = m["xun"]
        if xun in ("上旬", "初"):
            return _iso(y, month, 10)
        if xun == "中旬":
            return _iso(y, month, 20)
        return _iso(y, month, _month_end(y, month))
    return None


_YEAR_DEADLINE_PRE = ("到", "至", "截至", "截止", "截止到", "于")


def _is_strict_deadline(m: re.Match) -> bool:
    """Quarters and half-years need a deadline word or an explicit year to be a
    deadline in running text."""
    if m["yo"]:
        # "到2024年", "2024年前": a year is a deadline only with such a word.
        return m["pre"] in _YEAR_DEADLINE_PRE or bool(m["after"])
    if m["q"] or m["h"]:
        return bool(m["pre"] or m["after"] or m["qend"] or m["hend"] or m["year"])
    if m["m"] and not (m["d"] or m["mend"] or m["xun"]):
        # "10月份以来", "统一月度": a month alone is a date only with a year or a
        # deadline word next to it.
        return bool(m["pre"] or m["after"] or m["year"])
    return True


def _span_of(m: re.Match) -> tuple[int, int]:
    # The leading preposition (于/到…) is not part of the date expression.
    start = m.end("pre") if m["pre"] else m.start()
    return start, m.end()


def resolve(expr: str, *, year: int) -> str | None:
    """ISO date of the first date expression in `expr`, relative to `year`;
    None when `expr` holds none ("长期坚持", "持续推进")."""
    for m in _expressions(expr, 0, len(expr)):
        date = _date_of(m, year)
        if date:
            return date
    m = _BARE_YEAR.search(expr)
    if m:
        return _iso(int(m[1]), 12, 31)
    return None


def find_deadline(
    folded: str, start: int, end: int, *, year: int
) -> tuple[str, tuple[int, int]] | None:
    """First deadline in `folded[start:end]` as (ISO date, span in `folded`).
    A range "10月1日至12月31日" gives its end."""
    for m in _expressions(folded, start, end):
        if not _is_strict_deadline(m):
            continue
        date = _date_of(m, year)
        if not date:
            continue
        span = _span_of(m)
        # A range: the second date is the deadline.
        if m.end() < end and folded[m.end() : m.end() + 1] in ("至", "到", "-", "—", "~"):
            nxt = _EXPR.match(folded, m.end() + 1, end)
            if nxt:
                later = _date_of(nxt, int(date[:4]))
                if later:
                    return later, (span[0], nxt.end())
        return date, span
    return None


def find_deadlines(
    folded: str, start: int, end: int, *, year: int
) -> list[tuple[str, tuple[int, int]]]:
    """Every deadline in `folded[start:end]`, in order (same rules as find_deadline)."""
    found = []
    for m in _expressions(folded, start, end):
        if _is_strict_deadline(m):
            date = _date_of(m, year)
            if date:
                found.append((date, _span_of(m)))
    return found
