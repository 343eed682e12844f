"""The parser against the corpus of further documents (tests/docparse/corpus/).

Each document is another region's notice in another layout, with a hand-made answer
<slug>.gold.json in the contract's shape. The thresholds are what a good parser of the
genre must reach on a short, clean document; they are not tuned to any parser.
The corpus README says which pattern each document exercises.
"""

import functools
import json
from pathlib import Path

import pytest

from duban.docparse.parser import parse_text
from duban.docparse.readers import read_file
from tests.docparse.scoring import META_FIELDS, REPORTING_FIELDS, norm, score

CORPUS = Path(__file__).parent / "corpus"
DOCUMENTS = sorted(p.name.removesuffix(".txt") for p in CORPUS.glob("*.txt"))


def gold_of(slug: str) -> dict:
    return json.loads((CORPUS / f"{slug}.gold.json").read_text(encoding="utf-8"))


@functools.cache
def scored(slug: str):
    parsed = parse_text(read_file(CORPUS / f"{slug}.txt")).to_dict()
    return score(parsed, gold_of(slug))


def test_corpus_is_large_enough():
    assert len(DOCUMENTS) >= 6
    for slug in DOCUMENTS:
        size = (CORPUS / f"{slug}.txt").stat().st_size
        assert 1000 <= size <= 6144, (slug, size)
        assert (CORPUS / f"{slug}.gold.json").exists(), slug
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    for slug in DOCUMENTS:
        assert slug in readme, f"{slug} is not described in corpus/README.md"


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_gold_agrees_with_its_document(slug):
    """The hand-made answers themselves: every title, unit, leader and target sentence
    is in the document, and each target sentence lies inside its own task."""
    text = norm(read_file(CORPUS / f"{slug}.txt"))
    gold = gold_of(slug)
    for name in ("title", "doc_number", "index_number", "issuer", "plan_title"):
        if gold["meta"].get(name):
            assert norm(gold["meta"][name]) in text, (name, gold["meta"][name])
    for name in gold["meta"].get("addressees") or []:
        assert norm(name) in text, name
    for name in ("to", "channel"):
        if gold["reporting"].get(name):
            assert norm(gold["reporting"][name]) in text, (name, gold["reporting"][name])
    for field in ("published",):
        assert gold["meta"][field] is None or len(gold["meta"][field]) == 10

    starts = []
    for task in gold["tasks"]:
        position = text.find(norm(task["title"]), starts[-1] if starts else 0)
        assert position >= 0, f"task title {task['title']!r} not found in document order"
        starts.append(position)
        for key in ("lead_units", "co_units", "leaders"):
            for unit in task.get(key) or []:
                assert norm(unit) in text, (task["title"], key, unit)
        if task.get("group"):
            assert norm(task["group"]) in text[:position], (task["title"], task["group"])
    ends = starts[1:] + [len(text)]
    for task, start, end in zip(gold["tasks"], starts, ends, strict=True):
        for target in task["indicators"]:
            assert norm(target["text"]) in text[start:end], (task["title"], target["text"])
            assert target["op"] in (">=", "<=", "=", "≈", "between", "turn_positive", "zero")
            assert (target["value"] is None) == (target["op"] in ("turn_positive", "zero"))
            if target["op"] == "between":
                assert target["value_max"] > target["value"]


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_tasks(slug):
    s = scored(slug)
    assert s.tasks.f1 == 1.0, s.report()


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_units(slug):
    s = scored(slug)
    assert s.lead.f1 >= 0.95 and s.co.f1 >= 0.95, s.report()


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_targets(slug):
    s = scored(slug)
    assert s.targets.f1 >= 0.9, s.report()
    assert s.op_accuracy >= 0.9, s.report()
    assert s.subject_accuracy >= 0.9, s.report()


@pytest.mark.parametrize("slug", DOCUMENTS)
def test_meta_and_reporting(slug):
    s = scored(slug)
    gold = gold_of(slug)
    assert set(gold["meta"]) >= set(META_FIELDS)
    assert set(gold["reporting"]) >= set(REPORTING_FIELDS)
    assert not s.meta_mismatches and not s.reporting_mismatches, s.report()


@pytest.mark.parametrize(
    "slug",
    [
        slug
        for slug in DOCUMENTS
        if any("deadline" in t or t.get("leaders") for t in gold_of(slug)["tasks"])
    ],
)
def test_task_deadlines_and_leaders(slug):
    """Per-item 完成时限 and 责任领导, where the document gives them."""
    s = scored(slug)
    assert s.task_deadline_accuracy >= 0.9, s.report()
    assert s.leaders.f1 >= 0.95, s.report()
