"""What the office's task page shows: each target with its value history and
light, every report (visible to the user) with its versions and comments."""

from __future__ import annotations

from collections import defaultdict

from duban.reports.figures import latest_unit_figures
from duban.reports.models import Report, ReportVersion, ReviewComment, Status, TaskValue


def task_page_data(*, task, user, light) -> dict:
    """Targets, reports and chart series of `task`, as `user` may see them.

    Value history takes the task's figures of versions that left their unit
    (what the office has seen), oldest first; accepted ones are marked. Each
    target also lists every unit's own latest figure (`unit_figures`)."""
    reports = list(
        Report.objects.visible_to(user)
        .filter(task=task)
        .select_related("unit", "period", "current_version")
        .order_by("period__due_date", "role", "unit__name")
    )
    report_ids = [r.pk for r in reports]
    versions = defaultdict(list)
    for version in (
        # Versions sent (or, for the user's own unit, submitted): never a
        # revision another unit is still writing.
        ReportVersion.objects.visible_to(user)
        .filter(report_id__in=report_ids)
        .exclude(submitted_at__isnull=True)
        .select_related("submitted_by")
        .order_by("report_id", "number")
    ):
        versions[version.report_id].append(version)
    comments = defaultdict(list)
    for comment in ReviewComment.objects.filter(version__report_id__in=report_ids).select_related(
        "author"
    ):
        comments[comment.version_id].append(comment)
    for report in reports:
        report.sent_versions = versions.get(report.pk, [])
        for version in report.sent_versions:
            version.comments_list = comments.get(version.pk, [])
    # The task's figures as the principal lead sent them (by each target's
    # rule), and each unit's own latest figure beside them.
    history = defaultdict(list)
    for value in (
        TaskValue.objects.filter(
            target__task=task,
            version__report_id__in=report_ids,
            version__submitted_at__isnull=False,
            version__in=ReportVersion.objects.visible_to(user),
        )
        .select_related("version__report__unit", "version__report__period")
        .order_by("as_of", "version__submitted_at", "pk")
    ):
        history[value.target_id].append(value)
    visible = set(report_ids)
    unit_figures = {
        target_id: [v for v in values if v.version.report_id in visible]
        for target_id, values in latest_unit_figures(task).items()
    }
    targets = list(task.targets.all())
    chart = {}
    for target in targets:
        target.history = history.get(target.pk, [])
        target.unit_figures = unit_figures.get(target.pk, [])
        target.light = light.targets.get(target.pk)
        accepted = [v for v in target.history if v.version.status == Status.ACCEPTED]
        target.latest = accepted[-1] if accepted else None
        chart[str(target.pk)] = {
            "name": target.name,
            "unit": target.unit,
            "target": None if target.value is None else float(target.value),
            "points": [[v.as_of.isoformat(), float(v.value)] for v in target.history],
        }
    return {"targets": targets, "reports": reports, "chart": chart}
