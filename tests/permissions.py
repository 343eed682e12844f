"""Permission test infrastructure: who may reach which route, and proof that
the others are turned away with the database unchanged.

The route table itself is in tests/test_permission_matrix.py (ROWS). A row says,
for one route name (and one kind of object, when the route takes one), which
personas' GET succeeds and which personas' POST goes through; every other
persona must get 403/404 (anonymous: a redirect to the login page), and no row
of any table may change.

Apps add rows; when a row needs objects (a plan of the office, a task not
assigned to the persona's unit …) its `kwargs` callable builds them from the
`World` it is given and returns the URL kwargs."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlparse

from django.apps import apps
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver

ANONYMOUS = "anonymous"
SIGNED_IN = (
    "supervisor",
    "leader",
    "admin_user",
    "fgw_officer",
    "fgw_head",
    "rsj_officer",
    "golmud_officer",
)
PERSONA_KEYS = (ANONYMOUS, *SIGNED_IN)

# Handy sets for rows.
NOBODY = frozenset()
EVERYONE = frozenset(SIGNED_IN)  # every signed-in persona
PUBLIC = frozenset(PERSONA_KEYS)  # anonymous included
OFFICE_STAFF = frozenset({"supervisor", "leader"})
SUPERVISOR = frozenset({"supervisor"})
ADMIN = frozenset({"admin_user"})
DIRECTORY_EDITORS = frozenset({"supervisor", "admin_user"})
UNIT_MEMBERS = frozenset({"fgw_officer", "fgw_head", "rsj_officer", "golmud_officer"})
FGW = frozenset({"fgw_officer", "fgw_head"})

# Tables whose rows a mere request may legitimately touch.
IGNORED_MODELS = {
    "sessions.session",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}


class World:
    """What a row's `kwargs` callable may use: the directory, the personas and any fixture."""

    def __init__(self, request):
        self._request = request

    @property
    def directory(self):
        return self._request.getfixturevalue("directory")

    def unit(self, name):
        return self.directory[name]

    def persona(self, key):
        return self._request.getfixturevalue(key)

    def fixture(self, name):
        return self._request.getfixturevalue(name)


@dataclass(frozen=True)
class Row:
    """One route (and one kind of object) in the permission matrix.

    get:   personas whose GET succeeds (status < 400, no redirect to login).
           Personas not listed get 403/404 (405 allowed when `get` is empty:
           POST-only routes).
    post:  personas whose POST gets through (status not 403/404/405, with
           `post_data`); all others get 403/404 and no DB change. None: the
           route takes no POST (not checked).
    kwargs(world) → URL kwargs (build the objects the URL names here).
    public: anonymous is a persona like others (login page); otherwise
           anonymous must be redirected to the login page.
    label: tells several rows of the same route apart ("own", "other unit").
    login_redirect_denies: the route's own way to deny is a redirect to a login
           page (the Django admin does that for non-staff)."""

    name: str
    get: frozenset = NOBODY
    post: frozenset | None = None
    kwargs: Callable | None = None
    post_data: Callable | None = None
    query: str = ""
    label: str = ""
    public: bool = False
    login_redirect_denies: bool = False

    @property
    def id(self):
        return f"{self.name}[{self.label}]" if self.label else self.name


@dataclass
class Snapshot:
    digests: dict = field(default_factory=dict)

    def changed_against(self, other):
        return sorted(k for k in self.digests if self.digests[k] != other.digests.get(k))


def db_snapshot():
    """A digest of every row of every table (except sessions and lockout logs).

    Test databases are small, so hashing all rows is cheap and also catches
    updates that leave counts and ids alone."""
    snap = Snapshot()
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in IGNORED_MODELS or model._meta.proxy or not model._meta.managed:
            continue
        digest = hashlib.sha256()
        fields = [f.attname for f in model._meta.concrete_fields]
        for row in model._base_manager.order_by("pk").values_list(*fields):
            digest.update(repr(row).encode())
        snap.digests[label] = digest.hexdigest()
    return snap


def is_login_redirect(response):
    if response.status_code not in (301, 302, 303):
        return False
    path = urlparse(response["Location"]).path
    return path in {resolve_url(settings.LOGIN_URL), resolve_url("admin:login")}


def assert_forbidden(
    client, method, url, data=None, *, allow_405=False, allow_login_redirect=False
):
    """`method` on `url` is refused (403 or 404) and no table changed."""
    before = db_snapshot()
    if method == "GET":
        response = client.get(url, data or {})
    else:
        response = client.post(url, data or {})
    allowed = {403, 404} | ({405} if allow_405 else set())
    ok = response.status_code in allowed or (allow_login_redirect and is_login_redirect(response))
    assert ok, f"{method} {url}: expected {sorted(allowed)}, got {response.status_code}"
    changed = before.changed_against(db_snapshot())
    assert not changed, f"{method} {url} was refused but changed {changed}"
    return response


def assert_login_required(client, method, url, data=None):
    """Anonymous `method` on `url` redirects to the login page and changes nothing."""
    before = db_snapshot()
    response = client.get(url, data or {}) if method == "GET" else client.post(url, data or {})
    assert is_login_redirect(response), (
        f"anonymous {method} {url}: expected a redirect to login, got {response.status_code}"
    )
    changed = before.changed_against(db_snapshot())
    assert not changed, f"anonymous {method} {url} changed {changed}"
    return response


def all_route_names():
    """Every named URL pattern, namespaced ("units:detail"), walking includes recursively."""
    names = set()

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace
                walk(p.url_patterns, f"{prefix}{ns}:" if ns else prefix)
            elif isinstance(p, URLPattern) and p.name:
                names.add(prefix + p.name)

    walk(get_resolver().url_patterns, "")
    return names
