"""Byte-level damage to real files, shared by the bounded fuzz of the suite
(tests/docparse/test_fuzz_readers.py) and the long run (benchmarks/fuzz_readers.py).

`samples()` builds one real file of every format the readers take, made from the
seed notice with the real tools (makedocs). `damage(data, ops)` applies byte
operations — flip, delete, insert, truncate — and `outcome(data, name)` runs the
reader once and says what happened: "text", "error" (a DocumentError with a one-line
Chinese message: the only acceptable failure) or "escape: <exception>".
"""

from __future__ import annotations

import re
import time
from functools import cache
from pathlib import Path

from duban.docparse import DocumentError, convert, read_bytes
from tests.docparse import makedocs

SEED = (Path(__file__).parent / "data" / "haixi-2020-91.txt").read_text(encoding="utf-8")
_CHINESE = re.compile(r"[\u4e00-\u9fff]")

FLIP, DELETE, INSERT, TRUNCATE = range(4)
# Truncation is the strongest damage (most cut files fail at the first check), so it
# is drawn less often; the others reach deeper into the file.
WEIGHTED_OPS = (FLIP,) * 4 + (DELETE,) * 3 + (INSERT,) * 3 + (TRUNCATE,) * 1
MAX_OPS = 4


@cache
def samples() -> dict[str, tuple[bytes, str]]:
    """format name → (bytes, file name). Small enough that one undamaged read is
    well under a tenth of a second (the PDF is one short page: pdfplumber costs
    ~0.2 s a page of its own, and the fuzz is about damage, not its pace)."""
    part = SEED[:3000]
    page = makedocs.make_html(part, charset="gbk")
    found = {
        "txt-utf8": (part.encode("utf-8"), "a.txt"),
        "txt-gb18030": (part.encode("gb18030"), "a.txt"),
        "txt-utf16": (part.encode("utf-16"), "a.txt"),
        "txt-big5": (part.encode("big5", "ignore"), "a.txt"),
        "docx": (makedocs.make_docx(part), "a.docx"),
        "pdf": (makedocs.make_pdf(SEED[:400], header=None), "a.pdf"),
        "html": (page, "a.html"),
        "mht": (makedocs.make_mht(page, "gb2312"), "a.mht"),
        "ofd": (makedocs.make_ofd(part), "a.ofd"),
    }
    found.update(extra_samples())
    return found


def extra_samples() -> dict[str, tuple[bytes, str]]:
    """Formats added with issue 15 whose readers need no outside program."""
    rows = [["序号", "重点任务", "牵头单位", "责任单位"]] + [
        [str(n), line[:20], "州发改委", "州财政局、州统计局"]
        for n, line in enumerate(makedocs.paragraphs(SEED[:3000])[:12], 1)
    ]
    return {
        "xlsx": (makedocs.make_xlsx([("一、稳增长", rows), ("二、保民生", rows)]), "a.xlsx"),
    }


@cache
def slow_samples() -> dict[str, tuple[bytes, str]]:
    """Formats read by an outside program: Tesseract (a small page image) and
    LibreOffice (.doc, .xls). One case costs a program start (LibreOffice: seconds),
    so these are fuzzed with fewer cases and their own time bound."""
    short = "关于做好年度目标任务的通知\n一、稳增长。(牵头单位:州发改委)"
    xlsx = extra_samples()["xlsx"][0]
    return {
        "png": (makedocs.make_image(short, fmt="PNG", dpi=100), "a.png"),
        "doc": (convert.convert(makedocs.make_docx(SEED[:1500]), "docx", "doc"), "a.doc"),
        "xls": (convert.convert(xlsx, "xlsx", "xls"), "a.xls"),
    }


def random_ops(rng) -> list[tuple[int, int, int]]:
    """A random damage plan for `damage`, drawn from a random.Random."""
    return [
        (rng.choice(WEIGHTED_OPS), rng.randrange(1 << 30), rng.randrange(256))
        for _ in range(rng.randint(1, MAX_OPS))
    ]


def damage(data: bytes, ops: list[tuple[int, int, int]]) -> bytes:
    """`ops`: (operation, position, value) with position taken modulo the length."""
    out = bytearray(data)
    for op, position, value in ops:
        if not out:
            break
        i = position % len(out)
        if op == FLIP:
            out[i] = value & 0xFF
        elif op == DELETE:
            del out[i : i + 1 + value % 64]
        elif op == INSERT:
            out[i:i] = bytes([value & 0xFF]) * (1 + value % 32)
        else:
            del out[i:]
    return bytes(out)


def outcome(data: bytes, name: str) -> tuple[str, float]:
    """("text" | "error" | "escape: …", seconds) of one read."""
    started = time.perf_counter()
    try:
        text = read_bytes(data, name)
    except DocumentError as exc:
        message = str(exc)
        result = "error"
        if not message or "\n" in message or not _CHINESE.search(message):
            result = f"escape: DocumentError message not one Chinese line: {message!r}"
    except Exception as exc:  # noqa: BLE001 — finding these is the point
        result = f"escape: {type(exc).__name__}: {exc}"
    else:
        result = "text" if isinstance(text, str) and text else f"escape: returned {text!r}"
    return result, time.perf_counter() - started


def unknown_zip_version(data: bytes) -> bytes:
    """The mutation of issue 16: the first central-directory entry's "version needed
    to extract" set to 10.9 (byte 6 after PK\\x01\\x02 = 109), which makes zipfile
    raise NotImplementedError while listing the members."""
    out = bytearray(data)
    out[out.index(b"PK\x01\x02") + 6] = 109
    return bytes(out)
