"""Header and closing of a notice: title, 文号, 索引号, issuer, date, addressees,
plan title, reporting clause."""

import pytest

from duban.docparse import parse_text
from duban.docparse.meta import extract_reporting, parse_date
from duban.docparse.normalize import fold

NOTICE = """某省人民政府办公厅关于印发某省推动经济稳进提质若干措施的通知
索 引 号：11320000-2-02/2022-0615002
某政办发〔2022〕35号
各设区市人民政府，省各委办厅局，省各直属单位：
《某省推动经济稳进提质若干措施》已经省人民政府同意，现印发给你们，请认真组织实施。
某省人民政府办公厅
2022年6月15日
（此件公开发布）
某省推动经济稳进提质
若干措施
一、强化财政金融支持
（一）加快预算支出进度。（责任单位：省财政厅）
各地各部门要于2022年7月10日前，将落实情况书面报送省政府办公厅督查室。
"""


def test_notice_header():
    meta = parse_text(NOTICE).meta
    assert meta.title == "某省人民政府办公厅关于印发某省推动经济稳进提质若干措施的通知"
    assert meta.doc_number == "某政办发〔2022〕35号"
    assert meta.index_number == "11320000-2-02/2022-0615002"
    assert meta.issuer == "某省人民政府办公厅"
    assert meta.published == "2022-06-15"
    assert meta.addressees == ["各设区市人民政府", "省各委办厅局", "省各直属单位"]
    assert meta.plan_title == "某省推动经济稳进提质若干措施"


def test_notice_reporting():
    rep = parse_text(NOTICE).reporting
    assert rep.deadline == "2022-07-10"
    assert rep.to == "省政府办公厅督查室"
    assert rep.channel is None


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("文  号：市政办〔2021〕8号", "市政办〔2021〕8号"),
        ("县政发[2019]3号", "县政发[2019]3号"),
        ("区委办发（2023）15号", "区委办发(2023)15号"),
        ("某政办〔 2020 〕 101 号", "某政办〔2020〕101号"),
    ],
)
def test_doc_number_brackets(line, number):
    meta = parse_text(
        f"某市人民政府关于加强安全生产工作的意见\n{line}\n各区人民政府：\n正文。\n"
    ).meta
    assert meta.doc_number == number


def test_signature_issuer_and_chinese_numeral_date():
    doc = (
        "关于开展城乡环境整治百日行动的通知\n"
        "各乡镇人民政府，县直各单位：\n"
        "现将有关事项通知如下。\n"
        "某县人民政府\n"
        "二〇二一年九月八日\n"
    )
    meta = parse_text(doc).meta
    assert meta.issuer == "某县人民政府"
    assert meta.published == "2021-09-08"
    assert meta.addressees == ["各乡镇人民政府", "县直各单位"]


def test_collective_addressees_kept_whole():
    doc = "某市人民政府办公室关于做好防汛工作的通知\n各区、县级市人民政府，市政府各部门、各直属机构：\n正文。\n"
    # Groups are split at commas; a 、 inside a group belongs to its collective name.
    assert parse_text(doc).meta.addressees == ["各区、县级市人民政府", "市政府各部门、各直属机构"]


def test_labelled_dates_and_published_fallback():
    doc = "某市人民政府关于印发某市节能降碳工作方案的通知\n发布日期：2023-04-02\n成文日期：2023-03-28\n各区人民政府：\n正文。\n"
    assert parse_text(doc).meta.published == "2023-03-28"


def test_plan_title_quoted_in_notice():
    doc = (
        "某市人民政府办公室关于印发方案的通知\n"
        "各区人民政府：\n"
        "现将《某市数字经济发展三年行动计划》印发给你们，请抓好落实。\n"
        "一、目标\n"
    )
    assert parse_text(doc).meta.plan_title == "某市数字经济发展三年行动计划"


def test_year_resolves_relative_dates():
    doc = (
        "某区人民政府办公室关于印发某区2021年重点工作方案的通知\n"
        "各街道办事处：\n"
        "某区人民政府办公室\n"
        "2021年2月1日\n"
        "某区2021年重点工作方案\n"
        "1.推进城市更新。（牵头单位：区住建局；完成时限：年底前）\n"
        "请于11月30日前将完成情况报区政府办。\n"
    )
    plan = parse_text(doc)
    assert plan.tasks[0].deadline == "2021-12-31"
    assert plan.reporting.deadline == "2021-11-30"
    assert plan.reporting.to == "区政府办"


@pytest.mark.parametrize(
    ("sentence", "deadline", "to", "channel"),
    [
        (
            "请各单位于2023年12月15日前通过督查督办平台报送市委督查室。",
            "2023-12-15",
            "市委督查室",
            "督查督办平台",
        ),
        (
            "各责任单位于每季度末前向市发展改革委报送进展情况，全年工作总结于2023年12月20日前报送。",
            "2023-12-20",
            "市发展改革委",
            None,
        ),
        (
            "请于2023年6月30日前以电子邮件形式报送至县政府办公室。",
            "2023-06-30",
            "县政府办公室",
            "电子邮件",
        ),
    ],
)
def test_reporting_forms(sentence, deadline, to, channel):
    folded = fold("正文。\n" + sentence + "\n")
    rep, span = extract_reporting(folded, 0, len(folded), 2023)
    assert (rep.deadline, rep.to, rep.channel) == (deadline, to, channel)
    assert span is not None


def test_parse_date_forms():
    assert parse_date("2020年10月30日") == "2020-10-30"
    assert parse_date("2020-10-30") == "2020-10-30"
    assert parse_date("2020.1.5") == "2020-01-05"
    assert parse_date("二〇二〇年十月三十日") == "2020-10-30"
    assert parse_date("2020年13月1日") is None


def test_reporting_rhythm_only_keeps_recipient_without_deadline():
    folded = fold(
        "正文。\n各单位于每月5日前将上月情况报县招商工作领导小组办公室（设在县商务局）。\n"
    )
    rep, _ = extract_reporting(folded, 0, len(folded), 2020)
    assert rep.deadline is None
    assert rep.to == "县招商工作领导小组办公室"


def test_reporting_channel_must_be_a_means():
    folded = fold(
        "请各责任单位于2021年12月25日前将任务完成情况经责任领导审定后报送市政府督查室。\n"
    )
    rep, _ = extract_reporting(folded, 0, len(folded), 2021)
    assert (rep.deadline, rep.to, rep.channel) == ("2021-12-25", "市政府督查室", None)


def test_plan_title_with_year_range_and_task_list_names():
    doc = (
        "某市人民政府关于印发某市产业体系三年行动计划（2022—2024年）的通知\n"
        "各区人民政府：\n"
        "现将《某市产业体系三年行动计划（2022—2024年）》印发给你们。\n"
        "某市人民政府\n"
        "2022年7月5日\n"
        "某市产业体系三年行动计划（2022—2024年）\n"
        "一、主要目标\n"
    )
    meta = parse_text(doc).meta
    assert meta.title == "某市人民政府关于印发某市产业体系三年行动计划(2022—2024年)的通知"
    assert meta.plan_title == "某市产业体系三年行动计划(2022—2024年)"
    doc = doc.replace("产业体系三年行动计划（2022—2024年）", "2023年政府工作报告重点工作任务分解")
    assert parse_text(doc).meta.plan_title == "某市2023年政府工作报告重点工作任务分解"


def test_addressees_without_commas_split_like_units():
    doc = "某县人民政府关于做好秋冬季防火工作的通知\n各乡镇人民政府、县直各单位：\n正文。\n"
    assert parse_text(doc).meta.addressees == ["各乡镇人民政府", "县直各单位"]


def test_direct_notice_signed_at_its_end_and_reporting_in_the_notice():
    body = "".join(
        f"（{n}）第{n}项工作。加强统筹，抓好落实。（责任单位：县发展改革局）\n"
        for n in "一二三四五六七八九"
    )
    doc = (
        "关于做好2022年秋冬季安全生产工作的通知\n"
        "各乡镇人民政府，县直各单位：\n"
        "现就有关事项通知如下。请于2022年12月20日前将工作开展情况报送县安委会办公室。\n"
        "一、重点工作\n" + body * 3 + "\n某县人民政府办公室\n二〇二二年十月九日\n"
    )
    plan = parse_text(doc)
    assert plan.meta.published == "2022-10-09"
    assert plan.meta.issuer == "某县人民政府办公室"
    assert plan.meta.plan_title is None
    assert (plan.reporting.deadline, plan.reporting.to) == ("2022-12-20", "县安委会办公室")


def test_title_with_trial_mark():
    doc = (
        "某市人民政府办公室关于印发某市重点工作督查督办办法（试行）的通知\n各区人民政府：\n正文。\n"
    )
    assert (
        parse_text(doc).meta.title
        == "某市人民政府办公室关于印发某市重点工作督查督办办法(试行)的通知"
    )
    doc = "某市重点工作督查督办办法（试行）\n第一章 总则\n"
    assert parse_text(doc).meta.title == "某市重点工作督查督办办法(试行)"


def test_title_below_site_navigation_and_labelled():
    nav = "".join(f"栏目{n}\n" for n in range(15))
    doc = nav + "标题：某区人民政府关于印发某区河长制工作要点的通知\n各街道办事处：\n正文。\n"
    assert parse_text(doc).meta.title == "某区人民政府关于印发某区河长制工作要点的通知"
    doc = "某市重点任务\n一、重点任务\n（一）稳定就业。（牵头单位：市人社局）\n二、保障措施\n"
    assert parse_text(doc).meta.title is None


def test_addressees_over_two_lines():
    doc = (
        "某市人民政府关于做好春节期间安全工作的通知\n"
        "各县（市、区）人民政府，市政府各部门，\n"
        "各直属机构，各人民团体：\n"
        "现将有关事项通知如下。\n"
    )
    assert parse_text(doc).meta.addressees == [
        "各县(市、区)人民政府",
        "市政府各部门",
        "各直属机构",
        "各人民团体",
    ]


def test_metadata_table_of_a_web_page():
    doc = (
        "索引号\t11350200-0-02/2021-00042\t发布机构\t某市人民政府办公室\n"
        "标题\t某市人民政府办公室关于印发某市节水行动方案的通知\n"
        "文号\t某政办〔2021〕42号\t发布日期\t2021-05-06\n"
        "各区人民政府，市直各单位：\n"
        "现将《某市节水行动方案》印发给你们。\n"
        "某市人民政府办公室\n"
        "2021年5月6日\n"
        "某市节水行动方案\n"
    )
    meta = parse_text(doc).meta
    assert meta.title == "某市人民政府办公室关于印发某市节水行动方案的通知"
    assert meta.index_number == "11350200-0-02/2021-00042"
    assert meta.doc_number == "某政办〔2021〕42号"
    assert meta.published == "2021-05-06"
    assert meta.addressees == ["各区人民政府", "市直各单位"]
    assert meta.plan_title == "某市节水行动方案"


def test_labelled_deadline_is_no_signature_date():
    doc = (
        "某市人民政府办公室关于印发第二批市长督办事项的通知\n"
        "各区人民政府：\n"
        "一、加快医院建设\n"
        "承办单位：市卫生健康委\n"
        "办结时限：2022年12月31日\n"
        "某市人民政府办公室\n"
        "2022年6月28日\n"
    )
    meta = parse_text(doc).meta
    assert meta.published == "2022-06-28"
