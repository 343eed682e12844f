"""Fixtures: the task (四) plan of tests/reports/plan_fixtures, with a reported
and accepted period, and helpers to read generated files."""

import pytest

from duban.reports.models import Report
from duban.reports.services import accept_report, consolidate_and_submit, save_draft, submit_report
from tests.reports.plan_fixtures import *  # noqa: F403


def report_of(task, unit_name, period):
    return Report.objects.get(task=task, unit__name=unit_name, period=period)


@pytest.fixture
def reported(calendar, task, jobs, rate, fgw_officer, golmud_officer, supervisor):
    """November: 格尔木 sends its share; 州发改委 consolidates 城镇新增就业 7200 人 and
    失业率 3.2 % and the office accepts it."""
    period = calendar[0]
    golmud = save_draft(
        report=report_of(task, "格尔木市人民政府", period),
        user=golmud_officer,
        data={"narrative": "格尔木市新增就业稳步推进。", "problems": "用工需求不足。"},
        expected_version=0,
    )
    submit_report(report=golmud, user=golmud_officer)
    fgw = save_draft(
        report=report_of(task, "州发改委", period),
        user=fgw_officer,
        data={
            "narrative": "稳增长各项工作有序推进。",
            "problems": "部分企业用工不足。",
            "next_steps": "开展援企稳岗。",
            "values": {jobs.pk: ("7200", "2020-11-15"), rate.pk: ("3.2", "2020-11-15")},
        },
        expected_version=0,
    )
    fgw = consolidate_and_submit(report=fgw, user=fgw_officer)
    accept_report(report=fgw, user=supervisor)
    return period
