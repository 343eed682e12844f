"""Layouts as strategies, document-wide rules, and the shapes real pages bring:
cut-off page openings, flattened tables with progress columns, built labels, mirror
debris. (The real documents themselves are in test_real_corpus.py.)"""

import pytest

from duban.docparse import layouts, model, units
from duban.docparse.meta import extract_header
from duban.docparse.normalize import clean_text, fold
from duban.docparse.parser import parse_text
from duban.docparse.rules import DocumentRules
from duban.docparse.units import split_units


def _doc(text: str) -> layouts.Document:
    folded = fold(clean_text(text))
    return layouts.Document.analyse(text, folded, 2023, 0, len(folded))


def test_every_layout_has_the_one_interface_and_a_declared_order():
    names = [layout.name for layout in layouts.ORDER]
    assert names == [
        "table_rows",
        "cell_tables",
        "numbered",
        "labelled_blocks",
        "ledger",
        "prose",
    ]
    doc = _doc("某县工作要点\n一、推进A工作(牵头单位:县发改局)\n二、推进B工作(牵头单位:县财政局)\n")
    readings = {layout.name: layout.read(doc) for layout in layouts.ORDER}
    assert readings["numbered"].explained == 2
    assert readings["table_rows"].explained == 0
    assert all(isinstance(r, layouts.Reading) for r in readings.values())


def test_document_rules_are_read_once_and_passed_in():
    text = (
        "某县方案\n责任单位排在第一位的为牵头单位。\n一、推进A工作(责任单位:县发改局、县财政局)\n"
    )
    folded = fold(text)
    rules = DocumentRules.read(folded, 0, len(folded))
    assert rules.first_is_lead and not rules.looks_back
    task = parse_text(text).tasks[0]
    assert (task.lead_units, task.co_units) == (["县发改局"], ["县财政局"])


def test_a_fallback_reading_replaces_the_main_ones_only_when_it_explains_more():
    # Paragraphs that each close with units, no numbering: only prose explains them.
    text = (
        "某县通知\n\n做好春耕备耕,确保粮食播种面积稳定。(牵头单位:县农业农村局)\n\n"
        "加强农资市场监管。(牵头单位:县市场监管局)\n"
    )
    reading = layouts.read_tasks(_doc(text))
    assert reading.layout == "prose" and reading.explained == 2


LIST = "".join(
    f"{n}.推进第{n}项重点工作,加快项目建设,强化要素保障,优化营商环境,确保取得实效。"
    "\n\n牵头单位:区发改局\n\n责任单位:各街道\n\n"
    for n in range(1, 7)
)


def test_a_page_opening_keeps_its_cut_off_last_item_as_incomplete():
    intro = "为全面贯彻落实区委全会精神,做好今年政府工作,努力实现全年目标任务," * 8
    text = "某区重点工作任务分解方案\n\n" + intro + "现就任务分工如下。\n\n" + LIST
    text += "7.其他主要经济指标不低于全市平均水平。\n"
    tasks = parse_text(text).tasks
    assert len(tasks) == 7
    assert tasks[-1].incomplete and tasks[-1].lead_units == [] and tasks[-1].co_units == []
    assert not any(t.incomplete for t in tasks[:-1])


def test_an_open_bracket_at_the_cut_still_names_units_but_not_a_fragment():
    text = (
        "某省方案\n二、重点任务\n1.健全常住地基本公共服务制度。修订户口登记办法。(责任单位:省公安厅"
    )
    task = parse_text(text).tasks[0]
    assert task.incomplete and task.co_units == ["省公安厅"]
    cut = "某市方案\n" + LIST + "7.推进先行区建设。(牵头单位:市发"
    last = parse_text(cut).tasks[-1]
    assert last.incomplete and last.lead_units == [] and last.co_units == []


def test_a_complete_document_is_not_a_page_opening():
    text = (
        "某区方案\n\n"
        + LIST
        + "7.强化考核激励。将工作纳入年度考核。\n\n某区人民政府办公室\n2023年3月1日\n"
    )
    assert len(parse_text(text).tasks) == 6


def test_flattened_table_progress_column_is_progress_not_targets():
    text = (
        "某县重点工作推进情况表\n\n序号\n\n重点任务\n\n责任单位\n\n当前进度\n\n"
        "1\n\n新建污水管网20公里\n\n县住建局\n\n已完成80%,铺设16公里\n\n"
        "2\n\n新增城镇就业3000人\n\n县人社局\n\n完成2100人\n\n某县人民政府督查室\n2023年10月8日\n"
    )
    tasks = parse_text(text).tasks
    assert [t.title for t in tasks] == ["新建污水管网20公里", "新增城镇就业3000人"]
    assert tasks[0].progress == "已完成80%,铺设16公里"
    assert [(i.value, i.unit) for i in tasks[0].indicators] == [(20.0, "公里")]
    assert [(i.value, i.unit) for i in tasks[1].indicators] == [(3000.0, "人")]


def test_labels_built_from_a_role_word():
    assert units.LABEL_ROLE["协同责任单位"] == units.CO
    assert units.LABEL_ROLE["参与部门"] == units.CO
    assert units.LABEL_ROLE["牵头责任单位"] == units.LEAD
    assert units.LABEL_ROLE["分管省领导"] == units.LEADER
    assert units.LABEL_ROLE["牵头负责领导"] == units.LEADER
    assert "落实主体" not in units.LABEL_ROLE  # the office teaches that one
    text = (
        "某市通知\n一、工作任务\n1. 地区生产总值增长8%以上。\n牵头负责领导:金力。\n"
        "牵头责任单位:市发展改革委。\n协同责任单位:市经信局、市商务局等,各县、市、区政府。\n"
    )
    task = parse_text(text).tasks[0]
    assert task.leaders == ["金力"] and task.lead_units == ["市发展改革委"]
    assert task.co_units == ["市经信局", "市商务局", "各县、市、区政府"]


def test_shared_suffix_and_ji():
    assert split_units(fold("省发改委、相关市、县政府"))[0] == ["省发改委", "相关市、县政府"]
    assert split_units(fold("机场指挥部、哈尔滨、黑河、绥芬河市政府、省农垦总局"))[0] == [
        "机场指挥部",
        "哈尔滨、黑河、绥芬河市政府",
        "省农垦总局",
    ]
    assert split_units(fold("市级各有关部门及各县市区政府"))[0] == [
        "市级各有关部门",
        "各县市区政府",
    ]
    assert split_units(fold("市住房和城乡建设局"))[0] == ["市住房和城乡建设局"]


def test_mirror_readings_never_reach_a_name():
    assert (
        clean_text("青岛蓝(lán)谷管理局,经(jīng)贸委,5公里(km)")
        == "青岛蓝谷管理局,经贸委,5公里(km)\n"
    )


def test_page_debris_before_or_on_the_title_line():
    for head in ("【时效性】尚未施行\n", "所在位置: 杭州网 > 热点专题\n", "政府信息公开\n"):
        meta = extract_header(fold(head + "某市人民政府关于做好某项工作的通知\n各区人民政府:\n"))
        assert meta.meta.title == "某市人民政府关于做好某项工作的通知", head
    meta = extract_header(fold("【重点工作】某市人民政府关于做好某项工作的通知\n")).meta
    assert meta.title == "某市人民政府关于做好某项工作的通知"
    assert meta.issuer == "某市人民政府"
    cited = (
        "某市人民政府办公厅关于某事的通知\n根据《某规划》(运政办发〔2016〕76号)精神,现通知如下。\n"
    )
    assert extract_header(fold(cited)).meta.doc_number is None


def test_labelled_blocks_with_the_label_alone_on_its_line():
    text = (
        "某县民生实事督办通知\n\n具体任务\n建设县域医疗次中心2个,完成主体工程。\n责任单位\n"
        "县卫健局、县文旅局\n配合单位\n各乡镇\n完成时限\n2023年12月底前\n\n"
        "具体任务\n新增公办学位1200个。\n牵头单位\n县教育局\n配合单位\n县财政局\n"
    )
    tasks = parse_text(text).tasks
    assert [t.title for t in tasks] == ["建设县域医疗次中心2个,完成主体工程", "新增公办学位1200个"]
    # 责任单位 beside 配合单位: the 责任单位 lead (tests/docparse/contract.md).
    assert (tasks[0].lead_units, tasks[0].co_units) == (["县卫健局", "县文旅局"], ["各乡镇"])
    assert tasks[0].deadline == "2023-12-31"
    assert (tasks[1].lead_units, tasks[1].co_units) == (["县教育局"], ["县财政局"])
    assert [(i.value, i.unit) for i in tasks[1].indicators] == [(1200.0, "个")]


LUOSHI = (
    "某县通知\n一、推进农村人居环境整治\n1.完成改厕1200户。\n牵头单位:县农业农村局\n落实主体:各乡镇\n"
    "2.建设污水管网30公里。\n牵头单位:县住建局\n落实主体:县水利局、各乡镇\n"
)


def test_an_office_teaches_the_parser_its_own_label():
    plain = parse_text(LUOSHI)
    assert [t.co_units for t in plain.tasks] == [[], []]
    taught = parse_text(LUOSHI, vocabulary={"落实主体": "co"})
    assert [t.lead_units for t in taught.tasks] == [["县农业农村局"], ["县住建局"]]
    assert [t.co_units for t in taught.tasks] == [["各乡镇"], ["县水利局", "各乡镇"]]
    # The lesson holds for that parse only.
    assert parse_text(LUOSHI).tasks[0].co_units == []
    assert units.LABEL_ROLE.get("落实主体") is None


def test_an_office_label_must_name_a_known_role():

    for bad in ({"落实主体": "boss"}, {"主体": "co"}, {"落实主体:": "co"}):
        with pytest.raises(ValueError):
            parse_text(LUOSHI, vocabulary=bad)


# An office's table whose task and progress columns carry its own header words.
OFFICE_TABLE = (
    "关于开展测试专项行动的通知\n\n"
    "序号\t事务清单\t牵头单位\t配合单位\t本月动态\n"
    "1\t建设智慧城市平台\t州发改委\t州财政局\t已完成80%\n"
    "2\t推进垃圾分类\t州住建局\t州生态环境局\t正在推进\n"
)


def test_an_office_teaches_the_parser_its_table_header_words():
    assert parse_text(OFFICE_TABLE).tasks == []
    taught = parse_text(OFFICE_TABLE, vocabulary={"事务清单": "task", "本月动态": "progress"})
    assert [(t.title, t.lead_units, t.co_units) for t in taught.tasks] == [
        ("建设智慧城市平台", ["州发改委"], ["州财政局"]),
        ("推进垃圾分类", ["州住建局"], ["州生态环境局"]),
    ]
    # The progress column is reported progress, never a target of 80 %.
    assert [t.progress for t in taught.tasks] == ["已完成80%", "正在推进"]
    assert taught.tasks[0].indicators == []
    # Header words are not unit labels: prose "事务清单:" stays text.
    assert "事务清单" not in units.LABEL_ROLE


# --- what the parser is unsure of (the review page's 待核对) ---------------------------


def test_a_cut_off_last_item_is_a_doubt_and_complete_items_are_not():
    intro = "为全面贯彻落实区委全会精神,做好今年政府工作,努力实现全年目标任务," * 8
    text = "某区重点工作任务分解方案\n\n" + intro + "现就任务分工如下。\n\n" + LIST
    text += "7.其他主要经济指标不低于全市平均水平。\n"
    tasks = parse_text(text).tasks
    assert tasks[-1].doubts == [model.INCOMPLETE, model.NO_UNITS]
    assert all(t.doubts == [] for t in tasks[:-1])


def test_a_table_rebuilt_from_text_is_a_doubt():
    text = (
        "某县重点工作推进情况表\n\n序号\n\n重点任务\n\n责任单位\n\n当前进度\n\n"
        "1\n\n新建污水管网20公里\n\n县住建局\n\n已完成80%,铺设16公里\n\n"
        "2\n\n新增城镇就业3000人\n\n县人社局\n\n完成2100人\n\n某县人民政府督查室\n2023年10月8日\n"
    )
    assert [t.doubts for t in parse_text(text).tasks] == [[model.REBUILT_TABLE]] * 2
    # The same table as tab rows is read as it stands.
    tabbed = (
        "某县重点工作推进情况表\n\n序号\t重点任务\t责任单位\t当前进度\n"
        "1\t新建污水管网20公里\t县住建局\t已完成80%\n2\t新增城镇就业3000人\t县人社局\t完成2100人\n"
        "\n某县人民政府督查室\n2023年10月8日\n"
    )
    tasks = parse_text(tabbed).tasks
    assert len(tasks) == 2 and all(t.doubts == [] for t in tasks)


def test_a_lead_told_only_by_position_is_a_doubt():
    text = (
        "某市方案\n各项任务排在第一位的为牵头单位。\n"
        "1.推进项目建设。(责任单位:市发改委、市财政局)\n"
        "2.稳定就业。(责任单位:市人社局)\n\n某市人民政府\n2023年3月1日\n"
    )
    tasks = parse_text(text).tasks
    assert tasks[0].lead_units == ["市发改委"]
    assert model.ROLE_BY_POSITION in tasks[0].doubts
    assert parse_text(text.replace("各项任务排在第一位的为牵头单位。\n", "")).tasks[0].doubts == []


def test_doubts_are_in_the_contract():
    cut = "某省方案\n二、重点任务\n1.健全常住地基本公共服务制度。(责任单位:省公安厅"
    assert parse_text(cut).to_dict()["tasks"][0]["doubts"] == [model.INCOMPLETE]
    whole = "某市方案\n1.稳定就业。(责任单位:市人社局)\n\n某市人民政府\n2023年3月1日\n"
    assert parse_text(whole).to_dict()["tasks"][0]["doubts"] == []
