from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "duban.desk"
    label = "desk"
    verbose_name = _("计划办理页面")
