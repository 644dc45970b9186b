"""From a decoded article to a clean Document: page furniture out, metadata in.

Scraped news pages carry related-article lists, "Baca juga" lines, prompts and copyright
lines; none of it may yield a fact, so it is removed before extraction, by the patterns in
``ontology/lexicon/furniture.ttl``. What the text says about itself (outlet marker,
dateline, headline, date line) becomes document metadata. Evidence offsets index into the
cleaned text this module returns.
"""

from __future__ import annotations

import datetime as dt
import re

from kg.dates import find_dates, first_explicit_date
from kg.lexicon import Lexicon
from kg.model import Document, SourceText
from kg.text import split_sentences

DOMAIN = r"[A-Za-z0-9][\w-]*(?:\.[\w-]+)*\.(?i:com|co\.id|id|net|org|co|news|tv)\b"
# "KOTA NEW YORK, sp-globalindo.co.id – ", "TRIBUNNEWS.COM - ", "JAKARTA (ANTARA) - ", "MOSKWA – "
LEAD = re.compile(
    rf"^(?:(?P<place>[A-Z][A-Z'’ -]*[A-Z]|[A-Z][a-z]+(?: [A-Z][a-z]+){{0,2}})(?:\s*,\s*|\s+))?"
    rf"(?:(?P<outlet>{DOMAIN})|\((?P<wire>[A-Za-z.]+)\))?\s*[–—-]{{1,2}}\s+"
)
OUTLET_LEAD = re.compile(
    rf"^(?P<outlet>{DOMAIN}),\s*(?P<place>[A-Z][\w'’ .-]{{1,40}}?)\s*[–—-]{{1,2}}\s+"
)
NAMED_LEAD = re.compile(
    r"^(?P<place>[A-Z][A-Z'’ -]*[A-Z]|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}),"
    r"\s*(?P<name>[^–—\-]{2,40}?)\s*[–—-]{1,2}\s+"
)
DATE_LINE = re.compile(
    r"^\s*(?:[A-Z][a-z']+,\s*)?\d{1,2}\s+\w+\s+\d{4}(?:[\s,|–-]+\d{1,2}[:.]\d{2}"
    r"(?:\s*(?:WIB|WITA|WIT|GMT))?)?\s*$"
)
DOMAIN_IN_TEXT = re.compile(rf"(?<![\w@/.-])({DOMAIN})")


def clean(source: SourceText, lex: Lexicon) -> Document:
    """Remove furniture and read the metadata of one article."""
    lines = source.text.split("\n")
    outlet = _find_outlet(source.text, lex)
    published: dt.date | None = None
    title: str | None = None
    body: list[str] = []
    dateline: str | None = None
    lead_seen = False
    in_block = False  # under a "Baca juga" heading: the headlines of a link list follow
    block_items = 0  # the headlines seen under it
    in_section = False  # under a "Berita Terkait" heading: the rest, unless the article resumes
    for index, raw in enumerate(lines):
        line = raw.strip()
        if lex.furniture_search("section")(line):
            in_section = True
            continue
        if in_section and not _article_resumes(lines, index):
            continue
        in_section = False
        if lex.furniture_search("block")(line):
            in_block = True
            block_items = 0
            continue
        if in_block and not line and not block_items:
            continue  # a blank line between the heading and its headlines
        if in_block and line and len(line.split()) <= 20 and not line.endswith("."):
            block_items += 1
            continue  # a linked headline: short, no full stop; the article's text is neither
        in_block = False
        if not line or _is_furniture(line, lex):
            continue
        if DATE_LINE.match(line):
            spans = find_dates(line)
            if spans and published is None:
                published = spans[0].date
            continue
        if not lead_seen:
            match = OUTLET_LEAD.match(line) or LEAD.match(line)
            named = NAMED_LEAD.match(line)
            if named and named.group("name").strip().lower() in lex.sources:
                match = named  # "JAKARTA, CNN Indonesia --": a known outlet, not a domain
            rest = line[match.end() :] if match else ""
            if match and len(rest.split()) <= 3 and rest[-1:] not in '.!?"”’':
                continue  # "Anggi Prameswari - detikNews": a byline, not a lead
            if match and (
                match.group("place")
                or match.groupdict().get("outlet")
                or match.groupdict().get("wire")
            ):
                if match.group("place") and len(match.group("place")) > 1:
                    dateline = match.group("place").title()
                line = line[match.end() :]
                lead_seen = True
                if _is_furniture(line, lex):  # "JAKARTA – Baca juga: …"
                    continue
        if title is None and not body and _is_channel_label(line):
            continue  # "detikNews Internasional", "Dunia": the page's channel above its headline
        if title is None and not body and _looks_like_headline(line, lines, index):
            title = line
            body.append(line)
            continue
        lead_seen = True
        for pattern in lex.furniture["tail"]:
            line = pattern.sub("", line)
        line = _drop_sentences(line, lex)
        # what is left may be furniture only now: "Iklan (ant)" without its byline is "Iklan"
        if line and not _is_furniture(line, lex):
            body.append(line)
    text = "\n".join(body)
    title_end = len(title) if title else -1
    if published is None:
        published = first_explicit_date(text)
    return Document(
        doc_id="doc-" + source.sha256[:16],
        file_names=tuple(sorted(source.paths)),
        sha256=source.sha256,
        text=text,
        sentences=tuple(split_sentences(text, title_end)),
        title=title,
        outlet=outlet,
        dateline=dateline,
        published=published,
    )


def _reads_like_article(line: str) -> bool:
    """A paragraph of text, not a linked headline: a dozen words or more, ending like a
    sentence (a headline cut short ends in "...")."""
    return (
        len(line.split()) >= 12
        and line[-1:] in '.!?"”’'
        and not line.endswith("...")
    )


def _article_resumes(lines: list[str], index: int) -> bool:
    """Does the article go on at ``lines[index]`` after a related-news list? Only when two
    paragraphs in a row read like it: a list of headlines with a teaser under each never has
    two."""
    if not _reads_like_article(lines[index].strip()):
        return False
    following = (line.strip() for line in lines[index + 1 :])
    after = next((line for line in following if line), "")
    return _reads_like_article(after)


def _is_furniture(line: str, lex: Lexicon) -> bool:
    """A line that is page furniture as a whole; a section heading counts here too, because
    one that only shows after a lead or byline is cut is no reason to drop what follows."""
    return bool(lex.furniture_search("line", "section")(line))


def _is_channel_label(line: str) -> bool:
    """A line of one to three words with no closing punctuation before any text: no headline
    is that short, and no article opens with a fragment."""
    return len(line.split()) <= 3 and line[-1:] not in '.!?"”’:'


def _looks_like_headline(line: str, lines: list[str], index: int) -> bool:
    """A first line with no closing punctuation, followed by a blank, a date line, or a
    short line that is no sentence: the outlet's name or a byline ("CNN Indonesia",
    "Anggi Prameswari - detikNews", "Rep: Nur Aini/ Red: Irfan")."""
    if line[-1:] in '.!?"”’:' or not 3 <= len(line.split()) <= 25:
        return False
    following = next((ln.strip() for ln in lines[index + 1 : index + 2]), "")
    return (
        following == ""
        or bool(DATE_LINE.match(following))
        or (len(following.split()) <= 8 and following[-1:] not in '.!?"”’:')
    )


def _drop_sentences(line: str, lex: Lexicon) -> str:
    is_furniture = lex.furniture_search("sentence")
    if not is_furniture(line):
        return line
    kept = [s.text for s in split_sentences(line) if not is_furniture(s.text)]
    return " ".join(kept)


def _find_outlet(text: str, lex: Lexicon) -> str | None:
    """The outlet named by the text's own markers: a lead "OUTLET.COM -", a copyright line,
    or failing those the first web domain the text mentions."""
    heads = [ln.strip() for ln in text.split("\n") if ln.strip()][:6]
    first = next(
        (h for h in heads if OUTLET_LEAD.match(h) or LEAD.match(h) or NAMED_LEAD.match(h)),
        heads[0] if heads else "",
    )
    candidates: list[str] = []
    lead = OUTLET_LEAD.match(first) or LEAD.match(first)
    if lead and lead.group("outlet"):
        candidates.append(lead.group("outlet"))
    if lead and lead.groupdict().get("wire"):
        candidates.append(lead.group("wire"))
    named = NAMED_LEAD.match(first)
    if named and not re.search(r"\d{4}", named.group("name")):
        # "Sabtu, 18 Juli 2026 - 08:40 WIB" is a date line, not "PLACE, OUTLET -"
        candidates.append(named.group("name").strip())
    # a line of its own under the headline ("CNN Indonesia", "Anggi Prameswari - detikNews"),
    # a name in the copyright line: only a known outlet's name counts there
    known_only = [part.strip() for h in heads[1:] for part in (h, h.rsplit(" - ", 1)[-1])]
    for line in text.split("\n"):
        if re.search(r"Copyright|©|\(c\)\s*\d{4}", line):
            candidates.extend(DOMAIN_IN_TEXT.findall(line))
            words = re.findall(r"[\w.]+", line)
            known_only += [" ".join(words[i:i + n]) for n in (3, 2, 1) for i in range(len(words))]
    in_text = [m.group(1) for m in DOMAIN_IN_TEXT.finditer(text)]
    for name in [*candidates, *known_only, *in_text]:
        label = lex.sources.get(name.lower())
        if label:
            return label
    candidates += in_text
    return candidates[0] if candidates else None
