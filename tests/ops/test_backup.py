"""`duban backup` / `duban restore` end to end, as an operator runs them: a demo
database with an uploaded file → backup → the database and uploads are dropped →
restore onto the empty database → the same overview page, the same files, and an
audit chain that verifies against the head recorded in the backup.

Runs on SQLite, and on PostgreSQL when DATABASE_URL points at it (a database of
its own, `<name>_backup_<pid>`, created and dropped here: one per xdist worker)."""

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
DUBAN = [sys.executable, "-m", "duban"]


def duban(env, *args, check=True):
    done = subprocess.run([*DUBAN, *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if check and done.returncode:
        pytest.fail(f"duban {' '.join(args)} failed:\n{done.stderr}")
    return done


def overview(env):
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests/ops/overview_page.py")],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def files(folder):
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture
def site(tmp_path):
    """An environment for the `duban` command: its own var folder and database."""
    (tmp_path / "var").mkdir()
    # DEBUG on: the demo data keeps its published passwords, which production refuses.
    env = dict(
        os.environ, PYTHONPATH=str(ROOT), DUBAN_VAR_DIR=str(tmp_path / "var"), DUBAN_DEBUG="1"
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    url = os.environ.get("DATABASE_URL", "")
    if connection.vendor == "postgresql":
        base, _, name = url.rpartition("/")
        name = f"{name}_backup_{os.getpid()}"
        admin = psycopg.connect(f"{base}/postgres", autocommit=True)
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = f"{base}/{name}"

        def drop():
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')

        yield env, drop
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
    else:
        env.pop("DATABASE_URL", None)
        db = tmp_path / "var" / "duban.sqlite3"
        yield env, lambda: [p.unlink() for p in db.parent.glob("duban.sqlite3*")]


def test_backup_drop_restore_gives_the_same_overview(site, tmp_path):
    env, drop_database = site
    duban(env, "migrate", "--noinput", "-v0")
    duban(env, "demo")
    media = tmp_path / "var" / "uploads"
    before_files = files(media)
    assert any(name.startswith("plans/") for name in before_files)  # the demo's source document
    before_page = overview(env)
    assert "西政办〔2020〕91号" in before_page
    head = duban(env, "audit", "head").stdout.strip()

    archive = tmp_path / "duban-backup.tar.gz"
    out = duban(env, "backup", str(archive)).stdout
    assert f"audit head {head}" in out
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["vendor"] == connection.vendor and manifest["audit_head"] == head
    assert manifest["database"] in names and any(n.startswith("uploads/plans/") for n in names)

    drop_database()
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    out = duban(env, "restore", str(archive)).stdout
    assert f"--anchor {head}" in out

    assert files(media) == before_files
    assert overview(env) == before_page
    verified = duban(env, "audit", "verify", "--anchor", head)
    assert verified.stdout.startswith("ok:")


def test_restore_refuses_a_database_in_use(site, tmp_path):
    env, _drop = site
    duban(env, "migrate", "--noinput", "-v0")
    archive = tmp_path / "empty.tar.gz"
    duban(env, "backup", str(archive))
    refused = duban(env, "restore", str(archive), check=False)
    assert refused.returncode == 1 and "not empty" in refused.stderr


def test_restore_refuses_what_is_not_a_backup(site, tmp_path):
    env, _drop = site
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    refused = duban(env, "restore", str(bogus), check=False)
    assert refused.returncode == 1 and "not a duban backup" in refused.stderr
