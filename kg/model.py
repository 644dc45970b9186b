"""The small contracts between pipeline stages, like spaCy's Doc and Span.

Every stage takes and returns these frozen dataclasses, so a stage can be tested
alone and run in another process (they pickle).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

ENTITY_TYPES = ("State", "Official", "Agency", "Treaty")


@dataclass(frozen=True)
class SourceText:
    """An input file decoded to text, before any cleaning."""

    paths: tuple[str, ...]
    text: str
    sha256: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sentence:
    """A sentence of the cleaned text; ``start``/``end`` index into ``Document.text``."""

    start: int
    end: int
    text: str
    is_title: bool = False


@dataclass(frozen=True)
class Document:
    """A cleaned article: text free of page furniture, plus what the text says about itself."""

    doc_id: str
    file_names: tuple[str, ...]
    sha256: str
    text: str
    sentences: tuple[Sentence, ...]
    title: str | None = None
    outlet: str | None = None
    dateline: str | None = None
    published: dt.date | None = None


@dataclass(frozen=True)
class Entity:
    """A real-world actor or treaty; ``key`` is the slug of its IRI in ``kgr:``."""

    key: str
    type: str
    label: str
    aliases: frozenset[str] = frozenset()
    wikidata: str | None = None
    represents: str | None = None
    agency_of: str | None = None
    part_of: str | None = None


@dataclass(frozen=True)
class Mention:
    """A span of a sentence that names an entity; offsets index into ``Document.text``."""

    start: int
    end: int
    text: str
    key: str
    source: str = "gazetteer"


@dataclass(frozen=True)
class Claim:
    """What a denial, claim, accusation or call is about."""

    text: str
    claimants: tuple[str, ...] = ()


@dataclass(frozen=True)
class Estimate:
    """A number someone puts on a quantity."""

    value: int
    unit: str
    qualifier: str = "exact"
    about: str | None = None


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: the sentence, its offsets and the words that triggered it."""

    doc_id: str
    start: int
    end: int
    text: str
    trigger_start: int
    trigger_end: int
    trigger_text: str
    rule: str
    date: dt.date | None = None


@dataclass(frozen=True)
class Fact:
    """One relation instance: subject entity key, relation name, object, evidence."""

    relation: str
    subject: str
    object: str | Claim | Estimate
    evidence: Evidence


@dataclass
class Extraction:
    """What one document yields: its entities (with surface forms seen) and facts."""

    document: Document
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
