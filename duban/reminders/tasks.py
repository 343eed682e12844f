"""Background tasks (django-tasks, database backend): the worker enqueues one
`supervise` per tick and runs it; running it twice for one moment is harmless
(messages are unique and claimed, see services)."""

import datetime as dt

from django_tasks import task

from . import services


@task()
def supervise(now_iso: str, worker: str) -> dict:
    summary = services.run_supervision(now=dt.datetime.fromisoformat(now_iso), worker=worker)
    return {"planned": summary.planned, "messages": summary.messages, "digests": summary.digests}
