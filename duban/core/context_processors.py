"""Template context every page needs: the name of the office that runs this duban,
and whether this is the demo database (every page then says so)."""

from django.db import DatabaseError
from django.db.models import Exists, Q
from django.utils.functional import SimpleLazyObject, cached_property

from duban.accounts.demo import demo_accounts, is_demo_database
from duban.accounts.models import User
from duban.units.models import Unit, office_q


class _Site:
    """Both facts from one query, made when a page first prints either.

    The same query reads the signed-in user's unit when the view has not:
    base.html prints it in the top bar after the title, so pages whose view
    never needed it (计划, 待审核, 单位名录, …) save that round trip."""

    def __init__(self, request):
        self.request = request

    def _unit_to_read(self) -> int | None:
        user = getattr(self.request, "user", None)
        if user is None or not user.is_authenticated or user.unit_id is None:
            return None
        return None if User.unit.is_cached(user) else user.unit_id

    @cached_property
    def facts(self) -> tuple[str, bool]:
        unit_id = self._unit_to_read()
        try:
            rows = list(
                Unit.objects.filter(office_q() | Q(pk=unit_id) if unit_id else office_q())
                .annotate(demo=Exists(demo_accounts()))
                .order_by("pk")
            )
        except DatabaseError:  # not migrated yet
            rows = []
        for unit in rows:
            if unit.pk == unit_id:
                User.unit.field.set_cached_value(self.request.user, unit)
        # The office is the first top-level unit of kind office (Unit.objects.office()).
        office = next((u for u in rows if u.kind == Unit.Kind.OFFICE and u.parent_id is None), None)
        if office is None:
            return str(Unit.objects.office_name()), is_demo_database()
        return office.full_name or office.name, office.demo


def site(request):
    # Lazy: pages that never print the top bar (file downloads, htmx fragments) do no query.
    facts = _Site(request)
    return {
        "office_name": SimpleLazyObject(lambda: facts.facts[0]),
        "demo_database": SimpleLazyObject(lambda: facts.facts[1]),
    }
