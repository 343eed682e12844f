"""A WrittenReport as .docx in the official layout of GB/T 9704-2012 (党政机关公文格式).

What the standard fixes and where it is set below:
- A4 paper; 天头 (top) 37 mm, 订口 (left) 28 mm, so the 版心 is 156 × 225 mm:
  right 26 mm, bottom 35 mm (`_page`).
- Title 方正小标宋简体 二号 (22 pt), centred; body 仿宋_GB2312 三号 (16 pt);
  一级标题 黑体, 二级标题 楷体_GB2312, both 三号 (`STYLES`).
- 22 lines of 28 characters: a document grid (linesAndChars) whose line pitch is
  225 mm / 22 and whose character pitch is 156 mm / 28 (`_grid`), and body
  paragraphs at exactly that line spacing.
- Page numbers `— 1 —` in 宋体 四号 (14 pt), at the outside corner: right on odd
  pages, left on even pages, one character in from the edge (`_page_numbers`).
- The issuer (发文机关署名) and the date (成文日期) at the end: the date right-aligned
  four characters in from the right margin, the issuer centred over it.

Fonts are named as the standard names them; Word on an office PC has them, and
the PDF path maps them to Noto CJK through the shipped fontconfig file.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .written import H1, H2, PARA, WrittenReport

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"

SIZE_ER = Pt(22)  # 二号
SIZE_SAN = Pt(16)  # 三号
SIZE_SI = Pt(14)  # 四号

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
LINES, CHARS = 22, 28
TEXT_HEIGHT = Mm(297 - 37 - 35)  # 225 mm
TEXT_WIDTH = Mm(210 - 28 - 26)  # 156 mm
LINE_PITCH = Pt(TEXT_HEIGHT.pt / LINES)  # ≈ 28.95 pt
CHAR_PITCH = TEXT_WIDTH.pt / CHARS  # ≈ 15.79 pt

# style: (font, size, alignment, first-line indent in characters, bold)
STYLES = {
    "title": (TITLE_FONT, SIZE_ER, WD_ALIGN_PARAGRAPH.CENTER, 0),
    H1: (H1_FONT, SIZE_SAN, WD_ALIGN_PARAGRAPH.JUSTIFY, 2),
    H2: (H2_FONT, SIZE_SAN, WD_ALIGN_PARAGRAPH.JUSTIFY, 2),
    PARA: (BODY_FONT, SIZE_SAN, WD_ALIGN_PARAGRAPH.JUSTIFY, 2),
}


def set_run_font(run, name: str, size) -> None:
    """Name the font for every script: python-docx's `font.name` sets only the
    Latin slots; Chinese text is drawn with the eastAsia one."""
    run.font.name = name
    run.font.size = size
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), name)


def _page(section) -> None:
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin = MARGINS["top"]
    section.bottom_margin = MARGINS["bottom"]
    section.left_margin = MARGINS["left"]
    section.right_margin = MARGINS["right"]
    # The page number sits in the bottom margin, 7 mm below the text block.
    section.footer_distance = Mm(28)
    section.header_distance = Mm(15)


def _grid(section) -> None:
    """22 lines × 28 characters: Word's document grid. charSpace is the extra
    pitch over the default font size in 1/4096 pt (negative: 28 三号 characters
    are a little wider than 156 mm, so each is pulled in)."""
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(round(LINE_PITCH.pt * 20)))
    grid.set(qn("w:charSpace"), str(round((CHAR_PITCH - SIZE_SAN.pt) * 4096)))


def _field(paragraph, instruction: str, font, size) -> None:
    """A Word field (PAGE) as begin / instruction / separate / result / end runs."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None)):
        run = paragraph.add_run()
        set_run_font(run, font, size)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._element.append(instr)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
    run = paragraph.add_run("1")
    set_run_font(run, font, size)
    end = paragraph.add_run()
    set_run_font(end, font, size)
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end._element.append(char)


def _page_number(footer, alignment) -> None:
    paragraph = footer.paragraphs[0]
    paragraph.alignment = alignment
    fmt = paragraph.paragraph_format
    # One character in from the outside edge of the text block.
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        fmt.right_indent = SIZE_SI
    else:
        fmt.left_indent = SIZE_SI
    run = paragraph.add_run("— ")
    set_run_font(run, PAGE_NUMBER_FONT, SIZE_SI)
    _field(paragraph, " PAGE ", PAGE_NUMBER_FONT, SIZE_SI)
    run = paragraph.add_run(" —")
    set_run_font(run, PAGE_NUMBER_FONT, SIZE_SI)


def _page_numbers(document, section) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    section.footer.is_linked_to_previous = False
    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)  # odd pages
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)


def _paragraph(document, text: str, style: str):
    font, size, alignment, indent = STYLES[style]
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = alignment
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(36) if style == "title" else LINE_PITCH
    if indent:
        fmt.first_line_indent = Pt(size.pt * indent)
    run = paragraph.add_run(text)
    set_run_font(run, font, size)
    return paragraph


def _closing(document, issuer: str, date: str) -> None:
    """Issuer centred over the date; the date right-aligned, four characters in."""
    _paragraph(document, "", PARA)
    _paragraph(document, "", PARA)
    date_indent = SIZE_SAN.pt * 4
    issuer_indent = max(0.0, date_indent + (len(date) - len(issuer)) * SIZE_SAN.pt / 2)
    for text, indent in ((issuer, issuer_indent), (date, date_indent)):
        paragraph = _paragraph(document, text, PARA)
        fmt = paragraph.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt.first_line_indent = Pt(0)
        fmt.right_indent = Pt(indent)


def write_docx(report: WrittenReport) -> bytes:
    """The report as .docx bytes (see the module docstring for the layout)."""
    document = Document()
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    _page(section)
    _grid(section)
    _page_numbers(document, section)
    normal = document.styles["Normal"]
    normal.font.size = SIZE_SAN
    normal.font.name = BODY_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    _paragraph(document, report.title, "title")
    _paragraph(document, "", PARA)  # a blank line under the title
    if report.addressee:
        addressee = _paragraph(document, report.addressee, PARA)
        addressee.paragraph_format.first_line_indent = Pt(0)
    for block in report.blocks:
        _paragraph(document, block.text, block.kind)
    _closing(document, report.issuer, report.date)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
