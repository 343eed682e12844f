"""The pace formula and lights, table-driven, plus properties."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from duban.supervision.pace import (
    Light,
    PeriodSubmission,
    achieved_share,
    expected_share,
    target_light,
    timeliness_light,
    worst_light,
)

D = dt.date
START = D(2020, 10, 1)
DUE = D(2020, 12, 31)  # 91 days
MID = D(2020, 11, 15)  # 45 of 91 days → expected 45/91 ≈ 0.495
AFTER = D(2021, 1, 1)

G, Y, R, B, X = Light.GREEN, Light.YELLOW, Light.RED, Light.BLUE, Light.GREY


def test_expected_share_is_elapsed_over_total():
    assert expected_share(START, DUE, MID) == Fraction(45, 91)
    assert expected_share(START, DUE, START) == 0
    assert expected_share(START, DUE, DUE) == 1


def test_expected_share_is_clamped():
    assert expected_share(START, DUE, D(2020, 9, 1)) == 0
    assert expected_share(START, DUE, AFTER) == 1


def test_start_equal_to_due_steps_on_the_due_date():
    assert expected_share(DUE, DUE, D(2020, 12, 30)) == 0
    assert expected_share(DUE, DUE, DUE) == 1
    assert expected_share(None, DUE, D(2020, 12, 30)) == 0
    assert expected_share(None, DUE, DUE) == 1


@pytest.mark.parametrize(
    "op, baseline, target, target_max, actual, share",
    [
        (">=", None, 13000, None, 6500, Fraction(1, 2)),  # no baseline counts from 0
        (">=", 1000, 13000, None, 7000, Fraction(1, 2)),
        (">=", None, Decimal("8"), None, Decimal("4"), Fraction(1, 2)),  # 增长8%: the rate
        (">=", None, 5.9, None, 5.9, Fraction(1)),  # 下降5.9%: the fall's rate
        (">=", None, 100, None, 150, Fraction(3, 2)),  # past the target
        ("<=", 5, Decimal("3.5"), None, 4, Fraction(2, 3)),  # reduction from 5 to 3.5
        ("<=", None, Decimal("3.5"), None, 3, Fraction(1)),  # ceiling, met
        ("<=", None, Decimal("3.5"), None, 4, Fraction(0)),  # ceiling, broken
        ("≈", None, 8000, None, 4000, Fraction(1, 2)),
        ("=", None, 100, None, 25, Fraction(1, 4)),
        ("between", None, 1, 2, 0, Fraction(0)),
        ("turn_positive", -10, None, None, -5, Fraction(1, 2)),
        ("turn_positive", None, None, None, 1, Fraction(1)),
        ("turn_positive", None, None, None, -1, Fraction(0)),
        ("zero", 40, None, None, 10, Fraction(3, 4)),
        ("zero", None, None, None, 0, Fraction(1)),
        ("zero", None, None, None, 3, Fraction(0)),
    ],
)
def test_achieved_share(op, baseline, target, target_max, actual, share):
    assert achieved_share(op, baseline, target, target_max, actual) == share


# (op, baseline, target, target_max, actual, on, light); start=START, due=DUE.
# On MID the expected share is 45/91 ≈ 0.4945; margin 0.1.
CASES = [
    # ≥ (and growth/decline, which are ≥ on a rate)
    (">=", None, 13000, None, 6500, MID, G),  # 0.5 ≥ 0.4945
    (">=", None, 13000, None, 6000, MID, Y),  # 0.4615: behind by 0.033
    (">=", None, 13000, None, 5000, MID, R),  # 0.3846: behind by 0.11
    (">=", None, 13000, None, 13000, MID, B),  # met
    (">=", None, 13000, None, 20000, MID, B),  # past target
    (">=", None, 13000, None, 12999, AFTER, R),  # past due unmet
    (">=", None, 13000, None, 13000, AFTER, B),  # met stays blue past due
    (">=", None, 13000, None, 12999, DUE, Y),  # the due date itself is still on time
    (">=", None, 13000, None, None, MID, X),  # no value
    (">=", None, 13000, None, None, AFTER, X),
    (">=", 10000, 13000, None, 11500, MID, G),  # (1500/3000)=0.5
    (">=", 10000, 13000, None, 9000, MID, R),  # below baseline
    (">=", None, 8, None, 4, MID, G),  # 增长8%, 4% so far
    (">=", None, 8, None, Decimal("3.5"), MID, Y),  # 0.4375
    (">=", None, Decimal("5.9"), None, 1, MID, R),  # 下降5.9%, fell 1%
    (">=", None, Decimal("5.9"), None, 6, MID, B),
    # ≤ ceiling without baseline: met/unmet only, broken is red at once
    ("<=", None, Decimal("3.5"), None, Decimal("3.2"), MID, B),
    ("<=", None, Decimal("3.5"), None, Decimal("3.5"), MID, B),
    ("<=", None, Decimal("3.5"), None, Decimal("3.6"), START, R),
    ("<=", None, Decimal("3.5"), None, Decimal("3.6"), AFTER, R),
    ("<=", 3, Decimal("3.5"), None, Decimal("3.6"), MID, R),  # baseline under the ceiling
    # ≤ reduction from a baseline above the ceiling: paced
    ("<=", 5, Decimal("3.5"), None, 4, MID, G),  # 2/3 ≥ 0.4945
    ("<=", 5, Decimal("3.5"), None, Decimal("4.4"), MID, Y),  # 0.4
    ("<=", 5, Decimal("3.5"), None, Decimal("4.9"), MID, R),
    ("<=", 5, Decimal("3.5"), None, 4, AFTER, R),
    ("<=", 5, Decimal("3.5"), None, 3, MID, B),
    # = and ≈
    ("=", None, 100, None, 100, MID, B),
    ("=", None, 100, None, 99, AFTER, R),
    ("=", None, 100, None, 50, MID, G),
    ("=", None, 100, None, 110, MID, B),  # beyond the target counts as reached
    ("≈", None, 8000, None, 7600, AFTER, B),  # within 5 %
    ("≈", None, 8000, None, 7599, AFTER, R),
    ("≈", None, 8000, None, 8400, MID, B),
    ("≈", None, 8000, None, 9000, MID, B),
    ("≈", None, 8000, None, 4000, MID, G),
    ("≈", None, 8000, None, 3000, MID, R),
    ("≈", 10, 4, None, 7, MID, G),  # downwards from 10 to about 4: 0.5
    ("≈", 10, 4, None, Decimal("4.1"), MID, B),
    # between (1—2个)
    ("between", None, 1, 2, 1, MID, B),
    ("between", None, 1, 2, 2, MID, B),
    ("between", None, 1, 2, 3, MID, B),  # the upper end is no ceiling
    ("between", None, 1, 2, 0, MID, R),  # 0 of the way at mid-term
    ("between", None, 1, 2, 0, START, G),
    ("between", None, 1, 2, 0, AFTER, R),
    # turn_positive
    ("turn_positive", None, None, None, Decimal("0.1"), MID, B),
    ("turn_positive", None, None, None, 0, MID, G),  # a state: judged on the due date
    ("turn_positive", None, None, None, 0, AFTER, R),
    ("turn_positive", -10, None, None, -5, MID, G),
    ("turn_positive", -10, None, None, -8, MID, R),
    ("turn_positive", -10, None, None, 0, DUE, G),  # all the way, but 0 is not > 0
    # zero
    ("zero", None, None, None, 0, MID, B),
    ("zero", None, None, None, 2, MID, G),
    ("zero", None, None, None, 2, AFTER, R),
    ("zero", 40, None, None, 20, MID, G),
    ("zero", 40, None, None, 30, MID, R),
    ("zero", 40, None, None, 0, AFTER, B),
]


@pytest.mark.parametrize("op, baseline, target, target_max, actual, on, light", CASES)
def test_target_light(op, baseline, target, target_max, actual, on, light):
    got = target_light(
        op=op,
        baseline=baseline,
        target=target,
        target_max=target_max,
        actual=actual,
        start=START,
        due=DUE,
        on=on,
    )
    assert got == light


def test_every_comparator_is_covered():
    assert {c[0] for c in CASES} == {">=", "<=", "=", "≈", "between", "turn_positive", "zero"}


def test_margin_is_configurable():
    kw = dict(op=">=", baseline=None, target=100, actual=30, start=START, due=DUE, on=MID)
    # 0.3 vs 0.4945: behind by 0.19
    assert target_light(**kw) == R
    assert target_light(**kw, margin=Decimal("0.2")) == Y
    assert target_light(**kw, margin=0.19) == R
    assert target_light(**kw, margin=0.2) == Y


def test_tolerance_is_configurable():
    kw = dict(op="≈", baseline=None, target=100, actual=91, start=START, due=DUE, on=AFTER)
    assert target_light(**kw) == R
    assert target_light(**kw, tolerance=Decimal("0.1")) == B


def test_exactly_on_pace_is_green():
    # expected share 45/91 exactly; actual 4500 of 9100
    kw = dict(op=">=", baseline=None, target=9100, start=START, due=DUE, on=MID)
    assert target_light(**kw, actual=4500) == G
    assert target_light(**kw, actual=Decimal("4499.99")) == Y


def test_start_equal_to_due():
    kw = dict(op=">=", baseline=None, target=10, actual=0, start=DUE, due=DUE)
    assert target_light(**kw, on=D(2020, 12, 30)) == G
    assert target_light(**kw, on=DUE) == R
    assert target_light(**kw, on=AFTER) == R


def test_no_due_date_has_no_pace():
    kw = dict(op=">=", baseline=None, target=10, start=START, due=None, on=AFTER)
    assert target_light(**kw, actual=1) == G
    assert target_light(**kw, actual=10) == B


def test_unknown_comparator_is_refused():
    with pytest.raises(ValueError):
        target_light(op="~", baseline=None, target=1, actual=1, start=START, due=DUE, on=MID)


def test_met_ceiling_then_broken_turns_red_at_once():
    kw = dict(op="<=", baseline=None, target=Decimal("3.5"), start=START, due=DUE, on=MID)
    assert target_light(**kw, actual=Decimal("3.4")) == B
    assert target_light(**kw, actual=Decimal("3.7")) == R


def test_worst_light_before_due():
    assert worst_light([G, B]) == G
    assert worst_light([G, X]) == X
    assert worst_light([Y, X]) == Y
    assert worst_light([R, Y, X, G, B]) == R
    assert worst_light([B, B]) == B
    assert worst_light([]) == X


def test_worst_light_past_due_ranks_missing_above_yellow():
    assert worst_light([Y, X], past_due=True) == X
    assert worst_light([R, X], past_due=True) == R
    assert worst_light([G, X], past_due=True) == X


def test_timeliness_light():
    p = PeriodSubmission
    on = D(2020, 12, 1)
    assert timeliness_light([], on) == X
    assert timeliness_light([p(D(2020, 12, 21), None)], on) == X
    assert timeliness_light([p(D(2020, 11, 30), D(2020, 11, 30))], on) == G
    assert timeliness_light([p(D(2020, 11, 30), D(2020, 12, 1))], on) == Y
    assert timeliness_light([p(D(2020, 11, 30), None)], on) == R
    assert timeliness_light([p(D(2020, 12, 1), None)], on) == X  # due today: not yet late
    assert (
        timeliness_light(
            [p(D(2020, 11, 30), D(2020, 12, 1)), p(D(2020, 12, 21), D(2020, 12, 20), True, True)],
            D(2020, 12, 25),
        )
        == B
    )


# Properties

ORDER = {B: 0, G: 1, Y: 2, R: 3}
amounts = st.decimals(min_value=-1000, max_value=100000, places=2)
dates = st.dates(min_value=D(2020, 1, 1), max_value=D(2021, 12, 31))


@given(target=amounts, a1=amounts, a2=amounts, baseline=st.none() | amounts, on=dates)
def test_higher_actual_never_worse_for_at_least(target, a1, a2, baseline, on):
    lo, hi = sorted([a1, a2])
    kw = dict(op=">=", baseline=baseline, target=target, start=START, due=DUE, on=on)
    assert ORDER[target_light(**kw, actual=hi)] <= ORDER[target_light(**kw, actual=lo)]


@given(target=amounts, a1=amounts, a2=amounts, baseline=st.none() | amounts, on=dates)
def test_lower_actual_never_worse_for_at_most(target, a1, a2, baseline, on):
    lo, hi = sorted([a1, a2])
    kw = dict(op="<=", baseline=baseline, target=target, start=START, due=DUE, on=on)
    assert ORDER[target_light(**kw, actual=lo)] <= ORDER[target_light(**kw, actual=hi)]


@given(
    op=st.sampled_from([">=", "<=", "=", "≈", "between"]),
    target=amounts,
    actual=amounts,
    d1=dates,
    d2=dates,
)
def test_later_date_never_better(op, target, actual, d1, d2):
    early, late = sorted([d1, d2])
    kw = dict(
        op=op, baseline=None, target=target, target_max=target + 1, actual=actual, start=START
    )
    assert (
        ORDER[target_light(**kw, due=DUE, on=late)] >= ORDER[target_light(**kw, due=DUE, on=early)]
    )


@given(
    op=st.sampled_from([">=", "<=", "=", "≈", "between", "turn_positive", "zero"]),
    target=amounts,
    actual=st.none() | amounts,
    baseline=st.none() | amounts,
    on=dates,
)
def test_light_is_always_one_of_five(op, target, actual, baseline, on):
    light = target_light(
        op=op,
        baseline=baseline,
        target=target,
        target_max=target + 5,
        actual=actual,
        start=START,
        due=DUE,
        on=on,
    )
    assert light in set(Light)
    if actual is None:
        assert light == X


@given(start=dates, due=dates, on=dates)
def test_expected_share_between_zero_and_one(start, due, on):
    share = expected_share(start, due, on)
    assert 0 <= share <= 1
    if on >= due:
        assert share == 1


@given(lights=st.lists(st.sampled_from(list(Light)), min_size=1), past_due=st.booleans())
def test_worst_light_is_one_of_them_and_order_free(lights, past_due):
    worst = worst_light(lights, past_due=past_due)
    assert worst in lights
    assert worst_light(list(reversed(lights)), past_due=past_due) == worst
    if R in lights:
        assert worst == R
