"""One small exception tree; the CLI maps each to a one-line message and an exit code."""


class KabarError(Exception):
    """Base of every error a user can cause; ``exit_code`` is what the CLI returns."""

    exit_code = 2


class InputError(KabarError):
    """An input file or folder cannot be read as an article."""


class OntologyError(KabarError):
    """The data in ``ontology/`` is malformed: names the file and, where known, the line."""


class QueryError(KabarError):
    """A SPARQL query is malformed, is an update, or timed out."""


class GraphError(KabarError):
    """A graph file is missing or does not parse."""


class OutputError(KabarError):
    """An output file or folder cannot be written."""


class ValidationFailed(KabarError):
    """The graph does not conform to the SHACL shapes."""

    exit_code = 1
