"""Issue 8's acceptance test, in the real Chromium, without typing a URL: the
office imports a document that is not the seed (a monthly rhythm, a final
deadline, co-units two days earlier), accepts the calendar proposed from its
报送要求, publishes; a co-unit and the principal lead report from 待办's 填报
button; the office finds the report in its queue (待审核) and accepts it."""

import re
from pathlib import Path

import pytest

from duban.accounts.services import create_account
from duban.plans.models import Plan
from duban.reports.models import Report, Status
from tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCUMENT = Path(__file__).resolve().parent.parent / "reports" / "data" / "wenlv-monthly.txt"


def _switch_user(browser, page, login, user):
    browser.clear_cookies()
    login(page, user)
    assert "/accounts/login/" not in page.url, f"login failed for {user}"


def _fill_from_inbox(page, task_title, narrative):
    """待办 → the task's 填报 button → write → save (htmx) → back on the report page."""
    page.click("nav >> text=待办")
    card = page.locator("article.task-card", has_text=task_title)
    card.locator("a:has-text('填报')").click()
    page.wait_for_url(re.compile(r"/reports/\d+/$"))
    page.fill("#id_narrative", narrative)
    before = page.input_value("input[name=lock_version]")
    page.click("button:has-text('保存草稿')")
    page.wait_for_function(
        "(old) => document.querySelector('input[name=lock_version]')?.value !== old",
        arg=before,
    )


def _act(page, action, message):
    page.click(f"button[name=action][value={action}]")
    page.wait_for_load_state()
    assert page.locator(".messages").inner_text().strip() == message


def test_import_accept_calendar_publish_report_and_accept_from_the_queue(
    browser,
    page,
    login,
    live_server,
    directory,
    supervisor,
    golmud_officer,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    culture_officer = create_account(
        username="wtj_tianbao",
        password=PASSWORD,
        role="officer",
        unit=directory["州文体旅游广电局"],
        display_name="州文体旅游广电局填报员",
    )
    page.on("dialog", lambda dialog: dialog.accept())

    # --- the office imports the document through the import page
    _switch_user(browser, page, login, supervisor)
    page.click("text=导入公文")
    page.set_input_files("input[type=file]", str(DOCUMENT))
    page.click("button:has-text('导入并识别')")
    page.wait_for_url(re.compile(r"/plans/\d+/review/$"))
    assert page.locator("#task-list .task-card").count() == 2

    # The calendar proposed from the 报送要求: the 5th of each month, the final
    # report by 12-20, co-units two days before the lead.
    calendar = page.locator("#calendar")
    assert "每月5日前" in calendar.inner_text()
    assert calendar.locator("input[name=dates]").input_value() == (
        "2026-11-05,2026-12-05,2026-12-20"
    )
    assert calendar.locator("input[name=final_deadline]").input_value() == "2026-12-20"
    assert calendar.locator("input[name=co_lead_days]").input_value() == "2"
    assert "尚未设置报送日历" in page.locator("#publish-reasons").inner_text()
    with page.expect_navigation():
        calendar.locator("button:has-text('采用建议的报送日历')").click()
    assert "共 3 期" in page.locator("#calendar").inner_text()

    page.locator("#publish-bar button:has-text('发布')").click()
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    assert page.locator("#plan-status").inner_text() == "已发布"
    plan = Plan.objects.get()
    assert plan.status == "published"

    # The calendar is reachable from the plan page.
    page.click("#calendar-link")
    page.wait_for_url(re.compile(r"/reports/plans/\d+/calendar/$"))
    assert page.locator("table.grid tbody tr").count() == 3

    # --- a co-unit reports to the lead from 待办
    _switch_user(browser, page, login, golmud_officer)
    _fill_from_inbox(page, "丰富冬春文旅产品", "格尔木推出温泉冰雪线路3条。")
    _act(page, "submit", "报告已提交。")

    # --- the principal lead writes its own report and sends the task's report
    _switch_user(browser, page, login, culture_officer)
    _fill_from_inbox(page, "丰富冬春文旅产品", "全州冬春线路12条上线,游客人次同比增长6%。")
    assert "格尔木推出温泉冰雪线路3条" in page.locator(".input-card").inner_text()
    _act(page, "submit", "报告已提交。")
    _act(page, "consolidate", "汇总报告已报送督查室。")
    lead = Report.objects.get(unit=culture_officer.unit, status=Status.CONSOLIDATED)

    # --- the office finds it in 待审核 (counted in the navigation) and accepts it there
    _switch_user(browser, page, login, supervisor)
    queue_link = page.locator("#nav-queue")
    assert queue_link.locator(".count").inner_text() == "1"
    queue_link.click()
    row = page.locator(f"#queue-{lead.pk}")
    assert "丰富冬春文旅产品" in row.inner_text()
    row.locator("button:has-text('采纳')").click()
    page.wait_for_url(re.compile(r"/reports/queue/"))
    assert page.locator(".messages").inner_text().strip() == "报告已采纳。"
    assert "没有等待审核的报告" in page.inner_text("main")
    assert page.locator("#nav-queue .count").count() == 0
    assert Report.objects.get(pk=lead.pk).status == Status.ACCEPTED
