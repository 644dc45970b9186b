"""The HTML network without a browser: bytes, escaping, counts, offline, atomic writes."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from browser_helpers import XSS_ARTICLE, graph_counts, small_graph, synthetic_graph, xss_graph
from rdflib import Graph

from kg.errors import OutputError
from kg.network import read_network, split_trigger
from kg.render import PHYSICS_THRESHOLD, _vis_assets, layout, render_html, script_json

DATA_SCRIPT = re.compile(r'<script type="application/json" id="kabar-data">(.*?)</script>', re.S)


def page_data(html: str) -> dict:
    return json.loads(DATA_SCRIPT.search(html).group(1))


@pytest.fixture(scope="module")
def small() -> Graph:
    return small_graph()


@pytest.fixture(scope="module")
def small_html(small: Graph, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("small") / "graph.html"
    render_html(small, out)
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def xss_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("xss") / "graph.html"
    render_html(xss_graph(), out)
    return out.read_text(encoding="utf-8")


def test_render_same_graph_gives_same_bytes(small: Graph, tmp_path: Path) -> None:
    shuffled = Graph()
    for triple in sorted(small, reverse=True):  # another insertion order, same graph
        shuffled.add(triple)
    render_html(small, tmp_path / "a.html")
    render_html(shuffled, tmp_path / "b.html")
    render_html(small, tmp_path / "c.html")
    first = (tmp_path / "a.html").read_bytes()
    assert first == (tmp_path / "b.html").read_bytes()
    assert first == (tmp_path / "c.html").read_bytes()


def test_render_counts_equal_graph_counts(small: Graph, tmp_path: Path) -> None:
    stats = render_html(small, tmp_path / "graph.html")
    data = page_data((tmp_path / "graph.html").read_text(encoding="utf-8"))
    expected = graph_counts(small)
    assert stats.nodes == expected["nodes"] == len(data["nodes"]) == data["counts"]["nodes"]
    assert stats.edges == expected["edges"] == len(data["edges"]) == data["counts"]["edges"]
    relation_edges = sum(1 for e in data["edges"] if "link" not in e)
    assert relation_edges == expected["relations"] == data["counts"]["relationEdges"]
    assert len(data["evidence"]) == expected["statements"]
    assert stats.bytes == (tmp_path / "graph.html").stat().st_size


def test_render_fact_in_two_documents_is_one_edge_counted_twice(small_html: str) -> None:
    data = page_data(small_html)
    summons = [e for e in data["edges"] if e["rel"] == "summons"]
    assert len(summons) == 1
    assert summons[0]["docs"] == 2 and len(summons[0]["ev"]) == 2


def test_render_estimate_and_claim_nodes_say_what_they_are(small_html: str) -> None:
    nodes = {n["label"]: n for n in page_data(small_html)["nodes"]}
    assert nodes["≥3.000 tentara"]["kind"] == "Estimate"
    assert nodes["≥3.000 tentara"]["qualifier"] == "atLeast"
    assert nodes[">10.000 tentara"]["about"] == "Korea Utara"
    claim = nodes["“Korea Utara mengirim pasukan ke Rusia”"]
    assert claim["kind"] == "Claim" and claim["claimants"] == ["Korea Selatan"]


def test_render_evidence_highlights_the_trigger(small_html: str) -> None:
    data = page_data(small_html)
    for edge in data["edges"]:
        for i in edge.get("ev", []):
            ev = data["evidence"][i]
            assert ev["hit"], ev
    summons = next(e for e in data["edges"] if e["rel"] == "summons")
    first = data["evidence"][summons["ev"][0]]
    assert (first["pre"], first["hit"]) == ("Setelah Korea Selatan ", "memanggil")
    assert first["date"] == "2024-10-21"


@pytest.mark.parametrize(
    "raw",
    [
        "<script>alert(1)</script>",
        "</script><script>alert(2)</script>",
        "<!-- ]]> -->",
        "a\u2028b\u2029c",
        "&amp; & \\ \" '",
    ],
)
def test_script_json_is_inert_and_round_trips(raw: str) -> None:
    text = script_json({"s": raw})
    assert not set(text) & set("<>&\u2028\u2029")
    assert json.loads(text) == {"s": raw}


def test_render_escapes_hostile_article_text(xss_html: str) -> None:
    for payload in (
        "<script>alert(",
        "<img src=x",
        "<svg onload",
        "<iframe",
        "<a href",
        "<b>Korut",
    ):
        assert payload not in xss_html
    vis_js = _vis_assets()[0]  # core-js inside it writes "<script>" in a string
    assert xss_html.count("<script") == 3 + vis_js.count("<script")  # data, vis, Kabar
    assert "\u2028" not in xss_html and "\u2029" not in xss_html
    data = page_data(xss_html)
    lines = XSS_ARTICLE.read_text(encoding="utf-8").split("\n")
    sentences = {e["pre"] + e.get("hit", "") + e.get("post", "") for e in data["evidence"]}
    assert sentences == {lines[1], lines[2], lines[3], lines[4], lines[5]}
    assert data["documents"][0]["title"] == lines[0]


def test_render_page_names_no_outside_resource(small_html: str, xss_html: str) -> None:
    for html in (small_html, xss_html):
        assert not re.search(r"""(src|href|action)\s*=\s*["']?\s*(https?:)?//""", html, re.I)
        assert not re.search(r"url\(\s*[\"']?\s*(https?:)?//", html, re.I)
        assert not re.search(r"@import", html)
        for host in ("jsdelivr", "unpkg", "cdnjs", "bootstrap", "googleapis"):
            assert host not in html.lower()
        assert "default-src 'none'" in html


def test_render_csp_allows_exactly_the_inline_scripts(small_html: str) -> None:
    scripts = re.findall(r"<script>(.*?)</script>", small_html, re.S)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', small_html)[1]
    allowed = re.search(r"script-src ([^;]*)", csp)[1].split()
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in scripts
    ]
    assert len(scripts) == 2 and hashes == allowed


def test_render_write_is_atomic_and_leaves_no_temp_files(small: Graph, tmp_path: Path) -> None:
    out = tmp_path / "out" / "graph.html"
    render_html(small, out)
    render_html(small, out)
    assert sorted(p.name for p in out.parent.iterdir()) == ["graph.html"]
    (tmp_path / "dir.html").mkdir()
    with pytest.raises(OutputError, match="dir.html"):
        render_html(small, tmp_path / "dir.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dir.html", "out"]
    assert list((tmp_path / "dir.html").iterdir()) == []


def test_render_physics_only_below_threshold(tmp_path: Path) -> None:
    big = synthetic_graph(PHYSICS_THRESHOLD + 100)
    render_html(big, tmp_path / "big.html")
    data = page_data((tmp_path / "big.html").read_text(encoding="utf-8"))
    assert len(data["nodes"]) > PHYSICS_THRESHOLD and data["physics"] is False


def test_render_empty_graph_still_renders(tmp_path: Path) -> None:
    stats = render_html(Graph(), tmp_path / "empty.html")
    assert (stats.nodes, stats.edges) == (0, 0)


def test_layout_is_deterministic_and_spreads_nodes(small: Graph) -> None:
    view = read_network(small)
    edges = [(e.source.index, e.target.index) for e in view.edges]
    positions = layout(len(view.nodes), edges)
    assert positions == layout(len(view.nodes), edges)
    assert all(isinstance(c, int) for p in positions for c in p)
    assert len(set(positions)) == len(positions)


def test_layout_keeps_components_apart() -> None:
    positions = layout(6, [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3)])
    left, right = positions[:3], positions[3:]
    assert max(x for x, _ in left) < min(x for x, _ in right) or max(y for _, y in left) < min(
        y for _, y in right
    )


@pytest.mark.parametrize(
    ("text", "start", "t_start", "t_end", "trigger", "expected"),
    [
        (
            "Rusia membantah klaim itu.",
            100,
            106,
            115,
            "membantah",
            ("Rusia ", "membantah", " klaim itu."),
        ),
        ("🇰🇵 Korut menyangkal.", 0, 9, 19, "menyangkal", ("🇰🇵 Korut ", "menyangkal", ".")),
        (
            "Rusia membantah klaim itu.",
            0,
            50,
            59,
            "membantah",
            ("Rusia ", "membantah", " klaim itu."),
        ),
        ("Rusia diam saja.", None, None, None, "membantah", ("Rusia diam saja.", "", "")),
    ],
)
def test_split_trigger_uses_offsets_else_searches(
    text: str,
    start: int | None,
    t_start: int | None,
    t_end: int | None,
    trigger: str,
    expected: tuple[str, str, str],
) -> None:
    assert split_trigger(text, start, t_start, t_end, trigger) == expected


def test_render_seed_build_page_counts_equal_its_graph(seed_build) -> None:  # noqa: ANN001
    out, result = seed_build
    data = page_data((out / "graph.html").read_text(encoding="utf-8"))
    expected = graph_counts(result.graph)
    assert (len(data["nodes"]), len(data["edges"])) == (expected["nodes"], expected["edges"])
    assert len(data["evidence"]) == expected["statements"]
