"""Properties: the offline readout never raises on a report, and names no one the text
does not name."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from jiyao.cleaning import clean_text
from jiyao.extraction import extract_offline

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
# The words the rules key on, in both scripts, and the marks between them.
WORDS = st.sampled_from(
    [
        "縣委書記", "县委书记", "副縣長", "副县长", "常務副縣長", "縣政協副主席", "黨組書記", "局長", "縣領導",
        "王明", "李強", "张华", "欧阳丽", "趙剛", "主持", "主持召開", "出席", "參加", "列席", "會議", "会议",
        "講話", "強調", "匯報", "受", "委託", "由", "召開", "等", "在", "的", "同志", "（", "）", "（掛職）",
        "要求", "指出", "他", "要", "各鄉鎮要", "在總結講話中", "會上",
        "、", "，", "。", "：", "和", "及", "3月2日", "2023年12月30日", "\n", "會議召開\n",
    ]
)  # fmt: skip
REPORT = st.builds("".join, st.lists(st.one_of(WORDS, HAN), max_size=60))


@settings(max_examples=300, deadline=None)
@given(REPORT)
# A second title in brackets after the name: its parts are apart in the text, and were
# once given in the simplified script in a traditional report.
@example("會議召開\n3月2日，縣委書記王明主持會議。副縣長李強（縣防指指揮長）出席會議。")
def test_the_readout_never_raises_and_names_only_people_the_text_names(text: str) -> None:
    report = clean_text(text)
    readout = extract_offline(report)
    clean = report.text
    for person in [*readout.attendees, *readout.mentioned]:
        assert person.name in clean
        assert person.title is None or all(part in clean for part in person.title.split("、"))
    if readout.chair is not None:
        assert readout.chair.name in {p.name for p in readout.attendees}
    # Who gave a directive is someone the readout lists as there, or no one.
    assert all(d.by is None or d.by in {p.name for p in readout.attendees} for d in readout.directives)


MEETING_PARTS = st.sampled_from(
    ["縣", "市", "全縣", "政府", "委", "常委會", "第二十次", "第十一次", "2023年", "年度", "常務會議", "會議", "會",
     "工作", "安全生產", "視頻", "調度會", "（擴大）", "擴大會議", "集體學習", "領導小組", "疫情防控", "第", "次",
     "春節期間", "上半年", "督察整改", "整改", "經濟", "招商引資", "重點項目", "工作會議", "鄉村振興"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.builds("".join, st.lists(st.one_of(MEETING_PARTS, HAN, st.characters()), max_size=12)))
@example("２０２３年度專題民主生活會")  # full-width digits came out as they were
@example("٢٠٢٣年第六次集體學習")
def test_a_meeting_name_in_english_is_english_or_none(name: str) -> None:
    from jiyao.meeting_names import meeting_en

    english = meeting_en(name)
    assert english is None or (english.isascii() and english.strip() == english and english)
