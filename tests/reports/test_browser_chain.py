"""The reporting chain of task (四) in the real Chromium: two units report, the
principal lead consolidates, the office returns, the lead revises, the office
accepts; and two people saving one draft, each in a browser of their own, lose no text."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from duban.core.lights import Light
from duban.reports.models import Report, Status
from duban.supervision.lights import task_lights
from duban.supervision.pace import target_light, worst_light
from tests.browserkit import refused_stale_save

from .plan_fixtures import FROZEN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The document's reporting window (calendar start … final deadline).
START = dt.date(2020, 10, 30)
DUE = dt.date(2020, 12, 21)


def _lock(page):
    return page.input_value("input[name=lock_version]")


def _save_draft(page):
    """Click 保存草稿 (htmx swaps the form) and wait until the swap landed."""
    before = _lock(page)
    page.click("button:has-text('保存草稿')")
    page.wait_for_function(
        "(old) => { const i = document.querySelector('input[name=lock_version]');"
        " return i && i.value !== old; }",
        arg=before,
    )


def _act(page, report, action, message):
    page.click(f"button[name=action][value={action}]")
    page.wait_for_url(re.compile(rf"/reports/{report.pk}/$"))
    assert page.locator(".messages").inner_text().strip() == message


def _fill_and_submit(page, live_server, report, jobs, *, narrative, value, as_of):
    page.goto(live_server.url + reverse("reports:report", args=[report.pk]))
    page.fill("#id_narrative", narrative)
    page.fill(f"input[name=value_{jobs.pk}]", value)
    page.fill(f"input[name=as_of_{jobs.pk}]", as_of)
    _save_draft(page)
    _act(page, report, "submit", "报告已提交。")


def test_two_units_report_the_lead_consolidates_the_office_returns_then_accepts(
    browser,
    page,
    login,
    live_server,
    calendar,
    task,
    jobs,
    rate,
    golmud_officer,
    rsj_officer,
    fgw_officer,
    supervisor,
):
    period = calendar[0]
    golmud = Report.objects.get(task=task, period=period, unit__name="格尔木市人民政府")
    rsj = Report.objects.get(task=task, period=period, unit__name="州人社局")
    fgw = Report.objects.get(task=task, period=period, unit__name="州发改委")

    # A co-unit (through 各市、县人民政府) and a second lead each report.
    login(page, golmud_officer)
    _fill_and_submit(
        page,
        live_server,
        golmud,
        jobs,
        narrative="格尔木市城镇新增就业320人。",
        value="320人",  # the unit written: 320人 (a bare 320 would be 320万人)
        as_of="2020-11-20",
    )
    browser.clear_cookies()
    login(page, rsj_officer)
    _fill_and_submit(
        page,
        live_server,
        rsj,
        jobs,
        narrative="全州城镇新增就业7200人。",
        value="0.72",  # in the document's scale: 0.72万人
        as_of="2020-11-15",
    )
    assert Report.objects.get(pk=golmud.pk).status == Status.SUBMITTED
    assert Report.objects.get(pk=rsj.pk).status == Status.SUBMITTED

    # The principal lead sees both inputs beside its own draft.
    browser.clear_cookies()
    login(page, fgw_officer)
    page.goto(live_server.url + reverse("reports:report", args=[fgw.pk]))
    golmud_card = page.locator(".input-card", has_text="格尔木市人民政府")
    rsj_card = page.locator(".input-card", has_text="州人社局")
    assert "城镇新增就业:0.032万人" in golmud_card.inner_text()
    assert "城镇新增就业:0.72万人" in rsj_card.inner_text()
    page.fill("#id_narrative", "稳增长各项工作有序推进。")
    _save_draft(page)
    _act(page, fgw, "submit", "报告已提交。")
    _act(page, fgw, "consolidate", "汇总报告已报送督查室。")
    fgw.refresh_from_db()
    assert fgw.status == Status.CONSOLIDATED
    assert Report.objects.get(pk=golmud.pk).status == Status.CONSOLIDATED
    assert Report.objects.get(pk=rsj.pk).status == Status.CONSOLIDATED

    # The office returns it with a comment.
    browser.clear_cookies()
    login(page, supervisor)
    page.goto(live_server.url + reverse("reports:report", args=[fgw.pk]))
    page.fill(f"#id_comment_{fgw.pk}", "请补充失业率数据。")
    _act(page, fgw, "return", "报告已退回。")
    assert Report.objects.get(pk=fgw.pk).status == Status.RETURNED

    # The lead sees the comment, revises and sends it again.
    browser.clear_cookies()
    login(page, fgw_officer)
    page.goto(live_server.url + reverse("reports:report", args=[fgw.pk]))
    assert "退回意见:请补充失业率数据。" in page.locator("#report-form").inner_text()
    page.fill("#id_narrative", "稳增长各项工作有序推进,失业率3.2%。")
    page.fill(f"input[name=value_{jobs.pk}]", "7600人")
    # The field says what it understood before saving.
    page.wait_for_selector(f"#echo-value_{jobs.pk}:has-text('= 0.76万人')")
    page.fill(f"input[name=as_of_{jobs.pk}]", "2020-11-20")
    page.fill(f"input[name=value_{rate.pk}]", "3.2")
    page.fill(f"input[name=as_of_{rate.pk}]", "2020-11-20")
    _save_draft(page)
    _act(page, fgw, "submit", "报告已提交。")
    _act(page, fgw, "consolidate", "汇总报告已报送督查室。")

    # The office accepts.
    browser.clear_cookies()
    login(page, supervisor)
    page.goto(live_server.url + reverse("reports:report", args=[fgw.pk]))
    _act(page, fgw, "accept", "报告已采纳。")

    fgw.refresh_from_db()
    assert fgw.status == Status.ACCEPTED
    v1, v2 = fgw.versions.order_by("number")
    assert (v1.number, v1.status, v1.comment) == (1, Status.RETURNED, "请补充失业率数据。")
    assert (v2.number, v2.status) == (2, Status.ACCEPTED)
    assert fgw.current_version == v2
    assert v2.values.get(target=jobs).value == Decimal("7600")
    assert v2.values.get(target=rate).value == Decimal("3.2")
    assert "采纳" in page.locator(".status").first.inner_text()

    # Both versions are kept and shown side by side.
    page.click("a:has-text('版本比较')")
    page.wait_for_url(re.compile(rf"/reports/{fgw.pk}/compare/"))
    body = page.inner_text("body")
    assert "第1版审阅意见:请补充失业率数据。" in body
    assert "稳增长各项工作有序推进" in body
    assert page.locator("ins", has_text="失业率3.2%").count() == 1
    row = page.locator("tr", has_text="城镇新增就业")
    assert "0.76万人" in row.inner_text()

    # The light on a frozen date follows the accepted values.
    expected = {
        jobs.pk: target_light(
            op=jobs.op,
            baseline=jobs.baseline,
            target=jobs.value,
            target_max=jobs.value_max,
            actual=Decimal("7600"),
            start=START,
            due=DUE,
            on=FROZEN,
        ),
        rate.pk: target_light(
            op=rate.op,
            baseline=rate.baseline,
            target=rate.value,
            target_max=rate.value_max,
            actual=Decimal("3.2"),
            start=START,
            due=DUE,
            on=FROZEN,
        ),
    }
    light = task_lights(task.plan.tasks.all(), FROZEN)[task.pk]
    assert light.targets == expected
    assert light.computed == worst_light(expected.values())
    assert light.light == light.computed == Light.GREEN  # 7600 of 13000 is ahead of pace


def test_two_people_one_draft_the_stale_save_is_refused_and_keeps_its_text(
    page, login, live_server, calendar, task, golmud_officer, colleague_page
):
    """Two officers of one unit edit the same draft, each in a browser of their own."""
    report = Report.objects.get(task=task, period=calendar[0], unit__name="格尔木市人民政府")
    url = live_server.url + reverse("reports:report", args=[report.pk])
    login(page, golmud_officer)
    _colleague, other = colleague_page(golmud_officer, "golmud2")
    page.goto(url)
    other.goto(url)
    assert _lock(page) == _lock(other)

    page.fill("#id_narrative", "甲:举办招聘会2场。")
    _save_draft(page)

    refused_stale_save(other, "乙:发放创业贷款300万元。", theirs="甲:举办招聘会2场。")

    report.refresh_from_db()
    assert report.current_version.narrative == "甲:举办招聘会2场。"
    assert report.status == Status.DRAFT
