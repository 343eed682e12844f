"""A hypothesis property over every numeric field a person fills — the report
form's target values, the API's draft values, the office's target form
(value, upper bound), the calendar's co-units' lead days and the API's
paging/plan/version numbers: whatever string is typed gives either a saved
value or a clear Chinese error, and every page showing the object still
answers 200 afterwards."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban.docparse import ParsedPlan
from duban.plans.services import import_plan
from duban.reports.models import Report, Status, TargetValue
from duban.reports.services import consolidate_and_submit, return_report
from tests.reports.plan_fixtures import TEXT, _contract

NUMBERISH = st.from_regex(
    r"-?[0-9]{0,30}(\.[0-9]{0,8})?([eE][+-]?[0-9]{1,5})?", fullmatch=True
) | st.sampled_from(["1e30", "1" * 5000, "inf", "-Infinity", "NaN", "7,200", "1,3万", "0x10"])
TYPED = st.one_of(
    NUMBERISH,
    st.text(max_size=40),
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
CHECKS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _fgw_report(task, period):
    return Report.objects.get(task=task, unit__name="州发改委", period=period)


@pytest.fixture
def office_pages(task, plan):
    return [
        reverse("supervision:task", args=[task.pk]),
        reverse("supervision:overview") + f"?plan={plan.pk}",
    ]


@CHECKS
@given(typed=TYPED)
def test_report_form_value(
    typed, calendar, task, jobs, client_for, fgw_officer, supervisor, office_pages, api_client
):
    report = _fgw_report(task, calendar[0])
    if report.status == Status.CONSOLIDATED:
        report = return_report(report=report, user=supervisor, comment="请核对")
    unit = client_for(fgw_officer)
    url = reverse("reports:report", args=[report.pk])
    response = unit.post(
        url,
        {
            "lock_version": report.lock_version,
            "narrative": "进展",
            f"value_{jobs.pk}": typed,
            f"as_of_{jobs.pk}": "2020-11-15",
        },
    )
    report.refresh_from_db()
    saved = TargetValue.objects.filter(version=report.current_version, target=jobs).first()
    if response.status_code == 302:
        number = jobs.measure.parse(typed) if typed.strip() else None  # in the field's scale
        if typed.strip():
            assert saved is not None and abs(saved.value - number) <= abs(number) * Decimal("1e-14")
        report = consolidate_and_submit(
            report=report, user=fgw_officer, expected_version=report.lock_version
        )
    else:
        assert response.status_code == 200
        html = response.content.decode()
        error = re.search(r'class="form-error" role="alert">([^<]*)<', html)
        assert error and CHINESE.search(error.group(1)), html[:500]
        assert "进展" in html  # the typed text is kept
    assert unit.get(url).status_code == 200
    office = client_for(supervisor)
    for path in office_pages:
        assert office.get(path).status_code == 200, path
    assert api_client(supervisor).get(f"/api/tasks/{task.pk}/reports").status_code == 200


@CHECKS
@given(typed=TYPED)
def test_api_draft_value(typed, calendar, task, jobs, fgw_officer, api_client):
    client = api_client(fgw_officer)
    report = _fgw_report(task, calendar[0])
    response = client.post(
        f"/api/tasks/{task.pk}/reports",
        {
            "period_id": calendar[0].pk,
            "expected_version": report.lock_version,
            "values": [{"target_id": jobs.pk, "value": typed, "as_of": "2020-11-15"}],
        },
    )
    assert response.status_code in (200, 400), response.content[:300]
    if response.status_code == 400:
        assert CHINESE.search(response.json()["detail"])
    assert client.get(f"/api/tasks/{task.pk}/reports").status_code == 200
    assert client.get(f"/api/tasks/{task.pk}").status_code == 200


@pytest.fixture
def draft_target(directory, office, supervisor):
    """The office edits targets while the plan is a draft (under review)."""
    plan = import_plan(
        parsed=ParsedPlan.from_dict(_contract(), text=TEXT), office=office, user=supervisor
    )
    return plan.tasks.get(key="二.(四)").targets.get(name="城镇新增就业")


@CHECKS
@given(value=TYPED, value_max=TYPED)
def test_office_target_form(value, value_max, draft_target, client_for, supervisor):
    office = client_for(supervisor)
    jobs = draft_target
    jobs.refresh_from_db()
    task = jobs.task
    response = office.post(
        reverse("plans:target_edit", args=[jobs.pk]),
        {
            "name": jobs.name,
            "op": "between",
            "value": value,
            "value_max": value_max,
            "unit": "人",
            "version": jobs.version,
        },
    )
    assert response.status_code in (200, 302)
    jobs.refresh_from_db()
    if response.status_code == 200:
        html = response.content.decode()
        error = re.search(r'class="(errorlist|form-error)[^"]*"[^>]*>(.{0,300})', html, re.S)
        assert error and CHINESE.search(error.group(2)), html[:800]
    elif value.strip():
        number = jobs.measure.parse(value)  # the form reads it in the target's scale
        assert jobs.value is not None
        assert abs(jobs.value - number) <= abs(number) * Decimal("1e-14")
    for path in (
        reverse("plans:task", args=[task.pk]),
        reverse("desk:detail", args=[task.plan_id]),
        reverse("desk:review", args=[task.plan_id]),
    ):
        assert office.get(path).status_code == 200, path


@CHECKS
@given(days=TYPED)
def test_calendar_co_lead_days(days, plan, client_for, supervisor):
    office = client_for(supervisor)
    url = reverse("reports:calendar", args=[plan.pk])
    response = office.post(
        url,
        {
            "cadence": "month",
            "start": "2020-10-30",
            "final_deadline": "2020-12-21",
            "co_lead_days": days,
        },
    )
    if response.status_code == 200:
        assert "form-error" in response.content.decode() or "error" in response.content.decode()
    else:
        assert response.status_code == 302
    assert office.get(url).status_code == 200


@CHECKS
@given(
    name=st.sampled_from(["offset", "limit", "plan"]),
    typed=st.one_of(st.integers().map(str), NUMBERISH, st.text(max_size=30)),
)
def test_api_paging_numbers(name, typed, calendar, supervisor, api_client):
    response = api_client(supervisor).get("/api/tasks", **{name: typed})
    assert response.status_code in (200, 400, 422), (name, typed, response.status_code)
    if response.status_code == 400:
        assert CHINESE.search(response.json()["detail"])


@CHECKS
@given(typed=st.one_of(st.integers(), st.integers(min_value=2**31, max_value=2**80)))
def test_api_versions_and_ids(typed, calendar, task, fgw_officer, api_client):
    client = api_client(fgw_officer)
    response = client.post(
        f"/api/tasks/{task.pk}/reports", {"expected_version": typed, "period_id": typed}
    )
    assert response.status_code in (200, 400, 404, 409, 422), (typed, response.status_code)
    if response.status_code == 400:
        assert CHINESE.search(response.json()["detail"])
    assert client.get(f"/api/tasks/{typed}").status_code in (200, 400, 404, 422)
    assert client.get(f"/api/tasks/{typed}/reports").status_code in (200, 400, 404, 422)
