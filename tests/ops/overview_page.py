"""Print the office overview page (督办总览) as the demo supervisor sees it, with
the per-request CSRF token and the time its numbers were computed masked: run as a script against DATABASE_URL /
DUBAN_VAR_DIR, so a test can compare the page before and after a restore."""

import os
import re
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
django.setup()

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from duban.accounts.models import User  # noqa: E402

client = Client()
client.force_login(User.objects.get(username="duchashi"))
response = client.get(reverse("supervision:overview"), HTTP_HOST="127.0.0.1")
assert response.status_code == 200, response.status_code
page = response.content.decode()
page = re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"', r"\1-", page)
sys.stdout.write(re.sub(r"数据更新于 \d\d:\d\d:\d\d", "数据更新于 -", page))
