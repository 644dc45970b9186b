"""Check a built graph against the SHACL shapes in ``ontology/shapes.ttl``.

The shapes are the contract of what a Kabar graph says (typed entities with one label,
relation objects of the right class, well-formed claims, estimates and documents, and an
evidence statement for every relation triple). A broken shapes file is the user's to fix,
so it raises :class:`~kg.errors.OntologyError` naming the file; a graph that does not
conform is not an error here: the caller decides (the CLI exits 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyshacl
from pyshacl.errors import ReportableRuntimeError
from rdflib import Graph
from rdflib.namespace import RDF, SH

from kg.errors import OntologyError
from kg.lexicon import default_ontology_dir

SHAPES_FILE = "shapes.ttl"


@dataclass(frozen=True)
class ValidationResult:
    """What pySHACL found: ``report_text`` is its human-readable report."""

    conforms: bool
    report_text: str
    violations: int


def default_shapes_path() -> Path:
    """``shapes.ttl`` in the ontology folder (``$KABAR_ONTOLOGY`` or the repo's ``ontology/``)."""
    return default_ontology_dir() / SHAPES_FILE


def load_shapes(path: Path | None = None) -> Graph:
    """Parse the shapes file; a missing or malformed file raises ``OntologyError``."""
    path = Path(path) if path is not None else default_shapes_path()
    if not path.is_file():
        raise OntologyError(f"{path}: shapes file not found; set KABAR_ONTOLOGY or pass a path")
    shapes = Graph()
    try:
        shapes.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several types; all mean "fix this file"
        detail = " ".join(str(exc).split())
        raise OntologyError(f"{path}: not valid Turtle: {detail[:300]}") from None
    return shapes


def validate(graph: Graph, shapes_path: Path | None = None) -> ValidationResult:
    """Validate ``graph`` against the shapes (default: the ontology folder's ``shapes.ttl``).

    No inference is run: the graph must state each entity's class itself, as the spec asks.
    """
    path = Path(shapes_path) if shapes_path is not None else default_shapes_path()
    shapes = load_shapes(path)
    try:
        conforms, report_graph, report_text = pyshacl.validate(
            graph,
            shacl_graph=shapes,
            ont_graph=None,
            inference="none",
            advanced=True,
        )
    except ReportableRuntimeError as exc:  # ShapeLoadError, ConstraintLoadError, bad SPARQL
        detail = " ".join(str(exc).split())
        raise OntologyError(f"{path}: not valid SHACL: {detail[:300]}") from None
    if not isinstance(report_graph, Graph):  # pySHACL returns, not raises, a ValidationFailure
        detail = " ".join(str(getattr(report_graph, "message", report_text)).split())
        raise OntologyError(f"{path}: not valid SHACL: {detail[:300]}")
    violations = sum(1 for _ in report_graph.subjects(RDF.type, SH.ValidationResult))
    return ValidationResult(
        conforms=bool(conforms), report_text=str(report_text), violations=violations
    )
