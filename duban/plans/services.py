"""Plan workflow steps: import → resolve units → review edits → publish → close.

The review edits live in `editing`, shared helpers and the refusals in
`workflow`; both are re-exported here so callers use `services.<step>` only.

Every function takes keyword arguments, runs in one transaction, and records the
acting user in the audit trail (simple_history). Each refusal raises a
`PlanError` subclass whose message is fit to show the user.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from duban.core.amounts import scale_from_raw
from duban.docparse import DocumentError, parse_text, read_document
from duban.docparse.model import DOUBTS
from duban.docparse.read_xlsx import Cell, CellIndex
from duban.reports.calendar import open_reports
from duban.reports.models import ReportingCalendar
from duban.units.models import Unit
from duban.units.services import Resolver

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
from .models import Assignment, Notice, Plan, Target, Task, UnitMention
from .unknown_units import Decision, resolve_unknown_units, unknown_names  # noqa: F401
from .uploads import vocabulary_of
from .workflow import (  # noqa: F401
    CannotPublish,
    InvalidInput,
    NotAllowed,
    NotEditable,
    PlanError,
    StaleEdit,
    apply_resolution,
    delete_as,
    locked,
    parse_date,
    parse_decimal,
    parse_span,
    require_edit,
    save_as,
    set_units,
)

# --- import -------------------------------------------------------------------

SOURCE_TYPES = ("txt", "docx", "pdf", "html", "ofd", "paste")


@transaction.atomic
def import_plan(
    *,
    parsed: dict,
    text: str,
    office: Unit,
    user,
    source_name: str = "",
    source_bytes: bytes | None = None,
    source_type: str = "txt",
    cells: list[Cell] | None = None,
) -> Plan:
    """Create a draft Plan from a parse result (the contract dict) and its text,
    keep the source file, and resolve the unit mentions against the directory.
    `cells` (a spreadsheet's, indexing into `text`) give each task, target and
    unit mention the cell it came from."""
    if not plan_rules.can_import(user, office):
        raise NotAllowed(_("您没有为该单位导入计划的权限。"))
    meta = parsed.get("meta") or {}
    reporting = parsed.get("reporting") or {}
    title = (meta.get("title") or meta.get("plan_title") or source_name or _("未命名文件"))[:500]
    plan = Plan(
        office=office,
        title=title,
        doc_number=(meta.get("doc_number") or "")[:100],
        index_number=(meta.get("index_number") or "")[:100],
        issuer=(meta.get("issuer") or "")[:200],
        published=parse_date(meta.get("published")),
        plan_title=(meta.get("plan_title") or "")[:500],
        addressees=list(meta.get("addressees") or []),
        text=text,
        source_name=(source_name or "")[:255],
        source_type=source_type,
        report_deadline=parse_date(reporting.get("deadline")),
        report_to=(reporting.get("to") or "")[:200],
        report_channel=(reporting.get("channel") or "")[:200],
        created_by=user,
    )
    save_as(plan, user, bump=False)
    index = CellIndex(text, cells or [])
    for order, item in enumerate(parsed.get("tasks") or []):
        _create_task_from_contract(plan, order, item, user, index)
    resolve_mentions(plan=plan, user=user)
    if source_bytes is not None:
        suffix = PurePath(source_name or "").suffix.lower()[:10] or f".{source_type}"
        # A generated name: the user's file name is kept in source_name, never used as a path.
        plan.source_file.save(f"{uuid.uuid4().hex}{suffix}", ContentFile(source_bytes), save=False)
        save_as(plan, user, bump=False)
    return plan


@transaction.atomic
def reparse_plan(*, plan: Plan, user) -> Plan:
    """Read a draft's text again with the office's current vocabulary (解析词表) and
    replace its tasks, targets and unit mentions by the new reading. The plan's
    own fields (title, number, reporting …) keep the reviewer's edits; the old
    rows are deleted through the audit trail, so nothing is lost from it."""
    plan = locked(Plan, plan.pk)
    require_edit(plan, user)
    try:
        parsed = parse_text(plan.text, vocabulary=vocabulary_of(plan.office)).to_dict()
    except DocumentError as exc:
        raise InvalidInput(_("无法重新解析:%(reason)s") % {"reason": exc}) from exc
    for task in plan.tasks.all():
        for obj in [*task.targets.all(), *task.mentions.all()]:
            delete_as(obj, user)
        delete_as(task, user)
    index = CellIndex(plan.text, _source_cells(plan))
    for order, item in enumerate(parsed.get("tasks") or []):
        _create_task_from_contract(plan, order, item, user, index)
    resolve_mentions(plan=plan, user=user)
    return save_as(plan, user)


def _source_cells(plan: Plan) -> list[Cell]:
    """The cells of a plan imported from a spreadsheet, read again from its kept
    file; none when the file is gone or no longer gives the plan's text."""
    if plan.source_type not in ("xlsx", "xls") or not plan.source_file:
        return []
    try:
        with plan.source_file.open("rb") as handle:
            reading = read_document(handle.read(), plan.source_name, ocr=False)
    except (OSError, DocumentError):
        return []
    return reading.cells if reading.text == plan.text else []


def _create_task_from_contract(plan, order, item, user, index: CellIndex):
    start, end = parse_span(item)
    title = (item.get("title") or item.get("key") or _("未命名任务"))[:500]
    cell = index.at(start, end, item.get("title") or "") if index and start is not None else None
    task = Task(
        plan=plan,
        order=order,
        key=(item.get("key") or "")[:100],
        group=(item.get("group") or "")[:300],
        title=title,
        span_start=start,
        span_end=end,
        deadline=parse_date(item.get("deadline")),
        subtasks=[
            {"key": s.get("key") or "", "title": s.get("title") or "", "span": list(parse_span(s))}
            for s in item.get("subtasks") or []
        ],
        leaders=list(item.get("leaders") or []),
        doubts=[d for d in item.get("doubts") or [] if d in DOUBTS],
        source_cell=cell.ref if cell else "",
    )
    save_as(task, user, bump=False)
    labels = item.get("unit_labels") or {}
    for role, names in (
        (UnitMention.Role.LEAD, item.get("lead_units")),
        (UnitMention.Role.CO, item.get("co_units")),
    ):
        for n, name in enumerate(names or []):
            named = index.naming(name, cell)
            mention = UnitMention(
                task=task,
                role=role,
                order=n,
                name=name[:200],
                source_cell=named.ref if named else "",
                source_label=str(labels.get(name) or "")[:40],
            )
            save_as(mention, user, bump=False)
    for n, ind in enumerate(item.get("indicators") or []):
        _create_target_from_contract(task, n, ind, user, index)
    return task


def _create_target_from_contract(task, order, ind, user, index: CellIndex):
    start, end = parse_span(ind)
    cell = index.at(start, end) if index and start is not None else None
    op = ind.get("op") or Target.Op.EQ
    if op not in Target.Op.values:
        op = Target.Op.EQ
    target = Target(
        task=task,
        order=order,
        name=(ind.get("name") or ind.get("text") or "")[:300],
        subject=(ind.get("subject") or "")[:100],
        op=op,
        value=parse_decimal(ind.get("value")),
        value_max=parse_decimal(ind.get("value_max")),
        unit=(ind.get("unit") or "")[:30],
        raw=(ind.get("raw") or "")[:100],
        text=(ind.get("text") or "")[:1000],
        span_start=start,
        span_end=end,
        deadline=parse_date(ind.get("deadline")),
        scale=scale_from_raw(ind.get("raw") or "", ind.get("unit") or ""),
        aggregation=Target.propose_aggregation(
            text=ind.get("text") or "", subject=ind.get("subject") or "", unit=ind.get("unit") or ""
        ),
        source_cell=cell.ref if cell else "",
    )
    return save_as(target, user, bump=False)


# --- unit resolution ------------------------------------------------------------


@transaction.atomic
def resolve_mentions(*, plan: Plan, user=None) -> int:
    """Resolve the plan's unknown mentions through the unit directory (aliases
    folded, collective names expanded). Returns how many remain unknown."""
    unknown = 0
    resolver = Resolver()  # one directory snapshot for all the plan's names
    for mention in UnitMention.objects.filter(task__plan=plan, status=UnitMention.Status.UNKNOWN):
        units = apply_resolution(mention, resolver.resolve(mention.name))
        if units:
            set_units(mention, units, user)
        else:
            unknown += 1
    return unknown


# --- publish / close -----------------------------------------------------------


def unknown_mentions(plan: Plan):
    return UnitMention.objects.filter(task__plan=plan, status=UnitMention.Status.UNKNOWN)


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


def _assignments_for(task):
    """{unit: role} in document order: leads first; lead beats co."""
    roles = {}
    for role in (UnitMention.Role.LEAD, UnitMention.Role.CO):
        for mention in task.mentions.filter(role=role).order_by("order", "id"):
            for unit in mention.units.order_by("name"):
                roles.setdefault(unit, role)
    return roles


@transaction.atomic
def publish_plan(*, plan: Plan, user) -> Plan:
    """Publish a reviewed draft that has a reporting calendar: one Assignment
    per (task, unit), one Notice per unit, and the empty reports of every
    period (so a missing report counts as overdue)."""
    plan = locked(Plan, plan.pk)
    if not plan_rules.can_edit_plan(user, plan):
        raise NotAllowed(_("您没有发布该计划的权限。"))
    reasons = publish_blockers(plan)
    if reasons:
        raise CannotPublish(" ".join(reasons))
    per_unit = {}
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


def _notify_units(plan, per_unit):
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
def set_principal(*, task: Task, unit, user) -> Assignment:
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


def annotate_plan_counts(plans) -> None:
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
