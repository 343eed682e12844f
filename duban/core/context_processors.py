"""Template context every page needs: the name of the office that runs this duban,
and whether this is the demo database (every page then says so)."""

from django.utils.functional import SimpleLazyObject

from duban.accounts.demo import is_demo_database
from duban.units.models import Unit


def site(request):
    # Lazy: pages that never print the top bar (file downloads, htmx fragments) do no query.
    return {
        "office_name": SimpleLazyObject(Unit.objects.office_name),
        "demo_database": SimpleLazyObject(is_demo_database),
    }
