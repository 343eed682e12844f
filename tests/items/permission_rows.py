"""交办事项 and reminders routes in the permission matrix
(tests/test_permission_matrix.py). The item: assigned by the office to 州发改委
(lead) with 州人社局 (co)."""

import datetime as dt

from django.utils import timezone

from duban.items import orders, services
from duban.reminders.models import Digest
from tests.permissions import EVERYONE, FGW, NOBODY, OFFICE_STAFF, SUPERVISOR, Row
from tests.plans import world

NOW = timezone.make_aware(dt.datetime(2020, 12, 1, 10))
ITEM_READERS = frozenset({"supervisor", "leader", "fgw_officer", "fgw_head", "rsj_officer"})


def _item(w):
    return services.assign_item(
        user=w.persona("supervisor"),
        title="做好冬季供暖保障",
        lead_unit=w.unit("州发改委"),
        co_units=[w.unit("州人社局")],
        item_class="general",
        now=NOW,
    )


def item_pk(w):
    return {"pk": _item(w).pk}


def pending_extension_pk(w):
    item = _item(w)
    ext = services.request_extension(
        item=item,
        user=w.persona("fgw_officer"),
        requested_due_date=dt.date(2020, 12, 20),
        reason="需协调",
        now=NOW,
    )
    return {"pk": ext.pk}


def fgw_digest_pk(w):
    digest = Digest.objects.create(
        recipient=w.persona("fgw_officer"), subject="【督办提醒】", body="x", created_at=NOW
    )
    return {"pk": digest.pk}


def _draft(w):
    return orders.draft_order(
        item=_item(w),
        user=w.persona("supervisor"),
        facts="已逾期",
        requirement="请抓紧办理",
        reply_due=dt.date(2030, 1, 1),
        now=NOW,
    )


def draft_order_pk(w):
    return {"pk": _draft(w).pk}


def _issued(w):
    return orders.sign_order(order=_draft(w), user=w.persona("supervisor"), now=NOW)


def issued_order_pk(w):
    return {"pk": _issued(w).pk}


def answered_order_pk(w):
    order = orders.reply_order(
        order=_issued(w), user=w.persona("fgw_officer"), reply="已办理", now=NOW
    )
    return {"pk": order.pk}


def _task_order(w):
    """A signed 督办单 on the test plan's task A, to 州发改委 (its lead unit)."""
    task = world.task_a(world.make_published(w.persona("supervisor")))
    order = orders.draft_task_order(
        task=task,
        unit=w.unit("州发改委"),
        user=w.persona("supervisor"),
        facts="进展报告逾期未报",
        requirement="请报送",
        reply_due=dt.date(2030, 1, 1),
        now=NOW,
    )
    return orders.sign_order(order=order, user=w.persona("supervisor"), now=NOW)


def task_order_pk(w):
    return {"pk": _task_order(w).pk}


def _ladder_data():
    return {
        "before_days": 5,
        "on_due_day": "on",
        "chase_every_days": 1,
        "escalate_head_after": 2,
        "escalate_office_after": 5,
        "send_hour": 8,
    }


ORDER_READERS = frozenset({"supervisor", "leader", "fgw_officer", "fgw_head"})


def _new_item(w):
    return {
        "title": "会议议定事项",
        "source": "meeting",
        "lead_unit": w.unit("州发改委").pk,
        "item_class": "general",
    }


ITEMS_ROWS = [
    Row("items:list", get=EVERYONE),
    Row("items:new", get=SUPERVISOR, post=SUPERVISOR, post_data=_new_item),
    Row("items:detail", get=ITEM_READERS, kwargs=item_pk),
    Row("items:acknowledge", get=NOBODY, post=FGW, kwargs=item_pk),
    Row(
        "items:extend",
        get=NOBODY,
        post=FGW,
        kwargs=item_pk,
        post_data=lambda w: {"requested_due_date": "2020-12-20", "reason": "需协调"},
    ),
    Row(
        "items:decide",
        get=NOBODY,
        post=SUPERVISOR,
        kwargs=pending_extension_pk,
        post_data=lambda w: {"approve": "1", "comment": ""},
    ),
    Row(
        "items:close",
        get=NOBODY,
        post=SUPERVISOR,
        kwargs=item_pk,
        post_data=lambda w: {"note": "已完成"},
    ),
    Row(
        "items:order_new",
        get=NOBODY,
        post=SUPERVISOR,
        kwargs=item_pk,
        post_data=lambda w: {"facts": "已逾期", "requirement": "请办理", "reply_due": "2030-01-01"},
    ),
    Row(
        "items:task_order_new",
        get=NOBODY,
        post=SUPERVISOR,
        kwargs=world.published_task_a_pk,
        post_data=lambda w: {
            "unit": w.unit("州发改委").pk,
            "facts": "逾期未报",
            "requirement": "请报送",
            "reply_due": "2030-01-01",
        },
    ),
    Row("items:orders", get=EVERYONE),
    Row("items:order", get=ORDER_READERS, kwargs=task_order_pk, label="task"),
    Row("items:order_docx", get=ORDER_READERS, kwargs=task_order_pk, label="task"),
    Row(
        "items:order_reply",
        get=NOBODY,
        post=FGW,
        kwargs=task_order_pk,
        post_data=lambda w: {"reply": "已补报"},
        label="task",
    ),
    Row("items:order", get=OFFICE_STAFF, kwargs=draft_order_pk, label="draft"),
    Row("items:order", get=ORDER_READERS, kwargs=issued_order_pk, label="issued"),
    Row("items:order_docx", get=ORDER_READERS, kwargs=issued_order_pk),
    Row("items:order_sign", get=NOBODY, post=SUPERVISOR, kwargs=draft_order_pk),
    Row(
        "items:order_reply",
        get=NOBODY,
        post=FGW,
        kwargs=issued_order_pk,
        post_data=lambda w: {"reply": "已办理"},
    ),
    Row(
        "items:order_close",
        get=NOBODY,
        post=SUPERVISOR,
        kwargs=answered_order_pk,
        post_data=lambda w: {"comment": "同意"},
    ),
    Row("items:bulletin", get=OFFICE_STAFF),
    Row("items:bulletin_docx", get=OFFICE_STAFF),
    Row("reminders:inbox", get=EVERYONE),
    Row(
        "reminders:digest",
        get=frozenset({"fgw_officer"}),
        post=frozenset({"fgw_officer"}),
        kwargs=fgw_digest_pk,
    ),
    Row(
        "reminders:ladder",
        get=SUPERVISOR,
        post=SUPERVISOR,
        post_data=lambda w: _ladder_data(),
    ),
    Row(
        "reminders:plan_ladder",
        get=SUPERVISOR,
        post=SUPERVISOR,
        kwargs=lambda w: {"plan_pk": world.make_published(w.persona("supervisor")).pk},
        post_data=lambda w: _ladder_data(),
    ),
    Row(
        "reminders:preferences",
        get=EVERYONE,
        post=EVERYONE,
        post_data=lambda w: {"email": "on", "webhook": "", "phone": ""},
    ),
]
