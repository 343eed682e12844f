"""Readers against damaged files: real files of every format the readers take (txt in
four encodings, docx, pdf, html, mht, ofd, spreadsheets) with bytes flipped, deleted,
inserted and cut off. Whatever the damage, `read_bytes` returns text or raises
DocumentError with a one-line Chinese message, within 2 s.

300 cases a format here (a few thousand in all); benchmarks/fuzz_readers.py runs the
same damage for 100,000 cases and more. The time is measured with perf_counter
(deadline=None); a case over the limit is run once more and the better time judged,
so a stalled machine does not fail it but a slow input does.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban.docparse import DocumentError, read_bytes
from duban.docparse.readers import sniff_type
from tests.docparse import damage

LIMIT_SECONDS = 2.0
FORMATS = sorted(damage.samples())

ops = st.lists(
    st.tuples(
        st.sampled_from(damage.WEIGHTED_OPS),
        st.integers(0, 1 << 30),
        st.integers(0, 255),
    ),
    min_size=1,
    max_size=damage.MAX_OPS,
)


@pytest.mark.parametrize("kind", FORMATS)
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
@given(plan=ops)
def test_damaged_file_gives_text_or_one_chinese_error(kind, plan):
    data, name = damage.samples()[kind]
    damaged = damage.damage(data, plan)
    result, elapsed = damage.outcome(damaged, name)
    assert not result.startswith("escape"), result
    if elapsed >= LIMIT_SECONDS:
        elapsed = min(elapsed, damage.outcome(damaged, name)[1])
    assert elapsed < LIMIT_SECONDS, f"{elapsed:.2f} s"


@pytest.mark.parametrize("kind", FORMATS)
def test_undamaged_samples_read(kind):
    """The fuzz starts from files that read: damage, not the sample, makes them fail."""
    data, name = damage.samples()[kind]
    assert damage.outcome(data, name)[0] == "text"


def test_unknown_zip_version_is_a_chinese_document_error():
    """Issue 16: zipfile's NotImplementedError during type detection escaped as a 500."""
    data = damage.unknown_zip_version(damage.samples()["docx"][0])
    for call in (read_bytes, sniff_type):
        with pytest.raises(DocumentError, match="docx 文件已损坏或无法读取") as caught:
            call(data, "plan.docx")
        # The original stays for the log.
        assert isinstance(caught.value.__cause__, NotImplementedError)
        assert "10.9" in str(caught.value.__cause__)


SLOW_LIMIT_SECONDS = {"png": 10.0, "doc": 30.0, "xls": 30.0}


@pytest.mark.parametrize(("kind", "examples"), [("png", 15), ("doc", 4), ("xls", 4)])
def test_damaged_files_read_by_outside_programs(kind, examples):
    """Tesseract and LibreOffice see damaged files too: still text or one Chinese
    error, within their time bound (a LibreOffice start alone takes seconds)."""
    data, name = damage.slow_samples()[kind]
    assert damage.outcome(data, name)[0] == "text"

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
    @given(plan=ops)
    def check(plan):
        result, elapsed = damage.outcome(damage.damage(data, plan), name)
        assert not result.startswith("escape"), result
        assert elapsed < SLOW_LIMIT_SECONDS[kind], f"{elapsed:.2f} s"

    check()
