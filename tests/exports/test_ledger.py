"""The ledger (台账): export layout, round trip through openpyxl, and refusal of
a sheet with bad cells."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from duban.core.lights import Light
from duban.exports import ledger
from duban.reports.models import Report, Status, TargetValue
from duban.reports.services import accept_report, consolidate_and_submit
from duban.supervision.lights import task_lights

from .conftest import FROZEN


def _sheet(data):
    return openpyxl.load_workbook(io.BytesIO(data))[ledger.SHEET]


def _save(wb):
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _rows(ws):
    return [
        (i, row)
        for i, row in enumerate(ws.iter_rows(min_row=ledger.FIRST_ROW), start=ledger.FIRST_ROW)
    ]


def _find(ws, unit, target_name):
    col = ledger.COL
    for i, row in _rows(ws):
        if row[col["unit"]].value == unit and row[col["target"]].value == target_name:
            return i
    raise AssertionError((unit, target_name))


def test_export_has_merged_headers_frozen_panes_and_validation(plan, reported):
    ws = _sheet(ledger.export_ledger(plan=plan, on=FROZEN))
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:N1", "A2:A3", "C2:D2", "E2:G2", "H2:J2", "K2:M2"} <= merged
    assert ws.freeze_panes == "E4"
    kinds = {v.type for v in ws.data_validations.dataValidation}
    assert kinds == {"list", "decimal", "date"}
    unit_list = next(v for v in ws.data_validations.dataValidation if v.type == "list")
    assert unit_list.formula1.startswith("名录!") or unit_list.formula1.startswith("=名录!")
    assert ws["B2"].value == "重点工作" and ws["H3"].value == "当前值"


def test_export_rows_carry_latest_values_and_lights(plan, reported, task, jobs):
    ws = _sheet(ledger.export_ledger(plan=plan, on=FROZEN))
    col = ledger.COL
    row = ws[_find(ws, "州发改委", "城镇新增就业")]
    assert Decimal(str(row[col["value"]].value)) == Decimal("0.72")  # 万人, as the document
    assert row[col["measure"]].value == "万人"
    assert row[col["as_of"]].value.date() == dt.date(2020, 11, 15)
    assert row[col["light"]].value == "绿灯"
    assert row[col["rule"]].value == "不低于1.3万人"
    assert row[col["narrative"]].value == "稳增长各项工作有序推进。"
    # Every assigned unit has a row per target of the task.
    units = {
        r[col["unit"]].value for _i, r in _rows(ws) if r[col["target"]].value == "城镇新增就业"
    }
    assert units == set(task.assignments.values_list("unit__name", flat=True))


def test_unit_export_holds_only_its_rows(plan, reported, directory):
    ws = _sheet(ledger.export_ledger(plan=plan, on=FROZEN, unit=directory["格尔木市人民政府"]))
    assert {r[ledger.COL["unit"]].value for _i, r in _rows(ws)} == {"格尔木市人民政府"}


def test_unchanged_ledger_changes_nothing(plan, reported, fgw_officer):
    data = ledger.export_ledger(plan=plan, on=FROZEN)
    result = ledger.read_ledger(data=data, user=fgw_officer, on=timezone.localdate())
    assert result.ok and result.changes == []


def test_round_trip_values_and_lights_change(
    plan, reported, task, jobs, rate, fgw_officer, supervisor
):
    assert task_lights(plan.tasks.all(), FROZEN)[task.pk].targets[jobs.pk] == Light.GREEN
    wb = openpyxl.load_workbook(io.BytesIO(ledger.export_ledger(plan=plan, on=FROZEN)))
    ws = wb[ledger.SHEET]
    col = ledger.COL
    r = _find(ws, "州发改委", "城镇新增就业")
    ws.cell(r, col["value"] + 1, 1.35)  # in the sheet's scale: 万人
    ws.cell(r, col["as_of"] + 1, dt.date(2020, 12, 10))
    ws.cell(r, col["narrative"] + 1, "全年就业目标已完成。")
    r2 = _find(ws, "州发改委", "失业率")
    ws.cell(r2, col["value"] + 1, "3.1")
    ws.cell(r2, col["as_of"] + 1, "2020-12-10")

    result = ledger.import_ledger(data=_save(wb), user=fgw_officer, on=timezone.localdate())
    [change] = result.changes
    assert change.report.unit.name == "州发改委" and change.report.period.is_final
    assert ("城镇新增就业", "0.72万人", "1.35万人") in change.lines

    report = Report.objects.get(pk=change.report.pk)
    assert report.status == Status.DRAFT
    values = {v.target_id: v.value for v in report.current_version.values.all()}
    assert values == {jobs.pk: Decimal("13500"), rate.pk: Decimal("3.1")}
    assert report.current_version.narrative == "全年就业目标已完成。"

    # The unit sends it, the office accepts: the light follows the new value.
    report = consolidate_and_submit(report=report, user=fgw_officer)
    accept_report(report=report, user=supervisor)
    after = task_lights(plan.tasks.all(), dt.date(2020, 12, 11))[task.pk]
    assert after.targets[jobs.pk] == Light.BLUE


def test_three_bad_cells_three_messages_and_no_change(plan, reported, fgw_officer):
    wb = openpyxl.load_workbook(io.BytesIO(ledger.export_ledger(plan=plan, on=FROZEN)))
    ws = wb[ledger.SHEET]
    col = ledger.COL
    good = _find(ws, "州发改委", "城镇新增就业")
    ws.cell(good, col["value"] + 1, 0.9)  # a valid change that must not be applied
    bad_value = _find(ws, "州发改委", "失业率")
    ws.cell(bad_value, col["value"] + 1, "三点一左右")
    bad_date = _find(ws, "州人社局", "城镇新增就业")
    ws.cell(bad_date, col["value"] + 1, 100)
    ws.cell(bad_date, col["as_of"] + 1, "2020-13-45")
    bad_unit = _find(ws, "州工信局", "失业率")
    ws.cell(bad_unit, col["unit"] + 1, "不存在局")
    before = TargetValue.objects.count(), Report.objects.filter(status=Status.DRAFT).count()

    result = ledger.read_ledger(data=_save(wb), user=fgw_officer, on=timezone.localdate())
    assert not result.ok and result.changes == []
    assert [(e.sheet, e.row, e.column) for e in result.errors] == [
        ("台账", bad_value, "H"),
        ("台账", bad_date, "I"),
        ("台账", bad_unit, "C"),
    ]
    assert "三点一左右" in result.errors[0].message
    assert "2020-13-45" in result.errors[1].message
    assert "不存在局" in result.errors[2].message
    with pytest.raises(ledger.LedgerRejected) as refused:
        ledger.import_ledger(data=_save(wb), user=fgw_officer, on=timezone.localdate())
    assert len(refused.value.errors) == 3
    assert (
        TargetValue.objects.count(),
        Report.objects.filter(status=Status.DRAFT).count(),
    ) == before


def test_rows_of_another_unit_are_refused(plan, reported, golmud_officer):
    wb = openpyxl.load_workbook(io.BytesIO(ledger.export_ledger(plan=plan, on=FROZEN)))
    ws = wb[ledger.SHEET]
    r = _find(ws, "州发改委", "城镇新增就业")
    ws.cell(r, ledger.COL["value"] + 1, 9999)
    result = ledger.read_ledger(data=_save(wb), user=golmud_officer, on=timezone.localdate())
    [error] = result.errors
    assert error.column == "C" and "只能填报本单位" in error.message


def test_not_an_xlsx_is_one_clear_error(fgw_officer, plan):
    result = ledger.read_ledger(data=b"not a workbook", user=fgw_officer, on=FROZEN)
    [error] = result.errors
    assert "xlsx" in error.message


def test_a_tampered_row_key_is_an_error(plan, reported, fgw_officer):
    wb = openpyxl.load_workbook(io.BytesIO(ledger.export_ledger(plan=plan, on=FROZEN)))
    ws = wb[ledger.SHEET]
    ws.cell(ledger.FIRST_ROW, ledger.COL["key"] + 1, "abc")
    result = ledger.read_ledger(data=_save(wb), user=fgw_officer, on=timezone.localdate())
    assert [(e.row, e.column) for e in result.errors] == [(ledger.FIRST_ROW, "N")]
