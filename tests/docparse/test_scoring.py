"""The scorer itself: the seed gold against itself and against damaged copies."""

import copy
import json
from pathlib import Path

import pytest

from tests.docparse.scoring import norm, score

GOLD = json.loads(
    (Path(__file__).parent / "data" / "haixi-2020-91.gold.json").read_text(encoding="utf-8")
)


def required_targets(gold):
    return sum(
        1 for t in gold["tasks"] for i in t["indicators"] if i.get("required", True) is not False
    )


def units(gold, key):
    return sum(len(t[key]) for t in gold["tasks"])


@pytest.fixture
def damaged():
    return copy.deepcopy(GOLD)


def task(doc, key):
    return next(t for t in doc["tasks"] if t["key"] == key)


def test_gold_against_itself_is_perfect():
    s = score(GOLD, GOLD)
    assert s.perfect, s.report()
    assert s.tasks.tp == 9 and s.tasks.f1 == 1.0
    assert s.lead.tp == units(GOLD, "lead_units") and s.lead.f1 == 1.0
    assert s.co.tp == units(GOLD, "co_units") and s.co.f1 == 1.0
    assert s.targets.tp == required_targets(GOLD) and s.targets.f1 == 1.0
    assert s.op_accuracy == 1.0 and s.op.total == required_targets(GOLD)
    # Two subjects in the seed's targets per distributed pair: 德令哈/格尔木 twice.
    assert s.subject_accuracy == 1.0 and s.subject.total == 4
    assert s.meta_mismatches == [] and s.reporting_mismatches == []


def test_empty_parse_scores_zero_recall():
    s = score({"meta": {}, "reporting": {}, "tasks": []}, GOLD)
    assert s.tasks.recall == 0.0 and s.tasks.f1 == 0.0
    assert s.lead.fn == units(GOLD, "lead_units") and s.lead.f1 == 0.0
    assert s.targets.fn == required_targets(GOLD) and s.targets.f1 == 0.0
    assert len(s.meta_mismatches) == 7 and len(s.reporting_mismatches) == 3


def test_dropped_task(damaged):
    dropped = damaged["tasks"].pop(0)  # 二.(一): 1 lead, 11 co, no targets
    s = score(damaged, GOLD)
    assert (s.tasks.tp, s.tasks.fp, s.tasks.fn) == (8, 0, 1)
    assert s.tasks.precision == 1.0 and s.tasks.recall == pytest.approx(8 / 9)
    assert s.tasks.f1 == pytest.approx(2 * (8 / 9) / (1 + 8 / 9))
    assert (s.lead.fp, s.lead.fn) == (0, len(dropped["lead_units"]))
    assert (s.co.fp, s.co.fn) == (0, 11)
    assert "missed: 二.(一) 常态化抓好疫情防控" in s.report()


def test_dropped_task_with_targets_counts_its_targets_missed(damaged):
    damaged["tasks"] = [t for t in damaged["tasks"] if t["key"] != "二.(四)"]
    s = score(damaged, GOLD)
    in_task = sum(1 for i in task(GOLD, "二.(四)")["indicators"] if i.get("required", True))
    assert s.targets.fn == in_task and s.targets.fp == 0
    assert s.targets.tp == required_targets(GOLD) - in_task


def test_extra_task_counts_its_units_and_targets_as_false_positives(damaged):
    damaged["tasks"].append(
        {
            "title": "加强组织领导",
            "lead_units": ["州政府办公室"],
            "co_units": ["州财政局", "州审计局"],
            "indicators": [{"name": "x", "op": ">=", "value": 1, "unit": "个"}],
        }
    )
    s = score(damaged, GOLD)
    assert (s.tasks.tp, s.tasks.fp, s.tasks.fn) == (9, 1, 0)
    assert (s.lead.fp, s.co.fp, s.targets.fp) == (1, 2, 1)
    assert "extra:  加强组织领导" in s.report()


def test_unit_moved_from_lead_to_co(damaged):
    t = task(damaged, "二.(三)")
    moved = t["lead_units"].pop(0)
    t["co_units"].append(moved)
    s = score(damaged, GOLD)
    assert (s.lead.tp, s.lead.fp, s.lead.fn) == (units(GOLD, "lead_units") - 1, 0, 1)
    assert (s.co.tp, s.co.fp, s.co.fn) == (units(GOLD, "co_units"), 1, 0)
    assert s.lead.recall == pytest.approx(1 - 1 / units(GOLD, "lead_units"))
    report = s.report()
    assert f"missed ['{moved}']" in report and f"extra  ['{moved}']" in report


def test_unit_renamed(damaged):
    task(damaged, "二.(一)")["co_units"][0] = "州教育体育局"
    s = score(damaged, GOLD)
    assert (s.co.fp, s.co.fn) == (1, 1)
    assert s.lead.f1 == 1.0


def test_width_and_space_differences_do_not_count(damaged):
    t = task(damaged, "二.(一)")
    t["title"] = " 常态化抓好疫情防控。"
    t["co_units"] = [u.replace(",", ",") + " " for u in t["co_units"]]
    damaged["meta"]["plan_title"] = damaged["meta"]["plan_title"].replace(",", ",")
    s = score(damaged, GOLD)
    assert s.perfect, s.report()


def test_title_matched_by_containment(damaged):
    task(damaged, "二.(四)")["title"] = "全力推动稳增长。一是保市场主体"
    s = score(damaged, GOLD)
    assert s.tasks.f1 == 1.0
    assert "matched by containment" in s.report()
    assert s.targets.f1 == 1.0


def test_containment_is_one_to_one(damaged):
    # Two parsed tasks both containing one gold title: only one may match it.
    extra = copy.deepcopy(task(damaged, "二.(三)"))
    extra["title"] = "筑牢生态安全屏障的其他工作"
    task(damaged, "二.(三)")["title"] = "筑牢生态安全屏障工作"
    damaged["tasks"].append(extra)
    s = score(damaged, GOLD)
    assert (s.tasks.tp, s.tasks.fp, s.tasks.fn) == (9, 1, 0)


def test_target_value_changed(damaged):
    t = task(damaged, "二.(七)")
    t["indicators"][2]["value"] = 38.8  # 38.8万亩 left unscaled
    s = score(damaged, GOLD)
    n = required_targets(GOLD)
    assert (s.targets.tp, s.targets.fp, s.targets.fn) == (n - 1, 1, 1)
    assert s.targets.precision == pytest.approx((n - 1) / n)
    assert "missed 化肥农药减量增效项目" in s.report()


def test_target_unit_changed(damaged):
    task(damaged, "二.(七)")["indicators"][0]["unit"] = "家"
    s = score(damaged, GOLD)
    assert (s.targets.fp, s.targets.fn) == (1, 1)


def test_measure_word_before_a_unit_is_ignored():
    gold = {
        "tasks": [
            {
                "title": "a",
                "indicators": [
                    {"name": "办理时间", "op": "<=", "value": 3, "unit": "个工作日"},
                    {"name": "基站", "op": ">=", "value": 5, "unit": "个"},
                ],
            }
        ]
    }
    parsed = copy.deepcopy(gold)
    parsed["tasks"][0]["indicators"][0]["unit"] = "工作日"
    assert score(parsed, gold).targets.f1 == 1.0
    parsed["tasks"][0]["indicators"][1]["unit"] = ""
    assert score(parsed, gold).targets.fn == 1


def test_value_tolerance_is_relative(damaged):
    t = task(damaged, "二.(七)")["indicators"][2]
    t["value"] = t["value"] * (1 + 1e-9)
    assert score(damaged, GOLD).targets.fn == 0
    t["value"] = 388001
    assert score(damaged, GOLD).targets.fn == 1


def test_wrong_comparator(damaged):
    t = task(damaged, "二.(七)")["indicators"][6]  # 蔬菜产量 ≈ 8000 吨
    assert t["op"] == "≈"
    t["op"] = ">="
    s = score(damaged, GOLD)
    n = required_targets(GOLD)
    assert s.targets.f1 == 1.0
    assert s.op.right == n - 1 and s.op_accuracy == pytest.approx((n - 1) / n)
    assert "parsed op >=" in s.report()


def test_between_needs_value_max(damaged):
    t = task(damaged, "二.(八)")["indicators"][0]
    assert t["op"] == "between"
    t["value_max"] = 3
    s = score(damaged, GOLD)
    assert s.targets.f1 == 1.0 and s.op.right == s.op.total - 1


def test_wrong_subject(damaged):
    t = task(damaged, "二.(二)")["indicators"][0]
    assert t["subject"] == "德令哈"
    t["subject"] = None
    s = score(damaged, GOLD)
    assert s.targets.f1 == 1.0
    assert (s.subject.right, s.subject.total) == (3, 4)


def test_subject_with_place_suffix_counts(damaged):
    task(damaged, "二.(二)")["indicators"][0]["subject"] = "德令哈市"
    assert score(damaged, GOLD).subject_accuracy == 1.0


def test_shared_value_targets_pair_by_name(damaged):
    # Two 8 % targets in one task listed in the other order still pair up by name.
    t = task(damaged, "二.(四)")
    t["indicators"][0], t["indicators"][1] = t["indicators"][1], t["indicators"][0]
    t["indicators"][0]["op"] = "<="
    s = score(damaged, GOLD)
    assert s.targets.f1 == 1.0
    assert "房地产从业人员劳动报酬增长 >= 8" in s.report()


def test_optional_target_removed_is_not_a_miss(damaged):
    for t in damaged["tasks"]:
        t["indicators"] = [i for i in t["indicators"] if i.get("required", True)]
    s = score(damaged, GOLD)
    assert s.perfect, s.report()
    assert s.targets.tp == required_targets(GOLD)


def test_optional_target_found_is_not_rewarded(damaged):
    s = score(damaged, GOLD)
    assert s.targets.tp == required_targets(GOLD)  # the 4 optional ones add nothing
    assert sum(1 for t in GOLD["tasks"] for i in t["indicators"] if i.get("required") is False) == 4


def test_optional_target_matches_whatever_its_unit():
    gold = {
        "tasks": [
            {
                "title": "a",
                "indicators": [
                    {
                        "name": "接入设备",
                        "op": ">=",
                        "value": 1e6,
                        "unit": "台(套)",
                        "required": False,
                    }
                ],
            }
        ]
    }
    parsed = {
        "tasks": [
            {
                "title": "a",
                "indicators": [{"name": "接入设备", "op": ">=", "value": 1e6, "unit": "台"}],
            }
        ]
    }
    s = score(parsed, gold)
    assert (s.targets.tp, s.targets.fp, s.targets.fn) == (0, 0, 0)
    parsed["tasks"][0]["indicators"][0]["value"] = 2e6
    assert score(parsed, gold).targets.fp == 1


def test_target_added_is_a_false_positive(damaged):
    task(damaged, "二.(一)")["indicators"].append(
        {"subject": None, "name": "延长", "op": ">=", "value": 30, "unit": "年"}
    )
    s = score(damaged, GOLD)
    n = required_targets(GOLD)
    assert (s.targets.tp, s.targets.fp, s.targets.fn) == (n, 1, 0)
    assert s.targets.precision == pytest.approx(n / (n + 1))
    assert "extra  延长 >= 30 年" in s.report()


def test_optional_gold_target_made_required_missing_counts(damaged):
    gold = copy.deepcopy(GOLD)
    optional = task(gold, "二.(五)")["indicators"]
    flipped = next(i for i in optional if i.get("required") is False)
    flipped["required"] = True
    for t in damaged["tasks"]:
        t["indicators"] = [i for i in t["indicators"] if i.get("required", True)]
    s = score(damaged, gold)
    assert s.targets.fn == 1 and s.targets.fp == 0


def test_valueless_targets_match_on_op():
    gold = {
        "tasks": [
            {
                "title": "稳增长",
                "lead_units": [],
                "co_units": [],
                "indicators": [
                    {
                        "name": "规上工业增加值增速",
                        "op": "turn_positive",
                        "value": None,
                        "unit": None,
                    },
                    {"name": "欠薪", "op": "zero", "value": None, "unit": None},
                ],
            }
        ]
    }
    parsed = copy.deepcopy(gold)
    parsed["tasks"][0]["indicators"][1]["op"] = "turn_positive"
    s = score(parsed, gold)
    assert (s.targets.tp, s.targets.fp, s.targets.fn) == (1, 1, 1)


def test_meta_and_reporting_mismatches(damaged):
    damaged["meta"]["doc_number"] = "西政办[2020]91号"
    damaged["meta"]["addressees"] = list(reversed(damaged["meta"]["addressees"]))
    damaged["reporting"]["deadline"] = "2020-12-31"
    s = score(damaged, GOLD)
    assert [m[0] for m in s.meta_mismatches] == ["doc_number"]
    assert s.reporting_mismatches == [("deadline", "2020-12-21", "2020-12-31")]
    assert "doc_number: expected" in s.report()


def test_meta_fields_absent_from_gold_are_not_checked(damaged):
    gold = copy.deepcopy(GOLD)
    del gold["meta"]["index_number"]
    damaged["meta"]["index_number"] = None
    assert score(damaged, gold).meta_mismatches == []


def test_leaders_and_task_deadlines_are_scored():
    gold = {
        "tasks": [
            {
                "title": "a",
                "lead_units": ["市发改委"],
                "co_units": [],
                "leaders": ["张三"],
                "deadline": "2021-06-30",
                "indicators": [],
            }
        ]
    }
    parsed = copy.deepcopy(gold)
    parsed["tasks"][0]["title"] = "a"
    parsed["tasks"][0]["leaders"] = []
    parsed["tasks"][0]["lead_units"] = ["市发改委", "张三"]
    parsed["tasks"][0]["deadline"] = None
    s = score(parsed, gold)
    assert (s.leaders.fn, s.lead.fp) == (1, 1)
    assert (s.task_deadline.right, s.task_deadline.total) == (0, 1)


def test_norm():
    assert norm("各市、县人民政府,") == "各市、县人民政府"
    assert norm("州政府 办公室") == "州政府办公室"
    assert norm("(牵头)") == "(牵头)"
    assert norm(None) == ""
