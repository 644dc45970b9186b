"""The page in headless Chromium with the network cut off: it draws, counts, filters,
shows evidence on a click, and runs none of the hostile text it displays."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_helpers import (
    PageSession,
    chromium_available,
    graph_counts,
    launch_browser,
    open_page,
    small_graph,
    synthetic_graph,
    xss_graph,
)
from rdflib import Graph

from kg.render import RenderStats, render_html

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not chromium_available(),
        reason="needs /usr/bin/chromium (CI installs it with apt-get install chromium)",
    ),
]
DATA_SCRIPT = re.compile(r'<script type="application/json" id="kabar-data">(.*?)</script>', re.S)
EDGE_POINT = """(id) => {
  const net = window.kabar.network, e = window.kabar.data.edges[id];
  const p = net.getPositions([e.from, e.to]);
  const mid = net.canvasToDOM({x: (p[e.from].x + p[e.to].x) / 2, y: (p[e.from].y + p[e.to].y) / 2});
  const rect = document.querySelector("#network canvas").getBoundingClientRect();
  return {x: rect.left + mid.x, y: rect.top + mid.y};
}"""
NODE_POINT = """(id) => {
  const net = window.kabar.network, p = net.canvasToDOM(net.getPositions([id])[id]);
  const rect = document.querySelector("#network canvas").getBoundingClientRect();
  return {x: rect.left + p.x, y: rect.top + p.y};
}"""
CLEAR_EDGES = """() => {
  const net = window.kabar.network, data = window.kabar.data, pos = net.getPositions();
  const clear = [];
  for (const e of data.edges) {
    if (e.link || e.curve || e.from === e.to) continue;
    const a = pos[e.from], b = pos[e.to], m = {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2};
    const far = Object.values(pos).every((q) => Math.hypot(q.x - m.x, q.y - m.y) > 60);
    const others = data.edges.filter((f) => f.id !== e.id && (f.from === e.from || f.to === e.to ||
      f.from === e.to || f.to === e.from)).length;
    if (far && Math.hypot(a.x - b.x, a.y - b.y) > 150) clear.push([others, e.id]);
  }
  clear.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  return clear.map((c) => c[1]);
}"""


def page_data(path: Path) -> dict:
    return json.loads(DATA_SCRIPT.search(path.read_text(encoding="utf-8")).group(1))


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with launch_browser() as b:
        yield b


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, RenderStats]]:
    folder = tmp_path_factory.mktemp("pages")
    out = {}
    for name, graph in (
        ("small", small_graph()),
        ("xss", xss_graph()),
        ("large", synthetic_graph(400)),
        ("empty", Graph()),
    ):
        out[name] = (folder / f"{name}.html", render_html(graph, folder / f"{name}.html"))
    return out


@pytest.fixture
def small(browser: object, pages: dict) -> Iterator[PageSession]:
    with open_page(browser, pages["small"][0]) as session:
        yield session
        assert session.blocked == [] and session.dialogs == [] and session.errors == []


def visible_edges(session: PageSession) -> set[int]:
    return set(session.page.evaluate("() => window.kabar.edgeView.getIds()"))


def panel_text(session: PageSession) -> str:
    session.page.wait_for_selector("#panel:not([hidden])")
    return session.page.inner_text("#panel")


def expected_after_filter(data: dict, edge_ok: callable) -> set[int]:
    """The page's rule: relation edges that pass; nodes with one of them; links between those."""
    shown = {e["id"] for e in data["edges"] if "link" not in e and edge_ok(e)}
    nodes = {data["edges"][i][end] for i in shown for end in ("from", "to")}
    links = {e["id"] for e in data["edges"] if "link" in e and {e["from"], e["to"]} <= nodes}
    return shown | links


def test_browser_page_loads_with_every_outside_request_blocked(small: PageSession) -> None:
    assert small.page.evaluate("() => window.kabarReady") is True
    assert small.page.evaluate("() => typeof window.vis") == "object"
    assert small.page.evaluate("() => document.querySelectorAll('link[href^=http]').length") == 0
    assert small.blocked == []


def test_browser_counts_equal_graph(small: PageSession) -> None:
    expected = graph_counts(small_graph())
    assert small.page.inner_text("#count-nodes") == str(expected["nodes"])
    assert small.page.inner_text("#count-edges") == str(expected["edges"])
    assert small.page.evaluate("() => window.kabar.counts()") == {
        "nodes": expected["nodes"],
        "edges": expected["edges"],
    }


def test_browser_selecting_an_edge_shows_its_sentences(small: PageSession, pages: dict) -> None:
    data = page_data(pages["small"][0])
    summons = next(e["id"] for e in data["edges"] if e["rel"] == "summons")
    small.page.evaluate("(id) => window.kabar.selectEdge(id)", summons)
    text = panel_text(small)
    assert "Korea Selatan — summons → Duta Besar Rusia untuk Korea Selatan" in text
    assert "Reported by 2 documents" in text
    assert "Setelah Korea Selatan memanggil duta besar Rusia di Korea Selatan" in text
    assert "Setelah Seoul memanggil duta besar Moskow di Korea Selatan" in text
    assert "Tribunnews · 2024-10-21" in text
    marks = small.page.eval_on_selector_all("#panel mark", "ms => ms.map(m => m.textContent)")
    assert marks == ["memanggil", "memanggil"]


def test_browser_denial_panel_names_the_claimant(small: PageSession, pages: dict) -> None:
    data = page_data(pages["small"][0])
    label = {n["id"]: n["label"] for n in data["nodes"]}
    denial = next(
        e["id"]
        for e in data["edges"]
        if e["rel"] == "denies"
        and label[e["from"]] == "Perwakilan Korea Utara untuk PBB"
        and "AS dan Korea Selatan" in label[e["to"]]
    )
    small.page.evaluate("(id) => window.kabar.selectEdge(id)", denial)
    text = panel_text(small)
    assert "Claimant\nAmerika Serikat, Korea Selatan\n" in text
    assert small.page.inner_text("#panel mark") == "rumor yang tidak berdasar"


def test_browser_mouse_click_on_edge_and_node_opens_panel(small: PageSession) -> None:
    small.page.uncheck("#physics")  # a real user stops the layout before aiming
    small.page.wait_for_timeout(200)
    edge = small.page.evaluate(CLEAR_EDGES)[0]
    point = small.page.evaluate(EDGE_POINT, edge)
    small.page.mouse.click(point["x"], point["y"])
    assert small.page.evaluate("() => window.kabar.network.getSelectedEdges()") == [edge]
    sentence = small.page.evaluate(
        "(id) => { const d = window.kabar.data, ev = d.evidence[d.edges[id].ev[0]];"
        " return ev.pre + (ev.hit || '') + (ev.post || ''); }",
        edge,
    )
    assert sentence in panel_text(small)

    rusia = small.page.evaluate(
        "() => window.kabar.nodeByIri('https://w3id.org/kabar/resource/russia')"
    )
    point = small.page.evaluate(NODE_POINT, rusia)
    small.page.mouse.click(point["x"], point["y"])
    assert small.page.evaluate("() => window.kabar.network.getSelectedNodes()") == [rusia]
    assert small.page.inner_text("#panel h2") == "Rusia"
    assert "Moskwa" in panel_text(small)


def test_browser_relation_filter_hides_its_edges(small: PageSession, pages: dict) -> None:
    data = page_data(pages["small"][0])
    everything = visible_edges(small)
    small.page.uncheck('#filter-relations input[value="denies"]')
    shown = visible_edges(small)
    assert shown == expected_after_filter(data, lambda e: e["rel"] != "denies")
    assert not any(data["edges"][i]["rel"] == "denies" for i in shown)
    assert small.page.inner_text("#count-edges") == str(len(shown))
    small.page.check('#filter-relations input[value="denies"]')
    assert visible_edges(small) == everything


def test_browser_entity_type_filter_hides_claims(small: PageSession, pages: dict) -> None:
    data = page_data(pages["small"][0])
    claims = {n["id"] for n in data["nodes"] if n["kind"] == "Claim"}
    small.page.uncheck('#filter-kinds input[value="Claim"]')
    nodes = set(small.page.evaluate("() => window.kabar.nodeView.getIds()"))
    assert nodes and not nodes & claims
    assert all(
        data["edges"][i]["from"] not in claims and data["edges"][i]["to"] not in claims
        for i in visible_edges(small)
    )


def test_browser_document_and_outlet_filters(small: PageSession, pages: dict) -> None:
    data = page_data(pages["small"][0])
    sindo = next(i for i, d in enumerate(data["documents"]) if d.get("outlet") == "SINDOnews")

    def in_doc(e: dict) -> bool:
        return any(data["evidence"][i]["doc"] == sindo for i in e["ev"])

    small.page.select_option("#filter-document", str(sindo))
    assert visible_edges(small) == expected_after_filter(data, in_doc)
    small.page.select_option("#filter-document", "")
    small.page.select_option("#filter-outlet", "SINDOnews")
    assert visible_edges(small) == expected_after_filter(data, in_doc)


def test_browser_date_range_filter(small: PageSession, pages: dict) -> None:
    data = page_data(pages["small"][0])

    def in_range(e: dict) -> bool:
        dates = [data["evidence"][i].get("date", "") for i in e["ev"]]
        return any("2024-11-01" <= d <= "2024-11-07" for d in dates)

    small.page.fill("#filter-from", "2024-11-01")
    small.page.fill("#filter-to", "2024-11-07")
    shown = visible_edges(small)
    assert shown == expected_after_filter(data, in_range)
    assert 0 < len(shown) < len(data["edges"])
    small.page.click("#reset")
    assert len(visible_edges(small)) == len(data["edges"])


def test_browser_search_focuses_a_node_by_alias(small: PageSession) -> None:
    small.page.fill("#search", "moskwa")
    small.page.press("#search", "Enter")
    rusia = small.page.evaluate(
        "() => window.kabar.nodeByIri('https://w3id.org/kabar/resource/russia')"
    )
    assert small.page.evaluate("() => window.kabar.network.getSelectedNodes()") == [rusia]
    assert small.page.inner_text("#panel h2") == "Rusia"
    small.page.fill("#search", "tidak ada")
    small.page.press("#search", "Enter")
    assert small.page.inner_text("#search-status") == "No node matches."


def test_browser_physics_toggle(small: PageSession) -> None:
    enabled = "() => window.kabar.network.physics.options.enabled"
    assert small.page.evaluate(enabled) is True
    small.page.uncheck("#physics")
    assert small.page.evaluate(enabled) is False


def test_browser_large_graph_draws_at_once_without_physics(browser: object, pages: dict) -> None:
    path, stats = pages["large"]
    data = page_data(path)
    with open_page(browser, path) as session:
        page = session.page
        assert page.is_checked("#physics") is False
        assert page.inner_text("#count-nodes") == str(stats.nodes)
        first = data["nodes"][0]
        pos = page.evaluate("(id) => window.kabar.network.getPositions([id])[id]", first["id"])
        assert (round(pos["x"]), round(pos["y"])) == (first["x"], first["y"])
        assert session.blocked == [] and session.errors == []


def test_browser_hostile_article_runs_nothing(browser: object, pages: dict) -> None:
    path, stats = pages["xss"]
    with open_page(browser, path) as session:
        page = session.page
        for i in range(stats.edges):
            page.evaluate("(id) => window.kabar.selectEdge(id)", i)
        for i in range(stats.nodes):
            page.evaluate("(id) => window.kabar.selectNode(id)", i)
        page.evaluate(
            "() => window.kabar.selectNode(window.kabar.data.nodes.findIndex("
            "(n) => n.kind === 'Claim'))"
        )
        text = panel_text(session)
        page.fill("#search", "<script>")
        page.press("#search", "Enter")
        page.wait_for_timeout(300)
        injected = page.evaluate(
            "() => document.querySelectorAll('img, iframe, svg, a, object, embed, b').length"
        )
        assert injected == 0
        assert page.evaluate("() => document.scripts.length") == 3
        assert session.dialogs == [] and session.errors == [] and session.blocked == []
        assert "pasukan dikirim <script>alert(1)</script> ke Rusia" in text
        assert "<img src=x onerror=alert(1)>" in text
        assert '\\ \\\\ \\"' in text
        assert "روسيا تنفي" in text and "🇰🇵" in page.inner_text("#panel") + text


def test_browser_empty_graph_still_draws(browser: object, pages: dict) -> None:
    with open_page(browser, pages["empty"][0]) as session:
        assert session.page.inner_text("#count-nodes") == "0"
        assert session.errors == [] and session.blocked == []


def test_browser_seed_build_page_draws_offline(browser: object, seed_build) -> None:  # noqa: ANN001
    out, result = seed_build
    expected = graph_counts(result.graph)
    with open_page(browser, out / "graph.html") as session:
        assert session.page.evaluate("() => window.kabar.counts()") == {
            "nodes": expected["nodes"],
            "edges": expected["edges"],
        }
        assert session.errors == [] and session.blocked == [] and session.dialogs == []
