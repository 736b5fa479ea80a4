"""The compact tables hold exactly what the packages they are built from say."""

from __future__ import annotations

import importlib.resources
import unicodedata
from pathlib import Path

import pytest

from jiyao.cleaning import tables


def test_words_are_jiebas_dictionary_line_for_line_and_the_genres_words() -> None:
    from jiyao.cleaning.vocabulary import COUNT, WORDS

    counts = tables.words()["counts"]
    lines = importlib.resources.files("jieba").joinpath("dict.txt").read_text(encoding="utf-8").splitlines()
    expected = {p[0]: int(p[1]) for p in (line.split(" ") for line in lines) if len(p) >= 2 and p[1].isdigit()}
    expected |= {word: max(expected.get(word, 0), COUNT) for word in WORDS}
    assert counts == expected
    assert counts["副书记"] == COUNT and counts["政治"] > COUNT  # added; jieba's own kept
    assert counts.total == sum(expected.values())
    assert "不存在的词语" not in counts and counts.get("不存在的词语") is None


def test_packed_counts_find_every_word_and_nothing_else() -> None:
    words = {f"詞{i}": i for i in range(5000)}
    packed = tables.PackedCounts(tables.pack_counts(words))
    assert all(packed[word] == count for word, count in words.items()) and len(packed) == 5000
    assert all(f"詞{i}" not in packed for i in range(5000, 10000))
    assert dict(packed) == words
    with pytest.raises(KeyError):
        packed["詞-1"]


def test_packed_counts_hold_at_any_load_factor() -> None:
    words = {f"詞{i}": i for i in range(5000)}
    for max_load in (0.4, 0.6, 0.9):
        packed = tables.PackedCounts(tables.pack_counts(words, max_load=max_load))
        assert dict(packed) == words and packed.get("詞-1") is None
        assert len(words) / len(packed._slots) <= max_load
    # The words table's size is what it was before the load factor could be chosen.
    assert len(tables.pack_counts(words)["slots"]) // 4 == 1 << (5000 * 5 // 2).bit_length()


def test_a_table_built_not_loaded_is_announced_once_then_read_from_its_file(tmp_path: Path) -> None:
    built: list[str] = []
    tables.use_directory(tmp_path)
    tables.on_build(built.append)
    try:
        first = tables._load("probe", lambda: {"n": 1})
        again = tables._load("probe", lambda: {"n": 2})
    finally:
        tables.on_build(None)
    assert first == again == {"n": 1}
    assert built == ["probe"]


def test_the_cli_says_on_a_terminal_why_the_first_run_waits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sys

    from jiyao.cli import common

    for terminal in (False, True):
        monkeypatch.setattr(sys.stderr, "isatty", lambda terminal=terminal: terminal)
        common.announce_table_builds()
        try:
            tables.use_directory(tmp_path / str(terminal))
            tables._load("one", dict)
            tables._load("two", dict)
        finally:
            tables.on_build(None)
        said = capsys.readouterr().err
        assert said.count("building the language tables") == (1 if terminal else 0)


def test_readings_are_pypinyins_for_every_character() -> None:
    from pypinyin import Style, pinyin
    from pypinyin.pinyin_dict import pinyin_dict

    for codepoint in list(pinyin_dict)[::37]:  # a spread sample: pypinyin is slow per call
        char = chr(codepoint)
        toned = pinyin(char, style=Style.TONE, heteronym=True, errors="ignore")
        plain = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
        want = sorted({unicodedata.normalize("NFC", r) for group in (*toned, *plain) for r in group})
        assert list(tables.readings_of(char)) == want, char


def test_every_entry_is_found_by_bisection_and_nothing_else() -> None:
    # The tables' lines: "\n" + character + what it reads, in the characters' order.
    for blob in (tables.chars()["readings"], tables.phrases()["singles"]):
        lines = blob.split("\n")[1:-1]
        assert [line[0] for line in lines] == sorted(line[0] for line in lines)
        for line in lines:
            assert tables._entry(blob, line[0]) == line[1:]
        for absent in ("a", "。", "\n", "", "會議", "\U0002ffff", "\u3006"):
            assert tables._entry(blob, absent) is None, absent
    assert tables._entry("\n", "會") is None and tables._entry("\n會hui\n", "會") == "hui"


def test_tables_are_built_once_and_then_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "_loaded", {})
    tables.use_directory(tmp_path)
    first = tables.words()
    (file,) = tmp_path.glob("words-*.table")
    monkeypatch.setattr(tables, "_loaded", {})
    monkeypatch.setattr(tables, "_build_words", lambda: pytest.fail("built again"))
    assert tables.words() == first and file.exists()


def test_a_table_file_cut_short_is_built_again_not_read_short(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its trailer still says where each section goes; a slice past the end of the file
    # would only be shorter, and the hash table read from it wrong.
    monkeypatch.setattr(tables, "_loaded", {})
    tables.use_directory(tmp_path)
    want = tables.words()["counts"]["中国"]
    (file,) = tmp_path.glob("words-*.table")
    data = file.read_bytes()
    tail = 8 + int.from_bytes(data[-8:], "little")
    file.write_bytes(data[: len(data) // 2] + data[-tail:])
    monkeypatch.setattr(tables, "_loaded", {})
    assert tables.words()["counts"]["中国"] == want
    assert file.read_bytes() == data  # and written whole again


def _resident_kib(path: Path) -> int:
    """How much of the file at ``path`` this process has mapped and resident (smaps' Rss)."""
    resident, inside = 0, False
    for line in Path("/proc/self/smaps").read_text().splitlines():
        if line[:1].isdigit() or line[:1] in "abcdef" and "-" in line.split(" ", 1)[0]:
            inside = line.endswith(str(path))
        elif inside and line.startswith("Rss:"):
            resident += int(line.split()[1])
    return resident


@pytest.mark.skipif(not Path("/proc/self/smaps").exists(), reason="Linux's /proc")
def test_loading_a_table_touches_no_page_of_its_file_until_a_lookup_does(tmp_path: Path) -> None:
    # A kernel that caches files in large folios maps 2 MiB for each byte touched: a
    # header read through the mapping cost ~2 MiB a table, the news model's first
    # lookup at load ~4 MiB more (tables loaded: 40.7 → 28.5 MiB on such a machine).
    from jiyao.cleaning.news_model import NewsModel

    words = {f"詞{i}": i for i in range(50_000)}
    path = tmp_path / "t.table"
    path.write_bytes(tables._dump({"logps": tables.pack_counts(words)}))
    model = NewsModel(tables.PackedCounts(tables._parse_file(path)["logps"]))
    assert _resident_kib(path) == 0
    assert model.conditional("詞7") == -7 / 1000  # the check sees a touch: a lookup maps pages
    assert _resident_kib(path) > 0


def test_building_a_table_removes_all_but_the_two_newest_older_builds_of_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before: every upgrade of a source package left a set behind (a developer's cache held
    # 311 files, 733 MB). Another table's files, and files that only look alike, stay.
    import os

    older = [tmp_path / f"counties-{n:08x}.table" for n in range(4)]
    for age, path in enumerate(older):
        path.write_bytes(b"old")
        os.utime(path, (1_000_000 - age, 1_000_000 - age))  # counties-00000000 the newest
    kept_apart = [tmp_path / "words-00000009.table", tmp_path / "counties-extra-00000001.table"]
    for path in kept_apart:
        path.write_bytes(b"other")
    monkeypatch.setattr(tables, "_loaded", {})
    tables.use_directory(tmp_path)
    tables.counties()
    (built,) = [p for p in tmp_path.glob("counties-*.table") if p.read_bytes()[:4] == b"JYTB"]
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted([built.name, older[0].name, older[1].name, *(p.name for p in kept_apart)])


def test_an_unwritable_table_directory_still_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("in the way", encoding="utf-8")
    monkeypatch.setattr(tables, "_loaded", {})
    tables.use_directory(blocker / "tables")
    assert tables.words()["counts"]["中国"] > 0


def test_compiled_templates_are_kept_and_an_unwritable_place_is_no_error(tmp_path: Path) -> None:
    from jiyao import briefing

    def fresh(place: Path):  # type: ignore[no-untyped-def]
        tables.use_directory(place)
        return briefing._templates.__wrapped__()  # a new environment: no template in memory

    compiled = fresh(tmp_path / "tables").get_template("brief.md.j2")
    assert len(list((tmp_path / "tables" / "templates").iterdir())) == 1
    again = fresh(tmp_path / "tables")
    again.compile = lambda *a, **k: pytest.fail("compiled again")
    assert again.get_template("brief.md.j2").root_render_func.__code__ == compiled.root_render_func.__code__
    blocker = tmp_path / "file"
    blocker.write_text("in the way", encoding="utf-8")
    assert fresh(blocker / "tables").get_template("brief.md.j2") is not None


@pytest.mark.parametrize(
    ("module", "name", "changed"),
    [
        # The decoder's index and the name priors are built from the word counts too.
        ("jiyao.cleaning.vocabulary", "STAMP", "changed"),
        # The given-name counts keep jieba's names whose first character is a surname.
        ("jiyao.surnames", "SURNAMES_BY_RANK", "王李张亓"),
    ],
)
def test_a_change_to_what_the_tables_are_built_from_renames_every_table(
    monkeypatch: pytest.MonkeyPatch, module: str, name: str, changed: str
) -> None:
    # A table file built before the change must not be read after it.
    import importlib

    tables._stamp.cache_clear()
    before = tables._stamp()
    monkeypatch.setattr(importlib.import_module(module), name, changed)
    tables._stamp.cache_clear()
    try:
        assert tables._stamp() != before
    finally:
        monkeypatch.undo()
        tables._stamp.cache_clear()
    assert tables._stamp() == before
