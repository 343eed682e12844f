"""Officer A has the report form open while officer B of the same unit saves
and SUBMITS the report; A's save then shows the conflict page with A's text
kept (it used to be a bare 403 that lost the text)."""

import re

import pytest
from django.urls import reverse

from duban.reports.models import Report, Status
from tests.browserkit import refused_stale_save
from tests.reports.plan_fixtures import *  # noqa: F403  (plan, calendar, task, fast hashing)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _lock(page):
    return page.input_value("input[name=lock_version]")


def test_a_save_after_a_colleague_submitted_shows_the_conflict_with_the_text_kept(
    page, login, live_server, calendar, task, golmud_officer, colleague_page
):
    report = Report.objects.get(task=task, period=calendar[0], unit__name="格尔木市人民政府")
    url = live_server.url + reverse("reports:report", args=[report.pk])
    login(page, golmud_officer)
    _colleague, other = colleague_page(golmud_officer, "golmud_b")
    page.goto(url)  # A opens the form
    other.goto(url)

    # B saves a draft and submits it.
    other.fill("#id_narrative", "乙:已报送的进展。")
    before = _lock(other)
    other.click("button:has-text('保存草稿')")
    other.wait_for_function(
        "(old) => { const i = document.querySelector('input[name=lock_version]');"
        " return i && i.value !== old; }",
        arg=before,
    )
    other.click("button[name=action][value=submit]")
    other.wait_for_url(re.compile(rf"/reports/{report.pk}/$"))
    assert other.locator(".messages").inner_text().strip() == "报告已提交。"
    assert Report.objects.get(pk=report.pk).status == Status.SUBMITTED

    # A, on the form opened before, types and saves.
    refused_stale_save(page, "甲:写了很久的一大段进展。", theirs="乙:已报送的进展。")
    assert page.locator("#kept-note").is_visible()

    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    assert report.current_version.narrative == "乙:已报送的进展。"
