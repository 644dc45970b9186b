"""One sentence as the relation rules see it: tokens, mentions, quotes, and the questions
the rules ask of it (who is the subject before this verb? is this verb negated?)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from kg.entities import DocState, MentionFinder, Span, TreatySpan
from kg.lexicon import Lexicon
from kg.model import Sentence
from kg.morph import roots
from kg.text import QUOTES, Token

SENTENCE_PUNCT = {",", ";", ":", "(", ")", "–", "—", "-"}


@dataclass
class SentenceView:
    sentence: Sentence
    tokens: list[Token]
    spans: list[Span]
    treaties: list[TreatySpan]
    quotes: list[tuple[int, int]]
    in_title: bool
    lex: Lexicon
    state: DocState
    finder: MentionFinder
    date: dt.date | None = None
    doc_id: str = ""
    speaker: str | None = None
    speaker_end: int = -1
    ends: dict[int, Span] = field(default_factory=dict)
    starts: dict[int, Span] = field(default_factory=dict)
    _phrase_memo: dict[tuple[int, str], tuple[str, ...] | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for span in self.spans:
            self.ends[span.end - 1] = span
            self.starts[span.start] = span
        self.filler = self.lex.cue_words("filler")
        self.boundary = self.lex.cue_words("boundary")
        self.prepositions = self.lex.cue_words("preposition")
        self.negation = self.lex.cue_words("negation")
        self.conditional = self.lex.cue_words("conditional")
        self.intent = self.lex.cue_words("intent")

    # -- small questions --------------------------------------------------------------
    def has_root(self, i: int, words: frozenset[str] | set[str]) -> bool:
        tok = self.tokens[i]
        return (
            tok.low in words or bool(roots(tok.text) & words)
            if tok.text.isalpha()
            else tok.low in words
        )

    def in_quote(self, i: int) -> bool:
        return any(a <= i < b for a, b in self.quotes)

    @cached_property
    def named(self) -> frozenset[int]:
        """The tokens inside a name the finder found."""
        return frozenset(k for span in self.spans for k in range(span.start, span.end))

    @cached_property
    def token_keys(self) -> list[frozenset[str]]:
        """What each token can stand for in a lexicon phrase: its roots, or itself."""
        return [
            roots(tok.text) if tok.text.isalpha() else frozenset({tok.low}) for tok in self.tokens
        ]

    def phrase_starts(self, cue_type: str) -> list[tuple[int, tuple[str, ...]]]:
        """(token index, longest form) for every place a form of ``cue_type`` starts."""
        index = self.lex.phrases_by_first(cue_type)
        found = []
        for k, keys in enumerate(self.token_keys):
            if not keys.isdisjoint(index):
                phrase = self.phrase_at(k, cue_type)
                if phrase is not None:
                    found.append((k, phrase))
        return found

    def phrase_at(self, k: int, cue_type: str) -> tuple[str, ...] | None:
        """The longest form of ``cue_type`` that starts at token ``k``, if any."""
        memo = (k, cue_type)
        if memo in self._phrase_memo:
            return self._phrase_memo[memo]
        index = self.lex.phrases_by_first(cue_type)
        keys = self.token_keys[k]
        if keys.isdisjoint(index):
            self._phrase_memo[memo] = None
            return None
        candidates = [p for key in sorted(keys) for p in index.get(key, ())]
        candidates.sort(key=lambda p: (-len(p), -len(" ".join(p)), p))
        found = next((p for p in candidates if self.match_phrase(k, p)), None)
        self._phrase_memo[memo] = found
        return found

    def match_phrase(self, i: int, phrase: tuple[str, ...]) -> bool:
        if i + len(phrase) > len(self.tokens):
            return False
        return all(
            self.tokens[i + k].low == w or w in roots(self.tokens[i + k].text)
            for k, w in enumerate(phrase)
        )

    def text(self, start: int, end: int) -> str:
        if start >= end:
            return ""
        return self.sentence_text(self.tokens[start].start, self.tokens[end - 1].end)

    def sentence_text(self, a: int, b: int) -> str:
        base = self.sentence.start
        return self.sentence.text[a - base : b - base]

    def actor(self, span: Span) -> str | None:
        if span.kind == "speaker":
            return self.speaker
        return span.key or None

    def clause_start(self, i: int) -> int:
        j = i - 1
        while j >= 0:
            tok = self.tokens[j]
            if (
                tok.text in {";", ":"}
                or tok.text in QUOTES
                or tok.low in {"bahwa", "namun", "tetapi"}
            ):
                return j + 1
            j -= 1
        return 0

    # -- subjects, agents, negation ---------------------------------------------------
    def skip_left(self, i: int, stop: int = 0) -> int:
        """Index of the first token left of ``i`` that is not a filler, a date or a bracket."""
        j = i - 1
        depth = 0
        while j >= stop:
            tok = self.tokens[j]
            if depth == 0 and j in self.ends:
                return j  # a mention that ends in a bracket: "… PBB (OCHA)"
            if tok.text == ")":
                depth += 1
            elif tok.text == "(":
                depth = max(0, depth - 1)
            elif depth == 0 and j in self.ends:
                return j
            elif depth == 0 and not (
                tok.low in self.filler
                or tok.low in self.negation
                or tok.text.isdigit()
                or tok.text == "/"
            ):
                return j
            j -= 1
        return -1

    def subject_before(self, i: int) -> list[Span]:
        """The subject noun phrase ending just before the verb at ``i`` (coordinated
        "X dan Y" / "Baik X maupun Y" gives several), or [] when the words before the verb are
        not a clause-initial actor ("pasukan Korea Utara", "di Moskwa")."""
        j = self.skip_left(i)
        if j < 0:
            return []
        if self.tokens[j].low == "yang" and j >= 1:
            # "Indonesia, yang juga menandatangani BBNJ, …": a relative clause's verb is done by
            # the actor it hangs on, whatever that actor does in the main clause
            k = j - 2 if self.tokens[j - 1].text == "," else j - 1
            head = self.ends.get(k)
            if head is None or head.kind != "entity" or self._owned_by_a_report(head.start):
                return []
            return [head]
        j = self._skip_place(j)
        j = self._skip_aside(j)
        if (
            j >= 0
            and j not in self.ends
            and (
                self.tokens[j].low
                in {"dan", "serta", "lalu", "kemudian", "sekaligus", "tetapi", "namun", "tapi"}
                or (self.in_title and self.tokens[j].text == ",")
            )
        ):  # "X Panggil Y, Tolak Z"
            return self._shared_subject(j)
        if j < 0:
            return []
        if self.tokens[j].text == "," and j - 1 in self.ends and (
            self.ends[j - 1].title is not None
            # "Jogorku Kenesh, parlemen Kirgistan, mengesahkan …": the body between commas,
            # though not a state ("… berbasis di Athena, Yunani, enggan …" is a place)
            or self.ends[j - 1].kind == "entity"
            and self.finder.type_of(self.ends[j - 1].key) != "State"
            and self.ends[j - 1].start > 0
            and self.tokens[self.ends[j - 1].start - 1].text == ","
        ):
            j -= 1  # "Serhiy Kasselets, Duta Besar ... ," + verb: the apposition closes
        span = self.ends.get(j)
        if span is None:
            return []
        found = [span]
        k = span.start - 1
        # "A, B dan C" coordinates; "Zelensky, juru bicara Peskov" does not: a list ends in "dan"
        while k >= 1 and self.tokens[k].low in {"dan", ",", "serta", "maupun"}:
            m = k - 1
            if self.tokens[k].low == "dan" and m >= 1 and self.tokens[m].text == ",":
                m -= 1  # "Tanzania, Uganda, dan Burundi": a comma before the last "dan"
            if m not in self.ends or (len(found) == 1 and self.tokens[k].text == ","):
                break
            found.insert(0, self.ends[m])
            k = self.ends[m].start - 1
        if k >= 0 and len(found) == 1:
            k = self.finder.counted_officials(self.tokens, span.start) - 1
        if k >= 0:
            before = self.tokens[k]
            ok = (
                before.text in SENTENCE_PUNCT
                or before.text in QUOTES
                or before.low in self.boundary
                or before.low in self.filler
                or self._opens_with_a_long_title(k, found)
            )
            if not ok or before.low in self.prepositions:
                return []
        return found

    def _owned_by_a_report(self, start: int) -> bool:
        """ "laporan media Prancis yang menyebut …": the report says it, not the state."""
        k = start - 1
        while k >= 0 and self.tokens[k].low in {"media", "pers", "kantor", "berita"}:
            k -= 1
        return k >= 0 and self.has_root(k, self.lex.cue_words("claimNoun"))

    def _opens_with_a_long_title(self, k: int, found: list[Span]) -> bool:
        """ "Kepala Biro Informasi Pertahanan Kementerian Pertahanan Brigjen TNI Frega Wenas
        membantah …": an official whose clause opens with capitalised words of a title no list
        holds (up to eight of them)."""
        if self.in_title or len(found) != 1 or self.finder.type_of(found[0].key) != "Official":
            return False
        m = k
        while (
            m >= 0 and k - m < 8 and self.tokens[m].is_capitalised and self.tokens[m].text.isalpha()
        ):
            m -= 1
        if m == k or k - m >= 8:
            return False
        return m < 0 or self.tokens[m].text in SENTENCE_PUNCT or self.tokens[m].text in QUOTES

    def _shared_subject(self, j: int) -> list[Span]:
        """ "Okano menyampaikan protes dan menuntut …": a second verb shares the first's subject."""
        k = j - 1
        if k >= 0 and self.tokens[k].text == ",":
            k -= 1
        while k >= 0 and self.tokens[k].text not in {";", ":"}:
            tok = self.tokens[k]
            if tok.text in QUOTES:
                # a short quoted phrase inside the clause ("menyebut serangan itu sebagai
                # "pembunuhan yang ditargetkan" dan menegaskan …"): step over it
                opening = next(
                    (m for m in range(k - 1, max(-1, k - 12), -1) if self.tokens[m].text in QUOTES),
                    None,
                )
                if opening is None:
                    return []
                k = opening - 1
                continue
            verbish = tok.low.startswith(("me", "ber")) or (
                self.in_title and tok.is_capitalised and self._is_trigger_word(k)
            )
            if tok.text.isalpha() and verbish and k not in self.ends:
                spans = self.subject_before(k)
                if spans:
                    return spans
            k -= 1
        return []

    def _is_trigger_word(self, k: int) -> bool:
        return not roots(self.tokens[k].text).isdisjoint(self.lex.triggers_by_root())

    def _skip_aside(self, j: int) -> int:
        """Step back over ", yang …," or an apposition ", sekutu Niger …," before the verb."""
        if j <= 0 or self.tokens[j].text != ",":
            return j
        for k in range(j - 1, max(-1, j - 15), -1):
            if self.tokens[k].text == ",":
                before = self.skip_left(k)  # "Badan … (IAEA), yang …, menyatakan"
                return before if before in self.ends else j
        return j

    def _skip_place(self, j: int) -> int:
        """Step over a trailing "di New York" between a subject and its verb."""
        k = j
        while k >= 0 and self.tokens[k].is_capitalised and k not in self.ends and k > j - 3:
            k -= 1
        if k < j and k >= 1 and self.tokens[k].low == "di":
            return self.skip_left(k)
        if j in self.ends:
            return j  # a mention right before the verb: no reporting phrase between
        # "… (MINDEF) dalam pernyataannya menyatakan": a reporting phrase
        for m in range(j, max(-1, j - 5), -1):
            if m in self.ends and m != j or self.tokens[m].text in {",", ";"}:
                break
            if self.tokens[m].low in {"dalam", "melalui", "lewat"} and m > 0:
                return self.skip_left(m)
        return j

    def agent_after(self, i: int) -> list[Span]:
        """The agent of a passive verb: "dibantah oleh X", "dibantah X", and a list after
        "oleh enam negara, yakni X, Y dan Z"."""
        j = i + 1
        if j not in self.starts:
            j = self._agent_after_adjuncts(j)
        if j < len(self.tokens) and self.tokens[j].low == "oleh":
            j += 1
        if j not in self.starts:
            named = True  # only capitalised words so far: a name no list holds
            for k in range(j, min(len(self.tokens), j + 6)):
                if self.tokens[k].low in {"yakni", "yaitu", "termasuk"}:
                    j = k + 1
                    break
                if named and self.tokens[k].text == "," and k > j and k + 1 in self.starts:
                    j = k + 1  # "oleh Majlisi Oli, parlemen Tajikistan": a name, then the body
                    break
                named = named and self.tokens[k].is_capitalised
        span = self.starts.get(j)
        if span is None:
            return []
        found = [span]
        k = span.end
        while k + 1 < len(self.tokens) and self.tokens[k].low in {"dan", "serta", ","}:
            step = 2 if self.tokens[k].text == "," and self.tokens[k + 1].low == "dan" else 1
            if (k + step) not in self.starts:
                break
            found.append(self.starts[k + step])
            k = self.starts[k + step].end
        return found

    def _agent_after_adjuncts(self, j: int) -> int:
        """ "diteken di Brussel pada Kamis, 12 Februari 2026, oleh X": where "oleh" stands
        after the place and the date of a passive act, else ``j``. Another clause or verb
        first ends the search."""
        for k in range(j, min(len(self.tokens), j + 14)):
            low = self.tokens[k].low
            if low == "oleh":
                return k
            if low in {"yang", "dan", "serta", "karena", "setelah", ";"} or (
                len(low) >= 6 and low.startswith(("me", "di", "ber"))
            ):
                break
        return j

    def negated(self, i: int, window: int = 3) -> bool:
        """Is the word at ``i`` negated or avoided ("tidak membantah", "menghindari membantah")?"""
        return self._cue_before(i, self.negation, window)

    def intended(self, i: int, window: int = 3) -> bool:
        """Is the act at ``i`` only planned or to come ("akan meratifikasi", "berencana
        memanggil")? An act that has not happened is not a fact."""
        return self._cue_before(i, self.intent, window)

    def _cue_before(self, i: int, cues: frozenset[str], window: int) -> bool:
        """Does a cue word stand among the ``window`` words (fillers not counted) before ``i``,
        within its clause?"""
        j = i - 1
        seen = 0
        while j >= 0 and seen < window:
            tok = self.tokens[j]
            if tok.text in {",", ";", ":"} or tok.text in QUOTES:
                return False
            if tok.is_capitalised and j in self.named:
                seen += 1  # "Gubernur Provinsi Tak mengatakan": a name, not "tak"
                j -= 1
                continue
            if tok.low in cues:
                return True
            if tok.low in self.filler:
                j -= 1  # and never read by its root: "sebelumnya" is not "belum"
                continue
            if self._root_is_cue(tok, cues):
                return True
            seen += 1
            j -= 1
        return False

    def _root_is_cue(self, tok: Token, cues: frozenset[str]) -> bool:
        """ "menolak" is "tolak", "berencana" is "rencana"; but a se- word is an adverb of its
        own ("setidaknya" at least, "sebelum" before: not "tidak", "belum"), and a root that is
        a filler is the stemmer's slip ("memakan" is not "akan")."""
        if not tok.text.isalpha() or tok.low.startswith("se"):
            return False
        return bool((roots(tok.text) & cues) - self.filler)

    def conditional_clause(self, i: int) -> bool:
        start = self.clause_start(i)
        return any(self.tokens[k].low in self.conditional for k in range(start, i))

    def spans_between(self, a: int, b: int) -> list[Span]:
        return [s for s in self.spans if a <= s.start and s.end <= b]

    def has_phrase_in(self, a: int, b: int, cue_type: str) -> bool:
        """Does a form of ``cue_type`` occur between tokens ``a`` and ``b``?"""
        for k in range(a, b):
            phrase = self.phrase_at(k, cue_type)
            if phrase and k + len(phrase) <= b:
                return True
        return False

    def clause_end(self, i: int, quotes: bool = True) -> int:
        """End of the clause that starts after ``i``: a semicolon, ", namun/tetapi/sementara",
        a closing quote, or the sentence end."""
        for k in range(i + 1, len(self.tokens)):
            tok = self.tokens[k]
            if tok.text in {";"} or (quotes and tok.text in QUOTES):
                return k
            if (
                tok.text == ","
                and k + 1 < len(self.tokens)
                and self.tokens[k + 1].low
                in {"namun", "tetapi", "tapi", "sementara", "sedangkan", "padahal", "kata", "ujar"}
            ):
                return k
        end = len(self.tokens)
        while end > i + 1 and self.tokens[end - 1].text in {".", "!", "?", "…"}:
            end -= 1
        return end
