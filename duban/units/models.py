"""The unit directory: departments, counties, offices and sections, with their
other names and the collective names that stand for sets of them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Unit(models.Model):
    """A unit that can own or share tasks. The office (督查室's 政府办) is a unit too.

    Contract: `name` (the short name documents use) is unique; `aliases` lists
    other names seen in documents, each unique across the directory (checked
    in `clean`)."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("部门")
        COUNTY = "county", _("市县")
        OFFICE = "office", _("办公室")
        SECTION = "section", _("科室")

    name = models.CharField(_("简称"), max_length=100, unique=True)
    full_name = models.CharField(_("全称"), max_length=200, blank=True)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    aliases = models.JSONField(_("别名"), default=list, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class UnitGroup(models.Model):
    """A collective name ("各市、县人民政府") and the units it stands for.

    Either explicit `members`, or a `kind_rule` naming a Unit.Kind whose
    active units all belong ("州政府各部门" → every department)."""

    name = models.CharField(_("集合名称"), max_length=100, unique=True)
    members = models.ManyToManyField(
        Unit, verbose_name=_("成员单位"), blank=True, related_name="groups"
    )
    kind_rule = models.CharField(
        _("按类别包含"), max_length=20, choices=Unit.Kind.choices, blank=True
    )
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("单位集合")
        verbose_name_plural = _("单位集合")
        ordering = ["name"]

    def __str__(self):
        return self.name
