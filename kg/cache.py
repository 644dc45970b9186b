"""What a build keeps between runs, so a re-run extracts only new or changed files.

Each input file's result is stored in ``OUT/.kabar-cache/<fingerprint>/`` under the sha256 of
the file's bytes: the document's triples as N-Triples lines (its ``kg:fileName`` aside, which
depends on where the file is), its entities with the surface forms seen, its warnings and its
sentence count. The fingerprint hashes everything else the result depends on — the Kabar
version, the Python version, every module of the ``kg`` package and every ontology file the
lexicon reads — so editing a trigger word or the extractor starts a fresh cache, and the old
one is deleted at the end of the next complete build.

A manifest records the last build: its inputs (paths and content keys), options, summary
and output stamps. When nothing changed and the outputs are still the ones it wrote, a
re-run reports that build again without merging anything.

Entries are zlib-compressed JSON, written to a temporary file and renamed, so parallel
workers never see half an entry and a cache folder holds data, never code.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sys
import tempfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, fields
from importlib import metadata
from pathlib import Path

from kg.lexicon import default_ontology_dir
from kg.model import Entity
from kg.reader import HTML_SUFFIXES

CACHE_DIR = ".kabar-cache"
MANIFEST = "manifest.json"
#: Bumped when the layout of an entry changes.
FORMAT = 1
_ENTITY_FIELDS = tuple(f.name for f in fields(Entity) if f.name != "aliases")


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


def fingerprint(ontology_dir: Path | None = None) -> str:
    """A hash of everything besides a file's bytes that its extraction depends on."""
    digest = hashlib.sha256()
    try:
        version = metadata.version("kabar")
    except metadata.PackageNotFoundError:
        version = "unknown"
    digest.update(f"{FORMAT}\0{version}\0{sys.version_info[0]}.{sys.version_info[1]}\0".encode())
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


class DocumentCache:
    """Per-file entries under ``OUT/.kabar-cache/<fingerprint>``."""

    def __init__(self, out_dir: Path, fingerprint: str) -> None:
        self.base = Path(out_dir) / CACHE_DIR
        self.root = self.base / fingerprint[:24]

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json.z"

    def get(self, key: str) -> CachedDocument | None:
        """The entry for ``key``, or None if there is none or it cannot be read."""
        try:
            data = json.loads(zlib.decompress(self._path(key).read_bytes()))
            entities = {k: Entity(aliases=frozenset(v.pop("aliases")), **v)
                        for k, v in data["entities"].items()}
            return CachedDocument(data["doc_id"], data["sha256"], data["name"],
                                  tuple(data["warnings"]), entities, data["sentences"],
                                  tuple(data["lines"]))
        except (OSError, ValueError, KeyError, TypeError, zlib.error):
            return None

    def put(self, key: str, entry: CachedDocument) -> None:
        """Store an entry; a cache that cannot be written only costs time, so errors pass."""
        record = {
            "doc_id": entry.doc_id, "sha256": entry.sha256, "name": entry.name,
            "warnings": list(entry.warnings), "sentences": entry.sentences,
            "entities": {k: {**{f: getattr(e, f) for f in _ENTITY_FIELDS},
                             "aliases": sorted(e.aliases)} for k, e in entry.entities.items()},
            "lines": list(entry.lines),
        }
        path = self._path(key)
        data = zlib.compress(json.dumps(record, ensure_ascii=False).encode("utf-8"), 1)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".", suffix=".tmp",
                                             delete=False) as temp:
                temp.write(data)
            os.replace(temp.name, path)
        except OSError:
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(temp.name)

    def prune(self, keep: Iterable[str]) -> int:
        """Delete the entries not in ``keep`` and every other fingerprint's folder."""
        keep = set(keep)
        removed = 0
        if self.base.is_dir():
            for other in self.base.iterdir():
                if other.is_dir() and other != self.root:
                    shutil.rmtree(other, ignore_errors=True)
        if not self.root.is_dir():
            return 0
        for folder in self.root.iterdir():
            if not folder.is_dir():
                continue
            for entry in folder.iterdir():
                if entry.name.split(".", 1)[0] not in keep:
                    with contextlib.suppress(OSError):
                        entry.unlink()
                        removed += 1
        return removed


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
