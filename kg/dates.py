"""Dates in Indonesian news: "Senin (21/10/2024)", "1 November 2024", "Selasa", "kemarin".

Numeric dates are read by a regular expression (exact, fast), and so are "1 November 2024"
dates, with dateparser's month names; other spellings and relative phrases go to dateparser,
resolved against the article's date. An act's date stays apart from the article's date: the
caller decides which reference to pass.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

NUMERIC = re.compile(r"\((\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\)|\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
# Calendar words (not domain lexicon): Indonesian and English month and weekday names.
MONTHS = (
    r"Januari|Februari|Pebruari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|"
    r"November|Nopember|Desember|Jan|Feb|Mar|Apr|Jun|Jul|Agu|Agt|Ags|Aug|Sep|Sept|Okt|"
    r"Oct|Nov|Des|Dec|January|February|March|May|June|July|August|October|December"
)
WEEKDAYS = r"Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Sabtu|Minggu|Ahad"
WITH_YEAR = re.compile(rf"\b(\d{{1,2}})\s+({MONTHS})\.?\s+(\d{{4}})\b")
NO_YEAR = re.compile(rf"\b(\d{{1,2}})\s+({MONTHS})\b(?!\.?\s+\d)")
RELATIVE = re.compile(
    rf"\b(?:(?:pada\s+)?(?:hari\s+)?({WEEKDAYS})\b(?!\s*[,(]?\s*\(?\d)|(kemarin(?:\s+lusa)?|"
    r"hari\s+ini|(?:\d+|dua|tiga|empat|lima)\s+hari\s+(?:yang\s+)?lalu))",
    re.IGNORECASE,
)

MAYBE_DATE = re.compile(rf"\d|\b(?:{WEEKDAYS}|kemarin|hari\s+ini)\b", re.IGNORECASE)


@dataclass(frozen=True)
class DateSpan:
    start: int
    end: int
    date: dt.date
    explicit: bool


def _valid(year: str, month: str, day: str) -> dt.date | None:
    """The date of numeric parts, a two-digit year in this century ("21/10/24")."""
    try:
        return dt.date(int(year) + (2000 if len(year) == 2 else 0), int(month), int(day))
    except ValueError:
        return None


_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")


@lru_cache(maxsize=1)
def _month_numbers() -> dict[str, int]:
    """Month names of dateparser's Indonesian and English data ("agustus", "agt", "aug"): a
    "1 Agustus 2024" needs no more than this, and a full parse costs about 2 ms."""
    from dateparser.languages.loader import default_loader

    names: dict[str, int] = {}
    for code in ("id", "en"):
        info = default_loader.get_locale(code).info
        for number, month in enumerate(_MONTH_KEYS, 1):
            for name in info.get(month, ()):
                names.setdefault(name.lower(), number)
    return names


def _with_year(day: str, month: str, year: str, text: str) -> dt.date | None:
    number = _month_numbers().get(month.lower())
    if number is None:  # a spelling the data lacks: dateparser decides
        return _parse(text, None)
    return _valid(year, str(number), day)


@lru_cache(maxsize=4096)
def _parse(text: str, base: dt.date | None) -> dt.date | None:
    import dateparser

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "DATE_ORDER": "DMY"}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    parsed = dateparser.parse(text, languages=["id", "en"], settings=settings)
    return parsed.date() if parsed else None


def find_dates(text: str, base: dt.date | None = None) -> list[DateSpan]:
    """Every date the text states, explicit ones first-class; relative ones need ``base``."""
    spans: list[DateSpan] = []
    if not MAYBE_DATE.search(text):
        return spans  # most sentences: no digit, no weekday, no "kemarin"
    for m in NUMERIC.finditer(text):
        d, mo, y = (m.group(1), m.group(2), m.group(3)) if m.group(1) else m.group(4, 5, 6)
        date = _valid(y, mo, d)
        if date:
            spans.append(DateSpan(m.start(), m.end(), date, True))
    # dateparser fills a day it cannot use ("00 Januari 2024") from today's date: such a
    # result is not what the text says, and would make the graph depend on the clock.
    for m in WITH_YEAR.finditer(text):
        date = _with_year(m.group(1), m.group(2), m.group(3), m.group())
        if date and date.day == int(m.group(1)) and date.year == int(m.group(3)):
            spans.append(DateSpan(m.start(), m.end(), date, True))
    if base is not None:
        for m in NO_YEAR.finditer(text):
            date = _parse(m.group(), base)
            if date and date.day == int(m.group(1)):
                spans.append(DateSpan(m.start(), m.end(), date, False))
        for m in RELATIVE.finditer(text):
            date = _parse(m.group(1) or m.group(2), base)
            if date and m.group(1) and (base - date).days == 7:
                date = base  # "Kamis" in an article of a Thursday is that day
            if date:
                spans.append(DateSpan(m.start(), m.end(), date, False))
    spans.sort(key=lambda s: (s.start, -s.end))
    kept: list[DateSpan] = []
    for span in spans:
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


def first_explicit_date(text: str) -> dt.date | None:
    for span in find_dates(text):
        if span.explicit:
            return span.date
    return None
