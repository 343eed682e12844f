"""A WrittenReport as PDF through WeasyPrint, in the same GB/T 9704-2012 layout
as the docx (A4, margins 37/35/28/26 mm, 22 lines × 28 characters, `— 1 —`
page numbers at the outside corners).

The CSS names the official fonts; `fonts/fonts.conf` (shipped in the repository)
maps them to Noto CJK, so the PDF renders — with the fonts embedded — on a
server that has only fonts-noto-cjk. fontconfig reads FONTCONFIG_FILE once per process,
so settings.py sets it before anything can ask for a font; the line below covers use
without Django settings.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from django.template.loader import render_to_string

FONTCONFIG = Path(__file__).resolve().parent / "fonts" / "fonts.conf"
os.environ.setdefault("FONTCONFIG_FILE", str(FONTCONFIG))
# WeasyPrint logs each rendering step at INFO (also while importing).
logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML  # noqa: E402  (fontconfig must be configured first)

from .written import WrittenReport  # noqa: E402


def report_html(report: WrittenReport) -> str:
    # The issuer is centred over the date, which sits four characters in.
    pad = max(0.0, 4 + (len(report.date) - len(report.issuer)) / 2)
    return render_to_string(
        "exports/written_pdf.html", {"report": report, "issuer_pad": f"{pad:.1f}"}
    )


def write_pdf(report: WrittenReport) -> bytes:
    """The report as PDF bytes."""
    return HTML(string=report_html(report)).write_pdf()
