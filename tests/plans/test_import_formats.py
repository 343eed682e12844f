"""The import page with the formats of issue 15 that are read in the request: a task
breakdown spreadsheet (.xlsx, .et) and a legacy Word file (.doc, .wps)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duban.docparse import convert
from duban.ocr.models import OcrJob
from duban.plans.models import Plan
from tests.docparse import makedocs
from tests.plans.conftest import DATA, SEED_TEXT

pytestmark = pytest.mark.django_db

GOLD = json.loads((DATA / "haixi-2020-91.gold.json").read_text(encoding="utf-8"))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


def upload(client, name, data):
    return client.post(reverse("desk:import"), {"file": SimpleUploadedFile(name, data)})


def test_task_table_spreadsheet_imports_as_a_draft(directory, supervisor, client_for, media):
    rows = makedocs.seed_task_rows(SEED_TEXT, GOLD)
    data = makedocs.make_xlsx([("任务分解表", [makedocs.TASK_TABLE_HEADER, *rows])])
    response = upload(client_for(supervisor), "任务分解表.xlsx", data)
    plan = Plan.objects.get()
    assert response["Location"] == reverse("desk:review", args=[plan.pk])
    assert plan.source_type == "xlsx" and plan.tasks.count() == 9
    assert OcrJob.objects.count() == 0  # read in the request: no scan


def test_legacy_word_file_imports_as_a_draft(directory, supervisor, client_for, media):
    doc = convert.convert(makedocs.make_docx(SEED_TEXT), "docx", "doc")
    response = upload(client_for(supervisor), "通知.wps", doc)
    plan = Plan.objects.get()
    assert response["Location"] == reverse("desk:review", args=[plan.pk])
    assert plan.source_type == "doc" and plan.tasks.count() == 9
    assert plan.doc_number == "西政办〔2020〕91号"


def test_a_spreadsheet_named_as_a_word_file_is_refused(directory, supervisor, client_for, media):
    data = makedocs.make_xlsx([("表", [["序号", "重点任务"], ["1", "稳就业"]])])
    response = upload(client_for(supervisor), "通知.docx", data)
    assert "文件内容与扩展名不符" in response.content.decode()
    assert Plan.objects.count() == 0
