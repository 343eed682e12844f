"""A real `duban worker` killed (SIGKILL) in the middle of an OCR job: the job stays
"running" — nothing in the dead process can say otherwise — until its heartbeat is
older than DUBAN_OCR_STALL_SECONDS; the next worker then fails it as stalled, and
the 重试 of it (ocr.services.retry_job) is read and imported by a worker. A worker
that was only paused (SIGSTOP) past the limit gives up its attempt when it resumes:
the retry is the one imported, once."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.ocr import jobs

ROOT = Path(__file__).resolve().parents[2]
UPLOAD = """
from pathlib import Path
from duban.docparse import open_bytes
from duban.ocr.services import start_job
from tests.personas import load_directory, make_persona
load_directory()
supervisor = make_persona("supervisor")
source = open_bytes(Path({scan!r}).read_bytes(), "扫描件.pdf")
job = start_job(
    source=source, pages=source.scanned_pages(), office=supervisor.unit, user=supervisor
)
print(job.pk)
"""
RETRY = """
from duban.ocr.models import OcrJob
from duban.ocr.services import retry_job
job = OcrJob.objects.get(pk={pk})
retry_job(job_id=job.pk, user=job.created_by)
"""


def _duban(env, *args, **extra):
    return subprocess.run(
        [sys.executable, "-m", "duban", *args],
        env=dict(env, **extra),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )


def _job(database: Path, pk: int) -> tuple:
    with sqlite3.connect(database) as db:
        return db.execute(
            "SELECT status, pages_done, attempt, retryable, error, plan_id"
            " FROM ocr_ocrjob WHERE id = ?",
            [pk],
        ).fetchone()


def _uploaded_and_running(tmp_path):
    """A fresh SQLite site with an uploaded two-page scan, and a `duban worker`
    process that has just started reading it."""
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        DUBAN_VAR_DIR=str(tmp_path),
        DUBAN_DEBUG="1",
        DUBAN_LOG_FORMAT="text",
    )
    env.pop("DATABASE_URL", None)  # its own SQLite file, whatever the suite runs on
    env.pop("DJANGO_SETTINGS_MODULE", None)
    database = tmp_path / "duban.sqlite3"
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(jobs.two_page_scan())
    _duban(env, "migrate", "--noinput", "-v0")
    out = _duban(env, "shell", "-c", UPLOAD.format(scan=str(scan))).stdout
    pk = int(out.strip().splitlines()[-1])
    assert _job(database, pk)[0] == "queued"
    worker = subprocess.Popen(
        [sys.executable, "-m", "duban", "worker", "--interval", "3600", "--poll", "0.2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "worker.log").open("w"),
        start_new_session=True,
    )
    give_up = time.monotonic() + 180
    while time.monotonic() < give_up and _job(database, pk)[0] == "queued":
        time.sleep(0.1)
    if _job(database, pk)[0] != "running":
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
        raise AssertionError(f"the worker did not start the job: {_job(database, pk)}")
    return env, database, pk, worker


def _titles(database: Path) -> list[str]:
    with sqlite3.connect(database) as db:
        return sorted(t for (t,) in db.execute("SELECT title FROM plans_task"))


def test_a_job_whose_worker_was_killed_fails_as_stalled_and_its_retry_is_imported(tmp_path):
    env, database, pk, worker = _uploaded_and_running(tmp_path)
    os.killpg(worker.pid, signal.SIGKILL)  # mid-job: no chance to say anything
    worker.wait(timeout=30)
    status, done, *_ = _job(database, pk)
    assert status == "running" and done < 2  # what the progress bar showed forever

    # The next worker, once the heartbeat is older than the limit, fails it.
    time.sleep(2)
    _duban(env, "worker", "--once", DUBAN_OCR_STALL_SECONDS="1")
    status, _done, attempt, retryable, error, plan = _job(database, pk)
    assert (status, attempt, retryable, plan) == ("failed", 1, 1, None)
    assert error.startswith("识别中断:后台识别进程已停止")

    _duban(env, "shell", "-c", RETRY.format(pk=pk))
    assert _job(database, pk)[:3] == ("queued", 0, 2)
    _duban(env, "worker", "--once")
    status, done, attempt, _retryable, error, plan = _job(database, pk)
    assert (status, done, attempt) == ("done", 2, 2), error
    assert plan is not None and _titles(database) == ["扩大投资", "稳定就业"]


def test_a_paused_worker_gives_up_its_attempt_and_the_retry_is_imported_once(tmp_path):
    env, database, pk, worker = _uploaded_and_running(tmp_path)
    os.killpg(worker.pid, signal.SIGSTOP)  # paused mid-job (a frozen VM, a debugger …)
    try:
        assert _job(database, pk)[:2] == ("running", 0)
        time.sleep(2)
        _duban(env, "worker", "--once", DUBAN_OCR_STALL_SECONDS="1")
        assert _job(database, pk)[0] == "failed"
        _duban(env, "shell", "-c", RETRY.format(pk=pk))
        assert _job(database, pk)[:3] == ("queued", 0, 2)
    finally:
        os.killpg(worker.pid, signal.SIGCONT)
    try:
        # Resumed, it finds its attempt is no longer the job's at its next page, stops
        # storing anything, then takes the queued retry like any other task.
        give_up = time.monotonic() + 400
        while time.monotonic() < give_up and _job(database, pk)[0] != "done":
            time.sleep(0.5)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
    status, done, attempt, _retryable, error, plan = _job(database, pk)
    assert (status, done, attempt) == ("done", 2, 2), error
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT COUNT(*) FROM plans_plan").fetchone()[0] == 1
    assert _titles(database) == ["扩大投资", "稳定就业"]
    log = (tmp_path / "worker.log").read_text()
    assert f"OCR job {pk} attempt 1 given up: no longer current" in log
