"""Attachments of a report's draft: pdf, docx, xlsx and images, the type read
from the file's bytes, the size capped."""

import io
import uuid
import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from . import rules
from .models import Attachment, Report, Status
from .services import InvalidInput, InvalidTransition, lock_report, new_version

ALLOWED_TYPES = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "image/png": ".png",
    "image/jpeg": ".jpg",
}


def sniff_content_type(head: bytes, whole: bytes) -> str | None:
    """The type a file's bytes show (never the name or the browser's word)."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(whole)).namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" not in names:
            return None
        if "word/document.xml" in names:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if "xl/workbook.xml" in names:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


def max_attachment_bytes() -> int:
    return getattr(settings, "DUBAN_MAX_ATTACHMENT_BYTES", settings.DUBAN_MAX_UPLOAD_BYTES)


@transaction.atomic
def add_attachment(*, report: Report, user, name: str, content: bytes) -> Attachment:
    """Attach a file to the report's draft version (pdf, docx, xlsx, png, jpeg)."""
    report = lock_report(report)
    if not rules.is_report_writer(user, report):
        raise PermissionDenied(_("您没有权限为这份报告上传附件。"))
    if report.status != Status.DRAFT:
        raise InvalidTransition(_("只有草稿可以添加附件。"))
    limit = max_attachment_bytes()
    if len(content) > limit:
        raise InvalidInput(
            _("附件“%(name)s”超过大小上限(%(limit)s MB)。")
            % {"name": name, "limit": limit // (1024 * 1024)}
        )
    if not content:
        raise InvalidInput(_("附件“%(name)s”是空文件。") % {"name": name})
    content_type = sniff_content_type(content[:16], content)
    if content_type is None:
        raise InvalidInput(
            _("附件“%(name)s”的格式不受支持,仅支持 PDF、Word(docx)、Excel(xlsx)和图片(PNG、JPEG)。")
            % {"name": name}
        )
    version = report.current_version or new_version(report, user)
    if report.current_version_id is None:
        report.current_version = version
    stored_name = uuid.uuid4().hex + ALLOWED_TYPES[content_type]
    attachment = Attachment(
        version=version,
        name=PurePath(name).name[:255] or stored_name,
        content_type=content_type,
        size=len(content),
        uploaded_by=user,
    )
    attachment.file.save(stored_name, ContentFile(content), save=False)
    attachment.save()
    report.lock_version += 1
    report._history_user = user
    report.save()
    return attachment


@transaction.atomic
def remove_attachment(*, attachment: Attachment, user) -> None:
    """Take a file off a draft (the stored file stays: earlier versions may share it)."""
    report = lock_report(attachment.version.report)
    if not rules.is_report_writer(user, report):
        raise PermissionDenied(_("您没有权限删除这个附件。"))
    if report.status != Status.DRAFT or attachment.version_id != report.current_version_id:
        raise InvalidTransition(_("只有草稿的附件可以删除。"))
    attachment.delete()
    report.lock_version += 1
    report._history_user = user
    report.save()
