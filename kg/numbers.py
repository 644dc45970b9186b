"""Indonesian numbers: "1.500", "10.000", "12 ribu", "1,5 juta", "dua ribu", "sebanyak N".

Dots group thousands and a comma marks decimals, the reverse of English. Vague amounts
(ribuan, puluhan) have no value and are never numbers here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from kg.text import Token

MULTIPLIERS = {
    "ribu": 1_000,
    "rb": 1_000,
    "juta": 1_000_000,
    "jt": 1_000_000,
    "miliar": 1_000_000_000,
    "milyar": 1_000_000_000,
    "triliun": 1_000_000_000_000,
}
WORD_DIGITS = {
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
    "sepuluh": 10,
    "sebelas": 11,
    "seratus": 100,
    "seribu": 1_000,
    "sejuta": 1_000_000,
}
WORD_SCALES = {"belas": None, "puluh": 10, "ratus": 100}
DIGITS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?")
# No news count reaches a quintillion ("Rp 1.000 triliun" is 10**15). Longer digit runs are
# serial numbers or junk; refusing them keeps every value a 64-bit xsd:integer and keeps
# Python from converting a 5,000-digit int to text (a ValueError) when the graph is written.
MAX_VALUE = 10**18 - 1
_MAX_CHARS = 40


@dataclass(frozen=True)
class Number:
    start: int  # token index
    end: int  # token index, exclusive
    value: int


def parse_digits(text: str) -> Decimal | None:
    """ "1.500" -> 1500, "1,5" -> 1.5, "10.000" -> 10000; None for anything else, and for
    values above ``MAX_VALUE``."""
    if len(text) > _MAX_CHARS or not DIGITS.fullmatch(text):
        return None
    try:
        value = Decimal(text.replace(".", "").replace(",", "."))
    except InvalidOperation:
        return None
    return value if value <= MAX_VALUE else None


def parse_number(text: str) -> int | None:
    """Whole value of a number written in digits with an optional multiplier word."""
    parts = text.split()
    if not parts:
        return None
    value = parse_digits(parts[0])
    if value is None:
        return None
    for word in parts[1:]:
        factor = MULTIPLIERS.get(word.lower())
        if factor is None:
            return None
        value *= factor
        if value > MAX_VALUE:
            return None
    return int(value) if value == value.to_integral_value() else None


def is_number_word(token: Token) -> bool:
    """Is the token part of a number: digits, or a word of one ("dua", "puluh", "ribu")?"""
    low = token.low
    return (
        low in WORD_DIGITS
        or low in WORD_SCALES
        or low in MULTIPLIERS
        or parse_digits(token.text) is not None
    )


def number_at(tokens: list[Token], i: int) -> Number | None:
    """A number starting at token ``i``, in digits or words, with its multipliers."""
    value = parse_digits(tokens[i].text)
    j = i + 1
    if value is None:
        words_value, j = _words(tokens, i)
        if words_value is None:
            return None
        value = Decimal(words_value)
    while j < len(tokens) and tokens[j].low in MULTIPLIERS:
        value *= MULTIPLIERS[tokens[j].low]
        j += 1
        if value > MAX_VALUE:
            return None
    if value != value.to_integral_value():
        return None
    return Number(i, j, int(value))


def _words(tokens: list[Token], i: int) -> tuple[int | None, int]:
    """ "dua ribu" -> 2000 (with the multiplier loop), "tiga puluh" -> 30, "lima belas" -> 15,
    "dua puluh tujuh" -> 27, "tiga ratus lima puluh" -> 350: groups that shrink as they go."""
    if tokens[i].low not in WORD_DIGITS:
        return None, i
    value, j, last = 0, i, MAX_VALUE
    while j < len(tokens) and tokens[j].low in WORD_DIGITS:
        group = WORD_DIGITS[tokens[j].low]
        k = j + 1
        if k < len(tokens) and tokens[k].low in WORD_SCALES and group < 10:
            scale = WORD_SCALES[tokens[k].low]
            group = group + 10 if scale is None else group * scale
            k += 1
        if group >= last or (value and group >= 1000):
            break  # "dua tiga": two numbers, not one
        value, j, last = value + group, k, group
    return value, j
