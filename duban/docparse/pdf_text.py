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
import zlib
from collections.abc import Iterator
from typing import Any, NamedTuple

__all__ = ["Unsupported", "page_chars"]


class Unsupported(Exception):
    """The file, or one page of it, is outside what this reader reads exactly."""


class Ref(NamedTuple):
    num: int
    gen: int


class Name(str):
    __slots__ = ()


class Stream:
    __slots__ = ("attrs", "raw")

    def __init__(self, attrs: dict, raw: bytes) -> None:
        self.attrs = attrs
        self.raw = raw


_DELIM = rb"()<>\[\]{}/%"
_WHITE = rb"\x00\t\n\x0c\r "
_SKIP = re.compile(rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)*")
_TOKEN = re.compile(
    rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)*(?:"
    rb"(?P<num>[+-]?(?:\d+\.?\d*|\.\d+))(?![^" + _WHITE + _DELIM + rb"])"
    rb"|/(?P<name>[^" + _WHITE + _DELIM + rb"]*)"
    rb"|<(?P<hex>[0-9A-Fa-f\x00\t\n\x0c\r ]*)>"
    rb"|(?P<punct><<|>>|[\[\](])"
    rb"|(?P<kw>[^" + _WHITE + _DELIM + rb"]+))"
)
_FLAT_ARRAY = re.compile(rb"\[([0-9+\-.\x00\t\n\x0c\r ]*)\]")
_HEX_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>[\x00\t\n\x0c\r ]*<([0-9A-Fa-f]+)>")
_REF_TAIL = re.compile(
    rb"[\x00\t\n\x0c\r ]+(\d+)[\x00\t\n\x0c\r ]+R(?![^" + _WHITE + _DELIM + rb"])"
)
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_LITERAL_STOP = re.compile(rb"[()\\]")
_OCTAL = re.compile(rb"[0-7]{1,3}")
_ESCAPES = {
    ord("n"): b"\n",
    ord("r"): b"\r",
    ord("t"): b"\t",
    ord("b"): b"\b",
    ord("f"): b"\f",
}
_NO_VALUE = object()


def _literal(data: bytes, pos: int) -> tuple[bytes, int]:
    """A literal string's bytes from just after its "(", and the position after its ")"."""
    out = bytearray()
    depth = 1
    while True:
        m = _LITERAL_STOP.search(data, pos)
        if m is None:
            raise Unsupported("unterminated string")
        out += data[pos : m.start()]
        pos = m.end()
        c = data[m.start()]
        if c == 0x28:  # (
            depth += 1
            out.append(c)
        elif c == 0x29:  # )
            depth -= 1
            if depth == 0:
                return bytes(out), pos
            out.append(c)
        else:
            if pos >= len(data):
                raise Unsupported("unterminated string")
            e = data[pos]
            if 0x30 <= e <= 0x37:
                o = _OCTAL.match(data, pos)
                assert o is not None
                out.append(int(o.group(), 8) & 0xFF)
                pos = o.end()
            elif e == 0x0D:  # a backslash before the line's end continues the string
                pos += 2 if data[pos + 1 : pos + 2] == b"\n" else 1
            elif e == 0x0A:
                pos += 1
            else:
                out += _ESCAPES.get(e, bytes((e,)))
                pos += 1


def _number(text: bytes) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)


def parse_object(data: bytes, pos: int) -> tuple[Any, int]:
    """One object (no stream body) at `pos`: (value, position after it)."""
    stack: list[list] = []
    while True:
        m = _TOKEN.match(data, pos)
        if m is None:
            raise Unsupported(f"unreadable object at {pos}")
        pos = m.end()
        kind = m.lastgroup
        value: Any
        if kind == "num":
            value = _number(m.group("num"))
            if not stack and type(value) is int and (ref := _REF_TAIL.match(data, pos)):
                value, pos = Ref(value, int(ref.group(1))), ref.end()
        elif kind == "name":
            raw = m.group("name")
            if b"#" in raw:
                raw = _NAME_ESCAPE.sub(lambda e: bytes((int(e.group(1), 16),)), raw)
            value = Name(raw.decode("latin-1"))
        elif kind == "hex":
            digits = re.sub(rb"[^0-9A-Fa-f]", b"", m.group("hex"))
            if len(digits) % 2:
                digits += b"0"
            value = bytes.fromhex(digits.decode())
        elif kind == "punct":
            p = m.group("punct")
            if p == b"(":
                value, pos = _literal(data, pos)
            elif p == b"[" and (flat := _FLAT_ARRAY.match(data, m.start("punct"))):
                # an array of numbers only (a font's widths: thousands), in one match
                value = [_number(t) for t in flat.group(1).split()]
                pos = flat.end()
            elif p in (b"[", b"<<"):
                stack.append([p])
                continue
            else:
                if not stack:
                    raise Unsupported("unbalanced")
                items = stack.pop()
                opener = items[0]
                if p == b"]" and opener == b"[":
                    value = items[1:]
                elif p == b">>" and opener == b"<<":
                    body = items[1:]
                    if len(body) % 2:
                        raise Unsupported("odd dictionary")
                    value = {}
                    for k, v in zip(body[::2], body[1::2], strict=True):
                        if type(k) is not Name:
                            raise Unsupported("dictionary key")
                        value[str(k)] = v
                else:
                    raise Unsupported("unbalanced")
        else:
            kw = m.group("kw")
            if kw == b"R":
                target = stack[-1] if stack else None
                if target is None or len(target) < 3:
                    raise Unsupported("reference")
                gen, num = target.pop(), target.pop()
                if type(num) is not int or type(gen) is not int:
                    raise Unsupported("reference")
                value = Ref(num, gen)
            elif kw == b"true":
                value = True
            elif kw == b"false":
                value = False
            elif kw == b"null":
                value = None
            else:
                if stack:
                    raise Unsupported(f"keyword {kw!r} inside an object")
                # a bare keyword (obj, endobj, stream, R of a reference…) ends the object
                return _NO_VALUE, m.start("kw")
        if not stack:
            return value, pos
        stack[-1].append(value)


_OBJ_HEAD = re.compile(rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)*(\d+)\s+(\d+)\s+obj")
_STREAM_HEAD = re.compile(rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)*stream(?:\r\n|\n|\r)")
_XREF_ROW = re.compile(rb"(\d{10})[ ](\d{5})[ ]([nf])")
_SUBSECTION = re.compile(rb"[\x00\t\n\x0c\r ]*(\d+)[ ]+(\d+)[\x00\t\n\x0c\r ]*")


MAX_STREAM = 64 << 20  # decoded bytes of one stream; a bigger one is left to pdfium
# A page's content this reader takes: its Python tokenizer is ~100× slower than pdfium's,
# so a content stream far beyond any text page (the seed's run to 25 KB) goes to pdfium.
MAX_CONTENT = 4 << 20


def _flate(raw: bytes) -> bytes:
    inflate = zlib.decompressobj()
    try:
        data = inflate.decompress(raw, MAX_STREAM)
    except zlib.error as exc:
        raise Unsupported("damaged stream") from exc
    if inflate.unconsumed_tail or not inflate.eof:
        raise Unsupported("stream too long or cut short")
    return data


def _unpredict(data: bytes, params: dict) -> bytes:
    """PNG predictors (a cross-reference stream's rows), as the spec defines them."""
    predictor = params.get("Predictor", 1)
    if predictor == 1:
        return data
    if predictor < 10 or params.get("Colors", 1) != 1 or params.get("BitsPerComponent", 8) != 8:
        raise Unsupported("predictor")
    if len(data) > MAX_CONTENT:
        raise Unsupported("cross-reference stream too long for this reader")
    columns = params.get("Columns", 1)
    if type(columns) is not int or columns < 1:
        raise Unsupported("predictor")
    out = bytearray()
    prior = bytearray(columns)
    for start in range(0, len(data), columns + 1):
        kind, row = data[start], bytearray(data[start + 1 : start + 1 + columns])
        if len(row) < columns:
            break
        if kind == 1:
            for i in range(1, columns):
                row[i] = (row[i] + row[i - 1]) & 0xFF
        elif kind == 2:
            for i in range(columns):
                row[i] = (row[i] + prior[i]) & 0xFF
        elif kind == 3:
            for i in range(columns):
                left = row[i - 1] if i else 0
                row[i] = (row[i] + (left + prior[i]) // 2) & 0xFF
        elif kind == 4:
            for i in range(columns):
                a = row[i - 1] if i else 0
                b, c = prior[i], prior[i - 1] if i else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        elif kind != 0:
            raise Unsupported("predictor")
        out += row
        prior = row
    return bytes(out)


class Document:
    """The file's cross-reference table and objects (classic tables, cross-reference
    streams and object streams; no encryption)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.offsets: dict[int, int] = {}
        self.packed: dict[int, tuple[int, int]] = {}
        self.cache: dict[int, Any] = {}
        self.streams: dict[int, tuple[int, list[tuple[int, int]]]] = {}
        at = data.rfind(b"startxref", max(0, len(data) - 2048))
        if at < 0:
            raise Unsupported("no startxref")
        m = re.compile(rb"startxref\s+(\d+)").match(data, at)
        if m is None:
            raise Unsupported("no startxref")
        trailer: dict | None = None
        seen: set[int] = set()
        offset: Any = int(m.group(1))
        while offset is not None:
            if type(offset) is not int or offset in seen or not 0 <= offset < len(data):
                raise Unsupported("cross-reference chain")
            seen.add(offset)
            section = self._section(offset)
            if "XRefStm" in section:
                raise Unsupported("hybrid cross-reference")
            trailer = trailer or section
            offset = section.get("Prev")
        assert trailer is not None
        if "Encrypt" in trailer:
            raise Unsupported("encrypted")
        self.trailer = trailer

    def _section(self, offset: int) -> dict:
        data = self.data
        if data.startswith(b"xref", offset):
            pos = offset + 4
            while True:
                m = _SUBSECTION.match(data, pos)
                if m is None:
                    break
                first, count = int(m.group(1)), int(m.group(2))
                pos = m.end()
                for number in range(first, first + count):
                    row = _XREF_ROW.match(data, pos)
                    if row is None:
                        raise Unsupported("cross-reference row")
                    pos = _SKIP.match(data, row.end()).end()  # type: ignore[union-attr]
                    if row.group(3) == b"n" and number not in self.offsets:
                        if number not in self.packed:
                            self.offsets[number] = int(row.group(1))
            m = re.compile(rb"\s*trailer").match(data, pos)
            if m is None:
                raise Unsupported("no trailer")
            trailer, _ = parse_object(data, m.end())
            if type(trailer) is not dict:
                raise Unsupported("trailer")
            return trailer
        value, _ = self._at(offset, None)
        if type(value) is not Stream or value.attrs.get("Type") != "XRef":
            raise Unsupported("cross-reference stream")
        attrs = value.attrs
        widths = attrs.get("W")
        if type(widths) is not list or len(widths) != 3 or any(type(w) is not int for w in widths):
            raise Unsupported("cross-reference widths")
        rows = self.decode(value, predictors=True)
        index = attrs.get("Index", [0, attrs.get("Size", 0)])
        w1, w2, w3 = widths
        size = w1 + w2 + w3
        pos = 0
        for first, count in zip(index[::2], index[1::2], strict=True):
            for number in range(first, first + count):
                entry = rows[pos : pos + size]
                if len(entry) < size:
                    raise Unsupported("short cross-reference stream")
                pos += size
                kind = int.from_bytes(entry[:w1], "big") if w1 else 1
                a = int.from_bytes(entry[w1 : w1 + w2], "big")
                b = int.from_bytes(entry[w1 + w2 :], "big")
                if number in self.offsets or number in self.packed:
                    continue
                if kind == 1:
                    self.offsets[number] = a
                elif kind == 2:
                    self.packed[number] = (a, b)
        return attrs

    def _at(self, offset: int, number: int | None) -> tuple[Any, int]:
        data = self.data
        m = _OBJ_HEAD.match(data, offset)
        if m is None or (number is not None and int(m.group(1)) != number):
            raise Unsupported("object not where the table says")
        value, pos = parse_object(data, m.end())
        if value is _NO_VALUE:
            raise Unsupported("empty object")
        if type(value) is dict:
            s = _STREAM_HEAD.match(data, pos)
            if s is not None:
                length = self.get(value.get("Length"))
                if type(length) is not int or length < 0 or s.end() + length > len(data):
                    raise Unsupported("stream length")
                end = s.end() + length
                if not _SKIP.match(data, end).end() == data.find(b"endstream", end):  # type: ignore[union-attr]
                    raise Unsupported("stream length")
                value = Stream(value, data[s.end() : end])
        return value, pos

    def get(self, value: Any) -> Any:
        """`value`, or the object it refers to."""
        if type(value) is not Ref:
            return value
        number = value.num
        if number in self.cache:
            return self.cache[number]
        if number in self.offsets:
            self.cache[number] = None  # a reference cycle reads as null
            obj, _ = self._at(self.offsets[number], number)
        elif number in self.packed:
            obj = self._packed(*self.packed[number])
        else:
            obj = None
        self.cache[number] = obj
        return obj

    def _packed(self, container: int, index: int) -> Any:
        if container not in self.streams:
            stream = self.get(Ref(container, 0))
            if type(stream) is not Stream or stream.attrs.get("Type") != "ObjStm":
                raise Unsupported("object stream")
            body = self.decode(stream)
            first = stream.attrs.get("First")
            count = stream.attrs.get("N")
            if type(first) is not int or type(count) is not int:
                raise Unsupported("object stream")
            header = body[:first].split()
            pairs = [(int(header[i]), int(header[i + 1])) for i in range(0, 2 * count, 2)]
            self.streams[container] = (first, pairs)
            self.cache[-container - 1] = body
        first, pairs = self.streams[container]
        body = self.cache[-container - 1]
        if index >= len(pairs):
            raise Unsupported("object stream index")
        value, _ = parse_object(body, first + pairs[index][1])
        if value is _NO_VALUE:
            raise Unsupported("empty object")
        return value

    def decode(self, stream: Stream, *, predictors: bool = False) -> bytes:
        filters = self.get(stream.attrs.get("Filter"))
        params = self.get(stream.attrs.get("DecodeParms"))
        if type(filters) is list:
            if len(filters) > 1:
                raise Unsupported("filter chain")
            filters = self.get(filters[0]) if filters else None
            params = self.get(params[0]) if type(params) is list and params else params
        if filters is None:
            return stream.raw
        if filters != "FlateDecode":
            raise Unsupported(f"filter {filters}")
        data = _flate(stream.raw)
        if params:
            if type(params) is not dict or not predictors:
                if type(params) is dict and params.get("Predictor", 1) == 1:
                    return data
                raise Unsupported("decode parameters")
            data = _unpredict(data, params)
        return data

    def pages(self) -> list[dict]:
        """Each page's dictionary, with inherited Resources, MediaBox, CropBox and Rotate."""
        root = self.get(self.trailer.get("Root"))
        if type(root) is not dict:
            raise Unsupported("no catalogue")
        found: list[dict] = []
        seen: set[int] = set()

        def walk(ref: Any, inherited: dict, depth: int) -> None:
            if depth > 64:
                raise Unsupported("page tree too deep")
            if type(ref) is Ref:
                if ref.num in seen:
                    raise Unsupported("page tree cycle")
                seen.add(ref.num)
            node = self.get(ref)
            if type(node) is not dict:
                raise Unsupported("page tree")
            attrs = dict(inherited)
            for key in ("Resources", "MediaBox", "CropBox", "Rotate"):
                if key in node:
                    attrs[key] = node[key]
            kind = node.get("Type")
            if kind == "Pages" or (kind is None and "Kids" in node):
                kids = self.get(node.get("Kids"))
                if type(kids) is not list:
                    raise Unsupported("page tree")
                for kid in kids:
                    walk(kid, attrs, depth + 1)
                    if len(found) > 1000:
                        raise Unsupported("too many pages")
            else:
                found.append({**node, **attrs})

        walk(root.get("Pages"), {}, 0)
        return found


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
        if block.group(1) == b"char" and not _HEX_PAIR.sub(b"", body).strip():
            # the usual form, hex code to hex text, read in one pass
            for src, dst in _HEX_PAIR.findall(body):
                if len(src) % 2 == 0 and len(dst) % 4 == 0:
                    mapping[int(src, 16)] = bytes.fromhex(dst.decode())
                else:
                    raise Unsupported("ToUnicode")
            continue
        items = []
        pos = 0
        while True:
            value, pos = parse_object(body, pos)
            if value is _NO_VALUE:
                raise Unsupported("ToUnicode")
            items.append(value)
            if _SKIP.match(body, pos).end() >= len(body):  # type: ignore[union-attr]
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
    token = _TOKEN.match
    while pos < end:
        m = token(data, pos)
        if m is None:
            if _SKIP.match(data, pos).end() >= end:  # type: ignore[union-attr]
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
            value = _number(m.group("num"))
        elif kind == "hex":
            value = _hex_string(m.group("hex"))
        elif kind == "name":
            value = Name(m.group("name").decode("latin-1"))
        else:
            p = m.group("punct")
            if p == b"(":
                value, pos = _literal(data, pos)
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
