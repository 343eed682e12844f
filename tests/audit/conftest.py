"""Fixtures: the reports' plan, calendar and accounts (tests/reports/plan_fixtures)."""

from tests.reports.plan_fixtures import *  # noqa: F403
