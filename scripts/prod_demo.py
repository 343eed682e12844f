"""A production-shaped duban on this machine, all on loopback:

    nginx (TLS, self-signed) :BASE ─┬─ duban serve :BASE+1 ─┐
                                    └─ duban serve :BASE+2 ─┴─ one PostgreSQL
                                       duban worker (when the command exists)

    python scripts/prod_demo.py [--port-base 19400] [--database-url URL] [--var DIR]
                                [--app-servers 2] [--workers 2] [--threads 1] [--fresh]

`make prod-demo` runs it and waits (Ctrl-C stops everything). benchmarks/rush.py and
the fault test drive the same `Stack` from Python (kill an app server, restart it).
The database is created, migrated and given the demo data when it is empty.
"""

import argparse
import os
import shutil
import signal
import ssl
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
# The demo accounts' password on this stack (printed at start; loopback only).
PASSWORD = "prod-demo-only-" + "p" * 8
SET_PASSWORDS = (
    "from duban.accounts.demo import PASSWORDS; from duban.accounts.models import User\n"
    "for user in User.objects.filter(username__in=PASSWORDS):\n"
    f"    user.set_password({PASSWORD!r}); user.save()"
)
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/duban_prod_demo"

NGINX_CONF = """\
worker_processes 1;
{user}
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log {dir}/nginx-access.log;
    client_body_temp_path {dir}/tmp/body;
    proxy_temp_path {dir}/tmp/proxy;
    fastcgi_temp_path {dir}/tmp/fastcgi;
    uwsgi_temp_path {dir}/tmp/uwsgi;
    scgi_temp_path {dir}/tmp/scgi;
    upstream duban {{
{servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate {dir}/tls.crt;
        ssl_certificate_key {dir}/tls.key;
        client_max_body_size 25m;
        location /static/ {{ alias {static}/; expires 7d; }}
        location / {{
            proxy_pass http://duban;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;  # with the port: CSRF compares the Referer
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Request-ID $request_id;
            # A refused connection (a dead app server) is retried on the other one,
            # POSTs included: nothing reached the dead server.
            proxy_next_upstream error timeout non_idempotent;
            proxy_connect_timeout 2s;
        }}
    }}
}}
"""


@dataclass
class Stack:
    database_url: str = DEFAULT_URL
    var: Path = ROOT / "var" / "prod-demo"
    port_base: int = 19400
    app_servers: int = 2
    workers: int = 2
    threads: int = 1
    servers: dict = field(default_factory=dict)  # port → Popen
    worker: subprocess.Popen | None = None

    @property
    def url(self):
        return f"https://127.0.0.1:{self.port_base}"

    @property
    def ports(self):
        return [self.port_base + 1 + i for i in range(self.app_servers)]

    @property
    def cafile(self):
        return str(self.var / "nginx" / "tls.crt")

    def env(self):
        env = dict(os.environ)
        env.pop("DJANGO_SETTINGS_MODULE", None)
        env.update(
            PYTHONPATH=str(ROOT),
            DATABASE_URL=self.database_url,
            DUBAN_VAR_DIR=str(self.var),
            DUBAN_DEBUG="0",
            DUBAN_SECRET_KEY="prod-demo-only-" + "k" * 40,
            DUBAN_ALLOWED_HOSTS="127.0.0.1,localhost",
            DUBAN_LOG_LEVEL=os.environ.get("DUBAN_LOG_LEVEL", "WARNING"),
        )
        return env

    def duban(self, *args, debug=False, **kwargs):
        env = self.env()
        if debug:  # the demo's own steps: its accounts still have their published passwords
            env["DUBAN_DEBUG"] = "1"
        return subprocess.run(
            [sys.executable, "-m", "duban", *args], env=env, cwd=ROOT, check=True, **kwargs
        )

    def prepare(self, fresh=False):
        if fresh and self.var.exists():
            shutil.rmtree(self.var)
        self.var.mkdir(parents=True, exist_ok=True)
        base, _, name = self.database_url.rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            exists = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if fresh and exists:
                admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                exists = None
            if not exists:
                admin.execute(f'CREATE DATABASE "{name}"')
        self.duban("migrate", "--noinput", "-v0")
        self.duban("demo", stdout=subprocess.DEVNULL, debug=True)
        # Production refuses to start while a demo account has its published password
        # (accounts/demo.py): this stack's accounts get PASSWORD instead.
        self.duban("shell", "-c", SET_PASSWORDS, debug=True)
        self.duban("collectstatic", "--noinput", "-v0")
        self._nginx_files()

    def _nginx_files(self):
        conf = self.var / "nginx"
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (conf / "tmp" / sub).mkdir(parents=True, exist_ok=True)
        if not (conf / "tls.crt").exists():
            subprocess.run(
                ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "7",
                 "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                 "-keyout", str(conf / "tls.key"), "-out", str(conf / "tls.crt")],
                check=True, capture_output=True,
            )  # fmt: skip
        servers = "\n".join(
            f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=3s;" for p in self.ports
        )
        user = "user root;" if os.geteuid() == 0 else ""  # loopback demo: temp dirs are ours
        (conf / "nginx.conf").write_text(
            NGINX_CONF.format(
                user=user,
                dir=conf,
                servers=servers,
                port=self.port_base,
                static=self.var / "static",
            )
        )

    def start_server(self, port):
        log = open(self.var / f"serve-{port}.log", "ab")  # noqa: SIM115 — lives with the process
        self.servers[port] = subprocess.Popen(
            [sys.executable, "-m", "duban", "serve", "--bind", f"127.0.0.1:{port}",
             "--workers", str(self.workers), "--threads", str(self.threads)],
            env=self.env(), cwd=ROOT, stdout=log, stderr=log, start_new_session=True,
        )  # fmt: skip

    def kill_server(self, port, sig=signal.SIGKILL):
        """kill -9 the app server's whole process group (master and workers)."""
        proc = self.servers.pop(port)
        os.killpg(proc.pid, sig)
        proc.wait()

    def start(self):
        for port in self.ports:
            self.start_server(port)
        has_worker = (
            "worker"
            in self.duban("help", "--commands", capture_output=True, text=True).stdout.split()
        )
        if has_worker:
            log = open(self.var / "worker.log", "ab")  # noqa: SIM115
            self.worker = subprocess.Popen(
                [sys.executable, "-m", "duban", "worker"],
                env=self.env(), cwd=ROOT, stdout=log, stderr=log, start_new_session=True,
            )  # fmt: skip
        conf = self.var / "nginx" / "nginx.conf"
        subprocess.run(["nginx", "-p", str(conf.parent), "-c", str(conf)], check=True)
        for port in self.ports:
            self.wait_healthy(f"http://127.0.0.1:{port}/healthz")
        self.wait_healthy(f"{self.url}/healthz")

    def ssl_context(self):
        return ssl.create_default_context(cafile=self.cafile)

    def wait_healthy(self, url, timeout=60):
        context = self.ssl_context() if url.startswith("https") else None
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2, context=context) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not become healthy in {timeout}s")
            time.sleep(0.3)

    def stop(self):
        conf = self.var / "nginx" / "nginx.conf"
        subprocess.run(
            ["nginx", "-p", str(conf.parent), "-c", str(conf), "-s", "quit"],
            check=False,
            capture_output=True,
        )
        for port in list(self.servers):
            self.kill_server(port, signal.SIGTERM)
        if self.worker is not None:
            os.killpg(self.worker.pid, signal.SIGTERM)
            self.worker.wait()
            self.worker = None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port-base", type=int, default=19400)
    parser.add_argument(
        "--database-url", default=os.environ.get("PROD_DEMO_DATABASE_URL", DEFAULT_URL)
    )
    parser.add_argument("--var", type=Path, default=ROOT / "var" / "prod-demo")
    parser.add_argument("--app-servers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--fresh", action="store_true", help="drop the database and var first")
    args = parser.parse_args(argv)
    stack = Stack(
        args.database_url, args.var, args.port_base, args.app_servers, args.workers, args.threads
    )
    stack.prepare(fresh=args.fresh)
    stack.start()
    print(f"duban: {stack.url}/  (TLS certificate: {stack.cafile}); Ctrl-C stops", flush=True)
    print(f"demo accounts (duchashi, lingdao, fgw, geermu, admin): password {PASSWORD}", flush=True)
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
