"""pdf_text.py, the text layer read from the content streams: each glyph it reads has
the text and box pdfplumber gives it, so read_pdf reads every PDF the tests make as
pdfium and pdfplumber did (test_pdf_pdfium.py compares the texts); pages it cannot
read exactly go to pdfium, page by page."""

from __future__ import annotations

import io
import zlib

import pdfplumber
import pypdfium2
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban.docparse import pdf_text
from duban.docparse.errors import DocumentError
from duban.docparse.normalize import clean_text
from duban.docparse.read_pdf import read_pdf, read_pdf_pdfium, read_pdf_pdfplumber
from tests.docparse import makedocs
from tests.docparse.test_pdf_pdfium import DOCUMENTS, MADE


def _same_chars(data: bytes, layer) -> int:
    """Assert each page `layer` read has pdfplumber's characters; how many it read."""
    read = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(layer) == len(pdf.pages)
        for chars, page in zip(layer, pdf.pages, strict=True):
            if chars is None:
                continue
            read += 1
            reference = page.chars
            assert [c["text"] for c in chars] == [c["text"] for c in reference]
            for mine, theirs in zip(chars, reference, strict=True):
                for key in ("x0", "x1", "top", "bottom"):
                    assert mine[key] == pytest.approx(theirs[key], abs=1e-6), key
                assert mine["matrix"] == pytest.approx(tuple(theirs["matrix"][:4]), abs=1e-9)
    return read


@pytest.mark.parametrize("name", MADE)
def test_made_pdfs_read_glyph_for_glyph_as_pdfplumber(name):
    data = MADE[name]()
    layer = pdf_text.page_chars(data)
    if name == "restricted":
        assert layer is None  # encrypted: pdfium reads it
        return
    read = _same_chars(data, layer)
    if name in ("seed", "seed-no-header", "letter-spaced", "watermark", "hyphen-at-line-end"):
        assert read == len(layer)  # text only: every page read here, none by pdfium
    if name in ("table", "tab-table", "header-rule"):
        assert read == 0  # ruling: pdfium decides whether pdfplumber finds a table


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_each_document_reads_glyph_for_glyph_as_pdfplumber(path):
    data = makedocs.make_pdf(clean_text(path.read_text(encoding="utf-8")), header=None)
    _same_chars(data, pdf_text.page_chars(data))


# A PDF written here, for what WeasyPrint does not write: a classic cross-reference
# table, simple fonts, the text-state operators, pages this reader must refuse.

_CMAP = b"""/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Test-UCS def /CMapType 2 def
1 begincodespacerange <0000> <ffff> endcodespacerange
3 beginbfchar <0001> <4e00> <0002> <0020> <0003> <5dde> endbfchar
1 beginbfrange <0010> <0015> <0041> endbfrange
1 beginbfrange <0020> <0021> [<53d1> <6539>] endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end"""
_SIMPLE_CMAP = b"""begincmap 1 begincodespacerange <00> <ff> endcodespacerange
1 beginbfrange <20> <7e> <0020> endbfrange endcmap"""
CID_CODES = [1, 2, 3, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x20, 0x21]
SIMPLE_CODES = list(range(0x20, 0x7F))


def _pdf(pages: list[bytes], *, fonts: bytes = b"", page_extra: bytes = b"") -> bytes:
    """A PDF of `pages` (content streams) with fonts /F1 (Type0, Identity-H) and /F2
    (TrueType) and whatever `fonts` adds to the font resources."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(data: bytes, extra: bytes = b"") -> int:
        packed = zlib.compress(data)
        return add(
            b"<< /Length %d /Filter /FlateDecode %s >>\nstream\n%s\nendstream"
            % (len(packed), extra, packed)
        )

    descriptor = add(
        b"<< /Type /FontDescriptor /FontName /Test /Flags 4 /FontBBox [0 -200 1000 900]"
        b" /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>"
    )
    simple_descriptor = add(
        b"<< /Type /FontDescriptor /FontName /Simple /Flags 32 /FontBBox [0 -250 1000 900]"
        b" /ItalicAngle 0 /Ascent 900 /Descent -250 /CapHeight 700 /StemV 80 >>"
    )
    to_unicode = stream(_CMAP)
    cid = add(
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Test /CIDSystemInfo"
        b" << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R"
        b" /W [1 [500 250 1000] 16 20 600 32 [700 800]] /DW 900 >>" % descriptor
    )
    f1 = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Test /Encoding /Identity-H"
        b" /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (cid, to_unicode)
    )
    widths = b" ".join(b"%d" % (400 + 7 * i) for i in range(95))
    f2 = add(
        b"<< /Type /Font /Subtype /TrueType /BaseFont /Simple /FirstChar 32 /LastChar 126"
        b" /Widths [%s] /FontDescriptor %d 0 R /ToUnicode %d 0 R >>"
        % (widths, simple_descriptor, stream(_SIMPLE_CMAP))
    )
    extra_fonts = fonts.replace(b"$CID_DESCRIPTOR", b"%d 0 R" % descriptor)
    resources = add(
        b"<< /Font << /F1 %d 0 R /F2 %d 0 R %s >> /ExtGState << /G1 << /ca 1 >> >> >>"
        % (f1, f2, extra_fonts)
    )
    contents = [stream(page) for page in pages]
    pages_number = len(objects) + len(pages) + 1
    kids = [
        add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 600 800] /Contents %d 0 R"
            b" /Resources %d 0 R %s >>" % (pages_number, content, resources, page_extra)
        )
        for content in contents
    ]
    assert (
        add(
            b"<< /Type /Pages /Kids [%s] /Count %d >>"
            % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
        )
        == pages_number
    )
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_number)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        xref,
    )
    return bytes(out)


def _hex(codes: list[int], width: int) -> bytes:
    return b"<" + b"".join(b"%0*x" % (2 * width, c) for c in codes) + b">"


def _literal(codes: list[int]) -> bytes:
    """Single-byte codes as a literal string, with the escapes a writer may use."""
    out = bytearray(b"(")
    for c in codes:
        if c in (0x28, 0x29, 0x5C):
            out += b"\\" + bytes((c,))
        elif c == 0x41:
            out += b"\\101"
        else:
            out.append(c)
    return bytes(out + b")")


_NUMBER = st.decimals(min_value=-40, max_value=40, places=2).map(lambda d: str(d).encode())
_SMALL = st.decimals(min_value=-3, max_value=3, places=2).map(lambda d: str(d).encode())


@st.composite
def _show(draw, font: int) -> bytes:
    codes = CID_CODES if font == 1 else SIMPLE_CODES
    width = 2 if font == 1 else 1

    def text():
        chosen = draw(st.lists(st.sampled_from(codes), min_size=1, max_size=6))
        if width == 1 and draw(st.booleans()):
            return _literal(chosen)
        return _hex(chosen, width)

    kind = draw(st.sampled_from(["Tj", "TJ", "'"]))
    if kind == "TJ":
        items = draw(st.lists(st.one_of(st.just(None), _NUMBER), min_size=1, max_size=5))
        parts = [text() if item is None else item for item in items]
        return b"[" + b" ".join(parts) + b"] TJ"
    return b"%s %s" % (text(), kind.encode())


@st.composite
def _content(draw) -> bytes:
    ops = [b"BT", b"/F1 12 Tf", b"72 700 Td"]
    font = 1
    fonts: list[int] = []  # the font saved by each q not yet restored
    for _ in range(draw(st.integers(1, 14))):
        choice = draw(
            st.sampled_from(
                ["show", "show", "show", "Tc", "Tw", "Tz", "Ts", "TL", "Td", "TD", "T*", "Tm", "Tf"]
                + ["q", "Q", "gs", "colour"]
            )
        )
        if choice == "show":
            ops.append(draw(_show(font)))
        elif choice in ("Tc", "Tw", "Ts", "TL"):
            ops.append(b"%s %s" % (draw(_SMALL), choice.encode()))
        elif choice == "Tz":
            ops.append(b"%d Tz" % draw(st.integers(50, 200)))
        elif choice in ("Td", "TD"):
            ops.append(b"%s %s %s" % (draw(_NUMBER), draw(_NUMBER), choice.encode()))
        elif choice == "T*":
            ops.append(b"T*")
        elif choice == "Tm":
            scale = draw(
                st.sampled_from([b"1 0 0 1", b"1.5 0 0 1.5", b"1 0 0 -1", b"0.8 0.6 -0.6 0.8"])
            )
            ops.append(b"%s %s %s Tm" % (scale, draw(_NUMBER), draw(_NUMBER)))
        elif choice == "Tf":
            font = draw(st.sampled_from([1, 2]))
            ops.append(b"/F%d %d Tf" % (font, draw(st.integers(6, 30))))
        elif choice == "q":  # outside BT…ET, where pdfminer and pdfium agree
            fonts.append(font)
            ops.append(b"ET q 1 0 0 1 %s %s cm BT" % (draw(_NUMBER), draw(_NUMBER)))
        elif choice == "Q" and fonts:
            font = fonts.pop()  # Q restores the font too
            ops.append(b"ET Q BT")
        elif choice == "gs":
            ops.append(b"/G1 gs")
        elif choice == "colour":
            ops.append(b"0.2 0.4 0.6 rg /Span << /MCID 3 >> BDC EMC % a comment")
    ops += [b"ET"] + [b"Q"] * len(fonts)
    return b"\n".join(ops)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages=st.lists(_content(), min_size=1, max_size=2))
def test_text_state_operators_place_glyphs_as_pdfplumber(pages):
    data = _pdf(pages)
    layer = pdf_text.page_chars(data)
    assert layer is not None and None not in layer
    _same_chars(data, layer)


def _outcome(reader, data: bytes) -> str:
    """The text a reader gives, or the message it refuses the file with."""
    try:
        return reader(data, ocr=False)[0]
    except DocumentError as exc:
        return f"DocumentError: {exc}"


def _refused(content: bytes, **kwargs) -> None:
    """A page with `content` goes to pdfium; the one beside it is still read here,
    and the text is what pdfium and pdfplumber read."""
    plain = b"BT /F1 12 Tf 72 700 Td <00010003> Tj ET"
    data = _pdf([plain, content], **kwargs)
    layer = pdf_text.page_chars(data)
    assert layer is not None
    assert layer[0] is not None
    assert layer[1] is None
    assert _outcome(read_pdf, data) == _outcome(read_pdf_pdfium, data)


_TYPE3 = b"""/F3 << /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000]
/FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << /a 1 0 R >> /Encoding << /Differences [97 /a] >>
/FirstChar 97 /LastChar 97 /Widths [1000] /Resources << >> >>"""
_NO_TO_UNICODE = b"""/F4 << /Type /Font /Subtype /TrueType /BaseFont /Simple /FirstChar 32
/LastChar 32 /Widths [500] /FontDescriptor $CID_DESCRIPTOR >>"""
_VERTICAL = b"""/F5 << /Type /Font /Subtype /Type0 /BaseFont /Test /Encoding /Identity-V
/DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Test
/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>
/FontDescriptor $CID_DESCRIPTOR >>] >>"""


@pytest.mark.parametrize(
    ("content", "fonts"),
    [
        (b"BT /F3 12 Tf 72 700 Td (a) Tj ET", _TYPE3),
        (b"BT /F4 12 Tf 72 700 Td ( ) Tj ET", _NO_TO_UNICODE),
        (b"BT /F5 12 Tf 72 700 Td <0001> Tj ET", _VERTICAL),
        (b"BT /F1 12 Tf 72 700 Td <0009> Tj ET", b""),  # a glyph without a mapping
        (b"BT /F1 12 Tf 3 Tr 72 700 Td <0001> Tj ET", b""),  # invisible text
        (b"72 700 m 300 700 l S BT /F1 12 Tf 72 680 Td <0001> Tj ET", b""),  # a rule
        (b"10 10 100 100 re f BT /F1 12 Tf 72 680 Td <0001> Tj ET", b""),  # a box
        (b"q 100 0 0 100 0 0 cm /Im1 Do Q", b""),  # an image or form
        (b"BT /F1 12 Tf 72 700 Td <0001> Tj ET 0 0 1 rg 1 1 sh", b""),  # a shading
        # pdfminer shows '"'s text on the same line, pdfium on the next
        (b'BT /F1 12 Tf 14 TL 72 700 Td <0001> Tj 0 0 <0003> " ET', b""),
        # pdfminer restores the text matrix at Q, pdfium does not
        (b"BT /F1 12 Tf 72 700 Td q 0 -20 Td <0001> Tj Q <0003> Tj ET", b""),
    ],
    ids=[
        *("type3", "no-tounicode", "vertical", "unmapped", "render-mode", "rule", "box"),
        *("xobject", "shading", "double-quote", "q-inside-text"),
    ],
)
def test_a_page_this_reader_cannot_read_exactly_goes_to_pdfium(content, fonts):
    _refused(content, fonts=fonts)


def test_a_clipping_path_that_paints_nothing_is_read_here():
    data = _pdf([b"q 0 0 600 800 re W n BT /F1 12 Tf 72 700 Td <0001> Tj ET Q"])
    layer = pdf_text.page_chars(data)
    assert layer is not None and layer[0] is not None
    _same_chars(data, layer)


@pytest.mark.parametrize("extra", [b"/Rotate 90", b"/CropBox [10 10 500 700]"])
def test_rotated_or_cropped_pages_go_to_pdfium(extra):
    data = _pdf([b"BT /F1 12 Tf 72 700 Td <0001> Tj ET"], page_extra=extra)
    assert pdf_text.page_chars(data) == [None]
    assert _outcome(read_pdf, data) == _outcome(read_pdf_pdfium, data)


def test_a_damaged_file_goes_to_pdfium_whole():
    data = _pdf([b"BT /F1 12 Tf 72 700 Td <00010003> Tj ET"])
    broken = data.replace(b"startxref\n", b"startxref\n9")
    assert pdf_text.page_chars(broken) is None
    assert _outcome(read_pdf, broken) == _outcome(read_pdf_pdfplumber, broken)
    cut = data.replace(b"stream\n", b"stream\n\x00", 1)  # the first stream's zlib header
    layer = pdf_text.page_chars(cut)
    assert layer is None or layer == [None]


def test_seed_pdf_is_read_without_loading_a_page_in_pdfium(monkeypatch):
    data = MADE["seed"]()
    expected = read_pdf_pdfium(data, ocr=False)[0]

    def refuse(*args, **kwargs):
        raise AssertionError("pdfium opened")

    monkeypatch.setattr(pypdfium2, "PdfDocument", refuse)
    assert read_pdf(data, ocr=False)[0] == expected


def test_a_damaged_font_program_sends_the_page_to_pdfium():
    """The reader does not use the embedded font, but pdfium does: with the program
    damaged pdfium places the glyphs otherwise, so the page is left to it."""
    data = MADE["letter-spaced"]()
    stream = data.index(b"stream", data.index(b"/Subtype /OpenType")) + 7
    damaged = data[: stream + 1000] + bytes([data[stream + 1000] ^ 0xFF]) + data[stream + 1001 :]
    assert pdf_text.page_chars(data) != [None]
    assert pdf_text.page_chars(damaged) == [None]
    assert _outcome(read_pdf, damaged) == _outcome(read_pdf_pdfium, damaged)
