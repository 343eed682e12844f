"""The access layer: who a person is (`roles`) and what they may read
(`scope`). The only code that reads `user.role`; apps build their object
rules from these predicates and their querysets on `ScopedQuerySet`."""

from .roles import (
    OFFICE_ROLES,
    UNIT_ROLES,
    Role,
    holds_role,
    is_active,
    is_admin,
    is_head,
    is_head_of,
    is_leader,
    is_member_of,
    is_office_reader,
    is_office_staff,
    is_office_staff_of,
    is_officer,
    is_supervisor,
    is_supervisor_of,
    is_unit_staff,
    role_of,
    same_unit,
    unit_of,
)
from .scope import OFFICE, SUPERVISORS, Scope, ScopedQuerySet

__all__ = [
    "OFFICE",
    "OFFICE_ROLES",
    "SUPERVISORS",
    "UNIT_ROLES",
    "Role",
    "Scope",
    "ScopedQuerySet",
    "holds_role",
    "is_active",
    "is_admin",
    "is_head",
    "is_head_of",
    "is_leader",
    "is_member_of",
    "is_office_reader",
    "is_office_staff",
    "is_office_staff_of",
    "is_officer",
    "is_supervisor",
    "is_supervisor_of",
    "is_unit_staff",
    "role_of",
    "same_unit",
    "unit_of",
]
