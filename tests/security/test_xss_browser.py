"""Stored XSS: names that come from an imported document (plan, task, target)
and text a unit writes are shown on every page as text. The real Chromium
visits each page that shows them, as each role that reads them, and the test
fails if any script of the data runs (a dialog opens) — the finding was a
target name closing the chart's <script> tag on the office's task page."""

import copy

import pytest
from django.urls import reverse

from duban.docparse import ParsedPlan
from duban.plans.services import import_plan
from duban.reports.calendar import generate_periods
from duban.reports.models import Report
from duban.reports.publishing import publish_plan
from duban.reports.services import consolidate_and_submit, save_draft
from tests.reports.plan_fixtures import TEXT, _contract

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EVIL = "新建</script><script>alert(5)</script><img src=x onerror=alert(6)>基站"


@pytest.fixture
def evil_plan(directory, office, supervisor, fgw_officer):
    contract = copy.deepcopy(_contract())
    contract["meta"]["plan_title"] = "方案" + EVIL
    task = contract["tasks"][0]
    task["title"] = "稳增长" + EVIL
    task["indicators"][0]["name"] = EVIL
    task["indicators"][0]["unit"] = "</script><script>alert(7)</script>"
    plan = import_plan(
        parsed=ParsedPlan.from_dict(contract, text=TEXT), office=office, user=supervisor
    )
    generate_periods(
        plan=plan, user=supervisor, cadence="month", co_lead_days=3
    )  # before publishing
    publish_plan(plan=plan, user=supervisor)
    periods = list(plan.periods.order_by("due_date"))
    task = plan.tasks.get(key="二.(四)")
    report = Report.objects.get(task=task, period=periods[0], unit=fgw_officer.unit)
    jobs = task.targets.get(name=EVIL)
    report = save_draft(
        report=report,
        user=fgw_officer,
        data={
            "narrative": "进展" + EVIL,
            "problems": EVIL,
            "values": {jobs.pk: {"value": "320", "as_of": "2020-11-15"}},
        },
        expected_version=0,
    )
    consolidate_and_submit(report=report, user=fgw_officer, expected_version=report.lock_version)
    return plan, task, report


def visit_all(page, live_server, paths):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    return dialogs


def test_office_pages_show_document_names_as_text(page, login, live_server, supervisor, evil_plan):
    plan, task, report = evil_plan
    login(page, supervisor)
    dialogs = visit_all(
        page,
        live_server,
        [
            reverse("supervision:task", args=[task.pk]),
            reverse("supervision:overview") + f"?plan={plan.pk}",
            reverse("desk:detail", args=[plan.pk]),
            reverse("plans:task", args=[task.pk]),
            reverse("reports:report", args=[report.pk]),
        ],
    )
    assert dialogs == []
    page.goto(live_server.url + reverse("supervision:task", args=[task.pk]))
    assert EVIL in page.locator("#targets").inner_text()
    # The chart data still reaches the chart: the series parse and draw.
    assert page.locator(".target-chart svg").count() == 1


def test_leader_and_unit_pages_show_them_as_text(
    page, login, live_server, leader, fgw_officer, evil_plan
):
    plan, task, report = evil_plan
    login(page, leader)
    dialogs = visit_all(page, live_server, [reverse("supervision:task", args=[task.pk])])
    page.context.clear_cookies()
    login(page, fgw_officer)
    dialogs += visit_all(
        page,
        live_server,
        [
            reverse("reports:report", args=[report.pk]),
            reverse("reports:mine"),
            reverse("desk:inbox"),
            reverse("plans:task", args=[task.pk]),
        ],
    )
    assert dialogs == []
