"""The reports chain end to end at the service level, on the task (四) shape."""

import datetime as dt
from decimal import Decimal

import pytest

from duban.core.lights import Light
from duban.plans.models import Notice
from duban.reports.compare import compare_versions
from duban.reports.models import Report, ReportEvent, ReportVersion, Role, Status, TargetValue
from duban.reports.services import (
    accept_report,
    consolidate_and_submit,
    consolidation_view,
    return_report,
    save_draft,
    submit_report,
)
from duban.supervision.lights import task_lights

from .plan_fixtures import FROZEN


def report_of(task, unit_name, period):
    return Report.objects.get(task=task, unit__name=unit_name, period=period)


def fresh(report):
    return Report.objects.get(pk=report.pk)


def test_calendar_gives_the_documents_periods(calendar, plan):
    assert [(p.label, p.start, p.co_due_date, p.due_date, p.is_final) for p in calendar] == [
        ("2020年11月", dt.date(2020, 10, 30), dt.date(2020, 11, 27), dt.date(2020, 11, 30), False),
        (
            "最终报告(截至2020年12月21日)",
            dt.date(2020, 12, 1),
            dt.date(2020, 12, 18),
            dt.date(2020, 12, 21),
            True,
        ),
    ]


def test_reports_are_opened_for_every_assigned_unit(calendar, task):
    period = calendar[0]
    roles = dict(Report.objects.filter(task=task, period=period).values_list("unit__name", "role"))
    assert roles["州发改委"] == Role.PRINCIPAL
    assert roles["州人社局"] == Role.LEAD
    assert roles["州工信局"] == Role.LEAD
    assert roles["格尔木市人民政府"] == Role.CO  # through 各市、县人民政府
    assert roles["大柴旦行委"] == Role.CO
    assert list(roles.values()).count(Role.PRINCIPAL) == 1


def test_the_chain(
    calendar, task, jobs, rate, fgw_officer, rsj_officer, golmud_officer, supervisor
):
    period = calendar[0]
    golmud = report_of(task, "格尔木市人民政府", period)
    rsj = report_of(task, "州人社局", period)
    fgw = report_of(task, "州发改委", period)

    # A co-unit (through the collective group) reports to the lead.
    golmud = save_draft(
        report=golmud,
        user=golmud_officer,
        data={
            "narrative": "格尔木市新增就业稳步推进。",
            "problems": "用工需求不足。",
            "next_steps": "举办专场招聘会。",
        },
        expected_version=0,
    )
    golmud = submit_report(report=golmud, user=golmud_officer, expected_version=golmud.lock_version)
    assert golmud.status == Status.SUBMITTED and golmud.delivered_at is not None

    # A second lead unit reports a value for 城镇新增就业.
    rsj = save_draft(
        report=rsj,
        user=rsj_officer,
        data={
            "narrative": "全州城镇新增就业进展顺利。",
            "values": {jobs.pk: {"value": "7,200", "as_of": "2020-11-15"}},
        },
        expected_version=0,
    )
    rsj = submit_report(report=rsj, user=rsj_officer)
    assert rsj.current_version.values.get().value == Decimal("7200")

    # The principal lead sees both inputs beside its own draft.
    fgw = save_draft(
        report=fgw,
        user=fgw_officer,
        data={"narrative": "稳增长各项工作有序推进。", "values": {rate.pk: ("3.2", "2020-11-15")}},
        expected_version=0,
    )
    view = consolidation_view(report=fgw, user=fgw_officer)
    assert {r.unit.name for r in view["inputs"]} == {"格尔木市人民政府", "州人社局"}
    assert view["own"].narrative == "稳增长各项工作有序推进。"
    assert "州工信局" in {r.unit.name for r in view["pending"]}

    # ... consolidates and submits to the office.
    fgw = consolidate_and_submit(report=fgw, user=fgw_officer, expected_version=fgw.lock_version)
    assert fgw.status == Status.CONSOLIDATED
    v1 = fgw.current_version
    assert v1.number == 1 and v1.status == Status.CONSOLIDATED
    assert set(v1.inputs.values_list("report__unit__name", flat=True)) == {
        "格尔木市人民政府",
        "州人社局",
    }
    # 州人社局's figure stays 州人社局's: the lead's own version holds only its
    # own figure; the task's figure (lead rule: the lead's own) has none for jobs.
    assert not v1.values.filter(target=jobs).exists()
    assert v1.values.get(target=rate).value == Decimal("3.2")
    assert {(tv.target, tv.value) for tv in v1.task_values.all()} == {(rate, Decimal("3.2"))}
    assert fresh(golmud).status == Status.CONSOLIDATED
    assert fresh(rsj).status == Status.CONSOLIDATED

    # Nothing is accepted yet: the light has no value.
    assert task_lights(task.plan.tasks.all(), FROZEN)[task.pk].targets[jobs.pk] == Light.GREY

    # The office returns it with a comment; it goes back to its author.
    fgw = return_report(report=fgw, user=supervisor, comment="请补充就业数据来源。")
    assert fgw.status == Status.RETURNED
    v1.refresh_from_db()
    assert v1.status == Status.RETURNED and v1.comment == "请补充就业数据来源。"
    assert v1.review_comments.get().body == "请补充就业数据来源。"
    assert Report.objects.visible_to(fgw_officer).filter(pk=fgw.pk, status=Status.RETURNED).exists()
    notice = Notice.objects.get(unit=fgw.unit, kind="report")
    assert "被退回" in notice.message and "请补充就业数据来源。" in notice.message
    assert notice.task == task

    # The principal revises and resubmits: version 2.
    fgw = save_draft(
        report=fgw,
        user=fgw_officer,
        data={
            "narrative": "稳增长各项工作有序推进,数据来源:州人社局统计。",
            "values": {rate.pk: ("3.2", "2020-11-15"), jobs.pk: ("7500", "2020-11-18")},
        },
        expected_version=fgw.lock_version,
    )
    assert fgw.status == Status.DRAFT and fgw.current_version.number == 2
    fgw = consolidate_and_submit(report=fgw, user=fgw_officer)
    v2 = fgw.current_version
    assert v2.number == 2 and v2.status == Status.CONSOLIDATED
    assert v2.values.get(target=jobs).value == Decimal("7500")  # its own value
    assert v2.task_values.get(target=jobs).value == Decimal("7500")

    # The office accepts.
    fgw = accept_report(report=fgw, user=supervisor)
    assert fgw.status == Status.ACCEPTED

    # Both versions kept, unchanged, and comparable.
    v1.refresh_from_db()
    assert v1.narrative == "稳增长各项工作有序推进。" and v1.status == Status.RETURNED
    assert ReportVersion.objects.filter(report=fgw).count() == 2
    diff = compare_versions(v1, v2)
    assert diff["changed"]
    narrative = diff["texts"][0]
    assert ("insert", ",数据来源:州人社局统计") in narrative.pieces
    jobs_change = next(v for v in diff["values"] if v["target"] == jobs)
    assert (jobs_change["old"], jobs_change["new"]) == (None, Decimal("7500"))

    # Every transition audited, with who and from/to.
    events = list(
        ReportEvent.objects.filter(report=fgw).values_list(
            "action", "from_status", "to_status", "actor"
        )
    )
    assert events == [
        ("submit", "draft", "submitted", fgw_officer.pk),
        ("consolidate", "submitted", "consolidated", fgw_officer.pk),
        ("return", "consolidated", "returned", supervisor.pk),
        ("revise", "returned", "draft", fgw_officer.pk),
        ("submit", "draft", "submitted", fgw_officer.pk),
        ("consolidate", "submitted", "consolidated", fgw_officer.pk),
        ("accept", "consolidated", "accepted", supervisor.pk),
    ]
    assert ReportEvent.objects.get(report=fgw, action="return").comment == "请补充就业数据来源。"
    assert ReportEvent.objects.filter(report=golmud, action="include", actor=fgw_officer).exists()

    # The light follows the formula on a frozen date: 2020-11-20, start 10-30,
    # due 12-21: expected 21/52 ≈ 0.404; achieved 7500/13000 ≈ 0.577 → green.
    # 失业率 3.2 ≤ 3.5 → blue. The task: its worst target, green.
    lights = task_lights(task.plan.tasks.all(), FROZEN)[task.pk]
    assert lights.targets == {jobs.pk: Light.GREEN, rate.pk: Light.BLUE}
    assert lights.light == Light.GREEN
    # Past the due date with 7500 < 13000: red.
    assert task_lights(task.plan.tasks.all(), dt.date(2020, 12, 22))[task.pk].light == Light.RED


def test_returned_input_goes_back_to_the_co_unit(calendar, task, fgw_officer, golmud_officer):
    period = calendar[0]
    golmud = report_of(task, "格尔木市人民政府", period)
    golmud = save_draft(
        report=golmud, user=golmud_officer, data={"narrative": "初稿"}, expected_version=0
    )
    golmud = submit_report(report=golmud, user=golmud_officer)
    golmud = return_report(report=golmud, user=fgw_officer, comment="请补充具体人数。")
    assert golmud.status == Status.RETURNED
    golmud = save_draft(
        report=golmud,
        user=golmud_officer,
        data={"narrative": "新增就业320人。"},
        expected_version=golmud.lock_version,
    )
    golmud = submit_report(report=golmud, user=golmud_officer)
    assert list(golmud.versions.values_list("number", "status", "narrative")) == [
        (1, Status.RETURNED, "初稿"),
        (2, Status.SUBMITTED, "新增就业320人。"),
    ]


def test_later_save_is_refused_and_text_kept(calendar, task, jobs, rsj_officer, rsj_head):
    from duban.reports.services import ConflictError

    rsj = report_of(task, "州人社局", calendar[0])
    first = save_draft(
        report=rsj, user=rsj_officer, data={"narrative": "甲的内容"}, expected_version=0
    )
    assert first.lock_version == 1
    # The head opened the form at lock version 0 too, and saves later.
    mine = {"narrative": "乙写了很长一段内容", "values": {jobs.pk: ("100", "2020-11-01")}}
    with pytest.raises(ConflictError) as refused:
        save_draft(report=rsj, user=rsj_head, data=mine, expected_version=0)
    error = refused.value
    assert "他人" in str(error) and "没有丢失" in str(error)
    assert error.data.narrative == "乙写了很长一段内容"  # handed back to the form
    assert error.current.narrative == "甲的内容"
    rsj = fresh(rsj)
    assert rsj.current_version.narrative == "甲的内容"  # the earlier save stands
    assert not TargetValue.objects.filter(version__report=rsj).exists()
    # With the current lock version the save goes through.
    again = save_draft(report=rsj, user=rsj_head, data=mine, expected_version=rsj.lock_version)
    assert again.current_version.narrative == "乙写了很长一段内容"
    # A submit from a stale page is refused the same way.
    with pytest.raises(ConflictError):
        submit_report(report=rsj, user=rsj_officer, expected_version=1)
    assert fresh(rsj).status == Status.DRAFT


def test_draft_saves_keep_their_history(calendar, task, rsj_officer):
    rsj = report_of(task, "州人社局", calendar[0])
    rsj = save_draft(report=rsj, user=rsj_officer, data={"narrative": "一"}, expected_version=0)
    rsj = save_draft(report=rsj, user=rsj_officer, data={"narrative": "二"}, expected_version=1)
    texts = list(
        rsj.current_version.history.order_by("history_date").values_list("narrative", flat=True)
    )
    assert texts[-2:] == ["一", "二"]
    assert rsj.current_version.history.first().history_user == rsj_officer


def test_an_emptied_field_clears_the_value(calendar, task, jobs, rate, rsj_officer):
    rsj = report_of(task, "州人社局", calendar[0])
    rsj = save_draft(
        report=rsj,
        user=rsj_officer,
        data={"values": {jobs.pk: ("100", "2020-11-01"), rate.pk: ("3.1", "2020-11-01")}},
        expected_version=0,
    )
    rsj = save_draft(
        report=rsj,
        user=rsj_officer,
        data={"values": {str(jobs.pk): {"value": "", "as_of": ""}}},
        expected_version=rsj.lock_version,
    )
    assert list(rsj.current_version.values.values_list("target__name", flat=True)) == ["失业率"]


@pytest.mark.parametrize(
    "values, message",
    [
        ({"abc": ("1", None)}, "指标不属于该任务"),
        ({0: ("1", None)}, "指标不属于该任务"),
        ("jobs", "不是有效的数值"),
        ("future", "不能晚于今天"),
        ("bad-date", "截至日期无效"),
    ],
)
def test_bad_values_are_refused_and_nothing_saved(
    calendar, task, jobs, rsj_officer, values, message
):
    from duban.reports.services import InvalidInput

    if values == "jobs":
        values = {jobs.pk: ("1.2.3", None)}
    elif values == "future":
        values = {jobs.pk: ("1", dt.date.today() + dt.timedelta(days=3))}
    elif values == "bad-date":
        values = {jobs.pk: ("1", "2020-13-40")}
    rsj = report_of(task, "州人社局", calendar[0])
    with pytest.raises(InvalidInput, match=message):
        save_draft(
            report=rsj,
            user=rsj_officer,
            data={"narrative": "x", "values": values},
            expected_version=0,
        )
    assert fresh(rsj).current_version is None and fresh(rsj).lock_version == 0


def test_the_office_accepts_only_consolidated_reports(
    calendar, task, golmud_officer, fgw_officer, supervisor
):
    from duban.reports.services import InvalidTransition

    golmud = report_of(task, "格尔木市人民政府", calendar[0])
    golmud = save_draft(
        report=golmud, user=golmud_officer, data={"narrative": "x"}, expected_version=0
    )
    submit_report(report=golmud, user=golmud_officer)
    fgw = report_of(task, "州发改委", calendar[0])
    fgw = save_draft(report=fgw, user=fgw_officer, data={"narrative": "y"}, expected_version=0)
    consolidate_and_submit(report=fgw, user=fgw_officer)
    assert fresh(golmud).status == Status.CONSOLIDATED
    with pytest.raises(InvalidTransition):
        accept_report(report=fresh(golmud), user=supervisor)
    assert fresh(golmud).status == Status.CONSOLIDATED
