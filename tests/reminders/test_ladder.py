"""The ladder's arithmetic, without a database."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from duban.reminders import ladder
from duban.reminders.ladder import Policy, current_steps

DUE = dt.date(2020, 12, 21)
P = Policy(before_days=3, chase_every_days=2, escalate_head_after=3, escalate_office_after=7)


def kinds(today, policy=P):
    return [(s.kind, s.occasion) for s in current_steps(DUE, today, policy)]


def day(n):
    return DUE + dt.timedelta(days=n)


def test_nothing_before_t_minus_3():
    assert kinds(day(-4)) == []


def test_t_minus_3_reminder_from_t_minus_3_to_the_day_before():
    for n in (-3, -2, -1):
        assert kinds(day(n)) == [("before", day(-3))]


def test_due_day_reminder():
    assert kinds(DUE) == [("due", DUE)]


def test_due_day_step_holds_until_the_first_chase():
    assert kinds(day(1)) == [("due", DUE)]


def test_chase_every_two_days_while_overdue():
    assert kinds(day(2)) == [("chase", day(2))]
    assert kinds(day(3))[0] == ("chase", day(2))
    assert kinds(day(4))[0] == ("chase", day(4))


def test_escalation_to_head_after_three_days_and_office_after_seven():
    assert ("escalate_head", day(3)) in kinds(day(3))
    assert ("escalate_office", day(7)) not in kinds(day(6))
    assert kinds(day(7)) == [
        ("chase", day(6)),
        ("escalate_head", day(3)),
        ("escalate_office", day(7)),
    ]


def test_zero_switches_steps_off():
    off = Policy(
        before_days=0,
        on_due_day=False,
        chase_every_days=0,
        escalate_head_after=0,
        escalate_office_after=0,
    )
    assert all(kinds(day(n), off) == [] for n in range(-5, 20))


def test_ladder_day_starts_at_the_send_hour():
    assert ladder.ladder_day(dt.datetime(2020, 12, 18, 8, 59), P) == dt.date(2020, 12, 17)
    assert ladder.ladder_day(dt.datetime(2020, 12, 18, 9, 0), P) == dt.date(2020, 12, 18)


@given(st.integers(-10, 60), st.integers(0, 5))
def test_a_step_never_lies_in_the_future_and_one_per_audience(n, gap):
    today = day(n)
    steps = current_steps(DUE, today, P)
    assert all(s.occasion <= today for s in steps)
    audiences = [s.audience for s in steps]
    assert len(audiences) == len(set(audiences))
    # A later day is never at an earlier step of the same audience.
    later = {s.audience: s.occasion for s in current_steps(DUE, day(n + gap), P)}
    for s in steps:
        assert later.get(s.audience, s.occasion) >= s.occasion
