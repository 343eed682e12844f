"""Figures per unit, totals by rule: the (四) scenario of issue #8 —
格尔木 1800 + 州人社局 6000 + the lead 州发改委's own 2000 for 补贴性职业技能培训
(1万人次, a prefecture target)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from duban.core.lights import Light
from duban.plans.models import Target
from duban.reports.figures import consolidation_rows
from duban.reports.models import Report, TargetValue, TaskValue
from duban.reports.services import (
    InvalidInput,
    accept_report,
    consolidate_and_submit,
    save_draft,
    submit_report,
)
from duban.supervision.lights import task_lights

from .plan_fixtures import FROZEN

AS_OF = "2020-11-18"


@pytest.fixture
def training(task):
    """补贴性职业技能培训1万人次: the document's scale is 万, the rule proposed
    for a prefecture total is the lead's own figure."""
    return Target.objects.create(
        task=task,
        order=5,
        name="补贴性职业技能培训",
        op=">=",
        value=10000,
        unit="人次",
        raw="1万人次",
        scale="万",
        aggregation=Target.propose_aggregation(text="开展补贴性职业技能培训1万人次", unit="人次"),
    )


def report_of(task, unit, period):
    return Report.objects.get(task=task, unit__name=unit, period=period)


def send_input(task, unit, user, period, target, value):
    report = save_draft(
        report=report_of(task, unit, period),
        user=user,
        data={"narrative": f"{unit}进展", "values": {target.pk: (value, AS_OF)}},
        expected_version=0,
    )
    return submit_report(report=report, user=user)


@pytest.fixture
def inputs(calendar, task, training, golmud_officer, rsj_officer):
    period = calendar[0]
    send_input(task, "格尔木市人民政府", golmud_officer, period, training, "1800")
    send_input(task, "州人社局", rsj_officer, period, training, "6000")
    return period


def lead_draft(task, period, user, training, own="2000"):
    values = {training.pk: (own, AS_OF)} if own else {}
    return save_draft(
        report=report_of(task, "州发改委", period),
        user=user,
        data={"narrative": "汇总", "values": values},
        expected_version=0,
    )


def test_a_prefecture_target_is_the_leads_and_an_area_target_sums():
    assert Target.propose_aggregation(text="开展补贴性职业技能培训1万人次") == "lead"
    assert Target.propose_aggregation(text="各县市新增就业1000人") == "sum"
    assert Target.propose_aggregation(text="各市、县完成投资", unit="元") == "sum"
    assert Target.propose_aggregation(text="各地失业率控制在3.5%以内", unit="%") == "lead"


def test_the_rule_combines_the_units_figures():
    d1, d2 = dt.date(2020, 11, 1), dt.date(2020, 11, 5)
    target = Target(aggregation="sum")
    assert target.combine((Decimal(2000), d1), [(Decimal(1800), d2), (Decimal(6000), d1)]) == (
        Decimal(9800),
        d2,
    )
    assert target.combine(None, []) is None
    target.aggregation = "lead"
    assert target.combine(None, [(Decimal(1800), d2)]) is None
    assert target.combine((Decimal(2000), d1), [(Decimal(1800), d2)]) == (Decimal(2000), d1)
    target.aggregation = "latest"
    assert target.combine((Decimal(2000), d1), [(Decimal(1800), d2)]) == (Decimal(1800), d2)


def test_each_units_figure_stays_its_own(inputs, task, training, fgw_officer, supervisor):
    lead = lead_draft(task, inputs, fgw_officer, training)
    lead = consolidate_and_submit(report=lead, user=fgw_officer)
    own = {
        v.version.report.unit.name: v.value
        for v in TargetValue.objects.filter(target=training).select_related("version__report__unit")
    }
    assert own == {"格尔木市人民政府": 1800, "州人社局": 6000, "州发改委": 2000}
    # The lead rule: the task's figure is the lead's own, 格尔木's 1800 never is.
    sent = lead.current_version.task_values.get(target=training)
    assert sent.value == 2000 and sent.proposed == 2000 and sent.aggregation == "lead"
    assert {p.value for p in sent.parts.all()} == {1800, 6000, 2000}


def test_the_sum_rule_totals_every_units_figure_and_nothing_is_red(
    inputs, task, training, fgw_officer, supervisor
):
    training.aggregation = "sum"  # corrected on review: the units' areas add up
    training.save()
    lead = lead_draft(task, inputs, fgw_officer, training)
    rows = {r.target.pk: r for r in consolidation_rows(lead)}
    row = rows[training.pk]
    assert [v.version.report.unit.name for v in row.others] == ["州人社局", "格尔木市人民政府"]
    assert row.others_total == 7800 and row.own.value == 2000
    assert row.proposed == (Decimal(9800), dt.date(2020, 11, 18))
    lead = consolidate_and_submit(report=lead, user=fgw_officer)
    accept_report(report=lead, user=supervisor)
    light = task_lights(task.plan.tasks.all(), FROZEN)[task.pk]
    # 2020-11-20: expected 21/52 ≈ 0.40 of the way; 9800 of 10000 → green.
    assert light.targets[training.pk] == Light.GREEN
    assert Light.RED not in light.targets.values()


def test_a_co_units_local_figure_never_lights_the_task_red(
    inputs, task, training, fgw_officer, supervisor
):
    # The case: the lead's own field blank, 格尔木 reported its area.
    lead = lead_draft(task, inputs, fgw_officer, training, own="")
    lead = consolidate_and_submit(report=lead, user=fgw_officer)
    assert not lead.current_version.task_values.filter(target=training).exists()
    accept_report(report=lead, user=supervisor)
    light = task_lights(task.plan.tasks.all(), FROZEN)[task.pk]
    assert light.targets[training.pk] == Light.GREY  # not measured, not red


def test_the_lead_confirms_or_corrects_the_number_it_sends(
    inputs, task, training, jobs, fgw_officer, supervisor
):
    lead = lead_draft(task, inputs, fgw_officer, training)
    with pytest.raises(InvalidInput, match="补贴性职业技能培训"):
        consolidate_and_submit(report=lead, user=fgw_officer, totals={training.pk: "约一万"})
    # Typed in the document's scale: 0.98 (万人次) is 9800.
    lead = consolidate_and_submit(
        report=Report.objects.get(pk=lead.pk),
        user=fgw_officer,
        totals={str(training.pk): "0.98", str(jobs.pk): ""},
    )
    sent = TaskValue.objects.get(version=lead.current_version, target=training)
    assert sent.value == 9800 and sent.proposed == 2000
    assert not TaskValue.objects.filter(version=lead.current_version, target=jobs).exists()
    accept_report(report=lead, user=supervisor)
    assert task_lights(task.plan.tasks.all(), FROZEN)[task.pk].targets[training.pk] == Light.GREEN


def test_the_consolidation_page_shows_the_figures_and_the_total(
    inputs, task, training, fgw_officer, client_for
):
    training.aggregation = "sum"
    training.save()
    lead = lead_draft(task, inputs, fgw_officer, training)
    lead = submit_report(report=lead, user=fgw_officer)  # its own part final
    client = client_for(fgw_officer)
    html = client.get(reverse("reports:report", args=[lead.pk])).content.decode()
    assert 'id="consolidation-figures"' in html
    assert "格尔木市人民政府:0.18万人次" in html and "州人社局:0.6万人次" in html
    assert "0.78万人次" in html  # the co-units' total
    assert f'name="total_{training.pk}" value="0.98"' in html  # 9800 proposed, in 万
    response = client.post(
        reverse("reports:act", args=[lead.pk]),
        {"action": "consolidate", "lock_version": lead.lock_version, f"total_{training.pk}": "1万"},
    )
    assert response.status_code == 302
    assert TaskValue.objects.get(target=training).value == 10000


def test_the_office_task_page_shows_each_units_figure_and_the_task_figure(
    inputs, task, training, fgw_officer, supervisor, client_for
):
    training.aggregation = "sum"
    training.save()
    lead = consolidate_and_submit(
        report=lead_draft(task, inputs, fgw_officer, training), user=fgw_officer
    )
    accept_report(report=lead, user=supervisor)
    html = client_for(supervisor).get(reverse("supervision:task", args=[task.pk])).content.decode()
    assert "≥ 不低于 1万人次" in html and "各单位合计" in html
    for shown in ("格尔木市人民政府:0.18万人次", "州人社局:0.6万人次", "州发改委:0.2万人次"):
        assert shown in html
    assert "任务:0.98万人次✓" in html and "0.98万人次" in html


def test_a_typed_amount_says_what_it_understood(inputs, task, training, fgw_officer, client_for):
    lead = lead_draft(task, inputs, fgw_officer, training)
    url = reverse("reports:amount", args=[lead.pk, training.pk])
    client = client_for(fgw_officer)
    assert "= 0.85万人次" in client.get(url, {f"value_{training.pk}": "8500人次"}).content.decode()
    assert "= 1.2万人次" in client.get(url, {f"total_{training.pk}": "一万二千"}).content.decode()
    bad = client.get(url, {f"value_{training.pk}": "很多"}).content.decode()
    assert "不是有效的数值" in bad and "error" in bad
    other = Target.objects.exclude(task=task).first() or training
    if other.task_id != task.pk:
        assert client.get(reverse("reports:amount", args=[lead.pk, other.pk])).status_code == 404


def test_a_page_value_is_typed_in_the_documents_scale(
    calendar, task, training, fgw_officer, client_for
):
    lead = report_of(task, "州发改委", calendar[0])
    client_for(fgw_officer).post(
        reverse("reports:report", args=[lead.pk]),
        {
            "lock_version": 0,
            "narrative": "x",
            f"value_{training.pk}": "0.2",
            f"as_of_{training.pk}": AS_OF,
        },
    )
    assert TargetValue.objects.get(target=training).value == 2000  # 0.2万人次
