"""Unit clauses: labels, unlabelled forms, separators, collective names, roles."""

import pytest

from duban.docparse import parse_text
from duban.docparse.normalize import fold
from duban.docparse.units import find_clauses, looks_like_unit, resolve_roles, split_units


def roles_of(snippet: str) -> tuple[list[str], list[str]]:
    folded = fold(snippet)
    clauses = find_clauses(folded, 0, len(folded))
    merged: dict[str, list[str]] = {}
    for clause in clauses:
        for role, names in clause.roles.items():
            merged.setdefault(role, []).extend(names)
    return resolve_roles(merged)


@pytest.mark.parametrize(
    ("segment", "names"),
    [
        ("市发展改革委、市财政局、市商务局", ["市发展改革委", "市财政局", "市商务局"]),
        ("市发展改革委，市财政局；市商务局", ["市发展改革委", "市财政局", "市商务局"]),
        ("市发展改革委,市财政局;市商务局", ["市发展改革委", "市财政局", "市商务局"]),
        ("市发展改革委  市财政局　市商务局", ["市发展改革委", "市财政局", "市商务局"]),
        ("各市、县人民政府，省直有关部门", ["各市、县人民政府", "省直有关部门"]),
        ("各区、县级市人民政府、市直各部门", ["各区、县级市人民政府", "市直各部门"]),
        ("各区、县级市", ["各区、县级市"]),
        ("各县（市、区）人民政府、市教育局", ["各县(市、区)人民政府", "市教育局"]),
        ("各地区各部门", ["各地区各部门"]),
        ("市住房城乡建设局、各市县等", ["市住房城乡建设局", "各市县"]),
        ("市直各部门（按职责分工）", ["市直各部门"]),
        ("市卫生健康委、市医保局按职责分工负责", ["市卫生健康委", "市医保局"]),
    ],
)
def test_split_units(segment, names):
    assert split_units(fold(segment))[0] == names


def test_split_units_carry_forward():
    names, carry = split_units(fold("市发展改革委，下同"))
    assert names == ["市发展改革委"]
    assert carry


def test_full_width_bracket_lead_and_responsible():
    lead, co = roles_of(
        "加快推进项目建设。（牵头单位：市发展改革委、市住房城乡建设局，"
        "责任单位：市财政局、市自然资源局，各区人民政府）"
    )
    assert lead == ["市发展改革委", "市住房城乡建设局"]
    assert co == ["市财政局", "市自然资源局", "各区人民政府"]


def test_ascii_bracket_lead_and_responsible():
    lead, co = roles_of("加快推进项目建设。(牵头单位:市发展改革委;责任单位:市财政局、各区人民政府)")
    assert lead == ["市发展改革委"]
    assert co == ["市财政局", "各区人民政府"]


def test_hexagonal_brackets():
    lead, co = roles_of("做好安全生产。〔牵头单位：市应急局；配合单位：市公安局、市交通运输局〕")
    assert lead == ["市应急局"]
    assert co == ["市公安局", "市交通运输局"]


def test_responsible_alone_is_co_without_lead():
    lead, co = roles_of("提升城市品质。（责任单位：市城管局、各区人民政府）")
    assert lead == []
    assert co == ["市城管局", "各区人民政府"]


def test_responsible_with_cooperating_makes_responsible_lead():
    lead, co = roles_of("提升城市品质。（责任单位：市城管局；配合单位：市公安局、各区人民政府）")
    assert lead == ["市城管局"]
    assert co == ["市公安局", "各区人民政府"]


@pytest.mark.parametrize(
    ("label_lead", "label_co"),
    [("牵头单位", "协同单位"), ("主办单位", "协办单位"), ("牵头部门", "配合部门")],
)
def test_other_label_pairs(label_lead, label_co):
    lead, co = roles_of(f"抓好落实。（{label_lead}：区发展改革局；{label_co}：区财政局）")
    assert lead == ["区发展改革局"]
    assert co == ["区财政局"]


def test_responsible_subject_label():
    lead, co = roles_of("压实责任。（责任主体：各镇人民政府、各街道办事处）")
    assert lead == []
    assert co == ["各镇人民政府", "各街道办事处"]


def test_label_lines_under_item():
    lead, co = roles_of(
        "推进老旧小区改造，年内完成改造120个。\n牵头单位：市住房城乡建设局\n责任单位：各区人民政府、市财政局\n"
    )
    assert lead == ["市住房城乡建设局"]
    assert co == ["各区人民政府", "市财政局"]


@pytest.mark.parametrize(
    ("clause", "lead", "co"),
    [
        (
            "（市发展改革委牵头，市财政局、市统计局配合）",
            ["市发展改革委"],
            ["市财政局", "市统计局"],
        ),
        ("(市商务局牵头,各区人民政府按职责分工负责)", ["市商务局"], ["各区人民政府"]),
        (
            "（市教育局、市人力资源社会保障局按职责分工负责）",
            [],
            ["市教育局", "市人力资源社会保障局"],
        ),
        ("（市市场监管局负责）", [], ["市市场监管局"]),
        ("（由市科技局牵头，市工业和信息化局参与）", ["市科技局"], ["市工业和信息化局"]),
    ],
)
def test_unlabelled_clauses(clause, lead, co):
    got_lead, got_co = roles_of("强化政策支持。" + clause)
    assert (got_lead, got_co) == (lead, co)


def test_unlabelled_trailing_sentence():
    lead, co = roles_of("强化政策支持，落实各项减税降费政策。市财政局牵头，市税务局配合。")
    assert lead == ["市财政局"]
    assert co == ["市税务局"]


def test_ordinary_sentence_ending_in_fuze_is_no_clause():
    lead, co = roles_of("各级各部门要高度重视，主要负责同志要亲自抓、负总责。")
    assert (lead, co) == ([], [])
    lead, co = roles_of("（坚持问题导向，逐项抓好落实）")
    assert (lead, co) == ([], [])


def test_leaders_are_not_units():
    folded = fold("抓好项目落地。（责任领导：张三；牵头单位：区发展改革局；责任单位：区财政局）")
    clauses = find_clauses(folded, 0, len(folded))
    assert clauses[0].roles["leader"] == ["张三"]
    lead, co = resolve_roles(clauses[0].roles)
    assert lead == ["区发展改革局"]
    assert co == ["区财政局"]


def test_deadline_in_clause():
    folded = fold("完成改造。（牵头单位：市住建局；完成时限：2021年6月底前）")
    clause = find_clauses(folded, 0, len(folded))[0]
    assert clause.deadline_text == "2021年6月底前"
    assert clause.roles["lead"] == ["市住建局"]


def test_looks_like_unit():
    assert looks_like_unit("市发展改革委")
    assert looks_like_unit("各区人民政府")
    assert looks_like_unit("市直各部门")
    assert not looks_like_unit("主要负责同志要亲自抓")


def test_carry_forward_in_a_document():
    doc = (
        "关于印发某市稳就业工作方案的通知\n"
        "一、重点任务\n"
        "1.扩大就业规模。（牵头单位：市人力资源社会保障局，下同）\n"
        "2.支持创业带动就业。（责任单位：市财政局）\n"
        "3.加强职业技能培训。\n"
    )
    tasks = parse_text(doc).tasks
    assert [t.title for t in tasks] == ["扩大就业规模", "支持创业带动就业", "加强职业技能培训"]
    assert tasks[1].lead_units == ["市人力资源社会保障局"]
    assert tasks[1].co_units == ["市财政局"]
    assert tasks[2].lead_units == ["市人力资源社会保障局"]


def test_lenticular_label_lines_and_site_debris():
    doc = (
        "关于印发某区消防安全整治方案的通知\n"
        "一、整治重点\n"
        "（一）高层建筑消防整治。完成消防设施改造30个。\n"
        "【牵头单位】区消防救援大队 【责任单位】区应急管理局、各街道办事处\n"
        "二、工作要求\n"
        "请于2022年11月30日前报送区安委办。\n"
        "主办单位：某区人民政府办公室 网站标识码：3502030001 ICP备05012345号\n"
    )
    tasks = parse_text(doc).tasks
    assert [t.title for t in tasks] == ["高层建筑消防整治"]
    assert tasks[0].lead_units == ["区消防救援大队"]
    assert tasks[0].co_units == ["区应急管理局", "各街道办事处"]


def test_label_with_aside_before_colon():
    lead, co = roles_of("推进改革。（牵头单位（部门）：市委编办；责任单位（部门）：市财政局）")
    assert (lead, co) == (["市委编办"], ["市财政局"])


def test_lead_marked_inside_a_list():
    lead, co = roles_of(
        "推进污水治理。（责任单位：县农业农村局、县生态环境局（牵头）、各乡镇人民政府）"
    )
    assert lead == ["县生态环境局"]
    assert co == ["县农业农村局", "各乡镇人民政府"]


def test_first_listed_is_lead_rule_carries_forward():
    doc = (
        "某市行动计划\n"
        "一、重点任务\n"
        "1.培育产业集群。（责任单位：市工业和信息化局、市发展改革委。排在第一位的为牵头单位，下同）\n"
        "2.推进数字化转型。（责任单位：市大数据局、市财政局）\n"
    )
    tasks = parse_text(doc).tasks
    assert [(t.lead_units, t.co_units) for t in tasks] == [
        (["市工业和信息化局"], ["市发展改革委"]),
        (["市大数据局"], ["市财政局"]),
    ]
    folded = fold("加强队伍建设。（责任单位：县卫生健康局、县委编办，列首位者为牵头单位）")
    clause = find_clauses(folded, 0, len(folded))[0]
    assert clause.first_is_lead
    assert resolve_roles(clause.roles, first_is_lead=True) == (["县卫生健康局"], ["县委编办"])


def test_units_for_every_later_task():
    doc = (
        "某市若干措施\n"
        "1.加快项目建设。（牵头单位：市发展改革委；责任单位：市自然资源局，"
        "以下均需各区人民政府落实，不再列出）\n"
        "2.用好专项债券。（牵头单位：市财政局）\n"
    )
    tasks = parse_text(doc).tasks
    assert tasks[0].co_units == ["市自然资源局", "各区人民政府"]
    assert tasks[1].co_units == ["各区人民政府"]


def test_unlabelled_clause_with_deadline():
    folded = fold("提升服务。（县卫生健康局负责，县医保局、县财政局配合，2023年9月底前完成）")
    clause = find_clauses(folded, 0, len(folded))[0]
    assert resolve_roles(clause.roles) == (["县卫生健康局"], ["县医保局", "县财政局"])
    assert clause.deadline_text == "2023年9月底前完成"


@pytest.mark.parametrize(
    ("segment", "names"),
    [
        ("各区人民政府，市政府各委、办、局", ["各区人民政府", "市政府各委、办、局"]),
        ("各乡镇党委、人民政府，县直各单位", ["各乡镇党委、人民政府", "县直各单位"]),
    ],
)
def test_collective_names_with_bare_organs(segment, names):
    assert split_units(fold(segment))[0] == names


@pytest.mark.parametrize(
    ("snippet", "lead", "co"),
    [
        (
            "由市水务局牵头，会同市自然资源局、市农业农村局，完成河道划界。",
            ["市水务局"],
            ["市自然资源局", "市农业农村局"],
        ),
        ("区农业农村局会同区水务局负责，推进面源污染治理。", ["区农业农村局"], ["区水务局"]),
        ("县委组织部、县水务局负责将河长制纳入考核。", [], ["县委组织部", "县水务局"]),
    ],
)
def test_item_opening_with_its_units(snippet, lead, co):
    doc = "某县工作要点\n一、" + snippet + "\n二、加强宣传引导。\n"
    tasks = parse_text(doc).tasks
    assert len(tasks) == 1
    assert tasks[0].title.startswith(snippet[:6])
    assert (tasks[0].lead_units, tasks[0].co_units) == (lead, co)


def test_generic_organ_after_collective():
    assert split_units(fold("各镇人民政府、街道办事处，区直各部门"))[0] == [
        "各镇人民政府、街道办事处",
        "区直各部门",
    ]
    assert split_units(fold("区卫生健康局（牵头）、区民政局"))[0] == [
        "区卫生健康局(牵头)",
        "区民政局",
    ]


@pytest.mark.parametrize(
    ("clause", "lead", "co"),
    [
        (
            "（市发展改革委（牵头）、市财政局、市统计局）",
            ["市发展改革委"],
            ["市财政局", "市统计局"],
        ),
        ("（市科技局为牵头单位，市财政局为配合单位）", ["市科技局"], ["市财政局"]),
        ("（市直有关部门按职责分工负责，市政务服务局牵头）", ["市政务服务局"], ["市直有关部门"]),
    ],
)
def test_more_unlabelled_forms(clause, lead, co):
    assert roles_of("推进改革落地。" + clause) == (lead, co)


def test_label_clause_after_a_full_stop_on_the_same_line():
    doc = (
        "某市工作方案\n"
        "（一）推动产业升级。加快技术改造。责任单位：市工信局、市发改委。完成时限：2021年底前。\n"
        "（二）扩大消费。举办促消费活动。牵头单位：市商务局；配合单位：市财政局。下一步要持续推进。\n"
    )
    tasks = parse_text(doc).tasks
    assert [t.title for t in tasks] == ["推动产业升级", "扩大消费"]
    assert (tasks[0].lead_units, tasks[0].co_units) == ([], ["市工信局", "市发改委"])
    assert tasks[0].deadline == "2021-12-31"
    assert (tasks[1].lead_units, tasks[1].co_units) == (["市商务局"], ["市财政局"])


def test_deadline_in_a_bracket_of_its_own_and_report_to_two_offices():
    doc = (
        "某县民生实事工作方案\n"
        "（一）新建改建农村公路\n"
        "新建改建农村公路120公里。（责任单位：县交通运输局（牵头）、县财政局）（2021年10月底前完成）\n"
        "（二）城市品质提升（2022—2024年）\n"
        "改造老旧小区12个。（责任单位：县住建局）\n"
        "请于2021年12月20日前将全年工作总结报县委督查室、县政府督查室。\n"
    )
    plan = parse_text(doc)
    assert plan.tasks[0].deadline == "2021-10-31"
    assert plan.tasks[1].deadline is None
    assert plan.reporting.to == "县委督查室、县政府督查室"


def test_units_allocated_to_items_by_number_in_a_closing_paragraph():
    doc = (
        "某县人民政府关于促进消费的若干意见\n"
        "各乡镇人民政府：\n"
        "（一）培育消费热点。全年举办促消费活动20场。\n"
        "（二）改善消费环境。新建便民市场5个。\n"
        "（三）稳定大宗消费。汽车销售增长8%。\n"
        "以上任务分工如下：第（一）项由县商务局牵头，县财政局配合；第（二）项由县市场监管局负责；"
        "第（三）项由县商务局负责。\n"
        "请于2020年11月25日前报送县政府办公室。\n"
    )
    tasks = parse_text(doc).tasks
    assert [(t.title, t.lead_units, t.co_units) for t in tasks] == [
        ("培育消费热点", ["县商务局"], ["县财政局"]),
        ("改善消费环境", [], ["县市场监管局"]),
        ("稳定大宗消费", [], ["县商务局"]),
    ]


def test_first_is_lead_rule_stated_after_the_items():
    doc = (
        "某县就业工作要点\n"
        "1、抓好重点群体就业。（责任单位：县人社局、县乡村振兴局）\n"
        "2、建设创业孵化载体。（责任单位：县人社局）\n"
        "各责任单位排在首位的为牵头单位。\n"
    )
    tasks = parse_text(doc).tasks
    assert [(t.lead_units, t.co_units) for t in tasks] == [
        (["县人社局"], ["县乡村振兴局"]),
        (["县人社局"], []),
    ]


def test_ledger_lines_with_labelled_fields():
    doc = (
        "某区营商环境攻坚任务台账\n"
        "1.任务：压缩不动产登记办理时间；目标：办理时间压缩至3个工作日以内；"
        "牵头单位：区自然资源局；配合单位：区税务局；时限：2023年12月底前。\n"
        "2.任务：优化水电气报装服务；目标：报装时间压缩至5个工作日；"
        "牵头单位：区住建局；配合单位：区水务集团；时限：2023年11月底前。\n"
    )
    tasks = parse_text(doc).tasks
    assert [(t.title, t.lead_units, t.co_units, t.deadline) for t in tasks] == [
        ("压缩不动产登记办理时间", ["区自然资源局"], ["区税务局"], "2023-12-31"),
        ("优化水电气报装服务", ["区住建局"], ["区水务集团"], "2023-11-30"),
    ]


def test_clause_broken_across_two_lines():
    lead, co = roles_of(
        "推进改革。（牵头单位：市发展改革委，\n责任单位：市财政局、各区人民政府）\n"
    )
    assert (lead, co) == (["市发展改革委"], ["市财政局", "各区人民政府"])


def test_clause_looking_back_over_two_items():
    doc = (
        "某市若干措施\n"
        "一、稳定外贸\n"
        "(一)拓展市场。参加展会50场以上。\n"
        "(二)培育新业态。新建海外仓5个。\n"
        "（以上两项牵头单位：市商务局；责任单位：市财政局）\n"
        "(三)提升便利化。（牵头单位：市海关；责任单位：市口岸办）\n"
        "二、招引外资\n"
        "(四)产业链招商。引进项目40个。\n"
        "(五)优化服务。办结率达到95%以上。\n"
        "以上各项牵头单位：市投资促进局；责任单位：市商务局\n"
    )
    tasks = parse_text(doc).tasks
    assert [t.key for t in tasks] == ["一.(一)", "一.(二)", "一.(三)", "二.(四)", "二.(五)"]
    assert [t.lead_units for t in tasks] == [
        ["市商务局"],
        ["市商务局"],
        ["市海关"],
        ["市投资促进局"],
        ["市投资促进局"],
    ]
    assert tasks[0].co_units == ["市财政局"]
    assert tasks[4].co_units == ["市商务局"]


def test_clause_looking_back_counts_its_items():
    doc = (
        "某县工作方案\n"
        "1.整治河道。（牵头单位：县水利局）\n"
        "2.修复湿地。\n"
        "3.治理污水。\n"
        "（以上2项由县生态环境局牵头，县住建局配合）\n"
    )
    tasks = parse_text(doc).tasks
    assert [(t.key, t.lead_units, t.co_units) for t in tasks] == [
        ("1", ["县水利局"], []),
        ("2", ["县生态环境局"], ["县住建局"]),
        ("3", ["县生态环境局"], ["县住建局"]),
    ]


@pytest.mark.parametrize(
    ("snippet", "back"),
    [
        ("（以上两项牵头单位：市商务局）", 2),
        ("（以上3项由市商务局牵头，市财政局配合）", 3),
        ("（以上各项牵头单位：市商务局）", 0),
        ("（上述任务责任单位：市商务局）", 0),
        ("（牵头单位：市商务局）", None),
    ],
)
def test_look_back_clause_says_how_many_items(snippet, back):
    folded = fold(snippet)
    (clause,) = find_clauses(folded, 0, len(folded))
    assert clause.back == back
    assert clause.has_units


def test_look_back_as_a_plain_closing_sentence():
    doc = (
        "某市若干措施\n"
        "一、稳定外贸\n"
        "（一）拓展市场。参加展会50场以上。\n"
        "（二）培育新业态。新建海外仓5个。\n"
        "以上两项由市商务局牵头，市财政局配合。\n"
        "（三）提升便利化。市海关负责。\n"
        "二、招引外资\n"
        "1.产业链招商。引进项目40个。\n"
        "2.优化服务。办结率达到95%以上。\n"
        "上述任务由市投资促进局负责。\n"
    )
    tasks = parse_text(doc).tasks
    assert [(t.key, t.lead_units, t.co_units) for t in tasks] == [
        ("一.(一)", ["市商务局"], ["市财政局"]),
        ("一.(二)", ["市商务局"], ["市财政局"]),
        ("一.(三)", [], ["市海关"]),
        ("二.1", [], ["市投资促进局"]),
        ("二.2", [], ["市投资促进局"]),
    ]


def test_labels_of_offices_inside_one_department():
    # A department's own plan assigns its sections (科室/股室) and offices (部门).
    assert roles_of("（牵头科室：规划科；配合科室：办公室、财务科）") == (
        ["规划科"],
        ["办公室", "财务科"],
    )
    assert roles_of("（责任股室：生态股）") == ([], ["生态股"])
    assert roles_of("（主办部门：市水利局；协办部门：市财政局）") == (["市水利局"], ["市财政局"])
