"""Every API route × every persona, each with its own bearer token: the
allowed get through, the others get 403/404 with the database unchanged, and
a call without a token is 401. A route missing from the table fails."""

import pytest
from django.urls import reverse

from tests.api.conftest import ApiClient
from tests.api.matrix_rows import API_ROUTES, API_ROWS, SESSION_ROUTES
from tests.permissions import ANONYMOUS, PERSONA_KEYS, World, all_route_names, db_snapshot


def test_every_api_route_has_a_row():
    api_names = {n for n in all_route_names() if n.startswith("api:")}
    missing = sorted(api_names - API_ROUTES - SESSION_ROUTES)
    assert not missing, f"API routes without a row in tests/api/matrix_rows.py: {missing}"


def test_api_root_has_no_view(api_client, supervisor):
    assert api_client(supervisor).get("/api/").status_code == 404


def _cases():
    for row in API_ROWS:
        for persona in PERSONA_KEYS:
            yield pytest.param(row, persona, id=f"{row.id}-{persona}-{row.method}")


@pytest.mark.parametrize(("row", "persona"), list(_cases()))
def test_api_matrix(row, persona, request, directory, api_client):
    world = World(request)
    user = None if persona == ANONYMOUS else world.persona(persona)
    kwargs = row.kwargs(world) if row.kwargs else {}
    url = reverse(row.name, kwargs=kwargs)
    body = row.body(world) if row.body else {}
    client = api_client(user) if user is not None else ApiClient()

    def call():
        return client.get(url) if row.method == "GET" else client.post(url, body)

    if persona in row.allowed:
        response = call()
        assert response.status_code == 200, (
            f"{row.method} {url} as {persona}: {response.status_code} {response.content[:300]}"
        )
        return
    before = db_snapshot()
    response = call()
    expected = {401} if user is None else {403, 404}
    assert response.status_code in expected, (
        f"{row.method} {url} as {persona}: expected {sorted(expected)}, got {response.status_code}"
    )
    changed = before.changed_against(db_snapshot())
    assert not changed, f"{row.method} {url} as {persona} was refused but changed {changed}"
