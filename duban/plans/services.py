"""Plan workflow steps: import → resolve units → review edits → publish → close.

Every function takes keyword arguments, runs in one transaction, and records the
acting user in the audit trail (simple_history). Each refusal raises a
`PlanError` subclass whose message is fit to show the user.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from duban.units.models import Unit
from duban.units.services import Resolver, resolve

from . import rules as plan_rules
from .models import Assignment, Notice, Plan, Target, Task, UnitMention


class PlanError(Exception):
    """A refused workflow step; str(error) is a message for the user."""


class NotAllowed(PlanError):
    pass


class NotEditable(PlanError):
    pass


class StaleEdit(PlanError):
    """Someone else saved the object since the form was rendered; `current` is
    the version now saved (a form re-sent with it overwrites deliberately)."""

    def __init__(self, message, current=None):
        super().__init__(message)
        self.current = current


class CannotPublish(PlanError):
    pass


class InvalidInput(PlanError):
    pass


# --- helpers ------------------------------------------------------------------


def _date(value):
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _decimal(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _span(item):
    span = item.get("span") or [None, None]
    if len(span) != 2:
        return None, None
    start, end = span
    if not isinstance(start, int) or not isinstance(end, int) or start < 0 or end < start:
        return None, None
    return start, end


def _save(obj, user, bump=True):
    """Save with the acting user in the audit trail (also outside a request)."""
    if bump and obj.pk and hasattr(obj, "version"):
        obj.version += 1
    obj._history_user = user
    obj.save()
    return obj


def _delete(obj, user):
    obj._history_user = user
    obj.delete()


def _check_version(obj, version):
    """Refuse a save made from a form rendered before someone else's save."""
    if version is None:
        return
    try:
        version = int(version)
    except (TypeError, ValueError):
        version = -1
    if version != obj.version:
        raise StaleEdit(
            _(
                "保存失败:在您编辑期间,该内容已被其他人修改。您填写的内容保留在下方;"
                "请核对后再次保存(将覆盖对方的修改),或取消后查看最新内容。"
            ),
            current=obj.version,
        )


def _require_edit(plan, user):
    if not plan_rules.can_edit_plan(user, plan):
        raise NotAllowed(_("您没有修改该计划的权限。"))
    if not plan.is_editable:
        raise NotEditable(_("计划已发布,内容不能再修改。"))


def _assign(obj, fields, allowed):
    """Set the edited fields; text fields store "" for empty, nullable ones None."""
    for name, value in fields.items():
        if name not in allowed:
            raise InvalidInput(name)
        if value is None and not obj._meta.get_field(name).null:
            value = ""
        setattr(obj, name, value)


def _locked(model, pk):
    return model.objects.select_for_update().get(pk=pk)


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
) -> Plan:
    """Create a draft Plan from a parse result (the contract dict) and its text,
    keep the source file, and resolve the unit mentions against the directory."""
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
        published=_date(meta.get("published")),
        plan_title=(meta.get("plan_title") or "")[:500],
        addressees=list(meta.get("addressees") or []),
        text=text,
        source_name=(source_name or "")[:255],
        source_type=source_type,
        report_deadline=_date(reporting.get("deadline")),
        report_to=(reporting.get("to") or "")[:200],
        report_channel=(reporting.get("channel") or "")[:200],
        created_by=user,
    )
    _save(plan, user, bump=False)
    for order, item in enumerate(parsed.get("tasks") or []):
        _create_task_from_contract(plan, order, item, user)
    resolve_mentions(plan=plan, user=user)
    if source_bytes is not None:
        suffix = PurePath(source_name or "").suffix.lower()[:10] or f".{source_type}"
        # A generated name: the user's file name is kept in source_name, never used as a path.
        plan.source_file.save(f"{uuid.uuid4().hex}{suffix}", ContentFile(source_bytes), save=False)
        _save(plan, user, bump=False)
    return plan


def _create_task_from_contract(plan, order, item, user):
    start, end = _span(item)
    task = Task(
        plan=plan,
        order=order,
        key=(item.get("key") or "")[:100],
        group=(item.get("group") or "")[:300],
        title=(item.get("title") or item.get("key") or _("未命名任务"))[:500],
        span_start=start,
        span_end=end,
        deadline=_date(item.get("deadline")),
        subtasks=[
            {"key": s.get("key") or "", "title": s.get("title") or "", "span": list(_span(s))}
            for s in item.get("subtasks") or []
        ],
        leaders=list(item.get("leaders") or []),
    )
    _save(task, user, bump=False)
    for role, names in (
        (UnitMention.Role.LEAD, item.get("lead_units")),
        (UnitMention.Role.CO, item.get("co_units")),
    ):
        for index, name in enumerate(names or []):
            _save(UnitMention(task=task, role=role, order=index, name=name[:200]), user, bump=False)
    for index, ind in enumerate(item.get("indicators") or []):
        _create_target_from_contract(task, index, ind, user)
    return task


def _create_target_from_contract(task, order, ind, user):
    start, end = _span(ind)
    op = ind.get("op") or Target.Op.EQ
    if op not in Target.Op.values:
        op = Target.Op.EQ
    target = Target(
        task=task,
        order=order,
        name=(ind.get("name") or ind.get("text") or "")[:300],
        subject=(ind.get("subject") or "")[:100],
        op=op,
        value=_decimal(ind.get("value")),
        value_max=_decimal(ind.get("value_max")),
        unit=(ind.get("unit") or "")[:30],
        raw=(ind.get("raw") or "")[:100],
        text=(ind.get("text") or "")[:1000],
        span_start=start,
        span_end=end,
        deadline=_date(ind.get("deadline")),
    )
    return _save(target, user, bump=False)


# --- unit resolution ------------------------------------------------------------


def _apply_resolution(mention, resolution):
    status = getattr(resolution, "status", "unknown")
    units = list(getattr(resolution, "units", None) or [])
    if status in ("group", "collective") and units:
        mention.status = UnitMention.Status.GROUP
    elif status != "unknown" and len(units) == 1:
        mention.status = UnitMention.Status.RESOLVED
    elif status != "unknown" and units:
        mention.status = UnitMention.Status.GROUP
    else:
        mention.status = UnitMention.Status.UNKNOWN
        units = []
    return units


def _set_units(mention, units, user):
    # One audit row for the change, not one per added unit.
    mention.skip_history_when_saving = True
    try:
        mention.units.set(units)
    finally:
        del mention.skip_history_when_saving
    _save(mention, user)


@transaction.atomic
def resolve_mentions(*, plan: Plan, user=None) -> int:
    """Resolve the plan's unknown mentions through the unit directory (aliases
    folded, collective names expanded). Returns how many remain unknown."""
    unknown = 0
    resolver = Resolver()  # one directory snapshot for all the plan's names
    for mention in UnitMention.objects.filter(task__plan=plan, status=UnitMention.Status.UNKNOWN):
        units = _apply_resolution(mention, resolver.resolve(mention.name))
        if units:
            _set_units(mention, units, user)
        else:
            unknown += 1
    return unknown


@transaction.atomic
def map_mention(*, mention: UnitMention, units, user, version=None) -> UnitMention:
    """The reviewer says which directory unit(s) a mention stands for."""
    mention = _locked(UnitMention, mention.pk)
    _require_edit(mention.task.plan, user)
    _check_version(mention, version)
    units = [u for u in units if u is not None]
    if not units:
        raise InvalidInput(_("请选择至少一个单位。"))
    mention.status = UnitMention.Status.RESOLVED if len(units) == 1 else UnitMention.Status.GROUP
    _set_units(mention, units, user)
    return mention


@transaction.atomic
def create_unit_from_mention(
    *,
    mention: UnitMention,
    user,
    name: str = "",
    full_name: str = "",
    kind=Unit.Kind.DEPARTMENT,
    version=None,
) -> Unit:
    """Add the unit a mention names to the directory and map the mention to it."""
    mention = _locked(UnitMention, mention.pk)
    _require_edit(mention.task.plan, user)
    _check_version(mention, version)
    name = (name or mention.name).strip()
    if not name:
        raise InvalidInput(_("单位名称不能为空。"))
    if Unit.objects.filter(name=name).exists():
        raise InvalidInput(_("单位“%(name)s”已存在,请用“映射到已有单位”。") % {"name": name})
    if kind not in Unit.Kind.values:
        raise InvalidInput(_("单位类别无效。"))
    unit = Unit(name=name[:100], full_name=(full_name or "")[:200], kind=kind)
    unit._history_user = user
    unit.save()
    mention.status = UnitMention.Status.RESOLVED
    _set_units(mention, [unit], user)
    # Other mentions of the same name in this plan mean the same unit.
    for other in UnitMention.objects.filter(
        task__plan=mention.task.plan, name=mention.name, status=UnitMention.Status.UNKNOWN
    ).exclude(pk=mention.pk):
        other.status = UnitMention.Status.RESOLVED
        _set_units(other, [unit], user)
    return unit


# --- review edits ---------------------------------------------------------------

PLAN_FIELDS = {
    "title",
    "doc_number",
    "issuer",
    "published",
    "plan_title",
    "report_deadline",
    "report_to",
    "report_channel",
}
TASK_FIELDS = {"key", "group", "title", "deadline"}


@transaction.atomic
def update_plan(*, plan: Plan, user, version=None, **fields) -> Plan:
    """Correct the plan's document data (title, number, reporting deadline…)."""
    plan = _locked(Plan, plan.pk)
    _require_edit(plan, user)
    _check_version(plan, version)
    _assign(plan, fields, PLAN_FIELDS)
    if not plan.title.strip():
        raise InvalidInput(_("文件标题不能为空。"))
    return _save(plan, user)


@transaction.atomic
def delete_plan(*, plan: Plan, user) -> None:
    """Discard a draft (a wrong import): its rows, and its stored file once committed."""
    plan = _locked(Plan, plan.pk)
    _require_edit(plan, user)
    for task in plan.tasks.all():
        for obj in [*task.targets.all(), *task.mentions.all()]:
            _delete(obj, user)
        _delete(task, user)
    stored, storage = plan.source_file.name, plan.source_file.storage
    _delete(plan, user)
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


@transaction.atomic
def update_task(*, task: Task, user, version=None, **fields) -> Task:
    task = _locked(Task, task.pk)
    _require_edit(task.plan, user)
    _check_version(task, version)
    _assign(task, fields, TASK_FIELDS)
    if not task.title.strip():
        raise InvalidInput(_("任务名称不能为空。"))
    return _save(task, user)


@transaction.atomic
def add_task(
    *, plan: Plan, user, title: str, key: str = "", group: str = "", deadline=None
) -> Task:
    plan = _locked(Plan, plan.pk)
    _require_edit(plan, user)
    if not (title or "").strip():
        raise InvalidInput(_("任务名称不能为空。"))
    last = plan.tasks.aggregate(m=Max("order"))["m"]
    task = Task(
        plan=plan,
        order=0 if last is None else last + 1,
        key=key or "",
        group=group or "",
        title=title.strip(),
        deadline=deadline,
    )
    return _save(task, user, bump=False)


@transaction.atomic
def delete_task(*, task: Task, user, version=None) -> None:
    task = _locked(Task, task.pk)
    _require_edit(task.plan, user)
    _check_version(task, version)
    for obj in [*task.targets.all(), *task.mentions.all()]:
        _delete(obj, user)
    _delete(task, user)


TARGET_FIELDS = {"name", "subject", "op", "value", "value_max", "unit", "deadline", "baseline"}


def _clean_target(target):
    if not target.name.strip():
        raise InvalidInput(_("指标名称不能为空。"))
    if target.op in Target.VALUELESS_OPS:
        target.value = None
        target.value_max = None
    elif target.value is None:
        raise InvalidInput(_("请填写目标值。"))
    if target.op == Target.Op.BETWEEN:
        if target.value_max is None or target.value_max < target.value:
            raise InvalidInput(_("区间的上限应不小于下限。"))
    else:
        target.value_max = None


@transaction.atomic
def update_target(*, target: Target, user, version=None, **fields) -> Target:
    target = _locked(Target, target.pk)
    _require_edit(target.task.plan, user)
    _check_version(target, version)
    _assign(target, fields, TARGET_FIELDS)
    _clean_target(target)
    return _save(target, user)


@transaction.atomic
def add_target(*, task: Task, user, **fields) -> Target:
    task = _locked(Task, task.pk)
    _require_edit(task.plan, user)
    last = task.targets.aggregate(m=Max("order"))["m"]
    target = Target(task=task, order=0 if last is None else last + 1)
    _assign(target, fields, TARGET_FIELDS)
    _clean_target(target)
    return _save(target, user, bump=False)


@transaction.atomic
def delete_target(*, target: Target, user, version=None) -> None:
    target = _locked(Target, target.pk)
    _require_edit(target.task.plan, user)
    _check_version(target, version)
    _delete(target, user)


@transaction.atomic
def add_mention(*, task: Task, user, role: str, name: str) -> UnitMention:
    """Add a unit the document's clause missed; it is resolved at once."""
    task = _locked(Task, task.pk)
    _require_edit(task.plan, user)
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("单位名称不能为空。"))
    if role not in UnitMention.Role.values:
        raise InvalidInput(_("角色无效。"))
    last = task.mentions.filter(role=role).aggregate(m=Max("order"))["m"]
    mention = _save(
        UnitMention(task=task, role=role, order=0 if last is None else last + 1, name=name[:200]),
        user,
        bump=False,
    )
    units = _apply_resolution(mention, resolve(mention.name))
    if units:
        _set_units(mention, units, user)
    return mention


@transaction.atomic
def update_mention(
    *, mention: UnitMention, user, version=None, role: str | None = None
) -> UnitMention:
    """Change a mention's role (牵头 ↔ 配合)."""
    mention = _locked(UnitMention, mention.pk)
    _require_edit(mention.task.plan, user)
    _check_version(mention, version)
    if role not in UnitMention.Role.values:
        raise InvalidInput(_("角色无效。"))
    mention.role = role
    return _save(mention, user)


@transaction.atomic
def delete_mention(*, mention: UnitMention, user, version=None) -> None:
    mention = _locked(UnitMention, mention.pk)
    _require_edit(mention.task.plan, user)
    _check_version(mention, version)
    _delete(mention, user)


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
    """Publish a reviewed draft: one Assignment per (task, unit), one Notice per unit."""
    plan = _locked(Plan, plan.pk)
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
            _save(
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
    return _save(plan, user)


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
    task = _locked(Task, task.pk)
    if not plan_rules.can_edit_plan(user, task.plan):
        raise NotAllowed(_("您没有修改该计划的权限。"))
    if task.plan.status != Plan.Status.PUBLISHED:
        raise PlanError(_("只有已发布计划的任务可以指定主办单位。"))
    chosen = task.assignments.filter(unit=unit).first()
    if chosen is None:
        raise InvalidInput(_("该单位不是这项任务的责任单位。"))
    for other in task.assignments.filter(is_principal=True).exclude(pk=chosen.pk):
        other.is_principal = False
        _save(other, user, bump=False)
    if not chosen.is_principal:
        chosen.is_principal = True
        _save(chosen, user, bump=False)
    return chosen


@transaction.atomic
def close_plan(*, plan: Plan, user) -> Plan:
    plan = _locked(Plan, plan.pk)
    if not plan_rules.can_edit_plan(user, plan):
        raise NotAllowed(_("您没有办结该计划的权限。"))
    if not plan.can_transition(Plan.Status.CLOSED):
        raise PlanError(_("只有已发布的计划可以办结。"))
    plan.status = Plan.Status.CLOSED
    return _save(plan, user)


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


def visible_tasks(user):
    return Task.objects.visible_to(user)
