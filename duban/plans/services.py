"""Plan workflow steps: import → resolve units → review edits → close.

The import lives in `importing`, the review edits in `editing`, shared helpers
and the refusals in `workflow`; they are re-exported here so callers use
`services.<step>` only. Publishing opens the reports of every period, so it is
the reporting side's step: `duban.reports.publishing` (as are principal changes).

Every function takes keyword arguments, runs in one transaction, and records the
acting user in the audit trail (simple_history). Each refusal raises a
`PlanError` subclass whose message is fit to show the user.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from . import rules as plan_rules
from .editing import (  # noqa: F401  (re-exported: services is the one entry point)
    add_mention,
    add_target,
    add_task,
    create_unit_from_mention,
    delete_mention,
    delete_plan,
    delete_target,
    delete_task,
    map_mention,
    shift_plan_dates,
    update_mention,
    update_plan,
    update_target,
    update_task,
)
from .importing import (  # noqa: F401
    SOURCE_TYPES,
    UnholdableValue,
    import_pasted,
    import_plan,
    import_source,
    reparse_plan,
    resolve_mentions,
)
from .models import Notice, Plan, Task, UnitMention
from .unknown_units import Decision, resolve_unknown_units, unknown_names  # noqa: F401
from .workflow import (  # noqa: F401
    CannotPublish,
    InvalidInput,
    NotAllowed,
    NotEditable,
    PlanError,
    StaleEdit,
    delete_as,
    locked,
    require_edit,
    save_as,
)

# --- close -----------------------------------------------------------


def unknown_mentions(plan: Plan):
    return UnitMention.objects.filter(task__plan=plan, status=UnitMention.Status.UNKNOWN)


@transaction.atomic
def close_plan(*, plan: Plan, user) -> Plan:
    plan = locked(Plan, plan.pk)
    if not plan_rules.can_edit_plan(user, plan):
        raise NotAllowed(_("您没有办结该计划的权限。"))
    if not plan.can_transition(Plan.Status.CLOSED):
        raise PlanError(_("只有已发布的计划可以办结。"))
    plan.status = Plan.Status.CLOSED
    return save_as(plan, user)


def same_document(plan: Plan):
    """Other plans of the office imported from a document with the same number."""
    if not plan.doc_number:
        return Plan.objects.none()
    return Plan.objects.filter(office_id=plan.office_id, doc_number=plan.doc_number).exclude(
        pk=plan.pk
    )


# --- notices ----------------------------------------------------------------------


def mark_notice_read(*, notice: Notice, user) -> Notice:
    if user.unit_id != notice.unit_id:
        raise NotAllowed(_("这不是您单位的通知。"))
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


# --- what a user may see -----------------------------------------------------------


def visible_plans(user):
    return Plan.objects.visible_to(user)


def annotate_plan_counts(plans: Iterable[Plan]) -> None:
    """Set `task_count`, `unknown_count` (unit mentions not found in the
    directory) and `next_deadline` (earliest task deadline) on each of
    `plans` (a page of them): two grouped queries, whatever the number."""
    plans = list(plans)
    ids = [p.pk for p in plans]
    tasks = {
        row["plan_id"]: row
        for row in Task.objects.filter(plan_id__in=ids)
        .order_by()
        .values("plan_id")
        .annotate(n=Count("id"), first=Min("deadline"))
    }
    unknown = dict(
        UnitMention.objects.filter(task__plan_id__in=ids, status=UnitMention.Status.UNKNOWN)
        .order_by()
        .values("task__plan_id")
        .annotate(n=Count("id"))
        .values_list("task__plan_id", "n")
    )
    for plan in plans:
        row = tasks.get(plan.pk, {})
        plan.task_count = row.get("n", 0)
        plan.next_deadline = row.get("first")
        plan.unknown_count = unknown.get(plan.pk, 0)


def visible_tasks(user):
    return Task.objects.visible_to(user)
