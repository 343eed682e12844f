"""OCR jobs: `start_job` (the import page, for a file whose pages need OCR) and
`run_job` (the background worker). The job reads the file with the same reader as
every other upload, page by page, then imports the draft plan in one transaction:
a file that fails on page 40 leaves no plan behind, only the job's reason.
`fail_stalled` gives up a job whose worker stopped mid-way; `retry_job` queues it
again."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from duban.accounts.models import User
from duban.docparse import LOW_CONFIDENCE, DocumentError, Source, open_bytes, parse_text
from duban.plans import importing
from duban.plans import rules as plan_rules
from duban.plans.uploads import vocabulary_of
from duban.plans.workflow import InvalidInput, NotAllowed, PlanError
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


class _Abandoned(Exception):
    """This attempt is no longer the job's (failed as stalled, or retried): stop."""


def run_job(*, job_id: int) -> OcrJob:
    """Read the job's file (OCR, with progress and heartbeat saved after each page)
    and import its draft plan; on any failure the job is failed with a Chinese
    reason and nothing else is stored. Only a queued job is run: running one that
    another worker took, or that has ended, does nothing."""
    now = timezone.now()
    claimed = OcrJob.objects.filter(pk=job_id, status=OcrJob.Status.QUEUED).update(
        status=OcrJob.Status.RUNNING, heartbeat_at=now
    )
    job = OcrJob.objects.get(pk=job_id)
    if not claimed:
        return job
    attempt = job.attempt
    data = bytes(job.source_bytes or b"")

    def progress(done: int, total: int) -> None:
        saved = OcrJob.objects.filter(
            pk=job.pk, status=OcrJob.Status.RUNNING, attempt=attempt
        ).update(pages_done=done, pages_total=total, heartbeat_at=timezone.now())
        if not saved:
            raise _Abandoned

    try:
        if job.created_by is None:  # the account was removed while the job waited
            raise NotAllowed(_("您没有为该单位导入计划的权限。"))
        reading = open_bytes(data, job.source_name).read(progress=progress)
        parsed = parse_text(reading.text, vocabulary=vocabulary_of(job.office))
        if not parsed.text.strip():
            raise DocumentError(_("文件中没有读到文字内容。"))
        spans = reading.ocr_spans if parsed.text == reading.text else []
        with transaction.atomic():
            # Locked, so a job failed as stalled meanwhile cannot also be done.
            current = OcrJob.objects.select_for_update().get(pk=job.pk)
            if current.status != OcrJob.Status.RUNNING or current.attempt != attempt:
                raise _Abandoned
            plan = importing.import_plan(
                parsed=parsed,
                office=job.office,
                user=job.created_by,
                source_name=job.source_name,
                source_bytes=data,
                source_type=reading.kind,
            )
            current.plan = plan
            current.status = OcrJob.Status.DONE
            current.ocr_lines = [[a, b, conf, conf < LOW_CONFIDENCE] for a, b, conf in spans]
            current.pages_done = current.pages_total
            current.source_bytes = None  # the file now lives with the plan
            current.finished_at = timezone.now()
            current.save()
    except _Abandoned:
        log.warning("OCR job %s attempt %s given up: no longer current", job.pk, attempt)
    except DocumentError as exc:
        if isinstance(exc.__cause__, _Abandoned):  # raised in `progress`, inside the reader
            log.warning("OCR job %s attempt %s given up: no longer current", job.pk, attempt)
        else:
            _fail(job, attempt, _("无法读取该文件:%(reason)s") % {"reason": exc}, retryable=False)
    except PlanError as exc:
        _fail(job, attempt, _("无法读取该文件:%(reason)s") % {"reason": exc}, retryable=False)
    except Exception:
        log.exception("OCR job %s failed", job.pk)
        _fail(job, attempt, _("识别时出现系统错误,请稍后重试或上传文字版本。"), retryable=True)
    job.refresh_from_db()
    return job


def _fail(job: OcrJob, attempt: int, reason: str, *, retryable: bool) -> None:
    """Fail this attempt, unless it is no longer the job's. A retryable job keeps
    its file for the retry; any other keeps only its name and the reason."""
    changes = {
        "status": OcrJob.Status.FAILED,
        "error": " ".join(str(reason).split())[:500],
        "plan": None,
        "retryable": retryable,
        "finished_at": timezone.now(),
    }
    if not retryable:
        changes["source_bytes"] = None
    OcrJob.objects.filter(pk=job.pk, status=OcrJob.Status.RUNNING, attempt=attempt).update(
        **changes
    )


def stalled_message() -> str:
    minutes = max(1, round(settings.DUBAN_OCR_STALL_SECONDS / 60))
    return _(
        "识别中断:后台识别进程已停止,超过 %(minutes)s 分钟没有进展。"
        "文件已保留,可以点击“重试”重新识别。"
    ) % {"minutes": minutes}


def fail_stalled(*, now: datetime | None = None, job_ids: Iterable[int] | None = None) -> int:
    """Fail every running job whose worker stopped (killed, the machine restarted):
    no heartbeat for DUBAN_OCR_STALL_SECONDS. Such a job can be retried. Called by
    the job page (a person watching sees it at once) and by `duban worker` (a
    restarted worker clears what its predecessor left). Returns how many."""
    now = now or timezone.now()
    limit = now - timedelta(seconds=settings.DUBAN_OCR_STALL_SECONDS)
    jobs = OcrJob.objects.filter(status=OcrJob.Status.RUNNING).filter(
        Q(heartbeat_at__lt=limit) | Q(heartbeat_at__isnull=True, created_at__lt=limit)
    )
    if job_ids is not None:
        jobs = jobs.filter(pk__in=job_ids)
    stalled = list(jobs.values_list("pk", flat=True))
    if stalled:
        log.warning("OCR jobs %s stalled: their worker stopped", stalled)
    return jobs.update(
        status=OcrJob.Status.FAILED,
        error=stalled_message(),
        retryable=True,
        finished_at=now,
    )


@transaction.atomic
def retry_job(*, job_id: int, user: User) -> OcrJob:
    """Queue a failed, retryable job again as its next attempt (its kept file is
    read from the first page)."""
    job = OcrJob.objects.select_for_update().get(pk=job_id)
    if not plan_rules.can_import(user, job.office):
        raise NotAllowed(_("您没有为该单位导入计划的权限。"))
    if not job.can_retry:
        raise InvalidInput(_("这项识别任务无法重试,请重新上传文件。"))
    job.status = OcrJob.Status.QUEUED
    job.attempt += 1
    job.pages_done = 0
    job.error = ""
    job.retryable = False
    job.heartbeat_at = None
    job.finished_at = None
    job.save()
    transaction.on_commit(lambda: run_ocr.enqueue(job.pk))
    return job
