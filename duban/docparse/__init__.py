"""duban.docparse — read an official plan document into tasks, units, targets and deadlines.

Pure Python, no Django: usable as a library.

    from duban.docparse import parse_file, parse_text, DocumentError
    plan = parse_file("plan.docx")      # ParsedPlan (values exact Decimals)
    plan.to_dict()                      # the contract's JSON shape
    ParsedPlan.from_dict(contract, text=text)   # and back (ContractError if malformed)

    source = open_bytes(data, "plan.pdf")   # the type decided once, from the content
    source.kind, source.scanned_pages()     # "pdf", pages OCR would read
    reading = source.read(ocr=False)        # FileReading; reading.text → parse_text

What a Django app needs is imported from here, never from the modules below.

Modules:
    readers    bytes/file → text (txt in any Chinese encoding, docx, pdf, html, ofd, xlsx,
               doc/wps/xls/et through LibreOffice, scans and images through OCR)
    normalize  same-length folding for matching; canonical text clean-up
    outline    numbering hierarchy → tasks, groups, subtasks
    units      unit clauses → lead/co units, leaders
    numbers    Chinese and Arabic numerals with magnitudes
    dates      date expressions resolved against the document's year
    targets    quantitative targets inside a span of text
    meta       title, 文号, index number, issuer, dates, addressees, reporting clause
    rx         the patterns above, compiled ahead (rx_table.py; after changing one,
               python -m duban.docparse.rx_write)
    record     `@record`, the value classes' dataclass without `dataclasses`; their
               __init__ written ahead (record_table.py; after changing a record's
               fields, python -m duban.docparse.record_write)
    ts_table   OpenCC's Traditional→Simplified characters for `fold`, read ahead
               (after upgrading opencc, python -m duban.docparse.ts_write)
"""

from .cells import Cell, CellIndex
from .errors import DocumentError
from .model import (
    DOUBTS,
    LOW_CONFIDENCE,
    ContractError,
    Indicator,
    Meta,
    ParsedPlan,
    Reporting,
    Subtask,
    Task,
)
from .numbers import parse_decimal
from .parser import parse_text
from .readers import (
    TYPES,
    FileReading,
    Source,
    ocr_pages,
    open_bytes,
    read_bytes,
    read_document,
    read_file,
    sniff_type,
)

__all__ = [
    "DOUBTS",
    "LOW_CONFIDENCE",
    "TYPES",
    "Cell",
    "CellIndex",
    "ContractError",
    "DocumentError",
    "FileReading",
    "Indicator",
    "Meta",
    "ParsedPlan",
    "Reporting",
    "Source",
    "Subtask",
    "Task",
    "ocr_pages",
    "open_bytes",
    "parse_bytes",
    "parse_decimal",
    "parse_file",
    "parse_text",
    "read_bytes",
    "read_document",
    "read_file",
    "sniff_type",
]


def parse_bytes(data: bytes, filename: str, *, vocabulary=None) -> ParsedPlan:
    """Read `data` (the file's bytes; `filename` gives the type hint) and parse it,
    with an office's extra labels (`vocabulary`, see parse_text) if given.
    Raises DocumentError for anything it cannot read."""
    return parse_text(read_bytes(data, filename), vocabulary=vocabulary)


def parse_file(path, *, vocabulary=None) -> ParsedPlan:
    return parse_text(read_file(path), vocabulary=vocabulary)
