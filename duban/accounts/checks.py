"""System check: production (DEBUG off) does not start with the demo passwords.

Django runs checks before runserver, migrate and `check`; wsgi.py calls the
same guard for application servers."""

from django.conf import settings
from django.core import checks

from .demo import accounts_with_published_passwords


@checks.register(checks.Tags.security)
def demo_passwords(app_configs=None, **kwargs):
    if settings.DEBUG:
        return []
    left = accounts_with_published_passwords()
    if not left:
        return []
    return [
        checks.Error(
            "演示账号仍使用公开的演示密码:" + "、".join(left),
            hint="duban changepassword USERNAME (or run the demo with DUBAN_DEBUG=1)",
            id="duban.E001",
        )
    ]
