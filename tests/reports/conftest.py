"""Fixtures: see plan_fixtures (shared with tests/supervision)."""

from tests.reports.plan_fixtures import *  # noqa: F403
