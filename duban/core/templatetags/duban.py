"""Template helpers shared by every app."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext

from duban.core.audit import DEFAULT_LIMIT, audit_entries
from duban.core.lights import (
    MARK_LATE,
    MARK_LATE_MEANING,
    MARK_OVERDUE,
    MARK_OVERDUE_MEANING,
    Light,
)

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


# --- lights (one declaration: duban.core.lights) ---------------------------------


@register.filter
def light_label(code) -> str:
    """{{ code|light_label }}: a light's label in the user's language ("" for no light)."""
    try:
        return gettext(Light(code).label)
    except ValueError:
        return ""


@register.inclusion_tag("core/light_legend.html")
def light_legend():
    """{% light_legend %}: what each colour means and the two timeliness marks.
    Every page that shows lights includes it."""
    return {
        "lights": [(x.value, gettext(x.label), gettext(x.meaning)) for x in Light],
        "marks": [
            ("late", gettext(MARK_LATE), gettext(MARK_LATE_MEANING)),
            ("overdue", gettext(MARK_OVERDUE), gettext(MARK_OVERDUE_MEANING)),
        ],
    }


@register.inclusion_tag("core/task_light.html")
def task_light(light, marks=True):
    """{% task_light tl %}: a task's light badge (from supervision.lights.TaskLight),
    what it was judged on, and its timeliness marks (逾期报送 n, 逾期未报 n)."""
    return {"tl": light, "marks": marks}


# --- amounts in the document's scale (duban.core.amounts) ------------------------


@register.filter
def amount(value, target) -> str:
    """{{ value|amount:target }}: a base value shown in the target's scale ("85亿元")."""
    if value is None or value == "":
        return ""
    return target.measure.show(value)


@register.filter
def amount_field(value, target) -> str:
    """{{ value|amount_field:target }}: the text an input starts from (the
    number in the target's scale; a bare number there means that scale)."""
    if value is None or value == "":
        return ""
    return target.measure.field_text(value)
