"""The issue's acceptance test for the office's vocabulary, in the real Chromium:
a pasted document whose unit label is 落实主体 yields no co-units; the supervisor
adds 落实主体 as co in 解析词表; re-parsing the draft gives the co-units; the
change is in the audit trail."""

import re

import pytest
from django.urls import reverse

from duban.lexicon.models import Term
from duban.plans.models import Plan
from tests.lexicon.test_lexicon import LUOSHI

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_teaches_the_parser_落实主体_and_reparses_its_draft(
    page, login, live_server, directory, supervisor
):
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, supervisor)

    # Paste the document: 落实主体 is not a label the parser knows.
    page.goto(live_server.url + reverse("desk:import"))
    page.fill("textarea[name=text]", LUOSHI)
    page.click("button:has-text('导入并识别')")
    page.wait_for_url(re.compile(r"/plans/\d+/review/$"))
    cards = page.locator("#task-list .task-card")
    assert cards.count() == 2
    assert page.locator("#task-list ul.mentions.co").count() == 0
    assert page.locator("#task-list ul.mentions.lead li").count() == 2
    review_url = page.url

    # The supervisor adds 落实主体 as co in 解析词表, from the review page.
    page.click("#lexicon-link")
    page.wait_for_url(re.compile(r"/lexicon/$"))
    page.fill("#lexicon-add input[name=word]", "落实主体")
    page.select_option("#lexicon-add select[name=role]", "co")
    page.click("#lexicon-add button:has-text('添加')")
    page.wait_for_url(re.compile(r"/lexicon/$"))
    row = page.locator("#lexicon-terms tr[data-word='落实主体']")
    assert "配合单位" in row.inner_text()

    # The change is audited: who added which word with which role.
    audit = page.locator("#lexicon-audit tbody tr").first.inner_text()
    assert "落实主体" in audit and "添加" in audit and str(supervisor) in audit
    assert Term.history.get().history_user == supervisor

    # Re-parsing the draft gives the co-units.
    page.goto(review_url)
    page.click("#reparse-form button")
    page.wait_for_url(review_url)
    page.wait_for_selector("#task-list ul.mentions.co")
    co_lists = page.locator("#task-list ul.mentions.co")
    assert co_lists.count() == 2
    assert "州住建局" in co_lists.nth(0).inner_text()
    assert "州财政局" in co_lists.nth(0).inner_text()
    assert "州教育局" in co_lists.nth(1).inner_text()
    assert "识别出 2 项任务" in page.locator(".messages, [role=status], body").first.inner_text()
    plan = Plan.objects.get()
    assert plan.status == Plan.Status.DRAFT
    assert {m.name for t in plan.tasks.all() for m in t.co_mentions} == {
        "州住建局",
        "州财政局",
        "州教育局",
    }
