"""`duban supervise --dry-run` on the demo data: three days before the final
report deadline, a T−3 line for every unit whose report is due that day and
not sent (units without an account are listed as unreachable), none for a unit
that has sent it. The deadline is read from the demo's calendar (2020-12-21 in
the seed) so that the test follows the demo's dates."""

import datetime as dt
import io

from django.core.management import call_command

from duban.reports.models import Report
from duban.reports.services import consolidate_and_submit, save_draft


def _dry_run(now):
    out = io.StringIO()
    call_command("supervise", "--now", now, "--dry-run", stdout=out, stderr=io.StringIO())
    return [line.split("\t") for line in out.getvalue().splitlines()]


def test_dry_run_on_the_demo(db):
    call_command("demo", stdout=io.StringIO())
    final = Report.objects.filter(period__is_final=True, role="principal").select_related("period")
    due = final.first().period.due_date
    now = (due - dt.timedelta(days=3)).isoformat() + "T09:00"
    expected = {(r.unit.name, str(r.task)) for r in final if r.delivered_at is None}
    assert expected

    rows = _dry_run(now)
    # Line titles read "<task>(<period>进展报告)".
    before = {(r[4], r[5].split("(最终报告")[0]) for r in rows if r[2] == "before"}
    assert expected <= before
    assert all(r[6] == due.isoformat() for r in rows if r[2] == "before")
    # The demo's 州发改委 officer (fgw) is named as the recipient of its own.
    assert any(r[0] == "fgw" and r[2] == "before" for r in rows)

    # 州发改委 sends one of its reports: that line goes, the others stay.
    report = final.filter(unit__name="州发改委").order_by("task__order").first()
    fgw = report.unit.people.get(username="fgw")
    report = save_draft(report=report, user=fgw, data={"narrative": "已完成"}, expected_version=0)
    consolidate_and_submit(report=report, user=fgw, expected_version=report.lock_version)
    after = _dry_run(now)
    mine = [r for r in after if r[2] == "before" and r[4] == "州发改委"]
    assert len(mine) == len([r for r in rows if r[2] == "before" and r[4] == "州发改委"]) - 1
    assert not any(
        r[2] == "before" and r[5].startswith(str(report.task)) and r[4] == "州发改委" for r in after
    )
