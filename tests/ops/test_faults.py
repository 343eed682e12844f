"""The deadline rush with faults, at small scale: officers save and submit through
nginx and two gunicorn app servers on a private PostgreSQL cluster (never the shared
server); mid-rush one app server is killed with SIGKILL and PostgreSQL is restarted.
The clients retry; afterwards every acknowledged submission is in the database exactly
once, none is doubled, no report is half-written and the audit chain verifies
(benchmarks/rush.py --faults, which exits 1 otherwise).

Marked `faults`: `make test` runs it once, in the PostgreSQL pass."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OFFICERS = 12


@pytest.mark.faults
def test_kill_an_app_server_and_restart_postgresql_mid_rush(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for name in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DUBAN_VAR_DIR"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks/rush.py"), "--faults",
         "--officers", str(OFFICERS), "--seconds", "20", "--port-base", "19420",
         "--var", str(tmp_path / "var")],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    out = done.stdout
    assert "fault at" in out and "kill -9 app server" in out and "restart PostgreSQL" in out
    assert f"submissions acknowledged: {OFFICERS} of {OFFICERS}" in out, out + done.stderr
    assert "problems: 0" in out and "PROBLEM" not in out, out
    assert done.returncode == 0, out + done.stderr[-3000:]
    # The faults were felt (and retried), not missed: some request saw a 5xx or a
    # refused connection.
    assert re.search(r"error +\d+ +\w.*\(retried\)", out), out
