"""The office's review queue (待审核): what waits, in which order, the count in
the navigation, accept/return in place, pages."""

import pytest
from django.urls import reverse

from duban.reports import queue, views
from duban.reports.models import Report, Status
from duban.reports.queue import queue_count, review_queue
from duban.reports.services import consolidate_and_submit, save_draft, submit_report


def send_to_office(task, period, user):
    """The principal lead (州发改委) writes, submits and consolidates its report."""
    report = Report.objects.get(task=task, unit=user.unit, period=period)
    report = save_draft(
        report=report, user=user, data={"narrative": f"{period.label}进展"}, expected_version=0
    )
    report = submit_report(report=report, user=user)
    return consolidate_and_submit(report=report, user=user)


@pytest.fixture
def waiting(calendar, task, fgw_officer):
    """Two consolidated reports of task (四): the final period's sent first."""
    final = send_to_office(task, calendar[1], fgw_officer)
    first = send_to_office(task, calendar[0], fgw_officer)
    return [final, first]


def test_the_queue_holds_consolidated_reports_oldest_first(waiting, supervisor):
    assert list(review_queue(supervisor)) == waiting
    assert queue_count(supervisor) == 2


def test_inputs_and_drafts_are_not_in_the_queue(calendar, task, golmud_officer, supervisor):
    report = Report.objects.get(task=task, unit=golmud_officer.unit, period=calendar[0])
    report = save_draft(
        report=report, user=golmud_officer, data={"narrative": "x"}, expected_version=0
    )
    submit_report(report=report, user=golmud_officer)
    assert queue_count(supervisor) == 0


def test_inputs_included_in_a_consolidation_stay_out_of_the_queue(
    calendar, task, golmud_officer, fgw_officer, supervisor
):
    period = calendar[0]
    co = Report.objects.get(task=task, unit=golmud_officer.unit, period=period)
    co = save_draft(report=co, user=golmud_officer, data={"narrative": "x"}, expected_version=0)
    submit_report(report=co, user=golmud_officer)
    lead = send_to_office(task, period, fgw_officer)
    assert Report.objects.get(pk=co.pk).status == Status.CONSOLIDATED
    assert list(review_queue(supervisor)) == [lead]


def test_only_supervisors_have_a_queue(waiting, leader, fgw_officer, admin_user):
    for user in (leader, fgw_officer, admin_user):
        assert queue_count(user) == 0 and not review_queue(user).exists()


def test_the_navigation_counts_the_queue(waiting, client_for, supervisor, leader):
    page = client_for(supervisor).get(reverse("plans:list")).content.decode()
    nav = page.split('id="nav-queue"')[1].split("</a>")[0]
    assert '<span class="count">2</span>' in nav
    assert 'id="nav-queue"' not in client_for(leader).get(reverse("plans:list")).content.decode()


def test_the_navigation_badge_stops_counting_past_its_cap(
    waiting, client_for, supervisor, monkeypatch
):
    monkeypatch.setattr(queue, "BADGE_CAP", 1)
    page = client_for(supervisor).get(reverse("plans:list")).content.decode()
    nav = page.split('id="nav-queue"')[1].split("</a>")[0]
    assert '<span class="count">1+</span>' in nav
    # The queue's own page still counts every report.
    page = client_for(supervisor).get(reverse("reports:queue")).content.decode()
    assert '<span class="badge blue" id="queue-count">2</span>' in page


def test_accept_from_the_queue_returns_to_it(waiting, client_for, supervisor):
    client = client_for(supervisor)
    page = client.get(reverse("reports:queue")).content.decode()
    assert page.index(f'id="queue-{waiting[0].pk}"') < page.index(f'id="queue-{waiting[1].pk}"')
    response = client.post(
        reverse("reports:act", args=[waiting[0].pk]),
        {"action": "accept", "next": "queue", "page": "1"},
    )
    assert response["Location"] == reverse("reports:queue") + "?page=1"
    assert Report.objects.get(pk=waiting[0].pk).status == Status.ACCEPTED
    assert list(review_queue(supervisor)) == [waiting[1]]


def test_return_from_the_queue_needs_a_comment(waiting, client_for, supervisor):
    client = client_for(supervisor)
    url = reverse("reports:act", args=[waiting[1].pk])
    client.post(url, {"action": "return", "next": "queue", "comment": ""})
    assert Report.objects.get(pk=waiting[1].pk).status == Status.CONSOLIDATED
    page = client.get(reverse("reports:queue")).content.decode()
    assert "退回时请写明退回意见" in page
    client.post(url, {"action": "return", "next": "queue", "comment": "请补充数据"})
    assert Report.objects.get(pk=waiting[1].pk).status == Status.RETURNED
    assert queue_count(supervisor) == 1


def test_the_queue_is_paginated(waiting, client_for, supervisor, monkeypatch):
    monkeypatch.setattr(views, "QUEUE_PAGE_SIZE", 1)
    client = client_for(supervisor)
    first = client.get(reverse("reports:queue")).content.decode()
    second = client.get(reverse("reports:queue") + "?page=2").content.decode()
    assert f'id="queue-{waiting[0].pk}"' in first and f'id="queue-{waiting[1].pk}"' not in first
    assert f'id="queue-{waiting[1].pk}"' in second and "第 2 / 2 页" in second
    # A page number past the end or not a number shows a page, never an error.
    assert client.get(reverse("reports:queue") + "?page=x").status_code == 200
    assert client.get(reverse("reports:queue") + "?page=99").status_code == 200


def test_the_queue_counts_ahead_of_the_page_shown(waiting, client_for, supervisor, monkeypatch):
    """The heading counts no further than QUEUE_COUNT_AHEAD reports past the
    page's first: "1+" and "2+" pages here, exact once the end is in reach."""
    monkeypatch.setattr(views, "QUEUE_PAGE_SIZE", 1)
    monkeypatch.setattr(views, "QUEUE_COUNT_AHEAD", 1)
    client = client_for(supervisor)
    first = client.get(reverse("reports:queue")).content.decode()
    assert '<span class="badge blue" id="queue-count">1+</span>' in first
    assert "第 1 / 2+ 页" in first and 'rel="next"' in first
    second = client.get(reverse("reports:queue") + "?page=2").content.decode()
    assert '<span class="badge blue" id="queue-count">2</span>' in second
    assert "第 2 / 2 页" in second and f'id="queue-{waiting[1].pk}"' in second


def test_an_empty_queue_says_so(calendar, client_for, supervisor):
    assert (
        "没有等待审核的报告"
        in client_for(supervisor).get(reverse("reports:queue")).content.decode()
    )
