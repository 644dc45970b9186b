"""Indonesian word roots: Sastrawi backed by the lexicon's own affix rules.

Sastrawi alone misses the most important trigger (it stems "membantah" to "ban") and
leaves "menandatangani" whole (see ../shared/notes/measured.md), so every token also gets
the roots that plain meN-/di-/peN-an/-kan/-i/-nya stripping with nasal restoration gives.
A trigger matches when any candidate root is one of its roots: the lexicon decides.
"""

from __future__ import annotations

from functools import lru_cache

VOWELS = "aeiou"
PARTICLES = ("nya", "lah", "kah", "pun", "ku", "mu")
SUFFIXES = ("kan", "an", "i")
# prefix -> letters that the nasal replaced (restored before the stripped stem)
VERB_PREFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("memper", ("",)),
    ("diper", ("",)),
    ("menge", ("",)),
    ("penge", ("",)),
    ("meng", ("", "k")),
    ("meny", ("s",)),
    ("mem", ("", "p")),
    ("men", ("", "t")),
    ("me", ("",)),
    ("di", ("",)),
    ("ber", ("",)),
    ("be", ("",)),
    ("ter", ("",)),
)
NOUN_PREFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("peng", ("", "k")),
    ("peny", ("s",)),
    ("pem", ("", "p")),
    ("pen", ("", "t")),
    ("per", ("",)),
    ("pe", ("",)),
    ("ke", ("",)),
)


@lru_cache(maxsize=1)
def _sastrawi():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


def _strip_suffixes(word: str) -> set[tuple[str, bool]]:
    """Stems after removing particles and derivational suffixes; the flag marks an -an noun."""
    found = {(word, False)}
    for particle in PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 3:
            found.add((word[: -len(particle)], False))
    for stem, _ in list(found):
        for suffix in SUFFIXES:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
                found.add((stem[: -len(suffix)], suffix == "an"))
    return found


def _strip_prefix(stem: str, prefixes: tuple[tuple[str, tuple[str, ...]], ...]) -> set[str]:
    found: set[str] = set()
    for prefix, restores in prefixes:
        if stem.startswith(prefix) and len(stem) - len(prefix) >= 2:
            rest = stem[len(prefix) :]
            for letter in restores:
                if letter and rest[0] not in VOWELS:
                    continue
                found.add(letter + rest)
    return found


@lru_cache(maxsize=200_000)
def analyse(token: str) -> tuple[tuple[str, str], ...]:
    """Candidate (root, shape) pairs of a token; shape is "bare", "verb" or "noun"."""
    word = token.lower()
    if not word.isalpha() and "-" not in word:
        return ()
    out: set[tuple[str, str]] = set()
    for stem, an_noun in _strip_suffixes(word):
        out.add((stem, "noun" if an_noun else "bare"))
        for root in _strip_prefix(stem, VERB_PREFIXES):
            out.add((root, "verb"))
            # "memper-" and "ber-" may hide a second prefix: memperkirakan -> kira
            for inner in _strip_prefix(root, (("per", ("",)), ("ke", ("",)))):
                out.add((inner, "verb"))
        for root in _strip_prefix(stem, NOUN_PREFIXES):
            out.add((root, "noun"))
    if len(word) >= 4:
        root = _sastrawi().stem(word)
        if root and root != word:
            shape = "verb" if word.startswith(("me", "di", "ber", "ter")) else "noun"
            out.add((root, shape))
    return tuple(sorted(out))


@lru_cache(maxsize=200_000)
def roots(token: str) -> frozenset[str]:
    """Every candidate root of a token, the token itself (lower-cased) included."""
    return frozenset(r for r, _ in analyse(token)) | {token.lower()}


def matches(token: str, root: str, scopes: frozenset[str] | set[str]) -> bool:
    """Does ``token`` carry ``root`` in one of the allowed shapes?"""
    return any(r == root and s in scopes for r, s in analyse(token))
