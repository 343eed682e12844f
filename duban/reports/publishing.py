"""Publishing a plan and changing a task's principal unit: the steps of a plan
that open or re-open its reports, so they belong to the reporting side (reports
imports plans, never the other way round).

`publish_plan` refuses with `plans.workflow.CannotPublish` and the others of
`PlanError`, exactly as the plan's other steps do.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from duban.accounts.models import User
from duban.plans import rules as plan_rules
from duban.plans.models import Assignment, Notice, Plan, Task, UnitMention
from duban.plans.services import unknown_mentions
from duban.plans.workflow import (
    CannotPublish,
    InvalidInput,
    NotAllowed,
    PlanError,
    locked,
    save_as,
)
from duban.units.models import Unit

from .calendar import open_reports
from .models import ReportingCalendar


def publish_blockers(plan: Plan) -> list[str]:
    """Why the plan cannot be published yet ([] when it can)."""
    reasons = []
    if not plan.can_transition(Plan.Status.PUBLISHED):
        reasons.append(_("只有草稿状态的计划可以发布。"))
        return reasons
    if not plan.tasks.exists():
        reasons.append(_("计划中还没有任务。"))
    names = list(dict.fromkeys(unknown_mentions(plan).values_list("name", flat=True)))
    if names:
        reasons.append(
            ngettext(
                "还有 %(count)s 个单位未识别(%(names)s),请先映射到已有单位或新建单位。",
                "还有 %(count)s 个单位未识别(%(names)s),请先映射到已有单位或新建单位。",
                len(names),
            )
            % {"count": len(names), "names": "、".join(names)}
        )
    orphans = [
        t.key or t.title
        for t in plan.tasks.exclude(mentions__units__isnull=False).order_by("order", "id")
    ]
    if orphans:
        reasons.append(_("以下任务没有责任单位:%(tasks)s。") % {"tasks": "、".join(orphans)})
    if not ReportingCalendar.objects.filter(plan=plan).exists():
        # A published plan without periods can never be reported on.
        reasons.append(_("尚未设置报送日历:请在“报送日历”中采用文件的报送要求或自行设置。"))
    return reasons


def _assignments_for(task: Task) -> dict[Unit, str]:
    """{unit: role} in document order: leads first; lead beats co."""
    roles: dict[Unit, str] = {}
    for role in (UnitMention.Role.LEAD, UnitMention.Role.CO):
        for mention in task.mentions.filter(role=role).order_by("order", "id"):
            for unit in mention.units.order_by("name"):
                roles.setdefault(unit, role)
    return roles


@transaction.atomic
def publish_plan(*, plan: Plan, user: User) -> Plan:
    """Publish a reviewed draft that has a reporting calendar: one Assignment
    per (task, unit), one Notice per unit, and the empty reports of every
    period (so a missing report counts as overdue)."""
    plan = locked(Plan, plan.pk)
    if not plan_rules.can_edit_plan(user, plan):
        raise NotAllowed(_("您没有发布该计划的权限。"))
    reasons = publish_blockers(plan)
    if reasons:
        raise CannotPublish(" ".join(reasons))
    per_unit: dict[Unit, list[Task]] = {}
    for task in plan.tasks.order_by("order", "id"):
        roles = _assignments_for(task)
        principal = next((u for u, r in roles.items() if r == UnitMention.Role.LEAD), None)
        if principal is None and roles:
            principal = next(iter(roles))
        for unit, role in roles.items():
            save_as(
                Assignment(task=task, unit=unit, role=role, is_principal=unit == principal),
                user,
                bump=False,
            )
            per_unit.setdefault(unit, []).append(task)
    # Notices are stored text read by every person of the unit: write them in
    # the site's language, not in the language of whoever publishes.
    with translation.override(settings.LANGUAGE_CODE):
        _notify_units(plan, per_unit)
    plan.status = Plan.Status.PUBLISHED
    plan.published_at = timezone.now()
    save_as(plan, user)
    # The calendar was set on the draft: every assigned unit gets its reports now.
    open_reports(plan=plan)
    return plan


def _notify_units(plan: Plan, per_unit: dict[Unit, list[Task]]) -> None:
    for unit, tasks in per_unit.items():
        Notice.objects.create(
            unit=unit,
            plan=plan,
            task=tasks[0] if len(tasks) == 1 else None,
            kind=Notice.Kind.ASSIGNED,
            message=ngettext(
                "您单位有 %(count)s 项新任务:《%(plan)s》",
                "您单位有 %(count)s 项新任务:《%(plan)s》",
                len(tasks),
            )
            % {"count": len(tasks), "plan": plan.name},
        )


@transaction.atomic
def set_principal(*, task: Task, unit: Unit, user: User) -> Assignment:
    """The office names another assigned unit as the task's principal (主办) unit."""
    task = locked(Task, task.pk)
    if not plan_rules.can_edit_plan(user, task.plan):
        raise NotAllowed(_("您没有修改该计划的权限。"))
    if task.plan.status != Plan.Status.PUBLISHED:
        raise PlanError(_("只有已发布计划的任务可以指定主办单位。"))
    chosen = task.assignments.filter(unit=unit).first()
    if chosen is None:
        raise InvalidInput(_("该单位不是这项任务的责任单位。"))
    for other in task.assignments.filter(is_principal=True).exclude(pk=chosen.pk):
        other.is_principal = False
        save_as(other, user, bump=False)
    if not chosen.is_principal:
        chosen.is_principal = True
        save_as(chosen, user, bump=False)
    # Reports not yet sent must carry the new roles (主办/协办) at once.
    open_reports(plan=task.plan)
    return chosen
