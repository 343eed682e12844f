"""Accounts: nobody becomes superuser (not even through the Django admin by
role admin); sign-in is locked per account from any address as well as per
account + address, with a clear message and an admin unlock; new passwords
go through Django's validators (username-like and demo passwords refused);
a demo database says so on every page and production refuses to start while
demo passwords are unchanged."""

import pytest
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from duban.accounts import demo
from duban.accounts.models import User
from duban.accounts.services import create_account, is_locked_out
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db


# --- superusers ---------------------------------------------------------------------


def test_the_admin_form_has_no_superuser_field(client_for, admin_user, fgw_officer):
    page = client_for(admin_user).get(f"/admin/accounts/user/{fgw_officer.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    for field in ("is_superuser", "is_staff", "user_permissions", "groups"):
        assert f'name="{field}"' not in html, field


def test_admin_posting_is_superuser_makes_no_superuser(client_for, admin_user, fgw_officer):
    client = client_for(admin_user)
    url = f"/admin/accounts/user/{fgw_officer.pk}/change/"
    response = client.post(
        url,
        {
            "username": fgw_officer.username,
            "display_name": fgw_officer.display_name,
            "unit": fgw_officer.unit_id,
            "role": fgw_officer.role,
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
            "date_joined_0": "2020-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    fgw_officer.refresh_from_db()
    assert not fgw_officer.is_superuser and not fgw_officer.is_staff


def test_no_code_path_saves_a_superuser(directory):
    account = User.objects.create_superuser("root", "root@example.org", "Sup3r-Secret-pass")
    account.refresh_from_db()
    assert not account.is_superuser
    assert not User.objects.filter(is_superuser=True).exists()


# --- lockout ------------------------------------------------------------------------


def _login(client, username, password, ip):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_one_account_guessed_from_five_addresses_is_locked(fgw_officer):
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(), fgw_officer.username, f"guess-{i}", f"10.0.0.{i + 1}")
    assert is_locked_out(fgw_officer)
    response = _login(Client(), fgw_officer.username, PASSWORD, "10.9.9.9")
    assert response.status_code == 429
    assert "该账号登录失败次数过多" in response.content.decode()
    assert "联系系统管理员" in response.content.decode()


def test_an_admin_unlocks_the_account(fgw_officer, admin_user, client_for):
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(), fgw_officer.username, f"guess-{i}", f"10.0.1.{i + 1}")
    admin = client_for(admin_user)
    detail = admin.get(reverse("accounts:user_detail", args=[fgw_officer.pk])).content.decode()
    assert 'id="locked"' in detail and "解除登录锁定" in detail
    response = admin.post(reverse("accounts:user_unlock", args=[fgw_officer.pk]))
    assert response.status_code == 302
    assert not is_locked_out(fgw_officer)
    assert _login(Client(), fgw_officer.username, PASSWORD, "10.0.1.1").status_code == 302


def test_other_accounts_are_not_locked(fgw_officer, rsj_officer):
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(), fgw_officer.username, f"guess-{i}", "10.0.2.1")
    assert _login(Client(), rsj_officer.username, PASSWORD, "10.0.2.1").status_code == 302


# --- password validators ---------------------------------------------------------------


@pytest.mark.parametrize(
    "password, message",
    [
        ("zhangsan2024", "相似"),  # like the username
        ("duban-demo-3", "演示密码"),
        ("12345678901", "只包含数字"),
        ("password123", "常见"),
        ("short", "密码太短,至少需要 8 个字符"),
    ],
)
def test_new_accounts_refuse_weak_passwords(password, message, client_for, admin_user, directory):
    response = client_for(admin_user).post(
        reverse("accounts:user_create"),
        {
            "username": "zhangsan2024",
            "display_name": "张三",
            "unit": directory["州发改委"].pk,
            "role": "officer",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(username="zhangsan2024").exists()


# --- the demo database ---------------------------------------------------------------------


@pytest.fixture
def demo_account(directory):
    username, password, role, unit, name = demo.ACCOUNTS[0]
    return create_account(
        username=username,
        password=password,
        role=role,
        unit=directory["州政府办公室"],
        display_name=name,
    )


def test_every_page_says_demo_database(demo_account, client_for, fgw_officer):
    assert "演示数据库" in Client().get(reverse("accounts:login")).content.decode()
    assert "演示数据库" in client_for(fgw_officer).get(reverse("units:list")).content.decode()


def test_a_real_database_says_nothing(client_for, fgw_officer):
    assert "演示数据库" not in client_for(fgw_officer).get(reverse("units:list")).content.decode()


def test_production_refuses_demo_passwords(demo_account):
    assert not settings.DEBUG
    with pytest.raises(ImproperlyConfigured, match="duchashi"):
        demo.refuse_published_passwords()
    errors = [e for e in checks.run_checks() if e.id == "duban.E001"]
    assert errors and "duchashi" in errors[0].msg
    demo_account.set_password("A-new-and-private-pass-77")
    demo_account.save()
    demo.refuse_published_passwords()
    assert not [e for e in checks.run_checks() if e.id == "duban.E001"]


def test_debug_may_keep_demo_passwords(demo_account, settings):
    settings.DEBUG = True
    demo.refuse_published_passwords()
