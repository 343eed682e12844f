"""Fixtures: the seed-shaped published plan of tests/reports (shared)."""

from tests.reports.plan_fixtures import *  # noqa: F403
