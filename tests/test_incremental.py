"""Incremental builds: a re-run extracts only new or changed files, a removed file's facts
leave the graph, and the result is always the bytes of a full rebuild."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

import kg.pipeline as pipeline
import kg.store_patch as store_patch
from kg.cache import CACHE_DIR, CachedDocument, DocumentCache, content_key, fingerprint
from kg.cli import app
from kg.listing import SUMMARY_FILE
from kg.model import Entity
from kg.pipeline import build
from kg.store import persisted_store
from kg.store_patch import CONTENTS_FILE

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Seeds and held-out articles in a folder the test may change."""
    folder = tmp_path / "articles"
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    shutil.copytree(ROOT / "tests" / "data" / "unseen", folder / "unseen",
                    ignore=shutil.ignore_patterns("*.json"))
    return folder


def _full(corpus: Path, out: Path) -> bytes:
    build([corpus], out, html=False, cache=False)
    return (out / "graph.ttl").read_bytes()


def _incremental(corpus: Path, out: Path) -> pipeline.BuildResult:
    return build([corpus], out, html=False, jobs=2)


def test_incremental_rerun_extracts_nothing(corpus: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    first = _incremental(corpus, out)
    assert (first.extracted, first.reused) == (15, 0)
    monkeypatch.setattr(pipeline, "_unchanged", lambda *args: False)  # force the merge
    second = _incremental(corpus, out)
    assert (second.extracted, second.reused) == (0, 15)
    assert (out / "graph.ttl").read_bytes() == _full(corpus, tmp_path / "full")


def test_incremental_unchanged_inputs_skip_the_merge(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _incremental(corpus, out)
    stamp = (out / "graph.ttl").stat().st_mtime_ns
    second = _incremental(corpus, out)
    assert second.unchanged and second.counts == first.counts
    assert second.warnings == first.warnings
    assert (out / "graph.ttl").stat().st_mtime_ns == stamp


def test_incremental_changed_file_is_extracted_again(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _incremental(corpus, out)
    article = corpus / "seeds" / "003_bb98f7687318e70a.txt"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("8.000 tentara", "9.000 tentara"), encoding="utf-8")
    result = _incremental(corpus, out)
    assert (result.extracted, result.reused) == (1, 14)
    turtle = (out / "graph.ttl").read_bytes()
    assert turtle == _full(corpus, tmp_path / "full")
    assert b"9.000 tentara" in turtle and b"8.000 tentara" not in turtle


def test_incremental_removed_file_leaves_the_graph(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _incremental(corpus, out)
    removed = corpus / "unseen" / "005_iran_bantah_pasok_drone_sudan.txt"
    doc_name = removed.name.encode()
    assert doc_name in (out / "graph.ttl").read_bytes()
    removed.unlink()
    result = _incremental(corpus, out)
    assert (result.extracted, result.reused) == (0, 14)
    turtle = (out / "graph.ttl").read_bytes()
    assert doc_name not in turtle
    assert turtle == _full(corpus, tmp_path / "full")


def test_incremental_new_and_renamed_files(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _incremental(corpus, out)
    shutil.move(corpus / "seeds" / "000_d118810884ff8f68.txt", corpus / "seeds" / "renamed.txt")
    shutil.copy(ROOT / "tests" / "data" / "heldout" / "007_serbia_bantah_serangan_kosovo.txt",
                corpus / "new.txt")
    result = _incremental(corpus, out)
    assert (result.extracted, result.reused) == (1, 15)  # a renamed file is the same content
    turtle = (out / "graph.ttl").read_bytes()
    assert b'"renamed.txt"' in turtle and b'"000_d118810884ff8f68.txt"' not in turtle
    assert turtle == _full(corpus, tmp_path / "full")


def test_incremental_new_copy_of_a_cached_file_warns_as_a_duplicate(corpus: Path,
                                                                    tmp_path: Path) -> None:
    out = tmp_path / "out"
    _incremental(corpus, out)
    shutil.copy(corpus / "seeds" / "001_5c6d80f55d24bf65.txt", corpus / "seeds" / "copy.txt")
    result = _incremental(corpus, out)
    seeds = (corpus / "seeds").as_posix()
    assert f"duplicate: {seeds}/copy.txt is the same article as {seeds}/001_5c6d80f55d24bf65.txt" \
        in result.warnings
    assert (out / "graph.ttl").read_bytes() == _full(corpus, tmp_path / "full")


def test_incremental_html_and_summary_match_a_full_build(corpus: Path, tmp_path: Path) -> None:
    first = build([corpus], tmp_path / "a")
    (corpus / "seeds" / "002_872a19423decc652.txt").unlink()
    second = build([corpus], tmp_path / "a")
    full = build([corpus], tmp_path / "b", cache=False)
    assert second.counts == full.counts != first.counts
    for name in ("graph.ttl", "graph.html"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_incremental_ontology_edit_invalidates_the_cache(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    ontology = tmp_path / "ontology"
    shutil.copytree(ROOT / "ontology", ontology)
    monkeypatch.setenv("KABAR_ONTOLOGY", str(ontology))
    before = fingerprint()
    triggers = ontology / "lexicon" / "triggers.ttl"
    triggers.write_text(triggers.read_text(encoding="utf-8") + "\n# a new trigger soon\n",
                        encoding="utf-8")
    assert fingerprint() != before


def test_incremental_library_upgrade_invalidates_the_cache(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: a new Sastrawi or dateparser changes what a file yields, but the cache
    was keyed by Kabar's own code only, so a re-run mixed old results into the graph."""
    from importlib import metadata

    import kg.cache as cache

    names = {line.split("==")[0] for line in cache.dependency_versions()}
    assert {"pysastrawi", "dateparser", "trafilatura", "charset-normalizer", "rdflib",
            "pyoxigraph", "regex"} <= names  # regex: dateparser's, found through it
    before = fingerprint()
    real = metadata.distribution

    class Upgraded:
        def __init__(self, dist: metadata.Distribution) -> None:
            self.requires, self.version = dist.requires, dist.version + ".post1"

    monkeypatch.setattr(cache.metadata, "distribution", lambda name: Upgraded(real(name))
                        if name == "dateparser" else real(name))
    assert fingerprint() != before


def test_incremental_new_fingerprint_extracts_everything_and_drops_the_old_cache(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    _incremental(corpus, out)
    old = {p.name for p in (out / CACHE_DIR).iterdir() if p.is_dir()}
    monkeypatch.setattr(pipeline, "fingerprint", lambda: "f" * 64)
    result = _incremental(corpus, out)
    assert (result.extracted, result.reused) == (15, 0)
    assert {p.name for p in (out / CACHE_DIR).iterdir() if p.is_dir()} == {"f" * 24}
    assert old != {"f" * 24}


def _entries(out: Path) -> dict[str, bytes]:
    """The cache's entries as stored: key -> bytes."""
    with contextlib.closing(sqlite3.connect(DocumentCache(out, fingerprint()).path)) as db:
        return dict(db.execute("SELECT key, data FROM entries"))


def test_incremental_removed_files_are_pruned_from_the_cache(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _incremental(corpus, out)
    before = _entries(out)
    assert len(before) == 15
    shutil.rmtree(corpus / "unseen")
    _incremental(corpus, out)
    after = _entries(out)
    assert len(after) == 5 and after.items() <= before.items()


def test_incremental_cache_shrinks_when_most_files_are_removed(corpus: Path,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "out"
    _incremental(corpus, out)
    database = DocumentCache(out, fingerprint()).path
    size = database.stat().st_size
    shutil.rmtree(corpus / "unseen")
    _incremental(corpus, out)
    assert database.stat().st_size < size / 2


def test_incremental_corrupt_cache_entry_is_extracted_again(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    _incremental(corpus, out)
    with contextlib.closing(sqlite3.connect(DocumentCache(out, fingerprint()).path)) as db:
        db.execute("UPDATE entries SET data = CAST('not zlib' AS BLOB)")
        db.commit()
    monkeypatch.setattr(pipeline, "_unchanged", lambda *args: False)
    result = _incremental(corpus, out)
    assert (result.extracted, result.reused) == (15, 0)
    assert (out / "graph.ttl").read_bytes() == _full(corpus, tmp_path / "full")


@pytest.mark.parametrize("damage", [
    b"not a database at all",
    b"SQLite format 3\x00" + b"\xff" * 4096,
], ids=["not-sqlite", "garbled-header"])
def test_incremental_unreadable_cache_database_is_replaced(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes) -> None:
    out = tmp_path / "out"
    _incremental(corpus, out)
    database = DocumentCache(out, fingerprint()).path
    database.write_bytes(damage)
    monkeypatch.setattr(pipeline, "_unchanged", lambda *args: False)
    result = _incremental(corpus, out)
    assert (result.extracted, result.reused) == (15, 0)
    assert (out / "graph.ttl").read_bytes() == _full(corpus, tmp_path / "full")
    again = _incremental(corpus, out)
    assert (again.extracted, again.reused) == (0, 15)  # the new database holds every entry


def test_incremental_cache_of_another_table_layout_is_replaced(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    database = DocumentCache(out, fingerprint()).path
    database.parent.mkdir(parents=True)
    with contextlib.closing(sqlite3.connect(database)) as db:
        db.execute("CREATE TABLE entries (name TEXT)")
        db.commit()
    first = _incremental(corpus, out)
    assert (first.extracted, first.reused) == (15, 0)
    monkeypatch.setattr(pipeline, "_unchanged", lambda *args: False)
    second = _incremental(corpus, out)
    assert (second.extracted, second.reused) == (0, 15)


def test_incremental_entries_are_written_per_batch_in_one_transaction(tmp_path: Path) -> None:
    writer = DocumentCache(tmp_path, "f" * 64)
    reader = DocumentCache(tmp_path, "f" * 64)
    entry = CachedDocument("doc-1", "ab" * 32, "a.txt", ("a.txt: no date",),
                           {"rusia": Entity("rusia", "State", "Rusia", frozenset({"Moskow"}))},
                           3, ('<https://w3id.org/kabar/resource/doc-1> <p> "a\\nb"',))
    writer.put("k1", entry)
    writer.put("k2", entry)
    assert reader.get("k1") is None  # kept until the batch ends
    writer.close()
    assert reader.get("k1") == entry == reader.get("k2")


def test_cli_build_reports_the_cache(corpus: Path, tmp_path: Path) -> None:
    args = ["build", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-html"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "cache:" not in first.output
    (corpus / "seeds" / "004_158c1db966d4b687.txt").write_text("JAKARTA - Rusia membantah tuduhan "
                                                               "itu.\n", encoding="utf-8")
    second = runner.invoke(app, args)
    assert "cache:     14 reused, 1 extracted" in second.output.splitlines()
    third = runner.invoke(app, args)
    assert "cache:     nothing changed since the last build" in third.output.splitlines()
    assert third.output.splitlines()[:4] == second.output.splitlines()[:4]


# -- the on-disk store, patched in place ---------------------------------------------------------

def _store_state(out: Path) -> tuple[list[str], str]:
    """The store's triples (sorted N-Triples lines) and the statistics it keeps."""
    folder = persisted_store(out / "graph.ttl")
    assert folder is not None, "no current store"
    store = ox.Store.read_only(str(folder))
    lines = sorted(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
                   .decode("utf-8").splitlines())
    return lines, (folder / SUMMARY_FILE).read_text(encoding="utf-8")


def _stored(corpus: Path, out: Path) -> pipeline.BuildResult:
    return build([corpus], out, html=False, jobs=2, store="oxigraph")


def _full_store(corpus: Path, out: Path) -> tuple[list[str], str]:
    build([corpus], out, html=False, cache=False, store="oxigraph")
    return _store_state(out)


def _denials(lines: list[str]) -> set[str]:
    return {line for line in lines if "/ontology#denies> <" in line}


def test_incremental_store_is_patched_to_what_a_full_load_holds(corpus: Path,
                                                                tmp_path: Path) -> None:
    """A file leaves whose denial another article also states: the denial stays, the file's
    evidence goes, and the store holds what a full load of the new graph holds."""
    article = corpus / "seeds" / "003_bb98f7687318e70a.txt"
    text = article.read_text(encoding="utf-8")
    (corpus / "longer.txt").write_text(text + "\nDemikian laporan kami.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert _stored(corpus, out).store_patch is None  # the first build loads it in full
    before, _ = _store_state(out)
    doc = next(line.split()[0] for line in before
               if line.endswith(f'/ontology#fileName> "{article.name}" .'))
    article.unlink()
    result = _stored(corpus, out)
    assert result.store_patch == (1, 0)
    after, summary = _store_state(out)
    assert (after, summary) == _full_store(corpus, tmp_path / "full")
    assert _denials(before) and _denials(after) == _denials(before)
    assert not [line for line in after if doc in line]
    assert len(after) < len(before)


def test_incremental_store_patch_takes_new_changed_and_renamed_files(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "PATCH_MAX_SHARE", 0.5)  # 4 of 15: patched all the same
    out = tmp_path / "out"
    _stored(corpus, out)
    article = corpus / "seeds" / "003_bb98f7687318e70a.txt"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("8.000 tentara", "9.000 tentara"), encoding="utf-8")
    shutil.move(corpus / "seeds" / "000_d118810884ff8f68.txt", corpus / "renamed.txt")
    result = _stored(corpus, out)
    assert result.store_patch == (2, 2)  # a change and a move: one pair out and one in each
    assert (result.extracted, result.reused) == (1, 14)
    lines, summary = _store_state(out)
    assert (lines, summary) == _full_store(corpus, tmp_path / "full")
    assert any('"9.000 tentara' in line for line in lines)
    assert not any('"8.000 tentara' in line for line in lines)


def test_incremental_store_is_loaded_in_full_when_much_changed(corpus: Path,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "out"
    _stored(corpus, out)
    for name in ("001_filipina_panggil_dubes_china.txt", "002_jepang_panggil_dubes_china.txt"):
        (corpus / "unseen" / name).unlink()  # 2 of 15 files: more than PATCH_MAX_SHARE
    result = _stored(corpus, out)
    assert result.store_patch is None
    assert _store_state(out) == _full_store(corpus, tmp_path / "full")


def test_incremental_store_of_other_code_is_loaded_in_full(corpus: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Another fingerprint means every file may yield other triples, though none changed."""
    out = tmp_path / "out"
    _stored(corpus, out)
    (corpus / "seeds" / "002_872a19423decc652.txt").unlink()
    monkeypatch.setattr(pipeline, "fingerprint", lambda: "f" * 64)
    result = _stored(corpus, out)
    assert result.store_patch is None
    assert json.loads((result.store / CONTENTS_FILE).read_bytes())["fingerprint"] == "f" * 64


def test_incremental_store_patch_that_fails_loads_the_store_in_full(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    _stored(corpus, out)
    (corpus / "seeds" / "002_872a19423decc652.txt").unlink()
    monkeypatch.setattr(store_patch, "_chunks", lambda lines: iter([b"<broken .\n"]))
    result = _stored(corpus, out)
    assert result.store_patch is None
    failure = [w for w in result.warnings if w.startswith("cannot update the store")]
    assert len(failure) == 1 and failure[0].endswith("; loading it in full")
    assert _store_state(out) == _full_store(corpus, tmp_path / "full")
    again = _stored(corpus, out)  # nothing changed: the manifest answers, without the warning
    assert again.unchanged and not [w for w in again.warnings if "cannot update" in w]


def test_incremental_store_patch_is_not_made_without_the_cache_of_what_left(
        corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _stored(corpus, out)
    removed = corpus / "seeds" / "002_872a19423decc652.txt"
    key = content_key(removed.read_bytes(), removed)
    removed.unlink()
    with contextlib.closing(sqlite3.connect(DocumentCache(out, fingerprint()).path)) as db:
        db.execute("DELETE FROM entries WHERE key = ?", (key,))
        db.commit()
    assert _stored(corpus, out).store_patch is None
    assert _store_state(out) == _full_store(corpus, tmp_path / "full")


def test_cli_build_reports_a_patched_store(corpus: Path, tmp_path: Path) -> None:
    args = ["build", str(corpus), "--out", str(tmp_path / "out"), "--no-html",
            "--store", "oxigraph"]
    assert runner.invoke(app, args).exit_code == 0
    (corpus / "seeds" / "004_158c1db966d4b687.txt").unlink()
    second = runner.invoke(app, args)
    assert second.exit_code == 0, second.output
    assert "store:     updated in place: 1 files' facts out, 0 in" in second.output.splitlines()


def test_incremental_store_under_the_auto_threshold_is_removed_not_patched(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    first = build([corpus], out, html=False)
    monkeypatch.setattr(pipeline, "STORE_AUTO_TRIPLES", first.counts["triples"] - 1)
    assert build([corpus], tmp_path / "kept", html=False).store is not None
    (corpus / "seeds" / "002_872a19423decc652.txt").unlink()  # the graph drops under it
    result = build([corpus], tmp_path / "kept", html=False)
    assert result.store is None and result.store_patch is None
    assert not (tmp_path / "kept" / "graph.oxigraph").exists()
