"""A person's reminders: the in-app inbox of digests and their channel preferences."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .forms import PreferenceForm
from .models import Digest, Preference


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
    return render(request, "reminders/digest.html", {"digest": entry})


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
