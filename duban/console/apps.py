from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsoleConfig(AppConfig):
    """Commands that run a whole workflow across apps (`duban demo`, `duban
    import_plan --publish`): they sit above every app, so no app imports another
    for them."""

    name = "duban.console"
    label = "console"
    verbose_name = _("命令行")
