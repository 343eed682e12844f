"""The cockpit, the written report page and the ledger pages through the test client."""

import io

import openpyxl
from docx import Document

from duban.cockpit.rates import on_time_closure
from duban.exports import ledger
from duban.reports.models import Report, Status
from duban.reports.services import accept_report, consolidate_and_submit, save_draft

from .conftest import report_of


def test_leader_lands_on_the_cockpit(plan, leader, client_for):
    response = client_for(leader).get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/cockpit/"
    assert "领导驾驶舱" in response.content.decode()


def test_cockpit_shows_published_plans_only(plan, leader, supervisor, office, client_for):
    from duban.docparse import ParsedPlan
    from duban.plans.services import import_plan
    from tests.reports.plan_fixtures import TEXT, _contract

    draft = import_plan(
        parsed=ParsedPlan.from_dict(_contract(), text=TEXT), office=office, user=supervisor
    )
    body = client_for(leader).get("/cockpit/").content.decode()
    assert f'value="{plan.pk}"' in body or plan.doc_number in body
    assert client_for(leader).get(f"/cockpit/?plan={draft.pk}").status_code == 404


def test_cockpit_figures_link_to_their_tasks(plan, reported, leader, task, client_for):
    body = client_for(leader).get("/cockpit/").content.decode()
    assert f"/supervision/tasks/{task.pk}/" in body
    assert f"/supervision/?plan={plan.pk}&amp;light=green" in body
    # Units ranked by on-time reporting: every assigned unit has reports due.
    ranking = body[body.index('id="cockpit-ranking"') : body.index('id="cockpit-closure"')]
    assert ranking.count("<tr>") == 1 + 10  # header + the ten first units
    assert 'id="trend-data"' in body


def test_on_time_closure_counts_accepted_final_reports(
    plan, calendar, task, jobs, fgw_officer, supervisor, directory
):
    final = calendar[-1]
    fgw = save_draft(
        report=report_of(task, "州发改委", final),
        user=fgw_officer,
        data={"narrative": "全年完成。", "values": {jobs.pk: ("13500", "2020-12-10")}},
        expected_version=0,
    )
    fgw = consolidate_and_submit(report=fgw, user=fgw_officer)
    accept_report(report=fgw, user=supervisor)
    rates = on_time_closure([plan], final.due_date)
    unit = directory["州发改委"]
    # 州发改委 leads both tasks; (四) was closed (late: the report was sent today,
    # after 2020-12-21), (五) not at all.
    assert rates[unit.pk]["due"] == 2
    assert rates[unit.pk]["closed"] == 1
    assert rates[unit.pk]["on_time"] == 0
    assert rates[unit.pk]["rate"] == 0


def test_report_page_is_editable_and_exports_what_was_edited(
    plan, reported, supervisor, client_for
):
    client = client_for(supervisor)
    page = client.get(f"/exports/plans/{plan.pk}/report/")
    assert page.status_code == 200 and "全力推动稳增长" in page.content.decode()
    response = client.post(
        f"/exports/plans/{plan.pk}/report/",
        {
            "format": "docx",
            "title": "修改后的标题",
            "addressee": "",
            "issuer": "州政府办公室",
            "date": "2020年12月21日",
            "kind": ["h1", "p"],
            "text": ["一、改过的标题", "改过的正文。"],
        },
    )
    assert response.status_code == 200
    texts = [p.text for p in Document(io.BytesIO(response.content)).paragraphs if p.text]
    assert texts[0] == "修改后的标题" and "改过的正文。" in texts


def test_report_page_refuses_unknown_block_kinds(plan, reported, supervisor, client_for):
    response = client_for(supervisor).post(
        f"/exports/plans/{plan.pk}/report/",
        {"format": "docx", "title": "T", "kind": ["script"], "text": ["x"]},
    )
    assert response.status_code == 400 and "报告内容不完整" in response.content.decode()


def test_unit_member_gets_only_its_own_units_report(plan, reported, golmud_officer, client_for):
    body = client_for(golmud_officer).get(f"/exports/plans/{plan.pk}/report/").content.decode()
    assert "格尔木市人民政府关于" in body


def test_unit_member_ledger_holds_its_own_rows(plan, reported, golmud_officer, client_for):
    response = client_for(golmud_officer).get(f"/exports/plans/{plan.pk}/ledger.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(response.content))[ledger.SHEET]
    units = {
        r[ledger.COL["unit"]] for r in ws.iter_rows(min_row=ledger.FIRST_ROW, values_only=True)
    }
    assert units == {"格尔木市人民政府"}


def _edited_ledger(plan, client, value):
    data = client.get(f"/exports/plans/{plan.pk}/ledger.xlsx").content
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[ledger.SHEET]
    for row in ws.iter_rows(min_row=ledger.FIRST_ROW):
        if row[ledger.COL["target"]].value == "城镇新增就业":
            row[ledger.COL["value"]].value = value
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "ledger.xlsx"
    return out


def test_ledger_import_shows_changes_then_applies_on_confirmation(
    plan, reported, fgw_officer, task, client_for
):
    client = client_for(fgw_officer)
    preview = client.post("/exports/ledger/import/", {"file": _edited_ledger(plan, client, 0.9)})
    body = preview.content.decode()
    assert (
        preview.status_code == 200
        and "将写入以下报告" in body
        and "城镇新增就业:0.72万人 → 0.9万人" in body
        and "失业率" not in body
    )
    final = Report.objects.get(task=task, unit__name="州发改委", period__is_final=True)
    assert final.current_version is None  # nothing written before confirmation
    token = preview.context["token"]
    done = client.post("/exports/ledger/import/", {"confirm": "1", "token": token}, follow=True)
    assert "已导入 1 份报告" in done.content.decode()
    final.refresh_from_db()
    assert final.status == Status.DRAFT
    assert final.current_version.values.get(target__name="城镇新增就业").value == 9000


def test_ledger_import_lists_cell_errors(plan, reported, fgw_officer, client_for):
    client = client_for(fgw_officer)
    response = client.post(
        "/exports/ledger/import/", {"file": _edited_ledger(plan, client, "九千多")}
    )
    body = response.content.decode()
    assert response.status_code == 400 and "未导入任何内容" in body and "九千多" in body


def test_ledger_confirm_without_upload_is_refused(plan, fgw_officer, client_for):
    response = client_for(fgw_officer).post(
        "/exports/ledger/import/", {"confirm": "1", "token": "forged"}, follow=True
    )
    assert "导入已过期" in response.content.decode()


def test_dashboard_shows_targets_against_pace_and_the_heat_map(
    plan, reported, supervisor, task, client_for
):
    response = client_for(supervisor).get(f"/cockpit/dashboard/?plan={plan.pk}")
    assert response.status_code == 200
    charts = response.context["charts"]
    jobs = next(t for t in charts["targets"] if t["name"] == "城镇新增就业")
    assert jobs["achieved"] == 55.4  # 7200 of 13000
    assert jobs["expected"] is not None
    heat = charts["heat"]
    assert "州发改委" in heat["units"] and task.key in heat["tasks"]
    assert len(charts["trend"]["labels"]) == 2


def test_dashboard_filters_by_unit_and_key_work(
    plan, reported, supervisor, task, directory, client_for
):
    client = client_for(supervisor)
    unit = directory["格尔木市人民政府"]
    response = client.get(f"/cockpit/dashboard/?plan={plan.pk}&unit={unit.pk}&task={task.pk}")
    assert response.context["heat"]["units"] == ["格尔木市人民政府"]
    assert client.get(f"/cockpit/dashboard/?plan={plan.pk}&unit=999999").status_code == 404
    assert client.get(f"/cockpit/dashboard/?plan={plan.pk}&task=abc").status_code == 200
