"""Every route × every persona: allowed ones get through, the others are
refused (403/404, anonymous → login) with the database unchanged.

ADD A ROW for every new route (test_every_route_has_a_row fails otherwise).
Group rows by app; when the route takes an object, give one row per kind of
object that matters (the persona's own, another unit's, a draft …)."""

import pytest
from django.urls import reverse

from duban.units.models import UnitGroup
from tests.api.matrix_rows import API_ROUTES
from tests.exports.permission_rows import EXPORTS_ROWS
from tests.items.permission_rows import ITEMS_ROWS
from tests.lexicon.permission_rows import LEXICON_ROWS
from tests.ocr.permission_rows import OCR_ROWS
from tests.permissions import (
    ADMIN,
    ANONYMOUS,
    DIRECTORY_EDITORS,
    EVERYONE,
    NOBODY,
    PERSONA_KEYS,
    PUBLIC,
    Row,
    World,
    all_route_names,
    assert_forbidden,
    assert_login_required,
    is_login_redirect,
)
from tests.plans.permission_rows import PLANS_ROWS
from tests.reports.permission_rows import REPORTS_ROWS
from tests.supervision.permission_rows import SUPERVISION_ROWS


def _unit(name):
    return lambda w: {"pk": w.unit(name).pk}


def _group(name):
    return lambda w: {"pk": UnitGroup.objects.get(name=name).pk}


def _new_unit(w):
    return {
        "name": "州新设局",
        "full_name": "海西州新设局",
        "kind": "department",
        "is_active": "on",
    }


def _edited_unit(w):
    return {
        "name": "州发改委",
        "full_name": "海西州发展和改革委员会(改)",
        "kind": "department",
        "aliases": "发改委",
        "is_active": "on",
    }


def _new_account(w):
    return {
        "username": "new_clerk",
        "display_name": "新填报员",
        "unit": w.unit("州财政局").pk,
        "role": "officer",
        "password1": "Haixi-Strong-Pass-1",
        "password2": "Haixi-Strong-Pass-1",
    }


def _account(key):
    return lambda w: {"pk": w.persona(key).pk}


ROWS = [
    # --- core, i18n
    Row("home", get=EVERYONE),
    Row("set_language", get=PUBLIC, public=True),
    Row("healthz", get=PUBLIC, public=True),
    # --- accounts
    Row("accounts:login", get=PUBLIC, public=True),
    Row("accounts:logout", get=NOBODY, post=PUBLIC, public=True),
    Row("accounts:password_change", get=EVERYONE, post=EVERYONE),
    Row("accounts:password_change_done", get=EVERYONE),
    Row("accounts:user_list", get=ADMIN),
    Row("accounts:user_create", get=ADMIN, post=ADMIN, post_data=_new_account),
    Row("accounts:user_detail", get=ADMIN, kwargs=_account("fgw_officer")),
    Row("accounts:user_edit", get=ADMIN, post=ADMIN, kwargs=_account("fgw_officer")),
    Row("accounts:user_password", get=ADMIN, post=ADMIN, kwargs=_account("fgw_officer")),
    Row(
        "accounts:user_active",
        get=NOBODY,
        post=ADMIN,
        kwargs=_account("fgw_officer"),
        post_data=lambda w: {"active": "0"},
    ),
    Row("accounts:user_unlock", get=NOBODY, post=ADMIN, kwargs=_account("fgw_officer")),
    # --- units (directory): everybody reads, supervisors and admins edit
    Row("units:list", get=EVERYONE),
    Row("units:resolve", get=EVERYONE, query="name=州交通局"),
    Row("units:detail", get=EVERYONE, kwargs=_unit("州发改委")),
    Row("units:create", get=DIRECTORY_EDITORS, post=DIRECTORY_EDITORS, post_data=_new_unit),
    Row(
        "units:edit",
        get=DIRECTORY_EDITORS,
        post=DIRECTORY_EDITORS,
        kwargs=_unit("州发改委"),
        post_data=_edited_unit,
    ),
    Row("units:group_detail", get=EVERYONE, kwargs=_group("各市、县人民政府")),
    Row("units:group_create", get=DIRECTORY_EDITORS, post=DIRECTORY_EDITORS),
    Row(
        "units:group_edit",
        get=DIRECTORY_EDITORS,
        post=DIRECTORY_EDITORS,
        kwargs=_group("各市、县人民政府"),
    ),
    Row("units:import", get=DIRECTORY_EDITORS, post=DIRECTORY_EDITORS),
    Row("units:export", get=DIRECTORY_EDITORS, query="format=yaml"),
    # --- Django admin (staff = role admin only); one row stands for the whole admin:* namespace
    Row("admin:index", get=ADMIN, login_redirect_denies=True),
    Row("admin:units_unit_changelist", get=ADMIN, login_redirect_denies=True),
    Row("admin:accounts_user_changelist", get=ADMIN, login_redirect_denies=True),
]
ROWS += PLANS_ROWS
ROWS += SUPERVISION_ROWS
# The API's docs page and schema are pages for signed-in people (session);
# its token routes have their own table (tests/api/matrix_rows.py).
ROWS += [Row("api:openapi-view", get=EVERYONE), Row("api:openapi-json", get=EVERYONE)]
ROWS += REPORTS_ROWS
ROWS += LEXICON_ROWS
ROWS += EXPORTS_ROWS
ROWS += OCR_ROWS
ROWS += ITEMS_ROWS

# Routes covered by another row (the Django admin: one permission check for all of it).
COVERED_PREFIXES = ("admin:",)


def test_every_route_has_a_row():
    have = {row.name for row in ROWS} | API_ROUTES
    missing = sorted(
        name
        for name in all_route_names()
        if name not in have and not name.startswith(COVERED_PREFIXES)
    )
    assert not missing, f"routes without a row in tests/test_permission_matrix.py: {missing}"


def test_rows_name_real_routes():
    names = all_route_names()
    unknown = [row.name for row in ROWS if row.name not in names]
    assert not unknown, f"rows for routes that do not exist: {unknown}"


def _cases():
    for row in ROWS:
        for persona in PERSONA_KEYS:
            yield pytest.param(row, persona, "GET", id=f"{row.id}-{persona}-GET")
            if row.post is not None:
                yield pytest.param(row, persona, "POST", id=f"{row.id}-{persona}-POST")


@pytest.mark.parametrize(("row", "persona", "method"), list(_cases()))
def test_route_matrix(row, persona, method, request, directory, client_for):
    world = World(request)
    user = None if persona == ANONYMOUS else world.persona(persona)
    kwargs = row.kwargs(world) if row.kwargs else {}
    url = reverse(row.name, kwargs=kwargs) + (f"?{row.query}" if row.query else "")
    client = client_for(user)
    data = row.post_data(world) if row.post_data else {}

    if persona == ANONYMOUS and not row.public:
        assert_login_required(client, method, url, data)
        return
    if method == "GET":
        if persona in row.get:
            response = client.get(url)
            assert response.status_code < 400, f"GET {url} as {persona}: {response.status_code}"
            assert not is_login_redirect(response), f"GET {url} as {persona} sent to login"
        else:
            assert_forbidden(
                client,
                "GET",
                url,
                allow_405=not row.get,
                allow_login_redirect=row.login_redirect_denies,
            )
    else:
        if persona in row.post:
            response = client.post(url, data)
            assert response.status_code not in (403, 404, 405), (
                f"POST {url} as {persona}: {response.status_code}"
            )
        else:
            assert_forbidden(
                client, "POST", url, data, allow_login_redirect=row.login_redirect_denies
            )
