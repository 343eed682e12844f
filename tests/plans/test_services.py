"""Plan services on the seed document's contract dict and the Haixi directory."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from duban.docparse import ParsedPlan
from duban.plans import rules as plan_rules
from duban.plans import services
from duban.plans.models import Assignment, Notice, Plan, Target, Task, UnitMention
from duban.reports import publishing
from duban.reports.calendar import calendar_from_document
from duban.units.models import Unit

pytestmark = pytest.mark.django_db


def do_import(seed, office, user, **kw):
    """The seed as a draft with the reporting calendar its 报送要求 asks for
    (publishing needs one)."""
    plan = services.import_plan(
        parsed=ParsedPlan.from_dict(seed["parsed"], text=seed["text"]),
        office=office,
        user=user,
        source_name="haixi-2020-91.txt",
        source_type="txt",
        **kw,
    )
    if plan_rules.can_edit_plan(user, plan):
        calendar_from_document(plan=plan, user=user)
    return plan


def mention(plan, name):
    return UnitMention.objects.get(task__plan=plan, name=name)


def test_import_builds_draft_with_spans(seed, directory, office, supervisor):
    plan = do_import(seed, office, supervisor)
    assert plan.status == Plan.Status.DRAFT
    assert plan.doc_number == "西政办〔2020〕91号"
    assert plan.report_deadline == dt.date(2020, 12, 21)
    assert plan.published == dt.date(2020, 10, 30)
    assert plan.addressees == ["各市、县人民政府", "大柴旦行委", "州政府各部门"]
    assert plan.created_by == supervisor
    tasks = list(plan.tasks.all())
    assert [t.key for t in tasks] == [f"二.({n})" for n in "一二三四五六七八九"]
    four = tasks[3]
    assert four.source_excerpt.startswith("(四)全力推动稳增长")
    assert four.targets.count() == 18
    unemployment = four.targets.get(name="失业率")
    assert unemployment.op == "<=" and unemployment.value == Decimal("3.5")
    assert plan.text[unemployment.span_start : unemployment.span_end] == unemployment.text
    assert list(four.mentions.filter(role="lead").values_list("name", flat=True)) == [
        "州发改委",
        "州工信局",
        "州人社局",
        "州商务局",
        "州文体旅游广电局",
    ]
    # Audit trail: the import is attributed to the supervisor.
    assert plan.history.first().history_user == supervisor
    assert four.history.first().history_user == supervisor


def test_import_resolves_alias_group_and_flags_unknown(seed, directory, office, supervisor):
    Unit.objects.filter(name="州残联").delete()
    plan = do_import(seed, office, supervisor)
    alias = mention(plan, "州交通局")
    assert alias.status == "resolved"
    assert [u.name for u in alias.units.all()] == ["州交通运输局"]
    group = UnitMention.objects.filter(task__plan=plan, name="各市、县人民政府").first()
    assert group.status == "group"
    assert group.units.count() == 6
    assert mention(plan, "州残联").status == "unknown"
    assert mention(plan, "州残联").units.count() == 0
    assert services.unknown_mentions(plan).count() == 1


def test_publish_refused_while_unknown_then_create_unit_and_publish(
    seed, directory, office, supervisor
):
    Unit.objects.filter(name="州残联").delete()
    plan = do_import(seed, office, supervisor)
    with pytest.raises(services.CannotPublish, match="州残联"):
        publishing.publish_plan(plan=plan, user=supervisor)
    plan.refresh_from_db()
    assert (
        plan.status == "draft" and Assignment.objects.count() == 0 and Notice.objects.count() == 0
    )

    flagged = mention(plan, "州残联")
    unit = services.create_unit_from_mention(
        mention=flagged, user=supervisor, full_name="海西州残疾人联合会", version=flagged.version
    )
    assert Unit.objects.get(name="州残联") == unit
    assert unit.history.first().history_user == supervisor
    flagged.refresh_from_db()
    assert flagged.status == "resolved" and list(flagged.units.all()) == [unit]
    assert flagged.history.first().history_user == supervisor

    publishing.publish_plan(plan=plan, user=supervisor)
    plan.refresh_from_db()
    assert plan.status == "published" and plan.published_at is not None


def test_publish_assignments_and_notices(
    seed, directory, office, supervisor, fgw_officer, golmud_officer
):
    plan = do_import(seed, office, supervisor)
    publishing.publish_plan(plan=plan, user=supervisor)
    fgw = Unit.objects.get(name="州发改委")
    fgw_tasks = {a.task.key: a.role for a in Assignment.objects.filter(unit=fgw)}
    assert fgw_tasks == {
        "二.(二)": "co",
        "二.(四)": "lead",
        "二.(五)": "lead",
        "二.(六)": "co",
        "二.(七)": "lead",
        "二.(八)": "lead",
    }
    # Principal: the first lead unit in document order.
    four = plan.tasks.get(key="二.(四)")
    assert four.assignments.get(is_principal=True).unit == fgw
    assert four.assignments.filter(is_principal=True).count() == 1
    # No lead units: the first co unit answers for the task.
    six = plan.tasks.get(key="二.(六)")
    assert six.assignments.get(is_principal=True).unit == fgw
    assert not six.assignments.filter(role="lead").exists()
    # Collective name → every member county.
    golmud = Unit.objects.get(name="格尔木市人民政府")
    assert Assignment.objects.filter(unit=golmud).count() == 9
    # Lead beats co: 州工信局 is lead in (四) and never also a co row there.
    gxj = Unit.objects.get(name="州工信局")
    assert four.assignments.get(unit=gxj).role == "lead"
    notice = Notice.objects.get(unit=fgw)
    assert notice.message == "您单位有 6 项新任务:《关于在全州开展“收好官,开好局”专项行动实施方案》"
    assert notice.read_at is None
    assert (
        Notice.objects.filter(plan=plan).count()
        == Assignment.objects.values("unit").distinct().count()
    )
    assert list(
        services.visible_tasks(fgw_officer).order_by("order").values_list("key", flat=True)
    ) == [
        "二.(二)",
        "二.(四)",
        "二.(五)",
        "二.(六)",
        "二.(七)",
        "二.(八)",
    ]
    assert services.visible_tasks(golmud_officer).count() == 9
    with pytest.raises(services.CannotPublish):
        publishing.publish_plan(plan=plan, user=supervisor)
    assert Assignment.objects.filter(unit=fgw).count() == 6


def test_notices_are_written_in_the_site_language(seed, directory, office, supervisor):
    plan = do_import(seed, office, supervisor)
    with translation.override("en"):
        publishing.publish_plan(plan=plan, user=supervisor)
    assert Notice.objects.get(unit__name="州发改委").message.startswith("您单位有 6 项新任务")


def test_units_do_not_see_drafts(seed, directory, office, supervisor, fgw_officer, leader):
    plan = do_import(seed, office, supervisor)
    assert services.visible_plans(fgw_officer).count() == 0
    assert services.visible_tasks(fgw_officer).count() == 0
    # Leaders read published plans only: no drafts, no junk imports.
    assert services.visible_plans(leader).count() == 0
    assert services.visible_tasks(leader).count() == 0
    publishing.publish_plan(plan=plan, user=supervisor)
    assert list(services.visible_plans(leader)) == [plan]
    assert services.visible_tasks(leader).count() == 9


def test_only_office_supervisor_may_import_edit_publish(
    seed, directory, office, supervisor, leader, fgw_officer
):
    with pytest.raises(services.NotAllowed):
        do_import(seed, office, leader)
    with pytest.raises(services.NotAllowed):
        do_import(seed, office, fgw_officer)
    assert Plan.objects.count() == 0
    plan = do_import(seed, office, supervisor)
    task = plan.tasks.first()
    with pytest.raises(services.NotAllowed):
        services.update_task(task=task, user=leader, title="改", version=task.version)
    with pytest.raises(services.NotAllowed):
        publishing.publish_plan(plan=plan, user=leader)
    task.refresh_from_db()
    assert task.title == "常态化抓好疫情防控"


def test_map_mention_to_existing_units(seed, directory, office, supervisor):
    Unit.objects.filter(name="州残联").delete()
    plan = do_import(seed, office, supervisor)
    flagged = mention(plan, "州残联")
    mzj = Unit.objects.get(name="州民政局")
    with pytest.raises(services.InvalidInput):
        services.map_mention(mention=flagged, units=[], user=supervisor)
    services.map_mention(mention=flagged, units=[mzj], user=supervisor, version=flagged.version)
    flagged.refresh_from_db()
    assert flagged.status == "resolved" and list(flagged.units.all()) == [mzj]
    assert publishing.publish_blockers(plan) == []


def test_stale_edit_is_refused(seed, directory, office, supervisor):
    plan = do_import(seed, office, supervisor)
    task = plan.tasks.first()
    rendered = task.version
    services.update_task(task=task, user=supervisor, title="第一个人的修改", version=rendered)
    with pytest.raises(services.StaleEdit, match="已被其他人修改"):
        services.update_task(task=task, user=supervisor, title="第二个人的修改", version=rendered)
    task.refresh_from_db()
    assert task.title == "第一个人的修改"
    assert task.version == rendered + 1


def test_edit_add_delete_tasks_targets_mentions(seed, directory, office, supervisor):
    plan = do_import(seed, office, supervisor)
    task = plan.tasks.get(key="二.(一)")
    services.update_task(
        task=task, user=supervisor, deadline=dt.date(2020, 12, 31), version=task.version
    )
    task.refresh_from_db()
    assert task.deadline == dt.date(2020, 12, 31)
    assert task.history.first().history_user == supervisor
    assert task.history.first().history_type == "~"

    target = services.add_target(
        task=task, user=supervisor, name="疫苗接种率", op=">=", value=Decimal("90"), unit="%"
    )
    assert target.order == 0 and task.targets.count() == 1
    with pytest.raises(services.InvalidInput):
        services.update_target(
            target=target,
            user=supervisor,
            op="between",
            value_max=Decimal("1"),
            version=target.version,
        )
    services.update_target(target=target, user=supervisor, op="zero", version=target.version)
    target.refresh_from_db()
    assert target.op == "zero" and target.value is None
    services.delete_target(target=target, user=supervisor, version=target.version)
    assert not Target.objects.filter(pk=target.pk).exists()
    assert Target.history.filter(id=target.pk).first().history_type == "-"

    added = services.add_mention(task=task, user=supervisor, role="co", name="州医保局")
    assert added.status == "resolved" and added.units.get().name == "州医疗保障局"
    services.update_mention(mention=added, user=supervisor, role="lead", version=added.version)
    added.refresh_from_db()
    assert added.role == "lead"
    services.delete_mention(mention=added, user=supervisor, version=added.version)
    assert not UnitMention.objects.filter(pk=added.pk).exists()

    new = services.add_task(plan=plan, user=supervisor, title="新增任务", key="二.(十)")
    assert new.order == 9
    with pytest.raises(services.CannotPublish, match="没有责任单位"):
        publishing.publish_plan(plan=plan, user=supervisor)
    services.delete_task(task=new, user=supervisor, version=new.version)
    assert plan.tasks.count() == 9


def test_published_plan_is_frozen(seed, directory, office, supervisor):
    plan = do_import(seed, office, supervisor)
    publishing.publish_plan(plan=plan, user=supervisor)
    task = plan.tasks.first()
    with pytest.raises(services.NotEditable):
        services.update_task(task=task, user=supervisor, title="改", version=task.version)
    with pytest.raises(services.NotEditable):
        services.add_task(plan=plan, user=supervisor, title="新")
    services.close_plan(plan=plan, user=supervisor)
    plan.refresh_from_db()
    assert plan.status == "closed"


def test_source_file_kept_under_media_plans(
    seed, directory, office, supervisor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    plan = do_import(seed, office, supervisor, source_bytes=seed["text"].encode())
    assert plan.source_file.name.startswith("plans/")
    assert (tmp_path / plan.source_file.name).read_bytes() == seed["text"].encode()
    assert "haixi" not in plan.source_file.name  # the user's name is never a path
    assert plan.source_name == "haixi-2020-91.txt"


def test_mark_notice_read(seed, directory, office, supervisor, fgw_officer, golmud_officer):
    plan = do_import(seed, office, supervisor)
    publishing.publish_plan(plan=plan, user=supervisor)
    notice = Notice.objects.get(unit=fgw_officer.unit)
    with pytest.raises(services.NotAllowed):
        services.mark_notice_read(notice=notice, user=golmud_officer)
    services.mark_notice_read(notice=notice, user=fgw_officer)
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert Task.objects.visible_to(fgw_officer).count() == 6
