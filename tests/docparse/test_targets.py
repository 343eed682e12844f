"""Quantitative targets in task text: what is a target, its value, unit, comparator,
name, subject and deadline. Snippets come from the genre (many regions' phrasing),
not only from the seed."""

import dataclasses
import random
import time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.docparse import parse_text
from duban.docparse.normalize import fold
from duban.docparse.numbers import to_float
from duban.docparse.targets import cell_indicator
from duban.docparse.targets import extract_indicators as exact_indicators


def as_contract(ind):
    """The indicator with its values as the JSON contract shows them (numbers):
    the expectations below are written that way."""
    if ind is None:
        return None
    return dataclasses.replace(
        ind,
        value=None if ind.value is None else to_float(ind.value),
        value_max=None if ind.value_max is None else to_float(ind.value_max),
    )


def extract_indicators(*args, **kwargs):
    return [as_contract(i) for i in exact_indicators(*args, **kwargs)]


def extract(text: str, year: int = 2020):
    return extract_indicators(text, fold(text), 0, len(text), year=year)


def test_values_are_exact_decimals():
    text = "新增就业1.3万人,城镇登记失业率控制在3.5%以内。"
    found = exact_indicators(text, fold(text), 0, len(text), year=2020)
    assert [i.value for i in found] == [Decimal("13000"), Decimal("3.5")]
    assert all(isinstance(i.value, Decimal) for i in found)


def brief(text: str, year: int = 2020):
    return [(i.value, i.unit, i.op) for i in extract(text, year)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # comparators
        ("失业率控制在3.5%以内。", [(3.5, "%", "<=")]),
        ("城镇登记失业率控制在4.5%以内", [(4.5, "%", "<=")]),
        ("PM2.5平均浓度控制在35微克/立方米以内", [(35.0, "微克/立方米", "<=")]),
        ("全市PM2.5平均浓度降至32微克/立方米以下", [(32.0, "微克/立方米", "<=")]),
        ("企业开办时间压缩至2天以内", [(2.0, "天", "<=")]),
        ("资产负债率不超过60%", [(60.0, "%", "<=")]),
        ("全市地区生产总值增长6.5%左右", [(6.5, "%", "≈")]),
        ("蔬菜产量保持在0.8万吨左右", [(8000.0, "吨", "≈")]),
        ("粮食播种面积稳定在38.8万亩以上", [(388000.0, "亩", ">=")]),
        ("确保劳动合同签订率95%以上", [(95.0, "%", ">=")]),
        ("其中新开工项目不少于四十个", [(40.0, "个", ">=")]),
        ("生态环境信访投诉办结率不低于98%", [(98.0, "%", ">=")]),
        ("新增光伏装机突破20万千瓦", [(200000.0, "千瓦", ">=")]),
        ("确保高校毕业生总体就业率达到87%", [(87.0, "%", ">=")]),
        # counts and amounts to reach
        ("新建改建农村公路1200公里", [(1200.0, "公里", ">=")]),
        ("确保全年城镇新增就业1.3万人", [(13000.0, "人", ">=")]),
        ("力争年内建成280个5G基站", [(280.0, "个", ">=")]),
        ("完成投资52.1亿元", [(5210000000.0, "元", ">=")]),
        ("新增并网容量235万千瓦", [(2350000.0, "千瓦", ">=")]),
        ("提高2个百分点", [(2.0, "个百分点", ">=")]),
        ("重点监测企业产能利用率达到百分之九十一点五以上", [(91.5, "%", ">=")]),
        ("开展企业职工技能培训一万二千人次", [(12000.0, "人次", ">=")]),
        ("完成工业投资五十二点一亿元", [(5210000000.0, "元", ">=")]),
        ("全年为市场主体减税降费12亿元以上\t市税务局", [(1200000000.0, "元", ">=")]),
        # growth and decline keep >= with the verb in the name
        ("确保四季度铁路运输货物发送量增长23%", [(23.0, "%", ">=")]),
        ("单位地区生产总值能耗下降3.2%", [(3.2, "%", ">=")]),
        ("“三公”经费压减3%左右", [(3.0, "%", "≈")]),
        # ranges
        ("力争在境外设立1—2个海西特色产品销售网点", [(1.0, "个", "between")]),
        ("新引进2-3个百亿级产业项目", [(2.0, "个", "between")]),
        ("新建1至2个示范园区", [(1.0, "个", "between")]),
        ("新增中小学学位1—2万个", [(10000.0, "个", "between")]),
        # valueless
        ("确保旅游总收入由负转正", [(None, None, "turn_positive")]),
        ("零就业家庭动态清零", [(None, None, "zero")]),
        ("农民工工资拖欠问题全部清零", [(None, None, "zero")]),
    ],
)
def test_values_units_comparators(text, expected):
    assert brief(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # numbers inside project names
        "加快推进德令哈众控13.5万千瓦塔式光热发电、诚通格尔木400MWh储能电站等项目前期工作",
        "中信国安年产2万吨电池级碳酸锂技改项目和西台吉乃尔湖防洪工程",
        "施丹弗年产15000吨分散材料和5000吨阳离子染料建设项目",
        "中金轻冶年产两万吨多金属冶炼项目",
        "加快推进格尔木10万头生猪养殖基地、德令哈10万头牦牛养殖基地、天峻10万羽草原鸡养殖",
        "国网时代1GW/H格尔木储能电站",
        "推进第二个千万千瓦级清洁能源基地项目",
        "推进雁岭抽水蓄能电站(装机120万千瓦)前期工作",
        "加快推进云岭至澜江高速公路(全长128公里)建设",
        # policy terms
        "细化落实第二轮土地承包到期后再延长30年的具体政策措施",
        "按照不超过6个月的补贴期限给予岗位补贴和社会保险补贴",
        "对新认定的企业给予一次性奖励50万元",
        "发放一次性生活补贴每人500元",
        "将面向小微企业的价格扣除比例提高至10%—20%",
        # counts describing what exists
        "加大督促州内21户注册地总专包建筑企业在州内实施项目的“应统尽统”",
        "全市现已建成5G基站800个",
        "去年完成投资30亿元",
        # years, plans, ordinals, list words, document numbers
        "为2021年工作开好局打基础",
        "谋划“十四五”规划,扎实推进三年行动",
        "全面做好“六稳”工作,坚决打赢“三大攻坚战”",
        "结合国务院第七次大督查各项工作要求",
        "西政办〔2020〕91号",
        "以海西州城镇贫困人口“12+8+N”政策为依托",
        "有序推进5G商用网络部署,积极推进IPV6规模部署",
        "一是保市场主体。二是抓好就业增收。",
        "打造一批特色扶贫产业,推进“三个一批”行动",
        "大力推进三个网络课堂项目",
        "千方百计稳定和扩大就业",
        "通过“710”政务督办系统报送",
        "认真梳理前三季度工作推进情况",
    ],
)
def test_not_targets(text):
    assert extract(text) == []


def test_list_after_a_verb_continues_and_stops_at_a_name():
    found = extract("继续做好9600吨州级储备粮、585吨市(县)级储备粮以及1161吨州级临储粮的储备工作")
    assert [(i.value, i.unit, i.name) for i in found] == [
        (9600.0, "吨", "州级储备粮"),
        (585.0, "吨", "市(县)级储备粮"),
        (1161.0, "吨", "州级临储粮"),
    ]


def test_distribution_over_subjects():
    text = (
        "德令哈、格尔木两市空气质量优良率分别达到91.5%、91.6%以上,"
        "PM2.5平均浓度同比分别下降5.9%、16.7%。"
    )
    found = extract(text)
    assert [(i.subject, i.name, i.value, i.op) for i in found] == [
        ("德令哈", "空气质量优良率", 91.5, ">="),
        ("格尔木", "空气质量优良率", 91.6, ">="),
        ("德令哈", "PM2.5平均浓度同比下降", 5.9, ">="),
        ("格尔木", "PM2.5平均浓度同比下降", 16.7, ">="),
    ]
    assert found[0].text == "德令哈、格尔木两市空气质量优良率分别达到91.5%、91.6%以上"


def test_distribution_over_places_takes_the_measure_just_named():
    found = extract("全市地区生产总值增长6.5%左右,其中湖滨区、新港区分别增长7%、7.5%。")
    assert [(i.subject, i.name, i.value, i.op) for i in found] == [
        (None, "地区生产总值增长", 6.5, "≈"),
        ("湖滨区", "地区生产总值增长", 7.0, ">="),
        ("新港区", "地区生产总值增长", 7.5, ">="),
    ]


def test_distribution_over_names():
    found = extract("城镇和农村居民人均可支配收入、一般公共预算收入分别增长7%、8%")
    assert [(i.value, i.subject) for i in found] == [(7.0, None), (8.0, None)]
    assert found[1].name == "一般公共预算收入增长"


def test_shared_value_gives_one_target_per_name():
    found = extract("确保商品房销售面积和房地产从业人员劳动报酬增长8%。")
    assert [(i.name, i.value, i.unit, i.op) for i in found] == [
        ("商品房销售面积增长", 8.0, "%", ">="),
        ("房地产从业人员劳动报酬增长", 8.0, "%", ">="),
    ]


def test_names_raw_text_and_spans():
    text = (
        "三是保就业。确保全年城镇新增就业1.3万人,农牧区劳动力转移就业8万人次,失业率控制在3.5%以内。"
    )
    found = extract(text)
    assert [(i.name, i.raw, i.text) for i in found] == [
        ("城镇新增就业", "1.3万人", "确保全年城镇新增就业1.3万人"),
        ("农牧区劳动力转移就业", "8万人次", "农牧区劳动力转移就业8万人次"),
        ("失业率", "3.5%", "失业率控制在3.5%以内"),
    ]
    for ind in found:
        assert text[ind.span[0] : ind.span[1]] == ind.text


def test_spans_are_in_text_coordinates_with_an_offset():
    prefix = "(一)常态化抓好疫情防控。"
    text = prefix + "确保劳动合同签订率95%以上。"
    found = extract_indicators(text, fold(text), len(prefix), len(text), year=2020)
    assert len(found) == 1
    assert text[found[0].span[0] : found[0].span[1]] == "确保劳动合同签订率95%以上"


def test_full_width_text_gives_folded_strings():
    text = "失业率控制在３．５％以内，城镇新增就业１．３万人。"
    found = extract(text)
    assert [(i.value, i.unit, i.raw, i.text) for i in found] == [
        (3.5, "%", "3.5%", "失业率控制在3.5%以内"),
        (13000.0, "人", "1.3万人", "城镇新增就业1.3万人"),
    ]


def test_deadlines_per_target():
    text = (
        "推进清洁能源基地项目,年内建成新能源项目30个,新增并网容量235万千瓦。"
        "项目10月底之前必须开工建设,年内完成70%以上工程量。"
        "确保四季度铁路运输货物发送量增长23%。"
        "对6月30日前购车的个人消费者给予补贴,全年新能源汽车销量达到2.5万辆。"
    )
    assert [(i.value, i.deadline) for i in extract(text)] == [
        (30.0, "2020-12-31"),
        (2350000.0, "2020-12-31"),
        (70.0, "2020-12-31"),
        (23.0, None),  # the quarter a growth is measured over, not a deadline
        (25000.0, None),  # the date belongs to the subsidy condition
    ]


def test_deadline_to_a_later_year():
    found = extract("到2024年三大产业集群产值达到1800亿元", year=2022)
    assert [(i.value, i.deadline) for i in found] == [(180000000000.0, "2024-12-31")]


def test_list_values_share_the_last_unit():
    found = extract("两市空气质量优良率分别达到91.5、91.6%以上")
    assert [(i.value, i.unit, i.op) for i in found] == [(91.5, "%", ">="), (91.6, "%", ">=")]


def test_numbers_in_quotes_are_not_targets_but_the_count_before_is():
    found = extract("力争年内创建3个“全国综合减灾示范社区”")
    assert [(i.value, i.name) for i in found] == [(3.0, "全国综合减灾示范社区")]


def test_random_input_never_takes_a_second():
    """The one timed property the project allows: no input makes the extractor hang."""
    rng = random.Random(20201030)
    alphabet = (
        "0123456789.,%、和及至—-~万亿千百十一二两三四五六七八九零〇点个人次元亩吨千瓦"
        "以上以内左右不超过达到增长下降分别由负转正清零年月日底前内季度上半年“”()《》,;。\n\t"
        "建成完成新增培育项目工程等德令哈市县"
    )
    for _ in range(3):
        text = "".join(rng.choice(alphabet) for _ in range(100_000))
        started = time.perf_counter()
        extract(text)
        assert time.perf_counter() - started < 1.0
    for chunk in ("1" * 50_000 + "万", "分别" * 30_000, "、" * 60_000 + "5%", "一" * 80_000):
        started = time.perf_counter()
        extract(chunk)
        assert time.perf_counter() - started < 1.0


def test_bare_change_measures_what_was_just_named():
    found = extract("全市一般公共预算收入完成120亿元,增长6%。")
    assert [(i.name, i.value, i.unit) for i in found] == [
        ("一般公共预算收入完成", 12000000000.0, "元"),
        ("一般公共预算收入增长", 6.0, "%"),
    ]


def test_distribution_over_targets_just_named():
    found = extract("全年接待游客1000万人次、实现旅游收入100亿元,分别增长15%、20%。")
    assert [(i.name, i.value) for i in found] == [
        ("接待游客", 10000000.0),
        ("旅游收入", 10000000000.0),
        ("接待游客增长", 15.0),
        ("旅游收入增长", 20.0),
    ]


def test_starting_value_is_neither_target_nor_name():
    found = extract("将审批时限由20个工作日压缩至10个工作日。")
    assert [(i.name, i.value, i.unit, i.op) for i in found] == [
        ("审批时限", 10.0, "个工作日", "<=")
    ]
    assert [i.name for i in extract("比2020年下降13.5%。")] == ["比2020年下降"]


def test_a_class_in_a_counted_name_is_not_a_target():
    assert brief("新建110千伏变电站3座。") == [(3.0, "座", ">=")]
    assert brief("完成10千伏及以下农网改造线路86公里") == [(86.0, "公里", ">=")]
    assert brief("新创建4A级景区2家") == [(2.0, "家", ">=")]


def test_table_cells_joined_by_spaces_are_separate_phrases():
    found = extract("新增公办幼儿园学位6000个 公办园在园幼儿占比达到52%")
    assert [(i.name, i.value, i.unit) for i in found] == [
        ("新增公办幼儿园学位", 6000.0, "个"),
        ("公办园在园幼儿占比", 52.0, "%"),
    ]


def test_per_capita_ratios_and_approximations():
    assert brief("每千人口拥有执业(助理)医师达到3.2人") == [(3.2, "人", ">=")]
    assert brief("开展“两癌”免费筛查近1.5万人次") == [(15000.0, "人次", "≈")]
    assert brief("县级领导带队外出招商不少于20批次") == [(20.0, "批次", ">=")]
    assert brief("举办节庆活动不少于10场次") == [(10.0, "场次", ">=")]


def test_staged_deadlines():
    found = extract("确保6月底前完成30%,9月底前完成70%,年底前全部完成。", year=2021)
    assert [(i.value, i.deadline) for i in found] == [(30.0, "2021-06-30"), (70.0, "2021-09-30")]


def test_places_inside_a_breakdown_are_subjects():
    found = extract("全州规模以上工业增加值增长7.5%,其中德令哈市增长8%、格尔木市增长9%。")
    assert [(i.subject, i.name, i.value) for i in found] == [
        (None, "规模以上工业增加值增长", 7.5),
        ("德令哈市", "规模以上工业增加值增长", 8.0),
        ("格尔木市", "规模以上工业增加值增长", 9.0),
    ]


def test_three_subjects_with_a_count():
    found = extract("A县、B县、C县三县分别新建幼儿园2所、3所、4所。")
    assert [(i.subject, i.value, i.unit) for i in found] == [
        ("A县", 2.0, "所"),
        ("B县", 3.0, "所"),
        ("C县", 4.0, "所"),
    ]


def test_assigned_quotas_are_targets():
    found = extract(
        "确保完成省下达的5.2万人农村劳动力转移就业任务。年内完成全部120个行政村的通硬化路建设。"
    )
    assert [(i.name, i.value, i.unit) for i in found] == [
        ("农村劳动力转移就业", 52000.0, "人"),
        ("行政村", 120.0, "个"),
    ]


def test_ascii_quotes_hide_their_numbers():
    assert brief('实施"百村示范、3个村整治"工程,新建公厕20座。') == [(20.0, "座", ">=")]


_TOKENS = [
    "确保", "力争", "年内", "完成投资", "新增", "建成", "城镇新增就业", "失业率", "控制在", "达到",
    "增长", "下降", "分别", "由负转正", "动态清零", "以上", "以内", "左右", "不超过", "不少于",
    "德令哈、格尔木两市", "其中", "和", "、", ",", "，", "。", ";", "\n", "\t", " ", "“", "”", "(",
    ")", "1.3万人", "52.1亿元", "3.5%", "91.5%", "1—2个", "280个", "5G基站", "百分之九十一点五",
    "两万吨", "年产", "13.5万千瓦", "10月底之前", "2020年", "第", "每", "的", "等", "项目",
]  # fmt: skip


@given(st.lists(st.sampled_from(_TOKENS), max_size=80), st.integers(0, 5))
def test_every_target_points_at_its_own_words(tokens, pad):
    text = "前言。" * pad + "".join(tokens)
    start = len("前言。" * pad)
    folded = fold(text)
    for ind in extract_indicators(text, folded, start, len(text), year=2020):
        s, e = ind.span
        assert start <= s < e <= len(text)
        assert folded[s:e] == ind.text
        assert ind.raw and ind.raw in folded
        if ind.op in ("turn_positive", "zero"):
            assert ind.value is None and ind.unit is None
        else:
            assert ind.value is not None and ind.unit
            assert ind.raw in ind.text
        if ind.op == "between":
            assert ind.value_max is not None and ind.value_max > ind.value
        assert ind.op in (">=", "<=", "=", "≈", "between", "turn_positive", "zero")


def test_table_rows_give_names_values_and_deadlines():
    text = (
        "序号\t指标\t目标值\t责任单位\t完成时限\n"
        "1\t城镇新增就业\t≥4.2万人\t市人社局\t2023年底\n"
        "2\t城镇调查失业率\t≤5.5%\t市人社局\t2023年9月底前\n"
        "3\t居民人均可支配收入增长\t6%-7%\t市统计局\t长期坚持\n"
    )
    found = extract(text, year=2023)
    assert [(i.name, i.op, i.value, i.value_max, i.unit, i.deadline) for i in found] == [
        ("城镇新增就业", ">=", 42000.0, None, "人", "2023-12-31"),
        ("城镇调查失业率", "<=", 5.5, None, "%", "2023-09-30"),
        ("居民人均可支配收入增长", "between", 6.0, 7.0, "%", None),
    ]


def test_shares_technical_units_and_symbols():
    assert brief("完成入河排污口整治任务的90%以上") == [(90.0, "%", ">=")]
    assert brief("算力规模达到500PFlops") == [(500.0, "PFlops", ">=")]
    assert brief("万元GDP能耗≤0.45吨标准煤") == [(0.45, "吨标准煤", "<=")]


def test_approximate_counts_verbs_after_shares_and_all_of_a_list():
    found = extract("培训农民工1000余人次,新增30多个示范点。实现行政村5G网络100%覆盖。")
    assert [(i.name, i.value, i.unit, i.raw) for i in found] == [
        ("培训农民工", 1000.0, "人次", "1000余人次"),
        ("示范点", 30.0, "个", "30多个"),
        ("行政村5G网络覆盖", 100.0, "%", "100%"),
    ]
    found = extract("确保综合治理率、回收率和处置率均达到90%以上。")
    assert [(i.name, i.value, i.op) for i in found] == [
        ("综合治理率", 90.0, ">="),
        ("回收率", 90.0, ">="),
        ("处置率", 90.0, ">="),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "落实三项措施",
        "实施四项工程",
        "坚持“外防输入、内防反弹”总策略和“动态清零”总方针",
        "坚持动态清零总方针不动摇",
    ],
)
def test_named_measures_and_policies_are_not_targets(text):
    assert extract(text) == []


def test_zero_and_turn_positive_names():
    found = extract("完成包虫病手术“清零”任务,实现存量问题全部清零,确保工业投资增速由负转正。")
    assert [(i.name, i.op, i.value) for i in found] == [
        ("包虫病手术", "zero", None),
        ("存量问题", "zero", None),
        ("工业投资增速", "turn_positive", None),
    ]


def test_stated_values_and_more_measure_words():
    assert brief("城镇调查失业率为5.5%") == [(5.5, "%", "=")]
    assert brief("较大以上事故起数不超过3起") == [(3.0, "起", "<=")]
    assert brief("群众满意度达到90分以上") == [(90.0, "分", ">=")]
    assert brief("一般事项办理时限30分钟以内") == [(30.0, "分钟", "<=")]


def test_names_take_words_from_their_neighbours():
    found = extract("年内新增高新技术企业5家、科技型企业15家。")
    assert [i.name for i in found] == ["新增高新技术企业", "新增科技型企业"]
    found = extract("积极推动A光伏、B储能电站等能源项目,力争完成投资22亿元。")
    assert [(i.name, i.value) for i in found] == [("能源项目完成投资", 2200000000.0)]
    found = extract(
        "甲项目、乙项目、丙项目、丁项目、戊项目、己项目等重点产业项目完成投资52.1亿元。"
    )
    assert [(i.name, i.text) for i in found] == [
        ("重点产业项目完成投资", "等重点产业项目完成投资52.1亿元")
    ]


def test_listed_names_share_their_tail_and_bare_names_their_neighbour():
    found = extract("化肥、农药使用量较上年分别减少2%、3%。")
    assert [i.name for i in found] == ["化肥使用量较上年减少", "农药使用量较上年减少"]
    found = extract("城镇和农村居民人均可支配收入分别增长7%、8%")
    assert [i.name for i in found] == ["城镇居民人均可支配收入增长", "农村居民人均可支配收入增长"]
    found = extract("县域内就诊率确保达到88%、力争达到90%。")
    assert [(i.name, i.value) for i in found] == [("县域内就诊率", 88.0), ("县域内就诊率", 90.0)]
    found = extract("技术合同成交额年均增长20%以上,到2023年突破100亿元。", year=2021)
    assert [(i.name, i.deadline) for i in found] == [
        ("技术合同成交额年均增长", None),
        ("技术合同成交额", "2023-12-31"),
    ]


@pytest.mark.parametrize(
    "sentence, value, unit",
    [
        ("企业间转移登记实现1个工作日办结。", 1, "个工作日"),
        ("个人申请事项实现3天内办结。", 3, "天"),
    ],
)
def test_time_limit_is_a_ceiling(sentence, value, unit):
    folded = fold(sentence)
    found = extract_indicators(sentence, folded, 0, len(sentence), year=2023)
    assert [(i.op, i.value, i.unit) for i in found] == [("<=", value, unit)]


def test_duration_without_a_limit_verb_stays_a_floor():
    sentence = "开展技能培训10天。"
    folded = fold(sentence)
    found = extract_indicators(sentence, folded, 0, len(sentence), year=2023)
    assert [(i.op, i.value, i.unit) for i in found] == [(">=", 10, "天")]


def test_breakdown_by_place_after_qizhong_carries_the_place():
    found = extract("全年实施产业项目260个,其中:东区120个、西区80个、高新区60个。", year=2023)
    assert [(i.name, i.subject, i.value) for i in found] == [
        ("产业项目", None, 260.0),
        ("产业项目", "东区", 120.0),
        ("产业项目", "西区", 80.0),
        ("产业项目", "高新区", 60.0),
    ]
    found = extract("新增城镇就业1.2万人,其中,东城区新增0.5万人、西城区新增0.4万人。")
    assert [(i.name, i.subject, i.value) for i in found] == [
        ("新增城镇就业", None, 12000.0),
        ("新增城镇就业", "东城区", 5000.0),
        ("新增城镇就业", "西城区", 4000.0),
    ]
    # A breakdown by class is no breakdown by place.
    found = extract("培育示范园区10个,其中省级示范区3个。")
    assert [i.subject for i in found] == [None, None]


@pytest.mark.parametrize(
    ("cell", "measure", "expected"),
    [
        ("135", "亿元", (">=", 13500000000.0, None, "元")),
        ("1.2", "万人", (">=", 12000.0, None, "人")),
        ("≤5.5", "%", ("<=", 5.5, None, "%")),
        ("6-7", "%", ("between", 6.0, 7.0, "%")),
        ("90以上", "%", (">=", 90.0, None, "%")),
        ("1.3", "", (">=", 1.3, None, None)),
        ("持续改善", "%", None),
    ],
)
def test_value_cell_with_its_measure_in_another_column(cell, measure, expected):
    row = f"1\t某指标\t{measure}\t{cell}\t某局"
    a = row.index(cell, 4 + len(measure))
    found = as_contract(cell_indicator(fold(row), "某指标", (a, a + len(cell)), measure))
    got = found and (found.op, found.value, found.value_max, found.unit)
    assert got == expected


def test_indicator_table_with_a_measure_column():
    # 单位 is the measure of 目标值, not a responsible unit.
    doc = (
        "某县主要指标计划\n"
        "序号\t指标名称\t单位\t目标值\t牵头单位\t配合单位\n"
        "1\t固定资产投资\t亿元\t135\t县发改局\t县统计局\n"
        "2\t城镇调查失业率\t%\t≤5.5\t县人社局\t县统计局\n"
    )
    tasks = parse_text(doc).tasks
    assert [t.lead_units for t in tasks] == [["县发改局"], ["县人社局"]]
    assert [[(i.name, i.op, i.value, i.unit, i.text) for i in t.indicators] for t in tasks] == [
        [("固定资产投资", ">=", 13500000000.0, "元", "135")],
        [("城镇调查失业率", "<=", 5.5, "%", "≤5.5")],
    ]


def test_indicator_table_with_the_measure_in_the_name():
    doc = (
        "某县主要指标计划\n"
        "序号\t指标名称\t目标值\t牵头单位\t配合单位\n"
        "1\t固定资产投资(亿元)\t135\t县发改局\t县统计局\n"
        "2\t城镇新增就业（万人）\t≥1.2\t县人社局\t\n"
    )
    tasks = parse_text(doc).tasks
    assert [[(i.name, i.op, i.value, i.unit) for i in t.indicators] for t in tasks] == [
        [("固定资产投资", ">=", 13500000000.0, "元")],
        [("城镇新增就业", ">=", 12000.0, "人")],
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A ratio held to a bound has no measure word: still a target (unit None).
        ("新建数据中心电能利用效率(PUE)不高于1.3(牵头单位:市大数据局)。", [(1.3, None, "<=")]),
        ("基尼系数控制在0.4以内。", [(0.4, None, "<=")]),
        ("综合容积率不低于1.2,绿地率达到30%。", [(1.2, None, ">="), (30.0, "%", ">=")]),
        # …but a bare number without a named measure, or a code, is not.
        ("确保不超过3,力争2。", []),
        ("第3批次不少于2。", []),
        ("项目编号不超过2023。", []),
    ],
)
def test_dimensionless_ratio_with_a_bound(text, expected):
    assert brief(text) == expected


def test_name_leaves_out_the_number_of_the_item():
    found = extract("2.新增停车位500个。\n(3)培训农民1000人。\n①改造小区20个。")
    assert [i.name for i in found] == ["新增停车位", "培训农民", "改造小区"]
