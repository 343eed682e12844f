from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from duban.units.services import directory_to_xlsx, directory_to_yaml, export_directory


class Command(BaseCommand):
    help = "Export the unit directory to FILE (.yaml/.yml or .xlsx, by extension)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        path = Path(file)
        data = export_directory()
        if path.suffix.lower() in (".yaml", ".yml"):
            path.write_text(directory_to_yaml(data), encoding="utf-8")
        elif path.suffix.lower() == ".xlsx":
            path.write_bytes(directory_to_xlsx(data))
        else:
            raise CommandError("FILE must end in .yaml, .yml or .xlsx")
        self.stdout.write(f"{len(data['units'])} units, {len(data['groups'])} groups → {path}")
