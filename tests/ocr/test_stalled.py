"""An OCR job whose worker stopped mid-way (killed, the machine restarted) no longer
spins on the job page: once its heartbeat is older than DUBAN_OCR_STALL_SECONDS it
is failed with a Chinese reason and a 重试 button that queues it again. A real
worker killed mid-job: test_worker_killed.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from duban.ocr import services
from duban.ocr.models import OcrJob
from tests.ocr import jobs

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


@pytest.fixture
def job(directory, supervisor, client_for, media):
    """An uploaded scan whose worker took it, saved a heartbeat, and died."""
    upload = SimpleUploadedFile("扫描件.pdf", jobs.two_page_scan())
    client_for(supervisor).post(reverse("desk:import"), {"file": upload})
    job = OcrJob.objects.get()
    job.status = OcrJob.Status.RUNNING
    job.pages_done = 1
    job.heartbeat_at = timezone.now()
    job.save()
    return job


def _age(job, seconds):
    OcrJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=seconds)
    )


def test_a_job_with_a_recent_heartbeat_keeps_its_progress_bar(job, supervisor, client_for):
    _age(job, 60)
    body = client_for(supervisor).get(reverse("ocr:job", args=[job.pk])).content.decode()
    job.refresh_from_db()
    assert job.status == "running"
    assert 'hx-trigger="every 1s"' in body and "已识别 1 / 2 页" in body


def test_a_job_whose_worker_stopped_fails_with_a_retry_button(job, supervisor, client_for):
    _age(job, 301)
    poll = client_for(supervisor).get(reverse("ocr:job", args=[job.pk]), HTTP_HX_REQUEST="true")
    body = poll.content.decode()
    job.refresh_from_db()
    assert job.status == "failed" and job.retryable and job.source_bytes
    assert "识别中断:后台识别进程已停止,超过 5 分钟没有进展" in body
    assert 'id="ocr-retry"' in body and reverse("ocr:retry", args=[job.pk]) in body
    assert "hx-trigger" not in body  # the bar stops polling


def test_retry_queues_the_job_again_and_the_worker_imports_it(job, supervisor, client_for):
    _age(job, 301)
    client = client_for(supervisor)
    client.get(reverse("ocr:job", args=[job.pk]))
    response = client.post(reverse("ocr:retry", args=[job.pk]))
    assert response["Location"] == reverse("ocr:job", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.attempt, job.pages_done, job.error) == ("queued", 2, 0, "")
    jobs.run_worker()
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert sorted(job.plan.tasks.values_list("title", flat=True)) == ["扩大投资", "稳定就业"]


def test_a_job_that_failed_reading_its_file_cannot_be_retried(job, supervisor, client_for):
    OcrJob.objects.filter(pk=job.pk).update(
        status="failed", error="无法读取该文件", retryable=False, source_bytes=None
    )
    client = client_for(supervisor)
    assert 'id="ocr-retry"' not in client.get(reverse("ocr:job", args=[job.pk])).content.decode()
    client.post(reverse("ocr:retry", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "failed" and job.attempt == 1


def test_another_office_cannot_retry_a_job(job, fgw_officer, leader, client_for):
    _age(job, 301)
    services.fail_stalled()
    for user in (fgw_officer, leader):
        assert client_for(user).post(reverse("ocr:retry", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == "failed" and job.attempt == 1
