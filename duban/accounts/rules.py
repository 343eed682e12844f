"""Role predicates (django-rules). Apps build their object rules from these.

Object rules of other apps (e.g. duban/plans/rules.py) combine these with
their own object predicates: `is_supervisor & is_office_object`, …"""

import rules

from .models import User


@rules.predicate
def is_supervisor(user):
    return bool(
        user and user.is_authenticated and user.is_active and user.role == User.Role.SUPERVISOR
    )


@rules.predicate
def is_leader(user):
    return bool(user and user.is_authenticated and user.is_active and user.role == User.Role.LEADER)


@rules.predicate
def is_admin(user):
    return bool(user and user.is_authenticated and user.is_active and user.role == User.Role.ADMIN)


@rules.predicate
def is_officer(user):
    return bool(
        user and user.is_authenticated and user.is_active and user.role == User.Role.OFFICER
    )


@rules.predicate
def is_head(user):
    return bool(user and user.is_authenticated and user.is_active and user.role == User.Role.HEAD)


is_unit_member = is_officer | is_head
is_office_staff = is_supervisor | is_leader


@rules.predicate
def same_unit(user, obj):
    """The object (a Unit, or anything with a `unit` / `unit_id`) is the user's own unit."""
    if obj is None or not getattr(user, "unit_id", None):
        return False
    unit_id = getattr(obj, "unit_id", None)
    if unit_id is None and obj.__class__.__name__ == "Unit":
        unit_id = obj.pk
    return unit_id == user.unit_id


# Accounts: only admins manage them.
rules.add_perm("accounts.manage_accounts", is_admin)

# The unit directory: everybody signed in reads it (to know whom a task names);
# the office's supervisors and the admins keep it up to date. Declared here, with
# the roles, because units sits below accounts (a person belongs to a unit).
rules.add_perm("units.view_directory", rules.is_authenticated)
rules.add_perm("units.edit_directory", is_supervisor | is_admin)
