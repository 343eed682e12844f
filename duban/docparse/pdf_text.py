"""A PDF's text layer read from its own content streams, for the common case.

What read_pdf.py needs of a page is its glyphs with pdfminer's boxes. pdfium gives
them, but loading a page makes it run each CJK glyph's CFF outline twice (benchmarks/
README.md, cli.py): 120–140 ms of CPU for the 12-page seed notice before a character
is read. The boxes need none of that — only the text state, the font's widths and its
descent — so this module reads them the way pdfminer's interpreter does
(`PDFPageInterpreter`, `PDFTextDevice.render_string_horizontal`, `LTChar`), in a
fraction of pdfminer's time: pdfminer's own parser takes ~45 ms just to open the
seed's objects and is ~50 ms to import; no maintained Python library reads a page's
glyph positions without either rasterising fonts (pdfium, MuPDF) or pdfminer's
token-at-a-time PostScript parser.

Only what it reads exactly is read: a page is refused (`Unsupported`, the caller reads
it through pdfium as before) when it paints a path, an image or a form (pdfplumber may
have to find a table there, and an image-only page may need OCR), is rotated, has a
crop box or a media box off the origin, uses a font other than a horizontal Type0
(Identity-H) or a simple TrueType/Type1 font with a ToUnicode map and widths for every
glyph shown, maps a glyph to anything but one printable character, sets a text
rendering mode, uses an operator outside the text and graphics-state ones, or holds
anything this lean parser does not take (encryption, filters other than Flate, a
broken cross-reference table): then results never change, they only come faster.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from .pdf_objects import (
    HEX_PAIR,
    MAX_CONTENT,
    NO_VALUE,
    SKIP,
    TOKEN,
    Document,
    Name,
    Ref,
    Stream,
    Unsupported,
    literal,
    number,
    parse_object,
)

__all__ = ["Unsupported", "page_chars"]


class Font:
    """What a glyph's box needs: codes → (text, width in 1/1000 em), the descent."""

    __slots__ = ("descent", "glyphs", "two_bytes")

    def __init__(
        self, glyphs: dict[int, tuple[str, float]], descent: float, two_bytes: bool
    ) -> None:
        self.glyphs = glyphs
        self.descent = descent
        self.two_bytes = two_bytes


def _num(value: Any) -> float:
    if type(value) not in (int, float):
        raise Unsupported("number expected")
    return value


def _to_unicode(doc: Document, value: Any) -> dict[int, str]:
    """A ToUnicode CMap's one-character mappings (pdfminer's reading of bfchar and
    bfrange); anything else a glyph maps to is left out, so a glyph showing it is
    refused."""
    stream = doc.get(value)
    if type(stream) is not Stream:
        raise Unsupported("no ToUnicode")
    data = doc.decode(stream)
    mapping: dict[int, bytes] = {}
    for block in re.finditer(rb"beginbf(char|range)(.*?)endbf\1", data, re.S):
        body = block.group(2)
        if block.group(1) == b"char" and not HEX_PAIR.sub(b"", body).strip():
            # the usual form, hex code to hex text, read in one pass
            for src, dst in HEX_PAIR.findall(body):
                if len(src) % 2 == 0 and len(dst) % 4 == 0:
                    mapping[int(src, 16)] = bytes.fromhex(dst.decode())
                else:
                    raise Unsupported("ToUnicode")
            continue
        items = []
        pos = 0
        while True:
            value, pos = parse_object(body, pos)
            if value is NO_VALUE:
                raise Unsupported("ToUnicode")
            items.append(value)
            if SKIP.match(body, pos).end() >= len(body):  # type: ignore[union-attr]
                break
        if block.group(1) == b"char":
            if len(items) % 2:
                raise Unsupported("ToUnicode")
            for src, dst in zip(items[::2], items[1::2], strict=True):
                if type(src) is not bytes or type(dst) is not bytes:
                    raise Unsupported("ToUnicode")
                mapping[int.from_bytes(src, "big")] = dst
        else:
            if len(items) % 3:
                raise Unsupported("ToUnicode")
            for lo, hi, dst in zip(items[::3], items[1::3], items[2::3], strict=True):
                if type(lo) is not bytes or type(hi) is not bytes:
                    raise Unsupported("ToUnicode")
                start, end = int.from_bytes(lo, "big"), int.from_bytes(hi, "big")
                if end - start > 0x10000:
                    raise Unsupported("ToUnicode range")
                if type(dst) is list:
                    for i, code in enumerate(range(start, end + 1)):
                        if i < len(dst) and type(dst[i]) is bytes:
                            mapping[code] = dst[i]
                elif type(dst) is bytes and dst:
                    prefix, tail = dst[:-4], dst[-4:]
                    base = int.from_bytes(tail, "big")
                    for i, code in enumerate(range(start, end + 1)):
                        mapping[code] = prefix + ((base + i) & (256 ** len(tail) - 1)).to_bytes(
                            len(tail), "big"
                        )
                else:
                    raise Unsupported("ToUnicode")
    texts = {}
    for code, dst in mapping.items():
        try:
            text = dst.decode("utf-16-be")
        except UnicodeDecodeError:
            continue
        if len(text) == 1 and (text.isprintable() or unicodedata.category(text) == "Zs"):
            texts[code] = text
    return texts


def _font(doc: Document, spec: Any) -> Font:
    spec = doc.get(spec)
    if type(spec) is not dict:
        raise Unsupported("font")
    subtype = spec.get("Subtype")
    if subtype == "Type0":
        if doc.get(spec.get("Encoding")) != "Identity-H":
            raise Unsupported("CMap")
        descendants = doc.get(spec.get("DescendantFonts"))
        if type(descendants) is not list or not descendants:
            raise Unsupported("descendant font")
        cid = doc.get(descendants[0])
        if type(cid) is not dict or cid.get("Subtype") not in ("CIDFontType0", "CIDFontType2"):
            raise Unsupported("descendant font")
        texts = _to_unicode(doc, spec.get("ToUnicode"))
        descriptor = doc.get(cid.get("FontDescriptor"))
        default = _num(doc.get(cid.get("DW", 1000)))
        widths: dict[int, float] = {}
        w = doc.get(cid.get("W", []))
        if type(w) is not list:
            raise Unsupported("widths")
        w = [doc.get(x) for x in w]
        i = 0
        while i < len(w):
            first = w[i]
            if i + 1 < len(w) and type(w[i + 1]) is list:
                for j, width in enumerate(w[i + 1]):
                    widths[int(_num(first)) + j] = _num(doc.get(width))
                i += 2
            elif i + 2 < len(w):
                low, high = int(_num(first)), int(_num(w[i + 1]))
                if high - low > 0xFFFF:
                    raise Unsupported("widths range")
                for code in range(low, high + 1):
                    widths[code] = _num(w[i + 2])
                i += 3
            else:
                break
        glyphs = {code: (text, widths.get(code, default)) for code, text in texts.items()}
        two_bytes = True
    elif subtype in ("TrueType", "Type1", "MMType1"):
        texts = _to_unicode(doc, spec.get("ToUnicode"))
        descriptor = doc.get(spec.get("FontDescriptor"))
        first = doc.get(spec.get("FirstChar"))
        listed = doc.get(spec.get("Widths"))
        if type(first) is not int or type(listed) is not list:
            raise Unsupported("simple font widths")
        widths = {first + i: _num(doc.get(x)) for i, x in enumerate(listed)}
        glyphs = {code: (text, widths[code]) for code, text in texts.items() if code in widths}
        two_bytes = False
    else:
        raise Unsupported(f"font {subtype}")
    if type(descriptor) is not dict:
        raise Unsupported("font descriptor")
    for key in ("FontFile", "FontFile2", "FontFile3"):
        if key in descriptor:
            # Not read, but pdfium reads it: a damaged program makes pdfium place the
            # glyphs otherwise (tests/docparse/test_pdf_text.py), so it must inflate whole.
            program = doc.get(descriptor[key])
            if type(program) is not Stream:
                raise Unsupported("font program")
            doc.decode(program)
    descent = _num(doc.get(descriptor.get("Descent", 0)))
    return Font(glyphs, -abs(descent) * 0.001, two_bytes)


# Operators that change nothing the text's position depends on (colour, line style,
# marked content, building a path that only clips, ended by `n`): skipped. A path that
# is painted ends in another operator, which refuses the page.
_IGNORED = frozenset(
    b"w J j M d ri i rg RG g G k K cs CS sc scn SC SCN BMC BDC EMC MP DP W W* BX EX"
    b" m l c v y h re n".split()
)
_TEXT_STATE = frozenset(b"Tc Tw Tz TL Ts Tr".split())


def _mult(m1: tuple, m0: tuple) -> tuple:
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (
        a0 * a1 + c0 * b1,
        b0 * a1 + d0 * b1,
        a0 * c1 + c0 * d1,
        b0 * c1 + d0 * d1,
        a0 * e1 + c0 * f1 + e0,
        b0 * e1 + d0 * f1 + f0,
    )


def _hex_string(digits: bytes) -> bytes:
    if len(digits) % 2 or not digits.isalnum():
        digits = re.sub(rb"[^0-9A-Fa-f]", b"", digits)
        if len(digits) % 2:
            digits += b"0"
    return bytes.fromhex(digits.decode())


def _operations(data: bytes) -> Iterator[tuple[bytes, list]]:
    """A content stream's (operator, operands), arrays as lists."""
    operands: list[Any] = []
    stack: list[list] = []
    pos, end = 0, len(data)
    token = TOKEN.match
    while pos < end:
        m = token(data, pos)
        if m is None:
            if SKIP.match(data, pos).end() >= end:  # type: ignore[union-attr]
                break
            raise Unsupported(f"content token at {pos}")
        pos = m.end()
        kind = m.lastgroup
        value: Any
        if kind == "kw":
            if stack:
                raise Unsupported("operator inside an array")
            yield m.group("kw"), operands
            operands = []
            continue
        if kind == "num":
            value = number(m.group("num"))
        elif kind == "hex":
            value = _hex_string(m.group("hex"))
        elif kind == "name":
            value = Name(m.group("name").decode("latin-1"))
        else:
            p = m.group("punct")
            if p == b"(":
                value, pos = literal(data, pos)
            elif p == b"[":
                stack.append(operands)
                operands = []
                continue
            elif p == b"]":
                if not stack:
                    raise Unsupported("unbalanced array")
                value, operands = operands, stack.pop()
            else:  # a dictionary (marked-content properties)
                value, pos = parse_object(data, m.start("punct"))
        operands.append(value)
    if stack:
        raise Unsupported("unbalanced array")


def _turned(
    text: str,
    ex: float,
    fy: float,
    adv: float,
    low: float,
    high: float,
    matrix: tuple,
    height: float,
) -> dict:
    """A glyph whose matrix turns it: pdfminer's box around its four turned corners."""
    a, b, c, d = matrix
    xs = (ex + low * c, ex + adv * a + low * c, ex + adv * a + high * c, ex + high * c)
    ys = (fy + low * d, fy + adv * b + low * d, fy + adv * b + high * d, fy + high * d)
    return {
        "text": text,
        "x0": min(xs),
        "x1": max(xs),
        "top": height - max(ys),
        "bottom": height - min(ys),
        "matrix": matrix,
    }


class _State:
    """pdfminer's text state and CTM (saved and restored together by q/Q)."""

    __slots__ = (
        "charspace",
        "ctm",
        "font",
        "leading",
        "rise",
        "scaling",
        "size",
        "tm",
        "wordspace",
        "x",
        "y",
    )

    def __init__(self) -> None:
        self.ctm: tuple = (1, 0, 0, 1, 0, 0)
        self.font: Font | None = None
        self.size = self.charspace = self.wordspace = self.rise = self.leading = 0.0
        self.scaling = 100.0
        self.tm: tuple = (1, 0, 0, 1, 0, 0)
        self.x = self.y = 0.0

    def copy(self) -> _State:
        other = _State.__new__(_State)
        for name in _State.__slots__:
            setattr(other, name, getattr(self, name))
        return other

    def next_line(self) -> None:
        a, b, c, d, e, f = self.tm
        self.tm = (a, b, c, d, self.leading * c + e, self.leading * d + f)
        self.x = self.y = 0.0

    def move(self, args: list) -> None:
        if len(args) != 2:
            raise Unsupported("Td")
        tx, ty = _num(args[0]), _num(args[1])
        a, b, c, d, e, f = self.tm
        self.tm = (a, b, c, d, tx * a + ty * c + e, tx * b + ty * d + f)
        self.x = self.y = 0.0

    def set(self, op: bytes, args: list) -> None:
        """Tc, Tw, Tz, TL, Ts, Tr (only 0, text that is filled as usual)."""
        if len(args) != 1:
            raise Unsupported(op.decode())
        value = _num(args[0])
        if op == b"Tc":
            self.charspace = value
        elif op == b"Tw":
            self.wordspace = value
        elif op == b"Tz":
            self.scaling = value
        elif op == b"TL":
            self.leading = -value
        elif op == b"Ts":
            self.rise = value
        elif value != 0:
            raise Unsupported("text rendering mode")

    def show(self, seq: list, chars: list[dict], height: float) -> None:
        """pdfminer's `render_string_horizontal` and `LTChar`, as pdfplumber's chars."""
        font = self.font
        if font is None:
            raise Unsupported("text without a font")
        a, b, c, d, e, f = _mult(self.tm, self.ctm)
        scale = self.scaling * 0.01
        cs = self.charspace * scale
        ws = 0.0 if font.two_bytes else self.wordspace * scale
        dx = 0.001 * self.size * scale
        low = font.descent * self.size + self.rise
        high = low + self.size
        glyphs, two_bytes = font.glyphs, font.two_bytes
        matrix = (a, b, c, d)
        x, y = self.x, self.y
        upright = b == 0 and c == 0
        # Upright text (nearly all): the glyphs of one call share a baseline, so
        # their top and bottom are worked out once.
        fy = y * d + f
        y0, y1 = fy + low * d, fy + high * d
        if y1 < y0:
            y0, y1 = y1, y0
        top, bottom = height - y1, height - y0
        mirrored = a < 0
        append = chars.append
        need = False
        for item in seq:
            kind = type(item)
            if kind is int or kind is float:
                x -= item * dx
                need = True
                continue
            if kind is not bytes:
                raise Unsupported("text array item")
            codes = (
                [(item[i] << 8) | item[i + 1] for i in range(0, len(item) - 1, 2)]
                if two_bytes
                else item
            )
            for code in codes:
                if need:
                    x += cs
                glyph = glyphs.get(code)
                if glyph is None:
                    raise Unsupported("glyph without one character's mapping")
                adv = glyph[1] * dx
                if upright:
                    x0 = x * a + e
                    x1 = x0 + adv * a
                    if mirrored:
                        x0, x1 = x1, x0
                    append(
                        {
                            "text": glyph[0],
                            "x0": x0,
                            "x1": x1,
                            "top": top,
                            "bottom": bottom,
                            "matrix": matrix,
                        }
                    )
                else:
                    append(
                        _turned(
                            glyph[0],
                            x * a + y * c + e,
                            x * b + y * d + f,
                            adv,
                            low,
                            high,
                            matrix,
                            height,
                        )
                    )
                x += adv
                if code == 32 and ws:
                    x += ws
                need = True
        self.x, self.y = x, y


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.doc = Document(data)
        self.fonts: dict[Any, Font] = {}

    def font(self, resources: dict, name: str) -> Font:
        fonts = self.doc.get(resources.get("Font"))
        if type(fonts) is not dict or name not in fonts:
            raise Unsupported("font not in resources")
        ref = fonts[name]
        key = ref if type(ref) is Ref else id(ref)
        font = self.fonts.get(key)
        if font is None:
            font = self.fonts[key] = _font(self.doc, ref)
        return font

    def page(self, page: dict) -> list[dict]:
        doc = self.doc
        if doc.get(page.get("Rotate", 0)) not in (0, None):
            raise Unsupported("rotated page")
        box = doc.get(page.get("MediaBox"))
        if type(box) is not list or len(box) != 4:
            raise Unsupported("media box")
        box = [_num(doc.get(v)) for v in box]
        if box[0] != 0 or box[1] != 0:
            raise Unsupported("media box off the origin")
        crop = doc.get(page.get("CropBox"))
        if crop is not None and [doc.get(v) for v in crop] != box:
            raise Unsupported("crop box")
        resources = doc.get(page.get("Resources"))
        if type(resources) is not dict:
            resources = {}
        contents = doc.get(page.get("Contents"))
        parts = contents if type(contents) is list else [contents] if contents is not None else []
        streams = []
        for part in parts:
            stream = doc.get(part)
            if type(stream) is not Stream:
                raise Unsupported("contents")
            streams.append(doc.decode(stream))
        if sum(map(len, streams)) > MAX_CONTENT:
            raise Unsupported("content too long for this reader")
        return self.run(b"\n".join(streams), resources, box[3])

    def graphics_state(self, resources: dict, args: list) -> None:
        """A `gs` that sets a font (pdfium takes it, pdfminer does not) is refused."""
        states = self.doc.get(resources.get("ExtGState"))
        state = self.doc.get(states.get(args[0])) if args and type(states) is dict else None
        if type(state) is not dict or "Font" in state:
            raise Unsupported("graphics state")

    def run(self, data: bytes, resources: dict, height: float) -> list[dict]:
        """The content stream's glyphs, as pdfminer's interpreter and pdfplumber place them."""
        chars: list[dict] = []
        state = _State()
        saved: list[_State] = []
        in_text = False
        for op, args in _operations(data):
            if op == b"TJ" or op == b"Tj" or op == b"'":
                if len(args) != 1:
                    raise Unsupported("text operands")
                if op == b"'":
                    state.next_line()
                seq = args[0] if op == b"TJ" else args
                if type(seq) is not list:
                    raise Unsupported("text operands")
                state.show(seq, chars, height)
            elif op == b"Tm":
                if len(args) != 6:
                    raise Unsupported("Tm")
                state.tm = tuple(_num(v) for v in args)
                state.x = state.y = 0.0
            elif op == b"Td" or op == b"TD":
                state.move(args)
                if op == b"TD":
                    state.leading = _num(args[1])
            elif op == b"T*":
                state.next_line()
            elif op == b"Tf":
                if len(args) != 2 or type(args[0]) is not Name:
                    raise Unsupported("Tf")
                state.font = self.font(resources, args[0])
                state.size = _num(args[1])
            elif op in _TEXT_STATE:
                state.set(op, args)
            elif op == b"BT":
                state.tm = (1, 0, 0, 1, 0, 0)
                state.x = state.y = 0.0
                in_text = True
            elif op == b"ET":
                in_text = False
            elif in_text and (op == b"q" or op == b"Q"):
                # pdfminer saves the text matrix with the graphics state, pdfium (and
                # the spec) does not: where they differ, pdfium's reading stands
                raise Unsupported("q or Q inside BT")
            elif op == b"q":
                saved.append(state.copy())
            elif op == b"Q":
                if saved:
                    state = saved.pop()
            elif op == b"cm":
                if len(args) != 6:
                    raise Unsupported("cm")
                state.ctm = _mult(tuple(_num(v) for v in args), state.ctm)
            elif op == b"gs":
                self.graphics_state(resources, args)
            elif op not in _IGNORED:
                # painting a path, images, forms, shadings, inline images, Type3 glyph
                # operators, '"' (pdfminer shows its text without moving to the next
                # line, pdfium moves), anything unknown: the page goes to pdfium
                raise Unsupported(f"operator {op!r}")
        return chars


def page_chars(data: bytes) -> list[list[dict] | None] | None:
    """Each page's characters as pdfplumber gives them (the keys read_pdf's
    `_text_lines` reads), None for a page this reader does not read exactly; None
    for a file it does not read at all."""
    try:
        reader = _Reader(data)
        pages = reader.doc.pages()
    except Exception:  # noqa: BLE001 — whatever fails here only sends the file to pdfium
        return None
    found: list[list[dict] | None] = []
    for page in pages:
        try:
            found.append(reader.page(page))
        except Exception:  # noqa: BLE001 — whatever fails here only sends the page to pdfium
            found.append(None)
    return found
