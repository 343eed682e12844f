"""Review edits of a draft plan: tasks, targets, unit mentions (and mapping them
to the directory), the plan's document data. Each edit checks the form's
version (a stale save is refused), and is recorded with the acting user."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from duban.units.models import Unit
from duban.units.services import resolve

from .models import Plan, Target, Task, UnitMention
from .workflow import (
    InvalidInput,
    apply_resolution,
    assign_fields,
    check_version,
    delete_as,
    locked,
    require_edit,
    save_as,
    set_units,
)


@transaction.atomic
def map_mention(*, mention: UnitMention, units, user, version=None) -> UnitMention:
    """The reviewer says which directory unit(s) a mention stands for."""
    mention = locked(UnitMention, mention.pk)
    require_edit(mention.task.plan, user)
    check_version(mention, version)
    units = [u for u in units if u is not None]
    if not units:
        raise InvalidInput(_("请选择至少一个单位。"))
    mention.status = UnitMention.Status.RESOLVED if len(units) == 1 else UnitMention.Status.GROUP
    set_units(mention, units, user)
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
    mention = locked(UnitMention, mention.pk)
    require_edit(mention.task.plan, user)
    check_version(mention, version)
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
    set_units(mention, [unit], user)
    # Other mentions of the same name in this plan mean the same unit.
    for other in UnitMention.objects.filter(
        task__plan=mention.task.plan, name=mention.name, status=UnitMention.Status.UNKNOWN
    ).exclude(pk=mention.pk):
        other.status = UnitMention.Status.RESOLVED
        set_units(other, [unit], user)
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
    plan = locked(Plan, plan.pk)
    require_edit(plan, user)
    check_version(plan, version)
    assign_fields(plan, fields, PLAN_FIELDS)
    if not plan.title.strip():
        raise InvalidInput(_("文件标题不能为空。"))
    return save_as(plan, user)


def _plus_years(day, years):
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def shift_plan_dates(*, plan: Plan, user, years: int) -> Plan:
    """Move a draft's dates by whole years (the demo keeps its real document
    current); the document text is left as it is and the shift is recorded
    on the plan (`date_shift_years`)."""
    plan = locked(Plan, plan.pk)
    require_edit(plan, user)
    if not years:
        return plan
    for task in plan.tasks.all():
        for target in task.targets.exclude(deadline=None):
            target.deadline = _plus_years(target.deadline, years)
            save_as(target, user, bump=False)
        if task.deadline:
            task.deadline = _plus_years(task.deadline, years)
            save_as(task, user, bump=False)
    plan.published = _plus_years(plan.published, years)
    plan.report_deadline = _plus_years(plan.report_deadline, years)
    plan.date_shift_years += years
    return save_as(plan, user)


@transaction.atomic
def delete_plan(*, plan: Plan, user) -> None:
    """Discard a draft (a wrong import): its rows, and its stored file once committed."""
    plan = locked(Plan, plan.pk)
    require_edit(plan, user)
    for task in plan.tasks.all():
        for obj in [*task.targets.all(), *task.mentions.all()]:
            delete_as(obj, user)
        delete_as(task, user)
    stored, storage = plan.source_file.name, plan.source_file.storage
    delete_as(plan, user)
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


@transaction.atomic
def update_task(*, task: Task, user, version=None, **fields) -> Task:
    task = locked(Task, task.pk)
    require_edit(task.plan, user)
    check_version(task, version)
    assign_fields(task, fields, TASK_FIELDS)
    if not task.title.strip():
        raise InvalidInput(_("任务名称不能为空。"))
    return save_as(task, user)


@transaction.atomic
def add_task(
    *, plan: Plan, user, title: str, key: str = "", group: str = "", deadline=None
) -> Task:
    plan = locked(Plan, plan.pk)
    require_edit(plan, user)
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
    return save_as(task, user, bump=False)


@transaction.atomic
def delete_task(*, task: Task, user, version=None) -> None:
    task = locked(Task, task.pk)
    require_edit(task.plan, user)
    check_version(task, version)
    for obj in [*task.targets.all(), *task.mentions.all()]:
        delete_as(obj, user)
    delete_as(task, user)


TARGET_FIELDS = {
    "name",
    "subject",
    "op",
    "value",
    "value_max",
    "unit",
    "deadline",
    "baseline",
    "scale",
    "aggregation",
}


def _clean_target(target):
    if not target.name.strip():
        raise InvalidInput(_("指标名称不能为空。"))
    if target.aggregation not in Target.Aggregation.values:
        raise InvalidInput(_("汇总方式无效。"))
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
    target = locked(Target, target.pk)
    require_edit(target.task.plan, user)
    check_version(target, version)
    assign_fields(target, fields, TARGET_FIELDS)
    _clean_target(target)
    return save_as(target, user)


@transaction.atomic
def add_target(*, task: Task, user, **fields) -> Target:
    task = locked(Task, task.pk)
    require_edit(task.plan, user)
    last = task.targets.aggregate(m=Max("order"))["m"]
    target = Target(task=task, order=0 if last is None else last + 1)
    assign_fields(target, fields, TARGET_FIELDS)
    _clean_target(target)
    return save_as(target, user, bump=False)


@transaction.atomic
def delete_target(*, target: Target, user, version=None) -> None:
    target = locked(Target, target.pk)
    require_edit(target.task.plan, user)
    check_version(target, version)
    delete_as(target, user)


@transaction.atomic
def add_mention(*, task: Task, user, role: str, name: str) -> UnitMention:
    """Add a unit the document's clause missed; it is resolved at once."""
    task = locked(Task, task.pk)
    require_edit(task.plan, user)
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("单位名称不能为空。"))
    if role not in UnitMention.Role.values:
        raise InvalidInput(_("角色无效。"))
    last = task.mentions.filter(role=role).aggregate(m=Max("order"))["m"]
    mention = save_as(
        UnitMention(task=task, role=role, order=0 if last is None else last + 1, name=name[:200]),
        user,
        bump=False,
    )
    units = apply_resolution(mention, resolve(mention.name))
    if units:
        set_units(mention, units, user)
    return mention


@transaction.atomic
def update_mention(
    *, mention: UnitMention, user, version=None, role: str | None = None
) -> UnitMention:
    """Change a mention's role (牵头 ↔ 配合)."""
    mention = locked(UnitMention, mention.pk)
    require_edit(mention.task.plan, user)
    check_version(mention, version)
    if role not in UnitMention.Role.values:
        raise InvalidInput(_("角色无效。"))
    mention.role = role
    return save_as(mention, user)


@transaction.atomic
def delete_mention(*, mention: UnitMention, user, version=None) -> None:
    mention = locked(UnitMention, mention.pk)
    require_edit(mention.task.plan, user)
    check_version(mention, version)
    delete_as(mention, user)
