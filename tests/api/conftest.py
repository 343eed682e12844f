"""API fixtures: the reports test plan (tests/reports/plan_fixtures.py) and
`api_client(user)`, a test client carrying a fresh token of that user."""

import json

import pytest
from django.test import Client

from duban.api.services import issue_token
from tests.reports.plan_fixtures import *  # noqa: F403


class ApiClient:
    """A client that sends `Authorization: Bearer <token>` and JSON bodies."""

    def __init__(self, key=None):
        self.key = key
        self.client = Client()

    def _headers(self):
        return {"HTTP_AUTHORIZATION": f"Bearer {self.key}"} if self.key else {}

    def get(self, url, **params):
        return self.client.get(url, params, **self._headers())

    def post(self, url, data=None):
        return self.client.post(
            url, json.dumps(data or {}), content_type="application/json", **self._headers()
        )


@pytest.fixture
def api_client(db):
    """api_client(user) → ApiClient with a new token of `user` (None: no token)."""

    def make(user):
        if user is None:
            return ApiClient()
        _token, key = issue_token(user=user, name="test")
        client = ApiClient(key)
        # The first use stamps last_used_at (bookkeeping, like a session row);
        # done here so "nothing changed" snapshots see only what a call did.
        client.get("/api/me")
        return client

    return make
