"""Outline: numbering hierarchy, titles, tasks vs groups, subtasks."""

from pathlib import Path

import pytest

from duban.docparse import parse_text
from duban.docparse.normalize import fold
from duban.docparse.outline import build, cn_int, inline_series, lead_sentences, walk
from duban.docparse.parser import unwrap


def outline_of(text: str):
    folded = fold(text)
    return folded, build(folded, 0, len(folded))


def test_cn_int():
    assert [cn_int(s) for s in ("一", "九", "十", "十一", "二十", "二十三")] == [
        1,
        9,
        10,
        11,
        20,
        23,
    ]
    assert cn_int("十十") is None


def test_hierarchy_full_width_and_ascii_brackets():
    text = (
        "一、总体要求\n"
        "坚持稳中求进。\n"
        "二、重点任务\n"
        "（一）推进产业升级\n"
        "1．培育先进制造业集群。\n"
        "2、发展现代服务业。\n"
        "(二)扩大有效投资\n"
        "（1）加快重大项目建设。\n"
        "①抓好前期工作。\n"
        "②加快施工进度。\n"
        "（2）用好专项债券。\n"
        "三、保障措施\n"
    )
    _, roots = outline_of(text)
    keys = [n.key for n in walk(roots)]
    assert keys == [
        "一",
        "二",
        "二.(一)",
        "二.(一).1",
        "二.(一).2",
        "二.(二)",
        "二.(二).(1)",
        "二.(二).(1).①",
        "二.(二).(1).②",
        "二.(二).(2)",
        "三",
    ]
    titles = [n.title for n in walk(roots)]
    assert titles[3] == "培育先进制造业集群"
    assert titles[6] == "加快重大项目建设"


def test_heading_with_body_on_one_line_title_is_first_sentence():
    _, roots = outline_of("（一）常态化做好疫情防控。密切关注疫情形势，抓好各项措施。\n")
    assert roots[0].title == "常态化做好疫情防控"
    assert not roots[0].heading_only


def test_heading_with_colon_lead():
    _, roots = outline_of("（三）加强组织领导：各区要建立工作专班。\n")
    assert roots[0].title == "加强组织领导"


def test_numbers_in_body_lines_are_not_items():
    text = (
        "一、主要目标\n"
        "3.5%以内的调查失业率目标要确保实现。\n"
        "2020.10.30前完成摸底。\n"
        "5.加强统筹。\n"
        "二、重点任务\n"
    )
    _, roots = outline_of(text)
    assert [n.key for n in walk(roots)] == ["一", "二"]


def test_inline_series_shi_and_di():
    folded = fold("加快发展。一是培育市场主体。加大扶持。二是稳定就业，做好培训。三是扩大消费。")
    items = inline_series(folded, 0, len(folded))
    assert [(i.label, i.title) for i in items] == [
        ("一是", "培育市场主体"),
        ("二是", "稳定就业"),
        ("三是", "扩大消费"),
    ]
    folded = fold("第一，完善制度体系。第二，强化督促检查。")
    items = inline_series(folded, 0, len(folded))
    assert [(i.label, i.title) for i in items] == [
        ("第一", "完善制度体系"),
        ("第二", "强化督促检查"),
    ]


def test_inline_series_needs_a_run():
    folded = fold("主要工作有三是不够的。二是说明。")
    assert inline_series(folded, 0, len(folded)) == []


def test_lead_sentences():
    folded = fold(
        "巩固脱贫成果。做好监测帮扶，防止返贫。打好蓝天保卫战。加强大气污染治理，推进减排。"
    )
    items = lead_sentences(folded, 0, len(folded))
    assert [i.title for i in items] == ["巩固脱贫成果", "打好蓝天保卫战"]
    folded = fold("密切关注疫情形势，抓好防控。持续开展爱国卫生运动。")
    assert lead_sentences(folded, 0, len(folded)) == []


DOC_NUMBERED_TASKS = """某市人民政府办公室关于印发某市优化营商环境三年行动方案的通知
某政办〔2021〕12号
各区人民政府，市直各部门：
《某市优化营商环境三年行动方案》已经市政府同意，现印发给你们，请认真贯彻执行。
某市人民政府办公室
2021年3月5日
某市优化营商环境三年行动方案
为持续优化营商环境，制定本方案。
一、工作目标
到2021年底，营商环境明显改善。
二、重点任务
（一）提升政务服务效能
1.推进“一网通办”。实现政务服务事项全程网办。（牵头单位：市政务服务局；责任单位：市直各部门）
2.压减审批时限。企业开办时间压减至1个工作日以内。（牵头单位：市市场监管局；配合单位：市税务局、市公安局；完成时限：2021年6月底前）
（二）优化要素保障
1.降低用地成本。（责任单位：市自然资源局、各区人民政府）
三、保障措施
各部门要加强组织领导，确保各项任务落地见效。
"""


def test_tasks_at_numbered_level_with_groups():
    plan = parse_text(DOC_NUMBERED_TASKS)
    tasks = plan.tasks
    assert [t.key for t in tasks] == ["二.(一).1", "二.(一).2", "二.(二).1"]
    assert [t.title for t in tasks] == ["推进“一网通办”", "压减审批时限", "降低用地成本"]
    assert [t.group for t in tasks] == ["提升政务服务效能", "提升政务服务效能", "优化要素保障"]
    assert tasks[0].lead_units == ["市政务服务局"]
    assert tasks[0].co_units == ["市直各部门"]
    assert tasks[1].lead_units == ["市市场监管局"]
    assert tasks[1].co_units == ["市税务局", "市公安局"]
    assert tasks[1].deadline == "2021-06-30"
    assert tasks[2].lead_units == []
    assert tasks[2].co_units == ["市自然资源局", "各区人民政府"]


def test_title_and_plan_title_are_not_items_and_spans_index_text():
    plan = parse_text(DOC_NUMBERED_TASKS)
    for task in plan.tasks:
        a, b = task.span
        assert plan.text[a:b].startswith(task.key.rsplit(".", 1)[-1])
        assert plan.text[b - 1] in "）)"
    assert plan.meta.plan_title == "某市优化营商环境三年行动方案"


def test_heading_lines_and_label_lines():
    doc = (
        "关于印发某县农村人居环境整治工作方案的通知\n"
        "一、重点任务\n"
        "（一）农村垃圾治理\n"
        "建立村收集、镇转运、县处理体系，年底前实现行政村全覆盖。\n"
        "牵头单位：县住建局\n"
        "责任单位：各乡镇人民政府\n"
        "完成时限：2022年12月底前\n"
        "（二）厕所革命\n"
        "新建改建农村户厕2000座。\n"
        "牵头单位：县农业农村局\n"
        "责任单位：县卫健局、各乡镇人民政府\n"
        "二、工作要求\n"
        "各乡镇要高度重视。\n"
    )
    plan = parse_text(doc)
    assert [t.title for t in plan.tasks] == ["农村垃圾治理", "厕所革命"]
    assert plan.tasks[0].deadline == "2022-12-31"
    assert plan.tasks[1].co_units == ["县卫健局", "各乡镇人民政府"]
    a, b = plan.tasks[1].span
    assert plan.text[a:b].endswith("各乡镇人民政府")


def test_subtasks_from_children_and_inline_series():
    doc = (
        "关于印发某区稳增长若干措施的通知\n"
        "一、稳定工业增长\n"
        "（一）支持企业扩产。一是落实电价优惠。对用电大户给予补贴。二是加强用工保障。（牵头单位：区工信局）\n"
        "（二）加快技术改造\n"
        "1.实施技改项目50个。\n"
        "2.推进智能化改造。\n"
        "（牵头单位：区工信局；责任单位：区财政局）\n"
    )
    tasks = parse_text(doc).tasks
    assert [t.key for t in tasks] == ["一.(一)", "一.(二)"]
    assert [(s.key, s.title) for s in tasks[0].subtasks] == [
        ("一.(一).一是", "落实电价优惠"),
        ("一.(一).二是", "加强用工保障"),
    ]
    assert [s.title for s in tasks[1].subtasks] == ["实施技改项目50个", "推进智能化改造"]


def test_item_without_units_is_no_task():
    doc = (
        "某市实施方案\n"
        "一、指导思想\n"
        "以习近平新时代中国特色社会主义思想为指导。\n"
        "二、主要任务\n"
        "（一）加强监测预警。（责任单位：市应急管理局）\n"
    )
    tasks = parse_text(doc).tasks
    assert [t.title for t in tasks] == ["加强监测预警"]
    assert tasks[0].group == "主要任务"


def test_task_table():
    doc = (
        "某市2023年重点工作任务分解表\n"
        "序号\t重点任务\t具体措施\t牵头单位\t责任单位\t完成时限\n"
        "1\t扩大有效投资\t新开工重点项目100个\t市发展改革委\t各区人民政府、市直有关部门\t2023年12月底前\n"
        "2\t促进消费升级\t举办消费节活动\t市商务局\t市文化旅游局，各区人民政府\t2023年10月底前\n"
        "3\t稳定外贸\t\t市商务局\t\t四季度\n"
    )
    tasks = parse_text(doc).tasks
    assert [t.title for t in tasks] == ["扩大有效投资", "促进消费升级", "稳定外贸"]
    assert tasks[0].lead_units == ["市发展改革委"]
    assert tasks[0].co_units == ["各区人民政府", "市直有关部门"]
    assert tasks[0].deadline == "2023-12-31"
    assert tasks[1].co_units == ["市文化旅游局", "各区人民政府"]
    assert tasks[1].deadline == "2023-10-31"
    assert tasks[2].lead_units == ["市商务局"]
    assert tasks[2].co_units == []


def test_task_table_with_merged_task_cell():
    doc = (
        "某县重点任务清单\n"
        "序号\t重点任务\t具体措施\t责任单位\t完成时限\n"
        "一、产业发展\n"
        "1\t壮大特色产业\t建设蔬菜基地5000亩\t县农业农村局\t2022年底前\n"
        "\t\t培育龙头企业3家\t县工信局\t2022年底前\n"
        "2\t发展乡村旅游\t创建旅游示范村2个\t县文旅局\t2022年9月底前\n"
    )
    tasks = parse_text(doc).tasks
    assert [t.title for t in tasks] == ["建设蔬菜基地5000亩", "培育龙头企业3家", "发展乡村旅游"]
    assert [t.group for t in tasks] == ["壮大特色产业", "壮大特色产业", "产业发展"]
    assert [t.co_units for t in tasks] == [["县农业农村局"], ["县工信局"], ["县文旅局"]]


def test_inline_series_items_with_their_own_units_are_tasks():
    doc = (
        "某县重点工作任务分解\n"
        "（一）全力以赴稳增长。一是抓好工业经济。规上工业增加值增长9%。"
        "（牵头领导：王明；牵头单位：县工信局；责任单位：县统计局）"
        "二是扩大有效投资。完成投资210亿元。（牵头单位：县发改局；责任单位：县财政局）\n"
    )
    tasks = parse_text(doc).tasks
    assert [(t.key, t.title, t.group) for t in tasks] == [
        ("(一).一是", "抓好工业经济", "全力以赴稳增长"),
        ("(一).二是", "扩大有效投资", "全力以赴稳增长"),
    ]
    assert tasks[0].leaders == ["王明"]
    assert tasks[1].lead_units == ["县发改局"]


def test_numbering_runs_on_across_groups():
    doc = (
        "某市措施\n"
        "一、扩大投资\n"
        "1.加快项目建设。（牵头单位：市发展改革委）\n"
        "2.用好专项债。（牵头单位：市财政局）\n"
        "二、促进消费\n"
        "3.开展促消费活动。（牵头单位：市商务局）\n"
        "三、优化环境（牵头单位：市营商环境局，下同）\n"
        "4.提升政务服务。（责任单位：市政务服务局）\n"
    )
    tasks = parse_text(doc).tasks
    assert [t.key for t in tasks] == ["一.1", "一.2", "二.3", "三.4"]
    assert tasks[3].group == "优化环境"
    assert (tasks[3].lead_units, tasks[3].co_units) == (["市营商环境局"], ["市政务服务局"])


def test_other_marker_forms():
    text = "第一章 总则\n1)适用范围。\n2)基本原则。\n第二章 重点任务\n1)推进改革。\n"
    _, roots = outline_of(text)
    assert [n.key for n in walk(roots)] == ["第一章", "第一章.1", "第一章.2", "第二章", "第二章.1"]


def _wrap(paragraph: str, width: int = 30) -> str:
    return "\n".join(paragraph[i : i + width] for i in range(0, len(paragraph), width))


def test_hard_wrapped_text_with_page_footer():
    """Text saved from a PDF: paragraphs broken at a fixed width, a page number
    line between pages."""
    paragraphs = [
        "某县人民政府办公室关于印发某县2021年城乡环境整治实施方案的通知",
        "各乡镇人民政府，县直各部门：",
        "现将《某县2021年城乡环境整治实施方案》印发给你们，请认真贯彻落实。",
        "某县人民政府办公室",
        "2021年4月16日",
        "某县2021年城乡环境整治实施方案",
        "为持续改善城乡人居环境，巩固全国文明城市创建成果，结合我县实际，制定本方案。",
        "一、重点任务",
        "（一）开展农村生活垃圾治理。建立收运处置体系，新建乡镇垃圾中转站6座，"
        "农村生活垃圾收运处置体系覆盖率达到100%。（责任单位：县住房和城乡建设局（牵头）、"
        "县财政局、各乡镇人民政府）",
        "\n— 1 —\n",
        "（二）整治城区环境秩序。开展占道经营专项整治，新增城区停车泊位1200个，"
        "城区主次干道机扫率达到85%以上，全面改善市容环境。(责任单位：县城市管理局（牵头）、"
        "县公安局、县交通运输局)",
        "二、工作要求",
        "各责任单位要按照职责分工，细化工作措施，确保各项任务落到实处。请各牵头单位"
        "于2021年12月15日前将工作完成情况报送县人居环境整治工作领导小组办公室。",
    ]
    doc = "\n".join(_wrap(p) for p in paragraphs) + "\n"
    plan = parse_text(doc)
    assert plan.meta.title == "某县人民政府办公室关于印发某县2021年城乡环境整治实施方案的通知"
    assert plan.meta.plan_title == "某县2021年城乡环境整治实施方案"
    assert [t.title for t in plan.tasks] == ["开展农村生活垃圾治理", "整治城区环境秩序"]
    assert plan.tasks[0].lead_units == ["县住房和城乡建设局"]
    assert plan.tasks[0].co_units == ["县财政局", "各乡镇人民政府"]
    assert plan.tasks[1].lead_units == ["县城市管理局"]
    assert plan.tasks[1].co_units == ["县公安局", "县交通运输局"]
    assert plan.reporting.to == "县人居环境整治工作领导小组办公室"
    assert "\x00" not in plan.text


def test_unwrapped_text_is_left_alone():
    doc = "牵头单位：市发展改革委\n责任单位：市财政局、市商务局\n牵头单位：市发展改革委\n" * 3
    folded = fold(doc)
    assert unwrap(folded) == folded


def test_task_table_with_cells_merged_downwards():
    doc = (
        "某市重点督办事项清单\n"
        "序号\t重点任务\t主要内容\t责任领导\t牵头单位\t责任单位\t完成时间\n"
        "一、重大项目建设\n"
        "1\t港口三期工程\t建成泊位3个\t李明\t市交通运输局\t市发展改革委\t2023年12月底前\n"
        "2\t轨道交通一期\t完成投资60亿元\t\t\t市财政局\t\n"
    )
    tasks = parse_text(doc).tasks
    assert [t.title for t in tasks] == ["港口三期工程", "轨道交通一期"]
    assert tasks[1].leaders == ["李明"]
    assert tasks[1].lead_units == ["市交通运输局"]
    assert tasks[1].co_units == ["市财政局"]
    assert tasks[1].deadline == "2023-12-31"


def test_table_whose_cells_ran_together():
    """An OFD or PDF table without cell separators: numbers, unit runs and the
    deadline are still told apart."""
    doc = (
        "某市2021年重点任务清单\n"
        "序号工作任务具体目标牵头单位配合单位完成时限\n"
        "一、提升政务服务效能\n"
        "1深化“一网通办”改革网上可办率达到95%以上市政务服务局市直各部门,各县(市、区)人民政府2021年12月底前\n"
        "2压缩企业开办时间企业开办时间压缩至2天以内市市场监管局市公安局、市税务局2021年6月底前\n"
        "请各牵头单位于2021年12月15日前报送市政府督查室。\n"
    )
    tasks = parse_text(doc).tasks
    assert [t.key for t in tasks] == ["1", "2"]
    assert tasks[0].title.startswith("深化“一网通办”改革")
    assert tasks[0].group == "提升政务服务效能"
    assert tasks[0].lead_units == ["市政务服务局"]
    assert tasks[0].co_units == ["市直各部门", "各县(市、区)人民政府"]
    assert tasks[1].lead_units == ["市市场监管局"]
    assert tasks[1].co_units == ["市公安局", "市税务局"]
    assert tasks[1].deadline == "2021-06-30"


def test_named_action_items_with_units_after_their_children():
    doc = (
        "某区数字经济三年行动方案\n"
        "行动一：数字基础设施提升行动\n"
        "1.加快5G网络建设。建成5G基站2800个。\n"
        "2.布局算力基础设施。算力规模达到500PFlops。\n"
        "牵头单位：区工业和信息化局\n"
        "参与单位：区发展改革局、各街道办事处\n"
        "完成时间：2026年12月底前\n"
        "行动二：数字产业培育行动\n"
        "1.壮大软件产业。\n"
        "2.打造产业园。\n"
        "牵头单位：区商务局\n"
    )
    tasks = parse_text(doc).tasks
    assert [(t.key, t.title) for t in tasks] == [
        ("行动一", "数字基础设施提升行动"),
        ("行动二", "数字产业培育行动"),
    ]
    assert tasks[0].co_units == ["区发展改革局", "各街道办事处"]
    assert tasks[0].deadline == "2026-12-31"
    assert [s.title for s in tasks[0].subtasks] == ["加快5G网络建设", "布局算力基础设施"]


def test_indicator_table_with_labelled_role_cell_and_marked_lead():
    doc = (
        "某市重点指标任务清单\n"
        "序号\t指标任务\t指标值\t责任分工\t完成时限\n"
        "1\t城镇新增就业\t≥4.2万人\t牵头:市人社局;配合:各区县人民政府\t2023年底\n"
    )
    tasks = parse_text(doc).tasks
    assert tasks[0].title == "城镇新增就业"
    assert (tasks[0].lead_units, tasks[0].co_units) == (["市人社局"], ["各区县人民政府"])
    doc = (
        "某市民生实事任务分解表\n"
        "序号\t任务名称\t责任单位\t完成时限\n"
        "1\t老年助餐服务\t市民政局(牵头)、市财政局\t2022年9月\n"
        "2\t公园建设\t市园林局\t2022年12月\n"
    )
    tasks = parse_text(doc).tasks
    assert (tasks[0].lead_units, tasks[0].co_units) == (["市民政局"], ["市财政局"])
    assert (tasks[1].lead_units, tasks[1].co_units) == ([], ["市园林局"])


def test_unnumbered_headings_and_lead_sentences_as_tasks():
    doc = (
        "某区2023年重点工作安排\n"
        "一、重点任务\n"
        "推进产业升级\n"
        "加快培育先进制造业集群，新增规上企业20家。（牵头单位：区工信局；责任单位：区财政局）\n"
        "扩大有效投资\n"
        "实施重点项目100个。\n"
        "牵头单位：区发展改革局\n"
        "二、保障措施\n"
        "加强组织领导。各部门要高度重视。\n"
    )
    tasks = parse_text(doc).tasks
    assert [(t.key, t.title, t.group) for t in tasks] == [
        ("一.1", "推进产业升级", "重点任务"),
        ("一.2", "扩大有效投资", "重点任务"),
    ]
    assert tasks[0].co_units == ["区财政局"]
    assert tasks[1].lead_units == ["区发展改革局"]
    doc = (
        "某县稳就业工作措施\n"
        "稳定企业岗位。落实援企稳岗政策。（责任单位：县人社局）\n"
        "支持创业带动就业。发放创业担保贷款。（责任单位：县财政局、县人社局）\n"
    )
    tasks = parse_text(doc).tasks
    assert [t.title for t in tasks] == ["稳定企业岗位", "支持创业带动就业"]


def test_table_under_a_heading_does_not_make_the_heading_a_task():
    doc = (
        "某市重点任务\n"
        "一、重点任务\n"
        "序号\t重点任务\t责任单位\n"
        "1\t稳定就业\t(牵头单位:市人社局)\n"
        "2\t扩大消费\t牵头:市商务局;配合:市财政局\n"
        "二、保障措施\n"
    )
    tasks = parse_text(doc).tasks
    assert [(t.title, t.group) for t in tasks] == [
        ("稳定就业", "重点任务"),
        ("扩大消费", "重点任务"),
    ]
    assert tasks[0].lead_units == ["市人社局"]


@pytest.mark.parametrize("doc", [DOC_NUMBERED_TASKS])
def test_full_width_and_ascii_punctuation_give_the_same_answer(doc):
    ascii_doc = fold(doc)
    assert ascii_doc != doc
    assert parse_text(doc).to_dict() == parse_text(ascii_doc).to_dict()


def test_seed_same_answer_with_full_width_punctuation():
    seed = (Path(__file__).parent / "data" / "haixi-2020-91.txt").read_text(encoding="utf-8")
    wide = seed.replace(",", "，").replace(":", "：").replace("(", "（").replace(")", "）")
    assert parse_text(wide).to_dict() == parse_text(seed).to_dict()


def test_task_table_cell_with_unlabelled_roles():
    doc = (
        "某县重点工作任务分解表\n"
        "序号\t工作任务\t责任单位\t完成时限\n"
        "1\t建设标准化厂房\t县工信局牵头，县财政局、县自然资源局配合\t2022年底前\n"
        "2\t培育电商企业\t县商务局、县市场监管局\t2022年10月底前\n"
    )
    tasks = parse_text(doc).tasks
    assert (tasks[0].lead_units, tasks[0].co_units) == (["县工信局"], ["县财政局", "县自然资源局"])
    assert (tasks[1].lead_units, tasks[1].co_units) == ([], ["县商务局", "县市场监管局"])


def test_task_table_with_two_row_header():
    # 责任单位 spans two columns and is split on a second header row.
    doc = (
        "某区民生实事分解表\n"
        "序号\t项目名称\t建设内容\t责任单位\t完成时限\n"
        "牵头单位\t配合单位\n"
        "1\t助餐服务\t新建助餐点8个\t区民政局\t各街道办事处\t2023年10月底前\n"
        "2\t口袋公园\t建成口袋公园5个\t区园林局\t区财政局、区住建局\t2023年6月30日前\n"
    )
    tasks = parse_text(doc).tasks
    assert [t.title for t in tasks] == ["助餐服务", "口袋公园"]
    assert [t.lead_units for t in tasks] == [["区民政局"], ["区园林局"]]
    assert [t.co_units for t in tasks] == [["各街道办事处"], ["区财政局", "区住建局"]]
    assert [t.deadline for t in tasks] == ["2023-10-31", "2023-06-30"]


def test_task_table_with_two_row_header_at_full_width():
    # A Word table: the second header row keeps the cells merged down from above, empty.
    doc = (
        "某区民生实事分解表\n"
        "序号\t项目名称\t责任单位\t完成时限\n"
        "\t\t牵头单位\t配合单位\t\n"
        "1\t助餐服务\t区民政局\t各街道办事处\t2023年10月底前\n"
    )
    tasks = parse_text(doc).tasks
    assert tasks[0].lead_units == ["区民政局"]
    assert tasks[0].co_units == ["各街道办事处"]
    assert tasks[0].deadline == "2023-10-31"


def test_task_table_rows_continuing_a_merged_task():
    # 序号/工作任务/牵头单位 merged down over the task's target rows: the rows with
    # those cells empty add targets and 责任单位 to the task above.
    doc = (
        "某市城建任务分解表\n"
        "序号\t工作任务\t具体目标\t牵头单位\t责任单位\t完成时限\n"
        "1\t城市更新\t改造老旧小区85个\t市住建局\t各区人民政府\t2023年11月底前\n"
        "\t\t改造燃气管道120公里\t\t市城管局\t2023年12月底前\n"
        "2\t乡村建设\t新建示范村60个\t市农业农村局\t市乡村振兴局\t2023年12月底前\n"
    )
    plan = parse_text(doc)
    tasks = plan.tasks
    assert [t.title for t in tasks] == ["城市更新", "乡村建设"]
    assert tasks[0].lead_units == ["市住建局"]
    assert tasks[0].co_units == ["各区人民政府", "市城管局"]
    assert tasks[0].deadline == "2023-12-31"
    assert [i.value for i in tasks[0].indicators] == [85, 120]


def test_two_row_header_under_a_cell_that_is_no_label():
    # The spanning cell says only 单位; the second row gives the roles.
    doc = (
        "某区民生实事分解表\n"
        "序号\t项目名称\t建设内容\t单位\t完成时限\n"
        "牵头单位\t配合单位\n"
        "1\t助餐服务\t新建助餐点8个\t区民政局\t各街道办事处\t2023年10月底前\n"
    )
    tasks = parse_text(doc).tasks
    assert [(t.title, t.lead_units, t.co_units, t.deadline) for t in tasks] == [
        ("助餐服务", ["区民政局"], ["各街道办事处"], "2023-10-31")
    ]


def test_two_row_header_with_the_spanning_cell_padded():
    # pdfplumber gives a cell merged across two columns as the text and an empty cell.
    doc = (
        "某区民生实事分解表\n"
        "序号\t项目名称\t建设内容\t责任单位\t\t完成时限\n"
        "\t\t\t牵头单位\t配合单位\t\n"
        "1\t助餐服务\t新建助餐点8个\t区民政局\t各街道办事处\t2023年10月底前\n"
    )
    tasks = parse_text(doc).tasks
    assert [(t.lead_units, t.co_units, t.deadline) for t in tasks] == [
        (["区民政局"], ["各街道办事处"], "2023-10-31")
    ]


def test_task_table_row_with_one_cell_right_of_the_task_continues_it():
    # Only one cell filled, and not under 序号/任务: a merged row of the task above,
    # not a section heading.
    doc = (
        "某市城建任务分解表\n"
        "序号\t工作任务\t具体目标\t牵头单位\t责任单位\t完成时限\n"
        "一、城市建设\n"
        "1\t城市更新\t改造老旧小区85个\t市住建局\t各区人民政府\t2023年11月底前\n"
        "\t\t改造燃气管道120公里\t\t\t\n"
        "\t\t\t\t市城管局\t\n"
        "\t二、乡村建设\n"
        "2\t乡村建设\t新建示范村60个\t市农业农村局\t市乡村振兴局\t2023年12月底前\n"
    )
    tasks = parse_text(doc).tasks
    assert [(t.title, t.group) for t in tasks] == [
        ("城市更新", "城市建设"),
        ("乡村建设", "乡村建设"),
    ]
    assert tasks[0].co_units == ["各区人民政府", "市城管局"]
    assert [i.value for i in tasks[0].indicators] == [85, 120]
