"""`duban parse FILE [--json | --text]`. (Placeholder; being written.)"""

import argparse
import json
import sys

from . import DocumentError, parse_file


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="duban parse")
    ap.add_argument("file")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--text", action="store_true")
    args = ap.parse_args(argv)
    try:
        plan = parse_file(args.file)
    except DocumentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.text:
        sys.stdout.write(plan.text)
    else:
        print(json.dumps(plan.to_dict(), ensure_ascii=False, indent=2))
    return 0
