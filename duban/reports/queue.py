"""Work lists: the office's review queue (待审核) — consolidated reports
waiting for the supervisors to accept or return them, oldest first — and the
report a unit's 填报 button opens for each of its tasks.

Read-only queries; accepting and returning go through services.accept_report /
services.return_report like everywhere else."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from duban import access

from .models import Report, Role, Status

# A report's long texts reached through its select_related (the plan's whole
# document, the version's narrative): lists of reports leave them unread.
LONG_TEXTS = (
    "task__plan__text",
    "current_version__narrative",
    "current_version__problems",
    "current_version__next_steps",
)


def may_review(user) -> bool:
    """Only the office's supervisors work the queue (leaders read reports, never review them)."""
    return bool(access.is_supervisor(user))


def review_queue(user):
    """Reports of the user's office waiting for review, the longest-waiting first
    (the time the lead unit last sent it, then the period's due date)."""
    if not may_review(user):
        return Report.objects.none()
    return (
        Report.objects.visible_to(user)
        # Inputs included in a consolidation are "consolidated" too, but only
        # the principal lead's report goes to the office.
        .filter(
            status=Status.CONSOLIDATED,
            role=Role.PRINCIPAL,
            task__plan__office_id=user.unit_id,
            # Always true of a consolidated report (its version was sent);
            # said so that the version is an inner join, from which PostgreSQL
            # walks the versions in the order sent (reports_version_sent)
            # instead of sorting every waiting report.
            current_version__submitted_at__isnull=False,
        )
        .select_related("task__plan", "unit", "period", "current_version")
        # The list shows none of the long texts: the document, the report's.
        .defer(*LONG_TEXTS)
        .order_by("current_version__submitted_at", "period__due_date", "pk")
    )


def queue_count(user) -> int:
    return review_queue(user).count() if may_review(user) else 0


# The navigation's badge says "99+" past this: every page of a supervisor
# shows it, and an exact count of a province's queue (tens of thousands of
# reports joined to their tasks and plans) cost ~200 ms a page; counting at
# most this many rows stops after them.
BADGE_CAP = 99


def queue_badge_count(user) -> int:
    """The queue's length for the navigation badge, at most BADGE_CAP + 1
    (shown as "99+")."""
    if not may_review(user):
        return 0
    # By key alone: select_related's joins (unit, period; foreign keys that
    # are never empty, so they drop no row) only cost the planner time, which
    # was most of this query's (4.5 of 5.5 ms at load 9 on the province).
    return review_queue(user).order_by().values("pk")[: BADGE_CAP + 1].count()


class ReportToFill(NamedTuple):
    """What the 待办 page shows of a report: its 填报 button and one line."""

    pk: int
    status: str
    period_label: str
    due_date: date


def reports_to_fill(*, unit_id: int, task_ids) -> dict[int, ReportToFill]:
    """{task id: the unit's report the 待办 page's 填报 button opens}: the
    earliest one still to write (draft or returned), else the latest one.

    Read as plain rows (a page reads ~5 reports a task; as Report and
    ReportingPeriod instances they were ~200 objects a page). The due date is
    Report.due_date's: the period's, else the co-units' earlier one."""
    chosen: dict[int, ReportToFill] = {}
    rows = (
        Report.objects.filter(unit_id=unit_id, task_id__in=list(task_ids))
        .order_by("period__due_date", "pk")
        .values_list(
            "task_id",
            "pk",
            "status",
            "role",
            "period__label",
            "period__due_date",
            "period__co_due_date",
        )
    )
    for task_id, pk, status, role, label, due, co_due in rows:
        current = chosen.get(task_id)
        if current is not None and current.status in (Status.DRAFT, Status.RETURNED):
            continue
        chosen[task_id] = ReportToFill(pk, status, label, due if role == Role.PRINCIPAL else co_due)
    return chosen
