"""Account workflows: create, change role/unit, reset password, deactivate."""

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from duban import access

from .models import User

ADMIN_GROUP = "系统管理员"
# What admins may do in the Django admin: the directory and the accounts, nothing of plans.
ADMIN_MODELS = [("units", "unit"), ("units", "unitgroup"), ("accounts", "user")]


def _admin_group():
    group, _created = Group.objects.get_or_create(name=ADMIN_GROUP)
    perms = Permission.objects.filter(
        content_type__app_label__in=[a for a, _m in ADMIN_MODELS],
        content_type__model__in=[m for _a, m in ADMIN_MODELS],
    )
    group.permissions.set(perms)
    return group


def apply_role(account):
    """Admins, and only admins, open the Django admin (is_staff + the admin group)."""
    account.is_staff = access.holds_role(account, User.Role.ADMIN)
    account.is_superuser = False


def _save(account, actor):
    if actor is not None:
        account._history_user = actor
    account.save()
    sync_role_groups(account)


def sync_role_groups(account):
    """The admin group follows the role (and nothing else grants permissions)."""
    if access.holds_role(account, User.Role.ADMIN):
        account.groups.add(_admin_group())
    else:
        account.groups.remove(*Group.objects.filter(name=ADMIN_GROUP))


@transaction.atomic
def create_account(*, username, password, role, unit=None, display_name="", email="", user=None):
    """A new active account. `user` is who creates it (for the audit trail).

    `password` None leaves the account without a usable password until an
    admin sets one."""
    if role not in User.Role.values:
        raise ValueError(_("未知角色:%(role)s") % {"role": role})
    account = User(username=username, role=role, unit=unit, display_name=display_name, email=email)
    if password is None:
        account.set_unusable_password()
    else:
        account.set_password(password)
    apply_role(account)
    _save(account, user)
    return account


@transaction.atomic
def update_account(*, account, user=None, **fields):
    """Change display name, unit, role or email of `account`."""
    for name in ("display_name", "unit", "role", "email"):
        if name in fields:
            setattr(account, name, fields[name])
    apply_role(account)
    _save(account, user)
    return account


@transaction.atomic
def reset_password(*, account, password, user=None):
    account.set_password(password)
    _save(account, user)
    return account


def is_locked_out(account) -> bool:
    """Too many failed sign-ins for this account (from any address) within the
    cool-off time: django-axes refuses it until then or until an admin unlocks."""
    since = timezone.now() - get_cool_off()
    failures = AccessAttempt.objects.filter(
        username=account.username, attempt_time__gte=since
    ).aggregate(n=Sum("failures_since_start"))["n"]
    return (failures or 0) >= settings.AXES_FAILURE_LIMIT


def unlock(*, account, user=None) -> int:
    """An admin lifts the sign-in lock of `account` (every address)."""
    return axes_reset(username=account.username)


@transaction.atomic
def set_active(*, account, active, user=None):
    """Deactivate (or reactivate) an account; deactivated accounts cannot sign in."""
    account.is_active = active
    _save(account, user)
    return account
