"""Every test in this folder drives the browser (fixtures: tests/browserkit.py)."""

import os

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
