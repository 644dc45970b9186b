"""Property tests: the cleaner, the number and date parsers and the whole build never crash,
and what they promise (offsets, round trips, a parseable graph) holds for any text."""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache

import pyoxigraph as ox
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg.clean import clean
from kg.dates import find_dates
from kg.graph import build_graph
from kg.lexicon import Lexicon, load_lexicon
from kg.model import SourceText
from kg.numbers import MAX_VALUE, number_at, parse_digits, parse_number
from kg.pipeline import extract_source
from kg.store import serialize
from kg.text import tokenize

MANY = settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return load_lexicon()


def source(text: str) -> SourceText:
    return SourceText(("artikel.txt",), text, hashlib.sha256(text.encode("utf-8")).hexdigest())


def indonesian(n: int) -> str:
    """1234567 -> "1.234.567": dots group thousands."""
    return f"{n:,}".replace(",", ".")


# Lines that look like a scraped page: furniture, leads, bylines, dates, quotes, plus noise.
PAGE_LINES = [
    "Baca juga: Korea Utara Bantah Kirim Pasukan",
    "BACA JUGA \"Rusia Tolak Tuduhan\"",
    "JAKARTA – Baca juga: Korea Utara membantah",
    "JAKARTA – Iklan",
    "Iklan (ant)",
    "Menlu tiba di Seoul. Klik di sini untuk berita lain. Iklan",
    "ADVERTISEMENT",
    "SCROLL TO CONTINUE WITH CONTENT",
    "(ant/afp)",
    "Editor: Budi",
    "Copyright © 2024 Tribunnews.com",
    "5 menit yang lalu",
    "Berita Terkait",
    "Terpopuler",
    "Senin, 21 Oktober 2024 10:15 WIB",
    "TRIBUNNEWS.COM - Korea Utara membantah telah mengirim pasukan ke Rusia.",
    "MOSKWA – Rusia menolak memberikan konfirmasi, Senin (21/10/2024).",
    'Juru bicara itu menyebut klaim tersebut "rumor tak berdasar." (Ant)',
    "Korea Selatan memperkirakan sedikitnya 3.000 tentara berada di Rusia.",
    "Dapatkan berita terbaru di WhatsApp https://wa.me/x",
    "",
    "   ",
]
PAGE_TEXT = st.lists(st.one_of(st.sampled_from(PAGE_LINES), st.text(max_size=40)), max_size=12).map(
    "\n".join
)
ANY_TEXT = st.one_of(st.text(), PAGE_TEXT)


def furniture_in(line: str, lex: Lexicon) -> list[str]:
    scopes = ("line", "section")
    return [p.pattern for scope in scopes for p in lex.furniture[scope] if p.search(line)]


@MANY
@given(text=ANY_TEXT)
@example(text="Iklan (ant)")
@example(text="JAKARTA – Baca juga: Korea Utara membantah")
def test_clean_any_text_leaves_no_furniture_and_true_sentence_offsets(text: str) -> None:
    lex = lexicon()
    document = clean(source(text), lex)
    for line in document.text.split("\n"):
        assert not furniture_in(line, lex), line
    for sentence in document.sentences:
        assert 0 <= sentence.start < sentence.end <= len(document.text)
        assert document.text[sentence.start:sentence.end] == sentence.text


@MANY
@given(n=st.integers(min_value=0, max_value=10**15))
def test_numbers_dotted_thousands_round_trip(n: int) -> None:
    assert parse_digits(indonesian(n)) == n
    assert parse_number(indonesian(n)) == n


@MANY
@given(
    whole=st.integers(min_value=0, max_value=999_999),
    decimals=st.text("0123456789", min_size=1, max_size=3),
    word=st.sampled_from(["ribu", "juta", "miliar", "triliun"]),
)
def test_numbers_decimal_comma_with_multiplier_round_trip(whole: int, decimals: str, word: str):
    factor = {"ribu": 10**3, "juta": 10**6, "miliar": 10**9, "triliun": 10**12}[word]
    written = f"{indonesian(whole)},{decimals} {word}"  # "1,5 juta", "12.500,25 ribu"
    expected = (whole * 10 ** len(decimals) + int(decimals)) * factor // 10 ** len(decimals)
    assert parse_number(written) == expected
    tokens = tokenize(f"sebanyak {written} tentara")
    number = number_at(tokens, 1)
    assert number is not None and number.value == expected and number.end == 3


@MANY
@given(text=st.text())
@example(text="9" * 5000 + " ribu")
@example(text="1 " + "triliun " * 30)
def test_numbers_never_crash_on_any_string(text: str) -> None:
    digits = parse_digits(text)
    assert digits is None or 0 <= digits <= MAX_VALUE
    value = parse_number(text)
    assert value is None or 0 <= value <= MAX_VALUE
    tokens = tokenize(text)
    for i in range(len(tokens)):
        number = number_at(tokens, i)
        if number is not None:
            assert number.start == i and i < number.end <= len(tokens)
            assert 0 <= number.value <= MAX_VALUE
            str(number.value)  # what writing the graph does with it


DATE_WORDS = st.sampled_from(
    ["Senin", "Selasa", "kemarin", "hari ini", "3 hari lalu", "21 Oktober", "1 November 2024",
     "(21/10/2024)", "(31/2/2024)", "00 Januari 2024", "12/13/2024", " ", "(", "/", "pada hari"]
)


@MANY
@given(
    text=st.one_of(st.text(), st.lists(st.one_of(DATE_WORDS, st.text(max_size=5))).map(" ".join)),
    base=st.one_of(st.none(), st.dates()),
)
def test_dates_never_crash_and_spans_lie_in_the_text(text: str, base: dt.date | None) -> None:
    spans = find_dates(text, base)
    previous_end = 0
    for span in spans:
        assert previous_end <= span.start < span.end <= len(text)
        previous_end = span.end


@MANY
@given(date=st.dates(min_value=dt.date(1, 1, 1)), weekday=st.sampled_from(["Senin", "Kamis", ""]))
@example(date=dt.date(5, 1, 1), weekday="")
def test_dates_numeric_in_parentheses_round_trip(date: dt.date, weekday: str) -> None:
    written = f"({date.day}/{date.month}/{date.year:04d})"
    text = f"Menlu tiba {weekday} {written}."
    spans = [s for s in find_dates(text) if s.explicit]
    assert len(spans) == 1
    assert spans[0].date == date
    assert text[spans[0].start:spans[0].end] == written


@MANY
@given(day=st.integers(0, 40), month=st.sampled_from(["Januari", "Februari", "Oktober", "Mei"]),
       year=st.integers(1900, 2100))
def test_dates_month_names_are_exact_or_absent(day: int, month: str, year: int) -> None:
    number = {"Januari": 1, "Februari": 2, "Oktober": 10, "Mei": 5}[month]
    try:
        expected: dt.date | None = dt.date(year, number, day)
    except ValueError:
        expected = None
    spans = find_dates(f"Jakarta, {day} {month} {year} –")
    assert [s.date for s in spans] == ([expected] if expected else [])


# The whole build on arbitrary text: sentences that make facts, spliced with hostile
# characters, and plain random text.
HOSTILE = st.sampled_from(
    ["<script>alert(1)</script>", '"', "“", "”", "'", "\\", "\\n", "\x00", "\x07", "\x1b[31m",
     "\r\n", "\u2028", "\u202e", "\ufeff", "\ufffe", "😀", "🇰🇵", "👨‍👩‍👧", "روسيا تنفي", "רוסיה",
     "]]>", "${x}", "%s", "\t", "\n\n", "&amp;", "<", ">", "<img src=x onerror=alert(1)>"]
)
NOISE = st.one_of(st.just(""), st.just(""), HOSTILE, st.text(max_size=3))
SUBJECTS = st.sampled_from(
    ["Korea Utara", "Rusia", "Korea Selatan", "Vasily Nebenzia", "Amerika Serikat", "Ukraina",
     "Kementerian Luar Negeri Rusia", "Zelensky", "Juru bicara Kremlin Dmitry Peskov"]
)
VERBS = st.sampled_from(
    ["membantah", "memperkirakan sedikitnya 3.000 tentara", "memperkirakan 1,5 juta", "menolak",
     "menolak memberikan konfirmasi atas", "memanggil duta besar", "meratifikasi", "menuduh",
     "mendukung", "mengklaim bahwa", "tidak membantah", "dibantah oleh"]
)
OBJECTS = st.sampled_from(
    ["klaim Korea Selatan", "laporan itu", "Korea Utara", "tuduhan tersebut", "Rusia",
     "perjanjian kemitraan strategis komprehensif", "pengiriman pasukan ke Rusia", ""]
)
SENTENCE = st.tuples(SUBJECTS, NOISE, VERBS, NOISE, OBJECTS, NOISE, st.sampled_from([".", "", "!"]))
ARTICLE = st.tuples(
    st.sampled_from(["", "JAKARTA – ", "TRIBUNNEWS.COM - ", "Senin (21/10/2024)\n"]),
    st.lists(SENTENCE.map(lambda parts: " ".join(parts[:-1]) + parts[-1]), min_size=1, max_size=4),
    st.sampled_from([" ", "\n", "\r\n"]),
).map(lambda t: t[0] + t[2].join(t[1]))
BUILD_TEXT = st.one_of(ARTICLE, ARTICLE, st.text(max_size=120))


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=BUILD_TEXT)
@example(text="Korea Utara membantah klaim <script>alert(1)</script> \"rumor\" \\ \x07 😀 روسيا.")
@example(text="Korea Selatan memperkirakan sedikitnya " + "9" * 5000 + " tentara berada di Rusia.")
def test_build_any_text_parses_everywhere_and_offsets_hold(text: str) -> None:
    extraction = extract_source(source(text), lexicon())
    doc = extraction.document
    for fact in extraction.facts:
        ev = fact.evidence
        assert doc.text[ev.start:ev.end] == ev.text
        assert doc.text[ev.trigger_start:ev.trigger_end] == ev.trigger_text
    graph = build_graph([extraction])
    data = serialize(graph)
    parsed = Graph().parse(data=data.decode("utf-8"), format="turtle")
    assert len(parsed) == len(graph)
    assert len(list(ox.parse(data, format=ox.RdfFormat.TURTLE))) == len(graph)


def test_build_property_strategies_reach_facts() -> None:
    """The whole-build property is only worth its time if its texts yield facts."""
    text = " ".join(["Korea Selatan", "memperkirakan", "sedikitnya", "3.000", "tentara", "."])
    assert extract_source(source(text), lexicon()).facts
