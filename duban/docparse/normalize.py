"""Character folding for matching, and text clean-up for reading.

`fold(text)` returns a string of exactly the same length as `text`, so an
offset found in the folded text is an offset in the original: the parser
matches on the folded copy and reports spans into the original.
It maps full-width ASCII variants to ASCII, the ideographic space and
non-breaking spaces to a plain space, brackets 〔〕【】 kept, and Traditional
characters to Simplified one character at a time (OpenCC's character table).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from . import rx, ts_table


@functools.cache
def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xFF01, 0xFF5F):
        table[code] = chr(code - 0xFEE0)
    for space in ("\u3000", "\u00a0", "\u2002", "\u2003", "\u2009", "\u200a", "\u202f"):
        table[ord(space)] = " "
    # Dashes and the middle dot used in ranges and names keep their meaning; only
    # the full-width tilde family folds to "~".
    table[ord("～")] = "~"
    # OpenCC's character table, read ahead (ts_write.py): reading its file was ~4 ms
    # of every parse.
    table.update(zip(map(ord, ts_table.TRADITIONAL), ts_table.SIMPLIFIED, strict=True))
    return table


def fold(text: str) -> str:
    """Same-length copy of `text` for matching (full-width→ASCII, Traditional→Simplified)."""
    return text.translate(_table())


@functools.cache
def _compat_table() -> dict[int, str]:
    """Kangxi radicals (U+2F00…) and CJK compatibility ideographs (U+F900…) to the
    ordinary ideograph they stand for: PDF text layers made by office suites often
    carry "⼯作" (Kangxi 工) where the page shows 工作."""
    table: dict[int, str] = {}
    for code in (*range(0x2E80, 0x2FE0), *range(0xF900, 0xFB00)):
        norm = unicodedata.normalize("NFKC", chr(code))
        if len(norm) == 1 and norm != chr(code):
            table[code] = norm
    return table


_COMPAT = rx.compile("[\u2e80-\u2fdf\uf900-\ufaff]")  # _compat_table's ranges
_INVISIBLE = rx.compile("[\ufeff\u200b\u200c\u200d\u2060\u00ad]")
_LINE_END = rx.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_CONTROL = rx.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_TRAILING = rx.compile(r"[^\S\n]+$", re.M)


# A reading a mirror site inserts after a character: "经(jīng)贸(mào)委". Only
# tone-marked pinyin counts, so "公里(km)" stays.
_TONE = rx.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")
_READING = rx.compile(
    r"(?<=[\u3400-\u9fff])[(（](?=[a-zü]{0,5}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])"
    r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]"
)


def clean_text(text: str) -> str:
    """Canonical form of a read document: one kind of line end, no BOM or
    zero-width characters, no trailing spaces on lines, no NULs or other
    control characters, no Kangxi-radical look-alikes of ideographs, no pinyin
    readings inserted after characters by mirror sites.
    This text is what spans index into."""
    text = _INVISIBLE.sub("", text)
    if _COMPAT.search(text):  # building the table costs more than most documents' reading
        text = text.translate(_compat_table())
    if _TONE.search(text):
        text = _READING.sub("", text)
    text = _LINE_END.sub("\n", text)
    text = _CONTROL.sub("", text)
    text = _TRAILING.sub("", text)
    return text.strip("\n") + "\n" if text.strip() else ""
