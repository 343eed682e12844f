"""The move from SQLite to PostgreSQL exactly as docs/deploy.md tells it:
dumpdata on SQLite → migrate an empty PostgreSQL database → loaddata. The office
sees the same overview, the uploads stay where they are, and the audit chain
verifies on PostgreSQL against the head exported on SQLite (its hashes do not depend
on the database)."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from tests.ops.test_backup import ROOT, duban, overview

PG = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/duban")
DUMP_EXCLUDES = ["contenttypes", "auth.permission", "sessions", "axes", "admin.logentry"]


@pytest.fixture
def target():
    base, _, name = PG.rpartition("/")
    name = f"{name}_move_{os.getpid()}"
    admin = psycopg.connect(f"{base}/postgres", autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{base}/{name}"
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_dumpdata_loaddata_moves_the_demo_to_postgresql(tmp_path, target):
    (tmp_path / "var").mkdir()
    env = dict(os.environ, PYTHONPATH=str(ROOT), DUBAN_VAR_DIR=str(tmp_path / "var"))
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    duban(env, "migrate", "--noinput", "-v0")
    duban(env, "demo")
    before = overview(env)
    head = duban(env, "audit", "head").stdout.strip()

    dump = tmp_path / "duban.json"
    excludes = [arg for model in DUMP_EXCLUDES for arg in ("--exclude", model)]
    duban(env, "dumpdata", "--natural-foreign", *excludes, "-o", str(dump))

    pg_env = dict(env, DATABASE_URL=target)
    duban(pg_env, "migrate", "--noinput", "-v0")
    loaded = duban(pg_env, "loaddata", str(dump))
    assert "Installed" in loaded.stdout

    assert duban(pg_env, "audit", "head").stdout.strip() == head
    assert overview(pg_env) == before  # (signing in adds an entry to the chain)
    assert duban(pg_env, "audit", "verify", "--anchor", head).stdout.startswith("ok:")
    # New rows get fresh ids after the loaded ones (loaddata resets the sequences).
    created = subprocess.run(
        [sys.executable, "-m", "duban", "shell", "-c",
         "from duban.units.models import Unit; u = Unit.objects.create(name='州新设局');"
         "print(u.pk > max(Unit.objects.exclude(pk=u.pk).values_list('pk', flat=True)))"],
        env=pg_env, cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert created.stdout.strip().endswith("True")
    assert duban(pg_env, "audit", "verify").stdout.startswith("ok:")
    assert Path(tmp_path / "var" / "uploads").is_dir()
