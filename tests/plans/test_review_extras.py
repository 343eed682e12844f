"""Review and inbox details of issue 8: unknown units in one form, a non-plan
import is a warning, the change record without the document text, 填报 on
the task in 待办, the leader's plan list, localised dates."""

import pytest
from django.urls import reverse
from django.utils import translation

from duban.core.audit import audit_entries
from duban.plans import services
from duban.plans.models import UnitMention
from duban.reports.calendar import calendar_from_document
from duban.reports.models import Report
from duban.units.models import Unit
from tests.plans import world

UNKNOWN = ["州某某局", "州甲乙办", "州丙丁中心"]


@pytest.fixture
def draft(directory, supervisor):
    return world.make_draft(extra_co=UNKNOWN)


def post_rows(client, plan, rows):
    data = {"rows": str(len(rows))}
    for i, row in enumerate(rows):
        data.update({f"{key}_{i}": value for key, value in row.items()})
    return client.post(reverse("plans:unknown_units", args=[plan.pk]), data)


def test_every_unknown_name_in_one_form_and_no_dropdown_per_mention(draft, supervisor, client_for):
    page = client_for(supervisor).get(reverse("desk:review", args=[draft.pk])).content.decode()
    block = page.split('id="unknown-units"')[1].split("</form>")[0]
    for name in UNKNOWN:
        assert f'value="{name}"' in block
    # The directory is listed once (a datalist), not once per unknown mention.
    assert page.count('<datalist id="unit-names">') == 1
    assert page.count('<option value="州发改委">') == 1
    assert 'name="unit" id="map-' not in page


def test_map_and_create_in_one_submit(draft, supervisor, client_for):
    response = post_rows(
        client_for(supervisor),
        draft,
        [
            {"name": "州某某局", "action": "map", "unit": "海西州发展和改革委员会"},
            {
                "name": "州甲乙办",
                "action": "create",
                "full_name": "海西州甲乙办公室",
                "kind": "office",
            },
            {"name": "州丙丁中心", "action": ""},
        ],
    )
    assert response["Location"].endswith("#unknown-units")
    assert UnitMention.objects.get(name="州某某局").units.get().name == "州发改委"
    created = Unit.objects.get(name="州甲乙办")
    assert created.full_name == "海西州甲乙办公室" and created.kind == "office"
    assert UnitMention.objects.get(name="州甲乙办").status == "resolved"
    assert [name for name, _n in services.unknown_names(draft)] == ["州丙丁中心"]


def test_one_bad_row_changes_nothing_and_names_the_unit(draft, supervisor, client_for):
    client = client_for(supervisor)
    response = post_rows(
        client,
        draft,
        [
            {"name": "州甲乙办", "action": "create", "kind": "department"},
            {"name": "州某某局", "action": "map", "unit": "不存在的单位"},
        ],
    )
    page = client.get(response["Location"]).content.decode()
    assert "“州某某局”" in page and "请从名录中选择" in page
    assert not Unit.objects.filter(name="州甲乙办").exists()
    assert len(services.unknown_names(draft)) == 3


def test_a_file_with_no_tasks_is_a_warning(directory, supervisor, client_for):
    response = client_for(supervisor).post(
        reverse("desk:import"),
        {"text": "会议通知\n定于下周一召开全体会议,请准时参加。"},
        follow=True,
    )
    page = response.content.decode()
    assert 'class="warning"' in page and "没有识别出任何任务" in page
    assert "识别出 0 项任务" not in page


def test_the_change_record_leaves_out_the_text_and_the_storage_path(
    directory, supervisor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    plan = world.make_draft(source_bytes=world.TEXT.encode())
    shown = [(c.label, c.new) for e in audit_entries(plan) for c in e.changes]
    fields = {name for name, _value in shown}
    assert "文件正文" not in fields and "原文件" not in fields
    assert not any("plans/" in value for _name, value in shown)
    assert ("文号", "测办〔2020〕1号") in shown


def test_the_inbox_has_a_fill_button_on_each_task(directory, supervisor, fgw_officer, client_for):
    plan = world.make_published()
    report = Report.objects.filter(task=world.task_a(plan), unit=fgw_officer.unit).earliest(
        "period__due_date"
    )
    page = client_for(fgw_officer).get(reverse("desk:inbox")).content.decode()
    button = page.split(f'id="fill-{world.task_a(plan).pk}"')[0].rsplit("<a", 1)[1]
    assert reverse("reports:report", args=[report.pk]) in button
    assert "填报" in page


def test_the_leaders_plan_list_shows_published_plans_only(
    directory, supervisor, leader, client_for
):
    draft = world.make_draft()
    services.update_plan(plan=draft, user=supervisor, title="草稿计划", version=draft.version)
    published = world.make_published()
    page = client_for(leader).get(reverse("plans:list")).content.decode()
    assert reverse("desk:detail", args=[published.pk]) in page
    assert reverse("desk:detail", args=[draft.pk]) not in page


@pytest.fixture
def english_then_back(settings):
    """The middleware activates the chosen language in this thread: set it
    back for the tests that follow."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_dates_follow_the_chosen_language(english_then_back, directory, supervisor, client_for):
    plan = world.make_draft()
    calendar_from_document(plan=plan, user=supervisor)
    client = client_for(supervisor)
    assert "2020年12月21日" in client.get(reverse("desk:review", args=[plan.pk])).content.decode()
    client.cookies["django_language"] = "en"
    page = client.get(reverse("desk:review", args=[plan.pk])).content.decode()
    assert "Dec. 21, 2020" in page and "2020年12月21日前" not in page
