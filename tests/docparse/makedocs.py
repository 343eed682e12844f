"""Build real .docx, .pdf, .html, .ofd, .xlsx, scanned-PDF and image files from a
plain text, for reader tests.

Each line of the text becomes one paragraph. The files are made with the real
tools (python-docx, WeasyPrint with the Noto CJK font, hand-written OFD XML), so the
readers meet what those tools produce.
"""

from __future__ import annotations

import hashlib
import html
import io
import quopri
import struct
import zipfile

import docx
import openpyxl
import pypdfium2
import weasyprint
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

SEED_PATH = "tests/docparse/data/haixi-2020-91.txt"

ASCII_TO_FULL = {
    ",": "，",
    ":": "：",
    ";": "；",
    "(": "（",
    ")": "）",
    "!": "！",
    "?": "？",
}


def full_width(text: str) -> str:
    """The text with its ASCII punctuation written full-width (as many offices type it)."""
    return text.translate(str.maketrans(ASCII_TO_FULL))


def paragraphs(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def blocks(text: str) -> list[tuple[str, object]]:
    """("p", line) for each non-empty line; runs of lines holding TABs (a table
    rendered as text, one row per line) become one ("table", rows)."""
    result: list[tuple[str, object]] = []
    for line in paragraphs(text):
        if "\t" in line:
            row = line.split("\t")
            if result and result[-1][0] == "table":
                result[-1][1].append(row)
            else:
                result.append(("table", [row]))
        else:
            result.append(("p", line.strip()))
    return result


def cell_paragraphs(cell: str) -> list[str]:
    """A table cell as text holds its paragraphs joined by a space (as the docx
    reader gives them); in a real document they are separate paragraphs."""
    return cell.split(" ") if cell.strip() else [""]


def make_docx(text: str) -> bytes:
    """One paragraph per non-empty line; TAB-separated lines become a Word table."""
    document = docx.Document()
    for kind, content in blocks(text):
        if kind == "p":
            document.add_paragraph(content)
            continue
        width = max(len(row) for row in content)
        table = document.add_table(rows=len(content), cols=width)
        for r, row in enumerate(content):
            for c, value in enumerate(row):
                first, *more = cell_paragraphs(value)
                cell = table.cell(r, c)
                cell.text = first
                for paragraph in more:
                    cell.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_numbered_docx(items: list[tuple[int, str]]) -> bytes:
    """Paragraphs with automatic Word numbering: level 0 "一、", level 1 "(一)",
    level 2 "1.". `items` are (level, text)."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), "90")
    for ilvl, (fmt, text) in enumerate(
        [("chineseCounting", "%1、"), ("chineseCounting", "(%2)"), ("decimal", "%3.")]
    ):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(ilvl))
        for name, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text)):
            el = OxmlElement(name)
            el.set(qn("w:val"), value)
            lvl.append(el)
        suff = OxmlElement("w:suff")
        suff.set(qn("w:val"), "nothing")
        lvl.append(suff)
        abstract.append(lvl)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), "7")
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), "90")
    num.append(ref)
    numbering.append(num)
    for level, text in items:
        p = document.add_paragraph(text)
        ppr = p._p.get_or_add_pPr()
        num_pr = OxmlElement("w:numPr")
        ilvl = OxmlElement("w:ilvl")
        ilvl.set(qn("w:val"), str(level))
        num_id = OxmlElement("w:numId")
        num_id.set(qn("w:val"), "7")
        num_pr.append(ilvl)
        num_pr.append(num_id)
        ppr.append(num_pr)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_PDF_CSS = """
@page { size: A4; margin: 25mm 22mm;
  @top-center { content: "海西州人民政府办公室"; font-size: 9pt; }
  @bottom-center { content: "- " counter(page) " -"; font-size: 10pt; } }
body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 14pt;
  line-height: 1.6; }
p { margin: 0; text-indent: 2em; text-align: justify; }
"""


def _html_blocks(text: str, indent: str = "") -> str:
    parts = []
    for kind, content in blocks(text):
        if kind == "p":
            parts.append(f"<p>{indent}{html.escape(content)}</p>")
        else:
            rows = "".join(
                "<tr>"
                + "".join(
                    "<td>"
                    + "".join(f"<div>{html.escape(p)}</div>" for p in cell_paragraphs(cell))
                    + "</td>"
                    for cell in row
                )
                + "</tr>"
                for row in content
            )
            parts.append(f"<table>{rows}</table>")
    return "\n".join(parts)


def make_pdf(text: str, *, header: str | None = "海西州人民政府办公室") -> bytes:
    """A4 pages, each line a justified paragraph with a two-character first-line
    indent, a running header and "- N -" page numbers: long lines wrap. TAB lines
    become a ruled table."""
    css = (
        _PDF_CSS if header else _PDF_CSS.replace('content: "海西州人民政府办公室"', "content: none")
    )
    css += (
        "table { border-collapse: collapse; width: 100%; } tr { break-inside: avoid; }"
        " td { border: 0.5pt solid #000; font-size: 10pt; }"
    )
    page = f"<html><head><meta charset='utf-8'><style>{css}</style></head><body>{_html_blocks(text)}</body></html>"
    return weasyprint.HTML(string=page).write_pdf()


def make_html(text: str, *, charset: str = "utf-8") -> bytes:
    """A government-site-like page: header, navigation, breadcrumb, sidebar, share
    links and footer around the document, whose title is an <h1>."""
    lines = paragraphs(text)
    title, rest = lines[0], "\n".join(lines[1:])
    body = _html_blocks(rest, indent="&nbsp;&nbsp;")
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{html.escape(title)}_政府信息公开</title>
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
<style>.nav li {{ display: inline; }}</style></head>
<body>
<div class="top-header"><img src="logo.png" alt="海西州人民政府">海西蒙古族藏族自治州人民政府 欢迎您</div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/hdjl">互动交流</a></li><li><a href="/bsfw">办事服务</a></li></ul></div>
<div class="breadcrumb">当前位置:<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 政府文件</div>
<div class="container">
  <div class="sidebar"><h3>相关栏目</h3><ul><li><a href="/a">通知公告</a></li>
  <li><a href="/b">政策解读</a></li><li><a href="/c">人事任免</a></li></ul>
  <p>咨询电话:0977-8222222 工作时间:周一至周五</p></div>
  <div class="article">
    <h1 class="title">{html.escape(title)}</h1>
    <div class="content">
{body}
    </div>
    <div class="share">分享到:<a href="#">微信</a><a href="#">微博</a><a href="#">QQ空间</a></div>
    <div class="related"><a href="/1">上一篇:关于做好冬季供暖工作的通知</a>
    <a href="/2">下一篇:关于开展安全生产大检查的通知</a><a href="/3">返回列表</a></div>
  </div>
</div>
<div class="footer"><p>主办单位:海西州人民政府办公室 版权所有 备案号:青ICP备00000000号</p>
<p>地址:德令哈市 联系电话:0977-0000000</p></div>
</body></html>"""
    return page.encode("gb18030" if charset.lower() in ("gbk", "gb2312") else charset)


_OFD_NS = "http://www.ofdspec.org/2016"


def make_ofd(text: str, *, chars_per_line: int = 28, lines_per_page: int = 30) -> bytes:
    """An OFD file laid out like a printed notice: A4 pages, fixed-width glyphs,
    first-line indent of two characters, page numbers at the foot; TAB lines become
    a ruled table (PathObject borders, text wrapped inside its cells). Objects are
    written to Content.xml bottom-up, so a reader must order by position."""
    size, left, top = 5.3, 25.0, 30.0
    step = size * 1.5
    bottom = top + lines_per_page * step
    pages: list[dict[str, list]] = [{"texts": [], "paths": []}]
    y = top

    def room(height: float) -> None:
        nonlocal y
        if y + height > bottom:
            pages.append({"texts": [], "paths": []})
            y = top

    def glyphs(x: float, baseline: float, chunk: str) -> None:
        delta = f"g {len(chunk) - 1} {size}" if len(chunk) > 1 else ""
        pages[-1]["texts"].append((x, baseline, chunk, delta))

    def rule(x0: float, y0: float, x1: float, y1: float) -> None:
        pages[-1]["paths"].append((x0, y0, x1, y1))

    for kind, content in blocks(text):
        if kind == "p":
            para, first = content, True
            while para or first:
                indent = 2 if first else 0
                chunk, para = para[: chars_per_line - indent], para[chars_per_line - indent :]
                if chunk.endswith(" "):
                    para = para.lstrip(" ")  # spaces at a wrap stay on the line they end
                room(step)
                glyphs(left + indent * size, y + size, chunk)
                y += step
                first = False
            continue
        width = max(len(row) for row in content)
        longest = [
            max((len(row[c]) if c < len(row) else 0) for row in content) for c in range(width)
        ]
        chars = [max(3, round(chars_per_line * n / max(sum(longest), 1))) for n in longest]
        xs = [left]
        for n in chars:
            xs.append(xs[-1] + n * size)
        for row in content:
            cells = [[] for _ in range(width)]
            for c, cell in enumerate(row):
                for paragraph in cell_paragraphs(cell):
                    per_line = chars[c] - 1
                    cells[c].extend(
                        paragraph[i : i + per_line] for i in range(0, len(paragraph), per_line)
                    )
            height = max(1, max(len(lines) for lines in cells)) * step + 1.0
            room(height)
            rule(xs[0], y, xs[-1], y)
            rule(xs[0], y + height, xs[-1], y + height)
            for x in xs:
                rule(x, y, x, y + height)
            for c, lines in enumerate(cells):
                for k, chunk in enumerate(lines):
                    glyphs(xs[c] + 0.5, y + 0.5 + k * step + size, chunk)
            y += height
    files: dict[str, str] = {
        "OFD.xml": f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD xmlns:ofd="{_OFD_NS}" Version="1.0" DocType="OFD"><ofd:DocBody>
<ofd:DocInfo><ofd:DocID>test</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>
</ofd:DocBody></ofd:OFD>""",
    }
    page_refs = "".join(
        f'<ofd:Page ID="{i + 10}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages))
    )
    files["Doc_0/Document.xml"] = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Document xmlns:ofd="{_OFD_NS}"><ofd:CommonData><ofd:MaxUnitID>9999</ofd:MaxUnitID>
<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>
<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>
<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>"""
    files["Doc_0/PublicRes.xml"] = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Res xmlns:ofd="{_OFD_NS}" BaseLoc="Res"><ofd:Fonts>
<ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>"""
    for number, page in enumerate(pages):
        objects = []
        oid = 1000
        footer = (left + 80, 285.0, f"- {number + 1} -", "")
        for x, baseline, chunk, delta in reversed([*page["texts"], footer]):
            oid += 1
            width = len(chunk) * size
            delta_attr = f' DeltaX="{delta}"' if delta else ""
            objects.append(
                f'<ofd:TextObject ID="{oid}" Boundary="{x:.2f} {baseline - size:.2f} {width:.2f} {size * 1.4:.2f}"'
                f' Font="1" Size="{size}"><ofd:TextCode X="0" Y="{size:.2f}"{delta_attr}>'
                f"{html.escape(chunk, quote=False)}</ofd:TextCode></ofd:TextObject>"
            )
        for x0, y0, x1, y1 in page["paths"]:
            oid += 1
            objects.append(
                f'<ofd:PathObject ID="{oid}" Boundary="{x0:.2f} {y0:.2f} {x1 - x0 + 0.3:.2f} {y1 - y0 + 0.3:.2f}"'
                f' LineWidth="0.25" Stroke="true"><ofd:AbbreviatedData>M 0 0 L {x1 - x0:.2f} {y1 - y0:.2f}'
                "</ofd:AbbreviatedData></ofd:PathObject>"
            )
        files[f"Doc_0/Pages/Page_{number}/Content.xml"] = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page xmlns:ofd="{_OFD_NS}"><ofd:Content><ofd:Layer ID="{number + 1}">
{"".join(objects)}
</ofd:Layer></ofd:Content></ofd:Page>"""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content.encode("utf-8"))
    return out.getvalue()


_PDF_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def make_encrypted_pdf(line: str, *, user_password: bytes, owner_password: bytes) -> bytes:
    """A one-page PDF (Helvetica, ASCII `line`) encrypted with the PDF standard
    security handler, revision 2 (RC4, 40-bit), written by hand. With an empty user
    password anyone may open it (only permissions are restricted, as many published
    documents are); with a user password it cannot be read without it."""
    permissions = -44  # no copying, no modifying
    file_id = hashlib.md5(line.encode()).digest()
    owner_key = hashlib.md5((owner_password + _PDF_PAD)[:32]).digest()[:5]
    o_value = _rc4(owner_key, (user_password + _PDF_PAD)[:32])
    key = hashlib.md5(
        (user_password + _PDF_PAD)[:32] + o_value + struct.pack("<i", permissions) + file_id
    ).digest()[:5]
    u_value = _rc4(key, _PDF_PAD)
    object_key = hashlib.md5(key + (5).to_bytes(3, "little") + (0).to_bytes(2, "little")).digest()[
        :10
    ]
    content = _rc4(object_key, f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
        b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
        % (o_value.hex().encode(), u_value.hex().encode(), permissions),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += (
        b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 6 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, file_id.hex().encode(), file_id.hex().encode(), xref)
    )
    return bytes(out)


def make_mht(page: bytes, charset: str) -> bytes:
    """A web page saved as a single file (.mht) the way Internet Explorer and WPS
    save it: MIME multipart/related, the HTML quoted-printable, an image part."""
    body = quopri.encodestring(page).decode("ascii").replace("\n", "\r\n")
    boundary = "----=_NextPart_000_0000_01D8"
    return (
        "From: <Saved by Windows Internet Explorer 11>\r\nSubject: page\r\nMIME-Version: 1.0\r\n"
        f'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{boundary}"\r\n\r\n'
        f"This is a multi-part message in MIME format.\r\n\r\n--{boundary}\r\n"
        f'Content-Type: text/html;\r\n\tcharset="{charset}"\r\n'
        "Content-Transfer-Encoding: quoted-printable\r\n"
        "Content-Location: http://www.example.gov.cn/art/2022/3/12/art_1.html\r\n\r\n"
        f"{body}\r\n--{boundary}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
        f"Content-Location: http://www.example.gov.cn/logo.png\r\n\r\niVBORw0KGgo=\r\n\r\n--{boundary}--\r\n"
    ).encode("ascii")


def make_scanned_pdf(text: str, *, dpi: int = 150) -> bytes:
    """The text as `make_pdf` lays it out, each page rasterised at `dpi` (greyscale)
    and put back into a PDF as an image: no text layer, as a scanner makes it."""
    document = pypdfium2.PdfDocument(make_pdf(text))
    images = [
        page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for page in document
    ]
    document.close()
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()


def make_image(text: str, *, fmt: str = "PNG", dpi: int = 150) -> bytes:
    """The first page of `make_pdf(text)` as one image file (a photographed page)."""
    document = pypdfium2.PdfDocument(make_pdf(text, header=None))
    image = document[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
    document.close()
    out = io.BytesIO()
    image.save(out, format=fmt, dpi=(dpi, dpi))
    return out.getvalue()


TASK_TABLE_HEADER = ["序号", "重点任务", "牵头单位", "责任单位", "目标要求"]


def seed_task_rows(text: str, gold: dict) -> list[list[str]]:
    """The seed's tasks as rows of a task breakdown table: number, title, lead
    units, co-units (from the gold answer) and the task's own paragraph as its
    targets text (from the notice)."""
    rows = []
    paragraphs_ = paragraphs(text)
    for n, task in enumerate(gold["tasks"], 1):
        body = next(p for p in paragraphs_ if task["title"] in p[:40])
        rows.append(
            [
                str(n),
                task["title"],
                "、".join(task["lead_units"]) or "—",
                "、".join(task["co_units"]),
                body,
            ]
        )
    return rows


def make_xlsx(sheets: list[tuple[str, list[list[str]]]], *, merged=(), hidden_rows=()) -> bytes:
    """A workbook: (sheet title, rows) each; `merged`: (sheet index, "A2:A3") ranges;
    `hidden_rows`: (sheet index, row number) pairs."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    for index, cells in merged:
        workbook.worksheets[index].merge_cells(cells)
    for index, row in hidden_rows:
        workbook.worksheets[index].row_dimensions[row].hidden = True
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def make_docx_table(rows: list[list[str] | str], *, merged=()) -> bytes:
    """A Word document of one table: a list row is a row of cells, a str row a
    heading merged across the table; `merged`: (first row, last row, column)
    ranges merged downwards (the text stays in the first row's cell)."""
    width = max(len(r) for r in rows if isinstance(r, list))
    document = docx.Document()
    table = document.add_table(rows=len(rows), cols=width)
    for r, row in enumerate(rows):
        if isinstance(row, str):
            cell = table.cell(r, 0).merge(table.cell(r, width - 1))
            cell.text = row
            continue
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for first, last, column in merged:
        keep = table.cell(first, column).text
        for r in range(first + 1, last + 1):
            table.cell(r, column).text = ""
        table.cell(first, column).merge(table.cell(last, column)).text = keep
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


WORKBOOK_HEADER = ["序号", "重点任务", "具体措施", "牵头单位", "责任单位", "完成时限"]
WORK_1 = [
    ["1", "保市场主体", "落实减税降费政策", "州税务局", "州财政局", "2020年11月底前"],
    ["", "", "开展市场主体发展促进年活动", "", "州市场监管局", ""],
    ["2", "稳定工业运行", "推动重点企业满负荷生产", "州工信局", "州发改委、州统计局", "2020年12月底前"],
]  # fmt: skip
WORK_2 = [
    ["1", "保居民就业", "新增城镇就业1.3万人", "州人社局", "各市、县人民政府", "2020年12月底前"],
    ["2", "补齐医疗卫生短板", "推进紧密型县域医共体建设", "州卫健委", "州医疗保障局", "2020年12月20日前"],
]  # fmt: skip


def two_sheet_workbook() -> bytes:
    """A task breakdown workbook, one sheet per key work: the first task's cells merged
    over its two measures (rows 2–3), a hidden helper row 4 on the first sheet."""
    helper = ["", "辅助行:不显示", "", "州某局", "州某某局", ""]
    return make_xlsx(
        [
            ("一、稳增长", [WORKBOOK_HEADER, WORK_1[0], WORK_1[1], helper, WORK_1[2]]),
            ("二、保民生", [WORKBOOK_HEADER, *WORK_2]),
        ],
        # The task, its number, lead unit and deadline merged over its two measures.
        merged=[(0, "A2:A3"), (0, "B2:B3"), (0, "D2:D3"), (0, "F2:F3")],
        hidden_rows=[(0, 4)],
    )


def two_sheet_workbook_as_word() -> bytes:
    """The same table as `two_sheet_workbook` in a Word document."""
    rows = [WORKBOOK_HEADER, "一、稳增长", *WORK_1, "二、保民生", *WORK_2]
    # Rows 2–3 (0-based) are the first task over its two measures.
    return make_docx_table(rows, merged=[(2, 3, 0), (2, 3, 1), (2, 3, 3), (2, 3, 5)])
