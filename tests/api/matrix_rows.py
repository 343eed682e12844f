"""The API's permission table: every /api/ route × every persona, with each
persona's own bearer token (walked by tests/api/test_api_matrix.py).

A row: route name, method, the personas whose call goes through, the URL
kwargs builder and the JSON body builder. Everyone else gets 403 (an object
they may see, an action they may not take) or 404 (an object they may not
see) with the database unchanged; no token at all is 401."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from duban.accounts.models import User
from duban.plans.models import Plan
from duban.reports import services as report_services
from duban.reports.calendar import generate_periods
from duban.reports.models import Report
from tests.permissions import EVERYONE, FGW, SUPERVISOR
from tests.personas import PERSONAS
from tests.plans import world

OFFICE_READERS = frozenset({"supervisor", "leader", "admin_user"})


@dataclass(frozen=True)
class ApiRow:
    name: str
    method: str
    allowed: frozenset
    kwargs: Callable | None = None
    body: Callable | None = None
    label: str = ""

    @property
    def id(self):
        return f"{self.name}[{self.label}]" if self.label else self.name


def _plan(w):
    w.persona("supervisor")
    plan = world.make_published()
    generate_periods(
        plan=plan,
        user=world.supervisor(),
        cadence="month",
        start=dt.date(2020, 11, 1),
        final_deadline=dt.date(2020, 12, 21),
    )
    return plan


def _fgw_report(plan, *, sent):
    """州发改委's first report on task (一): a draft with a value, or consolidated."""
    task = world.task_a(plan)
    report = Report.objects.filter(task=task, unit__name="州发改委").order_by("period__due_date")[0]
    fgw = _fgw_officer()
    report_services.save_draft(
        report=report,
        user=fgw,
        data={"narrative": "进展", "values": {task.targets.get().pk: ("5", "2020-11-20")}},
        expected_version=0,
    )
    if sent:
        report_services.consolidate_and_submit(report=report, user=fgw)
    return report


def _fgw_officer():
    return User.objects.get(username=PERSONAS["fgw_officer"].username)


def plan_kwargs(w):
    return {"plan_id": _plan(w).pk}


def task_a_kwargs(w):
    return {"task_id": world.task_a(_plan(w)).pk}


def task_b_kwargs(w):
    return {"task_id": world.task_b(_plan(w)).pk}


def draft_report_kwargs(w):
    w.persona("fgw_officer")
    return {"report_id": _fgw_report(_plan(w), sent=False).pk}


def sent_report_kwargs(w):
    w.persona("fgw_officer")
    return {"report_id": _fgw_report(_plan(w), sent=True).pk}


def _draft_body(w):
    """Runs after the kwargs builder made the plan."""
    target = world.task_a(Plan.objects.order_by("-id").first()).targets.get()
    return {
        "expected_version": 0,
        "narrative": "接口填报",
        "values": [{"target_id": target.pk, "value": "6"}],
    }


API_ROWS = [
    ApiRow("api:me", "GET", EVERYONE),
    ApiRow("api:list_tasks", "GET", EVERYONE),
    ApiRow("api:get_task", "GET", OFFICE_READERS | FGW, task_a_kwargs, label="fgw's task"),
    ApiRow(
        "api:get_task",
        "GET",
        OFFICE_READERS | {"rsj_officer", "golmud_officer"},
        task_b_kwargs,
        label="rsj and counties' task",
    ),
    ApiRow("api:list_reports", "GET", OFFICE_READERS | FGW, task_a_kwargs),
    ApiRow("api:save_report", "POST", FGW, task_a_kwargs, _draft_body),
    ApiRow("api:submit", "POST", FGW, draft_report_kwargs, lambda w: {"expected_version": 1}),
    ApiRow("api:accept", "POST", SUPERVISOR, sent_report_kwargs, lambda w: {"comment": "同意"}),
    ApiRow(
        "api:return_report", "POST", SUPERVISOR, sent_report_kwargs, lambda w: {"comment": "请补充"}
    ),
    ApiRow("api:plan_status", "GET", EVERYONE, plan_kwargs),
]

# Routes of the API namespace that are pages for people, not token calls:
# the docs and the schema (signed-in users, rows in the main matrix), and the
# bare root (no view: 404 for everybody, including with a token).
SESSION_ROUTES = {"api:openapi-view", "api:openapi-json"}
NO_VIEW_ROUTES = {"api:api-root"}
API_ROUTES = {row.name for row in API_ROWS} | NO_VIEW_ROUTES
