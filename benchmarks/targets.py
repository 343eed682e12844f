"""Target extraction speed: `extract_indicators` over a whole notice, against
`str.translate` of the same text (a pass over the text that any parse costs), so
that machine load cancels out.

    .venv/bin/python benchmarks/targets.py [FILE] [-n N]

Reads FILE (default: the seed notice) once, warms up, then times N calls of
`extract_indicators` over the whole text and N calls of `fold` (the parser's own
one-pass character folding), interleaved. Prints the fastest run of each (the
least disturbed by other processes, as `timeit` advises), their ratio, and exits 1
when extraction costs more than 20 folds (a few ms for the 31 KB seed).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

from duban.docparse import read_file
from duban.docparse.normalize import clean_text, fold
from duban.docparse.targets import extract_indicators

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "docparse" / "data" / "haixi-2020-91.txt"
LIMIT = 20.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", nargs="?", default=str(SEED))
    ap.add_argument("-n", type=int, default=50, help="timed runs of each (default 50)")
    args = ap.parse_args(argv)

    text = clean_text(read_file(args.file))
    folded = fold(text)
    found = extract_indicators(text, folded, 0, len(text), year=2020)

    extract_times: list[float] = []
    fold_times: list[float] = []
    gc.collect()
    for _ in range(args.n):
        started = time.perf_counter()
        extract_indicators(text, folded, 0, len(text), year=2020)
        extract_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        fold(text)
        fold_times.append(time.perf_counter() - started)

    extract_best = min(extract_times)
    fold_best = min(fold_times)
    ratio = extract_best / fold_best
    print(f"document: {args.file} ({len(text)} characters, {len(found)} targets)")
    print(
        f"extract:  best {extract_best * 1000:8.2f} ms   "
        f"median {statistics.median(extract_times) * 1000:8.2f} ms"
    )
    print(
        f"fold:     best {fold_best * 1000:8.2f} ms   "
        f"median {statistics.median(fold_times) * 1000:8.2f} ms"
    )
    print(f"ratio:    extract/fold = {ratio:.1f} (limit {LIMIT:.0f})")
    if ratio > LIMIT:
        print("FAIL: target extraction is too slow for its text", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
