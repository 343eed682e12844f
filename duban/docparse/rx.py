"""`rx.compile`: `re.compile` for the parser's own patterns, from a table compiled ahead.

Python's regular-expression compiler is pure Python, and the parser's ~160 patterns
(label tries of hundreds of branches, CJK classes whose 27,000-character ranges the
compiler fills one character at a time) took ~90 ms of every process's start — most of
`duban parse seed.txt`. `rx_table.py` holds what `re._compiler` makes of each of them
(the code `_sre` runs, flags, groups), written by `python -m duban.docparse.rx_write`
for one Python (its exact release); `compile` hands a pattern found there straight to
`_sre.compile`, which is what `re.compile` ends with, so the Pattern equals the one
`re.compile` makes, code for code (tests/docparse/test_rx.py compares every one). A
pattern not in the table (edited since, or another Python) is compiled by `re` as
always: the table only ever saves time.

After changing a pattern:  python -m duban.docparse.rx_write   (rewrites rx_table.py)
"""

from __future__ import annotations

import _sre
import re
import sys

from . import rx_table

# What the table's code depends on: the exact Python whose compiler and Unicode tables
# made it (a patch release may change either without a new _sre.MAGIC), and the `_sre`
# engine's version, word size and byte order (the code is kept as the bytes of its
# words: unmarshalling 60,000 small ints was ~9 M instructions of every start). On any
# other Python the table is not used.
TAG = (sys.implementation.name, sys.version_info[:3], _sre.MAGIC, _sre.CODESIZE, sys.byteorder)

_TABLE: dict = rx_table.PATTERNS if rx_table.TAG == TAG else {}

# The (pattern, flags) asked for in this process, in order: what rx_write writes. Bounded,
# for a server that keeps building patterns for offices' own labels (labels.extended).
SEEN: dict[tuple[str | bytes, int], None] = {}
_SEEN_MAX = 1000


def compile(pattern: str | bytes, flags: int = 0) -> re.Pattern:  # noqa: A001 — re's name
    key = (pattern, int(flags))
    if len(SEEN) < _SEEN_MAX:
        SEEN[key] = None
    entry = _TABLE.get(key)
    if entry is None:
        return re.compile(pattern, flags)
    final_flags, groups, groupindex, indexgroup, code = entry
    words = memoryview(code).cast("I").tolist()
    return _sre.compile(pattern, final_flags, words, groups, groupindex, indexgroup)
