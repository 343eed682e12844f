"""待核对 on the review page: the tasks the parser was unsure of, each with its reason,
listed before the task cards; a sure reading lists nothing."""

import pytest
from django.urls import reverse

from duban.docparse import ParsedPlan
from duban.plans import services
from duban.plans.display import DOUBT_REASONS, tasks_to_check
from duban.plans.models import Plan
from duban.plans.uploads import read_pasted
from tests.plans import world

pytestmark = pytest.mark.django_db

CUT = (
    "某州方案\n二、重点任务\n"
    "1.稳定就业。开展职业技能培训。(牵头单位:州人社局)\n"
    "2.健全常住地基本公共服务制度。修订户口登记办法。(责任单位:州公安局"
)
FLAT_TABLE = (
    "某州重点工作推进情况表\n\n序号\n\n重点任务\n\n责任单位\n\n当前进度\n\n"
    "1\n\n新建污水管网20公里\n\n州住建局\n\n已完成80%\n\n"
    "2\n\n新增城镇就业3000人\n\n州人社局\n\n完成2100人\n\n某州人民政府督查室\n2023年10月8日\n"
)


def _import(text, office, user):
    parsed = read_pasted(text, office=office)
    return services.import_plan(parsed=parsed, office=office, user=user)


def test_a_cut_off_item_is_listed_first_with_its_reason(client_for, supervisor, office):
    plan = _import(CUT, office, supervisor)
    last = plan.tasks.order_by("order").last()
    assert last.doubts == ["incomplete"]
    page = client_for(supervisor).get(reverse("desk:review", args=[plan.pk])).content.decode()
    start = page.index('id="to-check"')
    block = page[start : page.index("</div>", start)]
    assert "待核对(1 处)" in block
    assert f'href="#task-{last.pk}"' in block
    assert str(DOUBT_REASONS["incomplete"]) in block
    assert "稳定就业" not in block


def test_a_table_rebuilt_from_text_is_to_be_checked_row_by_row(supervisor, office):
    plan = _import(FLAT_TABLE, office, supervisor)
    entries = tasks_to_check(plan.tasks.order_by("order"))
    assert [(str(e.item), e.reason) for e in entries] == [
        ("1 新建污水管网20公里", str(DOUBT_REASONS["rebuilt_table"])),
        ("2 新增城镇就业3000人", str(DOUBT_REASONS["rebuilt_table"])),
    ]


def test_a_sure_reading_lists_nothing(client_for, supervisor):
    plan = world.make_draft()
    page = client_for(supervisor).get(reverse("desk:review", args=[plan.pk])).content.decode()
    assert 'id="to-check"' not in page


def test_unknown_doubt_codes_from_a_contract_are_not_stored(supervisor, office):
    contract = world.contract()
    contract["tasks"][0]["doubts"] = ["incomplete", "made_up"]
    plan = services.import_plan(
        parsed=ParsedPlan.from_dict(contract, text=world.TEXT), office=office, user=supervisor
    )
    assert plan.tasks.get(key="(一)").doubts == ["incomplete"]
    assert plan.tasks.get(key="(二)").doubts == []


def test_the_published_page_has_no_to_check_list(client_for, supervisor, office):
    plan = _import(CUT, office, supervisor)
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.PUBLISHED)
    page = client_for(supervisor).get(reverse("desk:detail", args=[plan.pk])).content.decode()
    assert 'id="to-check"' not in page
