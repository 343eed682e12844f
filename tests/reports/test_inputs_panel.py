"""The principal lead's panel of inputs on the report page: every input with
the version the lead reads (`ReportVersion.objects.shown`), in a number of
queries that does not grow with the number of inputs."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.accounts.services import create_account
from duban.reports.models import Report, Role
from duban.reports.services import return_report, save_draft, submit_report
from tests.personas import PASSWORD


def _officer(unit):
    return create_account(
        username=f"officer_{unit.pk}",
        password=PASSWORD,
        role="officer",
        unit=unit,
        display_name=unit.name,
    )


def _send(report, jobs, text):
    user = _officer(report.unit)
    report = save_draft(
        report=report,
        user=user,
        data={"narrative": text, "values": {jobs.pk: ("1200", "2020-11-15")}},
        expected_version=0,
    )
    return submit_report(report=report, user=user), user


def _page(client, report):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:report", args=[report.pk]))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_inputs_panel_costs_the_same_queries_for_one_input_or_many(
    calendar, task, jobs, client_for, fgw_officer
):
    period = calendar[0]
    lead = Report.objects.get(task=task, period=period, role=Role.PRINCIPAL)
    others = list(
        Report.objects.filter(task=task, period=period)
        .exclude(role=Role.PRINCIPAL)
        .select_related("unit")
        .order_by("unit__name")
    )
    assert len(others) >= 6
    client = client_for(fgw_officer)
    first, _user = _send(others[0], jobs, f"{others[0].unit.name}的进展")
    client.get(reverse("reports:report", args=[lead.pk]))  # warm what a first request caches
    page, one = _page(client, lead)
    assert f"{others[0].unit.name}的进展" in page

    for other in others[1:6]:
        _send(other, jobs, f"{other.unit.name}的进展")
    page, many = _page(client, lead)
    assert all(f"{o.unit.name}的进展" in page for o in others[:6])
    assert page.count('class="input-card"') == 6
    assert many == one, f"{one} queries for one input, {many} for six"


def test_an_input_being_revised_shows_what_it_sent(
    calendar, task, jobs, client_for, fgw_officer, supervisor
):
    period = calendar[0]
    lead = Report.objects.get(task=task, period=period, role=Role.PRINCIPAL)
    other = (
        Report.objects.filter(task=task, period=period, role=Role.CO).select_related("unit").first()
    )
    other, user = _send(other, jobs, "第一次报送")
    other = return_report(report=other, user=fgw_officer, comment="请补充")
    save_draft(
        report=other,
        user=user,
        data={"narrative": "还在修改"},
        expected_version=other.lock_version,
    )
    page = client_for(fgw_officer).get(reverse("reports:report", args=[lead.pk])).content.decode()
    assert "第一次报送" in page and "还在修改" not in page
