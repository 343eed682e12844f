"""交办事项: “710” due dates, 签收, 延期申请, 办结销号, 按期办结率, and the ladder on items."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from duban.items import services
from duban.items.models import Extension, Item, ItemClass
from duban.reminders import services as reminders
from duban.reminders.models import Message
from tests.plans import world

NOW = timezone.make_aware(dt.datetime(2020, 12, 1, 10))


def at(days, hour=9):
    return timezone.make_aware(dt.datetime(2020, 12, 1, hour) + dt.timedelta(days=days))


@pytest.mark.parametrize(
    ("item_class", "assigned", "due"),
    [
        ("general", dt.date(2020, 12, 1), dt.date(2020, 12, 8)),
        ("general", dt.date(2020, 12, 28), dt.date(2021, 1, 4)),
        ("complex", dt.date(2020, 12, 1), dt.date(2021, 1, 1)),
        ("complex", dt.date(2021, 1, 31), dt.date(2021, 2, 28)),
        ("annual", dt.date(2020, 3, 5), dt.date(2020, 12, 31)),
    ],
)
def test_710_due_dates(item_class, assigned, due):
    assert ItemClass.due_from(item_class, assigned) == due


@pytest.fixture
def item(supervisor, directory):
    return services.assign_item(
        user=supervisor,
        title="落实州长批示:做好冬季供暖保障",
        lead_unit=directory["州发改委"],
        co_units=[directory["州人社局"]],
        item_class="general",
        now=NOW,
    )


def test_assign_takes_the_due_date_from_the_class(item):
    assert item.due_date == item.original_due_date == dt.date(2020, 12, 8)
    assert item.status == "assigned"


def test_an_explicit_due_date_wins(supervisor, directory):
    item = services.assign_item(
        user=supervisor,
        title="x",
        lead_unit=directory["州发改委"],
        due_date=dt.date(2020, 12, 3),
        now=NOW,
    )
    assert item.due_date == dt.date(2020, 12, 3) and item.item_class == ""


def test_only_supervisors_assign(fgw_officer, directory):
    with pytest.raises(PermissionDenied):
        services.assign_item(
            user=fgw_officer,
            title="x",
            lead_unit=directory["州发改委"],
            item_class="general",
            now=NOW,
        )


def test_assign_needs_a_class_or_a_date(supervisor, directory):
    with pytest.raises(services.ItemError, match="类别"):
        services.assign_item(user=supervisor, title="x", lead_unit=directory["州发改委"], now=NOW)


def test_the_lead_unit_acknowledges(item, fgw_officer):
    item = services.acknowledge_item(item=item, user=fgw_officer, now=at(0, 11))
    assert item.status == "acknowledged" and item.acknowledged_by == fgw_officer
    assert item.history.first().history_user == fgw_officer


def test_a_co_unit_cannot_acknowledge(item, rsj_officer):
    with pytest.raises(PermissionDenied):
        services.acknowledge_item(item=item, user=rsj_officer, now=NOW)


def test_extension_approved_moves_the_due_date_and_keeps_the_original(
    item, fgw_officer, supervisor
):
    ext = services.request_extension(
        item=item,
        user=fgw_officer,
        requested_due_date=dt.date(2020, 12, 15),
        reason="需协调供气单位",
        now=NOW,
    )
    with pytest.raises(services.ItemError, match="待审批"):
        services.request_extension(
            item=item,
            user=fgw_officer,
            requested_due_date=dt.date(2020, 12, 20),
            reason="再议",
            now=NOW,
        )
    services.decide_extension(extension=ext, user=supervisor, approve=True, now=at(1))
    item.refresh_from_db()
    assert item.due_date == dt.date(2020, 12, 15) and item.original_due_date == dt.date(2020, 12, 8)
    assert item.history.first().history_change_reason == "同意延期"
    assert ext.history.count() == 2


def test_extension_refused_needs_a_comment_and_changes_nothing(item, fgw_officer, supervisor):
    ext = services.request_extension(
        item=item,
        user=fgw_officer,
        requested_due_date=dt.date(2020, 12, 15),
        reason="理由",
        now=NOW,
    )
    with pytest.raises(services.ItemError, match="意见"):
        services.decide_extension(extension=ext, user=supervisor, approve=False, now=NOW)
    services.decide_extension(
        extension=ext, user=supervisor, approve=False, comment="按原时限办结", now=NOW
    )
    item.refresh_from_db()
    assert item.due_date == dt.date(2020, 12, 8)
    assert Extension.objects.get().decision == "refused"


def test_a_unit_cannot_decide_its_own_extension(item, fgw_officer):
    ext = services.request_extension(
        item=item,
        user=fgw_officer,
        requested_due_date=dt.date(2020, 12, 15),
        reason="理由",
        now=NOW,
    )
    with pytest.raises(PermissionDenied):
        services.decide_extension(extension=ext, user=fgw_officer, approve=True, now=NOW)


def test_extension_must_be_later(item, fgw_officer):
    with pytest.raises(services.ItemError, match="晚于"):
        services.request_extension(
            item=item,
            user=fgw_officer,
            requested_due_date=dt.date(2020, 12, 8),
            reason="r",
            now=NOW,
        )


def test_close_needs_a_note_and_is_final(item, supervisor):
    with pytest.raises(services.ItemError, match="办结说明"):
        services.close_item(item=item, user=supervisor, note=" ", now=NOW)
    item = services.close_item(item=item, user=supervisor, note="已完成", now=at(3))
    assert item.closed_on_time() is True
    with pytest.raises(services.ItemError, match="已办结"):
        services.close_item(item=item, user=supervisor, note="again", now=at(4))


def test_visibility(item, fgw_officer, rsj_officer, golmud_officer, supervisor, leader):
    assert list(Item.objects.visible_to(fgw_officer)) == [item]
    assert list(Item.objects.visible_to(rsj_officer)) == [item]
    assert list(Item.objects.visible_to(leader)) == [item]
    assert list(Item.objects.visible_to(golmud_officer)) == []


def test_on_time_rate_per_unit(supervisor, directory, office):
    fgw, rsj = directory["州发改委"], directory["州人社局"]

    def make(unit, due, closed_day=None):
        item = services.assign_item(
            user=supervisor, title="t", lead_unit=unit, due_date=due, now=NOW
        )
        if closed_day is not None:
            services.close_item(item=item, user=supervisor, note="ok", now=at(closed_day))
        return item

    make(fgw, dt.date(2020, 12, 5), closed_day=3)  # on time
    make(fgw, dt.date(2020, 12, 5), closed_day=6)  # late
    make(fgw, dt.date(2020, 12, 10))  # open, overdue on 12-20
    make(rsj, dt.date(2020, 12, 30))  # open, not yet due on 12-20: left out
    make(rsj, dt.date(2020, 12, 8), closed_day=7)  # on time on its due day
    rates = {
        r.unit_name: r
        for r in services.on_time_rates(
            office=office, start=dt.date(2020, 12, 1), end=dt.date(2020, 12, 31), now=at(19)
        )
    }
    assert (rates["州发改委"].due, rates["州发改委"].closed_on_time) == (3, 1)
    assert rates["州发改委"].rate == pytest.approx(1 / 3)
    assert (rates["州人社局"].due, rates["州人社局"].rate) == (1, 1.0)


def test_the_ladder_chases_items_unacknowledged_first(item, fgw_officer, supervisor, directory):
    services.assign_item(
        user=supervisor,
        title="已签收的事项",
        lead_unit=directory["州发改委"],
        item_class="general",
        now=NOW,
    )
    other = Item.objects.get(title="已签收的事项")
    services.acknowledge_item(item=other, user=fgw_officer, now=NOW)
    services.assign_item(
        user=supervisor,
        title="更早到期已签收",
        lead_unit=directory["州发改委"],
        due_date=dt.date(2020, 12, 6),
        now=NOW,
    )
    services.acknowledge_item(
        item=Item.objects.get(title="更早到期已签收"), user=fgw_officer, now=NOW
    )
    reminders.run_supervision(
        now=at(5), worker="t"
    )  # 12-06: T−2 for the 12-08 items, due day for 12-06
    digest = fgw_officer.digests.get()
    first = digest.body.splitlines()[0]
    assert "冬季供暖" in first and "未签收" in first


def test_closed_items_leave_the_chase(item, supervisor, fgw_officer):
    services.close_item(item=item, user=supervisor, note="done", now=at(2))
    reminders.run_supervision(now=at(10), worker="t")
    assert not Message.objects.filter(subject_type="item").exists()


def test_an_approved_extension_moves_the_ladder(item, fgw_officer, supervisor):
    ext = services.request_extension(
        item=item, user=fgw_officer, requested_due_date=dt.date(2020, 12, 20), reason="r", now=NOW
    )
    services.decide_extension(extension=ext, user=supervisor, approve=True, now=NOW)
    reminders.run_supervision(now=at(7), worker="t")  # 12-08: the old due day
    assert not Message.objects.filter(subject_type="item").exists()
    reminders.run_supervision(now=at(16), worker="t")  # 12-17: T−3 of 12-20
    assert list(Message.objects.filter(subject_type="item").values_list("kind", "occasion")) == [
        ("before", dt.date(2020, 12, 17))
    ]


def test_a_plan_task_carries_a_710_class(supervisor, fgw_officer, directory, office):
    plan = world.make_published(supervisor)
    task = plan.tasks.first()
    entry = services.classify_task(task=task, item_class="complex", user=supervisor, now=NOW)
    published = timezone.localdate(plan.published_at)
    assert entry.due_date == ItemClass.due_from("complex", published)
    assert task.item_class.get_item_class_display() == "复杂事项(1个月)"
    with pytest.raises(PermissionDenied):
        services.classify_task(task=task, item_class="general", user=fgw_officer, now=NOW)
    with pytest.raises(services.ItemError):
        services.classify_task(task=task, item_class="urgent", user=supervisor, now=NOW)
