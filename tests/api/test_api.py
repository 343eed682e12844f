"""The API end to end against a real database: tokens, the report chain
through the API (draft with values → submit → accept/return), conflicts,
read-only leaders, plan status and the offline docs page."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from duban.api.models import ApiToken, hash_key
from duban.api.services import issue_token, revoke_token
from duban.reports.models import Report, TargetValue
from tests.permissions import db_snapshot


def _task_url(task, suffix=""):
    return reverse("api:get_task", kwargs={"task_id": task.pk}) + suffix


def _draft(jobs, rate, expected, **extra):
    return {
        "expected_version": expected,
        "narrative": "新增就业稳步推进。",
        "values": [
            {"target_id": jobs.pk, "value": "9000", "as_of": "2020-11-15"},
            {"target_id": rate.pk, "value": "3.1"},
        ],
        **extra,
    }


def test_me_names_the_token_account(api_client, fgw_officer, supervisor):
    body = api_client(fgw_officer).get("/api/me").json()
    assert body["username"] == fgw_officer.username
    assert body["role"] == "officer"
    assert body["unit"]["name"] == "州发改委"
    assert api_client(supervisor).get("/api/me").json()["role"] == "supervisor"


def test_no_bad_or_revoked_token_is_401(api_client, fgw_officer):
    assert api_client(None).get("/api/me").status_code == 401
    client = api_client(fgw_officer)
    client.key = client.key + "x"
    assert client.get("/api/me").status_code == 401
    token, key = issue_token(user=fgw_officer)
    client.key = key
    assert client.get("/api/me").status_code == 200
    revoke_token(token=token)
    assert client.get("/api/me").status_code == 401


def test_deactivated_account_token_stops_working(api_client, fgw_officer):
    client = api_client(fgw_officer)
    assert client.get("/api/me").status_code == 200
    fgw_officer.is_active = False
    fgw_officer.save()
    assert client.get("/api/me").status_code == 401


def test_token_is_stored_only_as_a_hash(fgw_officer):
    token, key = issue_token(user=fgw_officer)
    token.refresh_from_db()
    assert key not in (token.key_hash, token.prefix)
    assert token.key_hash == hash_key(key)
    assert key.startswith(token.prefix)


def test_last_used_is_recorded(api_client, fgw_officer):
    client = api_client(fgw_officer)
    client.get("/api/me")
    assert ApiToken.objects.get(user=fgw_officer).last_used_at is not None


def test_issue_token_command(fgw_officer, capsys):
    call_command("issue_token", fgw_officer.username, "--name", "报表工具")
    key = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(user=fgw_officer)
    assert token.key_hash == hash_key(key) and token.name == "报表工具"
    call_command("issue_token", fgw_officer.username, "--revoke", token.prefix)
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_unit_sees_only_its_tasks(
    api_client, calendar, plan, fgw_officer, stranger, golmud_officer
):
    fgw = api_client(fgw_officer).get("/api/tasks").json()
    assert {t["key"] for t in fgw["items"]} == {"二.(四)", "二.(五)"}
    assert {t["my_role"] for t in fgw["items"]} == {"principal"}
    golmud = api_client(golmud_officer).get("/api/tasks").json()
    assert [(t["key"], t["my_role"]) for t in golmud["items"]] == [("二.(四)", "co")]
    assert api_client(stranger).get("/api/tasks").json() == {
        "count": 0,
        "next_cursor": None,
        "items": [],
    }


def test_office_sees_every_task_paged(api_client, calendar, plan, supervisor, leader):
    body = api_client(leader).get("/api/tasks", plan=plan.pk, limit=1).json()
    assert body["count"] == 2 and len(body["items"]) == 1
    assert body["items"][0]["my_role"] is None


def test_an_offset_page_holds_the_rows_in_order(api_client, calendar, plan, supervisor):
    """offset pages (the skipped rows read by key alone, the page's rows then
    read whole) give the first page's rows in the same order."""
    client = api_client(supervisor)
    whole = client.get("/api/tasks", plan=plan.pk).json()["items"]
    assert len(whole) >= 2
    for offset in range(len(whole)):
        body = client.get("/api/tasks", plan=plan.pk, offset=offset, limit=1).json()
        assert body["items"] == whole[offset : offset + 1]
        assert body["count"] == len(whole)
        assert (body["next_cursor"] is None) == (offset == len(whole) - 1)


def test_task_detail_targets_and_light(api_client, calendar, task, jobs, fgw_officer, stranger):
    body = api_client(fgw_officer).get(_task_url(task)).json()
    # Nothing measured and the 2020 calendar's reports overdue: red by timeliness.
    assert body["light"] == "red"
    names = {t["name"]: t for t in body["targets"]}
    assert names["城镇新增就业"]["op"] == ">=" and names["城镇新增就业"]["value"] == "13000"
    assert names["失业率"]["value"] == "3.5"
    assert api_client(stranger).get(_task_url(task)).status_code == 404


def test_report_chain_through_the_api(
    api_client, calendar, task, jobs, rate, fgw_officer, supervisor
):
    fgw = api_client(fgw_officer)
    saved = fgw.post(_task_url(task, "/reports"), _draft(jobs, rate, 0))
    assert saved.status_code == 200, saved.content
    report = saved.json()
    assert report["status"] == "draft" and report["lock_version"] == 1
    assert {v["target_id"]: v["value"] for v in report["version"]["values"]} == {
        jobs.pk: "9000",
        rate.pk: "3.1",
    }
    sent = fgw.post(f"/api/reports/{report['id']}/submit", {"expected_version": 1})
    assert sent.status_code == 200, sent.content
    assert sent.json()["status"] == "consolidated"
    office = api_client(supervisor)
    listed = office.get(_task_url(task, "/reports")).json()
    mine = next(r for r in listed if r["id"] == report["id"])
    assert "accept" in mine["actions"] and mine["version"]["narrative"] == "新增就业稳步推进。"
    accepted = office.post(f"/api/reports/{report['id']}/accept", {"comment": "同意"})
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    detail = office.get(_task_url(task)).json()
    latest = {t["name"]: t["latest_value"] for t in detail["targets"]}
    assert latest == {"城镇新增就业": "9000", "失业率": "3.1"}
    assert detail["light"] != "grey"
    assert all(t["light"] in ("green", "yellow", "red", "blue") for t in detail["targets"])


def test_stale_expected_version_is_409_and_saves_nothing(
    api_client, calendar, task, jobs, rate, fgw_officer, fgw_head
):
    assert (
        api_client(fgw_officer).post(_task_url(task, "/reports"), _draft(jobs, rate, 0)).status_code
        == 200
    )
    before = list(TargetValue.objects.values_list("target_id", "value"))
    late = api_client(fgw_head).post(
        _task_url(task, "/reports"), _draft(jobs, rate, 0, narrative="我的版本")
    )
    assert late.status_code == 409
    body = late.json()
    assert "已被他人" in body["detail"] and body["lock_version"] == 1
    assert list(TargetValue.objects.values_list("target_id", "value")) == before


def test_bad_value_is_400_with_the_target_named(
    api_client, calendar, task, jobs, rate, fgw_officer
):
    data = _draft(jobs, rate, 0)
    data["values"][0]["value"] = "约一万"
    response = api_client(fgw_officer).post(_task_url(task, "/reports"), data)
    assert response.status_code == 400
    assert "城镇新增就业" in response.json()["detail"]
    assert not TargetValue.objects.exists()


@pytest.mark.parametrize("who", ["leader", "supervisor", "admin_user"])
def test_office_and_admin_cannot_write_unit_reports(
    who, request, api_client, calendar, task, jobs, rate
):
    client = api_client(request.getfixturevalue(who))
    before = db_snapshot()
    response = client.post(_task_url(task, "/reports"), _draft(jobs, rate, 0))
    assert response.status_code == 403, response.content
    assert not before.changed_against(db_snapshot())


def test_leader_cannot_accept_or_return(
    api_client, calendar, task, jobs, rate, fgw_officer, leader
):
    fgw = api_client(fgw_officer)
    report = fgw.post(_task_url(task, "/reports"), _draft(jobs, rate, 0)).json()
    fgw.post(f"/api/reports/{report['id']}/submit", {})
    client = api_client(leader)
    for action in ("accept", "return"):
        before = db_snapshot()
        response = client.post(f"/api/reports/{report['id']}/{action}", {"comment": "不行"})
        assert response.status_code == 403
        assert not before.changed_against(db_snapshot())


def test_return_needs_a_comment(api_client, calendar, task, jobs, rate, fgw_officer, supervisor):
    fgw = api_client(fgw_officer)
    report = fgw.post(_task_url(task, "/reports"), _draft(jobs, rate, 0)).json()
    fgw.post(f"/api/reports/{report['id']}/submit", {})
    office = api_client(supervisor)
    refused = office.post(f"/api/reports/{report['id']}/return", {"comment": "  "})
    assert refused.status_code == 400 and "退回意见" in refused.json()["detail"]
    returned = office.post(f"/api/reports/{report['id']}/return", {"comment": "请补充数据来源"})
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    own = fgw.get(_task_url(task, "/reports")).json()
    assert next(r for r in own if r["id"] == report["id"])["version"]["comment"] == "请补充数据来源"


def test_draft_not_visible_to_the_office(
    api_client, calendar, task, jobs, rate, fgw_officer, supervisor
):
    report = api_client(fgw_officer).post(_task_url(task, "/reports"), _draft(jobs, rate, 0)).json()
    office = api_client(supervisor)
    assert report["id"] not in {r["id"] for r in office.get(_task_url(task, "/reports")).json()}
    assert office.post(f"/api/reports/{report['id']}/accept", {}).status_code == 404


def test_plan_status_office_and_unit(api_client, calendar, plan, fgw_officer, supervisor, stranger):
    office = api_client(supervisor).get(f"/api/plans/{plan.pk}/status").json()
    assert office["tasks"] == 2 and sum(office["counts"].values()) == 2
    assert set(office["counts"]) == {"green", "yellow", "red", "blue", "grey"}
    unit = api_client(fgw_officer).get(f"/api/plans/{plan.pk}/status").json()
    assert unit["tasks"] == 2
    assert all(o["unit"] == "州发改委" for o in unit["overdue"])
    assert api_client(stranger).get(f"/api/plans/{plan.pk}/status").status_code == 404


def test_openapi_schema_lists_the_routes(client, supervisor):
    client.force_login(supervisor)
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/me",
        "/api/tasks",
        "/api/tasks/{task_id}/reports",
        "/api/reports/{report_id}/submit",
    } <= set(schema["paths"])
    assert (
        "BearerAuth" in str(schema["components"]["securitySchemes"])
        or schema["components"]["securitySchemes"]
    )


def test_docs_page_references_nothing_outside(client, supervisor):
    client.force_login(supervisor)
    html = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert not re.findall(r"""(?:src|href)=["']https?://""", html)


def test_docs_need_sign_in(client):
    response = client.get("/api/docs")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_report_listing_for_principal_shows_delivered_inputs(
    api_client, calendar, task, jobs, golmud_officer, fgw_officer
):
    golmud = api_client(golmud_officer)
    draft = golmud.post(
        _task_url(task, "/reports"),
        {"expected_version": 0, "values": [{"target_id": jobs.pk, "value": "800"}]},
    )
    assert draft.status_code == 200, draft.content
    fgw = api_client(fgw_officer)
    assert draft.json()["id"] not in {r["id"] for r in fgw.get(_task_url(task, "/reports")).json()}
    sent = golmud.post(f"/api/reports/{draft.json()['id']}/submit", {"expected_version": 1})
    assert sent.status_code == 200 and sent.json()["status"] == "submitted"
    assert draft.json()["id"] in {r["id"] for r in fgw.get(_task_url(task, "/reports")).json()}
    assert Report.objects.get(pk=draft.json()["id"]).delivered_at is not None


def test_the_lead_confirms_a_task_figure_through_the_api(
    api_client, calendar, task, jobs, rate, fgw_officer, supervisor
):
    fgw = api_client(fgw_officer)
    report = fgw.post(_task_url(task, "/reports"), _draft(jobs, rate, 0)).json()
    sent = fgw.post(
        f"/api/reports/{report['id']}/submit",
        {"expected_version": 1, "totals": [{"target_id": jobs.pk, "value": "9800"}]},
    )
    assert sent.status_code == 200, sent.content
    version = sent.json()["version"]
    # The unit's own figure and the task's figure it sent, side by side.
    assert {v["target_id"]: v["value"] for v in version["values"]}[jobs.pk] == "9000"
    totals = {v["target_id"]: v for v in version["task_values"]}
    assert totals[jobs.pk]["value"] == "9800" and totals[jobs.pk]["proposed"] == "9000"
    assert totals[rate.pk]["value"] == "3.1" and totals[rate.pk]["aggregation"] == "lead"
    api_client(supervisor).post(f"/api/reports/{report['id']}/accept", {})
    detail = api_client(supervisor).get(_task_url(task)).json()
    assert {t["name"]: t["latest_value"] for t in detail["targets"]}["城镇新增就业"] == "9800"
