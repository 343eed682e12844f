"""Backup and restore: one archive with the database and the uploaded files.

The archive (`duban backup FILE`, a .tar.gz) holds

- `manifest.json`: format, database vendor, when, the applied migrations and the
  audit chain's head at the moment of the backup;
- `db.sqlite3` (SQLite: the online backup API copies a consistent snapshot while
  the application keeps writing) or `db.pgdump` (PostgreSQL: `pg_dump
  --format=custom`, one consistent snapshot taken inside a repeatable-read
  transaction; Debian 12's postgresql-client 15 provides pg_dump/pg_restore);
- `uploads/…`: MEDIA_ROOT, copied after the database snapshot, so every file the
  snapshot refers to is there (uploads are written before the rows naming them
  and never rewritten; a file added after the snapshot is merely extra).

`duban restore FILE` puts both back onto an empty database of the same vendor
(moving between vendors is `duban migrate_to`/dumpdata, see docs/deploy.md) and
an empty upload folder.
"""

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections

from duban.audit.chain import head

FORMAT = "duban-backup-1"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


def _vendor(alias):
    return connections[alias].vendor


def _pg_env(alias):
    conf = connections[alias].settings_dict
    env = dict(os.environ)
    for key, name in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if conf.get(name):
            env[key] = str(conf[name])
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = conf["PASSWORD"]
    return env, conf["NAME"]


def _run(cmd, env=None):
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(
            f"{cmd[0]} is not installed (apt-get install postgresql-client)"
        ) from None
    if done.returncode != 0:
        raise BackupError(f"{cmd[0]} failed: {done.stderr.strip()}")


def _snapshot_database(alias, into: Path) -> str:
    if _vendor(alias) == "sqlite":
        connection = connections[alias]
        connection.ensure_connection()
        target = into / "db.sqlite3"
        dest = sqlite3.connect(target)
        try:
            connection.connection.backup(dest)
        finally:
            dest.close()
        return target.name
    if _vendor(alias) == "postgresql":
        env, name = _pg_env(alias)
        target = into / "db.pgdump"
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), name], env)
        return target.name
    raise BackupError(f"unsupported database: {_vendor(alias)}")


def _applied_migrations(alias):
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def backup(path, *, alias="default"):
    """Write the archive to `path`; return its manifest."""
    path = Path(path)
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="duban-backup-") as tmp:
        tmp = Path(tmp)
        seq, digest = head(alias)
        db_file = _snapshot_database(alias, tmp)
        manifest = {
            "format": FORMAT,
            "vendor": _vendor(alias),
            "database": db_file,
            "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "migrations": _applied_migrations(alias),
            "audit_head": f"{seq}:{digest}",
        }
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(tmp / db_file, arcname=db_file)
            if media.is_dir():
                tar.add(media, arcname="uploads")
        partial.replace(path)  # a half-written archive never carries the final name
    return manifest


def _database_is_empty(alias):
    return not connections[alias].introspection.table_names()


def _safe_members(tar):
    for member in tar.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"unsafe path in archive: {member.name}")
        yield member


def restore(path, *, alias="default"):
    """Restore the archive at `path` onto an empty database and upload folder."""
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="duban-restore-") as tmp:
        tmp = Path(tmp)
        try:
            with tarfile.open(path, "r:gz") as tar:
                tar.extractall(tmp, members=list(_safe_members(tar)))
            manifest = json.loads((tmp / "manifest.json").read_text())
        except (OSError, tarfile.TarError, ValueError, KeyError) as exc:
            raise BackupError(f"not a duban backup: {exc}") from None
        if manifest.get("format") != FORMAT:
            raise BackupError("not a duban backup (unknown format)")
        vendor = _vendor(alias)
        if manifest["vendor"] != vendor:
            raise BackupError(
                f"the backup is of {manifest['vendor']}, this database is {vendor}: "
                "restore onto the same kind, then `duban migrate_to`"
            )
        if not _database_is_empty(alias):
            raise BackupError("the database is not empty: restore only onto an empty database")
        if media.is_dir() and any(media.iterdir()):
            raise BackupError(f"the upload folder is not empty: {media}")
        source = tmp / manifest["database"]
        if vendor == "sqlite":
            connection = connections[alias]
            connection.ensure_connection()
            src = sqlite3.connect(source)
            try:
                src.backup(connection.connection)
            finally:
                src.close()
            connection.close()
        else:
            env, name = _pg_env(alias)
            connections[alias].close()
            _run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--exit-on-error",
                    "--single-transaction",
                    "--dbname",
                    name,
                    str(source),
                ],
                env,
            )
        if (tmp / "uploads").is_dir():
            media.mkdir(parents=True, exist_ok=True)
            shutil.copytree(tmp / "uploads", media, dirs_exist_ok=True)
    return manifest
