"""Shared fixtures. Role personas live in tests/personas.py.

`directory` loads the Haixi demo directory ({short name: Unit}); `office` is
the office unit; each persona fixture creates its account (password
personas.PASSWORD); `client_for(user)` gives a Django test client signed in
as that user.

The collection hook below gives `make test`'s `once` marker to the modules in ONCE."""

import pytest
from django.test import Client

from tests.browserkit import (  # noqa: F401 — fixtures
    browser,
    colleague_page,
    csp_page,
    login,
    outside_requests,
    page,
    playwright_session,
    second_browser,
)
from tests.personas import OFFICE, load_directory, make_persona

# pytest-django's fixtures that open the suite's database (`once` tests may use none).
DATABASE_FIXTURES = {
    "db",
    "transactional_db",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
    "live_server",
}


# Modules whose every test is the same on SQLite and PostgreSQL: pure logic and static
# checks, or subprocesses that drop DATABASE_URL and make a site of their own. They are
# marked `once`, and the PostgreSQL pass leaves them out (like tests/docparse).
ONCE = {
    "tests/core/test_amounts.py",
    "tests/core/test_typing_ratchet.py",
    "tests/ocr/test_worker_killed.py",
    "tests/ops/test_serve.py",
    "tests/ops/test_sqlite_to_postgres.py",
    "tests/reminders/test_ladder.py",
    "tests/reminders/test_worker_poll.py",
    "tests/security/test_make_run.py",
    "tests/security/test_no_safe_filter.py",
    "tests/supervision/test_pace.py",
}


@pytest.hookimpl(tryfirst=True)  # before pytest's own hook deselects by -m
def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid.split("::")[0] in ONCE:
            item.add_marker(pytest.mark.once)
        # `once` drops a test from the PostgreSQL pass: it must not use that database.
        if item.get_closest_marker("once") and (
            DATABASE_FIXTURES & set(item.fixturenames) or item.get_closest_marker("django_db")
        ):
            raise pytest.UsageError(f"{item.nodeid} is marked `once` but uses the database")


@pytest.fixture
def directory(db):
    return load_directory()


@pytest.fixture
def office(directory):
    return directory[OFFICE]


@pytest.fixture
def supervisor(directory):
    return make_persona("supervisor")


@pytest.fixture
def leader(directory):
    return make_persona("leader")


@pytest.fixture
def admin_user(directory):
    return make_persona("admin_user")


@pytest.fixture
def fgw_officer(directory):
    return make_persona("fgw_officer")


@pytest.fixture
def fgw_head(directory):
    return make_persona("fgw_head")


@pytest.fixture
def rsj_officer(directory):
    return make_persona("rsj_officer")


@pytest.fixture
def golmud_officer(directory):
    return make_persona("golmud_officer")


@pytest.fixture
def client_for(db):
    """client_for(user) → a Client signed in as `user` (None: anonymous)."""

    def make(user):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
