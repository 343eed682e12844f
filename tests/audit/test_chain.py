"""The audit chain: entries written by the application verify; an entry edited,
deleted or inserted with raw SQL is named by `verify` and by `duban audit verify`.
Runs on SQLite and (DATABASE_URL=postgres://…) PostgreSQL alike."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from duban.audit import chain
from duban.audit.models import GENESIS, ChainHead
from duban.plans.models import Plan
from duban.reports.models import Report, ReportEvent
from duban.reports.services import save_draft, submit_report
from duban.units.models import Unit

HistoricalUnit = Unit.history.model


def run_sql(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def first_problem():
    result = chain.verify()
    assert not result.ok, "the chain should be broken"
    return result.problems[0]


def verify_command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("audit", "verify", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def submitted(calendar, task, rsj_officer):
    """One unit's report saved and submitted: history records and a ReportEvent."""
    report = Report.objects.get(task=task, period=calendar[0], unit__name="州人社局")
    report = save_draft(
        report=report, user=rsj_officer, data={"narrative": "已完成"}, expected_version=0
    )
    return submit_report(report=report, user=rsj_officer)


def test_the_demo_verifies(db):
    call_command("demo", stdout=io.StringIO())
    result = chain.verify()
    assert result.ok, result.problems
    assert result.entries > 100 and result.head_seq == result.entries
    out, _err = verify_command()
    assert out.startswith(f"ok: {result.entries} entries, head {result.head_seq}:")


def test_every_history_model_is_in_the_chain():
    assert chain.unchained_history_models() == []
    labels = {m._meta.label_lower for m in chain.chained_models()}
    assert {"reports.reportevent", "plans.historicaltask", "units.historicalunit"} <= labels
    assert "units.historicalunitgroup_members" in labels  # many-to-many records too


def entry_at(seq):
    for model in chain.chained_models():
        entry = model._base_manager.filter(chain_seq=seq).first()
        if entry is not None:
            return entry
    return None


def test_entries_are_numbered_one_after_another(submitted):
    result = chain.verify()
    assert result.ok, result.problems
    event = ReportEvent.objects.get(report=submitted)
    assert event.chain_prev == entry_at(event.chain_seq - 1).chain_hash
    assert [entry_at(n) is not None for n in range(1, result.head_seq + 1)] == [True] * (
        result.head_seq
    )
    assert entry_at(result.head_seq).chain_hash == result.head_hash


def test_bulk_created_history_is_chained(directory):
    """The directory import writes its history with bulk_create_with_history."""
    records = Unit.history.model.objects.all()
    assert records.count() >= len(directory)
    assert not records.filter(chain_seq__isnull=True).exists()
    assert chain.verify().ok


def test_a_history_record_edited_with_sql_is_named(directory):
    victim = HistoricalUnit.objects.order_by("chain_seq")[3]
    run_sql(
        f"UPDATE {HistoricalUnit._meta.db_table} SET name = %s WHERE history_id = %s",
        ["改过的标题", victim.pk],
    )
    problem = first_problem()
    assert (problem.kind, problem.seq) == ("edited", victim.chain_seq)
    assert problem.entry == f"units.historicalunit #{victim.pk}"
    with pytest.raises(CommandError):
        verify_command()


def test_the_command_names_the_edited_entry(directory):
    victim = HistoricalUnit.objects.order_by("chain_seq")[0]
    run_sql(
        f"UPDATE {HistoricalUnit._meta.db_table} SET history_change_reason = %s WHERE history_id = %s",
        ["补录", victim.pk],
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="broken"):
        call_command("audit", "verify", stdout=io.StringIO(), stderr=err)
    assert f"edited: chain entry #{victim.chain_seq} units.historicalunit #{victim.pk}" in (
        err.getvalue()
    )


def test_a_report_event_edited_with_sql_is_named(submitted):
    event = ReportEvent.objects.get(report=submitted)
    run_sql(f"UPDATE {ReportEvent._meta.db_table} SET actor_id = NULL WHERE id = %s", [event.pk])
    problem = first_problem()
    assert problem.kind == "edited" and problem.entry == f"reports.reportevent #{event.pk}"


def test_a_history_record_deleted_with_sql_is_named(directory):
    victim = HistoricalUnit.objects.order_by("chain_seq")[5]
    run_sql(f"DELETE FROM {HistoricalUnit._meta.db_table} WHERE history_id = %s", [victim.pk])
    problem = first_problem()
    assert (problem.kind, problem.seq) == ("deleted", victim.chain_seq)
    assert f"#{victim.chain_seq} are missing" in problem.detail


def test_the_last_entry_deleted_with_sql_is_found(submitted):
    last = entry_at(chain.head()[0])
    run_sql(f"DELETE FROM {last._meta.db_table} WHERE {last._meta.pk.column} = %s", [last.pk])
    problem = first_problem()
    assert (problem.kind, problem.seq) == ("deleted", last.chain_seq)


def _copy_event_sql(event, seq, prev, digest):
    return (
        f"INSERT INTO {ReportEvent._meta.db_table} "
        "(report_id, version_id, action, from_status, to_status, actor_id, at, comment, "
        "chain_seq, chain_prev, chain_hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [
            event.report_id,
            event.version_id,
            "accept",
            "submitted",
            "accepted",
            event.actor_id,
            event.at,
            "",
            seq,
            prev,
            digest,
        ],
    )


def test_a_row_inserted_with_sql_is_named(submitted):
    event = ReportEvent.objects.get(report=submitted)
    run_sql(*_copy_event_sql(event, None, "", ""))
    forged = ReportEvent.objects.exclude(pk=event.pk).get(report=submitted)
    problem = first_problem()
    assert problem.kind == "inserted" and problem.entry == f"reports.reportevent #{forged.pk}"


def test_a_row_inserted_into_the_middle_is_named(submitted):
    event = ReportEvent.objects.get(report=submitted)
    seq = event.chain_seq - 2
    run_sql(*_copy_event_sql(event, seq, "f" * 64, "e" * 64))
    forged = ReportEvent.objects.get(report=submitted, chain_seq=seq)
    problem = first_problem()
    assert (problem.kind, problem.seq) == ("inserted", seq)
    assert problem.entry == f"reports.reportevent #{forged.pk}"


def test_a_forged_entry_after_the_head_is_found(submitted):
    """Someone who knows the algorithm appends a well-formed entry but cannot move
    the head without it being seen in the next export."""
    event = ReportEvent.objects.get(report=submitted)
    seq, prev = chain.head()
    seq += 1
    forged = ReportEvent(
        report=submitted,
        version_id=event.version_id,
        actor_id=event.actor_id,
        action="accept",
        from_status="submitted",
        to_status="accepted",
        at=event.at,
    )
    run_sql(*_copy_event_sql(event, seq, prev, chain.entry_hash(forged, seq, prev)))
    assert ReportEvent.objects.filter(chain_seq=seq).exists()
    problem = first_problem()
    assert problem.kind == "inserted" and problem.seq == seq


def test_a_rewritten_chain_fails_against_an_exported_head(submitted):
    """Recomputing every hash after an edit (and the head) hides it from the chain
    itself; the head exported before does not match any more."""
    exported = chain.head()
    victim = HistoricalUnit.objects.order_by("chain_seq")[0]
    run_sql(
        f"UPDATE {HistoricalUnit._meta.db_table} SET name = %s WHERE history_id = %s",
        ["改过的标题", victim.pk],
    )
    _rehash_everything()
    assert chain.verify().ok  # the chain is self-consistent again …
    anchor = f"{exported[0]}:{exported[1]}"
    result = chain.verify(anchors=[chain.parse_anchor(anchor)])
    assert [p.kind for p in result.problems] == ["anchor"]  # … but not the exported head
    with pytest.raises(CommandError):
        verify_command("--anchor", anchor)


def _rehash_everything():
    entries = sorted(
        (e for m in chain.chained_models() for e in m._base_manager.all()),
        key=lambda e: e.chain_seq,
    )
    prev = GENESIS
    for entry in entries:
        digest = chain.entry_hash(entry, entry.chain_seq, prev)
        type(entry)._base_manager.filter(pk=entry.pk).update(chain_prev=prev, chain_hash=digest)
        prev = digest
    ChainHead.objects.filter(pk=1).update(hash=prev)


def test_the_head_command_prints_seq_and_hash(submitted):
    out = io.StringIO()
    call_command("audit", "head", stdout=out)
    seq, digest = chain.head()
    assert out.getvalue().strip() == f"{seq}:{digest}"
    assert seq == chain.verify().entries


def test_a_bad_anchor_is_a_clear_error(db):
    with pytest.raises(CommandError, match="SEQ:HASH"):
        verify_command("--anchor", "yesterday")


def test_entries_cannot_be_updated_through_the_application(submitted):
    event = ReportEvent.objects.get(report=submitted)
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        ReportEvent.objects.filter(pk=event.pk).update(comment="x")


def test_the_demo_plan_history_survives_a_hash_of_every_type(plan):
    """Dates, JSON lists, text and foreign keys read back from the database hash
    as they did in memory (a plan record has all of them)."""
    record = Plan.history.model.objects.order_by("-chain_seq").first()
    assert chain.entry_hash(record, record.chain_seq, record.chain_prev) == record.chain_hash
