"""Argon2 at the rush parameters (19 MiB, 2 passes, 1 lane); older hashes are
upgraded when their owner signs in."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, identify_hasher, make_password
from django.test import Client
from django.urls import reverse

from duban.accounts.hashers import RushArgon2PasswordHasher
from duban.accounts.models import User
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db

RUSH = "m=19456,t=2,p=1"


def test_new_passwords_use_the_rush_parameters():
    encoded = make_password("Another-Pass-99")
    assert encoded.startswith(f"argon2$argon2id$v=19${RUSH}$")
    assert isinstance(identify_hasher(encoded), RushArgon2PasswordHasher)


def test_a_default_parameter_hash_is_upgraded_at_login(fgw_officer):
    old = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    assert "m=102400,t=2,p=8" in old
    User.objects.filter(pk=fgw_officer.pk).update(password=old)
    response = Client().post(
        reverse("accounts:login"), {"username": fgw_officer.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    upgraded = User.objects.get(pk=fgw_officer.pk).password
    assert f"${RUSH}$" in upgraded and upgraded != old
    # The new hash still checks the same password.
    assert User.objects.get(pk=fgw_officer.pk).check_password(PASSWORD)
