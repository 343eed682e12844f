"""The audit chain: every audit entry carries the hash of its predecessor.

Audit entries are the django-simple-history records of every audited model (and
their many-to-many records) and the reports' ReportEvents. Each is a
`ChainedEntry`: when it is written it takes the next number of one global chain
(`chain_seq`), the hash of the entry before it (`chain_prev`) and its own hash
(`chain_hash` = SHA-256 over seq, predecessor hash, table and every stored
column except the primary key). `ChainHead` (one row) holds the last number and
hash; appending locks it (`SELECT … FOR UPDATE` on PostgreSQL, the IMMEDIATE
write lock on SQLite) until the writing transaction ends, so concurrent writers
append one after another and never fork the chain.

Contract: entries are only ever added, never updated or deleted by the
application; an entry changed, inserted or removed in the database directly is
found by `duban.audit.chain.verify`. The chain proves the entries agree with each
other; that nobody rewrote the whole chain is proved by comparing with a head
exported earlier (`duban audit head`).
"""

import datetime
import decimal
import hashlib
import json

from django.db import models, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _
from simple_history.manager import HistoryDescriptor
from simple_history.models import HistoricalRecords

GENESIS = "0" * 64
HEAD_PK = 1
CHAIN_FIELDS = ("chain_seq", "chain_prev", "chain_hash")


class ChainHead(models.Model):
    """The chain's last entry: its number and hash. One row (pk 1)."""

    seq = models.BigIntegerField(_("序号"), default=0)
    hash = models.CharField(_("哈希"), max_length=64, default=GENESIS)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")

    def __str__(self):
        return f"{self.seq}:{self.hash}"


def _canonical(field, value):
    """A stored value in one form whatever the database or the in-memory type
    (a Decimal keeps no trailing zeros, a datetime is UTC ISO-8601), so that the
    hash of an entry read back from SQLite or PostgreSQL equals the hash computed
    before it was written."""
    if value is None:
        return None
    if isinstance(value, FieldFile):
        return str(value)  # what the database stores: the name, "" for none
    if not isinstance(field, models.JSONField):
        value = field.to_python(value)
    if isinstance(value, datetime.datetime | datetime.time):
        # Milliseconds: Django's JSON serializer (dumpdata, the move to PostgreSQL)
        # keeps no more, so a hash must not depend on the microseconds.
        value = value.replace(microsecond=value.microsecond // 1000 * 1000)
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, bool | int | str | list | dict):
        return value
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return str(value)


def entry_content(entry):
    """The columns an entry's hash covers: all but its primary key and the chain's own."""
    meta = entry._meta
    return {
        f.column: _canonical(f, getattr(entry, f.attname))
        for f in meta.concrete_fields
        if f is not meta.pk and f.attname not in CHAIN_FIELDS
    }


def entry_hash(entry, seq, prev):
    payload = json.dumps(
        [seq, prev, entry._meta.label_lower, entry_content(entry)],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _hash_entries(entries: list, seq: int, prev: str) -> tuple[int, str]:
    for entry in entries:
        seq += 1
        entry.chain_seq = seq
        entry.chain_prev = prev
        entry.chain_hash = prev = entry_hash(entry, seq, prev)
    return seq, prev


def link(entries, using):
    """Give new entries the next numbers of the chain and their hashes; must run in
    the transaction that inserts them (the head stays locked until it ends).

    A save or a submit appends several entries in one transaction, each with its
    own `link`. The head this connection wrote last is remembered, and the next
    append tries it first with one guarded UPDATE (`WHERE seq = … AND hash = …`)
    instead of a locking read and an UPDATE: the UPDATE takes the row lock itself
    and, under READ COMMITTED as on SQLite's single writer, only changes the row
    if it still is that head — anyone else's append (or our own rolled-back one)
    makes it miss, and then the head is read under lock as before. So the chain is
    exactly the one the locking read alone would build. The head is remembered
    for the rest of the transaction only (forgotten at commit)."""
    connection = transaction.get_connection(using)
    entries = list(entries)
    remembered = getattr(connection, "_duban_chain_head", None)
    if remembered is not None:
        seq, prev = _hash_entries(entries, *remembered)
        moved = (
            ChainHead.objects.using(using)
            .filter(pk=HEAD_PK, seq=remembered[0], hash=remembered[1])
            .update(seq=seq, hash=prev)
        )
        if moved:
            connection._duban_chain_head = (seq, prev)
            return
    connection._duban_chain_head = None
    head, _created = (
        ChainHead.objects.using(using)
        .select_for_update()
        .get_or_create(pk=HEAD_PK, defaults={"seq": 0, "hash": GENESIS})
    )
    head.seq, head.hash = _hash_entries(entries, head.seq, head.hash)
    head.save(using=using, update_fields=["seq", "hash"])
    connection._duban_chain_head = (head.seq, head.hash)
    # After the commit other writers append: the next transaction starts from a
    # locking read rather than from a head that is probably stale.
    transaction.on_commit(lambda: _forget_head(connection), using=using)


def _forget_head(connection: BaseDatabaseWrapper) -> None:
    connection._duban_chain_head = None


class ChainedQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        new = [o for o in objs if o.chain_seq is None]
        if not new:
            return super().bulk_create(objs, *args, **kwargs)
        with transaction.atomic(using=self.db, savepoint=False):
            link(new, self.db)
            return super().bulk_create(objs, *args, **kwargs)

    def update(self, **kwargs):
        raise TypeError("audit entries are never updated")


class ChainedEntry(models.Model):
    """An audit entry in the chain (see the module docstring). Only ever added."""

    chain_seq = models.BigIntegerField(_("审计链序号"), null=True, editable=False, db_index=True)
    chain_prev = models.CharField(_("前一条哈希"), max_length=64, blank=True, editable=False)
    chain_hash = models.CharField(_("本条哈希"), max_length=64, blank=True, editable=False)

    objects = ChainedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, using=None, **kwargs):
        if not self._state.adding:
            raise TypeError("audit entries are never updated")
        using = using or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            link([self], using)
            super().save(*args, using=using, **kwargs)


class ChainedHistoricalRecords(HistoricalRecords):
    """`HistoricalRecords` whose records (and many-to-many records) join the chain.
    Every audited model uses this instead of simple-history's class."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("bases", [ChainedEntry])
        kwargs.setdefault("m2m_bases", [ChainedEntry])
        super().__init__(*args, **kwargs)

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        descriptor = sender.__dict__.get(self.manager_name)
        if type(descriptor) is HistoryDescriptor:
            setattr(sender, self.manager_name, _HistoryDescriptor.like(descriptor))


class _HistoryDescriptor(HistoryDescriptor):
    """simple-history's `model.history`, with its manager class built once.

    The library builds a new class (`Manager.from_queryset`) on every access, and
    every audited save reaches it to write its record: a few percent of a save's
    CPU. The class depends only on the manager and queryset classes, so one per
    model is the same manager."""

    @classmethod
    def like(cls, descriptor: HistoryDescriptor) -> "_HistoryDescriptor":
        return cls(
            descriptor.model, manager=descriptor.manager_class, queryset=descriptor.queryset_class
        )

    def __get__(self, instance, owner):
        manager = self.__dict__.get("_manager")
        if manager is None:
            manager = self._manager = self.manager_class.from_queryset(self.queryset_class)
        return manager(self.model, instance)
