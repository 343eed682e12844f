"""File → text: plain text in any Chinese encoding, .docx, .pdf (scanned pages
through OCR), web pages (also saved as one .mht file), .ofd, spreadsheets (.xlsx;
.xls and WPS .et converted to .xlsx by LibreOffice), legacy Word and WPS files (.doc,
.wps, converted to .docx by LibreOffice) and images of pages (jpg, png, tiff: OCR).

The type is decided from the content (magic bytes, the members of a zip, the streams
of an OLE2 container, HTML markup); the file name's extension is only a hint for
ambiguous cases (an HTML fragment without <html>, which format a broken zip was meant
to be). Whatever the format, the text is `normalize.clean_text` output, and anything
unreadable raises DocumentError with a one-line Chinese message fit to show a user:
`_boundary` is the one place where bytes enter, and turns whatever a damaged file
makes a library raise into that.

    read_bytes(data, filename) -> str
    open_bytes(data, filename) -> Source   (type decided once: .kind, .scanned_pages(), .read())
    read_document(data, filename, *, ocr=True, progress=None) -> FileReading
    read_file(path) -> str
    sniff_type(data, filename) -> one of TYPES
    ocr_pages(data, filename) -> pages that need OCR (0: none; read synchronously)

Each format's reader module is imported when a file of that type is read, not when
this module is: python-docx, pdfplumber, openpyxl, Pillow and pytesseract take a few
hundred milliseconds to import, and `duban parse notice.txt` (or a web worker parsing
pasted text) needs none of them. Those imports sit in `_read`, the dispatch (with
LibreOffice's `convert`), in `_zip_kind` (zipfile), and in `Source.scanned_pages`,
which needs the PDF or image reader.
They are there for cost, not to dodge a cycle: no reader imports this module.
"""

from __future__ import annotations

import contextlib
import re
from io import BytesIO
from pathlib import Path

from . import rx
from .errors import DocumentError
from .model import LOW_CONFIDENCE
from .normalize import clean_text
from .ole import OLE_MAGIC, ole_kind
from .record import field, record
from .textcodec import decode_text

# typing.TYPE_CHECKING without importing typing, a few ms of every `duban parse`;
# type checkers take any name TYPE_CHECKING for true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from .cells import Cell
    from .read_ocr import OcrLine

MAX_INPUT = 50 * 1024 * 1024
TYPES = ("txt", "docx", "pdf", "html", "ofd", "xlsx", "doc", "xls", "image")

_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
_NOT_SUPPORTED = (
    (b"{\\rtf", "不支持 RTF 文件,请另存为 .docx 后再上传"),
    (b"GIF8", "不支持 GIF 图片,请上传 JPG、PNG 或 TIFF 格式的扫描件"),
    (b"\x1f\x8b", "不支持压缩包,请解压后上传其中的文档"),
    (b"7z\xbc\xaf\x27\x1c", "不支持压缩包,请解压后上传其中的文档"),
    (b"Rar!", "不支持压缩包,请解压后上传其中的文档"),
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_HTML_START = rx.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)[\s>/]",
    re.I | re.S,
)
_HTML_ANYWHERE = rx.compile(rb"<(?:html|body)[\s>]|<!doctype\s+html", re.I)
_HTML_EXTENSIONS = (".html", ".htm", ".shtml", ".xhtml", ".mht")
_TAG = rx.compile(r"<[A-Za-z!/][^<>]{0,200}>")
_LABELS = {
    "docx": "docx 文件",
    "ofd": "ofd 文件",
    "pdf": "PDF 文件",
    "xlsx": "Excel 文件",
    "doc": "Word 97/WPS 文件",
    "xls": "Excel 97/WPS 表格文件",
    "image": "图片文件",
}


@record
class FileReading:
    """What reading a file gave: the text spans index into, its type, the lines
    read by OCR with their confidence and their place in `text` (only for scans),
    and the source cell of each piece of a spreadsheet's text."""

    text: str
    kind: str
    ocr_lines: list[OcrLine] = field(default_factory=list)
    ocr_spans: list[tuple[int, int, float]] = field(default_factory=list)  # start, end, conf
    cells: list[Cell] = field(default_factory=list)

    @property
    def low_confidence(self) -> list[tuple[int, int, float]]:
        if not self.ocr_spans:
            return []
        return [s for s in self.ocr_spans if s[2] < LOW_CONFIDENCE]

    def cells_in(self, start: int, end: int) -> list[Cell]:
        """The spreadsheet cells whose text lies in text[start:end] (a task's span →
        the cells of its row)."""
        return [c for c in self.cells if c.start < end and c.end > start]


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
    # Imported here, for cost: a .txt needs no zipfile (module docstring).
    import zipfile

    names = {name.lower().lstrip("/") for name in zipfile.ZipFile(BytesIO(data)).namelist()}
    if "word/document.xml" in names or any(n.startswith("word/") for n in names):
        return "docx"
    if "ofd.xml" in names:
        return "ofd"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.startswith("ppt/") for n in names):
        raise DocumentError("不支持演示文稿文件,请上传 Word、PDF、网页、OFD 或文本文件")
    raise DocumentError("无法识别的文件类型(压缩包中不是 Word、Excel 或 OFD 文档)")


def _ole_kind(data: bytes, filename: str) -> str:
    kind = ole_kind(data)
    if kind == "encrypted":
        # Office saves a password-protected .docx/.xlsx inside an OLE2 container.
        raise DocumentError("文件设有密码保护,请解除密码后再上传")
    if kind is not None:
        return kind
    if _extension(filename) in (".docx", ".xlsx"):
        raise DocumentError(
            "该文件设有密码保护(或实为旧版 Office 文件且已损坏),请解除密码或另存为新格式后再上传"
        )
    raise DocumentError(
        "无法识别的旧版 Office 文件(不是 .doc/.wps/.xls/.et),请另存为 .docx 后再上传"
    )


def is_mhtml(data: bytes) -> bool:
    """A web page saved as one file (.mht: MIME multipart/related, IE/Edge/WPS).
    Checked here, where every file passes, so that sniffing needs no HTML library."""
    head = data[:4096].lower()
    return b"mime-version:" in head[:2048] and b"multipart/related" in head


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
    if head.startswith(OLE_MAGIC):
        return _ole_kind(data, filename), None
    if head.startswith(_IMAGE_MAGIC):
        return "image", None
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
            return _LABELS["docx"]
        if b"xl/" in window:
            return _LABELS["xlsx"]
        if b"OFD.xml" in window:
            return _LABELS["ofd"]
    if b"%PDF-" in data[:1024]:
        return _LABELS["pdf"]
    if head.startswith(_IMAGE_MAGIC):
        return _LABELS["image"]
    if head.startswith(OLE_MAGIC):
        return "旧版 Office 文件"
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


@record(frozen=True)
class Source:
    """A file whose type has been decided from its content, once: a caller that
    checks the type, asks whether it needs OCR and then reads it does not sniff
    it again. Made by `open_bytes`."""

    data: bytes = field(repr=False)
    filename: str
    kind: str  # one of TYPES
    decoded: str | None = field(default=None, repr=False)  # txt/html already decoded

    def scanned_pages(self) -> int:
        """How many pages reading it would put through OCR (an image file's frames,
        a PDF's pages without a text layer); 0 when none or when the file cannot be
        read (reading it then says why)."""
        try:
            with _boundary(self.data, self.filename):
                # Lazy for cost (module docstring).
                if self.kind == "pdf":
                    from .read_pdf import scanned_pages

                    return scanned_pages(self.data)
                if self.kind == "image":
                    from .read_ocr import image_frames

                    return len(image_frames(self.data))
        except DocumentError:
            return 0
        return 0

    def read(self, *, ocr: bool = True, progress=None) -> FileReading:
        """The text and what it came from (see `read_document`)."""
        with _boundary(self.data, self.filename):
            reading = _read(self.kind, self.data, self.decoded, ocr=ocr, progress=progress)
        if not reading.text:
            raise DocumentError("文件中没有文字内容")
        return reading


def open_bytes(data: bytes, filename: str = "") -> Source:
    """`data` with its type decided from its content; raises DocumentError for an
    empty, oversized, binary, damaged or unsupported file."""
    with _boundary(data, filename):
        kind, text = _detect(data, filename)
    return Source(data, filename, kind, text)


def sniff_type(data: bytes, filename: str = "") -> str:
    """The document type of `data` (one of TYPES), decided from its content; raises
    DocumentError for an empty, oversized, binary, damaged or unsupported file."""
    return open_bytes(data, filename).kind


def ocr_pages(data: bytes, filename: str = "") -> int:
    """How many pages reading `data` would put through OCR; 0 when none or when the
    file cannot be read (reading it then says why). Lets a web view send scans to a
    background job and read everything else at once."""
    try:
        return open_bytes(data, filename).scanned_pages()
    except DocumentError:
        return 0


def read_bytes(data: bytes, filename: str = "") -> str:
    """Text of a document given as bytes (`filename` is only a hint). Raises
    DocumentError, and nothing else, for any file it cannot read."""
    return read_document(data, filename).text


def read_document(
    data: bytes, filename: str = "", *, ocr: bool = True, progress=None
) -> FileReading:
    """`read_bytes` with what the text came from: OCR lines and their spans in the
    text, spreadsheet cells. `progress(done, total)` is called after each page OCR
    reads; with `ocr=False` a scan is refused instead of read."""
    return open_bytes(data, filename).read(ocr=ocr, progress=progress)


def _read(kind: str, data: bytes, text: str | None, *, ocr: bool, progress) -> FileReading:
    # Each branch imports its own reader: only the libraries of the type being read
    # are loaded (module docstring).
    ocr_lines: list[OcrLine] = []
    cells: list[Cell] = []
    if kind == "txt":
        result = text or ""
    elif kind == "html":
        from .read_html import html_to_text, read_html

        result = html_to_text(text) if text is not None else read_html(data, mhtml=is_mhtml(data))
    elif kind in ("docx", "doc"):
        from . import convert
        from .read_docx import read_docx

        result = read_docx(data if kind == "docx" else convert.convert(data, "doc", "docx"))
    elif kind == "pdf":
        from .read_pdf import read_pdf

        result, ocr_lines = read_pdf(data, ocr=ocr, progress=progress)
    elif kind in ("xlsx", "xls"):
        from . import convert
        from .read_xlsx import read_xlsx

        result, cells = read_xlsx(data if kind == "xlsx" else convert.convert(data, "xls", "xlsx"))
    elif kind == "image":
        from . import read_ocr
        from .layout import drop_page_furniture, join_paragraphs

        frames = read_ocr.image_frames(data)  # refuses a bomb before anything else
        if not ocr:
            raise DocumentError("扫描图片需要文字识别,请通过导入页面上传")
        pages, ocr_lines = read_ocr.read_images(
            frames, dpi=_image_dpi(frames[0]), progress=progress
        )
        result = join_paragraphs(drop_page_furniture(pages))
    else:
        from .read_ofd import read_ofd

        result = read_ofd(data)
    cleaned = clean_text(result)
    if cells and cleaned.rstrip("\n") != result:
        cells = []  # cleaning moved the text: the cell offsets no longer hold
    return FileReading(cleaned, kind, ocr_lines, _locate(cleaned, ocr_lines), cells)


def _image_dpi(image) -> float:
    """The resolution an image file declares, or 300 (a phone photo declares 72
    and is read at its pixel size, which this only labels)."""
    dpi = image.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    return value if 100 <= value <= 1200 else 300.0


def _locate(text: str, lines: list[OcrLine]) -> list[tuple[int, int, float]]:
    """Where each OCR line ended up in the final text (rejoining paragraphs and
    dropping page furniture moved them): searched in order, spaces ignored."""
    spans = []
    cursor = 0
    for line in lines:
        needle = clean_text(line.text).strip()
        if not needle:
            continue
        # Near the last line found: a dropped page number ("3") must not match
        # somewhere far ahead and make the lines between unfindable.
        window = cursor + 2 * len(needle) + 400
        found = text.find(needle, cursor, window)
        if found < 0:
            continue
        spans.append((found, found + len(needle), round(line.confidence, 1)))
        cursor = found + len(needle)
    return spans


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
