"""The issue's acceptance test, in the real Chromium with the real parser.

On a fresh database whose directory lacks 州残联, the office imports the seed
document, sees its 9 tasks and 州残联 flagged, creates the unit, publishes;
州发改委 then sees exactly its 6 tasks, 格尔木市人民政府 the tasks given to
"各市、县人民政府", and a leader all 9 without any edit control."""

import re

import pytest
from django.urls import reverse

from duban.plans.models import Plan
from duban.units.models import Unit
from tests.plans import world
from tests.plans.conftest import DATA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED = DATA / "haixi-2020-91.txt"
ORDINALS = "一二三四五六七八九"


def _keys(cards):
    """The (n) ordinals of the task cards on the page, in order."""
    return [
        re.search(r"\((.)\)", text).group(1) for text in cards.locator(".key").all_inner_texts()
    ]


def _switch_user(browser, page, login, user):
    browser.clear_cookies()
    login(page, user)
    assert "/accounts/login/" not in page.url, f"login failed for {user}"


def test_import_review_create_unit_publish_and_every_role_sees_its_share(
    browser,
    page,
    login,
    live_server,
    directory,
    supervisor,
    leader,
    fgw_officer,
    golmud_officer,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    Unit.objects.filter(name="州残联").delete()
    page.on("dialog", lambda dialog: dialog.accept())

    # --- the office imports the seed document
    _switch_user(browser, page, login, supervisor)
    assert page.url.endswith(reverse("plans:list"))
    page.click("text=导入公文")
    page.set_input_files("input[type=file]", str(SEED))
    page.click("button:has-text('导入并识别')")
    page.wait_for_url(re.compile(r"/plans/\d+/review/$"))
    cards = page.locator("#task-list .task-card")
    assert cards.count() == 9
    assert _keys(cards) == list(ORDINALS)

    # 州残联 is flagged in red; publishing is disabled and says why.
    flagged = page.locator("li.unknown", has_text="州残联")
    assert flagged.count() == 1
    assert flagged.locator(".badge.red").inner_text() == "未识别"
    assert page.locator("#publish-bar button[disabled]").count() == 1
    assert "州残联" in page.locator("#publish-reasons").inner_text()

    # Clicking a task highlights its source sentence in the document text.
    page.locator("#task-list .task-card h3").nth(3).click()
    assert page.locator("#doctext .hl").count() > 0
    assert "全力推动稳增长" in " ".join(page.locator("#doctext .hl").all_inner_texts())

    # Create the unit in the one form for unknown names.
    row = page.locator("#unknown-units tr", has_text="州残联")
    row.locator("select[name^=action_]").select_option("create")
    row.locator("input[name^=full_name_]").fill("海西州残疾人联合会")
    with page.expect_navigation():
        page.click("#unknown-units button:has-text('保存以上处理')")
    assert page.locator("li.unknown").count() == 0
    assert Unit.objects.filter(name="州残联").exists()

    # Accept the calendar proposed from the document's 报送要求, then publish.
    assert page.locator("#calendar input[name=final_deadline]").input_value() == "2020-12-21"
    with page.expect_navigation():
        page.click("#calendar button:has-text('采用建议的报送日历')")
    assert page.locator("#publish-bar button[disabled]").count() == 0
    # Publish.
    page.locator("#publish-bar button:has-text('发布')").click()
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    assert page.locator("#plan-status").inner_text() == "已发布"
    plan = Plan.objects.get()
    assert plan.status == "published"

    # --- 州发改委 sees exactly its 6 tasks: lead in (四)(五)(七)(八), co in (二)(六)
    _switch_user(browser, page, login, fgw_officer)
    assert page.url.endswith(reverse("desk:inbox"))
    cards = page.locator("article.task-card")
    assert _keys(cards) == ["二", "四", "五", "六", "七", "八"]
    roles = {
        key: card.locator("h3 .badge").first.inner_text()
        for key, card in zip(_keys(cards), cards.all(), strict=True)
    }
    assert roles == {
        "二": "配合",
        "四": "牵头",
        "五": "牵头",
        "六": "配合",
        "七": "牵头",
        "八": "牵头",
    }
    assert "您单位有 6 项新任务" in page.locator("#notices").inner_text()

    # --- 格尔木市人民政府 sees the tasks given to "各市、县人民政府" (all nine)
    _switch_user(browser, page, login, golmud_officer)
    cards = page.locator("article.task-card")
    assert _keys(cards) == list(ORDINALS)
    assert set(cards.locator("h3 .badge").all_inner_texts()) == {"配合"}

    # --- a leader sees all 9 and has no edit control
    _switch_user(browser, page, login, leader)
    page.goto(live_server.url + reverse("desk:detail", args=[plan.pk]))
    cards = page.locator("#task-list .task-card")
    assert cards.count() == 9
    for control in ("修改任务", "删除任务", "新增指标", "添加单位", "修改文件信息", "新建单位"):
        assert page.locator(f"text={control}").count() == 0, control
    assert page.locator("#publish-bar").count() == 0
    assert page.locator("form[action*='/edit/'], form[action*='/delete/']").count() == 0


def test_inline_edits_swap_the_card_without_leaving_the_page(
    browser, page, login, live_server, directory, supervisor
):
    plan = world.make_draft(extra_co=["州某某局"])
    task = world.task_a(plan)
    page.on("dialog", lambda dialog: dialog.accept())
    _switch_user(browser, page, login, supervisor)
    page.goto(live_server.url + reverse("desk:review", args=[plan.pk]))
    page.evaluate("window.__stayed = true")
    card = page.locator(f"#task-{task.pk}")

    # Edit the deadline inline: the form opens in the card, saving swaps the card.
    card.locator("text=修改任务").click()
    form = card.locator(".edit-slot form")
    form.locator("input[name=deadline]").fill("2020-11-30")
    # The saved card says plan-changed: the publish bar asks again what blocks.
    bar_url = reverse("desk:publish_bar", args=[plan.pk])
    with page.expect_response(lambda r: r.url.endswith(bar_url) and r.ok):
        form.locator("button[type=submit]").click()
    page.locator(f"#task-{task.pk} >> text=2020年11月30日").wait_for()
    assert "州某某局" in page.locator("#publish-reasons").inner_text()
    assert page.evaluate("window.__stayed") is True  # no page load happened
    task.refresh_from_db()
    assert str(task.deadline) == "2020-11-30"

    # A target row highlights its sentence.
    page.locator(f"#task-{task.pk} tr[data-span]").first.click()
    assert page.locator("#doctext .hl").all_inner_texts() == ["固定资产投资增长8%"]

    # Map the unknown unit to an existing one in the one form for unknown names;
    # with the calendar set, the publish bar then allows publishing.
    row = page.locator("#unknown-units tr", has_text="州某某局")
    row.locator("select[name^=action_]").select_option("map")
    row.locator("input[name^=unit_]").fill("州财政局")
    with page.expect_navigation():
        page.click("#unknown-units button:has-text('保存以上处理')")
    assert page.locator("li.unknown").count() == 0
    with page.expect_navigation():
        page.click("#calendar button:has-text('采用建议的报送日历')")
    assert page.locator("#publish-bar button[disabled]").count() == 0
