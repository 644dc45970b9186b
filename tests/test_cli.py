"""The kg command in-process: help, happy paths into tmp_path, exact errors, README coverage."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
COMMANDS = ["build", "query", "export", "render", "validate", "evaluate"]


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_every_command_has_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: kg " + command in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_every_command_is_in_the_readme(command: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"\bkg {command}\b", readme)


def test_cli_build_writes_graph_and_html_and_summary(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["build", str(ROOT / "seeds"), "--out", str(tmp_path), "--jobs", "1"]
    )
    assert result.exit_code == 0, result.output
    assert "documents: 5 read, 0 skipped" in result.output
    assert "denies" in result.output and "estimates" in result.output
    assert (tmp_path / "graph.ttl").stat().st_size > 0
    assert (tmp_path / "graph.html").stat().st_size > 0


def test_cli_query_estimates_lists_the_conflicting_troop_counts(seed_build) -> None:
    out, _ = seed_build
    result = runner.invoke(
        app, ["query", "estimates", "--graph", str(out / "graph.ttl"), "--format", "csv"]
    )
    assert result.exit_code == 0
    values = {line.split(",")[1] for line in result.output.splitlines()[1:]}
    assert {"1500", "10000", "11000", "8000", "3000"} <= values


def test_cli_query_list_names_shipped_queries() -> None:
    result = runner.invoke(app, ["query", "--list"])
    assert result.exit_code == 0
    for name in ["denials", "estimates", "ratifications", "summons", "evidence", "entities"]:
        assert re.search(rf"^{name}\s", result.output, re.MULTILINE)


def test_cli_query_refuses_updates(seed_build) -> None:
    out, _ = seed_build
    result = runner.invoke(
        app, ["query", "DELETE WHERE { ?s ?p ?o }", "--graph", str(out / "graph.ttl")]
    )
    assert result.exit_code == 2
    assert result.output.strip() == (
        "Error: updates are not allowed: kg query is read-only (SELECT, ASK, CONSTRUCT, DESCRIBE)"
    )


def test_cli_query_malformed_sparql_gives_line_and_column(seed_build) -> None:
    out, _ = seed_build
    result = runner.invoke(
        app, ["query", "SELECT ?x WHERE { ?x ?y }", "--graph", str(out / "graph.ttl")]
    )
    assert result.exit_code == 2
    assert result.output.startswith("Error: malformed SPARQL: error at 1:26")


def test_cli_query_missing_graph_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["query", "estimates", "--graph", str(tmp_path / "none.ttl")])
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"Error: graph not found: {tmp_path / 'none.ttl'}; run `kg build` first or pass --graph"
    )


def test_cli_query_ask_and_construct(seed_build) -> None:
    out, _ = seed_build
    graph = str(out / "graph.ttl")
    ask = runner.invoke(app, ["query", "ASK { ?s kg:summons ?o }", "--graph", graph])
    assert ask.output == "true\n"
    construct = runner.invoke(
        app, ["query", "CONSTRUCT { ?s kg:denies ?o } WHERE { ?s kg:denies ?o }", "--graph", graph]
    )
    assert "kg:denies" in construct.output


def test_cli_evidence_for_an_entity_by_alias(seed_build) -> None:
    out, _ = seed_build
    result = runner.invoke(
        app, ["query", "evidence", "Nebenzia", "--graph", str(out / "graph.ttl"), "--format", "tsv"]
    )
    assert result.exit_code == 0
    assert "dibantah oleh Nebenzia" in result.output


def test_cli_build_missing_input_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert result.output.strip() == f"Error: input not found: {tmp_path / 'nope'}"
    assert not (tmp_path / "o" / "graph.ttl").exists()


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld", "rdfxml", "trig", "nquads"])
def test_cli_export_formats_parse_again(seed_build, tmp_path: Path, fmt: str) -> None:
    import pyoxigraph as ox

    from kg.store import FORMATS

    out, _ = seed_build
    target = tmp_path / f"g.{fmt}"
    result = runner.invoke(
        app, ["export", "--graph", str(out / "graph.ttl"), "--format", fmt, "--out", str(target)]
    )
    assert result.exit_code == 0, result.output
    quads = list(ox.parse(path=str(target), format=FORMATS[fmt]))
    assert len(quads) > 500
    if fmt in {"trig", "nquads"}:
        graphs = {str(q.graph_name) for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)}
        assert len(graphs) == 5  # one named graph per seed document


def test_cli_render_writes_offline_html(seed_build, tmp_path: Path) -> None:
    out, _ = seed_build
    result = runner.invoke(
        app, ["render", "--graph", str(out / "graph.ttl"), "--out", str(tmp_path / "g.html")]
    )
    assert result.exit_code == 0, result.output
    assert "nodes" in result.output


def test_cli_evaluate_prints_scores_and_traps() -> None:
    result = runner.invoke(
        app,
        [
            "evaluate",
            str(ROOT.parent / "shared" / "gold" / "seeds.json"),
            "--texts",
            str(ROOT / "seeds"),
        ],
    )
    if not (ROOT.parent / "shared").exists():
        pytest.skip("../shared is not beside the repo")
    assert result.exit_code == 0
    assert "CORE" in result.output and "traps hit (0)" in result.output


def test_cli_validate_seed_graph_conforms(seed_build) -> None:
    out, _ = seed_build
    result = runner.invoke(app, ["validate", "--graph", str(out / "graph.ttl")])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"{out / 'graph.ttl'}: conforms to the shapes"


def test_cli_build_prints_what_the_readme_shows(tmp_path: Path) -> None:
    """The README's example of ``kg build seeds/`` is the output a user gets today."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("$ kg build seeds/\n", 1)[1].split("```", 1)[0].splitlines()
    result = runner.invoke(app, ["build", str(ROOT / "seeds"), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    printed = result.output.replace(str(tmp_path), "out").splitlines()
    assert printed == shown
