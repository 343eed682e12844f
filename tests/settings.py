"""The settings the tests run with: production settings (DEBUG off, as pytest-django
forces anyway) with a test-only secret key and plain HTTP (the test client and the
live server speak HTTP). tests/security/test_deploy.py checks the real defaults in a
subprocess."""

import os

os.environ.setdefault("DUBAN_SECRET_KEY", "test-only-secret-key-" + "k3y-" * 12)
os.environ.setdefault("DUBAN_HTTPS", "0")

from duban.settings import *  # noqa: E402, F403

# 督办总览 computes its numbers for every request in tests: many tests look at the page right
# after another role's change (an officer's submit), which the page may show up to
# DUBAN_OVERVIEW_MAX_AGE seconds late by design, and test databases reuse ids across tests
# (SQLite), which a kept entry would outlive. tests/supervision/test_overview_cache.py
# turns the cache on and checks what it keeps.
DUBAN_OVERVIEW_MAX_AGE = 0
