"""Account permissions (django-rules). The role predicates themselves are
the access layer's (`duban.access`); they are named here too because apps
and tests have long imported them from this module."""

import rules

from duban.access import (
    is_admin,
    is_head,
    is_leader,
    is_office_staff,
    is_officer,
    is_supervisor,
    is_unit_staff,
    same_unit,
)

# One meaning: an officer or head of a unit (`access.is_unit_staff`).
is_unit_member = is_unit_staff

__all__ = [
    "is_admin",
    "is_head",
    "is_leader",
    "is_office_staff",
    "is_officer",
    "is_supervisor",
    "is_unit_member",
    "is_unit_staff",
    "same_unit",
]

# Accounts: only admins manage them.
rules.add_perm("accounts.manage_accounts", is_admin)

# The unit directory: everybody signed in reads it (to know whom a task names);
# the office's supervisors and the admins keep it up to date. Declared here, with
# the roles, because units sits below accounts (a person belongs to a unit).
rules.add_perm("units.view_directory", rules.is_authenticated)
rules.add_perm("units.edit_directory", is_supervisor | is_admin)
