"""Browser fixtures (registered once for the whole suite by tests/conftest.py,
so that every test folder shares one Playwright session): the real Chromium (/usr/bin/chromium) through Playwright's
sync API against pytest-django's live_server.

`page` comes with a recorder that FAILS the test when the page asks for
anything outside 127.0.0.1/localhost (intranet rule: every asset ships with
duban). `login(page, user)` signs a persona in through the login form."""

import os
import tempfile
from urllib.parse import urlparse

import pytest
from playwright.sync_api import sync_playwright

from duban.accounts.services import create_account
from tests.personas import PASSWORD

# Playwright's sync API runs an event loop in this thread; Django refuses ORM
# calls from a thread with a running loop unless told it is fine (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--metrics-recording-only",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


@pytest.fixture(scope="session")
def playwright_session():
    with sync_playwright() as pw:
        yield pw


@pytest.fixture
def second_browser(playwright_session):
    """Another Chromium with a profile of its own: a second person at another desk."""
    other = playwright_session.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    context = other.new_context()
    try:
        yield context
    finally:
        context.close()
        other.close()


@pytest.fixture(scope="session")
def browser(playwright_session):
    with tempfile.TemporaryDirectory(prefix="duban-chromium-") as profile:
        context = playwright_session.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            # Playwright's wait_for_function evaluates its predicate with eval,
            # which duban's Content-Security-Policy forbids. The policy itself is
            # tested with `csp_page` (tests/security/test_csp_browser.py).
            bypass_csp=True,
        )
        try:
            yield context
        finally:
            context.close()


class OutsideRequests:
    """Every request the page made to a host other than this machine."""

    def __init__(self):
        self.urls = []

    def __call__(self, request):
        url = request.url
        scheme = urlparse(url).scheme
        if scheme in ("data", "blob", "about", "chrome", "chrome-extension", "devtools"):
            return
        host = urlparse(url).hostname or ""
        if host not in LOCAL_HOSTS:
            self.urls.append(url)


@pytest.fixture
def outside_requests():
    return OutsideRequests()


@pytest.fixture
def page(browser, live_server, outside_requests):
    """A fresh tab (cookies cleared) whose every outside request fails the test."""
    browser.clear_cookies()
    tab = browser.new_page()
    tab.on("request", outside_requests)
    # Recorded above; aborted here so that nothing actually leaves the machine.
    tab.route(
        lambda url: (
            (urlparse(url).hostname or "") not in LOCAL_HOSTS
            and urlparse(url).scheme in ("http", "https", "ws", "wss")
        ),
        lambda route: route.abort(),
    )
    tab.set_default_timeout(15000)
    yield tab
    tab.close()
    assert not outside_requests.urls, f"requests left the machine: {outside_requests.urls}"


@pytest.fixture
def csp_page(playwright_session, live_server, outside_requests):
    """A tab of a separate Chromium that enforces the page's CSP (no bypass)."""
    other = playwright_session.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    context = other.new_context()
    tab = context.new_page()
    tab.on("request", outside_requests)
    tab.set_default_timeout(15000)
    try:
        yield tab
    finally:
        context.close()
        other.close()
    assert not outside_requests.urls, f"requests left the machine: {outside_requests.urls}"


@pytest.fixture
def login(live_server):
    """login(page, user, password=PASSWORD): sign in through the form; ends on the start page."""

    def do_login(page, user, password=PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        return page

    return do_login


@pytest.fixture
def colleague_page(second_browser, login, outside_requests):
    """colleague_page(user, username) → (account, page): a second officer of `user`'s
    unit, signed in in a Chromium of their own (another desk of the same office);
    the page is closed after the test."""
    pages = []

    def open_page(user, username):
        account = create_account(
            username=username,
            password=PASSWORD,
            role="officer",
            unit=user.unit,
            display_name=f"{user.unit.name}填报员乙",
        )
        other = second_browser.new_page()
        pages.append(other)
        other.on("request", outside_requests)
        other.set_default_timeout(15000)
        login(other, account)
        return account, other

    yield open_page
    for other in pages:
        other.close()


def refused_stale_save(page, mine: str, theirs: str) -> None:
    """`page`, on a report form opened before a colleague's change, types
    `mine` and saves: the save is refused as stale, `mine` is still in the
    box and the colleague's `theirs` is shown beside it — nothing is lost."""
    page.fill("#id_narrative", mine)
    page.click("button:has-text('保存草稿')")
    page.wait_for_selector("#report-form .form-error")
    refusal = page.locator("#report-form .form-error").inner_text()
    assert refusal.startswith("保存失败:这份报告已被他人")
    assert "您填写的内容没有丢失" in refusal
    assert page.input_value("#id_narrative") == mine
    assert theirs in page.locator(".conflict").inner_text()
