"""Properties: the cleaner never raises on text, and leaves clean text alone."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from jiyao.cleaning import clean_text
from jiyao.cleaning.decoding import decode_bytes
from jiyao.errors import InputError

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
DAMAGE = st.sampled_from(list("?,:;!()|\ufffd \n") + ["(huì)", "原標題:", "責任編輯: ", ",,", ",。"])
MESSY = st.builds("".join, st.lists(st.one_of(HAN, DAMAGE, st.characters()), max_size=120))


@settings(max_examples=300, deadline=None)
@given(MESSY)
@example("?\ud800")  # half a UTF-16 pair after a loss mark: the word table could not encode it
def test_clean_text_never_raises(text: str) -> None:
    report = clean_text(text)
    assert isinstance(report.text, str)
    for repair in report.repairs:
        assert 0.0 <= repair.confidence <= 1.0


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_decoding_arbitrary_bytes_gives_text_or_an_input_error(data: bytes) -> None:
    try:
        decoded = decode_bytes(data)
    except InputError:
        return
    assert isinstance(decoded.text, str) and decoded.text.strip()


SENTENCE = st.builds(
    lambda words, mark: "，".join(words) + mark,
    st.lists(st.text(alphabet=HAN, min_size=2, max_size=8), min_size=1, max_size=4),
    st.sampled_from("。！？"),
)
PARAGRAPH = st.builds("".join, st.lists(SENTENCE, min_size=1, max_size=3))


@settings(max_examples=200, deadline=None)
@given(st.lists(PARAGRAPH, min_size=1, max_size=4))
def test_clean_text_comes_back_unchanged(paragraphs: list[str]) -> None:
    text = "\n".join(paragraphs)
    report = clean_text(text)
    assert report.text == text
    assert report.repairs == ()


def test_a_lone_surrogate_becomes_a_replacement_character_and_is_reported() -> None:
    report = clean_text("縣委召開會議\n會議強調\udcff要抓好落實。")

    # Replaced with U+FFFD, which the text then shows as the character lost it stands for.
    assert report.text == "縣委召開會議\n會議強調□要抓好落實。"
    assert report.decoding_problems == ("1 lone surrogate code point replaced with U+FFFD",)
