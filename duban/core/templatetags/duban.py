"""Template helpers shared by every app."""

from django import template
from django.urls import NoReverseMatch, reverse

from duban.core.audit import DEFAULT_LIMIT, audit_entries

register = template.Library()


@register.simple_tag
def optional_url(name, *args, **kwargs):
    """The URL of `name`, or "" when that route does not exist (yet).

    The navigation links to apps that may not be installed in every
    deployment; a missing route hides the link instead of breaking the page."""
    try:
        return reverse(name, args=args, kwargs=kwargs)
    except NoReverseMatch:
        return ""


@register.simple_tag(takes_context=True)
def nav_active(context, prefix):
    """ "active" when the current path starts with `prefix` (for the nav bar)."""
    request = context.get("request")
    if request is not None and prefix and request.path.startswith(prefix):
        return "active"
    return ""


@register.inclusion_tag("core/audit_trail.html")
def audit_trail(obj, limit=DEFAULT_LIMIT):
    """{% audit_trail obj %}: the object's change history (who, when, field-by-field)."""
    return {"entries": audit_entries(obj, limit)}
