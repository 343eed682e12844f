"""The whole story in the real Chromium: the office 立项交办s an item; the unit
签收s it and asks for 延期; the office approves; later the office issues a
督办单, the unit answers, the office closes it and the item (办结); the
month's 通报 counts it."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from duban.items.models import Extension, Item, SupervisionOrder
from tests.plans import world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _row(page, unit):
    return [
        c.strip() for c in page.locator(f"#bulletin tr[data-unit='{unit}'] td").all_inner_texts()
    ]


def test_assign_acknowledge_extend_order_answer_close_bulletin(
    browser, page, login, live_server, supervisor, fgw_officer, directory
):
    today = timezone.localdate()
    url = live_server.url

    # The office assigns a general (7-day) item.
    login(page, supervisor)
    page.goto(url + reverse("items:list"))
    page.click("#new-item")
    page.fill("#id_title", "落实州长批示:做好冬季供暖保障")
    page.select_option("#id_source", "instruction")
    page.select_option("#id_lead_unit", label="州发改委")
    page.select_option("#id_co_units", label="州人社局")
    page.select_option("#id_item_class", "general")
    page.click("#assign-form button[type=submit]")
    page.wait_for_url(re.compile(r"/items/\d+/$"))
    item = Item.objects.get()
    assert page.locator("#item-due").inner_text() == (today + dt.timedelta(days=7)).isoformat()

    # The unit acknowledges it and asks for more time.
    browser.clear_cookies()
    login(page, fgw_officer)
    page.goto(url + reverse("items:detail", args=[item.pk]))
    page.click("#ack-form button")
    assert page.locator("#item-status").inner_text() == "已签收"
    later = today + dt.timedelta(days=10)
    page.fill("#id_requested_due_date", later.isoformat())
    page.fill("#id_reason", "需协调供气单位")
    page.click("#extension-form button")
    assert "延期申请已提交" in page.locator(".messages").inner_text()

    # The office approves: the due date follows, the original stays.
    browser.clear_cookies()
    login(page, supervisor)
    page.goto(url + reverse("items:detail", args=[item.pk]))
    page.select_option("#id_approve", "1")
    page.click("#decision-form button")
    assert page.locator("#item-due").inner_text() == later.isoformat()
    assert Extension.objects.get().decision == "approved"

    # Later the office drafts and signs a 督办单.
    page.fill("#id_facts", "该事项进展缓慢,未按要求报送办理情况。")
    page.fill("#id_requirement", "请于限期内书面报告办理进展。")
    page.fill("#id_reply_due", (today + dt.timedelta(days=3)).isoformat())
    page.click("#order-form button")
    page.wait_for_url(re.compile(r"/items/orders/\d+/$"))
    page.click("#sign-form button")
    number = f"督办〔{today.year}〕1号"
    assert page.locator("#order-number").inner_text() == number
    with page.expect_download() as download:
        page.click("#order-docx")
    assert download.value.suggested_filename.endswith(".docx")
    order = SupervisionOrder.objects.get()

    # The unit answers it.
    browser.clear_cookies()
    login(page, fgw_officer)
    page.goto(url + reverse("items:order", args=[order.pk]))
    page.fill("#id_reply", "已完成供暖管网检修,供暖正常。")
    page.click("#reply-form button")
    assert "已完成供暖管网检修" in page.locator("#order-reply").inner_text()

    # The office closes the order, then the item.
    browser.clear_cookies()
    login(page, supervisor)
    page.goto(url + reverse("items:order", args=[order.pk]))
    page.fill("#id_comment", "同意办结")
    page.click("#order-close-form button")
    assert page.locator("#order-status").inner_text() == "已办结"
    page.goto(url + reverse("items:detail", args=[item.pk]))
    page.fill("#id_note", "已办结,供暖正常。")
    page.click("#close-form button")
    assert page.locator("#item-status").inner_text() == "已办结"

    # The 通报: assigned, extended and ordered this month; closed on time in its due month.
    page.goto(url + reverse("items:list"))
    page.click("#bulletin-link")
    row = _row(page, "州发改委")
    assert (row[1], row[5], row[6]) == ("1", "1", "1")
    page.goto(url + reverse("items:bulletin") + f"?month={later:%Y-%m}")
    row = _row(page, "州发改委")
    assert (row[2], row[3], row[4], row[7]) == ("1", "1", "0", "100.0%")


def test_office_issues_an_order_on_a_plan_task_the_unit_answers(
    browser, page, login, live_server, supervisor, fgw_officer, directory
):
    """A plan task whose reports are overdue: from the office's task page the
    supervisor issues a 督办单 to the lead unit, prefilled with the overdue
    reports; the unit finds it among its 督办单 and answers; the office closes
    it; the month's 通报 counts it for the unit."""
    today = timezone.localdate()
    url = live_server.url
    task = world.task_a(world.make_published(supervisor))  # its reports fell due in 2020

    login(page, supervisor)
    page.goto(url + reverse("supervision:task", args=[task.pk]))
    overdue = page.locator("#task-order-overdue").inner_text()
    assert "州发改委" in overdue and "州住建局" in overdue and "逾期未报" in overdue
    fgw = directory["州发改委"].pk
    page.click(f"#task-order-overdue a[href*='order_unit={fgw}']")
    page.wait_for_url(re.compile(rf"order_unit={fgw}"))
    assert page.locator("#id_unit").input_value() == str(fgw)
    facts = page.locator("#id_facts").input_value()
    assert "(一) 抓好项目投资" in facts and "2020年12月21日前报送" in facts
    page.fill("#id_reply_due", (today + dt.timedelta(days=3)).isoformat())
    page.click("#task-order-form button")
    page.wait_for_url(re.compile(r"/items/orders/\d+/$"))
    page.click("#sign-form button")
    assert page.locator("#order-number").inner_text() == f"督办〔{today.year}〕1号"
    assert "抓好项目投资" in page.locator("#order-subject").inner_text()
    with page.expect_download() as download:
        page.click("#order-docx")
    assert download.value.suggested_filename.endswith(".docx")
    order = SupervisionOrder.objects.get()
    assert order.task_id == task.pk and order.unit_id == fgw

    # The unit finds it among its 督办单 and answers.
    browser.clear_cookies()
    login(page, fgw_officer)
    page.goto(url + reverse("items:list"))
    page.click("#orders-link")
    page.click(f"#orders a[href='{reverse('items:order', args=[order.pk])}']")
    page.fill("#id_reply", "已补报最终报告。")
    page.click("#reply-form button")
    assert "已补报最终报告" in page.locator("#order-reply").inner_text()

    # The office closes it; the task page lists it; the 通报 counts it.
    browser.clear_cookies()
    login(page, supervisor)
    page.goto(url + reverse("items:order", args=[order.pk]))
    page.fill("#id_comment", "同意办结")
    page.click("#order-close-form button")
    assert page.locator("#order-status").inner_text() == "已办结"
    page.goto(url + reverse("supervision:task", args=[task.pk]))
    assert "已办结" in page.locator("#task-order-list").inner_text()
    page.goto(url + reverse("items:bulletin"))
    assert _row(page, "州发改委")[6] == "1"
