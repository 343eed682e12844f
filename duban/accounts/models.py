"""People and their roles. Every person belongs to one unit."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban import access
from duban.access.roles import Role as _Role
from duban.audit.models import ChainedHistoricalRecords


class User(AbstractUser):
    """A person of a unit with one role.

    Contract: supervisors and leaders belong to the office unit and see the
    office's plans; officers and heads see only what their unit is assigned;
    leaders change nothing; admins manage units and accounts (and only admins
    are `is_staff`, which opens the Django admin); nobody is superuser — save()
    clears the flag whatever sets it (the Django admin, createsuperuser, a
    script), so every permission goes through the role rules. The role
    predicates are the access layer's (`duban.access`, the only code that
    reads `role`); the `is_<role>` properties below are their plain-attribute
    mirror for templates."""

    Role = _Role

    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    history = ChainedHistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.display_name or self.username

    # Office roles sit in the office or one of its sections.
    OFFICE_ROLES = access.OFFICE_ROLES
    OFFICE_KINDS = ("office", "section")

    def save(self, *args, **kwargs):
        self.is_superuser = False
        super().save(*args, **kwargs)

    def clean(self):
        """Every role but admin needs a unit; supervisors and leaders need an office unit."""
        super().clean()
        if not access.holds_role(self, _Role.ADMIN) and self.unit_id is None:
            raise ValidationError({"unit": _("请选择所属单位。")})
        if access.holds_role(self, *access.OFFICE_ROLES) and self.unit is not None:
            if self.unit.kind not in self.OFFICE_KINDS:
                raise ValidationError({"unit": _("督查室和领导账号应属于政府办公室或其科室。")})

    @property
    def is_supervisor(self):
        return access.is_supervisor(self)

    @property
    def is_leader(self):
        return access.is_leader(self)

    @property
    def is_admin(self):
        return access.is_admin(self)

    @property
    def is_unit_member(self):
        """Officer or head of a unit: sees what the unit is assigned."""
        return access.is_unit_staff(self)
