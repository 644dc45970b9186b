"""Tokens and sentences with character offsets, so every fact can point back at its text."""

from __future__ import annotations

import re
from typing import NamedTuple

from kg.model import Sentence

TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:[-'’]\w+)*|[^\w\s]", re.UNICODE)
OPEN_QUOTES = {'"', "“", "”"}
QUOTES = {'"', "“", "”", "«", "»"}
# Abbreviations after which a period does not end a sentence.
ABBREVIATIONS = {
    "dr",
    "drs",
    "ir",
    "prof",
    "h",
    "hj",
    "st",
    "no",
    "jl",
    "kol",
    "let",
    "jend",
    "mr",
    "mrs",
    "ms",
    "sdr",
    "bpk",
    "tn",
    "ny",
    "dll",
    "dsb",
    "yth",
    "a.n",
    "u.p",
    "vs",
    "sen",
    "rep",
    "gen",
    "lt",
    "col",
    "gov",
    "pres",
    "inc",
    "co",
    "ltd",
    "kec",
    "kab",
    "prov",
    "tgl",
    "hlm",
    "nomor",
}


class Token(NamedTuple):
    """A word or mark with its offsets; a tuple, because sentences make millions of them."""

    text: str
    start: int
    end: int
    low: str = ""
    is_capitalised: bool = False


def tokenize(text: str, offset: int = 0) -> list[Token]:
    new = tuple.__new__  # Token(...) without its keyword handling: millions of tokens
    return [
        new(Token, (w, m.start() + offset, m.end() + offset, w.lower(), w[:1].isupper()))
        for m in TOKEN_RE.finditer(text)
        for w in (m.group(),)
    ]


_END = re.compile(r"[.!?…]+[\"”’)]*")
_MARK = re.compile(r"[\"“”.!?…]")


def split_sentences(text: str, title_end: int = -1) -> list[Sentence]:
    """Split cleaned text into sentences: at line breaks, and at ., ! or ? followed by a
    capital, a quote or a digit — but never inside a quotation or after an abbreviation."""
    sentences: list[Sentence] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        body = line.group()
        in_quote = False
        cut = 0
        i = 0
        while True:
            found = _MARK.search(body, i)  # only quotes and end marks matter: jump to the next
            if found is None:
                break
            i = found.start()
            ch = body[i]
            if ch in ('"', "“", "”"):
                in_quote = (not in_quote) if ch == '"' else ch == "“"
            m = _END.match(body, i) if ch in ".!?…" else None
            if m is None:
                i += 1
                continue
            closes_quote = m.group()[-1] in ('"', "”")
            if (not in_quote or closes_quote) and _is_boundary(body, i, m.end()):
                _add(sentences, text, start + cut, start + m.end(), title_end)
                cut = m.end()
                in_quote = False
            elif closes_quote:
                in_quote = False
            i = m.end()
        _add(sentences, text, start + cut, line.end(), title_end)
    return sentences


def _next_starts_sentence(body: str, j: int) -> bool:
    rest = body[j:].lstrip()
    return bool(rest) and (rest[0].isupper() or rest[0].isdigit() or rest[0] in QUOTES)


def _is_boundary(body: str, i: int, end: int) -> bool:
    if end >= len(body):
        return True
    if (
        body[i] == "."
        and i > 0
        and body[i - 1].isdigit()
        and end < len(body)
        and body[end].isdigit()
    ):
        return False
    if not body[end].isspace():
        return False
    word = re.search(r"(\w+)\.?$", body[: i + 1].rstrip("."))
    if (
        body[i] == "."
        and word
        and (word.group(1).lower() in ABBREVIATIONS or len(word.group(1)) == 1)
    ):
        return False
    return _next_starts_sentence(body, end)


def _add(out: list[Sentence], text: str, start: int, end: int, title_end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end], is_title=end <= title_end))
