"""A unit officer fills and sends a report in the real Chromium (htmx save,
then submit), and the principal lead sees it beside its own draft."""

import re

import pytest
from django.urls import reverse

from duban.reports.models import Report, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_fill_save_submit_and_the_lead_sees_it(
    browser,
    page,
    login,
    live_server,
    calendar,
    task,
    jobs,
    golmud_officer,
    fgw_officer,
):
    report = Report.objects.get(task=task, period=calendar[0], unit__name="格尔木市人民政府")
    login(page, golmud_officer)
    page.goto(live_server.url + reverse("reports:mine"))
    page.click(f"a[href='{reverse('reports:report', args=[report.pk])}']")
    page.fill("#id_narrative", "格尔木市城镇新增就业320人,举办招聘会2场。")
    # A bare number is in the document's scale (万人): the field says so before
    # saving, and the officer writes the unit instead.
    page.fill(f"input[name=value_{jobs.pk}]", "320")
    page.wait_for_selector(f"#echo-value_{jobs.pk}:has-text('= 320万人')")
    page.fill(f"input[name=value_{jobs.pk}]", "320人")
    page.wait_for_selector(f"#echo-value_{jobs.pk}:has-text('= 0.032万人')")
    page.fill(f"input[name=as_of_{jobs.pk}]", "2020-11-20")
    page.fill("#id_problems", "企业用工需求不足。")
    page.click("button:has-text('保存草稿')")  # htmx: the form is swapped in place
    page.wait_for_function(
        "() => document.querySelector('input[name=lock_version]')?.value === '1'"
    )
    assert page.input_value("#id_narrative") == "格尔木市城镇新增就业320人,举办招聘会2场。"
    report.refresh_from_db()
    assert report.current_version.values.get().value == 320
    page.click("button[value=submit]")
    page.wait_for_url(re.compile(rf"/reports/{report.pk}/$"))
    assert page.locator(".messages").inner_text().strip() == "报告已提交。"
    assert Report.objects.get(pk=report.pk).status == Status.SUBMITTED

    browser.clear_cookies()
    login(page, fgw_officer)
    principal = Report.objects.get(task=task, period=calendar[0], unit__name="州发改委")
    page.goto(live_server.url + reverse("reports:report", args=[principal.pk]))
    card = page.locator(".input-card", has_text="格尔木市人民政府")
    assert "举办招聘会2场" in card.inner_text()
    assert "城镇新增就业:0.032万人" in card.inner_text()
