"""A private PostgreSQL cluster in a temporary folder on a port of its own, for
tests and benchmarks that must restart the database: never the shared server.

    cluster = PrivateCluster(port=19450); cluster.start(); cluster.url("duban")
    cluster.restart(); cluster.destroy()

Uses the server binaries of Debian's postgresql package (/usr/lib/postgresql/N/bin);
as root it runs them as the `postgres` account (the server refuses root)."""

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path


def server_bin():
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not found:
        raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
    return found[-1].parent


class PrivateCluster:
    def __init__(self, port):
        self.port = port
        self.bin = server_bin()
        self.root = Path(tempfile.mkdtemp(prefix="duban-pg-"))
        self.data = self.root / "data"
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            account = pwd.getpwnam("postgres")
            os.chown(self.root, account.pw_uid, account.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def _run(self, tool, *args):
        cmd = [str(self.bin / tool), *args]
        if self.as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True)

    def start(self):
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=on"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.root / "log"),
                  "-w", "start")  # fmt: skip

    def restart(self):
        """A fast restart: every connection is cut, running transactions roll back."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-l", str(self.root / "log"),
                  "-w", "restart")  # fmt: skip

    def stop(self):
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def destroy(self):
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # not running
        shutil.rmtree(self.root, ignore_errors=True)
