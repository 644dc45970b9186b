"""Dates as Indonesian news writes them, and the act's date kept apart from the article's."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.dates import MONTHS, find_dates
from kg.lexicon import load_lexicon
from kg.model import SourceText
from kg.pipeline import extract_source


@pytest.mark.parametrize(
    ("text", "base", "expected"),
    [
        ("kata Zelensky, Senin (21/10/2024).", None, dt.date(2024, 10, 21)),
        ("ujarnya dalam pernyataan pers, Kamis (8/11/2024).", None, dt.date(2024, 11, 8)),
        ("Putin mengatakan pada 1 November 2024 bahwa …", None, dt.date(2024, 11, 1)),
        (
            "Pada hari Selasa, kantor berita Yonhap melaporkan …",
            dt.date(2024, 10, 24),
            dt.date(2024, 10, 22),
        ),
        ("Menlu itu tiba kemarin.", dt.date(2024, 10, 24), dt.date(2024, 10, 23)),
    ],
)
def test_dates_found_and_resolved(text: str, base: dt.date | None, expected: dt.date) -> None:
    assert [s.date for s in find_dates(text, base)][:1] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Sementara itu, pekan ini, parlemen bersidang.",
        "pakta itu ditandatangani pada musim panas ini",
        "Pasal 4 perjanjian itu",
    ],
)
def test_dates_vague_periods_give_no_day(text: str) -> None:
    assert find_dates(text, dt.date(2024, 11, 8)) == []


def test_dates_act_date_differs_from_publication_date() -> None:
    text = (
        "Iran Bantah Laporan Itu\n\nRabu, 13 November 2024 - 10:00 WIB\n"
        "Iran membantah laporan itu pada Senin (11/11/2024)."
    )
    extraction = extract_source(SourceText(("t.txt",), text, "1" * 64), load_lexicon())
    assert extraction.document.published == dt.date(2024, 11, 13)
    body = [f for f in extraction.facts if not f.evidence.text.startswith("Iran Bantah")]
    assert body[0].evidence.date == dt.date(2024, 11, 11)


@pytest.mark.parametrize("month", MONTHS.split("|"))
def test_dates_month_names_read_as_dateparser_reads_them(month: str) -> None:
    """"1 Agustus 2024" is read from dateparser's month names without a full parse (2 ms):
    every spelling the pattern accepts gives the date dateparser gives, or none as it does."""
    from kg.dates import _parse

    for day, year in (("1", "2024"), ("29", "2023"), ("31", "2024"), ("00", "2024")):
        text = f"{day} {month} {year}"
        parsed = _parse(text, None)
        expected = [parsed] if parsed and parsed.day == int(day) else []
        assert [s.date for s in find_dates(f"pada {text} lalu")] == expected
