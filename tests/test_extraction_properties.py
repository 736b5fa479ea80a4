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


# The genre's titles, as attendee lists write them before a name (the sharing of one
# title by several names and compound titles joined by 、 included).
TITLES = st.sampled_from(
    ["县委书记", "县委副书记、县长", "县人大常委会主任", "县政协主席", "县委副书记", "县委常委、常务副县长",
     "县委常委、组织部部长", "县委常委、县纪委书记、县监委主任", "县委常委、政法委书记", "副县长",
     "县人大常委会副主任", "县政协副主席", "县法院院长", "县检察院检察长", "县政府党组成员", "县人武部部长",
     "县长助理", "县政府办公室主任", "县发改局局长", "县公安局政委", "县委宣传部副部长", "镇党委书记",
     "开发区党工委书记、管委会主任", "县人大常委会党组书记、主任", "县妇联主席", "团县委书记"]
)  # fmt: skip
NAMES = st.builds(
    "".join,
    st.tuples(
        st.sampled_from("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐韩冯邓曹彭曾肖田董袁潘蒋蔡杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤"),
        st.sampled_from("立建国明华军平强伟红丽芳海涛波斌静燕敏杰峰磊勇晓东新文志宏刚俊鹏辉霞玉兰英春梅雪飞云龙"),
        st.sampled_from(["", *"立建国明华军平强伟红丽芳海涛波斌静燕敏杰峰磊勇晓东新文志宏刚俊鹏辉霞"]),
    ),
)
GROUPS = st.lists(st.tuples(TITLES, st.lists(NAMES, min_size=1, max_size=3), st.booleans()), min_size=1, max_size=5)


@settings(max_examples=200, deadline=None)
@given(GROUPS, st.sampled_from(["，", "；"]), st.sampled_from(["出席会议", "参加会议", "列席会议", "出席会议并讲话"]),
       st.booleans())  # fmt: skip
def test_a_list_of_titled_people_is_read_back_exactly(
    groups: list[tuple[str, list[str], bool]], mark: str, verb: str, traditional: bool
) -> None:
    from jiyao.cleaning.script import simplify_characters, to_traditional

    expected: dict[str, str] = {}
    parts = []
    for title, names, comrade in groups:
        names = [n for n in names if n not in expected and n != "王立明"]
        if not names or "、" in title and len(names) > 1:
            continue  # a compound title is one person's
        expected |= {name: title for name in names}
        parts.append(title + "、".join(name + ("同志" if comrade else "") for name in names))
    text = f"会议\n3月2日，县委召开会议，县委书记王立明主持会议。{mark.join(parts)}{verb}。\n"
    if traditional:
        text = to_traditional(text)
    readout = extract_offline(clean_text(text))
    read = {simplify_characters(p.name): simplify_characters(p.title or "") for p in readout.attendees}
    read.pop("王立明", None)
    assert read == expected
