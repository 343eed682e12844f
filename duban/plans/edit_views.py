"""The review page's edit endpoints (drafts only, the office's supervisors only).

Each form works with and without htmx: with htmx it is loaded into its task
card and a successful save swaps the card in place (or reloads the page when
other cards change too); without, the form is a page of its own. A refused
save shows the form again with the user's input and the reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duban.lexicon import rules as lexicon_rules
from duban.units.models import Unit

from . import forms, services, teaching
from .access import (
    load_mention_for_edit,
    load_plan,
    load_target_for_edit,
    load_task_for_edit,
    require_draft_editor,
)
from .display import tasks_of
from .models import Target, UnitMention

# The htmx event a saved edit raises on the review page.
PLAN_CHANGED = "plan-changed"


def _card_response(request, task, status_message="", *, extra=None, query=""):
    """After a save: the task's card (htmx) or back to the review page. `extra`:
    what the card shows once (an offer, a confirmation); `query`: the same for the
    page without htmx. The card says plan-changed: the review page's publish bar
    (the reporting side's, duban.desk) then asks again what blocks publishing."""
    if not request.htmx:
        if status_message:
            messages.success(request, status_message)
        return redirect(reverse("desk:review", args=[task.plan_id]) + query + f"#task-{task.pk}")
    plan = task.plan
    task = tasks_of(plan).get(pk=task.pk)
    context = {"plan": plan, "task": task, "editable": True, **(extra or {})}
    response = render(request, "plans/_task_card.html", context)
    response["HX-Retarget"] = f"#task-{task.pk}"
    response["HX-Reswap"] = "outerHTML"
    response["HX-Trigger"] = PLAN_CHANGED
    return response


def _reload_response(request, plan, anchor=""):
    if request.htmx:
        response = HttpResponse()
        response["HX-Refresh"] = "true"
        return response
    return redirect(reverse("desk:review", args=[plan.pk]) + anchor)


def _form_response(request, form, *, action, title, plan, error=""):
    """The form again, with the user's input and what went wrong (nothing lost)."""
    context = {
        "form": form,
        "action": action,
        "form_title": title,
        "error": error,
        "plan": plan,
        "cancel_url": reverse("desk:review", args=[plan.pk]),
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


@login_required
def plan_edit(request, pk):
    plan = require_draft_editor(request, load_plan(request, pk))
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
def task_add(request, pk):
    plan = require_draft_editor(request, load_plan(request, pk))
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
    task = load_task_for_edit(request, pk)
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
    task = load_task_for_edit(request, pk)
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


def _target_initial(target):
    fields = ("name", "subject", "op", "unit", "deadline", "scale", "aggregation")
    return {
        **{f: getattr(target, f) for f in fields},
        # Shown in the document's scale (100 with 亿 and 元, not 10000000000).
        "value": target.measure.field_text(target.value),
        "value_max": target.measure.field_text(target.value_max),
        "version": target.version,
    }


@login_required
def target_add(request, pk):
    task = load_task_for_edit(request, pk)
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
    target = load_target_for_edit(request, pk)
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
    target = load_target_for_edit(request, pk)
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


@login_required
def mention_add(request, pk):
    task = load_task_for_edit(request, pk)
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
    mention = load_mention_for_edit(request, pk)
    return _run_form(
        request,
        forms.MentionRoleForm,
        initial={"role": mention.role, "version": mention.version},
        action=reverse("plans:mention_role", args=[mention.pk]),
        title=_("修改“%(name)s”的角色") % {"name": mention.name},
        plan=mention.task.plan,
        save=lambda data: services.update_mention(mention=mention, user=request.user, **data),
        success=lambda saved: _role_saved(request, saved),
    )


def _role_saved(request, mention):
    """The card after a role change, offering the mention's label for the office's
    解析词表 when it came from one (teaching.label_offer)."""
    offer = teaching.label_offer(mention, request.user)
    return _card_response(
        request,
        mention.task,
        _("已保存。"),
        extra={"label_offer": offer},
        query=f"?label_offer={mention.pk}" if offer else "",
    )


@login_required
@require_POST
def mention_teach_label(request, pk):
    """Accept the offer: the label joins the office's vocabulary with the role."""
    mention = load_mention_for_edit(request, pk)
    if not lexicon_rules.can_manage(request.user, mention.task.plan.office):
        raise PermissionDenied
    try:
        term = teaching.teach_label(mention=mention, user=request.user)
    except services.PlanError as exc:
        if not request.htmx:
            messages.error(request, str(exc))
        return _card_response(
            request,
            mention.task,
            extra={"label_error": {"task": mention.task_id, "text": str(exc)}},
        )
    done = _("已把“%(word)s”加入解析词表为%(role)s;按词表重新解析后生效。") % {
        "word": term.word,
        "role": term.get_role_display(),
    }
    return _card_response(
        request, mention.task, done, extra={"label_taught": {"task": mention.task_id, "text": done}}
    )


@login_required
def mention_map(request, pk):
    mention = load_mention_for_edit(request, pk)
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
    mention = load_mention_for_edit(request, pk)
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
    mention = load_mention_for_edit(request, pk)
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


@login_required
@require_POST
def unknown_units(request, pk):
    """The review page's one form for all unknown names (row i: name_i,
    action_i = map|create|"", unit_i typed from the directory list,
    full_name_i, kind_i)."""
    plan = require_draft_editor(request, load_plan(request, pk))
    post = request.POST
    decisions = []
    rows = post.get("rows", "")
    for i in range(min(int(rows), 500) if rows.isdigit() else 0):
        name = post.get(f"name_{i}", "").strip()
        action = post.get(f"action_{i}", "")
        typed = post.get(f"unit_{i}", "").strip()
        decisions.append(
            services.Decision(
                name=name,
                action=action,
                unit=Unit.objects.find(typed) if typed else None,
                full_name=post.get(f"full_name_{i}", "").strip(),
                kind=post.get(f"kind_{i}") or Unit.Kind.DEPARTMENT,
            )
        )
    try:
        done = services.resolve_unknown_units(plan=plan, user=request.user, decisions=decisions)
    except services.PlanError as exc:
        messages.error(request, str(exc))
    else:
        left = len(services.unknown_names(plan))
        messages.success(
            request,
            _("已处理 %(done)s 个单位名称,还有 %(left)s 个未识别。") % {"done": done, "left": left},
        )
    return redirect(reverse("desk:review", args=[plan.pk]) + "#unknown-units")
