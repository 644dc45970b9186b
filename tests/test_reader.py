"""What a user sees when Kabar reads their files: which are taken, how each bad one fails."""

from __future__ import annotations

import builtins
import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import reader
from kg.errors import InputError
from kg.reader import DEFAULT_MAX_BYTES, Discovery, clean_text, discover, read_all, read_source

BAD = Path(__file__).parent / "data" / "bad"

ARTICLE = (
    "Korea Utara membantah telah mengirim pasukannya ke Rusia, ujar perwakilan Korea Utara "
    "dalam pertemuan Majelis Umum PBB di New York, Senin (21/10/2024).\n"
    'Perwakilan tersebut menyebut klaim Korea Selatan sebagai "rumor tak berdasar."'
)

# Every file in tests/data/bad/, and what reading it does: the README carries this table.
REFUSED = [
    ("empty.txt", "empty.txt: empty file"),
    ("whitespace.txt", "whitespace.txt: empty file"),
    ("report.pdf", "report.pdf: binary file (PDF), not text"),
    ("photo.png", "photo.png: binary file (PNG), not text"),
    ("nul_bytes.txt", "nul_bytes.txt: binary file (NUL bytes), not text"),
    ("no_article.html", "no_article.html: no article text found in HTML"),
]
ACCEPTED = [
    ("cp1252.txt", ("decoded cp1252.txt as cp1252",)),
    ("latin1.txt", ("decoded latin1.txt as cp1252",)),
    ("bom_crlf.txt", ()),
    ("saved_page.html", ()),
]


@pytest.fixture
def in_bad(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from tests/data/bad/, so messages carry the short relative names users type."""
    monkeypatch.chdir(BAD)


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def test_reader_every_bad_fixture_is_in_the_table() -> None:
    listed = {name for name, _ in REFUSED + ACCEPTED}
    assert {p.name for p in BAD.iterdir() if p.is_file()} == listed


@pytest.mark.parametrize(("name", "message"), REFUSED)
def test_reader_bad_fixture_refused_with_exact_message(in_bad: None, name: str, message: str):
    with pytest.raises(InputError) as caught:
        read_source(Path(name))
    assert str(caught.value) == message
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(("name", "warnings"), ACCEPTED)
def test_reader_bad_fixture_accepted_with_warnings(in_bad: None, name: str, warnings: tuple):
    source = read_source(Path(name))
    assert source.warnings == warnings
    assert source.paths == (name,)
    assert "\r" not in source.text and "\ufeff" not in source.text


def test_reader_cp1252_indonesian_decoded_right(in_bad: None) -> None:
    text = read_source(Path("cp1252.txt")).text
    assert "pada Jum’at bahwa pertemuan di Café Ménage, Jakarta," in text
    assert "“bukan perundingan rahasia” – melainkan" in text
    assert text.endswith("pemerintah “tidak pernah” menerima undangan itu.")


def test_reader_latin1_decoded_right(in_bad: None) -> None:
    text = read_source(Path("latin1.txt")).text
    assert "Menteri Jean-Noël Barrot" in text
    assert "« sangat penting »" in text
    assert "di Hôtel Indonesia dan dihadiri duta besar Côte d'Ivoire." in text


def test_reader_bom_and_crlf_same_sha256_as_clean_utf8(in_bad: None, tmp_path: Path) -> None:
    clean = read_source(write(tmp_path / "clean.txt", ARTICLE + "\n"))
    messy = read_source(Path("bom_crlf.txt"))
    assert messy.text == clean.text == ARTICLE
    assert messy.sha256 == clean.sha256 == hashlib.sha256(ARTICLE.encode()).hexdigest()


def test_reader_same_article_in_cp1252_and_utf8_is_one_document(tmp_path: Path) -> None:
    text = "Menlu menyebut kafe “Café Ménage” bukan tempat perundingan."
    utf8 = read_source(write(tmp_path / "a.txt", text))
    legacy = read_source(write(tmp_path / "b.txt", text.encode("cp1252")))
    assert legacy.text == utf8.text
    assert legacy.sha256 == utf8.sha256


def test_reader_utf16_with_bom_is_text_not_nul_bytes(tmp_path: Path) -> None:
    path = write(tmp_path / "notepad.txt", "Menlu Retno Marsudi tiba.\r\n".encode("utf-16"))
    source = read_source(path)
    assert source.text == "Menlu Retno Marsudi tiba."
    assert source.warnings == (f"decoded {path.as_posix()} as utf-16",)


def test_reader_file_over_50_mb_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: no 60 MB of disk, and never read
        handle.truncate(60 * 1024 * 1024)
    with pytest.raises(InputError) as caught:
        read_source(path)
    assert str(caught.value) == (
        f"{path.as_posix()}: file too large (60.0 MB, limit 50.0 MB); "
        "raise the limit with --max-bytes"
    )


def test_reader_one_byte_over_limit_shows_exact_bytes(tmp_path: Path) -> None:
    path = tmp_path / "edge.txt"
    with path.open("wb") as handle:
        handle.truncate(DEFAULT_MAX_BYTES + 1)
    with pytest.raises(InputError, match=r"\(52,428,801 bytes, limit 52,428,800 bytes\)"):
        read_source(path)


def test_reader_small_max_bytes_refuses_longer_article(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", ARTICLE)
    with pytest.raises(InputError) as caught:
        read_source(path, max_bytes=100)
    assert str(caught.value) == (
        f"{path.as_posix()}: file too large (230 bytes, limit 100 bytes); "
        "raise the limit with --max-bytes"
    )


def test_reader_file_of_exactly_max_bytes_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", ARTICLE)
    assert read_source(path, max_bytes=len(ARTICLE.encode())).text == ARTICLE


def test_reader_bytes_the_caller_read_give_the_same_source(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "Menlu\x01 tiba\r\n“di Jakarta”.\u2028Selesai\x85.".encode())
    assert read_source(path, data=path.read_bytes()) == read_source(path)


def test_reader_bytes_the_caller_read_are_held_to_max_bytes(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", ARTICLE)
    with pytest.raises(InputError) as caught:
        read_source(path, max_bytes=100, data=path.read_bytes())
    assert str(caught.value) == (
        f"{path.as_posix()}: file too large (230 bytes, limit 100 bytes); "
        "raise the limit with --max-bytes"
    )


@pytest.mark.parametrize(("raw", "clean"), [
    ("Menlu Retno tiba.", "Menlu Retno tiba."),
    ("Menlu “Retno” tiba di Café.", "Menlu “Retno” tiba di Café."),
    ("Menlu\x00 Retno\x7f tiba\x9f.", "Menlu Retno tiba."),
    ("Menlu\r\nRetno\rtiba\u2028di\x85Jakarta\x0c.", "Menlu\nRetno\ntiba\ndi\nJakarta\n."),
    ("“Tidak benar”\ufffe\uffff\t kata Menlu.", "“Tidak benar”\t kata Menlu."),
])
def test_reader_clean_text_drops_controls_and_keeps_the_rest(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_reader_saved_page_keeps_article_drops_menu_footer_related(in_bad: None) -> None:
    text = read_source(Path("saved_page.html")).text
    assert "Korea Utara membantah telah mengirim pasukannya ke Rusia" in text
    assert "sekitar 1.500 pasukan khusus Korea Utara" in text
    assert "mendorong semua pihak menahan diri." in text
    for furniture in [
        "Beranda",
        "Indeks Berita",
        "Baca Juga",
        "Harga Minyak Dunia",
        "Hak cipta dilindungi",
        "Pedoman Media Siber",
        "Semoga perdamaian",  # a reader's comment
        "dataLayer",
        "Diskon Tiket Pesawat",
    ]:
        assert furniture not in text


def test_reader_html_saved_as_txt_is_recognised_by_doctype(tmp_path: Path) -> None:
    page = (BAD / "saved_page.html").read_text(encoding="utf-8")
    source = read_source(write(tmp_path / "page.txt", page))
    assert "Baca Juga" not in source.text
    assert source.text == read_source(BAD / "saved_page.html").text


def test_reader_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "hilang.txt"
    with pytest.raises(InputError, match=f"^input not found: {path.as_posix()}$"):
        read_source(path)


def test_reader_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "rahasia.txt", ARTICLE)
    if os.geteuid() == 0:  # root reads through chmod 000, so fake what a user would hit

        def denied(file, *args, **kwargs):
            if Path(file) == path:
                raise PermissionError(13, "Permission denied", str(file))
            return builtins.open(file, *args, **kwargs)

        monkeypatch.setattr(reader, "open", denied, raising=False)
    else:
        path.chmod(0)
    try:
        with pytest.raises(InputError) as caught:
            read_source(path)
    finally:
        path.chmod(0o644)
    assert str(caught.value) == f"{path.as_posix()}: cannot read: permission denied"


def test_reader_folder_named_as_file_is_not_a_regular_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a regular file$"):
        read_source(tmp_path)


def test_reader_keeps_script_quotes_backslashes_emoji_rtl_drops_controls(tmp_path: Path):
    raw = (
        'Juru bicara berkata: "Kami <script>alert(1)</script> menolak" \\n C:\\berita\\ '
        "dan 'tidak'\x07 pernah\x1b[31m\x00\x0b setuju 🇮🇩👍🏽 👨‍👩‍👧 "
        "سلام עברית\u200f\x7f\x85selesai.\f\tAkhir."
    ).replace("\x00", "")  # NUL alone would make the whole file binary
    source = read_source(write(tmp_path / "aneh.txt", raw))
    assert source.text == (
        'Juru bicara berkata: "Kami <script>alert(1)</script> menolak" \\n C:\\berita\\ '
        "dan 'tidak' pernah[31m\n setuju 🇮🇩👍🏽 👨‍👩‍👧 "
        "سلام עברית\u200f\nselesai.\n\tAkhir."
    )


@pytest.mark.parametrize(
    "junk",
    [bytes(range(1, 256)) * 8, b"\xfd\xfc\xfb" * 500 + b"\x01\x02\x03" * 500],
)
def test_reader_binary_without_magic_or_nul_refused(tmp_path: Path, junk: bytes) -> None:
    path = write(tmp_path / "junk.txt", junk)
    with pytest.raises(InputError, match=r"^.*junk\.txt: binary file \(.+\), not text$"):
        read_source(path)


def test_reader_discover_folder_sorted_hidden_silent_others_warned(tmp_path: Path) -> None:
    for name in [
        "b.txt",
        "a.html",
        "sub/c.TEXT",
        "sub/d.htm",
        "sub/notes.md",
        "data.pdf",
        ".hidden.txt",
        ".git/config.txt",
        "sub/.cache/e.txt",
    ]:
        write(tmp_path / name, ARTICLE)
    found = discover([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found.files] == [
        "a.html",
        "b.txt",
        "sub/c.TEXT",
        "sub/d.htm",
    ]
    assert found.warnings == (
        f"skipped {tmp_path.as_posix()}/data.pdf: not a .txt or .html file",
        f"skipped {tmp_path.as_posix()}/sub/notes.md: not a .txt or .html file",
    )


def test_reader_discover_symlink_loop_read_once(tmp_path: Path) -> None:
    write(tmp_path / "news" / "a.txt", ARTICLE)
    os.symlink(tmp_path / "news", tmp_path / "news" / "loop")
    found = discover([tmp_path / "news"])
    assert found == Discovery(
        files=(tmp_path / "news" / "a.txt",),
        warnings=(
            f"skipped {(tmp_path / 'news' / 'loop').as_posix()}: links to a folder already read",
        ),
    )


def test_reader_discover_broken_link_warned(tmp_path: Path) -> None:
    os.symlink(tmp_path / "gone.txt", tmp_path / "link.txt")
    found = discover([tmp_path])
    assert found.files == ()
    assert found.warnings == (f"skipped {tmp_path.as_posix()}/link.txt: broken link",)


def test_reader_discover_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        discover([tmp_path / "tidak-ada"])
    assert str(caught.value) == f"input not found: {(tmp_path / 'tidak-ada').as_posix()}"


def test_reader_discover_named_file_taken_whatever_its_extension(tmp_path: Path) -> None:
    notes = write(tmp_path / "catatan.md", ARTICLE)
    pdf = write(tmp_path / "laporan.pdf", (BAD / "report.pdf").read_bytes())
    found = discover([pdf, notes])
    assert found == Discovery(files=(notes, pdf))
    result = read_all(found.files)
    assert [s.paths for s in result.sources] == [(notes.as_posix(),)]
    assert result.warnings == (f"skipped {pdf.as_posix()}: binary file (PDF), not text",)


def test_reader_discover_same_file_twice_listed_once(tmp_path: Path) -> None:
    article = write(tmp_path / "sub" / "a.txt", ARTICLE)
    assert discover([tmp_path / "sub", article, tmp_path]) == Discovery(files=(article,))


def test_reader_discover_strict_raises_on_skipped_file(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "x.pdf", b"%PDF-1.4")
    with pytest.raises(InputError) as caught:
        discover([tmp_path], strict=True)
    assert str(caught.value) == f"{tmp_path.as_posix()}/x.pdf: not a .txt or .html file"


def test_reader_read_all_skips_bad_file_with_one_line_warning(tmp_path: Path) -> None:
    good = write(tmp_path / "a.txt", ARTICLE)
    empty = write(tmp_path / "b.txt", "")
    result = read_all([good, empty])
    assert [s.paths for s in result.sources] == [(good.as_posix(),)]
    assert result.warnings == (f"skipped {empty.as_posix()}: empty file",)
    assert result.failed == 1


def test_reader_read_all_strict_raises_first_bad_file(tmp_path: Path) -> None:
    files = [write(tmp_path / "a.txt", "\n \n"), write(tmp_path / "b.txt", b"\x89PNG\r\n\x1a\n")]
    with pytest.raises(InputError, match=r"a\.txt: empty file$"):
        read_all(files, strict=True)


def test_reader_read_all_same_article_twice_is_one_source(tmp_path: Path) -> None:
    first = write(tmp_path / "kompas.txt", ARTICLE + "\n")
    second = write(tmp_path / "copy" / "kompas.txt", ARTICLE.replace("\n", "\r\n"))
    other = write(tmp_path / "lain.txt", "Menlu Retno Marsudi bertemu Menlu Wang Yi di Beijing.")
    result = read_all([other, second, first])
    assert [s.paths for s in result.sources] == [
        (second.as_posix(), first.as_posix()),
        (other.as_posix(),),
    ]
    assert result.sources[0].text == ARTICLE
    assert result.warnings == (
        f"duplicate: {first.as_posix()} is the same article as {second.as_posix()}",
    )
    assert result.failed == 0


def test_reader_read_all_carries_decoding_warnings(in_bad: None) -> None:
    result = read_all([Path("latin1.txt"), Path("cp1252.txt")])
    assert result.warnings == ("decoded latin1.txt as cp1252", "decoded cp1252.txt as cp1252")
    assert [s.paths for s in result.sources] == [("cp1252.txt",), ("latin1.txt",)]


FORBIDDEN = {chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]} - {"\n", "\t"}


# Prefixes that send the text down the other paths: BOM, HTML extraction, PDF sniffing.
PREFIXES = st.sampled_from(["", "", "\ufeff", "<html><body><p>", "<!DOCTYPE html>\n", "%PDF-"])


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=PREFIXES, text=st.text())
def test_reader_any_utf8_text_is_clean_or_refused(tmp_path_factory, prefix: str, text: str):
    path = tmp_path_factory.mktemp("prop") / "a.txt"
    path.write_bytes((prefix + text).encode("utf-8"))
    try:
        source = read_source(path)
    except InputError:
        return
    assert source.text and not FORBIDDEN & set(source.text)
    assert source.sha256 == hashlib.sha256(source.text.encode()).hexdigest()


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(st.text(st.characters(codec="utf-8", exclude_characters="\r\n")), min_size=1))
def test_reader_crlf_cr_and_lf_are_one_document(tmp_path_factory, lines: list[str]) -> None:
    folder = tmp_path_factory.mktemp("eol")
    results = []
    for eol in ["\n", "\r\n", "\r"]:
        path = folder / f"{len(results)}.txt"
        path.write_bytes(eol.join(lines).encode("utf-8"))
        try:
            results.append(read_source(path).sha256)
        except InputError as err:
            results.append(str(err).split(": ", 1)[1])
    assert len(set(results)) == 1


@settings(max_examples=200, deadline=None)
@given(text=st.text(min_size=1))
def test_reader_reading_its_own_output_changes_nothing(tmp_path_factory, text: str) -> None:
    folder = tmp_path_factory.mktemp("idem")
    try:
        once = read_source(write(folder / "a.txt", text))
    except InputError:
        return
    twice = read_source(write(folder / "b.txt", once.text))
    assert (twice.text, twice.sha256) == (once.text, once.sha256)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(min_size=1))
def test_reader_any_bytes_are_clean_text_or_refused(tmp_path_factory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("bytes") / "a.txt"
    path.write_bytes(data)
    try:
        source = read_source(path)
    except InputError as err:
        assert str(err).startswith(f"{path.as_posix()}: ") and "\n" not in str(err)
        return
    assert source.text and not FORBIDDEN & set(source.text)
