"""Bringing a build's on-disk store up to date in place when few of its files changed.

Loading the store is the longest step after extraction (about 10 µs a triple: minutes for a
100k-article archive), yet a re-run that adds a day's articles to an archive changes a small
part of it. So the store keeps, beside its data, a note of what it holds
(``kabar-contents.json``): the (file name, cache key) pair of each document, the entity
triples, and the fingerprint of the code that extracted them. A re-run with the same
fingerprint works out which pairs left and which came (see ``kg.pipeline``), and the patch

- removes the triples of the pairs that left, except those the new graph still holds (another
  document states the same fact, or the article only moved): the merge that writes the new
  ``graph.ttl`` watches for them and reports the ones it met;
- adds the triples of the pairs that came, from the cache the workers have just filled;
- does the same for the entity triples, by difference.

The store then holds the triples a full load of the new ``graph.ttl`` would, compacted as a
full load leaves it (at 100k articles, queries on an uncompacted store were slower, some
over a second). While it is being changed it carries no stamp, so ``kg query`` reads the Turtle
instead; a patch that fails leaves no store, and the build loads one in full.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.atomic import write_atomic
from kg.store import (
    LOAD_BYTES,
    finish_store,
    remove_store,
    stamp_store,
    store_path,
    unstamp_store,
)

CONTENTS_FILE = "kabar-contents.json"
CONTENTS_FORMAT = 1
#: A patch is made when at most this share of the store's (file, key) pairs left or came.
#: A patch holds the lines of what changed in memory (about 200 bytes a triple: some 300 MB
#: for a tenth of a 100k-article archive), so beyond that it would grow with the archive,
#: while a full load's memory does not.
PATCH_MAX_SHARE = 0.1
_NTRIPLES = ox.RdfFormat.N_TRIPLES


@dataclass(frozen=True)
class StoreContents:
    """What a store holds, by document: enough to patch it without reading it."""

    fingerprint: str
    files: frozenset[tuple[str, str]]
    entities: frozenset[str]

    def to_json(self) -> bytes:
        return json.dumps({
            "format": CONTENTS_FORMAT,
            "fingerprint": self.fingerprint,
            "files": sorted(self.files),
            "entities": sorted(self.entities),
        }, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    @classmethod
    def of_store(cls, folder: Path | None) -> StoreContents | None:
        """The contents noted in a current store's folder; None for no store, a store an older
        Kabar made, or a note that cannot be read."""
        if folder is None:
            return None
        try:
            data = json.loads((Path(folder) / CONTENTS_FILE).read_bytes())
            if data.get("format") != CONTENTS_FORMAT:
                return None
            return cls(str(data["fingerprint"]),
                       frozenset((str(name), str(key)) for name, key in data["files"]),
                       frozenset(str(line) for line in data["entities"]))
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None


@dataclass(frozen=True)
class StorePatch:
    """The changes that bring the store of ``graph_path`` from one build's graph to the next.

    ``removable``: the triple lines of what left, each removed unless the new graph holds
    it; ``additions``: the triple lines of what came. Lines are N-Triples without the final
    " .", as the merge streams them.
    """

    graph_path: Path
    removable: frozenset[bytes]
    additions: tuple[bytes, ...]
    files_removed: int
    files_added: int

    def apply(self, present: set[bytes], contents: StoreContents) -> Path:
        """Change the store, after the new ``graph.ttl`` is written; ``present``: the lines
        of ``removable`` the merge met. Raises OSError (and leaves no store) on failure."""
        folder = store_path(self.graph_path)
        unstamp_store(self.graph_path)
        try:
            self._change(folder, present)
            write_atomic(folder / CONTENTS_FILE, contents.to_json())
            stamp_store(self.graph_path)
        except (OSError, SyntaxError, ValueError) as err:
            remove_store(self.graph_path)
            raise OSError(f"cannot update the store {folder.as_posix()}: {err}") from err
        return folder

    def _change(self, folder: Path, present: set[bytes]) -> None:
        store = ox.Store(str(folder))
        try:
            gone = sorted(self.removable - present)
            for chunk in _chunks(gone):
                for triple in ox.parse(chunk, format=_NTRIPLES, lenient=True):
                    store.remove(ox.Quad(triple.subject, triple.predicate, triple.object))
            for chunk in _chunks(self.additions):
                store.bulk_load(input=chunk, format=_NTRIPLES, lenient=True)
            finish_store(store, folder)  # compacted and counted again, as after a full load
        finally:
            # closed here, even on an error: a database left open in a traceback would
            # write into the folder after a full load has put a new store there
            del store


def _chunks(lines: Iterable[bytes]) -> Iterator[bytes]:
    """N-Triples documents of about ``LOAD_BYTES`` each, as the bulk loader likes them."""
    limit = LOAD_BYTES[_NTRIPLES]
    part: list[bytes] = []
    size = 0
    for line in lines:
        part.append(line)
        size += len(line) + 3
        if size >= limit:
            yield b" .\n".join(part) + b" .\n"
            part, size = [], 0
    if part:
        yield b" .\n".join(part) + b" .\n"
