"""督办单 on a plan task: the office issues it to one of the task's units (by
default the unit whose report is overdue), with the same numbering, sign-off,
reply, closure, docx, ladder and 通报 as an item's; a unit not assigned to the
task cannot be its addressee and no unit sees another's."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from docx import Document

from duban.items import orders, services
from duban.items.bulletin import monthly_bulletin
from duban.items.documents import order_docx
from duban.items.models import SupervisionOrder
from duban.reminders import services as reminders
from duban.reminders.models import Digest, Message
from duban.reports.models import Report
from tests.plans import world


def at(day, hour=10):
    """A moment in December 2020 (the test plan's reports fall due 2020-11-30
    and 2020-12-21)."""
    return timezone.make_aware(dt.datetime(2020, 12, day, hour))


@pytest.fixture
def plan(supervisor, fgw_officer, rsj_officer):
    return world.make_published(supervisor)


@pytest.fixture
def task(plan):
    return world.task_a(plan)


@pytest.fixture
def draft(task, supervisor, directory):
    return orders.draft_task_order(
        task=task,
        unit=directory["州发改委"],
        user=supervisor,
        facts="11月进展报告逾期未报。",
        requirement="请于回复时限前报送。",
        reply_due=dt.date(2020, 12, 14),
        now=at(8),
    )


def test_the_proposal_names_the_overdue_unit_and_reports(task, directory):
    first = Report.objects.filter(task=task).order_by("period__due_date").first().period
    on = first.due_date + dt.timedelta(days=8)
    proposal = orders.task_order_proposal(task=task, on=on)
    names = [u.name for u in proposal.units]
    assert names[0] == "州发改委" and "州住建局" in names
    overdue_units = {r.unit.name for r in proposal.overdue}
    assert overdue_units == {"州发改委", "州住建局"}
    # The oldest overdue report is the co-unit's (its due date is earlier).
    assert proposal.unit_id == proposal.overdue[0].unit_id
    fgw = orders.task_order_proposal(task=task, on=on, unit_id=directory["州发改委"].pk)
    assert fgw.unit_id == directory["州发改委"].pk
    assert "任务:(一) 抓好项目投资。" in fgw.facts
    assert f"{first.label}进展报告应于{first.due_date.year}年" in fgw.facts
    assert "已逾期8天未报" in fgw.facts
    # A unit not on the task falls back to the default.
    other = orders.task_order_proposal(task=task, on=on, unit_id=directory["州人社局"].pk)
    assert other.unit_id == proposal.unit_id


def test_without_overdue_reports_the_principal_is_the_default(task, directory):
    first = Report.objects.filter(task=task).order_by("period__start").first().period
    proposal = orders.task_order_proposal(task=task, on=first.start)
    assert proposal.overdue == [] and proposal.unit_id == directory["州发改委"].pk


def test_issue_sign_reply_close_for_a_task(draft, task, supervisor, fgw_officer):
    assert draft.task == task and draft.item is None and draft.office_id == task.plan.office_id
    assert draft.subject_title == str(task)
    order = orders.sign_order(order=draft, user=supervisor, now=at(8))
    assert order.number == "督办〔2020〕1号"
    order = orders.reply_order(order=order, user=fgw_officer, reply="已补报。", now=at(9))
    order = orders.close_order(order=order, user=supervisor, comment="同意", now=at(10))
    assert order.status == "closed" and order.history.count() == 4


def test_task_and_item_orders_share_the_office_numbering(draft, supervisor, directory):
    orders.sign_order(order=draft, user=supervisor, now=at(8))
    item = services.assign_item(
        user=supervisor,
        title="事项",
        lead_unit=directory["州发改委"],
        item_class="general",
        now=at(1),
    )
    second = orders.draft_order(
        item=item,
        user=supervisor,
        facts="f",
        requirement="r",
        reply_due=dt.date(2020, 12, 20),
        now=at(9),
    )
    assert orders.sign_order(order=second, user=supervisor, now=at(9)).number == "督办〔2020〕2号"


def test_a_unit_not_assigned_to_the_task_cannot_be_the_addressee(task, supervisor, directory):
    with pytest.raises(services.ItemError, match="责任单位"):
        orders.draft_task_order(
            task=task,
            unit=directory["州人社局"],
            user=supervisor,
            facts="f",
            requirement="r",
            reply_due=dt.date(2020, 12, 14),
            now=at(8),
        )
    assert not SupervisionOrder.objects.exists()


def test_only_the_office_supervisor_drafts(task, fgw_officer, leader, directory):
    for user in (fgw_officer, leader):
        with pytest.raises(PermissionDenied):
            orders.draft_task_order(
                task=task,
                unit=directory["州发改委"],
                user=user,
                facts="f",
                requirement="r",
                reply_due=dt.date(2020, 12, 14),
                now=at(8),
            )


def test_a_draft_plan_task_cannot_be_supervised(supervisor, directory):
    plan = world.make_draft(supervisor)
    with pytest.raises(services.ItemError, match="印发"):
        orders.draft_task_order(
            task=world.task_a(plan),
            unit=directory["州发改委"],
            user=supervisor,
            facts="f",
            requirement="r",
            reply_due=dt.date(2020, 12, 14),
            now=at(8),
        )


def test_a_unit_cannot_see_another_units_order(draft, supervisor, fgw_officer, rsj_officer):
    orders.sign_order(order=draft, user=supervisor, now=at(8))
    assert list(orders.visible_orders(fgw_officer)) == [draft]
    assert list(orders.visible_orders(rsj_officer)) == []
    with pytest.raises(PermissionDenied):
        orders.reply_order(order=draft, user=rsj_officer, reply="x", now=at(9))


def test_exactly_one_subject_is_enforced_by_the_database(task, draft, directory):
    with transaction.atomic(), pytest.raises(IntegrityError):
        SupervisionOrder.objects.filter(pk=draft.pk).update(task=None)
    item = services.assign_item(
        user=draft.drafted_by,
        title="事项",
        lead_unit=directory["州发改委"],
        item_class="general",
        now=at(1),
    )
    with transaction.atomic(), pytest.raises(IntegrityError):
        SupervisionOrder.objects.filter(pk=draft.pk).update(item=item)


def test_the_ladder_chases_an_unanswered_task_order(draft, supervisor, fgw_officer):
    orders.sign_order(order=draft, user=supervisor, now=at(8))
    reminders.run_supervision(now=at(11, 9), worker="t")  # T−3 of 12-14
    message = Message.objects.get(subject_type="order", kind="before", recipient=fgw_officer)
    assert "督办〔2020〕1号" in message.title and "抓好项目投资" in message.title
    orders.reply_order(order=draft, user=fgw_officer, reply="已办", now=at(12))
    reminders.run_supervision(now=at(14, 9), worker="t")
    assert not Message.objects.filter(subject_type="order", kind="due").exists()


def test_the_monthly_bulletin_counts_it_for_the_unit(draft, supervisor, office):
    orders.sign_order(order=draft, user=supervisor, now=at(8))
    bulletin = monthly_bulletin(office=office, month=dt.date(2020, 12, 1), now=at(20))
    rows = {r.unit_name: r for r in bulletin.rows}
    assert rows["州发改委"].orders == 1
    assert bulletin.totals_dict()["orders"] == 1


def test_task_order_docx(draft, supervisor, task):
    order = orders.sign_order(order=draft, user=supervisor, now=at(8))
    doc = Document(io.BytesIO(order_docx(order, "海西州人民政府办公室")))
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[:3] == ["督 办 单", "督办〔2020〕1号", "海西州发展和改革委员会:"]
    assert f"督办事项:《{task.plan}》任务 (一) 抓好项目投资" in paragraphs[3]
    assert "基本情况:11月进展报告逾期未报。" in paragraphs
    assert any("2020年12月14日前" in p for p in paragraphs)
    assert "海西州人民政府办公室" in paragraphs and "2020年12月8日" in paragraphs


# --- pages -------------------------------------------------------------------


def test_the_task_page_offers_the_form_to_supervisors_only(
    task, client_for, supervisor, leader, directory
):
    page = client_for(supervisor).get(reverse("supervision:task", args=[task.pk]))
    html = page.content.decode()
    assert 'id="task-order-form"' in html and "拟制督办单" in html
    unit = directory["州住建局"].pk
    html = (
        client_for(supervisor)
        .get(reverse("supervision:task", args=[task.pk]), {"order_unit": unit})
        .content.decode()
    )
    assert f'<option value="{unit}" selected>' in html
    html = client_for(leader).get(reverse("supervision:task", args=[task.pk])).content.decode()
    assert 'id="task-order"' in html and 'id="task-order-form"' not in html
    # Bad input in the query string is ignored, never a 500.
    page = client_for(supervisor).get(
        reverse("supervision:task", args=[task.pk]), {"order_unit": "x<"}
    )
    assert page.status_code == 200


def test_posting_the_form_drafts_and_the_unit_answers_in_its_list(
    task, client_for, supervisor, fgw_officer, rsj_officer, directory
):
    office = client_for(supervisor)
    url = reverse("items:task_order_new", args=[task.pk])
    data = {"facts": "逾期未报", "requirement": "请报送", "reply_due": "2030-01-01"}
    refused = office.post(url, {**data, "unit": directory["州人社局"].pk}, follow=True)
    assert not SupervisionOrder.objects.exists()
    assert "选择一个有效的选项" in refused.content.decode()
    response = office.post(url, {**data, "unit": directory["州发改委"].pk})
    order = SupervisionOrder.objects.get()
    assert response["Location"] == reverse("items:order", args=[order.pk])
    office.post(reverse("items:order_sign", args=[order.pk]))
    unit = client_for(fgw_officer)
    listing = unit.get(reverse("items:orders")).content.decode()
    assert "督办〔" in listing and "抓好项目投资" in listing
    page = unit.get(reverse("items:order", args=[order.pk])).content.decode()
    assert 'id="reply-form"' in page and reverse("plans:task", args=[task.pk]) in page
    assert client_for(rsj_officer).get(reverse("items:order", args=[order.pk])).status_code == 404
    assert (
        "抓好项目投资" not in client_for(rsj_officer).get(reverse("items:orders")).content.decode()
    )


def test_the_escalation_digest_links_to_the_form(task, client_for, supervisor, directory):
    report = Report.objects.filter(task=task, unit=directory["州发改委"]).first()
    digest = Digest.objects.create(
        recipient=supervisor, subject="【督办提醒】", body="x", created_at=at(8)
    )
    Message.objects.create(
        recipient=supervisor,
        kind="escalate_office",
        subject_type="report",
        subject_id=report.pk,
        occasion=dt.date(2020, 12, 7),
        due_at=at(7, 9),
        unit=directory["州发改委"],
        title="逾期报告",
        due_date=report.due_date,
        digest=digest,
        status="sent",
    )
    html = (
        client_for(supervisor).get(reverse("reminders:digest", args=[digest.pk])).content.decode()
    )
    target = reverse("supervision:task", args=[task.pk]) + f"?order_unit={directory['州发改委'].pk}"
    assert target in html
