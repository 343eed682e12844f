"""Navigation counts of the reports app: `{% review_queue_count as n %}` in base.html."""

from django import template

from ..queue import queue_count

register = template.Library()


@register.simple_tag(takes_context=True)
def review_queue_count(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    return queue_count(user) if user is not None and user.is_authenticated else 0
