"""Office pages: the overview (tasks × lights) and the office's task page."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from duban import access
from duban.core import freshness
from duban.core.lights import Light
from duban.plans import rules as plan_rules
from duban.plans.models import Task
from duban.units.models import Unit

from . import lights as lights_mod
from . import taskpage
from .overview import LIGHTS, cached_office_overview, office_plans
from .services import OverrideError, override_task_light


def _label(code) -> str:
    """A light's label in the user's language (from the one declaration)."""
    return gettext(Light(code).label)


def _office_staff(user):
    if not access.is_office_staff(user):
        raise PermissionDenied
    return user


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _options(pairs, selected):
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((pk, mark_safe(" selected") if pk == selected else "", label) for pk, label in pairs),
    )


@login_required
def overview(request):
    """Tasks × lights of one plan (default: the newest running plan) or of one
    unit across every plan; htmx swaps the table when a filter changes."""
    user = _office_staff(request.user)
    plans = office_plans(user)
    plan_id = request.GET.get("plan", "")
    unit_id = _int(request.GET.get("unit"))
    plan = None
    if plan_id == "all":
        plan = None
    elif _int(plan_id) is not None:
        plan = get_object_or_404(plans, pk=_int(plan_id))
    else:
        plan = plans.first()
    units = Unit.objects.filter(assignments__task__plan__in=[plan] if plan else plans)
    if unit_id is not None:
        get_object_or_404(Unit, pk=unit_id)
    light = request.GET.get("light", "")
    light = light if light in LIGHTS else ""
    overdue_only = request.GET.get("overdue") == "1"
    context = {
        "plan": plan,
        "plan_choice": "all" if plan is None else str(plan.pk),
        "unit_id": unit_id,
        "light": light,
        "overdue_only": overdue_only,
        "light_choices": [(x.value, _label(x)) for x in Light],
    }
    if plan is not None or unit_id is not None:
        # The numbers may be a few seconds old (DUBAN_OVERVIEW_MAX_AGE); the page
        # says when they were computed and 刷新 (refresh=1) recomputes them.
        max_age = freshness.max_age()
        data = cached_office_overview(
            user=user,
            on=timezone.localdate(),
            plan=plan,
            unit_id=unit_id,
            light=light,
            overdue_only=overdue_only,
            page=request.GET.get("page", 1),
            max_age=max_age,
            refresh=request.GET.get("refresh") == "1",
            changed_at=freshness.changed_at(office_id=user.unit_id, session=request.session),
        )
        refresh_query = request.GET.copy()
        refresh_query["refresh"] = "1"
        chart = [
            {"name": _label(x), "value": data.counts[x.value], "itemStyle": {"color": x.colour}}
            for x in Light
        ]
        rate = data.timeliness["rate"]
        context.update(
            overview=data,
            chart_json=json.dumps(chart, ensure_ascii=False),
            rate_percent=None if rate is None else round(float(rate) * 100, 1),
            count_items=[(x.value, _label(x), data.counts[x.value]) for x in Light],
            max_age=max_age,
            refresh_query=refresh_query.urlencode(),
        )
    units = (
        units.distinct().order_by("name").values_list("id", "name")
        if plan is not None
        else Unit.objects.filter(is_active=True).order_by("name").values_list("id", "name")
    )
    # Hundreds of options: rendered here in one pass rather than tag by tag.
    context["unit_options"] = _options(units, unit_id)
    context["plan_options"] = _options(
        (
            (p.pk, f"{p.name[:40]}({p.doc_number})" if p.doc_number else p.name[:40])
            for p in plans.only("id", "title", "plan_title", "doc_number")[:200]
        ),
        plan.pk if plan is not None else None,
    )
    template = "supervision/overview.html"
    if request.htmx and request.htmx.target == "overview-body":
        template = "supervision/_overview_body.html"
    return render(request, template, context)


@login_required
def task_page(request, pk):
    """A task as the office follows it: targets with their value history and
    lights, every report with its versions, and the review comments."""
    user = _office_staff(request.user)
    task = get_object_or_404(Task.objects.visible_to(user).select_related("plan"), pk=pk)
    on = timezone.localdate()
    light = lights_mod.task_lights(Task.objects.filter(pk=task.pk), on)[task.pk]
    # The chart series reach the page through json_script (escaped for a script tag).
    data = taskpage.task_page_data(task=task, user=user, light=light)
    return render(
        request,
        "supervision/task.html",
        {
            "task": task,
            "plan": task.plan,
            "light": light,
            "can_override": plan_rules.can_edit_plan(user, task.plan),
            "override_choices": [(x.value, _label(x)) for x in Light],
            **data,
        },
    )


@login_required
@require_POST
def override(request, pk):
    """The office sets (or clears, with light "") a task's light; a written
    reason is always required so the audit trail says why."""
    user = _office_staff(request.user)
    task = get_object_or_404(Task.objects.visible_to(user).select_related("plan"), pk=pk)
    if not plan_rules.can_edit_plan(user, task.plan):
        raise PermissionDenied
    light = request.POST.get("light", "")
    reason = request.POST.get("reason", "").strip()
    if light not in ("", *Light):
        messages.error(request, _("状态灯无效。"))
    elif not reason:
        messages.error(request, _("请填写理由,状态灯未作改动。"))
    else:
        try:
            override_task_light(task=task, user=user, light=light, reason=reason)
        except OverrideError as exc:
            messages.error(request, str(exc))
        else:
            freshness.office_numbers_changed(office_id=task.plan.office_id, session=request.session)
            if light:
                messages.success(
                    request,
                    _("已指定状态灯为%(light)s。") % {"light": _label(light)},
                )
            else:
                messages.success(request, _("已取消指定,恢复按规则计算的状态灯。"))
    return redirect("supervision:task", pk=task.pk)
