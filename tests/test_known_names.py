"""Names the user gives (``--names``): a name whose bytes were lost is read where the bytes
left fit it, and only there; a bad list is a clear error, in every surface."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

import jiyao
from jiyao.batch import Batch
from jiyao.cleaning import clean_text, known_names, read_names
from jiyao.cleaning.known_names import names_in_file
from jiyao.cli import app
from jiyao.errors import InputError
from jiyao.evaluation.garble import shifted_read
from jiyao.extraction import extract_offline, flagged_names
from jiyao.service import create_app
from jiyao.settings import Settings
from tests.helpers import dev_43_with_a_name_misread
from tests.live_server import LiveServer

runner = CliRunner()

# A report of our own, in the seeds' style: ASCII commas, the names in a list of titles.
PAGE = "4月18日,县委召开会议.城关镇党委书记包文军,高新区管委会主任施红参加会议.\n"


def damaged(word: str, garbled: str) -> str:
    """PAGE once the first character of ``word`` lost its lead byte, read on out of phase."""
    start = PAGE.index(word)
    read = shifted_read(PAGE, start)
    assert read is not None and read[0] == garbled, read  # the test's premise
    return PAGE[:start] + read[0] + PAGE[read[1] :]


# 文 lost its lead byte: its trail is 木's, and 军 kept only its lead (静 shares it).
NAME_END_LOST = damaged("文军", "?木?,")
# 包 lost its lead byte too: nothing of it is left, and 文 and 军 as above.
WHOLE_NAME_LOST = damaged("包文军", "??木?,")


def secretary(text: str, names: tuple[str, ...] = ()) -> tuple[str, str]:
    cleaned = clean_text(text, names=names)
    notes = "; ".join(r.note for r in cleaned.repairs if r.kind.value == "mojibake")
    return cleaned.text.split("党委书记")[1].split("，")[0], notes


@pytest.mark.parametrize("text", [NAME_END_LOST, WHOLE_NAME_LOST], ids=["end", "whole"])
def test_a_name_given_is_read_where_its_bytes_were_lost(text: str) -> None:
    without, _ = secretary(text)
    assert "□" in without  # the bytes alone cannot tell 包文军 from 包文静
    name, note = secretary(text, ("包文军", "施红"))
    assert name == "包文军"
    assert "包文军, from damaged bytes, as the names given spell it" in note


def test_a_list_in_the_other_script_serves_the_report() -> None:
    assert secretary(NAME_END_LOST, ("包文軍",))[0] == "包文军"


def test_a_name_the_bytes_left_do_not_fit_is_not_read() -> None:
    # 军 kept its lead byte, BE: 钧 (BEF9) would fit it, 杰 (BDDC) does not.
    assert secretary(NAME_END_LOST, ("包文杰",)) == secretary(NAME_END_LOST)
    assert secretary(NAME_END_LOST, ("包文钧",))[0] == "包文钧"


def test_two_names_given_that_fit_the_bytes_alike_leave_the_place_marked() -> None:
    # 军 and 静 share their lead byte, the one 军 kept: the list cannot choose either.
    name, note = secretary(NAME_END_LOST, ("包文军", "包文静"))
    assert name == "包文□"
    assert "军 or 静, names given" in note


def test_a_surname_alone_does_not_read_a_lost_name() -> None:
    # Nothing of 青 is left (its lead byte lost, its trail read with the comma's byte): 苗
    # and the place are all there is, and 苗青 is no likelier than any 苗 the list lacks.
    page = "4月18日,县委召开会议.县委书记苗青,副县长施红参加会议.\n"
    start = page.index("青,")
    read = shifted_read(page, start)
    assert read == ("??,", start + 2)
    text = page[:start] + read[0] + page[read[1] :]
    assert "县委书记苗□，" in clean_text(text).text
    assert clean_text(text, names=["苗青"]).text == clean_text(text).text


def test_a_name_the_text_model_misreads_is_read_from_the_list_where_its_bytes_fit() -> None:
    page, damaged_page = dev_43_with_a_name_misread()
    wrong = clean_text(damaged_page).text
    assert "范民国" in wrong and "范振国" in page  # the premise: the text model reads 民
    assert "主任范振国，" in clean_text(damaged_page, names=["范振国"]).text
    assert clean_text(damaged_page, names=["范正国"]).text == wrong  # 正 fits no byte left


def test_the_readout_says_a_flagged_name_is_as_the_names_given_spell_it() -> None:
    # The flag had read alike either way: the user could not tell their list's spelling
    # from the text model's guess.
    _, damaged_page = dev_43_with_a_name_misread()
    guessed = [n for n in extract_offline(clean_text(damaged_page)).notes if "check the source: name" in n]
    given = [
        n for n in extract_offline(clean_text(damaged_page, names=["范振国"])).notes if "check the source: name" in n
    ]
    assert guessed == ["check the source: name 范民国 was read from damaged bytes (confidence 0.77)"]
    assert given == [
        "check the source: name 范振国 was read from damaged bytes, as the names given spell it (confidence 0.77)"
    ]
    assert flagged_names(given) == {"范振国"}  # the evals still count it


def test_clean_text_is_the_same_without_names_and_with_names_it_does_not_hold() -> None:
    assert clean_text(NAME_END_LOST, names=["王立", "李明"]).text == clean_text(NAME_END_LOST).text


def test_a_names_file_reads_names_with_notes_and_comments(tmp_path: Path) -> None:
    path = tmp_path / "names.txt"
    path.write_text("\ufeff# 城关镇\n包文军\t城关镇党委书记\n\n施红 高新区管委会主任\n阿不都热依木·艾买提\n", "utf-8")
    names = read_names(path)
    assert {"包文军", "包文軍", "施红", "施紅", "阿不都热依木·艾买提"} <= names
    assert jiyao.read_names(path) == names
    # A compatibility ideograph (U+F9F7) is read as the cleaner reads a report's: NFC, 立.
    assert known_names(["包文\uf9f7"]) == {"包文立"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("包文军\n城关镇党委书记包文军\n", "line 2: '城关镇党委书记包文军' is not a name"),
        ("Bao Wenjun\n", "line 1: 'Bao' is not a name"),
        ("包\n", "line 1: '包' is not a name"),
    ],
)
def test_a_line_that_is_no_name_is_named_with_its_number(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "names.txt"
    path.write_text(content, "utf-8")
    with pytest.raises(InputError, match=message) as caught:
        read_names(path)
    assert caught.value.path == path


def test_a_names_file_too_long_to_be_a_list_of_people_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "names.txt"
    path.write_text("包文军\n" * 20_001, "utf-8")
    with pytest.raises(InputError, match="20001 names: at most 20000"):
        read_names(path)


def test_a_names_file_that_cannot_be_read_says_why(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such names file"):
        read_names(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_names(tmp_path)
    (tmp_path / "gbk.txt").write_bytes("包文军\n".encode("gbk"))
    with pytest.raises(InputError, match="must be UTF-8"):
        read_names(tmp_path / "gbk.txt")


def test_names_given_to_the_api_are_checked() -> None:
    with pytest.raises(InputError, match="'包文军 书记' is not a name"):
        jiyao.clean(NAME_END_LOST, names=["包文军 书记"])
    assert "包文军" in jiyao.clean(NAME_END_LOST, names=["包文军"]).text


def test_the_cli_reads_a_names_file_and_refuses_a_bad_one(tmp_path: Path) -> None:
    report, names, bad = tmp_path / "r.txt", tmp_path / "names.txt", tmp_path / "bad.txt"
    report.write_text(NAME_END_LOST, "utf-8")
    names.write_text("包文军 城关镇党委书记\n", "utf-8")
    bad.write_text("城关镇党委书记包文军\n", "utf-8")
    assert "包文□" in runner.invoke(app, ["clean", str(report)]).stdout
    for command in (["clean"], ["extract", "--engine", "offline"], ["brief", "--engine", "offline"]):
        result = runner.invoke(app, [*command, str(report), "--names", str(names)])
        assert result.exit_code == 0, result.output
        assert "包文军" in result.stdout
        refused = runner.invoke(app, [*command, str(report), "--names", str(bad)])
        assert refused.exit_code == 2
        assert "bad.txt: line 1: '城关镇党委书记包文军' is not a name" in refused.stderr
        assert "Traceback" not in refused.output


def test_a_batch_reads_with_the_names_and_redoes_its_reports_when_they_change(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "r.txt").write_text(NAME_END_LOST, "utf-8")
    first = Batch(folder, out, Settings.from_env(), names=["包文军"]).run()
    assert [o.status for o in first.outcomes] == ["done"]
    readout = json.loads((out / "r.readout.json").read_text("utf-8"))
    assert "包文军" in {person["name"] for person in readout["attendees"]}
    again = Batch(folder, out, Settings.from_env(), names=["包文军"]).run()
    assert [o.status for o in again.outcomes] == ["skipped"]
    other = Batch(folder, out, Settings.from_env(), names=["施红"]).run()
    assert [o.status for o in other.outcomes] == ["done"]  # another list may read otherwise


def test_batch_on_the_command_line_takes_names(tmp_path: Path) -> None:
    folder, out, names = tmp_path / "in", tmp_path / "out", tmp_path / "names.txt"
    folder.mkdir()
    (folder / "r.txt").write_text(NAME_END_LOST, "utf-8")
    names.write_text("包文军\n", "utf-8")
    result = runner.invoke(app, ["batch", str(folder), "-o", str(out), "--names", str(names)])
    assert result.exit_code == 0, result.output
    assert "包文军" in (out / "r.readout.json").read_text("utf-8")
    names.write_text("包文军 书记\n包\n", "utf-8")
    refused = runner.invoke(app, ["batch", str(folder), "-o", str(tmp_path / "o2"), "--names", str(names)])
    assert refused.exit_code == 2 and "line 2: '包' is not a name" in refused.stderr


@pytest.fixture
def service() -> Iterator[str]:
    with LiveServer(create_app(Settings.from_env())) as server:
        yield server.url


def test_the_service_takes_names_in_the_body(service: str) -> None:
    plain = httpx.post(f"{service}/v1/clean", json={"text": NAME_END_LOST}).json()
    named = httpx.post(f"{service}/v1/clean", json={"text": NAME_END_LOST, "names": ["包文军"]}).json()
    assert "包文□" in plain["text"] and "包文军" in named["text"]
    refused = httpx.post(f"{service}/v1/readout", json={"text": NAME_END_LOST, "names": ["包文军 书记"]})
    assert refused.status_code == 422
    assert "'包文军 书记' is not a name" in refused.json()["error"]


def test_jiyao_names_is_the_default_list_and_a_flag_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report, names, other = tmp_path / "r.txt", tmp_path / "names.txt", tmp_path / "other.txt"
    report.write_text(NAME_END_LOST, "utf-8")
    names.write_text("包文军\n", "utf-8")
    other.write_text("包文静\n", "utf-8")
    monkeypatch.setenv("JIYAO_NAMES", str(names))
    assert "包文军" in runner.invoke(app, ["clean", str(report)]).stdout
    assert "包文静" in runner.invoke(app, ["clean", str(report), "--names", str(other)]).stdout
    shown = runner.invoke(app, ["config", "show"]).stdout
    assert any(line.startswith("JIYAO_NAMES") and str(names) in line for line in shown.splitlines())
    monkeypatch.setenv("JIYAO_NAMES", str(tmp_path / "gone.txt"))
    refused = runner.invoke(app, ["extract", str(report)])
    assert refused.exit_code == 2 and "gone.txt: no such names file" in refused.stderr


def test_the_service_reads_every_report_with_its_default_list(tmp_path: Path) -> None:
    names = tmp_path / "names.txt"
    names.write_text("包文军\n", "utf-8")
    settings = Settings.from_env().replace(names_path=names)
    with LiveServer(create_app(settings)) as server:
        cleaned = httpx.post(f"{server.url}/v1/clean", json={"text": NAME_END_LOST}).json()
        both = httpx.post(f"{server.url}/v1/clean", json={"text": NAME_END_LOST, "names": ["包文静"]}).json()
    assert "包文军" in cleaned["text"]
    assert "包文□" in both["text"]  # its own list and the default fit alike: marked
    names.write_text("包文军 书记\n城关镇党委书记包文军\n", "utf-8")
    with pytest.raises(InputError, match="line 2"):
        create_app(settings)


def test_a_long_default_list_serves_every_request(tmp_path: Path) -> None:
    # 12,000 names are ~24,000 in both scripts: the service had sent them so to its workers,
    # which counted them against the cap of 20,000 and refused every request (422).
    given, more = "国华军红丽强伟东晓海涛鹏", ("", "明", "龙", "凤", "飞", "云", "杰", "斌", "勇", "刚")
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
    made = {s + a + b + c for s in surnames for a in given for b in given for c in more}
    names = tmp_path / "names.txt"
    names.write_text("\n".join(["包文军", *sorted(made)[:12_000]]) + "\n", "utf-8")
    assert len(known_names(names_in_file(names))) > 20_000
    with LiveServer(create_app(Settings.from_env().replace(names_path=names))) as server:
        answer = httpx.post(f"{server.url}/v1/clean", json={"text": NAME_END_LOST, "names": ["施红"]}, timeout=60)
    assert answer.status_code == 200, answer.text
    assert "包文军" in answer.json()["text"]
