"""Trigger words through Indonesian morphology: every lexicon root is found in its real forms.

Sastrawi alone stems "membantah" to "ban" (../shared/notes/measured.md); these are the forms
an analyst would be angry to see missed, and the near misses that must not match.
"""

from __future__ import annotations

import pytest

from kg.lexicon import load_lexicon
from kg.morph import matches, roots


def relation_of(word: str, in_title: bool = False) -> set[str]:
    found = set()
    for trigger in load_lexicon().triggers:
        for root in trigger.roots:
            scopes = set(trigger.scopes) | (
                {"bare"} if in_title and "verb" in trigger.scopes else set()
            )
            if matches(word, root, scopes):
                found.add(trigger.relation)
    return found


@pytest.mark.parametrize(
    ("word", "relation"),
    [
        ("membantah", "denies"),
        ("dibantah", "denies"),
        ("menyangkal", "denies"),
        ("disangkal", "denies"),
        ("menepis", "denies"),
        ("ditepis", "denies"),
        ("menampik", "denies"),
        ("meratifikasi", "ratifies"),
        ("diratifikasi", "ratifies"),
        ("ratifikasi", "ratifies"),
        ("mengesahkan", "ratifies"),
        ("disahkan", "ratifies"),
        ("memanggil", "summons"),
        ("dipanggil", "summons"),
        ("pemanggilan", "summons"),
        ("menandatangani", "signs"),
        ("ditandatangani", "signs"),
        ("meneken", "signs"),
        ("menyerukan", "callsFor"),
        ("mendesak", "callsFor"),
        ("menuntut", "callsFor"),
        ("mendukung", "supports"),
        ("didukung", "supports"),
        ("menuduh", "accuses"),
        ("menuding", "accuses"),
        ("mengklaim", "claims"),
        ("mengatakan", "claims"),
        ("menyatakan", "claims"),
        ("memperkirakan", "estimates"),
        ("diperkirakan", "estimates"),
        ("mencatat", "estimates"),
    ],
)
def test_morph_trigger_found_in_its_affixed_form(word: str, relation: str) -> None:
    assert relation in relation_of(word)


@pytest.mark.parametrize(
    ("word", "relation"),
    [("Sangkal", "denies"), ("Bantah", "denies"), ("Panggil", "summons"), ("Sahkan", "ratifies")],
)
def test_morph_headline_bare_root_is_a_verb(word: str, relation: str) -> None:
    assert relation not in relation_of(word)
    assert relation in relation_of(word, in_title=True)


@pytest.mark.parametrize(
    "word",
    ["bantuan", "bandara", "bertahan", "pertahanan", "sangat", "panggung", "dukungan", "tuduhan"],
)
def test_morph_lookalikes_are_not_verbs(word: str) -> None:
    assert not relation_of(word) & {"denies", "summons", "supports", "accuses"}


def test_morph_roots_restore_the_nasal() -> None:
    assert {"tepis", "tolak", "sangkal", "panggil", "tandatangan"} <= (
        roots("menepis")
        | roots("menolak")
        | roots("menyangkal")
        | roots("memanggil")
        | roots("menandatangani")
    )
