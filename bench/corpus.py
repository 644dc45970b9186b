"""A synthetic Indonesian news archive for the build benchmark, from templates and the gazetteer.

Every article is drawn from a seeded ``random.Random``, so ``generate(n, seed)`` always writes
the same files. Articles look like the scraped pages Kabar reads: an outlet lead
("TRIBUNNEWS.COM - ", "JAKARTA (ANTARA) - ", "MOSKWA – "), a headline and a date line, a
body of 10–24 sentences mixing facts and background, quotes continued with "lanjutnya",
numbers written "1.500" or "12 ribu", dates "Senin (21/10/2024)", and page furniture
("Baca juga:", "loading...", "Berita Terkait" lists, copyright lines) that the cleaner must
drop. Relations vary: denials (membantah, menyangkal, menolak tuduhan), summons (memanggil
duta besar), ratifications, estimates ("X mengatakan 8.000 tentara ..."), declines to
confirm, calls, accusations, signings and support.

Entity names come from ``kg.lexicon.load_lexicon()`` (labels and Indonesian aliases), never
from this file, so the corpus follows the ontology as it grows.

    .venv/bin/python bench/corpus.py OUT_DIR --articles 1000 [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kg.lexicon import Lexicon, load_lexicon  # noqa: E402

DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember"]
OUTLETS = [  # (lead form, copyright line or None)
    ("TRIBUNNEWS.COM - ", "Copyright © 2024 Tribunnews.com All Rights Reserved"),
    ("Suara.com - ", None),
    ("JAKARTA (ANTARA) - ", "© 2024 ANTARA News"),
    ("{CITY} – ", "Copyright ©2024 SINDOnews.com All Rights Reserved"),
    ("{CITY}, sp-globalindo.co.id – ", None),
    ("KOMPAS.com - ", "Copyright 2008 - 2024 PT. Kompas Cyber Media. All Rights Reserved."),
    ("{CITY} (ANTARA) - ", None),
    ("CNN Indonesia -- ", None),
    ("", "Copyright © 2024 Bergelora.com"),
]
UNITS = ["tentara", "pasukan", "personel militer", "prajurit", "pasukan khusus", "rudal",
         "drone", "tank", "warga sipil", "pengungsi", "tawanan perang", "peluru artileri"]
TITLES = ["Presiden", "Menteri Luar Negeri", "Perdana Menteri", "Juru bicara"]
QUALIFIERS = ["", "", "", "sekitar ", "sedikitnya ", "lebih dari ", "hampir ", "setidaknya ",
              "hingga "]
TOPICS = [
    "pengiriman senjata", "pengerahan pasukan", "serangan lintas batas", "uji coba rudal",
    "pelanggaran wilayah udara", "kerja sama militer", "penahanan kapal nelayan",
    "latihan militer gabungan", "sanksi ekonomi", "blokade pelabuhan",
]
QUOTES = [
    "Kami tidak akan tinggal diam menghadapi provokasi seperti ini",
    "Tuduhan itu sepenuhnya tidak berdasar dan bermotif politik",
    "Situasi di lapangan masih sangat dinamis dan kami terus memantaunya",
    "Kami menyerukan semua pihak untuk menahan diri",
    "Ini adalah pelanggaran serius terhadap hukum internasional",
    "Dialog tetap menjadi satu-satunya jalan keluar",
    "Kami akan terus berkoordinasi dengan mitra-mitra kami",
    "Tidak ada bukti yang mendukung klaim tersebut",
    "Keamanan warga kami adalah prioritas utama pemerintah",
    "Kami menghormati kedaulatan setiap negara",
]
BACKGROUND = [
    "Konflik di kawasan tersebut telah berlangsung lebih dari dua tahun.",
    "Situasi keamanan di perbatasan {A} masih tegang hingga kini.",
    "Hubungan antara {A} dan {B} memburuk sejak awal tahun ini.",
    "Para analis menilai ketegangan ini dapat meluas ke negara-negara tetangga.",
    "Harga minyak dunia naik tipis setelah kabar tersebut beredar.",
    "Pertemuan itu berlangsung tertutup selama hampir tiga jam.",
    "Warga di ibu kota {A} mengaku khawatir dengan perkembangan terakhir.",
    "Sejumlah negara Barat telah menyuarakan keprihatinan atas situasi tersebut.",
    "Pembicaraan damai yang dimediasi {A} terhenti sejak bulan lalu.",
    "Isu ini diperkirakan menjadi agenda utama pertemuan puncak pekan depan.",
    "Sebelumnya, kedua negara sepakat membuka kembali jalur komunikasi militer.",
    "Media lokal melaporkan antrean panjang di sejumlah pos perbatasan.",
    "Bantuan kemanusiaan untuk wilayah tersebut masih tertahan di perbatasan.",
    "Pengamat hubungan internasional menyebut langkah itu sebagai sinyal politik.",
    "Ledakan terdengar di pinggiran kota pada dini hari.",
    "Kantor berita setempat belum merilis rincian tambahan.",
]
HEADLINES = [
    "{A} Bantah Kirim Pasukan ke {B}",
    "{A} Panggil Dubes {B} Usai Insiden di Perbatasan",
    "Parlemen {A} Ratifikasi Perjanjian Baru",
    "{A} Sebut {N} Tentara {B} Sudah Dikerahkan",
    "{A} Tolak Tuduhan {B} soal Serangan Drone",
    "Ketegangan {A} dan {B} Meningkat, Ini Kata Para Pejabat",
    "{A} Desak {B} Tarik Pasukan dari Wilayah Sengketa",
]
RELATED = [
    "{A} Kecam Uji Coba Rudal {B}, Pelanggaran Resolusi PBB",
    "Presiden {A} Tiba di {B} untuk Kunjungan Kenegaraan",
    "{A} Siapkan Bantuan Kemanusiaan untuk {B}",
    "Harga Emas Hari Ini Naik, Cek Rinciannya",
    "Jadwal Lengkap Pertemuan Menteri Luar Negeri ASEAN",
    "{A} dan {B} Sepakati Kerja Sama Energi",
]


@dataclass(frozen=True)
class Cast:
    """The names an article may use, read from the ontology."""

    states: list[tuple[str, list[str]]]           # (label, Indonesian aliases)
    officials: list[tuple[str, str | None]]       # (name, label of the state they represent)
    ministries: list[tuple[str, str]]             # (agency label, its state's label)
    legislatures: list[tuple[str, str]]           # (agency label, its state's label)
    treaties: list[str]
    cities: list[tuple[str, str]]                 # (seat, its state's label)


def cast_from(lex: Lexicon) -> Cast:
    entities = lex.entities
    states = []
    for _, e in sorted(entities.items()):
        if e.type == "State":
            # English and long formal names are rare in Indonesian copy; keep short Indonesian ones
            aliases = sorted(a for a in e.aliases if a != e.label and len(a.split()) <= 3
                             and not a.startswith(("Republic", "Kingdom", "State of", "Republik")))
            states.append((e.label, aliases))
    state_label = {k: e.label for k, e in entities.items() if e.type == "State"}
    officials = [(e.label, state_label.get(e.represents or ""))
                 for _, e in sorted(entities.items()) if e.type == "Official"]
    ministries, legislatures = [], []
    for key, e in sorted(entities.items()):
        if e.type != "Agency" or not e.agency_of or e.agency_of not in state_label:
            continue
        kind = lex.kinds.get(key, "")
        if kind == "legislature":
            legislatures.append((e.label, state_label[e.agency_of]))
        elif kind.startswith("ministry"):
            ministries.append((e.label, state_label[e.agency_of]))
    treaties = [e.label for _, e in sorted(entities.items())
                if e.type == "Treaty" and not e.part_of]
    cities = [(seat, state_label[key]) for seat, key in sorted(lex.seats.items())
              if key in state_label]
    return Cast(states, officials, ministries, legislatures, treaties, cities)


def number_text(rng: random.Random) -> str:
    """A number as Indonesian news writes it: 1.500, 12 ribu, 800, 2,5 juta."""
    style = rng.random()
    if style < 0.55:
        value = rng.choice([300, 500, 800, 1000, 1200, 1500, 2000, 3000, 5000, 8000, 10000, 11000,
                            12000, 15000, 25000])
        return f"{value:,}".replace(",", ".")
    if style < 0.85:
        return f"{rng.choice([2, 3, 5, 10, 12, 15, 20, 40])} ribu"
    if style < 0.95:
        return str(rng.randint(20, 900))
    return f"{rng.choice(['1,5', '2', '2,5'])} juta"


class ArticleWriter:
    """One article at a time, from a seeded generator."""

    def __init__(self, cast: Cast, rng: random.Random) -> None:
        self.cast = cast
        self.rng = rng

    # -- names ---------------------------------------------------------------------
    def state(self) -> str:
        label, aliases = self.rng.choice(self.cast.states)
        if aliases and self.rng.random() < 0.2:
            return self.rng.choice(aliases)
        return label

    def two_states(self) -> tuple[str, str]:
        a = self.state()
        b = self.state()
        while b == a:
            b = self.state()
        return a, b

    def official(self) -> str:
        name, state = self.rng.choice(self.cast.officials)
        if state and self.rng.random() < 0.5:
            title = self.rng.choice(TITLES)
            return f"{title} {state} {name}"
        return name

    def actor(self) -> str:
        roll = self.rng.random()
        if roll < 0.55:
            return self.state()
        if roll < 0.85:
            return self.official()
        return self.rng.choice(self.cast.ministries)[0]

    def date(self) -> dt.date:
        return dt.date(2024, 1, 1) + dt.timedelta(days=self.rng.randint(0, 365))

    @staticmethod
    def day_date(day: dt.date) -> str:
        return f"{DAYS[day.weekday()]} ({day.day}/{day.month}/{day.year})"

    # -- sentences -----------------------------------------------------------------
    def fact_sentence(self, day: dt.date) -> list[str]:
        r = self.rng
        a, b = self.two_states()
        when = self.day_date(day)
        n = number_text(r)
        unit = r.choice(UNITS)
        topic = r.choice(TOPICS)
        kind = r.randrange(14)
        if kind == 0:
            return [f"{self.actor()} membantah tuduhan bahwa pihaknya mengirim {n} {unit} ke {b}."]
        if kind == 1:
            return [f"{a} menyangkal laporan {b} tentang {topic} di dekat perbatasan, {when}."]
        if kind == 2:
            return [f"{self.actor()} menolak tuduhan {b} yang menyebut {a} terlibat dalam {topic}."]
        if kind == 3:
            return [f"Klaim tersebut dibantah oleh {self.official()} sebagai kebohongan yang "
                    "tidak berdasar."]
        if kind == 4:
            ministry, state = r.choice(self.cast.ministries)
            return [f"{ministry} memanggil duta besar {b} di {state} untuk menyampaikan "
                    f"protes keras pada {when}."]
        if kind == 5:
            return [f"Setelah {a} memanggil duta besar {b} untuk mengajukan keluhan, kedua pihak "
                    "sepakat melanjutkan pembicaraan."]
        if kind == 6:
            legislature, _ = r.choice(self.cast.legislatures)
            return [f"{legislature} meratifikasi {r.choice(self.cast.treaties)} pada {when}."]
        if kind == 7:
            q = r.choice(QUALIFIERS)
            return [f"{self.actor()} mengatakan {q}{n} {unit} {b} telah dikerahkan ke wilayah {a}."]
        if kind == 8:
            return [f"Menurut {self.actor()}, {r.choice(QUALIFIERS)}{n} {unit} tewas dalam "
                    f"serangan tersebut, {when}."]
        if kind == 9:
            speaker = self.official()
            first, second = r.sample(QUOTES, 2)
            return [f"\"{first},\" kata {speaker} kepada wartawan, {when}.",
                    f"\"{second},\" lanjutnya."]
        if kind == 10:
            return [r.choice([
                f"{self.actor()} menolak memberikan konfirmasi soal laporan {topic} tersebut.",
                f"Ketika ditanya soal {topic}, juru bicara {a} enggan berkomentar.",
                f"{a} belum memberikan tanggapan resmi atas laporan tersebut.",
            ])]
        if kind == 11:
            return [f"{self.actor()} mendesak {b} untuk segera menarik pasukannya dari wilayah "
                    "sengketa."]
        if kind == 12:
            return [f"{self.actor()} menuduh {b} melanggar {r.choice(self.cast.treaties)}."]
        return [r.choice([
            f"{a} dan {b} menandatangani perjanjian kerja sama pertahanan di "
            f"{r.choice(self.cast.cities)[0]}.",
            f"{self.actor()} menyatakan dukungan penuh kepada {b} dalam menghadapi krisis ini.",
        ])]

    def background(self) -> str:
        a, b = self.two_states()
        return self.rng.choice(BACKGROUND).format(A=a, B=b)

    def headline(self) -> str:
        a, b = self.two_states()
        return self.rng.choice(HEADLINES).format(A=a, B=b, N=number_text(self.rng))

    def related(self) -> str:
        a, b = self.two_states()
        return self.rng.choice(RELATED).format(A=a, B=b)

    # -- the article ---------------------------------------------------------------
    def article(self) -> str:
        r = self.rng
        day = self.date()
        lead, copyright_line = r.choice(OUTLETS)
        city = r.choice(self.cast.cities)[0].upper()
        lines = [self.headline(), ""]
        if r.random() < 0.6:
            lines.append(f"{DAYS[day.weekday()]}, {day.day} {MONTHS[day.month - 1]} {day.year} - "
                         f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d} WIB")
        if r.random() < 0.3:
            lines += ["loading...", "A A A"]
        body: list[str] = []
        for _ in range(r.randint(10, 24)):
            if r.random() < 0.55:
                body += self.fact_sentence(day)
            else:
                body.append(self.background())
        paragraphs: list[str] = []
        while body:
            take = r.randint(1, 3)
            paragraphs.append(" ".join(body[:take]))
            body = body[take:]
            if r.random() < 0.12:
                paragraphs.append(f"Baca juga: {self.related()}")
        paragraphs[0] = lead.format(CITY=city) + paragraphs[0]
        lines += paragraphs
        if r.random() < 0.5:
            lines.append(f"({r.choice(['mas', 'rds', 'ant', 'afp'])})")
        if r.random() < 0.5:
            lines.append("Berita Terkait")
            lines += [self.related() for _ in range(r.randint(3, 8))]
        if copyright_line:
            lines.append(copyright_line)
        return "\n".join(lines) + "\n"


def generate(out: Path, articles: int, seed: int = 7, per_folder: int = 1000) -> list[Path]:
    """Write ``articles`` articles under ``out`` (folders of ``per_folder``); returns the files.

    An existing corpus of the same size and seed is kept (a marker file records both).
    """
    marker = out / ".corpus"
    stamp = f"{articles} {seed} {per_folder}\n"
    files = [out / f"{i // per_folder:04d}" / f"{i:07d}.txt" for i in range(articles)]
    if marker.exists() and marker.read_text() == stamp:
        return files
    rng = random.Random(seed)
    writer = ArticleWriter(cast_from(load_lexicon()), rng)
    for path in files:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(writer.article(), encoding="utf-8")
    marker.write_text(stamp)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    files = generate(args.out, args.articles, args.seed)
    size = sum(f.stat().st_size for f in files)
    print(f"wrote {len(files)} articles ({size / 1e6:.1f} MB) under {args.out}")


if __name__ == "__main__":
    main()
