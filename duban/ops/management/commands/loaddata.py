"""Django's loaddata, writing no new history while it loads.

Loading a dump (the move from SQLite to PostgreSQL, docs/deploy.md) puts back the
history and the audit chain as they were. Plain loaddata saves rows raw, which
simple-history skips, but sets many-to-many members through the ORM, which
simple-history records as fresh changes: new entries that collide with the loaded
ones and would break the chain. So history is off for the duration of the load."""

from django.core.management.commands.loaddata import Command as LoadData
from django.test.utils import override_settings


class Command(LoadData):
    def handle(self, *fixture_labels, **options):
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            return super().handle(*fixture_labels, **options)
