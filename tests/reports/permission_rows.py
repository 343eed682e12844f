"""The reports routes' rows of the permission matrix (tests/test_permission_matrix.py).

The world: the two-task plan of tests/plans/world (task A: 州发改委 lead, task
B: 州人社局 lead with 各市、县人民政府 co), published, with a monthly calendar.
A unit writes only its own report; a report that has left its unit is read by
the task's principal lead unit and the office; the principal lead returns
inputs, the office accepts or returns consolidated reports."""

import datetime as dt

from duban.reports.attachments import add_attachment
from duban.reports.calendar import generate_periods
from duban.reports.models import Report
from duban.reports.services import consolidate_and_submit, save_draft, submit_report
from tests.permissions import FGW, NOBODY, SUPERVISOR, UNIT_MEMBERS, Row
from tests.plans import world

READERS_OF_DELIVERED_B = frozenset({"golmud_officer", "rsj_officer", "supervisor", "leader"})
from tests.files import PDF  # noqa: E402


def _plan(w):
    plan = world.make_published(w.persona("supervisor"))
    periods = generate_periods(
        plan=plan, user=w.persona("supervisor"), cadence="month", start=dt.date(2020, 10, 1)
    )
    return plan, periods[0]


def published_plan_pk(w):
    return {"pk": world.make_published(w.persona("supervisor")).pk}


def _fgw_draft(w):
    """州发改委's report on task A: an empty draft."""
    plan, period = _plan(w)
    return Report.objects.get(task=world.task_a(plan), unit__name="州发改委", period=period)


def fgw_draft_pk(w):
    return {"pk": _fgw_draft(w).pk}


def fgw_written_pk(w):
    report = save_draft(
        report=_fgw_draft(w),
        user=w.persona("fgw_officer"),
        data={"narrative": "进展"},
        expected_version=0,
    )
    return {"pk": report.pk}


def _golmud_submitted(w):
    plan, period = _plan(w)
    user = w.persona("golmud_officer")
    report = Report.objects.get(
        task=world.task_b(plan), unit__name="格尔木市人民政府", period=period
    )
    report = save_draft(
        report=report, user=user, data={"narrative": "格尔木进展"}, expected_version=0
    )
    add_attachment(report=report, user=user, name="照片.pdf", content=PDF)
    return submit_report(report=report, user=user)


def golmud_submitted_pk(w):
    return {"pk": _golmud_submitted(w).pk}


def golmud_attachment_pk(w):
    return {"pk": _golmud_submitted(w).current_version.attachments.get().pk}


def fgw_draft_target_pk(w):
    report = _fgw_draft(w)
    return {"pk": report.pk, "target": report.task.targets.first().pk}


def golmud_submitted_target_pk(w):
    report = _golmud_submitted(w)
    return {"pk": report.pk, "target": report.task.targets.first().pk}


def fgw_consolidated_pk(w):
    """州发改委's (principal) report on task A, sent to the office: in the queue."""
    user = w.persona("fgw_officer")
    report = save_draft(
        report=_fgw_draft(w), user=user, data={"narrative": "汇总进展"}, expected_version=0
    )
    report = submit_report(report=report, user=user)
    return {"pk": consolidate_and_submit(report=report, user=user).pk}


def queue_with_one(w):
    fgw_consolidated_pk(w)
    return {}


def _draft_data(w):
    return {"lock_version": 0, "narrative": "本单位进展", "problems": "", "next_steps": ""}


REPORTS_ROWS = [
    Row("reports:mine", get=UNIT_MEMBERS),
    Row(
        "reports:report",
        get=FGW,
        post=FGW,
        kwargs=fgw_draft_pk,
        post_data=_draft_data,
        label="own draft",
    ),
    # Its own unit's save of a report already sent is no 403 but the conflict page,
    # the typed text kept and nothing saved (tests/reports/test_views.py).
    Row(
        "reports:report",
        get=READERS_OF_DELIVERED_B,
        post=frozenset({"golmud_officer"}),
        kwargs=golmud_submitted_pk,
        post_data=_draft_data,
        label="co-unit's submitted",
    ),
    Row(
        "reports:act",
        get=NOBODY,
        post=FGW,
        kwargs=fgw_written_pk,
        post_data=lambda w: {"action": "submit"},
        label="submit own draft",
    ),
    Row(
        "reports:act",
        get=NOBODY,
        post=frozenset({"rsj_officer"}),
        kwargs=golmud_submitted_pk,
        post_data=lambda w: {"action": "return", "comment": "请补充"},
        label="principal returns an input",
    ),
    # The office may accept, but an input is never accepted by itself: the
    # service refuses by state and the page explains (nothing changes).
    Row(
        "reports:act",
        get=NOBODY,
        post=SUPERVISOR,
        kwargs=golmud_submitted_pk,
        post_data=lambda w: {"action": "accept"},
        label="accept an input",
    ),
    # The "= 85亿元" echo of a typed amount: whoever may read the report.
    Row("reports:amount", get=FGW, kwargs=fgw_draft_target_pk, label="own draft"),
    Row(
        "reports:amount",
        get=READERS_OF_DELIVERED_B,
        kwargs=golmud_submitted_target_pk,
        label="co-unit's submitted",
    ),
    Row(
        "reports:act",
        get=NOBODY,
        post=SUPERVISOR,
        kwargs=fgw_consolidated_pk,
        post_data=lambda w: {"action": "accept", "next": "queue", "page": "1"},
        label="accept from the queue",
    ),
    Row("reports:queue", get=SUPERVISOR, kwargs=queue_with_one),
    Row("reports:attachment", get=READERS_OF_DELIVERED_B, kwargs=golmud_attachment_pk),
    Row("reports:compare", get=READERS_OF_DELIVERED_B, kwargs=golmud_submitted_pk),
    Row(
        "reports:calendar",
        get=SUPERVISOR,
        post=SUPERVISOR,
        kwargs=published_plan_pk,
        post_data=lambda w: {"cadence": "month", "start": "2020-10-01", "co_lead_days": "3"},
    ),
]
