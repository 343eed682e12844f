"""Who a person is: the one place that reads `user.role`.

Every predicate is a django-rules predicate (so object rules combine them
with `&` / `|`) and a plain function: `is_supervisor(user)` → bool. A person
counts only while signed in and active; office roles (supervisor, leader)
and unit roles (officer, head) count only with a unit."""

from __future__ import annotations

from typing import Any

import rules
from django.db import models
from django.utils.translation import gettext_lazy as _

# An account, the anonymous user or None: whatever a request or a job holds. The
# predicates read only what every one of them has (is_authenticated, role, unit_id).
Person = Any


class Role(models.TextChoices):
    """The roles an account can hold (stable English codes, Chinese labels);
    `accounts.User.Role` is this class. Declared here, below the models that
    build on the access layer, so that no app imports upwards."""

    SUPERVISOR = "supervisor", _("督查室")
    OFFICER = "officer", _("填报员")
    HEAD = "head", _("单位负责人")
    LEADER = "leader", _("领导")
    ADMIN = "admin", _("系统管理员")


OFFICE_ROLES = (Role.SUPERVISOR, Role.LEADER)
UNIT_ROLES = (Role.OFFICER, Role.HEAD)


def role_of(user: Person) -> Role | None:
    """The role an account holds (active or not); None for the anonymous user."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    try:
        return Role(user.role)
    except ValueError:
        return None


def holds_role(user: Person, *roles: Role) -> bool:
    """The account holds one of `roles`, whether or not it is active (for
    account management: what the role grants is set even on a disabled account)."""
    return role_of(user) in roles


def is_active(user: Person) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _acting(user: Person, *roles: Role) -> bool:
    return is_active(user) and role_of(user) in roles


def unit_of(user: Person) -> int | None:
    """The id of the unit an active person works in (the office for office
    roles), else None."""
    return user.unit_id if is_active(user) else None


@rules.predicate
def is_supervisor(user: Person) -> bool:
    return _acting(user, Role.SUPERVISOR) and user.unit_id is not None


@rules.predicate
def is_leader(user: Person) -> bool:
    return _acting(user, Role.LEADER) and user.unit_id is not None


@rules.predicate
def is_admin(user: Person) -> bool:
    return _acting(user, Role.ADMIN)


@rules.predicate
def is_officer(user: Person) -> bool:
    return _acting(user, Role.OFFICER) and user.unit_id is not None


@rules.predicate
def is_head(user: Person) -> bool:
    return _acting(user, Role.HEAD) and user.unit_id is not None


# The office's people (read the office's work; supervisors also change it)
# and the units' people (officers and heads: write their unit's reports).
is_office_staff = is_supervisor | is_leader
is_unit_staff = is_officer | is_head
# Who reads the office's pages of plans: its staff, and admins.
is_office_reader = is_office_staff | is_admin


def is_supervisor_of(user: Person, office_id: int | None) -> bool:
    """A supervisor of that office."""
    return bool(office_id is not None and is_supervisor(user) and user.unit_id == office_id)


def is_office_staff_of(user: Person, office_id: int | None) -> bool:
    """A supervisor or leader of that office."""
    return bool(office_id is not None and is_office_staff(user) and user.unit_id == office_id)


def is_member_of(user: Person, unit_id: int | None) -> bool:
    """An officer or head of that unit."""
    return bool(unit_id is not None and is_unit_staff(user) and user.unit_id == unit_id)


def is_head_of(user: Person, unit_id: int | None) -> bool:
    """The head of that unit."""
    return bool(unit_id is not None and is_head(user) and user.unit_id == unit_id)


@rules.predicate
def same_unit(user: Person, obj: Any) -> bool:
    """The object (a Unit, or anything with a `unit_id`) is the user's own unit."""
    if obj is None or not getattr(user, "unit_id", None):
        return False
    unit_id = getattr(obj, "unit_id", None)
    if unit_id is None and obj.__class__.__name__ == "Unit":
        unit_id = obj.pk
    return unit_id == user.unit_id
