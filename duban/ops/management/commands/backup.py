"""`duban backup FILE`: the database and the uploaded files in one archive, taken
while the application runs (see duban.ops.backup)."""

from django.core.management.base import BaseCommand, CommandError

from duban.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库与上传文件到一个归档文件(可在系统运行时进行)。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to write (.tar.gz)")

    def handle(self, *args, file, **opts):
        try:
            manifest = backup(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"backup written: {file} ({manifest['vendor']}, audit head {manifest['audit_head']})"
        )
