"""Robustness: whatever it is given, the parser returns a ParsedPlan or raises
DocumentError, and no single input (up to 100 KB) takes a second.

Inputs: random text built from the genre's own tokens (numbering, brackets, unit
labels, magnitudes) repeated to large sizes, random bytes behind real magic numbers,
the seed notice mutated (slices, duplicated lines, inserted numbers, brackets and
unit labels, truncations), and real docx/ofd/pdf files with bytes flipped or cut.

Examples: 1,000 per property when the CI environment variable is set, 200 otherwise.
The time limit is measured here with perf_counter (deadline=None): this is the one
timing assertion of the suite. A call over the limit is run once more and the
better time judged, so a stalled CI machine does not fail it but a slow input does.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban.docparse import DocumentError, ParsedPlan, parse_bytes, parse_text
from tests.docparse import makedocs

_COMMON = {
    "deadline": None,
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
}
settings.register_profile("docparse-ci", max_examples=1000, **_COMMON)
settings.register_profile("docparse-dev", max_examples=200, **_COMMON)
FUZZ = settings.get_profile("docparse-ci" if os.environ.get("CI") else "docparse-dev")

LIMIT_SECONDS = 1.0
MAX_BYTES = 100_000
SEED = (Path(__file__).parent / "data" / "haixi-2020-91.txt").read_text(encoding="utf-8")
SEED_LINES = SEED.split("\n")

TOKENS = [
    "一、", "二、", "十二、", "(一)", "(二十)", "(", ")", "（", "）", "1.", "2、", "(1)", "①",
    "一是", "二是", "第三章", "牵头单位:", "责任单位:", "配合单位:", "责任领导:", "牵头", "负责",
    "州发改委", "各市、县人民政府", "、", ",", "，", "。", ";", ":", "：", "\n", "\n\n", " ", "\t",
    "1.3万人", "52.1亿元", "百分之九十一点五", "3.5%", "以上", "以内", "不超过", "左右", "增长",
    "下降", "由负转正", "清零", "2020年12月21日前", "10月底之前", "年内", "年底前", "四季度",
    "〔2020〕91号", "索引号", "关于", "的通知", "实施方案", "“", "”", "《", "》", "万", "亿",
    "0", "9", ".", "%", "％", "—", "-", "~", "至", "到", "达到", "确保", "完成", "个", "家",
    # Layouts of real pages: flattened tables, labels alone on their lines, progress
    # columns, built labels, mirror debris, shared suffixes, cut-off brackets.
    "|", " | ", "| ", "序号", "\n序号\n\n", "重点任务", "\n牵头单位\n", "当前进度", "完成情况",
    "具体任务\n", "协同责任单位", "牵头负责领导:", "(jīng)", "【", "】", "相关市、县政府", "及",
    "(责任单位:省公安厅", "★", "附件1", "抄送",
]  # fmt: skip


@pytest.fixture(scope="module", autouse=True)
def warm_up():
    """Load lazy tables (folding, encodings, libraries) before anything is timed."""
    parse_text(SEED)
    for data, name in _SAMPLES.values():
        parse_bytes(data, name)


_SAMPLES = {
    "docx": (makedocs.make_docx(SEED[:3000]), "a.docx"),
    "ofd": (makedocs.make_ofd(SEED[:3000]), "a.ofd"),
    # One short page: pdfplumber needs ~0.2 s a page of its own, and this property is
    # about what damage does to the reader, not about pdfplumber's pace.
    "pdf": (makedocs.make_pdf(SEED[:400], header=None), "a.pdf"),
    "html": (makedocs.make_html(SEED[:3000]), "a.html"),
}


def _once(call, *args) -> float:
    started = time.perf_counter()
    try:
        result = call(*args)
    except DocumentError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert isinstance(result, ParsedPlan)
        assert isinstance(result.text, str)
    return time.perf_counter() - started


def _timed(call, *args) -> None:
    elapsed = _once(call, *args)
    if elapsed >= LIMIT_SECONDS:
        # A busy machine (CI runners, parallel jobs) can stall any one call; slowness
        # that belongs to the input shows again, a stall does not. The best of two
        # runs is judged.
        elapsed = min(elapsed, _once(call, *args))
    assert elapsed < LIMIT_SECONDS, f"{elapsed:.2f} s"


genre_text = st.builds(
    lambda pieces, repeat: ("".join(pieces) * repeat)[: MAX_BYTES // 3],
    st.lists(st.sampled_from(TOKENS) | st.text(max_size=12), max_size=200),
    st.integers(min_value=1, max_value=400),
)


@FUZZ
@given(genre_text)
def test_random_text(text):
    _timed(parse_text, text)


@FUZZ
@given(st.text(max_size=3000))
def test_arbitrary_unicode(text):
    _timed(parse_text, text)


_MAGIC = [b"", b"PK\x03\x04", b"%PDF-1.4\n", b"<html><body>", b"\xef\xbb\xbf", b"\xff\xfe",
          b"\xfe\xff", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{\\rtf1"]  # fmt: skip
_NAMES = ["a.txt", "a.docx", "a.pdf", "a.html", "a.ofd", "a", "a.htm", "a.doc"]


@FUZZ
@given(st.sampled_from(_MAGIC), st.binary(max_size=20_000), st.sampled_from(_NAMES))
def test_random_bytes(magic, body, name):
    _timed(parse_bytes, magic + body, name)


def _mutate(ops: list[tuple[int, int, int, str]]) -> str:
    lines = list(SEED_LINES)
    for kind, a, b, token in ops:
        if not lines:
            break
        i, j = a % len(lines), b % len(lines)
        if kind == 0:  # slice
            lines = lines[min(i, j) : max(i, j) + 1]
        elif kind == 1:  # duplicate a line (repeatedly)
            lines[i:i] = [lines[i]] * (1 + b % 20)
        elif kind == 2:  # insert a token inside a line
            line = lines[i]
            cut = b % (len(line) + 1)
            lines[i] = line[:cut] + token + line[cut:]
        elif kind == 3:  # truncate a line
            lines[i] = lines[i][: b % (len(lines[i]) + 1)]
        elif kind == 4:  # move a line
            lines.insert(j, lines.pop(i))
        else:  # a new line made of the token
            lines.insert(i, token * (1 + b % 50))
    text = "\n".join(lines)
    cut = len(text)
    if ops and ops[0][0] == 5:
        cut = ops[0][1] % (len(text) + 1)  # truncated document
    return text[:cut][: MAX_BYTES // 3]


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.integers(0, 5),
            st.integers(0, 10_000),
            st.integers(0, 10_000),
            st.sampled_from(TOKENS),
        ),
        max_size=30,
    )
)
def test_mutated_seed(ops):
    _timed(parse_text, _mutate(ops))


@FUZZ
@given(
    st.sampled_from(sorted(_SAMPLES)),
    st.lists(st.tuples(st.integers(0, 10**9), st.integers(0, 255)), min_size=1, max_size=8),
    st.integers(0, 10**9),
    st.booleans(),
)
def test_damaged_files(kind, flips, cut, truncate):
    data, name = _SAMPLES[kind]
    damaged = bytearray(data)
    for position, value in flips:
        damaged[position % len(damaged)] = value
    if truncate:
        damaged = damaged[: cut % len(damaged)]
    _timed(parse_bytes, bytes(damaged), name)
