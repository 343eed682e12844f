"""Teaching the 解析词表 from the review page, in the real Chromium: a pasted document
whose units stand under 落实主体 (which the office once taught as lead) gives leads;
the reviewer moves one to 配合, the card offers "把“落实主体”加入解析词表为配合单位",
accepting it changes the office's entry (audited), and re-parsing the draft gives the
co-units."""

import re

import pytest
from django.urls import reverse

from duban.lexicon import services as lexicon_services
from duban.lexicon.models import Term
from duban.plans.models import Plan
from tests.lexicon.test_lexicon import LUOSHI

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_role_change_teaches_the_label_and_the_reparse_gives_co_units(
    page, login, live_server, directory, supervisor
):
    lexicon_services.add_term(office=supervisor.unit, user=supervisor, word="落实主体", role="lead")
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, supervisor)

    page.goto(live_server.url + reverse("desk:import"))
    page.fill("textarea[name=text]", LUOSHI)
    page.click("button:has-text('导入并识别')")
    page.wait_for_url(re.compile(r"/plans/\d+/review/$"))
    review_url = page.url
    assert page.locator("#task-list ul.mentions.co").count() == 0
    first = page.locator("#task-list .task-card").first
    assert "州住建局" in first.locator("ul.mentions.lead").inner_text()

    # The reviewer moves 州住建局 to 配合: the card offers the label it came from.
    mention = first.locator("ul.mentions.lead li", has_text="州住建局")
    mention.locator("a:has-text('角色')").click()
    form = first.locator(".edit-slot form")
    form.locator("select[name=role]").select_option("co")
    form.locator("button:has-text('保存')").click()
    offer = page.locator("form.label-offer button")
    offer.wait_for()
    assert offer.inner_text().strip() == "把“落实主体”加入解析词表为配合单位"
    assert offer.count() == 1

    # Accepting it changes the office's entry, in the card and in the audit trail.
    offer.click()
    taught = page.locator(".label-taught")
    taught.wait_for()
    assert "已把“落实主体”加入解析词表为配合单位" in taught.inner_text()
    assert page.locator("form.label-offer").count() == 0
    assert Term.objects.get(word="落实主体").role == "co"
    latest = Term.history.order_by("-history_date").first()
    assert (latest.history_type, latest.role, latest.history_user) == ("~", "co", supervisor)
    page.goto(live_server.url + reverse("lexicon:list"))
    audit = page.locator("#lexicon-audit tbody tr").first.inner_text()
    assert "落实主体" in audit and str(supervisor) in audit

    # Re-parsing the draft with the taught vocabulary gives the co-units.
    page.goto(review_url)
    # The moved mention already shows under 配合: wait for the page the re-parse reloads.
    with page.expect_navigation():
        page.click("#reparse-form button")
    page.wait_for_url(review_url)
    co_lists = page.locator("#task-list ul.mentions.co")
    assert co_lists.count() == 2
    assert "州住建局" in co_lists.nth(0).inner_text()
    assert "州财政局" in co_lists.nth(0).inner_text()
    assert "州教育局" in co_lists.nth(1).inner_text()
    plan = Plan.objects.get()
    assert {m.name for t in plan.tasks.all() for m in t.co_mentions} == {
        "州住建局",
        "州财政局",
        "州教育局",
    }
    assert {m.source_label for t in plan.tasks.all() for m in t.co_mentions} == {"落实主体"}
