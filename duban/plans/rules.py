"""Who may do what with plans. Predicates are plain functions too, so services
check the same rules the views do."""

import rules

from .models import Plan, Task


def _active(user):
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def can_import(user, office):
    """Supervisors import plans for their own office."""
    return (
        _active(user)
        and user.role == "supervisor"
        and office is not None
        and user.unit_id == office.pk
    )


@rules.predicate
def can_edit_plan(user, plan):
    """Only the owning office's supervisors change or publish a plan."""
    return (
        _active(user)
        and user.role == "supervisor"
        and plan is not None
        and user.unit_id == plan.office_id
    )


@rules.predicate
def can_view_plan(user, plan):
    return (
        _active(user)
        and plan is not None
        and Plan.objects.visible_to(user).filter(pk=plan.pk).exists()
    )


@rules.predicate
def can_view_task(user, task):
    return (
        _active(user)
        and task is not None
        and Task.objects.visible_to(user).filter(pk=task.pk).exists()
    )


@rules.predicate
def is_office_staff(user):
    """Supervisors and leaders work on the office's plans list."""
    return _active(user) and user.role in ("supervisor", "leader") and user.unit_id is not None


@rules.predicate
def is_unit_staff(user):
    """Officers and heads work in their unit's inbox."""
    return _active(user) and user.role in ("officer", "head") and user.unit_id is not None


rules.add_perm("plans.view_plan", can_view_plan)
rules.add_perm("plans.change_plan", can_edit_plan)
rules.add_perm("plans.publish_plan", can_edit_plan)
rules.add_perm("plans.view_task", can_view_task)
