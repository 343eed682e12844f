"""Where a unit's role came from: each parsed task maps the units read under a label
(or a table column header) to that label, so the review page can offer to teach the
office's vocabulary; units read from a sentence or by a mark carry none."""

from duban.docparse import parse_text

LUOSHI = (
    "关于开展测试专项行动的通知\n\n"
    "一、重点任务\n"
    "(一)抓好项目投资。\n"
    "牵头单位:州发改委\n"
    "落实主体:州住建局、州财政局\n"
    "(二)稳定就业。\n"
    "牵头单位:州人社局\n"
    "落实主体:州教育局\n"
)


def test_units_under_an_office_label_record_it():
    tasks = parse_text(LUOSHI, vocabulary={"落实主体": "lead"}).tasks
    assert tasks[0].lead_units == ["州发改委", "州住建局", "州财政局"]
    assert tasks[0].unit_labels == {
        "州发改委": "牵头单位",
        "州住建局": "落实主体",
        "州财政局": "落实主体",
    }
    assert tasks[1].unit_labels == {"州人社局": "牵头单位", "州教育局": "落实主体"}


def test_an_unknown_label_gives_neither_units_nor_labels():
    tasks = parse_text(LUOSHI).tasks
    assert tasks[0].unit_labels == {"州发改委": "牵头单位"}


def test_units_from_a_sentence_carry_no_label():
    text = "关于印发方案的通知\n\n1.扩大有效投资。市人社局牵头,市教育局配合。\n"
    task = parse_text(text).tasks[0]
    assert (task.lead_units, task.co_units) == (["市人社局"], ["市教育局"])
    assert task.unit_labels == {}


def test_a_lead_marked_in_a_list_is_not_read_by_its_label():
    text = "关于印发方案的通知\n\n1.推进产业升级(责任单位:市工信局(牵头)、市财政局)\n"
    task = parse_text(text).tasks[0]
    assert task.lead_units == ["市工信局"]
    assert task.unit_labels == {"市财政局": "责任单位"}


def test_a_table_column_header_is_the_label_of_its_cells():
    text = (
        "关于印发方案的通知\n\n"
        "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
        "1\t推进产业升级\t市发改委\t市工信局、市财政局\t2023年底前\n"
    )
    task = parse_text(text).tasks[0]
    assert task.unit_labels == {
        "市发改委": "牵头单位",
        "市工信局": "配合单位",
        "市财政局": "配合单位",
    }


def test_labels_standing_alone_on_their_lines_are_recorded():
    text = (
        "关于印发方案的通知\n\n"
        "具体任务\n建设区域医疗中心\n责任单位\n卫健局、文旅局\n配合单位\n各乡镇\n"
        "完成时限\n2023年底前\n"
    )
    task = parse_text(text).tasks[0]
    assert task.unit_labels == {"卫健局": "责任单位", "文旅局": "责任单位", "各乡镇": "配合单位"}


def test_the_contract_dict_carries_the_labels():
    item = parse_text(LUOSHI, vocabulary={"落实主体": "co"}).to_dict()["tasks"][0]
    assert item["co_units"] == ["州住建局", "州财政局"]
    assert item["unit_labels"]["州住建局"] == "落实主体"
