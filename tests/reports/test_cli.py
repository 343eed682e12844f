"""The command line runs the same services (same table, same permission checks)."""

import io

import pytest
from django.core.management import CommandError, call_command

from duban.reports.models import Report, ReportEvent, Status
from duban.reports.services import save_draft


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_calendar_list_act_and_lights(plan, task, supervisor, fgw_officer, golmud_officer):
    out = run(
        "report", "calendar", str(plan.pk), "--user", supervisor.username, "--cadence", "month"
    )
    assert "2020年11月\t2020-10-30…2020-11-30\t配合单位 2020-11-27" in out
    listing = run("report", "list", str(plan.pk), "--unit", "格尔木市人民政府")
    assert "格尔木市人民政府\t责任单位\t草稿" in listing
    golmud = Report.objects.filter(task=task, unit__name="格尔木市人民政府").order_by(
        "period__due_date"
    )[0]
    save_draft(report=golmud, user=golmud_officer, data={"narrative": "x"}, expected_version=0)
    assert run(
        "report", "act", str(golmud.pk), "submit", "--user", golmud_officer.username
    ).endswith("已提交\n")
    assert ReportEvent.objects.get(report=golmud).actor == golmud_officer
    lights = run("lights", str(plan.pk), "--on", "2020-12-22")
    # Past the deadline with nothing measured and reports overdue: red, not grey.
    assert "二.(四)\t全力推动稳增长\tred" in lights
    assert "二.(五)\t扎实做好宣传\tred" in lights  # no report by the deadline
    assert "逾期\t2020年11月\t二.(四)\t州发改委" in lights
    assert "按期报送率 " in lights


def test_the_cli_is_refused_like_the_pages(plan, calendar, task, fgw_officer, leader):
    golmud = Report.objects.filter(task=task, unit__name="格尔木市人民政府").first()
    with pytest.raises(CommandError, match="没有权限"):
        run("report", "act", str(golmud.pk), "submit", "--user", fgw_officer.username)
    with pytest.raises(CommandError):
        run("report", "calendar", str(plan.pk), "--user", leader.username, "--cadence", "month")
    with pytest.raises(CommandError, match="没有这个账号"):
        run("report", "act", str(golmud.pk), "submit", "--user", "nobody")
    assert Report.objects.get(pk=golmud.pk).status == Status.DRAFT
