/* Kabar's page script: draws the network with vis-network and wires filters, search and
   the evidence panel. Article text reaches the page only through textContent and
   createElement, and never through vis-network's `title` tooltips, which render HTML.
   Sets window.kabarReady after the first drawing: the benchmark's "interactive". */
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("kabar-data").textContent);
  const nodes = data.nodes, edges = data.edges, evidence = data.evidence, docs = data.documents;
  const GLYPHS = { dot: "●", triangle: "▲", square: "■", diamond: "◆", hexagon: "⬢", star: "★" };
  const QUALIFIERS = {
    exact: "exact", approximately: "approximately (≈)", atLeast: "at least (≥)",
    moreThan: "more than (>)", upTo: "up to (≤)",
  };
  const SMALL = { Claim: true, Estimate: true, Other: true };
  const NODE_EDGE_LIMIT = 40, NODE_EVIDENCE_LIMIT = 3, EDGE_EVIDENCE_LIMIT = 200;
  const large = !data.physics;
  /* Colours and shapes live here, with the rest of the presentation: [shape, colour]. */
  const KIND_STYLE = {
    State: ["dot", "#4e79a7"], Official: ["triangle", "#f28e2b"], Agency: ["square", "#59a14f"],
    Treaty: ["diamond", "#b07aa1"], Claim: ["hexagon", "#edc948"], Estimate: ["star", "#76b7b2"],
    Other: ["dot", "#bab0ac"],
  };
  const RELATION_COLOURS = {
    denies: "#d62728", estimates: "#1f77b4", ratifies: "#2ca02c", summons: "#9467bd",
    declinesToConfirm: "#8c564b", signs: "#e377c2", represents: "#7f7f7f", callsFor: "#bcbd22",
    supports: "#17becf", accuses: "#ff7f0e", claims: "#393b79",
  };
  const LINK_COLOUR = "#a0a0a0";
  const kinds = data.kinds.map((name) => {
    const style = KIND_STYLE[name] || KIND_STYLE.Other;
    return { name: name, shape: style[0], color: style[1] };
  });
  const relations = data.relations
    .map((name) => ({ name: name, color: RELATION_COLOURS[name] || LINK_COLOUR, link: false }))
    .concat(data.links.map((name) => ({ name: name, color: LINK_COLOUR, link: true })));
  const kindStyle = {}, relStyle = {};
  kinds.forEach((k) => { kindStyle[k.name] = k; });
  relations.forEach((r) => { relStyle[r.name] = r; });

  const state = { kinds: {}, rels: {}, doc: "", outlet: "", from: "", to: "" };
  const nodeOn = new Uint8Array(nodes.length), edgeOn = new Uint8Array(edges.length);
  const incident = nodes.map(() => []);
  edges.forEach((e) => {
    incident[e.from].push(e.id);
    if (e.to !== e.from) incident[e.to].push(e.id);
  });

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function byId(id) { return document.getElementById(id); }
  function groupDigits(value) { return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, "."); }

  /* ---- vis-network items: labels are drawn on the canvas as text, never as HTML. Shared
     styles go in groups and global options: per-item option objects cost vis-network about
     a second at 5,000 nodes. ---- */
  const groups = {};
  kinds.forEach((k) => {
    groups[k.name] = {
      shape: k.shape, font: { size: SMALL[k.name] ? 11 : 14, color: "#222" },
      color: {
        background: k.color, border: "#555",
        highlight: { background: k.color, border: "#000" }, hover: { background: k.color, border: "#000" },
      },
    };
  });
  function visNode(n) {
    return { id: n.id, label: n.label, x: n.x, y: n.y, size: n.size, group: n.kind };
  }
  function visEdge(e) {
    const item = { id: e.id, from: e.from, to: e.to, color: relStyle[e.rel].color };
    if (e.link) {
      item.dashes = true;
      item.width = 1;
      item.arrows = { to: { enabled: false } };
    } else {
      item.label = e.rel + ((e.docs || 0) > 1 ? " ×" + e.docs : "");
      item.width = 1.5 + 0.5 * Math.min(e.docs || 0, 6);
    }
    if (e.curve) {
      item.smooth = { enabled: true, type: e.curve > 0 ? "curvedCW" : "curvedCCW", roundness: Math.abs(e.curve) };
    }
    return item;
  }

  /* ---- filters ---- */
  function sourceFiltered() { return state.doc !== "" || state.outlet !== "" || !!state.from || !!state.to; }
  function evidencePasses(i) {
    const ev = evidence[i];
    if (state.doc !== "" && ev.doc !== Number(state.doc)) return false;
    if (state.outlet !== "" && (docs[ev.doc] || {}).outlet !== state.outlet) return false;
    if (state.from || state.to) {
      if (!ev.date) return false;
      if (state.from && ev.date < state.from) return false;
      if (state.to && ev.date > state.to) return false;
    }
    return true;
  }
  function computeVisibility() {
    const bySource = sourceFiltered();
    const narrowed = bySource || data.relations.some((name) => !state.rels[name]);
    const related = new Uint8Array(nodes.length);
    const kindOn = (id) => state.kinds[nodes[id].kind];
    edges.forEach((e) => {
      const on = !e.link && state.rels[e.rel] && kindOn(e.from) && kindOn(e.to) &&
        (!bySource || (e.ev || []).some(evidencePasses));
      edgeOn[e.id] = on ? 1 : 0;
      if (on) { related[e.from] = 1; related[e.to] = 1; }
    });
    nodes.forEach((n) => { nodeOn[n.id] = kindOn(n.id) && (!narrowed || related[n.id]) ? 1 : 0; });
    edges.forEach((e) => {
      if (e.link) edgeOn[e.id] = state.rels[e.rel] && nodeOn[e.from] && nodeOn[e.to] ? 1 : 0;
    });
  }

  const nodeSet = new vis.DataSet(nodes.map(visNode));
  const edgeSet = new vis.DataSet(edges.map(visEdge));
  kinds.forEach((k) => { state.kinds[k.name] = true; });
  relations.forEach((r) => { state.rels[r.name] = true; });
  computeVisibility();
  const nodeView = new vis.DataView(nodeSet, { filter: (item) => nodeOn[item.id] === 1 });
  const edgeView = new vis.DataView(edgeSet, { filter: (item) => edgeOn[item.id] === 1 });

  const network = new vis.Network(byId("network"), { nodes: nodeView, edges: edgeView }, {
    autoResize: true,
    layout: { improvedLayout: false, randomSeed: 7 },
    groups: groups,
    nodes: { borderWidth: 1 },
    edges: {
      smooth: false, selectionWidth: 2,
      arrows: { to: { enabled: true, scaleFactor: 0.5 } },
      font: { size: 10, color: "#444", strokeWidth: 3, align: "middle" },
    },
    physics: {
      enabled: data.physics, solver: "barnesHut",
      barnesHut: { gravitationalConstant: -3000, springLength: 110, avoidOverlap: 0.2 },
      stabilization: { enabled: data.physics, iterations: 150, fit: true },
    },
    interaction: { hover: !large, hideEdgesOnDrag: large, hideEdgesOnZoom: large },
  });
  network.once("afterDrawing", () => {
    window.kabarReady = true;
    window.kabarReadyMs = performance.now();
    document.documentElement.setAttribute("data-ready", "true");
  });

  function updateCounts() {
    byId("count-nodes").textContent = String(nodeView.length);
    byId("count-edges").textContent = String(edgeView.length);
  }
  function applyFilters() {
    computeVisibility();
    nodeView.refresh();
    edgeView.refresh();
    updateCounts();
    if (current) {
      const shown = current.type === "node" ? nodeOn[current.id] : edgeOn[current.id];
      if (shown) openPanel(current); else closePanel();
    }
  }

  /* ---- evidence panel ---- */
  const panel = byId("panel"), panelBody = byId("panel-body");
  let current = null;

  function details(n, into) {
    const dl = el("dl");
    function row(term, value) {
      if (value === undefined || value === null || value === "") return;
      const dd = el("dd", null, value);
      dd.dir = "auto";
      dl.append(el("dt", null, term), dd);
    }
    if (n.kind === "Claim" || (n.claimants || []).length) {
      row("Claim", n.text);
      row("Claimant", (n.claimants || []).join(", ") || "not named");
    }
    if (n.kind === "Estimate") {
      row("Value", n.value === undefined ? "?" : groupDigits(n.value));
      row("Qualifier", QUALIFIERS[n.qualifier] || n.qualifier || "exact");
      row("Unit", n.unit);
      row("About", n.about);
    }
    if (dl.childNodes.length) into.append(dl);
  }
  function evidenceItem(i) {
    const ev = evidence[i], doc = docs[ev.doc] || {};
    const li = el("li");
    const sentence = el("p", "sentence");
    sentence.lang = "id";
    sentence.dir = "auto";
    sentence.append(document.createTextNode(ev.pre || ""));
    if (ev.hit) sentence.append(el("mark", null, ev.hit));
    sentence.append(document.createTextNode(ev.post || ""));
    const meta = el("p", "meta");
    const parts = [doc.title || (doc.files || [])[0] || "untitled document", doc.outlet, doc.dateline,
      ev.date || doc.date];
    parts.filter(Boolean).forEach((part, k) => {
      if (k) meta.append(document.createTextNode(" · "));
      meta.append(el("bdi", null, part));
    });
    li.append(sentence, meta);
    if (ev.rule) li.append(el("p", "meta rule", "rule: " + ev.rule));
    return li;
  }
  function renderEdge(id, into, heading, limit) {
    const e = edges[id];
    const title = el(heading, null, nodes[e.from].label + " — " + e.rel + " → " + nodes[e.to].label);
    title.dir = "auto";
    into.append(title);
    if (heading === "h2") details(nodes[e.to], into);
    if (e.link) { into.append(el("p", "meta", "A link in the graph, not a reported fact.")); return; }
    const all = e.ev || [], shown = sourceFiltered() ? all.filter(evidencePasses) : all;
    into.append(el("p", "meta", "Reported by " + (e.docs || 0) + " document" + (e.docs === 1 ? "" : "s") +
      " in " + all.length + " sentence" + (all.length === 1 ? "" : "s") + "."));
    const list = el("ul", "evidence");
    shown.slice(0, limit).forEach((i) => list.append(evidenceItem(i)));
    into.append(list);
    const hidden = all.length - shown.length, more = shown.length - Math.min(shown.length, limit);
    if (more > 0) into.append(el("p", "more", more + " more sentence" + (more === 1 ? "" : "s") + ": click the edge."));
    if (hidden > 0) into.append(el("p", "more", hidden + " outside the current filters."));
  }
  function renderNode(id, into) {
    const n = nodes[id];
    const title = el("h2", null, n.label);
    title.dir = "auto";
    into.append(title);
    const dl = el("dl");
    [["Type", n.kind], ["Also called", (n.alt || []).join(", ")], ["Same as", (n.sameAs || []).join(" ")],
      ["IRI", n.iri]].forEach(([term, value]) => {
      if (value) { const dd = el("dd", null, value); dd.dir = "auto"; dl.append(el("dt", null, term), dd); }
    });
    into.append(dl);
    details(n, into);
    const shown = incident[id].filter((e) => edgeOn[e]);
    into.append(el("h3", null, "Relations (" + shown.length + ")"));
    shown.slice(0, NODE_EDGE_LIMIT).forEach((e) => renderEdge(e, into, "h3", NODE_EVIDENCE_LIMIT));
    if (shown.length > NODE_EDGE_LIMIT) into.append(el("p", "more", (shown.length - NODE_EDGE_LIMIT) + " more relations."));
  }
  function openPanel(selection) {
    current = selection;
    panelBody.replaceChildren();
    if (selection.type === "edge") renderEdge(selection.id, panelBody, "h2", EDGE_EVIDENCE_LIMIT);
    else renderNode(selection.id, panelBody);
    panel.hidden = false;
    panel.scrollTop = 0;
  }
  function closePanel() {
    current = null;
    panel.hidden = true;
    panelBody.replaceChildren();
  }
  function selectNode(id) { network.selectNodes([id]); openPanel({ type: "node", id: id }); }
  function selectEdge(id) { network.selectEdges([id]); openPanel({ type: "edge", id: id }); }
  network.on("click", (params) => {
    if (params.nodes.length) openPanel({ type: "node", id: params.nodes[0] });
    else if (params.edges.length) openPanel({ type: "edge", id: params.edges[0] });
    else closePanel();
  });
  byId("panel-close").addEventListener("click", () => { network.unselectAll(); closePanel(); });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && current) { network.unselectAll(); closePanel(); }
  });

  /* ---- controls ---- */
  function checkbox(container, name, marker, count, onChange) {
    const label = el("label", "check"), box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = name;
    box.addEventListener("change", () => onChange(box.checked));
    label.append(box, marker, el("span", null, name), el("span", "count", count));
    container.append(label);
  }
  const relCount = {}, kindCount = {};
  edges.forEach((e) => { relCount[e.rel] = (relCount[e.rel] || 0) + 1; });
  nodes.forEach((n) => { kindCount[n.kind] = (kindCount[n.kind] || 0) + 1; });
  relations.forEach((r) => {
    const swatch = el("span", r.link ? "swatch link" : "swatch");
    swatch.style.borderTopColor = r.color;
    checkbox(byId("filter-relations"), r.name, swatch, relCount[r.name], (on) => { state.rels[r.name] = on; applyFilters(); });
  });
  kinds.forEach((k) => {
    const glyph = el("span", "glyph", GLYPHS[k.shape] || "●");
    glyph.style.color = k.color;
    checkbox(byId("filter-kinds"), k.name, glyph, kindCount[k.name], (on) => { state.kinds[k.name] = on; applyFilters(); });
  });
  const docSelect = byId("filter-document"), outletSelect = byId("filter-outlet");
  docs.forEach((d, i) => {
    const option = el("option", null, (d.title || (d.files || [])[0] || "document " + (i + 1)) + (d.date ? " (" + d.date + ")" : ""));
    option.value = String(i);
    docSelect.append(option);
  });
  Array.from(new Set(docs.map((d) => d.outlet).filter(Boolean))).sort().forEach((outlet) => {
    const option = el("option", null, outlet);
    option.value = outlet;
    outletSelect.append(option);
  });
  const dates = evidence.map((ev) => ev.date).filter(Boolean).sort();
  const fromInput = byId("filter-from"), toInput = byId("filter-to");
  if (dates.length) { fromInput.min = toInput.min = dates[0]; fromInput.max = toInput.max = dates[dates.length - 1]; }
  docSelect.addEventListener("change", () => { state.doc = docSelect.value; applyFilters(); });
  outletSelect.addEventListener("change", () => { state.outlet = outletSelect.value; applyFilters(); });
  ["input", "change"].forEach((type) => {
    fromInput.addEventListener(type, () => { if (state.from !== fromInput.value) { state.from = fromInput.value; applyFilters(); } });
    toInput.addEventListener(type, () => { if (state.to !== toInput.value) { state.to = toInput.value; applyFilters(); } });
  });
  byId("reset").addEventListener("click", () => {
    document.querySelectorAll("#controls input[type=checkbox]:not(#physics)").forEach((box) => { box.checked = true; });
    Object.keys(state.kinds).forEach((k) => { state.kinds[k] = true; });
    Object.keys(state.rels).forEach((r) => { state.rels[r] = true; });
    docSelect.value = outletSelect.value = fromInput.value = toInput.value = "";
    state.doc = state.outlet = state.from = state.to = "";
    applyFilters();
  });
  const physics = byId("physics");
  physics.checked = data.physics;
  physics.addEventListener("change", () => {
    network.setOptions({ physics: { enabled: physics.checked, stabilization: { enabled: false } } });
  });

  /* ---- search: exact name, then alias, then prefix, then substring; first in page order ---- */
  const names = byId("node-names"), seen = new Set();
  nodes.forEach((n) => {
    if (!SMALL[n.kind] && !seen.has(n.label)) { seen.add(n.label); const o = el("option"); o.value = n.label; names.append(o); }
  });
  function findNode(query) {
    const q = query.trim().toLocaleLowerCase();
    if (!q) return null;
    let best = null, bestRank = 4;
    for (const n of nodes) {
      [n.label].concat(n.alt || []).forEach((name, k) => {
        const t = name.toLocaleLowerCase();
        const rank = t === q ? (k === 0 ? 0 : 1) : t.startsWith(q) ? 2 : t.includes(q) ? 3 : 4;
        if (rank < bestRank) { best = n; bestRank = rank; }
      });
      if (bestRank === 0) break;
    }
    return best;
  }
  function focusNode(id) {
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    selectNode(id);
  }
  byId("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const status = byId("search-status"), found = findNode(byId("search").value);
    status.textContent = "";
    if (!found) status.textContent = "No node matches.";
    else if (!nodeOn[found.id]) status.textContent = found.label + " is hidden by the current filters.";
    else focusNode(found.id);
  });

  updateCounts();
  /* Test and benchmark hooks: the same calls a click or a search makes. */
  window.kabar = {
    network: network, nodeView: nodeView, edgeView: edgeView, data: data,
    selectNode: selectNode, selectEdge: selectEdge, focusNode: focusNode,
    nodeByIri: (iri) => { const n = nodes.find((m) => m.iri === iri); return n ? n.id : null; },
    counts: () => ({ nodes: nodeView.length, edges: edgeView.length }),
  };
})();
