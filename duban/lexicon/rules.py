"""Who may change an office's vocabulary: its own supervisors (the people who
import and review its plans)."""

import rules

from duban import access


@rules.predicate
def can_manage(user, office=None):
    if office is None:
        return access.is_supervisor(user)
    return access.is_supervisor_of(user, office.pk)
