"""Work lists: the office's review queue (待审核) — consolidated reports
waiting for the supervisors to accept or return them, oldest first — and the
report a unit's 填报 button opens for each of its tasks.

Read-only queries; accepting and returning go through services.accept_report /
services.return_report like everywhere else."""

from __future__ import annotations

from duban import access

from .models import Report, Role, Status


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
        )
        .select_related("task__plan", "unit", "period", "current_version")
        .order_by("current_version__submitted_at", "period__due_date", "pk")
    )


def queue_count(user) -> int:
    return review_queue(user).count() if may_review(user) else 0


def reports_to_fill(*, unit_id: int, task_ids) -> dict[int, Report]:
    """{task id: the unit's report the 待办 page's 填报 button opens}: the
    earliest one still to write (draft or returned), else the latest one."""
    chosen: dict[int, Report] = {}
    rows = (
        Report.objects.filter(unit_id=unit_id, task_id__in=list(task_ids))
        .select_related("period")
        .order_by("period__due_date", "pk")
    )
    for report in rows:
        current = chosen.get(report.task_id)
        if current is not None and current.status in (Status.DRAFT, Status.RETURNED):
            continue
        chosen[report.task_id] = report
    return chosen
