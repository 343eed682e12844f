"""Fixtures: the seed-shaped published plan of tests/reports and the API
client of tests/api (shared)."""

from tests.api.conftest import api_client  # noqa: F401
from tests.reports.plan_fixtures import *  # noqa: F403
