"""A scan whose worker stopped mid-way, in a browser that enforces the page's CSP: the
job page stops spinning, says why in Chinese and offers 重试; clicking it brings the
progress bar back at page 0 of the job's next attempt."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from duban.ocr.models import OcrJob
from tests.ocr import jobs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_stalled_scan_is_retried_from_its_job_page(
    browser, csp_page, login, live_server, directory, supervisor, settings, tmp_path
):
    page = csp_page
    settings.MEDIA_ROOT = tmp_path / "media"
    scan = tmp_path / "扫描件.pdf"
    scan.write_bytes(jobs.two_page_scan())
    login(page, supervisor)
    page.goto(live_server.url + reverse("desk:import"))
    page.set_input_files("input[type=file]", str(scan))
    page.click("button:has-text('导入并识别')")
    page.wait_for_url(re.compile(r"/plans/import/ocr/\d+/$"))
    assert page.locator("#ocr-pages").inner_text() == "已识别 0 / 2 页"

    # A worker took it, read a page and died: its heartbeat ages past the limit.
    OcrJob.objects.update(
        status="running", pages_done=1, heartbeat_at=timezone.now() - timedelta(minutes=6)
    )
    # The page polls itself every second and now shows why instead of the bar.
    error = page.locator("#ocr-error")
    error.wait_for(timeout=30_000)
    assert error.inner_text().startswith("识别中断:后台识别进程已停止")
    assert page.locator("#ocr-bar").count() == 0

    page.click("#ocr-retry")
    page.locator("#ocr-bar").wait_for(timeout=30_000)
    assert page.locator("#ocr-pages").inner_text() == "已识别 0 / 2 页"
    job = OcrJob.objects.get()
    assert (job.status, job.attempt, job.error) == ("queued", 2, "")
