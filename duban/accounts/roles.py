"""The roles an account can hold (stable English codes, Chinese labels).

Kept apart from models.py so that the access layer (`duban.access`), which
models build on, can name the roles without importing a model; `User.Role`
is this class."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SUPERVISOR = "supervisor", _("督查室")
    OFFICER = "officer", _("填报员")
    HEAD = "head", _("单位负责人")
    LEADER = "leader", _("领导")
    ADMIN = "admin", _("系统管理员")
