"""The leader's cockpit (驾驶舱): one page per published plan — lights of each
key work, the targets furthest behind pace, units ranked by on-time reporting
and by 按期办结率, overdue reports, the trend by period. Every figure links to
the tasks behind it. Leaders land here (core `home`); supervisors may open it."""

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from duban import access
from duban.core.lights import Light
from duban.plans.models import Plan, Task
from duban.units.models import Unit

from .dashboard import dashboard as dashboard_data
from .data import cockpit
from .escalations import escalations


def _published_plans(user):
    """Published plans only: a leader never sees drafts here."""
    return (
        Plan.objects.visible_to(user)
        .filter(status=Plan.Status.PUBLISHED)
        .order_by("-published", "-id")
    )


@login_required
def home(request):
    user = request.user
    if not access.is_office_staff(user):
        raise PermissionDenied
    plans = _published_plans(user)
    plan_id = request.GET.get("plan", "")
    plan = get_object_or_404(plans, pk=plan_id) if plan_id.isdigit() else plans.first()
    today = timezone.localdate()
    context = {"plans": plans[:50], "plan": plan, **escalations(user, today)}
    if plan is not None:
        data = cockpit(plan, today)
        context.update(data)
        context["count_items"] = [
            (light.value, _(light.label), data["counts"][light.value]) for light in Light
        ]
        context["trend_chart"] = {
            "labels": [row["label"] for row in data["trend"]],
            "on_time": [row["on_time"] for row in data["trend"]],
            "late": [row["late"] for row in data["trend"]],
            "missing": [row["missing"] for row in data["trend"]],
        }
        context["light_chart"] = [
            {
                "name": _(light.label),
                "value": data["counts"][light.value],
                "itemStyle": {"color": light.colour},
            }
            for light in Light
        ]
        context["trend_json"] = json.dumps(context["trend_chart"], ensure_ascii=False)
    return render(request, "cockpit/home.html", context)


def _int(value):
    return int(value) if value and value.isdigit() else None


@login_required
def dashboard(request):
    """Office dashboards for one published plan, filtered by unit and key work."""
    user = request.user
    if not access.is_office_staff(user):
        raise PermissionDenied
    plans = _published_plans(user)
    plan_id = _int(request.GET.get("plan"))
    plan = get_object_or_404(plans, pk=plan_id) if plan_id else plans.first()
    context = {"plans": plans[:50], "plan": plan}
    if plan is not None:
        units = (
            Unit.objects.filter(assignments__task__plan=plan)
            .distinct()
            .order_by("name")
            .values_list("pk", "name")
        )
        tasks = list(Task.objects.filter(plan=plan).order_by("order", "pk"))
        unit_id = _int(request.GET.get("unit"))
        task_id = _int(request.GET.get("task"))
        if unit_id is not None and unit_id not in {pk for pk, _n in units}:
            raise Http404
        if task_id is not None and task_id not in {t.pk for t in tasks}:
            raise Http404
        data = dashboard_data(plan, timezone.localdate(), unit_id=unit_id, task_id=task_id)
        context.update(
            units=units,
            tasks=tasks,
            unit_id=unit_id,
            task_id=task_id,
            **data,
            charts={
                "targets": data["targets"],
                "heat": data["heat"],
                "trend": {
                    "labels": [r["label"] for r in data["trend"]],
                    "on_time": [r["on_time"] for r in data["trend"]],
                    "late": [r["late"] for r in data["trend"]],
                    "missing": [r["missing"] for r in data["trend"]],
                },
            },
        )
    return render(request, "cockpit/dashboard.html", context)
