"""Deadline expressions resolved against the document's year."""

import pytest

from duban.docparse import dates


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("2020年12月21日前", "2020-12-21"),
        ("于2020年12月21日前报送", "2020-12-21"),
        ("12月21日前", "2020-12-21"),
        ("10月底之前", "2020-10-31"),
        ("10月底前", "2020-10-31"),
        ("10月末", "2020-10-31"),
        ("年内", "2020-12-31"),
        ("年底前", "2020-12-31"),
        ("年底", "2020-12-31"),
        ("年末", "2020-12-31"),
        ("今年底前", "2020-12-31"),
        ("明年6月底前", "2021-06-30"),
        ("四季度", "2020-12-31"),
        ("第四季度", "2020-12-31"),
        ("一季度末", "2020-03-31"),
        ("第三季度", "2020-09-30"),
        ("上半年", "2020-06-30"),
        ("下半年", "2020-12-31"),
        ("2021年6月底前", "2021-06-30"),
        ("2021年底前", "2021-12-31"),
        ("2021年上半年", "2021-06-30"),
        ("6月底", "2020-06-30"),
        ("2月底", "2020-02-29"),
        ("12月中旬", "2020-12-20"),
        ("12月上旬", "2020-12-10"),
        ("12月下旬", "2020-12-31"),
        ("10月初", "2020-10-10"),
        ("十二月二十一日", "2020-12-21"),
        ("二〇二一年三月底", "2021-03-31"),
        ("2020-12-21", "2020-12-21"),
        ("2020.6.30", "2020-06-30"),
        ("6月30号前", "2020-06-30"),
        ("2021年", "2021-12-31"),
        ("长期坚持", None),
        ("持续推进", None),
        ("3年内", None),
        ("三年内", None),
        ("", None),
        ("2月30日", None),
    ],
)
def test_resolve(expr, expected):
    assert dates.resolve(expr, year=2020) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("确保年内建筑业增加值增长5%", ("2020-12-31", "年内")),
        ("项目10月底之前必须开工建设", ("2020-10-31", "10月底之前")),
        ("请于2020年12月21日前报送", ("2020-12-21", "2020年12月21日前")),
        ("于四季度完成", ("2020-12-31", "四季度")),
        ("四季度末前完成", ("2020-12-31", "四季度末前")),
        ("10月1日至12月31日开展", ("2020-12-31", "10月1日至12月31日")),
        # a bare year is an adjective; the real deadline comes later
        ("2019年已下达政府投资项目年内必须完工", ("2020-12-31", "年内")),
        ("2020年中央预算内项目10月底之前必须开工", ("2020-10-31", "10月底之前")),
        # the quarter a figure is measured over is not a deadline
        ("确保四季度铁路运输货物发送量增长23%", None),
        ("第四季度是全年工作的收官阶段", None),
        ("认真梳理前三季度工作推进情况", None),
        ("每季度末报送", None),
        ("3年内完成", None),
        ("统一月度调度", None),
        ("10月份以来", None),
        ("谋划“十四五”", None),
        ("开展三年行动", None),
        ("西政办〔2020〕91号", None),
        ("01507828-1-30/2020-1030001", None),
    ],
)
def test_find_deadline(text, expected):
    found = dates.find_deadline(text, 0, len(text), year=2020)
    if expected is None:
        assert found is None
    else:
        date, (start, end) = found
        assert (date, text[start:end]) == expected


def test_find_deadline_respects_bounds():
    text = "年内完成。10月底前开工"
    date, span = dates.find_deadline(text, 5, len(text), year=2021)
    assert date == "2021-10-31"
    assert span == (5, 10)


def test_find_deadlines_lists_all_in_order():
    text = "2019年项目年内完工,10月底之前开工"
    assert [d for d, _ in dates.find_deadlines(text, 0, len(text), year=2020)] == [
        "2020-12-31",
        "2020-10-31",
    ]
