"""Finding who and what a sentence names: gazetteer matches, then patterns no list can hold.

Officials are read as title + affiliation + name ("Menteri Luar Negeri Korea Utara Choe
Son Hui"), as appositions ("Robert Wood, Duta Besar AS untuk PBB") or by role alone
("duta besar Rusia di Korea Selatan"); agencies as head + state ("Kementerian Pertahanan
Rusia"); treaties as head + parties ("pakta pertahanan dengan X"). Later mentions (a
surname, "perwakilan tersebut", "ia") resolve through ``DocState`` to the same node.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache

from kg.lexicon import Lexicon, Title
from kg.model import Entity
from kg.numbers import is_number_word
from kg.text import Token, tokenize

MAX_NAME_TOKENS = 5
ORDINAL = re.compile(r"ke-?\d+")
FORMERLY = {("saat", "itu"), ("kala", "itu"), ("ketika", "itu"), ("waktu", "itu")}
NAME_PREFIX = re.compile(r"(?:al|el|ad|ash|bin)-[A-Z]")
NAME_WORD = re.compile(r"[\w'’-]+")
AUXILIARIES = {
    "telah",
    "sudah",
    "akan",
    "juga",
    "masih",
    "belum",
    "sedang",
    "tengah",
    "baru",
    "sendiri",
    "pun",
    "kini",
}
# Generic heads that name troops as often as an institution: "Pasukan Korea Utara" are troops.
NEEDS_A_NAME = {
    "pasukan",
    "angkatan",
    "penjaga",
    "garda",
    "satuan",
    "korps",
    "otoritas",
    "dewan",
    "majelis",
    "pusat",
    "kantor",
    "badan",
    "dinas",
    "komite",
    "komisi",
    "lembaga",
    "delegasi",  # "Delegasi Indonesia" are envoys; "Delegasi Pemerintah Spanyol" a body
}
NAME_PARTICLES = {"bin", "binti", "van", "von", "de", "der", "al", "el", "da", "le", "dos", "das",
                  "do", "du", "del", "della", "ibn", "bint",
                  # inside a name a title word is a name's: "Hassan Sheikh Mohamud"
                  "sheikh", "syekh", "syeikh"}
REGNAL = re.compile(r"[IVX]{1,4}")  # "Raja Abdullah II", "Paus Leo XIV"
#: Small words inside a long proper name ("Traktat Persahabatan dan Kerja Sama di Asia
#: Tenggara"), trusted only where an acronym in brackets closes the name.
NAME_JOINS = {"dan", "di", "tentang", "untuk", "serta", "atas", "mengenai", "bagi", "antara"}


def slugify(text: str) -> str:
    """IRI slug of a canonical name: lower-case ASCII words joined by hyphens."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


@dataclass(frozen=True)
class Span:
    """A mention over tokens ``[start, end)`` of one sentence."""

    start: int
    end: int
    key: str
    kind: str = "entity"  # entity | pronoun | speaker | pair (its states in ``inner``) |
    # source (an outlet) | origin (a nationality: "asal Peru")
    title: Title | None = None
    unnamed: bool = False
    inner: tuple[str, ...] = ()


@dataclass(frozen=True)
class TreatySpan:
    start: int
    end: int
    head: str
    parties: tuple[str, ...]
    topic: str | None
    gazetteer_key: str | None
    anaphor: bool
    article: str | None = None


@dataclass
class DocState:
    """What a reader remembers while reading one article: names, last speaker, last treaty."""

    entities: dict[str, Entity] = field(default_factory=dict)
    surface: dict[str, set[str]] = field(default_factory=dict)
    name_variants: dict[str, str] = field(default_factory=dict)
    ambiguous: set[str] = field(default_factory=set)
    last_speaker: str | None = None
    last_person: str | None = None
    last_speech_date: dt.date | None = None
    officials: list[tuple[str, Title | None]] = field(default_factory=list)
    treaties: list[tuple[str, frozenset[str]]] = field(default_factory=list)
    agencies_by_kind: dict[str, str] = field(default_factory=dict)
    agency_kinds: dict[str, str] = field(default_factory=dict)  # of agencies no list holds
    treaty_names: dict[str, str] = field(default_factory=dict)
    # the parties a treaty known only by its parties was made of
    treaty_parties: dict[str, frozenset[str]] = field(default_factory=dict)
    acronyms: dict[str, str] = field(default_factory=dict)  # "OCHA" -> the agency it named
    recent_agencies: list[str] = field(default_factory=list)  # in the order they were named
    headline_pair: tuple[str, ...] = ()  # the two states a headline names: "kedua negara"
    last_summoned: str | None = None  # "Pemanggilan itu dilakukan oleh …"
    last_unit: str | None = None  # what "14 lainnya", "dua di antaranya" count
    short_names: dict[str, str] = field(default_factory=dict)  # "dominika" -> the Republic

    def add(self, entity: Entity, surface: str | None = None) -> None:
        self.entities.setdefault(entity.key, entity)
        if surface:
            self.surface.setdefault(entity.key, set()).add(surface)

    def remember_name(self, name: str, key: str) -> None:
        parts = name.split()
        # "Wood" for Robert Wood, "Choe Son" for Choe Son Hui, "Mao" for Mao Ning (family name
        # first); a variant two people share is dropped as ambiguous.
        variants = {name, parts[-1], parts[0]} | {" ".join(parts[:n]) for n in range(2, len(parts))}
        # "Fauzan" for Ahmad Fauzan Hidayat: Indonesian names are often cut to a middle one
        variants |= {p for p in parts[1:-1] if len(p) >= 4 and p[:1].isupper()}
        for variant in variants:
            owner = self.name_variants.get(variant)
            if owner and owner != key:
                self.ambiguous.add(variant)
            self.name_variants[variant] = key

    def state_of(self, key: str) -> str | None:
        """The state an entity acts for, following represents/agencyOf links."""
        seen: set[str] = set()
        while key and key not in seen:
            seen.add(key)
            entity = self.entities.get(key)
            if entity is None or entity.type == "State":
                return key if entity is not None else None
            key = entity.represents or entity.agency_of or ""
        return None


class Gazetteer:
    """Token trie over every alias and seat, built once per lexicon."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.trie: dict[tuple[str, ...], list[tuple[str, str, bool]]] = {}
        for key, entity in lex.entities.items():
            for alias in entity.aliases:
                self._add(alias, key, False)
        for seat, key in lex.seats.items():
            self._add(seat, key, True)
        for name, _label in lex.sources.items():
            if " " in name or "." in name:
                self._add(name, "", False)
        for name in lex.non_actors:  # "Amnesty International", "MSF": named, never acting
            self._add(name, "", False)
        # the lengths of the aliases that start with each word, longest first
        lengths: dict[str, set[int]] = {}
        for k in self.trie:
            lengths.setdefault(k[0], set()).add(len(k))
        self.lengths = {w: sorted(ns, reverse=True) for w, ns in lengths.items()}
        self.first_words = set(self.lengths)

    def _add(self, alias: str, key: str, seat: bool) -> None:
        toks = tuple(t.low for t in tokenize(alias))
        if toks:
            self.trie.setdefault(toks, []).append((key, alias, seat))

    def match(self, tokens: list[Token], i: int) -> tuple[int, str, bool] | None:
        """Longest alias starting at token ``i``: (end, key, is_seat)."""
        lengths = self.lengths.get(tokens[i].low)
        if lengths is None:
            return None
        for n in lengths:
            if i + n > len(tokens):
                continue
            hits = self.trie.get(tuple(t.low for t in tokens[i : i + n]))
            if not hits:
                continue
            for key, alias, seat in hits:
                if not key or _case_fits(alias, tokens[i : i + n]):
                    return i + n, key, seat
        return None


@lru_cache(maxsize=50_000)
def _words(alias: str) -> tuple[str, ...]:
    return tuple(t.text for t in tokenize(alias))


def _case_fits(alias: str, toks: list[Token]) -> bool:
    alias_toks = _words(alias)
    for a, t in zip(alias_toks, toks, strict=False):
        if (a.isupper() and len(a) > 1) or len(alias_toks) == 1:
            if a.isupper() and len(a) > 1:
                if t.text != a:
                    return False
            elif not t.text[:1].isupper():
                return False
    return True


@lru_cache(maxsize=4)
def gazetteer_for(lex: Lexicon) -> Gazetteer:
    return Gazetteer(lex)


NAME_LINKS = {"dan", "untuk", "di", "tentang", "bagi", "urusan"}


def _active_verb(token: Token) -> bool:
    """An active verb form ("membantah", "berencana"), the kind that follows an actor."""
    return token.low.startswith(("me", "ber")) and len(token.low) > 5


def _acronym_at(tokens: list[Token], k: int) -> str | None:
    """The acronym of "(OCHA)" starting at token ``k``, if one does."""
    if k + 2 < len(tokens) and tokens[k].text == "(" and tokens[k + 2].text == ")":
        text = tokens[k + 1].text
        if text.isalpha() and text.isupper() and 2 <= len(text) <= 8:
            return text
    return None


def _paren_after_name(tokens: list[Token], i: int) -> int:
    """Where "(" follows a name of capitalised words (and links such as "untuk") starting at
    ``i``: "Misi Bantuan PBB di Afghanistan (UNAMA)"; 0 when something else comes first."""
    k = i + 1
    while k < len(tokens) and k - i < 10 and tokens[k].text != "(":
        tok = tokens[k]
        if not (tok.is_capitalised and tok.text.isalpha() or tok.low in NAME_LINKS):
            return 0
        k += 1
    return k if k < len(tokens) else 0


def _skip_brackets(tokens: list[Token], j: int) -> int:
    """Past a bracketed acronym such as "(PBB)" right after a name."""
    if j + 2 < len(tokens) and tokens[j].text == "(" and tokens[j + 2].text == ")":
        return j + 3
    return j


_FIRST_WORDS: dict[int, tuple[object, set[str], int]] = {}


#: Heads that, with "itu"/"tersebut", can mean any agency: "lembaga itu" after "Komnas HAM".
ANY_AGENCY_HEADS = {"lembaga", "institusi", "badan"}
#: Titles whose holder is known by the city of the post.
CONSULAR_ROLES = {"consul", "consul general"}
#: Words before a state that make it someone's origin, not an actor: "akademisi asal Peru".
ORIGIN_WORDS = {"asal", "keturunan", "berkewarganegaraan"}
#: Kinds of body that own bodies named after them: "Kementerian Kesehatan Pemerintah Regional
#: Kurdistan", "Kelompok Ahli PBB".
OWNING_KINDS = {"local-government", "regional-government", "international-organisation"}
#: Heads of a state's missions abroad, named "… di <capital>".
EMBASSY_HEADS = {"kedutaan", "kedubes", "konsulat"}
#: Words any treaty phrase may hold, which tell no treaty apart.
COMMON_NAME_WORDS = {"kedua", "negara", "antara", "dengan", "bersama", "tersebut", "sendiri",
                     "jadi", "baru", "resmi", "undang"}  # "… Jadi Undang-Undang"
#: Heads that may name any treaty again; "memorandum itu" or "deklarasi damai" name only one
#: that is a memorandum or a declaration.
ANY_TREATY_HEADS = {"perjanjian", "kesepakatan", "persetujuan", "traktat", "pakta", "pasal", ""}


def _content_words(text: str) -> list[str]:
    """The words of a name that tell it apart: four letters or more, lower case, split at
    hyphens ("Anti-Penghilangan" gives "penghilangan")."""
    return [w for w in re.split(r"[^\w]+", text.lower()) if len(w) >= 4]


#: Heads that name a memorandum of understanding, however it is written.
MOU_HEADS = {"nota kesepahaman", "mou", "kesepahaman", "memorandum kesepahaman",
             "memorandum saling pengertian", "memorandum"}


def _instrument(head: str) -> str:
    """The kind of instrument a treaty's head names, for the node of a treaty known only by
    its parties: "Perjanjian" for any agreement, else "Nota Kesepahaman", "Deklarasi
    Bersama", "Protokol" … Two instruments of the same parties are two nodes."""
    if head in ANY_TREATY_HEADS:
        return "Perjanjian"
    if head in MOU_HEADS:
        return "Nota Kesepahaman"
    return " ".join(w.capitalize() for w in head.split())


def _instrument_slug(head: str) -> str:
    kind = _instrument(head)
    return "" if kind == "Perjanjian" else slugify(kind) + "-"


def _match_words(tokens: list[Token], i: int, table: Collection[tuple[str, ...]]) -> int:
    """Length of the longest lower-case word sequence of ``table`` starting at ``i``."""
    if i >= len(tokens):
        return 0
    cached = _FIRST_WORDS.get(id(table))
    if cached is None or cached[0] is not table or len(cached[1]) == 0 and len(table):
        cached = (table, {k[0] for k in table}, max((len(k) for k in table), default=0))
        _FIRST_WORDS[id(table)] = cached
    if tokens[i].low not in cached[1]:
        return 0
    for n in range(min(cached[2], len(tokens) - i), 0, -1):
        if tuple(t.low for t in tokens[i : i + n]) in table and i + n <= len(tokens):
            return n
    return 0


class MentionFinder:
    """Finds the mentions of one sentence, updating the document's state as it goes."""

    def __init__(self, lex: Lexicon, state: DocState, home: str | None = "indonesia") -> None:
        self.lex = lex
        self._home = home if home in lex.entities else None
        self._gaz_memo: dict[tuple[int, int], tuple[int, str, bool] | None] = {}
        self.gaz = gazetteer_for(lex)
        self.state = state
        self.prepositions = lex.cue_words("preposition")
        self.anaphor_words = lex.cue_words("anaphorDeterminer")
        self.vague_counts = lex.cue_words("vagueCount")
        self.head_words = {w for head in lex.treaty_heads for w in head}
        self.place_heads = lex.cue_words("placeHead")
        self.currencies = lex.cue_words("currency")
        self.government = lex.cue_words("government")
        self.person_pronouns = lex.cue_words("personPronoun")
        self.speaker_pronouns = lex.cue_words("speakerPronoun")
        self.topics = lex.cue("treatyTopic")
        self.filler = lex.cue_words("filler")
        # words that start the names of institutions and roles, never of a person
        self.heads = (
            {w for f in lex.agency_heads for w in f}
            | {w for f in lex.titles for w in f}
            | {w for f in lex.treaty_heads for w in f}
            | self.government
        )
        self.institution_starts = {k[0] for k in lex.agency_heads}
        # lower-case words that can start a mention; any other lower-case word cannot, and
        # the pass skips it without asking each pattern (most tokens of a sentence)
        self.starters = (
            {"salah", "seorang", "para", "sang", "pasal"}
            | self.gaz.first_words
            | {k[0] for k in lex.titles}
            | {k[0] for k in lex.agency_heads}
            | {k[0] for k in lex.treaty_heads}
            | {k[0] for k in lex.cue("government")}
            | self.person_pronouns
            | self.speaker_pronouns
            | {k[0] for k in lex.cue("bothStates")}
        )

    def _gaz_at(self, tokens: list[Token], i: int) -> tuple[int, str, bool] | None:
        """Gazetteer match at ``i``, asked once per position: several patterns ask again."""
        key = (id(tokens), i)
        if key not in self._gaz_memo:
            if len(self._gaz_memo) > 4096:
                self._gaz_memo.clear()
            self._gaz_memo[key] = self._in_context(tokens, i, self.gaz.match(tokens, i))
        return self._gaz_memo[key]

    def _in_context(
        self, tokens: list[Token], i: int, hit: tuple[int, str, bool] | None
    ) -> tuple[int, str, bool] | None:
        """An article that says "Republik Dominika" means it by "Dominika" too, though the
        gazetteer gives that short name to Dominica; likewise "Republik Kongo"."""
        if not hit or not hit[1]:
            return hit
        words = " ".join(t.low for t in tokens[i : hit[0]])
        if tokens[i].low == "republik" and hit[0] - i >= 2:
            self.state.short_names[words.split(" ", 1)[1]] = hit[1]
            return hit
        other = self.state.short_names.get(words)
        return (hit[0], other, hit[2]) if other else hit

    # -- entities ---------------------------------------------------------------------
    def entity(self, key: str, surface: str | None = None) -> str:
        known = self.lex.entities.get(key)
        if known is not None:
            self.state.add(known, surface)
        return key

    def new_entity(
        self, key: str, type_: str, label: str, surface: str | None = None, **links: str | None
    ) -> str:
        """``links``: its ``represents``, ``agency_of`` or ``part_of``; an entity first seen
        without the link it is now given is made again with it."""
        if key in self.lex.entities:
            return self.entity(key, surface)
        existing = self.state.entities.get(key)
        if existing is None or (links and not any(getattr(existing, k) for k in links)):
            self.state.entities[key] = Entity(
                key, type_, label, represents=links.get("represents"),
                agency_of=links.get("agency_of"), part_of=links.get("part_of"))
        self.state.add(self.state.entities[key], surface)
        return key

    def state_of(self, key: str) -> str | None:
        """The state an entity acts for: itself, or along represents/agencyOf links."""
        seen: set[str] = set()
        while key and key not in seen:
            seen.add(key)
            entity = self.state.entities.get(key) or self.lex.entities.get(key)
            if entity is None:
                return None
            if entity.type == "State":
                return key
            key = entity.represents or entity.agency_of or entity.part_of or ""
        return None

    def speaks_for_itself(self, key: str) -> bool:
        """Do the agency's officials act for it rather than for its state (a legislature)?"""
        kind = self.lex.kinds.get(key) or self.state.agency_kinds.get(key)
        return key in self.lex.self_speaking_agencies or kind in self.lex.self_speaking_kinds

    def type_of(self, key: str) -> str | None:
        entity = self.state.entities.get(key) or self.lex.entities.get(key)
        return entity.type if entity else None

    # -- the pass ---------------------------------------------------------------------
    def find(
        self, tokens: list[Token], in_title: bool, quotes: list[tuple[int, int]]
    ) -> tuple[list[Span], list[TreatySpan]]:
        self._gaz_memo.clear()  # ids of token lists are reused once a sentence is done
        spans: list[Span] = []
        treaties: list[TreatySpan] = []
        starters = self.starters
        i = 0
        while i < len(tokens):
            if not tokens[i].is_capitalised and tokens[i].low not in starters:
                i += 1
                continue
            if (
                tokens[i].low in self.place_heads
                and tokens[i].is_capitalised
                and not self._gaz_at(tokens, i)  # "Tanjung Verde" is a state's own name
            ):
                end = self._place_end(tokens, i)
                if end > i + 1:  # "Teluk Finlandia": a place, though a state's name is in it
                    i = end
                    continue
            named = self._gaz_at(tokens, i)
            if named and not named[1]:  # an outlet or an NGO by its full name, before any
                spans.append(Span(i, named[0], "", kind="source"))  # head word reads it
                i = named[0]
                continue
            found = (
                self._official(tokens, i, in_title)
                or self._agency(tokens, i, in_title)
                or self._government(tokens, i)
                or self._gazetteer(tokens, i)
                or self._introduced_acronym(tokens, i, in_title)
                or self._acronym(tokens, i)
                or self._name(tokens, i, in_title)
                or self._pronoun(tokens, i, quotes)
                or self._both_states(tokens, i)
                or self._acting_name(tokens, i, in_title)
            )
            if found:
                found = self._with_state_after_acronym(tokens, found)
                spans.append(found)
                self._remember_acronym(tokens, found)
                kind = self.type_of(found.key) if found.key and found.kind == "entity" else None
                if kind == "Agency":
                    self.state.recent_agencies.append(found.key)
                elif kind == "Treaty" and not self._completes_treaty(tokens, found, treaties):
                    # "meratifikasi Statuta Roma": a treaty known by name is one to act on
                    treaties.append(TreatySpan(found.start, found.end, "", (), None, found.key,
                                               False))
                i = max(found.end, i + 1)
                continue
            treaty = self._treaty(tokens, i, in_title)
            if treaty is None and tokens[i].text in self.state.treaty_names:
                key = self.state.treaty_names[tokens[i].text]
                treaty = TreatySpan(i, i + 1, "", (), None, key, False)
            if treaty:
                treaties.append(treaty)
                i = treaty.end
                continue
            i += 1
        return spans, treaties

    def _place_follows(self, tokens: list[Token], i: int) -> bool:
        """Does a place named by its head ("Laut Sulawesi", "Selat Malaka") start at ``i``?"""
        return (
            i + 1 < len(tokens)
            and tokens[i].is_capitalised
            and tokens[i].low in self.place_heads
            and tokens[i + 1].is_capitalised
        )

    def _place_end(self, tokens: list[Token], i: int) -> int:
        """End of the place name a head word starts: the capitalised words after it."""
        end = i + 1
        while end < len(tokens) and end - i <= 4 and tokens[end].is_capitalised:
            end += 1
        return end

    def _completes_treaty(
        self, tokens: list[Token], found: Span, treaties: list[TreatySpan]
    ) -> bool:
        """ "Protokol Aksesi Timor-Leste pada Piagam ASEAN": the named treaty completes the
        name before it, which is the one acted on and the one "protokol itu" means later."""
        return bool(
            treaties
            and treaties[-1].end == found.start - 1
            and tokens[found.start - 1].low in self.lex.cue_words("treatyLink")
        )

    def _introduced_acronym(self, tokens: list[Token], i: int, in_title: bool) -> Span | None:
        """ "Kantor Koordinasi Urusan Kemanusiaan PBB (OCHA)": an institution no list holds,
        introduced by its name and acronym (and maybe its state: "Departemen Luar Negeri
        (DFA) Filipina"); later sentences may name it by the acronym alone."""
        if in_title or tokens[i].low not in self.institution_starts:
            return None
        k = _paren_after_name(tokens, i)
        acronym = (_acronym_at(tokens, k) or self._short_name_at(tokens, k)) if k else None
        if acronym is None or k - i < 2 or tokens[k - 1].low in NAME_LINKS:
            return None
        end = k + 3
        known = self._gaz_at(tokens, k + 1)
        if known and known[1] and self.type_of(known[1]) == "Agency":
            self.entity(known[1], " ".join(t.text for t in tokens[i:k]))
            return Span(i, end, known[1])
        if known:
            return None  # "Uni Emirat Arab (UEA)": a state the gazetteer knows by other words
        state = None
        after = self._gaz_at(tokens, end) if end < len(tokens) else None
        if after and after[1] and self.type_of(after[1]) == "State":
            state, end = after[1], after[0]  # "(DFA) Filipina"
        named_after = state is not None  # "(DFA) Filipina": the name lacks its state
        for m in range(i, k):
            hit = self._gaz_at(tokens, m)
            if state is None and hit and hit[1] and self.type_of(hit[1]) == "State":
                state = hit[1]
        words = " ".join(t.text for t in tokens[i:k])
        label = (
            f"{words} {self._label(state)}"
            if state is not None and named_after and not words.endswith(self._label(state))
            else words
        )
        key = self.new_entity(slugify(label), "Agency", label, words, agency_of=state)
        self.state.add(self.state.entities[key], acronym)
        self.state.acronyms[acronym] = key
        return Span(i, end, key, inner=(state,) if state else ())

    def _acronym(self, tokens: list[Token], i: int) -> Span | None:
        """An acronym the article introduced: "OCHA" after "… PBB (OCHA)"."""
        key = self.state.acronyms.get(tokens[i].text)
        if key is None:
            return None
        self.state.add(self.state.entities[key], tokens[i].text)
        return Span(i, i + 1, key)

    def _with_state_after_acronym(self, tokens: list[Token], span: Span) -> Span:
        """ "Dewan Perwakilan Rakyat (DPR) RI": the state after the bracket qualifies the
        agency; it is not a second actor."""
        if _acronym_at(tokens, span.end) is None or self.type_of(span.key) != "Agency":
            return span
        hit = self._gaz_at(tokens, span.end + 3) if span.end + 3 < len(tokens) else None
        if not (hit and hit[1] and self.type_of(hit[1]) == "State"):
            return span
        if self.state_of(span.key) not in {None, hit[1]}:
            return span
        self._remember_acronym(tokens, span)
        return Span(span.start, hit[0], span.key, span.kind, span.title, span.unnamed, span.inner)

    def _remember_acronym(self, tokens: list[Token], span: Span) -> None:
        """ "Kepolisian Federal Kanada (RCMP)": the bracket after an agency names it too, in
        Indonesian often in mixed case ("Kementerian Haji dan Umrah (Kemenhaj)")."""
        acronym = _acronym_at(tokens, span.end) or self._short_name_at(tokens, span.end)
        if (
            acronym
            and span.key
            and span.kind == "entity"
            and self.type_of(span.key) == "Agency"
            and not self._gaz_at(tokens, span.end + 1)
        ):
            self.state.acronyms.setdefault(acronym, span.key)
            entity = self.state.entities.get(span.key)
            if entity is not None:
                self.state.add(entity, acronym)

    def _short_name_at(self, tokens: list[Token], k: int) -> str | None:
        """ "(Komdigi)", "(Kemenhaj)": one capitalised word in brackets, no weekday."""
        if k + 2 < len(tokens) and tokens[k].text == "(" and tokens[k + 2].text == ")":
            word = tokens[k + 1]
            if (
                word.is_capitalised
                and word.text.isalpha()
                and 3 <= len(word.text) <= 10
                and word.low not in self.lex.cue_words("filler")
            ):
                return word.text
        return None

    def _gazetteer(self, tokens: list[Token], i: int, place_ok: bool = False) -> Span | None:
        hit = self._gaz_at(tokens, i)
        if not hit:
            return None
        end, key, seat = hit
        if not key:
            return Span(i, end, "", kind="source")  # a news outlet: provenance, not an actor
        if seat and not place_ok and i > 0 and tokens[i - 1].low in {"di", "ke", "dari", "kota"}:
            return None  # "di Moskwa" is a place, not the state acting
        if i > 0 and self.type_of(key) == "State" and (
            tokens[i - 1].low in ORIGIN_WORDS or tokens[i - 1].low in self.currencies
        ):  # "akademisi asal Peru": a nationality; "3,9 miliar dolar AS": a currency
            return Span(i, end, "", kind="origin")
        surface = " ".join(t.text for t in tokens[i:end])
        self.entity(key, surface)
        entity = self.lex.entities[key]
        if entity.type == "Official":
            self.state.remember_name(surface, key)
            self._remember_official(key, entity.label, None)
        return Span(i, end, key)

    def _government(self, tokens: list[Token], i: int) -> Span | None:
        """ "pemerintah Korea Selatan" acts as the state itself."""
        n = _match_words(tokens, i, self.lex.cue("government"))
        if not n or i + n >= len(tokens):
            return None
        if tokens[i + n].low in self.speaker_pronouns:
            return Span(i, i + n + 1, "", kind="speaker")  # "Pemerintah kami …" in a quote
        hit = self._gaz_at(tokens, i + n)
        if hit and self.type_of(hit[1]) == "State":
            self.entity(hit[1], " ".join(t.text for t in tokens[i + n : hit[0]]))
            return Span(i, hit[0], hit[1])
        return None

    def _affiliation(self, tokens: list[Token], i: int) -> tuple[int, str] | None:
        """A state or agency at ``i`` (after an optional "dari"), as (end, key)."""
        j = i + 1 if i < len(tokens) and tokens[i].low == "dari" else i
        if j + 1 < len(tokens) and tokens[j].low in self.government:
            hit = self._gaz_at(tokens, j + 1)  # "juru bicara pemerintah Taliban"
            if hit and hit[1] and self.type_of(hit[1]) == "Agency":
                self.entity(hit[1], " ".join(t.text for t in tokens[j + 1 : hit[0]]))
                return hit[0], hit[1]
        if j >= len(tokens):
            return None
        inner = (
            self._agency(tokens, j)
            or self._government(tokens, j)
            or self._gazetteer(tokens, j, place_ok=True)
            or self._acronym(tokens, j)  # "Direktur Jenderal NEMA Zubaida Umar"
            or self._introduced_acronym(tokens, j, False)  # "pejabat … Departemen … (DND)"
        )
        if inner and self.type_of(inner.key) in {"State", "Agency"}:
            return inner.end, inner.key
        # "Juru bicara Penjaga Perbatasan Letnan Kolonel …": an agency the article named
        # in full before ("Penjaga Perbatasan Polandia"), now by its short name
        if tokens[j].is_capitalised and tokens[j].low in self.heads:
            for n in (3, 2):
                if j + n > len(tokens):
                    continue
                text = " ".join(t.text for t in tokens[j : j + n]) + " "
                known = {
                    e.key
                    for e in self.state.entities.values()
                    if e.type == "Agency" and e.label.startswith(text)
                }
                if len(known) == 1:
                    return j + n, known.pop()
        return None

    def _official(self, tokens: list[Token], i: int, in_title: bool) -> Span | None:
        skip = 0
        if tokens[i].low in {"salah", "seorang", "para", "sang"}:
            skip = (
                2
                if tokens[i].low == "salah" and i + 1 < len(tokens) and tokens[i + 1].low == "satu"
                else 1
            )
        n = _match_words(tokens, i + skip, self.lex.titles)
        if not n:
            return self._apposition(tokens, i, in_title)
        title = self.lex.titles[tuple(t.low for t in tokens[i + skip : i + skip + n])]
        j = i + skip + n
        if j < len(tokens) and ORDINAL.fullmatch(tokens[j].low):
            j += 1  # "Presiden ke-7 RI Joko Widodo"
        affil = self._affiliation(tokens, j)
        if affil is None and tokens[i + skip].is_capitalised:
            # "Menteri Dalam Negeri dan Administrasi Polandia …", "Komisaris Urusan Dalam
            # Negeri dan Migrasi Uni Eropa …": the title goes on a little, up to its body
            k = j
            while (
                k < len(tokens)
                and k - j < 6
                and (
                    tokens[k].low == "dan"
                    or (
                        tokens[k].is_capitalised
                        and tokens[k].text.isalpha()
                        and not self._gaz_at(tokens, k)
                        # "Menteri Luar Negeri Ali Alatas dan Menteri …": another official
                        and not (
                            tokens[k - 1].low == "dan" and _match_words(tokens, k, self.lex.titles)
                        )
                    )
                )
            ):
                k += 1
            # the body where the words end, else where one starts among them ("Ketua Komite
            # Hubungan Luar Negeri Senat, …")
            for m in (k, *range(j + 1, k)) if k > j else ():
                affil = self._affiliation(tokens, m)
                if affil is not None:
                    j = m
                    break
        mononym = False  # "Wakil Gubernur Aceh Fadhlullah": one name after the province
        if affil is None and self._home is not None and not in_title:
            region = _match_words(tokens, j, self.lex.cue("homeRegion"))
            k = j + region
            if region and k < len(tokens) and self._name_token(tokens[k], 0) and not (
                self._gaz_at(tokens, k) or tokens[k].low in self.heads
            ):
                affil, mononym = (k, self._home), True
        affil2 = None
        inner: list[str] = []
        if affil:
            j = _skip_brackets(tokens, affil[0])
            if tuple(t.low for t in tokens[j : j + 2]) in FORMERLY:
                j += 2  # "Perdana Menteri Thailand saat itu, Anutin Charnvirakul"
            inner.append(affil[1])
            if j + 1 < len(tokens) and tokens[j].low in {"untuk", "di", "bagi"}:
                affil2 = self._affiliation(tokens, j + 1)
                if affil2:
                    j = affil2[0]
                    inner.append(affil2[1])
                elif tokens[j].low == "untuk" and not in_title:
                    # "Komisaris UE untuk Perikanan dan Kelautan Costas Kadis": a portfolio
                    after = self._after_portfolio(tokens, j + 1)
                    j = after if after > j + 1 else j
        # "perwakilan tersebut", "diplomat itu": a later mention of an official
        if j < len(tokens) and tokens[j].low in self.anaphor_words:
            key = self._resolve_role(title)
            if key:
                return Span(i, j + 1, key, title=None, unnamed=self._is_unnamed(key))
        if affil is None and not in_title:
            j = self._after_portfolio(tokens, j)
        comma = 1 if j < len(tokens) and tokens[j].text == "," and affil else 0
        rank = _match_words(tokens, j + comma, self.lex.titles) if affil else 0
        if rank and tokens[j + comma].is_capitalised:
            comma += rank
        name = self._name_at(tokens, j + comma, in_title)
        if name is None and mononym:
            name = (j + 1, slugify(tokens[j].text))
        if name and not (comma and not affil2 and not affil):
            end, key = name
            represents = affil[1] if affil else None
            key = self._person(key, tokens, j + comma, end, represents, title)
            if comma and end < len(tokens) and tokens[end].text == ",":
                end += 1
            return Span(i, end, key, title=title, inner=tuple(inner))
        if affil and title.diplomat and self.count_before(tokens, i) < i:
            # "sekitar 300 diplomat Timor Leste": a group of the state's, not one official
            return Span(i, j, affil[1], inner=tuple(inner))
        if affil and title.diplomat:
            named = self._named_in_body(title, affil[1]) if in_title else None
            if named:  # "Australia Panggil Dubes China": the ambassador the article names
                entity = self.state.entities.get(named)
                if entity is not None:  # the headline's words are one more name for them
                    self.state.add(entity, " ".join(t.text for t in tokens[i:j]))
                return Span(
                    i, j, named, title=title, unnamed=self._is_unnamed(named), inner=tuple(inner)
                )
            return self._role_official(
                i, j, title, affil[1], affil2[1] if affil2 else None, tokens, inner
            )
        if affil and not in_title:
            # "juru bicara Kementerian Luar Negeri China" speaks for the ministry, and so
            # does "pejabat itu" later
            self.state.officials.append((affil[1], title))
            return Span(i, j, affil[1], inner=tuple(inner))
        return None

    def _after_portfolio(self, tokens: list[Token], j: int) -> int:
        """Where the name starts after a portfolio of two words joined by "dan": "Wakil
        Menteri Haji dan Umrah Dahnil Anzar Simanjuntak". ``j`` when there is none."""
        k = j
        while k < len(tokens) and k - j < 3 and tokens[k].is_capitalised and (
            tokens[k].text.isalpha() and not self._gaz_at(tokens, k)
        ):
            k += 1
        if k == j or k + 1 >= len(tokens) or tokens[k].low != "dan":
            return j
        if (
            not tokens[k + 1].is_capitalised
            or self._gaz_at(tokens, k + 1)
            or _match_words(tokens, k + 1, self.lex.titles)  # "Ali Alatas dan Menteri …"
        ):
            return j
        rest = k + 2
        end = rest
        while end < len(tokens) and tokens[end].is_capitalised and tokens[end].text.isalpha():
            end += 1
        return rest if end - rest >= 2 else j

    def count_before(self, tokens: list[Token], i: int) -> int:
        """Where the count ("300", "dua puluh", "ratusan") right before token ``i`` starts;
        ``i`` when there is none."""
        while i > 0 and (is_number_word(tokens[i - 1]) or tokens[i - 1].low in self.vague_counts):
            i -= 1
        return i

    def counted_officials(self, tokens: list[Token], i: int) -> int:
        """Where "Dua pejabat AS" starts when its title starts at ``i``: officials counted
        as a group speak for their state; ``i`` when no title or no count is there."""
        if not _match_words(tokens, i, self.lex.titles):
            return i
        return self.count_before(tokens, i)

    def _apposition(self, tokens: list[Token], i: int, in_title: bool) -> Span | None:
        """ "Robert Wood, Duta Besar AS untuk PBB": a name, a comma, a title with affiliation."""
        name = self._name_at(tokens, i, in_title)
        if not name or name[0] + 1 >= len(tokens) or tokens[name[0]].text != ",":
            return None
        j = name[0] + 1
        n = _match_words(tokens, j, self.lex.titles)
        if not n:
            return None
        title = self.lex.titles[tuple(t.low for t in tokens[j : j + n])]
        affil = self._affiliation(tokens, j + n)
        if not affil:
            return None
        end = affil[0]
        inner = [affil[1]]
        if end + 1 < len(tokens) and tokens[end].low in {"untuk", "di"}:
            affil2 = self._affiliation(tokens, end + 1)
            if affil2:
                end = affil2[0]
                inner.append(affil2[1])
        key = self._person(name[1], tokens, i, name[0], affil[1], title)
        if end < len(tokens) and tokens[end].text == ",":
            end += 1
        return Span(i, end, key, title=title, inner=tuple(inner))

    def _named_in_body(self, title: Title, affil: str) -> str | None:
        """The one official of the article with this title who acts for ``affil``: a headline
        is read after the body, and its "Dubes China" is the ambassador named there (or, when
        the body names none, the one it calls "Duta Besar China untuk Jepang")."""
        found = {
            key
            for key, seen in self.state.officials
            if seen is not None
            and seen.key == title.key
            and getattr(self.state.entities.get(key) or self.lex.entities.get(key),
                        "represents", None) == affil
        }
        named = {key for key in found if not self._is_unnamed(key)}
        if named:
            return named.pop() if len(named) == 1 else None
        return found.pop() if len(found) == 1 else None

    def _role_official(
        self,
        i: int,
        j: int,
        title: Title,
        affil: str,
        affil2: str | None,
        tokens: list[Token],
        inner: list[str],
    ) -> Span:
        if self.type_of(affil) == "Agency":
            # "Kuasa Usaha Kedutaan Besar Malaysia": a diplomat of Malaysia, as its embassy is
            affil = self.state_of(affil) or affil
        affil_label = self._label(affil)
        label = f"{title.label} {affil_label}"
        if affil2:
            label += f" untuk {self._label(affil2)}"
        elif title.role in CONSULAR_ROLES and j + 1 < len(tokens) and tokens[j].low == "di":
            city = j + 1  # "Konsul Haiti di Dajabon": a consul is known by the city of the post
            while city < len(tokens) and city - j <= 3 and tokens[city].is_capitalised and (
                tokens[city].text.isalpha() and not self._gaz_at(tokens, city)
            ):
                city += 1
            if city > j + 1:
                label += " " + " ".join(t.text for t in tokens[j:city])
                j = city
        start = i
        while start < j and tokens[start].low in {"salah", "satu", "seorang", "para", "sang"}:
            start += 1
        surface = " ".join(t.text for t in tokens[start:j])
        key = self.new_entity(slugify(label), "Official", label, surface, represents=affil)
        self.state.officials.append((key, title))
        return Span(i, j, key, title=title, unnamed=True, inner=tuple(inner))

    def _is_unnamed(self, key: str) -> bool:
        entity = self.state.entities.get(key)
        return bool(
            entity
            and entity.key not in self.lex.entities
            and entity.label[:1].isupper()
            and any(entity.label.startswith(t.label) for _, t in self.state.officials if t)
        )

    def _resolve_role(self, title: Title) -> str | None:
        """Who "pejabat itu", "diplomat tersebut" is: the last official with that title,
        else the last diplomat for a diplomat's title, else for "pejabat" the last official."""
        officials = [(key, seen) for key, seen in reversed(self.state.officials) if seen]
        for key, seen in officials:
            if seen.key == title.key:
                return key
        for key, seen in officials:
            if (title.diplomat and seen.diplomat) or title.role == "official":
                return key
        return None

    def _label(self, key: str) -> str:
        entity = self.state.entities.get(key) or self.lex.entities.get(key)
        return entity.label if entity else key

    def _name_at(self, tokens: list[Token], i: int, in_title: bool) -> tuple[int, str] | None:
        """A person's name at ``i``: a gazetteer official, or 2–4 capitalised unknown words."""
        if i >= len(tokens):
            return None
        hit = self._gaz_at(tokens, i)
        if hit:
            return (hit[0], hit[1]) if self.type_of(hit[1]) == "Official" else None
        if in_title or tokens[i].low in self.heads:
            return None  # "Penjaga Perbatasan …", "Kementerian …": an institution, not a person
        j = i
        while j < len(tokens) and j - i < MAX_NAME_TOKENS and self._name_token(tokens[j], j - i):
            if j > i and tokens[j].low in NAME_PARTICLES and not self._gaz_at(tokens, j):
                j += 1  # "Hassan Sheikh Mohamud"; but "Setelah El Salvador" names a state
                continue
            if self._gaz_at(tokens, j) or _match_words(tokens, j, self.lex.titles):
                break
            j += 1
        while j > i and tokens[j - 1].low in NAME_PARTICLES:
            j -= 1  # a name does not end in "bin" or "van"
        if j - i >= 2 or (j - i == 1 and tokens[i].text in self.state.name_variants):
            name = " ".join(t.text for t in tokens[i:j])
            return j, self.state.name_variants.get(name) or slugify(name)
        return None

    def _name_token(self, token: Token, position: int) -> bool:
        text = token.text
        if position > 0 and (
            text.lower() in NAME_PARTICLES or NAME_PREFIX.match(text) or REGNAL.fullmatch(text)
        ):
            return True  # "bin", "O'", "Abdullah II"
        return (
            text[:1].isupper()
            and not text.isupper()
            and NAME_WORD.fullmatch(text) is not None
            and not text[:1].isdigit()
            and text.lower() not in self.prepositions
            and text.lower() not in self.person_pronouns
        )

    def _person(
        self,
        key: str,
        tokens: list[Token],
        start: int,
        end: int,
        represents: str | None,
        title: Title | None,
    ) -> str:
        name = " ".join(t.text for t in tokens[start:end])
        if key in self.lex.entities:
            self.entity(key, name)
            label = self.lex.entities[key].label
            self.state.remember_name(name, key)
        else:
            key = self.state.name_variants.get(name, key)
            label = self.state.entities[key].label if key in self.state.entities else name
            self.new_entity(key, "Official", label, name, represents=represents)
        self._remember_official(key, label, title)
        return key

    def _remember_official(self, key: str, label: str, title: Title | None) -> None:
        self.state.remember_name(label, key)
        self.state.officials.append((key, title))
        self.state.last_person = key

    def _name(self, tokens: list[Token], i: int, in_title: bool) -> Span | None:
        """A surname or short form of someone named earlier in the article ("Wood", "Choe Son")."""
        if not tokens[i].is_capitalised:
            return None
        for n in (3, 2, 1):
            text = " ".join(t.text for t in tokens[i : i + n])
            key = self.state.name_variants.get(text)
            if key and text not in self.state.ambiguous and len(tokens[i : i + n]) == n:
                self.state.add(self.state.entities.get(key) or self.lex.entities[key], text)
                self.state.last_person = key
                return Span(i, i + n, key)
        key = self.lex.surnames.get(tokens[i].text)
        if key:
            self.entity(key, tokens[i].text)
            self._remember_official(key, self.lex.entities[key].label, None)
            return Span(i, i + 1, key)
        return None

    def _acting_name(self, tokens: list[Token], i: int, in_title: bool) -> Span | None:
        """A full name with no title, right before a verb or a comma and a verb, at the start
        of a clause: "Tatyana Moskalkova membantah …". Someone quoted acting in the news."""
        if in_title or not self._starts_clause(tokens, i):
            return None
        name = self._name_at(tokens, i, in_title)
        if not name or name[0] - i < 2 or name[0] >= len(tokens):
            return None
        if any(t.low in self.heads for t in tokens[i : name[0]]):
            return None
        after = tokens[name[0]]
        verb = after if after.text != "," or name[0] + 1 >= len(tokens) else tokens[name[0] + 1]
        if not _active_verb(verb):
            return None
        key = self._person(name[1], tokens, i, name[0], None, None)
        return Span(i, name[0], key)

    def states_named(self, tokens: list[Token]) -> tuple[str, ...]:
        """The states a text names, in order, by the gazetteer alone (no mention is made)."""
        found: list[str] = []
        i = 0
        while i < len(tokens):
            for key in self._pair_keys(tokens[i]) or ():  # "ZEE Indonesia-Vietnam"
                if key not in found:
                    found.append(key)
            hit = self.gaz.match(tokens, i)
            if hit and hit[1] and self.type_of(hit[1]) == "State":
                if hit[1] not in found:
                    found.append(hit[1])
                i = hit[0]
                continue
            i += 1
        return tuple(found)

    def _both_states(self, tokens: list[Token], i: int) -> Span | None:
        """ "kedua negara" (both countries) are the two states the headline names, when it
        names exactly two: "Irak Panggil Dubes Turki … yang ditandatangani kedua negara".
        Their ministers act for them: "diteken menteri luar negeri kedua negara"."""
        if len(self.state.headline_pair) != 2:
            return None
        both = self.lex.cue("bothStates")
        title = _match_words(tokens, i, self.lex.titles)
        n = _match_words(tokens, i + title, both) if title else 0
        if not n:
            title, n = 0, _match_words(tokens, i, both)
        if not n:
            return None
        return Span(i, i + title + n, "", kind="pair", inner=self.state.headline_pair)

    def _pronoun(self, tokens: list[Token], i: int, quotes: list[tuple[int, int]]) -> Span | None:
        low = tokens[i].low
        if low in self.person_pronouns:  # "ia", "dia": the person last named
            key = self.state.last_person or self.state.last_speaker
            return Span(i, i + 1, key, kind="pronoun") if key else None
        if low in self.speaker_pronouns and any(a <= i < b for a, b in quotes):
            return Span(i, i + 1, "", kind="speaker")
        return None

    def _agency(self, tokens: list[Token], i: int, in_title: bool = False) -> Span | None:
        """Head noun + state: "Kementerian Pertahanan Rusia", "para legislator Rusia", and for
        institutions no list holds, a capitalised head, capitalised words, then a state:
        "Pusat Manajemen Krisis Nasional Lituania". "Pasukan Korea Utara" are troops, not an
        agency: a generic head needs a word of its own before the state."""
        n = _match_words(tokens, i, self.lex.agency_heads)
        if not n:
            return None
        kind = self.lex.agency_heads[tuple(t.low for t in tokens[i : i + n])]
        generic = kind in {"institution", "local-government"}
        if i + n < len(tokens) and tokens[i + n].low in self.anaphor_words:
            # "Kementerian tersebut", "badan itu": the last such agency the article named
            head = tokens[i].low
            key = next(
                (
                    k
                    for k in reversed(self.state.recent_agencies)
                    if self._label(k).lower().startswith(head)
                ),
                None,
            )
            if key is None and head in ANY_AGENCY_HEADS and self.state.recent_agencies:
                key = self.state.recent_agencies[-1]  # "lembaga itu": the agency last named
            return Span(i, i + n + 1, key) if key else None
        if generic and in_title:
            return None
        if generic and not tokens[i].is_capitalised and not self._acting_institution(tokens, i, n):
            if self._acts_again(tokens, i, i + n):  # "Menurut kedutaan, …"
                return self._named_before(tokens, i, i + n, i + n, kind)
            return None
        if kind == "local-government":
            return self._local_government(tokens, i, n)
        j = i + n
        k = j
        if tokens[i].is_capitalised and not in_title:
            while (
                k < len(tokens)
                and k - j < 6
                and not self._gaz_at(tokens, k)
                and (
                    (tokens[k].is_capitalised and tokens[k].text.isalpha())
                    or (
                        tokens[k].low == "dan"
                        and k + 1 < len(tokens)
                        and tokens[k + 1].is_capitalised
                        and not self._gaz_at(tokens, k + 1)
                    )
                )
            ):
                k += 1
        if generic and k == j:
            body = self._body_of_organisation_again(tokens, j)
            if body is not None:
                return Span(i, body[0], body[1])
        if generic and k == j and tokens[i].low in NEEDS_A_NAME:
            return None
        if k > j and k + 1 < len(tokens) and tokens[k].low == "dari" and tokens[i].is_capitalised:
            owner = self._agency(tokens, k + 1) or self._gazetteer(tokens, k + 1)
            if owner and self.type_of(owner.key) in {"State", "Agency"}:
                # "Satuan Tugas Naresuan dari Angkatan Darat Thailand": a unit of that body
                return self._body_of(tokens, i, k, owner)
        hit = self._gaz_at(tokens, k) if k < len(tokens) else None
        state_key = hit[1] if hit and self.type_of(hit[1]) == "State" else None
        whole = self._gaz_at(tokens, i)
        if whole and self.type_of(whole[1]) == "Agency" and (hit is None or whole[0] >= hit[0]):
            return self._gazetteer(tokens, i)
        if state_key is None and hit and self.lex.kinds.get(hit[1]) in OWNING_KINDS:
            paren = _paren_after_name(tokens, i)
            organisation = self.lex.kinds.get(hit[1]) == "international-organisation"
            if organisation and paren and _acronym_at(tokens, paren) and not in_title:
                return None  # "Misi Bantuan PBB di Afghanistan (UNAMA)": named with its acronym
            return self._agency_of_region(tokens, i, k, hit)
        if state_key is None:
            if not tokens[i].is_capitalised and hit is None and self._acts_again(tokens, i, k):
                # "kepolisian mengatakan …", "Menurut kedutaan, …": the body named before
                return self._named_before(tokens, i, j, k, kind)
            if not tokens[i].is_capitalised or hit is not None:
                return None  # "… Kementerian Pertahanan Ukraina (HUR)": part of a longer name
            before = self._named_before(tokens, i, j, k, kind)
            home = self._home
            if before or home is None or not self._home_portfolio(tokens, i, k, in_title):
                return before
            state_key, hit = home, (k, home, False)
        assert hit is not None  # the state was found there
        end = hit[0]
        surface = " ".join(t.text for t in tokens[i:end])
        if end > k:
            self.entity(state_key, " ".join(t.text for t in tokens[k:end]))
        known = None if generic or k > j else self.lex.agency_by_kind.get((kind, state_key))
        if known:
            key = self.entity(known, surface)
        else:
            if tokens[i].is_capitalised or generic:  # "Kementerian Kesehatan Gaza": its words
                words = " ".join(t.text for t in tokens[i:k])
                label = words[:1].upper() + words[1:] + " " + self._label(state_key)
            else:  # "para legislator Rusia": the kind's name
                label = f"{self.lex.agency_kind_labels[kind]} {self._label(state_key)}"
            key = self.new_entity(slugify(label), "Agency", label, surface, agency_of=state_key)
            self.state.agency_kinds[key] = kind
        if not generic:
            self.state.agencies_by_kind[kind] = key
        post = self._posted_in(tokens, end)
        if post > end and tokens[i].low in EMBASSY_HEADS:
            # "Kedutaan Besar China di Wellington": one more name for the embassy (the
            # words after stay a place, and the post of a diplomat named with it)
            entity = self.state.entities.get(key) or self.lex.entities.get(key)
            if entity is not None:
                self.state.add(entity, " ".join(t.text for t in tokens[i:post]))
        return Span(i, end, key, inner=(state_key,))

    def _agency_of_region(
        self, tokens: list[Token], i: int, k: int, hit: tuple[int, str, bool]
    ) -> Span | None:
        """ "Kementerian Kesehatan Pemerintah Regional Kurdistan", "Komite Keamanan Negara
        Ossetia Selatan": a body of a sub-state government, part of it, and of its state's
        government where it has one."""
        if not tokens[i].is_capitalised or (k == i + 1 and tokens[i].low in NEEDS_A_NAME):
            return None  # "pasukan Ossetia Selatan" are troops, not a body
        region = hit[1]
        self.entity(region, " ".join(t.text for t in tokens[k : hit[0]]))
        words = " ".join(t.text for t in tokens[i:k])
        label = f"{words[:1].upper()}{words[1:]} {self._label(region)}"
        end = hit[0]
        inner = [region]
        if self.lex.kinds.get(region) == "international-organisation":
            label = " ".join(t.text for t in tokens[i:end])  # "Kelompok Ahli PBB", as written
            post = self._gaz_at(tokens, end + 1) if end + 1 < len(tokens) else None
            if tokens[end].low == "untuk" and post and self.type_of(post[1]) == "State":
                # "Kelompok Ahli PBB untuk RDK": the body's remit is part of its name
                self.entity(post[1], " ".join(t.text for t in tokens[end + 1 : post[0]]))
                inner.append(post[1])
                end = post[0]
                label = " ".join(t.text for t in tokens[i:end])
        surface = " ".join(t.text for t in tokens[i:end])
        key = self.new_entity(
            slugify(label), "Agency", label, surface,
            part_of=region, agency_of=self.state_of(region),
        )
        return Span(i, end, key, inner=tuple(inner))

    def _body_of_organisation_again(self, tokens: list[Token], j: int) -> tuple[int, str] | None:
        """ "Badan PBB tersebut" after "Organisasi Internasional untuk Migrasi (IOM)": the
        body of that organisation the article named last, as (end, key)."""
        org = self._gaz_at(tokens, j)
        if (
            org is None
            or self.lex.kinds.get(org[1]) != "international-organisation"
            or org[0] >= len(tokens)
            or tokens[org[0]].low not in self.anaphor_words
        ):
            return None
        for key in reversed(self.state.recent_agencies):
            entity = self.state.entities.get(key) or self.lex.entities.get(key)
            if entity is not None and entity.part_of == org[1]:
                return org[0] + 1, key
        return None

    def _body_of(self, tokens: list[Token], i: int, k: int, owner: Span) -> Span:
        """A named body of a state or agency, "<words> dari <owner>": named by its own words,
        part of its owner and an agency of the owner's state."""
        words = " ".join(t.text for t in tokens[i:k])
        agency = self.type_of(owner.key) == "Agency"
        key = self.new_entity(
            slugify(words), "Agency", words, " ".join(t.text for t in tokens[i : owner.end]),
            part_of=owner.key if agency else None, agency_of=self.state_of(owner.key),
        )
        self.state.add(self.state.entities[key], words)
        return Span(i, owner.end, key, inner=(owner.key,))

    def _posted_in(self, tokens: list[Token], j: int) -> int:
        """End of "di <capital>" at ``j``, or ``j`` when no capital follows."""
        if j + 1 < len(tokens) and tokens[j].low == "di":
            hit = self._gaz_at(tokens, j + 1)
            if hit and hit[1] and hit[2]:
                return hit[0]
        return j

    def _named_before(
        self, tokens: list[Token], i: int, j: int, k: int, kind: str
    ) -> Span | None:
        """An agency named without its state is the one the article named with it before:
        "Kementerian Kesehatan" after "Kementerian Kesehatan Gaza", or "Kementerian
        Pertahanan" after "Kementerian Pertahanan Rusia" (the article's ministry of a kind)."""
        words = " ".join(t.low for t in tokens[i:k]) + " "
        same = next(
            (a for a in reversed(self.state.recent_agencies)
             if self._label(a).lower().startswith(words)),
            None,
        )
        if same:
            return Span(i, k, same)
        if k == j and kind not in {"institution", "local-government", "ministry"}:
            key = self.state.agencies_by_kind.get(kind)
            return Span(i, j, key) if key else None
        return None

    def _home_portfolio(self, tokens: list[Token], i: int, k: int, in_title: bool) -> bool:
        """ "Kementerian Kesehatan", "Kementerian Komunikasi dan Digital" with no state: a
        portfolio ("Menteri Kesehatan" is a title) of the home country's government."""
        portfolio = ("menteri", *(t.low for t in tokens[i + 1 : k]))
        return (
            tokens[i].low == "kementerian"
            and portfolio in self.lex.titles
            and not in_title
            and not (k < len(tokens) and tokens[k].low == "setempat")  # the local one
        )

    def _acting_institution(self, tokens: list[Token], i: int, n: int) -> bool:
        """ "militer Pakistan menyangkal …": a lower-case institution word names the
        institution only as a clause's subject, right before its verb ("bantuan militer
        Rusia" is no actor)."""
        if tokens[i].low not in self.lex.cue_words("subjectOnlyHead"):
            return False
        hit = self._gaz_at(tokens, i + n)
        if not (hit and hit[1] and self.type_of(hit[1]) == "State" and hit[0] < len(tokens)):
            return False
        return self._starts_clause(tokens, i) and _active_verb(tokens[hit[0]])

    def _acts_again(self, tokens: list[Token], i: int, k: int) -> bool:
        """A bare lower-case head that acts: a clause's subject before its verb
        ("kepolisian mengatakan"), or the source after "menurut" ("Menurut kedutaan, …")."""
        if k >= len(tokens):
            return False
        after_intro = i > 0 and tokens[i - 1].low in self.lex.cue_words("sourceIntro")
        if after_intro and tokens[k].text == ",":
            return True
        return self._starts_clause(tokens, i) and _active_verb(tokens[k])

    def _starts_clause(self, tokens: list[Token], i: int) -> bool:
        """Token ``i`` opens a clause: the sentence's start, or after a comma, a quote mark
        or a boundary word ("bahwa", "namun" …)."""
        return (
            i == 0
            or tokens[i - 1].text in {",", '"', "“", "”"}
            or tokens[i - 1].low in self.lex.cue_words("boundary")
        )

    def _local_government(self, tokens: list[Token], i: int, n: int) -> Span | None:
        """ "Pemerintah Kabupaten Pidie": a local government, named by its own words."""
        k = i + n
        while (
            k < len(tokens)
            and k - (i + n) < 3
            and tokens[k].is_capitalised
            and tokens[k].text.isalpha()
        ):
            k += 1
        if k == i + n:
            return None
        surface = " ".join(t.text for t in tokens[i:k])
        key = self.new_entity(slugify(surface), "Agency", surface, surface)
        return Span(i, k, key)

    def _treaty(self, tokens: list[Token], i: int, in_title: bool = False) -> TreatySpan | None:
        article = None
        start = i
        if tokens[i].low == "pasal" and i + 1 < len(tokens) and tokens[i + 1].text.isdigit():
            article = tokens[i + 1].text
            i += 2
            if i < len(tokens) and tokens[i].low in {"dari", "dalam"}:
                i += 1
            if i >= len(tokens) or not _match_words(tokens, i, self.lex.treaty_heads):
                return TreatySpan(start, i, "pasal", (), None, None, True, article)
        n = _match_words(tokens, i, self.lex.treaty_heads)
        if not n or (i > 0 and is_number_word(tokens[i - 1])):
            return None  # "dua konvensi ASEAN": several, each named elsewhere if at all
        head = " ".join(t.low for t in tokens[i : i + n])
        j = i + n
        if head == "deklarasi" and (
            in_title
            or not tokens[i].is_capitalised
            or j >= len(tokens)
            or not tokens[j].is_capitalised
        ):
            return None  # "Deklarasi Athena" names one; "deklarasi kemerdekaan" none
        if head == "persetujuan" and self._approval_by(tokens, j):
            return None  # "dengan persetujuan Senat": the Senate's consent, not an agreement
        parties: list[str] = []
        topic = None
        about = False  # "… dengan Jepang tentang kerja sama pertahanan": the name goes on
        stop = {
            "yang",
            "pada",
            "di",
            "ke",
            "untuk",
            "itu",
            "ini",
            "tersebut",
            "pun",
            "sebagai",
            "adalah",
            "dan",
            "serta",
            "karena",
            "ketika",
            "saat",
            "jika",
            "guna",
        }
        if j < len(tokens) and tokens[j].low in self.anaphor_words:
            return TreatySpan(start, j + 1, head, (), None, None, True, article)
        known_as = self._known_as(tokens, i, j, head) if not in_title else None
        if known_as:
            return known_as
        gaz = self._gaz_at(tokens, i)
        if not (gaz and self.type_of(gaz[1]) == "Treaty") and not in_title:
            named = self._named_treaty(tokens, i, j, start, head, article)
            if named:
                return named
        while j < len(tokens) and j - i < 12:
            tok = tokens[j]
            if tok.low == "baru" and j == i + n and self._new_treaty(tokens, j):
                j += 1  # "protokol baru pelaksanaan perjanjian …": a new one, named on
                continue
            if self._place_follows(tokens, j) and j > i + n:
                j += 2  # "perjanjian pengelolaan … sumber daya air Sungai Isfara"
                continue
            if tok.low == "di" and self._place_follows(tokens, j + 1):
                j += 2  # "Perjanjian Batas Laut RI-Malaysia di Laut Sulawesi Jadi UU"
                while (
                    j < len(tokens)
                    and j - i < 14
                    and tokens[j].is_capitalised
                    and tokens[j].text.isalpha()
                    and tokens[j].low not in COMMON_NAME_WORDS
                ):
                    j += 1
                break  # the place ends the name
            hit: tuple[int, str, bool] | None = self._gaz_at(tokens, j)
            if hit and (not hit[1] or self.type_of(hit[1]) == "Treaty"):
                break  # "Persetujuan berdasarkan Konvensi PBB tentang Hukum Laut …": no party
            if hit:
                self.entity(hit[1], " ".join(t.text for t in tokens[j : hit[0]]))
                parties.append(hit[1])
                j = hit[0]
                if j + 1 < len(tokens) and tokens[j].low == "dari":
                    after = self._gaz_at(tokens, j + 1)
                    if after:
                        j = after[0]  # "Kim Jong Un dari Korea Utara"
                continue
            pair = self._state_pair(tok) if "-" in tok.text else None
            if pair:  # "Pertahanan RI-Australia": one token, two parties
                parties += pair
                j += 1
                continue
            if in_title and tok.is_capitalised and tok.text.replace("-", "").isalpha() and not hit:
                j += 1  # a headline capitalises every word of the treaty's name
                continue
            government = self._government(tokens, j) if tok.is_capitalised else None
            if government and government.key:  # "antara Pemerintah Republik Indonesia dan …"
                parties.append(government.key)
                j = government.end
                continue
            official = self._official(tokens, j, False) if tok.is_capitalised else None
            if official and official.key:  # "dengan Perdana Menteri Jepang Shigeru Ishiba"
                parties.append(official.key)
                j = official.end
                continue
            name = self._name(tokens, j, False) if tok.is_capitalised else None
            if name:
                parties.append(name.key)
                j = name.end
                continue
            if tok.low in {"dengan", "antara", "-", "–"} or (tok.low == "dan" and parties):
                j += 1
                continue
            if tok.low in {"tentang", "mengenai"}:
                about = True
            elif parties and not about and not tok.is_capitalised:
                break  # "… dengan Makedonia Utara dalam pemungutan suara": the name is done
            if tok.is_capitalised and tok.text.isalpha() and tokens[j - 1].low == "tentang":
                # "… tentang Kerja Sama Pertahanan": the capitalised topic is the name's end,
                # small words inside it too ("… Laut Teritorial di Bagian Laut Sulawesi")
                while j < len(tokens) and (
                    tokens[j].is_capitalised and tokens[j].text.isalpha()
                    or tokens[j].low in {"di", "dan", "antara"}
                    and self._name_goes_on(tokens, j + 1)
                ):
                    j += 1
                break
            if (
                not tok.text.isalpha()
                or tok.low in stop
                or tok.is_capitalised
                or tok.low in AUXILIARIES
            ):
                break
            if len(tok.low) >= 6 and tok.low.startswith(("me", "di")):
                break  # a verb ends the treaty's name: "… telah disahkan DPR"
            j += 1
        while j > i + n and tokens[j - 1].low in {"dan", "dengan", "antara", "serta", "-"}:
            j -= 1  # "… antara pemerintah Kolombia dan FARC": the name ends before the "dan"
        for form in sorted(self.topics):
            words = " ".join(t.low for t in tokens[i + n : j])
            if re.search(rf"\b{re.escape(' '.join(form))}\b", words):
                topic = " ".join(form)
                break
        if j == i + n and not parties and start == i:
            return TreatySpan(start, j, head, (), None, None, True, article)
        if not parties and j < len(tokens) and tokens[j].low in self.anaphor_words:
            # "Traktat konfederasi itu": the treaty named before, by its words if they tell
            return TreatySpan(start, j + 1, head, (), topic, None, True, article)
        gaz = self._gaz_at(tokens, i)
        gazetteer_key = gaz[1] if gaz and self.type_of(gaz[1]) == "Treaty" else None
        return TreatySpan(
            start, j, head, tuple(dict.fromkeys(parties)), topic, gazetteer_key, False, article
        )

    @staticmethod
    def _new_treaty(tokens: list[Token], j: int) -> bool:
        """Is "baru" at ``j`` the adjective ("protokol baru dengan UE"), not the adverb before
        a verb ("perjanjian itu baru ditandatangani", "baru saja")?"""
        if j + 1 >= len(tokens):
            return False
        after = tokens[j + 1].low
        return after not in AUXILIARIES | {"saja", "akan"} and not (
            len(after) >= 6 and after.startswith(("me", "di", "ber", "ter"))
        )

    def _state_pair(self, token: Token) -> list[str] | None:
        """ "RI-Australia", "Indonesia-Malaysia": the two states of a hyphenated pair."""
        keys = self._pair_keys(token)
        for key in keys or ():
            self.entity(key)
        return keys

    def _pair_keys(self, token: Token) -> list[str] | None:
        if "-" not in token.text:
            return None
        keys = []
        for part in token.text.split("-"):
            words = tokenize(part)
            hit = self.gaz.match(words, 0) if words else None
            if not hit or hit[0] != len(words) or self.type_of(hit[1]) != "State":
                return None
            keys.append(hit[1])
        return keys if len(keys) == 2 else None

    def _approval_by(self, tokens: list[Token], j: int) -> bool:
        """Does an institution follow at ``j``, as in "persetujuan Senat" or "persetujuan DPR"?"""
        if j >= len(tokens):
            return False
        if _match_words(tokens, j, self.lex.agency_heads):
            return True
        hit = self._gaz_at(tokens, j)
        return bool(hit and hit[1] and self.type_of(hit[1]) == "Agency")

    def _name_before_acronym(self, tokens: list[Token], j: int) -> int:
        """ "Traktat Persahabatan dan Kerja Sama di Asia Tenggara (TAC)": a bracketed acronym
        vouches for the capitalised words before it, small joining words included. Where the
        name ends (at the bracket), or ``j`` when no acronym follows."""
        k = j
        while k < len(tokens) and k - j < 12 and (
            tokens[k].is_capitalised and tokens[k].text.isalpha()
            or tokens[k].low in NAME_JOINS
            # "… Perdagangan Orang, Terutama Perempuan dan Anak (ACTIP)": a comma inside
            or (tokens[k].text == "," and k > j and k + 1 < len(tokens)
                and tokens[k + 1].is_capitalised)
        ):
            k += 1
        if (
            k > j
            and tokens[k - 1].is_capitalised
            and k + 2 < len(tokens)
            and tokens[k].text == "("
            and tokens[k + 2].text == ")"
            and tokens[k + 1].text.isupper()
        ):
            return k
        return j

    def _named_treaty(
        self, tokens: list[Token], i: int, j: int, start: int, head: str, article: str | None
    ) -> TreatySpan | None:
        """A treaty with a proper name: "Perjanjian Ekonomi Digital ASEAN (DEFA)", "Konvensi
        Jenewa 1949", "perjanjian AUKUS". Its name, not its parties, makes its node; a bracketed
        acronym becomes a name later sentences can use."""
        stop = {"dengan", "antara", "di", "ke", "untuk", "yang", "dan", "pada", "tentang", "soal"}
        k = vouched = self._name_before_acronym(tokens, j)
        while vouched == j and k < len(tokens) and k - j < 8:
            tok = tokens[k]
            if tok.low in NAME_JOINS | {"dari"} and k > j and self._name_goes_on(tokens, k + 1):
                # "Perjanjian Perdamaian dan Persahabatan", "Konvensi Internasional tentang
                # Perlindungan Semua Orang dari Penghilangan Paksa": small words of one name
                k += 1
                continue
            if tok.low in stop:
                break
            hit = self._gaz_at(tokens, k)
            if hit and hit[1] and self.type_of(hit[1]) == "Official":
                break
            if hit and hit[1] and hit[2] and k == j:
                k = hit[0]  # "Konvensi Ottawa", "Deklarasi Bersama Kuala Lumpur": a city names it
                continue
            if hit and hit[1] and self.type_of(hit[1]) == "State" and k == j:
                break  # "Perjanjian Rusia …": the parties' treaty, not a name
            if hit and hit[1] and self.type_of(hit[1]) == "State":
                # "Protokol Aksesi Timor-Leste": the state belongs to the name
                self.entity(hit[1], " ".join(t.text for t in tokens[k : hit[0]]))
                k = hit[0]
                continue
            if hit and hit[1]:
                self.entity(hit[1], " ".join(t.text for t in tokens[k : hit[0]]))
                k = hit[0]
                continue
            if (
                tok.is_capitalised
                and tok.text[0].isalpha()
                or (tok.text.isdigit() and len(tok.text) == 4)
            ):
                k += 1
                continue
            break
        if k == j:
            return None
        k = self._between_parties(tokens, k)
        name = " ".join(t.text for t in tokens[i:k])
        label = name[0].upper() + name[1:]
        key = self.new_entity("treaty-" + slugify(label), "Treaty", label, name)
        end = k
        if (
            k + 2 < len(tokens)
            and tokens[k].text == "("
            and tokens[k + 2].text == ")"
            and tokens[k + 1].text.isupper()
            and not self._gaz_at(tokens, k + 1)  # "… Negara-Negara Sahel (AES)": the alliance's
        ):
            self.state.treaty_names[tokens[k + 1].text] = key
            self.state.add(self.state.entities[key], tokens[k + 1].text)
            end = k + 3
        return TreatySpan(start, end, head, (), None, key, False, article)

    def _known_as(self, tokens: list[Token], i: int, j: int, head: str) -> TreatySpan | None:
        """ "Persetujuan yang dikenal sebagai Indonesia-Canada Comprehensive Economic
        Partnership Agreement (ICA-CEPA) itu": the treaty named before, under another name
        and an acronym that later sentences (and the headline) may use."""
        n = _match_words(tokens, j, self.lex.cue("alsoKnownAs"))
        if not n:
            return None
        k = j + n
        while k < len(tokens) and k - j < 16 and tokens[k].is_capitalised:
            k += 1
        if not (
            k > j + n
            and k + 2 < len(tokens)
            and tokens[k].text == "("
            and tokens[k + 2].text == ")"
            and tokens[k + 1].text.replace("-", "").isupper()
        ):
            return None
        key = self._treaty_by_head(head)
        if key is None:
            return None
        entity = self.state.entities.get(key) or self.lex.entities.get(key)
        acronym = tokens[k + 1].text
        self.state.treaty_names[acronym] = key
        if entity is not None:
            self.state.add(entity, " ".join(t.text for t in tokens[j + n : k]))
            self.state.add(entity, acronym)
        return TreatySpan(i, k + 3, head, (), None, key, False)

    def _between_parties(self, tokens: list[Token], k: int) -> int:
        """ "Persetujuan Kemitraan Ekonomi Komprehensif antara Republik Indonesia dan Kanada":
        the parties belong to a generic name, which alone would join every such agreement
        into one node. Where the name ends: after the parties, or at ``k``."""
        if k >= len(tokens) or tokens[k].low != "antara":
            return k
        end = k + 1
        for joint in ("dan", None):
            party = self._government(tokens, end) or self._gazetteer(tokens, end)
            if party is None or self.type_of(party.key) != "State":
                return k
            end = party.end
            if joint is not None:
                if end >= len(tokens) or tokens[end].low != joint:
                    return k
                end += 1
        return end

    def _name_goes_on(self, tokens: list[Token], k: int) -> bool:
        """Is the capitalised word at ``k`` more of a treaty's name, not another treaty, an
        actor or a title ("Konvensi Jenewa dan Protokol …", "Perjanjian Paris dan Presiden …")?"""
        return (
            k < len(tokens)
            and tokens[k].is_capitalised
            and tokens[k].text.isalpha()
            and not self._gaz_at(tokens, k)
            and not _match_words(tokens, k, self.lex.treaty_heads)
            and not _match_words(tokens, k, self.lex.titles)
            and not _match_words(tokens, k, self.lex.agency_heads)
        )

    def resolve_treaty(
        self,
        treaty: TreatySpan,
        tokens: list[Token],
        actors: tuple[str, ...] = (),
        in_title: bool = False,
    ) -> str | None:
        """The treaty's node: by gazetteer name, by its parties (those named in the phrase
        plus the states of the acting subjects), or the treaty last mentioned. A headline
        names the body's instrument of the same parties in its own words."""
        surface = " ".join(t.text for t in tokens[treaty.start : treaty.end])
        key: str | None = treaty.gazetteer_key
        if key is None:
            parties = {self.state_of(p) or p for p in treaty.parties}
            for actor in actors:
                state = self.state_of(actor)
                if state or self.type_of(actor) != "Official":
                    parties.add(state or actor)  # an official of no known state is no party
            parties.discard("")
            if treaty.anaphor or not parties:
                key = self._treaty_sharing_words(surface) or self._treaty_by_head(treaty.head)
                if key is None and treaty.head in ANY_TREATY_HEADS:
                    key = self.state.treaties[-1][0] if self.state.treaties else None
                if key is None and treaty.topic and len(parties) > 1:
                    # "Kesepakatan gencatan senjata itu diteken Menteri Pertahanan Pakistan …
                    # dan Menteri Pertahanan Afghanistan …": first named by its signers
                    key = self._treaty_node(frozenset(parties), treaty)
            elif len(parties) == 1:
                key = next(
                    (
                        k
                        for k, ps in reversed(self.state.treaties)
                        if parties <= ps
                        and (not treaty.topic or slugify(treaty.topic) in k)
                        and k.startswith(_instrument_slug(treaty.head))
                    ),
                    None,
                )  # "perjanjian ekstradisi kedua negara" is not their defence treaty
                if key is None:  # "Traktat Larangan Senjata Nuklir": the body's TPNW
                    key = self._treaty_sharing_words(surface, least=2)
                if key is None and actors:
                    key = self._treaty_node(frozenset(parties), treaty)
            else:
                if in_title:  # "Lula dan Pena Teken Deklarasi Bersama soal Revisi Tarif"
                    key = next(
                        (
                            k
                            for k, ps in self.state.treaties
                            if ps == parties and k.startswith(_instrument_slug(treaty.head))
                        ),
                        None,
                    )
                key = key or self._treaty_node(frozenset(parties), treaty)
        if key is None:
            return None
        if treaty.article:
            label = f"Pasal {treaty.article} {self._label(key)}"
            article_key = self.new_entity(
                f"{key}-pasal-{treaty.article}",
                "Treaty",
                label,
                f"Pasal {treaty.article}",
                part_of=key,
            )
            return article_key
        if not treaty.anaphor:
            if key in self.lex.entities:
                self.entity(key)
            self.state.add(self.state.entities[key], surface)
            bare = re.split(r"\s+(?:dengan|antara)\s+", surface)[0]
            if bare != surface and len(bare.split()) > 1:
                self.state.add(self.state.entities[key], bare)  # "pakta pertahanan bersama"
        known = next(
            (ps for k, ps in self.state.treaties if k == key),
            self.state.treaty_parties.get(key)
            or frozenset(self.state_of(p) or p for p in treaty.parties),
        )
        self.state.treaties.append((key, known))
        return key

    def _treaty_by_head(self, head: str) -> str | None:
        """The treaty last named with this head noun: "memorandum yang sama" is the
        memorandum named before, though a "Perjanjian Prespa" came after it."""
        for key, _ in reversed(self.state.treaties):
            entity = self.state.entities.get(key) or self.lex.entities.get(key)
            names = {*self.state.surface.get(key, ())}
            if entity is not None:
                names |= {entity.label, *entity.aliases}
            if any(n.lower().startswith(head + " ") for n in names):
                return key
        return None

    def _treaty_sharing_words(self, surface: str, least: int = 1) -> str | None:
        """The treaty named before whose names share the most words with ``surface``: a
        headline's "Konvensi Anti-Penghilangan Paksa" is the body's "Konvensi Internasional
        tentang Perlindungan Semua Orang dari Penghilangan Paksa", not the treaty last named."""
        words = set(_content_words(surface)) - self.head_words - COMMON_NAME_WORDS
        best, best_shared = None, least - 1
        for key in dict.fromkeys(k for k, _ in reversed(self.state.treaties)):
            entity = self.state.entities.get(key) or self.lex.entities.get(key)
            if entity is None:
                continue
            names = {entity.label, *entity.aliases, *self.state.surface.get(key, ())}
            shared = len(words & {w for n in names for w in _content_words(n)})
            if shared > best_shared:
                best, best_shared = key, shared
        return best

    def _treaty_node(self, parties: frozenset[str], treaty: TreatySpan) -> str:
        known = self.lex.treaty_by_parties.get(parties)
        if known and not treaty.topic:
            return self.entity(known)
        names = sorted(self._label(p) for p in parties)
        kind = _instrument(treaty.head)  # a joint declaration is not the parties' pact
        label = f"{kind} " + "–".join(names) + (f" ({treaty.topic})" if treaty.topic else "")
        key = (
            f"{slugify(kind)}-"
            + "-".join(sorted(parties))
            + (f"-{slugify(treaty.topic)}" if treaty.topic else "")
        )
        self.state.treaty_parties[key] = parties
        return self.new_entity(key, "Treaty", label)
