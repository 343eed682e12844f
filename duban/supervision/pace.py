"""Pace (序时进度) and lights, as pure functions. No Django import here.

The formula is the brief's "Status from pace": for a target with start S, due
date D, baseline B and target T, on date t,

    expected share = (t − S) / (D − S)            (clamped to 0…1)
    achieved share = (actual − B) / (T − B)

and the light compares the two. Arithmetic is exact (`fractions.Fraction`), so
a unit exactly on pace is green, never yellow by a rounding hair.

Decisions a supervisor would ask about, in one place:

- "≥" with no baseline counts from 0. Growth and decline targets arrive from
  the parser as "≥" on a percentage ("增长8%", "下降5.9%"): the reported value
  is the rate itself, so they follow the "≥" rule with baseline 0.
- "≤" is a ceiling (控制在…以内, 不超过). With no baseline (or a baseline already
  under the ceiling) it is met/unmet only, and a value above the ceiling is red
  at once, before the due date too: a ceiling must hold all along, so a target
  met and later broken turns red as soon as the broken value is reported. With
  a baseline above the ceiling (a reduction: from B down to T) the pace applies
  until the value gets under T.
- "=" and "≈" are reached when the value is within the tolerance of T (0 for
  "=", `tolerance` × |T| for "≈", 5 % by default) or beyond T on the far side
  from the baseline: documents write 左右 for "reach about X", and nobody
  chases a unit for doing more.
- "between" (1—2个) is met from its lower end on; the upper end is what the
  unit strives for (力争), not a ceiling (ceilings are written 以内/不超过).
- "turn_positive" (由负转正) is met when the value is > 0; "zero" (清零) when
  it is 0 (or below). With a baseline on the other side (negative for
  turn_positive, positive for zero) the pace applies; without one they are
  states judged on the due date: not yet reached before the due date is green
  (no evidence of lag), past the due date red.
- A value past the target is blue (met), whatever the date.
- Past the due date (t > D; the due date itself is still on time) and not met:
  red.
- No value yet: grey (a task with nothing measured is judged on its reports'
  timeliness instead, see `task_light`). A target with no due date has no pace: met → blue,
  otherwise green (nothing to compare against). A target with no start date
  starts on its due date (expected share 0 before it, 1 from it on), as does
  one whose start equals its due date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

# The one declaration of the lights (code, label, colour, meaning); pure Python.
from duban.core.lights import Light

OPS = (">=", "<=", "=", "≈", "between", "turn_positive", "zero")


def _fraction(x) -> Fraction:
    if isinstance(x, Fraction | int | Decimal):
        return Fraction(x)
    # Floats are read as their decimal spelling: 0.1 means one tenth.
    return Fraction(str(x))


def expected_share(start: dt.date | None, due: dt.date, on: dt.date) -> Fraction:
    """Share of the time from `start` to `due` elapsed on `on`, clamped to 0…1.

    start None or start ≥ due: 0 before the due date, 1 from it on."""
    if start is None or start >= due:
        return Fraction(1) if on >= due else Fraction(0)
    elapsed = (on - start).days
    total = (due - start).days
    return min(Fraction(1), max(Fraction(0), Fraction(elapsed, total)))


@dataclass(frozen=True)
class Assessment:
    """What a value says about a target: reached, broken (a ceiling exceeded),
    and the achieved share when the target has a measurable way to go."""

    met: bool
    broken: bool
    share: Fraction | None


def assess(op, baseline, target, target_max, actual, *, tolerance=Fraction(1, 20)) -> Assessment:
    """The comparator rules described in the module docstring."""
    a = _fraction(actual)
    b = None if baseline is None else _fraction(baseline)
    if op in (">=", "=", "≈", "between"):
        if target is None:
            raise ValueError(f"target value required for op {op!r}")
        t = _fraction(target)
        b0 = b if b is not None else Fraction(0)
        if op == ">=" or op == "between":
            met = a >= t
        else:
            tol = abs(t) * _fraction(tolerance) if op == "≈" else Fraction(0)
            met = abs(a - t) <= tol or (a >= t if t >= b0 else a <= t)
        share = (a - b0) / (t - b0) if t != b0 else None
        if op in (">=", "between") and t < b0:
            share = None  # a target under its own baseline has no way to go
        return Assessment(met, False, share)
    if op == "<=":
        if target is None:
            raise ValueError("target value required for op '<='")
        t = _fraction(target)
        met = a <= t
        if b is None or b <= t:
            return Assessment(met, not met, None)
        return Assessment(met, False, (b - a) / (b - t))
    if op == "turn_positive":
        met = a > 0
        share = (a - b) / (0 - b) if b is not None and b < 0 else None
        return Assessment(met, False, share)
    if op == "zero":
        met = a <= 0
        share = (b - a) / b if b is not None and b > 0 else None
        return Assessment(met, False, share)
    raise ValueError(f"unknown comparator {op!r}")


def achieved_share(op, baseline, target, target_max, actual) -> Fraction:
    """Achieved share of the way from baseline to target (may exceed 1 or be
    negative). Targets that are met/unmet only give 1 when met, else 0."""
    result = assess(op, baseline, target, target_max, actual)
    if result.share is not None:
        return result.share
    return Fraction(1) if result.met else Fraction(0)


def target_light(
    *,
    op: str,
    baseline,
    target,
    target_max=None,
    actual,
    start: dt.date | None,
    due: dt.date | None,
    on: dt.date,
    margin=Fraction(1, 10),
    tolerance=Fraction(1, 20),
) -> Light:
    """The light of one target on date `on`.

    `margin` is in share points: behind the expected share by less than it is
    yellow, by it or more red (0.1 = ten percent of the way)."""
    if actual is None:
        return Light.GREY
    result = assess(op, baseline, target, target_max, actual, tolerance=tolerance)
    if result.broken:
        return Light.RED
    if result.met:
        return Light.BLUE
    if due is None:
        return Light.GREEN
    if on > due:
        return Light.RED
    if result.share is None:
        return Light.GREEN
    gap = expected_share(start, due, on) - result.share
    if gap <= 0:
        return Light.GREEN
    if gap < _fraction(margin):
        return Light.YELLOW
    return Light.RED


# Worst first. A missing value (grey) is never "all clear", so it ranks above
# green; past the due date it is a failure to report, second only to red.
_BEFORE_DUE = (Light.RED, Light.YELLOW, Light.GREY, Light.GREEN, Light.BLUE)
_PAST_DUE = (Light.RED, Light.GREY, Light.YELLOW, Light.GREEN, Light.BLUE)


def severity(light: Light, *, past_due: bool = False) -> int:
    """Rank of a light, 0 = worst."""
    return (_PAST_DUE if past_due else _BEFORE_DUE).index(Light(light))


def worst_light(lights: Iterable[Light], *, past_due: bool = False) -> Light:
    """The worst of `lights` (a task's light from its targets').

    Order before the due date: red > yellow > grey > green > blue.
    Past the due date: red > grey > yellow > green > blue.
    No lights at all: grey (nothing known)."""
    lights = [Light(x) for x in lights]
    if not lights:
        return Light.GREY
    return min(lights, key=lambda x: severity(x, past_due=past_due))


@dataclass(frozen=True)
class PeriodSubmission:
    """One reporting period of a task, as its timeliness sees it: when its
    report was due, the date it reached the office (None: not yet), and
    whether the office accepted it."""

    due: dt.date
    submitted_on: dt.date | None
    accepted: bool = False
    is_final: bool = False


@dataclass(frozen=True)
class Timeliness:
    """Timeliness of a set of reports on a date, each report counted exactly
    once: on time (sent by its due date; the due date itself is on time),
    late (sent after it: 逾期报送, kept once accepted), overdue (past its due
    date and not sent: 逾期未报), not due (not sent, due date not passed).
    `closed`: the final report has been accepted."""

    on_time: int = 0
    late: int = 0
    overdue: int = 0
    not_due: int = 0
    closed: bool = False

    @property
    def due(self) -> int:
        """Reports that count for the on-time rate: due by now, or sent."""
        return self.on_time + self.late + self.overdue

    @property
    def total(self) -> int:
        return self.due + self.not_due

    @property
    def light(self) -> Light:
        """The timeliness light: final report accepted → blue; one overdue →
        red; one sent late → yellow; all due ones on time → green; nothing
        due or sent yet → grey."""
        if self.closed:
            return Light.BLUE
        if self.overdue:
            return Light.RED
        if self.late:
            return Light.YELLOW
        if self.on_time:
            return Light.GREEN
        return Light.GREY

    @classmethod
    def of(cls, periods: Iterable[PeriodSubmission], on: dt.date) -> Timeliness:
        on_time = late = overdue = not_due = 0
        closed = False
        for p in periods:
            if p.submitted_on is not None:
                if p.submitted_on <= p.due:
                    on_time += 1
                else:
                    late += 1
            elif p.due < on:
                overdue += 1
            else:
                not_due += 1
            closed = closed or (p.is_final and p.accepted)
        return cls(on_time, late, overdue, not_due, closed)


def timeliness_light(periods: Iterable[PeriodSubmission], on: dt.date) -> Light:
    """The light of a task's reports' timeliness (see `Timeliness.light`)."""
    return Timeliness.of(periods, on).light


@dataclass(frozen=True)
class TaskVerdict:
    """A task's computed light and what it was judged on: "pace" (its
    measured targets) or "timeliness" (its reports)."""

    light: Light
    basis: str
    pace: Light | None


def task_light(target_lights: Iterable[Light], timeliness: Timeliness, *, past_due: bool):
    """A task's light from its targets' lights and its reports' timeliness.

    - Without targets: the timeliness light.
    - With targets, once any is measured: the pace — the worst measured
      target; a target still without a value past the task's due date counts
      red (nothing reported by the deadline). Lateness does not colour it: it
      is shown as a mark beside the light.
    - With targets and nothing measured yet: the timeliness light (red once a
      report is overdue, grey only while nothing is due), never blue (a
      closed report with no number has not shown the target met); past the
      due date, red."""
    lights = [Light(x) for x in target_lights]
    if not lights:
        return TaskVerdict(timeliness.light, "timeliness", None)
    measured = [x for x in lights if x != Light.GREY]
    if not measured:
        light = timeliness.light
        if past_due or light == Light.BLUE:
            light = Light.RED if past_due else Light.GREEN
        return TaskVerdict(light, "timeliness", None)
    if past_due and len(measured) < len(lights):
        measured.append(Light.RED)
    pace = worst_light(measured)
    return TaskVerdict(pace, "pace", pace)
