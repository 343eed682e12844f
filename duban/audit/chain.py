"""Walk the audit chain and say where it was changed behind the application's back.

`verify()` reads every chained table in chain order (one ordered query per table,
merged), recomputes each entry's hash from its stored columns and compares:

- a gap in the numbers                → the entry with the missing number was deleted;
- a number seen twice, or none at all → an entry was inserted;
- a predecessor hash that is not the previous entry's hash, or a hash that is not
  the hash of the entry's own columns → the entry was edited;
- the head (`ChainHead`) behind or ahead of the last entry → entries at the end
  were deleted or inserted.

An anchor (a head exported earlier, `SEQ:HASH`) must still be the hash of entry
SEQ: a rewritten chain whose hashes were all recomputed fails there.
"""

import heapq
from dataclasses import dataclass, field

from django.apps import apps

from duban.audit.models import GENESIS, HEAD_PK, ChainedEntry, ChainHead, entry_hash


@dataclass
class Problem:
    kind: str  # edited | inserted | deleted | anchor
    seq: int | None
    entry: str  # "app.model #pk", or "" for a deleted entry
    detail: str

    def __str__(self):
        where = f"#{self.seq}" if self.seq is not None else "(no number)"
        what = f" {self.entry}" if self.entry else ""
        return f"{self.kind}: chain entry {where}{what} — {self.detail}"


@dataclass
class Result:
    entries: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems


def chained_models():
    """Every concrete model whose rows are audit entries."""
    return sorted(
        (m for m in apps.get_models() if issubclass(m, ChainedEntry)),
        key=lambda m: m._meta.label_lower,
    )


def describe(entry):
    return f"{entry._meta.label_lower} #{entry.pk}"


def _ordered(model, using):
    qs = model._base_manager.using(using).filter(chain_seq__isnull=False).order_by("chain_seq")
    for entry in qs.iterator(chunk_size=2000):
        yield (entry.chain_seq, model._meta.label_lower, entry.pk, entry)


def head(using="default"):
    row = ChainHead.objects.using(using).filter(pk=HEAD_PK).first()
    return (row.seq, row.hash) if row else (0, GENESIS)


def parse_anchor(text):
    seq, _, digest = text.partition(":")
    if not seq.isdigit() or len(digest) != 64:
        raise ValueError(f"not an exported head (SEQ:HASH): {text!r}")
    return int(seq), digest


def verify(using="default", anchors=()):
    """Walk the whole chain; return a Result whose problems are in chain order."""
    models = chained_models()
    result = Result()
    anchors = dict(anchors)
    result.head_seq, result.head_hash = head(using)
    for model in models:
        for entry in model._base_manager.using(using).filter(chain_seq__isnull=True):
            result.problems.append(
                Problem("inserted", None, describe(entry), "it has no place in the chain")
            )
    expected, prev = 1, GENESIS
    walked = heapq.merge(*(_ordered(m, using) for m in models), key=lambda t: (t[0], t[1], t[2]))
    for seq, _label, _pk, entry in walked:
        result.entries += 1
        name = describe(entry)
        if seq < expected:
            result.problems.append(
                Problem("inserted", seq, name, "another entry already has this number")
            )
            continue
        if seq > expected:
            missing = f"#{expected}" if seq == expected + 1 else f"#{expected}–#{seq - 1}"
            result.problems.append(
                Problem("deleted", expected, "", f"entries {missing} are missing (before {name})")
            )
            prev = entry.chain_prev  # carry on from what the survivor says
        if entry.chain_prev != prev:
            result.problems.append(
                Problem("edited", seq, name, "its predecessor hash does not match the chain")
            )
        elif entry_hash(entry, seq, prev) != entry.chain_hash:
            result.problems.append(
                Problem("edited", seq, name, "its stored columns do not match its hash")
            )
        if seq in anchors and anchors.pop(seq) != entry.chain_hash:
            result.problems.append(
                Problem("anchor", seq, name, "its hash differs from the head exported earlier")
            )
        expected, prev = seq + 1, entry.chain_hash
    last = expected - 1
    if result.head_seq > last:
        result.problems.append(
            Problem("deleted", last + 1, "", f"the chain head says #{result.head_seq} exists")
        )
    elif result.head_seq < last:
        result.problems.append(
            Problem(
                "inserted", result.head_seq + 1, "", f"entries after the head #{result.head_seq}"
            )
        )
    elif result.head_hash != prev:
        result.problems.append(
            Problem("edited", last, "", "the chain head's hash is not the last entry's")
        )
    for seq in sorted(anchors):
        result.problems.append(Problem("anchor", seq, "", "the exported entry no longer exists"))
    result.problems.sort(key=lambda p: (p.seq is None, p.seq or 0))
    return result


def _is_history_model(model):
    names = {f.name for f in model._meta.concrete_fields}
    return "history_date" in names or "m2m_history_id" in names


def unchained_history_models():
    """simple-history models outside the chain (a model given plain
    `HistoricalRecords`): every audited model must use `ChainedHistoricalRecords`."""
    return sorted(
        m._meta.label_lower
        for m in apps.get_models()
        if _is_history_model(m) and not issubclass(m, ChainedEntry)
    )


def seal_unchained(models, using="default", head_model=ChainHead):
    """Chain the entries written before the chain existed (the migration that
    introduces it calls this). Not for use afterwards: an entry without a place is
    exactly what `verify` reports as inserted."""
    head_row, _ = head_model.objects.using(using).get_or_create(
        pk=HEAD_PK, defaults={"seq": 0, "hash": GENESIS}
    )
    for model in sorted(models, key=lambda m: m._meta.label_lower):
        rows = model._base_manager.using(using).filter(chain_seq__isnull=True).order_by("pk")
        for entry in list(rows):
            head_row.seq += 1
            digest = entry_hash(entry, head_row.seq, head_row.hash)
            model._base_manager.using(using).filter(pk=entry.pk).update(
                chain_seq=head_row.seq, chain_prev=head_row.hash, chain_hash=digest
            )
            head_row.hash = digest
    head_row.save(using=using)
