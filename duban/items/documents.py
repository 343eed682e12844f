"""Official-layout docx files (python-docx): the 督办单 and the monthly 通报.

Layout after GB/T 9704 (党政机关公文格式) as far as a notice needs it: A4,
margins 37/35/28/26 mm, the title in 小标宋 二号 red, body 仿宋_GB2312 三号,
the number centred under the title, the issuing office and date at the lower
right. Fonts fall back to whatever the reader has if these are missing."""

from __future__ import annotations

import datetime as dt
import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEI_FONT = "黑体"
RED = RGBColor(0xC0, 0x00, 0x00)


def _font(run, name, size, bold=False, colour=None):
    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    run.font.size = Pt(size)
    run.font.bold = bold
    if colour is not None:
        run.font.color.rgb = colour
    return run


def _document():
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    return doc


def _para(doc, text, *, font=BODY_FONT, size=16, align=None, bold=False, colour=None, indent=True):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent and align is None:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.line_spacing = Pt(28)
    _font(p.add_run(text), font, size, bold, colour)
    return p


def _date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _save(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def order_docx(order, office_name: str) -> bytes:
    """The 督办单 as a docx: red title, number, addressee, the item (or the
    plan task and its plan), facts,
    requirement, reply deadline, issuing office and date."""
    doc = _document()
    _para(doc, _("督 办 单"), font=TITLE_FONT, size=26, align=WD_ALIGN_PARAGRAPH.CENTER, colour=RED)
    _para(doc, order.number or _("(未签发)"), size=16, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, f"{order.unit.full_name or order.unit.name}:", indent=False)
    if order.task_id:
        _para(
            doc,
            _("督办事项:《%(plan)s》任务 %(title)s")
            % {"plan": str(order.task.plan), "title": order.subject_title},
        )
    else:
        _para(doc, _("督办事项:%(title)s") % {"title": order.subject_title})
    _para(doc, _("基本情况:%(facts)s") % {"facts": order.facts})
    _para(doc, _("督办要求:%(req)s") % {"req": order.requirement})
    _para(
        doc,
        _("请于%(date)s前将办理情况书面回复。") % {"date": _date(order.reply_due)},
    )
    doc.add_paragraph()
    _para(doc, office_name, align=WD_ALIGN_PARAGRAPH.RIGHT)
    signed = order.signed_at.date() if order.signed_at else order.drafted_at.date()
    _para(doc, _date(signed), align=WD_ALIGN_PARAGRAPH.RIGHT)
    if order.signed_by:
        _para(doc, _("签发人:%(name)s") % {"name": order.signed_by}, size=14, indent=False)
    return _save(doc)


def bulletin_docx(bulletin, office_name: str) -> bytes:
    """The monthly 通报: title, a lead paragraph, one table row per unit."""
    doc = _document()
    _para(
        doc,
        _("关于%(year)s年%(month)s月交办事项办理情况的通报")
        % {"year": bulletin.month.year, "month": bulletin.month.month},
        font=TITLE_FONT,
        size=22,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _para(doc, _("各有关单位:"), indent=False)
    _para(
        doc,
        _(
            "%(year)s年%(month)s月共交办事项%(assigned)s项,到期%(due)s项,按期办结%(on_time)s项,"
            "逾期未办结%(overdue)s项;申请延期%(extensions)s项;签发督办单%(orders)s份。具体情况通报如下:"
        )
        % bulletin.totals_dict(),
    )
    headers = [
        _("单位"),
        _("交办"),
        _("到期"),
        _("按期办结"),
        _("逾期未办结"),
        _("延期"),
        _("督办单"),
        _("按期办结率"),
    ]
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _font(cell.paragraphs[0].add_run(str(text)), HEI_FONT, 12)
    for row in bulletin.rows:
        cells = table.add_row().cells
        values = [
            row.unit_name,
            row.assigned,
            row.due,
            row.closed_on_time,
            row.overdue,
            row.extensions,
            row.orders,
            row.rate_text,
        ]
        for cell, value in zip(cells, values, strict=True):
            _font(cell.paragraphs[0].add_run(str(value)), BODY_FONT, 12)
    doc.add_paragraph()
    _para(doc, office_name, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, _date(bulletin.issued_on), align=WD_ALIGN_PARAGRAPH.RIGHT)
    return _save(doc)
