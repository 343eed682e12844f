"""Shared fixtures. Role personas live in tests/personas.py.

`directory` loads the Haixi demo directory ({short name: Unit}); `office` is
the office unit; each persona fixture creates its account (password
personas.PASSWORD); `client_for(user)` gives a Django test client signed in
as that user."""

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
