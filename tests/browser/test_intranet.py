"""Every role signs in and walks its pages in the real Chromium: nothing is
fetched from outside the machine, and the page speaks Chinese."""

import re

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["supervisor", "leader", "admin_user", "fgw_officer", "fgw_head", "golmud_officer"]
HAN = re.compile(r"[\u4e00-\u9fff]")


def _assert_chinese(page):
    text = page.inner_text("body")
    han = len(HAN.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    assert han > 10, f"too little Chinese on {page.url}: {text[:200]!r}"
    assert han > latin, f"page {page.url} reads more Latin than Chinese: {text[:300]!r}"
    assert page.locator("html").get_attribute("lang") == "zh-CN"


@pytest.mark.parametrize("role", ROLES)
def test_role_walks_its_pages_without_leaving_the_intranet(role, request, page, login, live_server):
    user = request.getfixturevalue(role)
    login(page, user)
    assert "/accounts/login/" not in page.url, "login failed"
    _assert_chinese(page)
    assert page.locator(".brand").inner_text().startswith("督办 · ")
    assert "海西州人民政府办公室" in page.locator(".brand").inner_text()

    pages = [reverse("home"), reverse("units:list"), reverse("accounts:password_change")]
    if user.is_admin:
        pages.append(reverse("accounts:user_list"))
    for path in pages:
        response = page.goto(live_server.url + path)
        assert response.status == 200, f"{path}: {response.status}"
        _assert_chinese(page)
        # htmx loads from duban itself and runs.
        assert page.evaluate("typeof htmx") == "object"

    # Signing out lands on the login page.
    page.goto(live_server.url + reverse("home"))
    page.click("text=退出")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert page.locator("h1").inner_text() == "登录"


def test_echarts_is_served_locally(page, live_server):
    response = page.goto(live_server.url + "/static/vendor/echarts/echarts.min.js")
    assert response.status == 200
    assert "echarts" in response.text()[:2000].lower()


def test_login_page_is_chinese_before_signing_in(page, live_server):
    page.goto(live_server.url + reverse("accounts:login"))
    _assert_chinese(page)
    page.fill("#id_username", "nobody")
    page.fill("#id_password", "wrong-password")
    page.click("button[type=submit]")
    assert "用户名或密码错误" in page.inner_text("body")


def test_recorder_catches_outside_requests(page, live_server, outside_requests):
    """The guard itself works: a page that pulls a CDN script is caught."""
    page.goto(live_server.url + reverse("accounts:login"))
    page.evaluate(
        """() => { const s = document.createElement('script');
                   s.src = 'https://cdn.example.com/lib.js'; document.head.appendChild(s); }"""
    )
    page.wait_for_timeout(300)
    assert outside_requests.urls == ["https://cdn.example.com/lib.js"]
    outside_requests.urls.clear()  # caught as intended; let the fixture's final check pass
