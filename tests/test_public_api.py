"""The Python API, the README's example, config precedence, stdin, output formats and modes."""

from __future__ import annotations

import doctest
import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import jiyao
import jiyao.api
from jiyao.cli import app
from jiyao.settings import Settings
from tests.helpers import ROOT, seed

runner = CliRunner()


def test_the_api_doctests_pass() -> None:
    failures, tried = doctest.testmod(jiyao.api)
    assert tried > 0 and failures == 0


def test_the_readme_example_runs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Use from Python") :]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)  # type: ignore[union-attr]
    monkeypatch.chdir(ROOT)
    exec(compile(code, "README.md", "exec"), {})
    assert capsys.readouterr().out.strip() == "馬澤江 Ma Zejiang 22"


def test_every_public_name_resolves() -> None:
    for name in jiyao.__all__:
        assert getattr(jiyao, name) is not None
    assert issubclass(jiyao.ConfigError, jiyao.JiyaoError)
    assert (Path(jiyao.__file__).parent / "py.typed").exists()


def test_translate_without_an_endpoint_says_what_to_set() -> None:
    with pytest.raises(jiyao.ConfigError, match="JIYAO_BASE_URL"):
        jiyao.translate("會議。")


def test_settings_built_in_code_cache_in_the_user_cache_dir() -> None:
    assert Settings().cache_dir.is_absolute()


def test_precedence_flag_env_dotenv_config_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.toml"
    config.write_text('model = "from-config"\ntimeout = 11\nreasks = 5\nmax_retries = 7\n', encoding="utf-8")
    dotenv = tmp_path / ".env"
    dotenv.write_text("JIYAO_MODEL=from-dotenv\nJIYAO_TIMEOUT=22\nexport JIYAO_REASKS='3'\nOTHER=x\n", encoding="utf-8")
    env = {"JIYAO_CONFIG": str(config), "JIYAO_ENV_FILE": str(dotenv), "JIYAO_MODEL": "from-env"}
    settings = Settings.from_env(env, model="from-flag")
    assert settings.model == "from-flag"
    assert Settings.from_env(env).model == "from-env"
    assert Settings.from_env(env).timeout == 22 and Settings.from_env(env).reasks == 3  # .env over the file
    assert Settings.from_env(env).max_retries == 7  # the file over the default
    assert Settings.from_env({**env, "JIYAO_ENV_FILE": str(tmp_path / "none")}).timeout == 11
    assert Settings.from_env({"JIYAO_CONFIG": str(tmp_path / "none"), "JIYAO_ENV_FILE": "none"}).timeout == 60


def test_config_show_names_the_source_and_hides_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "c.toml").write_text('model = "m1"\napi_key = "sk-should-not-show-0000"\n', encoding="utf-8")
    monkeypatch.setenv("JIYAO_CONFIG", str(tmp_path / "c.toml"))
    monkeypatch.setenv("JIYAO_TIMEOUT", "9")
    result = runner.invoke(app, ["config", "show"])
    assert result.exit_code == 0
    assert re.search(r"JIYAO_MODEL\s+m1\s+config file", result.stdout)
    assert re.search(r"JIYAO_TIMEOUT\s+9.0\s+environment", result.stdout)
    assert "sk-should-not-show" not in result.stdout and "[redacted]" in result.stdout


def test_a_bad_config_file_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "c.toml").write_text("model = [unclosed", encoding="utf-8")
    monkeypatch.setenv("JIYAO_CONFIG", str(tmp_path / "c.toml"))
    result = runner.invoke(app, ["extract", str(seed("000"))])
    assert result.exit_code == 2 and "config file" in result.stderr


def test_stdin_is_read_with_a_dash() -> None:
    result = runner.invoke(app, ["extract", "-", "-f", "json"], input=seed("002").read_bytes())
    assert result.exit_code == 0 and "馬澤江" in result.stdout


@pytest.mark.parametrize(("name", "marker"), [("b.html", "<!doctype html>"), ("b.md", "| |"), ("b.htm", "</html>")])
def test_the_format_follows_the_extension(tmp_path: Path, name: str, marker: str) -> None:
    result = runner.invoke(app, ["brief", str(seed("000")), "-o", str(tmp_path / name)])
    assert result.exit_code == 0 and marker in (tmp_path / name).read_text(encoding="utf-8")


def test_f_wins_over_the_extension(tmp_path: Path) -> None:
    result = runner.invoke(app, ["brief", str(seed("000")), "-o", str(tmp_path / "b.html"), "-f", "md"])
    assert result.exit_code == 0 and "<html" not in (tmp_path / "b.html").read_text(encoding="utf-8")


def test_an_output_file_honours_the_umask_and_is_replaced_whole(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    out.write_text("old", encoding="utf-8")
    inode = out.stat().st_ino
    assert runner.invoke(app, ["extract", str(seed("000")), "-o", str(out)]).exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask
    assert out.stat().st_ino != inode  # a new file renamed over the old one, never written in place


def test_help_lists_the_exit_codes_and_h_works() -> None:
    result = runner.invoke(app, ["-h"])
    flat = " ".join(result.stdout.split())
    assert result.exit_code == 0 and "Exit codes:" in flat and "5 partial" in flat and "6 over the time budget" in flat
    sub = runner.invoke(app, ["brief", "-h"])
    assert sub.exit_code == 0 and "REPORT" in sub.stdout and "-m, --model" in sub.stdout


def test_a_page_of_site_chrome_alone_is_no_report() -> None:
    from jiyao.errors import EmptyInputError

    # An empty readout of it would pass for a report in which nothing was found.
    with pytest.raises(EmptyInputError, match="no report text"):
        jiyao.clean("首頁 > 新聞中心 > 本地要聞\n責任編輯: 劉洋\n")
    with pytest.raises(EmptyInputError, match="no report text"):
        jiyao.extract("当前位置：首页 > 要闻动态\n".encode("gb18030"))
    assert jiyao.clean("首頁 > 新聞中心\n會議召開").text == "會議召開"
