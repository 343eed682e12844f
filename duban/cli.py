"""The `duban` console command.

duban parse FILE [--json|--text]   read a plan document (no database needed)
duban <django command> …           migrate, runserver, demo, import_plan, …
"""

import os
import sys

from duban.docparse import cli as parse_cli


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "parse":
        return parse_cli.main(argv[1:])
    # Imported here, for cost: `duban parse` needs no Django, and importing its
    # management machinery (~80 ms, settings, checks) would double the command's time.
    from django.core.management import execute_from_command_line

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    execute_from_command_line(["duban", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
