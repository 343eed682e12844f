"""Web page (.html/.htm) → the text of its main content.

Government sites wrap a notice in navigation, banners, sidebars, share buttons and
footers. This reader drops those (by tag, and by class/id words such as nav, menu,
footer, breadcrumb, share, sidebar), then picks the block that holds most of the
page's Chinese text that is not link text, keeping the title above it. Paragraphs,
blocks and <br> become lines; a table row becomes one line with "\\t" between cells.
"""

from __future__ import annotations

import email
import re

import lxml.html
from lxml import etree

from .errors import DocumentError
from .textcodec import decode_text

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)

_DROP_TAGS = {
    "head", "script", "style", "noscript", "template", "nav", "aside", "form", "iframe",
    "svg", "button", "select", "textarea", "input", "object", "embed", "canvas", "map",
    "audio", "video", "menu",
}  # fmt: skip
_CHROME_WORDS = re.compile(
    r"(?<![a-z])(?:nav\w*|menu\w*|footer\w*|foot|breadcrumbs?|crumbs?|bread|share\w*|bdshare\w*"
    r"|sidebar\w*|side|topbar|toolbar|copyright|qrcode|ewm|print|fenxiang|dqwz|weizhi"
    r"|position|location)(?![a-z])"
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_TITLE_WORDS = re.compile(r"title|biaoti|bt", re.I)

_BLOCKS = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
    "li", "dl", "dt", "dd", "blockquote", "address", "figure", "figcaption", "center", "hr",
    "tr", "table", "caption", "fieldset", "header", "footer", "body", "html", "details",
    "summary", "tbody", "thead", "tfoot", "pre",
}  # fmt: skip
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SOFT_BREAK = "\x01"  # whitespace that held a source line break (dropped between CJK)
_WS_WITH_BREAK = re.compile(r"[ \t\r\n\f]*\n[ \t\r\n\f]*")
_WS = re.compile(r"[ \t\r\f]+")
_BREAK_BETWEEN_CJK = re.compile(
    rf"(?<=[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’]){_SOFT_BREAK}+"
    rf"|{_SOFT_BREAK}+(?=[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’])"
)
_MAX_DEPTH = 200


def _mhtml_page(data: bytes) -> tuple[bytes, str | None]:
    message = email.message_from_bytes(data)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload.strip():
                return payload, part.get_content_charset()
    raise DocumentError("mht 网页文件中没有找到网页正文")


def read_html(data: bytes, *, mhtml: bool = False) -> str:
    """Text of a web page's bytes; `mhtml`: saved as one .mht file (readers.is_mhtml)."""
    declared = None
    if mhtml:
        data, declared = _mhtml_page(data)
    match = _META_CHARSET.search(data[:8192])
    if match and not declared:
        declared = match.group(1).decode("ascii", "ignore")
    text = _XML_DECL.sub("", decode_text(data, declared))
    return html_to_text(text)


def html_to_text(markup: str) -> str:
    if not markup.strip():
        raise DocumentError("网页中没有正文")
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml.html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise DocumentError("网页中没有正文") from exc
    body = root.find("body")
    if body is None:
        body = root
    _drop_chrome(body)
    main = _main_block(body)
    _drop_link_lists(main)
    out: list[str] = []
    _render(main, out, 0)
    return _lines("".join(out))


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _cjk(text: str | None) -> int:
    return len(_CJK.findall(text)) if text else 0


def _remove(el) -> None:
    """Remove an element but keep its tail text in place."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _drop_chrome(body) -> None:
    total = _cjk(body.text_content())
    doomed = []
    for el in body.iter():
        tag = _tag(el)
        if not tag:
            continue
        if tag in _DROP_TAGS:
            doomed.append(el)
            continue
        if tag in ("header", "footer") and not any(
            _tag(a) in ("article", "main") for a in el.iterancestors()
        ):
            doomed.append(el)
            continue
        if el.get("hidden") is not None or _HIDDEN_STYLE.search(el.get("style") or ""):
            doomed.append(el)
            continue
        words = f"{el.get('class') or ''} {el.get('id') or ''}"
        if words.strip():
            words = re.sub(r"(?<=[a-z])(?=[A-Z])", "-", words).lower()
            # A page wrapper may be called "main-with-sidebar": never drop most of the text.
            if _CHROME_WORDS.search(words) and _cjk(el.text_content()) <= total / 2:
                doomed.append(el)
    for el in doomed:
        _remove(el)


def _counts(body) -> dict:
    """Element → (all CJK characters, CJK characters inside links), children first."""
    counts: dict = {}
    for el in reversed(list(body.iter())):
        if not _tag(el):
            continue
        total = _cjk(el.text)
        links = 0
        for child in el:
            if child in counts:
                child_total, child_links = counts[child]
                total += child_total
                links += child_links
            total += _cjk(child.tail)
        if _tag(el) == "a":
            links = total
        counts[el] = (total, links)
    return counts


def _has_title(el) -> bool:
    for node in el.iter():
        tag = _tag(node)
        if tag in ("h1", "h2") or (
            tag and _TITLE_WORDS.search(f"{node.get('class') or ''} {node.get('id') or ''}")
        ):
            return True
    return False


def _main_block(body):
    """The smallest block holding most (80 %) of the page's non-link Chinese text,
    without leaving behind a title that precedes it."""
    counts = _counts(body)

    def own(el) -> int:
        total, links = counts.get(el, (0, 0))
        return total - links

    current = body
    while True:
        children = [c for c in current if _tag(c)]
        if not children or own(current) == 0:
            return current
        best = max(children, key=own)
        if own(best) < 0.8 * own(current):
            return current
        before = children[: children.index(best)]
        if any(own(c) > 0 and _has_title(c) for c in before):
            return current
        current = best


def _drop_link_lists(main) -> None:
    """Inside the main block, drop lists of links ("相关文章", "上一篇/下一篇")."""
    counts = _counts(main)
    doomed = []
    for el in main.iter():
        if _tag(el) not in ("div", "ul", "ol", "table", "dl", "section", "p") or el is main:
            continue
        total, links = counts.get(el, (0, 0))
        if total and links >= 0.7 * total and len(el.findall(".//a")) >= 3:
            doomed.append(el)
    for el in doomed:
        _remove(el)


def _inline(text: str | None) -> str:
    if not text:
        return ""
    return _WS.sub(" ", _WS_WITH_BREAK.sub(_SOFT_BREAK, text))


def _render(el, out: list[str], depth: int) -> None:
    tag = _tag(el)
    if depth > _MAX_DEPTH:
        out.append(_inline(el.text_content()))
        return
    if tag == "br":
        out.append("\n")
        return
    if tag == "table":
        _render_table(el, out, depth)
        return
    if tag == "pre":
        out.append("\n" + el.text_content() + "\n")
        return
    block = tag in _BLOCKS
    if block:
        out.append("\n")
    out.append(_inline(el.text))
    for child in el:
        if _tag(child):
            _render(child, out, depth + 1)
        out.append(_inline(child.tail))
    if block:
        out.append("\n")


def _rows(table):
    return table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")


def _render_table(table, out: list[str], depth: int) -> None:
    rows = _rows(table)
    cells_of = [row.xpath("./td|./th") for row in rows]
    # Old sites lay whole pages out in tables: a table holding other tables or
    # long prose is rendered as blocks, not as rows of cells.
    layout = bool(table.xpath(".//table")) or any(
        _cjk(cell.text_content()) > 500 for cells in cells_of for cell in cells
    )
    if layout:
        for cells in cells_of:
            for cell in cells:
                out.append("\n")
                _render(cell, out, depth + 1)
                out.append("\n")
        return
    caption = table.find("caption")
    if caption is not None:
        out.append("\n" + _inline(caption.text_content()) + "\n")
    # A cell merged downwards (rowspan) is given once, in its first row, and left
    # empty in the rows it also covers, as the docx reader does: the parser reads
    # the columns by position.
    covering: dict[int, list[int]] = {}  # grid column → [rows still covered, colspan]
    for cells in cells_of:
        texts = []
        col = 0
        queue = list(cells)
        while queue or any(c >= col for c in covering):
            if col in covering:
                texts.append("")
                covering[col][0] -= 1
                width = covering[col][1]
                if covering[col][0] <= 0:
                    del covering[col]
                col += width
                continue
            if not queue:
                col = min(c for c in covering if c >= col)
                continue
            cell = queue.pop(0)
            parts: list[str] = []
            _render(cell, parts, depth + 1)
            texts.append(" ".join(line for line in _lines("".join(parts)).split("\n") if line))
            rows_down, width = _span(cell, "rowspan"), _span(cell, "colspan")
            if rows_down > 1:
                covering[col] = [rows_down - 1, width]
            col += width
        if any(texts):
            out.append("\n" + "\t".join(t.replace("\t", " ") for t in texts) + "\n")


def _span(cell, attr: str) -> int:
    """rowspan/colspan of a cell, within sane bounds (a page may say anything)."""
    raw = (cell.get(attr) or "1").strip()
    return min(int(raw), 1000) if raw.isdigit() and int(raw) > 0 else 1


def _lines(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        if "\t" in line:
            cells = [_clean_line(cell) for cell in line.split("\t")]
            line = "\t".join(cells)
        else:
            line = _clean_line(line)
        if line.strip():
            lines.append(line)
    return "\n".join(lines)


# Page controls that sit inside the article block on many government sites.
_CONTROLS = re.compile(
    r"[【\[]?\s*字[体号]\s*[:：]?\s*(?:[【\[]?\s*[大中小]\s*[】\]]?\s*){2,3}[】\]]?"
    r"|[【\[]\s*(?:打印(?:本页|文章|此页)?|关闭(?:窗口|本页)?|收藏|返回顶部|纠错)\s*[】\]]"
)


_CONTROLS_ONLY = re.compile(
    r"^(?:[\s|｜]*[【\[]?(?:打印本页|打印此页|打印文章|打印|关闭窗口|关闭本页|关闭|收藏本页|收藏"
    r"|返回顶部|返回列表|纠错)[】\]]?)+[\s|｜]*$"
)


def _clean_line(line: str) -> str:
    line = _BREAK_BETWEEN_CJK.sub("", line).replace(_SOFT_BREAK, " ")
    line = _CONTROLS.sub("", line)
    line = _WS.sub(" ", line).strip(" \u00a0\u3000")
    return "" if _CONTROLS_ONLY.match(line) else line
