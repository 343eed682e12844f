"""OCR and legacy-Word conversion against reading the same document's text-layer PDF.

    .venv/bin/python benchmarks/scans.py [-n 1] [--pages 3]

In one process, on the seed notice (its first PAGES pages): reads the text-layer PDF
(the baseline), the same pages as an image-only PDF at 150 dpi (OCR by Tesseract
chi_sim) and the notice as a .doc made by LibreOffice from its docx (LibreOffice
converts it back to docx, then the docx reader). Each is run N times, interleaved,
after one warm-up of each. Prints seconds per page of each, the OCR and .doc reads
as ratios to the text-layer read, and the scan's OCR accuracy (tasks/units/targets
against the seed answer when all pages are read).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pypdfium2  # noqa: E402

from duban.docparse import convert, parse_text, read_bytes  # noqa: E402
from tests.docparse import makedocs  # noqa: E402
from tests.docparse.scoring import score  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "docparse" / "data"


def _first_pages(pdf: bytes, pages: int) -> bytes:
    source = pypdfium2.PdfDocument(pdf)
    out = pypdfium2.PdfDocument.new()
    out.import_pages(source, list(range(min(pages, len(source)))))
    path = Path("/tmp") / f"duban-bench-{time.time_ns()}.pdf"
    out.save(path)
    data = path.read_bytes()
    path.unlink()
    return data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", type=int, default=1, help="timed runs of each (default 1)")
    ap.add_argument("--pages", type=int, default=3, help="pages of the seed (0: all)")
    args = ap.parse_args(argv)
    seed = (DATA / "haixi-2020-91.txt").read_text(encoding="utf-8")
    text_pdf = makedocs.make_pdf(seed)
    scan_pdf = makedocs.make_scanned_pdf(seed, dpi=150)
    total_pages = len(pypdfium2.PdfDocument(text_pdf))
    pages = total_pages if args.pages <= 0 else min(args.pages, total_pages)
    if pages < total_pages:
        text_pdf, scan_pdf = _first_pages(text_pdf, pages), _first_pages(scan_pdf, pages)
    doc = convert.convert(makedocs.make_docx(seed), "docx", "doc")

    cases = {
        "text-layer pdf": lambda: read_bytes(text_pdf, "a.pdf"),
        "scanned pdf (OCR)": lambda: read_bytes(scan_pdf, "a.pdf"),
        ".doc (LibreOffice)": lambda: read_bytes(doc, "a.doc"),
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    for call in cases.values():
        call()  # warm-up: libraries, Tesseract's model, LibreOffice's files in the page cache
    for _ in range(args.n):
        for name, call in cases.items():
            started = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - started)

    base = statistics.median(times["text-layer pdf"])
    print(f"seed notice: {pages} of {total_pages} pages, {args.n} run(s) each")
    for name, values in times.items():
        median = statistics.median(values)
        per_page = median / pages if name != ".doc (LibreOffice)" else median
        unit = "s/page" if name != ".doc (LibreOffice)" else "s/document"
        print(f"{name:<20} median {median:7.2f} s  ({per_page:6.2f} {unit})  ×{median / base:6.1f}")
    if pages == total_pages:
        gold = json.loads((DATA / "haixi-2020-91.gold.json").read_text(encoding="utf-8"))
        s = score(parse_text(read_bytes(scan_pdf, "a.pdf")).to_dict(), gold)
        print(
            f"OCR accuracy: tasks F1 {s.tasks.f1:.3f}, lead F1 {s.lead.f1:.3f}, "
            f"co F1 {s.co.f1:.3f}, targets F1 {s.targets.f1:.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
