"""Attachments of a report's draft: pdf, docx, xlsx and images.

A file is judged in this order, reading as little as possible: its size (known
before any byte is read, so a 400 MB upload is refused without loading it),
the type its first bytes show (never the name or the browser's word), the
name's extension agreeing with that type, then the whole structure read from
the file as it lies on disk (a PDF must open in PDFium and end with %%EOF, an
image must verify in Pillow, an Office file must be a zip with its parts), and
no HTML in its head (a PDF/HTML polyglot). Stored by streaming, never whole
in memory. `inspect_upload` does all of this before anything is saved, so a
refused file leaves the draft as it was."""

import io
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import pypdfium2
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image

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
EXTENSIONS = {
    "application/pdf": {".pdf"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {".docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {".xlsx"},
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg"},
}
HTML_MARKERS = (b"<html", b"<script", b"<!doctype html", b"<body", b"<svg", b"<iframe")


def sniff_content_type(head: bytes, whole=None) -> str | None:
    """The type a file's bytes show (never the name or the browser's word).
    `whole`: the bytes or a seekable file, needed to tell docx from xlsx."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        source = io.BytesIO(whole) if isinstance(whole, bytes | bytearray) else whole
        try:
            names = set(zipfile.ZipFile(source).namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
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


@dataclass
class CheckedFile:
    """A file that passed every check, ready to be stored."""

    name: str
    content_type: str
    size: int
    file: File


def _as_file(content) -> File:
    if isinstance(content, bytes | bytearray):
        return ContentFile(bytes(content))
    return content


def _read_at(file, offset, length) -> bytes:
    file.seek(offset)
    return file.read(length)


def _whole_structure_ok(file, content_type, size) -> bool:
    """Read the file's structure (from disk for large uploads)."""
    try:
        if content_type == "application/pdf":
            if b"%%EOF" not in _read_at(file, max(0, size - 1024), 1024):
                return False  # truncated: the end marker is missing
            path = getattr(file, "temporary_file_path", None)
            source = path() if path else _read_at(file, 0, size)
            document = pypdfium2.PdfDocument(source)
            try:
                return len(document) > 0
            finally:
                document.close()
        if content_type in ("image/png", "image/jpeg"):
            file.seek(0)
            with Image.open(file) as image:
                image.verify()
            return True
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            # Entry sizes from the directory only (no decompression): a zip
            # bomb is refused before anyone opens it.
            unpacked = sum(i.file_size for i in archive.infolist())
            return unpacked <= 20 * max(size, 1024 * 1024) and archive.testzip() is None
    except Exception:  # noqa: BLE001 — any failure to read the structure is a refusal
        return False
    finally:
        file.seek(0)


def inspect_upload(*, name: str, content) -> CheckedFile:
    """Every check of an attachment, before anything is saved (InvalidInput with
    a message naming the file when one fails). `content`: bytes or an uploaded file."""
    file = _as_file(content)
    size = file.size
    limit = max_attachment_bytes()
    if size > limit:
        raise InvalidInput(
            _("附件“%(name)s”超过大小上限(%(limit)s MB)。")
            % {"name": name, "limit": limit // (1024 * 1024)}
        )
    if not size:
        raise InvalidInput(_("附件“%(name)s”是空文件。") % {"name": name})
    unsupported = InvalidInput(
        _("附件“%(name)s”的格式不受支持,仅支持 PDF、Word(docx)、Excel(xlsx)和图片(PNG、JPEG)。")
        % {"name": name}
    )
    head = _read_at(file, 0, 1024)
    file.seek(0)
    content_type = sniff_content_type(head[:16], file)
    if content_type is None:
        raise unsupported
    if PurePath(name).suffix.lower() not in EXTENSIONS[content_type]:
        raise InvalidInput(
            _("附件“%(name)s”的扩展名与内容不符(内容是 %(ext)s 文件)。")
            % {"name": name, "ext": ALLOWED_TYPES[content_type]}
        )
    if any(marker in head.lower() for marker in HTML_MARKERS):
        raise unsupported  # a polyglot: also a web page
    if not _whole_structure_ok(file, content_type, size):
        raise InvalidInput(_("附件“%(name)s”已损坏或不完整,无法打开。") % {"name": name})
    return CheckedFile(
        name=PurePath(name).name[:255], content_type=content_type, size=size, file=file
    )


@transaction.atomic
def add_attachment(*, report: Report, user, name: str = "", content=None, checked=None):
    """Attach a file to the report's draft version (pdf, docx, xlsx, png, jpeg).
    `checked`: what inspect_upload returned; else `content` (bytes or an uploaded
    file) is inspected here."""
    report = lock_report(report)
    if not rules.is_report_writer(user, report):
        raise PermissionDenied(_("您没有权限为这份报告上传附件。"))
    if report.status != Status.DRAFT:
        raise InvalidTransition(_("只有草稿可以添加附件。"))
    if checked is None:
        checked = inspect_upload(name=name, content=content)
    version = report.current_version or new_version(report, user)
    if report.current_version_id is None:
        report.current_version = version
    stored_name = uuid.uuid4().hex + ALLOWED_TYPES[checked.content_type]
    attachment = Attachment(
        version=version,
        name=checked.name or stored_name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=user,
    )
    # Storage copies the file chunk by chunk (never whole in memory).
    attachment.file.save(stored_name, checked.file, save=False)
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
