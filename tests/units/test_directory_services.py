"""Directory import/export (YAML, XLSX) and name resolution."""

import io

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from duban.units.models import Unit, UnitGroup, normalize_name
from duban.units.services import (
    DirectoryError,
    Resolution,
    directory_from_xlsx,
    directory_from_yaml,
    directory_to_xlsx,
    directory_to_yaml,
    export_directory,
    import_directory,
    import_directory_file,
    resolve,
)
from tests.personas import DEMO_DIRECTORY

pytestmark = pytest.mark.django_db

DEMO = yaml.safe_load(DEMO_DIRECTORY.read_text(encoding="utf-8"))
COUNTIES = [
    "德令哈市人民政府",
    "格尔木市人民政府",
    "茫崖市人民政府",
    "乌兰县人民政府",
    "都兰县人民政府",
    "天峻县人民政府",
]


def _history_rows():
    return Unit.history.count() + UnitGroup.history.count()


def test_import_demo_directory_creates_every_unit_and_group():
    summary = import_directory(DEMO)
    assert len(summary.created) == len(DEMO["units"]) == Unit.objects.count()
    assert set(summary.groups_created) == set(DEMO["groups"])
    section = Unit.objects.get(name="政府办放管服改革协调科")
    assert section.parent.name == "州政府办公室"
    assert section.kind == Unit.Kind.SECTION
    assert Unit.objects.get(name="州交通运输局").aliases == ["州交通局"]
    assert UnitGroup.objects.get(name="州政府各部门").kind_rule == "department"
    assert sorted(
        m.name for m in UnitGroup.objects.get(name="各市、县人民政府").members.all()
    ) == sorted(COUNTIES)


def test_import_is_idempotent_and_updates_by_name():
    import_directory(DEMO)
    history = _history_rows()
    again = import_directory(DEMO)
    assert again.created == again.updated == again.groups_created == again.groups_updated == []
    assert _history_rows() == history, "a no-op import must not write audit records"

    changed = {
        "units": [
            {
                "name": "州交通运输局",
                "full": "海西州交通运输局",
                "kind": "department",
                "aliases": ["州交通局", "交通局"],
            }
        ],
        "groups": {"各地区": ["德令哈市人民政府", "大柴旦行委"]},
    }
    summary = import_directory(changed)
    assert summary.updated == ["州交通运输局"] and summary.groups_updated == ["各地区"]
    assert Unit.objects.get(name="州交通运输局").aliases == ["州交通局", "交通局"]
    assert UnitGroup.objects.get(name="各地区").members.count() == 2
    # Units absent from the file are left alone.
    assert Unit.objects.count() == len(DEMO["units"])


def test_import_records_the_acting_user(supervisor):
    import_directory(
        {"units": [{"name": "州新设局", "full": "海西州新设局", "kind": "department"}]},
        user=supervisor,
    )
    record = Unit.objects.get(name="州新设局").history.first()
    assert record.history_user == supervisor
    assert record.history_type == "+"


def test_yaml_round_trip():
    import_directory(DEMO)
    exported = export_directory()
    assert sorted(u["name"] for u in exported["units"]) == sorted(u["name"] for u in DEMO["units"])
    order = [u["name"] for u in exported["units"]]
    assert order.index("州政府办公室") < order.index("政府办放管服改革协调科")  # parents first
    assert exported["groups"] == DEMO["groups"]
    by_name = {u["name"]: u for u in exported["units"]}
    for u in DEMO["units"]:
        assert by_name[u["name"]]["full"] == u["full"]
        assert by_name[u["name"]].get("aliases", []) == u.get("aliases", [])
        assert by_name[u["name"]].get("parent") == u.get("parent")
    text = directory_to_yaml(exported)
    assert directory_from_yaml(text.encode()) == exported
    # Re-importing the export changes nothing.
    history = _history_rows()
    assert import_directory(directory_from_yaml(text)).updated == []
    assert _history_rows() == history


def test_xlsx_round_trip():
    import_directory(DEMO)
    Unit.objects.filter(name="州残联").update(is_active=False)
    before = export_directory()
    content = directory_to_xlsx(before)
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["单位", "集合"]
    assert [c.value for c in wb["单位"][1]] == ["简称", "全称", "类别", "上级单位", "别名", "启用"]
    assert wb["单位"]["C2"].value == "办公室"  # Chinese labels in the sheet
    data = directory_from_xlsx(content)
    summary = import_directory(data)
    assert summary.updated == [] and summary.groups_updated == []
    assert export_directory() == before


def test_xlsx_import_into_an_empty_directory_rebuilds_it():
    import_directory(DEMO)
    content = directory_to_xlsx(export_directory())
    expected = export_directory()
    UnitGroup.objects.all().delete()
    Unit.objects.filter(parent__isnull=False).delete()
    Unit.objects.all().delete()
    import_directory_file("名录.xlsx", content)
    assert export_directory() == expected


def _xlsx(unit_rows, group_rows=None, unit_header=None):
    wb = Workbook()
    ws = wb.active
    ws.title = "单位"
    ws.append(unit_header or ["简称", "全称", "类别", "上级单位", "别名", "启用"])
    for row in unit_rows:
        ws.append(row)
    if group_rows is not None:
        gs = wb.create_sheet("集合")
        gs.append(["集合名称", "成员单位", "按类别包含"])
        for row in group_rows:
            gs.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_bad_xlsx_reports_rows_and_imports_nothing():
    content = _xlsx(
        [
            ["州甲局", "海西州甲局", "部门", "", "", "是"],
            ["州乙局", "海西州乙局", "委员会", "", "", "是"],
            ["", "无简称的单位", "部门", "", "", ""],
            ["州丙局", "海西州丙局", "部门", "州不存在局", "", ""],
        ],
        [["甲乙", "州甲局、州丁局", ""]],
    )
    with pytest.raises(DirectoryError) as exc:
        import_directory_file("bad.xlsx", content)
    errors = exc.value.errors
    assert any("“单位”表第 3 行" in e and "类别“委员会”无效" in e for e in errors), errors
    assert any("“单位”表第 4 行" in e and "缺少简称" in e for e in errors), errors
    assert any("“单位”表第 5 行" in e and "州不存在局" in e for e in errors), errors
    assert any("“集合”表第 2 行" in e and "州丁局" in e for e in errors), errors
    assert Unit.objects.count() == 0, "nothing may be half-imported"


def test_bad_files_are_refused_with_chinese_messages():
    with pytest.raises(DirectoryError, match="无法读取该 Excel 文件"):
        import_directory_file("x.xlsx", b"this is not a spreadsheet")
    with pytest.raises(DirectoryError, match="缺少“单位”工作表"):
        wb = Workbook()
        wb.active.title = "Sheet1"
        out = io.BytesIO()
        wb.save(out)
        import_directory_file("x.xlsx", out.getvalue())
    with pytest.raises(DirectoryError, match="包含“简称”列"):
        import_directory_file("x.xlsx", _xlsx([["a"]], unit_header=["名称"]))
    with pytest.raises(DirectoryError, match="YAML 格式错误") as exc:
        import_directory_file("x.yaml", b"units:\n  - {name: [\n")
    assert "第 3 行" in exc.value.errors[0]
    with pytest.raises(DirectoryError, match="不是单位名录"):
        import_directory_file("x.yaml", b"- just\n- a list\n")
    with pytest.raises(DirectoryError, match="只支持"):
        import_directory_file("x.csv", b"a,b")


def test_yaml_errors_name_the_item_and_keep_the_directory_unchanged():
    import_directory(DEMO)
    history = _history_rows()
    bad = {
        "units": [
            {
                "name": "州交通运输局",
                "full": "海西州交通运输局(新)",
                "kind": "department",
                "aliases": ["州交通局"],
            },
            {"name": "州新局", "kind": "department", "aliases": ["州交通局"]},
            {"name": "州新局", "kind": "department"},
        ],
        "groups": {"州政府各部门": "*bureau"},
    }
    with pytest.raises(DirectoryError) as exc:
        import_directory(bad)
    errors = exc.value.errors
    assert any(
        e.startswith("第 2 个单位") and "“州交通局”已被“州交通运输局”使用" in e for e in errors
    ), errors
    assert any(e.startswith("第 3 个单位") and "重复" in e for e in errors), errors
    assert any("集合“州政府各部门”" in e and "bureau" in e for e in errors), errors
    assert Unit.objects.get(name="州交通运输局").full_name == "海西州交通运输局"
    assert _history_rows() == history


def test_resolve_names_aliases_full_names_and_brackets(directory):
    r = resolve("州交通局")
    assert r.status == Resolution.RESOLVED and [u.name for u in r.units] == ["州交通运输局"]
    assert resolve("海西州人力资源和社会保障局").units == [directory["州人社局"]]
    assert resolve("格尔木").units == [directory["格尔木市人民政府"]]
    assert resolve(" 州 发改委 ").units == [directory["州发改委"]]
    assert resolve("州医保局").units == [directory["州医疗保障局"]]
    unit = directory["州发改委"]
    unit.aliases = ["州发改委(州粮食局)"]
    unit.full_clean()
    unit.save()
    # The document wrote full-width brackets, the directory ASCII ones — and the other way round.
    assert resolve("州发改委(州粮食局)").units == [unit]
    assert normalize_name("州发改委(州粮食局)") == normalize_name("州发改委 (州粮食局)")


def test_resolve_groups_and_unknown(directory):
    r = resolve("各市、县人民政府")
    assert r.status == Resolution.GROUP
    assert sorted(u.name for u in r.units) == sorted(COUNTIES)
    departments = [u["name"] for u in DEMO["units"] if u["kind"] == "department"]
    r = resolve("州政府各部门")
    assert r.status == Resolution.GROUP
    assert sorted(u.name for u in r.units) == sorted(departments)
    # The rule follows the directory: a deactivated department drops out.
    Unit.objects.filter(name="州残联").update(is_active=False)
    assert "州残联" not in [u.name for u in resolve("州政府各部门").units]
    assert resolve("州残联").status == Resolution.UNKNOWN
    r = resolve("州宇宙开发局")
    assert r.status == Resolution.UNKNOWN and r.units == []


def test_unit_clean_keeps_aliases_unique(directory):
    unit = Unit(name="州新局", kind="department", aliases=["州交通局"])
    with pytest.raises(ValidationError) as exc:
        unit.full_clean()
    assert "已被“州交通运输局”使用" in str(exc.value)
    unit = Unit(
        name="州新局", kind="department", aliases=["海西州财政局"]
    )  # another unit's full name
    with pytest.raises(ValidationError):
        unit.full_clean()
    unit = Unit(name="州新局", kind="department", aliases=["各地区"])  # a group's name
    with pytest.raises(ValidationError):
        unit.full_clean()
    unit = Unit(name="州新局", kind="department", aliases=["新局", "新局"])
    with pytest.raises(ValidationError, match="重复"):
        unit.full_clean()
    unit = Unit(name="州新局", kind="department", aliases=["新局", "州新设局"])
    unit.full_clean()  # fine
    existing = directory["州交通运输局"]
    existing.full_clean()  # its own alias is not a collision with itself


def test_commands_import_and_export(tmp_path, capsys):
    call_command("import_units", str(DEMO_DIRECTORY))
    assert Unit.objects.count() == len(DEMO["units"])
    out_yaml = tmp_path / "units.yaml"
    out_xlsx = tmp_path / "units.xlsx"
    call_command("export_units", str(out_yaml))
    call_command("export_units", str(out_xlsx))
    assert yaml.safe_load(out_yaml.read_text(encoding="utf-8")) == export_directory()
    assert directory_from_xlsx(out_xlsx.read_bytes())["units"][0]["name"] == "州政府办公室"
    call_command("import_units", str(out_xlsx))
    assert "0 created, 0 updated" in capsys.readouterr().out


def test_parent_cycles_are_refused(directory):
    with pytest.raises(DirectoryError) as exc:
        import_directory(
            {
                "units": [
                    {"name": "州政府办公室", "kind": "office", "parent": "政府办放管服改革协调科"},
                ]
            }
        )
    assert "循环" in exc.value.errors[0]
    office = directory["州政府办公室"]
    office.parent = directory["政府办放管服改革协调科"]
    with pytest.raises(ValidationError, match="下属单位"):
        office.full_clean()


def test_full_name_may_not_be_another_units_name(directory):
    unit = Unit(name="州新局", full_name="州交通局", kind="department")
    with pytest.raises(ValidationError) as exc:
        unit.full_clean()
    assert "full_name" in exc.value.message_dict
    same = Unit(name="州交通运输局", kind="department")
    with pytest.raises(ValidationError) as exc:
        same.full_clean()
    # Only the unique check speaks for a repeated short name.
    assert exc.value.message_dict == {"name": ["具有 简称 的 单位 已存在。"]}
