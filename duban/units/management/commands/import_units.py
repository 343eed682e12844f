from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from duban.units.services import DirectoryError, import_directory_file


class Command(BaseCommand):
    help = "Import the unit directory from a .yaml/.yml or .xlsx file (idempotent, all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        try:
            summary = import_directory_file(path.name, path.read_bytes())
        except DirectoryError as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        self.stdout.write(
            f"units: {len(summary.created)} created, {len(summary.updated)} updated; "
            f"groups: {len(summary.groups_created)} created, {len(summary.groups_updated)} updated"
        )
