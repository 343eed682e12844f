"""When the office's own action changed the numbers its overview shows.

督办总览 keeps its computed numbers for a few seconds
(settings.DUBAN_OVERVIEW_MAX_AGE, supervision.overview). A supervisor who
accepts or returns a report, overrides a light or publishes a plan must see the
result at once, so the view that did it calls `office_numbers_changed` once the
change is committed (services are atomic; the views call this after they
return). Here, below reports, plans and desk, so that each of their views can
call it without importing supervision.

Two marks, because the cache is per process unless CACHES names a shared one:
- in the cache, per office: numbers computed before it are dropped by every
  process that shares the cache (with the default per-process cache: the one
  that served the action; the others catch up within the max age, as the page
  says);
- in the actor's session (read on every request anyway, stored in the
  database): their own next overview is recomputed on whichever app server
  serves it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import cache
from django.utils import timezone

SESSION_KEY = "duban_overview_changed"


def office_key(office_id: int) -> str:
    return f"duban:overview:changed:{office_id}"


def max_age() -> int:
    """Seconds the overview's numbers may be reused (0: computed for every request)."""
    return max(0, int(getattr(settings, "DUBAN_OVERVIEW_MAX_AGE", 0)))


def office_numbers_changed(*, office_id: int | None, session: SessionBase | None = None) -> None:
    """Record that the office's numbers changed now (call after the commit:
    numbers computed from an earlier snapshot must not outlive the mark)."""
    seconds = max_age()
    if not seconds or office_id is None:
        return
    now = timezone.now()
    # The mark only has to outlive the entries computed before it (≤ max age).
    cache.set(office_key(office_id), now, timeout=seconds + 1)
    if session is not None:
        session[SESSION_KEY] = now.isoformat()


def changed_at(*, office_id: int | None, session: SessionBase | None = None) -> dt.datetime | None:
    """The latest change mark for this office and this session (None: none)."""
    marks: list[dt.datetime] = []
    if office_id is not None:
        mark = cache.get(office_key(office_id))
        if isinstance(mark, dt.datetime):
            marks.append(mark)
    raw = session.get(SESSION_KEY) if session is not None else None
    if isinstance(raw, str):
        try:
            marks.append(dt.datetime.fromisoformat(raw))
        except ValueError:
            pass
    return max(marks, default=None)
