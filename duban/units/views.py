"""Directory pages: list, detail, edit, import and export.

Everybody signed in reads the directory; supervisors and admins change it
(perm units.edit_directory, declared with the roles in accounts/rules.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from duban.core.paging import labels, page_of

from . import services
from .forms import ImportForm, UnitForm, UnitGroupForm
from .models import Unit, UnitGroup


def _require_editor(request):
    if not request.user.has_perm("units.edit_directory"):
        raise PermissionDenied


UNITS_PAGE_SIZE = 50


@login_required
@require_GET
def unit_list(request):
    units = Unit.objects.select_related("parent")
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if q:
        units = units.search(q)
    if kind in Unit.Kind.values:
        units = units.filter(kind=kind)
    page = page_of(request, units, per_page=UNITS_PAGE_SIZE)
    kind_labels = labels(Unit.Kind)
    for unit in page.object_list:
        unit.kind_label = kind_labels.get(unit.kind, unit.kind)
    context = {
        "units": page.object_list,
        "page": page,
        "groups": UnitGroup.objects.prefetch_related("members"),
        "q": q,
        "kind": kind,
        "kinds": Unit.Kind.choices,
        "can_edit": request.user.has_perm("units.edit_directory"),
    }
    template = "units/_unit_rows.html" if request.htmx else "units/unit_list.html"
    return render(request, template, context)


@login_required
@require_GET
def resolve_name(request):
    """How the directory reads a name as a document writes it (htmx fragment)."""
    name = request.GET.get("name", "").strip()[:200]
    resolution = services.resolve(name) if name else None
    return render(request, "units/_resolution.html", {"name": name, "resolution": resolution})


@login_required
@require_GET
def unit_detail(request, pk):
    unit = get_object_or_404(Unit.objects.select_related("parent"), pk=pk)
    people = unit.people.filter(is_active=True).order_by("role", "username")
    return render(
        request,
        "units/unit_detail.html",
        {
            "unit": unit,
            "people": people,
            "children": unit.children.all(),
            "groups": unit.groups.all(),
            "can_edit": request.user.has_perm("units.edit_directory"),
        },
    )


@login_required
def unit_edit(request, pk=None):
    _require_editor(request)
    unit = get_object_or_404(Unit, pk=pk) if pk else Unit()
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        services.save_unit(unit=form.instance, user=request.user)
        messages.success(request, _("单位“%(name)s”已保存。") % {"name": unit.name})
        return redirect("units:detail", pk=unit.pk)
    return render(request, "units/unit_form.html", {"form": form, "unit": unit})


@login_required
@require_GET
def group_detail(request, pk):
    group = get_object_or_404(UnitGroup, pk=pk)
    return render(
        request,
        "units/group_detail.html",
        {
            "group": group,
            "units": group.units(),
            "can_edit": request.user.has_perm("units.edit_directory"),
        },
    )


@login_required
def group_edit(request, pk=None):
    _require_editor(request)
    group = get_object_or_404(UnitGroup, pk=pk) if pk else UnitGroup()
    form = UnitGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        group = form.save(commit=False)
        services.save_group(group=group, members=form.cleaned_data["members"], user=request.user)
        messages.success(request, _("集合“%(name)s”已保存。") % {"name": group.name})
        return redirect("units:group_detail", pk=group.pk)
    return render(request, "units/group_form.html", {"form": form, "group": group})


@login_required
def directory_import(request):
    _require_editor(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            summary = services.import_directory_file(upload.name, upload.read(), user=request.user)
        except services.DirectoryError as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                _(
                    "导入完成:新增单位 %(created)s 个,更新 %(updated)s 个;"
                    "新增集合 %(gcreated)s 个,更新 %(gupdated)s 个。"
                )
                % {
                    "created": len(summary.created),
                    "updated": len(summary.updated),
                    "gcreated": len(summary.groups_created),
                    "gupdated": len(summary.groups_updated),
                },
            )
            return redirect("units:list")
    return render(request, "units/import.html", {"form": form, "errors": errors})


@login_required
@require_GET
def directory_export(request):
    _require_editor(request)
    fmt = request.GET.get("format", "xlsx")
    data = services.export_directory()
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "yaml":
        response = HttpResponse(
            services.directory_to_yaml(data), content_type="application/yaml; charset=utf-8"
        )
        filename = f"units-{stamp}.yaml"
    else:
        response = HttpResponse(
            services.directory_to_xlsx(data),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        filename = f"units-{stamp}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
