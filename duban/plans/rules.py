"""Who may do what with plans: the access layer's predicates on plan
objects. Plain functions too, so services check the same rules the views do."""

import rules

from duban import access

from .models import Plan, Task


@rules.predicate
def can_import(user, office):
    """Supervisors import plans for their own office."""
    return office is not None and access.is_supervisor_of(user, office.pk)


@rules.predicate
def can_edit_plan(user, plan):
    """Only the owning office's supervisors change or publish a plan."""
    return plan is not None and access.is_supervisor_of(user, plan.office_id)


@rules.predicate
def can_view_plan(user, plan):
    return (
        access.is_active(user)
        and plan is not None
        and Plan.objects.visible_to(user).filter(pk=plan.pk).exists()
    )


@rules.predicate
def can_view_task(user, task):
    return (
        access.is_active(user)
        and task is not None
        and Task.objects.visible_to(user).filter(pk=task.pk).exists()
    )


rules.add_perm("plans.view_plan", can_view_plan)
rules.add_perm("plans.change_plan", can_edit_plan)
rules.add_perm("plans.publish_plan", can_edit_plan)
rules.add_perm("plans.view_task", can_view_task)
