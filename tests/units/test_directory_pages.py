"""Directory pages: who sees and changes what, search, import/export, audit."""

import io

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from duban.units.models import Unit, UnitGroup
from duban.units.services import directory_to_xlsx, export_directory
from tests.permissions import assert_forbidden

pytestmark = pytest.mark.django_db


def test_everyone_reads_the_list_but_only_editors_see_edit_buttons(
    client_for, supervisor, fgw_officer, leader
):
    for user in (fgw_officer, leader):
        html = client_for(user).get(reverse("units:list")).content.decode()
        assert "州交通运输局" in html and "新增单位" not in html and "导入名录" not in html
    html = client_for(supervisor).get(reverse("units:list")).content.decode()
    assert "新增单位" in html and "导入名录" in html


def test_search_by_alias_and_kind_filter(client_for, fgw_officer):
    client = client_for(fgw_officer)
    html = client.get(reverse("units:list"), {"q": "州交通局"}).content.decode()
    assert "州交通运输局" in html and "州财政局" not in html
    response = client.get(reverse("units:list"), {"kind": "county"})
    names = [u.name for u in response.context["units"]]
    assert "格尔木市人民政府" in names and all(
        Unit.objects.get(name=n).kind == "county" for n in names
    )
    # htmx asks for the rows only.
    partial = client.get(reverse("units:list"), {"q": "格尔木"}, HTTP_HX_REQUEST="true")
    assert (
        "<html" not in partial.content.decode() and "格尔木市人民政府" in partial.content.decode()
    )


def test_detail_shows_people_and_history(client_for, fgw_officer, fgw_head, directory):
    html = (
        client_for(fgw_officer)
        .get(reverse("units:detail", args=[directory["州发改委"].pk]))
        .content.decode()
    )
    assert "发改委填报员" in html and "发改委负责人" in html
    assert "变更记录" in html and "创建" in html


def test_supervisor_edits_a_unit_and_the_audit_names_them(client_for, supervisor, directory):
    unit = directory["州交通运输局"]
    response = client_for(supervisor).post(
        reverse("units:edit", args=[unit.pk]),
        {
            "name": "州交通运输局",
            "full_name": "海西州交通运输局",
            "kind": "department",
            "aliases": "州交通局、交通局",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.aliases == ["州交通局", "交通局"]
    record = unit.history.first()
    assert record.history_user == supervisor
    html = client_for(supervisor).get(reverse("units:detail", args=[unit.pk])).content.decode()
    assert "督查室王科长" in html and "别名" in html and "交通局" in html


def test_alias_collision_is_refused_in_the_form(client_for, admin_user, directory):
    response = client_for(admin_user).post(
        reverse("units:create"),
        {
            "name": "州新局",
            "full_name": "",
            "kind": "department",
            "aliases": "州交通局",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "已被“州交通运输局”使用" in response.content.decode()
    assert not Unit.objects.filter(name="州新局").exists()


def test_officer_cannot_change_the_directory(client_for, fgw_officer, directory):
    client = client_for(fgw_officer)
    unit = directory["州发改委"]
    assert_forbidden(
        client,
        "POST",
        reverse("units:edit", args=[unit.pk]),
        {"name": "州发改委X", "kind": "department", "is_active": "on"},
    )
    assert_forbidden(
        client, "POST", reverse("units:create"), {"name": "州X局", "kind": "department"}
    )
    upload = SimpleUploadedFile("u.yaml", b"units:\n  - {name: X, kind: department}\n")
    assert_forbidden(client, "POST", reverse("units:import"), {"file": upload})
    assert_forbidden(client, "GET", reverse("units:export"))


def test_group_edit_with_kind_rule_and_members(client_for, supervisor, directory):
    client = client_for(supervisor)
    response = client.post(
        reverse("units:group_create"),
        {"name": "州直各单位", "kind_rule": "department"},
    )
    assert response.status_code == 302
    group = UnitGroup.objects.get(name="州直各单位")
    assert group.units().count() == Unit.objects.filter(kind="department").count()
    response = client.post(
        reverse("units:group_edit", args=[group.pk]),
        {
            "name": "州直各单位",
            "kind_rule": "",
            "members": [directory["州发改委"].pk, directory["州人社局"].pk],
        },
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert sorted(u.name for u in group.units()) == ["州人社局", "州发改委"]
    # Neither a rule nor members: refused.
    response = client.post(reverse("units:group_create"), {"name": "空集合"})
    assert response.status_code == 200 and not UnitGroup.objects.filter(name="空集合").exists()
    html = client.get(reverse("units:group_detail", args=[group.pk])).content.decode()
    assert "成员单位" in html and "州人社局" in html


def test_import_page_shows_row_errors_and_imports_nothing(client_for, admin_user, directory):
    data = export_directory()
    data["units"].append({"name": "州新局", "full": "", "kind": "机关"})
    content = directory_to_xlsx(data)
    count = Unit.objects.count()
    response = client_for(admin_user).post(
        reverse("units:import"), {"file": SimpleUploadedFile("名录.xlsx", content)}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "未导入任何内容" in html
    assert f"“单位”表第 {len(data['units']) + 1} 行" in html
    assert Unit.objects.count() == count


def test_import_page_imports_yaml(client_for, supervisor, directory):
    upload = SimpleUploadedFile(
        "u.yaml", "units:\n  - {name: 州新局, full: 海西州新局, kind: department}\n".encode()
    )
    response = client_for(supervisor).post(reverse("units:import"), {"file": upload}, follow=True)
    assert "新增单位 1 个" in response.content.decode()
    assert Unit.objects.get(name="州新局").history.first().history_user == supervisor


def test_export_downloads_yaml_and_xlsx(client_for, admin_user, directory):
    client = client_for(admin_user)
    response = client.get(reverse("units:export"), {"format": "yaml"})
    assert response["Content-Disposition"].startswith('attachment; filename="units-')
    assert yaml.safe_load(response.content.decode()) == export_directory()
    response = client.get(reverse("units:export"), {"format": "xlsx"})
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["单位", "集合"]


def test_name_resolution_tool(client_for, rsj_officer, directory):
    client = client_for(rsj_officer)
    html = client.get(reverse("units:resolve"), {"name": "州交通局"}).content.decode()
    assert "已识别" in html and "州交通运输局" in html
    html = client.get(reverse("units:resolve"), {"name": "各市、县人民政府"}).content.decode()
    assert "代表 6 个单位" in html and "格尔木市人民政府" in html
    html = client.get(reverse("units:resolve"), {"name": "州宇宙局"}).content.decode()
    assert "未识别" in html and "名录中没有“州宇宙局”" in html
    assert client.get(reverse("units:resolve")).content.decode().strip() == ""
