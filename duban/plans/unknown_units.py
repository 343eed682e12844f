"""The review page's one form for every unit name the directory does not know:
map each name to an existing unit or add it to the directory, all at once.

A name is decided once for the whole plan (every mention of it follows), so a
document naming 13 new units is fixed in one submit, not 13 forms."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from duban.units.models import Unit

from .editing import create_unit_from_mention, map_mention
from .models import Plan, UnitMention
from .workflow import InvalidInput

MAP, CREATE = "map", "create"


@dataclass(frozen=True)
class Decision:
    """What the reviewer chose for one unknown name: map to `unit`, or create
    a unit (`full_name`, `kind`); any other action leaves the name for later."""

    name: str
    action: str
    unit: Unit | None = None
    full_name: str = ""
    kind: str = Unit.Kind.DEPARTMENT


def unknown_names(plan: Plan) -> list[tuple[str, int]]:
    """The plan's unknown names in document order, with how often each occurs."""
    counts: dict[str, int] = {}
    for name in (
        UnitMention.objects.filter(task__plan=plan, status=UnitMention.Status.UNKNOWN)
        .order_by("task__order", "task_id", "role", "order", "id")
        .values_list("name", flat=True)
    ):
        counts[name] = counts.get(name, 0) + 1
    return list(counts.items())


@transaction.atomic
def resolve_unknown_units(*, plan: Plan, user, decisions: list[Decision]) -> int:
    """Apply every decision or none (one refusal names its unit). Returns how
    many names were decided."""
    done = 0
    for decision in decisions:
        mentions = list(
            UnitMention.objects.filter(
                task__plan=plan, name=decision.name, status=UnitMention.Status.UNKNOWN
            ).order_by("pk")
        )
        if not mentions or decision.action not in (MAP, CREATE):
            continue
        try:
            if decision.action == MAP:
                if decision.unit is None:
                    raise InvalidInput(_("请从名录中选择要映射的单位。"))
                for mention in mentions:
                    map_mention(mention=mention, units=[decision.unit], user=user)
            else:
                # Creating maps every other mention of the same name too.
                create_unit_from_mention(
                    mention=mentions[0],
                    user=user,
                    name=decision.name,
                    full_name=decision.full_name,
                    kind=decision.kind,
                )
        except InvalidInput as exc:
            raise InvalidInput(
                _("“%(name)s”:%(error)s") % {"name": decision.name, "error": exc}
            ) from exc
        done += 1
    return done
