"""Sign-in (argon2, axes lockout), password change, and the admins' account pages."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from duban.accounts import rules as role_rules
from duban.accounts.models import User
from duban.accounts.services import create_account
from tests.permissions import assert_forbidden
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_passwords_are_hashed_with_argon2(fgw_officer, directory):
    assert fgw_officer.password.startswith("argon2$")
    account = create_account(
        username="x1", password="Another-Pass-99", role="officer", unit=directory["州财政局"]
    )
    assert account.password.startswith("argon2$argon2id$")
    assert _login(Client(), "x1", "Another-Pass-99").status_code == 302


def test_login_and_logout(fgw_officer):
    client = Client()
    response = _login(client, fgw_officer.username, PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("units:list")).status_code == 200
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert client.get(reverse("units:list")).status_code == 302


def test_wrong_password_says_so_in_chinese(fgw_officer):
    response = _login(Client(), fgw_officer.username, "wrong")
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()


def test_axes_locks_out_after_five_failures(fgw_officer):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, fgw_officer.username, "wrong").status_code == 200
    response = _login(client, fgw_officer.username, "wrong")
    assert response.status_code == 429
    assert "该账号登录失败次数过多,已临时锁定 15 分钟" in response.content.decode()
    # Even the right password is refused while locked out.
    response = _login(client, fgw_officer.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Locked per username + address, and per account from any address
    # (tests/security/test_accounts_hardening.py).
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"], "username"]


def test_inactive_accounts_cannot_sign_in(client_for, admin_user, fgw_officer):
    response = client_for(admin_user).post(
        reverse("accounts:user_active", args=[fgw_officer.pk]), {"active": "0"}
    )
    assert response.status_code == 302
    fgw_officer.refresh_from_db()
    assert not fgw_officer.is_active
    assert _login(Client(), fgw_officer.username, PASSWORD).status_code == 200
    client_for(admin_user).post(
        reverse("accounts:user_active", args=[fgw_officer.pk]), {"active": "1"}
    )
    assert _login(Client(), fgw_officer.username, PASSWORD).status_code == 302


def test_admin_cannot_deactivate_themself(client_for, admin_user):
    response = client_for(admin_user).post(
        reverse("accounts:user_active", args=[admin_user.pk]), {"active": "0"}, follow=True
    )
    assert "不能停用自己的账号" in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_session_settings():
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY


def test_everyone_changes_their_own_password(client_for, rsj_officer):
    client = client_for(rsj_officer)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Qinghai-2026-new",
            "new_password2": "Qinghai-2026-new",
        },
    )
    assert response.status_code == 302
    rsj_officer.refresh_from_db()
    assert rsj_officer.check_password("Qinghai-2026-new")
    assert rsj_officer.password.startswith("argon2$")


def test_admin_creates_an_account_with_unit_and_role(client_for, admin_user, directory):
    response = client_for(admin_user).post(
        reverse("accounts:user_create"),
        {
            "username": "czj_tianbao",
            "display_name": "财政局填报员",
            "unit": directory["州财政局"].pk,
            "role": "officer",
            "email": "",
            "password1": "Caizheng-2026-x",
            "password2": "Caizheng-2026-x",
        },
    )
    assert response.status_code == 302
    account = User.objects.get(username="czj_tianbao")
    assert account.unit == directory["州财政局"] and account.role == "officer"
    assert not account.is_staff and not account.is_superuser
    assert account.history.first().history_user == admin_user
    assert _login(Client(), "czj_tianbao", "Caizheng-2026-x").status_code == 302


def test_account_rules_are_enforced(client_for, admin_user, directory):
    client = client_for(admin_user)
    base = {
        "display_name": "",
        "email": "",
        "password1": "Caizheng-2026-x",
        "password2": "Caizheng-2026-x",
    }
    response = client.post(
        reverse("accounts:user_create"),
        {**base, "username": "s2", "unit": directory["州发改委"].pk, "role": "supervisor"},
    )
    assert "督查室和领导账号应属于政府办公室或其科室" in response.content.decode()
    response = client.post(
        reverse("accounts:user_create"), {**base, "username": "o2", "unit": "", "role": "officer"}
    )
    assert "请选择所属单位" in response.content.decode()
    response = client.post(
        reverse("accounts:user_create"),
        {
            **base,
            "username": "o3",
            "unit": directory["州发改委"].pk,
            "role": "officer",
            "password2": "other",
        },
    )
    assert "两次输入的密码不一致" in response.content.decode()
    response = client.post(
        reverse("accounts:user_create"),
        {
            **base,
            "username": "o4",
            "unit": directory["州发改委"].pk,
            "role": "officer",
            "password1": "123",
            "password2": "123",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username__in=["s2", "o2", "o3", "o4"]).exists()
    with pytest.raises(ValidationError):
        User(username="l", role="leader", unit=directory["格尔木市人民政府"]).full_clean()


def test_admin_edits_role_and_the_audit_shows_the_change(client_for, admin_user, fgw_officer):
    client = client_for(admin_user)
    response = client.post(
        reverse("accounts:user_edit", args=[fgw_officer.pk]),
        {
            "username": "ignored",
            "display_name": "发改委王五",
            "unit": fgw_officer.unit_id,
            "role": "head",
            "email": "",
        },
    )
    assert response.status_code == 302
    fgw_officer.refresh_from_db()
    assert fgw_officer.role == "head" and fgw_officer.username == "fgw_tianbao"
    html = client.get(reverse("accounts:user_detail", args=[fgw_officer.pk])).content.decode()
    assert "信息中心张工" in html  # who
    assert "填报员" in html and "单位负责人" in html  # role old → new, as labels
    assert "发改委王五" in html


def test_admin_resets_a_password(client_for, admin_user, fgw_officer):
    response = client_for(admin_user).post(
        reverse("accounts:user_password", args=[fgw_officer.pk]),
        {"password1": "Reset-Pass-2026", "password2": "Reset-Pass-2026"},
    )
    assert response.status_code == 302
    fgw_officer.refresh_from_db()
    assert fgw_officer.check_password("Reset-Pass-2026")


def test_only_admins_manage_accounts(client_for, supervisor, leader, fgw_head, fgw_officer):
    for user in (supervisor, leader, fgw_head):
        client = client_for(user)
        assert_forbidden(client, "GET", reverse("accounts:user_list"))
        assert_forbidden(
            client,
            "POST",
            reverse("accounts:user_edit", args=[fgw_officer.pk]),
            {"display_name": "x", "unit": fgw_officer.unit_id, "role": "admin"},
        )
        assert_forbidden(
            client, "POST", reverse("accounts:user_active", args=[fgw_officer.pk]), {"active": "0"}
        )
        # Same answer for an account that does not exist: nothing leaks.
        assert_forbidden(client, "GET", reverse("accounts:user_detail", args=[99999]))
    fgw_officer.refresh_from_db()
    assert fgw_officer.role == "officer" and fgw_officer.is_active


def test_django_admin_is_for_role_admin_only(client_for, admin_user, supervisor):
    assert admin_user.is_staff and not admin_user.is_superuser
    client = client_for(admin_user)
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("admin:units_unit_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    response = client_for(supervisor).get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_role_predicates(
    supervisor, leader, admin_user, fgw_officer, fgw_head, rsj_officer, directory
):
    assert role_rules.is_supervisor(supervisor) and not role_rules.is_supervisor(leader)
    assert role_rules.is_leader(leader) and role_rules.is_admin(admin_user)
    assert role_rules.is_unit_member(fgw_officer) and role_rules.is_unit_member(fgw_head)
    assert not role_rules.is_unit_member(supervisor)
    assert role_rules.is_office_staff(leader) and not role_rules.is_office_staff(admin_user)
    assert role_rules.same_unit(fgw_officer, directory["州发改委"])
    assert role_rules.same_unit(fgw_officer, fgw_head)
    assert not role_rules.same_unit(fgw_officer, rsj_officer)
    assert supervisor.has_perm("units.edit_directory") and admin_user.has_perm(
        "units.edit_directory"
    )
    assert not leader.has_perm("units.edit_directory") and fgw_officer.has_perm(
        "units.view_directory"
    )
    assert admin_user.has_perm("accounts.manage_accounts") and not supervisor.has_perm(
        "accounts.manage_accounts"
    )
    supervisor.is_active = False
    assert not role_rules.is_supervisor(supervisor)


def test_role_admin_and_only_it_opens_the_django_admin(client_for, admin_user, fgw_officer, office):
    client = client_for(admin_user)
    client.post(
        reverse("accounts:user_edit", args=[fgw_officer.pk]),
        {"display_name": "", "unit": office.pk, "role": "admin", "email": ""},
    )
    fgw_officer.refresh_from_db()
    assert fgw_officer.is_staff and fgw_officer.groups.filter(name="系统管理员").exists()
    assert client_for(fgw_officer).get("/admin/").status_code == 200
    client.post(
        reverse("accounts:user_edit", args=[fgw_officer.pk]),
        {"display_name": "", "unit": office.pk, "role": "supervisor", "email": ""},
    )
    fgw_officer.refresh_from_db()
    assert not fgw_officer.is_staff and not fgw_officer.groups.exists()
    assert client_for(fgw_officer).get("/admin/").status_code == 302
