"""Attachments: the size is checked before a byte is read and the file is
never read whole; the content is checked, not only its first bytes (a
truncated PDF and a PDF/HTML polyglot are refused); a refused attachment
leaves the draft as it was."""

import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.urls import reverse

from duban.reports.attachments import inspect_upload
from duban.reports.models import Attachment, Report
from duban.reports.services import InvalidInput
from tests.files import JPEG, PDF, PNG, ooxml

POLYGLOT = PDF[:9] + b"<html><script>alert(1)</script></html>\n" + PDF[9:]


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


def big_upload(size):
    upload = TemporaryUploadedFile("big.pdf", "application/pdf", size, None)
    upload.write(PDF[:20])
    upload.seek(size - 1)
    upload.write(b"0")
    upload.seek(0)
    return upload


def test_an_oversized_file_is_refused_without_reading_it(settings):
    settings.DUBAN_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
    upload = big_upload(60 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(InvalidInput, match="超过大小上限"):
            inspect_upload(name="big.pdf", content=upload)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        upload.close()
    assert peak < 1024 * 1024, f"{peak} bytes allocated to refuse a 60 MB file"


def test_a_large_file_within_the_limit_is_checked_from_disk(settings):
    settings.DUBAN_MAX_UPLOAD_BYTES = 40 * 1024 * 1024
    upload = big_upload(30 * 1024 * 1024)  # a PDF head, no end: truncated
    tracemalloc.start()
    try:
        with pytest.raises(InvalidInput, match="已损坏或不完整"):
            inspect_upload(name="big.pdf", content=upload)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        upload.close()
    assert peak < 2 * 1024 * 1024


@pytest.mark.parametrize(
    "name, content",
    [
        ("report.pdf", PDF),
        ("photo.png", PNG),
        ("photo.jpeg", JPEG),
        ("表.xlsx", ooxml("xl/workbook.xml")),
        ("文.docx", ooxml("word/document.xml")),
    ],
)
def test_real_files_pass(name, content):
    assert inspect_upload(name=name, content=content).size == len(content)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("cut.pdf", PDF[: len(PDF) // 2], "已损坏或不完整"),
        ("cut-end.pdf", PDF[:-200] + b"\n%%EOF\n", "已损坏或不完整"),
        ("polyglot.html", POLYGLOT, "扩展名与内容不符"),
        ("polyglot.pdf", POLYGLOT, "格式不受支持"),
        ("photo.png", PNG[:30], "已损坏或不完整"),
        ("photo.pdf", PNG, "扩展名与内容不符"),
        ("evil.exe", b"MZ\x90\x00" + b"\x00" * 100, "格式不受支持"),
    ],
)
def test_bad_content_is_refused(name, content, message):
    with pytest.raises(InvalidInput, match=message):
        inspect_upload(name=name, content=content)


def test_a_refused_file_leaves_the_draft_as_it_was(calendar, task, client_for, golmud_officer):
    report = Report.objects.get(task=task, period=calendar[0], unit__name="格尔木市人民政府")
    client = client_for(golmud_officer)
    url = reverse("reports:report", args=[report.pk])
    assert client.post(url, {"lock_version": 0, "narrative": "第一稿"}).status_code == 302
    response = client.post(
        url,
        {
            "lock_version": 1,
            "narrative": "第二稿(带坏附件)",
            "attachment": SimpleUploadedFile("polyglot.html", POLYGLOT),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "扩展名与内容不符" in html and "第二稿(带坏附件)" in html  # explained, text kept
    report.refresh_from_db()
    assert report.lock_version == 1 and report.current_version.narrative == "第一稿"
    assert not Attachment.objects.exists()


def test_a_good_file_is_saved_with_the_draft(calendar, task, client_for, golmud_officer):
    report = Report.objects.get(task=task, period=calendar[0], unit__name="格尔木市人民政府")
    response = client_for(golmud_officer).post(
        reverse("reports:report", args=[report.pk]),
        {"lock_version": 0, "narrative": "有附件", "attachment": SimpleUploadedFile("a.pdf", PDF)},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.size == len(PDF) and attachment.content_type == "application/pdf"
    with attachment.file.open("rb") as f:
        assert f.read() == PDF
