"""The audit trail display: who, when, what changed — field by field, in Chinese."""

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from duban.core.audit import audit_entries
from duban.units.models import Unit, UnitGroup
from duban.units.services import save_group, save_unit
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db


def test_entries_name_the_user_and_show_labelled_values(directory, supervisor):
    unit = directory["州交通运输局"]
    unit.aliases = ["州交通局", "交通局"]
    unit.kind = Unit.Kind.COUNTY
    unit.parent = directory["州政府办公室"]
    unit.is_active = False
    save_unit(unit=unit, user=supervisor)

    newest, creation = audit_entries(unit)
    assert newest.who == "督查室王科长" and newest.action == "修改"
    changes = {c.label: (c.old, c.new) for c in newest.changes}
    assert changes == {
        "别名": ("州交通局", "州交通局、交通局"),
        "类别": ("部门", "市县"),
        "上级单位": ("", "州政府办公室"),
        "启用": ("是", "否"),
    }
    # The import ran without a user: the system did it; a creation lists the initial values.
    assert creation.who == "系统" and creation.action == "创建"
    assert ("简称", "", "州交通运输局") in [(c.label, c.old, c.new) for c in creation.changes]


def test_group_member_changes_are_shown_by_name(directory, admin_user):
    group = UnitGroup.objects.get(name="各地区")
    save_group(
        group=group,
        members=[directory["德令哈市人民政府"], directory["大柴旦行委"]],
        user=admin_user,
    )
    entry = audit_entries(group)[0]
    assert entry.who == "信息中心张工"
    members = next(c for c in entry.changes if c.label == "成员单位")
    assert "格尔木市人民政府" in members.old and "格尔木市人民政府" not in members.new
    assert members.new == "大柴旦行委、德令哈市人民政府"


def test_limit_and_template_include(directory, supervisor):
    unit = directory["州发改委"]
    for i in range(5):
        unit.full_name = f"海西州发展和改革委员会{i}"
        save_unit(unit=unit, user=supervisor)
    assert len(audit_entries(unit, limit=3)) == 3
    html = Template("{% load duban %}{% audit_trail unit 2 %}").render(Context({"unit": unit}))
    assert html.count("<li>") == 2
    assert "海西州发展和改革委员会3" in html and "海西州发展和改革委员会4" in html
    assert "<del>" in html and "<ins>" in html
    empty = Template("{% load duban %}{% audit_trail unit %}").render(
        Context({"unit": _no_history_unit()})
    )
    assert "暂无变更记录" in empty


def _no_history_unit():
    unit = Unit.objects.create(name="州临时局")
    unit.history.all().delete()
    return unit


def test_empty_updates_are_hidden_and_dates_are_local(directory, fgw_officer, client_for):

    before = len(audit_entries(fgw_officer))
    Client().post(
        reverse("accounts:login"), {"username": fgw_officer.username, "password": PASSWORD}
    )
    fgw_officer.refresh_from_db()
    assert fgw_officer.history.count() >= 1
    assert len(audit_entries(fgw_officer)) == before  # last_login alone is not a change to show
    creation = audit_entries(fgw_officer)[-1]
    joined = next(c.new for c in creation.changes if c.label == "加入日期")
    assert len(joined) == len("2026-11-28 20:07") and "+00:00" not in joined
