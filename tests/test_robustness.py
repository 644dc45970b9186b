"""Faults and hostile input end to end: a build killed mid-run, an output folder that cannot
be written, folders of bad files, articles that try to run code, runaway and malicious
queries. Each case is a row of the README's "Bad input" table."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.namespace import RDF
from typer.testing import CliRunner

from kg.cli import app
from kg.vocab import KG

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BAD = Path(__file__).parent / "data" / "bad"
XSS_ARTICLE = Path(__file__).parent / "data" / "xss_article.txt"
runner = CliRunner()

ARTICLE = "Korea Utara membantah telah mengirim pasukan ke Rusia, Senin (21/10/2024).\n"
SUBJECTS = ["Korea Utara", "Rusia", "Korea Selatan", "Ukraina", "Amerika Serikat", "Jepang",
            "China", "Iran"]


def generated_article(i: int) -> str:
    """A short article, different for every ``i``, with a denial, an estimate and a decline."""
    a, b = SUBJECTS[i % 8], SUBJECTS[(i * 3 + 1) % 8]
    troops = f"{1000 + 7 * i:,}".replace(",", ".")
    return (
        f"{a} Bantah Tuduhan {b} soal Pasukan ke-{i}\n\n"
        f"JAKARTA – {a} membantah klaim {b} bahwa pasukannya dikirim ke Rusia, "
        f"Senin ({1 + i % 28}/10/2024).\n"
        f"{b} memperkirakan sedikitnya {troops} tentara berada di wilayah itu.\n"
        f'Juru bicara {a} menyebut laporan itu "rumor tak berdasar" dalam pertemuan ke-{i}.\n'
        f"{a} menolak memberikan konfirmasi atas laporan nomor {i}.\n"
    )


def parses_everywhere(path: Path) -> int:
    """Triples in a Turtle file, after checking rdflib and Oxigraph read the same number."""
    graph = Graph().parse(path, format="turtle")
    assert len(list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))) == len(graph)
    return len(graph)


def invoke(*args: str):
    return runner.invoke(app, list(args))


# --- outputs: an interrupted build keeps the previous graph ---------------------------------


def children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (the build's worker processes)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def write_articles(folder: Path, count: int) -> Path:
    folder.mkdir()
    for i in range(count):
        (folder / f"artikel_{i:04d}.txt").write_text(generated_article(i), encoding="utf-8")
    return folder


@pytest.fixture
def previous_out(seed_build, tmp_path: Path) -> tuple[Path, bytes, bytes]:
    """An out/ folder holding the last good build (the seeds)."""
    built, _ = seed_build
    out = tmp_path / "out"
    out.mkdir()
    for name in ("graph.ttl", "graph.html"):
        shutil.copy(built / name, out / name)
    return out, (out / "graph.ttl").read_bytes(), (out / "graph.html").read_bytes()


def start_build(articles: Path, out: Path, log: Path) -> subprocess.Popen:
    with log.open("wb") as stderr:
        return subprocess.Popen(
            [sys.executable, "-m", "kg", "build", str(articles), "--out", str(out), "--jobs", "2"],
            stdout=subprocess.DEVNULL, stderr=stderr, cwd=ROOT,
        )


def kill_build(build: subprocess.Popen) -> None:
    """kill -9 the build and then its workers, which lose their parent and must not linger."""
    workers = children(build.pid)
    os.kill(build.pid, signal.SIGKILL)
    build.wait(timeout=30)
    for pid in workers:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_robust_build_killed_mid_run_keeps_previous_graph(
    previous_out: tuple[Path, bytes, bytes], tmp_path: Path
) -> None:
    out, old_ttl, old_html = previous_out
    articles = write_articles(tmp_path / "artikel", 300)
    build = start_build(articles, out, tmp_path / "stderr.log")
    try:
        deadline = time.monotonic() + 120
        # workers exist only while articles are being extracted: the build is under way
        while build.poll() is None and not children(build.pid) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert build.poll() is None, "the build ended before it could be interrupted"
        assert children(build.pid), "the build never started extracting"
    finally:
        kill_build(build)
    assert build.returncode == -signal.SIGKILL
    assert (out / "graph.ttl").read_bytes() == old_ttl
    assert (out / "graph.html").read_bytes() == old_html
    assert parses_everywhere(out / "graph.ttl") > 1000
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "graph.html", "graph.ttl"]
    usable = invoke("query", "denials", "--graph", str(out / "graph.ttl"), "--format", "csv")
    assert usable.exit_code == 0 and "Korea Utara" in usable.stdout


def test_robust_build_killed_while_writing_leaves_whole_files(
    previous_out: tuple[Path, bytes, bytes], tmp_path: Path
) -> None:
    out, old_ttl, old_html = previous_out
    articles = write_articles(tmp_path / "artikel", 100)  # it runs to the end: keep it short
    build = start_build(articles, out, tmp_path / "stderr.log")
    try:
        deadline = time.monotonic() + 180
        # the atomic writer's temporary file (.graph.ttl.XXXX.tmp) shows that writing began
        while build.poll() is None and time.monotonic() < deadline:
            if any(name.startswith((".graph.ttl.", ".graph.html.")) for name in os.listdir(out)):
                break
        if build.poll() is None:
            kill_build(build)
    finally:
        if build.poll() is None:
            kill_build(build)
    new_ttl, new_html = (out / "graph.ttl").read_bytes(), (out / "graph.html").read_bytes()
    # each file is the old one or a complete new one, never a mix or a truncated file
    triples = parses_everywhere(out / "graph.ttl")
    assert new_ttl == old_ttl or triples > 7_000
    assert new_html == old_html or new_html.rstrip().endswith(b"</html>")
    assert new_html == old_html or new_ttl != old_ttl  # HTML is written after the graph


# --- outputs: a folder that cannot be written ---------------------------------------------


def test_robust_out_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("bukan folder", encoding="utf-8")
    result = invoke("build", str(SEEDS), "--out", str(blocker), "--jobs", "1")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: cannot create folder {blocker.as_posix()}: a file with that name exists\n")
    assert result.stdout == ""
    assert blocker.read_text(encoding="utf-8") == "bukan folder"


def test_robust_out_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "berkas").write_text("x", encoding="utf-8")
    out = tmp_path / "berkas" / "out"
    result = invoke("build", str(SEEDS), "--out", str(out), "--jobs", "1")
    assert result.exit_code == 2
    assert result.stderr == f"Error: cannot create folder {out.as_posix()}: a file is in the way\n"


def test_robust_graph_ttl_is_a_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "graph.ttl").mkdir(parents=True)
    result = invoke("build", str(SEEDS), "--out", str(out), "--jobs", "1")
    assert result.exit_code == 2
    target = (out / "graph.ttl").as_posix()
    assert result.stderr == f"Error: cannot write {target}: it is a folder\n"
    assert not [p.name for p in out.iterdir() if p.name.startswith(".graph.")]  # no temp file


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through chmod; see the cases above")
def test_robust_out_folder_without_write_permission(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        result = invoke("build", str(SEEDS), "--out", str(out), "--jobs", "1")
    finally:
        out.chmod(0o700)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: cannot write to folder {out.as_posix()}: permission denied\n")


# --- outputs: untrusted text in the graph and the HTML --------------------------------------


@pytest.fixture(scope="module")
def xss_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("xss")
    result = invoke("build", str(XSS_ARTICLE), "--out", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.output
    return out


RAW_MARKUP = [
    "<script>alert(1)</script>",
    "</script><script>alert(2)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(4)>",
    '<iframe src="javascript:alert(5)">',
    '<a href="https://evil.example/x" onclick="alert(6)">',
    "<!-- ]]> -->",
]


@pytest.mark.parametrize("markup", RAW_MARKUP)
def test_robust_html_never_contains_article_markup(xss_build: Path, markup: str) -> None:
    html = (xss_build / "graph.html").read_text(encoding="utf-8")
    assert markup not in html


def test_robust_html_carries_the_article_text_escaped(xss_build: Path, seed_build) -> None:
    html = (xss_build / "graph.html").read_text(encoding="utf-8")
    assert r"klaim \u003cimg src=x onerror=alert(1)\u003e bahwa pasukannya" in html
    seed_html = (seed_build[0] / "graph.html").read_text(encoding="utf-8")
    # the article adds no element: the page has exactly the template's own script tags
    assert html.count("<script") == seed_html.count("<script")
    assert html.count("</script") == seed_html.count("</script")


def test_robust_graph_keeps_hostile_text_verbatim(xss_build: Path) -> None:
    parses_everywhere(xss_build / "graph.ttl")
    graph = Graph().parse(xss_build / "graph.ttl", format="turtle")
    texts = {str(o) for o in graph.objects(None, KG.evidenceText)}
    assert any("<img src=x onerror=alert(1)>" in t for t in texts)
    assert any("3.000 tentara berada di Rusia <!-- ]]> -->." in t for t in texts)


# --- the build on a hostile folder ----------------------------------------------------------


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """Two good articles, a copy of one, and everything else that goes wrong with folders."""
    folder = tmp_path / "berita"
    (folder / "arsip").mkdir(parents=True)
    (folder / "a_utara.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "arsip" / "salinan.txt").write_text(ARTICLE.replace("\n", "\r\n"), encoding="utf-8")
    shutil.copy(BAD / "cp1252.txt", folder / "cp1252.txt")
    (folder / "kosong.txt").write_bytes(b"")
    shutil.copy(BAD / "report.pdf", folder / "laporan.txt")  # a PDF under a .txt name
    (folder / ".tersembunyi.txt").write_text("Korea Selatan memanggil duta besar Rusia.\n",
                                             encoding="utf-8")
    os.symlink("..", folder / "arsip" / "putaran")
    return folder


def test_robust_hostile_folder_warns_once_per_problem_and_builds(hostile: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = invoke("build", str(hostile), "--out", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.output
    h = hostile.as_posix()
    assert result.stderr.splitlines() == [
        f"Warning: skipped {h}/arsip/putaran: links to a folder already read",
        f"Warning: decoded {h}/cp1252.txt as cp1252",
        f"Warning: skipped {h}/kosong.txt: empty file",
        f"Warning: skipped {h}/laporan.txt: binary file (PDF), not text",
        f"Warning: duplicate: {h}/arsip/salinan.txt is the same article as {h}/a_utara.txt",
    ]
    assert result.stdout.splitlines()[0] == "documents: 2 read, 2 skipped"
    parses_everywhere(out / "graph.ttl")
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    assert len(set(graph.subjects(RDF.type, KG.Document))) == 2
    assert {str(o) for o in graph.objects(None, KG.fileName)} == {
        "a_utara.txt", "salinan.txt", "cp1252.txt"}
    assert "memanggil" not in (out / "graph.ttl").read_text(encoding="utf-8")  # hidden: unread
    assert (None, KG.denies, None) in graph


def test_robust_hostile_folder_strict_stops_at_first_bad_file(hostile: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = invoke("build", str(hostile), "--out", str(out), "--strict", "--jobs", "1")
    assert result.exit_code == 2
    assert result.stderr == f"Error: {hostile.as_posix()}/kosong.txt: empty file\n"
    assert not (out / "graph.ttl").exists()


def test_robust_strict_refuses_a_file_it_would_skip(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    shutil.copy(BAD / "report.pdf", tmp_path / "report.pdf")
    result = invoke("build", str(tmp_path), "--out", str(tmp_path / "out"), "--strict")
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path.as_posix()}/report.pdf: not a .txt or .html file\n"


def test_robust_folder_without_readable_article(tmp_path: Path) -> None:
    folder = tmp_path / "rusak"
    folder.mkdir()
    (folder / "kosong.txt").write_bytes(b"")
    shutil.copy(BAD / "photo.png", folder / "foto.txt")
    result = invoke("build", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: no article could be read from {folder}; give .txt or .html files\n")
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_robust_missing_input(tmp_path: Path) -> None:
    result = invoke("build", str(tmp_path / "hilang"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr == f"Error: input not found: {(tmp_path / 'hilang').as_posix()}\n"


def test_robust_article_without_entity_is_a_document_without_facts(tmp_path: Path) -> None:
    article = tmp_path / "cuaca.txt"
    article.write_text("Hujan turun sepanjang hari di pesisir.\nWarga diminta waspada banjir.\n",
                       encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("build", str(article), "--out", str(out), "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "documents: 1 read, 0 skipped" in result.stdout
    assert "relations: none" in result.stdout
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    assert len(set(graph.subjects(RDF.type, KG.Document))) == 1
    assert not set(graph.subjects(RDF.type, RDF.Statement))
    assert not set(graph.subjects(RDF.type, KG.State))
    assert (out / "graph.html").stat().st_size > 0


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("999.999.999.999.999.999", 999_999_999_999_999_999),
        ("1.000.000.000.000.000.000", None),
        ("1000000000000000000", None),
        ("1.000 triliun", 10**15),
        ("1 juta triliun", None),
    ],
)
def test_robust_numbers_beyond_64_bits_are_not_numbers(written: str, value: int | None) -> None:
    from kg.numbers import number_at, parse_number
    from kg.text import tokenize

    assert parse_number(written) == value
    number = number_at(tokenize(written), 0)
    assert (number.value if number else None) == value


def test_robust_huge_number_in_an_article_gives_no_estimate(tmp_path: Path) -> None:
    # regression: a 5,000-digit number crashed writing the graph (int to str limit)
    article = tmp_path / "angka.txt"
    article.write_text(f"Korea Selatan memperkirakan sedikitnya {'9' * 5000} tentara Korea Utara "
                       "berada di Rusia.\n", encoding="utf-8")
    result = invoke("build", str(article), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert result.exit_code == 0, result.output
    graph = Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    assert not set(graph.subjects(RDF.type, KG.Estimate))


# --- queries --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("seed-graph")
    result = invoke("build", str(SEEDS), "--out", str(out), "--jobs", "1", "--no-html")
    assert result.exit_code == 0, result.output
    return str(out / "graph.ttl")


@pytest.mark.parametrize(
    ("sparql", "where"),
    [
        ("SELECT ?x WHERE { ?x ?y }", "1:26"),
        ("SELECT ?x\nWHERE {\n  ?x kg:denies ?y\n  FILTER(\n}", "5:2"),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT x", "1:35"),
    ],
)
def test_robust_query_malformed_has_line_and_column(seed_graph: str, sparql: str, where: str):
    result = invoke("query", sparql, "--graph", seed_graph)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: malformed SPARQL: error at {where}")
    assert result.stderr.count("\n") == 1


UPDATE_REFUSED = (
    "Error: updates are not allowed: kg query is read-only (SELECT, ASK, CONSTRUCT, DESCRIBE)\n")


@pytest.mark.parametrize(
    "update",
    [
        "DELETE WHERE { ?s ?p ?o }",
        "insert data { <urn:a> <urn:b> <urn:c> }",
        "# komentar\nPREFIX ex: <urn:ex#>\n  CLEAR ALL",
        "BASE <urn:x> DROP GRAPH <urn:g>",
        "LOAD <file:///etc/passwd>",
        "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_robust_query_update_refused(seed_graph: str, update: str) -> None:
    before = Path(seed_graph).read_bytes()
    result = invoke("query", update, "--graph", seed_graph)
    assert result.exit_code == 2
    assert result.stderr == UPDATE_REFUSED
    assert Path(seed_graph).read_bytes() == before


def test_robust_query_update_after_a_query_is_not_run(seed_graph: str) -> None:
    result = invoke("query", "SELECT * WHERE { ?s ?p ?o } ; DELETE WHERE { ?s ?p ?o }",
                    "--graph", seed_graph)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: malformed SPARQL: error at 1:")


def test_robust_query_runaway_stopped_by_timeout(seed_graph: str) -> None:
    started = time.monotonic()
    result = invoke("query", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                    "--graph", seed_graph, "--timeout", "1")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: query stopped after 1 s (--timeout); narrow it or raise the limit\n")
    assert time.monotonic() - started < 20


def test_robust_query_file_not_utf8(seed_graph: str, tmp_path: Path) -> None:
    # regression: a cp1252 .rq file escaped as a UnicodeDecodeError traceback
    query = tmp_path / "kueri.rq"
    query.write_bytes("SELECT * WHERE { ?s rdfs:label \"Café\" }".encode("cp1252"))
    result = invoke("query", str(query), "--graph", seed_graph)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: query file {query} is not UTF-8 text (byte 0xe9 at offset 35)\n")


@pytest.mark.parametrize(
    ("entity", "iri"),
    [("http://x y", "http://x y"),
     ("kgr:korea utara", "https://w3id.org/kabar/resource/korea utara")],
)
def test_robust_query_evidence_of_an_invalid_iri(seed_graph: str, entity: str, iri: str) -> None:
    # regression: pyoxigraph's ValueError escaped as a traceback
    result = invoke("query", "evidence", entity, "--graph", seed_graph)
    assert result.exit_code == 2
    assert result.stderr == f"Error: not a valid IRI: {iri!r} (Invalid IRI code point ' ')\n"


def test_robust_query_graph_that_is_not_rdf(tmp_path: Path) -> None:
    graph = tmp_path / "graph.ttl"
    shutil.copy(BAD / "report.pdf", graph)
    result = invoke("query", "denials", "--graph", str(graph))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {graph}: not a valid turtle graph: ")
    assert result.stderr.count("\n") == 1
