"""The reminder ladder as pure arithmetic (no database): which step an
obligation due on `due` is at on `today`.

The steps, for a policy (before=3, chase every N, head after X, office after Y):

    due-3 ... due-1   "before"   (提醒, T−3)
    due ... due+N-1   "due"      (到期提醒, on the due day)
    due+kN            "chase"    (催办, every N days while overdue)
    due+X             "escalate_head"   (to the unit's head, once)
    due+Y             "escalate_office" (to the office's supervisors, once)

`current_steps` returns only the step each audience is at *now*, never the
earlier ones: a worker that was down for two days sends the step an item has
reached once, not every step (or every run) it missed. Each step is named by its
occasion date, so the (person, item, kind, occasion) key of a message is the
same whichever run computes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

BEFORE = "before"
DUE = "due"
CHASE = "chase"
ESCALATE_HEAD = "escalate_head"
ESCALATE_OFFICE = "escalate_office"

UNIT = "unit"  # the unit's officers (its heads when it has no officer)
HEADS = "heads"
OFFICE = "office"


@dataclass(frozen=True)
class Policy:
    """One ladder's numbers; 0 switches a step off."""

    before_days: int = 3
    on_due_day: bool = True
    chase_every_days: int = 2
    escalate_head_after: int = 3
    escalate_office_after: int = 7
    send_hour: int = 9


@dataclass(frozen=True)
class Step:
    kind: str
    occasion: dt.date
    audience: str


def current_steps(due: dt.date, today: dt.date, policy: Policy) -> list[Step]:
    """The steps an obligation due on `due` is at on `today` (at most one per audience)."""
    late = (today - due).days
    steps: list[Step] = []
    if late < 0:
        if policy.before_days and late >= -policy.before_days:
            steps.append(Step(BEFORE, due - dt.timedelta(days=policy.before_days), UNIT))
    elif policy.chase_every_days and late >= policy.chase_every_days:
        rounds = late // policy.chase_every_days
        occasion = due + dt.timedelta(days=rounds * policy.chase_every_days)
        steps.append(Step(CHASE, occasion, UNIT))
    elif policy.on_due_day:
        steps.append(Step(DUE, due, UNIT))
    if policy.escalate_head_after and late >= policy.escalate_head_after:
        steps.append(
            Step(ESCALATE_HEAD, due + dt.timedelta(days=policy.escalate_head_after), HEADS)
        )
    if policy.escalate_office_after and late >= policy.escalate_office_after:
        steps.append(
            Step(ESCALATE_OFFICE, due + dt.timedelta(days=policy.escalate_office_after), OFFICE)
        )
    return steps


def ladder_day(now: dt.datetime, policy: Policy) -> dt.date:
    """The ladder's `today` at local time `now`: a day's steps fall due at
    `send_hour` o'clock, so before then it is still the day before."""
    return (now - dt.timedelta(hours=policy.send_hour)).date()


def horizon(policy: Policy) -> int:
    """How many days ahead of its due date an obligation can first have a step."""
    return policy.before_days
