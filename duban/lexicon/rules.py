"""Who may change an office's vocabulary: its own supervisors (the people who
import and review its plans)."""

import rules


@rules.predicate
def can_manage(user, office=None):
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.role == "supervisor"
        and user.unit_id is not None
        and (office is None or user.unit_id == office.pk)
    )
