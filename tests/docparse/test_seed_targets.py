"""The seed notice's targets against its hand-made gold answer.

Scored two ways with tests/docparse/scoring.py (match = same task, same base value,
same unit; gold targets marked required: false neither rewarded nor punished):
- per gold task: each task body is located in the seed by its title and the next
  task's title, and `extract_indicators` runs on that span alone, so a target miss
  here is the extractor's, whatever the outline does;
- through the whole parser (`parse_text`), as a user gets it.
"""

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from duban.docparse.normalize import clean_text, fold
from duban.docparse.parser import parse_text
from duban.docparse.targets import extract_indicators
from tests.docparse.scoring import score

DATA = Path(__file__).parent / "data"
YEAR = 2020


@pytest.fixture(scope="module")
def seed():
    text = clean_text((DATA / "haixi-2020-91.txt").read_text(encoding="utf-8"))
    gold = json.loads((DATA / "haixi-2020-91.gold.json").read_text(encoding="utf-8"))
    return text, gold


def _heading(task: dict) -> str:
    # "二.(四)" + "全力推动稳增长" → "(四)全力推动稳增长" as the seed writes it
    return task["key"].rsplit(".", 1)[-1] + task["title"]


def _per_task_parse(text: str, gold: dict) -> dict:
    folded = fold(text)
    tasks = gold["tasks"]
    starts = []
    for task in tasks:
        position = folded.find(_heading(task), starts[-1] if starts else 0)
        assert position >= 0, task["title"]
        starts.append(position)
    last_paragraph_end = folded.find("\n", starts[-1])
    ends = starts[1:] + [last_paragraph_end if last_paragraph_end >= 0 else len(text)]
    parsed_tasks = []
    for task, start, end in zip(tasks, starts, ends, strict=True):
        found = extract_indicators(text, folded, start, end, year=YEAR)
        parsed_tasks.append(
            {
                "key": task["key"],
                "title": task["title"],
                "indicators": [asdict(ind) for ind in found],
                "span": [start, end],
            }
        )
    return {"tasks": parsed_tasks}


@pytest.fixture(scope="module")
def per_task(seed):
    text, gold = seed
    parsed = _per_task_parse(text, gold)
    return text, parsed, score(parsed, gold)


@pytest.fixture(scope="module")
def whole(seed):
    text, gold = seed
    plan = parse_text(text)
    parsed = plan.to_dict()
    return plan.text, parsed, score(parsed, gold)


@pytest.mark.parametrize("mode", ["per_task", "whole"])
def test_targets_f1(mode, request):
    _, _, s = request.getfixturevalue(mode)
    assert s.targets.f1 >= 0.95, s.report()


@pytest.mark.parametrize("mode", ["per_task", "whole"])
def test_every_required_target_is_found(mode, request):
    _, _, s = request.getfixturevalue(mode)
    assert s.targets.fn == 0, s.report()


@pytest.mark.parametrize("mode", ["per_task", "whole"])
def test_comparators(mode, request):
    _, _, s = request.getfixturevalue(mode)
    assert s.op.total >= 50, s.report()
    assert s.op_accuracy >= 0.95, s.report()


@pytest.mark.parametrize("mode", ["per_task", "whole"])
def test_every_distribution_subject(mode, request):
    _, _, s = request.getfixturevalue(mode)
    assert s.subject.total == 4, s.report()
    assert s.subject.right == s.subject.total, s.report()


@pytest.mark.parametrize("mode", ["per_task", "whole"])
def test_target_deadlines(mode, request):
    _, _, s = request.getfixturevalue(mode)
    assert s.target_deadline.total >= 10, s.report()
    assert s.target_deadline.right == s.target_deadline.total, s.report()


@pytest.mark.parametrize("mode", ["per_task", "whole"])
def test_extras_are_only_valueless_targets(mode, request):
    """The gold lists no 由负转正/清零 targets; everything else extracted is in it."""
    _, _, s = request.getfixturevalue(mode)
    extras = [line for line in s.notes.get("targets", []) if "extra" in line]
    assert all(" turn_positive " in line or " zero " in line for line in extras), s.report()


@pytest.mark.parametrize("mode", ["per_task", "whole"])
def test_spans_point_at_the_target_text(mode, request):
    text, parsed, _ = request.getfixturevalue(mode)
    count = 0
    for task in parsed["tasks"]:
        for ind in task["indicators"]:
            start, end = ind["span"]
            assert fold(text[start:end]) == ind["text"]
            assert ind["raw"] in ind["text"] or ind["op"] in ("turn_positive", "zero")
            assert task["span"][0] <= start < end <= task["span"][1]
            count += 1
    assert count >= 55


def test_not_targets_of_the_seed_are_left_alone(per_task):
    _, parsed, _ = per_task
    raws = {ind["raw"] for task in parsed["tasks"] for ind in task["indicators"]}
    for raw in ("13.5万千瓦", "2万吨", "10万头", "400MWh", "30年", "6个月", "21户", "15000吨"):
        assert raw not in raws


def test_names_say_what_is_measured(per_task):
    _, parsed, _ = per_task
    names = {ind["name"] for task in parsed["tasks"] for ind in task["indicators"]}
    for name in (
        "失业率",
        "城镇新增就业",
        "5G基站",
        "商品房销售面积增长",
        "房地产从业人员劳动报酬增长",
        "PM2.5平均浓度同比下降",
        "空气质量优良率",
        "重点产业项目完成投资",
        "蔬菜产量",
        "“三公”经费压减",
    ):
        assert name in names, (name, sorted(names))
