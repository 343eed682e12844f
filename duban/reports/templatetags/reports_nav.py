"""Navigation counts of the reports app: `{% review_queue_count as n %}` in base.html."""

from django import template

from .. import queue

register = template.Library()


@register.simple_tag(takes_context=True)
def review_queue_count(context) -> str:
    """The badge's text: the number waiting, "99+" past the cap, "" for none."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    n = queue.queue_badge_count(user)
    if n > queue.BADGE_CAP:
        return f"{queue.BADGE_CAP}+"
    return str(n) if n else ""
