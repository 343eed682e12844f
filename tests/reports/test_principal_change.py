"""When the office names another principal lead unit, the plans service
re-opens the plan's reports at once: reports not yet sent follow the new
roles, reports already sent keep the role they were sent with."""

from duban.reports import services
from duban.reports.models import Report
from duban.reports.publishing import set_principal


def test_set_principal_moves_the_principal_role_of_unsent_reports(
    plan, calendar, task, supervisor, fgw_officer
):
    nov, final = calendar
    sent = Report.objects.get(task=task, period=nov, unit__name="州发改委")
    assert sent.role == "principal"
    sent = services.save_draft(
        report=sent, user=fgw_officer, data={"narrative": "已完成过半"}, expected_version=0
    )
    services.consolidate_and_submit(report=sent, user=fgw_officer)

    rsj = task.assignments.get(unit__name="州人社局").unit
    set_principal(task=task, unit=rsj, user=supervisor)

    roles = dict(Report.objects.filter(task=task, period=final).values_list("unit__name", "role"))
    assert roles["州人社局"] == "principal"
    assert roles["州发改委"] != "principal"
    assert Report.objects.get(task=task, period=nov, unit__name="州人社局").role == "principal"
    # Already sent to the office: keeps the role it was sent with.
    sent.refresh_from_db()
    assert sent.delivered_at is not None and sent.role == "principal"
