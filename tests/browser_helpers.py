"""Graphs for the render tests and the benchmark, and a headless Chromium that cannot go out.

The graphs follow the schema the pipeline writes (entities, direct relation triples,
``rdf:Statement`` evidence with offsets into the document, documents), built by hand with
rdflib so the renderer is tested without the extractor: real sentences from the seed
articles for the small graph, generated ones for the 5,000-node graph, and an article of
hostile strings for the escaping test.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Dialog,
    Page,
    Request,
    Route,
)
from playwright.sync_api import (
    Error as PlaywrightError,
)
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from kg.vocab import KG, KGR, PREFIXES, PROV, WD

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
XSS_ARTICLE = Path(__file__).parent / "data" / "xss_article.txt"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


COUNT_QUERIES = {
    "nodes": """SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
        VALUES ?cls { kg:State kg:Official kg:Agency kg:Treaty kg:Claim kg:Estimate }
        ?e a ?cls }""",
    "relations": """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE {
        VALUES ?p { kg:denies kg:estimates kg:ratifies kg:summons kg:declinesToConfirm
                    kg:signs kg:represents kg:callsFor kg:supports kg:accuses kg:claims }
        ?s ?p ?o } }""",
    "links": """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE {
        VALUES ?p { kg:agencyOf kg:partOf kg:claimant kg:about } ?s ?p ?o } }""",
    "statements": "SELECT (COUNT(DISTINCT ?st) AS ?n) WHERE { ?st a rdf:Statement }",
}


def graph_counts(graph: Graph) -> dict[str, int]:
    """What the page must show, counted from the graph itself with SPARQL (for fixture
    graphs, where every relation endpoint is typed and every link joins two nodes)."""
    counts = {
        name: int(next(iter(graph.query(q, initNs=PREFIXES)))[0])
        for name, q in COUNT_QUERIES.items()
    }
    counts["edges"] = counts["relations"] + counts["links"]
    return counts


class GraphBuilder:
    """Writes entities, documents and facts with evidence the way the pipeline does."""

    def __init__(self) -> None:
        self.graph = Graph()
        for prefix, iri in PREFIXES.items():
            self.graph.bind(prefix, iri)
        self.texts: dict[URIRef, str] = {}

    def entity(self, slug: str, cls: URIRef, label: str, *alts: str, wikidata: str = "") -> URIRef:
        g, term = self.graph, KGR[slug]
        g.add((term, RDF.type, cls))
        g.add((term, RDFS.label, Literal(label)))
        for alt in alts:
            g.add((term, SKOS.altLabel, Literal(alt)))
        if wikidata:
            g.add((term, OWL.sameAs, WD[wikidata]))
        return term

    def document(self, doc_id: str, text: str, file_name: str, **meta: str | None) -> URIRef:
        g, term = self.graph, KGR[f"doc-{doc_id}"]
        self.texts[term] = text
        g.add((term, RDF.type, KG.Document))
        g.add((term, KG.fileName, Literal(file_name)))
        g.add((term, KG.sha256, Literal(hashlib.sha256(text.encode()).hexdigest())))
        for key, prop in (
            ("title", DCTERMS.title),
            ("outlet", KG.outlet),
            ("dateline", KG.dateline),
        ):
            if meta.get(key):
                g.add((term, prop, Literal(meta[key])))
        if meta.get("published"):
            g.add((term, KG.publicationDate, Literal(meta["published"], datatype=XSD.date)))
        return term

    def claim(self, slug: str, text: str, *claimants: URIRef) -> URIRef:
        term = KGR[f"claim-{slug}"]
        self.graph.add((term, RDF.type, KG.Claim))
        self.graph.add((term, KG.text, Literal(text)))
        for claimant in claimants:
            self.graph.add((term, KG.claimant, claimant))
        return term

    def estimate(
        self,
        slug: str,
        value: int,
        unit: str,
        qualifier: str = "exact",
        about: URIRef | None = None,
    ) -> URIRef:
        g, term = self.graph, KGR[f"estimate-{slug}"]
        g.add((term, RDF.type, KG.Estimate))
        g.add((term, KG.value, Literal(value, datatype=XSD.integer)))
        g.add((term, KG.unit, Literal(unit)))
        g.add((term, KG.qualifier, Literal(qualifier)))
        if about is not None:
            g.add((term, KG.about, about))
        return term

    def fact(
        self,
        s: URIRef,
        rel: URIRef,
        o: URIRef,
        doc: URIRef,
        sentence: str,
        trigger: str,
        date: str | None = None,
    ) -> URIRef:
        """The direct triple and its evidence; the sentence and trigger must be in the text."""
        text = self.texts[doc]
        start = text.index(sentence)
        t_start = start + sentence.index(trigger)
        return self.evidence(s, rel, o, doc, sentence, start, trigger, t_start, date)

    def evidence(
        self,
        s: URIRef,
        rel: URIRef,
        o: URIRef,
        doc: URIRef,
        sentence: str,
        start: int,
        trigger: str,
        t_start: int,
        date: str | None = None,
    ) -> URIRef:
        g = self.graph
        digest = hashlib.sha256(f"{s}|{rel}|{o}|{doc}|{start}".encode()).hexdigest()[:16]
        st = KGR[f"evidence-{digest}"]
        g.add((s, rel, o))
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, rel))
        g.add((st, RDF.object, o))
        g.add((st, PROV.wasDerivedFrom, doc))
        g.add((st, KG.evidenceText, Literal(sentence)))
        g.add((st, KG.charStart, Literal(start)))
        g.add((st, KG.charEnd, Literal(start + len(sentence))))
        g.add((st, KG.triggerText, Literal(trigger)))
        g.add((st, KG.triggerStart, Literal(t_start)))
        g.add((st, KG.triggerEnd, Literal(t_start + len(trigger))))
        g.add((st, KG.rule, Literal(f"{rel.fragment}:test")))
        if date:
            g.add((st, KG.date, Literal(date, datatype=XSD.date)))
        return st


# One fact per two lines: document, subject, relation, object key, evidence date (or -);
# then the evidence sentence as it stands in the seed, its trigger in [brackets].
SEED_FACTS = """
000 nk_rep denies deploy 2024-10-21
    perwakilan tersebut menyebut klaim Korea Selatan sebagai "[rumor tak berdasar]."
000 sk estimates e1500 -
    Korea Selatan [mengklaim] bahwa 1.500 pasukan khusus
000 zelensky estimates e10k -
    Presiden Ukraina Volodymyr Zelensky juga [mengatakan] bahwa pemerintahnya
000 zelensky represents ua -
    [Presiden Ukraina] Volodymyr Zelensky
000 nis claims deploy 2024-10-18
    badan mata-mata Korea Selatan [mengatakan bahwa] Korea Utara mengerahkan prajuritnya
000 sk summons envoy -
    Setelah Korea Selatan [memanggil] duta besar Rusia di Korea Selatan
000 envoy represents ru -
    [duta besar Rusia] di Korea Selatan
000 ru declinesToConfirm deploy -
    Rusia juga memilih [tutup mulut] soal pengerahan pasukan
000 nato declinesToConfirm deploy -
    Baik NATO maupun Amerika Serikat [belum mengonfirmasi] pengerahan tersebut
000 us declinesToConfirm deploy -
    Baik NATO maupun Amerika Serikat [belum mengonfirmasi] pengerahan tersebut
001 nato declinesToConfirm deploy -
    Baik NATO maupun Amerika Serikat [belum mengonfirmasi] klaim pengerahan
001 us declinesToConfirm deploy -
    Baik NATO maupun Amerika Serikat [belum mengonfirmasi] klaim pengerahan
001 nk denies special -
    Korea Utara [Sangkal] Kerahkan 1.500 Pasukan Khusus
001 ru declinesToConfirm deploy -
    Rusia juga [belum mengonfirmasi] klaim pengerahan pasukan Korea Utara
001 sk summons envoy -
    Setelah Seoul [memanggil] duta besar Moskow di Korea Selatan
001 wood represents us -
    kata Robert Wood, [Duta Besar AS] untuk PBB
002 ru declinesToConfirm fighting -
    Rusia [menolak memberikan konfirmasi] apakah pasukan Korea Utara
002 sk estimates e10k_more -
    [Menurut laporan] intelijen dari Barat, Ukraina, dan Korea Selatan, Korea Utara
002 zelensky estimates e11k 2024-11-07
    "[Sebanyak] 11.000 pasukan terlibat
002 kremlin declinesToConfirm fighting -
    Kremlin tetap [bungkam] soal tudingan tersebut.
002 peskov represents kremlin -
    [juru bicara] Dmitry Peskov
002 duma ratifies treaty -
    para legislator Rusia [menyetujui ratifikasi] pakta pertahanan bersejarah
003 choe supports ru 2024-11-01
    Choe Son Hui menyatakan bahwa Korea Utara akan [mendukung] Rusia
003 choe represents nk -
    [Menteri Luar Negeri] Korea Utara Choe Son Hui
003 lavrov represents ru -
    [dari Rusia] Sergei Lavrov
003 ru signs treaty -
    Moskwa [menandatangani] pakta pertahanan bersama
003 putin signs treaty -
    Presiden Rusia Vladimir Putin [menandatangani] pakta bantuan timbal balik
003 us estimates e8k -
    AS [mengatakan] bahwa 8.000 tentara Korea Utara
003 us estimates e3k -
    AS masih [meyakini] sedikitnya 3.000 tentara
003 putin accuses west -
    Dia juga [menuduh] Barat bertanggung jawab
003 nk_rep denies us_sk -
    ke Rusia adalah [rumor yang tidak berdasar]
004 nebenzia denies ten_k -
    sebuah klaim yang dengan cepat [dibantah] oleh Nebenzia
004 nebenzia represents ru -
    [utusan Rusia] Vassily Nebenzia
004 austin callsFor withdraw -
    Kim Yong-hyun [menyerukan] penarikan
004 kim_yh callsFor withdraw -
    Kim Yong-hyun [menyerukan] penarikan
004 pentagon claims kursk -
    Pentagon [mengatakan] pasukan Korea Utara berada di wilayah Kursk
004 ru denies kursk -
    namun Moskow [membantah] kehadiran mereka di garis depan
"""


def small_graph() -> Graph:
    """About 40 nodes from the five seed articles, as the pipeline should read them."""
    b = GraphBuilder()
    e = b.entity
    t: dict[str, URIRef] = {
        "nk": e(
            "north_korea", KG.State, "Korea Utara", "Korut", "DPRK", "Pyongyang", wikidata="Q423"
        ),
        "sk": e("south_korea", KG.State, "Korea Selatan", "Seoul", "Korsel", wikidata="Q884"),
        "ru": e("russia", KG.State, "Rusia", "Moskwa", "Moskow", "Federasi Rusia", wikidata="Q159"),
        "ua": e("ukraine", KG.State, "Ukraina", "Kyiv", wikidata="Q212"),
        "us": e("usa", KG.State, "Amerika Serikat", "AS", "Washington", wikidata="Q30"),
        "zelensky": e("zelensky", KG.Official, "Volodymyr Zelensky", "Zelensky", wikidata="Q3881"),
        "putin": e("putin", KG.Official, "Vladimir Putin", "Putin", wikidata="Q7747"),
        "choe": e("choe_son_hui", KG.Official, "Choe Son Hui", "Choe Son"),
        "lavrov": e("lavrov", KG.Official, "Sergei Lavrov", "Lavrov"),
        "peskov": e("peskov", KG.Official, "Dmitry Peskov", "Peskov"),
        "nebenzia": e("nebenzia", KG.Official, "Vassily Nebenzia", "Nebenzia"),
        "wood": e("robert_wood", KG.Official, "Robert Wood", "Wood"),
        "austin": e("lloyd_austin", KG.Official, "Lloyd Austin", "Austin"),
        "kim_yh": e("kim_yong_hyun", KG.Official, "Kim Yong-hyun"),
        "envoy": e("ru_ambassador_to_sk", KG.Official, "Duta Besar Rusia untuk Korea Selatan"),
        "nk_rep": e("nk_un_representative", KG.Official, "Perwakilan Korea Utara untuk PBB"),
        "nato": e("nato", KG.Agency, "NATO", wikidata="Q7184"),
        "nis": e("sk_nis", KG.Agency, "Badan Intelijen Nasional", "badan mata-mata Korea Selatan"),
        "kremlin": e("kremlin", KG.Agency, "Kremlin"),
        "duma": e("ru_parliament", KG.Agency, "Parlemen Rusia", "para legislator Rusia"),
        "pentagon": e("pentagon", KG.Agency, "Pentagon"),
        "treaty": e("ru_dprk_treaty", KG.Treaty, "Pakta pertahanan Rusia–Korea Utara"),
        "article4": e("ru_dprk_treaty_article_4", KG.Treaty, "Pasal 4"),
    }
    for s, p, o in (
        ("duma", KG.agencyOf, "ru"),
        ("kremlin", KG.agencyOf, "ru"),
        ("pentagon", KG.agencyOf, "us"),
        ("nis", KG.agencyOf, "sk"),
        ("article4", KG.partOf, "treaty"),
    ):
        b.graph.add((t[s], p, t[o]))
    t |= {
        "deploy": b.claim("deploy", "Korea Utara mengirim pasukan ke Rusia", t["sk"]),
        "special": b.claim(
            "special-forces", "Korea Utara mengerahkan 1.500 pasukan khusus", t["sk"]
        ),
        "us_sk": b.claim(
            "us-sk", "pernyataan AS dan Korea Selatan tentang pengiriman pasukan", t["us"], t["sk"]
        ),
        "ten_k": b.claim("ten-thousand", "10.000 tentara Korea Utara telah dikirim ke Rusia"),
        "kursk": b.claim("kursk", "pasukan Korea Utara berada di wilayah Kursk", t["pentagon"]),
        "west": b.claim("west", "Barat bertanggung jawab atas meningkatnya perang di Ukraina"),
        "withdraw": b.claim("withdraw", "penarikan segera pasukan Korea Utara"),
        "fighting": b.claim("fighting", "pasukan Korea Utara turut bertempur melawan Ukraina"),
        "e1500": b.estimate("1500", 1500, "pasukan khusus", about=t["nk"]),
        "e10k": b.estimate("10000", 10000, "tentara", about=t["nk"]),
        "e10k_more": b.estimate("10000-more", 10000, "tentara", "moreThan", about=t["nk"]),
        "e11k": b.estimate("11000", 11000, "pasukan", about=t["nk"]),
        "e8k": b.estimate("8000", 8000, "tentara", about=t["nk"]),
        "e3k": b.estimate("3000", 3000, "tentara", "atLeast", about=t["nk"]),
    }
    docs = {
        "000": ("Tribunnews", "2024-10-21", None, None),
        "001": (
            "SINDOnews",
            "2024-10-22",
            None,
            "Korea Utara Sangkal Kerahkan 1.500 Pasukan Khusus Bantu Rusia Melawan Ukraina",
        ),
        "002": ("Suara.com", "2024-11-08", None, None),
        "003": ("Bergelora.com", "2024-11-01", "MOSKWA", None),
        "004": ("sp-globalindo.co.id", None, "KOTA NEW YORK", None),
    }
    for key, (outlet, published, dateline, title) in docs.items():
        path = next(SEEDS.glob(f"{key}_*.txt"))
        text = path.read_text(encoding="utf-8")
        t[key] = b.document(
            key, text, path.name, outlet=outlet, published=published, dateline=dateline, title=title
        )
    lines = SEED_FACTS.strip().split("\n")
    for head, sentence in zip(lines[::2], lines[1::2], strict=True):
        doc, s, rel, o, date = head.split()
        sentence = sentence.strip()
        trigger = sentence[sentence.index("[") + 1 : sentence.index("]")]
        plain = sentence.replace("[", "").replace("]", "")
        b.fact(t[s], KG[rel], t[o], t[doc], plain, trigger, None if date == "-" else date)
    return b.graph


def xss_graph() -> Graph:
    """Every string the page shows (labels, titles, outlet, sentences) is hostile."""
    b = GraphBuilder()
    text = XSS_ARTICLE.read_text(encoding="utf-8")
    lines = text.split("\n")
    doc = b.document(
        "xss",
        text,
        'xss_"article"<b>.txt',
        title=lines[0],
        outlet="Evil<img src=x onerror=alert(7)>News",
        dateline="<script>alert(8)</script>",
        published="2024-10-21",
    )
    nk = b.entity("xss-nk", KG.State, "Korea Utara <script>alert(9)</script>", "<b>Korut</b>")
    sk = b.entity("xss-sk", KG.State, "Korea Selatan \"'\\ 🇰🇷 روسيا")
    ru = b.entity("xss-ru", KG.State, "Rusia <img src=x onerror=alert(10)>", wikidata="Q159")
    b.graph.add((ru, OWL.sameAs, URIRef("javascript:alert(11)")))
    claim = b.claim("xss", "pasukan dikirim <script>alert(1)</script> ke Rusia", sk)
    est = b.estimate("xss", 3000, "tentara <svg onload=alert(12)>", "atLeast", about=nk)
    b.fact(nk, KG.denies, claim, doc, lines[1], "membantah", "2024-10-21")
    b.fact(nk, KG.denies, claim, doc, lines[2], "menyebut tuduhan")
    b.fact(sk, KG.estimates, est, doc, lines[3], "memperkirakan")
    b.fact(ru, KG.declinesToConfirm, claim, doc, lines[5], "menolak memberikan konfirmasi")
    b.fact(sk, KG.claims, claim, doc, lines[4], "روسيا تنفي")
    return b.graph


SYNTHETIC_RELATIONS = {
    "claim": (KG.denies, KG.claims, KG.accuses, KG.callsFor, KG.declinesToConfirm),
    "entity": (KG.summons, KG.represents, KG.signs, KG.ratifies, KG.supports),
}
SYNTHETIC_TRIGGERS = {
    "denies": "membantah",
    "claims": "mengklaim",
    "accuses": "menuduh",
    "callsFor": "menyerukan",
    "declinesToConfirm": "menolak memberikan konfirmasi",
    "summons": "memanggil",
    "represents": "mewakili",
    "signs": "menandatangani",
    "ratifies": "meratifikasi",
    "supports": "mendukung",
    "estimates": "memperkirakan",
}


def synthetic_graph(n_nodes: int, seed: int = 1) -> Graph:
    """A news-like graph of about ``n_nodes`` nodes: entity hubs, many claims and estimates,
    one to three evidence sentences per fact from a pool of documents."""
    rng = random.Random(seed)
    b = GraphBuilder()
    classes = (KG.State, KG.Official, KG.Agency, KG.Treaty)
    n_entities, n_claims = int(n_nodes * 0.4), int(n_nodes * 0.35)
    n_estimates = n_nodes - n_entities - n_claims
    entities = [
        b.entity(f"e{i}", classes[i % 4], f"Entitas {i}", f"Alias {i}") for i in range(n_entities)
    ]
    weights = [1 / (i + 1) ** 0.8 for i in range(n_entities)]
    outlets = ["Tribunnews", "SINDOnews", "Suara.com", "Kompas", "Antara"]
    docs = []
    for i in range(max(3, n_nodes // 10)):
        day = f"2024-{10 + i % 3:02d}-{1 + i % 28:02d}"
        text = "x" * 4000
        docs.append(
            b.document(
                f"{i:05d}",
                text,
                f"{i:05d}.txt",
                title=f"Berita {i}",
                outlet=outlets[i % 5],
                published=day,
            )
        )

    def add(s: URIRef, rel: URIRef, o: URIRef, label: str) -> None:
        for _ in range(rng.choice((1, 1, 2, 3))):
            trigger = SYNTHETIC_TRIGGERS[rel.fragment]
            sentence = f"Pada hari Senin, Entitas {label} {trigger} hal itu di depan wartawan."
            start = rng.randrange(0, 3000)
            t_start = start + sentence.index(trigger)
            doc = rng.choice(docs)
            b.evidence(s, rel, o, doc, sentence, start, trigger, t_start, None)

    pick = lambda: rng.choices(entities, weights)[0]  # noqa: E731
    for i in range(n_claims):
        claim = b.claim(f"c{i}", f"klaim nomor {i} tentang pengerahan pasukan", pick())
        for rel in rng.sample(SYNTHETIC_RELATIONS["claim"], rng.choice((1, 1, 2))):
            add(pick(), rel, claim, str(i))
    for i in range(n_estimates):
        est = b.estimate(
            f"m{i}",
            rng.randrange(100, 20000),
            "tentara",
            rng.choice(("exact", "atLeast", "moreThan", "approximately", "upTo")),
            pick(),
        )
        add(pick(), KG.estimates, est, str(i))
    for i in range(int(n_entities * 0.6)):
        s, o = pick(), rng.choice(entities)
        if s != o:
            add(s, rng.choice(SYNTHETIC_RELATIONS["entity"]), o, str(i))
    return b.graph


@dataclass
class PageSession:
    """An open page and everything it tried: outside requests, dialogs, errors."""

    page: Page
    url: str
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def chromium_available() -> bool:
    return CHROMIUM.exists()


@contextmanager
def launch_browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, through playwright (never a browser it downloads)."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - browser tests only

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def open_page(
    browser: Browser, path: Path, wait_ready: bool = True, timeout_ms: int = 30_000
) -> Iterator[PageSession]:
    """Open ``path`` with every request but the page itself aborted and recorded, dialogs
    dismissed and recorded, console errors and uncaught exceptions kept."""
    url = path.resolve().as_uri()
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    session = PageSession(page, url)

    def route(r: Route) -> None:
        if r.request.url == url:
            r.continue_()
        else:
            session.blocked.append(r.request.url)
            r.abort()

    def request(req: Request) -> None:
        if req.url != url and req.url not in session.blocked:
            session.blocked.append(req.url)

    def dialog(d: Dialog) -> None:
        session.dialogs.append(d.message)
        d.dismiss()

    def console(msg: ConsoleMessage) -> None:
        if msg.type in ("error", "warning"):
            session.errors.append(f"{msg.type}: {msg.text}")

    context.route("**/*", route)
    page.on("request", request)
    page.on("dialog", dialog)
    page.on("console", console)
    page.on("pageerror", lambda err: session.errors.append(f"pageerror: {err}"))
    try:
        page.goto(url, wait_until="load")
        if wait_ready:
            try:
                page.wait_for_function("() => window.kabarReady === true", timeout=timeout_ms)
            except PlaywrightError as err:
                raise AssertionError(f"page never drew; errors: {session.errors}") from err
        yield session
    finally:
        context.close()
