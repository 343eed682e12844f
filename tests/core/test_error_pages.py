"""Error pages (403/404/500) in the site's layout and language, and the favicon."""

import pytest
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_forbidden_is_a_page_of_the_site(client_for, supervisor):
    # The office opening a unit's page (进展报送) gets the site's page, not a bare English 403.
    response = client_for(supervisor).get(reverse("reports:mine"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "没有权限" in page and 'class="topbar"' in page and "返回首页" in page
    assert "Forbidden" not in page


@pytest.fixture
def english_then_back(settings):
    """The middleware activates the chosen language in this thread: set it
    back for the tests that follow."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_forbidden_in_english_when_chosen(english_then_back, client_for, supervisor):
    client = client_for(supervisor)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("reports:mine")).content.decode()
    assert "Access denied" in page and "没有权限" not in page


def test_not_found_is_a_page_of_the_site(client_for, supervisor):
    response = client_for(supervisor).get("/plans/999999/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page and 'class="topbar"' in page


def test_server_error_page_renders_without_a_request_context():
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "系统出错" in page and "返回首页" in page


def test_pages_carry_the_shipped_favicon(client_for, supervisor):
    page = client_for(supervisor).get(reverse("units:list")).content.decode()
    assert 'rel="icon" href="/static/duban/favicon.svg"' in page
    assert finders.find("duban/favicon.svg")
