"""The office overview and the office's task page, through the test client
on a real database: counts by light, filters (unit, light, overdue), the
click-through, value history and versions, and who may open them."""

import datetime as dt

import pytest
from django.urls import reverse

from duban.reports import services
from duban.reports.models import Report
from duban.supervision import lights
from duban.supervision.overview import office_overview
from duban.supervision.services import override_task_light


@pytest.fixture
def accepted(calendar, task, jobs, rate, fgw_officer, supervisor):
    """州发改委's first report on task (四), with both values, accepted."""
    report = Report.objects.get(task=task, unit__name="州发改委", period=calendar[0])
    services.save_draft(
        report=report,
        user=fgw_officer,
        data={
            "narrative": "已完成过半",
            "values": {jobs.pk: ("9100", "2020-11-15"), rate.pk: ("3.2", "2020-11-15")},
        },
        expected_version=0,
    )
    services.consolidate_and_submit(report=report, user=fgw_officer)
    services.accept_report(report=report, user=supervisor, comment="数据已核")
    return report


def _overview(client, **params):
    return client.get(reverse("supervision:overview"), params)


def test_overview_counts_and_rows(client_for, supervisor, plan, accepted, task):
    response = _overview(client_for(supervisor), plan=plan.pk)
    assert response.status_code == 200
    data = response.context["overview"]
    assert data.total == 2 and sum(data.counts.values()) == 2
    assert {row.task.pk for row in data.rows} == set(plan.tasks.values_list("pk", flat=True))
    html = response.content.decode()
    assert reverse("supervision:task", args=[task.pk]) in html
    assert 'id="light-chart"' in html and "vendor/echarts/echarts.min.js" in html
    assert data.timeliness["due"] >= 1


def test_light_filter_picks_rows(client_for, supervisor, plan, task, calendar):
    # Today is long past the 2020 deadlines: without the override both tasks are red.
    override_task_light(task=task, user=supervisor, light="blue", reason="已提前完成")
    data = _overview(client_for(supervisor), plan=plan.pk, light="blue").context["overview"]
    assert [row.task.pk for row in data.rows] == [task.pk]
    assert data.counts["blue"] == 1
    none = _overview(client_for(supervisor), plan=plan.pk, light="yellow").context["overview"]
    assert none.rows == [] and none.counts["blue"] == 1


def test_unit_filter_across_all_plans(client_for, leader, plan, calendar, directory):
    golmud = directory["格尔木市人民政府"]
    response = _overview(client_for(leader), plan="all", unit=golmud.pk)
    data = response.context["overview"]
    html = response.content.decode()
    assert f'<option value="{golmud.pk}" selected>格尔木市人民政府</option>' in html
    assert '<option value="all" selected>' in html
    assert [row.task.key for row in data.rows] == ["二.(四)"]
    assert data.plan is None


def test_all_plans_without_unit_asks_for_one(client_for, leader, plan, calendar):
    response = _overview(client_for(leader), plan="all")
    assert response.status_code == 200 and response.context.get("overview") is None
    assert "请先选择一个单位" in response.content.decode()


def test_overdue_filter(supervisor, plan, calendar, task):
    # On 2020-12-01 the November period is past due and nobody has reported.
    on = dt.date(2020, 12, 1)
    data = office_overview(user=supervisor, on=on, plan=plan, overdue_only=True)
    assert data.matching == 2 and all(row.overdue > 0 for row in data.rows)
    early = office_overview(user=supervisor, on=dt.date(2020, 11, 5), plan=plan, overdue_only=True)
    assert early.rows == []


def test_htmx_swaps_only_the_body(client_for, supervisor, plan, calendar):
    response = client_for(supervisor).get(
        reverse("supervision:overview"),
        {"plan": plan.pk},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="overview-body",
    )
    html = response.content.decode()
    assert 'id="overview-table"' in html and "<html" not in html


def test_task_page_history_versions_comments(client_for, supervisor, accepted, task, jobs):
    response = client_for(supervisor).get(reverse("supervision:task", args=[task.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "9100" in html and "数据已核" in html and "已完成过半" in html
    targets = {t.pk: t for t in response.context["targets"]}
    assert [v.value for v in targets[jobs.pk].history] == [9100]
    assert targets[jobs.pk].latest.value == 9100
    assert response.context["chart"][str(jobs.pk)]["points"] == [["2020-11-15", 9100.0]]
    assert '<script id="target-series" type="application/json">' in html


def test_task_page_hides_drafts(client_for, supervisor, calendar, task, jobs, fgw_officer):
    report = Report.objects.get(task=task, unit__name="州发改委", period=calendar[0])
    services.save_draft(
        report=report,
        user=fgw_officer,
        data={"narrative": "草稿内容不应给督查室看到", "values": {jobs.pk: ("5", "2020-11-15")}},
        expected_version=0,
    )
    html = client_for(supervisor).get(reverse("supervision:task", args=[task.pk])).content.decode()
    assert "草稿内容不应给督查室看到" not in html


@pytest.mark.parametrize("who", ["fgw_officer", "admin_user"])
def test_units_and_admin_are_refused(who, request, client_for, plan, task, calendar):
    client = client_for(request.getfixturevalue(who))
    assert _overview(client, plan=plan.pk).status_code == 403
    assert client.get(reverse("supervision:task", args=[task.pk])).status_code == 403


def test_other_office_plan_is_404(client_for, other_supervisor, plan, task, calendar):
    client = client_for(other_supervisor)
    assert _overview(client, plan=plan.pk).status_code == 404
    assert client.get(reverse("supervision:task", args=[task.pk])).status_code == 404


def test_counts_agree_with_the_lights_module(supervisor, plan, accepted, task):
    """The overview's one grouped report query says what lights.timeliness and
    lights.overdue say, on several dates."""
    reports = Report.objects.filter(task__plan=plan)
    for on in (dt.date(2020, 11, 10), dt.date(2020, 11, 28), dt.date(2020, 12, 22)):
        data = office_overview(user=supervisor, on=on, plan=plan)
        assert data.timeliness == lights.timeliness(reports, on)
        late = {}
        for report in lights.overdue(reports, on):
            late[report.task_id] = late.get(report.task_id, 0) + 1
        assert {row.task.pk: row.overdue for row in data.rows if row.overdue} == late
