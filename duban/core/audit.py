"""The audit trail of one object, ready to show: who, when, what changed.

Reads django-simple-history records (every audited model has `history`) and
turns each into an entry with field-by-field changes labelled with the
fields' verbose names and shown values (choice labels, related objects' names,
是/否, lists joined with 、)."""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTIONS = {
    "+": pgettext_lazy("audit", "创建"),
    "~": pgettext_lazy("audit", "修改"),
    "-": pgettext_lazy("audit", "删除"),
}
DEFAULT_LIMIT = 50


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    when: object
    who: str
    action: str
    reason: str = ""
    changes: list = field(default_factory=list)


def _related_name(model, pk):
    if pk in (None, ""):
        return ""
    obj = model._base_manager.filter(pk=pk).first()
    return str(obj) if obj is not None else f"#{pk}"


def _show(model_field, value):
    """A stored value as a clerk reads it."""
    if value is None or value == "":
        return ""
    if isinstance(model_field, models.ManyToManyField):
        related = model_field.related_model
        names = []
        for row in value:
            pk = row.get(related._meta.model_name) if isinstance(row, dict) else row
            if isinstance(pk, models.Model):
                names.append(str(pk))
            else:
                names.append(_related_name(related, pk))
        return "、".join(sorted(names))
    if isinstance(model_field, models.ForeignKey):
        if isinstance(value, models.Model):
            return str(value)
        return _related_name(model_field.related_model, value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return date_format(
            timezone.localtime(value) if timezone.is_aware(value) else value, "Y-m-d H:i"
        )
    if isinstance(value, datetime.date):
        return date_format(value, "Y-m-d")
    if isinstance(value, bool):
        return str(_("是") if value else _("否"))
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)


def _model_field(model, name):
    try:
        return model._meta.get_field(name)
    except Exception:  # a field removed since the record was written
        return None


def _who(record):
    user = getattr(record, "history_user", None)
    if user is None:
        return str(_("系统"))
    return str(user)


def _hidden(model) -> frozenset:
    """Fields a model keeps out of its change record (`AUDIT_HIDDEN`: e.g. a
    whole document's text, a storage path); file fields never show their path."""
    names = set(getattr(model, "AUDIT_HIDDEN", ()))
    names.update(f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField))
    return frozenset(names)


def _fields_of_creation(record, model):
    changes = []
    hidden = _hidden(model)
    for f in model._meta.concrete_fields:
        if f.primary_key or not f.editable or f.name in hidden:
            continue
        value = getattr(record, f.attname, None)
        shown = _show(f, value)
        if shown:
            changes.append(Change(str(f.verbose_name), "", shown))
    return changes


def audit_entries(obj, limit=DEFAULT_LIMIT):
    """Newest first: the `limit` latest history records of `obj` as Entries.

    Updates that changed nothing shown (only untracked fields) are left out."""
    model = obj.__class__
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-pk")[: limit + 1]
    )
    entries = []
    for i, record in enumerate(records[:limit]):
        entry = Entry(
            when=record.history_date,
            who=_who(record),
            action=str(ACTIONS.get(record.history_type, record.history_type)),
            reason=record.history_change_reason or "",
        )
        previous = records[i + 1] if i + 1 < len(records) else record.prev_record
        if record.history_type == "+" or previous is None:
            entry.changes = _fields_of_creation(record, model)
        else:
            delta = record.diff_against(previous)
            hidden = _hidden(model)
            for change in delta.changes:
                f = _model_field(model, change.field)
                if f is None or f.name in hidden:
                    continue
                old, new = _show(f, change.old), _show(f, change.new)
                if old != new:
                    entry.changes.append(Change(str(f.verbose_name), old, new))
            if not entry.changes and not entry.reason:
                # A save that touched only untracked fields (e.g. last_login): nothing to show.
                continue
        entries.append(entry)
    return entries
