"""Publishing makes a plan reportable: the calendar proposed from the document's
报送要求 (proposal.py), publish refused without one, `import_plan --publish`."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from duban.plans import services as plan_services
from duban.plans.models import Plan
from duban.plans.uploads import read_pasted
from duban.reports import publishing
from duban.reports.calendar import calendar_from_document, propose_for
from duban.reports.models import Report, ReportingCalendar
from duban.reports.proposal import find_rhythm, propose
from duban.reports.services import InvalidInput

D = dt.date
DATA = Path(__file__).resolve().parent / "data"
MONTHLY = DATA / "wenlv-monthly.txt"
REQUIREMENT = "二、工作要求"


def no_requirement_text():
    text = MONTHLY.read_text(encoding="utf-8")
    return text[: text.index(REQUIREMENT)]


# --- the proposal, without the database -------------------------------------------


def test_a_one_off_deadline_is_one_period_on_that_date():
    found = propose(
        text="请于2020年12月21日前通过“710”政务督办系统报送州政府办公室。",
        deadline=D(2020, 12, 21),
        start=D(2020, 10, 30),
    )
    assert found.cadence == "dates" and found.dates == [D(2020, 12, 21)]
    assert found.one_off == D(2020, 12, 21) and found.rhythm is None
    assert not found.final_guessed


def test_a_monthly_day_gives_that_day_of_every_month_and_the_final_date():
    found = propose(
        text="各牵头单位于每月5日前报送工作进展,于2022年10月31日前报送工作总结。",
        deadline=D(2022, 10, 31),
        start=D(2022, 7, 1),
    )
    assert found.rhythm.kind == "month_day" and found.rhythm.day == 5
    assert found.dates == [D(2022, 7, 5), D(2022, 8, 5), D(2022, 9, 5), D(2022, 10, 5)] + [
        D(2022, 10, 31)
    ]


def test_the_co_units_earlier_day_becomes_their_lead_time():
    found = propose(
        text="各牵头单位于每月25日前报送工作进展。配合单位于每月20日前向牵头单位反馈落实情况。",
        deadline=None,
        start=D(2022, 7, 1),
        fallback_final=D(2022, 9, 30),
    )
    assert found.co_lead_days == 5 and found.final_deadline == D(2022, 9, 30)
    assert found.final_guessed


def test_co_units_told_to_report_days_ahead():
    found = propose(
        text="于2020年12月21日前报送州政府办公室。责任单位提前5天报牵头单位。",
        deadline=D(2020, 12, 21),
        start=D(2020, 11, 1),
    )
    assert found.co_lead_days == 5


def test_a_month_end_rhythm_is_the_monthly_cadence():
    found = propose(text="各承办单位每月底前报送办理进展。", deadline=None, start=D(2023, 3, 1))
    assert found.cadence == "month" and found.final_deadline == D(2023, 12, 31)


def test_quarterly_rhythms():
    assert find_rhythm("每季度首月10日前报送上季度工作进展").kind == "quarter_first"
    assert find_rhythm("每季度末月二十日前报送工作进展").day == 20
    found = propose(
        text="请各责任单位于每季度结束后10日内报送项目进展",
        deadline=D(2022, 12, 20),
        start=D(2022, 3, 1),
    )
    assert found.dates == [D(2022, 4, 10), D(2022, 7, 10), D(2022, 10, 10), D(2022, 12, 20)]


def test_money_per_month_is_no_rhythm():
    assert find_rhythm("对低收入群体按每户每月30元的标准发放取暖补贴") is None
    assert propose(text="按每户每月30元发放补贴。", deadline=None, start=D(2022, 1, 1)) is None


# --- publish needs a calendar ------------------------------------------------------


def import_file(path_or_text, office, supervisor):
    text = (
        path_or_text.read_text(encoding="utf-8") if isinstance(path_or_text, Path) else path_or_text
    )
    return plan_services.import_plan(parsed=read_pasted(text), office=office, user=supervisor)


def test_publish_refuses_a_plan_without_calendar(directory, office, supervisor):
    plan = import_file(MONTHLY, office, supervisor)
    assert "尚未设置报送日历" in " ".join(publishing.publish_blockers(plan))
    with pytest.raises(plan_services.CannotPublish, match="报送日历"):
        publishing.publish_plan(plan=plan, user=supervisor)
    assert Plan.objects.get(pk=plan.pk).status == "draft"


def test_publish_opens_the_reports_of_the_calendar_set_on_the_draft(directory, office, supervisor):
    plan = import_file(MONTHLY, office, supervisor)
    found = propose_for(plan)
    assert found.co_lead_days == 2 and found.final_deadline == D(2026, 12, 20)
    periods = calendar_from_document(plan=plan, user=supervisor)
    assert [p.due_date for p in periods] == [D(2026, 11, 5), D(2026, 12, 5), D(2026, 12, 20)]
    assert not Report.objects.exists()  # a draft has no assignments yet
    publishing.publish_plan(plan=plan, user=supervisor)
    assignments = sum(t.assignments.count() for t in plan.tasks.all())
    assert assignments == 5
    assert Report.objects.filter(task__plan=plan).count() == assignments * 3


def test_calendar_from_a_document_without_requirement_says_what_to_add(
    directory, office, supervisor
):
    plan = import_file(no_requirement_text(), office, supervisor)
    with pytest.raises(InvalidInput, match="报送要求"):
        calendar_from_document(plan=plan, user=supervisor)


# --- the review page ---------------------------------------------------------------


def test_review_page_proposes_the_documents_calendar(directory, office, supervisor, client_for):
    plan = import_file(MONTHLY, office, supervisor)
    page = client_for(supervisor).get(reverse("desk:review", args=[plan.pk])).content.decode()
    block = page.split('id="calendar"')[1].split('id="publish-bar"')[0]
    assert "每月5日前" in block and "采用建议的报送日历" in block
    assert 'value="2026-11-05,2026-12-05,2026-12-20"' in block
    assert 'name="co_lead_days" value="2"' in block
    assert 'name="next" value="review"' in block


def test_review_page_without_requirement_asks_for_a_calendar(
    directory, office, supervisor, client_for
):
    plan = import_file(no_requirement_text(), office, supervisor)
    page = client_for(supervisor).get(reverse("desk:review", args=[plan.pk])).content.decode()
    assert "文件中没有找到报送要求" in page and "保存报送日历" in page


def test_a_refused_calendar_keeps_what_was_typed(directory, office, supervisor, client_for):
    plan = import_file(MONTHLY, office, supervisor)
    response = client_for(supervisor).post(
        reverse("reports:calendar", args=[plan.pk]),
        {"next": "review", "cadence": "month", "start": "2026-11-02", "final_deadline": "x"},
    )
    assert response.status_code == 200
    assert "日期或天数格式不正确" in response.content.decode()
    assert not ReportingCalendar.objects.exists()


def test_published_plan_links_to_its_calendar(directory, office, supervisor, client_for, leader):
    plan = import_file(MONTHLY, office, supervisor)
    calendar_from_document(plan=plan, user=supervisor)
    publishing.publish_plan(plan=plan, user=supervisor)
    url = reverse("reports:calendar", args=[plan.pk])
    assert (
        url in client_for(supervisor).get(reverse("desk:detail", args=[plan.pk])).content.decode()
    )
    assert (
        url not in client_for(leader).get(reverse("desk:detail", args=[plan.pk])).content.decode()
    )


# --- duban import_plan --publish ---------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


def test_import_plan_publish_creates_the_documents_calendar(directory, supervisor, media, capsys):
    call_command(
        "import_plan", str(MONTHLY), "--office", "州政府办公室", "--user", "duchashi", "--publish"
    )
    out = capsys.readouterr().out
    plan = Plan.objects.get()
    assert plan.status == "published" and "已发布" in out
    assert plan.reporting_calendar.final_deadline == D(2026, 12, 20)
    assert "共 3 期" in out and "2026-12-20" in out
    assert Report.objects.filter(task__plan=plan).count() == 15


def test_import_plan_publish_refuses_without_requirement(directory, supervisor, media, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(no_requirement_text(), encoding="utf-8")
    with pytest.raises(CommandError, match="没有找到报送要求.*补充报送要求"):
        call_command(
            "import_plan", str(path), "--office", "州政府办公室", "--user", "duchashi", "--publish"
        )
    assert Plan.objects.get().status == "draft"
    assert not ReportingCalendar.objects.exists()
