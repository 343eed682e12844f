"""The WSGI application (gunicorn, `duban serve`). It refuses to start in
production (DEBUG off) without DUBAN_SECRET_KEY, or while demo accounts keep
their published passwords."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
application = get_wsgi_application()

# Both need the apps loaded (after get_wsgi_application).
from duban.accounts.demo import refuse_published_passwords  # noqa: E402
from duban.core.checks import require_secret_key  # noqa: E402

require_secret_key()
refuse_published_passwords()
