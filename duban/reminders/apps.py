from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "duban.reminders"
    verbose_name = _("提醒与催办")
