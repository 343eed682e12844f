"""`/healthz` and the request-id / JSON log plumbing."""

import datetime as dt
import json
import logging
import logging.config

import pytest
from django.db import connection
from django.db.utils import load_backend
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from duban.ops import health
from duban.ops.requestlog import RequestIdFilter


def test_healthz_reports_database_and_worker(db, client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "worker": {"status": "ok", "queued": 0, "oldest_queued_seconds": 0},
    }


def test_healthz_tells_no_secrets(db, client, settings):
    body = client.get("/healthz").content.decode()
    database = connection.settings_dict
    for secret in (settings.SECRET_KEY, str(database["NAME"]), "django", "python", "postgres"):
        assert secret.lower() not in body.lower()


def _queued(minutes_ago):
    when = timezone.now() - dt.timedelta(minutes=minutes_ago)
    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="duban.example.task",
        backend_name="default",
        run_after=when,
        queue_name="default",
    )


def test_a_task_waiting_too_long_means_a_stalled_worker(db, client, settings):
    settings.DUBAN_WORKER_STALL_SECONDS = 300
    _queued(minutes_ago=1)
    assert client.get("/healthz").json()["worker"]["status"] == "ok"
    _queued(minutes_ago=30)
    response = client.get("/healthz")
    assert response.status_code == 200  # the app server itself still serves
    body = response.json()
    assert body["status"] == "degraded" and body["worker"]["status"] == "stalled"
    assert body["worker"]["queued"] == 2 and body["worker"]["oldest_queued_seconds"] >= 1790


def test_an_unreachable_database_gives_503(db, tmp_path):
    """A real connection to a database that cannot be opened (a folder that does
    not exist / a port nobody listens on)."""
    broken = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        broken["NAME"] = str(tmp_path / "missing" / "x.sqlite3")
    else:
        broken.update(HOST="127.0.0.1", PORT="1")
    wrapper = load_backend(broken["ENGINE"]).DatabaseWrapper(broken, "broken")
    try:
        status, body = health.check(wrapper)
    finally:
        wrapper.close()
    assert status == 503
    assert body == {"status": "error", "database": "error", "worker": {"status": "unknown"}}


def test_healthz_answers_plain_http_when_the_site_redirects_to_https(db, client, settings):
    """Probes ask an app server directly on loopback, where nobody speaks TLS."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/accounts/login/").status_code == 301


def test_healthz_takes_no_post(db, client):
    assert client.post("/healthz").status_code == 405


def test_a_sane_request_id_from_the_proxy_is_kept(db, client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="0f1e2d3c4b5a69788796a5b4c3d2e1f0")
    assert response["X-Request-ID"] == "0f1e2d3c4b5a69788796a5b4c3d2e1f0"


@pytest.mark.parametrize("given", ["", "short", "x" * 65, "a b c d e f g h", "<script>alert(1)"])
def test_any_other_request_id_is_replaced(db, client, given):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=given)
    assert response["X-Request-ID"] != given and len(response["X-Request-ID"]) == 32


def test_each_request_is_logged_as_json_with_its_id(db, client, caplog, settings):
    caplog.set_level(logging.INFO, logger="duban.request")
    response = client.get("/healthz?token=secret")
    (record,) = [r for r in caplog.records if r.name == "duban.request"]
    assert record.request_id == response["X-Request-ID"]
    config = settings.LOGGING["formatters"]["json"]
    json_formatter = logging.config.DictConfigurator({}).configure_custom(dict(config))
    line = json.loads(json_formatter.format(record))
    assert line["request_id"] == response["X-Request-ID"]
    assert (line["level"], line["logger"], line["message"]) == ("INFO", "duban.request", "request")
    assert (line["method"], line["path"], line["status"]) == ("GET", "/healthz", 200)
    assert "secret" not in json.dumps(line)  # no query strings in the log
    assert line["time"].endswith("+00:00")


def test_records_outside_a_request_carry_a_dash():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", (), None)
    RequestIdFilter().filter(record)
    assert record.request_id == "-"
