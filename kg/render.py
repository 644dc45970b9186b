"""Render the graph as one self-contained, offline HTML page: an interactive network.

The page inlines vis-network's JS and CSS from the copy pyvis ships, not pyvis's own page
template: that template fetches Bootstrap from a CDN even with ``cdn_resources="in_line"``,
writes article text into a script unescaped and passes it to tooltips as HTML. The data
goes in as JSON inside ``<script type="application/json">`` with ``<``, ``>``, ``&`` and
U+2028/2029 escaped, and the page's script (``templates/kabar.js``, which also owns the
colours and shapes) builds every panel with ``textContent``. A Content-Security-Policy
allows only the two inline scripts, by hash, and no fetch at all: even a missed escape
could neither run injected script nor reach the network.

Above :data:`PHYSICS_THRESHOLD` nodes the browser's physics is off and the positions
from :func:`layout` are final (measured: physics takes 72 s to settle 1,000 nodes in
headless Chromium; precomputed positions draw 5,000 at once). networkx's layouts all
need numpy, which Kabar does not depend on, so :func:`layout` is pure Python on a
networkx graph, with no randomness: the same graph gives the same bytes on any machine.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from operator import mul
from pathlib import Path

import networkx as nx
from rdflib import Graph

from kg.atomic import write_atomic
from kg.errors import OutputError
from kg.network import (
    KINDS,
    LINK_NAMES,
    RELATION_NAMES,
    EdgeView,
    EvidenceView,
    NetworkView,
    NodeView,
    read_network,
)

PHYSICS_THRESHOLD = 150
EDGE_LENGTH = 110.0
COMPONENT_GAP = 80.0
MDS_PIVOTS = 40
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
NEAR_CELLS = ((1, 0), (-1, 1), (0, 1), (1, 1))
VIS_VERSION = "vis-9.1.2"
TEMPLATES = Path(__file__).parent / "templates"

_SCRIPT_UNSAFE = re.compile("[<>&\u2028\u2029\ud800-\udfff]")
_SLOT = re.compile(r"\{\{(CSP|VIS_CSS|APP_CSS|DATA|VIS_JS|APP_JS)\}\}")


@dataclass(frozen=True)
class RenderStats:
    """What :func:`render_html` wrote: counts as shown on the page, and the file's size.

    ``edges`` counts relation edges (one per distinct ``S kg:<relation> O``) plus the
    dashed structural links (agencyOf, partOf, claimant, about).
    """

    nodes: int
    edges: int
    bytes: int


def render_html(graph: Graph, out: Path) -> RenderStats:
    """Write ``graph`` as an interactive, offline HTML network to ``out``, atomically.

    Raises :class:`kg.errors.OutputError` when ``out`` cannot be written.
    """
    view = read_network(graph)
    page = page_html(view).encode("utf-8")
    write_atomic(Path(out), page)
    return RenderStats(nodes=len(view.nodes), edges=len(view.edges), bytes=len(page))


def page_html(view: NetworkView) -> str:
    """The whole page for ``view``: template, inlined vis-network, escaped data."""
    vis_js, vis_css = _vis_assets()
    app_js = (TEMPLATES / "kabar.js").read_text(encoding="utf-8")
    app_css = (TEMPLATES / "kabar.css").read_text(encoding="utf-8")
    for name, code in (("vis-network.min.js", vis_js), ("kabar.js", app_js)):
        if "</script" in code.lower() or "<!--" in code:
            raise ValueError(f"{name} cannot be inlined: it contains '</script' or '<!--'")
    slots = {
        "CSP": _content_security_policy([vis_js, app_js], [vis_css, app_css]),
        "VIS_CSS": vis_css,
        "APP_CSS": app_css,
        "DATA": script_json(page_data(view)),
        "VIS_JS": vis_js,
        "APP_JS": app_js,
    }
    template = (TEMPLATES / "network.html").read_text(encoding="utf-8")
    return _SLOT.sub(lambda m: slots[m.group(1)], template)


def page_data(view: NetworkView) -> dict:
    """The JSON the page reads: nodes with positions, edges, evidence, documents."""
    positions = layout(len(view.nodes), [(e.source.index, e.target.index) for e in view.edges])
    evidence: list[EvidenceView] = []
    edges = []
    parallel = _parallel_offsets(view.edges)
    for i, edge in enumerate(view.edges):
        first = len(evidence)
        evidence.extend(edge.evidence)
        edges.append(_edge_data(i, edge, list(range(first, len(evidence))), parallel[i]))
    present_kinds = {n.kind for n in view.nodes}
    present_relations = {e.relation for e in view.edges}
    return {
        "nodes": [_node_data(n, positions[n.index]) for n in view.nodes],
        "edges": edges,
        "evidence": [_evidence_data(e) for e in evidence],
        "documents": [
            _drop_empty(
                {
                    "title": d.title,
                    "outlet": d.outlet,
                    "date": d.date,
                    "dateline": d.dateline,
                    "files": list(d.file_names),
                }
            )
            for d in view.documents
        ],
        "kinds": [k for k in KINDS if k in present_kinds],
        "relations": [r for r in RELATION_NAMES if r in present_relations],
        "links": [r for r in LINK_NAMES if r in present_relations],
        "physics": len(view.nodes) <= PHYSICS_THRESHOLD,
        "counts": {
            "nodes": len(view.nodes),
            "edges": len(view.edges),
            "relationEdges": view.relation_edges,
        },
    }


def script_json(data: object) -> str:
    """JSON that is inert inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` become ``\\u003c`` etc., so no ``</script>`` or ``<!--`` can
    close or confuse the element; U+2028/2029 and lone surrogates are escaped too, the
    last because they cannot be written as UTF-8.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return _SCRIPT_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def layout(n: int, edges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Integer positions for nodes ``0..n-1``, the same on every run and every machine.

    Each connected component gets a global shape from pivot MDS, then grid-local
    Fruchterman-Reingold steps pull neighbours together and push overlaps apart; the
    components are packed in rows, largest first. No randomness is involved at all.
    """
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from((a, b) for a, b in edges if a != b)
    components = sorted(
        (sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0])
    )
    boxes = []
    for nodes in components:
        if len(nodes) > 2:
            pos = _relax(graph, nodes, _pivot_mds(graph, nodes))
        else:
            pos = {v: (i * EDGE_LENGTH, 0.0) for i, v in enumerate(nodes)}
        x0, y0 = min(x for x, _ in pos.values()), min(y for _, y in pos.values())
        w, h = max(x for x, _ in pos.values()) - x0, max(y for _, y in pos.values()) - y0
        boxes.append((pos, x0, y0, w, h))
    area = sum((w + COMPONENT_GAP) * (h + COMPONENT_GAP) for *_, w, h in boxes)
    row_width = max([math.sqrt(area) * 1.2] + [w for *_, w, _ in boxes])
    out = [(0, 0)] * n
    x = y = row_height = 0.0
    for pos, x0, y0, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + COMPONENT_GAP, 0.0
        for v, (px, py) in pos.items():
            out[v] = (round(px - x0 + x), round(py - y0 + y))
        x += w + COMPONENT_GAP
        row_height = max(row_height, h)
    return out


def _pivot_mds(graph: nx.Graph, nodes: list[int]) -> list[tuple[float, float]]:
    """Pivot MDS (Brandes and Pich, 2006): squared hop distances from up to 40 far-apart
    pivots, double-centred and projected on their top two eigenvectors. It gives the
    global shape a local force layout cannot, in time linear in the graph's size."""
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    adjacency = [sorted(index[u] for u in graph[v]) for v in nodes]
    columns: list[list[float]] = []
    nearest = [math.inf] * n
    pivot = max(range(n), key=lambda i: (len(adjacency[i]), -i))
    while len(columns) < MDS_PIVOTS and nearest[pivot] > 0:
        hops = _hops(adjacency, pivot)
        columns.append([float(d * d) for d in hops])
        nearest = [min(a, b) for a, b in zip(nearest, hops, strict=True)]
        pivot = max(range(n), key=lambda i: (nearest[i], -i))
    k = len(columns)
    col_mean = [sum(c) / n for c in columns]
    row_mean = [sum(c[i] for c in columns) / k for i in range(n)]
    grand = sum(col_mean) / k
    centred = [
        [-0.5 * (c[i] - row_mean[i] - m + grand) for i in range(n)]
        for c, m in zip(columns, col_mean, strict=True)
    ]
    gram = [[sum(map(mul, a, b)) for b in centred] for a in centred]
    axes: list[list[float]] = []
    for _ in range(2):
        v = [1.0 + 0.01 * j for j in range(k)]
        for _ in range(100):  # power iteration, deflated against the axes found
            w = [sum(map(mul, row, v)) for row in gram]
            for u in axes:
                dot = sum(map(mul, w, u))
                w = [a - dot * b for a, b in zip(w, u, strict=True)]
            norm = math.sqrt(sum(a * a for a in w)) or 1.0
            v = [a / norm for a in w]
        axes.append(v)
    xs, ys = [0.0] * n, [0.0] * n
    for c, a, b in zip(centred, axes[0], axes[1], strict=True):
        xs = [x + a * ci for x, ci in zip(xs, c, strict=True)]
        ys = [y + b * ci for y, ci in zip(ys, c, strict=True)]
    cx, cy = sum(xs) / n, sum(ys) / n
    spread = math.sqrt(sum((x - cx) ** 2 + (y - cy) ** 2 for x, y in zip(xs, ys, strict=True)) / n)
    scale = 0.92 * EDGE_LENGTH * math.sqrt(n / math.pi) / (spread or 1.0)
    placed: list[tuple[float, float]] = []
    repeats: defaultdict[tuple[int, int], int] = defaultdict(int)
    for x, y in zip(xs, ys, strict=True):
        px, py = (x - cx) * scale, (y - cy) * scale
        m = repeats[(round(px), round(py))]
        repeats[(round(px), round(py))] += 1
        r = 0.4 * EDGE_LENGTH * math.sqrt(m)  # same distances, same spot: fan them out
        placed.append((px + r * math.cos(m * GOLDEN_ANGLE), py + r * math.sin(m * GOLDEN_ANGLE)))
    return placed


def _hops(adjacency: list[list[int]], source: int) -> list[int]:
    hops = [-1] * len(adjacency)
    hops[source], frontier, d = 0, [source], 0
    while frontier:
        d += 1
        following = []
        for v in frontier:
            for u in adjacency[v]:
                if hops[u] < 0:
                    hops[u] = d
                    following.append(u)
        frontier = following
    return hops


def _relax(
    graph: nx.Graph, nodes: list[int], start: list[tuple[float, float]]
) -> dict[int, tuple[float, float]]:
    """Fruchterman-Reingold steps with repulsion only between nodes in neighbouring grid
    cells (their grid variant): linear in the number of nodes, not quadratic."""
    n, k = len(nodes), EDGE_LENGTH
    index = {v: i for i, v in enumerate(nodes)}
    xs, ys = [x for x, _ in start], [y for _, y in start]
    links = sorted((index[a], index[b]) for a, b in graph.edges(nodes))
    iterations = 50 if n <= 1000 else 30
    for step in range(iterations):
        dx, dy = [0.0] * n, [0.0] * n
        grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i in range(n):
            grid[(int(xs[i] // (2 * k)), int(ys[i] // (2 * k)))].append(i)
        for (cx, cy), members in grid.items():
            near = [j for ox, oy in NEAR_CELLS for j in grid.get((cx + ox, cy + oy), ())]
            for a, i in enumerate(members):
                fx = fy = 0.0
                for j in members[a + 1 :] + near:
                    ddx, ddy = xs[i] - xs[j], ys[i] - ys[j]
                    d2 = ddx * ddx + ddy * ddy
                    if d2 >= 4 * k * k:
                        continue
                    if d2 < 0.01:  # coincident: part them along a direction fixed by index
                        ddx, ddy, d2 = 0.1, 0.1 * ((i + j) % 3 - 1), 0.02
                    f = k * k / d2
                    fx, fy = fx + ddx * f, fy + ddy * f
                    dx[j], dy[j] = dx[j] - ddx * f, dy[j] - ddy * f
                dx[i], dy[i] = dx[i] + fx, dy[i] + fy
        for i, j in links:
            ddx, ddy = xs[i] - xs[j], ys[i] - ys[j]
            f = math.sqrt(ddx * ddx + ddy * ddy) / k
            dx[i], dy[i] = dx[i] - ddx * f, dy[i] - ddy * f
            dx[j], dy[j] = dx[j] + ddx * f, dy[j] + ddy * f
        limit = k * (1 - step / iterations) + 1.0
        for i in range(n):
            d = math.sqrt(dx[i] * dx[i] + dy[i] * dy[i])
            scale = limit / d if d > limit else 1.0
            xs[i] += dx[i] * scale
            ys[i] += dy[i] * scale
    return {v: (xs[i], ys[i]) for i, v in enumerate(nodes)}


def _node_data(node: NodeView, position: tuple[int, int]) -> dict:
    small = node.kind in ("Claim", "Estimate", "Other")
    size = (5 + 2 * node.degree**0.5) if small else (10 + 4 * node.degree**0.5)
    return _drop_empty(
        {
            "id": node.index,
            "kind": node.kind,
            "label": node.label,
            "iri": str(node.term),
            "x": position[0],
            "y": position[1],
            "size": round(min(size, 48), 1),
            "alt": node.alt_labels,
            "sameAs": node.same_as,
            "text": node.text,
            "claimants": node.claimants,
            "value": node.value,
            "unit": node.unit,
            "qualifier": node.qualifier,
            "about": node.about,
        }
    )


def _edge_data(index: int, edge: EdgeView, evidence: list[int], curve: float) -> dict:
    return _drop_empty(
        {
            "id": index,
            "from": edge.source.index,
            "to": edge.target.index,
            "rel": edge.relation,
            "ev": evidence,
            "docs": edge.documents,
            "link": edge.is_link,
            "curve": curve,
        }
    )


def _evidence_data(ev: EvidenceView) -> dict:
    return _drop_empty(
        {
            "doc": ev.doc,
            "pre": ev.before,
            "hit": ev.trigger,
            "post": ev.after,
            "date": ev.date,
            "rule": ev.rule,
        }
    )


def _parallel_offsets(edges: list[EdgeView]) -> list[float]:
    """Curvature for edges sharing a pair of nodes, so "denies" and "accuses" don't overlap."""
    seen: dict[tuple[int, int], int] = {}
    curves = []
    for edge in edges:
        a, b = edge.source.index, edge.target.index
        pair = (min(a, b), max(a, b))
        n = seen.get(pair, 0)
        seen[pair] = n + 1
        curves.append(0.0 if n == 0 else round(0.15 * ((n + 1) // 2) * (-1) ** n, 2))
    return curves


def _drop_empty(fields: dict) -> dict:
    """Leave out absent values: a 5,000-node page is smaller and reads the same."""
    return {
        k: v for k, v in fields.items() if v is not None and v is not False and v != [] and v != ""
    }


def _content_security_policy(scripts: list[str], styles: list[str]) -> str:
    def sources(blocks: list[str]) -> str:
        return " ".join(
            "'sha256-" + base64.b64encode(hashlib.sha256(b.encode()).digest()).decode() + "'"
            for b in blocks
        )

    return (
        f"default-src 'none'; script-src {sources(scripts)}; style-src {sources(styles)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


@cache
def _vis_assets() -> tuple[str, str]:
    """vis-network's minified JS and CSS from the installed pyvis, found without importing
    it (importing pyvis pulls in IPython)."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise OutputError("cannot render: pyvis is not installed; install the project's deps")
    lib = Path(spec.origin).parent / "templates" / "lib" / VIS_VERSION
    return (
        (lib / "vis-network.min.js").read_text(encoding="utf-8"),
        (lib / "vis-network.css").read_text(encoding="utf-8"),
    )
