"""A scanned notice through the browser: the office uploads an image-only PDF, the
import page hands it to a background job whose progress bar counts the pages, the
draft opens when OCR is done with its text marked 待核对, and it is published."""

import re
import threading

import pytest
from django.urls import reverse
from django_tasks_db.management.commands.db_worker import Worker

from duban.ocr.models import OcrJob
from duban.plans.models import Plan
from tests.ocr import jobs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_scan_watch_progress_review_ocr_marks_and_publish(
    browser, page, login, live_server, directory, supervisor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    scan = tmp_path / "扫描件.pdf"
    scan.write_bytes(jobs.two_page_scan())
    login(page, supervisor)
    page.goto(live_server.url + reverse("desk:import"))
    page.set_input_files("input[type=file]", str(scan))
    page.click("button:has-text('导入并识别')")

    # The upload is queued: the job page shows a progress bar at 0 of 2 pages.
    page.wait_for_url(re.compile(r"/plans/import/ocr/\d+/$"))
    bar = page.locator("progress#ocr-bar")
    assert bar.get_attribute("max") == "2" and bar.get_attribute("value") == "0"
    assert page.locator("#ocr-pages").inner_text() == "已识别 0 / 2 页"
    assert Plan.objects.count() == 0

    # A worker picks it up (django-tasks' database worker, here in a thread).
    worker = Worker(
        queue_names=["default"],
        interval=0.2,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=1,
        worker_id="browser-test",
        excluded_queue_names=[],
    )
    thread = threading.Thread(target=worker.run, daemon=True)
    thread.start()
    try:
        # The bar moves on as pages are read (the page polls itself every second).
        page.wait_for_function(
            "document.querySelector('#ocr-bar') && document.querySelector('#ocr-bar').value >= 1",
            timeout=240_000,
        )
        assert page.locator("#ocr-pages").inner_text() in ("已识别 1 / 2 页", "已识别 2 / 2 页")
        # Done: the page goes to the draft's review by itself.
        page.wait_for_url(re.compile(r"/plans/\d+/review/$"), timeout=240_000)
    finally:
        worker.running = False
        thread.join(timeout=30)

    job = OcrJob.objects.get()
    assert job.status == "done" and job.pages_done == 2
    marks = page.locator("#ocr-marks")
    assert "待核对" in marks.inner_text() and "共 2 页" in marks.inner_text()
    titles = page.locator("#task-list .task-card h3").all_inner_texts()
    assert any("稳定就业" in t for t in titles) and any("扩大投资" in t for t in titles)

    # Accept the reporting calendar proposed from the scan's 报送要求, then publish.
    page.on("dialog", lambda dialog: dialog.accept())
    assert page.locator("#calendar input[name=final_deadline]").input_value() == "2020-12-21"
    with page.expect_navigation():
        page.click("#calendar button:has-text('采用建议的报送日历')")
    page.locator("#publish-bar button:has-text('发布')").click()
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    assert page.locator("#plan-status").inner_text() == "已发布"
    assert Plan.objects.get().status == "published"
