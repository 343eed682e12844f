"""Password rules beyond Django's validators (settings.AUTH_PASSWORD_VALIDATORS)."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .demo import PASSWORDS


class NotADemoPasswordValidator:
    """Refuses the demo passwords published in the README (duban-demo-1 …)."""

    def validate(self, password, user=None):
        if password.strip().lower() in set(PASSWORDS.values()) or password.lower().startswith(
            "duban-demo"
        ):
            raise ValidationError(_("不能使用演示密码。"), code="password_demo")

    def get_help_text(self):
        return _("不能使用公开的演示密码。")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rule with a Chinese message (Django's zh-hans catalogue leaves it in English)."""

    def get_error_message(self):
        return _("密码太短,至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}

    def get_help_text(self):
        return _("密码至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}
