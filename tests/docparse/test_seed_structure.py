"""The seed notice against its hand-made gold answer: structure half (tasks,
units, meta, reporting). Targets are scored in the targets helper's tests."""

import json
from pathlib import Path

import pytest

from duban.docparse import parse_file
from tests.docparse.scoring import score

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def result():
    parsed = parse_file(DATA / "haixi-2020-91.txt").to_dict()
    gold = json.loads((DATA / "haixi-2020-91.gold.json").read_text(encoding="utf-8"))
    return parsed, gold, score(parsed, gold)


def test_tasks_match_gold(result):
    _, _, s = result
    assert s.tasks.f1 == 1.0, s.report()


def test_units_match_gold(result):
    _, _, s = result
    assert s.lead.f1 >= 0.98, s.report()
    assert s.co.f1 >= 0.98, s.report()


def test_meta_and_reporting_exact(result):
    _, _, s = result
    assert s.meta_mismatches == [], s.report()
    assert s.reporting_mismatches == [], s.report()


def test_keys_titles_and_subtasks(result):
    parsed, gold, _ = result
    assert [t["key"] for t in parsed["tasks"]] == [t["key"] for t in gold["tasks"]]
    for p, g in zip(parsed["tasks"], gold["tasks"], strict=True):
        # Gold subtasks marked required: false (lead sentences) may be given or not.
        if all(s.get("required", True) for s in g["subtasks"]):
            assert [s["title"] for s in p["subtasks"]] == [s["title"] for s in g["subtasks"]]


def test_spans_cover_items_and_exclude_debris(result):
    parsed, _, _ = result
    text = parse_file(DATA / "haixi-2020-91.txt").text
    last = parsed["tasks"][-1]
    a, b = last["span"]
    assert text[a:b].startswith("(九)扎扎实实保障和改善民生")
    assert text[a:b].endswith("大柴旦行委)")
    for task in parsed["tasks"]:
        for sub in task["subtasks"]:
            assert task["span"][0] <= sub["span"][0] < sub["span"][1] <= task["span"][1]
