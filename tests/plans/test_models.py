"""Model contracts: transitions table, visibility querysets."""

import pytest

from duban.accounts.models import User
from duban.plans.models import Assignment, Plan, Task
from duban.units.models import Unit

pytestmark = pytest.mark.django_db


def make_plan(office, status=Plan.Status.DRAFT):
    return Plan.objects.create(office=office, title="测试通知", status=status, text="正文")


def test_transitions_only_forward():
    plan = Plan(status=Plan.Status.DRAFT)
    assert plan.can_transition(Plan.Status.PUBLISHED)
    assert not plan.can_transition(Plan.Status.CLOSED)
    plan.status = Plan.Status.PUBLISHED
    assert plan.can_transition(Plan.Status.CLOSED)
    assert not plan.can_transition(Plan.Status.DRAFT)
    plan.status = Plan.Status.CLOSED
    assert not plan.can_transition(Plan.Status.PUBLISHED)


def test_visibility_by_role():
    office = Unit.objects.create(name="州政府办公室", kind="office")
    other_office = Unit.objects.create(name="别的办公室", kind="office")
    fgw = Unit.objects.create(name="州发改委")
    rsj = Unit.objects.create(name="州人社局")
    draft = make_plan(office)
    published = make_plan(office, Plan.Status.PUBLISHED)
    foreign = make_plan(other_office, Plan.Status.PUBLISHED)
    t_draft = Task.objects.create(plan=draft, title="草稿任务")
    t_pub = Task.objects.create(plan=published, title="已发布任务")
    Task.objects.create(plan=published, title="未分给发改委")
    Assignment.objects.create(task=t_draft, unit=fgw, role="lead")
    Assignment.objects.create(task=t_pub, unit=fgw, role="lead")

    sup = User.objects.create(username="s", role="supervisor", unit=office)
    leader = User.objects.create(username="l", role="leader", unit=office)
    officer = User.objects.create(username="o", role="officer", unit=fgw)
    head = User.objects.create(username="h", role="head", unit=fgw)
    rsj_officer = User.objects.create(username="r", role="officer", unit=rsj)
    admin = User.objects.create(username="a", role="admin")

    assert set(Plan.objects.visible_to(sup)) == {draft, published}
    assert set(Plan.objects.visible_to(leader)) == {published}  # never drafts
    assert set(Plan.objects.visible_to(officer)) == {published}
    assert set(Plan.objects.visible_to(head)) == {published}
    assert set(Plan.objects.visible_to(rsj_officer)) == set()
    assert set(Plan.objects.visible_to(admin)) == {draft, published, foreign}
    assert list(Task.objects.visible_to(officer)) == [t_pub]
    assert Task.objects.visible_to(sup).count() == 3
    assert Task.objects.visible_to(leader).count() == 2
    assert Task.objects.visible_to(rsj_officer).count() == 0
