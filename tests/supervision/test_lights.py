"""Lights from the database: latest accepted value, task/unit/plan counts,
on-time rate, overdue list, the office's override; a fixed number of queries."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from duban.core.lights import Light
from duban.plans.models import Task
from duban.reports.calendar import generate_periods
from duban.reports.models import Report
from duban.reports.services import (
    accept_report,
    consolidate_and_submit,
    save_draft,
    submit_report,
)
from duban.supervision.lights import plan_summary, task_lights, unit_summaries, unit_summary
from duban.supervision.services import OverrideError, override_task_light

D = dt.date


def principal(task, period):
    return Report.objects.get(task=task, period=period, role="principal")


def send(report, user, supervisor, values, *, accept=True, narrative="进展"):
    report = save_draft(
        report=report,
        user=user,
        data={"narrative": narrative, "values": values},
        expected_version=report.lock_version,
    )
    report = consolidate_and_submit(report=report, user=user)
    if accept:
        report = accept_report(report=report, user=supervisor)
    return report


def lights_on(plan, on):
    return task_lights(Task.objects.filter(plan=plan), on)


def test_latest_accepted_value_counts(calendar, plan, task, jobs, rate, fgw_officer, supervisor):
    nov, final = calendar
    send(principal(task, nov), fgw_officer, supervisor, {jobs.pk: ("5000", "2020-11-10")})
    # 2020-11-10: 11/52 expected (0.21), 5000/13000 (0.38) → green.
    assert lights_on(plan, D(2020, 11, 10))[task.pk].targets[jobs.pk] == Light.GREEN
    # 2020-12-10: 41/52 (0.79) → red.
    assert lights_on(plan, D(2020, 12, 10))[task.pk].targets[jobs.pk] == Light.RED
    # A newer value sent but not accepted does not count ...
    final_report = send(
        principal(task, final),
        fgw_officer,
        supervisor,
        {jobs.pk: ("9800", "2020-12-08")},
        accept=False,
    )
    assert lights_on(plan, D(2020, 12, 10))[task.pk].targets[jobs.pk] == Light.RED
    # ... until the office accepts it: 9800/13000 = 0.754, behind by 0.035 → yellow.
    accept_report(report=final_report, user=supervisor)
    assert lights_on(plan, D(2020, 12, 10))[task.pk].targets[jobs.pk] == Light.YELLOW
    # The unreported 失业率 is grey, which ranks above yellow only past due.
    result = lights_on(plan, D(2020, 12, 10))[task.pk]
    assert result.targets[rate.pk] == Light.GREY
    assert result.light == Light.YELLOW
    assert lights_on(plan, D(2020, 12, 22))[task.pk].light == Light.RED  # 9800 < 13000, past due


def test_the_newest_as_of_wins_not_the_newest_report(
    calendar, plan, task, jobs, fgw_officer, supervisor
):
    nov, final = calendar
    send(principal(task, final), fgw_officer, supervisor, {jobs.pk: ("4000", "2020-11-01")})
    send(principal(task, nov), fgw_officer, supervisor, {jobs.pk: ("13000", "2020-11-29")})
    assert lights_on(plan, D(2020, 12, 1))[task.pk].targets[jobs.pk] == Light.BLUE


def test_values_waiting_at_the_lead_do_not_count(calendar, plan, task, jobs, rsj_officer):
    rsj = Report.objects.get(task=task, period=calendar[0], unit__name="州人社局")
    rsj = save_draft(
        report=rsj,
        user=rsj_officer,
        data={"values": {jobs.pk: ("13000", "2020-11-15")}},
        expected_version=0,
    )
    submit_report(report=rsj, user=rsj_officer)
    assert lights_on(plan, D(2020, 11, 20))[task.pk].targets[jobs.pk] == Light.GREY


def test_ceiling_broken_is_red_at_once(calendar, plan, task, rate, fgw_officer, supervisor):
    send(principal(task, calendar[0]), fgw_officer, supervisor, {rate.pk: ("3.8", "2020-11-15")})
    assert lights_on(plan, D(2020, 11, 16))[task.pk].targets[rate.pk] == Light.RED


def test_override_wins_with_a_written_reason(calendar, plan, task, supervisor, fgw_officer, leader):
    with pytest.raises(OverrideError):
        override_task_light(task=task, user=supervisor, light="red", reason="  ")
    for user in (fgw_officer, leader):
        with pytest.raises(PermissionDenied):
            override_task_light(task=task, user=user, light="green", reason="x")
    with pytest.raises(OverrideError):
        override_task_light(task=task, user=supervisor, light="purple", reason="x")
    override_task_light(
        task=task, user=supervisor, light="red", reason="重点项目未开工,州领导批示督办"
    )
    result = lights_on(plan, D(2020, 11, 20))[task.pk]
    assert result.light == Light.RED and result.computed == Light.GREY
    assert result.override_reason == "重点项目未开工,州领导批示督办"
    last = Task.objects.get(pk=task.pk).history.first()
    assert last.history_user == supervisor
    assert last.history_change_reason == "重点项目未开工,州领导批示督办"
    assert last.light_override == "red"
    override_task_light(task=task, user=supervisor, light="", reason="")
    assert lights_on(plan, D(2020, 11, 20))[task.pk].light == Light.GREY


@pytest.fixture
def live_calendar(plan, supervisor):
    """A calendar around today, so that submission times are real: monthly
    from 70 days ago to 20 days ahead."""
    today = timezone.localdate()
    return generate_periods(
        plan=plan,
        user=supervisor,
        cadence="month",
        start=today - dt.timedelta(days=70),
        final_deadline=today + dt.timedelta(days=20),
    )


def test_a_task_without_numbers_gets_its_light_from_timeliness(
    live_calendar, plan, fgw_officer, supervisor
):
    publicity = plan.tasks.get(key="二.(五)")
    today = timezone.localdate()
    past = [p for p in live_calendar if p.due_date < today]
    assert past
    result = lights_on(plan, today)[publicity.pk]
    assert result.by_timeliness and result.light == Light.RED  # past periods unreported
    for period in past:
        send(principal(publicity, period), fgw_officer, supervisor, {}, accept=False)
    assert lights_on(plan, today)[publicity.pk].light == Light.YELLOW  # reported, late
    final = live_calendar[-1]
    send(principal(publicity, final), fgw_officer, supervisor, {})
    assert lights_on(plan, today)[publicity.pk].light == Light.BLUE  # final report accepted


def test_plan_and_unit_summaries(
    live_calendar, plan, task, fgw_officer, golmud_officer, supervisor
):
    today = timezone.localdate()
    past = [p for p in live_calendar if p.due_date < today]
    upcoming = live_calendar[-1]
    # 格尔木 reports for the upcoming period now: on time. Nothing else is sent.
    golmud = Report.objects.get(task=task, period=upcoming, unit__name="格尔木市人民政府")
    golmud = save_draft(
        report=golmud, user=golmud_officer, data={"narrative": "x"}, expected_version=0
    )
    submit_report(report=golmud, user=golmud_officer)

    summary = plan_summary(plan, today)
    # Nothing measured and the principal's reports overdue: both tasks red by
    # timeliness, (四) too although it has targets (never grey once one is overdue).
    assert summary["counts"] == {"green": 0, "yellow": 0, "red": 2, "blue": 0, "grey": 0}
    assert summary["tasks"][task.pk].basis == "timeliness"
    assert summary["tasks"][task.pk].overdue == len(past)
    # The oracle: each report's own due date (co-units and second leads: the
    # earlier co-unit date), computed in Python.
    everything = list(Report.objects.filter(task__plan=plan).select_related("period"))
    due = [r for r in everything if r.due_date < today or r.delivered_at]
    late = [r for r in everything if r.due_date < today and not r.delivered_at]
    assert len(late) > 0 and golmud.pk not in {r.pk for r in late}
    assert summary["timeliness"]["due"] == len(due)
    assert summary["timeliness"]["on_time"] == 1
    assert summary["timeliness"]["rate"] == Fraction(1, len(due))
    assert {r.pk for r in summary["overdue"]} == {r.pk for r in late}

    units = unit_summaries([plan], today)
    mine = [r for r in due if r.unit_id == golmud.unit_id]
    assert units[golmud.unit_id]["counts"]["red"] == 1  # shares task (四) only
    assert sum(units[golmud.unit_id]["counts"].values()) == 1
    assert units[golmud.unit_id]["on_time"] == 1
    assert units[golmud.unit_id]["due"] == len(mine)
    fgw = unit_summary(fgw_officer.unit, [plan], today)
    assert fgw["counts"]["red"] == 2  # (四) and (五): principal reports overdue
    assert fgw["rate"] == 0
    assert {r.pk for r in fgw["overdue_reports"]} == {
        r.pk for r in late if r.unit_id == fgw_officer.unit_id
    }
    assert len(fgw["overdue_reports"]) == 2 * len(past)  # two tasks, principal due dates


def test_query_count_does_not_grow_with_the_data(
    calendar, plan, task, jobs, rate, fgw_officer, supervisor, directory
):
    send(principal(task, calendar[0]), fgw_officer, supervisor, {jobs.pk: ("5000", "2020-11-10")})

    def count():
        with CaptureQueriesContext(connection) as ctx:
            plan_summary(plan, D(2020, 12, 1))
            unit_summaries([plan], D(2020, 12, 1))
        return len(ctx.captured_queries)

    small = count()
    # Ten more tasks with targets and assignments, and more accepted values.
    for i in range(10):
        extra = Task.objects.create(plan=plan, order=10 + i, key=f"x{i}", title=f"附加任务{i}")
        for j in range(3):
            extra.targets.create(name=f"指标{j}", op=">=", value=Decimal(100))
        extra.assignments.create(unit=directory["州发改委"], role="lead", is_principal=True)
        extra.assignments.create(unit=directory["格尔木市人民政府"], role="co")
    from duban.reports.calendar import open_reports

    open_reports(plan=plan)
    send(principal(task, calendar[1]), fgw_officer, supervisor, {rate.pk: ("3", "2020-12-01")})
    assert count() == small


def test_margin_comes_from_settings(calendar, plan, task, jobs, fgw_officer, supervisor, settings):
    send(principal(task, calendar[0]), fgw_officer, supervisor, {jobs.pk: ("4000", "2020-11-10")})
    # 2020-11-20: expected 21/52 ≈ 0.404, achieved 4000/13000 ≈ 0.308: behind by 0.096.
    assert lights_on(plan, D(2020, 11, 20))[task.pk].targets[jobs.pk] == Light.YELLOW
    settings.DUBAN_LIGHT_MARGIN = "0.05"
    assert lights_on(plan, D(2020, 11, 20))[task.pk].targets[jobs.pk] == Light.RED
    assert (
        task_lights(Task.objects.filter(plan=plan), D(2020, 11, 20), margin=Fraction(1, 5))[
            task.pk
        ].targets[jobs.pk]
        == Light.YELLOW
    )
