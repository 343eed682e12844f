"""OCR jobs: `start_job` (the import page, for a file whose pages need OCR) and
`run_job` (the background worker). The job reads the file with the same reader as
every other upload, page by page, then imports the draft plan in one transaction:
a file that fails on page 40 leaves no plan behind, only the job's reason."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from duban.accounts.models import User
from duban.docparse import LOW_CONFIDENCE, DocumentError, Source, open_bytes, parse_text
from duban.plans import importing
from duban.plans import rules as plan_rules
from duban.plans.uploads import vocabulary_of
from duban.plans.workflow import NotAllowed, PlanError
from duban.units.models import Unit

from .models import OcrJob

log = logging.getLogger(__name__)


def start_job(*, source: Source, pages: int, office: Unit, user: User) -> OcrJob:
    """Keep the upload (accepted, `pages` of it to read by OCR) as a queued job and
    hand it to the background worker."""
    if not plan_rules.can_import(user, office):
        raise NotAllowed(_("您没有为该单位导入计划的权限。"))
    job = OcrJob.objects.create(
        office=office,
        created_by=user,
        source_name=(source.filename or "")[:255],
        source_bytes=source.data,
        pages_total=pages,
    )
    transaction.on_commit(lambda: run_ocr.enqueue(job.pk))
    return job


@task()
def run_ocr(job_id: int) -> None:
    """The background task (django-tasks, database backend: `duban db_worker`)."""
    run_job(job_id=job_id)


def run_job(*, job_id: int) -> OcrJob:
    """Read the job's file (OCR, with progress saved after each page) and import
    its draft plan; on any failure the job is failed with a Chinese reason and
    nothing else is stored. Running a finished job again does nothing."""
    job = OcrJob.objects.get(pk=job_id)
    if job.finished:
        return job
    job.status = OcrJob.Status.RUNNING
    job.save(update_fields=["status"])
    data = bytes(job.source_bytes or b"")

    def progress(done: int, total: int) -> None:
        OcrJob.objects.filter(pk=job.pk).update(pages_done=done, pages_total=total)

    try:
        if job.created_by is None:  # the account was removed while the job waited
            raise NotAllowed(_("您没有为该单位导入计划的权限。"))
        reading = open_bytes(data, job.source_name).read(progress=progress)
        parsed = parse_text(reading.text, vocabulary=vocabulary_of(job.office))
        if not parsed.text.strip():
            raise DocumentError(_("文件中没有读到文字内容。"))
        spans = reading.ocr_spans if parsed.text == reading.text else []
        with transaction.atomic():
            plan = importing.import_plan(
                parsed=parsed,
                office=job.office,
                user=job.created_by,
                source_name=job.source_name,
                source_bytes=data,
                source_type=reading.kind,
            )
            job.refresh_from_db(fields=["pages_done", "pages_total"])
            job.plan = plan
            job.status = OcrJob.Status.DONE
            job.ocr_lines = [[a, b, conf, conf < LOW_CONFIDENCE] for a, b, conf in spans]
            job.pages_done = job.pages_total
            _finish(job)
    except (DocumentError, PlanError) as exc:
        _fail(job, _("无法读取该文件:%(reason)s") % {"reason": exc})
    except Exception:
        log.exception("OCR job %s failed", job.pk)
        _fail(job, _("识别时出现系统错误,请稍后重试或上传文字版本。"))
    return job


def _finish(job: OcrJob) -> None:
    job.source_bytes = None  # the file now lives with the plan
    job.finished_at = timezone.now()
    job.save()


def _fail(job: OcrJob, reason: str) -> None:
    job.refresh_from_db(fields=["pages_done", "pages_total"])
    job.status = OcrJob.Status.FAILED
    job.error = " ".join(str(reason).split())[:500]
    job.plan = None
    _finish(job)
