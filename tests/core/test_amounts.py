"""Amounts in the document's scale: what a person types ↔ what is stored ↔
what a page shows, for 万/亿/千/百分点/人次 and Chinese numerals."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.core.amounts import AmountError, Measure, scale_from_raw

YI_YUAN = Measure("元", "亿")
WAN_REN = Measure("人", "万")
WAN_KW = Measure("千瓦", "万")
WAN_RENCI = Measure("人次", "万")
POINTS = Measure("个百分点", "")
PERCENT = Measure("%", "")
PLAIN = Measure("个", "")


@pytest.mark.parametrize(
    "raw, unit, scale",
    [
        ("100亿元", "元", "亿"),
        ("52.1亿元", "元", "亿"),
        ("五十二点一亿元", "元", "亿"),
        ("1.3万人", "人", "万"),
        ("40万千瓦", "千瓦", "万"),  # 千 of 千瓦 is the unit, not a scale
        ("1万人次", "人次", "万"),
        ("3千户", "户", "千"),
        ("13000人", "人", ""),
        ("3.5%", "%", ""),
        ("2个百分点", "个百分点", ""),
        ("280个", "个", ""),
    ],
)
def test_the_documents_scale_is_read_from_the_raw_number(raw, unit, scale):
    assert scale_from_raw(raw, unit) == scale


@pytest.mark.parametrize(
    "measure, value, shown, field",
    [
        (YI_YUAN, 10000000000, "100亿元", "100"),
        (YI_YUAN, 8500000000, "85亿元", "85"),
        (WAN_REN, 13000, "1.3万人", "1.3"),
        (WAN_KW, 400000, "40万千瓦", "40"),
        (WAN_RENCI, 1800, "0.18万人次", "0.18"),
        (POINTS, 2, "2个百分点", "2"),
        (PERCENT, Decimal("3.5"), "3.5%", "3.5"),
        (PLAIN, 280, "280个", "280"),
    ],
)
def test_values_show_in_the_documents_scale(measure, value, shown, field):
    assert measure.show(value) == shown
    assert measure.field_text(value) == field
    # The round trip: what a page shows, and what a field starts from, read back.
    assert measure.parse(shown) == value
    assert measure.parse(field) == value


@pytest.mark.parametrize(
    "measure, typed, value",
    [
        (YI_YUAN, "85", 8500000000),  # a bare number is in the field's scale
        (YI_YUAN, "85亿", 8500000000),
        (YI_YUAN, "85亿元", 8500000000),
        (YI_YUAN, "八十五亿", 8500000000),
        (YI_YUAN, "8500000000元", 8500000000),  # the unit written: base units
        (YI_YUAN, "1.2千万", 12000000),
        (WAN_REN, "1.1万", 11000),
        (WAN_REN, "1.1", 11000),
        (WAN_REN, "一万二千", 12000),
        (WAN_REN, "3千", 3000),
        (WAN_REN, "11000人", 11000),
        (WAN_REN, "1,100人", 1100),
        (WAN_REN, "１.１万", 11000),  # full-width
        (WAN_RENCI, "1800人次", 1800),
        (WAN_RENCI, "0.18", 1800),
        (WAN_KW, "40万千瓦", 400000),
        (POINTS, "2个百分点", 2),
        (POINTS, "两个百分点", 2),
        (PERCENT, "百分之三点五", Decimal("3.5")),
        (PERCENT, "3.5%", Decimal("3.5")),
        (PERCENT, "三点五", Decimal("3.5")),
        (PERCENT, "-2.5", Decimal("-2.5")),
        (PLAIN, "二百八十", 280),
    ],
)
def test_typed_amounts(measure, typed, value):
    assert measure.parse(typed) == value


@pytest.mark.parametrize("typed", ["", "  ", "abc", "1.2.3", "约七千", "85美元", "万"])
def test_text_that_is_not_an_amount_is_refused_in_chinese(typed):
    with pytest.raises(AmountError) as caught:
        YI_YUAN.parse(typed)
    assert "数值" in str(caught.value)


MEASURES = [YI_YUAN, WAN_REN, WAN_KW, WAN_RENCI, POINTS, PERCENT, PLAIN, Measure("", "万")]


@given(
    st.sampled_from(MEASURES),
    st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=4, allow_nan=False),
)
def test_every_stored_value_round_trips_through_display_and_input(measure, value):
    assert measure.parse(measure.show(value)) == value
    assert measure.parse(measure.field_text(value)) == value
