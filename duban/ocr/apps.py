from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OcrConfig(AppConfig):
    name = "duban.ocr"
    label = "ocr"
    verbose_name = _("扫描件识别")
    default_auto_field = "django.db.models.BigAutoField"
