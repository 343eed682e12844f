"""The cockpit beside the plan: overdue 交办事项, unanswered 督办单, escalations to
the office, and one 按期办结率 over plan tasks and items."""

import datetime as dt
from fractions import Fraction

import pytest
from django.utils import timezone

from duban.cockpit.rates import on_time_closure, unit_on_time_closure
from duban.items import orders
from duban.items import services as items
from duban.reminders.models import Kind, Message, SubjectType
from duban.reports.services import accept_report, consolidate_and_submit, save_draft

from .conftest import report_of

NOW = timezone.make_aware(dt.datetime(2020, 12, 1, 10))


def _item(supervisor, unit, title, now=NOW):
    return items.assign_item(
        user=supervisor, title=title, lead_unit=unit, item_class="general", now=now
    )


def test_one_rate_counts_plan_tasks_and_items(
    plan, calendar, task, jobs, fgw_officer, supervisor, directory
):
    final = calendar[-1]
    fgw = save_draft(
        report=report_of(task, "州发改委", final),
        user=fgw_officer,
        data={"narrative": "全年完成。", "values": {jobs.pk: ("13500", "2020-12-10")}},
        expected_version=0,
    )
    accept_report(report=consolidate_and_submit(report=fgw, user=fgw_officer), user=supervisor)
    unit = directory["州发改委"]
    on_time = _item(supervisor, unit, "按期办结的事项")  # due 12-08
    items.close_item(item=on_time, user=supervisor, note="已办结。", now=NOW)
    _item(supervisor, unit, "逾期未办的事项")  # due 12-08, still open on 12-21
    other = _item(supervisor, directory["州人社局"], "人社局的事项")
    items.close_item(item=other, user=supervisor, note="已办结。", now=NOW)

    rates = unit_on_time_closure(
        plans=[plan], office=plan.office, start=dt.date(2020, 1, 1), on=final.due_date
    )
    tasks_only = on_time_closure([plan], final.due_date)
    fgw_rate = rates[unit.pk]
    # Plan tasks exactly as on_time_closure counts them (two led, none closed on time) ...
    assert (
        (fgw_rate["tasks_due"], fgw_rate["tasks_on_time"])
        == (
            tasks_only[unit.pk]["due"],
            tasks_only[unit.pk]["on_time"],
        )
        == (2, 0)
    )
    # ... plus the two items it leads, one closed on time.
    assert (fgw_rate["items_due"], fgw_rate["items_on_time"]) == (2, 1)
    assert (fgw_rate["due"], fgw_rate["on_time"]) == (4, 1)
    assert fgw_rate["rate"] == Fraction(1, 4)
    # A unit with items only is ranked too.
    assert rates[directory["州人社局"].pk]["rate"] == 1
    # Items of another office are not counted.
    assert (
        unit_on_time_closure(
            plans=[plan], office=directory["州人社局"], start=dt.date(2020, 1, 1), on=final.due_date
        )[unit.pk]["items_due"]
        == 0
    )


def test_cockpit_ranking_includes_items(plan, leader, supervisor, directory, client_for):
    item = _item(supervisor, directory["州人社局"], "人社局按期办结")
    items.close_item(item=item, user=supervisor, note="已办结。", now=NOW)
    body = client_for(leader).get("/cockpit/").content.decode()
    closure = body[body.index('id="cockpit-closure"') : body.index('id="cockpit-overdue"')]
    assert "州人社局" in closure
    assert "1/1" in closure


@pytest.fixture
def chased(supervisor, directory):
    """An overdue item, a signed order on it not answered, and an escalation."""
    item = _item(supervisor, directory["州发改委"], "做好冬季供暖保障")
    closed = _item(supervisor, directory["州发改委"], "已经办结的事项")
    items.close_item(item=closed, user=supervisor, note="已办结。", now=NOW)
    order = orders.draft_order(
        item=item,
        user=supervisor,
        facts="逾期未办结。",
        requirement="三日内回复。",
        reply_due=dt.date(2020, 12, 10),
        now=NOW,
    )
    order = orders.sign_order(order=order, user=supervisor, now=NOW)
    today = timezone.localdate()
    Message.objects.create(
        recipient=supervisor,
        kind=Kind.ESCALATE_OFFICE,
        subject_type=SubjectType.ITEM,
        subject_id=item.pk,
        occasion=today - dt.timedelta(days=1),
        due_at=timezone.now(),
        unit=directory["州发改委"],
        title="做好冬季供暖保障(报督查室)",
        due_date=item.due_date,
        status=Message.Status.SENT,
        sent_at=timezone.now(),
    )
    return item, closed, order


def _panel(body, panel_id):
    start = body.index(f'id="{panel_id}"')
    return body[start : body.index("</div>", start)]


def test_cockpit_shows_overdue_items_orders_and_escalations(
    plan, chased, leader, supervisor, client_for
):
    item, closed, order = chased
    for user in (leader, supervisor):
        body = client_for(user).get("/cockpit/").content.decode()
        overdue = _panel(body, "cockpit-overdue-items")
        assert f'href="/items/{item.pk}/"' in overdue
        assert "做好冬季供暖保障" in overdue
        assert "已经办结的事项" not in overdue
        signed = _panel(body, "cockpit-orders")
        assert f'href="/items/orders/{order.pk}/"' in signed
        assert order.number in signed
        assert "已超回复时限" in signed
        escalated = _panel(body, "cockpit-escalations")
        assert f'href="/items/{item.pk}/"' in escalated
        assert "报督查室" in escalated


def test_answered_orders_leave_the_cockpit(plan, chased, leader, fgw_officer, client_for):
    _item_, _closed, order = chased
    orders.reply_order(order=order, user=fgw_officer, reply="已整改。", now=NOW)
    body = client_for(leader).get("/cockpit/").content.decode()
    assert f"/items/orders/{order.pk}/" not in _panel(body, "cockpit-orders")


def test_escalations_to_others_stay_out(plan, chased, leader, fgw_officer, client_for):
    item, _closed, _order = chased
    # The ladder's step to a unit's own head is not the office's business.
    Message.objects.filter(subject_id=item.pk).update(recipient=fgw_officer)
    body = client_for(leader).get("/cockpit/").content.decode()
    assert f'href="/items/{item.pk}/"' not in _panel(body, "cockpit-escalations")
    assert client_for(fgw_officer).get("/cockpit/").status_code == 403
