"""A PDF's objects for pdf_text.py: the tokenizer, direct objects, the cross-reference
table or stream, object streams and Flate streams — only as much of the format as a
text-layer reading needs. Anything else (encryption, other filters, a broken
cross-reference table) raises `Unsupported`, and the caller reads the file through
pdfium as before.
"""

from __future__ import annotations

import re
import zlib
from typing import Any, NamedTuple


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
SKIP = re.compile(rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)*")
TOKEN = re.compile(
    rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)*(?:"
    rb"(?P<num>[+-]?(?:\d+\.?\d*|\.\d+))(?![^" + _WHITE + _DELIM + rb"])"
    rb"|/(?P<name>[^" + _WHITE + _DELIM + rb"]*)"
    rb"|<(?P<hex>[0-9A-Fa-f\x00\t\n\x0c\r ]*)>"
    rb"|(?P<punct><<|>>|[\[\](])"
    rb"|(?P<kw>[^" + _WHITE + _DELIM + rb"]+))"
)
_FLAT_ARRAY = re.compile(rb"\[([0-9+\-.\x00\t\n\x0c\r ]*)\]")
HEX_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>[\x00\t\n\x0c\r ]*<([0-9A-Fa-f]+)>")
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
NO_VALUE = object()


def literal(data: bytes, pos: int) -> tuple[bytes, int]:
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


def number(text: bytes) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)


def parse_object(data: bytes, pos: int) -> tuple[Any, int]:
    """One object (no stream body) at `pos`: (value, position after it)."""
    stack: list[list] = []
    while True:
        m = TOKEN.match(data, pos)
        if m is None:
            raise Unsupported(f"unreadable object at {pos}")
        pos = m.end()
        kind = m.lastgroup
        value: Any
        if kind == "num":
            value = number(m.group("num"))
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
                value, pos = literal(data, pos)
            elif p == b"[" and (flat := _FLAT_ARRAY.match(data, m.start("punct"))):
                # an array of numbers only (a font's widths: thousands), in one match
                value = [number(t) for t in flat.group(1).split()]
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
                return NO_VALUE, m.start("kw")
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
                    pos = SKIP.match(data, row.end()).end()  # type: ignore[union-attr]
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
        if value is NO_VALUE:
            raise Unsupported("empty object")
        if type(value) is dict:
            s = _STREAM_HEAD.match(data, pos)
            if s is not None:
                length = self.get(value.get("Length"))
                if type(length) is not int or length < 0 or s.end() + length > len(data):
                    raise Unsupported("stream length")
                end = s.end() + length
                if not SKIP.match(data, end).end() == data.find(b"endstream", end):  # type: ignore[union-attr]
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
        if value is NO_VALUE:
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
