"""Bytes of a plain-text (or HTML) file → str, without mojibake.

Chinese text files come in UTF-8 (with or without BOM), GBK/GB18030, UTF-16
(with or without BOM) and Big5. Several of these byte streams decode "successfully"
as more than one encoding (most Big5 is valid GB18030 and the other way round), so
when the cheap answers (a BOM, strict UTF-8) do not settle it, every strict
decoding is scored by how much of it is ordinary text (common hanzi, ASCII,
CJK punctuation) and the best wins; ties go to the more common encoding.
"""

from __future__ import annotations

import codecs
import functools

from .errors import DocumentError
from .normalize import fold

_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

# Below this share of ordinary characters a decoding is taken for garbage.
_PLAUSIBLE = 0.8


@functools.cache
def _ordinary_table() -> dict[int, None]:
    """Characters of ordinary Chinese or Western text, as a str.translate deletion
    table (deleting them and comparing lengths counts them at C speed).
    Hanzi are the 6,763 of GB2312: a correct decoding of a Chinese document is
    made almost only of those (after folding Traditional to Simplified), a wrong
    one is full of rare hanzi, kana, Hangul, private-use and control characters."""
    chars: set[int] = set(range(0x20, 0x7F)) | {0x09, 0x0A, 0x0D, 0x0C}
    chars |= set(range(0xC0, 0x100)) | {0xA0, 0xB7, 0xD7, 0xB0, 0xA7}
    chars |= set(range(0x3000, 0x3020)) | set(range(0xFF01, 0xFF5F))
    chars |= set(range(0x2010, 0x2027)) | set(range(0x2030, 0x203C))
    chars |= set(range(0x2160, 0x216C)) | set(range(0x2460, 0x249C))
    chars |= {0x25CB, 0x25CF, 0x25A0, 0x25A1, 0x2605, 0x2606, 0x2192, 0x2014, 0x2116}
    chars |= {0xFEFF}
    for lead in range(0xB0, 0xF8):
        for trail in range(0xA1, 0xFF):
            ch = bytes((lead, trail)).decode("gb2312", errors="ignore")
            if ch:
                chars.add(ord(ch))
    return dict.fromkeys(chars)


def plausibility(text: str) -> float:
    """Share of `text` that is ordinary characters (0…1)."""
    if not text:
        return 0.0
    folded = fold(text)
    return 1.0 - len(folded.translate(_ordinary_table())) / len(folded)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _too_many_controls(text: str) -> bool:
    controls = sum(text.count(ch) for ch in "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10")
    controls += sum(text.count(ch) for ch in "\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1b\x1c\x7f")
    return controls > max(2, len(text) // 200)


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode a text file's bytes. `declared` is an encoding the file names for
    itself (an HTML meta charset); it is tried first and kept only if it decodes
    strictly. Raises DocumentError when no decoding gives ordinary text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], encoding)
            if text is not None and not _too_many_controls(text):
                return text
            break
    if declared:
        encoding = _canonical(declared)
        text = _strict(data, encoding) if encoding else None
        if text is not None and not _too_many_controls(text) and plausibility(text) >= _PLAUSIBLE:
            return text
    has_nul = b"\x00" in data
    if not has_nul:
        text = _strict(data, "utf-8")
        if text is not None:
            if _too_many_controls(text):
                raise DocumentError("无法识别的文件类型(文件内容不是文本)")
            return text
    candidates = ["gb18030", "cp950", "utf-8"]
    # ASCII characters in UTF-16 put their NUL byte on one side; the side with
    # the NULs tells the byte order, so try that one first.
    low, high = data[1::2].count(0), data[0::2].count(0)
    utf16 = ["utf-16-le", "utf-16-be"] if low >= high else ["utf-16-be", "utf-16-le"]
    if len(data) % 2 == 0:
        candidates = utf16 + candidates if has_nul else candidates + utf16
    best, best_score = None, 0.0
    for encoding in candidates:
        text = _strict(data, encoding)
        if text is None or _too_many_controls(text):
            continue
        score = plausibility(text)
        if score > best_score + 0.02:
            best, best_score = text, score
        if score > 0.995:
            break
    if best is not None and best_score >= _PLAUSIBLE:
        return best
    # A file cut short inside a character, or with a stray bad byte, fails every
    # strict decoding; a handful of replacement characters is better than refusing it.
    lenient = utf16 + candidates if has_nul and len(data) % 2 else candidates
    for encoding in dict.fromkeys(lenient):
        text = data.decode(encoding, errors="replace")
        if text.count("\ufffd") <= max(1, len(text) // 1000) and not _too_many_controls(text):
            if plausibility(text) >= _PLAUSIBLE:
                return text
    guess = _charset_normalizer_guess(data)
    if guess is not None and not _too_many_controls(guess) and plausibility(guess) >= _PLAUSIBLE:
        return guess
    raise DocumentError("无法识别的文件类型(不是文本,也不是支持的文档格式)")


def _charset_normalizer_guess(data: bytes) -> str | None:
    # Imported here, for cost: the last resort for a file nothing above decodes, and
    # its import (~15 ms) would otherwise be paid by every plain-text parse.
    import charset_normalizer

    match = charset_normalizer.from_bytes(data[:200_000]).best()
    if match is None:
        return None
    return _strict(data, match.encoding)


def _canonical(name: str) -> str | None:
    """A declared charset name → the Python codec to decode it with (GB2312 and
    GBK pages are decoded as their superset GB18030, Big5 as cp950)."""
    name = name.strip().strip("\"'").lower()
    if name in {"gb2312", "gbk", "gb_2312-80", "x-gbk", "gb18030", "euc-cn", "cp936", "936"}:
        return "gb18030"
    if name in {"big5", "big-5", "cp950", "x-x-big5"}:
        return "cp950"
    if name in {"utf8", "utf-8", "unicode-1-1-utf-8"}:
        return "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None
