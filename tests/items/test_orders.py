"""督办单 (draft → sign off with a number → the unit answers → the office closes,
docx in official layout), the ladder on it, and the monthly 通报."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from docx import Document

from duban.items import orders, services
from duban.items.bulletin import monthly_bulletin
from duban.items.documents import bulletin_docx, order_docx
from duban.reminders import services as reminders
from duban.reminders.models import Message

NOW = timezone.make_aware(dt.datetime(2020, 12, 1, 10))


def at(days, hour=10):
    return timezone.make_aware(dt.datetime(2020, 12, 1, hour) + dt.timedelta(days=days))


@pytest.fixture
def item(supervisor, directory):
    return services.assign_item(
        user=supervisor,
        title="落实州长批示:做好冬季供暖保障",
        lead_unit=directory["州发改委"],
        item_class="general",
        now=NOW,
    )


@pytest.fixture
def draft(item, supervisor):
    return orders.draft_order(
        item=item,
        user=supervisor,
        facts="该事项已逾期8天,未见办理情况报告。",
        requirement="请抓紧办理,书面报告办理进展。",
        reply_due=dt.date(2020, 12, 14),
        now=at(8),
    )


def test_signing_numbers_orders_per_office_and_year(draft, item, supervisor):
    assert draft.number == ""
    first = orders.sign_order(order=draft, user=supervisor, now=at(8))
    second = orders.draft_order(
        item=item,
        user=supervisor,
        facts="f",
        requirement="r",
        reply_due=dt.date(2020, 12, 20),
        now=at(9),
    )
    second = orders.sign_order(order=second, user=supervisor, now=at(9))
    assert (first.number, second.number) == ("督办〔2020〕1号", "督办〔2020〕2号")
    third = orders.draft_order(
        item=item,
        user=supervisor,
        facts="f",
        requirement="r",
        reply_due=dt.date(2021, 1, 20),
        now=at(40),
    )
    assert orders.sign_order(order=third, user=supervisor, now=at(40)).number == "督办〔2021〕1号"


def test_the_unit_answers_and_the_office_closes(draft, supervisor, fgw_officer):
    order = orders.sign_order(order=draft, user=supervisor, now=at(8))
    with pytest.raises(services.ItemError, match="回复内容"):
        orders.reply_order(order=order, user=fgw_officer, reply=" ", now=at(9))
    order = orders.reply_order(
        order=order, user=fgw_officer, reply="已完成供暖管网检修。", now=at(9)
    )
    assert order.status == "answered"
    order = orders.close_order(order=order, user=supervisor, comment="同意办结", now=at(10))
    assert order.status == "closed" and order.history.count() == 4


def test_only_the_addressed_unit_answers(draft, supervisor, rsj_officer):
    order = orders.sign_order(order=draft, user=supervisor, now=at(8))
    with pytest.raises(PermissionDenied):
        orders.reply_order(order=order, user=rsj_officer, reply="x", now=at(9))


def test_a_draft_cannot_be_answered_or_closed(draft, supervisor, fgw_officer):
    with pytest.raises(services.ItemError, match="草稿"):
        orders.reply_order(order=draft, user=fgw_officer, reply="x", now=at(9))
    with pytest.raises(services.ItemError):
        orders.close_order(order=draft, user=supervisor, comment="", now=at(9))


def test_units_do_not_see_drafts(draft, supervisor, fgw_officer):
    assert list(orders.visible_orders(fgw_officer)) == []
    orders.sign_order(order=draft, user=supervisor, now=at(8))
    assert list(orders.visible_orders(fgw_officer)) == [draft]


def test_an_issued_order_is_chased_until_answered(draft, supervisor, fgw_officer):
    orders.sign_order(order=draft, user=supervisor, now=at(8))
    reminders.run_supervision(now=at(10, 9), worker="t")  # 12-11 09:00: T−3 of 12-14
    assert Message.objects.filter(
        subject_type="order", kind="before", recipient=fgw_officer
    ).exists()
    orders.reply_order(order=draft, user=fgw_officer, reply="已办", now=at(11))
    reminders.run_supervision(now=at(13, 9), worker="t")
    assert not Message.objects.filter(subject_type="order", kind="due").exists()


def _text(docx_bytes):
    doc = Document(io.BytesIO(docx_bytes))
    paragraphs = [p.text for p in doc.paragraphs]
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return doc, paragraphs, cells


def test_order_docx_in_official_layout(draft, supervisor):
    order = orders.sign_order(order=draft, user=supervisor, now=at(8))
    doc, paragraphs, _cells = _text(order_docx(order, "海西州人民政府办公室"))
    assert paragraphs[0] == "督 办 单" and paragraphs[1] == "督办〔2020〕1号"
    title_run = doc.paragraphs[0].runs[0]
    assert str(title_run.font.color.rgb) == "C00000"
    assert (
        title_run._element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        == "方正小标宋简体"
    )
    assert any("落实州长批示" in p for p in paragraphs)
    assert any("2020年12月14日前" in p for p in paragraphs)
    assert "海西州人民政府办公室" in paragraphs and "2020年12月9日" in paragraphs
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.top_margin.mm)) == (210, 37)


def test_monthly_bulletin_counts(item, supervisor, fgw_officer, directory, office):
    other = services.assign_item(
        user=supervisor,
        title="按期事项",
        lead_unit=directory["州人社局"],
        item_class="general",
        now=NOW,
    )
    services.close_item(item=other, user=supervisor, note="ok", now=at(3))
    ext = services.request_extension(
        item=item, user=fgw_officer, requested_due_date=dt.date(2020, 12, 12), reason="r", now=at(1)
    )
    services.decide_extension(extension=ext, user=supervisor, approve=True, now=at(2))
    order = orders.draft_order(
        item=item,
        user=supervisor,
        facts="f",
        requirement="r",
        reply_due=dt.date(2020, 12, 20),
        now=at(12),
    )
    orders.sign_order(order=order, user=supervisor, now=at(12))
    bulletin = monthly_bulletin(office=office, month=dt.date(2020, 12, 1), now=at(20))
    rows = {r.unit_name: r for r in bulletin.rows}
    fgw, rsj = rows["州发改委"], rows["州人社局"]
    assert (fgw.assigned, fgw.due, fgw.closed_on_time, fgw.overdue, fgw.extensions, fgw.orders) == (
        1,
        1,
        0,
        1,
        1,
        1,
    )
    assert (rsj.assigned, rsj.due, rsj.closed_on_time, rsj.overdue, rsj.rate_text) == (
        1,
        1,
        1,
        0,
        "100.0%",
    )
    _doc, paragraphs, cells = _text(bulletin_docx(bulletin, "海西州人民政府办公室"))
    assert paragraphs[0] == "关于2020年12月交办事项办理情况的通报"
    assert "共交办事项2项" in paragraphs[2] and "签发督办单1份" in paragraphs[2]
    assert ["州发改委", "1", "1", "0", "1", "1", "1", "0.0%"] in [
        cells[i : i + 8] for i in range(0, len(cells), 8)
    ]


def test_order_and_bulletin_pages(draft, client_for, supervisor, fgw_officer):
    office = client_for(supervisor)
    office.post(reverse("items:order_sign", args=[draft.pk]))
    unit = client_for(fgw_officer)
    page = unit.get(reverse("items:order", args=[draft.pk])).content.decode()
    assert "督办〔" in page and 'id="reply-form"' in page
    unit.post(reverse("items:order_reply", args=[draft.pk]), {"reply": "已办理"})
    office.post(reverse("items:order_close", args=[draft.pk]), {"comment": "同意"})
    draft.refresh_from_db()
    assert draft.status == "closed"
    response = unit.get(reverse("items:order_docx", args=[draft.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    page = office.get(reverse("items:bulletin") + "?month=2020-12").content.decode()
    assert "州发改委" in page
    assert office.get(reverse("items:bulletin") + "?month=bad").status_code == 200
    assert office.get(reverse("items:bulletin_docx") + "?month=2020-12").status_code == 200
