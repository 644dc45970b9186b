"""Output files are replaced whole or not at all, and failures say which path and why."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from kg import atomic
from kg.atomic import ensure_dir, write_atomic
from kg.errors import OutputError

OLD = "@prefix kgr: <https://kabar.example/r/> .\nkgr:korea-utara a kg:State .\n"
NEW = "@prefix kgr: <https://kabar.example/r/> .\nkgr:rusia a kg:State .\n"


def test_atomic_writes_str_as_utf8_without_newline_translation(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    write_atomic(target, 'kgr:x rdfs:label "Menlu Retno 🇮🇩"@id .\r\n')
    assert target.read_bytes() == 'kgr:x rdfs:label "Menlu Retno 🇮🇩"@id .\r\n'.encode()


def test_atomic_writes_bytes_as_given(tmp_path: Path) -> None:
    target = tmp_path / "graph.nt"
    write_atomic(target, b"\x00\xff raw")
    assert target.read_bytes() == b"\x00\xff raw"


def test_atomic_replaces_old_file_and_leaves_nothing_else(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text(OLD)
    write_atomic(target, NEW)
    assert target.read_text() == NEW
    assert os.listdir(tmp_path) == ["graph.ttl"]


def test_atomic_creates_missing_folders(tmp_path: Path) -> None:
    target = tmp_path / "out" / "site" / "index.html"
    write_atomic(target, "<html></html>")
    assert target.read_text() == "<html></html>"


def test_atomic_failure_mid_write_keeps_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text(OLD)

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", disk_full)
    with pytest.raises(OutputError) as caught:
        write_atomic(target, NEW * 1000)
    assert str(caught.value) == f"cannot write {target.as_posix()}: no space left on device"
    assert target.read_text() == OLD
    assert os.listdir(tmp_path) == ["graph.ttl"]


def test_atomic_interrupt_keeps_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text(OLD)

    def interrupted(src: str, dst: Path) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, NEW)
    assert target.read_text() == OLD
    assert os.listdir(tmp_path) == ["graph.ttl"]


def test_atomic_unwritable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "readonly"
    folder.mkdir()
    target = folder / "graph.ttl"
    if os.geteuid() == 0:  # root writes through chmod, so fake what a user would hit

        def denied(*args: object, **kwargs: object) -> None:
            raise PermissionError(errno.EACCES, "Permission denied", str(folder / ".tmp"))

        monkeypatch.setattr(atomic.tempfile, "NamedTemporaryFile", denied)
    else:
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(OutputError) as caught:
            write_atomic(target, NEW)
    finally:
        folder.chmod(0o755)
    assert str(caught.value) == f"cannot write {target.as_posix()}: permission denied"
    assert os.listdir(folder) == []


def test_atomic_file_in_the_way_of_folder(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("not a folder")
    target = tmp_path / "out" / "graph.ttl"
    with pytest.raises(OutputError) as caught:
        write_atomic(target, NEW)
    assert str(caught.value) == (
        f"cannot write {target.as_posix()}: cannot create folder "
        f"{(tmp_path / 'out').as_posix()}: a file is in the way"
    )


def test_atomic_target_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "graph.ttl").mkdir()
    with pytest.raises(OutputError) as caught:
        write_atomic(tmp_path / "graph.ttl", NEW)
    assert (
        str(caught.value) == f"cannot write {(tmp_path / 'graph.ttl').as_posix()}: it is a folder"
    )
    assert sorted(os.listdir(tmp_path)) == ["graph.ttl"]


def test_atomic_new_file_gets_umask_permissions_not_0600(tmp_path: Path) -> None:
    old_mask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "graph.ttl", NEW)
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE((tmp_path / "graph.ttl").stat().st_mode) == 0o644


def test_atomic_keeps_permissions_of_replaced_file(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text(OLD)
    target.chmod(0o640)
    write_atomic(target, NEW)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_atomic_ensure_dir_creates_and_returns_folder(tmp_path: Path) -> None:
    folder = tmp_path / "out" / "site"
    assert ensure_dir(folder) == folder
    assert folder.is_dir()
    assert ensure_dir(folder) == folder


def test_atomic_ensure_dir_file_with_that_name(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("")
    with pytest.raises(OutputError) as caught:
        ensure_dir(tmp_path / "out")
    assert str(caught.value) == (
        f"cannot create folder {(tmp_path / 'out').as_posix()}: a file with that name exists"
    )
    assert caught.value.exit_code == 2


def test_atomic_ensure_dir_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("")
    with pytest.raises(OutputError) as caught:
        ensure_dir(tmp_path / "out" / "site")
    assert str(caught.value) == (
        f"cannot create folder {(tmp_path / 'out' / 'site').as_posix()}: a file is in the way"
    )


def test_atomic_ensure_dir_unwritable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "readonly"
    folder.mkdir()
    if os.geteuid() == 0:
        monkeypatch.setattr(atomic.os, "access", lambda path, mode: False)
    else:
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(OutputError) as caught:
            ensure_dir(folder)
    finally:
        folder.chmod(0o755)
    assert str(caught.value) == f"cannot write to folder {folder.as_posix()}: permission denied"


def test_atomic_write_removes_a_killed_writes_stale_temp_file(tmp_path: Path) -> None:
    import os
    import time

    target = tmp_path / "graph.ttl"
    stale = tmp_path / ".graph.ttl.abc123.tmp"
    stale.write_text("half a graph")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    write_atomic(target, "whole graph\n")
    assert target.read_text() == "whole graph\n"
    assert not stale.exists()
