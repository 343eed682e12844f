"""Role personas shared by every test: who they are and how to make them.

Every persona signs in with PASSWORD. The directory is the Haixi demo
directory (duban/demo/haixi-units.yaml)."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.auth.hashers import make_password

from duban.accounts.models import User
from duban.accounts.services import create_account
from duban.units.models import Unit
from duban.units.services import import_directory

DEMO_DIRECTORY = Path(__file__).resolve().parent.parent / "duban" / "demo" / "haixi-units.yaml"
PASSWORD = "Duban-Test-2026!"
OFFICE = "州政府办公室"


@dataclass(frozen=True)
class Persona:
    key: str  # fixture name
    username: str
    display_name: str
    unit: str | None
    role: str


PERSONAS = {
    p.key: p
    for p in [
        Persona("supervisor", "duchashi", "督查室王科长", OFFICE, User.Role.SUPERVISOR),
        Persona("leader", "lingdao", "李副秘书长", OFFICE, User.Role.LEADER),
        Persona("admin_user", "xitong", "信息中心张工", OFFICE, User.Role.ADMIN),
        Persona("fgw_officer", "fgw_tianbao", "发改委填报员", "州发改委", User.Role.OFFICER),
        Persona("fgw_head", "fgw_fuze", "发改委负责人", "州发改委", User.Role.HEAD),
        Persona("rsj_officer", "rsj_tianbao", "人社局填报员", "州人社局", User.Role.OFFICER),
        Persona(
            "golmud_officer", "gem_tianbao", "格尔木市填报员", "格尔木市人民政府", User.Role.OFFICER
        ),
    ]
}


def load_directory():
    """Import the demo directory; returns {short name: Unit}."""
    data = yaml.safe_load(DEMO_DIRECTORY.read_text(encoding="utf-8"))
    import_directory(data)
    return {u.name: u for u in Unit.objects.all()}


def make_persona(key):
    """Create (or fetch) the account of persona `key`; the directory must be loaded."""
    p = PERSONAS[key]
    existing = User.objects.filter(username=p.username).first()
    if existing:
        return existing
    unit = Unit.objects.get(name=p.unit) if p.unit else None
    account = create_account(
        username=p.username, password=None, role=p.role, unit=unit, display_name=p.display_name
    )
    # One argon2 hash for all personas (they share PASSWORD): hashing costs ~0.2 s each.
    User.objects.filter(pk=account.pk).update(
        password=_password_hash(tuple(settings.PASSWORD_HASHERS))
    )
    account.refresh_from_db()
    return account


@cache
def _password_hash(hashers):
    """Keyed by the hasher list: some test folders switch to a fast hasher, and a
    hash made under one list must not be reused where its hasher is absent."""
    return make_password(PASSWORD)
