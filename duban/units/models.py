"""The unit directory: departments, counties, offices and sections, with their
other names and the collective names that stand for sets of them."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.audit.models import ChainedHistoricalRecords

_SPACES = re.compile(r"\s+")


def normalize_name(name):
    """The form under which two spellings of a unit name count as the same.

    Documents mix full-width and ASCII brackets and scatter spaces (also the
    ideographic U+3000) inside names; NFKC folds the full-width forms and the
    spaces are dropped."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", name or ""))


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def name_index(self):
        """{normalised name → Unit} over the queryset: short names, full names and aliases.

        Short names win over full names and aliases when two units collide
        (`Unit.clean` forbids collisions; old data may still hold some)."""
        index = {}
        units = list(self)
        for unit in units:
            for other in [*unit.aliases, unit.full_name]:
                if other:
                    index.setdefault(normalize_name(other), unit)
        for unit in units:
            index[normalize_name(unit.name)] = unit
        return index

    def search(self, text):
        """Units whose short name, full name or any alias contains `text`.

        Aliases are matched in Python: JSON text in SQLite escapes CJK
        characters, so a database `icontains` would miss them."""
        key = normalize_name(text)
        if not key:
            return self
        ids = [
            pk
            for pk, name, full_name, aliases in self.values_list(
                "pk", "name", "full_name", "aliases"
            )
            if any(key in normalize_name(n) for n in [name, full_name, *(aliases or [])])
        ]
        return self.filter(pk__in=ids)

    def find(self, name):
        """The unit `name` stands for (short name, full name or alias, any bracket width), or None."""
        return self.name_index().get(normalize_name(name))

    def office(self):
        """The office that runs this duban: the top-level unit of kind office, first created."""
        return self.filter(office_q()).order_by("pk").first()

    def office_name(self):
        office = self.office()
        if office is None:
            return _("督查室")
        return office.full_name or office.name


def office_q() -> models.Q:
    """What makes a unit an office that may run this duban (`office()` takes the first)."""
    return models.Q(kind=Unit.Kind.OFFICE, parent__isnull=True)


class Unit(models.Model):
    """A unit that can own or share tasks. The office (督查室's 政府办) is a unit too.

    Contract: `name` (the short name documents use) is unique; `aliases` lists
    other names seen in documents, each unique across the directory (checked
    in `clean`): no alias may equal, after `normalize_name`, another unit's
    name, full name or alias, nor a group's name. Lookups by any of these
    names go through `Unit.objects.find` / `name_index`; only active units
    take part in resolution (see `units.services.resolve`)."""

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
    history = ChainedHistoricalRecords()

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    def all_names(self):
        """Every name this unit is known by, short name first."""
        names = [self.name]
        for other in [self.full_name, *self.aliases]:
            if other and other not in names:
                names.append(other)
        return names

    def _names_taken_elsewhere(self):
        """{normalised name → owner} for every name of other units and every group."""
        taken = {}
        for unit in Unit.objects.exclude(pk=self.pk):
            for other in unit.all_names():
                taken.setdefault(normalize_name(other), unit.name)
        for group_name in UnitGroup.objects.values_list("name", flat=True):
            taken.setdefault(normalize_name(group_name), group_name)
        return taken

    def clean(self):
        super().clean()
        if not isinstance(self.aliases, list) or not all(isinstance(a, str) for a in self.aliases):
            raise ValidationError({"aliases": _("别名必须是名称列表。")})
        self.aliases = [a.strip() for a in self.aliases if a and a.strip()]
        taken = self._names_taken_elsewhere()
        errors = {}
        own = normalize_name(self.name)
        # Same short name as another unit: the unique check reports it; here only
        # a collision with another unit's full name or alias, or a group.
        if own in taken and taken[own] != self.name:
            errors["name"] = ValidationError(
                _("名称“%(name)s”已是“%(owner)s”的别名或全称。"),
                params={"name": self.name, "owner": taken[own]},
            )
        full = normalize_name(self.full_name)
        if full and full != own and full in taken:
            errors["full_name"] = ValidationError(
                _("名称“%(name)s”已是“%(owner)s”的别名或全称。"),
                params={"name": self.full_name, "owner": taken[full]},
            )
        alias_errors, seen = [], {own}
        for alias in self.aliases:
            key = normalize_name(alias)
            if key in seen:
                alias_errors.append(
                    ValidationError(_("别名“%(alias)s”重复。"), params={"alias": alias})
                )
            elif key in taken:
                alias_errors.append(
                    ValidationError(
                        _("别名“%(alias)s”已被“%(owner)s”使用。"),
                        params={"alias": alias, "owner": taken[key]},
                    )
                )
            seen.add(key)
        if alias_errors:
            errors["aliases"] = alias_errors
        if self.pk and self.parent_id:
            ancestor, hops = self.parent, 0
            while ancestor is not None and hops < 100:
                if ancestor.pk == self.pk:
                    errors["parent"] = ValidationError(_("上级单位不能是本单位或其下属单位。"))
                    break
                ancestor, hops = ancestor.parent, hops + 1
        if errors:
            raise ValidationError(errors)


class UnitGroup(models.Model):
    """A collective name ("各市、县人民政府") and the units it stands for.

    Either explicit `members`, or a `kind_rule` naming a Unit.Kind whose
    active units all belong ("州政府各部门" → every department). `units()`
    gives the active units the name stands for today."""

    name = models.CharField(_("集合名称"), max_length=100, unique=True)
    members = models.ManyToManyField(
        Unit, verbose_name=_("成员单位"), blank=True, related_name="groups"
    )
    kind_rule = models.CharField(
        _("按类别包含"), max_length=20, choices=Unit.Kind.choices, blank=True
    )
    history = ChainedHistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("单位集合")
        verbose_name_plural = _("单位集合")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def units(self):
        """The active units this collective name stands for, in directory order."""
        if self.kind_rule:
            return Unit.objects.active().filter(kind=self.kind_rule)
        return self.members.filter(is_active=True)

    def clean(self):
        super().clean()
        key = normalize_name(self.name)
        for unit in Unit.objects.all():
            if key in {normalize_name(n) for n in unit.all_names()}:
                raise ValidationError(
                    {
                        "name": ValidationError(
                            _("集合名称“%(name)s”与单位“%(unit)s”的名称重复。"),
                            params={"name": self.name, "unit": unit.name},
                        )
                    }
                )
