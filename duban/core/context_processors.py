"""Template context every page needs: the name of the office that runs this duban,
and whether this is the demo database (every page then says so)."""

from django.db import DatabaseError
from django.db.models import Exists
from django.utils.functional import SimpleLazyObject, cached_property

from duban.accounts.demo import demo_accounts, is_demo_database
from duban.units.models import Unit


class _Site:
    """Both facts from one query, made when a page first prints either."""

    @cached_property
    def facts(self) -> tuple[str, bool]:
        try:
            office = (
                Unit.objects.filter(kind=Unit.Kind.OFFICE, parent__isnull=True)
                .annotate(demo=Exists(demo_accounts()))
                .order_by("pk")
                .first()
            )
        except DatabaseError:  # not migrated yet
            office = None
        if office is None:
            return str(Unit.objects.office_name()), is_demo_database()
        return office.full_name or office.name, office.demo


def site(request):
    # Lazy: pages that never print the top bar (file downloads, htmx fragments) do no query.
    facts = _Site()
    return {
        "office_name": SimpleLazyObject(lambda: facts.facts[0]),
        "demo_database": SimpleLazyObject(lambda: facts.facts[1]),
    }
