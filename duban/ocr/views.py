"""The OCR job page: a progress bar (pages done / pages) that polls itself with
htmx until the job ends, then goes to the draft's review page or shows why not —
with a 重试 button when the job may be run again (its worker stopped)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from duban.plans import rules as plan_rules
from duban.plans.services import PlanError

from . import services
from .models import OcrJob


def _own_job(request, pk: int) -> OcrJob:
    job = get_object_or_404(OcrJob, pk=pk)
    if job.office_id != request.user.unit_id or not plan_rules.can_import(request.user, job.office):
        raise Http404  # another office's upload: not even its existence is shown
    return job


@login_required
def job_status(request, pk: int):
    job = _own_job(request, pk)
    if job.status == OcrJob.Status.RUNNING and services.fail_stalled(job_ids=[job.pk]):
        job.refresh_from_db()  # its worker stopped: the page says so instead of spinning
    done = job.status == OcrJob.Status.DONE and job.plan_id
    if request.htmx and done:
        response = HttpResponse()
        response["HX-Redirect"] = reverse("desk:review", args=[job.plan_id])
        return response
    template = "ocr/_progress.html" if request.htmx else "ocr/job.html"
    return render(request, template, {"job": job})


@login_required
@require_POST
def job_retry(request, pk: int):
    job = _own_job(request, pk)
    try:
        job = services.retry_job(job_id=job.pk, user=request.user)
    except PlanError as exc:
        messages.error(request, str(exc))
    if request.htmx:
        return render(request, "ocr/_progress.html", {"job": job})
    return redirect("ocr:job", pk=job.pk)
