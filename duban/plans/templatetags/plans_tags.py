"""Template helpers of the plan pages (see duban.plans.display)."""

from django import template

from duban.plans import display

register = template.Library()


@register.filter
def target_rule(target):
    return display.target_rule(target)


@register.simple_tag
def number(value, unit=""):
    return display.number(value, unit)
