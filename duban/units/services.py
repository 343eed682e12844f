"""Directory workflows: import and export (dict, YAML, XLSX) and name resolution.

The file shape is the one of duban/demo/haixi-units.yaml:

    units:  [{name, full, kind, parent, aliases, active}, …]
    groups: {collective name: [member names] | "*<kind>"}

Imports are idempotent (units and groups are matched by name and updated)
and atomic: a file with any error changes nothing and every error is
reported with where it is (item number, or sheet and row for XLSX)."""

import io
from dataclasses import dataclass, field

import yaml
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from simple_history.utils import bulk_create_with_history

from .models import Unit, UnitGroup, normalize_name

KIND_CODES = {k.value for k in Unit.Kind}
# Chinese labels are accepted in spreadsheets (people type "部门", not "department").
KIND_BY_LABEL = {str(label): value for value, label in Unit.Kind.choices}
UNIT_SHEET = "单位"
GROUP_SHEET = "集合"
UNIT_COLUMNS = ["简称", "全称", "类别", "上级单位", "别名", "启用"]
GROUP_COLUMNS = ["集合名称", "成员单位", "按类别包含"]
NAME_SEPARATORS = ("、", ",", ",", ";", ";", "\n")


class DirectoryError(Exception):
    """A directory file that cannot be imported; `errors` lists every problem, located."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass
class ImportSummary:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    groups_created: list = field(default_factory=list)
    groups_updated: list = field(default_factory=list)


@dataclass
class Resolution:
    """How the directory reads one name: `resolved` (one unit), `group` (a
    collective name standing for `units`), or `unknown` (no units)."""

    name: str
    status: str
    units: list
    group: UnitGroup | None = None

    RESOLVED = "resolved"
    GROUP = "group"
    UNKNOWN = "unknown"


# ---------------------------------------------------------------- resolution


class Resolver:
    """Resolves many names against one snapshot of the directory (one query for units)."""

    def __init__(self):
        self.units = Unit.objects.active().name_index()
        self.groups = {normalize_name(g.name): g for g in UnitGroup.objects.all()}

    def resolve(self, name):
        key = normalize_name(name)
        unit = self.units.get(key)
        if unit is not None:
            return Resolution(name=name, status=Resolution.RESOLVED, units=[unit])
        group = self.groups.get(key)
        if group is not None:
            return Resolution(
                name=name, status=Resolution.GROUP, units=list(group.units()), group=group
            )
        return Resolution(name=name, status=Resolution.UNKNOWN, units=[])


def resolve(name):
    """Read `name` against the directory: a unit (by short name, full name or
    alias, any bracket width and spacing), a collective group (expanded to its
    active members), or unknown."""
    return Resolver().resolve(name)


# ---------------------------------------------------------------- import


def _split_names(value):
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value)
    for sep in NAME_SEPARATORS[1:]:
        text = text.replace(sep, NAME_SEPARATORS[0])
    return [part.strip() for part in text.split(NAME_SEPARATORS[0]) if part.strip()]


def _where_unit(item, index):
    row = item.get("_row") if isinstance(item, dict) else None
    if row:
        return _("“%(sheet)s”表第 %(row)s 行") % {"sheet": UNIT_SHEET, "row": row}
    return _("第 %(n)s 个单位") % {"n": index + 1}


def _where_group(name, rows):
    row = rows.get(name)
    if row:
        return _("“%(sheet)s”表第 %(row)s 行") % {"sheet": GROUP_SHEET, "row": row}
    return _("集合“%(name)s”") % {"name": name}


def _parse_kind(value):
    text = str(value or "").strip()
    if text in KIND_CODES:
        return text
    return KIND_BY_LABEL.get(text)


def _parse_active(value):
    if value is None or value == "":
        return True
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() not in {"否", "停用", "false", "no", "0", "n"}


def _validate(data):
    """Check the whole file first; returns (units, groups) in clean form or raises DirectoryError."""
    errors = []
    if not isinstance(data, dict):
        raise DirectoryError([_("文件内容不是单位名录(应包含 units 和 groups 两部分)。")])
    raw_units = data.get("units") or []
    raw_groups = data.get("groups") or {}
    group_rows = data.get("_group_rows") or {}
    if not isinstance(raw_units, list):
        raise DirectoryError([_("units 部分应是单位列表。")])
    if not isinstance(raw_groups, dict):
        raise DirectoryError([_("groups 部分应是“集合名称: 成员”的对应表。")])

    units = []
    seen = {}
    for i, item in enumerate(raw_units):
        where = _where_unit(item, i)
        if not isinstance(item, dict):
            errors.append(_("%(where)s:格式不对,应为单位的各项信息。") % {"where": where})
            continue
        name = str(item.get("name") or "").strip()
        if not name:
            errors.append(_("%(where)s:缺少简称。") % {"where": where})
            continue
        if name in seen:
            errors.append(
                _("%(where)s:简称“%(name)s”与%(other)s重复。")
                % {"where": where, "name": name, "other": seen[name]}
            )
            continue
        seen[name] = where
        kind = _parse_kind(item.get("kind") or "department")
        if kind is None:
            errors.append(
                _("%(where)s:类别“%(kind)s”无效,应为部门、市县、办公室或科室。")
                % {"where": where, "kind": item.get("kind")}
            )
            continue
        units.append(
            {
                "where": where,
                "name": name,
                "full_name": str(item.get("full") or "").strip(),
                "kind": kind,
                "parent": str(item.get("parent") or "").strip(),
                "aliases": _split_names(item.get("aliases")),
                "is_active": _parse_active(item.get("active")),
            }
        )

    existing = set(Unit.objects.values_list("name", flat=True))
    known = existing | set(seen)
    # Every name (short, full, alias) must point to one unit after the import.
    owners = {}
    for unit in Unit.objects.exclude(name__in=list(seen)):
        for other in unit.all_names():
            owners.setdefault(normalize_name(other), unit.name)
    for u in units:
        if u["parent"] and u["parent"] not in known:
            errors.append(
                _("%(where)s:上级单位“%(parent)s”不在名录中。")
                % {"where": u["where"], "parent": u["parent"]}
            )
        if u["parent"] == u["name"]:
            errors.append(_("%(where)s:上级单位不能是本单位。") % {"where": u["where"]})
        names = [u["name"], u["full_name"], *u["aliases"]]
        for other in dict.fromkeys(n for n in names if n):
            key = normalize_name(other)
            owner = owners.get(key)
            if owner is not None and owner != u["name"]:
                errors.append(
                    _("%(where)s:名称“%(other)s”已被“%(owner)s”使用。")
                    % {"where": u["where"], "other": other, "owner": owner}
                )
            else:
                owners[key] = u["name"]

    parents = dict(Unit.objects.filter(parent__isnull=False).values_list("name", "parent__name"))
    parents.update({u["name"]: u["parent"] for u in units})
    for u in units:
        name, hops = parents.get(u["name"]), 0
        while name and hops <= len(parents):
            if name == u["name"] and u["parent"] != u["name"]:
                errors.append(_("%(where)s:上级单位关系形成了循环。") % {"where": u["where"]})
                break
            name, hops = parents.get(name), hops + 1

    groups = []
    for gname, spec in raw_groups.items():
        gname = str(gname).strip()
        where = _where_group(gname, group_rows)
        if normalize_name(gname) in owners:
            errors.append(
                _("%(where)s:集合名称“%(name)s”与单位“%(unit)s”的名称重复。")
                % {"where": where, "name": gname, "unit": owners[normalize_name(gname)]}
            )
            continue
        if isinstance(spec, str) and spec.strip().startswith("*"):
            kind = _parse_kind(spec.strip()[1:])
            if kind is None:
                errors.append(
                    _("%(where)s:按类别包含的类别“%(kind)s”无效。")
                    % {"where": where, "kind": spec.strip()[1:]}
                )
                continue
            groups.append({"name": gname, "kind_rule": kind, "members": []})
            continue
        members = _split_names(spec)
        missing = [m for m in members if m not in known]
        if missing:
            errors.append(
                _("%(where)s:成员单位“%(names)s”不在名录中。")
                % {"where": where, "names": "、".join(missing)}
            )
            continue
        if not members:
            errors.append(_("%(where)s:没有成员单位。") % {"where": where})
            continue
        groups.append({"name": gname, "kind_rule": "", "members": members})
    if errors:
        raise DirectoryError(errors)
    return units, groups


def _save(instance, user):
    if user is not None:
        # simple_history reads the acting user from here outside a request.
        instance._history_user = user
    instance.save()


@transaction.atomic
def import_directory(data, *, user=None):
    """Create or update units and groups from `data` (the YAML shape); all or nothing.

    Units and groups missing from `data` are left alone; a group's member list
    is replaced by the file's."""
    units, groups = _validate(data)
    summary = ImportSummary()
    by_name = {u.name: u for u in Unit.objects.all()}
    fields = ("full_name", "kind", "aliases", "is_active")
    # New units go in by rounds, parents first, so that each gets one creation
    # record with its parent already set (bulk: a directory is ~100 units).
    pending = [u for u in units if u["name"] not in by_name]
    while pending:
        ready = [u for u in pending if not u["parent"] or u["parent"] in by_name]
        # _validate refused unknown parents and loops, so every round places some units.
        assert ready, "parent loop passed validation"
        created = bulk_create_with_history(
            [
                Unit(
                    name=u["name"],
                    parent=by_name.get(u["parent"]) if u["parent"] else None,
                    **{k: u[k] for k in fields},
                )
                for u in ready
            ],
            Unit,
            default_user=user,
        )
        for unit in created:
            by_name[unit.name] = unit
            summary.created.append(unit.name)
        pending = [u for u in pending if u["name"] not in by_name]
    for u in units:
        if u["name"] in summary.created:
            continue
        unit = by_name[u["name"]]
        parent = by_name.get(u["parent"]) if u["parent"] else None
        wanted = {k: u[k] for k in fields} | {"parent_id": parent.pk if parent else None}
        if any(getattr(unit, k) != v for k, v in wanted.items()):
            for k, v in wanted.items():
                setattr(unit, k, v)
            _save(unit, user)
            summary.updated.append(unit.name)
    existing_groups = {g.name: g for g in UnitGroup.objects.prefetch_related("members")}
    for g in groups:
        group = existing_groups.get(g["name"])
        member_ids = {by_name[m].pk for m in g["members"]}
        if group is None:
            group = UnitGroup(name=g["name"], kind_rule=g["kind_rule"])
            _save(group, user)
            group.members.set(member_ids)
            summary.groups_created.append(group.name)
        elif group.kind_rule != g["kind_rule"] or {m.pk for m in group.members.all()} != member_ids:
            group.kind_rule = g["kind_rule"]
            _save(group, user)
            group.members.set(member_ids)
            summary.groups_updated.append(group.name)
    return summary


def export_directory():
    """The whole directory in the import shape (units parents-first, then groups)."""
    units = list(Unit.objects.select_related("parent").order_by("pk"))
    placed, ordered = set(), []
    # Parents before children so that the file reads top-down (imports accept any order).
    pending = units
    while pending:
        rest = []
        for unit in pending:
            if unit.parent_id is None or unit.parent_id in placed:
                ordered.append(unit)
                placed.add(unit.pk)
            else:
                rest.append(unit)
        if len(rest) == len(pending):
            ordered.extend(rest)
            break
        pending = rest
    out_units = []
    for unit in ordered:
        item = {"name": unit.name, "full": unit.full_name, "kind": unit.kind}
        if unit.parent_id:
            item["parent"] = unit.parent.name
        if unit.aliases:
            item["aliases"] = list(unit.aliases)
        if not unit.is_active:
            item["active"] = False
        out_units.append(item)
    out_groups = {}
    for group in UnitGroup.objects.prefetch_related("members").order_by("pk"):
        if group.kind_rule:
            out_groups[group.name] = "*" + group.kind_rule
        else:
            out_groups[group.name] = [m.name for m in group.members.order_by("pk")]
    return {"units": out_units, "groups": out_groups}


# ---------------------------------------------------------------- files


def directory_from_yaml(content):
    """Parse YAML bytes/str into the import shape, or raise DirectoryError."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DirectoryError([_("文件不是 UTF-8 编码的 YAML。")]) from exc
    try:
        data = yaml.safe_load(content)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            raise DirectoryError(
                [_("YAML 格式错误(第 %(line)s 行)。") % {"line": mark.line + 1}]
            ) from exc
        raise DirectoryError([_("YAML 格式错误。")]) from exc
    if not isinstance(data, dict) or "units" not in data:
        raise DirectoryError([_("文件内容不是单位名录(应包含 units 和 groups 两部分)。")])
    return data


def directory_to_yaml(data):
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=200)


def _cell(value):
    return "" if value is None else str(value).strip()


def directory_from_xlsx(content):
    """Read an XLSX with sheets “单位” and “集合” into the import shape, or raise DirectoryError."""
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise DirectoryError([_("无法读取该 Excel 文件,请确认是 .xlsx 格式。")]) from exc
    except Exception as exc:  # zipfile.BadZipFile and friends: any unreadable file
        raise DirectoryError([_("无法读取该 Excel 文件,请确认是 .xlsx 格式。")]) from exc
    if UNIT_SHEET not in wb.sheetnames:
        raise DirectoryError([_("缺少“%(sheet)s”工作表。") % {"sheet": UNIT_SHEET}])
    errors = []
    units = []
    rows = wb[UNIT_SHEET].iter_rows(values_only=True)
    header = [_cell(c) for c in next(rows, [])]
    cols = {name: header.index(name) for name in UNIT_COLUMNS if name in header}
    if "简称" not in cols:
        raise DirectoryError(
            [_("“%(sheet)s”表第 1 行应为表头,且包含“简称”列。") % {"sheet": UNIT_SHEET}]
        )

    def get(row, name):
        i = cols.get(name)
        return row[i] if i is not None and i < len(row) else None

    for n, row in enumerate(rows, start=2):
        if not any(_cell(c) for c in row):
            continue
        units.append(
            {
                "_row": n,
                "name": _cell(get(row, "简称")),
                "full": _cell(get(row, "全称")),
                "kind": _cell(get(row, "类别")) or "department",
                "parent": _cell(get(row, "上级单位")),
                "aliases": _split_names(get(row, "别名")),
                "active": get(row, "启用"),
            }
        )
    groups, group_rows = {}, {}
    if GROUP_SHEET in wb.sheetnames:
        rows = wb[GROUP_SHEET].iter_rows(values_only=True)
        header = [_cell(c) for c in next(rows, [])]
        gcols = {name: header.index(name) for name in GROUP_COLUMNS if name in header}
        if "集合名称" not in gcols:
            errors.append(
                _("“%(sheet)s”表第 1 行应为表头,且包含“集合名称”列。") % {"sheet": GROUP_SHEET}
            )
        else:
            for n, row in enumerate(rows, start=2):
                if not any(_cell(c) for c in row):
                    continue

                def gget(name, row=row):
                    i = gcols.get(name)
                    return row[i] if i is not None and i < len(row) else None

                gname = _cell(gget("集合名称"))
                if not gname:
                    errors.append(
                        _("“%(sheet)s”表第 %(row)s 行:缺少集合名称。")
                        % {"sheet": GROUP_SHEET, "row": n}
                    )
                    continue
                if gname in groups:
                    errors.append(
                        _("“%(sheet)s”表第 %(row)s 行:集合“%(name)s”重复。")
                        % {"sheet": GROUP_SHEET, "row": n, "name": gname}
                    )
                    continue
                rule = _cell(gget("按类别包含"))
                if rule:
                    groups[gname] = "*" + (_parse_kind(rule) or rule)
                else:
                    groups[gname] = _split_names(gget("成员单位"))
                group_rows[gname] = n
    wb.close()
    if errors:
        raise DirectoryError(errors)
    return {"units": units, "groups": groups, "_group_rows": group_rows}


def directory_to_xlsx(data):
    wb = Workbook()
    ws = wb.active
    ws.title = UNIT_SHEET
    ws.append(UNIT_COLUMNS)
    labels = dict(Unit.Kind.choices)
    for u in data["units"]:
        ws.append(
            [
                u["name"],
                u.get("full", ""),
                str(labels.get(u.get("kind"), u.get("kind"))),
                u.get("parent", ""),
                "、".join(u.get("aliases", [])),
                "否" if u.get("active") is False else "是",
            ]
        )
    for col, width in zip("ABCDEF", (28, 36, 10, 24, 30, 8), strict=True):
        ws.column_dimensions[col].width = width
    gs = wb.create_sheet(GROUP_SHEET)
    gs.append(GROUP_COLUMNS)
    for name, spec in data["groups"].items():
        if isinstance(spec, str):
            gs.append([name, "", str(labels.get(spec[1:], spec[1:]))])
        else:
            gs.append([name, "、".join(spec), ""])
    gs.column_dimensions["A"].width = 24
    gs.column_dimensions["B"].width = 80
    gs.column_dimensions["C"].width = 12
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def import_directory_file(filename, content, *, user=None):
    """Import a .yaml/.yml or .xlsx file's bytes."""
    lower = filename.lower()
    if lower.endswith((".yaml", ".yml")):
        data = directory_from_yaml(content)
    elif lower.endswith(".xlsx"):
        data = directory_from_xlsx(content)
    else:
        raise DirectoryError([_("只支持 .yaml、.yml 和 .xlsx 文件。")])
    return import_directory(data, user=user)


# ---------------------------------------------------------------- edits


@transaction.atomic
def save_unit(*, unit, user=None):
    """Create or update one unit (already validated by its form / `full_clean`)."""
    _save(unit, user)
    return unit


@transaction.atomic
def save_group(*, group, members, user=None):
    """Create or update a collective group; a kind rule makes the member list empty."""
    _save(group, user)
    group.members.set([] if group.kind_rule else members)
    return group
