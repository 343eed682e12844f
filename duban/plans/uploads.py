"""Uploaded plan documents: the type is decided from the bytes (docparse's
`open_bytes`, once), never from the name alone; a name that says otherwise is
refused.

`open_upload(data, filename)` gives the accepted `docparse.Source` (its `kind`,
`scanned_pages()`), `read_upload(source, office=)` the typed `ParsedPlan` with a
spreadsheet's cells, `read_pasted(text, office=)` the typed `ParsedPlan`, or they raise `UploadRejected` with a message
fit for the user. Nothing is stored here: `importing` stores what was accepted.
"""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

from duban.docparse import (
    Cell,
    DocumentError,
    ParsedPlan,
    Source,
    open_bytes,
    parse_text,
    read_bytes,
)
from duban.lexicon.models import Term
from duban.units.models import Unit

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
TEXT_TYPES = {"txt", "html"}


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


def vocabulary_of(office: Unit | None) -> dict[str, str]:
    """The office's own labels (解析词表), applied on top of the built-in ones."""
    return Term.objects.as_vocabulary(office)


def open_upload(data: bytes, filename: str) -> Source:
    """The accepted file, its type sniffed once from the content and checked
    against the name's."""
    declared = check_upload(filename, len(data))
    try:
        source = open_bytes(data, filename)
    except DocumentError as exc:
        raise UploadRejected(_("无法读取该文件:%(reason)s") % {"reason": exc}) from exc
    if source.kind != declared and not (source.kind in TEXT_TYPES and declared in TEXT_TYPES):
        raise UploadRejected(
            _("文件内容与扩展名不符(扩展名为 %(declared)s,内容是 %(actual)s)。")
            % {"declared": declared.upper(), "actual": source.kind.upper()}
        )
    return source


def read_upload(source: Source, *, office: Unit | None = None) -> tuple[ParsedPlan, list[Cell]]:
    """The parse of an accepted file (no OCR: scans go to a background job),
    read with the vocabulary of `office` (the importing office) if given, and
    the cells a spreadsheet's text came from (none for other files)."""
    try:
        reading = source.read(ocr=False)
        parsed = parse_text(reading.text, vocabulary=vocabulary_of(office))
    except DocumentError as exc:
        raise UploadRejected(_("无法读取该文件:%(reason)s") % {"reason": exc}) from exc
    if not parsed.text.strip():
        raise UploadRejected(_("文件中没有读到文字内容。"))
    # Cells index into the reader's text; the parser may only pass it on unchanged.
    return parsed, (reading.cells if parsed.text == reading.text else [])


def read_pasted(text: str, *, office: Unit | None = None) -> ParsedPlan:
    """The parse of text pasted into the import page."""
    data = (text or "").encode("utf-8")
    if len(data) > settings.DUBAN_MAX_UPLOAD_BYTES:
        raise UploadRejected(_("粘贴的文字过长。"))
    try:
        parsed = parse_text(read_bytes(data, "pasted.txt"), vocabulary=vocabulary_of(office))
    except DocumentError as exc:
        raise UploadRejected(_("无法读取粘贴的文字:%(reason)s") % {"reason": exc}) from exc
    if not parsed.text.strip():
        raise UploadRejected(_("请粘贴公文全文。"))
    return parsed
