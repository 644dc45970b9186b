"""One cleaned Document in, its entities and facts out: the extraction stage.

Sentences are read in order, because Indonesian news names someone once in full and then
says "Wood", "perwakilan tersebut", "ia" or "lanjutnya"; the DocState carries that memory.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.dates import find_dates
from kg.entities import DocState, MentionFinder, Span
from kg.lexicon import Lexicon
from kg.model import Document, Entity, Extraction, Fact, Sentence
from kg.relations import (
    assessed_denials,
    claims,
    declines,
    denials,
    denied_scope,
    estimates,
    stances,
    subject_keys,
    summons,
    support_declarations,
    treaty_acts,
    trigger_hits,
)
from kg.retraction import retracted_spans
from kg.sentence import SentenceView
from kg.text import QUOTES, tokenize

SPACE_BEFORE = re.compile(r" ([,.;:)\]])")
SPACE_AFTER = re.compile(r"([(\[]) ")


def extract(document: Document, lex: Lexicon) -> Extraction:
    state = DocState()
    finder = MentionFinder(lex, state)
    facts: list[Fact] = []
    # The headline is read last: it names people by surname ("Moskalkova Bantah …") whom only
    # the body introduces. Facts keep text order.
    body = [s for s in document.sentences if not s.is_title]
    titles = [s for s in document.sentences if s.is_title]
    if titles:
        state.headline_pair = finder.states_named(tokenize(titles[0].text, titles[0].start))
    for sentence in body + titles:
        facts += _sentence_facts(document, sentence, lex, state, finder)
    withdrawn = retracted_spans(list(document.sentences), lex)
    if withdrawn:
        facts = [f for f in facts if f.relation == "represents" or not _within(f, withdrawn)]
    facts.sort(key=lambda f: f.evidence.start)
    entities: dict[str, Entity] = {}
    for key, entity in state.entities.items():
        aliases = frozenset(_as_written(a) for a in state.surface.get(key, set()))
        entities[key] = replace(entity, label=_as_written(entity.label), aliases=aliases)
    for fact in facts:
        for key in _linked(fact, state):
            if key not in entities and key in lex.entities:
                entities[key] = lex.entities[key]
    return Extraction(document, entities, [], _dedupe(facts, document.doc_id))


def _as_written(name: str) -> str:
    """A name made of tokens joined by spaces, spaced as text is: "Marcos Jr.", "(RSF)"."""
    if " " not in name or not any(mark in name for mark in ",.;:()[]"):
        return name  # most names: nothing to respace
    return SPACE_BEFORE.sub(r"\1", SPACE_AFTER.sub(r"\1", name))


def _within(fact: Fact, spans: list[tuple[int, int]]) -> bool:
    return any(a <= fact.evidence.start < b for a, b in spans)


def _linked(fact: Fact, state: DocState) -> list[str]:
    keys = [fact.subject]
    if isinstance(fact.object, str):
        keys.append(fact.object)
    return keys


def _quotes(tokens: list) -> list[tuple[int, int]]:
    spans, open_at = [], None
    for k, tok in enumerate(tokens):
        if tok.text in QUOTES:
            if open_at is None and tok.text != "”":
                open_at = k + 1
            elif open_at is not None:
                spans.append((open_at, k))
                open_at = None
    return spans


def _attribution(view: SentenceView) -> tuple[str | None, bool]:
    """The speaker of the sentence's quotation, and whether it was named afresh
    ("…," kata X) or continues the last speaker ("…," lanjutnya)."""
    headline = _headline_speaker(view)
    if headline:
        return headline, True
    if not view.quotes:
        return _reported_speech(view)
    end = view.quotes[-1][1] + 1
    for k in range(end, min(len(view.tokens), end + 3)):
        phrase = view.phrase_at(k, "attribution")
        if phrase is None:
            continue
        after = k + len(phrase)
        last = view.tokens[k + len(phrase) - 1].low
        if last.endswith("nya") or phrase[-1] in {"dia", "ia"}:
            return view.state.last_speaker or view.state.last_person, False
        while after < len(view.tokens) and view.tokens[after].low in {
            "salah",
            "satu",
            "seorang",
            "sang",
        }:
            after += 1
        # "ujar seorang pejabat Kementerian …": the span may hold "seorang" or not
        span = view.starts.get(k + len(phrase)) or view.starts.get(after)
        if span is not None:
            keys = subject_keys(view, [span])
            return (keys[0] if keys else None), True
    start = view.quotes[0][0] - 1
    if start > 0:  # X mengatakan: "…"
        j = start - 1
        while j > 0 and view.tokens[j].text in {":", ","}:
            j -= 1
        spans = view.subject_before(j)
        if spans:
            keys = subject_keys(view, spans)
            return (keys[0] if keys else None), True
    return None, False


def _headline_speaker(view: SentenceView) -> str | None:
    """ "PBB: Lebih dari 5.600 Orang Tewas …", "Kemlu: 2 ABK WNI Selamat": a headline that
    names its source before a colon quotes it; the rest is read as its words."""
    if not view.in_title:
        return None
    span = next(
        (
            sp
            for sp in view.spans
            if (sp.start == 0 or view.tokens[sp.start - 1].text == ",")
            and sp.end + 1 < len(view.tokens)
            and view.tokens[sp.end].text == ":"
        ),
        None,
    )  # "…, Kemlu: 2 ABK WNI Selamat" too
    if span is None:
        return None
    keys = subject_keys(view, [span])
    if not keys:
        return None
    view.quotes.append((span.end + 1, len(view.tokens)))
    return keys[0]


def _reported_speech(view: SentenceView) -> tuple[str | None, bool]:
    """ "Sedikitnya 20 orang tewas, kata polisi.": reported speech is read like a quotation
    of the words before the comma."""
    for k in range(2, len(view.tokens)):
        if view.tokens[k - 1].text != ",":
            continue
        phrase = view.phrase_at(k, "attribution")
        if phrase is None:
            continue
        after = k + len(phrase)
        if view.tokens[after - 1].low.endswith("nya"):
            speaker = view.state.last_speaker or view.state.last_person
        else:
            while after < len(view.tokens) and view.tokens[after].low in {
                "salah",
                "satu",
                "seorang",
            }:
                after += 1
            span = view.starts.get(after)
            keys = subject_keys(view, [span]) if span is not None else []
            speaker = keys[0] if keys else None
        if speaker:
            view.quotes = [(0, k - 1)]
            return speaker, True
    return None, False


def _sentence_facts(
    document: Document, sentence: Sentence, lex: Lexicon, state: DocState, finder: MentionFinder
) -> list[Fact]:
    tokens = tokenize(sentence.text, sentence.start)
    quotes = _quotes(tokens)
    spans, treaties = finder.find(tokens, sentence.is_title, quotes)
    dates = [
        d for d in find_dates(sentence.text, document.published) if d.explicit or document.published
    ]
    view = SentenceView(
        sentence,
        tokens,
        spans,
        treaties,
        quotes,
        sentence.is_title,
        lex,
        state,
        finder,
        date=dates[0].date if dates else None,
        doc_id=document.doc_id,
    )
    speaker, fresh = _attribution(view)
    if speaker:
        view.speaker = speaker
        if view.date is None and not fresh:
            view.date = state.last_speech_date
    hits = list(trigger_hits(view))
    denied = denied_scope(view, hits)
    facts = denials(view, hits)
    facts += assessed_denials(view, denied) if not facts else []
    facts += declines(view)
    facts += summons(view, hits)
    facts += treaty_acts(view, hits, denied)
    facts += stances(view, hits)
    facts += support_declarations(view)
    facts += estimates(view, hits, denied)
    facts += claims(view, hits, facts)
    facts += _represents(view, spans)
    for treaty in treaties:
        if treaty.article or not treaty.anaphor:
            finder.resolve_treaty(treaty, tokens)
    _remember(view, speaker, facts)
    return facts


def _represents(view: SentenceView, spans: list[Span]) -> list[Fact]:
    """A titled, named official and who the text (or the gazetteer) says they act for."""
    facts = []
    for span in spans:
        if span.title is None or span.kind != "entity":
            continue
        entity = view.state.entities.get(span.key) or view.lex.entities.get(span.key)
        if entity is None:
            continue
        # A national agency's official acts for the state; an international body's, a
        # legislature's or a court's for the body.
        target = span.inner[0] if span.inner else entity.represents
        if (
            target
            and view.finder.type_of(target) == "Agency"
            and not view.finder.speaks_for_itself(target)
        ):
            target = view.finder.state_of(target) or target
        if target:
            facts.append(_represent_fact(view, span, target))
    return facts


def _represent_fact(view: SentenceView, span: Span, target: str) -> Fact:
    from kg.relations import _fact

    return _fact(view, "represents", span.key, target, span.start, span.end, "represents-title")


def _remember(view: SentenceView, speaker: str | None, facts: list[Fact]) -> None:
    state = view.state
    if speaker:
        state.last_speaker = speaker
        if view.date:
            state.last_speech_date = view.date
    for fact in facts:
        if fact.relation in {"claims", "denies", "estimates", "declinesToConfirm", "accuses"}:
            entity = state.entities.get(fact.subject)
            if entity is not None and entity.type == "Official":
                state.last_speaker = fact.subject


def _dedupe(facts: list[Fact], doc_id: str) -> list[Fact]:
    seen: set[tuple] = set()
    out = []
    for fact in facts:
        key = (fact.relation, fact.subject, fact.object, fact.evidence.start)
        if key not in seen:
            seen.add(key)
            out.append(fact)
    return out
