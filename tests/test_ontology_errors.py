"""Mistakes in ontology/ data: each is an OntologyError naming the file and line, and the
CLI prints one `Error: …` line and exits 2 — never a traceback.

Each case copies the shipped ontology/ into tmp_path and adds one bad file from
tests/data/bad/turtle/ (named zz_… so it loads after the shipped files).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import OntologyError
from kg.lexicon import load_lexicon

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology"
BAD_TURTLE = Path(__file__).parent / "data" / "bad" / "turtle"
STATES = ONTOLOGY / "gazetteer" / "states.ttl"


def ontology_with(tmp_path: Path, fixture: str | None = None, folder: str = "gazetteer") -> Path:
    """A copy of ontology/ with one bad file added; returns the copy (a new path each test,
    so load_lexicon's per-folder cache never hides the error)."""
    copy = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY, copy)
    if fixture:
        shutil.copy(BAD_TURTLE / fixture, copy / folder / f"zz_{fixture}")
    return copy


def error_of(folder: Path) -> str:
    with pytest.raises(OntologyError) as caught:
        load_lexicon(folder)
    assert caught.value.exit_code == 2
    message = str(caught.value)
    assert "\n" not in message
    return message


def line_in(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text in line)


def test_ontology_copy_without_changes_loads(tmp_path: Path) -> None:
    assert "north-korea" in load_lexicon(ontology_with(tmp_path)).entities


def test_ontology_broken_turtle_names_file_and_line(tmp_path: Path) -> None:
    folder = ontology_with(tmp_path, "broken_turtle.ttl")
    assert error_of(folder) == (
        f"{folder}/gazetteer/zz_broken_turtle.ttl:9: not valid Turtle: "
        "newline found in string literal"
    )


def test_ontology_broken_shipped_file_names_it(tmp_path: Path) -> None:
    folder = ontology_with(tmp_path)
    triggers = folder / "lexicon" / "triggers.ttl"
    lines = triggers.read_text(encoding="utf-8").splitlines()
    added = ['kgl:rusak a kgl:Trigger ; kgl:root "bantah ;', "    kgl:relation kg:denies ."]
    triggers.write_text("\n".join([*lines, *added, ""]), encoding="utf-8")
    assert error_of(folder) == (
        f"{triggers}:{len(lines) + 1}: not valid Turtle: newline found in string literal"
    )


def test_ontology_unknown_property_names_file_and_line(tmp_path: Path) -> None:
    folder = ontology_with(tmp_path, "unknown_property.ttl")
    assert error_of(folder) == (
        f"{folder}/gazetteer/zz_unknown_property.ttl:10: "
        "unknown property kgl:capital on kgr:negeri-contoh"
    )


def test_ontology_alias_of_two_entities_names_both(tmp_path: Path) -> None:
    folder = ontology_with(tmp_path, "alias_twice.ttl")
    states = folder / "gazetteer" / "states.ttl"
    line = line_in(STATES, 'rdfs:label "Korea Utara"')
    assert error_of(folder) == (
        f"{folder}/gazetteer/zz_alias_twice.ttl:9: alias 'Korea Utara' of juru-bicara-contoh "
        f"is already an alias of north-korea ({states}:{line}); "
        "an alias names one entity"
    )


def test_ontology_file_not_utf8_names_line_and_byte(tmp_path: Path) -> None:
    folder = ontology_with(tmp_path, "latin1.ttl")
    assert error_of(folder) == (
        f"{folder}/gazetteer/zz_latin1.ttl:1: not valid UTF-8 (byte 0xe9); save the file as UTF-8"
    )


def test_ontology_title_without_label_is_an_error_not_a_crash(tmp_path: Path) -> None:
    # regression: an IndexError from `_strings(...)[0]` escaped as a traceback
    folder = ontology_with(tmp_path, "title_without_label.ttl", "lexicon")
    assert error_of(folder) == (
        f"{folder}/lexicon/zz_title_without_label.ttl:5: kgl:title-contoh has no rdfs:label"
    )


@pytest.mark.parametrize(
    ("file", "addition", "message"),
    [
        ("lexicon/numbers.ttl", "kgl:q-rusak a kgl:Qualifier ; kgl:form \"kira\" .",
         "kgl:q-rusak has no kgl:qualifierValue"),
        ("lexicon/cues.ttl", "kgl:c-rusak a kgl:Cue ; kgl:form \"tidak\" .",
         "kgl:c-rusak has no kgl:cueType"),
        ("lexicon/furniture.ttl", "kgl:f-rusak a kgl:FurniturePattern ; kgl:pattern \"x\" .",
         "kgl:f-rusak has no kgl:scope"),
        ("lexicon/triggers.ttl", "kgl:t-rusak a kgl:Trigger ; kgl:root \"bantah\" .",
         "kgl:t-rusak has no kgl:relation"),
        ("gazetteer/sources.ttl", "kgl:s-rusak a kgl:NewsSource ; kgl:domain \"x.id\" .",
         "kgl:s-rusak has no rdfs:label"),
        ("lexicon/furniture.ttl",
         "kgl:f-rusak a kgl:FurniturePattern ; kgl:scope \"line\" ; kgl:pattern \"([\" .",
         "bad regular expression '([': unterminated character set at position 1"),
    ],
)
def test_ontology_lexicon_entry_missing_a_value_names_file_and_line(
    tmp_path: Path, file: str, addition: str, message: str
) -> None:
    folder = ontology_with(tmp_path)
    path = folder / file
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(f"{text}\n\n{addition}\n", encoding="utf-8")
    line = len(text.splitlines()) + 2
    assert error_of(folder) == f"{path}:{line}: {message}"


def test_ontology_represents_a_string_names_file_and_line(tmp_path: Path) -> None:
    folder = ontology_with(tmp_path, "represents_literal.ttl")
    assert error_of(folder) == (
        f"{folder}/gazetteer/zz_represents_literal.ttl:10: kg:represents of kgr:menteri-contoh "
        "must be a kgr: entity, not \"Korea Utara\""
    )


def test_ontology_entity_outside_kgr_names_file_and_line(tmp_path: Path) -> None:
    folder = ontology_with(tmp_path)
    people = folder / "gazetteer" / "people.ttl"
    text = people.read_text(encoding="utf-8").rstrip("\n")
    people.write_text(f"{text}\n<http://example.org/x> a kg:Official ; rdfs:label \"X\"@id .\n",
                      encoding="utf-8")
    assert error_of(folder) == (
        f"{people}:{len(text.splitlines()) + 1}: entity <http://example.org/x> must have an IRI "
        "in the kgr: namespace (https://w3id.org/kabar/resource/)"
    )


def test_ontology_folder_not_found(tmp_path: Path) -> None:
    assert error_of(tmp_path / "tiada") == (
        f"ontology folder not found: {tmp_path / 'tiada'}; set KABAR_ONTOLOGY or run from the repo"
    )


def test_ontology_folder_without_turtle_files(tmp_path: Path) -> None:
    assert error_of(tmp_path) == (
        f"{tmp_path}: no gazetteer/*.ttl or lexicon/*.ttl files; "
        "set KABAR_ONTOLOGY to a folder laid out like Kabar's ontology/"
    )


def test_ontology_ttl_that_is_a_folder(tmp_path: Path) -> None:
    folder = ontology_with(tmp_path)
    (folder / "gazetteer" / "zz.ttl").mkdir()
    assert error_of(folder) == f"{folder}/gazetteer/zz.ttl: cannot read: is a directory"


runner = CliRunner()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ontology_cli_build_with_broken_ontology_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    folder = ontology_with(tmp_path, "broken_turtle.ttl")
    monkeypatch.setenv("KABAR_ONTOLOGY", str(folder))
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(ROOT / "seeds"), "--out", str(out), "--jobs", jobs])
    assert result.exit_code == 2, result.output
    assert result.output == (
        f"Error: {folder}/gazetteer/zz_broken_turtle.ttl:9: not valid Turtle: "
        "newline found in string literal\n"
    )
    assert not (out / "graph.ttl").exists()


def test_ontology_cli_evaluate_with_broken_ontology_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = ontology_with(tmp_path, "alias_twice.ttl")
    monkeypatch.setenv("KABAR_ONTOLOGY", str(folder))
    unseen = Path(__file__).parent / "data" / "unseen"
    result = runner.invoke(app, ["evaluate", str(unseen / "gold.json"), "--texts", str(unseen)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"Error: {folder}/gazetteer/zz_alias_twice.ttl:9: alias ")
    assert result.stderr.count("\n") == 1 and result.stdout == ""


def test_ontology_cli_env_change_is_seen_after_a_good_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # regression: load_lexicon() was cached under None, so a later KABAR_ONTOLOGY was ignored
    load_lexicon()
    monkeypatch.setenv("KABAR_ONTOLOGY", str(tmp_path / "tiada"))
    result = runner.invoke(app, ["build", str(ROOT / "seeds"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.output == (
        f"Error: ontology folder not found: {tmp_path / 'tiada'}; "
        "set KABAR_ONTOLOGY or run from the repo\n"
    )


def test_ontology_cli_subprocess_prints_no_traceback(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = ontology_with(tmp_path, "unknown_property.ttl")
    done = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(ROOT / "seeds"), "--out", str(tmp_path / "o")],
        capture_output=True, text=True, env={**os.environ, "KABAR_ONTOLOGY": str(folder)},
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr == (
        f"Error: {folder}/gazetteer/zz_unknown_property.ttl:10: "
        "unknown property kgl:capital on kgr:negeri-contoh\n"
    )
    assert done.stdout == ""
