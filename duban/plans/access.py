"""Loading plan objects for a request: through what the user may see (else 404),
then checking the action is allowed on what they see (else 403)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from duban import access

from . import rules, services
from .models import Target, UnitMention


def require_office_reader(user):
    if not access.is_office_reader(user):
        raise PermissionDenied


def load_plan(request, pk):
    plan = get_object_or_404(services.visible_plans(request.user), pk=pk)
    require_office_reader(request.user)
    return plan


def require_plan_editor(request, plan):
    if not rules.can_edit_plan(request.user, plan):
        raise PermissionDenied
    return plan


def require_draft_editor(request, plan):
    """Content edits: only the office's supervisors, only while the plan is a draft."""
    require_plan_editor(request, plan)
    if not plan.is_editable:
        raise PermissionDenied
    return plan


def load_task_for_edit(request, pk):
    task = get_object_or_404(services.visible_tasks(request.user).select_related("plan"), pk=pk)
    require_office_reader(request.user)
    require_draft_editor(request, task.plan)
    return task


def load_target_for_edit(request, pk):
    target = get_object_or_404(
        Target.objects.select_related("task__plan").filter(
            task__in=services.visible_tasks(request.user)
        ),
        pk=pk,
    )
    require_office_reader(request.user)
    require_draft_editor(request, target.task.plan)
    return target


def load_mention_for_edit(request, pk):
    mention = get_object_or_404(
        UnitMention.objects.select_related("task__plan").filter(
            task__in=services.visible_tasks(request.user)
        ),
        pk=pk,
    )
    require_office_reader(request.user)
    require_draft_editor(request, mention.task.plan)
    return mention


def require_unit_member(user):
    """The unit of an officer or head (else 403)."""
    if not access.is_unit_staff(user):
        raise PermissionDenied
    return user.unit


def require_unit_member_id(user) -> int:
    """require_unit_member's check, answering the unit's key without reading
    the unit (an officer's and a head's unit_id is never empty)."""
    if not access.is_unit_staff(user):
        raise PermissionDenied
    return user.unit_id
