"""generate_scale_data at a tiny scale (run on SQLite and on PostgreSQL with
DATABASE_URL=postgres://…): exact counts, a data set the overview can read
with every kind of light, determinism, and refusal to generate twice."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from duban.accounts.models import User
from duban.plans.models import Assignment, Plan, Target, Task
from duban.reports.models import Report, ReportingPeriod, ReportVersion, TargetValue
from duban.supervision.management.commands.generate_scale_data import OFFICE, SUPERVISOR
from duban.supervision.overview import office_overview
from duban.units.models import Unit

ANCHOR = dt.date(2026, 6, 15)


def _generate(**options):
    err, out = io.StringIO(), io.StringIO()
    call_command("generate_scale_data", anchor=ANCHOR, stderr=err, stdout=out, **options)
    return out.getvalue(), err.getvalue()


def _fingerprint():
    return sorted(
        Report.objects.values_list(
            "task__plan__title",
            "task__order",
            "unit__name",
            "period__label",
            "role",
            "status",
            "delivered_at",
        )
    ) + sorted(
        TargetValue.objects.values_list("target__task__order", "target__order", "value", "as_of")
    )


@pytest.mark.django_db
def test_tiny_scale_counts_exactly():
    units_before = Unit.objects.count()
    out, err = _generate(scale=0.001)
    assert Unit.objects.count() - units_before == 2 + 1  # two units and the office
    assert Plan.objects.count() == 1
    assert Task.objects.count() == 100
    assert Target.objects.count() == 300
    assert Report.objects.count() == 1000
    assert Assignment.objects.count() == 200
    assert ReportingPeriod.objects.count() == 5
    assert 0 < ReportVersion.objects.count() < 1000
    assert TargetValue.objects.exists()
    assert "reports" in err and "100%" in err
    assert "reports 1000" in out


@pytest.mark.django_db
def test_counts_follow_the_options():
    _generate(units=7, plans=3, tasks=20, targets=50, reports=130)
    assert Plan.objects.count() == 3
    assert Task.objects.count() == 20
    assert Target.objects.count() == 50
    assert Report.objects.count() == 130
    assert Unit.objects.filter(name__startswith="规模单位").count() == 7
    # one report per (task, unit, period), every task with a principal
    assert Assignment.objects.filter(is_principal=True).count() == 20


@pytest.mark.django_db
def test_overview_reads_the_generated_data(directory):
    _generate(scale=0.001)
    user = User.objects.get(username=SUPERVISOR)
    plan = Plan.objects.get(office__name=OFFICE)
    data = office_overview(user=user, on=ANCHOR, plan=plan, per_page=200)
    assert data.total == 100 and len(data.rows) == 100
    assert sum(1 for n in data.counts.values() if n) >= 3, data.counts
    assert data.timeliness["due"] > 0 and 0 < data.timeliness["rate"] < 1
    assert data.timeliness["missing"] > 0


@pytest.mark.django_db
def test_same_seed_same_data():
    _generate(scale=0.001)
    first = _fingerprint()
    Plan.objects.all().delete()
    User.objects.filter(username__startswith="bench_").delete()
    Unit.objects.filter(name__startswith="规模").delete()
    _generate(scale=0.001)
    assert _fingerprint() == first


@pytest.mark.django_db
def test_refuses_a_second_data_set():
    _generate(scale=0.001)
    with pytest.raises(CommandError, match="already"):
        _generate(scale=0.001)
