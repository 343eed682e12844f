"""`duban parse` from the shell, and the PDF reader against pdfplumber alone.

    .venv/bin/python benchmarks/cli.py              # 20 runs of each
    .venv/bin/python benchmarks/cli.py -n 50 --pdf path/to/notice.pdf

1. Wall time of `python -m duban.cli parse <seed.txt>` (what the `duban` console
   script runs) beside `python -c pass`, the interpreter's own start, each a fresh
   process, interleaved so that machine noise hits both alike. Bytecode is cached in
   a temporary folder (PYTHONPYCACHEPREFIX) as an installed package has it, and one
   warm-up run of each fills it. Limit: parse median ≤ 120 ms.
2. In one process: reading the 12-page seed PDF (tests/docparse/makedocs.make_pdf of
   the seed notice, or --pdf) through `read_pdf` (pages read from their content
   streams by pdf_text.py, the others by pdfium), `read_pdf_pdfium` (every page by
   pdfium, pdfplumber only for pages with ruling: session 4's reader) and
   `read_pdf_pdfplumber` (pdfplumber for every page, the reader before), interleaved
   after one warm-up each; the three texts must be equal.
   Limit: read_pdf median ≤ 120 ms.

Prints median and p95 of each side and the ratios; exits 1 when a limit is broken or
the two PDF readings differ.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2  # noqa: E402

from duban.docparse.normalize import clean_text  # noqa: E402
from duban.docparse.read_pdf import (  # noqa: E402
    read_pdf,
    read_pdf_pdfium,
    read_pdf_pdfplumber,
)
from tests.docparse import makedocs  # noqa: E402

SEED = ROOT / "duban" / "demo" / "haixi-2020-91.txt"
LIMIT_MS = 120.0


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _line(label: str, times: list[float]) -> str:
    return (
        f"{label:<34} median {statistics.median(times) * 1000:7.1f} ms"
        f"   p95 {_p95(times) * 1000:7.1f} ms"
    )


def _wall(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def bench_parse(seed: Path, runs: int) -> bool:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    baseline = [sys.executable, "-c", "pass"]
    parse = [sys.executable, "-m", "duban.cli", "parse", str(seed)]
    with tempfile.TemporaryDirectory() as cache:
        env["PYTHONPYCACHEPREFIX"] = cache
        _wall(baseline, env)
        _wall(parse, env)
        base_times, parse_times = [], []
        for _ in range(runs):
            base_times.append(_wall(baseline, env))
            parse_times.append(_wall(parse, env))
    median = statistics.median(parse_times)
    print(f"duban parse {seed.name}: {runs} runs of each, fresh processes, interleaved")
    print(_line("python -c pass", base_times))
    print(_line(f"duban parse {seed.name}", parse_times))
    print(
        f"ratio parse/pass = {median / statistics.median(base_times):.2f}; "
        f"parse beyond interpreter start {1000 * (median - statistics.median(base_times)):.1f} ms"
    )
    ok = median * 1000 <= LIMIT_MS
    print(f"limit: median ≤ {LIMIT_MS:.0f} ms: {'ok' if ok else 'FAIL'}")
    return ok


def _seed_pdf() -> bytes:
    return makedocs.make_pdf(clean_text(SEED.read_text(encoding="utf-8")))


def bench_pdf(data: bytes, label: str, runs: int) -> bool:
    readers = {
        "read_pdf (content streams)": read_pdf,
        "read_pdf_pdfium (session 4)": read_pdf_pdfium,
        "read_pdf_pdfplumber (before)": read_pdf_pdfplumber,
    }
    texts = {name: reader(data, ocr=False)[0] for name, reader in readers.items()}
    times: dict[str, list[float]] = {name: [] for name in readers}
    cpu: dict[str, list[float]] = {name: [] for name in readers}
    for _ in range(runs):
        for name, reader in readers.items():
            started, cpu_started = time.perf_counter(), time.process_time()
            reader(data, ocr=False)
            times[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - cpu_started)
    fast = statistics.median(times["read_pdf (content streams)"])
    print(f"\nPDF read: {label}; {runs} runs of each, one process, interleaved")
    for name in readers:
        # CPU time beside the wall: on a shared machine the wall time counts the waits
        print(f"{_line(name, times[name])}   cpu {statistics.median(cpu[name]) * 1000:7.1f} ms")
    for name in list(readers)[1:]:
        print(f"ratio {name.split()[0]}/read_pdf = {statistics.median(times[name]) / fast:.2f}")
    same = len(set(texts.values())) == 1
    print(
        f"same text: {'yes' if same else 'NO'} ({len(texts['read_pdf (content streams)'])} characters)"
    )
    ok = fast * 1000 <= LIMIT_MS
    print(f"limit: median ≤ {LIMIT_MS:.0f} ms: {'ok' if ok else 'FAIL'}")
    return ok and same


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=20, help="timed runs of each (default 20)")
    ap.add_argument("--seed", type=Path, default=SEED, help="text file for duban parse")
    ap.add_argument("--pdf", type=Path, help="PDF to read (default: the 12-page seed PDF)")
    args = ap.parse_args(argv)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    ok = bench_parse(args.seed, args.n)
    if args.pdf:
        data, label = args.pdf.read_bytes(), str(args.pdf)
    else:
        data = _seed_pdf()
        label = "the seed notice as a WeasyPrint PDF"
    label += f" ({len(pypdfium2.PdfDocument(data))} pages)"
    ok = bench_pdf(data, label, args.n) and ok
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
