"""System checks of the deployment settings duban reads from the environment."""

from django.conf import settings
from django.core import checks

NO_KEY = (
    "DUBAN_SECRET_KEY must be set (50+ random characters) unless DUBAN_DEBUG=1; "
    "e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
)


@checks.register(checks.Tags.security)
def secret_key_set(app_configs=None, **kwargs):
    # settings._wrapped: reading settings.SECRET_KEY itself raises when it is empty.
    if getattr(settings._wrapped, "SECRET_KEY", ""):
        return []
    return [checks.Error(NO_KEY, id="duban.E002")]


def require_secret_key() -> None:
    """For app servers (wsgi.py), which run no system checks."""
    if not getattr(settings._wrapped, "SECRET_KEY", ""):
        raise RuntimeError(NO_KEY)
