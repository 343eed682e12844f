"""The ladder's run: compute the messages due at `now`, store each once, claim
and deliver them as one digest per person.

    run_supervision(now=..., worker="w1")        plan + deliver (the worker, `duban supervise`)
    preview(now=...)                             what would go out, without writing (--dry-run)

`now` is always passed in (frozen-clock tests, `--now`); only the claim lease
uses the wall clock, because it guards against a worker process dying.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from duban import access
from duban.accounts.models import User
from duban.reports.models import Report

from . import channels, ladder
from .models import Delivery, Digest, Kind, Message, Preference, SubjectType
from .obligations import SOURCES, Obligation, Policies

# A claim not turned into "sent" within this time belongs to a worker that died:
# another worker may take the message over.
CLAIM_LEASE = dt.timedelta(minutes=10)


@dataclass
class RunSummary:
    planned: int = 0
    digests: int = 0
    messages: int = 0
    failures: list[str] = field(default_factory=list)


def _local(now: dt.datetime) -> dt.datetime:
    if timezone.is_naive(now):
        now = timezone.make_aware(now)
    return timezone.localtime(now)


def _due_at(occasion: dt.date, policy: ladder.Policy) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(occasion, dt.time(policy.send_hour)))


class Recipients:
    """Active people with a unit, by unit and role: officers (else heads) for
    the unit's reminders, heads for escalation, supervisors for the office.
    Nobody without a unit is ever a recipient."""

    def __init__(self):
        self.by_unit_role: dict[tuple[int, str], list[User]] = defaultdict(list)
        people = User.objects.filter(is_active=True, unit__isnull=False).select_related("unit")
        for person in people.order_by("username"):
            self.by_unit_role[(person.unit_id, access.role_of(person))].append(person)

    def for_step(self, step: ladder.Step, obligation: Obligation) -> list[User]:
        if step.audience == ladder.UNIT:
            return (
                self.by_unit_role[(obligation.unit_id, User.Role.OFFICER)]
                or (self.by_unit_role[(obligation.unit_id, User.Role.HEAD)])
            )
        if step.audience == ladder.HEADS:
            return self.by_unit_role[(obligation.unit_id, User.Role.HEAD)]
        return self.by_unit_role[(obligation.office_id, User.Role.SUPERVISOR)]


def compute(*, now: dt.datetime, unreached: list | None = None) -> list[Message]:
    """The messages the ladder calls for at `now` (unsaved), one per
    (person, obligation, step). Steps whose unit has nobody to receive them are
    appended to `unreached` as (obligation, step) when a list is given."""
    local = _local(now)
    policies = Policies()
    recipients = Recipients()
    # The earliest ladder day of any policy bounds what the sources read.
    today = min(ladder.ladder_day(local.replace(tzinfo=None), p) for p in _all(policies))
    result = []
    for source in SOURCES:
        for obligation in source(today, policies):
            day = ladder.ladder_day(local.replace(tzinfo=None), obligation.policy)
            for step in ladder.current_steps(obligation.due_date, day, obligation.policy):
                people = recipients.for_step(step, obligation)
                if not people and unreached is not None:
                    unreached.append((obligation, step))
                for person in people:
                    result.append(
                        Message(
                            recipient=person,
                            kind=step.kind,
                            subject_type=obligation.subject_type,
                            subject_id=obligation.subject_id,
                            occasion=step.occasion,
                            due_at=_due_at(step.occasion, obligation.policy),
                            unit_id=obligation.unit_id,
                            title=obligation.title[:500],
                            due_date=obligation.due_date,
                            unacknowledged=obligation.unacknowledged,
                        )
                    )
                    result[-1]._unit_name = obligation.unit_name
    return result


def _all(policies: Policies):
    return [ladder.Policy(), *policies.by_plan.values(), *policies.by_office.values()]


def _key(m: Message):
    return (m.recipient_id, m.kind, m.subject_type, m.subject_id, m.occasion)


def preview(*, now: dt.datetime, unreached: list | None = None) -> list[Message]:
    """What a run at `now` would send: the computed messages not sent yet, plus
    earlier ones still waiting. Writes nothing. `unreached` (a list) receives
    the steps of units that have no account to send them to."""
    computed = {_key(m): m for m in compute(now=now, unreached=unreached)}
    done = set(
        Message.objects.filter(status=Message.Status.SENT)
        .filter(recipient_id__in={k[0] for k in computed})
        .values_list("recipient_id", "kind", "subject_type", "subject_id", "occasion")
    )
    waiting = [
        m
        for m in Message.objects.filter(_claimable(_local(now))).select_related("recipient", "unit")
        if _key(m) not in computed
    ]
    result = [m for k, m in computed.items() if k not in done] + waiting
    return sorted(result, key=_order)


def _order(m: Message):
    return (m.recipient.username, not m.unacknowledged, m.due_date, m.subject_type, m.subject_id)


def plan(*, now: dt.datetime) -> int:
    """Store the messages the ladder calls for at `now`; existing ones are kept
    as they are (the unique key makes this safe to run from many workers)."""
    messages = compute(now=now)
    before = Message.objects.count()
    Message.objects.bulk_create(messages, ignore_conflicts=True, batch_size=500)
    return Message.objects.count() - before


def _claimable(now: dt.datetime) -> Q:
    stale = timezone.now() - CLAIM_LEASE
    return Q(due_at__lte=now) & (
        Q(status=Message.Status.PENDING) | Q(status=Message.Status.CLAIMED, claimed_at__lt=stale)
    )


def claim(*, recipient_id: int, now: dt.datetime, token: str) -> list[Message]:
    """Take every message due to one person by a conditional UPDATE; returns the
    ones this call won (another worker's concurrent claim gets none of them)."""
    won = Message.objects.filter(_claimable(now), recipient_id=recipient_id).update(
        status=Message.Status.CLAIMED, claim_token=token, claimed_at=timezone.now()
    )
    if not won:
        return []
    return list(
        Message.objects.filter(
            recipient_id=recipient_id, claim_token=token, status=Message.Status.CLAIMED
        ).select_related("unit", "recipient")
    )


def digest_text(messages: list[Message]) -> tuple[str, list[str]]:
    messages = sorted(messages, key=lambda m: (not m.unacknowledged, m.due_date, m.id or 0))
    subject = _("【督办提醒】您有%(count)s项事项需要办理") % {"count": len(messages)}
    lines = []
    for m in messages:
        line = _("[%(kind)s] %(title)s — %(unit)s,截止%(due)s") % {
            "kind": Kind(m.kind).label,
            "title": m.title,
            "unit": m.unit.name,
            "due": m.due_date.isoformat(),
        }
        if m.unacknowledged:
            line += _("(未签收)")
        lines.append(line)
    return subject, lines


def deliver(*, now: dt.datetime, worker: str = "") -> RunSummary:
    """Send every claimable message due at `now`: one digest per person."""
    now = _local(now)
    summary = RunSummary()
    token = f"{worker or 'run'}:{uuid.uuid4().hex}"
    people = (
        Message.objects.filter(_claimable(now))
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )
    for recipient_id in list(people):
        messages = claim(recipient_id=recipient_id, now=now, token=token)
        if not messages:
            continue
        subject, lines = digest_text(messages)
        recipient = messages[0].recipient
        with transaction.atomic():
            digest = Digest.objects.create(
                recipient=recipient,
                subject=subject,
                body="\n".join(lines),
                created_at=now,
                worker=worker[:64],
            )
            Message.objects.filter(pk__in=[m.pk for m in messages], claim_token=token).update(
                status=Message.Status.SENT, sent_at=now, digest=digest
            )
        summary.digests += 1
        summary.messages += len(messages)
        summary.failures += _send_outside(digest, recipient, lines)
    return summary


def _send_outside(digest: Digest, recipient: User, lines: list[str]) -> list[str]:
    """E-mail / webhook / SMS per the person's preference; each attempt is recorded."""
    preference = Preference.objects.filter(user=recipient).first() or Preference(user=recipient)
    out = channels.Outgoing(digest.subject, digest.body, tuple(lines), recipient.username)
    attempts = []
    if preference.email and recipient.email:
        attempts.append((Delivery.Channel.EMAIL, lambda: channels.send_email(out, recipient.email)))
    if preference.webhook and preference.webhook_url:
        attempts.append(
            (
                preference.webhook,
                lambda: channels.send_webhook(
                    out,
                    preference.webhook,
                    preference.webhook_url,
                    preference.webhook_secret,
                    time.time(),  # robots reject stale timestamps: the wall clock, not `now`
                ),
            )
        )
    if preference.sms and preference.phone:
        attempts.append((Delivery.Channel.SMS, lambda: channels.send_sms(out, preference.phone)))
    failures = []
    for channel, send in attempts:
        try:
            send()
        except channels.ChannelError as exc:
            Delivery.objects.create(digest=digest, channel=channel, ok=False, detail=str(exc)[:500])
            failures.append(f"{recipient.username} {channel}: {exc}")
        else:
            Delivery.objects.create(digest=digest, channel=channel, ok=True)
    return failures


def run_supervision(*, now: dt.datetime, worker: str = "") -> RunSummary:
    """One run of the ladder: store what is due at `now`, then deliver it."""
    planned = plan(now=now)
    summary = deliver(now=now, worker=worker)
    summary.planned = planned
    return summary


NOBODY = "-"


def unreached_line(obligation: Obligation, step: ladder.Step) -> str:
    """A dry-run line for a step nobody can receive (the unit has no account)."""
    return "\t".join(
        [
            NOBODY,
            _("(该单位无账号)"),
            step.kind,
            str(Kind(step.kind).label),
            obligation.unit_name,
            obligation.title,
            obligation.due_date.isoformat(),
        ]
    )


def dry_run_line(m: Message) -> str:
    """One line per (person, item, kind), tab-separated, for `duban supervise --dry-run`."""
    unit_name = getattr(m, "_unit_name", None) or m.unit.name
    return "\t".join(
        [
            m.recipient.username,
            str(m.recipient.unit or ""),
            m.kind,
            str(Kind(m.kind).label),
            unit_name,
            m.title,
            m.due_date.isoformat(),
        ]
    )


def office_escalations(*, digest: Digest) -> list[dict]:
    """The reports a digest escalates to the office, with the task and unit
    each one is about, so the office can issue a 督办单 from there."""
    rows = list(
        digest.messages.filter(kind=Kind.ESCALATE_OFFICE, subject_type=SubjectType.REPORT)
        .select_related("unit")
        .order_by("due_date", "id")
    )
    tasks = dict(
        Report.objects.filter(pk__in=[m.subject_id for m in rows]).values_list("pk", "task_id")
    )
    return [
        {"message": m, "task_id": tasks[m.subject_id], "unit_id": m.unit_id}
        for m in rows
        if m.subject_id in tasks
    ]
