"""Supervision steps: the office's override of a task's light."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from duban.core.lights import Light
from duban.plans import rules as plan_rules
from duban.plans.models import Task


class OverrideError(Exception):
    """A refused override; str(error) is a message for the user."""


@transaction.atomic
def override_task_light(*, task: Task, user, light: str, reason: str) -> Task:
    """Set (or, with light "", clear) the office's light for a task.

    Setting one needs a written reason; the change and the reason go into the
    task's audit trail (history user and change reason)."""
    task = Task.objects.select_for_update().select_related("plan").get(pk=task.pk)
    if not plan_rules.can_edit_plan(user, task.plan):
        raise PermissionDenied(_("只有督查室可以指定任务的状态灯。"))
    reason = (reason or "").strip()
    if light and light not in {x.value for x in Light}:
        raise OverrideError(_("状态灯无效。"))
    if light and not reason:
        raise OverrideError(_("指定状态灯时请写明理由。"))
    task.light_override = light or ""
    task.light_override_reason = reason if light else ""
    task.version += 1
    task._history_user = user
    task._change_reason = reason or _("取消指定状态灯")
    task.save()
    return task
