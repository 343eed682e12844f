"""Same answer in every wrapping: the seed notice saved as GBK or UTF-16 text, with
full-width punctuation, in Traditional characters, as .docx, as a WeasyPrint PDF
(A4, wrapped lines, running header, page numbers), as a government web page (UTF-8
and GBK) and as an OFD file parses to the same tasks, units and targets as the
plain UTF-8 text."""

from __future__ import annotations

import re
from pathlib import Path

import opencc
import pytest

from duban.docparse import parse_bytes, parse_text, read_bytes
from duban.docparse.normalize import clean_text
from tests.docparse import makedocs

SEED = (Path(__file__).parent / "data" / "haixi-2020-91.txt").read_text(encoding="utf-8")
CORPUS = Path(__file__).parent / "corpus"


def _wrap(name: str) -> tuple[bytes, str]:
    if name == "gbk":
        return SEED.encode("gb18030"), "plan.txt"
    if name == "utf-16":
        return SEED.encode("utf-16"), "plan.txt"
    if name == "utf-16-le-no-bom":
        return SEED.encode("utf-16-le"), "plan"
    if name == "full-width":
        return makedocs.full_width(SEED).encode("utf-8"), "plan.txt"
    if name == "traditional":
        return opencc.OpenCC("s2t").convert(SEED).encode("utf-8"), "plan.txt"
    if name == "docx":
        return makedocs.make_docx(SEED), "plan.docx"
    if name == "pdf":
        return makedocs.make_pdf(SEED), "plan.pdf"
    if name == "html":
        return makedocs.make_html(SEED), "plan.html"
    if name == "html-gbk":
        return makedocs.make_html(SEED, charset="gbk"), "plan.htm"
    if name == "ofd":
        return makedocs.make_ofd(SEED), "plan.ofd"
    raise AssertionError(name)


WRAPPINGS = [
    "gbk",
    "utf-16",
    "utf-16-le-no-bom",
    "full-width",
    "traditional",
    "docx",
    "pdf",
    "html",
    "html-gbk",
    "ofd",
]


def essentials(plan) -> dict:
    """The parse without positions or verbatim slices: tasks (titles, keys, groups),
    units (lead/co sets), deadlines, subtasks, and targets (name, op, value, unit)."""
    data = plan.to_dict()
    tasks = []
    for task in data["tasks"]:
        tasks.append(
            {
                "key": task["key"],
                "title": task["title"],
                "group": task.get("group"),
                "lead_units": sorted(task["lead_units"]),
                "co_units": sorted(task["co_units"]),
                "deadline": task["deadline"],
                "subtasks": [(s["key"], s["title"]) for s in task["subtasks"]],
                # A PDF cannot tell a space between two CJK characters from letter
                # spacing, so target names are compared without whitespace.
                "indicators": [
                    (
                        re.sub(r"\s+", "", i["name"]),
                        i["op"],
                        i["value"],
                        i.get("value_max"),
                        i["unit"],
                        i["subject"],
                        i["deadline"],
                    )
                    for i in task["indicators"]
                ],
            }
        )
    return {"tasks": tasks, "reporting": data["reporting"]}


@pytest.fixture(scope="module")
def expected() -> dict:
    answer = essentials(parse_text(SEED))
    # Guard against a vacuous pass: the plain text must give real tasks.
    assert len(answer["tasks"]) >= 1
    assert any(task["lead_units"] or task["co_units"] for task in answer["tasks"])
    return answer


@pytest.mark.parametrize("name", WRAPPINGS)
def test_same_answer_in_every_wrapping(name, expected):
    data, filename = _wrap(name)
    got = essentials(parse_bytes(data, filename))
    assert got["tasks"] == expected["tasks"]
    assert got["reporting"] == expected["reporting"]


@pytest.mark.parametrize("name", ["gbk", "utf-16", "docx", "pdf", "html", "html-gbk", "ofd"])
def test_same_meta_in_every_wrapping(name):
    data, filename = _wrap(name)
    assert parse_bytes(data, filename).meta == parse_text(SEED).meta


def test_full_width_text_keeps_its_characters():
    """Folding is for matching only: the text a user sees stays as written."""
    data, filename = _wrap("full-width")
    plan = parse_bytes(data, filename)
    assert plan.text == clean_text(makedocs.full_width(SEED))
    assert re.search("（牵头单位：", plan.text)


# --- the corpus documents in every fixed and flowing format ----------------------

_MAKERS = {
    "docx": makedocs.make_docx,
    "html": makedocs.make_html,
    "ofd": makedocs.make_ofd,
    "pdf": lambda text: makedocs.make_pdf(text, header=None),
}
# Known, stated exception (checked differently below, not skipped): wangchuan is text
# saved from a PDF, hard-wrapped at 30 characters with "— n —" footers; laid out again,
# its wrapped lines are rightly rejoined and the footers dropped.
_HARD_WRAPPED = {"wangchuan-2021-renju"}
CASES = [
    (p.stem, kind) for p in sorted(CORPUS.glob("*.txt")) for kind in ("docx", "html", "pdf", "ofd")
]


def _lines(text: str, keep_tabs: bool) -> list[str]:
    space = r"[^\S\t]+" if keep_tabs else r"\s+"
    return [re.sub(space, "", line) for line in text.split("\n") if line.strip()]


@pytest.fixture(scope="module")
def corpus_files():
    cache: dict = {}

    def get(slug: str, kind: str) -> tuple[str, bytes]:
        if (slug, kind) not in cache:
            text = clean_text((CORPUS / f"{slug}.txt").read_text(encoding="utf-8"))
            cache[slug, kind] = (text, _MAKERS[kind](text))
        return cache[slug, kind]

    return get


@pytest.mark.parametrize(("slug", "kind"), CASES)
def test_corpus_text_survives_the_format(slug, kind, corpus_files):
    """Reader level: the paragraphs (and table rows, cell by cell) come back."""
    text, data = corpus_files(slug, kind)
    got = read_bytes(data, f"doc.{kind}")
    if slug in _HARD_WRAPPED and kind in ("pdf", "ofd"):
        source = [line for line in _lines(text, False) if not re.fullmatch(r"[—-]\d+[—-]", line)]
        assert "".join(_lines(got, False)) == "".join(source)
    elif kind == "html" and ("字体:大 中 小" in text or "打印本页" in text):
        # A scraped page's controls ("【字体:大 中 小】 打印本页 关闭窗口") in the source
        # are what the HTML reader removes from a page.
        source = "\n".join(
            line
            for line in text.split("\n")
            if "字体:大 中 小" not in line and "打印本页" not in line
        )
        assert _lines(got, True) == _lines(source, True)
    else:
        assert _lines(got, True) == _lines(text, True)


@pytest.mark.parametrize(("slug", "kind"), CASES)
def test_corpus_same_answer_in_every_format(slug, kind, corpus_files):
    text, data = corpus_files(slug, kind)
    expected = essentials(parse_text(text))
    got = essentials(parse_bytes(data, f"doc.{kind}"))
    if slug in _HARD_WRAPPED and kind in ("pdf", "ofd"):
        # Different text by design (see above): the answer must still be a real one.
        assert got["tasks"], "no tasks"
        assert got["reporting"]["deadline"] == expected["reporting"]["deadline"]
    else:
        assert got == expected
