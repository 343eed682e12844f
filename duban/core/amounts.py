"""Amounts in the document's scale: values are stored in base units (13000 人,
10000000000 元) and shown and typed in the scale the document wrote them in
(1.3万人, 100亿元, 40万千瓦, 3.5%, 2个百分点).

`Measure(unit, scale)` is how one target's numbers are written. `show(value)`
gives "85亿元"; `field_text(value)` the text an input starts from ("85": a bare
number means the field's scale); `parse(text)` reads what a person types:

- a bare number is in the field's scale: "85" in a 亿元 field is 85亿元;
- a number with a magnitude or the unit says it itself: "85亿", "1.1万",
  "3千", "1.2千万", "8500000000元";
- Chinese numerals: "八十五亿", "一万二千", "三点五", "百分之三点五";
- full-width digits, thousands separators (1,234 / 1,234) and spaces.

Every value `show`/`field_text` produces parses back to the same value (the
round trip tests/core/test_amounts.py checks).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from duban.docparse import parse_decimal

# Scales a document writes amounts in, smallest first.
SCALES = {
    "": Decimal(1),
    "百": Decimal(100),
    "千": Decimal(1000),
    "万": Decimal(10) ** 4,
    "十万": Decimal(10) ** 5,
    "百万": Decimal(10) ** 6,
    "千万": Decimal(10) ** 7,
    "亿": Decimal(10) ** 8,
    "万亿": Decimal(10) ** 12,
}
_MAG = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
# Units that are rates: never scaled.
RATE_UNITS = ("%", "‰", "个百分点", "百分点")
_ARABIC_MAG = re.compile(r"(?P<num>\d+(?:\.\d+)?|\.\d+)(?P<mag>[百千万亿]*)")
_MAGNITUDE_CHARS = "百千万亿"


class AmountError(ValueError):
    """Text that is not an amount; str(error) is a message for the user."""


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value != 0 else "0"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def scale_from_raw(raw: str, unit: str) -> str:
    """The scale a document wrote a target in: "100亿元" (元) → "亿",
    "40万千瓦" (千瓦) → "万", "1.3万人" → "万", "13000人" → "", "五十二点一亿元" → "亿"."""
    if not raw or (unit or "") in RATE_UNITS:
        return ""
    text = unicodedata.normalize("NFKC", raw).strip()
    if unit and text.endswith(unit):
        text = text[: -len(unit)]
    text = text.rstrip("个")
    m = re.search(r"[百千万亿]+$", text)
    if not m:
        return ""
    head, mag = text[: m.start()], m.group()
    if head and head[-1].isdigit() or "点" in head:
        return mag if mag in SCALES else ""
    # A Chinese integer ("一万二千人"): its largest section word.
    for word in ("万亿", "亿", "万"):
        if word in text:
            return word
    return ""


@dataclass(frozen=True)
class Measure:
    """How one target's numbers are written: its unit and the document's scale."""

    unit: str = ""
    scale: str = ""

    @property
    def factor(self) -> Decimal:
        if self.unit in RATE_UNITS:
            return Decimal(1)
        return SCALES.get(self.scale, Decimal(1))

    @property
    def suffix(self) -> str:
        """What a bare number in an input means: "亿元", "万人", "%"."""
        return (self.scale if self.factor != 1 else "") + (self.unit or "")

    def show(self, value) -> str:
        """13000 → "1.3万人" (in the document's scale); None → ""."""
        if value is None:
            return ""
        return _plain(Decimal(value) / self.factor) + self.suffix

    def field_text(self, value) -> str:
        """The text an input starts from: the number in the field's scale."""
        if value is None:
            return ""
        return _plain(Decimal(value) / self.factor)

    def parse(self, text) -> Decimal:
        """What a person typed → the base value (see the module docstring)."""
        original = "" if text is None else str(text)
        t = unicodedata.normalize("NFKC", original)
        t = re.sub(r"[\s,,_']", "", t)
        if not t:
            raise AmountError(_("请填写数值。"))
        negative = t[0] in "-−负"
        if t[0] in "+-−负":
            t = t[1:]
        explicit = False
        for unit in _unit_spellings(self.unit):
            if unit and t.endswith(unit):
                t, explicit = t[: -len(unit)], True
                break
        if self.unit in ("个百分点", "百分点") or explicit:
            t = t.removesuffix("个") if t.endswith("个") and len(t) > 1 else t
        number = None
        m = _ARABIC_MAG.fullmatch(t)
        if m:
            try:
                number = Decimal(m["num"])
            except InvalidOperation:
                number = None
            if number is not None:
                for ch in m["mag"]:
                    number *= _MAG[ch]
                explicit = explicit or bool(m["mag"])
        elif t:
            number = parse_decimal(t)
            if number is not None:
                explicit = (
                    explicit or t.startswith("百分之") or any(ch in t for ch in _MAGNITUDE_CHARS)
                )
        if number is None or not number.is_finite():
            raise AmountError(_("“%(text)s”不是有效的数值。") % {"text": original[:40]})
        if self.unit in RATE_UNITS:
            explicit = True
        value = number if explicit else number * self.factor
        return -value if negative else value


def _unit_spellings(unit: str) -> tuple[str, ...]:
    if unit in ("个百分点", "百分点"):
        return ("个百分点", "百分点")
    if unit == "%":
        return ("%", "%")
    return (unit,) if unit else ()
