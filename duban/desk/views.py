"""The pages that compose a plan with the reporting side and OCR.

The import page hands a scan to OCR; the plan page (detail and review) shows
the reporting calendar and what still blocks publishing; publishing and naming
a principal unit open reports; the unit's 待办 lists the report each task
waits for. plans sits below reports and ocr, so these pages sit above all
three (ARCHITECTURE.md, .importlinter). Each view: authenticate, load the object
through what the user may see (else 404), check the action is allowed on it
(else 403), validate, call a service, respond.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from duban.core import freshness
from duban.core.audit import audit_entries
from duban.core.htmx import go
from duban.core.paging import page_of
from duban.ocr.services import start_job as start_ocr_job
from duban.plans import forms as plan_forms
from duban.plans import rules as plan_rules
from duban.plans import services as plan_services
from duban.plans import teaching
from duban.plans.access import (
    load_plan,
    require_draft_editor,
    require_office_reader,
    require_plan_editor,
    require_unit_member_id,
)
from duban.plans.display import source_html, tasks_of, tasks_to_check
from duban.plans.models import Assignment, Notice, Plan, UnitMention
from duban.plans.uploads import UploadRejected, check_upload, open_upload
from duban.reports import calendar as reporting_calendar
from duban.reports import publishing
from duban.reports.models import Cadence, ReportingCalendar
from duban.units.models import Unit

from . import inbox as inbox_data


@login_required
def plan_import(request):
    office = request.user.unit
    if not plan_rules.can_import(request.user, office):
        raise PermissionDenied
    form = plan_forms.ImportForm(request.POST or None, request.FILES or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            if upload:
                # Size and name are refused before the body is read into memory.
                check_upload(upload.name, upload.size)
                source = open_upload(upload.read(), upload.name)
                pages = source.scanned_pages()
                if pages:
                    # A scan: OCR runs in the background; its page shows the progress.
                    job = start_ocr_job(
                        source=source, pages=pages, office=office, user=request.user
                    )
                    return go(request, reverse("ocr:job", args=[job.pk]))
                plan = plan_services.import_source(source=source, office=office, user=request.user)
            else:
                plan = plan_services.import_pasted(
                    text=form.cleaned_data["text"], office=office, user=request.user
                )
        except (UploadRejected, plan_services.PlanError) as exc:
            error = str(exc)
        else:
            count = plan.tasks.count()
            if count:
                messages.success(
                    request,
                    _("已导入,识别出 %(count)s 项任务。请逐项核对后发布。") % {"count": count},
                )
            else:
                # Not a plan (or a layout the parser does not know): say so, not green.
                messages.warning(
                    request,
                    _(
                        "已导入为草稿,但没有识别出任何任务:这份文件可能不是行动方案。"
                        "请核对原文,手工新增任务,或删除这份草稿。"
                    ),
                )
            if plan_services.same_document(plan).exists():
                messages.warning(
                    request,
                    _("注意:文号为“%(number)s”的公文此前已经导入过,请确认不是重复导入。")
                    % {"number": plan.doc_number},
                )
            return go(request, reverse("desk:review", args=[plan.pk]))
    template = "desk/_import_form.html" if request.htmx else "desk/import.html"
    return render(
        request,
        template,
        {"form": form, "error": error, "max_mb": settings.DUBAN_MAX_UPLOAD_BYTES // 1048576},
    )


def plan_context(request, plan, *, editable):
    tasks = list(tasks_of(plan))
    other_spans = []
    for task in tasks:
        other_spans.extend((t.span_start, t.span_end) for t in task.targets.all())
        other_spans.extend(tuple(s.get("span") or (None, None)) for s in task.subtasks)
    unknown = [m for t in tasks for m in t.mentions.all() if m.status == UnitMention.Status.UNKNOWN]
    return {
        "plan": plan,
        "tasks": tasks,
        "editable": editable,
        "source": source_html(
            plan.text, [(t.pk, t.span_start, t.span_end) for t in tasks], other_spans
        ),
        "unknown_count": len(unknown),
        "to_check": tasks_to_check(tasks) if editable else [],
        "blockers": publishing.publish_blockers(plan) if editable else [],
        # One list of the directory for the one unknown-units form (never per mention).
        "all_units": Unit.objects.filter(is_active=True).order_by("kind", "name")
        if unknown and editable
        else [],
        "unknown_names": plan_services.unknown_names(plan) if unknown and editable else [],
        "unit_kinds": Unit.Kind.choices,
        "audit": audit_entries(plan),
        "can_manage": plan.status == Plan.Status.PUBLISHED
        and plan_rules.can_edit_plan(request.user, plan),
        **(calendar_context(plan) if editable else {}),
    }


def calendar_context(plan):
    """The review page's 报送日历 block: the saved calendar, else the proposal."""
    calendar = ReportingCalendar.objects.filter(plan=plan).first()
    return {
        "calendar": calendar,
        "periods": list(plan.periods.order_by("due_date")) if calendar else [],
        "proposal": None if calendar else reporting_calendar.propose_for(plan),
        "values": reporting_calendar.form_values(plan),
        "cadences": Cadence.choices,
    }


@login_required
def plan_detail(request, pk):
    plan = load_plan(request, pk)
    return render(request, "desk/plan.html", plan_context(request, plan, editable=False))


@login_required
def plan_review(request, pk):
    plan = require_plan_editor(request, load_plan(request, pk))
    if not plan.is_editable:
        return redirect("desk:detail", pk=plan.pk)
    context = plan_context(request, plan, editable=True)
    # Right after a role change (without htmx): the offer to teach the label.
    context["label_offer"] = teaching.offer_for(plan, request.user, request.GET.get("label_offer"))
    return render(request, "desk/plan.html", context)


@login_required
@require_GET
def publish_bar(request, pk):
    """The review page's 发布 bar again, after an edit of the draft (htmx)."""
    plan = require_draft_editor(request, load_plan(request, pk))
    return render(
        request,
        "desk/_publish_bar.html",
        {"plan": plan, "blockers": publishing.publish_blockers(plan)},
    )


@login_required
@require_POST
def plan_publish(request, pk):
    plan = require_plan_editor(request, load_plan(request, pk))
    try:
        publishing.publish_plan(plan=plan, user=request.user)
    except plan_services.PlanError as exc:
        messages.error(request, str(exc))
        url = (
            reverse("desk:review", args=[plan.pk])
            if plan.is_editable
            else reverse("desk:detail", args=[plan.pk])
        )
    else:
        messages.success(request, _("计划已发布,已通知各责任单位。"))
        freshness.office_numbers_changed(office_id=plan.office_id, session=request.session)
        url = reverse("desk:detail", args=[plan.pk])
    return go(request, url)


@login_required
@require_POST
def task_principal(request, pk):
    task = get_object_or_404(
        plan_services.visible_tasks(request.user).select_related("plan"), pk=pk
    )
    require_office_reader(request.user)
    require_plan_editor(request, task.plan)
    form = plan_forms.PrincipalForm(request.POST)
    unit = form.cleaned_data["unit"] if form.is_valid() else None
    try:
        chosen = publishing.set_principal(task=task, unit=unit, user=request.user)
    except plan_services.PlanError as exc:
        messages.error(request, str(exc))
    else:
        # The principal lead's reports are the task's timeliness on 督办总览.
        freshness.office_numbers_changed(office_id=task.plan.office_id, session=request.session)
        messages.success(
            request,
            _("已将“%(unit)s”设为“%(task)s”的主办单位。")
            % {"unit": chosen.unit.name, "task": task.title},
        )
    return redirect(reverse("desk:detail", args=[task.plan_id]) + f"#task-{task.pk}")


INBOX_PAGE_SIZE = 20


@login_required
def inbox(request):
    """The unit's tasks (lead or co) of published plans, a page at a time, and its notices."""
    # The unit itself is read with the office's name for the top bar (the
    # site context processor), before the heading prints it: one query.
    unit_id = require_unit_member_id(request.user)
    assignments = Assignment.objects.filter(
        unit_id=unit_id, task__in=plan_services.visible_tasks(request.user)
    ).order_by("task__plan__published_at", "task__plan_id", "task__order", "task_id")
    # A unit's tasks are a short list (a median unit of the province has 100):
    # counted with the page's rows, one round trip.
    page = page_of(
        request, inbox_data.page_rows(assignments), per_page=INBOX_PAGE_SIZE, count_with_page=True
    )
    # The page never shows a notice's plan.
    notices = Notice.objects.filter(unit_id=unit_id)
    shown = list(notices.values("pk", "created_at", "message", "read_at")[:50])
    # All the unit's notices are shown (the usual case): count the unread among them.
    unread = (
        sum(n["read_at"] is None for n in shown) if len(shown) < 50 else notices.unread().count()
    )
    words = inbox_data.card_words()
    return render(
        request,
        "desk/inbox.html",
        {
            "plans": inbox_data.cards(unit_id=unit_id, rows=page.object_list, words=words),
            "words": words,
            "page": page,
            "task_count": page.paginator.count,
            "notices": shown,
            "unread_count": unread,
        },
    )
