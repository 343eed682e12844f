"""Plan pages that need only plans: the list, the original file, a task and its
history, re-reading or deleting a draft, the unit's notices.

Each view: authenticate, load the object through what the user may see (else
404), check the action is allowed on it (else 403), validate, call a service,
respond. The review page's edit endpoints are in edit_views; the pages that show
the reporting side or hand a scan to OCR (import, plan page, publish, principal,
待办) are duban.desk's, an app above plans, reports and ocr.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban import access
from duban.core.audit import audit_entries
from duban.core.htmx import go
from duban.core.paging import labels, page_of

from . import rules, services
from .access import load_plan, require_draft_editor, require_office_reader, require_unit_member
from .display import history_rows
from .models import Notice, Plan, Target, UnitMention

PLANS_PAGE_SIZE = 30


@login_required
def plan_list(request):
    require_office_reader(request.user)
    page = page_of(
        request,
        # The list never shows a plan's document text (a whole notice each),
        # nor its office (every plan listed is the reader's office's).
        services.visible_plans(request.user).select_related("created_by").defer("text"),
        per_page=PLANS_PAGE_SIZE,
    )
    # Counts for the plans on this page only, each in one grouped query (a
    # Count(distinct) over every task joined to its mentions cost the province
    # ~120 ms whatever the page showed).
    services.annotate_plan_counts(page.object_list)
    status_labels = labels(Plan.Status)
    for plan in page.object_list:
        plan.status_label = status_labels.get(plan.status, plan.status)
    return render(
        request,
        "plans/plan_list.html",
        {"plans": page.object_list, "page": page, "can_import": access.is_supervisor(request.user)},
    )


@login_required
def plan_source(request, pk):
    """The original file, through this permission check (uploads are never served directly)."""
    plan = load_plan(request, pk)
    if not plan.source_file:
        raise Http404
    return FileResponse(
        plan.source_file.open("rb"), as_attachment=True, filename=plan.source_name or None
    )


@login_required
def task_history(request, pk):
    task = get_object_or_404(services.visible_tasks(request.user).select_related("plan"), pk=pk)
    require_office_reader(request.user)
    return render(
        request,
        "plans/task_history.html",
        {
            "task": task,
            "plan": task.plan,
            "can_edit": rules.can_edit_plan(request.user, task.plan),
            "audit": audit_entries(task),
            # Deleted targets and mentions have no object left: read their records directly.
            "target_history": history_rows(
                Target.history.filter(task_id=task.pk).select_related("history_user")[:100]
            ),
            "mention_history": history_rows(
                UnitMention.history.filter(task_id=task.pk).select_related("history_user")[:100]
            ),
        },
    )


@login_required
@require_POST
def plan_reparse(request, pk):
    """Read a draft again with the office's current 解析词表."""
    plan = require_draft_editor(request, load_plan(request, pk))
    try:
        plan = services.reparse_plan(plan=plan, user=request.user)
    except services.PlanError as exc:
        messages.error(request, str(exc))
        url = reverse("desk:detail", args=[plan.pk])
    else:
        messages.success(
            request,
            _("已按当前解析词表重新解析,识别出 %(count)s 项任务。") % {"count": plan.tasks.count()},
        )
        url = reverse("desk:review", args=[plan.pk])
    return go(request, url)


@login_required
@require_POST
def plan_delete(request, pk):
    plan = require_draft_editor(request, load_plan(request, pk))
    services.delete_plan(plan=plan, user=request.user)
    messages.success(request, _("草稿“%(name)s”已删除。") % {"name": plan.name})
    return go(request, reverse("plans:list"))


@login_required
def task_detail(request, pk):
    """One task as a unit (or the office) sees it: source text, targets, units."""
    task = get_object_or_404(
        services.visible_tasks(request.user)
        .select_related("plan")
        .prefetch_related("targets", "assignments__unit"),
        pk=pk,
    )
    mine = None
    if request.user.unit_id:
        mine = next((a for a in task.assignments.all() if a.unit_id == request.user.unit_id), None)
    return render(
        request, "plans/task_detail.html", {"task": task, "plan": task.plan, "mine": mine}
    )


@login_required
@require_POST
def notice_read(request, pk):
    unit = require_unit_member(request.user)
    notice = get_object_or_404(Notice, pk=pk, unit=unit)
    services.mark_notice_read(notice=notice, user=request.user)
    return redirect("desk:inbox")


@login_required
@require_POST
def notice_read_all(request):
    unit = require_unit_member(request.user)
    for notice in Notice.objects.filter(unit=unit).unread():
        services.mark_notice_read(notice=notice, user=request.user)
    return redirect("desk:inbox")
