"""The OCR job page: a progress bar (pages done / pages) that polls itself with
htmx until the job ends, then goes to the draft's review page or shows why not."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from duban.plans import rules as plan_rules

from .models import OcrJob


@login_required
def job_status(request, pk: int):
    job = get_object_or_404(OcrJob, pk=pk)
    if job.office_id != request.user.unit_id or not plan_rules.can_import(request.user, job.office):
        raise Http404  # another office's upload: not even its existence is shown
    done = job.status == OcrJob.Status.DONE and job.plan_id
    if request.htmx and done:
        response = HttpResponse()
        response["HX-Redirect"] = reverse("plans:review", args=[job.plan_id])
        return response
    template = "ocr/_progress.html" if request.htmx else "ocr/job.html"
    return render(request, template, {"job": job})
