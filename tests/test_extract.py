"""Extraction on real Indonesian news sentences: what must and must not become a fact."""

from __future__ import annotations

import pytest

from kg.lexicon import load_lexicon
from kg.model import Claim, Estimate, SourceText
from kg.pipeline import extract_source


def facts_of(text: str):
    source = SourceText(("t.txt",), text, "0" * 64)
    extraction = extract_source(source, load_lexicon())
    return extraction, [(f.relation, f.subject, f.object) for f in extraction.facts]


def relations(text: str, relation: str):
    return [(s, o) for r, s, o in facts_of(text)[1] if r == relation]


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("Iran membantah tuduhan bahwa pihaknya memasok drone ke Sudan.", "iran"),
        ("Kementerian Luar Negeri China menyangkal laporan tersebut.", None),
        ("Pemerintah Niger menepis kabar penjualan uranium ke Iran.", "niger"),
        ("Israel menolak tuduhan genosida di Mahkamah Internasional.", "israel"),
        ("Klaim itu dibantah oleh Menteri Luar Negeri Iran Abbas Araghchi.", "abbas-araghchi"),
        ("Iran Bantah Pasok 50 Drone ke Sudan", "iran"),
        ("Kepala Biro Informasi Pertahanan Kementerian Pertahanan Brigjen TNI Frega Wenas "
         "membantah laporan itu.", "frega-wenas"),  # a long title no list holds
        # "sebelumnya" (before) is no "belum" (not yet), though a stemmer finds one in it
        ("Rusia sebelumnya telah membantah laporan pengiriman pasukan.", "russia"),
        ("Kementerian Pertahanan Kolombia mengelak tudingan Peru bahwa kapalnya masuk.", None),
        # "tersebut" is no verb of saying, though its root is "sebut"
        ("Rusia menyebut klaim tersebut sebagai kebohongan.", "russia"),
        ('Rusia menyebut klaim tersebut "paranoia yang disengaja".', "russia"),
        # unqualified, a ministry whose portfolio is a minister's title is the home country's
        ("Kementerian Kesehatan membantah anggapan bahwa data pasien diserahkan.",
         "kementerian-kesehatan-indonesia"),
        ("Menteri Luar Negeri Fiji mengatakan tidak benar bahwa negaranya menerima bantuan "
         "militer dari China.", "fiji"),
        ("Juru bicara Kremlin Dmitry Peskov menegaskan tidak benar jika Rusia menyerang rumah "
         "sakit itu.", "dmitry-peskov"),
        # a number judged baseless is a claim denied
        ("Komando Pasukan Darat Ukraina menyebut angka itu tidak berdasar.",
         "komando-pasukan-darat-ukraina"),
        ("Kementerian Kesehatan Gaza menilai data tersebut dibesar-besarkan.",
         "kementerian-kesehatan-palestina"),
    ],
)
def test_extract_denial_forms(text: str, subject: str | None) -> None:
    found = relations(text, "denies")
    assert found, text
    if subject:
        assert found[0][0] == subject


@pytest.mark.parametrize(
    "text",
    [
        "Presiden Rusia Vladimir Putin tidak membantah laporan tersebut.",
        "Pejabat Iran terus menghindari membantah laporan itu.",
        "Kementerian Luar Negeri Jepang menolak berkomentar soal laporan itu.",
        "Juru bicara Gedung Putih enggan menanggapi pertanyaan wartawan.",
        "Jika Iran membantah laporan itu, sanksi akan dijatuhkan.",
        "Baik NATO maupun Uni Eropa belum mengonfirmasi laporan tersebut.",
        "Rusia tidak mengatakan tidak benar bahwa pasukannya menyerang rumah sakit.",
        "Menteri Luar Negeri Fiji mengatakan rumor bahwa ia akan mundur beredar luas.",
        "Kementerian Kesehatan Gaza menyebut angka itu mencapai 50 orang.",
    ],
)
def test_extract_no_denial_for_negated_hedged_or_declined(text: str) -> None:
    assert relations(text, "denies") == []


def test_extract_declining_is_declines_to_confirm() -> None:
    found = relations(
        "Baik NATO maupun Uni Eropa belum mengonfirmasi laporan tersebut.", "declinesToConfirm"
    )
    assert {s for s, _ in found} == {"nato", "european-union"}


@pytest.mark.parametrize(
    "text",
    [
        "Departemen Luar Negeri AS tidak menanggapi permintaan komentar dari VOA.",
        "Departemen Luar Negeri AS tidak menjawab ketika ditanya soal jumlah korban.",
    ],
)
def test_extract_not_answering_a_request_is_declining(text: str) -> None:
    assert [s for s, _ in relations(text, "declinesToConfirm")] == ["us-state-department"]
    assert relations(text, "denies") == []


def test_extract_refusing_to_comment_with_untuk_is_declining_not_denying() -> None:
    text = "Kremlin menolak untuk mengomentari laporan itu."
    assert relations(text, "denies") == []
    assert [s for s, _ in relations(text, "declinesToConfirm")] == ["kremlin"]


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        (
            "Ukraina mengatakan sedikitnya 3.000 tentara telah dikirim ke perbatasan.",
            3000,
            "atLeast",
        ),
        # "setidaknya" (at least) is no "tidak" (not), though a stemmer finds one in it
        ("Ukraina mengatakan setidaknya 500 tentara Korea Utara tewas.", 500, "atLeast"),
        ("Menurut Israel, lebih dari 17.000 militan tewas dalam perang.", 17000, "moreThan"),
        ("Sugiono mengatakan Indonesia telah melatih sekitar 300 diplomat Timor Leste.", 300,
         "approximately"),
        ("Filipina memperkirakan sekitar 12 ribu personel dikerahkan.", 12000, "approximately"),
        # shares, durations and counts of states are quantities an actor can put a number on
        ("Bank Dunia memperkirakan sekitar 42 persen penduduk Timor-Leste hidup miskin.", 42,
         "approximately"),
        ("Menurut Pasukan Pertahanan Estonia (EDF), ketiga pesawat itu berada di wilayah udara "
         "Estonia selama hampir 12 menit.", 12, "approximately"),
        ("Juru bicara PBB Stephane Dujarric mengatakan perjanjian tersebut kini telah "
         "diratifikasi oleh 84 negara.", 84, "exact"),
        ("Somalia memperkirakan sedikitnya 2.000 milisi Jubaland bersiaga.", 2000, "atLeast"),
        ("Georgia mengatakan dua puluh tujuh warganya ditahan secara ilegal.", 27, "exact"),
        # the "tidak" of a qualifier negates nothing
        ("Menteri Pertahanan Burkina Faso mengatakan korban tewas tidak lebih dari 30 prajurit.",
         30, "upTo"),
        (
            "Kementerian Kesehatan Palestina mengatakan korban tewas mencapai 1,5 juta orang.",
            1500000,
            "upTo",
        ),
    ],
)
def test_extract_estimate_value_and_qualifier(text: str, value: int, qualifier: str) -> None:
    found = [o for _, o in relations(text, "estimates")]
    assert found and isinstance(found[0], Estimate), text
    assert (found[0].value, found[0].qualifier) == (value, qualifier)


@pytest.mark.parametrize(
    "text",
    [
        "Iran Bantah Kirim 2.000 Tentara ke Suriah",
        "Pernyataan itu muncul di tengah tuduhan bahwa 5.000 tentara telah dikirim.",
        "Ukraina mengatakan ribuan pasukan telah tiba di perbatasan.",
        "Ukraina mengatakan rudal Fath-360 ditembakkan dari tiga pangkalan.",
        "Rusia tidak mengatakan 4.000 tentara telah tiba.",
        # a rate someone sets, and numbers that frame a place or a time
        "Presiden AS Donald Trump mengumumkan tarif darurat 25 persen atas barang impor.",
        "AS meyakini pasukan itu menjalani pelatihan di tiga negara di Afrika.",
        "Taiwan mengatakan telah mendeteksi pesawat militer China dalam 24 jam terakhir.",
        "Kremlin menyebut laporan bahwa 5.000 tentara Korea Utara berada di Kursk tidak benar.",
        "Rusia mengatakan tidak benar bahwa 5.000 tentara Korea Utara berada di Kursk.",
    ],
)
def test_extract_no_estimate_from_denials_vague_or_unsourced_numbers(text: str) -> None:
    assert relations(text, "estimates") == []


@pytest.mark.parametrize(
    "text",
    [
        "Ukraina memperkirakan 10.000 hingga 12.000 tentara Korea Utara berada di Kursk.",
        "Ukraina memperkirakan antara 10.000 dan 12.000 tentara Korea Utara berada di Kursk.",
    ],
)
def test_extract_a_range_gives_both_its_ends(text: str) -> None:
    extraction, _ = facts_of(text)
    given = [(f.object.value, f.object.qualifier) for f in extraction.facts
             if f.relation == "estimates"]
    assert given == [(10000, "atLeast"), (12000, "upTo")]


@pytest.mark.parametrize(
    "text",
    [
        "Sugiono mengatakan Indonesia telah melatih sekitar 300 diplomat Timor Leste.",
        "Kanada mengusir dua diplomat India pada Senin.",
        "Polandia mengusir ratusan diplomat Rusia.",
    ],
)
def test_extract_counted_diplomats_are_a_group_not_an_official(text: str) -> None:
    extraction, _ = facts_of(text)
    officials = [e.label for e in extraction.entities.values() if e.type == "Official"]
    assert not [label for label in officials if label.startswith("Diplomat")]


@pytest.mark.parametrize("title", ["pejabat", "diplomat"])
def test_extract_counted_officials_speak_for_their_state(title: str) -> None:
    text = f"Dua {title} AS mengatakan sekitar 3.000 tentara Korea Utara telah tiba di Rusia."
    assert [(s, o.value) for s, o in relations(text, "estimates")] == [("united-states", 3000)]


def test_extract_counted_people_are_no_speaker() -> None:
    text = "Sekitar 3.000 tentara Korea Utara mengatakan 500 orang tewas."
    assert relations(text, "estimates") == []


def test_extract_a_number_under_a_nameless_subject_is_the_speaker_s() -> None:
    text = ("Menteri Hak Asasi Manusia Natalius Pigai mengatakan pemerintah mencatat sedikitnya "
            "13 aktivis masih hilang.")
    assert [(s, o.value) for s, o in relations(text, "estimates")] == [("natalius-pigai", 13)]


def test_extract_another_clause_s_number_is_not_the_first_speaker_s() -> None:
    text = ("UNHCR Sebut 264 Pengungsi Rohingya Mendarat di Aceh, Pemkab Pidie Catat 198 Orang\n\n"
            "Pengungsi itu tiba pada Senin.")
    assert [(s, o.value) for s, o in relations(text, "estimates")] == [("unhcr", 264)]


def test_extract_quote_number_belongs_to_the_speaker() -> None:
    text = (
        "Menteri Pertahanan Filipina Gilberto Teodoro menyebut bahwa kapal China berpatroli.\n"
        '"Sebanyak 200 kapal terlihat di sana," lanjutnya.'
    )
    found = relations(text, "estimates")
    assert [(s, o.value) for s, o in found] == [("gilberto-teodoro", 200)]


def test_extract_summons_names_the_unnamed_ambassador_by_role() -> None:
    extraction, facts = facts_of(
        "Filipina memanggil duta besar China di Manila untuk menyampaikan protes."
    )
    summons = [(s, o) for r, s, o in facts if r == "summons"]
    assert summons == [("philippines", summons[0][1])]
    official = extraction.entities[summons[0][1]]
    assert official.type == "Official" and official.represents == "china"


@pytest.mark.parametrize(
    ("text", "subject", "label"),
    [
        ("Lituania memanggil kuasa usaha China pada Selasa.", "lithuania", "Kuasa Usaha China"),
        ("India memanggil Komisaris Tinggi Kanada untuk India.", "india",
         "Komisaris Tinggi Kanada untuk India"),
        ("Korea Selatan memanggil wakil duta besar Rusia.", "south-korea",
         "Wakil Duta Besar Rusia"),
        ("Estonia memanggil kuasa usaha ad interim Rusia.", "estonia", "Kuasa Usaha Rusia"),
        # a consul is known by the city of the post
        ("Republik Dominika memanggil Konsul Haiti di Dajabon.", "dominican-republic",
         "Konsul Haiti di Dajabon"),
        # an embassy's diplomat is the state's, and an attaché is no plain "diplomat"
        ("Korea Selatan memanggil atase pertahanan Kedutaan Besar Jepang.", "south-korea",
         "Atase Pertahanan Jepang"),
        ("Thailand memanggil Kuasa Usaha Kedutaan Besar Kamboja di Bangkok.", "thailand",
         "Kuasa Usaha Kamboja untuk Thailand"),
    ],
)
def test_extract_summoned_diplomat_is_named_by_the_rank_the_text_gives(
        text: str, subject: str, label: str) -> None:
    """Summoning a chargé d'affaires instead of the ambassador is itself the message."""
    extraction, facts = facts_of(text)
    summons = [(s, o) for r, s, o in facts if r == "summons"]
    assert [s for s, _ in summons] == [subject]
    assert extraction.entities[summons[0][1]].label == label


def test_extract_summons_in_retaliation_keeps_its_subject() -> None:
    text = "Azerbaijan membalas dengan memanggil Duta Besar Prancis untuk Azerbaijan."
    assert [s for s, _ in relations(text, "summons")] == ["azerbaijan"]


def test_extract_summons_as_a_noun_done_by_its_agent() -> None:
    text = ("Pemanggilan Duta Besar Prancis dilakukan oleh Wakil Menteri Luar Negeri Azerbaijan "
            "Elnur Mammadov.")
    assert relations(text, "summons") == [("azerbaijan", "duta-besar-prancis")]


def test_extract_summons_as_a_noun_with_an_anaphor_recalls_who_was_summoned() -> None:
    text = ("Azerbaijan membalas dengan memanggil Duta Besar Prancis untuk Azerbaijan Marc Leroy. "
            "Pemanggilan itu dilakukan oleh Wakil Menteri Luar Negeri Azerbaijan Elnur Mammadov.")
    evidence = [f.evidence.text for f in facts_of(text)[0].facts if f.relation == "summons"]
    assert len(evidence) == 2 and evidence[1].startswith("Pemanggilan itu")
    assert relations(text, "summons") == [("azerbaijan", "marc-leroy")] * 2


def test_extract_summons_noun_anaphor_without_an_earlier_summons_is_no_fact() -> None:
    text = ("Pemanggilan itu dilakukan oleh Wakil Menteri Luar Negeri Azerbaijan Elnur Mammadov.")
    assert relations(text, "summons") == []


@pytest.mark.parametrize(
    "text",
    [
        "Hongaria memanggil pulang Duta Besar Hongaria untuk Bosnia Balazs Kerekes.",
        "Peru memanggil kembali duta besarnya dari Meksiko untuk berkonsultasi.",
        "Israel memanggil Duta Besar Israel untuk Irlandia.",
    ],
)
def test_extract_recalling_one_s_own_envoy_is_no_summons(text: str) -> None:
    assert relations(text, "summons") == []


def test_extract_a_ministry_named_with_its_state_is_the_one_named_again_without_it() -> None:
    text = ("Kementerian Kesehatan Gaza mengatakan 500 orang tewas. "
            "Kementerian Kesehatan juga mencatat 1.200 orang terluka.")
    assert {s for s, _ in relations(text, "estimates")} == {"kementerian-kesehatan-palestina"}


def test_extract_an_embassy_in_a_capital_is_posted_to_that_state() -> None:
    text = ("Burkina Faso memanggil Kuasa Usaha Kedutaan Besar Pantai Gading di Ouagadougou "
            "untuk dimintai keterangan.")
    assert relations(text, "summons") == [("burkina-faso", "kuasa-usaha-pantai-gading-untuk-"
                                                           "burkina-faso")]


def test_extract_headline_role_is_the_body_s_unnamed_official() -> None:
    text = ("Estonia Panggil Kuasa Usaha Rusia\n\n"
            "Kementerian Luar Negeri Estonia memanggil Kuasa Usaha Rusia untuk Estonia pada "
            "Selasa.")
    extraction, facts = facts_of(text)
    summoned = {o for r, _, o in facts if r == "summons"}
    assert summoned == {"kuasa-usaha-rusia-untuk-estonia"}
    assert "Kuasa Usaha Rusia" in extraction.entities["kuasa-usaha-rusia-untuk-estonia"].aliases


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Jet Rusia memasuki wilayah udara Estonia di atas Teluk Finlandia.", "finland"),
        ("Kapal Jepang melintasi Selat Taiwan pada Senin.", "taiwan"),
        ("Kapal Filipina berlayar di Laut China Selatan.", "china"),
        ("Air Sungai Isfara dibagi oleh Kirgistan dan Tajikistan.", "sungai-isfara"),
    ],
)
def test_extract_a_place_named_after_a_state_is_no_mention_of_it(text: str, absent: str) -> None:
    extraction, _ = facts_of(text)
    assert extraction.entities and absent not in extraction.entities


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # a place word that starts a state's own name, and a name particle that starts one
        ("Tanjung Verde menyangkal laporan Ukraina.", "cape-verde"),
        ("Setelah El Salvador membantah laporan itu, kedua pihak berunding.", "el-salvador"),
    ],
)
def test_extract_state_names_that_look_like_places_or_names(text: str, subject: str) -> None:
    assert [s for s, _ in relations(text, "denies")] == [subject]


def test_extract_passive_summons_to_the_ministry() -> None:
    text = "Duta Besar China untuk Jepang Wu Jianghao dipanggil ke Kementerian Luar Negeri Jepang."
    found = relations(text, "summons")
    assert found and found[0][1] == "wu-jianghao"


def test_extract_ratification_by_a_legislature() -> None:
    found = relations(
        "Parlemen Turki meratifikasi protokol aksesi Swedia ke NATO pada Selasa.", "ratifies"
    )
    assert found and found[0][0] == "grand-national-assembly-of-turkey"


@pytest.mark.parametrize(
    ("text", "relation", "expected"),
    [
        ("Yunani meratifikasi Konvensi PBB tentang Hukum Laut (UNCLOS) pada 1995.", "ratifies",
         [("greece", "unclos")]),
        ("Ukraina resmi meratifikasi Statuta Roma pada Agustus 2024.", "ratifies",
         [("ukraine", "rome-statute")]),
        ("Statuta Roma diratifikasi Ukraina pada 2024.", "ratifies", [("ukraine", "rome-statute")]),
        # "Cile", "Libia": the dictionary's spellings are the gazetteer's aliases too
        ("Cile meratifikasi Statuta Roma pada 2009.", "ratifies", [("chile", "rome-statute")]),
        ("Libia menandatangani Statuta Roma.", "signs", [("libya", "rome-statute")]),
        ("Iran menandatangani Rencana Aksi Komprehensif Bersama pada 2015.", "signs",
         [("iran", "jcpoa")]),
    ],
)
def test_extract_act_on_a_treaty_known_by_name(text: str, relation: str, expected) -> None:
    assert relations(text, relation) == expected


def test_extract_treaty_named_inside_another_s_name_is_not_the_one_acted_on() -> None:
    text = (
        "DPR mengesahkan RUU tentang Pengesahan Protokol Aksesi Timor-Leste pada Piagam ASEAN. "
        "Sebelumnya, protokol itu telah diratifikasi oleh Malaysia."
    )
    ratified = dict(relations(text, "ratifies"))
    assert ratified["malaysia"] == "treaty-protokol-aksesi-timor-leste"


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("Parlemen Rusia akan meratifikasi Statuta Roma pekan depan.", "ratifies"),
        ("Statuta Roma bakal diratifikasi Ukraina.", "ratifies"),
        ("Jepang akan segera menandatangani Perjanjian Paris.", "signs"),
        ("Korea Selatan akan memanggil duta besar Rusia.", "summons"),
    ],
)
def test_extract_planned_act_is_not_a_fact(text: str, relation: str) -> None:
    assert relations(text, relation) == []


def test_extract_signing_is_not_ratification() -> None:
    text = "Armenia menandatangani perjanjian damai dengan Azerbaijan."
    assert relations(text, "ratifies") == []
    assert {s for s, _ in relations(text, "signs")} == {"armenia", "azerbaijan"}


def test_extract_official_with_title_affiliation_and_name_represents_state() -> None:
    extraction, facts = facts_of(
        "Menteri Luar Negeri Filipina Enrique Manalo mengatakan bahwa kapal itu harus pergi."
    )
    assert ("represents", "enrique-manalo", "philippines") in facts
    assert extraction.entities["enrique-manalo"].type == "Official"


@pytest.mark.parametrize(
    ("text", "official"),
    [
        ("Perjanjian Ekstradisi RI-Singapura ditandatangani oleh Menteri Hukum Yasonna Laoly.",
         "Yasonna Laoly"),
        ("Menteri Kesehatan Budi Gunadi Sadikin membantah laporan itu.", "Budi Gunadi Sadikin"),
    ],
)
def test_extract_a_minister_s_portfolio_is_no_part_of_the_name(text: str, official: str) -> None:
    extraction, _ = facts_of(text)
    assert [e.label for e in extraction.entities.values() if e.type == "Official"] == [official]


@pytest.mark.parametrize(
    ("text", "official"),
    [
        ("Presiden Somalia Hassan Sheikh Mohamud membantah laporan itu.",
         "hassan-sheikh-mohamud"),
        ("Raja Yordania Abdullah II menolak tuduhan itu.", "abdullah-ii"),
    ],
)
def test_extract_names_with_a_title_word_or_a_regnal_number(text: str, official: str) -> None:
    assert [s for s, _ in relations(text, "denies")] == [official]


@pytest.mark.parametrize(
    ("text", "relation", "expected"),
    [
        ("Sementara itu, Indonesia, yang juga menandatangani Statuta Roma pada 2023, masih "
         "menyiapkan rancangan undang-undang.", "signs", [("indonesia", "rome-statute")]),
        ("Sekjen PBB memuji Armenia, yang meratifikasi Statuta Roma pada 2023.", "ratifies",
         [("armenia", "rome-statute")]),
        # the report says it, not the state it is from
        ("Laporan media Prancis yang menyebut 300 ton uranium dijual ke Iran beredar luas.",
         "estimates", []),
    ],
)
def test_extract_a_relative_clause_acts_for_the_actor_it_hangs_on(
        text: str, relation: str, expected) -> None:
    assert relations(text, relation) == expected


def test_extract_a_treaty_name_joined_by_dan_is_one_name() -> None:
    text = "Nepal dan India menandatangani Perjanjian Perdamaian dan Persahabatan pada 1950."
    extraction, facts = facts_of(text)
    treaties = {o for r, _, o in facts if r == "signs"}
    assert [extraction.entities[t].label for t in treaties] == [
        "Perjanjian Perdamaian dan Persahabatan"]


def test_extract_a_headline_treaty_is_the_body_s_treaty_that_shares_its_words() -> None:
    text = ("DPR Sahkan Konvensi Anti-Penghilangan Paksa Jadi Undang-Undang\n\n"
            "Dewan Perwakilan Rakyat (DPR) RI mengesahkan RUU tentang Pengesahan Konvensi "
            "Internasional tentang Perlindungan Semua Orang dari Penghilangan Paksa.\n\n"
            "Komisi I DPR masih membahas RUU Pengesahan Perjanjian Ekstradisi antara Indonesia "
            "dan Uni Emirat Arab.")
    extraction, facts = facts_of(text)
    ratified = [o for r, _, o in facts if r == "ratifies"]
    assert len(ratified) == 2 and len(set(ratified)) == 1  # the body's act, then the headline's
    assert extraction.entities[ratified[0]].label == (
        "Konvensi Internasional tentang Perlindungan Semua Orang dari Penghilangan Paksa")


def test_extract_a_treaty_phrase_with_itu_is_the_treaty_named_before() -> None:
    text = ("Mali dan Niger mengesahkan Traktat Pembentukan Konfederasi Aliansi Negara-Negara "
            "Sahel (AES) pada Selasa.\n\n"
            "Traktat konfederasi itu ditandatangani Presiden Niger Abdourahamane Tiani dan "
            "Presiden Mali Assimi Goita di Niamey.")
    extraction, facts = facts_of(text)
    treaties = {o for r, _, o in facts if r in {"ratifies", "signs"}}
    assert len(treaties) == 1
    treaty = extraction.entities[treaties.pop()]
    assert treaty.label.startswith("Traktat Pembentukan Konfederasi")
    assert "AES" not in treaty.aliases  # the alliance's acronym, not the treaty's


@pytest.mark.parametrize(
    "second",
    ["Menurut lembaga itu, 23 orang dihilangkan secara paksa.",
     "Lembaga itu mengklaim hanya 23 orang yang ditangkap."],
)
def test_extract_lembaga_itu_is_the_agency_last_named(second: str) -> None:
    text = "Komnas HAM merilis laporan tahunannya di Jakarta. " + second
    assert [(s, o.value) for s, o in relations(text, "estimates")] == [("komnas-ham", 23)]


@pytest.mark.parametrize(
    ("text", "subject", "part_of"),
    [
        ("Menurut Kementerian Kesehatan Pemerintah Regional Kurdistan (KRG), sedikitnya tujuh "
         "warga sipil tewas.", "kementerian-kesehatan-pemerintah-regional-kurdistan",
         "kurdistan-region"),
        ("Komite Keamanan Negara Ossetia Selatan mengatakan 11 orang ditangkap.",
         "komite-keamanan-negara-ossetia-selatan", "south-ossetia"),
    ],
)
def test_extract_a_body_of_a_sub_state_government_is_part_of_it(
        text: str, subject: str, part_of: str) -> None:
    extraction, _ = facts_of(text)
    assert [s for s, _ in relations(text, "estimates")] == [subject]
    assert extraction.entities[subject].part_of == part_of


def test_extract_a_video_prompt_is_furniture() -> None:
    text = ("Somalia Panggil Dubes Kenya\n\nSomalia memanggil Duta Besar Kenya.\n\n"
            'Simak Video "Video: Kapal Kargo Dibajak di Lepas Pantai Puntland"\n')
    extraction, _ = facts_of(text)
    assert "puntland" not in extraction.entities


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Haiti memanggil Kuasa Usaha Republik Dominika. Republik Dominika membantah tuduhan "
         "itu. Dominika juga menolak laporan tersebut.", "dominican-republic"),
        ("Dominika menolak laporan tersebut.", "dominica"),
        ("Republik Kongo membantah laporan itu. Kongo juga menolak tuduhan tersebut.",
         "republic-of-the-congo"),
        ("Kongo menolak tuduhan tersebut.", "democratic-republic-of-the-congo"),
    ],
)
def test_extract_a_short_name_means_the_republic_the_article_named(text: str, state: str) -> None:
    assert {s for s, _ in relations(text, "denies")} == {state}


def test_extract_an_embassy_named_with_its_city_keeps_that_name() -> None:
    extraction, _ = facts_of("Kedutaan Besar China di Wellington membantah keras tuduhan itu.")
    embassy = extraction.entities["kedutaan-besar-china"]
    assert "Kedutaan Besar China di Wellington" in embassy.aliases


def test_extract_surname_resolves_to_the_same_official() -> None:
    text = (
        "Menteri Luar Negeri Filipina Enrique Manalo tiba di Tokyo.\n"
        "Manalo mengatakan bahwa kapal China menembakkan meriam air ke kapal Filipina."
    )
    claims = relations(text, "claims")
    assert claims and claims[0][0] == "enrique-manalo"


def test_extract_page_furniture_yields_nothing() -> None:
    text = (
        "Iran membantah tuduhan itu.\n"
        "Baca juga: Israel Bantah Kirim 500 Tentara ke Lebanon\n"
        "Berita Terkait\nTurki Ratifikasi Aksesi Swedia"
    )
    extraction, facts = facts_of(text)
    assert [r for r, _, _ in facts] == ["denies"]
    assert "israel" not in extraction.entities and "turkey" not in extraction.entities


def test_extract_claim_names_its_claimants() -> None:
    text = "Perwakilan China menyebut klaim Filipina sebagai kebohongan."
    found = relations(text, "denies")
    assert found and isinstance(found[0][1], Claim) and found[0][1].claimants == ("philippines",)


def test_extract_institution_no_list_holds_is_an_agency_of_its_state() -> None:
    text = "Pusat Manajemen Krisis Nasional Lituania mengatakan sedikitnya 66 balon melintas."
    extraction, facts = facts_of(text)
    estimates = [(s, o.value) for r, s, o in facts if r == "estimates"]
    assert estimates == [("pusat-manajemen-krisis-nasional-lituania", 66)]
    agency = extraction.entities["pusat-manajemen-krisis-nasional-lituania"]
    assert agency.type == "Agency" and agency.agency_of == "lithuania"


def test_extract_troops_of_a_state_are_not_an_agency() -> None:
    extraction, _ = facts_of("Pasukan Korea Utara telah tiba di Kursk.")
    assert all(e.type != "Agency" for e in extraction.entities.values())


def test_extract_second_verb_shares_the_subject() -> None:
    text = (
        "Wakil Menteri Luar Negeri Jepang Masataka Okano menyampaikan protes keras "
        "dan menuntut Beijing mencegah terulangnya insiden serupa."
    )
    assert [s for s, _ in relations(text, "callsFor")] == ["masataka-okano"]


def test_extract_negated_first_verb_does_not_hide_the_second() -> None:
    text = (
        "Presiden Belarus Alexander Lukashenko tidak membantah laporan itu, "
        "tetapi menuduh Lituania membesar-besarkan masalah."
    )
    assert relations(text, "denies") == []
    assert relations(text, "accuses") == [("alexander-lukashenko", "lithuania")]


def test_extract_according_to_makes_a_claim() -> None:
    found = relations(
        "Menurut Kementerian Luar Negeri Jepang, pesawat itu memasuki wilayah udara Jepang.",
        "claims",
    )
    assert [s for s, _ in found] == ["japan-ministry-of-foreign-affairs"]


def test_extract_outlet_names_are_not_actors() -> None:
    extraction, _ = facts_of(
        "JAKARTA, CNN Indonesia -- Filipina memanggil duta besar China di Manila."
    )
    assert "indonesia" not in extraction.entities


def test_extract_declared_support_in_noun_form() -> None:
    text = "Polandia, yang juga berbatasan dengan Belarus, menyatakan dukungan kepada Lituania."
    assert relations(text, "supports") == [("poland", "lithuania")]


def test_extract_prediction_is_not_a_claim() -> None:
    text = "Menlu Filipina Enrique Manalo mengatakan aksesi itu akan memperkuat kawasan."
    assert relations(text, "claims") == []


def test_extract_according_to_list_ends_at_the_clause() -> None:
    text = (
        "Menurut Komisi Eropa, Turki masih menjadi mitra dagang terbesar, "
        "dengan nilai perdagangan mencapai 210 miliar euro."
    )
    assert [s for s, _ in relations(text, "estimates")] == ["european-commission"]


def test_extract_name_does_not_swallow_a_preposition() -> None:
    extraction, _ = facts_of(
        "Presiden Rwanda Paul Kagame di Washington menandatangani perjanjian damai."
    )
    assert "paul-kagame" in extraction.entities


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "Sedikitnya 20 orang tewas dalam serangan itu, kata Kementerian Kesehatan Palestina.",
            "kementerian-kesehatan-palestina",
        ),
        (
            "Sekitar 300 tentara dikirim ke perbatasan, menurut Kementerian Pertahanan Ukraina.",
            "ukraine-ministry-of-defence",
        ),
    ],
)
def test_extract_source_named_after_the_number(text: str, source: str) -> None:
    assert [s for s, _ in relations(text, "estimates")] == [source]


def test_extract_treaty_partner_named_by_title() -> None:
    text = (
        "Presiden Prabowo Subianto menandatangani nota kesepahaman "
        "dengan Perdana Menteri Jepang Shigeru Ishiba."
    )
    signs = relations(text, "signs")
    assert {s for s, _ in signs} == {"prabowo-subianto", "shigeru-ishiba"}
    assert {o for _, o in signs} == {"nota-kesepahaman-indonesia-japan"}


def test_extract_read_also_heading_drops_the_linked_headlines_under_it() -> None:
    text = (
        "Kementerian Luar Negeri Filipina memanggil Duta Besar China untuk Filipina.\n\n"
        "Baca Juga\n"
        "Mesir Tegaskan Dukung Militer Sudan Lawan RSF\n"
        "Vietnam dan Filipina Teken Nota Kesepahaman Kerja Sama Penjaga Pantai\n\n"
        "Kementerian Luar Negeri China membantah tuduhan Manila."
    )
    extraction, facts = facts_of(text)
    assert sorted(r for r, _, _ in facts) == ["denies", "represents", "summons"]
    assert "egypt" not in extraction.entities and "vietnam" not in extraction.entities


ARTICLE_LEAD = (
    "Parlemen Libya Ratifikasi Persetujuan Paris\n\n"
    "Dewan Perwakilan Rakyat Libya meratifikasi Persetujuan Paris dalam sidang di Benghazi "
    "pada Senin setelah perdebatan panjang para anggota.\n\n"
)
BODY_AFTER_LIST = (
    "Kementerian Luar Negeri Libya membantah bahwa ratifikasi itu akan memaksa Libya memangkas "
    "produksi minyaknya secara drastis.\n\n"
    "Pemerintah di Tripoli menyatakan dokumen kontribusi nasional telah diserahkan kepada "
    "sekretariat konvensi pada bulan lalu.\n"
)


def test_extract_related_news_list_mid_article_drops_its_headlines_only() -> None:
    text = (ARTICLE_LEAD + "Berita terkait\n"
            "Mesir bantah batalkan proyek PLTU batu bara\n"
            "Taliban Tuding Pakistan Bombardir Provinsi Khost\n\n" + BODY_AFTER_LIST)
    extraction, facts = facts_of(text)
    assert "egypt" not in extraction.entities and "pakistan" not in extraction.entities
    assert [s for r, s, _ in facts if r == "denies"] == ["kementerian-luar-negeri-libya"]


def test_extract_related_news_teasers_are_not_the_article() -> None:
    """A teaser sentence under each linked headline: never two article paragraphs in a row."""
    text = (ARTICLE_LEAD + "Berita Populer\n"
            "Mesir Bantah Proyek PLTU\n"
            "Kementerian Luar Negeri Mesir membantah laporan bahwa proyek pembangkit listrik "
            "tenaga uap senilai satu miliar dolar telah dibatalkan.\n"
            "Taliban Tuding Pakistan\n"
            "Taliban menuding Pakistan membombardir Provinsi Khost dan menewaskan sedikitnya "
            "sepuluh warga sipil pada pekan lalu.\n")
    extraction, facts = facts_of(text)
    assert [r for r, _, _ in facts] == ["ratifies", "ratifies"]  # the headline and the lead


def test_extract_name_with_a_lowercase_particle_is_one_person_named_later_by_first_name() -> None:
    text = (
        "Timor Leste Menuju ASEAN\n\n"
        "Menteri Luar Negeri Timor Leste Bendito dos Santos Freitas tiba di Jakarta.\n\n"
        "Parlamen Nasional Timor Leste menggelar sidang pleno di Dili.\n\n"
        "Ketua Parlamen Nasional Maria Fernanda Lay menyambut kunjungan itu.\n\n"
        "Bendito membantah laporan bahwa Myanmar menghalangi keanggotaan Timor Leste."
    )
    extraction, facts = facts_of(text)
    assert [s for r, s, _ in facts if r == "denies"] == ["bendito-dos-santos-freitas"]
    # the Portuguese "Parlamen" heads an institution too: she is not "Parlamen Nasional … Lay"
    assert extraction.entities["maria-fernanda-lay"].type == "Official"


def test_extract_treaty_name_closed_by_its_acronym_keeps_its_small_words() -> None:
    text = ("Traktat Persahabatan dan Kerja Sama di Asia Tenggara (TAC) telah diratifikasi oleh "
            "Timor Leste pada 2007.")
    treaty = "treaty-traktat-persahabatan-dan-kerja-sama-di-asia-tenggara"
    assert relations(text, "ratifies") == [("timor-leste", treaty)]


def test_extract_bare_kongo_is_the_democratic_republic() -> None:
    text = "Perdana Menteri Kongo Judith Suminwa mengatakan lebih dari 7.000 orang tewas."
    extraction, facts = facts_of(text)
    assert ("estimates", "judith-suminwa") in [(r, s) for r, s, _ in facts]
    assert extraction.entities["judith-suminwa"].represents == "democratic-republic-of-the-congo"


@pytest.mark.parametrize(
    ("headline", "deniers"),
    [
        ("Irak Panggil Dubes Turki soal Serangan Duhok", ["iraq", "turkey"]),
        # one state, or three: "kedua negara" says which two only when the headline does
        ("Irak Kecam Serangan Drone di Duhok", []),
        ("Irak, Iran dan Turki Bahas Keamanan Perbatasan", []),
    ],
)
def test_extract_both_countries_are_the_two_states_of_the_headline(
        headline: str, deniers: list[str]) -> None:
    text = headline + "\n\nKedua negara membantah laporan bahwa perbatasan akan ditutup."
    assert [s for s, _ in relations(text, "denies")] == deniers


def test_extract_ratifying_it_means_the_treaty_last_named() -> None:
    text = ("Venezuela hingga kini belum meratifikasi Konvensi PBB tentang Hukum Laut (UNCLOS), "
            "sementara Guyana meratifikasinya pada 1993.")
    assert relations(text, "ratifies") == [("guyana", "unclos")]


def test_extract_the_senate_s_approval_is_no_treaty() -> None:
    text = (
        "Senat Paraguay mengesahkan Perjanjian Kerja Sama Ekonomi (ECA) dengan Taiwan. "
        "Dengan persetujuan Senat, proses di Kongres rampung, setelah Kamar Deputi "
        "meratifikasinya pada Maret lalu."
    )
    treaties = {o for _, o in relations(text, "ratifies")}
    assert treaties == {"treaty-perjanjian-kerja-sama-ekonomi"}


def test_extract_headline_over_an_outlet_line_is_the_title() -> None:
    text = (
        "Jepang Bantah Tuduhan China soal Seafood Fukushima\n"
        "CNN Indonesia\n"
        "Rabu, 11 Mar 2026 13:40 WIB\n\n"
        "Jakarta, CNN Indonesia -- Pemerintah Jepang menyampaikan protes kepada China."
    )
    extraction, facts = facts_of(text)
    assert extraction.document.title == "Jepang Bantah Tuduhan China soal Seafood Fukushima"
    assert extraction.document.outlet == "CNN Indonesia"
    assert ("denies", "japan") in [(r, s) for r, s, _ in facts]


def test_extract_byline_under_the_headline_is_not_a_dateline() -> None:
    text = (
        "Thailand Panggil Dubes Kamboja Usai Prajurit Terkena Ranjau\n"
        "Anggi Prameswari - detikNews\n"
        "Rabu, 20 Mei 2026 10:05 WIB\n\n"
        "Bangkok - Kementerian Luar Negeri Thailand memanggil Duta Besar Kamboja."
    )
    document = facts_of(text)[0].document
    assert document.outlet == "Detik"
    assert document.dateline == "Bangkok"


def test_extract_headline_ambassador_is_the_one_the_article_names() -> None:
    text = (
        "Australia Panggil Dubes China Usai Jet J-16 Lepaskan Suar\n\n"
        "CANBERRA - Departemen Luar Negeri Australia memanggil Duta Besar China untuk "
        "Australia Xiao Qian pada Rabu (8/7/2026)."
    )
    summoned = {o for _, o in relations(text, "summons")}
    assert summoned == {"xiao-qian"}


def test_extract_military_rank_is_not_part_of_the_name() -> None:
    text = (
        "Juru bicara Kementerian Pertahanan China, Kolonel Senior Wu Qingfeng, menuduh "
        "pesawat Australia sengaja menyusup."
    )
    extraction, facts = facts_of(text)
    assert "wu-qingfeng" in extraction.entities
    assert ("accuses", "wu-qingfeng") in [(r, s) for r, s, _ in facts]


def test_extract_agency_short_name_in_a_title_is_an_affiliation_not_a_person() -> None:
    text = (
        "Penjaga Perbatasan Polandia mencatat lebih dari 2.300 upaya penyeberangan ilegal.\n"
        "Juru bicara Penjaga Perbatasan Letnan Kolonel Anna Michalska menyebut sedikitnya "
        "tiga petugas terluka dalam sepekan terakhir."
    )
    extraction, facts = facts_of(text)
    assert extraction.entities["penjaga-perbatasan-polandia"].type == "Agency"
    assert "penjaga-perbatasan" not in extraction.entities  # no person of that name
    estimates = [(s, o.value) for r, s, o in facts if r == "estimates"]
    assert ("anna-michalska", 3) in estimates


def test_extract_one_of_is_not_a_count() -> None:
    text = (
        "Menteri Pertahanan Thailand Phumtham Wechayachai mengatakan salah satu prajurit "
        "kehilangan kaki kirinya dan sedikitnya 10 ranjau ditemukan."
    )
    assert [(s, o.value) for s, o in relations(text, "estimates")] == [
        ("phumtham-wechayachai", 10)
    ]


def test_extract_institution_introduced_with_its_acronym_is_an_agency_named_by_it_later() -> None:
    text = (
        "Kantor Koordinasi Urusan Kemanusiaan PBB (OCHA) mencatat lebih dari 1,2 juta orang "
        "mengungsi di Kivu Selatan sejak Januari.\n"
        "Menurut OCHA, sedikitnya 300 warga sipil tewas dalam sebulan terakhir."
    )
    extraction, facts = facts_of(text)
    agency = extraction.entities["kantor-koordinasi-urusan-kemanusiaan-pbb"]
    assert agency.type == "Agency" and "OCHA" in agency.aliases
    estimates = sorted((s, o.value) for r, s, o in facts if r == "estimates")
    assert estimates == [
        ("kantor-koordinasi-urusan-kemanusiaan-pbb", 300),
        ("kantor-koordinasi-urusan-kemanusiaan-pbb", 1_200_000),
    ]


def test_extract_acronym_after_a_known_agency_pattern_names_it() -> None:
    text = (
        "Kepolisian Federal Kanada (RCMP) menyelidiki kasus itu.\n"
        "Menurut RCMP, sedikitnya 14 warga Kanada menjadi sasaran ancaman."
    )
    estimates = [(s, o.value) for s, o in relations(text, "estimates")]
    assert estimates == [("kepolisian-federal-kanada", 14)]


def test_extract_company_or_plant_with_acronym_is_not_an_agency() -> None:
    text = (
        "Operator PLTN, Tokyo Electric Power Company (TEPCO), menyebut sekitar 7.800 ton air "
        "olahan dilepaskan ke laut."
    )
    extraction, facts = facts_of(text)
    assert relations(text, "estimates") == []
    assert not [e for e in extraction.entities.values() if "TEPCO" in e.aliases]


def test_extract_treaty_named_after_a_city_is_not_that_state_s_treaty() -> None:
    text = (
        "Thailand dan Kamboja sama-sama telah meratifikasi Konvensi Ottawa 1997 yang melarang "
        "ranjau antipersonel."
    )
    ratified = relations(text, "ratifies")
    assert ratified == [
        ("thailand", "treaty-konvensi-ottawa-1997"),
        ("cambodia", "treaty-konvensi-ottawa-1997"),
    ]


def test_extract_passive_signing_by_two_titled_leaders() -> None:
    text = (
        "Thailand dan Kamboja menyepakati Deklarasi Bersama Kuala Lumpur. Deklarasi Bersama "
        "Kuala Lumpur ditandatangani Perdana Menteri Thailand saat itu, Anutin Charnvirakul, "
        "dan Perdana Menteri Kamboja Hun Manet pada Oktober 2025, disaksikan Presiden AS "
        "Donald Trump."
    )
    signers = {s for s, _ in relations(text, "signs")}
    assert signers == {"anutin-charnvirakul", "hun-manet"}  # the witness signs nothing
    assert ("anutin-charnvirakul", "thailand") in relations(text, "represents")


def test_extract_ordinal_in_a_title() -> None:
    text = "Presiden ke-7 RI Joko Widodo menandatangani perjanjian itu dengan Malaysia."
    assert ("joko-widodo", "indonesia") in relations(text, "represents")


def test_extract_spokesman_of_a_government_that_is_no_state() -> None:
    text = (
        "Dari Kabul, juru bicara pemerintah Taliban Zabihullah Mujahid menolak tuduhan "
        "Islamabad bahwa pemerintahnya melindungi TTP."
    )
    assert [s for s, _ in relations(text, "denies")] == ["zabihullah-mujahid"]


def test_extract_lower_case_military_acts_only_as_a_subject() -> None:
    acting = "Sementara itu, militer Pakistan menyangkal bahwa serangan udaranya menewaskan warga."
    assert [s for s, _ in relations(acting, "denies")] == ["militer-pakistan"]
    extraction, _ = facts_of("Venezuela menerima bantuan militer Iran sejak 2024.")
    assert [e.type for e in extraction.entities.values()] == ["State", "State"]


def test_extract_headline_source_before_a_colon_gives_the_number() -> None:
    text = "PBB: Lebih dari 5.600 Orang Tewas Akibat Kekerasan Geng di Haiti"
    estimates = [(s, o.value, o.qualifier) for s, o in relations(text, "estimates")]
    assert estimates == [("united-nations", 5600, "moreThan")]


def test_extract_list_of_states_with_a_comma_before_dan() -> None:
    text = (
        "Ethiopia, Rwanda, Tanzania, Uganda, dan Burundi telah lebih dulu meratifikasi "
        "Perjanjian Kerangka Kerja Sama Sungai Nil."
    )
    subjects = [s for s, _ in relations(text, "ratifies")]
    assert subjects == ["ethiopia", "rwanda", "tanzania", "uganda", "burundi"]


def test_extract_sentence_case_headline_verb() -> None:
    text = (
        "DPR sahkan RUU Pengesahan Persetujuan Kerja Sama Pertahanan RI-Australia\n"
        "Selasa, 15 Juli 2025 14:32 WIB\n\n"
        "Jakarta (ANTARA) - Dewan Perwakilan Rakyat (DPR) RI mengesahkan Rancangan Undang-Undang "
        "(RUU) tentang Pengesahan Persetujuan antara Pemerintah Republik Indonesia dan "
        "Pemerintah Australia tentang Kerja Sama di Bidang Pertahanan."
    )
    ratified = relations(text, "ratifies")
    assert len(ratified) == 2 and ratified[0] == ratified[1]  # the headline's and the body's
    assert ratified[0][0] == "dpr"


def test_extract_the_ministry_named_again_by_an_anaphor() -> None:
    text = (
        "Kementerian Sumber Daya Air Mesir menuding Ethiopia melepas air tanpa koordinasi. "
        "Kementerian tersebut menyebut Addis Ababa melepaskan lebih dari 750 juta meter kubik "
        "air dalam sepekan."
    )
    estimates = [(s, o.value) for s, o in relations(text, "estimates")]
    assert estimates == [("kementerian-sumber-daya-air-mesir", 750_000_000)]


def test_extract_reported_speech_after_ia_menambahkan() -> None:
    text = (
        "Menteri Pertahanan Sjafrie Sjamsoeddin hadir di DPR. Ia menambahkan, sekitar 300 "
        "perwira TNI telah menempuh pendidikan militer di Australia."
    )
    estimates = [(s, o.value, o.qualifier) for s, o in relations(text, "estimates")]
    assert estimates == [("sjafrie-sjamsoeddin", 300, "approximately")]


def test_extract_treaty_parties_named_by_governments_and_a_topic_keeps_treaties_apart() -> None:
    text = (
        "DPR mengesahkan RUU tentang Pengesahan Perjanjian antara Pemerintah Republik Indonesia "
        "dan Pemerintah Republik Singapura tentang Kerja Sama Pertahanan.\n"
        "Perjanjian ekstradisi kedua negara telah lebih dulu disahkan DPR pada 2022."
    )
    treaties = [o for _, o in relations(text, "ratifies")]
    assert len(treaties) == 2 and treaties[0] != treaties[1]
    assert treaties[0] == "perjanjian-indonesia-singapore"


def test_extract_headline_source_after_a_comma_and_known_things_are_no_count() -> None:
    headline = "Houthi Klaim Serang Kapal Kargo di Laut Merah, Kemlu: 2 ABK WNI Selamat"
    assert [(s, o.value) for s, o in relations(headline, "estimates")] == [("kemlu-ri", 2)]
    known = "Menurut Kemlu Kolombia, sekitar 200 warga Kolombia berada di dua pesawat tersebut."
    assert [o.value for _, o in relations(known, "estimates")] == [200]


@pytest.mark.parametrize(
    "text",
    [
        "Juru bicara Kremlin Dmitry Peskov tidak berkomentar kepada wartawan.",
        "Duta Besar Israel untuk Italia Jonathan Peled tidak memberikan keterangan usai pertemuan.",
        "Kementerian Luar Negeri Kenya belum dapat memastikan laporan tersebut.",
    ],
)
def test_extract_no_comment_forms_decline_and_deny_nothing(text: str) -> None:
    _, facts = facts_of(text)
    relations_found = {r for r, _, _ in facts}
    assert "declinesToConfirm" in relations_found and "denies" not in relations_found


def test_extract_a_signing_someone_else_reports_in_a_quote_is_their_claim() -> None:
    text = (
        '"Ethiopia telah menandatangani perjanjian pelaksanaan dengan Somaliland," kata '
        "Menteri Luar Negeri Somalia Ahmed Moallim Fiqi."
    )
    assert relations(text, "signs") == []


def test_extract_recommended_articles_block_and_image_captions_are_furniture() -> None:
    text = (
        "Kementerian Luar Negeri Myanmar membantah laporan itu.\n\n"
        "Sumber gambar, Reuters\n"
        "Artikel-artikel yang direkomendasikan\n"
        "Gempa Myanmar: Mengapa bantuan internasional sulit masuk?\n"
        "Kisah warga Indonesia di Mandalay: 'Kami tidur di jalan selama tiga malam'\n"
        "Akhir dari Artikel-artikel yang direkomendasikan\n\n"
        "Junta menolak tuduhan tersebut."
    )
    extraction, _ = facts_of(text)
    assert "indonesia" not in extraction.entities
    assert "Reuters" not in extraction.document.text


@pytest.mark.parametrize(
    "caption",
    [
        "Ketua DPR RI Puan Maharani (tengah) menerima laporan Komisi VI di Senayan. "
        "ANTARA FOTO/Bagas Pratama/nym.",
        "Menteri Luar Negeri Jepang Takeshi Iwaya berbicara di Tokyo. (AFP/HANDOUT)",
        "Menteri Luar Negeri Jepang Takeshi Iwaya berbicara di Tokyo. (Foto: AP)",
        "Menteri Luar Negeri Jepang Takeshi Iwaya (kiri) berjabat tangan di Tokyo.",
    ],
)
def test_extract_photo_captions_are_furniture(caption: str) -> None:
    text = ("Myanmar Bantah Laporan PBB\n\nLihat Foto\n" + caption + "\n\n"
            "YANGON - Kementerian Luar Negeri Myanmar membantah laporan itu.")
    extraction, _ = facts_of(text)
    assert [e.type for e in extraction.entities.values()] == ["State", "Agency", "Agency"]
    assert "Foto" not in extraction.document.text


def test_extract_a_byline_at_a_paragraph_s_end_is_no_caption() -> None:
    text = "Kementerian Luar Negeri Myanmar membantah laporan itu. (AFP/Reuters)"
    assert [s for s, _ in relations(text, "denies")] == ["kementerian-luar-negeri-myanmar"]


@pytest.mark.parametrize(
    "heading",
    ["Baca Juga\n", "Terkait", "Tag Terkait"],  # a blank line may follow the heading
)
def test_extract_link_lists_under_a_heading_are_furniture(heading: str) -> None:
    text = (ARTICLE_LEAD + heading + "\n"
            "Serbia Tolak Tuduhan Latih Milisi di Utara Kosovo\n"
            "Slovenia dan Austria Larang Masuk Pejabat Republika Srpska\n\n" + BODY_AFTER_LIST)
    extraction, facts = facts_of(text)
    assert not {"serbia", "kosovo", "slovenia", "austria"} & set(extraction.entities)
    assert [s for r, s, _ in facts if r == "denies"] == ["kementerian-luar-negeri-libya"]


def test_extract_claim_called_a_rumour_is_named_without_the_trailing_quote() -> None:
    text = 'Perwakilan Korea Utara menyebut klaim Korea Selatan sebagai "rumor tak berdasar."'
    claims = [o.text for _, o in relations(text, "denies")]
    assert claims == ["klaim Korea Selatan"]


def test_extract_a_channel_label_above_the_headline_is_furniture() -> None:
    text = (
        "detikNews Internasional\n\n"
        "Ukraina Panggil Dubes Hungaria, Tepis Tuduhan Wajib Militer Paksa Etnis Hungaria\n\n"
        "Novi Anggraini - detikNews\n"
        "Selasa, 10 Feb 2026 18:45 WIB\n\n"
        "Kyiv - Kementerian Luar Negeri Ukraina memanggil Duta Besar Hungaria untuk Ukraina, "
        "Antal Heizer, pada Senin (9/2) waktu setempat."
    )
    extraction, facts = facts_of(text)
    assert extraction.document.title.startswith("Ukraina Panggil Dubes Hungaria")
    assert ("denies", "ukraine") in [(r, s) for r, s, _ in facts]
    assert all(e.type != "Official" or "tepis" not in k for k, e in extraction.entities.items())


def test_extract_both_states_ministers_sign_for_them() -> None:
    text = (
        "DPR sahkan RUU pengesahan persetujuan batas ZEE Indonesia-Vietnam\n\n"
        "DPR mengesahkan RUU tentang Pengesahan Persetujuan Batas ZEE Indonesia-Vietnam. "
        "Menurut Utut, perundingan berlangsung selama 12 tahun sebelum persetujuan itu "
        "diteken menteri luar negeri kedua negara."
    )
    assert {s for s, _ in relations(text, "signs")} == {"indonesia", "vietnam"}


@pytest.mark.parametrize(
    ("text", "official", "body"),
    [
        ("Ketua DPR Puan Maharani meminta pemerintah memperkuat patroli.", "puan-maharani", "dpr"),
        ("Anggota Komisi I DPR Rizal Hamdani meminta pemerintah memperkuat patroli.",
         "rizal-hamdani", "dpr"),
        ("Ketua Komnas HAM Anis Hidayah meminta pemerintah menyelidiki kasus itu.",
         "anis-hidayah", "komnas-ham"),
        # a ministry's official acts for the state, as the gazetteer has it
        ("Juru bicara Kementerian Luar Negeri Ukraina Heorhii Tykhyi meminta Hungaria "
         "berhenti.", "heorhii-tykhyi", "ukraine"),
    ],
)
def test_extract_a_legislature_s_officials_act_for_it_not_for_the_state(
        text: str, official: str, body: str) -> None:
    assert (official, body) in relations(text, "represents")


def test_extract_a_memorandum_is_a_treaty_and_the_same_memorandum_is_that_one() -> None:
    text = (
        "Parlemen Yunani meratifikasi memorandum kerja sama ekonomi dengan Makedonia Utara "
        "dalam pemungutan suara di Athena. Dokumen itu merupakan turunan Perjanjian Prespa. "
        "Parlemen Makedonia Utara telah meratifikasi memorandum yang sama pada 2019, tidak lama "
        "setelah Perjanjian Prespa berlaku."
    )
    extraction, facts = facts_of(text)
    ratified = [(s, o) for r, s, o in facts if r == "ratifies"]
    assert len(ratified) == 2 and len({o for _, o in ratified}) == 1
    memo = extraction.entities[ratified[0][1]]
    # the name ends with the partner: "dalam pemungutan suara" is no part of it
    assert "memorandum kerja sama ekonomi dengan Makedonia Utara" in memo.aliases


def test_extract_a_declaration_is_no_other_treaty_named_before() -> None:
    text = (
        "Perjanjian Aljir ditandatangani pada 12 Desember 2000. Pada 2018, Abiy dan Presiden "
        "Eritrea Isaias Afwerki meneken deklarasi damai yang mengantar Abiy meraih Nobel."
    )
    assert relations(text, "signs") == []


@pytest.mark.parametrize(
    ("text", "estimator", "value"),
    [
        # "Tak" is the province's name here, not "tak" (not)
        ("Gubernur Provinsi Tak mengatakan sekitar 4.800 warga Myanmar telah menyeberang.",
         "gubernur-provinsi-tak", 4800),
        # a named unit of a body: "<name> dari <body>"
        ("Satuan Tugas Naresuan dari Angkatan Darat Thailand, yang menjaga perbatasan di "
         "wilayah itu, memperkirakan jumlahnya mendekati 6.000 orang.",
         "satuan-tugas-naresuan", 6000),
        # a body of an international organisation, with its remit
        ("Kelompok Ahli PBB untuk RDK memperkirakan sedikitnya 4.000 tentara Uganda kini "
         "berada di Ituri.", "kelompok-ahli-pbb-untuk-rdk", 4000),
        ("Menteri Luar Negeri Etiopia Gedion Timothewos mengatakan sedikitnya tiga divisi "
         "mekanis Eritrea telah bergerak.", "gedion-timothewos", 3),
    ],
)
def test_extract_estimates_by_bodies_no_list_holds(text: str, estimator: str, value: int) -> None:
    assert [(s, o.value) for s, o in relations(text, "estimates")] == [(estimator, value)]


def test_extract_a_named_unit_is_part_of_its_body_and_acts_for_its_state() -> None:
    extraction, _ = facts_of(
        "Satuan Tugas Naresuan dari Angkatan Darat Thailand memperkirakan 6.000 orang "
        "menyeberang."
    )
    unit = extraction.entities["satuan-tugas-naresuan"]
    assert (unit.part_of, unit.agency_of) == ("angkatan-darat-thailand", "thailand")


def test_extract_a_negation_before_a_name_still_negates() -> None:
    assert relations("Rusia Tak Bantah Kirim Pasukan ke Kursk", "denies") == []


def test_extract_a_un_body_named_with_its_acronym_keeps_its_whole_name() -> None:
    text = ("Misi Bantuan PBB di Afghanistan (UNAMA) mencatat sedikitnya 19 warga sipil tewas "
            "di Kunar.")
    assert [(s, o.value) for s, o in relations(text, "estimates")] == [
        ("misi-bantuan-pbb-di-afghanistan", 19)]


@pytest.mark.parametrize(
    ("text", "relation"),
    [
        ("Sebuah media daring Vietnam sempat memberitakan bahwa Hanoi memanggil duta besar "
         "Kamboja untuk menyampaikan protes. Laporan itu kemudian dicabut tanpa penjelasan.",
         "summons"),
        ("Panglima Angkatan Bersenjata Uganda Jenderal Muhoozi Kainerugaba sempat menulis di "
         "platform X bahwa Uganda siap mengirim lebih dari 10.000 tentara ke Ituri. Unggahan "
         "itu kemudian dihapus.", "estimates"),
        ("Menteri Pertahanan Pakistan Khawaja Asif sempat mengatakan bahwa 5.000 tentara "
         "Pakistan akan dikirim, namun beberapa jam kemudian ia menarik pernyataan itu.",
         "estimates"),
    ],
)
def test_extract_a_report_the_article_says_was_withdrawn_states_nothing(
        text: str, relation: str) -> None:
    assert relations(text, relation) == []
    # the same report, not withdrawn, is read
    assert relations(text.split(". ")[0].split(", namun")[0] + ".", relation)


def test_extract_a_lifted_ban_withdraws_no_figure() -> None:
    text = ("Menurut Badan Perikanan Jepang, nilai ekspor produk laut sempat mencapai 87,1 "
            "miliar yen pada 2022. Larangan itu kemudian dicabut pada 2025.")
    assert [o.value for _, o in relations(text, "estimates")] == [87_100_000_000]


def test_extract_more_of_the_same_and_some_of_them_are_counted_in_the_last_unit() -> None:
    text = (
        "Badan Manajemen Darurat Nasional Nigeria (NEMA) mencatat 37 orang tewas dan 14 "
        "lainnya hilang. Kantor PBB untuk Koordinasi Urusan Kemanusiaan (OCHA) memperkirakan "
        "sekitar 215.000 orang terdampak. Sekitar 150.000 di antaranya membutuhkan tempat "
        "penampungan darurat, menurut OCHA."
    )
    found = [(o.value, o.unit) for _, o in relations(text, "estimates")]
    assert found == [(37, "orang"), (14, "orang"), (215_000, "orang"), (150_000, "orang")]


def test_extract_the_rest_without_a_unit_before_is_no_count() -> None:
    assert relations("Kementerian Kesehatan Gaza mencatat 14 lainnya hilang.", "estimates") == []


def test_extract_an_official_of_an_agency_named_by_its_acronym() -> None:
    text = (
        "Badan Manajemen Darurat Nasional Nigeria (NEMA) mengatakan sedikitnya 180.000 orang "
        "mengungsi. Direktur Jenderal NEMA Zubaida Umar membantah lembaganya mengecilkan angka."
    )
    assert [s for s, _ in relations(text, "denies")] == ["zubaida-umar"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Timor Leste telah mengaksesi Konvensi Wina tentang Hubungan Diplomatik pada 2003.",
         [("timor-leste", "treaty-konvensi-wina-tentang-hubungan-diplomatik")]),
        ("Parlemen Nasional Timor Leste menyetujui aksesi negara itu terhadap Konvensi ASEAN "
         "tentang Pemberantasan Terorisme (ACCT).",
         [("parlemen-nasional-timor-leste",
           "treaty-konvensi-asean-tentang-pemberantasan-terorisme")]),
        ("DPR juga menyetujui RUU pengesahan perjanjian ekstradisi antara Indonesia dan "
         "Persatuan Emirat Arab.",
         [("dpr", "perjanjian-indonesia-united-arab-emirates-ekstradisi")]),
        # plans, other approvals and several treaties at once
        ("Timor Leste juga berencana mengaksesi Perjanjian Perdagangan Barang ASEAN (ATIGA).", []),
        ("Komisi I DPR menyetujui usulan pemerintah untuk menunda pembahasan perjanjian itu.", []),
        ("Parlemen Nasional Timor Leste menyetujui aksesi negara itu terhadap dua konvensi "
         "ASEAN dalam sidang pleno di Dili.", []),
    ],
)
def test_extract_accession_and_approving_a_ratification_ratify(
        text: str, expected: list[tuple[str, str]]) -> None:
    assert relations(text, "ratifies") == expected


def test_extract_an_unnamed_official_speaks_for_the_agency_again_as_that_official() -> None:
    text = (
        "Namun, seorang pejabat senior Departemen Pertahanan Nasional (DND) yang meminta "
        "namanya tidak disebutkan membenarkan bahwa kedua negara telah menyepakati penempatan "
        "baterai kedua tersebut. Presiden Ferdinand Marcos Jr. belum berkomentar. Menurut "
        "pejabat tersebut, baterai kedua akan dioperasikan sekitar 90 personel Angkatan Darat AS."
    )
    _, facts = facts_of(text)
    assert ("estimates", "departemen-pertahanan-nasional") in [(r, s) for r, s, _ in facts]
    assert "callsFor" not in [r for r, _, _ in facts]  # asking for anonymity asks for nothing


def test_extract_a_quoted_label_is_no_claim() -> None:
    text = ('Juru bicara Kementerian Luar Negeri China Lin Jian menyebut langkah Washington '
            'itu "sangat disesalkan".')
    assert relations(text, "claims") == []
    # what follows "menyebut" unquoted is asserted
    text = "Lin Jian menyebut langkah Washington itu melanggar hukum internasional."
    assert [s for s, _ in relations(text, "claims")] == ["lin-jian"]


def test_extract_a_treaty_name_with_a_comma_closed_by_its_acronym() -> None:
    text = (
        "Kedua instrumen itu adalah Konvensi ASEAN Menentang Perdagangan Orang, Terutama "
        "Perempuan dan Anak (ACTIP) serta Konvensi ASEAN tentang Pemberantasan Terorisme (ACCT). "
        "Indonesia sendiri meratifikasi ACTIP melalui Undang-Undang Nomor 12 Tahun 2017."
    )
    extraction, facts = facts_of(text)
    [(_, treaty)] = [(s, o) for r, s, o in facts if r == "ratifies"]
    entity = extraction.entities[treaty]
    assert entity.label == ("Konvensi ASEAN Menentang Perdagangan Orang, Terutama Perempuan "
                            "dan Anak")
    # names are spaced as the text spaces them, not token by token
    acct = extraction.entities["treaty-konvensi-asean-tentang-pemberantasan-terorisme"]
    assert "Konvensi ASEAN tentang Pemberantasan Terorisme (ACCT)" in acct.aliases


@pytest.mark.parametrize(
    ("text", "estimator"),
    [
        ("Adapun Dinas Penjaga Perbatasan Negara (VSAT) menyebut petugasnya sejauh ini "
         "menemukan 97 balon beserta muatannya.", "dinas-penjaga-perbatasan-negara"),
        ("Polisi Nasional Timor Leste (PNTL) mencatat 29 korban perdagangan orang sepanjang "
         "2025.", "polisi-nasional-timor-leste"),
    ],
)
def test_extract_estimators_after_a_topic_marker_or_named_as_national_police(
        text: str, estimator: str) -> None:
    assert [s for s, _ in relations(text, "estimates")] == [estimator]



@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a body of the UN named again by "Badan PBB tersebut"
        ("Angka itu berbeda jauh dengan data Organisasi Internasional untuk Migrasi (IOM). "
         "Badan PBB tersebut mencatat antara 250 ribu hingga 300 ribu pemulangan paksa.",
         [("iom", 250_000), ("iom", 300_000)]),
        # "ujar seorang pejabat …": the speaker's span holds "seorang"
        ('"Tidak lebih dari 800 orang yang berhasil melintas," ujar seorang pejabat '
         "Kementerian Dalam Negeri Maroko kepada kantor berita MAP.",
         [("kementerian-dalam-negeri-maroko", 800)]),
        ("Delegasi Pemerintah Spanyol di Ceuta mencatat sekitar 3.000 orang berhasil masuk.",
         [("delegasi-pemerintah-spanyol", 3000)]),
        ("Menurut Biro Keamanan Komunikasi Pemerintah (GCSB), kelompok peretas APT40 mengakses "
         "sedikitnya 3.400 akun surel milik anggota parlemen.",
         [("biro-keamanan-komunikasi-pemerintah", 3400)]),
    ],
)
def test_extract_estimates_by_bodies_named_again_or_by_their_officials(
        text: str, expected: list[tuple[str, int]]) -> None:
    assert [(s, o.value) for s, o in relations(text, "estimates")] == expected


def test_extract_a_country_s_delegation_is_no_body_of_its_own() -> None:
    extraction, _ = facts_of("Delegasi Indonesia menolak usulan itu dalam sidang.")
    assert [e.type for e in extraction.entities.values()] == ["State"]


@pytest.mark.parametrize(
    "text",
    [
        # a territorial claim, an allowed possibility, an expectation, a hedged outcome
        "Nepal mengeklaim Lipulekh, bersama Kalapani dan Limpiyadhura, sebagai bagian dari "
        "wilayahnya.",
        "Menteri Luar Negeri Lituania Kestutis Budrys mengatakan Vilnius tidak menutup "
        "kemungkinan kembali menutup perbatasan jika balon terus berdatangan.",
        "Kedutaan Besar Australia di Jakarta menyebut proses itu diharapkan rampung sebelum "
        "akhir tahun.",
        "Menurut Menteri Dalam Negeri Malaysia Saifuddin Nasution Ismail, keputusan itu "
        "kemungkinan baru diambil setelah dibahas di Dewan Rakyat.",
    ],
)
def test_extract_hedged_or_territorial_claims_assert_nothing(text: str) -> None:
    assert relations(text, "claims") == []


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Menurut Menteri Dalam Negeri Malaysia Saifuddin Nasution Ismail, keputusan itu sudah "
         "diambil setelah dibahas di Dewan Rakyat.", "saifuddin-nasution-ismail"),
        ('Presiden Kolombia Gustavo Petro mengklaim Peru telah "menganeksasi" pulau tersebut '
         "secara sepihak.", "gustavo-petro"),
    ],
)
def test_extract_plain_claims_still_assert(text: str, speaker: str) -> None:
    assert [s for s, _ in relations(text, "claims")] == [speaker]


def test_extract_a_bare_lower_case_body_acting_again_is_the_one_named_before() -> None:
    text = (
        "Kepolisian Armenia menyebut 63 orang ditahan setelah bentrokan itu. Dalam keterangan "
        "pada Minggu, kepolisian mengatakan tujuh di antaranya merupakan warga negara Rusia. "
        "Kedutaan Besar Rusia di Yerevan juga membantah angka yang disampaikan kepolisian. "
        "Menurut kedutaan, hanya dua warga negara Rusia yang ditahan."
    )
    found = [(s, o.value) for s, o in relations(text, "estimates")]
    assert found == [("kepolisian-armenia", 63), ("kepolisian-armenia", 7),
                     ("kedutaan-besar-rusia", 2)]


@pytest.mark.parametrize(
    ("text", "denier"),
    [
        ("Menurut Menteri Luar Negeri Sugiono, angka tersebut tidak mencerminkan kondisi di "
         "lapangan.", "sugiono"),
        ('Juru bicara RDF, Brigadir Jenderal Ronald Rwivanga, menyebut angka 14 korban yang '
         'diumumkan Bujumbura sebagai "rekaan belaka".', "ronald-rwivanga"),
        ('"Itu klaim yang keliru," kata Juru bicara Gedung Putih Karoline Leavitt.',
         "karoline-leavitt"),
    ],
)
def test_extract_more_verdicts_deny(text: str, denier: str) -> None:
    assert [s for s, _ in relations(text, "denies")] == [denier]
    assert relations(text, "estimates") == []  # a denied number is no estimate


def test_extract_misleading_information_in_general_denies_nothing() -> None:
    text = ('"Kami meminta semua pihak untuk tidak menyebarkan informasi menyesatkan," kata '
            "Juru bicara Kementerian Luar Negeri Iran Esmaeil Baghaei.")
    assert relations(text, "denies") == []


def test_extract_a_portfolio_of_two_words_is_no_part_of_the_name() -> None:
    text = ("Wakil Menteri Haji dan Umrah Dahnil Anzar Simanjuntak membantah pihaknya "
            "menutup-nutupi data.")
    assert [s for s, _ in relations(text, "denies")] == ["dahnil-anzar-simanjuntak"]
    text = ("Persetujuan Pemeliharaan Keamanan diteken Menteri Luar Negeri Ali Alatas dan "
            "Menteri Luar Negeri Australia Gareth Evans pada 18 Desember 1995.")
    assert {s for s, _ in relations(text, "signs")} == {"ali-alatas", "gareth-evans"}


def test_extract_a_body_named_by_a_mixed_case_short_name_in_brackets() -> None:
    text = (
        "Komdigi: 47 Sistem Elektronik Pemerintah Terdampak Serangan Ransomware\n\n"
        "Anggota Komisi VIII DPR RI, Ahmad Fauzan Hidayat, meragukan data yang dirilis "
        "Kementerian Haji dan Umrah (Kemenhaj). Kemenhaj mencatat 318 jemaah haji Indonesia "
        "wafat. Kementerian Komunikasi dan Digital (Komdigi) menyatakan sebanyak 47 sistem "
        "elektronik terdampak. Menurut Fauzan, angka tersebut tidak mencerminkan kondisi di "
        "lapangan."
    )
    _, facts = facts_of(text)
    found = sorted((s, o.value) for r, s, o in facts if r == "estimates")
    assert found == [
        ("kementerian-haji-dan-umrah", 318),
        ("kementerian-komunikasi-dan-digital-indonesia", 47),  # the body
        ("kementerian-komunikasi-dan-digital-indonesia", 47),  # the headline
    ]
    # a middle name names the person again
    assert [s for r, s, _ in facts if r == "denies"] == ["ahmad-fauzan-hidayat"]


def test_extract_a_treaty_an_agreement_is_made_under_is_no_party_to_it() -> None:
    text = (
        "DPR mengesahkan RUU tentang Pengesahan Persetujuan berdasarkan Konvensi "
        "Perserikatan Bangsa-Bangsa tentang Hukum Laut mengenai Konservasi Keanekaragaman "
        "Hayati Laut."
    )
    assert all("unclos" not in o for _, o in relations(text, "ratifies"))


@pytest.mark.parametrize(
    ("text", "decliner"),
    [
        ("Kementerian Komunikasi dan Digital sejauh ini belum bersedia menyebutkan instansi "
         "mana saja yang terdampak.", "kementerian-komunikasi-dan-digital-indonesia"),
        ('"Kami tidak memiliki akses ke sisi lain garis itu, sehingga kami tidak bisa '
         'memverifikasi angka mana pun," ujar juru bicara Kementerian Luar Negeri Georgia.',
         None),
        # asking not to be named declines nothing
        ("Seorang pejabat senior Saudi yang enggan disebut namanya mengatakan kepada Reuters "
         "bahwa perundingan berlanjut.", ""),
    ],
)
def test_extract_declining_to_name_or_verify(text: str, decliner: str | None) -> None:
    found = [s for s, _ in relations(text, "declinesToConfirm")]
    if decliner is None:
        assert found
    elif decliner:
        assert found == [decliner]
    else:
        assert found == []


@pytest.mark.parametrize(
    ("text", "official"),
    [
        ("Wakil Gubernur Aceh Fadhlullah menuding aparat India memperlakukan nelayan secara "
         "kasar.", "fadhlullah"),
        ("Gubernur Nusa Tenggara Timur Melki Laka Lena menuding India menahan nelayan.",
         "melki-laka-lena"),
    ],
)
def test_extract_a_home_province_after_a_title_is_the_post_not_the_name(
        text: str, official: str) -> None:
    assert relations(text, "represents") == [(official, "indonesia")]
    assert [s for s, _ in relations(text, "accuses")] == [official]


def test_extract_a_state_after_a_title_is_still_the_state() -> None:
    text = "Perdana Menteri Papua Nugini James Marape menuding Australia menahan nelayan."
    assert relations(text, "represents") == [("james-marape", "papua-new-guinea")]


def test_extract_a_state_of_origin_is_no_actor() -> None:
    extraction, _ = facts_of("Seorang akademisi asal Peru ditahan di Pyongyang sejak Maret.")
    assert "peru" not in extraction.entities
    extraction, _ = facts_of("Peru memanggil duta besar Korea Utara di Lima.")
    assert "peru" in extraction.entities


@pytest.mark.parametrize(
    "text",
    [
        # when, not how long
        "Kementerian Luar Negeri Ekuador menyatakan pemberitahuan telah dikirim melalui jalur "
        "diplomatik 48 jam sebelumnya.",
        # how often, a rate a rule sets
        "Menurut Menteri Luar Negeri Rusia Sergei Lavrov, kedua negara sepakat menggelar "
        "latihan bersama sedikitnya satu kali dalam setahun.",
        # a term a treaty or policy sets
        "Menteri Perikanan Senegal Fatou Diouf mengatakan protokol baru membatasi tangkapan "
        "kapal Eropa maksimal 8.000 ton per tahun.",
        "Menurut Menteri Perdagangan Budi Santoso, dalam persetujuan itu Kanada berkomitmen "
        "menghapus lebih dari 90 persen pos tarif untuk produk Indonesia.",
        "Menteri Perdagangan Budi Santoso mengatakan Indonesia membuka sekitar 86 persen pos "
        "tarifnya bagi produk Kanada.",
    ],
)
def test_extract_a_moment_or_a_policy_term_is_no_estimate(text: str) -> None:
    assert relations(text, "estimates") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Menurut Pasukan Pertahanan Estonia, ketiga pesawat itu berada di wilayah udara "
         "Estonia selama hampir 12 menit.", 12),
        # a policy verb rules its own clause only
        ("Gubernur Jawa Barat mengatakan pemerintah menetapkan status darurat setelah banjir "
         "menewaskan 20 orang.", 20),
    ],
)
def test_extract_spans_of_time_and_counts_beside_a_policy_are_estimates(
    text: str, value: int
) -> None:
    assert [o.value for _, o in relations(text, "estimates")] == [value]


@pytest.mark.parametrize(
    "text",
    [
        "Perdana Menteri Jepang Sanae Takaichi menyatakan krisis di Selat Taiwan dapat "
        "mengancam kelangsungan hidup Jepang.",
        "Menurut Duta Besar UE untuk Senegal Jean-Marc Pisani, kapal-kapal itu baru dapat "
        "kembali beroperasi setelah prosedur di pihak Eropa rampung.",
        "Menteri Luar Negeri Malaysia Mohamad Hasan mengatakan Wisma Putra bisa saja memanggil "
        "Duta Besar Myanmar.",
    ],
)
def test_extract_what_could_happen_is_no_claim(text: str) -> None:
    assert relations(text, "claims") == []


def test_extract_a_new_protocol_signed_by_agents_after_place_and_date() -> None:
    text = (
        "Majelis Nasional Senegal meratifikasi protokol baru pelaksanaan perjanjian kemitraan "
        "perikanan dengan Uni Eropa (UE) dalam sidang pleno di Dakar. Protokol itu diteken di "
        "Brussel pada Kamis, 12 Februari 2026, oleh Menteri Perikanan dan Infrastruktur "
        "Maritim Senegal Fatou Diouf dan Komisaris UE untuk Perikanan dan Kelautan Costas "
        "Kadis."
    )
    ratified = relations(text, "ratifies")
    assert [s for s, _ in ratified] == ["majelis-nasional-senegal"]
    treaty = ratified[0][1]
    assert relations(text, "signs") == [("fatou-diouf", treaty), ("costas-kadis", treaty)]
    assert ("costas-kadis", "european-union") in relations(text, "represents")


@pytest.mark.parametrize(
    ("text", "denier"),
    [
        ("Presiden Ekuador Daniel Noboa menuding Kolombia tidak berbuat cukup untuk memerangi "
         "perdagangan narkoba, tudingan yang ditolak Kementerian Luar Negeri Kolombia.",
         "kementerian-luar-negeri-kolombia"),
        ("Tudingan itu ditolak Kremlin.", "kremlin"),
    ],
)
def test_extract_a_claim_rejected_in_the_passive_is_denied(text: str, denier: str) -> None:
    denied = relations(text, "denies")
    assert [s for s, _ in denied] == [denier]
    if "," in text:  # the clause the noun after the comma names is the claim
        assert "Kolombia tidak berbuat cukup" in denied[0][1].text


@pytest.mark.parametrize(
    "text",
    [
        "Juru bicara Kementerian Luar Negeri Ethiopia, Dawit Tesfaye, membantah bahwa Addis "
        "Ababa telah menandatangani perjanjian baru dengan Hargeisa.",
        "Kenya dijadwalkan menandatangani nota kesepahaman baru dengan PBB bulan depan.",
    ],
)
def test_extract_a_signing_denied_or_scheduled_is_no_signing(text: str) -> None:
    assert relations(text, "signs") == []


def test_extract_a_long_portfolio_up_to_its_body_and_two_ministers_apart() -> None:
    text = (
        "Komisaris Urusan Dalam Negeri dan Migrasi Uni Eropa Magnus Brunner menyatakan "
        "dukungan kepada Polandia. Pengamat membandingkannya dengan Persetujuan Pemeliharaan "
        "Keamanan yang diteken Menteri Luar Negeri Ali Alatas dan "
        "Menteri Luar Negeri Australia Gareth Evans pada 18 Desember 1995."
    )
    assert relations(text, "represents") == [
        ("magnus-brunner", "european-union"),
        ("gareth-evans", "australia"),
    ]
    assert {s for s, _ in relations(text, "signs")} >= {"ali-alatas", "gareth-evans"}


def test_extract_a_proposal_rejected_is_no_denial() -> None:
    assert relations("Usulan yang ditolak Kremlin itu muncul pekan lalu.", "denies") == []


def test_extract_a_minister_of_a_federal_member_state_acts_for_it() -> None:
    text = (
        "Menteri Keamanan Dalam Negeri Jubaland, Abdiwali Ahmed Gurey, mengatakan sedikitnya "
        "11 warga sipil tewas."
    )
    assert relations(text, "represents") == [("abdiwali-ahmed-gurey", "jubaland")]


def test_extract_a_count_some_are_among_is_an_estimate() -> None:
    text = (
        "Kepolisian Nasional Kamboja menyebut 412 warga negara Indonesia termasuk di antara "
        "1.850 warga asing yang ditangkap."
    )
    assert sorted(o.value for _, o in relations(text, "estimates")) == [412, 1850]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Badan Penjaga Perbatasan dan Pantai Eropa (Frontex) mencatat sekitar 1.300 deteksi "
         "penyeberangan tidak resmi sepanjang April.", 1300),
        ("Kepolisian Perbatasan Moldova mencatat wilayah udara negara itu telah dilanggar "
         "sedikitnya 12 kali.", 12),
    ],
)
def test_extract_detections_and_times_counted(text: str, value: int) -> None:
    assert [o.value for _, o in relations(text, "estimates")] == [value]


def test_extract_times_without_a_qualifier_are_no_count() -> None:
    text = "Menteri Luar Negeri Rusia Sergei Lavrov mengatakan harga gas naik dua kali lipat."
    assert relations(text, "estimates") == []


def test_extract_a_state_naming_a_currency_is_no_actor() -> None:
    extraction, _ = facts_of(
        "Menurut data Badan Pusat Statistik (BPS), nilai perdagangan Indonesia dan Kanada "
        "sepanjang 2025 mencapai 3,9 miliar dolar AS."
    )
    assert "united-states" not in extraction.entities
    assert [o.unit for _, o in relations(extraction.document.text, "estimates")] == ["dolar as"]


def test_extract_a_generic_treaty_name_keeps_its_parties_and_a_later_acronym() -> None:
    text = (
        "DPR setujui RUU pengesahan ICA-CEPA menjadi undang-undang\n\n"
        "Dewan Perwakilan Rakyat (DPR) RI mengesahkan Rancangan Undang-Undang (RUU) tentang "
        "Pengesahan Persetujuan Kemitraan Ekonomi Komprehensif antara Republik Indonesia dan "
        "Kanada menjadi undang-undang.\n\n"
        "Persetujuan yang dikenal sebagai Indonesia-Canada Comprehensive Economic Partnership "
        "Agreement (ICA-CEPA) itu merupakan perjanjian dagang bilateral pertama Kanada.\n"
    )
    extraction, _ = facts_of(text)
    ratified = relations(text, "ratifies")
    assert len(ratified) == 2  # the headline's and the lead's
    treaty = extraction.entities[ratified[0][1]]
    assert {o for _, o in ratified} == {treaty.key}
    assert treaty.label == (
        "Persetujuan Kemitraan Ekonomi Komprehensif antara Republik Indonesia dan Kanada"
    )
    assert "ICA-CEPA" in treaty.aliases


def test_extract_a_body_between_commas_acts_and_is_the_agent_after_its_name() -> None:
    text = (
        "Jogorku Kenesh, parlemen Kirgistan, mengesahkan perjanjian pengelolaan bersama sumber "
        "daya air Sungai Isfara dengan Tajikistan. Perjanjian tersebut telah lebih dulu "
        "diratifikasi oleh Majlisi Oli, parlemen Tajikistan, sehari sebelumnya. Perjanjian itu "
        "diteken Presiden Kirgistan Sadyr Japarov dan Presiden Tajikistan Emomali Rahmon di "
        "Dushanbe."
    )
    ratified = relations(text, "ratifies")
    assert [s for s, _ in ratified] == ["parlemen-kirgizstan", "parlemen-tajikistan"]
    treaty = ratified[0][1]
    assert relations(text, "signs") == [("sadyr-japarov", treaty), ("emomali-rahmon", treaty)]


def test_extract_a_state_after_a_city_between_commas_is_a_place() -> None:
    text = "Perusahaan pengelola kapal yang berbasis di Athena, Yunani, enggan memberikan komentar."
    assert relations(text, "declinesToConfirm") == []


def test_extract_a_treaty_name_runs_on_to_its_sea() -> None:
    text = (
        "DPR Sahkan Perjanjian Batas Laut RI-Malaysia di Laut Sulawesi Jadi Undang-Undang\n\n"
        "DPR mengesahkan RUU tentang Pengesahan Perjanjian antara Republik Indonesia dan "
        "Malaysia tentang Penetapan Garis Batas Laut Teritorial di Bagian Laut Sulawesi.\n"
    )
    extraction, _ = facts_of(text)
    treaty = extraction.entities[relations(text, "ratifies")[0][1]]
    assert "Perjanjian Batas Laut RI-Malaysia di Laut Sulawesi" in treaty.aliases
    assert (
        "Perjanjian antara Republik Indonesia dan Malaysia tentang Penetapan Garis Batas Laut "
        "Teritorial di Bagian Laut Sulawesi" in treaty.aliases
    )


def test_extract_a_treaty_first_named_by_its_signers() -> None:
    text = (
        "Kesepakatan gencatan senjata itu diteken Menteri Pertahanan Pakistan Khawaja Muhammad "
        "Asif dan Menteri Pertahanan Afghanistan Mullah Mohammad Yaqoob di Doha pada 19 Oktober "
        "2025."
    )
    signed = relations(text, "signs")
    assert [s for s, _ in signed] == ["khawaja-muhammad-asif", "mullah-mohammad-yaqoob"]
    assert signed[0][1] == signed[1][1] == "perjanjian-afghanistan-pakistan-gencatan-senjata"


def test_extract_a_treaty_named_only_by_that_with_one_signer_stays_unknown() -> None:
    text = "Perjanjian itu diteken Menteri Pertahanan Pakistan Khawaja Muhammad Asif di Doha."
    assert relations(text, "signs") == []


def test_extract_signing_a_ratification_law_signs_no_treaty() -> None:
    text = (
        "Presiden Prabowo Subianto menandatangani Peraturan Presiden tentang Pengesahan "
        "Persetujuan Kemitraan Ekonomi Komprehensif antara Republik Indonesia dan Uni Eropa."
    )
    assert relations(text, "signs") == []


@pytest.mark.parametrize(
    "text",
    [
        "Namun, Dewan Pengungsi Norwegia (NRC), organisasi kemanusiaan yang bekerja di wilayah "
        "itu, memperkirakan sedikitnya 25.000 orang mengungsi.",
        "Menurut Dokter Lintas Batas (MSF), sekitar 300 pasien dirawat.",
        "Human Rights Watch membantah tuduhan itu.",
    ],
)
def test_extract_an_ngo_is_named_but_never_acts(text: str) -> None:
    extraction, facts = facts_of(text)
    assert facts == []
    assert "norway" not in extraction.entities


@pytest.mark.parametrize(
    ("text", "official", "state"),
    [
        ("Presiden Gustavo Petro menuding Ekuador mendeportasi ratusan narapidana.",
         "gustavo-petro", "colombia"),
        ("Menteri Perdagangan Budi Santoso mengatakan ekspor ke Kanada naik.",
         "budi-santoso", "indonesia"),
        ("Perdana Menteri Sanae Takaichi menyatakan dukungan kepada Filipina.",
         "sanae-takaichi", "japan"),
    ],
)
def test_extract_officials_of_2025_act_for_their_state(
    text: str, official: str, state: str
) -> None:
    assert (official, state) in relations(text, "represents")


def test_extract_a_leader_known_by_surname_alone() -> None:
    text = "Takaichi membantah tuduhan bahwa Jepang mengirim kapal perang ke Selat Taiwan."
    assert [s for s, _ in relations(text, "denies")] == ["sanae-takaichi"]


def test_extract_pakistan_s_military_media_wing_by_its_acronym() -> None:
    text = "Menurut ISPR, empat tentara Pakistan gugur dan tujuh lainnya luka-luka."
    assert [s for s, _ in relations(text, "estimates")] == ["pakistan-ispr", "pakistan-ispr"]


def test_extract_two_instruments_of_the_same_parties_are_two_treaties() -> None:
    text = (
        "Lula dan Pena Teken Deklarasi Bersama Itaipu\n\n"
        "Presiden Brasil Luiz Inacio Lula da Silva dan Presiden Paraguay Santiago Pena "
        "menandatangani deklarasi bersama tentang revisi tarif di Brasilia. Pada kesempatan yang "
        "sama, Menteri Luar Negeri Brasil Mauro Vieira dan Menteri Luar Negeri Paraguay Ruben "
        "Ramirez Lezcano meneken nota kesepahaman tentang kerja sama pemberantasan kejahatan "
        "lintas batas.\n"
    )
    signed = relations(text, "signs")
    declaration = {o for s, o in signed if s == "luiz-inacio-lula-da-silva"}
    memorandum = {o for s, o in signed if s == "mauro-vieira"}
    assert declaration == {"deklarasi-bersama-brazil-paraguay-tarif"}  # the headline's too
    assert memorandum == {"nota-kesepahaman-brazil-paraguay"}


def test_extract_a_named_declaration_is_a_treaty_and_a_declaration_of_war_is_not() -> None:
    text = (
        "Yunani dan Turki menandatangani Deklarasi Athena tentang Hubungan Persahabatan dan "
        "Bertetangga Baik pada 7 Desember 2023."
    )
    assert {s for s, _ in relations(text, "signs")} == {"greece", "turkey"}
    assert relations("Rusia menandatangani deklarasi perang terhadap Ukraina.", "signs") == []


def test_extract_an_official_of_no_known_state_is_no_party_to_the_treaty() -> None:
    text = (
        "Perjanjian damai antara pemerintah Kolombia dan FARC diteken Presiden Juan Manuel "
        "Santos dan pemimpin FARC Rodrigo Londono pada 2016."
    )
    extraction, _ = facts_of(text)
    signed = relations(text, "signs")
    assert ("juan-manuel-santos", "perjanjian-colombia-damai") in signed
    treaty = extraction.entities["perjanjian-colombia-damai"]
    assert not any(a.endswith(" dan") for a in treaty.aliases)


@pytest.mark.parametrize(
    ("text", "estimator", "value"),
    [
        ("Staf Umum Pertahanan Nasional Yunani (GEETHA) mengatakan pesawat militer Turki "
         "melanggar wilayah udara Yunani sebanyak 37 kali pada Selasa.",
         "staf-umum-pertahanan-nasional-yunani", 37),
        ('"Dua prajurit kami gugur sebagai syuhada," demikian pernyataan Kementerian Luar '
         "Negeri Rusia.", "russian-ministry-of-foreign-affairs", 2),
        ("Menurut ISPR, pasukannya menghancurkan empat bunker India.", "pakistan-ispr", 4),
        # a clause after "sementara" with no subject of its own is still the speaker's
        ("Juru bicara junta, Mayor Jenderal Zaw Min Tun, menyebut 4.715 orang lainnya "
         "luka-luka, sementara 341 orang masih dinyatakan hilang.", "zaw-min-tun", 341),
    ],
)
def test_extract_more_counts_given(text: str, estimator: str, value: int) -> None:
    assert (estimator, value) in [(s, o.value) for s, o in relations(text, "estimates")]


def test_extract_a_zone_s_width_and_another_side_s_figure_are_no_estimate() -> None:
    text = (
        "Yunani mengklaim wilayah udara selebar 10 mil laut dari garis pantainya, sementara "
        "Turki hanya mengakui 6 mil laut."
    )
    assert relations(text, "estimates") == []


@pytest.mark.parametrize(
    ("text", "decliner"),
    [
        ("Kementerian Pertahanan India mengatakan belum dapat memastikan jumlah korban.",
         "kementerian-pertahanan-india"),
        ("Duta Besar Jerman untuk Rusia Alexander Lambsdorff meninggalkan gedung kementerian "
         "tanpa memberikan keterangan kepada wartawan.", "alexander-lambsdorff"),
    ],
)
def test_extract_declining_after_saying_or_without_a_word(text: str, decliner: str) -> None:
    assert [s for s, _ in relations(text, "declinesToConfirm")] == [decliner]


@pytest.mark.parametrize(
    "text",
    [
        "Perdana Menteri Papua Nugini James Marape mengatakan, \"Ini hari bersejarah bagi dua "
        "negara bertetangga.\"",
        "Perdana Menteri China Li Qiang mengatakan nilai perdagangan naik hampir dua kali lipat.",
    ],
)
def test_extract_the_two_parties_and_a_multiplier_are_no_count(text: str) -> None:
    assert relations(text, "estimates") == []


def test_extract_a_foreign_newspaper_is_a_source_not_a_person() -> None:
    text = (
        "Sri Lanka Bantah Laporan The Hindu soal Izin Kapal Riset China\n\n"
        "The Hindu, mengutip dua sumber diplomatik di New Delhi, melaporkan pekan lalu bahwa "
        "kapal Shi Yan 6 akan melakukan survei hidrografi.\n"
    )
    extraction, _ = facts_of(text)
    assert "the-hindu" not in extraction.entities


def test_extract_a_date_line_names_no_outlet() -> None:
    text = (
        "Kepulauan Solomon dan China Teken Deklarasi Bersama\n\n"
        "Sabtu, 18 Juli 2026 - 08:40 WIB\n\n"
        "BEIJING - Perdana Menteri Kepulauan Solomon Jeremiah Manele tiba di Beijing.\n"
    )
    extraction, _ = facts_of(text)
    assert extraction.document.outlet is None


def test_extract_according_to_him_is_the_last_speaker() -> None:
    text = (
        "Juru bicara Pasukan Pertahanan Rwanda, Brigadir Jenderal Ronald Rwivanga, membantah "
        "laporan itu. Menurutnya, tiga tentara Rwanda luka ringan."
    )
    assert [(s, o.value) for s, o in relations(text, "estimates")] == [("ronald-rwivanga", 3)]


def test_extract_according_to_him_with_nobody_quoted_gives_nothing() -> None:
    assert relations("Menurutnya, tiga tentara Rwanda luka ringan.", "estimates") == []


def test_extract_the_cook_islands_and_their_prime_minister() -> None:
    text = (
        "Perdana Menteri Kepulauan Cook Mark Brown menepis tuduhan Selandia Baru bahwa "
        "pemerintahnya diam-diam meneken kesepakatan tambang dasar laut dengan China."
    )
    assert relations(text, "represents") == [("mark-brown", "cook-islands")]
    assert [s for s, _ in relations(text, "denies")] == ["mark-brown"]
