"""`{% task_orders task %}`: the 督办单 panel on the office's task page in
supervision — the task's orders, and for the office's supervisors the form to
issue one, prefilled by `orders.task_order_proposal` (so the supervision view
need not know about orders)."""

from django import template
from django.utils import timezone

from .. import orders
from ..forms import TaskOrderForm

register = template.Library()


@register.inclusion_tag("items/_task_orders.html", takes_context=True)
def task_orders(context, task):
    request = context["request"]
    user = request.user
    rows = list(orders.visible_orders(user).filter(task=task).select_related("unit"))
    result = {"task": task, "orders": rows, "form": None}
    if user.is_supervisor and user.unit_id == task.plan.office_id:
        try:
            wanted = int(request.GET.get("order_unit", ""))
        except ValueError:
            wanted = None
        proposal = orders.task_order_proposal(task=task, on=timezone.localdate(), unit_id=wanted)
        result["proposal"] = proposal
        result["form"] = TaskOrderForm(
            units=proposal.units,
            initial={
                "unit": proposal.unit_id,
                "facts": proposal.facts,
                "requirement": proposal.requirement,
                "reply_due": proposal.reply_due,
            },
        )
    return result
