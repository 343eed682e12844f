"""Bad input answers with a Chinese message, never 500 (the probe's list):
API paging/plan overflow, an API body over 5 MB (413 JSON), the calendar's
co-units' lead days negative or huge, a calendar of a century, a form body
over 5 MB (413 in Chinese; over htmx the page keeps the text)."""

import json

import pytest
from django.urls import reverse

from duban.reports.models import Report, ReportingCalendar
from duban.reports.services import MAX_TEXT_CHARS

HUGE = "99999999999999999999"
SIX_MB = 6 * 1024 * 1024


@pytest.mark.parametrize("param", ["offset", "plan"])
def test_api_paging_overflow_is_400_in_chinese(param, api_client, calendar, supervisor):
    response = api_client(supervisor).get("/api/tasks", **{param: HUGE})
    assert response.status_code == 400
    assert "应在" in response.json()["detail"]


def test_api_period_id_overflow_is_400(api_client, calendar, task, fgw_officer):
    response = api_client(fgw_officer).post(
        f"/api/tasks/{task.pk}/reports", {"expected_version": 0, "period_id": int(HUGE)}
    )
    assert response.status_code == 400


def test_api_body_over_5_mb_is_413_json(api_client, calendar, task, fgw_officer):
    client = api_client(fgw_officer)
    body = {"expected_version": 0, "narrative": "x" * SIX_MB}
    response = client.post(f"/api/tasks/{task.pk}/reports", body)
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert "5 MB" in json.loads(response.content)["detail"]


@pytest.fixture
def desk(client_for, supervisor):
    return client_for(supervisor)


def _calendar(desk, plan, **fields):
    data = {"cadence": "month", "start": "2020-10-30", "final_deadline": "2020-12-21"}
    data.update(fields)
    return desk.post(reverse("reports:calendar", args=[plan.pk]), data)


@pytest.mark.parametrize("days", ["-5", "999999999", "367", "1.5"])
def test_calendar_lead_days_out_of_range_is_explained(days, desk, plan):
    before = list(ReportingCalendar.objects.filter(plan=plan).values_list("co_lead_days"))
    response = _calendar(desk, plan, co_lead_days=days)
    assert response.status_code == 200
    assert "配合单位提前天数" in response.content.decode()
    assert list(ReportingCalendar.objects.filter(plan=plan).values_list("co_lead_days")) == before


def test_calendar_lead_days_in_range_is_saved(desk, plan):
    assert _calendar(desk, plan, co_lead_days="60").status_code == 302
    assert ReportingCalendar.objects.get(plan=plan).co_lead_days == 60


def test_a_century_of_periods_is_refused(desk, plan):
    before = plan.periods.count()
    response = _calendar(desk, plan, cadence="dekad", final_deadline="2120-10-30")
    assert response.status_code == 200
    assert "最长 10 年" in response.content.decode()
    assert plan.periods.count() == before


def test_ten_years_of_months_is_fine(desk, plan):
    assert _calendar(desk, plan, final_deadline="2030-10-29").status_code == 302
    assert 115 <= plan.periods.count() <= 121


def _fgw_report(task, calendar):
    return Report.objects.get(task=task, unit__name="州发改委", period=calendar[0])


def test_a_form_over_5_mb_is_413_in_chinese(calendar, task, client_for, fgw_officer):
    report = _fgw_report(task, calendar)
    url = reverse("reports:report", args=[report.pk])
    client = client_for(fgw_officer)
    response = client.post(url, {"lock_version": 0, "narrative": "字" * (SIX_MB // 3 + 10)})
    assert response.status_code == 413
    assert "超过 5 MB" in response.content.decode()
    response = client.post(
        url, {"lock_version": 0, "narrative": "x" * SIX_MB}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 413 and response["Content-Type"].startswith("text/plain")
    assert "超过 5 MB" in response.content.decode()


def test_a_text_over_the_box_limit_is_explained_with_the_text_kept(
    calendar, task, client_for, fgw_officer
):
    report = _fgw_report(task, calendar)
    text = "进" * (MAX_TEXT_CHARS + 1)
    response = client_for(fgw_officer).post(
        reverse("reports:report", args=[report.pk]), {"lock_version": 0, "problems": text}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "“存在问题”最多" in html and text in html
    assert Report.objects.get(pk=report.pk).current_version is None


def test_other_bad_requests_are_chinese(client_for, fgw_officer):
    # A Host header outside ALLOWED_HOSTS is a bad request (400) too.
    response = client_for(fgw_officer).get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "请求无效" in response.content.decode()
