"""督办总览's numbers kept for DUBAN_OVERVIEW_MAX_AGE seconds: reused within it,
recomputed after it, on 刷新 and after the office's own change; never shared
between people who read different things; off at 0; the page says when they
were computed. The clock is the `now` argument (service) or the kept entry's
own time moved back (pages): no sleeping."""

import dataclasses
import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from duban import access
from duban.accounts.services import create_account
from duban.core import freshness
from duban.plans.models import Plan
from duban.reports import services
from duban.reports.models import Report, Status
from duban.supervision import overview as overview_mod
from duban.supervision.overview import cached_office_overview, numbers_key, office_overview
from duban.supervision.services import override_task_light
from tests.personas import PASSWORD

MAX_AGE = 10


@pytest.fixture(autouse=True)
def cache_on(settings):
    """The cache on (tests/settings.py turns it off for every other test), empty
    before and after: test databases reuse ids."""
    settings.DUBAN_OVERVIEW_MAX_AGE = MAX_AGE
    cache.clear()
    yield
    cache.clear()


def _cached(user, plan=None, *, now, unit_id=None, **kwargs):
    return cached_office_overview(
        user=user,
        on=timezone.localdate(),
        plan=plan,
        unit_id=unit_id,
        max_age=kwargs.pop("max_age", MAX_AGE),
        now=now,
        **kwargs,
    )


def _colleague(office):
    """A second supervisor of the same office."""
    return create_account(
        username="ducha_b", password=PASSWORD, role="supervisor", unit=office, display_name="b"
    )


def _overview(client, **params):
    return client.get(reverse("supervision:overview"), params)


def _age_kept_numbers(user, plan, seconds, *, unit_id=None):
    """Move the kept entry's computation `seconds` into the past (the clock, for pages)."""
    key = numbers_key(user=user, on=timezone.localdate(), plan=plan, unit_id=unit_id)
    numbers = cache.get(key)
    assert numbers is not None, "nothing kept"
    older = numbers.computed_at - dt.timedelta(seconds=seconds)
    cache.set(key, dataclasses.replace(numbers, computed_at=older), timeout=MAX_AGE)
    return older


def test_kept_within_max_age_then_recomputed(supervisor, plan, task, calendar):
    t0 = timezone.now()
    first = _cached(supervisor, plan, now=t0)
    assert first.counts["blue"] == 0 and first.computed_at == t0
    # Someone else's change (no mark): the kept numbers stand until the max age.
    override_task_light(task=task, user=supervisor, light="blue", reason="已提前完成")
    kept = _cached(supervisor, plan, now=t0 + dt.timedelta(seconds=MAX_AGE - 0.5))
    assert kept.counts == first.counts and kept.computed_at == t0
    # The rows still follow the filters on the kept numbers.
    assert _cached(supervisor, plan, now=t0 + dt.timedelta(seconds=1), light="blue").rows == []
    later = t0 + dt.timedelta(seconds=MAX_AGE)
    fresh = _cached(supervisor, plan, now=later)
    assert fresh.counts["blue"] == 1 and fresh.computed_at == later
    assert (
        fresh.counts == office_overview(user=supervisor, on=timezone.localdate(), plan=plan).counts
    )


def test_refresh_recomputes_but_not_more_than_every_two_seconds(supervisor, plan, task, calendar):
    t0 = timezone.now()
    _cached(supervisor, plan, now=t0)
    override_task_light(task=task, user=supervisor, light="blue", reason="已提前完成")
    soon = _cached(supervisor, plan, now=t0 + dt.timedelta(seconds=1), refresh=True)
    assert soon.counts["blue"] == 0 and soon.computed_at == t0, "refresh inside the floor"
    when = t0 + overview_mod.REFRESH_FLOOR
    refreshed = _cached(supervisor, plan, now=when, refresh=True)
    assert refreshed.counts["blue"] == 1 and refreshed.computed_at == when


def test_a_change_mark_drops_numbers_computed_before_it(supervisor, plan, task, calendar):
    t0 = timezone.now()
    _cached(supervisor, plan, now=t0)
    override_task_light(task=task, user=supervisor, light="blue", reason="已提前完成")
    mark = t0 + dt.timedelta(seconds=1)
    t2 = t0 + dt.timedelta(seconds=2)
    after = _cached(supervisor, plan, now=t2, changed_at=mark)
    assert after.counts["blue"] == 1 and after.computed_at == t2
    assert (
        _cached(supervisor, plan, now=t2 + dt.timedelta(seconds=1), changed_at=mark).computed_at
        == t2
    )
    # Numbers from the mark's very instant may predate the change: recomputed too.
    t4 = t0 + dt.timedelta(seconds=4)
    assert _cached(supervisor, plan, now=t4, changed_at=t2).computed_at == t4


def test_zero_computes_every_time_and_keeps_nothing(supervisor, plan, task, calendar):
    t0 = timezone.now()
    assert _cached(supervisor, plan, now=t0, max_age=0).counts["blue"] == 0
    override_task_light(task=task, user=supervisor, light="blue", reason="已提前完成")
    assert _cached(supervisor, plan, now=t0, max_age=0).counts["blue"] == 1
    key = numbers_key(user=supervisor, on=timezone.localdate(), plan=plan, unit_id=None)
    assert cache.get(key) is None


def test_zero_setting_on_the_page(settings, client_for, supervisor, plan, task, calendar):
    settings.DUBAN_OVERVIEW_MAX_AGE = 0
    client = client_for(supervisor)
    assert _overview(client, plan=plan.pk).context["overview"].counts["blue"] == 0
    override_task_light(task=task, user=supervisor, light="blue", reason="已提前完成")
    response = _overview(client, plan=plan.pk)
    assert response.context["overview"].counts["blue"] == 1
    html = response.content.decode()
    assert "数据更新于" in html and "滞后" not in html


def test_page_reuses_then_recomputes_after_max_age(client_for, supervisor, plan, task, calendar):
    client = client_for(supervisor)
    first = _overview(client, plan=plan.pk).context["overview"]
    override_task_light(task=task, user=supervisor, light="blue", reason="已提前完成")
    kept = _overview(client, plan=plan.pk).context["overview"]
    assert kept.counts == first.counts and kept.computed_at == first.computed_at
    _age_kept_numbers(supervisor, plan, MAX_AGE)
    fresh = _overview(client, plan=plan.pk).context["overview"]
    assert fresh.counts["blue"] == 1 and fresh.computed_at > first.computed_at


def test_refresh_link_recomputes(client_for, supervisor, plan, task, calendar):
    client = client_for(supervisor)
    html = _overview(client, plan=plan.pk, light="red").content.decode()
    link = re.search(r'id="overview-refresh" href="([^"]+)"', html).group(1)
    assert "refresh=1" in link and f"plan={plan.pk}" in link and "light=red" in link
    override_task_light(task=task, user=supervisor, light="blue", reason="已提前完成")
    _age_kept_numbers(supervisor, plan, 3)
    assert _overview(client, plan=plan.pk).context["overview"].counts["blue"] == 0
    refreshed = client.get(link.replace("&amp;", "&")).context["overview"]
    assert refreshed.counts["blue"] == 1


def test_own_override_shows_at_once_for_the_office(
    client_for, supervisor, office, plan, task, calendar
):
    colleague = _colleague(office)
    mine, theirs = client_for(supervisor), client_for(colleague)
    assert _overview(mine, plan=plan.pk).context["overview"].counts["blue"] == 0
    assert _overview(theirs, plan=plan.pk).context["overview"].counts["blue"] == 0
    response = mine.post(
        reverse("supervision:override", args=[task.pk]), {"light": "blue", "reason": "已完成"}
    )
    assert response.status_code == 302
    assert _overview(mine, plan=plan.pk).context["overview"].counts["blue"] == 1
    assert _overview(theirs, plan=plan.pk).context["overview"].counts["blue"] == 1


def test_own_change_shows_on_another_app_server(
    client_for, supervisor, office, plan, task, calendar
):
    """Another process kept the numbers from before and never saw the office's
    mark (per-process cache): the actor's session mark still recomputes them for
    the actor; a colleague sees them within the max age, as the page says."""
    colleague = _colleague(office)
    mine, theirs = client_for(supervisor), client_for(colleague)
    _overview(mine, plan=plan.pk)
    key = numbers_key(user=supervisor, on=timezone.localdate(), plan=plan, unit_id=None)
    before = cache.get(key)
    mine.post(
        reverse("supervision:override", args=[task.pk]), {"light": "blue", "reason": "已完成"}
    )
    cache.set(key, before, timeout=MAX_AGE)  # the other process's memory
    cache.delete(freshness.office_key(office.pk))
    assert _overview(theirs, plan=plan.pk).context["overview"].counts["blue"] == 0
    cache.set(key, before, timeout=MAX_AGE)
    assert _overview(mine, plan=plan.pk).context["overview"].counts["blue"] == 1


@pytest.fixture
def consolidated(calendar, task, jobs, rate, fgw_officer):
    report = Report.objects.get(task=task, unit__name="州发改委", period=calendar[0])
    services.save_draft(
        report=report,
        user=fgw_officer,
        data={"narrative": "已完成过半", "values": {jobs.pk: ("9100", "2020-11-15")}},
        expected_version=0,
    )
    services.consolidate_and_submit(report=report, user=fgw_officer)
    return report


def test_own_accept_recomputes_an_officers_submit_does_not(
    client_for, supervisor, fgw_officer, plan, task, calendar, consolidated
):
    client = client_for(supervisor)
    first = _overview(client, plan=plan.pk).context["overview"]
    # An officer's step is counted within the max age, not per submit (the rush).
    other = Report.objects.get(task=task, unit__name="州发改委", period=calendar[1])
    services.save_draft(report=other, user=fgw_officer, data={"narrative": "x"}, expected_version=0)
    client_for(fgw_officer).post(reverse("reports:act", args=[other.pk]), {"action": "consolidate"})
    assert _overview(client, plan=plan.pk).context["overview"].computed_at == first.computed_at
    client.post(reverse("reports:act", args=[consolidated.pk]), {"action": "accept"})
    consolidated.refresh_from_db()
    assert consolidated.status == Status.ACCEPTED
    after = _overview(client, plan=plan.pk).context["overview"]
    assert after.computed_at > first.computed_at
    assert (
        after.counts == office_overview(user=supervisor, on=timezone.localdate(), plan=plan).counts
    )


def test_other_office_never_sees_kept_numbers(
    client_for, supervisor, other_supervisor, plan, calendar, directory
):
    golmud = directory["格尔木市人民政府"].pk
    params = {"plan": "all", "unit": golmud}
    mine = _overview(client_for(supervisor), **params).context["overview"]
    theirs = _overview(client_for(other_supervisor), **params).context["overview"]
    assert mine.total == 1 and theirs.total == 0 and theirs.rows == []
    cache.clear()  # the other order
    assert _overview(client_for(other_supervisor), **params).context["overview"].total == 0
    assert _overview(client_for(supervisor), **params).context["overview"].total == 1


def test_reader_keys_follow_what_people_read(supervisor, leader, other_supervisor, office, plan):
    colleague = _colleague(office)
    assert access.reader_key(supervisor) == access.reader_key(colleague)
    assert len({access.reader_key(u) for u in (supervisor, leader, other_supervisor)}) == 3
    on = timezone.localdate()
    keys = {numbers_key(user=u, on=on, plan=plan, unit_id=None) for u in (supervisor, leader)}
    assert len(keys) == 2
    # Equal keys read equal things.
    assert set(Plan.objects.visible_to(supervisor)) == set(Plan.objects.visible_to(colleague))


@pytest.mark.parametrize(
    ("language", "label", "behind"),
    [
        ("zh-hans", "数据更新于 ", "（统计数字可能滞后至多 10 秒）"),
        ("en", "Figures as of ", " (they may be up to 10 s behind)"),
    ],
)
def test_label_says_when(client_for, supervisor, plan, calendar, language, label, behind):
    client = client_for(supervisor)
    client.cookies["django_language"] = language
    response = _overview(client, plan=plan.pk)
    html = response.content.decode()
    shown = timezone.localtime(response.context["overview"].computed_at).strftime("%H:%M:%S")
    assert f"{label}{shown}" in html and behind in html
    assert ("刷新" if language == "zh-hans" else "Refresh") in html


def test_a_kept_hit_costs_a_few_queries(client_for, supervisor, plan, calendar):
    client = client_for(supervisor)
    with CaptureQueriesContext(connection) as miss:
        _overview(client, plan=plan.pk)
    with CaptureQueriesContext(connection) as hit:
        response = _overview(client, plan=plan.pk)
    assert response.context["overview"].total == 2
    # The lights' latest accepted values and the grouped report counts are not read again.
    assert not any("reports_taskvalue" in q["sql"] for q in hit.captured_queries)
    assert any("reports_taskvalue" in q["sql"] for q in miss.captured_queries)
    assert len(hit) <= 9 and len(hit) <= len(miss) - 4, (len(hit), len(miss))


def test_principal_change_marks_the_office_and_the_actor(
    client_for, supervisor, office, plan, task, calendar, directory
):
    client = client_for(supervisor)
    first = _overview(client, plan=plan.pk).context["overview"]
    assert freshness.changed_at(office_id=office.pk) is None
    unit = directory["州工信局"]
    response = client.post(reverse("desk:task_principal", args=[task.pk]), {"unit": unit.pk})
    assert response.status_code in (200, 302)
    assert task.assignments.get(is_principal=True).unit == unit
    mark = freshness.changed_at(office_id=office.pk)
    assert mark is not None and mark > first.computed_at
    assert client.session[freshness.SESSION_KEY] == mark.isoformat()
    after = _overview(client, plan=plan.pk).context["overview"]
    assert after.computed_at > mark
