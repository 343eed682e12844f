"""The demo's reports: the seed plan played mid-flight through the public
service functions (save_draft → submit_report → consolidate_and_submit →
accept_report / return_report), each step stamped at a believable moment of
the past (the services' `now=`), so that `duban demo` shows a running plan.

Every period already due is played: nearly every unit sends its report a few
days before its due date, a few send late (逾期报送) and a few not at all
(逾期未报); the principal lead units consolidate and the office accepts. The
last period due tells each task's story (STORIES): on pace, behind, far
behind, target met, sent late, never sent, returned, waiting in the office's
queue. In the period now running a few units have sent early: an input waits
for its lead unit, a consolidated report waits for the office. Every light
and every queue has something in it; the on-time rate reads like a plan
people report on.

Units without a demo account get one without a password (it cannot sign in;
it only signs the played reports). Played once: when any report of the plan
has already been sent, nothing is done.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils import timezone

from duban.accounts.demo import DEMO_MARK
from duban.accounts.models import User
from duban.accounts.services import create_account
from duban.core.lights import Light
from duban.plans.models import Plan, Target
from duban.reports import services
from duban.reports.models import Report, Role
from duban.supervision.lights import default_margin
from duban.supervision.pace import expected_share, target_light
from duban.supervision.services import override_task_light


@dataclass(frozen=True)
class Story:
    """How a task's principal lead unit fares in the last period due: `send`
    "on_time", "late" or "missing"; the office's `verdict` "accept", "return"
    or "wait" (left in the 待审核 queue); `pace` the light its figures should
    give ("" sends no figures)."""

    send: str
    verdict: str = ""
    pace: str = ""


STORIES = {
    "二.(一)": Story("on_time", "accept"),  # no targets, reports on time: green
    "二.(二)": Story("late", "accept", Light.GREEN),  # on pace but sent late: 逾期报送
    "二.(三)": Story("missing"),  # its lead never sent: red, 逾期未报
    "二.(四)": Story("on_time", "accept", Light.GREEN),
    "二.(五)": Story("on_time", "accept", Light.RED),  # far behind its pace
    "二.(六)": Story("on_time", "accept", Light.BLUE),  # target met
    "二.(七)": Story("on_time", "accept", Light.YELLOW),  # a little behind
    "二.(八)": Story("on_time", "return", Light.GREEN),  # sent back to revise
    "二.(九)": Story("on_time", "wait", Light.GREEN),  # in the office's queue
}
# Periods before the last one due went well.
WENT_WELL = Story("on_time", "accept", Light.GREEN)
# No task can be grey by the rules once a report is due (an unsent one makes
# it red): the office marks one "not judged yet", as it may, with its reason.
GREY = ("二.(九)", "本任务指标为年度统计数,待州统计局年报数据发布后再评价进度。")
# In the period now running: a co-unit's input waiting for its lead unit to
# consolidate (with a figure of its own area), and a report sent early that
# waits for the office.
EARLY_INPUT = ("二.(四)", "格尔木市人民政府", "补贴性职业技能培训", Decimal("1800"))
EARLY_CONSOLIDATED = "二.(一)"
# Which of a period's inputs (co-units' and other leads' reports, in task then
# unit order) come late or not at all: spread, a few of each.
LATE_EVERY, LATE_AT = 13, 5
MISSING_EVERY, MISSING_AT = 19, 11

NARRATIVE = {
    "co": "本单位配合推进,相关工作按计划开展,数据见附表。",
    "lead": "牵头推进各项任务,已汇总配合单位材料,主要指标进展如下。",
    "late": "因数据核对耽误,材料晚于时限报送,今后按时报送。",
}
VERDICT = {
    "accept": "数据已核对,予以采纳。",
    "return": "请补充重点事项的分项数据和佐证材料后重新报送。",
}


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _writers(plan: Plan, users: dict) -> dict[int, User]:
    """{unit id: the demo account that writes that unit's reports}: fgw and
    geermu for their units, a password-less one for every other assigned unit."""
    writers = {u.unit_id: u for u in (users["fgw"], users["geermu"])}
    units = {
        r.unit_id: r.unit for r in Report.objects.filter(task__plan=plan).select_related("unit")
    }
    for unit_id, unit in sorted(units.items()):
        if unit_id in writers:
            continue
        username = f"demo-unit-{unit_id}"
        account = User.objects.filter(username=username).first()
        if account is None:
            account = create_account(
                username=username,
                password=None,
                role=User.Role.OFFICER,
                unit=unit,
                display_name=f"{unit.name}填报员{DEMO_MARK}",
                user=users["admin"],
            )
        writers[unit_id] = account
    return writers


def _pace_value(target: Target, light: str, *, start, due, on) -> Decimal | None:
    """A figure for `target` that lights `light` on `on` (checked with the real
    pace rules), a whole number when the target is one; None when the target
    has no number to aim at."""
    if target.value is None or target.op not in (Target.Op.GE, Target.Op.LE):
        return None
    if target.op == Target.Op.LE:
        return (target.value * Decimal("0.95")).quantize(Decimal("0.01"))
    margin = default_margin()
    expected = expected_share(start, due, on)
    share = {
        Light.BLUE: Fraction(21, 20),
        Light.GREEN: min(expected + margin * Fraction(4, 5), Fraction(99, 100)),
        Light.YELLOW: max(expected - margin / 2, Fraction(0)),
        Light.RED: max(expected - margin * 3, Fraction(0)),
    }[light]
    baseline = target.baseline or Decimal(0)
    exact = baseline + (target.value - baseline) * Decimal(share.numerator) / share.denominator
    candidates = [exact.quantize(Decimal("0.01"))]
    if target.value == target.value.to_integral_value() and target.unit != "%":
        candidates.insert(0, exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    for value in candidates:
        lit = target_light(
            op=target.op,
            baseline=target.baseline,
            target=target.value,
            target_max=target.value_max,
            actual=value,
            start=start,
            due=due,
            on=on,
            margin=margin,
        )
        if lit == light:
            return value
    return candidates[-1]


def _figures(report, light, *, on, sent_on):
    """{target id: value, as_of} for the principal's own report: every target
    with a number at the figure that lights `light` on `on`."""
    if not light:
        return {}
    task, plan = report.task, report.task.plan
    calendar = plan.reporting_calendar
    values = {}
    for target in task.targets.all():
        due = target.deadline or task.deadline or calendar.final_deadline
        value = _pace_value(target, light, start=calendar.start, due=due, on=on)
        if value is not None:
            values[target.pk] = {"value": str(value), "as_of": sent_on.isoformat()}
    return values


def _send(report, user, narrative, at, values=None):
    """Write and send `report` at moment `at` (an input is submitted; the
    principal lead's report is consolidated with the inputs sent by then)."""
    data = {"narrative": narrative, "problems": "", "next_steps": "继续按月调度。"}
    if values:
        data["values"] = values
    report = services.save_draft(
        report=report, user=user, data=data, expected_version=report.lock_version, now=at
    )
    if report.role == Role.PRINCIPAL:
        return services.consolidate_and_submit(report=report, user=user, now=at)
    return services.submit_report(report=report, user=user, now=at)


def _play_period(period, *, writers, office, today, limit, last):
    """Play one period already due, every step before `limit`. `last`: the
    tasks' STORIES apply (earlier periods went well). Returns the counts of
    its reports: sent, on_time, late, missing."""
    reports = list(
        Report.objects.filter(period=period)
        .select_related("task__plan__reporting_calendar", "unit")
        .order_by("task__order", "unit__name")
    )
    inputs = [r for r in reports if r.role != Role.PRINCIPAL]
    tally = {"on_time": 0, "late": 0, "missing": 0}
    for i, report in enumerate(inputs):
        late = i % LATE_EVERY == LATE_AT
        if i % MISSING_EVERY == MISSING_AT:
            tally["missing"] += 1
            continue
        if late:
            at = _at(min(period.co_due_date + dt.timedelta(days=1), period.due_date), 9 + i % 6)
        else:
            day = max(period.start, period.co_due_date - dt.timedelta(days=i % 3))
            at = _at(day, 9 + i % 6)
        if at >= limit:
            tally["missing"] += 1
            continue
        _send(report, writers[report.unit_id], NARRATIVE["co"], at)
        tally["late" if at.date() > period.co_due_date else "on_time"] += 1
    for report in (r for r in reports if r.role == Role.PRINCIPAL):
        story = STORIES.get(report.task.key, WENT_WELL) if last else WENT_WELL
        if story.send == "missing":
            tally["missing"] += 1
            continue
        if story.send == "late":
            at, narrative = _at(period.due_date + dt.timedelta(days=1), 10), NARRATIVE["late"]
        else:
            at, narrative = _at(period.due_date - dt.timedelta(days=1), 17), NARRATIVE["lead"]
        if at >= limit:
            tally["missing"] += 1
            continue
        # The figures as they stand on the day the lights are read (earlier
        # periods: on their due date).
        on = today if last else period.due_date
        values = _figures(report, story.pace, on=on, sent_on=at.date())
        report = _send(report, writers[report.unit_id], narrative, at, values)
        tally["late" if at.date() > period.due_date else "on_time"] += 1
        verdict_at = _at(at.date() + dt.timedelta(days=1), 10)
        if verdict_at >= limit or story.verdict not in VERDICT:
            continue
        if story.verdict == "accept":
            services.accept_report(
                report=report, user=office, comment=VERDICT["accept"], now=verdict_at
            )
        else:
            services.return_report(
                report=report, user=office, comment=VERDICT["return"], now=verdict_at
            )
    tally["sent"] = tally["on_time"] + tally["late"]
    return tally


def _play_running(period, *, writers, today):
    """The period now running: a few reports sent early (yesterday)."""
    at_day = today - dt.timedelta(days=1)
    if at_day < period.start:
        return []
    lines = []
    key, unit_name, target_name, figure = EARLY_INPUT
    report = (
        Report.objects.filter(period=period, task__key=key, unit__name=unit_name)
        .select_related("task")
        .first()
    )
    if report is not None:
        target = report.task.targets.filter(name=target_name).first()
        values = {target.pk: {"value": str(figure), "as_of": at_day.isoformat()}} if target else {}
        _send(report, writers[report.unit_id], NARRATIVE["co"], _at(at_day, 10), values)
        lines.append(f"演示报告:{key} {period.label} {unit_name}已报送,待牵头单位汇总。")
    report = Report.objects.filter(
        period=period, task__key=EARLY_CONSOLIDATED, role=Role.PRINCIPAL
    ).first()
    if report is not None:
        _send(report, writers[report.unit_id], NARRATIVE["lead"], _at(at_day, 16))
        lines.append(f"演示报告:{EARLY_CONSOLIDATED} {period.label} 提前汇总报送,待督查室审核。")
    return lines


def play_reports(*, plan: Plan, users: dict, today: dt.date | None = None) -> list[str]:
    """Play the demo's reports on `plan` as of `today` (default: today) with
    the demo accounts (users by username: duchashi, fgw, geermu, admin) and a
    password-less account per other unit. Returns what was done, one line each."""
    if Report.objects.filter(task__plan=plan, delivered_at__isnull=False).exists():
        return []
    today = today or timezone.localdate()
    limit = _at(today, 0)  # every step is played before today
    office = users["duchashi"]
    writers = _writers(plan, users)
    periods = list(plan.periods.order_by("due_date"))
    due = [p for p in periods if p.due_date < today]
    lines = []
    for period in due:
        last = period == due[-1]
        tally = _play_period(
            period,
            writers=writers,
            office=office,
            today=today,
            limit=limit,
            last=last,
        )
        lines.append(
            f"演示报告:{period.label} 已报送 {tally['sent']} 份(按时 {tally['on_time']}、"
            f"逾期报送 {tally['late']}),逾期未报 {tally['missing']} 份。"
        )
    running = next((p for p in periods if p.due_date >= today), None)
    if running is not None:
        lines.extend(_play_running(running, writers=writers, today=today))
    key, reason = GREY
    task = plan.tasks.filter(key=key).first()
    if due and task is not None:
        override_task_light(task=task, user=office, light=Light.GREY, reason=reason)
        lines.append(f"演示:督查室将 {key} 指定为灰灯(暂不评价):{reason}")
    return lines
