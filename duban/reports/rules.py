"""Who may do what with reports: the access layer's predicates on report
objects. Plain predicates, so services check the same rules the views do
(`rules.has_perm("reports.view_report", user, report)`)."""

import rules

from duban import access
from duban.plans.models import Assignment

from .models import Report, Role


def _plan_open(report):
    return report.task.plan.status == "published"


@rules.predicate
def is_report_writer(user, report):
    """An officer or head of the report's own unit, while the plan is running."""
    return access.is_member_of(user, report.unit_id) and _plan_open(report)


@rules.predicate
def is_report_head(user, report):
    """The head of the report's unit (signs it off before it leaves the unit)."""
    return access.is_head_of(user, report.unit_id) and _plan_open(report)


def is_principal_unit(user, task):
    return Assignment.objects.filter(task=task, unit_id=user.unit_id, is_principal=True).exists()


@rules.predicate
def is_principal_writer(user, report):
    """An officer or head of the task's principal lead unit, on its own report."""
    return is_report_writer(user, report) and report.role == Role.PRINCIPAL


@rules.predicate
def is_input_reviewer(user, report):
    """An officer or head of the task's principal lead unit, on another unit's
    report of that task (an input to consolidate)."""
    return (
        access.is_unit_staff(user)
        and user.unit_id != report.unit_id
        and _plan_open(report)
        and _principal_unit_of(user, report)
    )


def _principal_unit_of(user, report):
    """is_principal_unit, remembered on the report's task object for the request
    (a list of a task's reports shares one task object and asks once)."""
    memo = report.task.__dict__.setdefault("_principal_units", {})
    if user.unit_id not in memo:
        memo[user.unit_id] = is_principal_unit(user, report.task_id)
    return memo[user.unit_id]


@rules.predicate
def is_office_supervisor(user, report):
    """A supervisor of the office that owns the report's plan."""
    return access.is_supervisor_of(user, report.task.plan.office_id) and _plan_open(report)


@rules.predicate
def can_view_report(user, report):
    return access.is_active(user) and Report.objects.visible_to(user).filter(pk=report.pk).exists()


rules.add_perm("reports.view_report", can_view_report)
rules.add_perm("reports.change_report", is_report_writer)
rules.add_perm("reports.sign_report", is_report_head)
rules.add_perm("reports.consolidate_report", is_principal_writer)
rules.add_perm("reports.review_report", is_office_supervisor)
