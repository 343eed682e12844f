"""Scanned pages and photos → text, through Tesseract with the Simplified Chinese
model (chi_sim).

A page image is read word by word (Tesseract's TSV: every word with its box and
confidence); the words are put back into lines here by their positions — words
whose boxes share a baseline band form one line, read left to right; a gap wider
than four characters (justified text stretches gaps, never that far) is a table
column gap and becomes "\\t", so a scanned task table reads as the docx reader
gives a Word table. Each line keeps
its mean word confidence (0–100), so a reviewer can be shown what to check. The
lines then go through the same page clean-up and paragraph rejoining as a PDF's
text layer (layout.py), in points, like a PDF page.

Bounds: an image over MAX_PIXELS (a decompression bomb or a poster) is refused
before it is decoded; a document of more than MAX_PAGES scanned pages is refused
(upload it in parts); Tesseract runs with a time limit per page.
"""

from __future__ import annotations

import io
import re
import statistics
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import pytesseract
from PIL import Image, ImageOps

from .errors import DocumentError
from .layout import Line
from .model import LOW_CONFIDENCE
from .read_docx import format_number

LANG = "chi_sim"
DPI = 300  # scanned pages are rendered at this resolution for Tesseract
MAX_PIXELS = 80_000_000  # per image: an A4 page at 600 dpi is 35 million
MAX_PAGES = 60
PAGE_TIMEOUT = 120  # seconds of Tesseract per page

Progress = Callable[[int, int], None]


@dataclass
class OcrLine:
    """A line as Tesseract read it: its text and mean word confidence."""

    text: str
    confidence: float
    page: int

    @property
    def low(self) -> bool:
        return self.confidence < LOW_CONFIDENCE


def open_image(data: bytes) -> Image.Image:
    """The image in `data`, checked for size before its pixels are decoded."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))  # reads the header only
            width, height = image.size
            if width * height > MAX_PIXELS or width <= 0 or height <= 0:
                raise DocumentError(f"图片尺寸过大({width}×{height} 像素),请缩小或分页扫描后上传")
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's own guard, met before ours for the most extreme sizes.
        raise DocumentError("图片尺寸过大,请缩小或分页扫描后上传") from exc
    return image


def image_frames(data: bytes) -> list[Image.Image]:
    """Every page of an image file (a multi-page TIFF has several)."""
    first = open_image(data)
    frames = []
    count = getattr(first, "n_frames", 1)
    if count > MAX_PAGES:
        raise DocumentError(f"扫描页数过多(超过 {MAX_PAGES} 页),请分批上传")
    for index in range(count):
        first.seek(index)
        frame = first.copy()
        if frame.width * frame.height > MAX_PIXELS:
            raise DocumentError("图片尺寸过大,请缩小或分页扫描后上传")
        frames.append(frame)
    return frames


class ItemNumbers:
    """Repairs the one misreading of chi_sim that breaks a notice's outline: at the
    start of a paragraph "(二)" is read as one glyph and a bracket ("全)", "伍)"),
    because the opening bracket and the numeral touch at scan resolution. Items
    "(一)", "(二)" … count up under each "一、" heading, so a line that starts with
    a single non-numeral character and a closing bracket right after item (k) is
    item (k+1). The repaired line is marked low-confidence for the reviewer.
    One instance follows a document's pages in order."""

    _ITEM = re.compile(r"^[(（]([一二三四五六七八九十]{1,3})[)）]")
    _HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]")
    _BROKEN = re.compile(r"^[(（]?[^\W\d一二三四五六七八九十_][)）](?=[\u4e00-\u9fff])")

    def __init__(self) -> None:
        self.last = 0

    def __call__(self, text: str, *, indented: bool = True) -> tuple[str, bool]:
        """(text, repaired); `indented`: the line starts a paragraph (first-line
        indent), where item numbers stand — a wrapped "…行委)" line does not."""
        item = self._ITEM.match(text)
        if item:
            self.last = _chinese_value(item.group(1)) or self.last
            return text, False
        if self._HEADING.match(text):
            self.last = 0
            return text, False
        broken = self._BROKEN.match(text)
        if broken and self.last and indented:
            self.last += 1
            return f"({format_number(self.last, 'chineseCounting')}){text[broken.end() :]}", True
        return text, False


def _chinese_value(numeral: str) -> int:
    digits = "一二三四五六七八九"
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + digits.index(numeral[1]) + 1
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return (digits.index(tens) + 1) * 10 + (digits.index(ones) + 1 if ones else 0)
    return digits.index(numeral) + 1 if len(numeral) == 1 else 0


def read_images(
    images: list[Image.Image], *, dpi: float, progress: Progress | None = None
) -> tuple[list[list[Line]], list[OcrLine]]:
    """OCR of page images made at `dpi`: (lines of each page in points, OcrLines)."""
    pages: list[list[Line]] = []
    ocr_lines: list[OcrLine] = []
    numbers = ItemNumbers()
    for number, image in enumerate(images, 1):
        lines, read = page_lines(image, dpi=dpi, page=number, numbers=numbers)
        pages.append(lines)
        ocr_lines.extend(read)
        if progress is not None:
            progress(number, len(images))
    return pages, ocr_lines


def page_lines(
    image: Image.Image, *, dpi: float, page: int, numbers: ItemNumbers | None = None
) -> tuple[list[Line], list[OcrLine]]:
    # At the scan's own resolution: upscaling a 150 dpi scan made chi_sim read
    # worse (and slower) on the seed notice, not better.
    image = ImageOps.exif_transpose(image).convert("L")
    try:
        data = pytesseract.image_to_data(
            image,
            lang=LANG,
            config=f"--psm 3 --dpi {round(dpi)}",
            output_type=pytesseract.Output.DICT,
            timeout=PAGE_TIMEOUT,
        )
    except RuntimeError as exc:  # pytesseract's timeout
        raise DocumentError(f"第 {page} 页文字识别超时,请上传更清晰或更小的扫描件") from exc
    except pytesseract.TesseractNotFoundError as exc:
        raise DocumentError("服务器未安装 Tesseract 文字识别,无法读取扫描件") from exc
    lines, ocr_lines = [], []
    numbers = numbers or ItemNumbers()
    found = tsv_lines(data)
    left = min((box[0] for _, _, box in found), default=0)
    for text, conf, (x0, top, x1, bottom) in found:
        text, repaired = numbers(text, indented=x0 - left >= 0.8 * (bottom - top))
        if repaired:
            conf = min(conf, LOW_CONFIDENCE - 1)
        scale = 72 / dpi
        lines.append(Line(text, x0 * scale, x1 * scale, top * scale, bottom * scale, "\t" in text))
        ocr_lines.append(OcrLine(text, conf, page))
    return lines, ocr_lines


def tsv_lines(data: dict) -> list[tuple[str, float, tuple[float, float, float, float]]]:
    """Tesseract's words (image_to_data as a dict) → (text, confidence, box) per line.

    Tesseract's own lines first (block, paragraph, line); then lines that share a
    band across the page are one line: a table's cells come back as blocks of their
    own, and a character set apart (a closing quote, the last character before the
    margin) sometimes too."""
    found: dict[tuple, list[tuple]] = {}
    for i, text in enumerate(data["text"]):
        text = (text or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        found.setdefault(key, []).append((text, conf, x, y, x + w, y + h))
    pieces = sorted(found.values(), key=lambda ws: min(w[3] for w in ws))
    rows: list[list[tuple]] = []
    for words in pieces:
        top = statistics.median(w[3] for w in words)
        bottom = statistics.median(w[5] for w in words)
        for row in rows[-4:]:
            r_top = statistics.median(w[3] for w in row)
            r_bottom = statistics.median(w[5] for w in row)
            overlap = min(bottom, r_bottom) - max(top, r_top)
            if overlap > 0.5 * min(bottom - top, r_bottom - r_top):
                row.extend(words)
                break
        else:
            rows.append(list(words))
    return [_join(row) for row in rows]


def _ascii(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _join(row: list[tuple]) -> tuple[str, float, tuple[float, float, float, float]]:
    row = sorted(row, key=lambda w: w[2])
    size = statistics.median(w[5] - w[3] for w in row) or 1
    parts = []
    for before, word in zip([None, *row], row, strict=False):
        if before is not None:
            gap = word[2] - before[4]
            if gap > 4 * size:
                parts.append("\t")
            elif gap > 0.3 * size and _ascii(before[0][-1]) and _ascii(word[0][0]):
                parts.append(" ")
        parts.append(word[0])
    # Confidence of the line: its words' mean, weighted by length (one doubtful
    # character in a long line weighs less than a doubtful word in a short one).
    weight = sum(len(w[0]) for w in row)
    conf = sum(w[1] * len(w[0]) for w in row) / weight
    box = (min(w[2] for w in row), min(w[3] for w in row), max(w[4] for w in row),
           max(w[5] for w in row))  # fmt: skip
    return "".join(parts), conf, box
