"""The office overview and the API docs page in the real Chromium: both work
with nothing fetched from outside the machine (the `page` fixture fails the
test on any request leaving 127.0.0.1), the ECharts chart draws, the htmx
filters swap the table, and Swagger UI renders from ninja's own static files."""

import datetime as dt
from dataclasses import replace

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from duban.docparse import ParsedPlan
from duban.plans.services import import_plan
from duban.reports.calendar import generate_periods
from duban.reports.publishing import publish_plan
from duban.supervision.overview import numbers_key
from duban.supervision.services import override_task_light
from tests.personas import PASSWORD
from tests.reports.plan_fixtures import TEXT, _contract  # noqa: F401  (the seed-shaped plan)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed(login):
    """login() after hashing the persona's password with this session's hasher:
    personas share one cached hash, which a fast test hasher made earlier in the
    same pytest run would leave unreadable here."""

    def do(page, user):
        user.set_password(PASSWORD)
        user.save()
        return login(page, user)

    return do


@pytest.fixture
def running_plan(office, supervisor):
    plan = import_plan(
        parsed=ParsedPlan.from_dict(_contract(), text=TEXT), office=office, user=supervisor
    )
    generate_periods(plan=plan, user=supervisor, cadence="month", co_lead_days=3)
    publish_plan(plan=plan, user=supervisor)
    task = plan.tasks.get(key="二.(五)")
    override_task_light(task=task, user=supervisor, light="blue", reason="已完成")
    return plan


def test_overview_chart_filters_and_click_through(
    page, signed, live_server, supervisor, running_plan
):
    signed(page, supervisor)
    page.goto(live_server.url + reverse("supervision:overview"))
    page.wait_for_load_state("networkidle")
    assert page.locator("#overview-table tbody tr").count() == 2
    assert page.locator("#light-chart svg").count() == 1, "the ECharts chart did not draw"
    page.select_option("#filter-light", "blue")
    page.wait_for_function("document.querySelectorAll('#overview-table tbody tr').length === 1")
    assert "扎实做好宣传" in page.locator("#overview-table").inner_text()
    assert page.locator("#light-chart svg").count() == 1, "the chart did not redraw after the swap"
    page.click("#overview-table a")
    page.wait_for_load_state("networkidle")
    assert "/supervision/tasks/" in page.url
    assert "扎实做好宣传" in page.locator("h1").inner_text()


def test_task_page_draws_value_charts(page, signed, live_server, leader, running_plan):
    signed(page, leader)
    task = running_plan.tasks.get(key="二.(四)")
    page.goto(live_server.url + reverse("supervision:task", args=[task.pk]))
    page.wait_for_load_state("networkidle")
    assert page.locator("#targets tbody tr").count() == 2
    assert "城镇新增就业" in page.locator("#targets").inner_text()


def test_api_docs_render_offline(page, signed, live_server, supervisor):
    signed(page, supervisor)
    page.goto(live_server.url + "/api/docs")
    page.wait_for_selector("#swagger-ui .information-container", timeout=20000)
    text = page.locator("#swagger-ui").inner_text()
    assert "duban API" in text
    assert "/api/tasks/{task_id}/reports" in text


def test_overview_says_when_and_refreshes_in_place(
    page, signed, live_server, supervisor, running_plan, settings
):
    """With its numbers kept (the production default), the page says when they
    were computed; a change made elsewhere shows after 刷新, swapped in place."""
    settings.DUBAN_OVERVIEW_MAX_AGE = 10
    cache.clear()
    signed(page, supervisor)
    url = live_server.url + reverse("supervision:overview")
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert "数据更新于" in page.locator("#overview-as-of").inner_text()
    blue = page.locator('#light-counts [data-light="blue"]')
    assert blue.inner_text().endswith(" 1")
    task = running_plan.tasks.get(key="二.(四)")
    override_task_light(task=task, user=supervisor, light="blue", reason="已完成")  # no mark
    page.reload()
    page.wait_for_load_state("networkidle")
    assert blue.inner_text().endswith(" 1"), "kept numbers within the max age"
    key = numbers_key(user=supervisor, on=timezone.localdate(), plan=running_plan, unit_id=None)
    kept = cache.get(key)
    cache.set(key, replace(kept, computed_at=kept.computed_at - dt.timedelta(seconds=3)))
    page.click("#overview-refresh")
    page.wait_for_function(
        "document.querySelector('#light-counts [data-light=\"blue\"]').textContent.endsWith(' 2')"
    )
    assert "refresh=1" not in page.url
    assert page.locator("#light-chart svg").count() == 1, "the chart did not redraw after 刷新"
    cache.clear()
