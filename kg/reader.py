"""Find article files and decode them to clean text: the first stage of the pipeline.

Everything that can go wrong with a user's files is decided here, once, so later
stages can trust a ``SourceText``: it is non-empty text with LF line ends and no
control characters that would break XML or Turtle output. A file that cannot be
read this way raises ``InputError`` with a one-line message naming the file;
``read_all`` turns those into warnings so one bad file does not stop a batch.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from kg.errors import InputError
from kg.model import SourceText

#: Raised with ``--max-bytes``; a news article is a few kB, so 50 MB is a mistake.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

ARTICLE_SUFFIXES = frozenset({".txt", ".text", ".html", ".htm"})
HTML_SUFFIXES = frozenset({".html", ".htm"})

# Checked before decoding: a PDF header is plain ASCII and would pass as UTF-8.
_MAGIC = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"PK\x03\x04", "ZIP"),
    (b"\x1f\x8b", "gzip"),
)

# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)

# The separators str.splitlines() breaks on become LF, so words either side stay apart;
# every other C0/C1 control (and the XML non-characters) is dropped. \n and \t stay.
_LINE_SEPARATORS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_CLEAN_TABLE: dict[int, str | None] = {
    code: None for code in [*range(0x00, 0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF]
}
_CLEAN_TABLE.update({ord(c): "\n" for c in _LINE_SEPARATORS})
del _CLEAN_TABLE[ord("\n")], _CLEAN_TABLE[ord("\t")]
# str.translate looks up every character of a text that is not all ASCII; most texts hold
# nothing to clean, which one regex search tells.
_NEEDS_CLEANING = re.compile("[" + "".join(re.escape(chr(c)) for c in _CLEAN_TABLE) + "]")

# Above this share of stray control characters, a legacy-decoded file is binary junk.
_MAX_CONTROL_SHARE = 0.05
# Indonesian is Latin script: cp1252 text is mostly ASCII, mojibake of other scripts is not.
_MAX_NON_ASCII_SHARE = 0.3


@dataclass(frozen=True)
class Discovery:
    """The article files found under the inputs, and why other files were skipped."""

    files: tuple[Path, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReadResult:
    """The decoded articles (duplicates merged), one warning per problem, and how many failed."""

    sources: tuple[SourceText, ...]
    warnings: tuple[str, ...] = ()
    failed: int = 0


def discover(inputs: Sequence[Path], *, strict: bool = False) -> Discovery:
    """List the article files named by ``inputs``: files as given, folders recursively.

    In folders only ``.txt``, ``.text``, ``.html`` and ``.htm`` files are taken;
    hidden files and folders are skipped silently, other files with one warning
    each. A named file is taken whatever its extension, because the user asked
    for it; ``read_source`` still refuses binary content. Folders are tracked by
    real path, so a symbolic link loop is read once and never followed again.
    The same file reached twice is listed once, under its first path in sort order.

    With ``strict``, a file that would be skipped with a warning raises
    ``InputError`` instead; a folder link already read is only ever a warning.
    """
    found: list[Path] = []
    warnings: list[str] = []
    visited: set[str] = set()
    for given in inputs:
        path = Path(given)
        if not path.exists():
            raise InputError(f"input not found: {path.as_posix()}")
        if path.is_dir():
            found.extend(_walk(path, visited, warnings, strict))
        else:
            found.append(path)
    return Discovery(files=_unique_files(found), warnings=tuple(warnings))


def _walk(root: Path, visited: set[str], warnings: list[str], strict: bool) -> list[Path]:
    """Collect article files under ``root`` depth-first, in name order, without recursion."""

    def skip(message: str) -> None:
        if strict:
            raise InputError(message)
        warnings.append(f"skipped {message}")

    files: list[Path] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in visited:
            if folder.is_symlink():  # a root named twice, or inside another root, is no news
                warnings.append(f"skipped {folder.as_posix()}: links to a folder already read")
            continue
        visited.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as err:
            message = f"{folder.as_posix()}: cannot read folder: {_reason(err)}"
            if folder == root:
                raise InputError(message) from err
            skip(message)
            continue
        subfolders: list[Path] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            if entry.is_dir():
                subfolders.append(path)
            elif not entry.is_file():
                kind = "broken link" if entry.is_symlink() else "not a regular file"
                skip(f"{path.as_posix()}: {kind}")
            elif path.suffix.lower() in ARTICLE_SUFFIXES:
                files.append(path)
            else:
                skip(f"{path.as_posix()}: not a .txt or .html file")
        stack.extend(reversed(subfolders))
    return files


def _unique_files(paths: Iterable[Path]) -> tuple[Path, ...]:
    """Sort by path string and drop later paths that resolve to a file already listed."""
    seen: set[str] = set()
    unique: list[Path] = []
    for path in sorted(paths, key=lambda p: p.as_posix()):
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            unique.append(path)
    return tuple(unique)


def read_source(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
                data: bytes | None = None) -> SourceText:
    """Decode one file to article text, or raise ``InputError`` saying why not.

    UTF-8 (with or without BOM) is read as is; anything else is detected with
    charset-normalizer, preferring cp1252 for Latin text, and noted in a warning.
    Saved HTML pages are reduced to their article with trafilatura. Line ends
    become LF and control characters other than newline and tab are removed.
    ``sha256`` is taken of that final text, so the same article saved in
    another encoding or with CRLF line ends is recognised as the same document.
    ``data`` is the file's bytes when the caller has read them already (the build
    hashes them first), so the file is not opened twice.
    """
    path = Path(path)
    name = path.as_posix()
    if data is None:
        data = _read_bytes(path, name, max_bytes)
    elif len(data) > max_bytes:
        raise _too_large(name, len(data), max_bytes)
    if not data:
        raise InputError(f"{name}: empty file")
    text, encoding = _decode(data, name)
    warnings: list[str] = []
    if encoding != "utf-8":
        warnings.append(f"decoded {name} as {encoding}")
    text = clean_text(text)
    if not text:
        raise InputError(f"{name}: empty file")
    if _is_html(path, text):
        text = clean_text(_extract_article(text, name))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return SourceText(paths=(name,), text=text, sha256=digest, warnings=tuple(warnings))


def clean_text(text: str) -> str:
    """Normalise line ends to LF, drop control characters, trim surrounding whitespace.

    Control characters are invalid in XML 1.0 and need escaping in Turtle, and
    never carry meaning in an article; emoji, right-to-left text and joiners
    are ordinary characters and are kept.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _NEEDS_CLEANING.search(text):
        text = text.translate(_CLEAN_TABLE)
    return text.strip()


def _read_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    """Read at most ``max_bytes``; the size is checked before reading, not after."""
    try:
        info = path.stat()
    except FileNotFoundError as err:
        raise InputError(f"input not found: {name}") from err
    except OSError as err:
        raise InputError(f"{name}: cannot read: {_reason(err)}") from err
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{name}: not a regular file")
    if info.st_size > max_bytes:
        raise _too_large(name, info.st_size, max_bytes)
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as err:
        raise InputError(f"{name}: cannot read: {_reason(err)}") from err
    if len(data) > max_bytes:  # the file grew after stat, or stat did not know its size
        raise _too_large(name, None, max_bytes)
    return data


def _too_large(name: str, size: int | None, max_bytes: int) -> InputError:
    limit = _human_size(max_bytes)
    if size is None:
        shown = f"over {limit}"
    elif _human_size(size) == limit:  # 50.0 MB against a 50.0 MB limit would puzzle anyone
        shown, limit = f"{size:,} bytes", f"{max_bytes:,} bytes"
    else:
        shown = _human_size(size)
    return InputError(
        f"{name}: file too large ({shown}, limit {limit}); raise the limit with --max-bytes"
    )


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """Return the text and the name of the encoding it was read in."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise _binary(name, kind)
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), label
            except UnicodeDecodeError as err:
                raise _binary(name, f"invalid {label}") from err
    if b"\x00" in data:
        raise _binary(name, "NUL bytes")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return _decode_legacy(data, name)


def _decode_legacy(data: bytes, name: str) -> tuple[str, str]:
    """Decode a file that is not UTF-8, or refuse it as binary.

    charset-normalizer decides whether the bytes are text at all. Its first guess
    for short Western text is often cp1250 or a DOS code page, which turns "ï"
    into "ď"; Indonesian news in a legacy encoding is cp1252 (or Latin-1, which
    cp1252 decodes identically for printable text), so cp1252 wins whenever it
    decodes the bytes into mostly-ASCII text.
    """
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise _binary(name, "no text encoding fits")
    try:
        text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, encoding = "", ""
    if not encoding or _share(text, lambda c: ord(c) > 0x7F) > _MAX_NON_ASCII_SHARE:
        text, encoding = str(best), best.encoding
    if _share(text, lambda c: c < " " and c not in "\t\n\r\f") > _MAX_CONTROL_SHARE:
        raise _binary(name, "control bytes")
    return text, encoding


def _share(text: str, predicate: Callable[[str], bool]) -> float:
    """Fraction of the non-space characters of ``text`` for which ``predicate`` holds."""
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0
    return sum(1 for c in chars if predicate(c)) / len(chars)


def _binary(name: str, kind: str) -> InputError:
    return InputError(f"{name}: binary file ({kind}), not text")


def _is_html(path: Path, text: str) -> bool:
    """A saved web page: by extension, or by how the content starts whatever its name."""
    if path.suffix.lower() in HTML_SUFFIXES:
        return True
    head = text[:1024].lstrip("\ufeff \t\n").lower()
    if head.startswith("<?xml"):
        return "<html" in head
    return head.startswith(("<!doctype html", "<html"))


def _extract_article(html: str, name: str) -> str:
    """The article body of a saved page, without menus, footers, comments or tables.

    Precision is favoured because page furniture that slips through ("Baca Juga",
    related headlines) would later be read as claims made in the article.
    """
    import trafilatura  # imported here: it takes half a second and most inputs are text

    try:
        article = trafilatura.extract(
            html,
            favor_precision=True,
            include_comments=False,
            include_tables=False,
            output_format="txt",
        )
    except Exception as err:  # a third-party parser on untrusted input: any failure is "bad file"
        raise InputError(f"{name}: cannot parse HTML: {err}") from err
    if not article or not article.strip():
        raise InputError(f"{name}: no article text found in HTML")
    return article


def read_all(
    files: Iterable[Path], *, strict: bool = False, max_bytes: int = DEFAULT_MAX_BYTES
) -> ReadResult:
    """Read every file; skip bad ones with a warning, and merge duplicate articles.

    A file that raises ``InputError`` becomes the warning ``skipped <message>``
    and counts in ``failed``; with ``strict`` the first such error propagates.
    Files whose text is identical (same ``sha256``) become one ``SourceText``
    listing every path, sorted, with a ``duplicate:`` warning for each extra
    path. Sources are ordered by their first path.
    """
    warnings: list[str] = []
    failed = 0
    groups: dict[str, list[SourceText]] = {}
    seen: set[str] = set()
    for path in files:
        if Path(path).as_posix() in seen:
            continue
        seen.add(Path(path).as_posix())
        try:
            source = read_source(path, max_bytes=max_bytes)
        except InputError as err:
            if strict:
                raise
            warnings.append(f"skipped {err}")
            failed += 1
            continue
        warnings.extend(source.warnings)
        groups.setdefault(source.sha256, []).append(source)
    sources: list[SourceText] = []
    for digest, group in groups.items():
        group.sort(key=lambda s: s.paths[0])
        paths = tuple(sorted(p for s in group for p in s.paths))
        warnings.extend(f"duplicate: {p} is the same article as {paths[0]}" for p in paths[1:])
        merged = tuple(w for s in group for w in s.warnings)
        sources.append(SourceText(paths, group[0].text, digest, merged))
    sources.sort(key=lambda s: s.paths[0])
    return ReadResult(sources=tuple(sources), warnings=tuple(warnings), failed=failed)


def _reason(err: OSError) -> str:
    """``permission denied`` rather than ``[Errno 13] Permission denied: '...'``."""
    if isinstance(err, PermissionError):
        return "permission denied"
    return (err.strerror or str(err)).lower()


def _human_size(size: int) -> str:
    """Sizes in the binary units ``--max-bytes`` defaults are written in (50 MB = 50 MiB)."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} kB"
    return f"{size / (1024 * 1024):.1f} MB"
