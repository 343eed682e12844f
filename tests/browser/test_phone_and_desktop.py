"""Cockpit, overview, task, dashboard and written-report pages in the real Chromium at a
desktop width (1366 px) and a phone width (375 px): nothing scrolls sideways,
nothing is fetched from outside (the `page` fixture fails on that), the charts
draw. Screenshots are kept under test-results/browser/ as artefacts."""

import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from duban.docparse import ParsedPlan
from duban.plans.services import import_plan
from duban.reports.calendar import generate_periods
from duban.reports.publishing import publish_plan
from tests.personas import PASSWORD
from tests.reports.plan_fixtures import TEXT, _contract

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTEFACTS = Path(__file__).resolve().parents[2] / "test-results" / "browser"
WIDTHS = (1366, 375)


@pytest.fixture
def running_plan(office, supervisor):
    plan = import_plan(
        parsed=ParsedPlan.from_dict(_contract(), text=TEXT), office=office, user=supervisor
    )
    generate_periods(plan=plan, user=supervisor, cadence="month", co_lead_days=3)
    publish_plan(plan=plan, user=supervisor)  # publishing needs the calendar
    return plan


def _sign_in(page, login, user):
    user.set_password(PASSWORD)  # see test_overview_and_api_docs.signed
    user.save()
    login(page, user)


def _no_sideways_scroll(page, name, width):
    page.wait_for_load_state("networkidle")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"{name}-{width}.png"), full_page=True)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name} at {width}px scrolls sideways by {overflow}px"


@pytest.mark.parametrize("width", WIDTHS)
def test_leader_pages_fit_the_screen(page, login, live_server, leader, running_plan, width):
    page.set_viewport_size({"width": width, "height": 800})
    _sign_in(page, login, leader)
    task = running_plan.tasks.get(key="二.(四)")
    page.goto(live_server.url + "/")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(reverse("cockpit:home"))
    assert page.locator("#trend-chart svg").count() == 1, "the trend chart did not draw"
    _no_sideways_scroll(page, "cockpit", width)
    page.click(f"#cockpit-tasks a[href='{reverse('supervision:task', args=[task.pk])}']")
    page.wait_for_load_state("networkidle")
    assert "全力推动稳增长" in page.locator("h1").inner_text()
    _no_sideways_scroll(page, "task", width)
    page.goto(live_server.url + reverse("supervision:overview") + f"?plan={running_plan.pk}")
    _no_sideways_scroll(page, "overview", width)
    page.goto(live_server.url + reverse("cockpit:dashboard") + f"?plan={running_plan.pk}")
    page.wait_for_load_state("networkidle")
    assert page.locator("#heat-chart svg").count() == 1, "the heat map did not draw"
    assert page.locator("#targets-chart svg").count() == 1
    _no_sideways_scroll(page, "dashboard", width)
    page.goto(live_server.url + reverse("exports:report", args=[running_plan.pk]))
    assert page.locator("textarea[name=text]").count() > 5
    _no_sideways_scroll(page, "report", width)


def test_cockpit_prints_on_one_a4_page(page, login, live_server, leader, running_plan, tmp_path):
    _sign_in(page, login, leader)
    page.goto(live_server.url + reverse("cockpit:home"))
    page.wait_for_load_state("networkidle")
    pdf = tmp_path / "cockpit.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / "cockpit-print.pdf").write_bytes(pdf.read_bytes())
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert int(info.split("Pages:")[1].split()[0]) == 1
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "领导驾驶舱" in text and "重点工作状态" in text  # the title survives printing
