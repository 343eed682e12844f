"""Pages of the written report and the ledger. Thin: each view finds the plan
the user may see, lets `services`/`ledger` do the work, and responds.

- `report`: the assembled report as an editable form (title, addressee, every
  paragraph, issuer, date); posting it downloads docx or PDF of what was edited.
- `ledger_export`: the plan's ledger (a unit member gets its own unit's rows).
- `ledger_import`: upload → every cell error, or the changes to confirm → apply.
"""

import secrets
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from duban import access
from duban.plans.models import Assignment, Plan
from duban.units.models import Unit

from . import ledger, services, written

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAX_BLOCKS = 5000
MAX_TEXT = 20000
MAX_UPLOAD = 20 * 1024 * 1024
UPLOAD_DIR = "ledger-imports"


def _download(data, filename, fmt):
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _plan_for(user, pk):
    plans = Plan.objects.visible_to(user).filter(status__in=services.RUNNING)
    return get_object_or_404(plans, pk=pk)


def _unit_for(request, plan):
    """The unit whose report is asked for: a unit member's own unit always;
    the office may pick any unit of the plan (?unit=id) or none (the plan)."""
    user = request.user
    if access.is_unit_staff(user):
        return Unit.objects.get(pk=user.unit_id)
    raw = request.GET.get("unit") or request.POST.get("unit") or ""
    if not raw.isdigit():
        return None
    return get_object_or_404(
        Unit.objects.filter(pk__in=Assignment.objects.filter(task__plan=plan).values("unit_id")),
        pk=raw,
    )


def _edited(post, report):
    """The report as the user edited it; only known block kinds are taken."""
    kinds, texts = post.getlist("kind"), post.getlist("text")
    if len(kinds) != len(texts) or len(kinds) > MAX_BLOCKS:
        raise services.ExportError(_("报告内容不完整,请重新打开页面。"))
    blocks = []
    for kind, text in zip(kinds, texts, strict=True):
        if kind not in written.KINDS:
            raise services.ExportError(_("报告内容不完整,请重新打开页面。"))
        text = text.strip()[:MAX_TEXT]
        if text:
            blocks.append(written.Block(kind, text))
    for name in ("title", "addressee", "issuer", "date"):
        value = post.get(name)
        if value is not None:
            setattr(report, name, value.strip()[:MAX_TEXT])
    if not report.title:
        raise services.ExportError(_("请填写标题。"))
    report.blocks = blocks
    return report


@login_required
def report(request, pk):
    user = request.user
    if not (access.is_office_staff(user) or access.is_unit_staff(user)):
        raise PermissionDenied
    plan = _plan_for(user, pk)
    unit = _unit_for(request, plan)
    services.check_may_export(user=user, plan=plan, unit=unit)
    on = timezone.localdate()
    assembled = services.build_report(plan=plan, unit=unit, on=on)
    error = ""
    if request.method == "POST":
        fmt = request.POST.get("format", "docx")
        try:
            if fmt not in ("docx", "pdf"):
                raise services.ExportError(_("不支持的格式:%(fmt)s") % {"fmt": fmt})
            edited = _edited(request.POST, assembled)
            data = services.render(edited, fmt)
        except services.ExportError as exc:
            error = str(exc)
        else:
            name = f"{(unit.name + '-') if unit else ''}{plan.doc_number or plan.pk}-书面报告.{fmt}"
            return _download(data, name, fmt)
    units = []
    if access.is_office_staff(user):
        units = (
            Unit.objects.filter(assignments__task__plan=plan)
            .distinct()
            .order_by("name")
            .values_list("pk", "name")
        )
    return render(
        request,
        "exports/report.html",
        {
            "plan": plan,
            "unit": unit,
            "units": units,
            "report": assembled,
            "error": error,
            "kind_labels": {
                written.H1: _("一级标题"),
                written.H2: _("二级标题"),
                written.PARA: _("正文"),
            },
        },
        status=400 if error else 200,
    )


@login_required
def ledger_export(request, pk):
    user = request.user
    if not (access.is_office_staff(user) or access.is_unit_staff(user)):
        raise PermissionDenied
    plan = _plan_for(user, pk)
    unit = _unit_for(request, plan)
    data = ledger.export_ledger(plan=plan, on=timezone.localdate(), unit=unit)
    name = f"{(unit.name + '-') if unit else ''}{plan.doc_number or plan.pk}-台账.xlsx"
    return _download(data, name, "xlsx")


def _upload_path(token):
    return settings.MEDIA_ROOT / UPLOAD_DIR / f"{token}.xlsx"


@login_required
def ledger_import(request):
    """Units import a filled-in ledger: check, show, confirm."""
    user = request.user
    if not access.is_unit_staff(user):
        raise PermissionDenied
    context = {"result": None, "token": ""}
    if request.method == "POST" and request.POST.get("confirm"):
        token = request.session.get("ledger_import_token", "")
        if not token or request.POST.get("token") != token:
            messages.error(request, _("导入已过期,请重新上传台账。"))
            return redirect("exports:ledger_import")
        path = _upload_path(token)
        data = path.read_bytes() if path.exists() else b""
        result = ledger.read_ledger(data=data, user=user, on=timezone.localdate())
        try:
            count = ledger.apply_ledger(
                result=result, user=user, submit=request.POST.get("submit") == "1"
            )
        except ledger.LedgerRejected as exc:
            context["result"] = ledger.LedgerImport(result.plan, [], exc.errors)
            return render(request, "exports/ledger_import.html", context, status=400)
        path.unlink(missing_ok=True)
        del request.session["ledger_import_token"]
        messages.success(
            request, _("已导入 %(n)s 份报告(草稿,可在进展报送中查看)。") % {"n": count}
        )
        return redirect("exports:ledger_import")
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("请选择台账文件。"))
            return redirect("exports:ledger_import")
        if upload.size > MAX_UPLOAD:
            messages.error(request, _("文件过大(上限20MB)。"))
            return redirect("exports:ledger_import")
        data = upload.read()
        result = ledger.read_ledger(data=data, user=user, on=timezone.localdate())
        context["result"] = result
        if result.ok and result.changes:
            token = secrets.token_urlsafe(16)
            path = _upload_path(token)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            request.session["ledger_import_token"] = token
            context["token"] = token
        status = 200 if result.ok else 400
        return render(request, "exports/ledger_import.html", context, status=status)
    return render(request, "exports/ledger_import.html", context)
