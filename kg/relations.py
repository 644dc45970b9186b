"""Relation rules: from a sentence's trigger words, subjects and objects to facts.

Precision first: a verb that is negated or avoided ("tidak membantah", "menghindari
membantah"), a conditional clause, declining to comment, a number inside a denial, and a
number nobody is said to give do not become facts. Each rule names itself in the evidence
(``kg:rule``) so an analyst can see why a fact is there.
"""

from __future__ import annotations

from collections.abc import Iterator

from kg.entities import Span, TreatySpan
from kg.lexicon import Trigger
from kg.model import Claim, Estimate, Evidence, Fact
from kg.morph import analyse, roots
from kg.numbers import WORD_DIGITS, number_at
from kg.sentence import SentenceView
from kg.text import QUOTES

#: What an official asks to keep back when speaking anonymously: "enggan disebut namanya".
ANONYMITY = frozenset({"nama", "namanya", "identitas", "identitasnya"})
#: Verbs that name or rate what follows: "menyebut X "…"" labels X, asserting nothing.
NAMING_VERBS = frozenset({"sebut", "nilai", "anggap", "cap", "juluk"})

MAX_OBJECT_GAP = 6


def _fact(
    view: SentenceView,
    relation: str,
    subject: str,
    obj: str | Claim | Estimate,
    t_start: int,
    t_end: int,
    rule: str,
) -> Fact:
    tokens = view.tokens
    if isinstance(obj, Claim) and not obj.text.strip():
        obj = Claim(
            view.sentence.text, obj.claimants
        )  # "… enggan merespons." declines the question
    a, b = tokens[t_start].start, tokens[t_end - 1].end
    evidence = Evidence(
        doc_id=view.doc_id,
        start=view.sentence.start,
        end=view.sentence.end,
        text=view.sentence.text,
        trigger_start=a,
        trigger_end=b,
        trigger_text=view.sentence_text(a, b),
        rule=rule,
        date=view.date,
    )
    return Fact(relation, subject, obj, evidence)


def trigger_hits(view: SentenceView) -> Iterator[tuple[int, Trigger, str]]:
    """(token index, trigger, shape) for each trigger word of the sentence."""
    lex = view.lex
    by_root = lex.triggers_by_root()
    for i, tok in enumerate(view.tokens):
        if not tok.text.isalpha() or view.token_keys[i].isdisjoint(by_root):
            continue
        for root, shape in analyse(tok.text):
            for trig in by_root.get(root, ()):
                ok = shape in trig.scopes or (
                    shape == "bare"
                    and "verb" in trig.scopes
                    and view.in_title
                    and (tok.is_capitalised or (i - 1) in view.ends)  # "DPR sahkan RUU …"
                )
                if shape == "verb" and tok.low.startswith(("ber", "ter")):
                    ok = False
                if not ok:
                    continue
                if trig.requires_next and not (
                    i + 1 < len(view.tokens) and roots(view.tokens[i + 1].text) & trig.requires_next
                    or _required_before(view, i, trig)
                ):
                    continue
                if (
                    trig.forbids_next
                    and i + 1 < len(view.tokens)
                    and view.tokens[i + 1].low in trig.forbids_next
                ):
                    continue
                yield (
                    i,
                    trig,
                    ("passive" if tok.low.startswith("di") and shape == "verb" else shape),
                )


def _required_before(view: SentenceView, i: int, trig: Trigger) -> bool:
    """ "tudingan yang ditolak Petro", "Laporan itu ditolak Kremlin": a passive verb whose
    required object stands before it."""
    return (
        i >= 2
        and view.tokens[i].low.startswith("di")
        and view.tokens[i - 1].low in {"yang", "itu", "tersebut", "ini"}
        and bool(roots(view.tokens[i - 2].text) & trig.requires_next)
    )


def subject_keys(view: SentenceView, spans: list[Span], *, keep_unnamed: bool = False) -> list[str]:
    """Actors of subject spans; an unnamed official speaks for the state it represents."""
    keys: list[str] = []
    for span in spans:
        if span.kind == "pair":  # "kedua negara": both
            keys += [k for k in span.inner if k not in keys]
            continue
        key = view.actor(span)
        if not key:
            continue
        entity = view.state.entities.get(key) or view.lex.entities.get(key)
        if entity is None:
            continue
        if span.unnamed and not keep_unnamed and entity.represents:
            key = entity.represents
        if key not in keys:
            keys.append(key)
    return keys


def _subjects(view: SentenceView, i: int, shape: str) -> list[str]:
    spans = view.agent_after(i) if shape == "passive" else view.subject_before(i)
    return subject_keys(view, spans)


def _claimants(view: SentenceView, a: int, b: int) -> tuple[str, ...]:
    nouns = {w[0] for w in view.lex.cue("claimNoun")}
    found: list[str] = []
    for k in range(a, b):
        if view.tokens[k].low in nouns or roots(view.tokens[k].text) & nouns:
            for span in view.spans_between(k + 1, min(b, k + 8)):
                if span.start > k + 2 and not found:
                    break
                for key in subject_keys(view, [span]):
                    if key not in found:
                        found.append(key)
            if found:
                break
    return tuple(found)


def denials(view: SentenceView, hits: list[tuple[int, Trigger, str]]) -> list[Fact]:
    facts = []
    for i, trig, shape in hits:
        if trig.relation != "denies" or view.negated(i) or view.conditional_clause(i):
            continue
        if view.phrase_at(i, "declines"):
            continue  # "menolak menanggapi" declines to comment
        if shape == "passive":
            subjects = _subjects(view, i, shape)
            nouns = {w[0] for w in view.lex.cue("claimNoun")}
            first = next((k for k in range(i) if view.has_root(k, nouns)), view.clause_start(i))
            end = i
            while end > first and view.tokens[end - 1].low in {
                "yang",
                "dengan",
                "cepat",
                "secara",
                ",",
            }:
                end -= 1
            if end == first + 1 and first >= 2 and view.tokens[first - 1].text == ",":
                # "Noboa menuding Kolombia …, tudingan yang ditolak Petro": the clause before
                # the comma is what the noun names
                first, end = view.clause_start(first - 1), first - 1
            text = view.text(first, end)
        else:
            subjects = _subjects(view, i, shape)
            end = view.clause_end(i)
            text = view.text(i + 1, end)
        claim = Claim(
            text=text,
            claimants=_claimants(view, i + 1, view.clause_end(i)) if shape != "passive" else (),
        )
        facts += [_fact(view, "denies", s, claim, i, i + 1, f"denies-{shape}") for s in subjects]
    return facts


def assessed_denials(view: SentenceView, denied: set[int]) -> list[Fact]:
    """ "X menyebut klaim Y sebagai rumor tak berdasar": calling a claim a lie denies it.
    The claim's tokens join ``denied``: its numbers are what is denied."""
    lex = view.lex
    assess = {w[0] for w in lex.cue("assessVerb")}
    facts = []
    for d, phrase in view.phrase_starts("denialNoun"):
        if view.negated(d, window=2) and phrase[0] not in {"tidak", "tak"}:
            continue
        if d > 0 and view.tokens[d - 1].low in {"bukan", "bukanlah"}:
            continue
        verb: int | None
        if view.in_quote(d) and view.speaker:
            subjects = [view.speaker]
            verb = d
        else:
            verb = next(
                (
                    k
                    for k in range(d - 1, -1, -1)
                    if view.tokens[k].text.isalpha()
                    and not view.tokens[k].low.startswith(("ber", "ter"))  # "tersebut" says not
                    and any(r in assess and s == "verb" for r, s in analyse(view.tokens[k].text))
                ),
                None,
            )
            if verb is None:
                # "Menurut Fauzan, angka tersebut tidak mencerminkan kondisi di lapangan"
                verb, subjects = _according_to_source(view, d)
                if verb is None:
                    continue
            elif view.negated(verb):
                continue
            else:
                subjects = _subjects(
                    view, verb, "passive" if view.tokens[verb].low.startswith("di") else "verb"
                )
        nouns = {w[0] for w in lex.cue("claimNoun")}
        claim_at = next(
            (k for k in range(verb + 1 if verb != d else 0, d) if view.has_root(k, nouns)), None
        )
        if (
            claim_at is not None
            and verb == d
            and view.in_quote(claim_at)
            and not _judged(view, claim_at, d)
        ):
            continue  # "… tidak menyebarkan informasi menyesatkan": no claim judged
        after = d + len(phrase)
        if (
            claim_at is None
            and d == verb + 1
            and phrase in lex.cue("notTrue")
            and after + 1 < len(view.tokens)
            and view.tokens[after].low in lex.cue_words("judgedClause")
        ):
            # "X mengatakan tidak benar bahwa negaranya menerima …": the clause after is the claim
            end = view.clause_end(after + 1)
            denied.update(range(after + 1, end))
            claim = Claim(view.text(after + 1, end))
            facts += [
                _fact(view, "denies", s, claim, d, after, "denies-assessed") for s in subjects
            ]
            break
        if claim_at is None:
            continue
        end = d  # "klaim Korea Selatan sebagai "rumor …"": the claim ends before "sebagai ""
        while end > claim_at + 1 and (
            view.tokens[end - 1].text in QUOTES or view.tokens[end - 1].low in {"sebagai", ","}
        ):
            end -= 1
        denied.update(range(claim_at, end))
        claim = Claim(view.text(claim_at, end), _claimants(view, claim_at, d))
        facts += [
            _fact(view, "denies", s, claim, d, d + len(phrase), "denies-assessed") for s in subjects
        ]
        break
    return facts


def declines(view: SentenceView) -> list[Fact]:
    facts = []
    free = 0  # where the last phrase ended: phrases do not overlap
    for i, phrase in view.phrase_starts("declines"):
        if i < free:
            continue
        after = i + len(phrase)
        if (
            after < len(view.tokens)
            and view.tokens[after].low in ANONYMITY
            and view.tokens[after - 1].low.startswith("di")
        ):
            continue  # "yang enggan disebut namanya": asks not to be named, declines nothing
        start = i
        if i > 0 and view.tokens[i - 1].low in {"tetap", "memilih", "masih", "pilih"}:
            start = i - 1
        if start > 1 and roots(view.tokens[start - 1].text) & view.lex.cue_words("saying") and (
            view.tokens[start - 1].low.startswith("me")
        ):
            start -= 1  # "UNMOGIP mengatakan belum dapat memastikan …": the one who says so
        subjects = subject_keys(view, view.subject_before(start))
        if phrase[0] == "tanpa" and not subjects:
            # "Lambsdorff meninggalkan gedung … tanpa memberikan keterangan": the clause's actor
            first = view.starts.get(view.clause_start(i))
            subjects = subject_keys(view, [first]) if first is not None else []
        end = view.clause_end(i + len(phrase) - 1)
        claim = Claim(view.text(i + len(phrase), end))
        facts += [
            _fact(view, "declinesToConfirm", s, claim, i, i + len(phrase), "declines")
            for s in subjects
        ]
        free = i + len(phrase)
    return facts


def _object_span(view: SentenceView, i: int, types: set[str]) -> Span | None:
    for k in range(i + 1, min(len(view.tokens), i + 1 + MAX_OBJECT_GAP)):
        span = view.starts.get(k)
        if span is not None:
            key = view.actor(span)
            entity = view.state.entities.get(key or "") or view.lex.entities.get(key or "")
            if entity is not None and entity.type in types:
                return span
        if view.tokens[k].text in {",", ";", "."}:
            return None
    return None


def summons(view: SentenceView, hits: list[tuple[int, Trigger, str]]) -> list[Fact]:
    facts = []
    for i, trig, shape in hits:
        recalled = None
        if (
            trig.relation != "summons"
            or view.negated(i)
            or view.intended(i)
            or view.conditional_clause(i)
        ):
            continue
        if shape == "passive":
            before = view.subject_before(i)
            target = before[0] if before else None
            j = i + 1
            if j < len(view.tokens) and view.tokens[j].low in {"oleh", "ke"}:
                j += 1
            agent = view.starts.get(j)
            subjects = subject_keys(view, [agent]) if agent else []
        else:
            target = _object_span(view, i, {"Official"})
            subjects = _subjects(view, i, "verb")
            if shape == "noun":
                # "Pemanggilan itu dilakukan oleh …": the diplomat summoned last
                after = view.tokens[i + 1].low if i + 1 < len(view.tokens) else ""
                anaphor = after in view.finder.anaphor_words
                k = i + 2 if anaphor else target.end if target else i + 1
                if k < len(view.tokens) and view.tokens[k].low == "dilakukan":
                    k += 1  # "Pemanggilan Duta Besar Prancis dilakukan oleh …"
                if k < len(view.tokens) and view.tokens[k].low == "oleh" and (k + 1) in view.starts:
                    subjects = subject_keys(view, [view.starts[k + 1]])
                    recalled = view.state.last_summoned if anaphor else None
        if recalled is not None:
            summoned: str | None = recalled
        elif target is None or target.title is None or not target.title.diplomat:
            continue
        else:
            summoned = view.actor(target)
        view.state.last_summoned = summoned
        for subject in subjects:
            entity = view.state.entities.get(subject) or view.lex.entities.get(subject)
            if entity is not None and entity.type == "Official" and entity.represents:
                subject = entity.represents
            if summoned and subject != summoned and not _own_envoy(view, subject, summoned):
                facts.append(
                    _fact(view, "summons", subject, summoned, i, i + 1, f"summons-{shape}")
                )
    return facts


def _own_envoy(view: SentenceView, subject: str, summoned: str) -> bool:
    """ "Israel memanggil Duta Besar Israel untuk Irlandia": calling one's own envoy home is a
    recall, not a summons."""
    home = view.finder.state_of(subject)
    return home is not None and home == view.finder.state_of(summoned)


def treaty_acts(
    view: SentenceView, hits: list[tuple[int, Trigger, str]], denied: set[int]
) -> list[Fact]:
    """ratifies and signs: an actor, a trigger, and a treaty after it (before it if passive).
    An act inside a denial ("membantah telah menandatangani …") is what is denied."""
    facts = []
    for i, trig, shape in hits:
        if (
            trig.relation not in {"ratifies", "signs"}
            or i in denied
            or view.negated(i)
            or view.intended(i)
            or view.conditional_clause(i)
        ):
            continue
        if shape == "passive":
            treaty = next((t for t in reversed(view.treaties) if t.end <= i), None)
            subject_spans = view.agent_after(i)
        else:
            limit = view.clause_end(i)
            treaty = next((t for t in view.treaties if i < t.start <= min(limit, i + 12)), None)
            subject_spans = view.subject_before(i)
        if treaty is None and shape != "passive" and view.tokens[i].low.endswith("nya"):
            # "sementara Guyana meratifikasinya": -nya is the treaty last named, in this
            # sentence or, as for "perjanjian itu", before it
            treaty = next((t for t in reversed(view.treaties) if t.end <= i), None) or (
                TreatySpan(i, i + 1, "", (), None, None, True)
            )
        if treaty is None:
            continue
        if trig.relation == "signs" and treaty.start and view.tokens[treaty.start - 1].low in {
            "pengesahan",
            "ratifikasi",
        }:
            continue  # "UU pengesahan IEU-CEPA … ditandatangani Presiden": a law, no treaty
        subjects = subject_keys(view, subject_spans)
        if view.in_quote(i) and view.speaker and view.speaker not in subjects:
            continue  # "'Ethiopia telah menandatangani …,' kata Warsame": his claim, no act
        partners: list[str] = []
        if trig.relation == "signs" and not treaty.anaphor:
            partners = [
                p
                for p in treaty.parties
                if p not in subjects and view.finder.type_of(p) in {"State", "Official", "Agency"}
            ]
        key = view.finder.resolve_treaty(
            treaty, view.tokens, tuple(subjects + partners), in_title=view.in_title
        )
        if key is None:
            continue
        for subject in subjects + partners:
            facts.append(
                _fact(view, trig.relation, subject, key, i, i + 1, f"{trig.relation}-{shape}")
            )
    return facts


def stances(view: SentenceView, hits: list[tuple[int, Trigger, str]]) -> list[Fact]:
    """callsFor, accuses and supports: who urges, accuses or backs what."""
    facts = []
    for i, trig, shape in hits:
        if trig.relation not in {"callsFor", "accuses", "supports"}:
            continue
        if view.negated(i) or view.conditional_clause(i) or shape not in {"verb", "passive"}:
            continue
        if trig.relation == "supports":
            if shape == "passive":
                before = view.subject_before(i)
                target = before[0] if before else None
                subjects = subject_keys(view, view.agent_after(i))
            else:
                target = _object_span(view, i, {"State", "Agency", "Official"})
                subjects = subject_keys(view, view.subject_before(i))
            supported = view.actor(target) if target else None
            facts += [
                _fact(view, "supports", s, supported, i, i + 1, "supports")
                for s in subjects
                if supported and s != supported
            ]
            continue
        if shape == "passive":
            continue
        subjects = subject_keys(view, view.subject_before(i))
        obj: str | Claim = Claim(view.text(i + 1, view.clause_end(i)))
        if trig.relation == "accuses":
            if i > 0 and view.tokens[i - 1].low == "saling" and len(subjects) == 2:
                a, b = subjects  # "X dan Y saling menuduh": each accuses the other
                facts += [
                    _fact(view, "accuses", a, b, i, i + 1, "accuses-mutual"),
                    _fact(view, "accuses", b, a, i, i + 1, "accuses-mutual"),
                ]
                continue
            accused = next(
                (
                    view.starts[k]
                    for k in range(i + 1, min(len(view.tokens), i + 3))
                    if k in view.starts
                ),
                None,
            )  # "menuduh (pasukan) Azerbaijan …": whom
            keys = subject_keys(view, [accused]) if accused else []
            obj = keys[0] if keys else obj
        facts += [
            _fact(view, trig.relation, s, obj, i, i + 1, trig.relation)
            for s in subjects
            if s != obj
        ]
    return facts


def support_declarations(view: SentenceView) -> list[Fact]:
    """ "X menyatakan dukungan kepada Y": a declared support, in noun form."""
    facts = []
    for k, phrase in view.phrase_starts("supportDeclare"):
        if view.negated(k) or view.conditional_clause(k):
            continue
        end = k + len(phrase)
        while end < len(view.tokens) and view.tokens[end].low in {
            "penuh",
            "kuat",
            "tegas",
            "resmi",
        }:
            end += 1
        if end < len(view.tokens) and view.tokens[end].low in {
            "kepada",
            "terhadap",
            "bagi",
            "untuk",
            "atas",
        }:
            supported = _supported(view, end + 1)
            if supported:
                facts += [
                    _fact(view, "supports", s, supported, k, end, "supports-declared")
                    for s in subject_keys(view, view.subject_before(k))
                    if s != supported
                ]
    return facts


def _end_of_sources(view: SentenceView, start: int, limit: int) -> int | None:
    """The comma that closes "Menurut X, Y, dan Z," — a list ends after its "dan" item, or
    at a comma not followed by another listed source ("Menurut Komisi Eropa, Turki …")."""
    tokens = view.tokens
    seen_and = False
    for k in range(start, min(limit, len(tokens) - 1)):
        if tokens[k].low in {"dan", "serta", "maupun"}:
            seen_and = True
        if tokens[k].text != ",":
            continue
        nxt = tokens[k + 1]
        if nxt.low in {"dan", "serta", "maupun"}:
            continue
        span = view.starts.get(k + 1)
        continues = (
            span is not None
            and span.end < len(tokens)
            and tokens[span.end].text == ","
            or (
                span is not None
                and span.end < len(tokens)
                and tokens[span.end].low in {"dan", "serta"}
            )
        )
        if seen_and or not continues:
            return k
    return None


def _supported(view: SentenceView, j: int) -> str | None:
    """What support goes to: an actor ("kepada Lituania"), an actor's cause ("terhadap
    kedaulatan Guyana") or a treaty ("terhadap perjanjian tersebut")."""
    for k in range(j, min(len(view.tokens), j + 3)):
        span = view.starts.get(k)
        if span is not None and view.actor(span):
            return view.actor(span)
        treaty = next((t for t in view.treaties if t.start == k), None)
        if treaty is not None:
            return view.finder.resolve_treaty(treaty, view.tokens)
        if view.tokens[k].text in {",", ".", ";"}:
            break
    return None


def _calls_it_a_lie(view: SentenceView) -> bool:
    """Does the sentence say that something "itu/adalah … rumor/fabrikasi/bohong"?"""
    markers = {"itu", "tersebut", "adalah", "merupakan", "sebagai", "ini", "hanyalah"}
    for k in range(1, len(view.tokens)):
        if view.tokens[k - 1].low in markers or (k > 1 and view.tokens[k - 2].low in markers):
            if view.phrase_at(k, "denialNoun"):
                return True
    return False


def _unit_at(view: SentenceView, j: int) -> tuple[int, str] | None:
    for n in (3, 2, 1):
        words = tuple(t.low for t in view.tokens[j : j + n])
        if len(words) == n:
            last = words[-1]
            base = last[:-3] if last.endswith("nya") else last
            if words in view.lex.units or (*words[:-1], base) in view.lex.units:
                unit = (
                    " ".join((*words[:-1], base))
                    if words not in view.lex.units
                    else " ".join(words)
                )
                return j + n, unit
    return None


def _unit_of_the_rest(view: SentenceView, j: int) -> tuple[int, str] | None:
    """ "37 orang tewas dan 14 lainnya hilang", "Sekitar 150.000 di antaranya …": a count of
    more of the same, or of some of them, is in the unit counted last."""
    unit = view.state.last_unit
    if unit is None or j >= len(view.tokens):
        return None
    if view.tokens[j].low == "lainnya":
        return j + 1, unit
    if view.tokens[j].low == "di" and j + 1 < len(view.tokens) and (
        view.tokens[j + 1].low == "antaranya"
    ):
        return j + 2, unit
    return None


def _range_unit(view: SentenceView, j: int) -> tuple[int, str] | None:
    """The unit of a range's upper number: "10.000 hingga 12.000 tentara", "antara 3.000 dan
    5.000 orang". None when no range follows ``j``."""
    if j + 1 >= len(view.tokens):
        return None
    joint = view.tokens[j].low
    if joint not in {"hingga", "sampai", "-", "–"} and not (
        joint == "dan" and any(t.low == "antara" for t in view.tokens[max(0, j - 4) : j])
    ):
        return None
    if not view.tokens[j + 1].text[:1].isdigit():
        return None
    upper = number_at(view.tokens, j + 1)
    return _unit_at(view, upper.end) if upper is not None else None


def _qualifier_at(view: SentenceView, i: int) -> tuple[str, int]:
    """The qualifier of the number at ``i`` and where its words start ("tidak lebih dari 30":
    upTo, from "tidak", which negates nothing)."""
    for n in (3, 2, 1):
        words = tuple(t.low for t in view.tokens[max(0, i - n) : i])
        if len(words) == n and words in view.lex.qualifiers:
            return view.lex.qualifiers[words], i - n
    return "exact", i


def _point_in_time(view: SentenceView, unit: tuple[int, str]) -> bool:
    """ "dikirim 48 jam sebelumnya", "dua jam setelah ledakan": when, not how long; "satu kali
    dalam setahun": how often, a rate a rule sets."""
    if unit[0] >= len(view.tokens):
        return False
    after = view.tokens[unit[0]].low
    return (
        unit[1] in view.lex.cue_words("timeUnit")
        and after in view.lex.cue_words("pointInTime")
        or unit[1] in view.lex.cue_words("frequencyUnit")
        and after in view.lex.cue_words("frequencyMark")
    )


#: After a comma, these start a clause with a subject of its own.
CONTRASTS = {"sementara", "sedangkan", "namun", "tetapi", "tapi", "padahal"}
POLICY_CLAUSE_ENDS = {",", ";", ":", "setelah", "karena", "sejak", "ketika", "saat", "sehingga"}


def _policy_term(view: SentenceView, start: int, after_unit: int) -> bool:
    """ "membatasi tangkapan maksimal 8.000 ton", "90 persen pos tarif": a term that a treaty
    or a policy sets, which nobody estimates. A policy verb rules its own clause only:
    "menetapkan status darurat setelah banjir menewaskan 20 orang" still counts the dead."""
    if after_unit < len(view.tokens) and view.phrase_at(after_unit, "policyNoun"):
        return True
    policy = view.lex.cue_words("policyVerb")
    for k in range(start - 1, max(-1, start - 9), -1):
        low = view.tokens[k].low
        if low in POLICY_CLAUSE_ENDS:
            return False
        if low in policy:
            return True
    return False


def estimates(
    view: SentenceView, hits: list[tuple[int, Trigger, str]], denied: set[int]
) -> list[Fact]:
    """A number with a unit, given by someone: a quoted speaker, "Menurut X", or the subject
    of a speech verb before it. Numbers inside denials, negated clauses, years, article
    numbers and names are not estimates."""
    facts = []
    verbs = [(i, shape) for i, trig, shape in hits if trig.relation == "estimates"]
    if _calls_it_a_lie(view):
        return []  # "Angka 14 warga sipil itu fabrikasi": the number is what is denied
    intro = view.lex.cue_words("sourceIntro")
    frames = view.lex.cue_words("numberFrame")
    hedged = view.lex.cue_words("hedgedUnit")
    upper_of_range = -1
    i = 0
    while i < len(view.tokens):
        number = (
            number_at(view.tokens, i)
            if view.tokens[i].text[:1].isdigit() or view.tokens[i].low in WORD_DIGITS
            else None
        )
        if number is None or i in denied:
            i += 1
            continue
        unit = _unit_at(view, number.end) or _unit_of_the_rest(view, number.end)
        if unit is not None:
            view.state.last_unit = unit[1]
        lower_bound = _range_unit(view, number.end) if unit is None else None
        if lower_bound:  # "10.000 hingga 12.000 tentara": at least the first number
            unit = lower_bound
        prev = view.tokens[i - 1].low if i else ""
        if prev == "antara" and i > 1 and view.tokens[i - 2].low == "di":
            prev = "di antara"  # "termasuk di antara 1.850 warga asing": some of a count given
        qualifier, qualifier_start = _qualifier_at(view, i)
        if (
            unit is None
            or (  # "di dua pesawat tersebut": things already known, not a count given
                unit[0] < len(view.tokens)
                and view.tokens[unit[0]].low in {"tersebut", "itu"}
                and qualifier == "exact"
            )
            or prev in {"pasal", "resolusi", "nomor", "no", "tahun", "ke", "salah"}
            or view.negated(qualifier_start)
            or (prev in frames and qualifier == "exact" and not lower_bound)
            # "42 persen": a rate someone sets; "sekitar 42 persen", "sebanyak 37 kali": given
            or (unit[1] in hedged and qualifier_start == i and not lower_bound)
            or _point_in_time(view, unit)
            or (number.value == 2 and unit[1] in view.lex.cue_words("pairUnit"))
            or _policy_term(view, qualifier_start, unit[0])
        ):
            i = number.end
            continue
        if any(t.low == "baca" for t in view.tokens[:i]):
            break
        sources: list[str] = []
        rule = ""
        if view.in_quote(i) and view.speaker:
            sources, rule = [view.speaker], "estimates-quote"
        elif view.tokens[0].low in intro:
            comma = _end_of_sources(view, 1, i)
            if comma is not None:
                sources = subject_keys(view, view.spans_between(1, comma))
                rule = "estimates-according-to"
        elif (them := _according_to_them(view)) is not None:
            sources, rule = [them], "estimates-according-to"
        if not sources:
            later = next(
                (
                    m
                    for m in range(i + 1, len(view.tokens))
                    if view.tokens[m].low in intro and view.tokens[m - 1].text == ","
                ),
                None,
            )
            if later is not None:  # "… 20 orang tewas, menurut Kementerian Kesehatan."
                end = _end_of_sources(view, later + 1, len(view.tokens)) or len(view.tokens)
                sources = subject_keys(view, view.spans_between(later + 1, end))
                rule = "estimates-according-to"
        if not sources:
            # the nearest verb with an actor: in "Pigai mengatakan pemerintah mencatat 13
            # aktivis …" "pemerintah" names nobody, and the number is Pigai's
            for n, (k, shape) in enumerate(reversed([(k, s) for k, s in verbs if k < i])):
                if view.negated(k) or any(d for d in denied if k < d < i):
                    break
                if n and any(view.tokens[m].text in {",", ";"} for m in range(k, i)):
                    break  # "UNHCR Sebut 264 …, Pemkab Pidie Catat 198": another clause's
                if any(
                    view.tokens[m].text == ","
                    and view.tokens[m + 1].low in CONTRASTS
                    and m + 2 in view.starts
                    for m in range(k, i - 2)
                ):  # "Yunani mengklaim …, sementara Turki hanya mengakui 6 mil laut", not
                    break  # "…, sementara 341 orang masih dinyatakan hilang"
                sources = _subjects(view, k, shape)
                if sources:
                    rule = f"estimates-{shape}"
                    break
        about = None
        after = view.starts.get(unit[0])
        if after is not None and view.actor(after):
            about = view.state.state_of(view.actor(after) or "") or view.actor(after)
        qualifier = "atLeast" if lower_bound else qualifier
        if i == upper_of_range and qualifier == "exact":
            qualifier = "upTo"  # "antara 3.000 dan 5.000 orang"
        estimate = Estimate(number.value, unit[1], qualifier, about)
        facts += [_fact(view, "estimates", s, estimate, i, unit[0], rule) for s in sources]
        upper_of_range = number.end + 1 if lower_bound else -1
        i = number.end if lower_bound else unit[0]
    return facts


def claims(
    view: SentenceView, hits: list[tuple[int, Trigger, str]], others: list[Fact]
) -> list[Fact]:
    """What someone asserts (mengklaim, mengatakan bahwa …), unless the sentence already
    says something more specific about that actor (an estimate, a denial)."""
    busy = {f.subject for f in others}
    facts = []
    that = view.lex.cue_words("that")
    for i, trig, shape in hits:
        if trig.relation != "claims" or shape != "verb" or view.negated(i) or view.in_quote(i):
            continue
        if view.conditional_clause(i):
            continue
        j = i + 1
        while j < len(view.tokens) and (
            view.tokens[j].low in view.filler
            or view.tokens[j].low in {"kepada", "dalam", "di", "(", ")", "/", ","}
            or view.tokens[j].text.isdigit()
        ):
            j += 1
        if j < len(view.tokens) and view.tokens[j].low in that:
            j += 1
        end = view.clause_end(j, quotes=False)
        if end - j < 3 or view.has_phrase_in(j, end, "denialNoun"):
            continue
        if view.tokens[j].text in {'"', "“"}:
            continue
        verb = roots(view.tokens[i].text)
        reach = end if verb & (NAMING_VERBS | {"klaim"}) else min(end, j + 6)
        if any(view.tokens[k].low == "sebagai" for k in range(j, reach)):
            continue  # "menyebut aksi itu sebagai provokasi", "mengeklaim X … sebagai
            # bagian dari wilayahnya": an evaluation, a territorial claim
        if verb & NAMING_VERBS and any(
            view.tokens[k].text in QUOTES for k in range(j + 1, min(end, j + 6))
        ):
            continue  # "menyebut langkah Washington itu "sangat disesalkan"": a label
        if _hedged(view, j, end):
            continue  # "… akan memperkuat kawasan": a prediction, not a fact asserted
        a, b = view.tokens[i].start, view.tokens[end - 1].end
        if any(a <= f.evidence.trigger_start < b for f in others):
            continue  # the clause already says something more specific
        for subject in _subjects(view, i, shape):
            if subject not in busy:
                facts.append(
                    _fact(view, "claims", subject, Claim(view.text(j, end)), i, i + 1, "claims")
                )
    facts += _according_to(view, others + facts)
    if view.speaker and view.quotes and not others and not facts:
        a, b = view.quotes[0]
        inside = range(a, b)
        if any(view.tokens[k].low in that for k in inside) and not any(
            view.negated(k + 1, 1) for k in inside
        ):
            if not any(view.tokens[k].low in view.negation for k in inside):
                facts.append(
                    _fact(
                        view,
                        "claims",
                        view.speaker,
                        Claim(view.text(a, b)),
                        a,
                        min(b, a + 1),
                        "claims-quote",
                    )
                )
    return facts


def _judged(view: SentenceView, claim_at: int, d: int) -> bool:
    """Does a quote judge a claim it points at ("Angka itu fabrikasi", "Itu klaim yang
    keliru", "Tuduhan tersebut tidak benar"), not describe a kind of thing ("informasi
    menyesatkan")?"""
    pointers = {"itu", "tersebut", "ini", "yang", "adalah", "merupakan", "bahwa"}
    before = view.tokens[claim_at - 1].text if claim_at else ""
    if before.lower() in pointers or before in QUOTES or before in {":", ""}:
        return True  # "Itu klaim …", '"Tuduhan bahwa … tidak benar,"': the quote's subject
    # "… rumor stereotip tak berdasar tersebut": the pointer may follow the verdict
    end = min(len(view.tokens), d + 5)
    return any(view.tokens[k].low in pointers for k in range(claim_at, end))


def _according_to_them(view: SentenceView) -> str | None:
    """ "Menurutnya, tiga tentara Rwanda luka ringan": the one who spoke last."""
    if (
        len(view.tokens) > 2
        and view.tokens[1].text == ","
        and view.tokens[0].low.endswith("nya")
        and view.tokens[0].low[:-3] in view.lex.cue_words("sourceIntro")
    ):
        return view.state.last_speaker
    return None


def _according_to_source(view: SentenceView, before: int) -> tuple[int | None, list[str]]:
    """The comma that ends "Menurut X," at the sentence's start, before token ``before``, and
    the sources X names; (None, []) when the sentence does not open so."""
    if not view.tokens or view.tokens[0].low not in view.lex.cue_words("sourceIntro"):
        return None, []
    comma = _end_of_sources(view, 1, before)
    if comma is None:
        return None, []
    sources = subject_keys(view, view.spans_between(1, comma))
    return (comma, sources) if sources else (None, [])


def _hedged(view: SentenceView, j: int, end: int) -> bool:
    """Does the clause from ``j`` only predict, expect or allow ("akan", "diharapkan",
    "kemungkinan", "tidak menutup kemungkinan")? Its first words tell."""
    hedges = view.lex.cue_words("hedge")
    return any(view.tokens[k].low in hedges for k in range(j, min(end, j + 6)))


def _according_to(view: SentenceView, others: list[Fact]) -> list[Fact]:
    """ "Menurut X, …" and "…, menurut X, …": X asserts the rest of the sentence."""
    intro = view.lex.cue_words("sourceIntro")
    tokens = view.tokens
    for m, tok in enumerate(tokens):
        if tok.low not in intro or (m > 0 and tokens[m - 1].text != ","):
            continue
        comma = next((k for k in range(m + 1, len(tokens)) if tokens[k].text == ","), None)
        if comma is None:
            continue
        sources = subject_keys(view, view.spans_between(m + 1, comma))
        busy = {f.subject for f in others}
        if not sources or any(s in busy for s in sources):
            continue
        if m == 0:
            content = view.text(comma + 1, view.clause_end(comma, quotes=False))
        else:
            content = (view.text(0, m - 1) + " " + view.text(comma + 1, len(tokens))).strip(" .")
        start = comma + 1 if m == 0 else 0  # the claim before ", menurut X," or after
        if len(content.split()) < 3 or _hedged(view, start, len(tokens)):
            continue
        return [
            _fact(view, "claims", s, Claim(content), m, m + 1, "claims-according-to")
            for s in sources
        ]
    return []


def denied_scope(view: SentenceView, hits: list[tuple[int, Trigger, str]]) -> set[int]:
    """Token indexes inside a denial's object: their numbers are what is denied."""
    scope: set[int] = set()
    for i, trig, _ in hits:
        if trig.relation == "denies":
            scope.update(range(i + 1, view.clause_end(i)))
            if view.in_title:
                scope.update(range(i + 1, len(view.tokens)))
    return scope
