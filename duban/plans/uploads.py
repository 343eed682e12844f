"""Uploaded plan documents: the type is decided from the bytes (docparse's
sniff_type), never from the name alone; a name that says otherwise is refused.

`read_document(data, filename)` returns (parse contract dict, normalised text,
source type, spreadsheet cells) or raises `UploadRejected` with a message fit for the user. Nothing
is stored here: the caller stores only what was accepted.
"""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

from duban.docparse import DocumentError, parse_text, read_bytes
from duban.docparse import read_document as read_document_text
from duban.docparse.readers import ocr_pages, sniff_type
from duban.lexicon.models import Term

ACCEPTED_SUFFIXES = {
    ".txt": "txt",
    ".text": "txt",
    ".docx": "docx",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".ofd": "ofd",
    ".xlsx": "xlsx",
    ".xls": "xls",
    ".et": "xls",  # WPS 表格
    ".doc": "doc",
    ".wps": "doc",  # WPS 文字
    ".jpg": "image",
    ".jpeg": "image",
    ".png": "image",
    ".tif": "image",
    ".tiff": "image",
}
ACCEPT_ATTRIBUTE = ",".join(ACCEPTED_SUFFIXES)


class UploadRejected(Exception):
    """The file is refused; str(error) says why, in the user's language."""


def check_upload(name: str, size: int) -> str:
    """Refuse by size and name before reading; returns the declared type."""
    limit = settings.DUBAN_MAX_UPLOAD_BYTES
    if size > limit:
        raise UploadRejected(
            _("文件过大(%(size)s MB),上限为 %(limit)s MB。")
            % {"size": round(size / 1048576, 1), "limit": round(limit / 1048576, 1)}
        )
    if size == 0:
        raise UploadRejected(_("文件是空的。"))
    declared = ACCEPTED_SUFFIXES.get(PurePath(name or "").suffix.lower())
    if declared is None:
        raise UploadRejected(
            _(
                "只支持 txt、docx、doc、wps、pdf、html、ofd、xlsx、xls、et 格式的文件"
                "和 jpg、png、tiff 格式的扫描图片。"
            )
        )
    return declared


def vocabulary_of(office) -> dict[str, str]:
    """The office's own labels (解析词表), applied on top of the built-in ones."""
    return Term.objects.as_vocabulary(office)


def _checked_type(data: bytes, filename: str) -> str:
    declared = check_upload(filename, len(data))
    try:
        actual = sniff_type(data, filename)
    except DocumentError as exc:
        raise UploadRejected(_("无法读取该文件:%(reason)s") % {"reason": exc}) from exc
    text_types = {"txt", "html"}
    if actual != declared and not (actual in text_types and declared in text_types):
        raise UploadRejected(
            _("文件内容与扩展名不符(扩展名为 %(declared)s,内容是 %(actual)s)。")
            % {"declared": declared.upper(), "actual": actual.upper()}
        )
    return actual


def needs_ocr(data: bytes, filename: str) -> bool:
    """Whether the accepted file is a scan (pages without text): it is then read
    by a background job (duban.ocr), never in the request."""
    _checked_type(data, filename)
    return ocr_pages(data, filename) > 0


def read_document(data: bytes, filename: str, *, office=None):
    """(contract dict, text, source type, cells) for an accepted file, read with
    the vocabulary of `office` (the importing office) if given; `cells` locate a
    spreadsheet's text in its sheets (empty for other files)."""
    actual = _checked_type(data, filename)
    try:
        reading = read_document_text(data, filename, ocr=False)
        parsed = parse_text(reading.text, vocabulary=vocabulary_of(office))
    except DocumentError as exc:
        raise UploadRejected(_("无法读取该文件:%(reason)s") % {"reason": exc}) from exc
    if not parsed.text.strip():
        raise UploadRejected(_("文件中没有读到文字内容。"))
    # Cells index into the reader's text; the parser may only pass it on unchanged.
    cells = reading.cells if parsed.text == reading.text else []
    return parsed.to_dict(), parsed.text, actual, cells


def read_pasted(text: str, *, office=None):
    """(contract dict, text) for text pasted into the import page."""
    data = (text or "").encode("utf-8")
    if len(data) > settings.DUBAN_MAX_UPLOAD_BYTES:
        raise UploadRejected(_("粘贴的文字过长。"))
    try:
        parsed = parse_text(read_bytes(data, "pasted.txt"), vocabulary=vocabulary_of(office))
    except DocumentError as exc:
        raise UploadRejected(_("无法读取粘贴的文字:%(reason)s") % {"reason": exc}) from exc
    if not parsed.text.strip():
        raise UploadRejected(_("请粘贴公文全文。"))
    return parsed.to_dict(), parsed.text
