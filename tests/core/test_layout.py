"""Base layout: role-dependent navigation, local assets only, CSRF header for htmx, start pages."""

import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _nav(html):
    return re.search(r'<nav class="nav".*?</nav>', html, re.S).group(0)


def test_navigation_depends_on_role(client_for, supervisor, leader, admin_user, fgw_officer):
    nav = _nav(client_for(supervisor).get(reverse("units:list")).content.decode())
    assert "计划" in nav and "待办" not in nav and "管理" not in nav and "单位名录" in nav
    nav = _nav(client_for(leader).get(reverse("units:list")).content.decode())
    assert "计划" in nav and "管理" not in nav
    nav = _nav(client_for(fgw_officer).get(reverse("units:list")).content.decode())
    assert "待办" in nav and "计划" not in nav and "管理" not in nav
    nav = _nav(client_for(admin_user).get(reverse("units:list")).content.decode())
    assert "管理" in nav and "待办" not in nav


def test_page_shell(client_for, fgw_officer):
    html = client_for(fgw_officer).get(reverse("units:list")).content.decode()
    assert "督办 · 海西州人民政府办公室" in html
    assert '<html lang="zh-CN">' in html
    assert "/static/duban/duban.css" in html
    assert "/static/django_htmx/htmx-2.min.js" in html
    token = re.search(r"hx-headers='\{\"X-CSRFToken\": \"([^\"]+)\"\}'", html)
    assert token and len(token.group(1)) > 20
    assert "退出" in html and "发改委填报员" in html
    # Intranet: no asset from anywhere else.
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_home_sends_each_role_to_its_work(client_for, supervisor, fgw_head, admin_user):
    response = client_for(supervisor).get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("plans:list")
    response = client_for(fgw_head).get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("desk:inbox")
    response = client_for(admin_user).get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "账号管理" in html and "单位名录" in html


def test_anonymous_is_sent_to_login(client_for):
    response = client_for(None).get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:login")
    )
    html = client_for(None).get(reverse("accounts:login")).content.decode()
    assert "登录" in html and "主导航" not in html


def test_office_name_falls_back_when_the_directory_is_empty(client_for, db):
    html = client_for(None).get(reverse("accounts:login")).content.decode()
    assert "督办 · 督查室" in html


def test_optional_url_hides_missing_routes():
    html = Template(
        "{% load duban %}[{% optional_url 'units:list' %}][{% optional_url 'nowhere:page' %}]"
    ).render(Context())
    assert html == f"[{reverse('units:list')}][]"


def _title_of_user(html):
    return re.search(r'<div class="usermenu">\s*<span title="([^"]*)"', html).group(1)


def test_top_bar_reads_office_and_own_unit_in_one_query(client_for, supervisor, fgw_officer):
    """The office's name, the demo flag and the user's unit (the top bar's
    tooltip) come from one query when the view did not read the unit."""
    for user, page in ((supervisor, "plans:list"), (fgw_officer, "units:list")):
        client = client_for(user)
        client.get(reverse(page))
        with CaptureQueriesContext(connection) as captured:
            html = client.get(reverse(page)).content.decode()
        assert "督办 · 海西州人民政府办公室" in html
        assert _title_of_user(html) == user.unit.name
        alone = f'WHERE "units_unit"."id" = {user.unit_id} LIMIT'
        assert not [q["sql"] for q in captured if alone in q["sql"]]


def test_office_and_unit_renames_show_on_the_next_page(client_for, fgw_officer, office):
    client = client_for(fgw_officer)
    client.get(reverse("units:list"))
    office.full_name = "海西州人民政府办公厅"
    office.save()
    unit = fgw_officer.unit
    unit.name = "州发改委(新)"
    unit.save()
    html = client.get(reverse("units:list")).content.decode()
    assert "督办 · 海西州人民政府办公厅" in html
    assert _title_of_user(html) == "州发改委(新)"
