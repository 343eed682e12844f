"""Schemathesis over the OpenAPI schema (`/api/openapi.json`) with every role's token
(and none): generated requests for every operation, bounded examples each; no answer
is a server error and every answer matches the schema the operation declares.

The requests go through the real WSGI application in this process, on the test
database with the reports test plan (so ids point at real tasks and reports too)."""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.serializers.json import DjangoJSONEncoder
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from duban.api.api import api
from duban.api.services import issue_token

EXAMPLES = 5
CHECKS = (not_a_server_error, response_schema_conformance)


@pytest.fixture
def schema(db):
    """The schema the API serves at /api/openapi.json; requests go to the WSGI
    application and, like Django's test client, keep the test's connection."""
    raw = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api"), cls=DjangoJSONEncoder))
    loaded = schemathesis.openapi.from_dict(raw)
    loaded.app = get_wsgi_application()
    signals.request_started.disconnect(close_old_connections)
    try:
        yield loaded
    finally:
        signals.request_started.connect(close_old_connections)


@pytest.fixture
def tokens(calendar, supervisor, leader, admin_user, rsj_officer, golmud_officer, fgw_head):
    keys = {"anonymous": None}
    for user in (supervisor, leader, admin_user, rsj_officer, golmud_officer, fgw_head):
        keys[user.username] = issue_token(user=user, name="schemathesis")[1]
    return keys


def fuzz(strategy, headers):
    """Bounded, reproducible examples of one operation with one token."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS)

    run()


def test_every_operation_with_every_token(schema, tokens):
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    failures = []
    for operation in operations:
        strategy = operation.as_strategy()
        for who, key in tokens.items():
            try:
                fuzz(strategy, {"Authorization": f"Bearer {key}"} if key else {})
            except Exception as exc:  # collect every operation's failure, then report
                failures.append(f"{operation.label} as {who}: {exc}"[:2000])
    assert failures == [], "\n\n".join(failures)
