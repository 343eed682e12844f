"""`duban demo` shows a running plan: the periods already due played through
the report chain at believable moments before the demo's day, so that the
overview (督办总览, the first view) lights every colour, reads a believable
on-time rate, and every queue has work in it.

The demo is laid out as of a fixed day (`--today`) so that these tests do not
depend on the day they run; the days are inside the seed's season (its dates
move by whole years), where the plan is mid-flight."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from duban.accounts.demo import accounts_with_published_passwords
from duban.accounts.models import User
from duban.plans.models import Notice, Plan
from duban.reports.models import Report, ReportEvent, ReviewComment, Role, Status
from duban.reports.queue import review_queue
from duban.reports.services import consolidation_view
from duban.supervision.overview import office_overview
from duban.supervision.pace import Light

# Inside the season of two different years: the first period (November) is
# due and played, the final one (due 21 December) is running.
DAYS = [dt.date(2026, 12, 3), dt.date(2029, 12, 14)]


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    def run(day):
        out = io.StringIO()
        call_command("demo", f"--today={day.isoformat()}", stdout=out)
        return Plan.objects.get(), out.getvalue()

    return run


def overview(plan, day):
    return office_overview(user=User.objects.get(username="duchashi"), on=day, plan=plan)


@pytest.mark.parametrize("day", DAYS)
def test_every_light_has_a_task_and_the_on_time_rate_is_believable(demo, client_for, day):
    plan, out = demo(day)
    # Its dates moved by whole years to the demo's season; the plan page says so.
    years = day.year - 2020
    assert plan.date_shift_years == years and plan.published == dt.date(day.year, 10, 30)
    page = client_for(User.objects.get(username="duchashi")).get(
        reverse("desk:detail", args=[plan.pk])
    )
    shift = re.sub(r"\s+", " ", page.content.decode())
    assert f"整体推后了 {years} 年" in shift and "原文中的日期未改动" in shift
    assert "2020年12月21日前" in plan.text
    first = overview(plan, day)
    assert {light for light, n in first.counts.items() if n >= 1} == {x.value for x in Light}
    line = first.timeliness
    # Most reports of November were sent on time, a few late (逾期报送), a few not at all.
    assert 0.75 < line["rate"] < 0.95
    assert line["late"] >= 3 and line["missing"] >= 3
    assert line["due"] == line["on_time"] + line["late"] + line["missing"]
    assert "逾期报送" in out and "逾期未报" in out
    lights = {row.task.key: row.light for row in first.rows}
    assert lights["二.(六)"].light == Light.BLUE  # its target met
    assert lights["二.(七)"].light == Light.YELLOW  # a little behind its pace
    assert lights["二.(五)"].light == Light.RED and lights["二.(五)"].basis == "pace"
    assert lights["二.(三)"].light == Light.RED and lights["二.(三)"].overdue == 1  # 逾期未报
    # Sent late, accepted and on pace: the pace light, with the 逾期报送 mark.
    assert lights["二.(二)"].light == Light.GREEN and lights["二.(二)"].late == 1
    assert lights["二.(九)"].light == Light.GREY and lights["二.(九)"].override_reason


def test_every_queue_has_work(demo):
    day = DAYS[0]
    plan, _out = demo(day)
    # The office's 待审核 queue: oldest first.
    queue = list(review_queue(User.objects.get(username="duchashi")))
    assert [r.task.key for r in queue] == ["二.(九)", "二.(一)"]
    assert queue[0].period.due_date < day <= queue[1].period.due_date
    # An input waiting for its lead unit, with other units still to send.
    fgw = User.objects.get(username="fgw")
    running = plan.periods.get(is_final=True)
    lead = Report.objects.get(task__key="二.(四)", period=running, role=Role.PRINCIPAL)
    assert lead.status == Status.DRAFT
    view = consolidation_view(report=lead, user=fgw)
    assert [r.unit.name for r in view["inputs"]] == ["格尔木市人民政府"]
    assert view["inputs"][0].status == Status.SUBMITTED and view["pending"]
    # A report the office returned, with its comment and the unit's notice.
    returned = Report.objects.get(status=Status.RETURNED)
    assert returned.task.key == "二.(八)" and returned.unit == fgw.unit
    assert returned.current_version.comment
    assert Notice.objects.filter(unit=fgw.unit, task=returned.task, kind="report").exists()


def test_the_demo_plays_the_past_once(demo):
    day = DAYS[0]
    plan, _out = demo(day)
    midnight = timezone.make_aware(dt.datetime.combine(day, dt.time()))
    sent = Report.objects.filter(delivered_at__isnull=False)
    assert sent.count() > 100
    # Every step is stamped before the demo's day, none at the time it ran.
    assert not sent.filter(delivered_at__gte=midnight).exists()
    assert not ReportEvent.objects.filter(at__gte=midnight).exists()
    assert not ReviewComment.objects.filter(created_at__gte=midnight).exists()
    # On-time inputs were sent by the co-units' due date, and late ones after it.
    november = plan.periods.get(is_final=False)
    inputs = sent.filter(period=november).exclude(role=Role.PRINCIPAL)
    late = [r for r in inputs if timezone.localdate(r.delivered_at) > november.co_due_date]
    assert 0 < len(late) < inputs.count() / 5
    # The units without a demo account sign with password-less accounts.
    helpers = User.objects.filter(username__startswith="demo-unit-")
    assert helpers.exists() and not any(u.has_usable_password() for u in helpers)
    assert all(u.display_name.endswith("(演示)") for u in helpers)
    assert accounts_with_published_passwords() == sorted(
        ["duchashi", "lingdao", "fgw", "geermu", "admin"]
    )
    counts = (Report.objects.filter(status=Status.ACCEPTED).count(), ReportEvent.objects.count())
    demo(day)
    assert (
        Report.objects.filter(status=Status.ACCEPTED).count(),
        ReportEvent.objects.count(),
    ) == counts


def test_out_of_season_the_demo_still_runs(demo):
    # In July the nearest season is the coming one: nothing is due yet, nothing
    # is played in the future.
    day = dt.date(2027, 7, 1)
    plan, _out = demo(day)
    assert plan.published > day
    assert not Report.objects.filter(delivered_at__isnull=False).exists()
    assert overview(plan, day).timeliness["rate"] is None
