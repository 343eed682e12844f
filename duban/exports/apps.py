from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "duban.exports"
    verbose_name = _("书面报告与台账")
