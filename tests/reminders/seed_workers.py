"""Seeds a separate database for the two-workers test (run inside `duban shell`):
one office with a supervisor, PEOPLE units with one officer each (e-mail and a
JSON webhook), and ITEMS 交办事项 spread over them, all due 2020-12-08."""

import datetime as dt

from django.utils import timezone

from duban.accounts.models import User
from duban.items.models import Item
from duban.reminders.models import Preference
from duban.units.models import Unit

PEOPLE = 20
ITEMS = 1000
DUE = dt.date(2020, 12, 8)


def seed(webhook_url):
    office = Unit.objects.create(name="州政府办公室", kind=Unit.Kind.OFFICE)
    User.objects.create(username="ducha", role="supervisor", unit=office)
    # An admin without a unit: never a recipient.
    User.objects.create(username="nounit", role="admin", email="nounit@example.org")
    officers = []
    for n in range(PEOPLE):
        unit = Unit.objects.create(name=f"测试局{n:02d}")
        officer = User.objects.create(
            username=f"officer{n:02d}", role="officer", unit=unit, email=f"o{n:02d}@example.org"
        )
        Preference.objects.create(user=officer, webhook="json", webhook_url=webhook_url)
        officers.append(officer)
    assigned = timezone.make_aware(dt.datetime(2020, 12, 1, 10))
    Item.objects.bulk_create(
        Item(
            office=office,
            title=f"事项{n:04d}",
            lead_unit=officers[n % PEOPLE].unit,
            item_class="general",
            assigned_on=assigned.date(),
            original_due_date=DUE,
            due_date=DUE,
            status="acknowledged",
        )
        for n in range(ITEMS)
    )
