"""Directory pages: list, detail, edit, import and export."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render

from .models import Unit


@login_required
def unit_list(request):
    units = Unit.objects.select_related("parent")
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if q:
        units = units.filter(
            Q(name__icontains=q) | Q(full_name__icontains=q) | Q(aliases__icontains=q)
        )
    if kind in Unit.Kind.values:
        units = units.filter(kind=kind)
    return render(
        request,
        "units/unit_list.html",
        {"units": units, "q": q, "kind": kind, "kinds": Unit.Kind.choices},
    )
