"""What a build keeps between runs, so a re-run extracts only new or changed files.

Each input file's result is stored in ``OUT/.kabar-cache/<fingerprint>/entries.sqlite`` under
the sha256 of the file's bytes: the document's triples as N-Triples lines (its ``kg:fileName``
aside, which depends on where the file is), its entities with the surface forms seen, its
warnings and its sentence count. The fingerprint hashes everything else the result depends
on — the Kabar version, the Python version, the versions of every library Kabar needs
(Sastrawi, dateparser, trafilatura … and theirs), every module of the ``kg`` package and
every ontology file the lexicon reads — so editing a trigger word or the extractor, or
upgrading a library, starts a fresh cache, and the old one is deleted at the end of the
next complete build.

A manifest records the last build: its inputs (paths and content keys), options, summary
and output stamps. When nothing changed and the outputs are still the ones it wrote, a
re-run reports that build again without merging anything.

One SQLite database holds the entries, not a file each: creating a file costs more than
extracting a short article's triples on some filesystems. It is in write-ahead-log mode, so
workers read while another writes, and each worker writes its batch's entries in one
transaction: a parallel worker never sees half an entry. An entry is zlib-compressed UTF-8
text, a line of JSON (doc id, sha256, name, warnings, sentences, entities) and then the
triple lines (N-Triples escapes every line break): a cache folder holds data, never code.
A database that cannot be read is replaced by an empty one when a build starts, and any
entry or write that fails is only a cache miss: a broken cache costs time, never output.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib import metadata
from operator import attrgetter
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from kg.lexicon import default_ontology_dir
from kg.model import Entity
from kg.reader import HTML_SUFFIXES

CACHE_DIR = ".kabar-cache"
MANIFEST = "manifest.json"
DATABASE = "entries.sqlite"
#: Bumped when the layout of an entry changes.
FORMAT = 2
#: How long a worker waits for another's write before it gives up storing its batch.
BUSY_SECONDS = 60.0
_ENTITY_FIELDS = tuple(f.name for f in fields(Entity) if f.name != "aliases")
_entity_values = attrgetter(*_ENTITY_FIELDS)


@dataclass(frozen=True)
class CachedDocument:
    """One input file's contribution to the graph, independent of the file's path."""

    doc_id: str
    sha256: str
    name: str                       # the path the entry was made from (warnings name it)
    warnings: tuple[str, ...]
    entities: dict[str, Entity]
    sentences: int
    lines: tuple[str, ...]          # N-Triples without " .", kg:fileName excluded

    def warnings_for(self, name: str) -> tuple[str, ...]:
        """The entry's warnings as they read for a file at ``name``."""
        if name == self.name:
            return self.warnings
        return tuple(w.replace(self.name, name) for w in self.warnings)


def dependency_versions(root: str = "kabar") -> list[str]:
    """``name==version`` of every installed distribution ``root`` needs, directly or not
    (extras aside). A file's result depends on them as much as on Kabar's code: another
    Sastrawi stems words otherwise, another dateparser reads dates otherwise, another
    trafilatura extracts another text from a page."""
    versions: dict[str, str] = {}
    todo = [canonicalize_name(root)]
    while todo:
        name = todo.pop()
        if name in versions:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        versions[name] = dist.version
        for requirement in map(Requirement, dist.requires or ()):
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(canonicalize_name(requirement.name))
    return sorted(f"{name}=={version}" for name, version in versions.items())


def fingerprint(ontology_dir: Path | None = None) -> str:
    """A hash of everything besides a file's bytes that its extraction depends on."""
    digest = hashlib.sha256()
    try:
        version = metadata.version("kabar")
    except metadata.PackageNotFoundError:
        version = "unknown"
    digest.update(f"{FORMAT}\0{version}\0{sys.version_info[0]}.{sys.version_info[1]}\0".encode())
    digest.update("\0".join(dependency_versions()).encode() + b"\0")
    package = Path(__file__).resolve().parent
    root = Path(ontology_dir) if ontology_dir else default_ontology_dir()
    files = sorted(package.rglob("*.py"))
    files += sorted((root / "gazetteer").glob("*.ttl")) + sorted((root / "lexicon").glob("*.ttl"))
    for path in files:
        digest.update(path.name.encode() + b"\0")
        with contextlib.suppress(OSError):
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def content_key(data: bytes, path: Path) -> str:
    """The cache key of a file: its bytes, and whether its name makes it a web page."""
    kind = b"html\0" if Path(path).suffix.lower() in HTML_SUFFIXES else b"text\0"
    return hashlib.sha256(kind + data).hexdigest()


def encode_entry(entry: CachedDocument) -> bytes:
    """An entry's bytes: its fields as one line of JSON, then its triple lines."""
    entities = {k: [*_entity_values(e), sorted(e.aliases)] for k, e in entry.entities.items()}
    head = json.dumps([entry.doc_id, entry.sha256, entry.name, entry.warnings, entry.sentences,
                       entities], ensure_ascii=False)
    return zlib.compress("\n".join((head, *entry.lines)).encode("utf-8"), 1)


def decode_entry(data: bytes) -> CachedDocument:
    """The entry ``encode_entry`` made ``data`` of; raises if ``data`` is not one."""
    head, *lines = zlib.decompress(data).decode("utf-8").split("\n")
    doc_id, sha256, name, warnings, sentences, entities = json.loads(head)
    return CachedDocument(doc_id, sha256, name, tuple(warnings),
                          {k: _entity(tuple(v[:-1]), tuple(v[-1])) for k, v in entities.items()},
                          sentences, tuple(lines))


@lru_cache(maxsize=65_536)
def _entity(values: tuple, aliases: tuple[str, ...]) -> Entity:
    """An entity, made once: the same entities recur in most entries."""
    return Entity(**dict(zip(_ENTITY_FIELDS, values, strict=True)), aliases=frozenset(aliases))


class DocumentCache:
    """The entries of one fingerprint, in ``OUT/.kabar-cache/<fingerprint>/entries.sqlite``.

    ``put`` keeps an entry until ``flush`` (or ``close``) writes all kept ones in one
    transaction.
    """

    def __init__(self, out_dir: Path, fingerprint: str) -> None:
        self.base = Path(out_dir) / CACHE_DIR
        self.root = self.base / fingerprint[:24]
        self.path = self.root / DATABASE
        self.pending: list[tuple[str, bytes]] = []
        self._db: sqlite3.Connection | None = None
        self._broken = False

    def _connection(self) -> sqlite3.Connection | None:
        """The open database (made if missing), or None once it could not be opened."""
        if self._db is None and not self._broken:
            db = None
            try:
                self.root.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                # with a write-ahead log, a crash may lose the last batches but never
                # corrupts the database, and a commit waits for no disk sync
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute("CREATE TABLE IF NOT EXISTS entries "
                           "(key TEXT PRIMARY KEY, data BLOB NOT NULL)")
                db.execute("SELECT key, data FROM entries LIMIT 1").fetchall()
                self._db = db
            except (sqlite3.Error, OSError):
                self._broken = True
                if db is not None:
                    db.close()
        return self._db

    def prepare(self) -> None:
        """Before a build's workers start: make the database, or replace one that cannot be
        read (not a database, another table) by an empty one."""
        if self._connection() is None:
            shutil.rmtree(self.root, ignore_errors=True)
            self._broken = False
            self._connection()
        self.close()

    def get(self, key: str) -> CachedDocument | None:
        """The entry for ``key``, or None if there is none or it cannot be read."""
        db = self._connection()
        if db is None:
            return None
        try:
            row = db.execute("SELECT data FROM entries WHERE key = ?", (key,)).fetchone()
            return decode_entry(row[0]) if row else None
        except (sqlite3.Error, ValueError, TypeError, IndexError, AttributeError, zlib.error):
            return None

    def put(self, key: str, entry: CachedDocument) -> None:
        """Keep an entry for the next ``flush``."""
        self.pending.append((key, encode_entry(entry)))

    def flush(self) -> None:
        """Write the kept entries in one transaction; a cache that cannot be written only
        costs time, so errors pass."""
        pending, self.pending = self.pending, []
        db = self._connection() if pending else None
        if db is None:
            return
        try:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("INSERT OR REPLACE INTO entries (key, data) VALUES (?, ?)", pending)
            db.execute("COMMIT")
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")

    def close(self) -> None:
        """Flush, and close the database."""
        self.flush()
        if self._db is not None:
            self._db.close()
            self._db = None

    def prune(self, keep: Iterable[str]) -> int:
        """Delete the entries not in ``keep`` and every other fingerprint's folder; compact
        the database when most of it went."""
        keep = set(keep)
        if self.base.is_dir():
            for other in self.base.iterdir():
                if other.is_dir() and other != self.root:
                    shutil.rmtree(other, ignore_errors=True)
        db = self._connection() if self.path.is_file() else None
        if db is None:
            return 0
        try:
            keys = [key for (key,) in db.execute("SELECT key FROM entries")]
            stale = [(key,) for key in keys if key not in keep]
            if stale:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("DELETE FROM entries WHERE key = ?", stale)
                db.execute("COMMIT")
            if 2 * len(stale) > len(keys):
                with contextlib.suppress(sqlite3.Error):
                    db.execute("VACUUM")
            return len(stale)
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            return 0
        finally:
            self.close()


# -- the manifest of the last build ------------------------------------------------------------

def manifest_path(out_dir: Path) -> Path:
    return Path(out_dir) / CACHE_DIR / MANIFEST


def file_stamp(path: Path) -> list[int] | None:
    """Size and modification time of an output, to tell whether it is still ours."""
    try:
        info = Path(path).stat()
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def read_manifest(out_dir: Path) -> dict | None:
    try:
        data = json.loads(manifest_path(out_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def write_manifest(out_dir: Path, manifest: dict) -> None:
    path = manifest_path(out_dir)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=".",
                                         suffix=".tmp", delete=False) as temp:
            json.dump(manifest, temp, ensure_ascii=False)
        os.replace(temp.name, path)


def inputs_digest(entries: Iterable[tuple[str, str]], options: dict) -> str:
    """One hash of the (path, content key) list and the options that shape the output."""
    digest = hashlib.sha256(json.dumps(options, sort_keys=True).encode())
    for name, key in entries:
        digest.update(f"{name}\0{key}\n".encode())
    return digest.hexdigest()
