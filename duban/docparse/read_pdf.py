"""PDF → text through its text layer, one paragraph per line; pages without a text
layer (scans) through OCR (read_ocr.py).

The characters of a page that holds only text in common fonts come from its own
content stream (pdf_text.py), placed as pdfminer places them: loading the page in
pdfium would cost several times more (it runs each glyph's outline). The other
pages' characters come from pdfium (pypdfium2), several times faster than pdfminer.
pdfplumber (pdfminer) reads only the pages whose ruling could make a table — its
table finder, the slow part, builds tables from crossing horizontal and vertical
rules, so a page without both has none — and the files pdfium refuses as damaged
(pdfminer rebuilds a broken cross-reference table). A page read by pdfplumber gives
what pdfium would give for its text outside the tables: each character with the
same box (`_pdfium_chars`), so both readings agree (tests/docparse/test_pdf_pdfium.py).

Ruled tables become one line per row with "\\t" between cells; the rest of the page is
read as lines and rejoined into paragraphs (layout.py).

pdfplumber and the OCR reader are imported when a page needs them: pdfplumber and
pdfminer take ~50 ms to import, Pillow and pytesseract ~30 ms, and most PDFs need
neither. That is for cost, not to dodge a cycle: neither module imports this one.
"""

from __future__ import annotations

import contextlib
import ctypes
import io
import logging
import operator
import re
import statistics
import warnings
import zlib
from typing import TYPE_CHECKING

import pypdfium2
import pypdfium2.raw as pdfium_raw

from . import pdf_text
from .errors import DocumentError
from .layout import Line, drop_page_furniture, first_chunk_width, join_paragraphs

if TYPE_CHECKING:
    from .read_ocr import OcrLine

MAX_PAGES = 1000
_CID = re.compile(r"\(cid:\d+\)")
_NESTING = 15  # Form XObjects within Form XObjects searched for images and rules


@contextlib.contextmanager
def _quiet():
    """pdfminer logs and warns about every oddity of a file on stderr; the reader
    reports one DocumentError instead."""
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _encrypted(exc: BaseException) -> bool:
    """pdfplumber wraps pdfminer's errors; look inside for a password refusal."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    seen = [exc, *exc.args, exc.__cause__, exc.__context__]
    return any(isinstance(e, PDFPasswordIncorrect | PDFEncryptionError) for e in seen)


def _broken(exc: Exception) -> DocumentError:
    if _encrypted(exc):
        return _password()
    return DocumentError("PDF 文件已损坏或无法读取")


def _password() -> DocumentError:
    return DocumentError("PDF 文件设有打开密码,请先解除密码保护后再上传")


def _decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's `decompress_corrupted`, same result, linear time.

    pdfminer retries a stream whose zlib checksum fails by feeding it one byte at a
    time and growing a bytes object, quadratic in the stream's size: one damaged
    stream took seconds (tests/docparse/test_fuzz.py). Like the original, damage before
    the last three bytes (the checksum) raises; damage inside them keeps what came out.
    """
    stream = zlib.decompressobj()
    head = max(len(data) - 3, 0)
    out = [stream.decompress(data[:head])]
    try:
        for i in range(head, len(data)):
            out.append(stream.decompress(data[i : i + 1]))
    except zlib.error:
        pass
    return b"".join(out)


def _pdfplumber():
    """pdfplumber, with pdfminer's stream salvage made linear (imported on first need:
    module docstring)."""
    import pdfplumber
    from pdfminer import pdftypes

    pdftypes.decompress_corrupted = _decompress_corrupted
    return pdfplumber


def _open_pdfium(data: bytes):
    """The document, or None when pdfium refuses it as damaged (pdfminer may still
    rebuild it); a password refusal is final."""
    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_raw.FPDF_ERR_PASSWORD:
            raise _password() from exc
        return None


def read_pdf(data: bytes, *, ocr: bool = True, progress=None) -> tuple[str, list[OcrLine]]:
    """(text, OCR lines). Pages without a text layer that hold an image (scanned
    pages) are rendered and read by OCR (read_ocr.py) when `ocr` is set; their
    OcrLines come back so a reviewer can be shown what was read from an image.

    Pages pdf_text.py reads exactly from their content streams (text only, common
    fonts) are read there; the others, and every page of a file it does not read,
    through pdfium (`read_pdf_pdfium`)."""
    layer = pdf_text.page_chars(data)
    if layer is not None and layer and None not in layer and len(layer) <= MAX_PAGES:
        pages, cid_only = [], 0
        for chars in layer:
            lines, cids = _text_lines(chars)  # type: ignore[arg-type]
            pages.append(lines)
            cid_only += cids
        # a page pdf_text.py reads paints no image: none of them is a scan
        return _finish(data, pages, cid_only, [], ocr=ocr, progress=progress)
    return _read_pdfium(data, layer, ocr=ocr, progress=progress)


def read_pdf_pdfium(data: bytes, *, ocr: bool = True, progress=None) -> tuple[str, list[OcrLine]]:
    """`read_pdf` with every page through pdfium (pdfplumber for pages with ruling):
    the reader before pdf_text.py, kept as the reference it is compared with (tests,
    benchmarks/cli.py)."""
    return _read_pdfium(data, None, ocr=ocr, progress=progress)


def _read_pdfium(
    data: bytes, layer: list[list[dict] | None] | None, *, ocr: bool, progress
) -> tuple[str, list[OcrLine]]:
    """The pages through pdfium, except those `layer` (pdf_text.page_chars) has read."""
    document = _open_pdfium(data)
    if document is None:
        return read_pdf_pdfplumber(data, ocr=ocr, progress=progress)
    with _quiet():
        plumber = None
        try:
            if len(document) > MAX_PAGES:
                raise DocumentError(f"PDF 页数过多(超过 {MAX_PAGES} 页)")
            if layer is not None and len(layer) != len(document):
                layer = None
            pages, cid_only, scanned = [], 0, []
            for number in range(len(document)):
                chars = layer[number] if layer is not None else None
                if chars is not None:
                    lines, cids = _text_lines(chars)
                    pages.append(lines)
                    cid_only += cids
                    continue
                page = document[number]
                chars = None if _needs_pdfplumber(page) else _pdfium_chars(page)
                if chars is None:
                    if plumber is None:
                        plumber = _pdfplumber().open(io.BytesIO(data), raise_unicode_errors=False)
                    lines, cids = _page_lines(plumber.pages[number])
                else:
                    lines, cids = _text_lines(chars)
                pages.append(lines)
                cid_only += cids
                if not lines and not cids and _has_image(page):
                    scanned.append(number)
        except DocumentError:
            raise
        except Exception:  # noqa: BLE001 — a page pdfium cannot load: pdfminer may salvage it
            pages = None
        finally:
            if plumber is not None:
                plumber.close()
            document.close()
    if pages is None:
        return read_pdf_pdfplumber(data, ocr=ocr, progress=progress)
    return _finish(data, pages, cid_only, scanned, ocr=ocr, progress=progress)


def read_pdf_pdfplumber(
    data: bytes, *, ocr: bool = True, progress=None
) -> tuple[str, list[OcrLine]]:
    """`read_pdf` through pdfplumber alone: for a file pdfium refuses or cannot read
    a page of (pdfminer rebuilds a broken cross-reference table), and the reference the pdfium reading is compared with (tests, benchmarks/cli.py)."""
    with _quiet():
        try:
            pdf = _pdfplumber().open(io.BytesIO(data), raise_unicode_errors=False)
        except Exception as exc:  # pdfminer raises many kinds of error on a broken file
            raise _broken(exc) from exc
        with pdf:
            try:
                if len(pdf.pages) > MAX_PAGES:
                    raise DocumentError(f"PDF 页数过多(超过 {MAX_PAGES} 页)")
                pages, cid_only, scanned = [], 0, []
                for number, page in enumerate(pdf.pages):
                    lines, cids = _page_lines(page)
                    pages.append(lines)
                    cid_only += cids
                    if not lines and not cids and page.images:
                        scanned.append(number)
            except DocumentError:
                raise
            except Exception as exc:
                raise _broken(exc) from exc
    return _finish(data, pages, cid_only, scanned, ocr=ocr, progress=progress)


def _finish(data, pages, cid_only, scanned, *, ocr, progress) -> tuple[str, list[OcrLine]]:
    ocr_lines: list[OcrLine] = []
    if scanned and ocr:
        for page_number, lines, read in ocr_pdf_pages(data, scanned, progress=progress):
            pages[page_number] = lines
            ocr_lines.extend(read)
    if not any(pages):
        if cid_only:
            raise DocumentError("PDF 的字体缺少文字编码,无法提取文字,请上传 Word 或文本版本")
        if scanned:
            raise DocumentError("扫描件中没有识别出文字,请上传更清晰的扫描件或文字版本")
        raise DocumentError("PDF 没有文字层(可能是扫描件),请上传含文字的 PDF 或 Word 文件")
    return join_paragraphs(drop_page_furniture(pages)), ocr_lines


def _needs_pdfplumber(page) -> bool:
    """Whether the page may hold a ruled table, or is laid out in a way the pdfium
    characters are not checked against (rotated, a media box not at the origin).

    pdfplumber's table finder (its "lines" strategy) takes the edges of the page's
    lines, rectangles and curves at least 1 pt long (`edge_min_length_prefilter`),
    horizontal and vertical, and builds cells where they cross: a page without at
    least one of each holds no table. A path narrower than 1 pt has no horizontal
    edge of that length, one lower than 1 pt no vertical one; any other path is taken
    to give both (a box, a curve). Paths inside a Form XObject are in its own
    coordinates: any of them sends the page to pdfplumber."""
    if page.get_rotation() or tuple(page.get_mediabox())[:2] != (0, 0):
        return True
    horizontal = vertical = False
    for obj in page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_PATH], max_depth=_NESTING):
        if obj.level:
            return True
        left, bottom, right, top = obj.get_bounds()
        horizontal = horizontal or right - left >= 1
        vertical = vertical or top - bottom >= 1
        if horizontal and vertical:
            return True
    return False


def _has_image(page) -> bool:
    objects = page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_IMAGE], max_depth=_NESTING)
    return next(objects, None) is not None


_SPACES = frozenset(" \r\n\x02\ufffe")


def _plain(binding, restype, *argtypes):
    """`binding` (a pypdfium2 raw function) declared with plain pointer and int
    arguments: ctypes converts a c_void_p in about half the time of pypdfium2's typed
    pointers, and these run once or more a character."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(binding, ctypes.c_void_p).value)


_VP, _INT = ctypes.c_void_p, ctypes.c_int
_get_unicode = _plain(pdfium_raw.FPDFText_GetUnicode, ctypes.c_uint, _VP, _INT)
_get_box = _plain(pdfium_raw.FPDFText_GetLooseCharBox, _INT, _VP, _INT, _VP)
_get_object = _plain(pdfium_raw.FPDFText_GetTextObject, _VP, _VP, _INT)
_map_error = _plain(pdfium_raw.FPDFText_HasUnicodeMapError, _INT, _VP, _INT)
_generated = _plain(pdfium_raw.FPDFText_IsGenerated, _INT, _VP, _INT)


# Every character of Unicode bidirectional class R or AL (tests/docparse/test_pdf_pdfium.py
# checks the ranges against unicodedata): the only ones that make pdfium reorder a line.
_RIGHT_TO_LEFT = re.compile(
    "[\u0590-\u08ff\u200f\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def _codes(raw, count: int) -> list[int]:
    """Each character's Unicode value (FPDFText_GetUnicode): `_page_codes`'s first half."""
    return _page_codes(raw, count)[0]


def _page_codes(raw, count: int) -> tuple[list[int], bool]:
    """(each character's Unicode value (FPDFText_GetUnicode), whether the page may
    hold right-to-left text). The values come in one call for the page when its
    text has one code point a character, else a call a character. pdfium's text
    leaves out control characters (then the lengths differ) and writes U+FFFE for a
    character whose value is 0 or a line-end hyphen's 2: those are asked alone."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_raw.FPDFText_GetText(raw, 0, count, buffer)
    text = bytes(buffer)[: 2 * max(written - 1, 0)].decode("utf-16-le", "surrogatepass")
    handle = ctypes.cast(raw, _VP).value
    if len(text) != count:
        return [_get_unicode(handle, i) for i in range(count)], True
    codes = [ord(c) for c in text]
    if "\ufffe" in text:
        for i, code in enumerate(codes):
            if code == 0xFFFE:
                codes[i] = _get_unicode(handle, i)
    return codes, _RIGHT_TO_LEFT.search(text) is not None


def _text_objects(handle: int, count: int, right_to_left: bool) -> list[int | None]:
    """Each character's text object (FPDFText_GetTextObject; None for the spaces and
    line breaks pdfium makes up between objects). pdfium lists one object's
    characters one after another — it takes the page's text objects one at a time —
    unless a right-to-left run reverses part of a line (CPDF_TextPage::CloseTempLine).
    So without right-to-left text each object's run is found by galloping from its
    first character and bisecting: about 2·log2(run) calls an object, not one a
    character."""
    get = _get_object
    if right_to_left:
        return [get(handle, i) for i in range(count)]
    found: list[int | None] = []
    start = 0
    while start < count:
        obj = get(handle, start)
        last = start
        if obj:
            step, beyond = 1, count
            while last + step < count:
                if get(handle, last + step) != obj:
                    beyond = last + step
                    break
                last += step
                step *= 2
            while beyond - last > 1:
                middle = (last + beyond) // 2
                if get(handle, middle) == obj:
                    last = middle
                else:
                    beyond = middle
        found.extend([obj] * (last + 1 - start))
        start = last + 1
    return found


def _pdfium_chars(page) -> list[dict] | None:
    """The page's characters as pdfplumber gives them (the keys `_text_lines` reads):
    x0/x1 are the glyph's origin and advance (pdfium's loose box, pdfminer's box),
    bottom the same baseline-and-descent line, top one font size above it; `matrix`
    the character's text matrix. The spaces and line breaks pdfium makes up between
    words and lines are left out (pdfminer has only the file's own glyphs); a glyph
    without a Unicode mapping becomes "(cid:0)", as pdfminer marks it.

    A character's matrix and font size are its text object's (pdfium copies them from
    it), so they are asked once an object; made-up characters have no object and are
    asked one by one.

    None when pdfium took a hyphen at a line's end for a word broken across lines:
    it reports the hyphen as character 2, not the glyph's own "-" or soft hyphen that
    pdfminer reads, so such a page goes to pdfplumber."""
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        handle = ctypes.cast(raw, _VP).value
        height = page.get_height()
        box = pdfium_raw.FS_RECTF()
        box_ref = ctypes.byref(box)
        count = pdfium_raw.FPDFText_CountChars(raw)
        codes, right_to_left = _page_codes(raw, count) if count > 0 else ([], False)
        if 2 in codes and any(
            code == 2 and pdfium_raw.FPDFText_IsHyphen(raw, i) == 1 for i, code in enumerate(codes)
        ):
            return None
        get_box, map_error, generated = _get_box, _map_error, _generated
        text_objects = _text_objects(handle, count, right_to_left)
        objects: dict[int | None, tuple[tuple, float]] = {}
        chars = []
        for i, code in enumerate(codes):
            text = chr(code) if 0 < code < 0x110000 else ""
            if (not text or text in _SPACES) and generated(handle, i):
                continue
            if not text or map_error(handle, i) == 1:
                text = "(cid:0)"
            get_box(handle, i, box_ref)
            obj = text_objects[i]
            known = objects.get(obj) if obj else None
            if known is None:
                known = _char_matrix(raw, i)
                if obj:
                    objects[obj] = known
            matrix, size = known
            bottom = height - box.bottom
            chars.append(
                {
                    "text": text,
                    "x0": box.left,
                    "x1": box.right,
                    "top": bottom - size,
                    "bottom": bottom,
                    "matrix": matrix,
                }
            )
        return chars
    finally:
        textpage.close()


def _char_matrix(raw, index: int) -> tuple[tuple, float]:
    """(the character's text matrix a, b, c, d; its font size on the page)."""
    matrix = pdfium_raw.FS_MATRIX()
    pdfium_raw.FPDFText_GetMatrix(raw, index, ctypes.byref(matrix))
    size = pdfium_raw.FPDFText_GetFontSize(raw, index) * abs(matrix.d)
    return (matrix.a, matrix.b, matrix.c, matrix.d), size


def scanned_pages(data: bytes) -> int:
    """How many pages of the PDF have no text layer but an image: the pages OCR
    would read (0 for a damaged file: reading it will say why)."""
    try:
        document = pypdfium2.PdfDocument(data)
    except Exception:  # noqa: BLE001 — read_pdf will try pdfminer's salvage: so does this
        return _scanned_pages_pdfplumber(data)
    try:
        if len(document) > MAX_PAGES:
            return 0
        count = 0
        for number in range(len(document)):
            page = document[number]
            if _has_image(page) and not _has_text(page):
                count += 1
        return count
    except Exception:  # noqa: BLE001
        return 0
    finally:
        document.close()


def _scanned_pages_pdfplumber(data: bytes) -> int:
    with _quiet():
        try:
            with _pdfplumber().open(io.BytesIO(data), raise_unicode_errors=False) as pdf:
                if len(pdf.pages) > MAX_PAGES:
                    return 0
                return sum(1 for page in pdf.pages if page.images and not page.chars)
        except Exception:  # noqa: BLE001 — only a hint; read_pdf reports the damage
            return 0


def _has_text(page) -> bool:
    textpage = page.get_textpage()
    try:
        return textpage.count_chars() > 0
    finally:
        textpage.close()


def ocr_pdf_pages(data: bytes, numbers: list[int], *, progress=None):
    """(page index, lines in points, OcrLines) for each page in `numbers`, rendered
    at the resolution of its largest image (at most read_ocr.DPI)."""
    from . import read_ocr  # lazy for cost (module docstring)

    if len(numbers) > read_ocr.MAX_PAGES:
        raise DocumentError(
            f"扫描页数过多({len(numbers)} 页,上限 {read_ocr.MAX_PAGES} 页),请分批上传"
        )
    document = pypdfium2.PdfDocument(data)
    items = read_ocr.ItemNumbers()
    try:
        for done, number in enumerate(numbers, 1):
            page = document[number]
            dpi = _scan_dpi(page, read_ocr.DPI)
            width, height = page.get_size()
            if width * height * (dpi / 72) ** 2 > read_ocr.MAX_PIXELS:
                raise DocumentError(f"第 {number + 1} 页尺寸过大,无法识别")
            image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            lines, read = read_ocr.page_lines(image, dpi=dpi, page=number + 1, numbers=items)
            yield number, lines, read
            if progress is not None:
                progress(done, len(numbers))
    finally:
        document.close()


def _scan_dpi(page, dpi: float) -> float:
    """The resolution the page was scanned at: its largest image's pixels over the
    points it covers, kept between 100 and `dpi` (read_ocr.DPI)."""
    best = 0.0
    for image in page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        px_width, _ = image.get_px_size()
        left, _, right, _ = image.get_bounds()
        if right - left > 1:
            best = max(best, px_width / ((right - left) / 72))
    return min(max(best or dpi, 100.0), dpi)


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _page_lines(page) -> tuple[list[Line], int]:
    """A pdfplumber page's lines, its ruled tables' rows among them."""
    # A single framed cell is a box around text, not a table.
    tables = [t for t in page.find_tables() if len(t.rows) >= 2 or len(t.columns) >= 2]
    return _text_lines(page.chars, tables)


def _text_lines(chars: list[dict], tables=()) -> tuple[list[Line], int]:
    """(lines, characters without a Unicode mapping) of a page's characters; the
    characters inside a table's box become its rows."""
    boxes = [t.bbox for t in tables]
    cids = 0
    kept = []
    levels: dict[tuple, bool] = {}  # a page has a few text matrices and many glyphs
    for char in chars:
        if char["text"].startswith("(cid:"):
            cids += 1
            continue
        matrix = char.get("matrix")
        if type(matrix) is not tuple:
            level = _level(char)
        elif (level := levels.get(matrix)) is None:
            level = levels[matrix] = _level(char)
        if level:
            kept.append(char)
    chars = kept
    in_tables = [c for c in chars if boxes and _inside(c, boxes)]
    lines = char_lines([c for c in chars if not boxes or not _inside(c, boxes)])
    for table in tables:
        for row in table.rows:
            row_chars = [c for c in in_tables if _inside(c, [row.bbox])]
            cells = [_cell_text(row_chars, cell) if cell else "" for cell in row.cells]
            if any(cells):
                x0, top, x1, bottom = row.bbox
                lines.append(Line("\t".join(cells), x0, x1, top, bottom, True))
    lines.sort(key=lambda line: (line.top, line.x0))
    return lines, cids


def _level(char: dict) -> bool:
    """Upright, unrotated glyphs: a diagonal watermark ("内部资料") is not text."""
    a, b, c, d = (char.get("matrix") or (1, 0, 0, 1))[:4]
    return abs(b) <= 0.1 * abs(a) and abs(c) <= 0.1 * abs(d) and a > 0 and d > 0


_TOP_X0 = operator.itemgetter("top", "x0")
_X0 = operator.itemgetter("x0")


def char_lines(chars: list[dict]) -> list[Line]:
    """Glyphs → lines of text. Characters on one baseline (within half their
    height) form a line. A space is written where the PDF has a space glyph, or
    where a gap is wider than the line's usual gap by a quarter of the type size:
    justification and letter spacing spread every gap alike, a real space (between
    two unit names, say) stands out from them."""
    rows: list[list[dict]] = []
    row: list[dict] = []
    row_top = 0.0
    for char in sorted(chars, key=_TOP_X0):
        top = char["top"]
        height = char["bottom"] - top
        # max(height, 1.0) without the call, NaN kept as max keeps it
        if row and abs(top - row_top) <= (1.0 if height < 1.0 else height) / 2:
            row.append(char)
        else:
            row = [char]
            rows.append(row)
            row_top = top
    lines = []
    for row in rows:
        row.sort(key=_X0)
        glyphs = [c for c in row if c["text"].strip()]
        if not glyphs:
            continue
        gaps = [b["x0"] - a["x1"] for a, b in zip(glyphs, glyphs[1:], strict=False)]
        usual = statistics.median(gaps) if gaps else 0.0
        size = statistics.median(c["bottom"] - c["top"] for c in glyphs)
        wide = max(1.5, usual + 0.25 * size)
        parts: list[str] = []
        last = None
        for char in row:
            glyph = char["text"]
            if not glyph.strip():
                if parts and parts[-1] != " ":
                    parts.append(" ")
                continue
            if last is not None and parts[-1] != " " and char["x0"] - last["x1"] > wide:
                parts.append(" ")
            parts.append(glyph)
            last = char
        text = "".join(parts).strip()
        if text:
            lines.append(
                Line(text, glyphs[0]["x0"], glyphs[-1]["x1"], glyphs[0]["top"], glyphs[0]["bottom"])
            )
    return lines


def _cell_text(chars: list[dict], bbox) -> str:
    """Text of one table cell: its lines rejoined like paragraphs, except that a
    line ending short of the cell's edge ends a paragraph of the cell, kept apart
    from the next by a space ("州发改委" / "州工信局" on two lines are two names)."""
    lines = char_lines([c for c in chars if _inside(c, [bbox])])
    if not lines:
        return ""
    size = statistics.median(line.bottom - line.top for line in lines)
    right = bbox[2] - 0.6 * size  # the cell's padding
    parts = [lines[0].text]
    for before, after in zip(lines, lines[1:], strict=False):
        wrapped = right - before.x1 <= first_chunk_width(after.text, size) + 0.6 * size
        parts.append(after.text if wrapped else " " + after.text)
    return "".join(parts).replace("\t", " ").strip()
