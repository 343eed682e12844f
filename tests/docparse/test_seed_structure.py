"""The seed notice against its hand-made gold answer: structure half (tasks,
units, meta, reporting). Targets are scored in the targets helper's tests."""

import json
import re
from pathlib import Path

import pytest

from duban.docparse import parse_file, parse_text
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


def _seed() -> str:
    return (DATA / "haixi-2020-91.txt").read_text(encoding="utf-8")


def _numbered(m):
    return f"{'一二三四五六七八九'.index(m.group(1)) + 1}."


# The same notice in other layouts of the genre; the answer must not change.
LAYOUTS = {
    "heading on its own line": lambda s: re.sub(
        r"^(\([一二三四五六七八九]\)[^。\n]+。)", r"\1\n", s, flags=re.M
    ),
    "units on label lines": lambda s: re.sub(
        r"\((?:牵头单位:([^)]*?),)?责任单位:([^)]+)\)\n",
        lambda m: (f"\n牵头单位:{m.group(1)}" if m.group(1) else "") + f"\n责任单位:{m.group(2)}\n",
        s,
    ),
    "arabic numbers": lambda s: re.sub(r"^\(([一二三四五六七八九])\)", _numbered, s, flags=re.M),
    "unlabelled units": lambda s: re.sub(
        r"\(牵头单位:([^)]*?),责任单位:([^)]+)\)",
        lambda m: f"({m.group(1)}牵头,{m.group(2)}配合)",
        s,
    ),
    "hexagonal brackets": lambda s: re.sub(r"\((牵头单位|责任单位)([^)]*)\)", r"〔\1\2〕", s),
    "full-width punctuation": lambda s: s.translate(str.maketrans(",:();", "，：（）；")),
    "series on their own lines": lambda s: re.sub(r"。([一二三四五六七]是)", r"。\n\1", s),
    "windows line ends, no blank lines": lambda s: s.replace("\n\n", "\n").replace("\n", "\r\n"),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_seed_in_other_layouts(layout):
    gold = json.loads((DATA / "haixi-2020-91.gold.json").read_text(encoding="utf-8"))
    changed = LAYOUTS[layout](_seed())
    assert changed != _seed()
    s = score(parse_text(changed).to_dict(), gold)
    assert s.tasks.f1 == 1.0, s.report()
    assert s.lead.f1 == 1.0 and s.co.f1 == 1.0, s.report()
    assert not s.meta_mismatches and not s.reporting_mismatches, s.report()
