"""Every listed page and API call asks the database the same number of times
at two data sizes (`generate_scale_data` small and larger): no query per row,
per report, per target or per value. benchmarks/pages.py times the same calls
at province scale."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.accounts.models import User
from duban.accounts.services import create_account
from duban.api.services import issue_token
from duban.plans.models import Assignment, Target
from duban.reports.models import Report, Role, Status, TargetValue
from duban.supervision.management.commands.generate_scale_data import SUPERVISOR
from duban.units.models import Unit

pytestmark = pytest.mark.django_db

ANCHOR = dt.date(2026, 6, 15)
SMALL = {"units": 6, "plans": 3, "tasks": 9, "targets": 18, "reports": 90}
LARGER = {"units": 14, "plans": 40, "tasks": 120, "targets": 480, "reports": 1800}
# Targets of the task whose draft is saved, at each size.
SAVED_TARGETS = {"small": 1, "larger": 6}


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class World:
    """One generated data set and the calls to count on it."""

    def __init__(self, size):
        counts = SMALL if size == "small" else LARGER
        call_command(
            "generate_scale_data",
            anchor=ANCHOR,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
            **counts,
        )
        self.size = size
        self.supervisor = User.objects.get(username=SUPERVISOR)
        # The unit with the most tasks, and an officer of it.
        busiest = (
            Assignment.objects.values_list("unit_id", flat=True).order_by("unit_id").distinct()
        )
        unit_id = max(busiest, key=lambda u: Assignment.objects.filter(unit_id=u).count())
        self.officer = create_account(
            username=f"qc_officer_{size}",
            password="Query-Count-2026",
            role="officer",
            unit=Unit.objects.get(pk=unit_id),
        )
        self.principal = self._richest_principal()
        self.draft = self._draft_to_save(unit_id)

    def _richest_principal(self):
        """The principal report whose current version has the most values."""
        best = None
        for report in Report.objects.filter(
            role=Role.PRINCIPAL, current_version__isnull=False
        ).select_related("current_version"):
            n = TargetValue.objects.filter(version=report.current_version).count()
            if best is None or n > best[0]:
                best = (n, report.pk)
        return Report.objects.get(pk=best[1])

    def _draft_to_save(self, unit_id):
        """A draft of the officer's unit; its task gets the size's number of targets."""
        report = (
            Report.objects.filter(unit_id=unit_id, status=Status.DRAFT, current_version=None)
            .select_related("task")
            .order_by("pk")
            .first()
        )
        Target.objects.filter(task=report.task).delete()
        for i in range(SAVED_TARGETS[self.size]):
            Target.objects.create(task=report.task, order=i, name=f"指标{i}", unit="个")
        return report

    def client(self, user):
        client = Client()
        client.force_login(user)
        return client

    def api(self, user):
        _token, key = issue_token(user=user, name="qc")
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _count(call):
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code in (200, 302), response.content[:500]
    return len(queries)


def _calls(world):
    """{name: zero-argument call} for every listed page and API call."""
    sup, off = world.supervisor, world.officer
    sup_client, off_client = world.client(sup), world.client(off)
    sup_api, off_api = world.api(sup), world.api(off)
    task_id = world.principal.task_id
    first = Client().get("/api/tasks", {"limit": 5}, **sup_api).json()
    cursor = first["next_cursor"]
    # Warm what a first request caches (site, content types, translations).
    sup_client.get(reverse("plans:list"))
    off_client.get(reverse("desk:inbox"))
    targets = list(Target.objects.filter(task=world.draft.task))
    post = {"lock_version": world.draft.lock_version, "narrative": "进展", "problems": ""}
    for t in targets:
        post[f"value_{t.pk}"] = "12"
        post[f"as_of_{t.pk}"] = "2026-06-01"
    return {
        "计划 plans:list": lambda: sup_client.get(reverse("plans:list")),
        "待办 desk:inbox": lambda: off_client.get(reverse("desk:inbox")),
        "进展报送 reports:mine": lambda: off_client.get(reverse("reports:mine")),
        "待审核 reports:queue": lambda: sup_client.get(reverse("reports:queue")),
        "单位名录 units:list": lambda: sup_client.get(reverse("units:list")),
        "report page (office)": lambda: sup_client.get(
            reverse("reports:report", args=[world.principal.pk])
        ),
        "report save (officer)": lambda: off_client.post(
            reverse("reports:report", args=[world.draft.pk]), post
        ),
        "GET /api/tasks": lambda: Client().get("/api/tasks", {"limit": 5}, **sup_api),
        "GET /api/tasks?cursor": lambda: Client().get(
            "/api/tasks", {"limit": 5, "cursor": cursor}, **sup_api
        ),
        "GET /api/tasks (unit)": lambda: Client().get("/api/tasks", {"limit": 5}, **off_api),
        "GET /api/tasks/{id}/reports": lambda: Client().get(
            f"/api/tasks/{task_id}/reports", **sup_api
        ),
        "GET /api/tasks/{id}": lambda: Client().get(f"/api/tasks/{task_id}", **sup_api),
    }


def _measure(size):
    world = World(size)
    calls = _calls(world)
    return {name: _count(call) for name, call in calls.items()}, world


class Rollback(Exception):
    pass


def _in_rollback(size):
    """generate_scale_data refuses a database that already holds a data set:
    each size is generated and measured in a transaction rolled back after."""

    result = {}
    try:
        with transaction.atomic():
            result["counts"], world = _measure(size)
            result["rows"] = {
                "reports": Report.objects.count(),
                "values": TargetValue.objects.filter(
                    version=world.principal.current_version
                ).count(),
            }
            raise Rollback
    except Rollback:
        pass
    return result


def test_query_counts_do_not_grow_with_the_data():
    small = _in_rollback("small")
    larger = _in_rollback("larger")
    assert larger["rows"]["reports"] > 10 * small["rows"]["reports"]
    # The office's report page shows more values at the larger size.
    assert larger["rows"]["values"] > small["rows"]["values"]
    grew = {
        name: (small["counts"][name], larger["counts"][name])
        for name in small["counts"]
        if small["counts"][name] != larger["counts"][name]
    }
    print(json.dumps({"small": small["counts"], "larger": larger["counts"]}, ensure_ascii=False))
    assert not grew, f"query counts differ (small, larger): {grew}"
