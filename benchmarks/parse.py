"""Parse speed against jieba: the whole parse of a notice must cost no more than one
`jieba.lcut` of the same text.

    .venv/bin/python benchmarks/parse.py [FILE] [-n N]

In one process: reads FILE (default: the seed notice) once, warms both sides up
(jieba's first call loads its dictionary; the parser's first call builds its
folding tables; both are excluded), then times N calls of `parse_text(text)` and N
calls of `jieba.lcut(text)`, interleaved so that machine noise hits both alike.
Prints median and p95 of each and the ratio of the medians; exits 1 when the ratio
is above 1.0.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

import jieba

from duban.docparse import parse_text, read_file

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "docparse" / "data" / "haixi-2020-91.txt"


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", nargs="?", default=str(SEED))
    ap.add_argument("-n", type=int, default=30, help="timed runs of each (default 30)")
    args = ap.parse_args(argv)

    text = read_file(args.file)
    jieba.setLogLevel(60)  # silence the dictionary-loading chatter
    jieba.lcut(text)
    plan = parse_text(text)

    parse_times: list[float] = []
    jieba_times: list[float] = []
    gc.collect()
    for _ in range(args.n):
        started = time.perf_counter()
        parse_text(text)
        parse_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        jieba.lcut(text)
        jieba_times.append(time.perf_counter() - started)

    parse_median = statistics.median(parse_times)
    jieba_median = statistics.median(jieba_times)
    ratio = parse_median / jieba_median
    print(f"document: {args.file} ({len(text)} characters, {len(plan.tasks)} tasks)")
    print(f"runs:     {args.n} of each, interleaved, after one warm-up call each")
    print(
        f"parse:    median {parse_median * 1000:8.2f} ms   p95 {_p95(parse_times) * 1000:8.2f} ms"
    )
    print(
        f"jieba:    median {jieba_median * 1000:8.2f} ms   p95 {_p95(jieba_times) * 1000:8.2f} ms"
    )
    print(f"ratio:    parse/jieba = {ratio:.2f} (limit 1.00)")
    if ratio > 1.0:
        print("FAIL: the parse is slower than one jieba.lcut of the same text", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
