"""Liveness of the parts a deployment runs: the database and the task worker.

The worker (django-tasks' database backend) is judged by its queue: a task that
is due but has waited longer than DUBAN_WORKER_STALL_SECONDS (default 300) means
no worker is taking tasks. No secret, version, host name or error text is ever
part of the answer: failures go to the log with the request id."""

import logging

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, TaskResultStatus

log = logging.getLogger(__name__)


def database_ok(conn=None):
    try:
        with (conn or connection).cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone()[0] == 1
    except Exception:  # any failure means "not healthy"; the log keeps the details
        log.exception("health check: database unreachable")
        return False


def worker_state():
    """{"status": "ok"|"stalled"|"unknown", "queued": n, "oldest_queued_seconds": s}."""
    stall = getattr(settings, "DUBAN_WORKER_STALL_SECONDS", 300)
    now = timezone.now()
    try:
        due = DBTaskResult.objects.filter(status=TaskResultStatus.READY, run_after__lte=now)
        queued = due.count()
        oldest = due.order_by("run_after").values_list("run_after", flat=True).first()
    except Exception:
        log.exception("health check: task queue unreadable")
        return {"status": "unknown", "queued": None, "oldest_queued_seconds": None}
    waited = round((now - oldest).total_seconds()) if oldest else 0
    return {
        "status": "stalled" if waited > stall else "ok",
        "queued": queued,
        "oldest_queued_seconds": waited,
    }


def check(conn=None):
    """(http status, body): 503 when the database is unreachable; a stalled worker
    is reported ("degraded") but leaves the app server in its pool (200)."""
    if not database_ok(conn):
        return 503, {"status": "error", "database": "error", "worker": {"status": "unknown"}}
    worker = worker_state()
    status = "ok" if worker["status"] == "ok" else "degraded"
    return 200, {"status": status, "database": "ok", "worker": worker}
