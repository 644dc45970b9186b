"""Scoring Kabar against gold annotations (the format of ../shared/gold/seeds.json).

Predicted entities are mapped to gold keys by Wikidata item or by any label or surface form
equal to a gold alias. Facts are compared as sets per document: estimates on (subject,
value), denials on subject, other relations on (subject, object) where the gold gives an
object. A user can annotate their own articles and measure Kabar on them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.model import Claim, Estimate, Extraction
from kg.pipeline import extract_sources, read_inputs

CORE = ("denies", "estimates", "ratifies", "summons")
EXTENDED = ("declinesToConfirm", "signs", "represents", "callsFor", "supports", "accuses", "claims")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn


@dataclass
class Report:
    relations: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    entities: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    misses: list[str] = field(default_factory=list)
    false_facts: list[str] = field(default_factory=list)
    traps_hit: list[str] = field(default_factory=list)

    def total(self, names: tuple[str, ...]) -> Score:
        score = Score()
        for name in names:
            score.add(self.relations[name])
        return score

    def entity_total(self) -> Score:
        score = Score()
        for value in self.entities.values():
            score.add(value)
        return score


def load_gold(path: Path) -> dict:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a gold file: {exc}") from None
    if not isinstance(gold, dict) or "documents" not in gold or "entities" not in gold:
        raise InputError(
            f"{path}: a gold file needs 'entities' and 'documents' (see ../shared/gold)"
        )
    return gold


class KeyMapper:
    """Predicted entity keys -> gold keys, by Wikidata item or shared alias."""

    def __init__(self, gold_entities: dict) -> None:
        self.by_alias: dict[str, str] = {}
        self.by_wikidata: dict[str, str] = {}
        for key, entity in gold_entities.items():
            for alias in entity.get("aliases", []):
                self.by_alias.setdefault(alias.casefold(), key)
            if entity.get("wikidata"):
                self.by_wikidata[entity["wikidata"]] = key

    def map(self, extraction: Extraction, key: str) -> str:
        entity = extraction.entities.get(key)
        if entity is None:
            return key
        if entity.wikidata and entity.wikidata in self.by_wikidata:
            return self.by_wikidata[entity.wikidata]
        for name in [entity.label, *sorted(entity.aliases)]:
            if name.casefold() in self.by_alias:
                return self.by_alias[name.casefold()]
        return key


def _predicted(extraction: Extraction, mapper: KeyMapper) -> dict[str, set[tuple]]:
    facts: dict[str, set[tuple]] = defaultdict(set)
    for fact in extraction.facts:
        subject = mapper.map(extraction, fact.subject)
        if isinstance(fact.object, Estimate):
            facts[fact.relation].add((subject, fact.object.value))
        elif isinstance(fact.object, Claim):
            facts[fact.relation].add((subject, None))
        else:
            facts[fact.relation].add((subject, mapper.map(extraction, fact.object)))
    return facts


def _score_document(
    name: str,
    doc_gold: dict,
    extraction: Extraction,
    mapper: KeyMapper,
    types: dict[str, str],
    report: Report,
) -> None:
    predicted = _predicted(extraction, mapper)
    gold_items = doc_gold.get("relations", []) + doc_gold.get("extended", [])
    for rel in CORE + EXTENDED:
        items = [g for g in gold_items if g["rel"] == rel]
        guesses = set(predicted.get(rel, set()))
        used: set[tuple] = set()
        for item in items:
            match = next((p for p in sorted(guesses, key=str) if _matches(rel, item, p)), None)
            if match:
                used.add(match)
                report.relations[rel].tp += 1
            else:
                report.relations[rel].fn += 1
                report.misses.append(
                    f"{name}: {rel} {item['subject'][0]} — {item.get('evidence', '')[:70]}"
                )
        acceptable = [g for g in items]
        for guess in sorted(guesses - used, key=str):
            if any(_matches(rel, g, guess) for g in acceptable):
                continue  # a second reading of a fact already counted
            report.relations[rel].fp += 1
            report.false_facts.append(f"{name}: {rel} {guess[0]} → {guess[1]}")
    for trap in doc_gold.get("traps", []):
        if _trap_hit(trap, predicted, extraction, mapper, _evidence_of(extraction, mapper)):
            what = trap.get("value", trap.get("subject", trap.get("entity", "")))
            report.traps_hit.append(f"{name}: {trap.get('rel')} {what} — {trap.get('why', '')}")
    required = set(doc_gold.get("entities", {}).get("required", []))
    optional = set(doc_gold.get("entities", {}).get("optional", []))
    found = {mapper.map(extraction, k): e.type for k, e in extraction.entities.items()}
    for key in sorted(required):  # the report reads the same on every run
        kind = types.get(key, "?")
        if key in found and found[key] == kind:
            report.entities[kind].tp += 1
        else:
            report.entities[kind].fn += 1
            report.misses.append(f"{name}: entity {key} ({kind})")
    for key, kind in sorted(found.items()):
        if key not in required and key not in optional:
            report.entities[kind].fp += 1
            report.false_facts.append(f"{name}: entity {key} ({kind})")


def _matches(rel: str, item: dict, guess: tuple) -> bool:
    subject, obj = guess
    if subject not in item.get("subject", []):
        return False
    if rel == "estimates":
        return obj == item.get("value")
    if rel == "denies" or not item.get("object"):
        return True
    return obj in item["object"]


def _evidence_of(extraction: Extraction, mapper: KeyMapper) -> dict[str, list[tuple]]:
    """(subject, object, words) per relation, for traps that name their evidence: the words
    are the sentence, or for a claim the claim's own words, since one sentence can hold a
    claim and, beside it, an evaluation that is a trap."""
    found: dict[str, list[tuple]] = defaultdict(list)
    for fact in extraction.facts:
        obj = fact.object
        value = (
            obj.value
            if isinstance(obj, Estimate)
            else (None if isinstance(obj, Claim) else mapper.map(extraction, obj))
        )
        words = obj.text if isinstance(obj, Claim) and obj.text else fact.evidence.text
        found[fact.relation].append((mapper.map(extraction, fact.subject), value, words))
    return found


def _trap_hit(
    trap: dict,
    predicted: dict[str, set[tuple]],
    extraction: Extraction,
    mapper: KeyMapper,
    evidence: dict[str, list[tuple]],
) -> bool:
    rel = str(trap.get("rel"))
    if rel == "any":
        target = trap.get("entity", "")
        return any(
            mapper.map(extraction, k) == target or e.label == target
            for k, e in extraction.entities.items()
        )
    if trap.get("evidence"):
        # a trap that names its words is hit only by a fact read from those words
        text = trap["evidence"]
        candidates = [
            (s, o)
            for s, o, sentence in evidence.get(rel, [])
            if text in sentence or sentence in text
        ]
        guesses = set(candidates)
    else:
        guesses = predicted.get(rel, set())
    if "value" in trap and trap["value"] is not None:
        return any(
            obj == trap["value"] and (not trap.get("subject") or s == trap["subject"])
            for s, obj in guesses
        )
    if trap.get("subject"):
        return any(
            s == trap["subject"] and (not trap.get("object") or o == trap["object"])
            for s, o in guesses
        )
    if trap.get("object"):
        return any(o == trap["object"] for _, o in guesses)
    return False


def evaluate(gold_path: Path, texts: Path, jobs: int = 1) -> Report:
    gold = load_gold(gold_path)
    mapper = KeyMapper(gold["entities"])
    types = {k: e.get("type", "?") for k, e in gold["entities"].items()}
    files = [texts / name for name in sorted(gold["documents"])]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise InputError(f"gold names files not in {texts}: {', '.join(missing[:3])}")
    sources, _, _ = read_inputs(files)
    extractions = extract_sources(sources, jobs=jobs)
    by_name = {Path(p).name: ex for ex in extractions for p in ex.document.file_names}
    report = Report()
    for name in sorted(gold["documents"]):
        _score_document(name, gold["documents"][name], by_name[name], mapper, types, report)
    return report


def _row(label: str, s: Score) -> str:
    return f"{label:20} {s.precision:6.2f} {s.recall:6.2f} {s.f1:6.2f}  {s.tp:3} {s.fp:3} {s.fn:3}"


def format_report(report: Report) -> str:
    header = f"{'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn"
    lines = [f"{'relation':20} {header}"]
    lines += [_row(rel, report.relations[rel]) for rel in CORE + EXTENDED]
    lines += [
        _row(label.upper(), report.total(names))
        for label, names in (("core", CORE), ("extended", EXTENDED))
    ]
    lines += ["", f"{'entity type':20} {header}"]
    lines += [_row(kind, report.entities[kind]) for kind in sorted(report.entities)]
    lines += [_row("ENTITIES", report.entity_total()), ""]
    lines.append(f"misses ({len(report.misses)}):")
    lines += [f"  - {m}" for m in report.misses]
    lines.append(f"false facts ({len(report.false_facts)}):")
    lines += [f"  + {m}" for m in report.false_facts]
    lines.append(f"traps hit ({len(report.traps_hit)}):")
    lines += [f"  ! {m}" for m in report.traps_hit]
    core, ext, ent = report.total(CORE), report.total(EXTENDED), report.entity_total()
    lines.append(
        f"summary: core F1 {core.f1:.2f} (P {core.precision:.2f} R {core.recall:.2f}), "
        f"extended F1 {ext.f1:.2f}, entities F1 {ent.f1:.2f}, traps hit {len(report.traps_hit)}"
    )
    return "\n".join(lines) + "\n"
