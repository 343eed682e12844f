"""File → text: plain text in any Chinese encoding, .docx, .pdf, web pages (also
saved as one .mht file), .ofd.

The type is decided from the content (magic bytes, the members of a zip, HTML
markup); the file name's extension is only a hint for ambiguous cases (an HTML
fragment without <html>, which format a broken zip was meant to be). Whatever the
format, the result is `normalize.clean_text` output, and anything unreadable raises
DocumentError with a one-line message fit to show a user.

    read_bytes(data, filename) -> str
    read_file(path) -> str
    sniff_type(data, filename) -> "txt" | "docx" | "pdf" | "html" | "ofd"
"""

from __future__ import annotations

import contextlib
import re
import zipfile
from io import BytesIO
from pathlib import Path

from .errors import DocumentError
from .normalize import clean_text
from .read_docx import read_docx
from .read_html import html_to_text, is_mhtml, read_html
from .read_ofd import read_ofd
from .read_pdf import read_pdf
from .textcodec import decode_text

MAX_INPUT = 50 * 1024 * 1024
TYPES = ("txt", "docx", "pdf", "html", "ofd")

_NOT_SUPPORTED = (
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "不支持旧版 Office 文件(.doc/.wps/.xls),请另存为 .docx 后再上传",
    ),
    (b"{\\rtf", "不支持 RTF 文件,请另存为 .docx 后再上传"),
    (b"\x89PNG", "图片文件中没有可读取的文字,请上传 Word、PDF 或文本文件"),
    (b"\xff\xd8\xff", "图片文件中没有可读取的文字,请上传 Word、PDF 或文本文件"),
    (b"GIF8", "图片文件中没有可读取的文字,请上传 Word、PDF 或文本文件"),
    (b"II*\x00", "图片文件中没有可读取的文字,请上传 Word、PDF 或文本文件"),
    (b"MM\x00*", "图片文件中没有可读取的文字,请上传 Word、PDF 或文本文件"),
    (b"\x1f\x8b", "不支持压缩包,请解压后上传其中的文档"),
    (b"7z\xbc\xaf\x27\x1c", "不支持压缩包,请解压后上传其中的文档"),
    (b"Rar!", "不支持压缩包,请解压后上传其中的文档"),
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)[\s>/]",
    re.I | re.S,
)
_HTML_ANYWHERE = re.compile(rb"<(?:html|body)[\s>]|<!doctype\s+html", re.I)
_HTML_EXTENSIONS = (".html", ".htm", ".shtml", ".xhtml", ".mht")
_TAG = re.compile(r"<[A-Za-z!/][^<>]{0,200}>")


def _extension(filename: str | None) -> str:
    return Path(filename or "").suffix.lower()


def _check_size(size: int) -> None:
    if size == 0:
        raise DocumentError("文件为空")
    if size > MAX_INPUT:
        raise DocumentError("文件过大(超过 50 MB)")


def _zip_kind(data: bytes, filename: str) -> str:
    # A zip that does not open (cut off, damaged directory) fails here; the boundary
    # in read_bytes/sniff_type turns that into "<kind> 文件已损坏或无法读取".
    names = {name.lower().lstrip("/") for name in zipfile.ZipFile(BytesIO(data)).namelist()}
    if "word/document.xml" in names or any(n.startswith("word/") for n in names):
        return "docx"
    if "ofd.xml" in names:
        return "ofd"
    if any(n.startswith("xl/") for n in names):
        raise DocumentError("不支持 Excel 表格文件,请上传 Word、PDF、网页、OFD 或文本文件")
    if any(n.startswith("ppt/") for n in names):
        raise DocumentError("不支持演示文稿文件,请上传 Word、PDF、网页、OFD 或文本文件")
    raise DocumentError("无法识别的文件类型(压缩包中不是 Word 或 OFD 文档)")


def _looks_html(head: bytes) -> bool:
    head = head.removeprefix(b"\xef\xbb\xbf")
    return bool(_HTML_START.match(head) or _HTML_ANYWHERE.search(head))


def _detect(data: bytes, filename: str) -> tuple[str, str | None]:
    """(type, decoded text for txt/html or None)."""
    _check_size(len(data))
    head = data[:8192]
    if head.startswith(_ZIP_MAGIC):
        return _zip_kind(data, filename), None
    if b"%PDF-" in data[:1024]:
        return "pdf", None
    if head.startswith(_NOT_SUPPORTED[0][0]) and _extension(filename) == ".docx":
        # Word saves a password-protected .docx inside an OLE2 container.
        raise DocumentError(
            "该 docx 文件设有密码保护(或实为旧版 .doc),请解除密码或另存为 .docx 后再上传"
        )
    for magic, message in _NOT_SUPPORTED:
        if head.startswith(magic):
            raise DocumentError(message)
    if _looks_html(head) or is_mhtml(data):
        return "html", None
    text = decode_text(data)
    start = text[:8192]
    if _looks_html(start.encode("utf-8", "ignore")) or (
        _extension(filename) in _HTML_EXTENSIONS and _TAG.search(start)
    ):
        return "html", text
    return "txt", text


def _label(data: bytes, filename: str) -> str:
    """What the user sent, as a message names it, guessed without parsing (the guess
    must not fail: it is used when everything else did)."""
    head = data[:8]
    if head.startswith(_ZIP_MAGIC):
        window = data[:1_000_000]
        if b"word/" in window:
            return "docx 文件"
        if b"OFD.xml" in window:
            return "ofd 文件"
    if b"%PDF-" in data[:1024]:
        return "PDF 文件"
    ext = _extension(filename).lstrip(".")
    return f"{ext} 文件" if ext.isascii() and ext.isalnum() and len(ext) <= 5 else "文件"


@contextlib.contextmanager
def _boundary(data: bytes, filename: str):
    """The one place where bytes enter the parser. A damaged file can trip any
    library in any way (zipfile's NotImplementedError for an unknown zip version,
    lxml, pdfminer, struct, …); whatever it raises, the user gets one DocumentError
    with a Chinese message, and the original stays as __cause__ for the log."""
    try:
        yield
    except DocumentError:
        raise
    except (MemoryError, RecursionError) as exc:
        raise DocumentError("文件结构过于复杂,无法读取") from exc
    except Exception as exc:
        raise DocumentError(f"{_label(data, filename)}已损坏或无法读取") from exc


def sniff_type(data: bytes, filename: str = "") -> str:
    """The document type of `data` ("txt", "docx", "pdf", "html", "ofd"), decided from
    its content; raises DocumentError for an empty, oversized, binary, damaged or
    unsupported file."""
    with _boundary(data, filename):
        return _detect(data, filename)[0]


def read_bytes(data: bytes, filename: str = "") -> str:
    """Text of a document given as bytes (`filename` is only a hint). Raises
    DocumentError, and nothing else, for any file it cannot read."""
    with _boundary(data, filename):
        kind, text = _detect(data, filename)
        if kind == "txt":
            result = text or ""
        elif kind == "html":
            result = html_to_text(text) if text is not None else read_html(data)
        elif kind == "docx":
            result = read_docx(data)
        elif kind == "pdf":
            result = read_pdf(data)
        else:
            result = read_ofd(data)
        result = clean_text(result)
    if not result:
        raise DocumentError("文件中没有文字内容")
    return result


def read_file(path) -> str:
    """Text of the document at `path`."""
    path = Path(path)
    shown = re.sub(r"\s+", " ", path.name)  # the message must stay one line
    try:
        if not path.exists():
            raise DocumentError(f"找不到文件:{shown}")
        if not path.is_file():
            raise DocumentError(f"不是文件:{shown}")
        _check_size(path.stat().st_size)
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"无法读取文件:{shown}") from exc
    return read_bytes(data, path.name)
