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

    fgw = user.unit.__class__.objects.get(name="州发改委")
    pages = [
        reverse("home"),
        reverse("units:list"),
        reverse("units:detail", args=[fgw.pk]),
        reverse("accounts:password_change"),
    ]
    if user.is_admin:
        pages += [reverse("accounts:user_list"), reverse("accounts:user_detail", args=[user.pk])]
    if user.is_admin or user.is_supervisor:
        pages += [reverse("units:edit", args=[fgw.pk]), reverse("units:import")]
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
                   s.src = 'https://static.example.invalid/lib.js'; document.head.appendChild(s); }"""
    )
    page.wait_for_timeout(300)
    assert outside_requests.urls == ["https://static.example.invalid/lib.js"]
    outside_requests.urls.clear()  # caught as intended; let the fixture's final check pass


def test_directory_search_updates_the_list_in_place(page, login, live_server, fgw_officer):
    login(page, fgw_officer)
    page.goto(live_server.url + reverse("units:list"))
    rows = page.locator("#unit-rows tr")
    assert rows.count() > 30
    page.fill("input[name=q]", "州交通局")
    page.wait_for_function("document.querySelectorAll('#unit-rows tr').length === 1")
    assert "州交通运输局" in page.inner_text("#unit-rows")
    assert "q=" in page.url  # the search is in the address bar (shareable, back button works)


def test_admin_creates_an_account_and_the_new_person_signs_in(
    page, login, live_server, admin_user, directory
):
    login(page, admin_user)
    page.goto(live_server.url + reverse("accounts:user_create"))
    page.fill("#id_username", "czj_tianbao")
    page.fill("#id_display_name", "财政局填报员")
    page.select_option("#id_unit", label="州财政局")
    page.select_option("#id_role", "officer")
    page.fill("#id_password1", "Caizheng-2026-x")
    page.fill("#id_password2", "Caizheng-2026-x")
    page.click("button.primary")
    page.wait_for_load_state("networkidle")
    assert "账号“czj_tianbao”已创建" in page.inner_text("body")
    assert "信息中心张工" in page.inner_text(".audit-trail")
    page.click("text=退出")
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.fill("#id_username", "czj_tianbao")
    page.fill("#id_password", "Caizheng-2026-x")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "财政局填报员" in page.inner_text(".usermenu")


def test_switching_to_english(page, login, live_server, supervisor):
    login(page, supervisor)
    page.goto(live_server.url + reverse("units:list"))
    page.click("button[lang=en]")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Unit directory" in page.inner_text("h1")
    page.click("button[lang=zh-hans]")
    page.wait_for_load_state("networkidle")
    assert page.inner_text("h1") == "单位名录"
