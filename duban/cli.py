"""The `duban` console command.

duban parse FILE [--json|--text]   read a plan document (no database needed)
duban <django command> …           migrate, runserver, demo, import_plan, …
"""

import gc
import os
import sys


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "parse":
        return _parse(argv[1:])
    # Imported here, for cost: `duban parse` needs no Django, and importing its
    # management machinery (~80 ms, settings, checks) would double the command's time.
    from django.core.management import execute_from_command_line

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    execute_from_command_line(["duban", *argv])
    return 0


def _parse(argv: list[str]) -> int:
    # One short run: the cyclic collector's passes while the parser's modules load and
    # the document is read were ~10 % of its time, and free nothing the exit would not.
    # The parser is imported here for that, and so that a Django command loads none of it.
    enabled = gc.isenabled()
    gc.disable()
    try:
        from duban.docparse import cli as parse_cli

        return parse_cli.main(argv)
    finally:
        if enabled:
            gc.enable()


if __name__ == "__main__":
    sys.exit(main())
