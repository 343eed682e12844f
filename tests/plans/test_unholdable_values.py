"""A value the database cannot hold refuses the import with its place (task,
target, field) and the value itself — through the import page, `duban
import_plan` and a stored contract — and nothing is stored."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from duban.docparse import ContractError, ParsedPlan
from duban.plans import services
from duban.plans.models import Plan, Target

from . import world

THIRTY_DIGITS = "123456789012345678901234567890"
TEXT = (
    "关于开展测试专项行动的通知\n"
    "(一)抓好项目投资。确保固定资产投资增长8%。(牵头单位:州发改委,责任单位:州住建局)\n"
    f"(二)稳定就业。确保城镇新增就业{THIRTY_DIGITS}人。(牵头单位:州人社局)\n"
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


def test_the_page_names_the_task_target_and_value(directory, supervisor, client_for, media):
    response = client_for(supervisor).post(reverse("desk:import"), {"text": TEXT})
    assert response.status_code == 200
    page = response.content.decode()
    assert "任务“(二)”的目标“城镇新增就业”" in page
    assert THIRTY_DIGITS in page and "整数部分最多 18 位" in page
    assert not Plan.objects.exists()


def test_an_uploaded_file_is_refused_alike(directory, supervisor, client_for, media):
    upload = SimpleUploadedFile("plan.txt", TEXT.encode("gb18030"))
    response = client_for(supervisor).post(reverse("desk:import"), {"file": upload})
    assert response.status_code == 200
    assert "任务“(二)”的目标“城镇新增就业”" in response.content.decode()
    assert not Plan.objects.exists()


def test_the_command_names_the_task_target_and_value(directory, supervisor, media, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(TEXT, encoding="utf-8")
    with pytest.raises(CommandError, match=f"任务“\\(二\\)”的目标“城镇新增就业”.*{THIRTY_DIGITS}"):
        call_command("import_plan", str(path), "--office", "州政府办公室", "--user", "duchashi")
    assert not Plan.objects.exists()


def test_a_stored_contract_with_year_99999_names_the_task(directory, supervisor, office):
    contract = world.contract()
    contract["tasks"][1]["deadline"] = "99999-12-31"
    parsed = ParsedPlan.from_dict(contract, text=world.TEXT)
    with pytest.raises(
        services.UnholdableValue, match="任务“\\(二\\)”的完成时限“99999-12-31”"
    ) as e:
        services.import_plan(parsed=parsed, office=office, user=supervisor)
    assert (e.value.where, e.value.value) == ("(二)", "99999-12-31")
    assert not Plan.objects.exists()


def test_a_target_deadline_and_the_reporting_date_are_located_too(directory, supervisor, office):
    contract = world.contract()
    contract["tasks"][0]["indicators"][0]["deadline"] = "2020-02-30"
    parsed = ParsedPlan.from_dict(contract, text=world.TEXT)
    with pytest.raises(services.UnholdableValue, match="目标“固定资产投资增长”的完成时限"):
        services.import_plan(parsed=parsed, office=office, user=supervisor)
    contract = world.contract()
    contract["reporting"]["deadline"] = "99999-01-01"
    parsed = ParsedPlan.from_dict(contract, text=world.TEXT)
    with pytest.raises(services.UnholdableValue, match="报送截止日期“99999-01-01”"):
        services.import_plan(parsed=parsed, office=office, user=supervisor)


def test_values_stay_decimal_from_the_parser_to_the_column(directory, supervisor, office):
    text = "(一)提高比重。确保占比达到0.1%,新增就业1.3万人。(牵头单位:州发改委)\n"
    plan = services.import_pasted(text=text, office=office, user=supervisor)
    values = dict(Target.objects.filter(task__plan=plan).values_list("name", "value"))
    assert Decimal("0.1") in values.values() and Decimal("13000") in values.values()


def test_a_malformed_contract_says_where(directory):
    contract = world.contract()
    contract["tasks"][1]["indicators"][0]["value"] = "lots"
    with pytest.raises(ContractError, match=r"tasks\[1\]\.indicators\[0\]\.value"):
        ParsedPlan.from_dict(contract, text=world.TEXT)


def test_a_stored_contract_still_imports(directory, supervisor, office):
    plan = world.make_draft(supervisor)
    assert plan.report_deadline == dt.date(2020, 12, 21)
    jobs = Target.objects.get(task__plan=plan, name="城镇新增就业")
    assert jobs.value == Decimal("13000") and jobs.raw == "1.3万人"
