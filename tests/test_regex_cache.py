"""jiyao's fixed patterns, compiled once per installation (``jiyao.cleaning.regex_cache``):
a pattern rebuilt from its stored program is the pattern ``re`` compiles, and a missing,
damaged or unwritable store only costs the time it saves."""

from __future__ import annotations

import array
import importlib
import pkgutil
import re
import subprocess
import sys
import types
from pathlib import Path
from re import _compiler, _constants, _parser  # type: ignore[attr-defined]

import pytest

import jiyao
from jiyao.cleaning import regex_cache, tables


@pytest.fixture
def fresh_store(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A store of its own, read anew: the session's may already hold every pattern."""
    tables.use_directory(tmp_path)
    regex_cache.forget()
    yield tmp_path
    regex_cache.forget()


def _fixed_patterns() -> list[tuple[str, int]]:
    """Every pattern jiyao's modules compile through the store, with its flags."""
    for module in pkgutil.walk_packages(jiyao.__path__, "jiyao."):
        if not module.name.startswith(("jiyao.cli", "jiyao.service", "jiyao.__main__")):
            importlib.import_module(module.name)
    found: dict[tuple[str, int], None] = {}

    def collect(value: object, depth: int) -> None:
        if isinstance(value, regex_cache._Deferred):
            found[(value.pattern, value._flags)] = None
        elif depth and isinstance(value, (tuple, list)):
            for item in value:
                collect(item, depth - 1)
        elif depth and isinstance(value, dict):
            for item in value.values():
                collect(item, depth - 1)
        elif depth and hasattr(value, "_pattern"):  # a pattern searched at the end only
            collect(value._pattern, depth - 1)

    for name, module in list(sys.modules.items()):
        if name.startswith("jiyao."):
            for value in list(vars(module).values()):
                collect(value, 3)
    return list(found)


def test_every_fixed_pattern_rebuilt_from_its_program_is_the_pattern_re_compiles(
    fresh_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(regex_cache, "_peel_leading_repeat", lambda parsed: None)  # its own tests below
    patterns = _fixed_patterns()
    assert len(patterns) > 200  # the cleaner's and the readout's, not a handful
    for pattern, flags in patterns:
        program = regex_cache._program(pattern, flags)
        # Pattern equality compares the flags, the source and the code words.
        assert regex_cache._build(pattern, program) == re.compile(pattern, flags), pattern


def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


def test_every_fixed_pattern_with_its_leading_repeat_peeled_matches_as_re_s(fresh_store: Path) -> None:
    from tests.helpers import ROOT, SEEDS

    texts = [path.read_text(encoding="utf-8") for path in SEEDS]
    texts += [path.read_text(encoding="utf-8") for path in sorted((ROOT / "evals/corpus/dev").glob("*.txt"))]
    # What the classes the peel touches are for: spaces, tabs, controls, digits, bars, hashes.
    texts += [
        " \t\u3000a\x01\x02b  |  \n## 标题 ##\n12月3日 1月 123日\n\u00a0\u3000 \u200b\ufeff\n- 一 \n1) 二\n\t|",
        "责任编辑：王明 \n（编辑：李强）\n 2024年3月5日 ， \n  ▲ 图为会场  \n",
    ]
    peeled = 0
    for pattern, flags in _fixed_patterns():
        built, reference = regex_cache.compiled_pattern(pattern, flags), re.compile(pattern, flags)
        peeled += built != reference
        for text in texts:
            assert _matches(built, text) == _matches(reference, text), pattern
    assert peeled >= 10  # the peel is at work: [ \t]+, \d{1,2}月, [ \u3000]+ …


@pytest.mark.parametrize(
    ("pattern", "texts"),
    [
        (r"[ \t]+x", ["a  x b\tx", "x", "  ", " x x"]),
        (r"([ \t]+?)(x?)", ["a  x", "  ", ""]),  # lazy, and in a group
        (r"\d{2,3}(?=年)", ["1年12年123年1234年"]),  # bounded: two, then up to one more
        (r"\d{1}月", ["12月3月"]),  # exactly one: nothing left to repeat
        (r"(?:[a-c]+)+d", ["abcabd ccd d"]),
        (r"[ \u3000]+|x", ["a\u3000 b x"]),  # a branch: not peeled
        (r"(?i)[a-c]+z", ["ABz abZ"]),
    ],
)
def test_a_peeled_repeat_matches_as_the_repeat_did(fresh_store: Path, pattern: str, texts: list[str]) -> None:
    built = regex_cache.compiled_pattern(pattern)
    for text in texts:
        assert _matches(built, text) == _matches(re.compile(pattern), text)
        assert built.sub("_", text) == re.sub(pattern, "_", text)


def test_a_peeled_pattern_lets_the_engine_skip_to_its_class() -> None:
    # The program's info block names a charset to skip to; re's for [ \t\u3000]+ names none.
    def skips(code: list[int]) -> bool:
        found = _constants.SRE_INFO_PREFIX | _constants.SRE_INFO_CHARSET
        return code[0] == _constants.INFO and bool(code[2] & found)

    program = regex_cache._program(r"[ \t\u3000]+", 0)
    assert skips(array.array("I", program[1]).tolist())
    assert not skips(_compiler._code(_parser.parse(r"[ \t\u3000]+", 0), 0))


def test_a_later_process_builds_patterns_from_the_store_without_compiling(fresh_store: Path) -> None:
    pattern = regex_cache.compile(r"(?P<who>[\u4e00-\u9fff]{2,3})(?:同志|书记)", re.MULTILINE)
    assert pattern.search("会议由张三同志主持")["who"] == "由张三"
    assert regex_cache.save(regex_cache._path(fresh_store))
    # A new process: parsing is made to fail, so the pattern can only come from the store.
    script = f"""
import re
from pathlib import Path
from jiyao.cleaning import regex_cache, tables
tables.use_directory(Path({str(fresh_store)!r}))
def refuse(*args):
    raise AssertionError("compiled, not read from the store")
regex_cache._program = refuse
pattern = regex_cache.compile(r"(?P<who>[\\u4e00-\\u9fff]{{2,3}})(?:同志|书记)", re.MULTILINE)
print(pattern.search("会议由张三同志主持")["who"], pattern.groupindex["who"], pattern.flags & re.MULTILINE > 0)
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["由张三", "1", "True"]


def test_what_a_process_adds_is_written_once_and_only_when_new(fresh_store: Path) -> None:
    path = regex_cache._path(fresh_store)
    regex_cache.compiled_pattern("会议[一二三]", 0)
    assert regex_cache.save(path)
    assert not regex_cache.save(path)  # nothing new since
    regex_cache.forget()
    regex_cache.compiled_pattern("会议[一二三]", 0)  # read from the store
    assert not regex_cache.save(path)


def test_no_store_is_read_or_written_before_the_settings_choose_a_directory(tmp_path: Path) -> None:
    tables.use_directory(None)
    regex_cache.forget()
    try:
        pattern = regex_cache.compiled_pattern("书记|县长", 0)
        assert pattern.findall("县委书记、县长") == ["书记", "县长"]
        assert regex_cache._store is None
    finally:
        regex_cache.forget()


def test_a_damaged_store_is_read_as_empty_and_written_again(fresh_store: Path) -> None:
    path = regex_cache._path(fresh_store)
    path.write_bytes(b"\x00not marshal at all")
    assert regex_cache.compiled_pattern("召开[^，。]{2,20}会议", 0).search("召开常务会议")
    assert regex_cache.save(path)
    regex_cache.forget()
    assert ("召开[^，。]{2,20}会议", 0) in regex_cache._load()  # type: ignore[operator]


def test_a_program_the_engine_refuses_is_compiled_again(fresh_store: Path) -> None:
    source = "([省市县])委(书记)"
    regex_cache.compiled_pattern(source, 0)
    store = regex_cache._load()
    assert store is not None
    flags, words, groups, groupindex, indexgroup = store[(source, 0)]
    store[(source, 0)] = (flags, b"\xff\xff\xff\xff" + words[4:], groups, groupindex, indexgroup)
    rebuilt = regex_cache.compiled_pattern(source, 0)
    assert rebuilt == re.compile(source)
    assert rebuilt.search("县委书记").groups() == ("县", "书记")
    # The refused program is replaced, so the next process is not refused again.
    assert store[(source, 0)][1] == words
    assert regex_cache.save(regex_cache._path(fresh_store))


def test_an_unwritable_directory_costs_nothing_but_the_store(fresh_store: Path) -> None:
    blocker = fresh_store / "file-not-dir"
    blocker.write_text("")
    regex_cache.compiled_pattern("年底前完成", 0)
    assert not regex_cache.save(blocker / "regex.marshal")


def test_a_deferred_pattern_keeps_its_source_without_compiling_and_acts_as_one_after() -> None:
    deferred = regex_cache.compile(r"\d{4}年(\d{1,2})月", re.ASCII)
    assert deferred.pattern == r"\d{4}年(\d{1,2})月"
    assert "search" not in vars(deferred)  # not compiled by asking for the source
    assert deferred.sub(r"\1月", "2024年3月") == "3月"
    assert deferred.flags == re.compile(r"\d{4}年(\d{1,2})月", re.ASCII).flags
    assert deferred.groups == 1
    assert [m.group(1) for m in deferred.finditer("2023年12月、2024年1月")] == ["12", "1"]


def test_a_stand_in_and_a_compiled_pattern_are_both_patterns_and_nothing_else_is() -> None:
    # bench_clean finds the cleaner's patterns by this; it had found none of the stand-ins.
    assert regex_cache.is_pattern(regex_cache.compile("a+"))
    assert regex_cache.is_pattern(re.compile("a+"))
    assert not regex_cache.is_pattern("a+")
    assert not regex_cache.is_pattern(None)


def test_an_engine_whose_internals_differ_compiles_as_re_does(
    fresh_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def other_signature(*args: object) -> None:
        raise TypeError("compile() takes exactly 7 arguments (6 given)")

    # Only the store's engine differs: re's own must still work.
    monkeypatch.setattr(regex_cache, "_sre", types.SimpleNamespace(compile=other_signature, MAGIC=0, CODESIZE=4))
    pattern = regex_cache.compiled_pattern("([省市县])长", 0)
    assert pattern.search("县长").group(1) == "县"
    assert not regex_cache.save(regex_cache._path(fresh_store))  # nothing kept that can't be built


def test_a_pattern_that_does_not_compile_says_so_as_re_does(fresh_store: Path) -> None:
    with pytest.raises(re.error):
        regex_cache.compiled_pattern("(会议", 0)


def test_a_store_past_its_bound_keeps_only_what_the_last_process_used(
    fresh_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = regex_cache._path(fresh_store)
    regex_cache.compiled_pattern("旧的模式", 0)  # a pattern a later version no longer has
    assert regex_cache.save(path)
    regex_cache.forget()
    monkeypatch.setattr(regex_cache, "_MOST_KEPT", 1)
    regex_cache.compiled_pattern("新的模式", 0)
    assert regex_cache.save(path)
    regex_cache.forget()
    assert set(regex_cache._load() or {}) == {("新的模式", 0)}
