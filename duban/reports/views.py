"""Report pages for units: my reports, fill and save a report, send it on.

Each view: authenticate, load the report through what the user may see (else
404), let the service check the action (PermissionDenied → 403), respond. A
refused save shows the form again with what the user typed.
"""

import datetime as dt
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from duban import access
from duban.core import freshness, numbers
from duban.core.amounts import AmountError
from duban.core.paging import labels, page_of
from duban.plans import rules as plan_rules
from duban.plans.models import Plan

from . import calendar as calendar_service
from . import queue, rules, services
from .attachments import add_attachment, inspect_upload
from .compare import compare_versions
from .figures import consolidation_rows
from .models import Attachment, Cadence, Report, ReportingCalendar, ReportVersion, Role, Status

# The one list of steps a page may ask for, each calling its service.
ACTIONS = {
    "submit": lambda report, user, post: services.submit_report(
        report=report, user=user, expected_version=post.get("lock_version")
    ),
    "sign": lambda report, user, post: services.sign_report(
        report=report, user=user, expected_version=post.get("lock_version")
    ),
    "consolidate": lambda report, user, post: services.consolidate_and_submit(
        report=report,
        user=user,
        expected_version=post.get("lock_version"),
        # The task's figures the lead confirmed, typed in each target's scale.
        totals={
            key.removeprefix("total_"): value
            for key, value in post.items()
            if key.startswith("total_")
        },
    ),
    "accept": lambda report, user, post: services.accept_report(
        report=report, user=user, comment=post.get("comment", "")
    ),
    "return": lambda report, user, post: services.return_report(
        report=report, user=user, comment=post.get("comment", "")
    ),
}

# The steps of the office whose result 督办总览 counts (accepted values, returns).
OFFICE_COUNTED = {"accept", "return"}

DONE = {
    "submit": gettext_lazy("报告已提交。"),
    "sign": gettext_lazy("已审核,报告已报送。"),
    "consolidate": gettext_lazy("汇总报告已报送督查室。"),
    "accept": gettext_lazy("报告已采纳。"),
    "return": gettext_lazy("报告已退回。"),
}


def _report(request, pk):
    return get_object_or_404(
        Report.objects.visible_to(request.user).select_related(
            "task__plan", "unit", "period", "current_version"
        ),
        pk=pk,
    )


@login_required
def my_reports(request):
    """The unit's reports by period, and the inputs waiting for it as principal lead."""
    if not access.is_unit_staff(request.user):
        raise PermissionDenied
    visible = (
        Report.objects.visible_to(request.user)
        .select_related("task__plan", "unit", "period", "current_version")
        .defer(*queue.LONG_TEXTS)
    )
    own = page_of(
        request,
        visible.filter(unit_id=request.user.unit_id).order_by(
            "period__due_date", "task__plan_id", "task__order", "pk"
        ),
        per_page=MINE_PAGE_SIZE,
    )
    inputs = page_of(
        request,
        visible.exclude(unit_id=request.user.unit_id)
        .filter(status__in=(Status.SUBMITTED, Status.SIGNED))
        .order_by("period__due_date", "task__order", "unit__name", "pk"),
        per_page=MINE_PAGE_SIZE,
        param="inputs_page",
    )
    _label_rows([*own.object_list, *inputs.object_list])
    today = timezone.localdate()
    return render(
        request,
        "reports/mine.html",
        {"own": own, "inputs": inputs, "today": today, "unit": request.user.unit},
    )


MINE_PAGE_SIZE = 50


def _label_rows(reports):
    """Status and role labels from the choice maps, translated once per page."""
    statuses, roles = labels(Status), labels(Role)
    for report in reports:
        report.status_label = statuses.get(report.status, report.status)
        report.role_label = roles.get(report.role, report.role)


QUEUE_PAGE_SIZE = 20
# The heading counts the queue up to this many reports past the page shown
# ("1000+" beyond): the exact count of a province's queue joins tens of
# thousands of reports to their tasks and plans (~100–250 ms).
QUEUE_COUNT_AHEAD = 1000


@login_required
def review_queue(request):
    """待审核: the office's consolidated reports waiting for review, oldest
    first, each with accept/return in place."""
    if not queue.may_review(request.user):
        raise PermissionDenied
    page = page_of(
        request,
        queue.review_queue(request.user),
        per_page=QUEUE_PAGE_SIZE,
        count_ahead=QUEUE_COUNT_AHEAD,
    )
    return render(
        request,
        "reports/queue.html",
        {"page": page, "count": page.count_label, "today": timezone.localdate()},
    )


def _values_from(report, post):
    values = {}
    for target in report.task.targets.all():
        if f"value_{target.pk}" in post:
            values[target.pk] = {
                "value": post.get(f"value_{target.pk}", ""),
                "as_of": post.get(f"as_of_{target.pk}") or None,
            }
    return values


def _form_rows(report, version, data=None):
    """One row per target: the value being edited (the user's input when
    there is one) and the saved one."""
    saved = {}
    if version is not None:
        saved = {v.target_id: v for v in version.values.all()}
    rows = []
    for target in report.task.targets.all():
        value = saved.get(target.pk)
        typed = (data or {}).get(target.pk) if data is not None else None
        rows.append(
            {
                "target": target,
                "value": typed["value"]
                if typed
                else (target.measure.field_text(value.value) if value else ""),
                "as_of": (typed or {}).get("as_of") or (value.as_of.isoformat() if value else ""),
                "source": value.source if value else None,
            }
        )
    return rows


def _page(request, report, *, data=None, error="", conflict=None, status=200):
    # The unit sees the version it is writing; everyone else the last one sent.
    version = ReportVersion.objects.shown(report, request.user)
    may_write = rules.is_report_writer(request.user, report)
    writer = may_write and report.is_editable
    # A refused save of a report that has left the unit meanwhile: the form
    # stays on the page with what was typed (to copy), without a save button.
    kept = may_write and not writer and data is not None
    texts = data or {
        "narrative": version.narrative if version else "",
        "problems": version.problems if version else "",
        "next_steps": version.next_steps if version else "",
    }
    inputs = []
    figures = []
    if rules.is_principal_writer(request.user, report):
        # Each with the version the lead reads (an input returned and being
        # revised shows its last sent one), all in one query.
        inputs = services.inputs_shown(report, request.user)
        if "consolidate" in services.allowed_actions(report, request.user):
            figures = consolidation_rows(report)
    statuses = labels(Status)
    versions = list(report.versions.visible_to(request.user).order_by("-number"))
    for v in versions:
        v.status_label = statuses.get(v.status, v.status)
    events = list(report.events.select_related("actor").order_by("at", "id"))
    for e in events:
        e.from_label = statuses.get(e.from_status, e.from_status)
        e.to_label = statuses.get(e.to_status, e.to_status)
    _label_rows(inputs)
    context = {
        "report": report,
        "version": version,
        "versions": versions,
        "writer": writer,
        "kept": kept,
        "texts": texts,
        "rows": _form_rows(report, version, (data or {}).get("values")),
        "error": error,
        "conflict": conflict,
        "inputs": inputs,
        "figures": figures,
        "task_values": version.task_values.select_related("target") if version else [],
        # One query for the values with their targets (not one per value).
        "values": version.values.select_related("target") if version else [],
        "actions": services.allowed_actions(report, request.user),
        "events": events,
        "attachments": version.attachments.all() if version else [],
        "max_text": services.MAX_TEXT_CHARS,
    }
    template = "reports/_form.html" if request.htmx else "reports/report.html"
    return render(request, template, context, status=status)


@login_required
def report_page(request, pk):
    """GET: the report (a form for its unit while it is a draft or returned);
    POST: save the draft (and an attached file)."""
    report = _report(request, pk)
    if request.method != "POST":
        return _page(request, report)
    # Only who may write the unit's report gets past here; whether it is still
    # editable is the service's question, answered after the stale-form check:
    # a colleague who submitted (or a head who signed, the lead who included
    # it, the office that returned it) since the form was opened makes a
    # conflict that keeps the typed text, never a 403.
    if not rules.is_report_writer(request.user, report):
        raise PermissionDenied
    data = {
        "narrative": request.POST.get("narrative", ""),
        "problems": request.POST.get("problems", ""),
        "next_steps": request.POST.get("next_steps", ""),
        "values": _values_from(report, request.POST),
        # Typed in each target's document scale (85 in a 亿元 field is 85亿元).
        "in_scale": True,
    }
    try:
        # The file is checked first and the draft and its file are saved in one
        # transaction: a refused file leaves the draft as it was.
        upload = request.FILES.get("attachment")
        checked = None
        if upload is not None:
            checked = inspect_upload(name=upload.name, content=upload)
        with transaction.atomic():
            report = services.save_draft(
                report=report,
                user=request.user,
                data=data,
                expected_version=request.POST.get("lock_version"),
            )
            if checked is not None:
                add_attachment(report=report, user=request.user, checked=checked)
    except services.ConflictError as exc:
        # The user's text stays in the form; the page shows what the other
        # person saved, and the form now carries the current lock version so
        # that saving again is a deliberate choice.
        report = _report(request, pk)
        return _page(request, report, data=data, error=str(exc), conflict=exc.current)
    except services.ReportError as exc:
        report = _report(request, pk)
        return _page(request, report, data=data, error=str(exc))
    report = _report(request, pk)
    if not request.htmx:
        messages.success(request, _("已保存。"))
        return redirect(reverse("reports:report", args=[report.pk]))
    return _page(request, report, error="")


@login_required
def amount_echo(request, pk, target):
    """What a typed amount was understood as ("= 85亿元"), before saving: the
    same parser the save uses, in the target's document scale. htmx swaps it
    in beside the field (value_<id> or total_<id>)."""
    report = _report(request, pk)
    target = get_object_or_404(report.task.targets.all(), pk=target)
    field = f"total_{target.pk}" if f"total_{target.pk}" in request.GET else f"value_{target.pk}"
    text = request.GET.get(field, "")
    context = {"target": target, "text": text, "field": field}
    if text.strip():
        try:
            context["value"] = target.measure.show(target.measure.parse(text))
        except AmountError as exc:
            context["error"] = str(exc)
    return render(request, "reports/_amount_echo.html", context)


@login_required
@require_POST
def report_act(request, pk):
    """One step of the chain (submit, sign, consolidate, accept, return)."""
    report = _report(request, pk)
    action = request.POST.get("action", "")
    step = ACTIONS.get(action)
    if step is None:
        raise PermissionDenied
    try:
        step(report, request.user, request.POST)
    except services.ReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, DONE[action])
        if action in OFFICE_COUNTED and access.is_office_staff(request.user):
            # The office's own review shows on 督办总览 at once (its numbers are kept briefly).
            freshness.office_numbers_changed(
                office_id=report.task.plan.office_id, session=request.session
            )
    if request.POST.get("next") == "queue" and queue.may_review(request.user):
        # Accept/return from the queue: back to the same page of the queue.
        page = request.POST.get("page", "")
        return redirect(reverse("reports:queue") + (f"?page={page}" if page.isdigit() else ""))
    if Report.objects.visible_to(request.user).filter(pk=report.pk).exists():
        return redirect(reverse("reports:report", args=[report.pk]))
    return redirect(reverse("reports:mine"))


@login_required
def attachment_download(request, pk):
    """A file of a report version, for those who may read the report."""
    attachment = get_object_or_404(
        Attachment.objects.visible_to(request.user).select_related("version__report"), pk=pk
    )
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def report_compare(request, pk):
    """Two versions of a report side by side (?a=1&b=2, version numbers;
    default: the last two)."""
    report = _report(request, pk)
    versions = {v.number: v for v in report.versions.visible_to(request.user)}
    if not versions:
        raise Http404
    numbers = sorted(versions)
    try:
        a = int(request.GET.get("a", numbers[-2] if len(numbers) > 1 else numbers[-1]))
        b = int(request.GET.get("b", numbers[-1]))
    except ValueError:
        raise Http404 from None
    if a not in versions or b not in versions:
        raise Http404
    return render(
        request,
        "reports/compare.html",
        {
            "report": report,
            "old": versions[a],
            "new": versions[b],
            "numbers": numbers,
            "diff": compare_versions(versions[a], versions[b]),
        },
    )


@login_required
def plan_calendar(request, pk):
    """The office sets a plan's reporting calendar (cadence, final deadline,
    co-units' lead time, sign-off) and sees its periods. The form starts from
    the saved calendar, else from what the document asks for; the review
    page posts here too (next=review) and is shown again after saving."""
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)
    if not plan_rules.can_edit_plan(request.user, plan):
        raise PermissionDenied
    calendar = ReportingCalendar.objects.filter(plan=plan).first()
    error = ""
    values = calendar_service.form_values(plan)
    if request.method == "POST":
        post = request.POST
        values = {
            "cadence": post.get("cadence", ""),
            "dates": post.get("dates", ""),
            "start": post.get("start", ""),
            "final_deadline": post.get("final_deadline", ""),
            "co_lead_days": post.get("co_lead_days", ""),
            "require_sign_off": post.get("require_sign_off") == "on",
        }
        try:
            dates = [dt.date.fromisoformat(d) for d in re.split(r"[\s,,、]+", values["dates"]) if d]
            final = values["final_deadline"] or None
            start = values["start"] or None
            co_days = numbers.fit_int(
                values["co_lead_days"] or 0,
                label=_("配合单位提前天数"),
                high=calendar_service.MAX_CO_LEAD_DAYS,
            )
            calendar_service.generate_periods(
                plan=plan,
                user=request.user,
                cadence=values["cadence"],
                start=dt.date.fromisoformat(start) if start else None,
                final_deadline=dt.date.fromisoformat(final) if final else None,
                dates=dates,
                co_lead_days=co_days,
                require_sign_off=values["require_sign_off"],
            )
        except numbers.OutOfRange as exc:
            error = str(exc)
        except ValueError:
            error = _("日期或天数格式不正确。")
        except services.ReportError as exc:
            error = str(exc)
        else:
            messages.success(request, _("报送日历已保存。"))
            freshness.office_numbers_changed(office_id=plan.office_id, session=request.session)
            if post.get("next") == "review" and plan.is_editable:
                return redirect(reverse("desk:review", args=[plan.pk]) + "#calendar")
            return redirect(reverse("reports:calendar", args=[plan.pk]))
        # A refused form is shown here, with what was typed (also when it came from review).
    return render(
        request,
        "reports/calendar.html",
        {
            "plan": plan,
            "calendar": calendar,
            "periods": plan.periods.order_by("due_date"),
            "cadences": Cadence.choices,
            "error": error,
            "values": values,
            "proposal_note": ""
            if calendar
            else (
                _("表单已按文件的报送要求预先填好,请核对后保存。")
                if calendar_service.propose_for(plan)
                else _("文件中没有找到报送要求,请设置报送日历。")
            ),
        },
    )
