"""rx.compile: the parser's patterns come from the table compiled ahead, and are the
very patterns `re.compile` makes (issue #10: `duban parse seed.txt` within 120 ms)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from duban.docparse import rx, rx_table
from duban.docparse.rx_write import compiled_form

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "duban" / "demo" / "haixi-2020-91.txt"

current = pytest.mark.skipif(
    rx_table.TAG != rx.TAG, reason="rx_table.py was written for another Python"
)


@current
def test_every_pattern_in_the_table_is_what_re_compiles():
    assert len(rx_table.PATTERNS) > 100
    for (pattern, flags), entry in rx_table.PATTERNS.items():
        # Pattern equality is flags, pattern and the compiled code, word for word.
        assert rx.compile(pattern, flags) == re.compile(pattern, flags), pattern
        assert entry == compiled_form(pattern, flags), pattern


@current
def test_a_pattern_from_the_table_matches_like_re():
    pattern = rx.compile(r"(?P<num>\d+(?:\.\d+)?)(?P<unit>万|亿)?(?:元|吨)")
    assert (pattern.pattern, pattern.groups, dict(pattern.groupindex)) == (
        r"(?P<num>\d+(?:\.\d+)?)(?P<unit>万|亿)?(?:元|吨)",
        2,
        {"num": 1, "unit": 2},
    )
    assert pattern.search("新增投资3.5亿元").group("num", "unit") == ("3.5", "亿")


def test_a_pattern_not_in_the_table_is_compiled_by_re():
    pattern = rx.compile(r"不在表中的式子\d+", re.M)
    assert pattern == re.compile(r"不在表中的式子\d+", re.M)
    assert pattern.flags & re.M


# Counts every pattern the regular-expression compiler builds while the parser is
# imported and reads the seed notice, by which module asked. What is left for the
# parser's own modules is the readers' dispatch (a few cheap patterns it compiles
# itself); the rest must come from the table. A new or edited pattern fails this
# until `python -m duban.docparse.rx_write` has rewritten rx_table.py.
_COUNT = """
import sys
from re import _compiler
compile_ = _compiler.compile
asked = []
def counting(p, flags=0):
    frame = sys._getframe(1)
    while frame.f_code.co_filename.endswith(("re/__init__.py", "re/_compiler.py", "rx.py")):
        frame = frame.f_back
    asked.append(frame.f_globals.get("__name__", "?"))
    return compile_(p, flags)
_compiler.compile = counting
from duban.docparse import parse_file
parse_file(sys.argv[1])
print(" ".join(name for name in asked if name.startswith("duban.")))
"""


@current
def test_importing_the_parser_and_parsing_the_seed_compiles_nothing_of_its_own():
    proc = subprocess.run(
        [sys.executable, "-c", _COUNT, str(SEED)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    compiled = proc.stdout.split()
    assert set(compiled) <= {"duban.docparse.readers"}, compiled
    assert len(compiled) <= 4, compiled
