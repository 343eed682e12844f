"""The settings the tests run with: production settings (DEBUG off, as pytest-django
forces anyway) with a test-only secret key and plain HTTP (the test client and the
live server speak HTTP). tests/security/test_deploy.py checks the real defaults in a
subprocess."""

import os

os.environ.setdefault("DUBAN_SECRET_KEY", "test-only-secret-key-" + "k3y-" * 12)
os.environ.setdefault("DUBAN_HTTPS", "0")

from duban.settings import *  # noqa: E402, F403
