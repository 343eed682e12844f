"""Fixtures: the reports test plan (tests/reports/plan_fixtures.py) and the
API's token client."""

from tests.api.conftest import api_client  # noqa: F401
from tests.reports.plan_fixtures import *  # noqa: F403
