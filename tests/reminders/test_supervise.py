"""The ladder on the seed-shaped plan (final report due 2020-12-21, co-units
2020-12-18), with the clock passed in."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from duban.accounts.services import create_account
from duban.reminders import services
from duban.reminders.models import Digest, Ladder, Message
from duban.reports.models import Report
from duban.reports.services import save_draft, submit_report
from tests.personas import PASSWORD


def at(text):
    return timezone.make_aware(dt.datetime.fromisoformat(text))


@pytest.fixture
def people(directory, supervisor, fgw_officer, fgw_head, rsj_officer, golmud_officer, calendar):
    return {
        "supervisor": supervisor,
        "fgw": fgw_officer,
        "fgw_head": fgw_head,
        "rsj": rsj_officer,
        "golmud": golmud_officer,
    }


def task_part(title):
    """ "二.(四) 全力推动稳增长(最终报告…进展报告)" → "二.(四) 全力推动稳增长" """
    key, rest = title.split(" ", 1)
    return f"{key} {rest.split('(')[0]}"


def lines(now):
    return {
        (m.recipient.username, m.kind, task_part(m.title), m.due_date.isoformat())
        for m in services.preview(now=now)
    }


def final_report(unit, task):
    return Report.objects.get(task=task, unit__name=unit, period__is_final=True)


def test_t_minus_3_for_the_principal_lead_due_on_the_21st(people, task):
    found = lines(at("2020-12-18T09:00"))
    assert ("fgw_tianbao", "before", "二.(四) 全力推动稳增长", "2020-12-21") in found


def test_co_units_are_at_their_due_day_on_the_18th(people, task):
    found = lines(at("2020-12-18T09:00"))
    assert ("rsj_tianbao", "due", "二.(四) 全力推动稳增长", "2020-12-18") in found
    assert ("gem_tianbao", "due", "二.(四) 全力推动稳增长", "2020-12-18") in found


def test_nothing_before_the_send_hour(people, task):
    early = lines(at("2020-12-18T08:59"))
    assert ("rsj_tianbao", "due", "二.(四) 全力推动稳增长", "2020-12-18") not in early
    assert ("fgw_tianbao", "before", "二.(四) 全力推动稳增长", "2020-12-21") not in early
    assert ("fgw_tianbao", "before", "二.(四) 全力推动稳增长", "2020-12-21") in lines(
        at("2020-12-18T09:00")
    )


def test_a_unit_that_sent_its_report_gets_nothing_for_it(people, task):
    user = people["golmud"]
    report = final_report("格尔木市人民政府", task)
    report = save_draft(report=report, user=user, data={"narrative": "已完成"}, expected_version=0)
    submit_report(report=report, user=user, expected_version=report.lock_version)
    found = lines(at("2020-12-18T09:00"))
    assert not any(u == "gem_tianbao" and due == "2020-12-18" for u, _k, _t, due in found)
    assert ("rsj_tianbao", "due", "二.(四) 全力推动稳增长", "2020-12-18") in found


def test_the_november_period_is_chased_and_escalated(people, task):
    # 11月 reports: principal due 11-30, co-units 11-27; on 12-18 both are long overdue.
    found = lines(at("2020-12-18T09:00"))
    assert ("fgw_tianbao", "chase", "二.(四) 全力推动稳增长", "2020-11-30") in found
    assert ("fgw_fuze", "escalate_head", "二.(四) 全力推动稳增长", "2020-11-30") in found
    assert ("duchashi", "escalate_office", "二.(四) 全力推动稳增长", "2020-11-30") in found


def test_the_head_gets_the_unit_reminders_only_when_the_unit_has_no_officer(people, task):
    found = lines(at("2020-12-18T09:00"))
    assert not any(u == "fgw_fuze" and k == "before" for u, k, _t, _d in found)


def test_nothing_for_an_account_without_a_unit(people, task, directory):
    create_account(username="nounit", password=PASSWORD, role="admin", unit=None)
    assert not any(
        m.recipient.unit_id is None for m in services.preview(now=at("2020-12-18T09:00"))
    )


def test_a_plan_ladder_overrides_the_office_default(people, task, office, plan):
    Ladder.objects.create(office=office, before_days=5)
    Ladder.objects.create(office=office, plan=plan, before_days=1)
    assert not any(k == "before" for _u, k, _t, _d in lines(at("2020-12-18T09:00")))
    assert any(k == "before" for _u, k, _t, _d in lines(at("2020-12-20T09:00")))


def test_a_run_sends_once_and_a_second_run_sends_nothing(people, task):
    now = at("2020-12-18T09:00")
    first = services.run_supervision(now=now, worker="a")
    assert first.messages > 0 and first.messages == Message.objects.count()
    again = services.run_supervision(now=now + dt.timedelta(hours=1), worker="b")
    assert again.messages == 0 and again.digests == 0
    assert services.preview(now=now) == []


def test_one_digest_per_person_per_run(people, task):
    services.run_supervision(now=at("2020-12-18T09:00"), worker="a")
    per_person = {}
    for digest in Digest.objects.all():
        per_person[digest.recipient_id] = per_person.get(digest.recipient_id, 0) + 1
    assert set(per_person.values()) == {1}
    fgw_digest = Digest.objects.get(recipient=people["fgw"])
    assert fgw_digest.subject.startswith("【督办提醒】")
    assert fgw_digest.messages.count() == len(fgw_digest.body.splitlines())


def test_after_two_days_down_each_step_reached_is_sent_once(people, task):
    services.run_supervision(now=at("2020-12-16T09:00"), worker="a")  # nothing due yet for 12-21
    # The worker is down 12-17 … 12-19; two workers come back on 12-20 and run every hour.
    for hour in range(9, 13):
        services.run_supervision(now=at(f"2020-12-20T{hour:02d}:00"), worker="a")
        services.run_supervision(now=at(f"2020-12-20T{hour:02d}:30"), worker="b")
    sent = Message.objects.filter(
        recipient=people["fgw"], subject_id=final_report("州发改委", task).pk
    )
    assert [(m.kind, m.occasion) for m in sent] == [("before", dt.date(2020, 12, 18))]
    keys = list(
        Message.objects.values_list(
            "recipient_id", "kind", "subject_type", "subject_id", "occasion"
        )
    )
    assert len(keys) == len(set(keys))


def test_the_whole_ladder_over_a_month(people, task):
    report = final_report("州发改委", task)
    for n in range(0, 35):
        services.run_supervision(now=at("2020-12-15T09:00") + dt.timedelta(days=n), worker="a")
    mine = Message.objects.filter(subject_id=report.pk, subject_type="report")
    steps = sorted((m.recipient.username, m.kind, m.occasion.isoformat()) for m in mine)
    assert ("fgw_tianbao", "before", "2020-12-18") in steps
    assert ("fgw_tianbao", "due", "2020-12-21") in steps
    assert ("fgw_tianbao", "chase", "2020-12-23") in steps
    assert ("fgw_tianbao", "chase", "2020-12-25") in steps
    assert ("fgw_fuze", "escalate_head", "2020-12-24") in steps
    assert ("duchashi", "escalate_office", "2020-12-28") in steps
    assert all(m.status == "sent" for m in mine)
    assert len([s for s in steps if s[1] == "escalate_head"]) == 1


def test_supervise_dry_run_prints_one_line_per_person_item_kind(people, task):
    out = io.StringIO()
    call_command(
        "supervise", "--now", "2020-12-18T09:00", "--dry-run", stdout=out, stderr=io.StringIO()
    )
    rows = [line.split("\t") for line in out.getvalue().splitlines()]
    keys = [(r[0], r[2], r[4], r[5]) for r in rows]  # person, kind, unit, item
    assert len(keys) == len(set(keys))
    assert any(r[0] == "fgw_tianbao" and r[2] == "before" and r[6] == "2020-12-21" for r in rows)
    # Units without any account are listed as unreachable, not silently dropped.
    assert any(r[0] == "-" and r[4] == "州工信局" for r in rows)
    assert Message.objects.count() == 0  # nothing written


def test_supervise_sends_without_dry_run(people, task):
    out = io.StringIO()
    call_command("supervise", "--now", "2020-12-18T09:00", stdout=out, stderr=io.StringIO())
    assert "发送" in out.getvalue()
    assert Message.objects.filter(status="sent").count() == Message.objects.count() > 0


def test_supervise_rejects_a_bad_now(people):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="格式"):
        call_command("supervise", "--now", "yesterday", "--dry-run")
