"""Token-aware chunking: boundaries, offsets, budgets, no network."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiyao.chunking import OFFLINE_ENCODING, chunk_budget, chunk_lines, count_tokens, tokenizer_for
from jiyao.cleaning import clean_file
from tests.helpers import SEEDS, seed


def test_tokens_come_from_the_bundled_encoding_for_an_unknown_or_uncached_model() -> None:
    assert tokenizer_for("deepseek-chat").name == OFFLINE_ENCODING
    assert tokenizer_for(None).name == OFFLINE_ENCODING
    assert count_tokens("市委書記郭文海主持召開會議") > 5


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("budget", [60, 300, 1200])
def test_chunks_fit_the_budget_and_point_into_the_text(path, budget: int) -> None:  # type: ignore[no-untyped-def]
    report = clean_file(path)
    chunks = chunk_lines(report.lines, budget)
    for chunk in chunks:
        assert chunk.tokens <= budget
        for piece in chunk.pieces:
            assert report.text[piece.start : piece.end] == piece.text
    # Nothing lost, nothing repeated: the pieces of each line put it back together.
    for index, line in enumerate(report.lines):
        assert "".join(p.text for c in chunks for p in c.pieces if p.line == index) == line


def test_whole_paragraphs_stay_together_when_they_fit() -> None:
    report = clean_file(seed("003"))
    chunks = chunk_lines(report.lines, 1200)
    assert all(len({p.line for p in c.pieces}) == len(c.pieces) for c in chunks)
    assert len(chunks) < len(report.lines)


def test_a_long_paragraph_splits_between_sentences() -> None:
    from jiyao.chunking import _sentences

    paragraph = clean_file(seed("000")).lines[2]
    longest = max(count_tokens(paragraph[a:b]) for a, b in _sentences(paragraph))
    assert longest < count_tokens(paragraph)
    pieces = [p for c in chunk_lines([paragraph], longest) for p in c.pieces]
    assert len(pieces) > 1
    assert all(p.text.endswith(("。", "；", "！", "？", "”")) for p in pieces)


def test_an_overlong_sentence_splits_between_clauses_first() -> None:
    paragraph = clean_file(seed("000")).lines[2]
    pieces = [p for c in chunk_lines([paragraph], 60) for p in c.pieces]
    assert all(p.text.endswith(("。", "；", "！", "？", "”", "，", "、", "：")) for p in pieces)


def test_one_overlong_sentence_is_split_by_characters() -> None:
    sentence = "、".join(["疫情防控"] * 200) + "。"
    chunks = chunk_lines([sentence], 50)
    assert len(chunks) > 3 and all(c.tokens <= 50 for c in chunks)
    assert "".join(c.text for c in chunks) == sentence


def test_budget_leaves_room_for_prompt_context_and_output() -> None:
    budget = chunk_budget(
        context_window=8192, prompt_tokens=900, max_chunk_tokens=5000, output_ratio=1.0, context_tokens=300
    )
    # The server's tokenizer may count 15% more than ours: prompt and chunk carry that margin.
    assert budget == int((8192 - 1.15 * (900 + 300)) / (1.15 + 1.0))
    assert chunk_budget(
        context_window=8192, prompt_tokens=900, max_chunk_tokens=None, output_ratio=1.0, context_tokens=0,
        max_output_tokens=1000,
    ) == 1000  # the answer must fit what the model can write
    assert (
        chunk_budget(context_window=8192, prompt_tokens=900, max_chunk_tokens=1200, output_ratio=1.0, context_tokens=0)
        == 1200
    )
    with pytest.raises(ValueError, match="leaves no room for report text"):
        chunk_budget(context_window=1000, prompt_tokens=950, max_chunk_tokens=1200, output_ratio=1.0, context_tokens=0)


def test_special_token_text_counts_as_ordinary_text() -> None:
    assert count_tokens("<|endoftext|>") > 1  # several ordinary tokens, not one special one, no error
    pieces = chunk_lines(["會議<|endoftext|>要求" * 40], budget=30)
    assert "".join(c.text for c in pieces).count("<|endoftext|>") == 40


def test_the_kept_tokenizer_counts_as_tiktoken_does_and_is_read_from_its_file(
    tables_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tiktoken

    from jiyao import chunking
    from jiyao.cleaning import tables

    reference = tiktoken.get_encoding(OFFLINE_ENCODING)
    kept = chunking._encoding(OFFLINE_ENCODING)
    report = SEEDS[0].read_text(encoding="utf-8")
    for text in (report, "會(huì)議,,要求 2024年3月5日 <|endoftext|> café 🙂", "a" * 3000):
        assert kept.encode_ordinary(text) == reference.encode_ordinary(text)
    special = "<|endoftext|>"
    assert kept.encode(special, allowed_special="all") == reference.encode(special, allowed_special="all")
    assert kept.n_vocab == reference.n_vocab and kept.name == reference.name
    assert list(tables_dir.glob(f"tokenizer-{OFFLINE_ENCODING}-*.table"))
    # A later process reads the ranks from the file: tiktoken's own parse is not asked for.
    monkeypatch.setattr(tables, "_loaded", {})
    monkeypatch.setattr(tiktoken, "get_encoding", lambda name: pytest.fail(f"parsed {name} again"))
    assert chunking._encoding(OFFLINE_ENCODING).encode_ordinary(report) == reference.encode_ordinary(report)


def test_an_upgrade_of_tiktoken_keeps_its_ranks_anew_and_old_files_go(
    tables_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jiyao import chunking
    from jiyao.cleaning import tables

    for version in range(5):  # five upgrades of tiktoken's files
        monkeypatch.setattr(tables, "_loaded", {})
        monkeypatch.setattr(chunking, "_tiktoken_files", lambda version=version: f"tiktoken.py:{version}")
        encoding = chunking._encoding(OFFLINE_ENCODING)
        assert encoding.encode_ordinary("会议") == tokenizer_for(None).encode_ordinary("会议")
    kept = list(tables_dir.glob(f"tokenizer-{OFFLINE_ENCODING}-*.table"))
    assert len(kept) == 1 + tables._KEEP_OTHERS
