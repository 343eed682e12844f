"""The report services' `now=`: a step stamps the moment it is given (the demo
plays the past with it) on everything it records — the version, the delivery,
the chain events, the comment, the notice — and the clock when it is not
given (pages and the API never pass it)."""

import datetime as dt

import pytest
from django.utils import timezone

from duban.plans.models import Notice
from duban.reports.calendar import generate_periods
from duban.reports.models import Report, ReportEvent, ReviewComment, TargetValue
from duban.reports.services import (
    InvalidInput,
    accept_report,
    consolidate_and_submit,
    return_report,
    save_draft,
    sign_report,
    submit_report,
)

# In the 11月 period of the test plan (10-30…11-30), before the co-units' due date.
T = timezone.make_aware(dt.datetime(2020, 11, 26, 15, 30))


def report_of(task, unit_name, period):
    return Report.objects.get(task=task, unit__name=unit_name, period=period)


def drafted(report, user, **kwargs):
    return save_draft(
        report=report,
        user=user,
        data={"narrative": "各项工作有序推进。"},
        expected_version=report.lock_version,
        **kwargs,
    )


def events(report, *actions):
    return list(
        ReportEvent.objects.filter(report_id=report.pk, action__in=actions).values_list(
            "at", flat=True
        )
    )


def submit(w, now):
    report = submit_report(report=drafted(w.golmud, w.golmud_user), user=w.golmud_user, now=now)
    return [report.current_version.submitted_at, report.delivered_at, *events(report, "submit")]


def consolidate(w, now):
    submit_report(report=drafted(w.golmud, w.golmud_user), user=w.golmud_user)
    report = consolidate_and_submit(report=drafted(w.fgw, w.fgw_user), user=w.fgw_user, now=now)
    # The lead's own submit and consolidate, and the input it includes.
    return [
        report.current_version.submitted_at,
        report.delivered_at,
        *events(report, "submit", "consolidate"),
        *events(w.golmud, "include"),
    ]


def accept(w, now):
    report = consolidate_and_submit(report=drafted(w.fgw, w.fgw_user), user=w.fgw_user)
    report = accept_report(report=report, user=w.office, comment="予以采纳。", now=now)
    comment = ReviewComment.objects.get(version=report.current_version)
    return [*events(report, "accept"), comment.created_at]


def return_(w, now):
    report = consolidate_and_submit(report=drafted(w.fgw, w.fgw_user), user=w.fgw_user)
    report = return_report(report=report, user=w.office, comment="请补充数据来源。", now=now)
    comment = ReviewComment.objects.get(version=report.current_version)
    notice = Notice.objects.get(task=report.task, kind="report")
    return [*events(report, "return"), comment.created_at, notice.created_at]


def revise(w, now):
    report = consolidate_and_submit(report=drafted(w.fgw, w.fgw_user), user=w.fgw_user)
    report = return_report(report=report, user=w.office, comment="请补充。")
    drafted(report, w.fgw_user, now=now)
    return events(report, "revise")


STEPS = {
    "submit": submit,
    "consolidate": consolidate,
    "accept": accept,
    "return": return_,
    "revise (save_draft)": revise,
}


class World:
    def __init__(self, task, period, **users):
        self.golmud = report_of(task, "格尔木市人民政府", period)
        self.fgw = report_of(task, "州发改委", period)
        for name, user in users.items():
            setattr(self, name, user)


@pytest.mark.parametrize("given", [T, None], ids=["now given", "clock"])
@pytest.mark.parametrize("step", STEPS)
def test_a_step_stamps_the_moment_it_is_given(
    step, given, calendar, task, fgw_officer, golmud_officer, supervisor
):
    w = World(
        task,
        calendar[0],
        fgw_user=fgw_officer,
        golmud_user=golmud_officer,
        office=supervisor,
    )
    before = timezone.now()
    stamps = STEPS[step](w, given)
    assert stamps
    if given is not None:
        assert stamps == [T] * len(stamps)
    else:
        assert all(before <= s <= timezone.now() for s in stamps)


def test_sign_off_stamps_the_moment_it_is_given(
    plan, supervisor, task, golmud_officer, golmud_head
):
    periods = generate_periods(
        plan=plan, user=supervisor, cadence="month", co_lead_days=3, require_sign_off=True
    )
    report = report_of(task, "格尔木市人民政府", periods[0])
    report = submit_report(report=drafted(report, golmud_officer), user=golmud_officer)
    assert report.delivered_at is None  # waits for its head
    report = sign_report(report=report, user=golmud_head, now=T)
    assert report.current_version.signed_at == T and report.delivered_at == T
    assert events(report, "sign") == [T]


def test_a_draft_dates_its_figures_by_the_moment_given(calendar, task, rate, fgw_officer):
    report = report_of(task, "州发改委", calendar[0])
    report = save_draft(
        report=report,
        user=fgw_officer,
        data={"values": {rate.pk: "3.2"}},
        expected_version=0,
        now=T,
    )
    assert TargetValue.objects.get(version=report.current_version).as_of == T.date()
    # A figure may not be dated after the moment it is written at.
    with pytest.raises(InvalidInput, match="不能晚于今天"):
        save_draft(
            report=report,
            user=fgw_officer,
            data={"values": {rate.pk: {"value": "3.1", "as_of": "2020-11-27"}}},
            expected_version=report.lock_version,
            now=T,
        )
