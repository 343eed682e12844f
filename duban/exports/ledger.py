"""The ledger (台账): a plan as an xlsx sheet offices know, and a filled-in sheet
read back as progress reports.

Export (`export_ledger`): sheet 台账, one row per task × responsible unit ×
target (a task without targets: one row per unit), two merged header rows,
panes frozen below the header and right of the unit column, validation lists
(责任单位 from the hidden sheet 名录, numbers in 当前值, dates in 截至日期), the
unit's latest sent value and its light, and its latest texts. Written in
openpyxl's write-only mode so a province-scale ledger stays within memory.

Import (`read_ledger` → `apply_ledger`): every row is checked first; each bad
cell is one `CellError` (sheet, row, column, message). Only a sheet with no
error yields changes, and the changes are applied in one transaction through
`reports.services.save_draft` (and `submit_report` when asked) — the same
permission checks, stale-edit checks and versions as the report page. A row
whose value, date and texts are what the ledger was exported with is no change.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as gl
from openpyxl import Workbook, load_workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from duban.core.amounts import AmountError, Measure
from duban.core.lights import Light
from duban.plans.models import Assignment, Plan, Target, Task
from duban.reports import rules as report_rules
from duban.reports import services as report_services
from duban.reports.models import Report, ReportVersion, Status, TargetValue, sent_q
from duban.supervision import lights as lights_mod
from duban.supervision import pace
from duban.units.models import Unit

from .written import target_label

SHEET = "台账"
LIST_SHEET = "名录"
FIRST_ROW = 4  # rows 1-3: title and the two header rows

# (key, header, group header, width). Group headers merge across their columns.
COLUMNS = [
    ("no", gl("序号"), None, 6),
    ("task", gl("重点工作"), None, 28),
    ("unit", gl("单位"), gl("责任"), 18),
    ("role", gl("角色"), gl("责任"), 10),
    ("target", gl("名称"), gl("指标"), 24),
    ("rule", gl("目标"), gl("指标"), 16),
    ("measure", gl("计量单位"), gl("指标"), 8),
    ("value", gl("当前值"), gl("最新报送"), 12),
    ("as_of", gl("截至日期"), gl("最新报送"), 12),
    ("light", gl("状态"), gl("最新报送"), 8),
    ("narrative", gl("完成情况"), gl("进展"), 40),
    ("problems", gl("存在问题"), gl("进展"), 30),
    ("next_steps", gl("下一步措施"), gl("进展"), 30),
    ("key", gl("行标识"), None, 10),
]
COL = {key: i for i, (key, *_rest) in enumerate(COLUMNS)}
LETTER = {key: get_column_letter(i + 1) for key, i in COL.items()}
TEXTS = ("narrative", "problems", "next_steps")

THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
LIGHT_FILL = {light.value: light.fill for light in Light}


def _role_label(assignment_role, is_principal):
    if is_principal:
        return _("牵头(主办)")
    return Assignment.Role(assignment_role).label


@dataclass
class LedgerRow:
    task: dict
    unit_id: int
    unit_name: str
    role: str
    target: dict | None
    value: Decimal | None
    as_of: dt.date | None
    light: str
    texts: tuple


def _latest(plan, unit=None):
    """Latest sent value per (target, unit) and latest sent texts per (task, unit),
    in two queries over plain rows (no model instances: a province-scale
    ledger has hundreds of thousands)."""
    # Sent as the model says (sent_q: in SQL, one query each), less what the office sent back.
    values = TargetValue.objects.filter(
        sent_q("version__", returned=False), version__report__task__plan=plan
    ).order_by("version__report__period__due_date", "version__number", "pk")
    texts = (
        ReportVersion.objects.sent(returned=False)
        .filter(report__task__plan=plan)
        .order_by("report__period__due_date", "number", "pk")
    )
    if unit is not None:
        values = values.filter(version__report__unit=unit)
        texts = texts.filter(report__unit=unit)
    latest_values = {}
    for row in values.values_list("target_id", "version__report__unit_id", "value", "as_of"):
        latest_values[(row[0], row[1])] = (row[2], row[3])
    latest_texts = {}
    for row in texts.values_list(
        "report__task_id", "report__unit_id", "narrative", "problems", "next_steps"
    ):
        latest_texts[(row[0], row[1])] = row[2:]
    return latest_values, latest_texts


def ledger_rows(plan: Plan, *, on: dt.date, unit=None):
    """The ledger's rows in document order (a generator: see module docstring)."""
    tasks = Task.objects.filter(plan=plan)
    task_rows = {
        row["id"]: row
        for row in tasks.values("id", "key", "title", "order").order_by("order", "id")
    }
    names = {
        row[0]: (row[1], row[2], Measure(row[3] or "", row[4] or ""))
        for row in Target.objects.filter(task__plan=plan).values_list(
            "id", "name", "subject", "unit", "scale"
        )
    }
    # One dict per target, shared by its rows of every unit: building it per
    # row cost a tenth of a large export.
    targets = {}
    for row in lights_mod.target_rows(tasks).order_by("order", "id"):
        name, subject, measure = names[row["id"]]
        targets.setdefault(row["task_id"], []).append(
            {**row, "name": name, "subject": subject, "measure": measure}
        )
    assignments = Assignment.objects.filter(task__plan=plan)
    if unit is not None:
        assignments = assignments.filter(unit=unit)
    per_task = {}
    for row in assignments.order_by("-is_principal", "role", "unit__name").values_list(
        "task_id", "unit_id", "unit__name", "role", "is_principal"
    ):
        per_task.setdefault(row[0], []).append(row[1:])
    latest_values, latest_texts = _latest(plan, unit)
    role_labels = {}
    lights = {}
    for task_id, task in task_rows.items():
        for unit_id, unit_name, role, is_principal in per_task.get(task_id, []):
            texts = latest_texts.get((task_id, unit_id), ("", "", ""))
            role_label = role_labels.setdefault(
                (role, is_principal), str(_role_label(role, is_principal))
            )
            for target in targets.get(task_id) or [None]:
                value = as_of = None
                light = ""
                if target is not None:
                    value, as_of = latest_values.get((target["id"], unit_id), (None, None))
                    # Units of one task often report the same value: the pace
                    # rule (Fractions) runs once per target and value.
                    key = (target["id"], value)
                    light = lights.get(key)
                    if light is None:
                        light = lights[key] = pace.target_light(
                            op=target["op"],
                            baseline=target["baseline"],
                            target=target["value"],
                            target_max=target["value_max"],
                            actual=value,
                            start=target["start"],
                            due=target["due"],
                            on=on,
                        ).value
                yield LedgerRow(
                    task, unit_id, unit_name, role_label, target, value, as_of, light, texts
                )


def _rule(target) -> str:
    op = target["op"]
    measure = target["measure"]
    if op in Target.VALUELESS_OPS:
        return str(Target.Op(op).label)
    if op == Target.Op.BETWEEN:
        return f"{measure.show(target['value'])}–{measure.show(target['value_max'])}"
    return f"{Target.Op(op).label}{measure.show(target['value'])}"


def _cell(ws, value, *, bold=False, fill=None, wrap=False, number_format=None):
    """A styled header cell (a handful per sheet)."""
    cell = WriteOnlyCell(ws, value=value)
    cell.border = BORDER
    cell.alignment = Alignment(vertical="center", wrap_text=wrap, horizontal=None)
    if bold:
        cell.font = Font(bold=True)
    if fill:
        cell.fill = PatternFill("solid", fgColor=fill)
    if number_format:
        cell.number_format = number_format
    return cell


def _named_styles(ws) -> dict[str, object]:
    """Data cells take named styles registered once, and each styled cell is
    built from the style's array: building a Border and an Alignment per cell,
    or looking the named style up per cell, cost most of a large export."""
    kinds = {
        "number": {"number_format": "0.####"},
        "date": {"number_format": "yyyy-mm-dd"},
        **{f"light-{code}": {"fill": colour} for code, colour in LIGHT_FILL.items()},
    }
    arrays = {}
    for kind, spec in kinds.items():
        style = NamedStyle(name=f"duban-ledger-{kind}")
        style.border = BORDER
        style.alignment = Alignment(vertical="center", wrap_text=spec.get("wrap", False))
        if "fill" in spec:
            style.fill = PatternFill("solid", fgColor=spec["fill"])
        if "number_format" in spec:
            style.number_format = spec["number_format"]
        ws.parent.add_named_style(style)
        template = WriteOnlyCell(ws)
        template.style = style.name
        # openpyxl exposes a cell's resolved style only as `_style`; a Cell
        # built with `style_array=` copies it (the public constructor path).
        arrays[kind] = template._style
    return arrays


def _data_cell(ws, value, style_array):
    return Cell(ws, row=1, column=1, value=value, style_array=style_array)


def export_ledger(*, plan: Plan, on: dt.date, unit=None) -> bytes:
    """The ledger of `plan` (only `unit`'s rows when given) as xlsx bytes."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    styles = _named_styles(ws)
    names = wb.create_sheet(LIST_SHEET)
    names.sheet_state = "hidden"
    unit_names = sorted(
        set(Assignment.objects.filter(task__plan=plan).values_list("unit__name", flat=True))
    )
    for name in unit_names:
        names.append([name])
    last = get_column_letter(len(COLUMNS))
    for i, (_key, _head, _group, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.column_dimensions[LETTER["key"]].hidden = True
    ws.freeze_panes = f"{LETTER['target']}{FIRST_ROW}"
    ws.print_title_rows = f"2:{FIRST_ROW - 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4

    title = _("%(plan)s 工作台账(截至%(date)s)") % {
        "plan": plan.doc_number or plan.name,
        "date": f"{on.year}年{on.month}月{on.day}日",
    }
    if unit is not None:
        title += f" · {unit.name}"
    ws.append([_cell(ws, title, bold=True)])
    ws.merged_cells.add(f"A1:{last}1")
    row2, row3 = [], []
    for i, (_key, head, group, _width) in enumerate(COLUMNS, start=1):
        letter = get_column_letter(i)
        row2.append(_cell(ws, str(group or head), bold=True, fill="DDE4EE"))
        row3.append(_cell(ws, str(head) if group else None, bold=True, fill="DDE4EE"))
        if group is None:
            ws.merged_cells.add(f"{letter}2:{letter}3")
    ws.append(row2)
    ws.append(row3)
    start = 0
    while start < len(COLUMNS):  # merge each run of one group header across row 2
        end = start
        group = COLUMNS[start][2]
        while end + 1 < len(COLUMNS) and group and COLUMNS[end + 1][2] == group:
            end += 1
        if group and end > start:
            ws.merged_cells.add(f"{get_column_letter(start + 1)}2:{get_column_letter(end + 1)}2")
        start = end + 1

    light_labels = {light.value: _(light.label) for light in Light}
    task_labels: dict[int, str] = {}
    target_cells: dict[int, tuple] = {}  # target id → (label, rule, measure, key)
    count = 0
    for count, row in enumerate(ledger_rows(plan, on=on, unit=unit), start=1):
        target = row.target
        task = row.task
        task_label = task_labels.get(task["id"])
        if task_label is None:
            task_label = task_labels[task["id"]] = f"{task['key']} {task['title']}".strip()
        if target is None:
            label = rule = suffix = None
            key = f"{task['id']}/"
        else:
            cached = target_cells.get(target["id"])
            if cached is None:
                cached = target_cells[target["id"]] = (
                    target_label_row(target),
                    _rule(target),
                    target["measure"].suffix or None,
                    f"{task['id']}/{target['id']}",
                )
            label, rule, suffix, key = cached
        # Plain values where no format is needed: a styled cell costs several
        # times a plain one, and the grid lines come from one conditional format.
        ws.append(
            [
                count,
                task_label,
                row.unit_name,
                row.role,
                label,
                rule,
                suffix,
                _data_cell(ws, _in_scale(row.value, target), styles["number"])
                if row.value is not None
                else None,
                _data_cell(ws, row.as_of, styles["date"]) if row.as_of is not None else None,
                _data_cell(ws, light_labels[row.light], styles[f"light-{row.light}"])
                if row.light
                else None,
                # An empty text is no cell at all (None): each written cell costs.
                row.texts[0] or None,
                row.texts[1] or None,
                row.texts[2] or None,
                key,
            ]
        )
    end = FIRST_ROW + max(count, 1) - 1
    units_list = DataValidation(
        type="list",
        formula1=f"={LIST_SHEET}!$A$1:$A${max(len(unit_names), 1)}",
        allow_blank=False,
        showErrorMessage=True,
        errorTitle=_("责任单位"),
        error=_("请从名录中选择单位。"),
    )
    units_list.add(f"{LETTER['unit']}{FIRST_ROW}:{LETTER['unit']}{end}")
    numbers = DataValidation(
        type="decimal",
        operator="between",
        formula1="-1E+15",
        formula2="1E+15",
        allow_blank=True,
        showErrorMessage=True,
        error=_("当前值须为数字。"),
    )
    numbers.add(f"{LETTER['value']}{FIRST_ROW}:{LETTER['value']}{end}")
    dates = DataValidation(
        type="date",
        operator="greaterThan",
        formula1="36526",  # 2000-01-01
        allow_blank=True,
        showErrorMessage=True,
        error=_("截至日期须为日期,如2020-12-20。"),
    )
    dates.add(f"{LETTER['as_of']}{FIRST_ROW}:{LETTER['as_of']}{end}")
    for validation in (units_list, numbers, dates):
        ws.data_validations.append(validation)
    # Grid lines and wrapped text over the data rows: one rule instead of a style per cell.
    ws.conditional_formatting.add(
        f"A{FIRST_ROW}:{last}{end}",
        FormulaRule(formula=["TRUE"], border=BORDER, stopIfTrue=False),
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _in_scale(value, target) -> Decimal:
    """A base value as the sheet shows it: in the document's scale (1.3 in a 万人 column)."""
    return Decimal(value) / target["measure"].factor


def target_label_row(target: dict) -> str:
    return f"{target['subject']}{target['name']}" if target["subject"] else target["name"]


# --- import ---------------------------------------------------------------------


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self):
        return _("%(sheet)s 第%(row)s行 %(column)s列:%(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class LedgerRejected(Exception):
    """The ledger cannot be applied; `errors` lists every bad cell."""

    def __init__(self, errors):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


@dataclass
class Change:
    """One report to write: its unit's new values and texts."""

    report: Report
    lock_version: int
    values: dict = field(default_factory=dict)  # target id → (Decimal, date)
    texts: dict = field(default_factory=dict)
    rows: list = field(default_factory=list)
    lines: list = field(default_factory=list)  # (target label, old, new) for the preview


@dataclass
class LedgerImport:
    plan: Plan | None
    changes: list
    errors: list

    @property
    def ok(self) -> bool:
        return not self.errors


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _parse_number(value, measure: Measure):
    """A cell's amount in base units: a number is in the sheet's scale (the
    计量单位 column); text may carry its own magnitude ("1.3万", "八十五亿")."""
    if value is None or _text(value) == "":
        return None, None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return Decimal(str(value)) * measure.factor, None
    try:
        return measure.parse(_text(value)), None
    except AmountError:
        return None, _("“%(value)s”不是有效数字。") % {"value": _text(value)}


def _parse_date(value, today):
    if value is None or _text(value) == "":
        return None, None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(_text(value).replace("/", "-"))
        except ValueError:
            return None, _("“%(value)s”不是有效日期(应为2020-12-20的形式)。") % {
                "value": _text(value)
            }
    if value > today:
        return None, _("截至日期不能晚于今天。")
    return value, None


def _open_report(task_id, unit_id, on):
    """The report a ledger row fills: the unit's editable report of the task
    whose period is current (the earliest still due), else its last editable one."""
    editable = list(
        Report.objects.filter(
            task_id=task_id, unit_id=unit_id, status__in=(Status.DRAFT, Status.RETURNED)
        )
        .select_related("task__plan", "period", "current_version")
        .order_by("period__due_date")
    )
    for report in editable:
        if report.period.due_date >= on:
            return report
    return editable[-1] if editable else None


def read_ledger(*, data: bytes, user, on: dt.date) -> LedgerImport:
    """Check a filled-in ledger cell by cell; changes only when nothing is wrong."""
    errors: list[CellError] = []
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not xlsx
        return LedgerImport(None, [], [CellError("", 0, "", _("文件不是有效的xlsx台账。"))])
    if SHEET not in wb.sheetnames:
        return LedgerImport(
            None, [], [CellError(SHEET, 0, "", _("文件中没有“%(s)s”工作表。") % {"s": SHEET})]
        )
    ws = wb[SHEET]
    visible_plans = Plan.objects.visible_to(user)
    task_cache: dict = {}
    target_cache: dict = {}
    plan = None
    groups: dict[tuple, dict] = {}
    latest_values = latest_texts = None

    def bad(row_no, key, message):
        errors.append(CellError(SHEET, row_no, LETTER[key], message))

    for row_no, cells in enumerate(
        ws.iter_rows(min_row=FIRST_ROW, values_only=True), start=FIRST_ROW
    ):
        cells = list(cells) + [None] * (len(COLUMNS) - len(cells))
        cell = {key: cells[i] for key, i in COL.items()}
        if all(_text(v) == "" for v in cells):
            continue
        try:
            task_part, target_part = _text(cell["key"]).split("/")
            task_id = int(task_part)
            target_id = int(target_part) if target_part else None
        except ValueError:
            bad(row_no, "key", _("行标识被改动或缺失,请用导出的台账填写。"))
            continue
        if task_id not in task_cache:
            task_cache[task_id] = Task.objects.filter(pk=task_id).select_related("plan").first()
        task = task_cache[task_id]
        if task is None or (plan is not None and task.plan_id != plan.pk):
            bad(row_no, "key", _("行标识指向的任务不存在或不属于本台账的计划。"))
            continue
        if plan is None:
            if not visible_plans.filter(pk=task.plan_id).exists():
                return LedgerImport(
                    None, [], [CellError(SHEET, row_no, LETTER["key"], _("您不能查看这个计划。"))]
                )
            plan = task.plan
            target_cache = {
                t.pk: t for t in Target.objects.filter(task__plan=plan).select_related("task")
            }
            latest_values, latest_texts = _latest(plan)
        target = target_cache.get(target_id) if target_id else None
        if target_id and (target is None or target.task_id != task_id):
            bad(row_no, "key", _("行标识指向的指标不存在。"))
            continue
        unit = Unit.objects.find(_text(cell["unit"])) if _text(cell["unit"]) else None
        if unit is None:
            bad(row_no, "unit", _("单位“%(name)s”不在名录中。") % {"name": _text(cell["unit"])})
            continue
        if not Assignment.objects.filter(task_id=task_id, unit=unit).exists():
            bad(
                row_no,
                "unit",
                _("“%(unit)s”不是该任务的责任单位。") % {"unit": unit.name},
            )
            continue
        value, message = _parse_number(cell["value"], target.measure if target else Measure())
        if message:
            bad(row_no, "value", message)
        as_of, date_message = _parse_date(cell["as_of"], on)
        if date_message:
            bad(row_no, "as_of", date_message)
        if value is not None and target is None:
            bad(row_no, "value", _("该行没有指标,不能填写当前值。"))
            message = True
        if message or date_message:
            continue
        group = groups.setdefault(
            (task_id, unit.pk), {"rows": [], "values": {}, "texts": {}, "changed": False}
        )
        group["rows"].append(row_no)
        old_value, old_as_of = (None, None)
        if target is not None:
            old_value, old_as_of = latest_values.get((target.pk, unit.pk), (None, None))
        if value is not None:
            as_of = as_of or on
            group["values"][target.pk] = (value, as_of, target, old_value)
            if old_value is None or value != old_value or as_of != old_as_of:
                group["changed"] = True
        old_texts = latest_texts.get((task_id, unit.pk), ("", "", ""))
        for key, old in zip(TEXTS, old_texts, strict=True):
            text = _text(cell[key])
            if not text:
                continue
            old = (old or "").strip()
            if text == old:
                continue  # as exported: another row of the group may carry the edit
            previous = group["texts"].get(key)
            if previous is not None and previous != text:
                bad(row_no, key, _("同一单位同一任务的各行内容改得不一致。"))
                continue
            group["texts"][key] = text
            group["changed"] = True

    changes = []
    for (task_id, unit_id), group in groups.items():
        if not group["changed"]:
            continue
        first = group["rows"][0]
        report = _open_report(task_id, unit_id, on)
        if report is None:
            bad(first, "unit", _("该单位本任务没有可填写的报告(已报送或尚未设置报送期次)。"))
            continue
        if not report_rules.is_report_writer(user, report):
            bad(
                first,
                "unit",
                _("您不能为“%(unit)s”填报(只能填报本单位的报告)。") % {"unit": report.unit.name},
            )
            continue
        change = Change(report=report, lock_version=report.lock_version, rows=group["rows"])
        for target_id, (value, as_of, target, old) in group["values"].items():
            change.values[target_id] = (value, as_of)
            if old is not None and value == old:
                continue  # carried into the new report as it stands; not shown as a change
            change.lines.append(
                (
                    target_label(target),
                    target.measure.show(old) if old is not None else "",
                    target.measure.show(value),
                )
            )
        change.texts = group["texts"]
        changes.append(change)
    if errors:
        return LedgerImport(plan, [], errors)
    return LedgerImport(plan, changes, [])


def apply_ledger(*, result: LedgerImport, user, submit: bool = False) -> int:
    """Write a checked ledger's changes as draft reports (and submit them when
    `submit`), all or nothing. Returns the number of reports written."""
    if not result.ok:
        raise LedgerRejected(result.errors)
    with transaction.atomic():
        for change in result.changes:
            report = change.report
            current = report.current_version
            data = report_services.DraftData(
                narrative=change.texts.get("narrative", current.narrative if current else ""),
                problems=change.texts.get("problems", current.problems if current else ""),
                next_steps=change.texts.get("next_steps", current.next_steps if current else ""),
                values=change.values,
            )
            try:
                report = report_services.save_draft(
                    report=report, user=user, data=data, expected_version=change.lock_version
                )
                if submit:
                    report_services.submit_report(report=report, user=user)
            except (report_services.ReportError, PermissionDenied) as exc:
                raise LedgerRejected(
                    [CellError(SHEET, change.rows[0], LETTER["unit"], str(exc))]
                ) from exc
    return len(result.changes)


def import_ledger(*, data: bytes, user, on: dt.date, dry_run: bool = False, submit=False):
    """Check and (unless `dry_run`) apply a ledger; LedgerRejected on any error."""
    result = read_ledger(data=data, user=user, on=on)
    if not result.ok:
        raise LedgerRejected(result.errors)
    if not dry_run:
        apply_ledger(result=result, user=user, submit=submit)
    return result
