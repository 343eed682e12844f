"""The one `visible_to(user)`: a queryset base where each model only
declares its scope.

A `Scope` says, in lookups relative to the model:
- `office`: the office that owns the object (its supervisors and leaders
  read it);
- `units`: the units that read it (officers and heads), as lookups of a unit
  id or as functions of the unit id giving a Q (for lookups that must hold on
  one related row, e.g. "the task's principal lead unit");
- `author`: who the object belongs to while it is not yet published/sent:
  `SUPERVISORS` (the office's supervisors: a draft plan), `OFFICE` (its
  supervisors and leaders: a draft 督办单) or a lookup of the unit that writes
  it (a unit's report and its versions);
- `published`: a Q the object must meet before anyone but its author sees it
  (None: shown as soon as it exists);
- `units_within`: a further condition on all that units read (a report:
  its plan is published or closed);
- `admin_reads`: admins read every object (plans), else nothing.

A model whose objects are read exactly when their parent is (an attachment
of a report version) declares `scope = "version"`: the relation to the
scoped parent.

Unsent work therefore stays with its author: that is the rule every page,
download and API call gets through `Model.objects.visible_to(user)`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q

from . import roles
from .roles import Person

SUPERVISORS = "supervisors"
OFFICE = "office"

UnitLookup = str | Callable[[int], Q]


def _unit_q(lookup: UnitLookup, unit_id: int) -> Q:
    return lookup(unit_id) if callable(lookup) else Q(**{lookup: unit_id})


def _any(qs: Iterable[Q]) -> Q | None:
    result = None
    for q in qs:
        result = q if result is None else result | q
    return result


@dataclass(frozen=True)
class Scope:
    office: str
    units: tuple[UnitLookup, ...] = ()
    author: str = SUPERVISORS
    published: Q | None = None
    units_within: Q | None = None
    admin_reads: bool = False
    # Units' lookups through a to-many relation repeat rows: DISTINCT then
    # (office lookups are foreign keys and never do).
    distinct: bool = field(default=False)

    def _shown(self) -> Q:
        return self.published if self.published is not None else Q()

    def _office_q(self, user: Person) -> Q:
        """What the office's supervisors and leaders read."""
        mine = Q(**{self.office: user.unit_id})
        if self.author == OFFICE or (self.author == SUPERVISORS and roles.is_supervisor(user)):
            return mine
        return mine & self._shown()

    def _unit_q(self, user: Person) -> Q | None:
        """What a unit's officers and heads read: their own work in any state,
        the rest once published/sent."""
        readers = _any(_unit_q(lookup, user.unit_id) for lookup in self.units)
        own = None
        if self.author not in (SUPERVISORS, OFFICE):
            own = Q(**{self.author: user.unit_id})
        shown = None if readers is None else readers & self._shown()
        q = _any(q for q in (own, shown) if q is not None)
        if q is not None and self.units_within is not None:
            q &= self.units_within
        return q

    def filter(self, queryset: models.QuerySet, user: Person) -> models.QuerySet:
        if roles.is_admin(user):
            return queryset.all() if self.admin_reads else queryset.none()
        if roles.is_office_staff(user):
            return queryset.filter(self._office_q(user))
        q = self._unit_q(user) if roles.is_unit_staff(user) else None
        if q is None:
            return queryset.none()
        queryset = queryset.filter(q)
        return queryset.distinct() if self.distinct else queryset


def reader_key(user: Person) -> str:
    """A key such that two people with the same key read the same objects
    through every `visible_to`: exactly what `Scope.filter` (and, for a unit's
    people, `_unit_q`; for the office's, `_office_q`) depends on. For caches of
    what someone may read (the office overview's numbers): share them only
    between equal keys. Keep it in step with `Scope.filter`."""
    if roles.is_admin(user):
        return "admin"
    if roles.is_office_staff(user):
        # Supervisors also read their office's drafts; leaders do not.
        kind = "supervisor" if roles.is_supervisor(user) else "reader"
        return f"office:{user.unit_id}:{kind}"
    if roles.is_unit_staff(user):
        return f"unit:{user.unit_id}"
    return "none"


class ScopedQuerySet(models.QuerySet):
    """Base of every queryset with `visible_to(user)`; subclasses set `scope`:
    a `Scope`, or the name of the relation to a scoped parent."""

    scope: Scope | str

    def visible_to(self, user: Person) -> models.QuerySet:
        """The objects `user` may read (see the model's `scope`)."""
        if isinstance(self.scope, str):
            parent: Any = self.model._meta.get_field(self.scope).related_model
            return self.filter(**{f"{self.scope}__in": parent.objects.visible_to(user)})
        return self.scope.filter(self, user)
