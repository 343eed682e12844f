"""The access layer is the one place that reads a person's role and the one
`visible_to`: everything else asks it."""

import re
from pathlib import Path

import duban
from duban import access
from duban.accounts import rules as account_rules
from duban.items.models import Item, SupervisionOrder
from duban.plans.models import Plan, Task
from duban.reports.models import Attachment, Report, ReportVersion

ROOT = Path(duban.__file__).parent
ACCESS = ROOT / "access"

# A person's role read or compared anywhere: `user.role`, `request.user.role`,
# `account.role` …, and any role compared with a literal role code.
ROLE_CODES = "|".join(role.value for role in access.Role)
PATTERNS = [
    re.compile(r"\b(?:user|request\.user|account|person|people|self\.user)\.role\b"),
    re.compile(
        r"\brole\s*(?:==|!=|\bin\b|\bnot in\b)\s*[\(\[{]?\s*[\"'](?:" + ROLE_CODES + r")[\"']"
    ),
    re.compile(r"[\"'](?:" + ROLE_CODES + r")[\"']\s*(?:==|!=)\s*\w*\.?role\b"),
    re.compile(r"\brole(?:__in)?\s*=\s*[\(\[]?\s*[\"'](?:" + ROLE_CODES + r")[\"']"),
]
# The model's own field and its choices live in accounts; the role *codes*
# in migrations and the demo data are data, not checks.
ALLOWED = {ROOT / "accounts" / "roles.py"}


def _sources():
    for path in sorted(ROOT.rglob("*")):
        if path.suffix not in (".py", ".html", ".txt"):
            continue
        if ACCESS in path.parents or path in ALLOWED or "migrations" in path.parts:
            continue
        yield path


def test_no_role_is_read_outside_the_access_layer():
    found = []
    for path in _sources():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if any(p.search(line) for p in PATTERNS):
                found.append(f"{path.relative_to(ROOT.parent)}:{number}: {line.strip()}")
    assert not found, "role read outside duban/access (use its predicates):\n" + "\n".join(found)


def test_the_patterns_catch_what_they_should():
    caught = [
        'user.role == "supervisor"',
        "request.user.role in ('officer', 'head')",
        'if role == "leader":',
        'elif not (x or user.role == "admin"):',
        "account.role == User.Role.ADMIN",
        'User.objects.filter(role="head")',
    ]
    for line in caught:
        assert any(p.search(line) for p in PATTERNS), line
    for line in (
        "report.role == Role.PRINCIPAL",
        "m.role == UnitMention.Role.LEAD",
        'a.role == "lead"',
    ):
        assert not any(p.search(line) for p in PATTERNS), line


def test_one_visible_to():
    """Written once, in the access layer; every scoped model declares a scope."""
    defs = []
    for path in sorted(ROOT.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\bdef visible_to\b", line):
                defs.append(f"{path.relative_to(ROOT.parent)}:{number}")
    assert defs == [f"duban/access/scope.py:{_line_of('def visible_to')}"], defs
    for model in (Plan, Task, Report, ReportVersion, Attachment, Item, SupervisionOrder):
        queryset = model.objects.all()
        assert isinstance(queryset, access.ScopedQuerySet), model
        assert type(queryset).scope, model


def _line_of(text):
    lines = (ACCESS / "scope.py").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_office_staff_has_one_meaning(supervisor, leader, admin_user, fgw_officer, fgw_head):
    assert account_rules.is_office_staff is access.is_office_staff
    assert account_rules.is_unit_member is access.is_unit_staff
    assert [access.is_office_staff(u) for u in (supervisor, leader, admin_user, fgw_officer)] == [
        True,
        True,
        False,
        False,
    ]
    assert access.is_unit_staff(fgw_officer) and access.is_unit_staff(fgw_head)
    assert access.is_head_of(fgw_head, fgw_head.unit_id)
    assert not access.is_head_of(fgw_officer, fgw_officer.unit_id)
    assert access.is_supervisor_of(supervisor, supervisor.unit_id)
    assert not access.is_supervisor_of(leader, leader.unit_id)
    fgw_officer.is_active = False
    assert not access.is_unit_staff(fgw_officer) and access.unit_of(fgw_officer) is None
    assert access.role_of(fgw_officer) == access.Role.OFFICER
