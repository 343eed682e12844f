"""`duban restore FILE`: put a `duban backup` archive back onto an empty database
(same vendor) and an empty upload folder (see duban.ops.backup)."""

from django.core.management.base import BaseCommand, CommandError

from duban.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "从备份归档恢复数据库与上传文件(目标数据库须为空)。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="an archive written by `duban backup`")

    def handle(self, *args, file, **opts):
        try:
            manifest = restore(file)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"restored {file} (taken {manifest['created']}); "
            f"check it with `duban audit verify --anchor {manifest['audit_head']}`"
        )
