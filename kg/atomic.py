"""Write output files atomically, so a crash or a full disk never leaves half a graph.

A reader of ``graph.ttl`` (a browser, a second ``kg query``, a CI job) sees either the
old file or the new one, never a mix: data goes to a hidden temporary file in the same
folder, is flushed to disk, then renamed over the target in one step. Every failure a
user can cause becomes ``OutputError`` with the path and a plain reason.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, cast

from kg.errors import OutputError

# Only where the system's own wording would mislead; otherwise strerror, lower-cased.
_REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "it is a folder",
    errno.ENOTDIR: "a file is in the way",
    errno.EEXIST: "a file is in the way",
}


def ensure_dir(path: Path) -> Path:
    """Create the folder ``path`` (and its parents) if needed, and check it is writable.

    Called before a long run, so a wrong ``--out`` fails at once, not after the work.
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise OutputError(f"cannot create folder {path.as_posix()}: a file with that name exists")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"cannot create folder {path.as_posix()}: {_reason(err)}") from err
    if not os.access(path, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write to folder {path.as_posix()}: permission denied")
    return path


def write_atomic(path: Path, data: bytes | str) -> None:
    """Replace ``path`` with ``data`` (``str`` is written as UTF-8) in one rename.

    On any error the temporary file is removed and the old ``path``, if there was
    one, is left untouched. The new file gets the old file's permissions, or the
    usual ones for a new file (``0o666`` less the umask) rather than the ``0o600``
    that temporary files are created with.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(
            f"cannot write {path.as_posix()}: cannot create folder "
            f"{folder.as_posix()}: {_reason(err)}"
        ) from err
    temp_name: str | None = None
    try:
        mode = _target_mode(path)
        with tempfile.NamedTemporaryFile(
            mode="wb", dir=folder, prefix=f".{path.name}.", suffix=".tmp", delete=False
        ) as temp:
            temp_name = temp.name
            temp.write(payload)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
        temp_name = None
        _fsync_folder(folder)
        _remove_leftovers(path)
    except OSError as err:
        raise OutputError(f"cannot write {path.as_posix()}: {_reason(err)}") from err
    finally:
        if temp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)


def _remove_leftovers(path: Path) -> None:
    """Temporary files a killed earlier write of ``path`` left behind; a finished write
    proves they are stale. Files younger than a minute may be another writer's, and stay."""
    import time

    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            if time.time() - stale.stat().st_mtime > 60:
                stale.unlink()


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """``write_atomic`` for data made piece by piece: a binary file that replaces ``path``
    when the ``with`` block ends without an error, and vanishes if it raises."""
    path = Path(path)
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        mode = _target_mode(path)
        temp = tempfile.NamedTemporaryFile(
            mode="wb", dir=folder, prefix=f".{path.name}.", suffix=".tmp", delete=False)
    except OSError as err:
        raise OutputError(f"cannot write {path.as_posix()}: {_reason(err)}") from err
    done = False
    try:
        with temp:
            yield cast(BinaryIO, temp)
            temp.flush()
            os.fsync(temp.fileno())
        os.chmod(temp.name, mode)
        os.replace(temp.name, path)
        done = True
        _fsync_folder(folder)
    except OSError as err:
        raise OutputError(f"cannot write {path.as_posix()}: {_reason(err)}") from err
    finally:
        if not done:
            with contextlib.suppress(OSError):
                os.unlink(temp.name)


def _target_mode(path: Path) -> int:
    """Permissions for the new file: keep the old file's, else what ``open`` would give."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process umask, read without changing it where Linux allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # elsewhere the only way to read it is to set it
    os.umask(mask)
    return mask


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; some file systems cannot, and that is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _reason(err: OSError) -> str:
    """A short lower-case reason, without the errno number or the temporary file name."""
    if err.errno in _REASONS:
        return _REASONS[err.errno]
    return (err.strerror or str(err) or type(err).__name__).lower()
