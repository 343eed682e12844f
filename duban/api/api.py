"""The REST API (django-ninja, OpenAPI 3 at /api/openapi.json, docs at /api/docs).

Every call authenticates with a per-account bearer token (`duban issue_token
USERNAME`) and acts with exactly that account's permissions: the same
querysets (`visible_to`) and the same service functions the pages use, so an
object the account may not see is 404 and an action it may not take is 403."""

import logging

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Swagger
from ninja.security import HttpBearer

from duban import access
from duban.accounts.models import User
from duban.core import freshness, numbers
from duban.core.paging import labels
from duban.core.views import bad_request
from duban.plans.access import require_unit_member
from duban.plans.models import Assignment, Plan, Task
from duban.reports import rules as report_rules
from duban.reports import services as report_services
from duban.reports.models import (
    Report,
    ReportingCalendar,
    ReportVersion,
    Role,
    Status,
    TargetValue,
    TaskValue,
)
from duban.supervision import lights

from . import schemas as s
from .services import user_for_key

MAX_LIMIT = 200
logger = logging.getLogger(__name__)


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_key(token)
        if user is not None:
            # Services and the audit trail read the acting user from the request.
            request.user = user
        return user


api = NinjaAPI(
    title="duban API",
    version="1",
    description=_(
        "督办系统接口。每个单位账号用自己的令牌(Authorization: Bearer …)访问,权限与网页相同。"
    ),
    urls_namespace="api",
    auth=TokenAuth(),
    # The docs page uses ninja's own static copy of Swagger UI (ninja is in
    # INSTALLED_APPS); no validator badge, which would call validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
    docs_decorator=login_required,
)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or _("没有权限。")}, status=403)


@api.exception_handler(report_services.ConflictError)
def _conflict(request, exc):
    current = getattr(exc, "report_lock_version", None)
    return api.create_response(
        request,
        {"detail": str(exc), "lock_version": current if current is not None else -1},
        status=409,
    )


@api.exception_handler(Exception)
def _server_error(request, exc):
    # Anything else: logged with its traceback, answered as JSON (never a page
    # or a traceback). ninja's own handlers (404, 422, 401) stay more specific.
    logger.exception("API error on %s", request.path)
    return api.create_response(request, {"detail": _("服务器内部错误,请稍后重试。")}, status=500)


@api.exception_handler(numbers.OutOfRange)
def _out_of_range(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    return bad_request(request, exc)  # 413 with a JSON detail


@api.exception_handler(OverflowError)
def _overflow(request, exc):
    # The net under numbers.fit_int: an id or count no database integer holds.
    return api.create_response(request, {"detail": _("数值超出范围。")}, status=400)


@api.exception_handler(report_services.ReportError)
def _refused(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=400)


def _user(request):
    return request.auth


def _task(user, task_id):
    return get_object_or_404(Task.objects.visible_to(user).select_related("plan"), pk=task_id)


def _report(user, report_id):
    return get_object_or_404(
        Report.objects.visible_to(user).select_related("task__plan", "unit", "period"),
        pk=report_id,
    )


def _dec(x):
    return None if x is None else format(x.normalize(), "f")


def _my_roles(user, task_ids):
    if not user.unit_id:
        return {}
    result = {}
    for task_id, role, principal in Assignment.objects.filter(
        task_id__in=task_ids, unit_id=user.unit_id
    ).values_list("task_id", "role", "is_principal"):
        result[task_id] = "principal" if principal else role
    return result


def _task_out(task, light, my_role):
    return {
        "id": task.pk,
        "plan_id": task.plan_id,
        "plan": task.plan.name,
        "key": task.key,
        "title": task.title,
        "deadline": task.deadline,
        "light": light.light.value if hasattr(light.light, "value") else light.light,
        "my_role": my_role,
    }


@api.get("/me", response=s.MeOut, summary="The account this token acts as")
def me(request):
    user = _user(request)
    unit = user.unit
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": access.role_of(user),
        "role_label": str(user.get_role_display()),
        "unit": {"id": unit.pk, "name": unit.name} if unit else None,
    }


def _cursor_of(task) -> str:
    return f"{task.plan_id}.{task.order}.{task.pk}"


def _after(tasks, cursor: str):
    """Tasks after `cursor` (plan id . order . id of the last one seen) in the
    list's order. The redundant plan_id >= lets the database start from the
    key in the paging index instead of skipping rows (OFFSET)."""
    try:
        plan_id, order, task_id = (int(part) for part in cursor.split("."))
    except ValueError:
        raise report_services.InvalidInput(_("cursor 无效。")) from None
    plan_id = numbers.fit_int(plan_id, label="cursor", low=0, high=numbers.ID_MAX)
    order = numbers.fit_int(order, label="cursor", low=0, high=numbers.ID_MAX)
    task_id = numbers.fit_int(task_id, label="cursor", low=0, high=numbers.ID_MAX)
    return tasks.filter(plan_id__gte=plan_id).filter(
        Q(plan_id__gt=plan_id)
        | Q(plan_id=plan_id, order__gt=order)
        | Q(plan_id=plan_id, order=order, id__gt=task_id)
    )


@api.get(
    "/tasks",
    response=s.TaskPage,
    summary="Tasks the account may see (a unit's own, the office's all)",
    description=(
        "Page through with next_cursor: pass it back as cursor for the next page (every page "
        "costs the same, however far in). count is given on the first page only (no cursor). "
        "offset still works for small lists but reads and skips every row before it."
    ),
)
def list_tasks(
    request,
    plan: int | None = None,
    limit: int = 50,
    offset: int = 0,
    cursor: str | None = Query(None, description="next_cursor of the previous page"),
):
    user = _user(request)
    limit = max(1, min(limit, MAX_LIMIT))
    # Numbers beyond what the database's integers hold are refused (they were a 500).
    offset = numbers.fit_int(offset, label="offset", low=0, high=numbers.ID_MAX)
    tasks = Task.objects.visible_to(user).filter(plan__status__in=Plan.VISIBLE_TO_UNITS)
    if plan is not None:
        tasks = tasks.filter(plan_id=numbers.fit_int(plan, label="plan", low=1))
    ordered = tasks.select_related("plan").order_by("plan_id", "order", "id")
    if cursor:
        count = None
        rows = list(_after(ordered, cursor)[: limit + 1])
    elif offset:
        count = tasks.count()
        # The rows skipped are read from the paging index alone (plan, order,
        # id): only the page's own rows are then read whole, by key. Reading
        # every skipped task and plan whole cost ~3× at the end of a province.
        ids = list(ordered.values_list("pk", flat=True)[offset : offset + limit + 1])
        found = ordered.in_bulk(ids)
        rows = [found[pk] for pk in ids]
    else:
        count = tasks.count()
        rows = list(ordered[offset : offset + limit + 1])
    page, more = rows[:limit], len(rows) > limit
    ids = [t.pk for t in page]
    task_lights = lights.task_lights(Task.objects.filter(pk__in=ids), timezone.localdate())
    roles = _my_roles(user, ids)
    return {
        "count": count,
        "next_cursor": _cursor_of(page[-1]) if more else None,
        "items": [_task_out(t, task_lights[t.pk], roles.get(t.pk)) for t in page],
    }


@api.get("/tasks/{task_id}", response=s.TaskDetailOut, summary="One task: targets, status, light")
def get_task(request, task_id: int):
    user = _user(request)
    task = _task(user, task_id)
    rows = {r["id"]: r for r in lights.target_rows(Task.objects.filter(pk=task.pk))}
    light = lights.task_lights(Task.objects.filter(pk=task.pk), timezone.localdate())[task.pk]
    out = _task_out(task, light, _my_roles(user, [task.pk]).get(task.pk))
    out.update(
        light_computed=light.computed.value,
        light_override_reason=light.override_reason,
        targets=[
            {
                "id": t.pk,
                "name": t.name,
                "subject": t.subject,
                "op": t.op,
                "value": _dec(t.value),
                "value_max": _dec(t.value_max),
                "unit": t.unit,
                "deadline": t.deadline,
                "baseline": _dec(t.baseline),
                "latest_value": _dec(rows.get(t.pk, {}).get("actual")),
                "latest_as_of": rows.get(t.pk, {}).get("actual_as_of"),
                "light": light.targets[t.pk].value if t.pk in light.targets else None,
            }
            for t in task.targets.all()
        ],
    )
    return out


def _version_for(user, report):
    """The version `user` reads, as `ReportVersion.objects.shown` says (the unit its
    current one, everyone else the last one sent), from what list_reports loaded
    with the reports when it did: no query per report."""
    sent = getattr(report, "sent_versions", None)  # prefetched by list_reports
    if sent is None:
        return ReportVersion.objects.shown(report, user)
    if access.is_member_of(user, report.unit_id):
        return report.current_version  # select_related, its values prefetched
    return sent[0] if sent else None


def _values_of(version: str = "") -> list[Prefetch]:
    """Prefetches of a version's target values and task values in their models'
    order within one version (the target's order). Said here rather than left to
    Meta.ordering, whose ["version", "target"] Django expands through every
    related model's own ordering (version → report → period → plan, target →
    task → plan): six joins and most of the SQL-building time of a read."""
    return [
        Prefetch(f"{version}values", queryset=TargetValue.objects.order_by(*_BY_TARGET)),
        Prefetch(f"{version}task_values", queryset=TaskValue.objects.order_by(*_BY_TARGET)),
    ]


_BY_TARGET = ("target__order", "target_id")


def _report_out(user, report, status_labels=None):
    version = _version_for(user, report)
    status_labels = status_labels or labels(Status)
    return {
        "id": report.pk,
        "task_id": report.task_id,
        "unit": {"id": report.unit_id, "name": report.unit.name},
        "period": report.period,
        "role": report.role,
        "status": report.status,
        "status_label": status_labels.get(report.status, report.status),
        "lock_version": report.lock_version,
        "due_date": report.due_date,
        "delivered_at": report.delivered_at,
        "actions": report_services.allowed_actions(report, user),
        "version": None
        if version is None
        else {
            "number": version.number,
            "status": version.status,
            "narrative": version.narrative,
            "problems": version.problems,
            "next_steps": version.next_steps,
            "submitted_at": version.submitted_at,
            "comment": version.comment,
            "values": [
                {"target_id": v.target_id, "value": _dec(v.value), "as_of": v.as_of}
                for v in version.values.all()
            ],
            "task_values": [
                {
                    "target_id": v.target_id,
                    "value": _dec(v.value),
                    "proposed": None if v.proposed is None else _dec(v.proposed),
                    "aggregation": v.aggregation,
                    "as_of": v.as_of,
                }
                for v in version.task_values.all()
            ],
        },
    }


@api.get(
    "/tasks/{task_id}/reports",
    response=list[s.ReportOut],
    summary="A task's reports the account may read",
)
def list_reports(request, task_id: int):
    user = _user(request)
    task = _task(user, task_id)
    reports = list(
        Report.objects.visible_to(user)
        .filter(task=task)
        .select_related("unit", "period", "current_version")
        .prefetch_related(
            *_values_of("current_version__"),
            Prefetch(
                "versions",
                queryset=ReportVersion.objects.sent()
                .order_by("-number")
                .prefetch_related(*_values_of()),
                to_attr="sent_versions",
            ),
        )
        .order_by("period__due_date", "role", "unit__name")
    )
    status_labels = labels(Status)
    for report in reports:
        # One task (and plan) object for every row: what the permission checks
        # learn about it (the plan's sign-off rule, the principal lead) is
        # looked up once, not once per report.
        report.task = task
    return [_report_out(user, r, status_labels) for r in reports]


@api.post(
    "/tasks/{task_id}/reports",
    response={200: s.ReportOut, 400: s.Error, 403: s.Error, 404: s.Error, 409: s.ConflictOut},
    summary="Save the unit's draft report with values",
    description=(
        "Saves the account's unit's report of this task (the given period, or the earliest one "
        "still open). expected_version is the report's lock_version you last read; if someone "
        "saved in between the answer is 409 and nothing is saved."
    ),
)
def save_report(request, task_id: int, payload: s.DraftIn):
    user = _user(request)
    task = _task(user, task_id)
    # Only officers and heads write a unit's report (the pages' own check).
    require_unit_member(user)
    # Which report only: save_draft reads it again, whole, under lock.
    reports = Report.objects.filter(task=task, unit_id=user.unit_id)
    if payload.period_id is not None:
        period_id = numbers.fit_int(payload.period_id, label="period_id", low=1)
        report = get_object_or_404(reports, period_id=period_id)
    else:
        report = (
            reports.filter(status__in=(Status.DRAFT, Status.RETURNED))
            .order_by("period__due_date")
            .first()
        )
        if report is None:
            raise report_services.InvalidInput(_("本单位在这项任务上没有可填写的报告。"))
    data = {
        "narrative": payload.narrative,
        "problems": payload.problems,
        "next_steps": payload.next_steps,
        "values": {v.target_id: {"value": v.value, "as_of": v.as_of} for v in payload.values},
    }
    try:
        report = report_services.save_draft(
            report=report, user=user, data=data, expected_version=payload.expected_version
        )
    except report_services.ConflictError as exc:
        exc.report_lock_version = Report.objects.get(pk=report.pk).lock_version
        raise
    return _written_out(user, report)


def _written_out(user: User, written: Report) -> dict:
    """A report its own unit has just written (saved, submitted), as the unit reads
    it: the report the step locked and wrote (its unit, period and current
    version read with it, see `lock_report`) and the version's values in two
    queries, rather than found again by `ReportVersion.objects.shown`."""
    if written.current_version is not None:
        prefetch_related_objects([written.current_version], *_values_of())
    if access.is_member_of(user, written.unit_id):
        written.sent_versions = ()  # _version_for: a member reads the current version
    return _report_out(user, written)


@api.post(
    "/reports/{report_id}/submit",
    response={200: s.ReportOut, 400: s.Error, 403: s.Error, 404: s.Error, 409: s.ConflictOut},
    summary="Send the report on (co-unit → lead unit; principal lead → the office)",
)
def submit(request, report_id: int, payload: s.SubmitIn):
    user = _user(request)
    report = _report(user, report_id)
    require_unit_member(user)
    try:
        # The plan's sign-off rule only matters for the principal lead's own draft
        # (asked only then: a co-unit's submit is most of a rush's).
        if report.role == Role.PRINCIPAL and (
            report.status != Status.DRAFT
            or not ReportingCalendar.objects.filter(
                plan_id=report.task.plan_id, require_sign_off=True
            ).exists()
        ):
            report = report_services.consolidate_and_submit(
                report=report,
                user=user,
                expected_version=payload.expected_version,
                totals={t.target_id: t.value for t in payload.totals},
                totals_in_scale=False,
            )
        else:
            report = report_services.submit_report(
                report=report, user=user, expected_version=payload.expected_version
            )
    except report_services.ConflictError as exc:
        exc.report_lock_version = Report.objects.get(pk=report_id).lock_version
        raise
    return _written_out(user, report)


def _office_review(user, report_id):
    report = _report(user, report_id)
    # Here only the office reviews (a principal lead returns inputs on its pages).
    if not report_rules.is_office_supervisor(user, report):
        raise PermissionDenied(_("只有督查室可以采纳或退回报告。"))
    return report


@api.post(
    "/reports/{report_id}/accept",
    response={200: s.ReportOut, 400: s.Error, 403: s.Error, 404: s.Error},
    summary="The office accepts a consolidated report (supervisors only)",
)
def accept(request, report_id: int, payload: s.CommentIn):
    user = _user(request)
    report = _office_review(user, report_id)
    office_id = report.task.plan.office_id
    report = report_services.accept_report(report=report, user=user, comment=payload.comment)
    # A token request has no session: the office's mark alone (see core.freshness).
    freshness.office_numbers_changed(office_id=office_id)
    return _report_out(
        user, Report.objects.select_related("unit", "period", "task__plan").get(pk=report.pk)
    )


@api.post(
    "/reports/{report_id}/return",
    response={200: s.ReportOut, 400: s.Error, 403: s.Error, 404: s.Error},
    summary="The office returns a report to its unit with a comment (supervisors only)",
    url_name="return_report",
)
def return_(request, report_id: int, payload: s.CommentIn):
    user = _user(request)
    report = _office_review(user, report_id)
    office_id = report.task.plan.office_id
    report = report_services.return_report(report=report, user=user, comment=payload.comment)
    freshness.office_numbers_changed(office_id=office_id)
    return _report_out(
        user, Report.objects.select_related("unit", "period", "task__plan").get(pk=report.pk)
    )


@api.get(
    "/plans/{plan_id}/status",
    response=s.PlanStatusOut,
    summary="A plan's counts by light, on-time rate, overdue reports",
)
def plan_status(
    request, plan_id: int, limit: int = Query(100, description="overdue reports listed")
):
    user = _user(request)
    plan = get_object_or_404(Plan.objects.visible_to(user), pk=plan_id)
    on = timezone.localdate()
    tasks = Task.objects.filter(plan=plan)
    reports = Report.objects.filter(task__plan=plan)
    if access.is_unit_staff(user):
        # A unit sees its own share of the plan, as on its pages.
        tasks = tasks.filter(assignments__unit_id=user.unit_id)
        reports = reports.filter(unit_id=user.unit_id)
    elif not access.is_office_reader(user):
        raise Http404
    task_lights = lights.task_lights(tasks, on)
    timeliness = lights.timeliness(reports, on)
    late = lights.overdue(reports, on)
    rate = timeliness["rate"]
    return {
        "plan_id": plan.pk,
        "name": plan.name,
        "on": on,
        "counts": lights.count_lights(t.light for t in task_lights.values()),
        "tasks": len(task_lights),
        "reports_due": timeliness["due"],
        "on_time": timeliness["on_time"],
        "on_time_rate": None if rate is None else float(rate),
        "overdue_count": timeliness["missing"],
        "overdue": [
            {
                "report_id": r.pk,
                "task_id": r.task_id,
                "unit": r.unit.name,
                "period": r.period.label,
                "due_date": r.due,
            }
            for r in late[: max(0, min(limit, 1000))]
        ],
    }
