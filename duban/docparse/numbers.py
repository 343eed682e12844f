"""Numbers as Chinese official documents write them.

`parse_number` reads one number: Arabic ("1,200", "3.5"), Arabic with a
Chinese magnitude ("1.3万", "52.1亿"), Chinese numerals ("五十二点一亿",
"二〇二〇", "两万"), and the fraction words 百分之X / 千分之X (which give X:
the unit, % or ‰, is the caller's business, see `parse_quantity`).

`parse_quantity` reads a number followed by its measure word and folds a
magnitude standing in front of the measure word into the value, so that
"235万千瓦" is (2350000, "千瓦") and "52.1亿元" is (5210000000, "元").

Arithmetic is done in Decimal so that 52.1亿 is exactly 5210000000, not
5210000000.000001.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from . import rx

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_MAGNITUDES = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4}
_MAG_WORDS = {"万亿": 10**12, "亿": 10**8, "万": 10**4, "千": 1000, "百": 100, "十": 10}

# Characters a Chinese numeral is made of (点 for the decimal point).
CN_NUMERAL_CHARS = "零〇○一二两三四五六七八九十百千万亿点"

# Measure words kept as the unit of a quantity. Longest first is enforced when
# the alternation is built. Time spans (个月, 年, 周) are listed so that they are
# recognised as such and can be refused as targets by the caller.
UNITS = (
    "个百分点",
    "百分点",
    "%",
    "‰",
    "千瓦时",
    "兆瓦时",
    "千瓦",
    "兆瓦",
    "吉瓦",
    "千伏安",
    "千伏",
    "PFlops",
    "PFLOPS",
    "EFlops",
    "EFLOPS",
    "Gbps",
    "Mbps",
    "MWh",
    "GWh",
    "kWh",
    "MW",
    "GW",
    "kW",
    "KW",
    "微克/立方米",
    "毫克/立方米",
    "毫克/升",
    "立方米/秒",
    "平方公里",
    "平方千米",
    "平方米",
    "立方米",
    "公里",
    "千米",
    "公顷",
    "米",
    "亩",
    "吨标准煤",
    "吨标煤",
    "吨",
    "千克",
    "公斤",
    "标准箱",
    "标箱",
    "人次",
    "人",
    "户",
    "家",
    "个工作日",
    "工作日",
    "个月",
    "个",
    "座",
    "所",
    "处",
    "条",
    "台套",
    "台",
    "套",
    "辆",
    "艘",
    "架",
    "件",
    "项",
    "美元",
    "元",
    "头",
    "只",
    "羽",
    "匹",
    "间",
    "栋",
    "幢",
    "场",
    "批次",
    "场次",
    "架次",
    "车次",
    "班次",
    "台次",
    "户次",
    "件次",
    "课时",
    "学时",
    "批",
    "次",
    "名",
    "位",
    "株",
    "棵",
    "张",
    "床",
    "册",
    "部",
    "支",
    "宗",
    "笔",
    "份",
    "篇",
    "盒",
    "例",
    "天",
    "小时",
    "分钟",
    "分",
    "倍",
    "起",
    "辆次",
    "艘次",
    "kV",
    "周",
    "年",
)

_AR = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# A Chinese numeral must start with a digit word (so "千方百计", "百姓", "万一"
# are not numbers); it may hold magnitudes and one decimal point.
# Atomic, and starting only at the beginning of a run of numeral characters, so
# that a long run ("一一一…") costs linear time; 千/百 stop before 千瓦, 百分 and
# the like instead of being given back by backtracking.
_CN = (
    r"(?<![零〇○一二两三四五六七八九十百千万亿])[零〇○一二两三四五六七八九十]"
    r"(?>(?:[零〇○一二两三四五六七八九十万亿]|[千百](?!瓦|米|克|伏|分))*)"
    r"(?>(?:点[零〇○一二三四五六七八九]+[万亿]*)?)"
)

# Magnitude written after an Arabic number. 千/百 only when they are not the
# first character of a measure word (千瓦, 千米, 千克, 千伏, 百分点).
_AR_MAG = r"万亿|亿|万|千(?!瓦|米|克|伏)|百(?!分)"

UNIT_RE_TEXT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))

_AR_ONLY = rx.compile(rf"(?:{_AR})")
_AR_WITH_MAG = rx.compile(rf"(?P<num>{_AR})(?P<mag>{_AR_MAG})?")
_CN_ONLY = rx.compile(_CN)
_FRACTION = rx.compile(rf"(?P<word>百分之|千分之)(?P<num>{_AR}|{_CN})")
_QUANTITY = rx.compile(
    rf"(?:(?P<frac>百分之|千分之)(?P<fnum>{_AR}|{_CN})"
    rf"|(?P<ar>{_AR})(?P<mag>{_AR_MAG})?\s*(?P<unit1>{UNIT_RE_TEXT})?"
    rf"|(?P<cn>{_CN})(?P<unit2>{UNIT_RE_TEXT})?)"
)


def _cn_integer(s: str) -> Decimal | None:
    """Integer part of a Chinese numeral: "五十二" → 52, "一万三千" → 13000,
    "二〇二〇" → 2020 (digit by digit when no 十/百/千/万/亿 appears)."""
    if not s:
        return None
    if all(ch in CN_DIGITS for ch in s):
        return Decimal(int("".join(str(CN_DIGITS[ch]) for ch in s)))
    total = Decimal(0)
    section = Decimal(0)  # the part below the current 万/亿
    digit: int | None = None
    i = 0
    while i < len(s):
        ch = s[i]
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch] if digit is None else digit * 10 + CN_DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        elif ch == "万" and s[i : i + 2] == "万亿" or ch == "亿":
            width = 2 if ch == "万" else 1
            part = section + (digit or 0)
            if part == 0:
                part = Decimal(1)
            total = (total + part) * _MAGNITUDES[s[i : i + width]]
            section = Decimal(0)
            digit = None
            i += width
            continue
        elif ch == "万":
            part = section + (digit or 0)
            if part == 0:
                part = Decimal(1)
            # "一亿二千万": the 万 section adds below the 亿 already counted.
            total = total + part * _MAGNITUDES["万"]
            section = Decimal(0)
            digit = None
        else:
            return None
        i += 1
    return total + section + (digit or 0)


def _cn_number(s: str) -> Decimal | None:
    """Chinese numeral with an optional 点 fraction and trailing magnitude
    ("五十二点一亿" → 5210000000)."""
    whole, dot, frac = s.partition("点")
    if not dot:
        return _cn_integer(s)
    mag = Decimal(1)
    while frac and frac[-1] in "万亿":
        if frac.endswith("万亿"):
            mag *= _MAGNITUDES["万亿"]
            frac = frac[:-2]
        else:
            mag *= _MAGNITUDES[frac[-1]]
            frac = frac[:-1]
    if not frac or any(ch not in CN_DIGITS for ch in frac):
        return None
    integer = _cn_integer(whole) if whole else Decimal(0)
    if integer is None:
        return None
    fraction = Decimal("0." + "".join(str(CN_DIGITS[ch]) for ch in frac))
    return (integer + fraction) * mag


def _ar_number(num: str, mag: str | None) -> Decimal | None:
    try:
        value = Decimal(num.replace(",", ""))
    except InvalidOperation:
        return None
    if mag:
        value *= _MAG_WORDS[mag]
    return value


def to_float(value: Decimal) -> float:
    """Decimal → float; exact when the decimal is (52.1亿 → 5210000000.0)."""
    return float(value.normalize()) if value == value.to_integral_value() else float(value)


def parse_decimal(s: str) -> Decimal | None:
    """Like `parse_number`, as a Decimal."""
    s = s.strip()
    if not s:
        return None
    m = _FRACTION.fullmatch(s)
    if m:
        return parse_decimal(m["num"])
    m = _AR_WITH_MAG.fullmatch(s)
    if m:
        return _ar_number(m["num"], m["mag"])
    if _CN_ONLY.fullmatch(s):
        return _cn_number(s)
    return None


def parse_number(s: str) -> float | None:
    """One number as written: "1.3万" → 13000.0, "五十二点一亿" → 5210000000.0,
    "百分之九十一点五" → 91.5, "1,200" → 1200.0; None when `s` is not a number."""
    value = parse_decimal(s)
    return None if value is None else to_float(value)


def parse_quantity(s: str) -> tuple[float, str | None] | None:
    """Number plus measure word: "235万千瓦" → (2350000.0, "千瓦"),
    "百分之九十一点五" → (91.5, "%"), "3.5%" → (3.5, "%"), "1.3万人" → (13000.0, "人").
    None when `s` is not exactly a quantity."""
    found = parse_quantity_decimal(s)
    return None if found is None else (to_float(found[0]), found[1])


def parse_quantity_decimal(s: str) -> tuple[Decimal, str | None] | None:
    """`parse_quantity` with the exact value (what Indicator keeps)."""
    m = _QUANTITY.fullmatch(s.strip())
    if not m:
        return None
    value, unit = quantity_from_match(m)
    if value is None:
        return None
    return value, unit


def quantity_from_match(m: re.Match) -> tuple[Decimal | None, str | None]:
    """Value and unit from a match of a pattern built on `QUANTITY_PATTERN`."""
    if m["frac"]:
        return parse_decimal(m["fnum"]), "%" if m["frac"] == "百分之" else "‰"
    if m["ar"]:
        return _ar_number(m["ar"], m["mag"]), m["unit1"]
    return _cn_number(m["cn"]), m["unit2"]


QUANTITY_PATTERN = _QUANTITY.pattern
AR_PATTERN = _AR
CN_PATTERN = _CN
AR_MAG_PATTERN = _AR_MAG


def cn_small_int(s: str) -> int | None:
    """Small integers as dates write them: "12", "十二", "二十一", "〇九"."""
    if s.isdigit():
        return int(s)
    value = _cn_integer(s)
    return None if value is None else int(value)
