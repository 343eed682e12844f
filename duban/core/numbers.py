"""The bounds of every number a person types, in one place.

A number from a form, the API or an imported document is first read (parsing
— separators, and any scale words such as 万/亿 — is the caller's business),
then passed through `fit_decimal` or `fit_int` here before it reaches the
database. They refuse, with a clear Chinese message, anything the column
cannot hold: a value that passed here can be saved and read back on SQLite
and PostgreSQL alike (an unbounded 1e30 saved on SQLite made every page
that read it answer 500).
"""

from __future__ import annotations

from decimal import Context, Decimal, InvalidOperation

from django.utils.translation import gettext as _

# The value columns are DecimalField(max_digits=24, decimal_places=4)
# (reports.TargetValue.value, plans.Target.value/value_max/baseline). SQLite
# keeps them as 8-byte floats and Django reads them back rounded to 15
# significant digits: a value just under 1e20 comes back as 1.00000000000000E+20,
# which no longer fits and fails on read. 18 whole digits read back on both
# databases (and are far above any target a plan sets).
VALUE_DECIMAL_PLACES = 4
VALUE_WHOLE_DIGITS = 18

# PostgreSQL integer / SQLite's 64-bit INTEGER: ids, offsets, versions.
ID_MAX = 2**31 - 1

WIDE = Context(prec=400)


class OutOfRange(ValueError):
    """A number that cannot be stored; str() is the message for the user."""


def parse_decimal(raw: object) -> Decimal | None:
    """A typed number as a Decimal: thousands separators (, ,) and spaces
    ignored; None when it is not a finite number."""
    if isinstance(raw, Decimal):
        return raw if raw.is_finite() else None
    text = str(raw).strip().replace(",", "").replace(",", "").replace(" ", "")
    if not text or len(text) > 100:
        return None
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def fit_decimal(
    number: Decimal,
    *,
    label: str,
    whole_digits: int = VALUE_WHOLE_DIGITS,
    decimal_places: int = VALUE_DECIMAL_PLACES,
) -> Decimal:
    """`number` if a value column stores and reads it back exactly (at most
    `whole_digits` digits before the point, `decimal_places` after); else
    OutOfRange naming `label` (the field or target the user filled)."""
    if not number.is_finite():
        raise OutOfRange(_("“%(label)s”不是有效数字。") % {"label": label})
    # adjusted() is the exponent of the leading digit: 1e20 → 20, 0.5 → -1.
    if number != 0 and number.adjusted() >= whole_digits:
        raise OutOfRange(
            _("“%(label)s”的数值过大(整数部分最多 %(digits)s 位)。")
            % {"label": label, "digits": whole_digits}
        )
    # Quantizing in a context wide enough for any input (≤ 100 characters)
    # changes the number only when it has more decimals than the column keeps.
    step = Decimal(1).scaleb(-decimal_places)
    if number.quantize(step, context=WIDE) != number:
        raise OutOfRange(
            _("“%(label)s”最多保留 %(places)s 位小数。")
            % {"label": label, "places": decimal_places}
        )
    return number


def fit_int(value: object, *, label: str, low: int = 0, high: int = ID_MAX) -> int:
    """`value` (an int or the text of one) as an int within low…high, else
    OutOfRange with a message naming `label`."""
    if isinstance(value, bool):
        raise OutOfRange(_("“%(label)s”应为整数。") % {"label": label})
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not text or len(text) > 30:
            raise OutOfRange(_("“%(label)s”应为整数。") % {"label": label})
        try:
            number = int(text)
        except ValueError:
            raise OutOfRange(_("“%(label)s”应为整数。") % {"label": label}) from None
    if not low <= number <= high:
        raise OutOfRange(
            _("“%(label)s”应在 %(low)s 到 %(high)s 之间。")
            % {"label": label, "low": low, "high": high}
        )
    return number
