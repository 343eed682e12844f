"""A task breakdown spreadsheet imported through the import page: each task, target
and unit mention keeps the cell it came from (工作表!B7), and the review page's task
card says where — a workbook with two sheets, cells merged over two tasks and a
hidden helper row."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duban.plans import services
from duban.plans.models import Plan, source_cell_label
from tests.docparse import makedocs

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


@pytest.fixture
def plan(directory, supervisor, client_for, media):
    upload = SimpleUploadedFile("分解表.xlsx", makedocs.two_sheet_workbook())
    client_for(supervisor).post(reverse("desk:import"), {"file": upload})
    return Plan.objects.get()


def _cells(plan):
    return {t.title: t.source_cell for t in plan.tasks.all()}


def test_each_task_points_at_its_own_cell(plan):
    assert _cells(plan) == {
        # Two measures under one task cell merged over rows 2–3: each its own row.
        "落实减税降费政策": "一、稳增长!C2",
        "开展市场主体发展促进年活动": "一、稳增长!C3",
        # Row 4 is hidden: the next task is row 5, as Excel numbers it.
        "稳定工业运行": "一、稳增长!B5",
        "保居民就业": "二、保民生!B2",
        "补齐医疗卫生短板": "二、保民生!B3",
    }


def test_a_unit_merged_over_two_tasks_points_at_the_merged_cell(plan):
    task = plan.tasks.get(title="开展市场主体发展促进年活动")
    cells = {(m.role, m.name): m.source_cell for m in task.mentions.all()}
    assert cells == {("lead", "州税务局"): "一、稳增长!D2", ("co", "州市场监管局"): "一、稳增长!E3"}
    other = plan.tasks.get(title="稳定工业运行")
    assert {m.name: m.source_cell for m in other.mentions.all()} == {
        "州工信局": "一、稳增长!D5",
        "州发改委": "一、稳增长!E5",
        "州统计局": "一、稳增长!E5",
    }


def test_a_target_points_at_the_cell_that_states_it(plan):
    target = plan.tasks.get(title="保居民就业").targets.get()
    assert target.raw == "1.3万人" and target.source_cell == "二、保民生!C2"


def test_review_page_shows_the_source_cell(plan, supervisor, client_for):
    page = client_for(supervisor).get(reverse("desk:review", args=[plan.pk])).content.decode()
    assert "来源:工作表“一、稳增长”第5行 B列" in page
    assert "来源:工作表“二、保民生”第3行 B列" in page


def test_reparse_keeps_the_cells(plan, supervisor):
    services.reparse_plan(plan=plan, user=supervisor)
    assert _cells(plan)["稳定工业运行"] == "一、稳增长!B5"


def test_a_document_that_is_not_a_spreadsheet_has_no_cells(
    directory, supervisor, client_for, media
):
    upload = SimpleUploadedFile("分解表.docx", makedocs.two_sheet_workbook_as_word())
    client_for(supervisor).post(reverse("desk:import"), {"file": upload})
    plan = Plan.objects.get()
    assert set(_cells(plan).values()) == {""}
    page = client_for(supervisor).get(reverse("desk:review", args=[plan.pk])).content.decode()
    assert "来源:工作表" not in page


def test_cell_label_reads_sheet_row_and_column():
    assert source_cell_label("任务分解!B7") == "来源:工作表“任务分解”第7行 B列"
    assert source_cell_label("A!表!AB12") == "来源:工作表“A!表”第12行 AB列"
    assert source_cell_label("") == ""
