"""A person's reminders: the in-app inbox of digests and their channel preferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from duban.plans.models import Plan

from . import services
from .forms import LadderForm, PreferenceForm
from .models import Digest, Ladder, Preference


@login_required
def inbox(request):
    digests = Digest.objects.filter(recipient=request.user).prefetch_related("messages")[:100]
    return render(request, "reminders/inbox.html", {"digests": digests})


@login_required
def digest(request, pk):
    entry = get_object_or_404(Digest, pk=pk, recipient=request.user)
    if entry.read_at is None and request.method == "POST":
        Digest.objects.filter(pk=entry.pk, read_at__isnull=True).update(read_at=timezone.now())
        return redirect("reminders:inbox")
    escalations = services.office_escalations(digest=entry) if request.user.is_supervisor else []
    return render(request, "reminders/digest.html", {"digest": entry, "escalations": escalations})


@login_required
def preferences(request):
    preference = Preference.objects.filter(user=request.user).first() or Preference(
        user=request.user
    )
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved._history_user = request.user
        saved.save()
        messages.success(request, _("提醒设置已保存。"))
        return redirect("reminders:preferences")
    return render(
        request,
        "reminders/preferences.html",
        {"form": form, "has_unit": request.user.unit_id is not None},
    )


@login_required
def ladder(request, plan_pk=None):
    """The office's default ladder, or one plan's (which then overrides it)."""
    user = request.user
    if not user.is_supervisor or user.unit_id is None:
        raise PermissionDenied
    plan = None
    if plan_pk is not None:
        plan = get_object_or_404(Plan.objects.filter(office_id=user.unit_id), pk=plan_pk)
        instance = Ladder.objects.filter(plan=plan).first()
        if instance is None:
            default = Ladder.objects.filter(office_id=user.unit_id, plan__isnull=True).first()
            instance = Ladder(office_id=user.unit_id, plan=plan)
            if default is not None:
                for name in LadderForm.Meta.fields:
                    setattr(instance, name, getattr(default, name))
    else:
        instance = Ladder.objects.filter(office_id=user.unit_id, plan__isnull=True).first()
        instance = instance or Ladder(office_id=user.unit_id)
    form = LadderForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved._history_user = user
        saved.save()
        messages.success(request, _("提醒规则已保存。"))
        return redirect(request.path)
    return render(
        request, "reminders/ladder.html", {"form": form, "plan": plan, "ladder": instance}
    )
