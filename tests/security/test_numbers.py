"""Numbers a unit types for a target: what the column (DecimalField 24, 4)
cannot hold is refused with a Chinese message naming the target, the typed
text stays in the form, and every page showing the report keeps answering 200.
The finding: 1e30, 20+ digits or 5,000 ones (stored as inf on SQLite) were
accepted and from then on the report, the lead's consolidation, the office's
task page and the API answered 500."""

import importlib
import json
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import connection
from django.urls import reverse

from duban.core.numbers import OutOfRange, fit_decimal, fit_int, parse_decimal
from duban.reports.models import Report, ReviewComment, TargetValue
from duban.reports.services import consolidate_and_submit, save_draft

BREAKERS = ["1e30", "1" * 21, "1" * 5000, "-1000000000000000000", "1e-9"]


def report_of(task, unit_name, period):
    return Report.objects.get(task=task, unit__name=unit_name, period=period)


def office_pages(task, report):
    return [
        reverse("supervision:task", args=[task.pk]),
        reverse("supervision:overview") + f"?plan={task.plan_id}",
    ]


# --- the central bound ---------------------------------------------------------


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("13500", Decimal("13500")),
        ("7,200", Decimal("7200")),
        ("-3.5", Decimal("-3.5")),
        ("999999999999999999.9999", Decimal("999999999999999999.9999")),
        ("0E+999", Decimal(0)),
    ],
)
def test_fit_decimal_keeps_what_the_column_holds(typed, kept):
    assert fit_decimal(parse_decimal(typed), label="x") == kept


@pytest.mark.parametrize(
    "typed, message",
    [
        ("1e30", "过大"),
        ("1000000000000000000", "过大"),
        ("1" * 90, "过大"),
        ("3.14159", "最多保留 4 位小数"),
        ("1e-9", "最多保留 4 位小数"),
    ],
)
def test_fit_decimal_refuses_what_it_does_not(typed, message):
    with pytest.raises(OutOfRange, match=message):
        fit_decimal(parse_decimal(typed), label="城镇新增就业")


def test_parse_decimal_refuses_non_numbers():
    for typed in ("inf", "NaN", "-Infinity", "1" * 5000, "约七千", "", "1e9999999999999999999"):
        assert parse_decimal(typed) is None, typed


def test_fit_int_bounds_and_messages():
    assert fit_int("12", label="天数", high=60) == 12
    for bad in ("-5", "999999999", "1.5", "", "9" * 5000, True):
        with pytest.raises(OutOfRange, match="天数"):
            fit_int(bad, label="天数", high=60)


# --- the report form and the API ---------------------------------------------


@pytest.mark.parametrize("typed", BREAKERS)
def test_a_value_the_column_cannot_hold_is_refused_on_the_form(
    typed, calendar, task, jobs, client_for, fgw_officer
):
    fgw = report_of(task, "州发改委", calendar[0])
    url = reverse("reports:report", args=[fgw.pk])
    response = client_for(fgw_officer).post(
        url, {"lock_version": 0, "narrative": "我的进展", f"value_{jobs.pk}": typed}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "城镇新增就业" in html and "form-error" in html and "我的进展" in html
    assert not TargetValue.objects.filter(version__report=fgw).exists()
    assert client_for(fgw_officer).get(url).status_code == 200


@pytest.mark.parametrize("typed", BREAKERS)
def test_a_value_the_column_cannot_hold_is_refused_by_the_api(
    typed, api_client, calendar, task, jobs, fgw_officer
):
    client = api_client(fgw_officer)
    response = client.post(
        f"/api/tasks/{task.pk}/reports",
        {"expected_version": 0, "values": [{"target_id": jobs.pk, "value": typed}]},
    )
    assert response.status_code == 400
    assert "城镇新增就业" in response.json()["detail"]
    assert client.get(f"/api/tasks/{task.pk}/reports").status_code == 200


def test_the_largest_value_the_column_holds_shows_everywhere(
    calendar, task, jobs, client_for, fgw_officer, supervisor, api_client
):
    fgw = report_of(task, "州发改委", calendar[0])
    big = "-999999999999999999.9999"
    fgw = save_draft(
        report=fgw,
        user=fgw_officer,
        data={"values": {jobs.pk: {"value": big, "as_of": "2020-11-15"}}},
        expected_version=0,
    )
    consolidate_and_submit(report=fgw, user=fgw_officer, expected_version=fgw.lock_version)
    # SQLite keeps 15 significant digits; the value reads back, close to what was typed.
    assert abs(TargetValue.objects.get(version__report=fgw).value - Decimal(big)) < 1000
    assert client_for(fgw_officer).get(reverse("reports:report", args=[fgw.pk])).status_code == 200
    for path in office_pages(task, fgw):
        assert client_for(supervisor).get(path).status_code == 200, path
    assert api_client(supervisor).get(f"/api/tasks/{task.pk}/reports").status_code == 200


# --- values stored before the bound existed ---------------------------------------


@pytest.mark.skipif(connection.vendor != "sqlite", reason="only SQLite ever stored them")
def test_the_repair_migration_makes_pages_answer_again(
    calendar, task, jobs, rate, client_for, fgw_officer, supervisor, api_client
):
    fgw = report_of(task, "州发改委", calendar[0])
    fgw = save_draft(
        report=fgw,
        user=fgw_officer,
        data={"values": {jobs.pk: ("100", "2020-11-15"), rate.pk: ("3.2", "2020-11-15")}},
        expected_version=0,
    )
    fgw = consolidate_and_submit(report=fgw, user=fgw_officer, expected_version=fgw.lock_version)
    with connection.cursor() as cursor:  # what the old code let through
        cursor.execute(
            "UPDATE reports_targetvalue SET value = %s WHERE target_id = %s", ["1" * 5000, jobs.pk]
        )
        cursor.execute(
            "UPDATE reports_historicaltargetvalue SET value = %s WHERE target_id = %s",
            ["1e30", jobs.pk],
        )
    url = reverse("supervision:task", args=[task.pk])
    with pytest.raises(Exception):  # noqa: B017 — the state the finding described
        client_for(supervisor).get(url)

    migration = importlib.import_module("duban.reports.migrations.0003_repair_out_of_range_values")
    migration.repair(None, SimpleNamespace(connection=connection))

    assert client_for(supervisor).get(url).status_code == 200
    assert client_for(fgw_officer).get(reverse("reports:report", args=[fgw.pk])).status_code == 200
    assert api_client(supervisor).get(f"/api/tasks/{task.pk}/reports").status_code == 200
    assert list(
        TargetValue.objects.filter(version__report=fgw).values_list("target", flat=True)
    ) == [rate.pk]
    note = ReviewComment.objects.get(version=fgw.current_version)
    assert "城镇新增就业" in note.body and "已移除" in note.body


def test_api_reports_are_json(api_client, calendar, task, fgw_officer):
    body = api_client(fgw_officer).get(f"/api/tasks/{task.pk}/reports").content
    assert isinstance(json.loads(body), list)
