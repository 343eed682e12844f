"""What every plan workflow step shares: the refusals (`PlanError` and its kinds,
each with a message fit for the user), saving with the acting user in the audit
trail, the version check that refuses stale edits, and reading parse-contract
values."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import rules as plan_rules
from .models import UnitMention


class PlanError(Exception):
    """A refused workflow step; str(error) is a message for the user."""


class NotAllowed(PlanError):
    pass


class NotEditable(PlanError):
    pass


class StaleEdit(PlanError):
    """Someone else saved the object since the form was rendered; `current` is
    the version now saved (a form re-sent with it overwrites deliberately)."""

    def __init__(self, message, current=None):
        super().__init__(message)
        self.current = current


class CannotPublish(PlanError):
    pass


class InvalidInput(PlanError):
    pass


def save_as(obj, user, bump=True):
    """Save with the acting user in the audit trail (also outside a request)."""
    if bump and obj.pk and hasattr(obj, "version"):
        obj.version += 1
    obj._history_user = user
    obj.save()
    return obj


def delete_as(obj, user):
    obj._history_user = user
    obj.delete()


def check_version(obj, version):
    """Refuse a save made from a form rendered before someone else's save."""
    if version is None:
        return
    try:
        version = int(version)
    except (TypeError, ValueError):
        version = -1
    if version != obj.version:
        raise StaleEdit(
            _(
                "保存失败:在您编辑期间,该内容已被其他人修改。您填写的内容保留在下方;"
                "请核对后再次保存(将覆盖对方的修改),或取消后查看最新内容。"
            ),
            current=obj.version,
        )


def require_edit(plan, user):
    if not plan_rules.can_edit_plan(user, plan):
        raise NotAllowed(_("您没有修改该计划的权限。"))
    if not plan.is_editable:
        raise NotEditable(_("计划已发布,内容不能再修改。"))


def assign_fields(obj, fields, allowed):
    """Set the edited fields; text fields store "" for empty, nullable ones None."""
    for name, value in fields.items():
        if name not in allowed:
            raise InvalidInput(name)
        if value is None and not obj._meta.get_field(name).null:
            value = ""
        setattr(obj, name, value)


def locked(model, pk):
    return model.objects.select_for_update().get(pk=pk)


def apply_resolution(mention, resolution):
    status = getattr(resolution, "status", "unknown")
    units = list(getattr(resolution, "units", None) or [])
    if status in ("group", "collective") and units:
        mention.status = UnitMention.Status.GROUP
    elif status != "unknown" and len(units) == 1:
        mention.status = UnitMention.Status.RESOLVED
    elif status != "unknown" and units:
        mention.status = UnitMention.Status.GROUP
    else:
        mention.status = UnitMention.Status.UNKNOWN
        units = []
    return units


def set_units(mention, units, user):
    # One audit row for the change, not one per added unit.
    mention.skip_history_when_saving = True
    try:
        mention.units.set(units)
    finally:
        del mention.skip_history_when_saving
    save_as(mention, user)
