"""The other drafts: a plan is the office supervisors' until published, a
督办单 the office's until signed — over pages, downloads and the API."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from duban.docparse import ParsedPlan
from duban.items import orders, services
from duban.plans.services import import_plan
from tests.reports.plan_fixtures import TEXT, _contract

NOW = timezone.make_aware(dt.datetime(2020, 12, 1, 10))


def _web(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def draft_plan(directory, office, supervisor):
    return import_plan(
        parsed=ParsedPlan.from_dict(_contract(), text=TEXT), office=office, user=supervisor
    )


def test_a_draft_plan_is_the_supervisors_own(
    api_client, draft_plan, supervisor, leader, fgw_officer
):
    task = draft_plan.tasks.get(key="二.(四)")
    urls = [reverse("desk:detail", args=[draft_plan.pk]), reverse("plans:task", args=[task.pk])]
    api = [f"/api/tasks/{task.pk}", f"/api/plans/{draft_plan.pk}/status"]
    for outsider in (leader, fgw_officer):
        web = _web(outsider)
        assert [web.get(url).status_code for url in urls] == [404, 404], outsider
        token = api_client(outsider)
        assert [token.get(url).status_code for url in api] == [404, 404], outsider
    assert _web(supervisor).get(urls[0]).status_code == 200
    assert api_client(supervisor).get(api[0]).status_code == 200


def test_a_draft_order_stays_in_the_office(supervisor, leader, fgw_officer, directory):
    item = services.assign_item(
        user=supervisor,
        title="做好冬季供暖保障",
        lead_unit=directory["州发改委"],
        item_class="general",
        now=NOW,
    )
    order = orders.draft_order(
        item=item,
        user=supervisor,
        facts="已逾期8天。",
        requirement="请抓紧办理。",
        reply_due=dt.date(2020, 12, 14),
        now=NOW,
    )
    urls = [reverse("items:order", args=[order.pk]), reverse("items:order_docx", args=[order.pk])]
    unit = _web(fgw_officer)
    assert [unit.get(url).status_code for url in urls] == [404, 404]
    assert order not in orders.visible_orders(fgw_officer)
    for office_staff in (supervisor, leader):
        assert [_web(office_staff).get(url).status_code for url in urls] == [200, 200]
    orders.sign_order(order=order, user=supervisor, now=NOW)
    assert [unit.get(url).status_code for url in urls] == [200, 200]
