"""One line per corpus document and corpus-wide totals: how the parser scores.

    .venv/bin/python -m tests.docparse.corpus.summary [DIR] [-v]

DIR defaults to this corpus; any directory of <slug>.txt + <slug>.gold.json works (a
hold-out set, for instance). -v prints each document's full report.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from duban.docparse.parser import parse_text
from duban.docparse.readers import read_file
from tests.docparse.scoring import PRF, Ratio, score

COLUMNS = ("tasks", "lead", "co", "leaders", "targets")


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    folder = Path(args[0]) if args else Path(__file__).parent
    totals = {name: PRF() for name in COLUMNS}
    op, subject, meta_bad, docs = Ratio(), Ratio(), 0, 0
    print(f"{'document':34} " + " ".join(f"{c:>8}" for c in COLUMNS) + "       op  subject  meta")
    for path in sorted(folder.glob("*.txt")):
        gold = json.loads(path.with_suffix(".gold.json").read_text(encoding="utf-8"))
        result = score(parse_text(read_file(path)).to_dict(), gold)
        docs += 1
        for name in COLUMNS:
            mine, total = getattr(result, name), totals[name]
            total.tp, total.fp, total.fn = (
                total.tp + mine.tp,
                total.fp + mine.fp,
                total.fn + mine.fn,
            )
        op.right, op.total = op.right + result.op.right, op.total + result.op.total
        subject.right += result.subject.right
        subject.total += result.subject.total
        wrong = len(result.meta_mismatches) + len(result.reporting_mismatches)
        meta_bad += bool(wrong)
        cells = " ".join(f"{getattr(result, c).f1:8.3f}" for c in COLUMNS)
        print(
            f"{path.stem:34} {cells} {result.op_accuracy:8.3f} "
            f"{result.subject_accuracy:8.3f} {wrong:5d}"
        )
        if verbose:
            print(result.report())
    cells = " ".join(f"{totals[c].f1:8.3f}" for c in COLUMNS)
    print(f"{'ALL (micro F1)':34} {cells} {op.value:8.3f} {subject.value:8.3f} {meta_bad:5d}")
    print(f"{docs} documents; meta column: fields wrong (per document) / documents with any wrong")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
