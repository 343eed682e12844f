"""In the real Chromium with the Content-Security-Policy on: the pages, their
charts, htmx and the API docs work with nothing inline blocked (any CSP
violation fails the test), and a form body over 5 MB sent by htmx shows the
Chinese message while the page keeps the typed text."""

import pytest
from django.urls import reverse

from duban.reports.models import Report
from duban.supervision.services import override_task_light

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_csp(page):
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return violations


def test_pages_run_under_the_policy(csp_page, login, live_server, supervisor, calendar, task):
    page = csp_page
    override_task_light(task=task, user=supervisor, light="yellow", reason="核查")
    violations = watch_csp(page)
    login(page, supervisor)
    page.goto(live_server.url + reverse("supervision:overview") + f"?plan={task.plan_id}")
    page.wait_for_load_state("networkidle")
    assert page.locator("#light-chart svg").count() == 1, "the ECharts chart did not draw"
    page.select_option("#filter-light", "yellow")  # an htmx swap
    page.locator("#overview-table tbody tr").nth(1).wait_for(state="detached")
    for path in (
        reverse("supervision:task", args=[task.pk]),
        reverse("desk:detail", args=[task.plan_id]),
        reverse("plans:task", args=[task.pk]),
        reverse("units:list"),
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    page.goto(live_server.url + "/api/docs")
    page.wait_for_selector("#swagger-ui .information-container", timeout=20000)
    assert violations == []


def test_an_oversized_htmx_save_keeps_the_text(
    csp_page, login, live_server, calendar, task, fgw_officer
):
    page = csp_page
    report = Report.objects.get(task=task, period=calendar[0], unit=fgw_officer.unit)
    violations = watch_csp(page)
    login(page, fgw_officer)
    page.goto(live_server.url + reverse("reports:report", args=[report.pk]))
    # Beyond the box's maxlength (a paste through a script, or an old browser).
    page.evaluate("document.getElementById('id_narrative').value = '进'.repeat(2200000)")
    page.click("button:has-text('保存草稿')")
    page.wait_for_selector("#request-error:not([hidden])")
    assert "超过 5 MB" in page.inner_text("#request-error")
    assert page.evaluate("document.getElementById('id_narrative').value.length") == 2200000
    report.refresh_from_db()
    assert report.current_version is None
    assert violations == []
