"""交办事项 pages and the reminders inbox/preferences, through the test client."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from duban.items.models import Extension, Item
from duban.reminders import services as reminders
from duban.reminders.models import Ladder, Preference
from tests.plans import world


@pytest.fixture
def item(client_for, supervisor, directory):
    response = client_for(supervisor).post(
        reverse("items:new"),
        {
            "title": "落实批示:冬季供暖",
            "source": "instruction",
            "lead_unit": directory["州发改委"].pk,
            "co_units": [directory["州人社局"].pk],
            "item_class": "general",
        },
    )
    assert response.status_code == 302
    return Item.objects.get()


def test_assign_from_the_form(item):
    assert item.due_date == timezone.localdate() + dt.timedelta(days=7)
    assert [u.name for u in item.co_units.all()] == ["州人社局"]


def test_assign_form_errors_are_shown(client_for, supervisor, directory):
    response = client_for(supervisor).post(
        reverse("items:new"),
        {"title": "x", "source": "instruction", "lead_unit": directory["州发改委"].pk},
    )
    assert response.status_code == 200
    assert "请选择事项类别或填写办结时限" in response.content.decode()


def test_the_unit_acknowledges_and_asks_for_more_time(item, client_for, fgw_officer):
    client = client_for(fgw_officer)
    page = client.get(reverse("items:detail", args=[item.pk])).content.decode()
    assert 'id="ack-form"' in page
    client.post(reverse("items:acknowledge", args=[item.pk]))
    later = (item.due_date + dt.timedelta(days=5)).isoformat()
    client.post(
        reverse("items:extend", args=[item.pk]), {"requested_due_date": later, "reason": "需协调"}
    )
    item.refresh_from_db()
    assert item.status == "acknowledged"
    assert Extension.objects.get().requested_due_date.isoformat() == later


def test_bad_extension_input_is_a_message_not_a_500(item, client_for, fgw_officer):
    response = client_for(fgw_officer).post(
        reverse("items:extend", args=[item.pk]),
        {"requested_due_date": "明天", "reason": ""},
        follow=True,
    )
    assert response.status_code == 200
    assert not Extension.objects.exists()


def test_the_office_approves_and_closes(item, client_for, fgw_officer, supervisor):
    later = item.due_date + dt.timedelta(days=5)
    client_for(fgw_officer).post(
        reverse("items:extend", args=[item.pk]),
        {"requested_due_date": later.isoformat(), "reason": "r"},
    )
    office = client_for(supervisor)
    ext = Extension.objects.get()
    assert (
        'id="decision-form"' in office.get(reverse("items:detail", args=[item.pk])).content.decode()
    )
    office.post(reverse("items:decide", args=[ext.pk]), {"approve": "1", "comment": ""})
    office.post(reverse("items:close", args=[item.pk]), {"note": "已完成"})
    item.refresh_from_db()
    assert item.due_date == later and item.status == "closed"
    page = office.get(reverse("items:detail", args=[item.pk])).content.decode()
    assert "同意延期" in page and "办结销号" in page  # audit trail


def test_the_inbox_shows_the_digest(item, client_for, fgw_officer):
    reminders.run_supervision(now=timezone.now() + dt.timedelta(days=5), worker="t")
    client = client_for(fgw_officer)
    page = client.get(reverse("reminders:inbox")).content.decode()
    assert "【督办提醒】" in page
    digest = fgw_officer.digests.get()
    assert (
        "落实批示:冬季供暖"
        in client.get(reverse("reminders:digest", args=[digest.pk])).content.decode()
    )
    client.post(reverse("reminders:digest", args=[digest.pk]))
    digest.refresh_from_db()
    assert digest.read_at is not None


def test_preferences_are_saved_and_checked(client_for, fgw_officer):
    client = client_for(fgw_officer)
    response = client.post(
        reverse("reminders:preferences"), {"webhook": "dingtalk", "webhook_url": ""}
    )
    assert "请填写推送地址" in response.content.decode()
    client.post(
        reverse("reminders:preferences"),
        {
            "webhook": "dingtalk",
            "webhook_url": "http://127.0.0.1:18150/robot",
            "webhook_secret": "SEC1",
        },
    )
    preference = Preference.objects.get(user=fgw_officer)
    assert preference.webhook == "dingtalk" and preference.email is False


def test_the_office_edits_its_ladder_and_a_plans(client_for, supervisor, office):
    client = client_for(supervisor)
    data = {
        "before_days": 5,
        "on_due_day": "on",
        "chase_every_days": 1,
        "escalate_head_after": 4,
        "escalate_office_after": 2,
        "send_hour": 8,
    }
    response = client.post(reverse("reminders:ladder"), data)
    assert "报督查室应不早于报单位负责人" in response.content.decode()
    client.post(reverse("reminders:ladder"), {**data, "escalate_office_after": 9})
    default = Ladder.objects.get(plan__isnull=True)
    assert (default.before_days, default.escalate_office_after) == (5, 9)
    plan = world.make_published(supervisor)
    page = client.get(reverse("reminders:plan_ladder", args=[plan.pk])).content.decode()
    assert 'value="5"' in page  # starts from the office default
    client.post(
        reverse("reminders:plan_ladder", args=[plan.pk]),
        {**data, "before_days": 1, "escalate_office_after": 9},
    )
    assert Ladder.objects.get(plan=plan).before_days == 1
    assert Ladder.objects.get(plan=plan).history.first().history_user == supervisor
