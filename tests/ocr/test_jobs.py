"""Scans through the import page: the upload becomes a background OCR job with a
progress page; the worker reads it and imports the draft, whose review page marks
the OCR text under 待核对; a scan that cannot be read fails its job and stores
nothing."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from duban.docparse import DocumentError, read_document
from duban.ocr.models import OcrJob
from duban.plans.models import Plan, Task
from tests.ocr import jobs

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


def stored_files(media):
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def upload(client, name, data, **extra):
    return client.post(reverse("desk:import"), {"file": SimpleUploadedFile(name, data)}, **extra)


def test_scan_upload_is_a_background_job_then_a_reviewed_draft(
    directory, supervisor, client_for, media
):
    client = client_for(supervisor)
    response = upload(client, "扫描件.pdf", jobs.scanned_notice())
    job = OcrJob.objects.get()
    # The request only queued it: no OCR in the web worker, no plan yet.
    assert response.status_code == 302
    assert response["Location"] == reverse("ocr:job", args=[job.pk])
    assert job.status == "queued" and job.pages_total == 1 and job.pages_done == 0
    assert Plan.objects.count() == 0

    page = client.get(reverse("ocr:job", args=[job.pk]))
    body = page.content.decode()
    assert '<progress id="ocr-bar" value="0" max="1">' in body
    assert "已识别 0 / 1 页" in body and 'hx-trigger="every 1s"' in body

    jobs.run_worker()
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert job.pages_done == 1 and job.source_bytes is None
    plan = job.plan
    assert plan.source_type == "pdf" and plan.source_name == "扫描件.pdf"
    titles = sorted(plan.tasks.values_list("title", flat=True))
    assert titles == ["扩大投资", "稳定就业"]
    assert len(stored_files(media)) == 1  # the scan is kept with its plan
    assert job.ocr_lines and all(0 <= a < b <= len(plan.text) for a, b, _, _ in job.ocr_lines)

    # Polling now sends the page to the draft's review.
    poll = client.get(reverse("ocr:job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert poll["HX-Redirect"] == reverse("desk:review", args=[plan.pk])
    review = client.get(reverse("desk:review", args=[plan.pk])).content.decode()
    assert "待核对" in review and "文字识别(OCR)" in review and 'id="ocr-marks"' in review


def test_low_confidence_lines_are_listed_for_review(directory, supervisor, client_for, media):
    client = client_for(supervisor)
    upload(client, "scan.pdf", jobs.scanned_notice())
    jobs.run_worker()
    job = OcrJob.objects.get()
    plan = job.plan
    # One doubtful line among sure ones, as a smudged scan gives: the page lists it
    # with its text and confidence.
    job.ocr_lines = [[a, b, 95.0, False] for a, b, _, _ in job.ocr_lines]
    a, b, _, _ = job.ocr_lines[-1]
    job.ocr_lines[-1] = [a, b, 42.0, True]
    job.save()
    review = client.get(reverse("desk:review", args=[plan.pk])).content.decode()
    assert "以下 1 行识别可信度较低" in review
    assert f'data-start="{a}" data-end="{b}"' in review and "42%" in review
    # A draft typed or pasted has no such panel.
    client.post(reverse("desk:import"), {"text": jobs.NOTICE})
    typed = Plan.objects.exclude(pk=plan.pk).get()
    assert "ocr-marks" not in client.get(reverse("desk:review", args=[typed.pk])).content.decode()


def _scan_of_pages(count: int) -> bytes:
    pages = [Image.new("L", (40, 56), 255) for _ in range(count)]
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=pages[1:], resolution=10)
    return out.getvalue()


def test_a_scan_too_long_fails_its_job_and_stores_nothing(directory, supervisor, client_for, media):
    client = client_for(supervisor)
    response = upload(client, "300页.pdf", _scan_of_pages(300))
    job = OcrJob.objects.get()
    assert response.status_code == 302 and job.pages_total == 300
    jobs.run_worker()
    job.refresh_from_db()
    assert job.status == "failed" and "扫描页数过多" in job.error
    assert job.source_bytes is None and job.plan is None
    assert Plan.objects.count() == 0 and Task.objects.count() == 0
    assert stored_files(media) == []
    page = client.get(reverse("ocr:job", args=[job.pk])).content.decode()
    assert "扫描页数过多" in page and "every 1s" not in page  # polling stops


def _png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header declares huge dimensions over a few bytes of data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def test_an_image_bomb_is_refused_at_once(directory, supervisor, client_for, media):
    response = upload(client_for(supervisor), "photo.png", _png_declaring(100_000, 100_000))
    assert response.status_code == 200
    assert "图片尺寸过大" in response.content.decode()
    assert OcrJob.objects.count() == 0 and Plan.objects.count() == 0
    assert stored_files(media) == []


def test_another_office_cannot_see_a_job(directory, supervisor, leader, fgw_officer, client_for):
    job = OcrJob.objects.create(
        office=supervisor.unit, created_by=supervisor, source_name="a.pdf", pages_total=3
    )
    url = reverse("ocr:job", args=[job.pk])
    assert client_for(supervisor).get(url).status_code == 200
    assert client_for(leader).get(url).status_code == 404
    assert client_for(fgw_officer).get(url).status_code == 404


def test_an_image_just_over_the_limit_names_its_size():
    with pytest.raises(DocumentError, match=r"图片尺寸过大\(9000×9000 像素\)"):
        read_document(_png_declaring(9_000, 9_000), "photo.png")
