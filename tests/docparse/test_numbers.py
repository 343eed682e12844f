"""Numbers as official documents write them: Arabic, Chinese numerals, magnitudes, units."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.docparse.numbers import cn_small_int, parse_number, parse_quantity


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("3.5", 3.5),
        ("1,200", 1200.0),
        ("1,234,567.5", 1234567.5),
        ("1.3万", 13000.0),
        ("52.1亿", 5210000000.0),
        ("0.8万", 8000.0),
        ("1.5万亿", 1500000000000.0),
        ("3千", 3000.0),
        ("五十二点一亿", 5210000000.0),
        ("百分之九十一点五", 91.5),
        ("百分之95", 95.0),
        ("千分之五", 5.0),
        ("二〇二〇", 2020.0),
        ("两万", 20000.0),
        ("一万三千", 13000.0),
        ("十", 10.0),
        ("十二", 12.0),
        ("二十", 20.0),
        ("一百零五", 105.0),
        ("一千零一", 1001.0),
        ("一亿二千万", 120000000.0),
        ("三万亿", 3000000000000.0),
        ("八点五万", 85000.0),
        ("零", 0.0),
        ("零点五", 0.5),
        ("", None),
        ("abc", None),
        ("1.3万人", None),  # a quantity, not a bare number: see parse_quantity
        ("点五", None),
        ("千方百计", None),
    ],
)
def test_parse_number(written, value):
    assert parse_number(written) == value


def test_magnitudes_are_exact():
    # Decimal arithmetic: no 5210000000.000001
    assert parse_number("52.1亿") == 5210000000
    assert parse_number("8.28亿") == 828000000
    assert parse_number("37.77亿") == 3777000000
    assert parse_number("0.1万") == 1000


@pytest.mark.parametrize(
    ("written", "quantity"),
    [
        ("235万千瓦", (2350000.0, "千瓦")),
        ("52.1亿元", (5210000000.0, "元")),
        ("1.3万人", (13000.0, "人")),
        ("8万人次", (80000.0, "人次")),
        ("3.5%", (3.5, "%")),
        ("百分之九十一点五", (91.5, "%")),
        ("千分之三", (3.0, "‰")),
        ("3个百分点", (3.0, "个百分点")),
        ("38.8万亩", (388000.0, "亩")),
        ("0.8万吨", (8000.0, "吨")),
        ("5亿千瓦时", (500000000.0, "千瓦时")),
        ("35微克/立方米", (35.0, "微克/立方米")),
        ("1200公里", (1200.0, "公里")),
        ("120万平方米", (1200000.0, "平方米")),
        ("280个", (280.0, "个")),
        ("20家", (20.0, "家")),
        ("1千瓦", (1.0, "千瓦")),  # 千 of 千瓦 is not a magnitude
        ("5千米", (5.0, "千米")),
        ("3千人", (3000.0, "人")),
        ("两万吨", (20000.0, "吨")),
        ("二十万千瓦", (200000.0, "千瓦")),
        ("五十二点一亿元", (5210000000.0, "元")),
        ("一万二千人次", (12000.0, "人次")),
        ("3", (3.0, None)),
        ("人", None),
    ],
)
def test_parse_quantity(written, quantity):
    assert parse_quantity(written) == quantity


@pytest.mark.parametrize(
    ("written", "value"),
    [("12", 12), ("十二", 12), ("二十一", 21), ("三十", 30), ("〇九", 9), ("十", 10)],
)
def test_cn_small_int(written, value):
    assert cn_small_int(written) == value


_DIGITS = "零一二三四五六七八九"


def _section(n: int) -> str:
    """0 < n < 10000 in Chinese, with 零 for inner gaps."""
    out = []
    zero = False
    for power, word in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // power % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(_DIGITS[d] + word)
    return "".join(out)


def to_chinese(n: int) -> str:
    """A test oracle written independently of the parser: 10203 → 一万零二百零三."""
    if n == 0:
        return "零"
    parts = []
    for value, word in ((n // 10**8, "亿"), (n // 10**4 % 10**4, "万"), (n % 10**4, "")):
        if value == 0:
            if parts and not parts[-1].endswith("零"):
                parts.append("零")
            continue
        if parts and value < 1000 and not parts[-1].endswith("零"):
            parts.append("零")
        parts.append(_section(value) + word)
    text = "".join(parts).rstrip("零")
    return text


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_chinese_numerals_round_trip(n):
    assert parse_number(to_chinese(n)) == n


@given(st.integers(min_value=10, max_value=19))
def test_leading_ten_may_drop_its_one(n):
    assert parse_number(to_chinese(n).removeprefix("一")) == n


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=99))
def test_arabic_decimals_with_magnitude_round_trip(whole, cents):
    written = f"{whole}.{cents:02d}万"
    assert parse_number(written) == (whole * 100 + cents) * 100
