"""The supervisor's page for the office's vocabulary (解析词表). Thin: the
service checks the rule again and does the work."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import rules, services
from .forms import ImportForm, TermForm
from .models import Term

AUDIT_LIMIT = 100


def _office(user):
    if not rules.can_manage(user):
        raise PermissionDenied
    return user.unit


def _term(user, pk):
    office = _office(user)
    return get_object_or_404(Term.objects.of_office(office), pk=pk)


@login_required
def term_list(request):
    office = _office(request.user)
    form = TermForm(request.POST or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            term = services.add_term(office=office, user=request.user, **form.cleaned_data)
        except services.LexiconError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("已添加“%(term)s”。") % {"term": term})
            return redirect("lexicon:list")
    history = (
        Term.history.filter(office_id=office.pk)
        .select_related("history_user")
        .order_by("-history_date")[:AUDIT_LIMIT]
    )
    return render(
        request,
        "lexicon/list.html",
        {
            "terms": Term.objects.of_office(office),
            "form": form,
            "errors": errors,
            "import_form": ImportForm(),
            "history": history,
        },
        status=400 if errors or form.errors else 200,
    )


@login_required
def term_edit(request, pk):
    term = _term(request.user, pk)
    initial = {"word": term.word, "role": term.role, "note": term.note}
    form = TermForm(request.POST or None, initial=initial)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            services.update_term(term=term, user=request.user, **form.cleaned_data)
        except services.LexiconError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("已保存。"))
            return redirect("lexicon:list")
    return render(
        request,
        "lexicon/edit.html",
        {"term": term, "form": form, "errors": errors},
        status=400 if errors or form.errors else 200,
    )


@login_required
@require_POST
def term_delete(request, pk):
    term = _term(request.user, pk)
    services.delete_term(term=term, user=request.user)
    messages.success(request, _("已删除“%(word)s”。") % {"word": term.word})
    return redirect("lexicon:list")


@login_required
def export(request):
    office = _office(request.user)
    response = HttpResponse(
        services.export_yaml(office), content_type="application/yaml; charset=utf-8"
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="lexicon-{stamp}.yaml"'
    return response


@login_required
@require_POST
def import_(request):
    office = _office(request.user)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要导入的 YAML 文件。"))
        return redirect("lexicon:list")
    upload = form.cleaned_data["file"]
    if upload.size > services.MAX_YAML_BYTES:
        messages.error(request, _("文件过大。"))
        return redirect("lexicon:list")
    try:
        added, updated = services.import_yaml(
            office=office, user=request.user, content=upload.read()
        )
    except services.LexiconError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("已导入:新增 %(added)s 条,更新 %(updated)s 条。")
            % {"added": added, "updated": updated},
        )
    return redirect("lexicon:list")
