"""`duban serve`: the production process — gunicorn serving duban.wsgi.

    duban serve [--bind 127.0.0.1:8000] [--workers N] [--threads T] [--timeout 60] [--pid FILE]

Bound to loopback by default: nginx (TLS, static files, request ids) sits in
front, see docs/deploy.md. Workers default to 2 × cores + 1 (gunicorn's advice for
synchronous workers, which wait on the database most of the time); `--threads T`
above 1 gives each worker T threads (gunicorn's gthread worker), so that a worker
keeps its core busy while one request waits on PostgreSQL. The command
replaces itself with gunicorn (exec), so systemd's signals reach gunicorn's master
directly: HUP reloads the code, TERM stops gracefully."""

import os
import sys

from django.core.management.base import BaseCommand, CommandError


def default_workers():
    return 2 * (os.cpu_count() or 1) + 1


def gunicorn_argv(*, bind, workers, timeout, pid=None, threads=1):
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--timeout",
        str(timeout),
        "--graceful-timeout",
        "30",
        # Recycle workers now and then so that a slow leak never grows unbounded.
        "--max-requests",
        "2000",
        "--max-requests-jitter",
        "200",
        # Only the local proxy may claim the client's address and scheme.
        "--forwarded-allow-ips",
        "127.0.0.1,::1",
        "--error-logfile",
        "-",
        "--name",
        "duban",
    ]
    if threads > 1:
        argv += ["--threads", str(threads)]
    if pid:
        argv += ["--pid", pid]
    return [*argv, "duban.wsgi:application"]


class Command(BaseCommand):
    help = "以生产方式运行(gunicorn,默认仅监听 127.0.0.1)。"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000", help="HOST:PORT or unix:PATH")
        parser.add_argument("--workers", type=int, default=default_workers())
        parser.add_argument("--threads", type=int, default=1, help="threads per worker")
        parser.add_argument("--timeout", type=int, default=60)
        parser.add_argument("--pid", help="write the master's process id here")

    def handle(self, *args, bind, workers, threads, timeout, pid, **opts):
        if workers < 1 or threads < 1:
            raise CommandError("--workers and --threads must be at least 1")
        argv = gunicorn_argv(bind=bind, workers=workers, timeout=timeout, pid=pid, threads=threads)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(argv[0], argv)
