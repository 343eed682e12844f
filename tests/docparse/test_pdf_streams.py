"""A damaged zlib stream in a PDF: pdfminer's salvage, made linear, gives the same answer."""

import io
import zlib

from hypothesis import given, settings
from hypothesis import strategies as st

from duban.docparse.read_pdf import _decompress_corrupted


def pdfminer_original(data: bytes) -> bytes:
    """pdfminer 20260107's decompress_corrupted, as shipped (quadratic)."""
    d = zlib.decompressobj()
    f = io.BytesIO(data)
    result_str = b""
    buffer = f.read(1)
    i = 0
    try:
        while buffer:
            result_str += d.decompress(buffer)
            buffer = f.read(1)
            i += 1
    except zlib.error:
        if i < len(data) - 3:
            raise
    return result_str


def _outcome(function, data):
    try:
        return "ok", function(data)
    except zlib.error:
        return "error", None


@settings(max_examples=500, deadline=None)
@given(
    st.binary(max_size=400),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=3),
    st.one_of(st.none(), st.integers(0, 10**6)),
)
def test_same_result_as_pdfminer(raw, flips, cut):
    data = bytearray(zlib.compress(raw * 3))
    for position, value in flips:
        data[position % len(data)] = value
    if cut is not None:
        data = data[: cut % (len(data) + 1)]
    data = bytes(data)
    assert _outcome(_decompress_corrupted, data) == _outcome(pdfminer_original, data)


def test_a_damaged_checksum_keeps_the_text():
    raw = "重点任务".encode() * 50_000
    data = bytearray(zlib.compress(raw))
    data[-1] ^= 0xFF  # inside the checksum: salvaged
    assert _decompress_corrupted(bytes(data)) == raw


def test_damage_before_the_checksum_raises_as_pdfminer_does():
    data = bytearray(zlib.compress("重点任务".encode() * 100))
    data[len(data) // 2] ^= 0xFF
    assert _outcome(_decompress_corrupted, bytes(data)) == _outcome(pdfminer_original, bytes(data))
