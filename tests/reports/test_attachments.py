"""Attachments: type read from the bytes, size capped, kept with the version."""

import pytest
from django.core.exceptions import PermissionDenied

from duban.reports.attachments import add_attachment, remove_attachment, sniff_content_type
from duban.reports.models import Attachment, Report
from duban.reports.services import (
    InvalidInput,
    InvalidTransition,
    return_report,
    save_draft,
    submit_report,
)
from tests.files import JPEG, PDF, PNG, ooxml  # real files (the content is checked)


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def golmud(calendar, task, golmud_officer):
    report = Report.objects.get(task=task, period=calendar[0], unit__name="格尔木市人民政府")
    return save_draft(
        report=report, user=golmud_officer, data={"narrative": "x"}, expected_version=0
    )


def test_sniffing():
    assert sniff_content_type(PDF[:16], PDF) == "application/pdf"
    assert sniff_content_type(PNG[:16], PNG) == "image/png"
    assert sniff_content_type(JPEG[:16], JPEG) == "image/jpeg"
    docx = ooxml("word/document.xml")
    assert sniff_content_type(docx[:16], docx).endswith("wordprocessingml.document")
    xlsx = ooxml("xl/workbook.xml")
    assert sniff_content_type(xlsx[:16], xlsx).endswith("spreadsheetml.sheet")
    other_zip = ooxml("ppt/presentation.xml")
    assert sniff_content_type(other_zip[:16], other_zip) is None
    assert sniff_content_type(b"PK\x03\x04broken", b"PK\x03\x04broken") is None
    assert sniff_content_type(b"MZ\x90\x00", b"MZ\x90\x00") is None


def test_a_pdf_is_stored_privately(golmud, golmud_officer, uploads):
    a = add_attachment(report=golmud, user=golmud_officer, name="../../进展.pdf", content=PDF)
    assert a.name == "进展.pdf"  # never a path
    assert a.content_type == "application/pdf" and a.size == len(PDF)
    assert a.version == Report.objects.get(pk=golmud.pk).current_version
    stored = uploads / a.file.name
    assert stored.read_bytes() == PDF and "进展" not in a.file.name
    with pytest.raises(ValueError):
        a.file.url  # noqa: B018 (no URL: private)


def test_a_program_named_pdf_is_refused(golmud, golmud_officer):
    with pytest.raises(InvalidInput, match="格式不受支持"):
        add_attachment(
            report=golmud, user=golmud_officer, name="进展.pdf", content=b"MZ\x90\x00rest"
        )
    assert not Attachment.objects.exists()


def test_size_limit(golmud, golmud_officer, settings):
    settings.DUBAN_MAX_ATTACHMENT_BYTES = 1024
    with pytest.raises(InvalidInput, match="超过大小上限"):
        add_attachment(report=golmud, user=golmud_officer, name="大.pdf", content=PDF + b"0" * 1024)
    assert add_attachment(report=golmud, user=golmud_officer, name="小.pdf", content=PDF)


def test_only_the_unit_attaches_and_only_to_a_draft(golmud, golmud_officer, fgw_officer):
    with pytest.raises(PermissionDenied):
        add_attachment(report=golmud, user=fgw_officer, name="a.pdf", content=PDF)
    a = add_attachment(report=golmud, user=golmud_officer, name="a.pdf", content=PDF)
    with pytest.raises(PermissionDenied):
        remove_attachment(attachment=a, user=fgw_officer)
    submitted = submit_report(report=golmud, user=golmud_officer)
    with pytest.raises(InvalidTransition):
        add_attachment(report=submitted, user=golmud_officer, name="b.png", content=PNG)
    with pytest.raises(InvalidTransition):
        remove_attachment(attachment=a, user=golmud_officer)
    assert Attachment.objects.count() == 1


def test_a_revision_carries_the_files_and_keeps_the_old_version_intact(
    golmud, golmud_officer, fgw_officer
):
    a = add_attachment(report=golmud, user=golmud_officer, name="a.pdf", content=PDF)
    golmud = submit_report(report=golmud, user=golmud_officer)
    golmud = return_report(report=golmud, user=fgw_officer, comment="附件不全")
    golmud = save_draft(
        report=golmud,
        user=golmud_officer,
        data={"narrative": "y"},
        expected_version=golmud.lock_version,
    )
    v2 = golmud.current_version
    assert list(v2.attachments.values_list("name", flat=True)) == ["a.pdf"]
    remove_attachment(attachment=v2.attachments.get(), user=golmud_officer)
    assert Attachment.objects.filter(pk=a.pk).exists()  # version 1 keeps its file
    assert not v2.attachments.exists()
