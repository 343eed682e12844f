"""The WSGI application (gunicorn, `duban serve`). It refuses to start in
production (DEBUG off) while demo accounts keep their published passwords."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
application = get_wsgi_application()

from duban.accounts.demo import refuse_published_passwords  # noqa: E402 — needs apps loaded

refuse_published_passwords()
