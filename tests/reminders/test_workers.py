"""Two worker processes at once over 1,000 due messages, against a database of
their own: every message reaches the local SMTP server (aiosmtpd) and the local
webhook receiver exactly once, also after a simulated two-day outage.

The workers are real processes (`duban supervise --now …`, what `duban worker`
runs each tick) started together, so their claims really race."""

import os
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

from tests.reminders.seed_workers import ITEMS, PEOPLE

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker_db(tmp_path):
    """A fresh database for the worker processes: PostgreSQL when the suite runs
    on it, else a SQLite file (both are what production uses)."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("postgresql"):
        name = f"duban_workers_{uuid.uuid4().hex[:8]}"
        admin_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/postgres"
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        yield admin_url.rsplit("/", 1)[0] + "/" + name
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield f"sqlite:///{tmp_path / 'workers.sqlite3'}"


def _env(url, tmp_path, smtp_port):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DUBAN_VAR_DIR=str(tmp_path),
        DUBAN_EMAIL_HOST="127.0.0.1",
        DUBAN_EMAIL_PORT=str(smtp_port),
        DUBAN_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def _duban(env, *args):
    done = subprocess.run(
        [sys.executable, "-m", "duban", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def _two_workers(env, now):
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "duban", "supervise", "--now", now, "--worker", name],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("A", "B")
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err


def _delivered(smtp, receiver):
    """(person, item) pairs counted at the SMTP server and at the webhook receiver."""
    by_mail = Counter()
    for mail in smtp.messages:
        for line in mail["body"].splitlines():
            if "事项" in line and "—" in line:
                by_mail[(mail["to"][0], line.split("] ")[1].split(" —")[0])] += 1
    by_hook = Counter()
    for request in receiver.requests:
        for line in request["body"]["items"]:
            by_hook[(request["body"]["recipient"], line.split("] ")[1].split(" —")[0])] += 1
    return by_mail, by_hook


def test_two_workers_deliver_each_message_once_also_after_two_days_down(
    worker_db, tmp_path, smtp_sink, receiver
):
    env = _env(worker_db, tmp_path, settings.EMAIL_PORT)
    _duban(env, "migrate", "--noinput", "-v0")
    _duban(
        env,
        "shell",
        "-c",
        f"from tests.reminders.seed_workers import seed; seed({receiver.url + '/json'!r})",
    )

    # 12-05 09:00: T−3 for all 1,000 items; both workers run at once.
    _two_workers(env, "2020-12-05T09:00")
    by_mail, by_hook = _delivered(smtp_sink, receiver)
    assert len(by_mail) == ITEMS and set(by_mail.values()) == {1}
    assert len(by_hook) == ITEMS and set(by_hook.values()) == {1}
    assert len(smtp_sink.messages) == PEOPLE  # one digest per person
    assert all(m["to"][0] != "nounit@example.org" for m in smtp_sink.messages)

    # They run again the next hour: nothing new.
    _two_workers(env, "2020-12-05T10:00")
    assert len(smtp_sink.messages) == PEOPLE

    # Down from 12-07 09:00 to 12-09 09:00: the due-day reminder of 12-08 was
    # missed; on restart it goes out once, and again not in the following runs.
    _two_workers(env, "2020-12-07T09:00")
    assert len(smtp_sink.messages) == PEOPLE
    smtp_sink.messages.clear()
    receiver.requests.clear()
    _two_workers(env, "2020-12-09T09:00")
    _two_workers(env, "2020-12-09T10:00")
    by_mail, by_hook = _delivered(smtp_sink, receiver)
    assert len(by_mail) == ITEMS and set(by_mail.values()) == {1}
    assert len(by_hook) == ITEMS and set(by_hook.values()) == {1}
    assert len(smtp_sink.messages) == PEOPLE
    assert all("今日到期" in m["body"] for m in smtp_sink.messages)
