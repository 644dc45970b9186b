"""Reports the article itself says were withdrawn: "Sebuah media daring Vietnam sempat
memberitakan bahwa Hanoi memanggil duta besar Kamboja. Laporan itu kemudian dicabut." What
a withdrawn report or post said is no fact, though each of its sentences reads like one.
"""

from __future__ import annotations

from kg.lexicon import Lexicon
from kg.model import Sentence
from kg.morph import roots
from kg.text import Token, tokenize


def retracted_spans(sentences: list[Sentence], lex: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of each sentence whose report ("sempat memberitakan/mengatakan …") that
    sentence or the next one withdraws ("Laporan itu kemudian dicabut", "menarik pernyataan
    itu", "Unggahan itu kemudian dihapus")."""
    spans = []
    body = [s for s in sentences if not s.is_title]
    once = lex.cue_words("onceSaid")
    for k, sentence in enumerate(body):
        low = sentence.text.lower()
        if not any(word in low for word in once):
            continue  # most sentences: no need to read them word by word
        tokens = tokenize(sentence.text)
        said = _once_said(tokens, lex)
        if said is None:
            continue
        rest = tokens[said:]
        following = tokenize(body[k + 1].text) if k + 1 < len(body) else []
        if _withdraws(rest, lex) or _withdraws(following, lex):
            spans.append((sentence.start, sentence.end))
    return spans


def _once_said(tokens: list[Token], lex: Lexicon) -> int | None:
    """Where "sempat" + a verb of reporting ends: "sempat memberitakan", "sempat menulis"."""
    once = lex.cue_words("onceSaid")
    verbs = lex.cue_words("reportVerb")
    for k, tok in enumerate(tokens):
        if tok.low in once:
            for j in range(k + 1, min(len(tokens), k + 3)):
                if tokens[j].text.isalpha() and roots(tokens[j].text) & verbs:
                    return j + 1
    return None


def _withdraws(tokens: list[Token], lex: Lexicon) -> bool:
    """A withdrawal of something said: a verb of withdrawing and what was withdrawn."""
    verbs = lex.cue_words("retraction")
    things = lex.cue_words("retractedThing")
    has_verb = any(t.text.isalpha() and roots(t.text) & verbs for t in tokens)
    return has_verb and any(t.low in things or (t.text.isalpha() and roots(t.text) & things)
                            for t in tokens)
