"""`duban worker` as `make run` starts it: a real process that runs the ladder on its
interval and picks up anything queued meanwhile (a scan waiting for OCR) on its much
shorter poll, without waiting for the next ladder run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENQUEUE = (
    "from duban.reminders.tasks import supervise; "
    "print(supervise.enqueue('2020-12-18T09:00:00+08:00', 'test').id)"
)


def _duban(env, *args):
    return subprocess.run(
        [sys.executable, "-m", "duban", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )


def _status(database: Path, task_id: str) -> str | None:
    with sqlite3.connect(database) as db:
        row = db.execute(
            "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?",
            [task_id.replace("-", "")],
        ).fetchone()
        if row is None:  # ids may be stored with their dashes
            row = db.execute(
                "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?", [task_id]
            ).fetchone()
    return row[0] if row else None


def _done(database: Path) -> int:
    try:
        with sqlite3.connect(database) as db:
            return db.execute(
                "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult"
                " WHERE status = 'SUCCESSFUL'"
            ).fetchone()[0]
    except sqlite3.OperationalError:  # not migrated yet
        return 0


def test_a_task_queued_between_ladder_runs_is_worked_off_on_the_next_poll(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), DUBAN_VAR_DIR=str(tmp_path))
    env.pop("DATABASE_URL", None)  # its own SQLite file, whatever the suite runs on
    env.pop("DJANGO_SETTINGS_MODULE", None)
    _duban(env, "migrate", "--noinput", "-v0")
    worker = subprocess.Popen(
        [sys.executable, "-m", "duban", "worker", "--interval", "3600", "--poll", "0.5"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        # Its first pass (the ladder run it enqueues at start) done, the worker waits.
        database = tmp_path / "duban.sqlite3"
        give_up = time.monotonic() + 120
        while time.monotonic() < give_up and not _done(database):
            time.sleep(0.5)
        assert _done(database) == 1
        task_id = _duban(env, "shell", "-c", ENQUEUE).stdout.strip().splitlines()[-1]
        # The next ladder run is an hour away: only the poll can run this task.
        give_up = time.monotonic() + 120
        status = None
        while time.monotonic() < give_up:
            status = _status(database, task_id)
            if status == "SUCCESSFUL":
                break
            time.sleep(0.5)
        assert status == "SUCCESSFUL"
        assert worker.poll() is None  # still running, waiting for the next poll
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
