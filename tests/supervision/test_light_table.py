"""The lights table: pace and timeliness kept apart (the brief's "Status from
pace"), first as pure rules, then end to end on the (四) plan."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from duban.core.lights import Light
from duban.plans.models import Task
from duban.reports.calendar import generate_periods
from duban.reports.models import Report
from duban.reports.models import Timeliness as ReportTimeliness
from duban.reports.services import (
    accept_report,
    consolidate_and_submit,
    save_draft,
    submit_report,
)
from duban.supervision.lights import task_lights, timeliness
from duban.supervision.pace import Timeliness, task_light

G, Y, R, B, X = Light.GREEN, Light.YELLOW, Light.RED, Light.BLUE, Light.GREY
NOTHING_DUE = Timeliness(not_due=1)
OVERDUE = Timeliness(overdue=1)
LATE = Timeliness(late=1)
ON_TIME = Timeliness(on_time=1)
CLOSED = Timeliness(on_time=2, closed=True)


@pytest.mark.parametrize(
    "targets, reports, past_due, light, basis",
    [
        # A task with targets, nothing measured: its reports' timeliness.
        ([X, X], NOTHING_DUE, False, X, "timeliness"),  # grey only while nothing is due
        ([X, X], OVERDUE, False, R, "timeliness"),  # nothing sent and overdue → red
        ([X, X], ON_TIME, False, G, "timeliness"),
        ([X, X], LATE, False, Y, "timeliness"),
        ([X], CLOSED, False, G, "timeliness"),  # no number: never blue
        ([X], NOTHING_DUE, True, R, "timeliness"),  # past the deadline, nothing measured
        # Once values are in: the pace, whatever the lateness (shown as a mark).
        ([G, X], LATE, False, G, "pace"),  # late but accepted and on pace → green
        ([G, X], OVERDUE, False, G, "pace"),
        ([Y, B], ON_TIME, False, Y, "pace"),
        ([R, G], ON_TIME, False, R, "pace"),
        ([B, B], LATE, False, B, "pace"),
        ([B, X], ON_TIME, True, R, "pace"),  # a target still unmeasured past due
        # Without targets: timeliness only.
        ([], NOTHING_DUE, False, X, "timeliness"),
        ([], OVERDUE, False, R, "timeliness"),
        ([], LATE, False, Y, "timeliness"),
        ([], ON_TIME, False, G, "timeliness"),
        ([], CLOSED, False, B, "timeliness"),
    ],
)
def test_task_light_table(targets, reports, past_due, light, basis):
    verdict = task_light(targets, reports, past_due=past_due)
    assert (verdict.light, verdict.basis) == (light, basis)
    assert (verdict.pace is None) == (basis == "timeliness")


def test_timeliness_counts_each_report_once():
    line = Timeliness(on_time=3, late=2, overdue=4, not_due=5)
    assert line.due == 9 and line.total == 14


# --- end to end -------------------------------------------------------------------


@pytest.fixture
def live(plan, supervisor):
    """Monthly periods around today, so that 'late' and 'on time' are real."""
    today = timezone.localdate()
    return generate_periods(
        plan=plan,
        user=supervisor,
        cadence="month",
        start=today - dt.timedelta(days=70),
        final_deadline=today + dt.timedelta(days=20),
    )


def principal(task, period):
    return Report.objects.get(task=task, period=period, role="principal")


def test_nothing_sent_and_overdue_is_red_not_grey(live, plan, task):
    today = timezone.localdate()
    light = task_lights(Task.objects.filter(plan=plan), today)[task.pk]
    assert light.light == R and light.basis == "timeliness" and light.pace is None
    assert light.overdue == len([p for p in live if p.due_date < today]) > 0


def test_late_but_accepted_and_on_pace_keeps_the_pace_light_and_a_late_mark(
    live, plan, task, jobs, rate, fgw_officer, supervisor
):
    today = timezone.localdate()
    past = [p for p in live if p.due_date < today]
    for period in past:  # every past period sent now: late
        report = save_draft(
            report=principal(task, period),
            user=fgw_officer,
            data={
                "narrative": "补报",
                "values": {jobs.pk: ("13000", today), rate.pk: ("3", today)},
            },
            expected_version=0,
        )
        report = consolidate_and_submit(report=report, user=fgw_officer)
        accept_report(report=report, user=supervisor)
        assert Report.objects.get(pk=report.pk).timeliness == ReportTimeliness.LATE
    light = task_lights(Task.objects.filter(plan=plan), today)[task.pk]
    assert light.basis == "pace" and light.light == B  # both targets met
    assert light.late == len(past) and light.overdue == 0


def test_every_due_report_counts_exactly_once(
    live, plan, task, fgw_officer, golmud_officer, supervisor
):
    today = timezone.localdate()
    past, upcoming = [p for p in live if p.due_date < today], live[-1]
    late = save_draft(
        report=principal(task, past[0]),
        user=fgw_officer,
        data={"narrative": "x"},
        expected_version=0,
    )
    consolidate_and_submit(report=late, user=fgw_officer)
    early = Report.objects.get(task=task, period=upcoming, unit__name="格尔木市人民政府")
    early = save_draft(
        report=early, user=golmud_officer, data={"narrative": "x"}, expected_version=0
    )
    submit_report(report=early, user=golmud_officer)

    reports = Report.objects.filter(task__plan=plan).select_related("period")
    line = timeliness(reports, today)
    oracle = {kind: 0 for kind in ReportTimeliness.values}
    for report in reports:
        oracle[report.timeliness_on(today)] += 1
    assert (line["on_time"], line["late"], line["missing"], line["not_due"]) == (
        oracle["on_time"],
        oracle["late"],
        oracle["overdue"],
        oracle["not_due"],
    )
    assert line["on_time"] + line["late"] + line["missing"] + line["not_due"] == line["total"]
    assert line["total"] == reports.count()
    assert line["due"] == line["on_time"] + line["late"] + line["missing"]
    assert line["late"] >= 1 and line["on_time"] >= 1  # the late one is not lost


def test_overview_shows_the_whole_on_time_line_and_the_legend(
    live, plan, task, fgw_officer, supervisor, client_for
):
    late = save_draft(
        report=principal(task, live[0]),
        user=fgw_officer,
        data={"narrative": "x"},
        expected_version=0,
    )
    consolidate_and_submit(report=late, user=fgw_officer)
    html = (
        client_for(supervisor)
        .get(reverse("supervision:overview"), {"plan": plan.pk})
        .content.decode()
    )
    line = timeliness(Report.objects.filter(task__plan=plan), timezone.localdate())
    assert f"逾期报送 {line['late']} 份" in html and f"未到期 {line['not_due']} 份" in html
    assert 'id="light-legend"' in html and "状态灯说明" in html
    for light in Light:
        assert light.label in html
    assert "逾期报送 1</span>" in html  # the task's late mark beside its light
