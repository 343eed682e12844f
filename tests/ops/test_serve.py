"""`duban serve`: gunicorn on loopback with workers from the core count, serving
the real application (a healthz and a page through a real socket)."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from duban.ops.management.commands.serve import default_workers, gunicorn_argv

ROOT = Path(__file__).resolve().parents[2]
PORT = 19410


def test_defaults_are_loopback_and_workers_from_the_cores():
    argv = gunicorn_argv(bind="127.0.0.1:8000", workers=default_workers(), timeout=60)
    assert argv[1:3] == ["-m", "gunicorn"] and argv[-1] == "duban.wsgi:application"
    assert argv[argv.index("--workers") + 1] == str(2 * os.cpu_count() + 1)
    help_text = subprocess.run(
        [sys.executable, "-m", "duban", "serve", "--help"],
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "--bind" in help_text and "--workers" in help_text


def _get(url):
    with urllib.request.urlopen(url, timeout=2) as response:
        return response.status, response.headers, response.read()


def test_serve_answers_on_loopback(tmp_path):
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        DUBAN_VAR_DIR=str(tmp_path),
        DUBAN_DEBUG="0",
        DUBAN_SECRET_KEY="test-" + "s" * 50,
        DUBAN_HTTPS="0",  # plain HTTP on loopback: no redirect to https for the page below
    )
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([sys.executable, "-m", "duban", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    proc = subprocess.Popen(
        [sys.executable, "-m", "duban", "serve", "--bind", f"127.0.0.1:{PORT}", "--workers", "2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, headers, body = _get(f"http://127.0.0.1:{PORT}/healthz")
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode()
                assert time.monotonic() < deadline, "duban serve did not answer"
                time.sleep(0.3)
        assert status == 200 and json.loads(body)["database"] == "ok"
        assert len(headers["X-Request-ID"]) == 32
        status, _headers, body = _get(f"http://127.0.0.1:{PORT}/accounts/login/")
        assert status == 200 and "登录" in body.decode()
        workers = subprocess.run(
            ["pgrep", "-P", str(proc.pid)], capture_output=True, text=True
        ).stdout.split()
        assert len(workers) == 2  # gunicorn's master replaced `duban serve` (exec)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
