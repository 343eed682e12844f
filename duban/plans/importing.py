"""The one way a document becomes a draft plan: a typed `docparse.ParsedPlan`
in, a draft Plan with its Tasks, Targets and unit mentions out.

The upload page, `duban import_plan`, `duban demo` and the OCR job all come
here (`import_source`, `import_pasted` or `import_plan` itself); reading a
draft again (`reparse_plan`) replaces its tasks through the same code. Numbers
stay Decimal from the parser to the column. A value the database cannot hold (a
30-digit target, a date outside the calendar) refuses the import with
`UnholdableValue`, naming the task, the target and the value: nothing is dropped
or stored half.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from duban.accounts.models import User
from duban.core import numbers
from duban.core.amounts import scale_from_raw
from duban.docparse import (
    DOUBTS,
    Cell,
    CellIndex,
    DocumentError,
    ParsedPlan,
    Source,
    parse_text,
    read_document,
)
from duban.docparse import Indicator as ParsedTarget
from duban.docparse import Task as ParsedTask
from duban.units.models import Unit
from duban.units.services import Resolver

from . import rules as plan_rules
from .models import Plan, Target, Task, UnitMention
from .uploads import read_pasted, read_upload, vocabulary_of
from .workflow import (
    InvalidInput,
    NotAllowed,
    apply_resolution,
    delete_as,
    locked,
    require_edit,
    save_as,
    set_units,
)

SOURCE_TYPES = ("txt", "docx", "pdf", "html", "ofd", "paste")
_STEP = Decimal(1).scaleb(-numbers.VALUE_DECIMAL_PLACES)


class UnholdableValue(InvalidInput):
    """A value read from the document that no column can hold; str() says where
    it is (task, target, field) and what it is."""

    def __init__(self, message: str, *, where: str, value: str) -> None:
        super().__init__(message)
        self.where = where
        self.value = value


@transaction.atomic
def import_plan(
    *,
    parsed: ParsedPlan,
    office: Unit,
    user: User,
    source_name: str = "",
    source_bytes: bytes | None = None,
    source_type: str = "txt",
    cells: list[Cell] | None = None,
) -> Plan:
    """Create a draft Plan from a parse result, keep the source file, and resolve
    the unit mentions against the directory. `cells` (a spreadsheet's, indexing
    into `parsed.text`) give each task, target and unit mention the cell it came
    from."""
    if not plan_rules.can_import(user, office):
        raise NotAllowed(_("您没有为该单位导入计划的权限。"))
    meta, reporting = parsed.meta, parsed.reporting
    title = meta.title or meta.plan_title or source_name or _("未命名文件")
    plan = Plan(
        office=office,
        title=title[:500],
        doc_number=(meta.doc_number or "")[:100],
        index_number=(meta.index_number or "")[:100],
        issuer=(meta.issuer or "")[:200],
        published=_plan_date(meta.published, _("成文日期")),
        plan_title=(meta.plan_title or "")[:500],
        addressees=list(meta.addressees),
        text=parsed.text,
        source_name=(source_name or "")[:255],
        source_type=source_type,
        report_deadline=_plan_date(reporting.deadline, _("报送截止日期")),
        report_to=(reporting.to or "")[:200],
        report_channel=(reporting.channel or "")[:200],
        created_by=user,
    )
    save_as(plan, user, bump=False)
    _create_tasks(plan, parsed, user, CellIndex(parsed.text, cells or []))
    resolve_mentions(plan=plan, user=user)
    if source_bytes is not None:
        suffix = PurePath(source_name or "").suffix.lower()[:10] or f".{source_type}"
        # A generated name: the user's file name is kept in source_name, never used as a path.
        plan.source_file.save(f"{uuid.uuid4().hex}{suffix}", ContentFile(source_bytes), save=False)
        save_as(plan, user, bump=False)
    return plan


def import_source(*, source: Source, office: Unit, user: User) -> Plan:
    """Read an accepted upload (`uploads.open_upload`; not a scan) and import it."""
    parsed, cells = read_upload(source, office=office)
    return import_plan(
        parsed=parsed,
        cells=cells,
        office=office,
        user=user,
        source_name=source.filename,
        source_bytes=source.data,
        source_type=source.kind,
    )


def import_pasted(*, text: str, office: Unit, user: User) -> Plan:
    """Import text pasted into the import page."""
    return import_plan(
        parsed=read_pasted(text, office=office), office=office, user=user, source_type="paste"
    )


@transaction.atomic
def reparse_plan(*, plan: Plan, user: User) -> Plan:
    """Read a draft's text again with the office's current vocabulary (解析词表) and
    replace its tasks, targets and unit mentions by the new reading. The plan's
    own fields (title, number, reporting …) keep the reviewer's edits; the old
    rows are deleted through the audit trail, so nothing is lost from it."""
    plan = locked(Plan, plan.pk)
    require_edit(plan, user)
    try:
        parsed = parse_text(plan.text, vocabulary=vocabulary_of(plan.office))
    except DocumentError as exc:
        raise InvalidInput(_("无法重新解析:%(reason)s") % {"reason": exc}) from exc
    for task in plan.tasks.all():
        for obj in [*task.targets.all(), *task.mentions.all()]:
            delete_as(obj, user)
        delete_as(task, user)
    _create_tasks(plan, parsed, user, CellIndex(plan.text, _source_cells(plan)))
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


@transaction.atomic
def resolve_mentions(*, plan: Plan, user: User | None = None) -> int:
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


# --- the parse result, field by field ------------------------------------------------


def _create_tasks(plan: Plan, parsed: ParsedPlan, user: User, cells: CellIndex) -> None:
    for order, item in enumerate(parsed.tasks):
        _create_task(plan, order, item, len(parsed.text), user, cells)


def _create_task(
    plan: Plan, order: int, item: ParsedTask, length: int, user: User, cells: CellIndex
) -> Task:
    where = item.key or item.title
    start, end = _span(item.span, length, where)
    cell = cells.at(start, end, item.title or "") if cells else None
    task = Task(
        plan=plan,
        order=order,
        key=item.key[:100],
        group=(item.group or "")[:300],
        title=(item.title or item.key or _("未命名任务"))[:500],
        span_start=start,
        span_end=end,
        deadline=_task_date(item.deadline, where),
        subtasks=[
            {"key": s.key, "title": s.title, "span": list(_span(s.span, length, where))}
            for s in item.subtasks
        ],
        leaders=list(item.leaders),
        doubts=[d for d in item.doubts if d in DOUBTS],
        source_cell=cell.ref if cell else "",
    )
    save_as(task, user, bump=False)
    for role, names in (
        (UnitMention.Role.LEAD, item.lead_units),
        (UnitMention.Role.CO, item.co_units),
    ):
        for index, name in enumerate(names):
            named = cells.naming(name, cell)
            mention = UnitMention(
                task=task,
                role=role,
                order=index,
                name=name[:200],
                source_cell=named.ref if named else "",
                source_label=(item.unit_labels.get(name) or "")[:40],
            )
            save_as(mention, user, bump=False)
    for index, ind in enumerate(item.indicators):
        _create_target(task, index, ind, length, where, user, cells)
    return task


def _create_target(
    task: Task,
    order: int,
    ind: ParsedTarget,
    length: int,
    task_where: str,
    user: User,
    cells: CellIndex,
) -> Target:
    name = ind.name or ind.text
    start, end = _span(ind.span, length, task_where)
    cell = cells.at(start, end) if cells else None
    op = ind.op if ind.op in Target.Op.values else Target.Op.EQ
    target = Target(
        task=task,
        order=order,
        name=name[:300],
        subject=(ind.subject or "")[:100],
        op=op,
        value=_value(ind.value, task_where, name, _("目标值")),
        value_max=_value(ind.value_max, task_where, name, _("目标上限")),
        unit=(ind.unit or "")[:30],
        raw=ind.raw[:100],
        text=ind.text[:1000],
        span_start=start,
        span_end=end,
        deadline=_target_date(ind.deadline, task_where, name),
        scale=scale_from_raw(ind.raw, ind.unit or ""),
        aggregation=Target.propose_aggregation(
            text=ind.text, subject=ind.subject or "", unit=ind.unit or ""
        ),
        source_cell=cell.ref if cell else "",
    )
    return save_as(target, user, bump=False)


def _value(number: Decimal | None, task: str, target: str, field: str) -> Decimal | None:
    """The value as its column keeps it (rounded to its decimals: the document's
    own words stay in Target.raw), or UnholdableValue."""
    if number is None:
        return None
    shown = format(number, "f") if number.is_finite() else str(number)
    try:
        rounded = number.quantize(_STEP, context=numbers.WIDE)
        return numbers.fit_decimal(rounded, label=target)
    except (numbers.OutOfRange, InvalidOperation):
        raise UnholdableValue(
            _(
                "无法导入:任务“%(task)s”的目标“%(target)s”的%(field)s“%(value)s”"
                "超出可保存的范围(整数部分最多 %(digits)s 位)。"
            )
            % {
                "task": task,
                "target": target,
                "field": field,
                "value": shown,
                "digits": numbers.VALUE_WHOLE_DIGITS,
            },
            where=f"{task} / {target} / {field}",
            value=shown,
        ) from None


def _date(value: str | None, where: str, message: str, **names: str) -> dt.date | None:
    """The ISO date `value` (None when empty), or UnholdableValue saying
    `message` % names with the value, when it is no calendar date."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UnholdableValue(
            message % {**names, "value": value}, where=where, value=value
        ) from None


def _plan_date(value: str | None, field: str) -> dt.date | None:
    return _date(
        value, field, _("无法导入:文件的%(field)s“%(value)s”不是可保存的日期。"), field=field
    )


def _task_date(value: str | None, task: str) -> dt.date | None:
    message = _("无法导入:任务“%(task)s”的完成时限“%(value)s”不是可保存的日期。")
    return _date(value, task, message, task=task)


def _target_date(value: str | None, task: str, target: str) -> dt.date | None:
    message = _("无法导入:任务“%(task)s”的目标“%(target)s”的完成时限“%(value)s”不是可保存的日期。")
    return _date(value, f"{task} / {target}", message, task=task, target=target)


def _span(span: tuple[int, int], length: int, task: str) -> tuple[int, int]:
    start, end = span
    if not 0 <= start <= end <= length:
        raise UnholdableValue(
            _("无法导入:任务“%(task)s”在原文中的位置 %(start)s–%(end)s 超出了正文。")
            % {"task": task, "start": start, "end": end},
            where=task,
            value=f"{start}–{end}",
        )
    return start, end
