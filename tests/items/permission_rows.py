"""交办事项 and reminders routes in the permission matrix
(tests/test_permission_matrix.py). The item: assigned by the office to 州发改委
(lead) with 州人社局 (co)."""

import datetime as dt

from django.utils import timezone

from duban.items import services
from duban.reminders.models import Digest
from tests.permissions import EVERYONE, FGW, NOBODY, SUPERVISOR, Row

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
    Row("reminders:inbox", get=EVERYONE),
    Row(
        "reminders:digest",
        get=frozenset({"fgw_officer"}),
        post=frozenset({"fgw_officer"}),
        kwargs=fgw_digest_pk,
    ),
    Row(
        "reminders:preferences",
        get=EVERYONE,
        post=EVERYONE,
        post_data=lambda w: {"email": "on", "webhook": "", "phone": ""},
    ),
]
