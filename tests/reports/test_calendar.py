"""Reporting periods from a cadence."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from duban.reports.calendar import MIN_PERIOD_DAYS, co_due, generate_periods, period_bounds
from duban.reports.models import Report, ReportingPeriod
from duban.reports.services import InvalidInput, save_draft, submit_report

D = dt.date


def spans(bounds):
    return [(b.start, b.due, b.is_final) for b in bounds]


def test_dekads():
    got = period_bounds("dekad", D(2020, 10, 30), D(2020, 12, 21))
    # The 2-day stub (10-30, 10-31) joins the first dekad; the 1-day tail
    # (12-21) joins the last one.
    assert spans(got) == [
        (D(2020, 10, 30), D(2020, 11, 10), False),
        (D(2020, 11, 11), D(2020, 11, 20), False),
        (D(2020, 11, 21), D(2020, 11, 30), False),
        (D(2020, 12, 1), D(2020, 12, 10), False),
        (D(2020, 12, 11), D(2020, 12, 21), True),
    ]
    assert [b.label for b in got[:3]] == ["2020年11月上旬", "2020年11月中旬", "2020年11月下旬"]


def test_months_across_february():
    got = period_bounds("month", D(2024, 1, 15), D(2024, 4, 30))
    assert [b.due for b in got] == [D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31), D(2024, 4, 30)]
    assert got[-1].is_final and not any(b.is_final for b in got[:-1])


def test_quarters():
    got = period_bounds("quarter", D(2021, 1, 1), D(2021, 12, 31))
    assert [b.due for b in got] == [D(2021, 3, 31), D(2021, 6, 30), D(2021, 9, 30), D(2021, 12, 31)]
    assert [b.label for b in got[:2]] == ["2021年第一季度", "2021年第二季度"]


def test_listed_dates():
    got = period_bounds(
        "dates", D(2020, 10, 30), D(2020, 12, 21), [D(2020, 12, 1), D(2020, 11, 10), D(2021, 1, 5)]
    )
    assert spans(got) == [
        (D(2020, 10, 30), D(2020, 11, 10), False),
        (D(2020, 11, 11), D(2020, 12, 1), False),
        (D(2020, 12, 2), D(2020, 12, 21), True),
    ]


def test_a_deadline_within_the_first_period_gives_one_period():
    got = period_bounds("quarter", D(2020, 10, 30), D(2020, 12, 21))
    assert spans(got) == [(D(2020, 10, 30), D(2020, 12, 21), True)]
    assert period_bounds("month", D(2020, 12, 21), D(2020, 12, 21))[0].due == D(2020, 12, 21)


@pytest.mark.parametrize("cadence", ["dekad", "month", "quarter"])
def test_periods_tile_the_span(cadence):
    start, final = D(2020, 1, 7), D(2021, 3, 3)
    got = period_bounds(cadence, start, final)
    assert got[0].start == start and got[-1].due == final
    for a, b in zip(got, got[1:], strict=False):
        assert b.start == a.due + dt.timedelta(days=1)
    assert all((b.due - b.start).days + 1 >= MIN_PERIOD_DAYS for b in got)


def test_co_due_date_is_earlier_but_within_the_period():
    assert co_due(D(2020, 11, 1), D(2020, 11, 30), 3) == D(2020, 11, 27)
    assert co_due(D(2020, 11, 28), D(2020, 11, 30), 5) == D(2020, 11, 28)


def test_only_the_office_sets_the_calendar(plan, fgw_officer, leader):
    before = list(ReportingPeriod.objects.values_list("pk", "due_date"))
    for user in (fgw_officer, leader):
        with pytest.raises(PermissionDenied):
            generate_periods(plan=plan, user=user, cadence="dekad")
    assert list(ReportingPeriod.objects.values_list("pk", "due_date")) == before


def test_bad_calendars_are_refused(plan, supervisor):
    with pytest.raises(InvalidInput):
        generate_periods(plan=plan, user=supervisor, cadence="weekly")
    with pytest.raises(InvalidInput):
        generate_periods(plan=plan, user=supervisor, cadence="dates", dates=[])
    with pytest.raises(InvalidInput):
        generate_periods(plan=plan, user=supervisor, cadence="month", final_deadline=D(2020, 1, 1))


def test_regenerating_keeps_periods_that_have_reports_sent(
    plan, supervisor, calendar, task, golmud_officer
):
    first = calendar[0]
    golmud = Report.objects.get(task=task, period=first, unit__name="格尔木市人民政府")
    golmud = save_draft(
        report=golmud, user=golmud_officer, data={"narrative": "x"}, expected_version=0
    )
    submit_report(report=golmud, user=golmud_officer)
    periods = generate_periods(plan=plan, user=supervisor, cadence="dekad")
    assert first in periods  # the November report stays where it was sent
    assert Report.objects.get(pk=golmud.pk).period_id == first.pk
    dues = [p.due_date for p in periods]
    assert D(2020, 11, 30) in dues and D(2020, 12, 21) in dues
    # Every assigned unit has a report for every period.
    assignments = task.assignments.count() + plan.tasks.get(key="二.(五)").assignments.count()
    assert Report.objects.count() == assignments * len(periods)


def test_a_new_principal_takes_over_reports_not_yet_sent(
    plan, calendar, task, supervisor, rsj_officer, golmud_officer
):
    from duban.plans.models import Assignment
    from duban.reports.calendar import open_reports
    from duban.reports.services import consolidation_view

    nov, final = calendar
    golmud = Report.objects.get(task=task, period=nov, unit__name="格尔木市人民政府")
    golmud = save_draft(
        report=golmud, user=golmud_officer, data={"narrative": "x"}, expected_version=0
    )
    submit_report(report=golmud, user=golmud_officer)
    # The office makes 州人社局 the principal lead (a plans step; here at model level).
    Assignment.objects.filter(task=task).update(is_principal=False)
    Assignment.objects.filter(task=task, unit__name="州人社局").update(is_principal=True)
    open_reports(plan=plan)
    roles = dict(Report.objects.filter(task=task, period=final).values_list("unit__name", "role"))
    assert roles["州人社局"] == "principal" and roles["州发改委"] == "lead"
    assert roles["格尔木市人民政府"] == "co"
    rsj = Report.objects.get(task=task, period=nov, unit__name="州人社局")
    assert [r.unit.name for r in consolidation_view(report=rsj, user=rsj_officer)["inputs"]] == [
        "格尔木市人民政府"
    ]
