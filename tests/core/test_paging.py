"""Lists that grow come a page at a time: 计划, 待办, 进展报送, 单位名录 and the
API's task list (keyset paging: next_cursor walks the whole list once)."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.accounts.services import create_account
from duban.api.services import issue_token
from duban.core.paging import page_of
from duban.desk.views import INBOX_PAGE_SIZE
from duban.plans.models import Assignment, Task
from duban.plans.views import PLANS_PAGE_SIZE
from duban.reports.models import Report
from duban.supervision.management.commands.generate_scale_data import SUPERVISOR
from duban.units.models import Unit
from duban.units.views import UNITS_PAGE_SIZE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world():
    call_command(
        "generate_scale_data",
        anchor=dt.date(2026, 6, 15),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        units=60,
        plans=PLANS_PAGE_SIZE + 5,
        tasks=700,
        targets=700,
        reports=7000,
    )
    busiest = (
        Assignment.objects.values("unit_id").annotate(n=Count("id")).order_by("-n", "unit_id")
    )[0]
    officer = create_account(
        username="paging_officer",
        password="Paging-Test-2026",
        role="officer",
        unit=Unit.objects.get(pk=busiest["unit_id"]),
    )
    return User.objects.get(username=SUPERVISOR), officer, busiest["n"]


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_plan_list_comes_in_pages(world):
    supervisor, _officer, _n = world
    client = _client(supervisor)
    first = client.get(reverse("plans:list")).content.decode()
    assert first.count('<tr>\n      <td><a href="/plans/') == PLANS_PAGE_SIZE
    assert "第 1 / 2 页" in first and "下一页" in first and "上一页" not in first
    second = client.get(reverse("plans:list"), {"page": 2}).content.decode()
    assert "第 2 / 2 页" in second and "上一页" in second


def test_the_inbox_comes_in_pages(world):
    _supervisor, officer, n = world
    assert n > INBOX_PAGE_SIZE
    html = _client(officer).get(reverse("desk:inbox")).content.decode()
    assert html.count('class="task-card"') == INBOX_PAGE_SIZE
    pages = -(-n // INBOX_PAGE_SIZE)
    assert f"第 1 / {pages} 页" in html


def test_the_directory_pages_keep_the_filter(world):
    supervisor, _officer, _n = world
    client = _client(supervisor)
    html = client.get(reverse("units:list"), {"q": "规模"}).content.decode()
    matching = Unit.objects.search("规模").count()  # the 60 units and the office
    assert html.count('<tr><td><a href="/units/') == UNITS_PAGE_SIZE
    assert "第 1 / 2 页" in html
    assert "?q=%E8%A7%84%E6%A8%A1&amp;page=2" in html
    last = client.get(reverse("units:list"), {"q": "规模", "page": 2}).content.decode()
    assert last.count('<tr><td><a href="/units/') == matching - UNITS_PAGE_SIZE


def test_the_api_cursor_walks_every_task_once(world):
    supervisor, _officer, _n = world
    _token, key = issue_token(user=supervisor, name="paging")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    api = Client()
    body = api.get("/api/tasks", {"limit": 70}, **auth).json()
    total = Task.objects.filter(plan__office=supervisor.unit).count()
    assert body["count"] == total
    seen = [t["id"] for t in body["items"]]
    while body["next_cursor"]:
        body = api.get("/api/tasks", {"limit": 70, "cursor": body["next_cursor"]}, **auth).json()
        assert body["count"] is None
        seen += [t["id"] for t in body["items"]]
    expected = list(
        Task.objects.filter(plan__office=supervisor.unit)
        .order_by("plan_id", "order", "id")
        .values_list("id", flat=True)
    )
    assert seen == expected
    bad = api.get("/api/tasks", {"cursor": "x.y"}, **auth)
    assert bad.status_code == 400


def test_a_distinct_list_is_paged_by_key_in_the_same_order(world, rf):
    """A unit's reports of tasks that have assignments (DISTINCT: the join to
    each task's assignments repeats a report once per unit of the task) are
    counted and sliced by key: the pages hold the rows of the whole list, each
    once, in its order."""
    _supervisor, officer, _n = world
    joined = (
        Report.objects.filter(unit_id=officer.unit_id, task__assignments__isnull=False)
        .select_related("task__plan", "period")
        .order_by("period__due_date", "task__plan_id", "task__order", "pk")
    )
    visible = joined.distinct()
    expected = list(visible.values_list("pk", flat=True))
    # The join does repeat rows, so the DISTINCT path is the one paged here.
    assert joined.count() > len(expected) == len(set(expected))
    assert len(expected) > 2 * 7
    seen = []
    for number in range(1, -(-len(expected) // 7) + 1):
        page = page_of(rf.get("/", {"page": number}), visible, per_page=7)
        assert page.paginator.count == len(expected)
        seen += [report.pk for report in page.object_list]
        # Rows come whole, with what select_related joined.
        assert all(report.task.plan.pk and report.period.due_date for report in page.object_list)
    assert seen == expected


@pytest.mark.parametrize("asked", ["1", "2", "3", "4", "99", "0", "-2", "x", "", None])
def test_counting_with_the_page_gives_paginators_pages(asked, rf):
    """count_with_page (the count as a window over the list, read with the
    page's rows) gives the page plain paging gives, whatever is asked: past
    the end or below 1 the last page, not a number the first."""
    for n in range(1, 8):
        Unit.objects.create(name=f"分页单位{n}", kind=Unit.Kind.DEPARTMENT)
    for units in (Unit.objects.order_by("name"), Unit.objects.order_by("name").values("pk")):
        request = rf.get("/", {} if asked is None else {"page": asked})
        plain = page_of(request, units, per_page=3)
        counted = page_of(request, units, per_page=3, count_with_page=True)
        assert counted.number == plain.number
        assert counted.paginator.count == plain.paginator.count == 7
        assert counted.paginator.num_pages == 3
        key = (
            (lambda row: row["pk"])
            if isinstance(plain.object_list[0], dict)
            else (lambda row: row.pk)
        )
        assert [key(r) for r in counted.object_list] == [key(r) for r in plain.object_list]
    empty = page_of(rf.get("/"), Unit.objects.none(), per_page=3, count_with_page=True)
    assert empty.paginator.count == 0 and empty.number == 1 and not empty.object_list


def test_the_inbox_past_its_end_shows_its_last_page(world):
    """待办 counts with its page's rows; a page past the end (no row) still
    gives the last page, as plain paging does."""
    _supervisor, officer, n = world
    pages = -(-n // INBOX_PAGE_SIZE)
    html = _client(officer).get(reverse("desk:inbox"), {"page": 10**6}).content.decode()
    assert f"第 {pages} / {pages} 页" in html
    assert html.count('class="task-card"') == n - (pages - 1) * INBOX_PAGE_SIZE
