"""Fixtures: the seed-shaped plan of tests/reports (final period due 2020-12-21,
co-units 2020-12-18) and mail/webhook sinks."""

from tests.reminders.sinks import *  # noqa: F403
from tests.reports.plan_fixtures import *  # noqa: F403
