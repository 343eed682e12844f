"""Every role's permissions, checked inside the services: a refused step raises
PermissionDenied and changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied

from duban.reports.models import Report, ReportEvent, ReportVersion, Status
from duban.reports.services import (
    accept_report,
    allowed_actions,
    consolidate_and_submit,
    consolidation_view,
    return_report,
    save_draft,
    sign_report,
    submit_report,
)


@pytest.fixture
def people(
    supervisor,
    leader,
    admin_user,
    fgw_officer,
    fgw_head,
    rsj_officer,
    golmud_officer,
    golmud_head,
    stranger,
    other_supervisor,
):
    return {
        "supervisor": supervisor,
        "leader": leader,
        "admin_user": admin_user,
        "fgw_officer": fgw_officer,
        "fgw_head": fgw_head,
        "rsj_officer": rsj_officer,
        "golmud_officer": golmud_officer,
        "golmud_head": golmud_head,
        "stranger": stranger,
        "other_supervisor": other_supervisor,
    }


EVERYONE = {
    "supervisor",
    "leader",
    "admin_user",
    "fgw_officer",
    "fgw_head",
    "rsj_officer",
    "golmud_officer",
    "golmud_head",
    "stranger",
    "other_supervisor",
}


def reports(task, period):
    return {
        r.unit.name: r
        for r in Report.objects.filter(task=task, period=period).select_related("unit")
    }


def snapshot():
    return (
        list(
            Report.objects.order_by("pk").values_list(
                "pk", "status", "lock_version", "delivered_at"
            )
        ),
        ReportVersion.objects.count(),
        list(ReportVersion.objects.order_by("pk").values_list("narrative", "status")),
        ReportEvent.objects.count(),
    )


def assert_refused(step, **kw):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        step(**kw)
    assert snapshot() == before


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_who_may_write_a_co_units_report(people, calendar, task, who):
    golmud = reports(task, calendar[0])["格尔木市人民政府"]
    user = people[who]
    if who in {"golmud_officer", "golmud_head"}:
        report = save_draft(report=golmud, user=user, data={"narrative": "x"}, expected_version=0)
        assert submit_report(report=report, user=user).status == Status.SUBMITTED
    else:
        assert_refused(
            save_draft, report=golmud, user=user, data={"narrative": "x"}, expected_version=0
        )


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_who_may_submit(people, calendar, task, golmud_officer, who):
    golmud = reports(task, calendar[0])["格尔木市人民政府"]
    golmud = save_draft(
        report=golmud, user=golmud_officer, data={"narrative": "x"}, expected_version=0
    )
    if who in {"golmud_officer", "golmud_head"}:
        assert submit_report(report=golmud, user=people[who]).status == Status.SUBMITTED
    else:
        assert_refused(submit_report, report=golmud, user=people[who])


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_who_may_consolidate(people, calendar, task, fgw_officer, who):
    fgw = reports(task, calendar[0])["州发改委"]
    fgw = save_draft(report=fgw, user=fgw_officer, data={"narrative": "汇总"}, expected_version=0)
    if who in {"fgw_officer", "fgw_head"}:
        assert consolidate_and_submit(report=fgw, user=people[who]).status == Status.CONSOLIDATED
    else:
        assert_refused(consolidate_and_submit, report=fgw, user=people[who])


def test_a_second_lead_cannot_consolidate_its_own_report(calendar, task, rsj_officer):
    rsj = reports(task, calendar[0])["州人社局"]
    rsj = save_draft(report=rsj, user=rsj_officer, data={"narrative": "x"}, expected_version=0)
    assert_refused(consolidate_and_submit, report=rsj, user=rsj_officer)
    assert_refused(consolidation_view, report=rsj, user=rsj_officer)
    assert "consolidate" not in allowed_actions(rsj, rsj_officer)
    assert allowed_actions(rsj, rsj_officer) == ["submit"]


@pytest.fixture
def consolidated(calendar, task, fgw_officer):
    fgw = reports(task, calendar[0])["州发改委"]
    fgw = save_draft(report=fgw, user=fgw_officer, data={"narrative": "汇总"}, expected_version=0)
    return consolidate_and_submit(report=fgw, user=fgw_officer)


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_who_may_accept(people, consolidated, who):
    if who == "supervisor":
        assert accept_report(report=consolidated, user=people[who]).status == Status.ACCEPTED
    else:
        assert_refused(accept_report, report=consolidated, user=people[who])


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_who_may_return_a_consolidated_report(people, consolidated, who):
    if who == "supervisor":
        report = return_report(report=consolidated, user=people[who], comment="请修改")
        assert report.status == Status.RETURNED
    else:
        assert_refused(return_report, report=consolidated, user=people[who], comment="请修改")


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_who_may_return_an_input(people, calendar, task, golmud_officer, who):
    golmud = reports(task, calendar[0])["格尔木市人民政府"]
    golmud = save_draft(
        report=golmud, user=golmud_officer, data={"narrative": "x"}, expected_version=0
    )
    golmud = submit_report(report=golmud, user=golmud_officer)
    if who in {"fgw_officer", "fgw_head"}:
        assert (
            return_report(report=golmud, user=people[who], comment="补充").status == Status.RETURNED
        )
    else:
        assert_refused(return_report, report=golmud, user=people[who], comment="补充")


def test_return_needs_a_comment(consolidated, supervisor):
    from duban.reports.services import InvalidInput

    with pytest.raises(InvalidInput):
        return_report(report=consolidated, user=supervisor, comment="  ")
    assert Report.objects.get(pk=consolidated.pk).status == Status.CONSOLIDATED


def test_sign_off_only_by_the_head_and_only_when_required(
    plan, supervisor, task, golmud_officer, golmud_head, fgw_officer, fgw_head
):
    from duban.reports.calendar import generate_periods
    from duban.reports.services import InvalidTransition

    periods = generate_periods(plan=plan, user=supervisor, cadence="month", require_sign_off=True)
    rs = reports(task, periods[0])
    golmud = save_draft(
        report=rs["格尔木市人民政府"],
        user=golmud_officer,
        data={"narrative": "x"},
        expected_version=0,
    )
    golmud = submit_report(report=golmud, user=golmud_officer)
    # Submitted but not signed: still inside the unit.
    assert golmud.delivered_at is None
    assert not Report.objects.visible_to(fgw_officer).filter(pk=golmud.pk).exists()
    assert_refused(sign_report, report=golmud, user=golmud_officer)
    assert_refused(sign_report, report=golmud, user=fgw_head)
    golmud = sign_report(report=golmud, user=golmud_head)
    assert golmud.status == Status.SIGNED and golmud.delivered_at is not None
    assert golmud.current_version.signed_by == golmud_head
    assert Report.objects.visible_to(fgw_officer).filter(pk=golmud.pk).exists()
    # The principal lead's own report needs its head's sign-off before it goes out.
    fgw = save_draft(
        report=rs["州发改委"], user=fgw_officer, data={"narrative": "汇总"}, expected_version=0
    )
    fgw = submit_report(report=fgw, user=fgw_officer)
    with pytest.raises(InvalidTransition):
        consolidate_and_submit(report=fgw, user=fgw_officer)
    fgw = sign_report(report=fgw, user=fgw_head)
    fgw = consolidate_and_submit(report=fgw, user=fgw_officer)
    assert fgw.status == Status.CONSOLIDATED
    assert list(fgw.current_version.inputs.values_list("report__unit__name", flat=True)) == [
        "格尔木市人民政府"
    ]


def test_sign_is_refused_when_not_required(calendar, task, golmud_officer, golmud_head):
    from duban.reports.services import InvalidTransition

    golmud = reports(task, calendar[0])["格尔木市人民政府"]
    golmud = save_draft(
        report=golmud, user=golmud_officer, data={"narrative": "x"}, expected_version=0
    )
    golmud = submit_report(report=golmud, user=golmud_officer)
    with pytest.raises(InvalidTransition):
        sign_report(report=golmud, user=golmud_head)


def test_who_sees_which_report(
    calendar,
    task,
    golmud_officer,
    fgw_officer,
    rsj_officer,
    supervisor,
    leader,
    stranger,
    other_supervisor,
    admin_user,
):
    golmud = reports(task, calendar[0])["格尔木市人民政府"]
    golmud = save_draft(
        report=golmud, user=golmud_officer, data={"narrative": "x"}, expected_version=0
    )

    def seen_by(user):
        return Report.objects.visible_to(user).filter(pk=golmud.pk).exists()

    # A draft is its unit's own business.
    assert seen_by(golmud_officer)
    assert not any(seen_by(u) for u in (fgw_officer, rsj_officer, supervisor, leader, stranger))
    submit_report(report=golmud, user=golmud_officer)
    # Delivered: the principal lead and the office see it; a second lead does not.
    assert seen_by(fgw_officer) and seen_by(supervisor) and seen_by(leader)
    assert not any(seen_by(u) for u in (rsj_officer, stranger, other_supervisor, admin_user))


def test_a_closed_plan_takes_no_more_reports(plan, calendar, task, supervisor, golmud_officer):
    from duban.plans.services import close_plan

    close_plan(plan=plan, user=supervisor)
    golmud = reports(task, calendar[0])["格尔木市人民政府"]
    assert_refused(
        save_draft, report=golmud, user=golmud_officer, data={"narrative": "x"}, expected_version=0
    )


def test_invalid_transitions_are_refused(calendar, task, golmud_officer, supervisor):
    from duban.reports.services import InvalidTransition

    golmud = reports(task, calendar[0])["格尔木市人民政府"]
    with pytest.raises(InvalidTransition):
        submit_report(report=golmud, user=golmud_officer)  # nothing written yet
    golmud = save_draft(
        report=golmud, user=golmud_officer, data={"narrative": "x"}, expected_version=0
    )
    golmud = submit_report(report=golmud, user=golmud_officer)
    with pytest.raises(InvalidTransition):
        submit_report(report=golmud, user=golmud_officer)
    with pytest.raises(InvalidTransition):
        save_draft(
            report=golmud,
            user=golmud_officer,
            data={"narrative": "y"},
            expected_version=golmud.lock_version,
        )
    assert Report.objects.get(pk=golmud.pk).current_version.narrative == "x"
