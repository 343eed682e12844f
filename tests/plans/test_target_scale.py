"""Targets on review: shown and corrected in the document's scale, with the
rule that makes the task's figure from the units' figures."""

from django.urls import reverse

from duban.docparse import ParsedPlan
from duban.plans.services import import_plan
from tests.plans import world


def test_import_reads_the_scale_and_proposes_the_rule(directory, office, supervisor):
    text = "(一)稳增长。完成上下游对接100亿元,各县市新增就业1000人,失业率控制在3.5%以内。(牵头单位:州发改委)"
    parsed = {
        "meta": {"title": "通知"},
        "reporting": {},
        "tasks": [
            {
                "key": "(一)",
                "title": "稳增长",
                "lead_units": ["州发改委"],
                "span": [0, len(text)],
                "indicators": [
                    {
                        "name": "上下游对接",
                        "op": ">=",
                        "value": 1e10,
                        "unit": "元",
                        "raw": "100亿元",
                        "text": "完成上下游对接100亿元",
                        "span": [0, 1],
                    },
                    {
                        "name": "新增就业",
                        "op": ">=",
                        "value": 1000,
                        "unit": "人",
                        "raw": "1000人",
                        "text": "各县市新增就业1000人",
                        "span": [0, 1],
                    },
                    {
                        "name": "失业率",
                        "op": "<=",
                        "value": 3.5,
                        "unit": "%",
                        "raw": "3.5%",
                        "text": "失业率控制在3.5%以内",
                        "span": [0, 1],
                    },
                ],
            }
        ],
    }
    plan = import_plan(
        parsed=ParsedPlan.from_dict(parsed, text=text), office=office, user=supervisor
    )
    rows = {
        t.name: (t.scale, t.aggregation, t.measure.show(t.value))
        for t in plan.tasks.get().targets.all()
    }
    assert rows == {
        "上下游对接": ("亿", "lead", "100亿元"),
        "新增就业": ("", "sum", "1000人"),
        "失业率": ("", "lead", "3.5%"),
    }


def test_the_office_edits_a_target_in_the_documents_scale(directory, supervisor, client_for):
    plan = world.make_draft()
    target = world.task_a(plan).targets.get()
    client = client_for(supervisor)
    url = reverse("plans:target_edit", args=[target.pk])
    response = client.post(
        url,
        {
            "name": "完成投资",
            "op": ">=",
            "value": "100",
            "scale": "亿",
            "unit": "元",
            "aggregation": "sum",
            "version": target.version,
        },
    )
    assert response.status_code in (200, 302)
    target.refresh_from_db()
    assert target.value == 10000000000 and target.aggregation == "sum"
    form = client.get(url).content.decode()
    assert 'value="100"' in form and "各单位合计" in form
    refused = client.post(
        url,
        {
            "name": "完成投资",
            "op": ">=",
            "value": "很多",
            "scale": "亿",
            "unit": "元",
            "version": target.version,
        },
    ).content.decode()
    assert "不是有效的数值" in refused
    target.refresh_from_db()
    assert target.value == 10000000000
