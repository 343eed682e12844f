"""Plan pages: list, import, review (edit), detail, publish.

Each view: authenticate, load the object through what the user may see (else
404), check the action is allowed on it (else 403), validate, call a service,
respond. Edit forms work with and without htmx: with htmx a form is loaded into
its task card and a successful save swaps the card; without, the form is a page.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.core.audit import audit_entries
from duban.units.models import Unit

from . import forms, rules, services
from .display import history_rows, source_html
from .models import Assignment, Notice, Plan, Target, UnitMention
from .uploads import UploadRejected, check_upload, read_document, read_pasted

# --- loading with ownership checks -------------------------------------------------


def _office_staff_or_admin(user):
    if not (rules.is_office_staff(user) or user.role == "admin"):
        raise PermissionDenied


def _plan(request, pk):
    plan = get_object_or_404(services.visible_plans(request.user), pk=pk)
    _office_staff_or_admin(request.user)
    return plan


def _can_edit(request, plan):
    if not rules.can_edit_plan(request.user, plan):
        raise PermissionDenied
    return plan


def _editable(request, plan):
    """Content edits: only the office's supervisors, only while the plan is a draft."""
    _can_edit(request, plan)
    if not plan.is_editable:
        raise PermissionDenied
    return plan


def _task(request, pk):
    task = get_object_or_404(services.visible_tasks(request.user).select_related("plan"), pk=pk)
    _office_staff_or_admin(request.user)
    _editable(request, task.plan)
    return task


def _target(request, pk):
    target = get_object_or_404(
        Target.objects.select_related("task__plan").filter(
            task__in=services.visible_tasks(request.user)
        ),
        pk=pk,
    )
    _office_staff_or_admin(request.user)
    _editable(request, target.task.plan)
    return target


def _mention(request, pk):
    mention = get_object_or_404(
        UnitMention.objects.select_related("task__plan").filter(
            task__in=services.visible_tasks(request.user)
        ),
        pk=pk,
    )
    _office_staff_or_admin(request.user)
    _editable(request, mention.task.plan)
    return mention


# --- responses ----------------------------------------------------------------------


def _tasks_of(plan):
    return plan.tasks.prefetch_related("targets", "mentions__units", "assignments__unit").order_by(
        "order", "id"
    )


def _card_response(request, task, status_message=""):
    """After a save: the task's card (htmx) or back to the review page."""
    if not request.htmx:
        if status_message:
            messages.success(request, status_message)
        return redirect(reverse("plans:review", args=[task.plan_id]) + f"#task-{task.pk}")
    task = _tasks_of(task.plan).get(pk=task.pk)
    context = _plan_context(request, task.plan, editable=True)
    context["task"] = task
    response = render(request, "plans/_task_card_response.html", context)
    response["HX-Retarget"] = f"#task-{task.pk}"
    response["HX-Reswap"] = "outerHTML"
    return response


def _reload_response(request, plan, anchor=""):
    if request.htmx:
        response = HttpResponse()
        response["HX-Refresh"] = "true"
        return response
    return redirect(reverse("plans:review", args=[plan.pk]) + anchor)


def _form_response(request, form, *, action, title, plan, error=""):
    """The form again, with the user's input and what went wrong (nothing lost)."""
    context = {
        "form": form,
        "action": action,
        "form_title": title,
        "error": error,
        "plan": plan,
        "cancel_url": reverse("plans:review", args=[plan.pk]),
    }
    template = "plans/_form.html" if request.htmx else "plans/form_page.html"
    return render(request, template, context)


def _run_form(request, form_class, *, initial, action, title, plan, save, success):
    """GET → the form; POST → validate, call `save(cleaned_data)`, respond."""
    if request.method != "POST":
        return _form_response(
            request, form_class(initial=initial), action=action, title=title, plan=plan
        )
    form = form_class(request.POST)
    if not form.is_valid():
        return _form_response(request, form, action=action, title=title, plan=plan)
    try:
        result = save(form.cleaned_data)
    except services.StaleEdit as exc:
        # Keep what the user typed; the form now carries the saved version so
        # that sending it again is a deliberate overwrite.
        data = request.POST.copy()
        data["version"] = exc.current
        form = form_class(data)
        form.is_valid()
        return _form_response(request, form, action=action, title=title, plan=plan, error=str(exc))
    except services.PlanError as exc:
        return _form_response(request, form, action=action, title=title, plan=plan, error=str(exc))
    return success(result)


# --- list, import ---------------------------------------------------------------------


@login_required
def plan_list(request):
    _office_staff_or_admin(request.user)
    plans = (
        services.visible_plans(request.user)
        .select_related("office", "created_by")
        .annotate(
            task_count=Count("tasks", distinct=True),
            unknown_count=Count(
                "tasks__mentions", filter=Q(tasks__mentions__status="unknown"), distinct=True
            ),
            next_deadline=Min("tasks__deadline"),
        )
    )
    return render(
        request,
        "plans/plan_list.html",
        {"plans": plans, "can_import": request.user.role == "supervisor"},
    )


@login_required
def plan_import(request):
    office = request.user.unit
    if not rules.can_import(request.user, office):
        raise PermissionDenied
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            if upload:
                # Size and name are refused before the body is read into memory.
                check_upload(upload.name, upload.size)
                data = upload.read()
                parsed, text, source_type = read_document(data, upload.name)
                plan = services.import_plan(
                    parsed=parsed,
                    text=text,
                    office=office,
                    user=request.user,
                    source_name=upload.name,
                    source_bytes=data,
                    source_type=source_type,
                )
            else:
                parsed, text = read_pasted(form.cleaned_data["text"])
                plan = services.import_plan(
                    parsed=parsed,
                    text=text,
                    office=office,
                    user=request.user,
                    source_name="",
                    source_type="paste",
                )
        except (UploadRejected, services.PlanError) as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                _("已导入,识别出 %(count)s 项任务。请逐项核对后发布。")
                % {"count": plan.tasks.count()},
            )
            if services.same_document(plan).exists():
                messages.warning(
                    request,
                    _("注意:文号为“%(number)s”的公文此前已经导入过,请确认不是重复导入。")
                    % {"number": plan.doc_number},
                )
            url = reverse("plans:review", args=[plan.pk])
            if request.htmx:
                response = HttpResponse()
                response["HX-Redirect"] = url
                return response
            return redirect(url)
    template = "plans/_import_form.html" if request.htmx else "plans/import.html"
    return render(
        request,
        template,
        {"form": form, "error": error, "max_mb": settings.DUBAN_MAX_UPLOAD_BYTES // 1048576},
    )


# --- plan pages -------------------------------------------------------------------------


def _plan_context(request, plan, *, editable):
    tasks = list(_tasks_of(plan))
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
        "blockers": services.publish_blockers(plan) if editable else [],
        "all_units": Unit.objects.filter(is_active=True).order_by("kind", "name")
        if unknown
        else [],
        "audit": audit_entries(plan),
        "can_manage": plan.status == Plan.Status.PUBLISHED
        and rules.can_edit_plan(request.user, plan),
    }


@login_required
def plan_detail(request, pk):
    plan = _plan(request, pk)
    return render(request, "plans/plan.html", _plan_context(request, plan, editable=False))


@login_required
def plan_review(request, pk):
    plan = _can_edit(request, _plan(request, pk))
    if not plan.is_editable:
        return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/plan.html", _plan_context(request, plan, editable=True))


@login_required
def plan_source(request, pk):
    """The original file, through this permission check (uploads are never served directly)."""
    plan = _plan(request, pk)
    if not plan.source_file:
        raise Http404
    return FileResponse(
        plan.source_file.open("rb"), as_attachment=True, filename=plan.source_name or None
    )


@login_required
def task_history(request, pk):
    task = get_object_or_404(services.visible_tasks(request.user).select_related("plan"), pk=pk)
    _office_staff_or_admin(request.user)
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
def plan_edit(request, pk):
    plan = _editable(request, _plan(request, pk))
    fields = ("title", "plan_title", "doc_number", "issuer", "report_deadline", "report_to")
    return _run_form(
        request,
        forms.PlanForm,
        initial={**{f: getattr(plan, f) for f in fields}, "version": plan.version},
        action=reverse("plans:plan_edit", args=[plan.pk]),
        title=_("修改文件信息"),
        plan=plan,
        save=lambda data: services.update_plan(plan=plan, user=request.user, **data),
        success=lambda _result: _reload_response(request, plan),
    )


@login_required
@require_POST
def plan_delete(request, pk):
    plan = _editable(request, _plan(request, pk))
    services.delete_plan(plan=plan, user=request.user)
    messages.success(request, _("草稿“%(name)s”已删除。") % {"name": plan.name})
    if request.htmx:
        response = HttpResponse()
        response["HX-Redirect"] = reverse("plans:list")
        return response
    return redirect("plans:list")


@login_required
@require_POST
def plan_publish(request, pk):
    plan = _can_edit(request, _plan(request, pk))
    try:
        services.publish_plan(plan=plan, user=request.user)
    except services.PlanError as exc:
        messages.error(request, str(exc))
        url = (
            reverse("plans:review", args=[plan.pk])
            if plan.is_editable
            else reverse("plans:detail", args=[plan.pk])
        )
    else:
        messages.success(request, _("计划已发布,已通知各责任单位。"))
        url = reverse("plans:detail", args=[plan.pk])
    if request.htmx:
        response = HttpResponse()
        response["HX-Redirect"] = url
        return response
    return redirect(url)


# --- tasks ------------------------------------------------------------------------------


@login_required
@require_POST
def task_principal(request, pk):
    task = get_object_or_404(services.visible_tasks(request.user).select_related("plan"), pk=pk)
    _office_staff_or_admin(request.user)
    _can_edit(request, task.plan)
    form = forms.PrincipalForm(request.POST)
    unit = form.cleaned_data["unit"] if form.is_valid() else None
    try:
        chosen = services.set_principal(task=task, unit=unit, user=request.user)
    except services.PlanError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("已将“%(unit)s”设为“%(task)s”的主办单位。")
            % {"unit": chosen.unit.name, "task": task.title},
        )
    return redirect(reverse("plans:detail", args=[task.plan_id]) + f"#task-{task.pk}")


@login_required
def task_add(request, pk):
    plan = _editable(request, _plan(request, pk))
    return _run_form(
        request,
        forms.TaskForm,
        initial={},
        action=reverse("plans:task_add", args=[plan.pk]),
        title=_("新增任务"),
        plan=plan,
        save=lambda data: services.add_task(plan=plan, user=request.user, **data),
        success=lambda task: _reload_response(request, plan, f"#task-{task.pk}"),
    )


@login_required
def task_edit(request, pk):
    task = _task(request, pk)
    return _run_form(
        request,
        forms.TaskEditForm,
        initial={
            "key": task.key,
            "group": task.group,
            "title": task.title,
            "deadline": task.deadline,
            "version": task.version,
        },
        action=reverse("plans:task_edit", args=[task.pk]),
        title=_("修改任务"),
        plan=task.plan,
        save=lambda data: services.update_task(task=task, user=request.user, **data),
        success=lambda _r: _card_response(request, task, _("任务已保存。")),
    )


@login_required
@require_POST
def task_delete(request, pk):
    task = _task(request, pk)
    form = forms.DeleteForm(request.POST)
    try:
        if not form.is_valid():
            raise services.InvalidInput(_("请求无效,请刷新后重试。"))
        services.delete_task(task=task, user=request.user, version=form.cleaned_data["version"])
    except services.PlanError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("任务“%(title)s”已删除。") % {"title": task.title})
    return _reload_response(request, task.plan)


# --- targets ----------------------------------------------------------------------------


def _target_initial(target):
    fields = ("name", "subject", "op", "value", "value_max", "unit", "deadline")
    return {**{f: getattr(target, f) for f in fields}, "version": target.version}


@login_required
def target_add(request, pk):
    task = _task(request, pk)
    return _run_form(
        request,
        forms.TargetForm,
        initial={"op": Target.Op.GE},
        action=reverse("plans:target_add", args=[task.pk]),
        title=_("为“%(task)s”新增指标") % {"task": task.title},
        plan=task.plan,
        save=lambda data: services.add_target(task=task, user=request.user, **data),
        success=lambda _r: _card_response(request, task, _("指标已添加。")),
    )


@login_required
def target_edit(request, pk):
    target = _target(request, pk)
    return _run_form(
        request,
        forms.TargetEditForm,
        initial=_target_initial(target),
        action=reverse("plans:target_edit", args=[target.pk]),
        title=_("修改指标"),
        plan=target.task.plan,
        save=lambda data: services.update_target(target=target, user=request.user, **data),
        success=lambda _r: _card_response(request, target.task, _("指标已保存。")),
    )


@login_required
@require_POST
def target_delete(request, pk):
    target = _target(request, pk)
    form = forms.DeleteForm(request.POST)
    try:
        if not form.is_valid():
            raise services.InvalidInput(_("请求无效,请刷新后重试。"))
        services.delete_target(
            target=target, user=request.user, version=form.cleaned_data["version"]
        )
    except services.PlanError as exc:
        messages.error(request, str(exc))
    return _card_response(request, target.task, _("指标已删除。"))


# --- unit mentions ----------------------------------------------------------------------


@login_required
def mention_add(request, pk):
    task = _task(request, pk)
    return _run_form(
        request,
        forms.MentionAddForm,
        initial={"role": UnitMention.Role.CO},
        action=reverse("plans:mention_add", args=[task.pk]),
        title=_("为“%(task)s”添加单位") % {"task": task.title},
        plan=task.plan,
        save=lambda data: services.add_mention(task=task, user=request.user, **data),
        success=lambda _r: _card_response(request, task, _("单位已添加。")),
    )


@login_required
def mention_role(request, pk):
    mention = _mention(request, pk)
    return _run_form(
        request,
        forms.MentionRoleForm,
        initial={"role": mention.role, "version": mention.version},
        action=reverse("plans:mention_role", args=[mention.pk]),
        title=_("修改“%(name)s”的角色") % {"name": mention.name},
        plan=mention.task.plan,
        save=lambda data: services.update_mention(mention=mention, user=request.user, **data),
        success=lambda _r: _card_response(request, mention.task, _("已保存。")),
    )


@login_required
def mention_map(request, pk):
    mention = _mention(request, pk)
    return _run_form(
        request,
        forms.MapMentionForm,
        initial={"version": mention.version},
        action=reverse("plans:mention_map", args=[mention.pk]),
        title=_("将“%(name)s”映射到已有单位") % {"name": mention.name},
        plan=mention.task.plan,
        save=lambda data: services.map_mention(
            mention=mention, units=[data["unit"]], user=request.user, version=data["version"]
        ),
        success=lambda _r: _reload_response(request, mention.task.plan, f"#task-{mention.task_id}"),
    )


@login_required
def mention_create_unit(request, pk):
    mention = _mention(request, pk)
    return _run_form(
        request,
        forms.CreateUnitForm,
        initial={"name": mention.name, "version": mention.version},
        action=reverse("plans:mention_create_unit", args=[mention.pk]),
        title=_("新建单位“%(name)s”") % {"name": mention.name},
        plan=mention.task.plan,
        save=lambda data: services.create_unit_from_mention(
            mention=mention, user=request.user, **data
        ),
        # Other tasks naming the same unit change too: reload the whole page.
        success=lambda _r: _reload_response(request, mention.task.plan, f"#task-{mention.task_id}"),
    )


@login_required
@require_POST
def mention_delete(request, pk):
    mention = _mention(request, pk)
    form = forms.DeleteForm(request.POST)
    try:
        if not form.is_valid():
            raise services.InvalidInput(_("请求无效,请刷新后重试。"))
        services.delete_mention(
            mention=mention, user=request.user, version=form.cleaned_data["version"]
        )
    except services.PlanError as exc:
        messages.error(request, str(exc))
    return _card_response(request, mention.task, _("单位已移除。"))


# --- unit inbox -------------------------------------------------------------------------


def _unit_staff(user):
    if not rules.is_unit_staff(user):
        raise PermissionDenied
    return user.unit


@login_required
def inbox(request):
    """The unit's tasks (lead or co) of published plans, and its notices."""
    unit = _unit_staff(request.user)
    assignments = (
        Assignment.objects.filter(unit=unit, task__in=services.visible_tasks(request.user))
        .select_related("task__plan")
        .prefetch_related("task__targets", "task__assignments__unit")
        .order_by("task__plan__published_at", "task__plan_id", "task__order", "task_id")
    )
    plans = {}
    for assignment in assignments:
        plans.setdefault(assignment.task.plan, []).append(assignment)
    notices = Notice.objects.filter(unit=unit).select_related("plan")
    return render(
        request,
        "plans/inbox.html",
        {
            "unit": unit,
            "plans": plans.items(),
            "task_count": len(assignments),
            "notices": notices[:50],
            "unread_count": notices.unread().count(),
        },
    )


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
    unit = _unit_staff(request.user)
    notice = get_object_or_404(Notice, pk=pk, unit=unit)
    services.mark_notice_read(notice=notice, user=request.user)
    return redirect("plans:inbox")


@login_required
@require_POST
def notice_read_all(request):
    unit = _unit_staff(request.user)
    for notice in Notice.objects.filter(unit=unit).unread():
        services.mark_notice_read(notice=notice, user=request.user)
    return redirect("plans:inbox")
