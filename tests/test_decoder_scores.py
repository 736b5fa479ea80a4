"""The decoder's shortcuts give the same numbers as the plain definitions they stand for."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import pytest

from jiyao.cleaning import RepairKind, clean_text, gbk_beam
from jiyao.cleaning.chooser import Chooser
from jiyao.cleaning.loss_marks import closable, marks_pair_up
from jiyao.cleaning.name_prior import given_name_share, may_name, name_bonus, report_prior
from jiyao.cleaning.plausibility import best_follower, candidates, pair_logp, pair_logps, three_char_words
from jiyao.evaluation.garble import shifted_read
from tests.helpers import dev_page, dev_variant, lose_lead_byte, seed_text


def test_a_row_of_pair_scores_equals_each_pair_scored_alone() -> None:
    free = gbk_beam.characters(None, None)
    by_lead = gbk_beam.characters(0xB0, None)
    chooser = Chooser(seed_text("000"))
    prevs = random.Random(7).sample(free, 60) + list("，。市委國縣長會")
    for prev in prevs:
        for options in (free, by_lead):
            assert pair_logps(prev, options) == [pair_logp(prev, c) for c in options]
            assert chooser.pair_scores(prev, options) == [chooser.pair_score(prev, c) for c in options]


def test_free_pairs_are_frequent_characters_and_never_marks() -> None:
    free = gbk_beam.characters(None, None)
    assert len(free) == 3000
    assert not set(free) & set("，。、；：！？“”（）")
    assert {"的", "會", "会", "委", "縣"} <= set(free)


def test_the_best_follower_is_the_one_that_makes_a_word() -> None:
    # 時 is far commoner alone; 秘書 is a word.
    assert best_follower("秘", ["會", "書", "時"])[0] == "書"
    # No word either way: the commonest alone, the same for every character before it.
    assert best_follower("秘", ["會", "時"]) == best_follower("地", ["會", "時"])


def test_given_name_characters_get_a_bonus_after_a_title_and_a_surname() -> None:
    after_surname = name_bonus("，副縣長蔣")
    after_two = name_bonus("，副縣長蔣麗")
    assert after_surname.get("麗", 0) > 0 and after_two.get("華", 0) > 0
    # Characters that stand alone everywhere get next to none.
    assert after_two.get("要", 0) < 0.1 and after_two.get("為", 0) < 0.5 < 3 < after_two["華"]
    # After a title, surnames; elsewhere, nothing.
    assert name_bonus("，副縣長").get("蔣", 0) > 0
    assert not name_bonus("會議強調，要")


@pytest.mark.parametrize("title", ["，常務副縣長", "，縣委書記"])
def test_after_a_title_and_a_compound_surname_comes_a_given_name(title: str) -> None:
    # 司馬, 歐陽: a surname of two characters, then the given name's (婷 of 司馬婷婷),
    # where a character no byte is left of is a name's, marked □, not a guess.
    after_surname, after_one = name_bonus(f"{title}司馬"), name_bonus(f"{title}司馬婷")
    assert after_surname.get("婷", 0) > 0 and after_one.get("婷", 0) > 0
    assert may_name(f"{title}歐陽") and may_name(f"{title}歐陽明")
    assert not may_name("，他說司馬")


@pytest.mark.parametrize("run_length", [4, 14], ids=["short-runs", "long-runs"])
def test_a_page_of_marks_and_random_characters_costs_a_bounded_amount_of_work(
    run_length: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Hostile input: every `?` looks like a lost byte and every reading fails. Without a
    # budget each cost up to four beam decodes (minutes for a large page); with a budget
    # of decodes, long runs still did (each decode's steps grow with its run: 236 k
    # characters of such runs took 138 s and 975 MB). The budget counts steps.
    rng = random.Random(3)
    common = sorted(gbk_beam.characters(None, None))
    page = "".join("?" + "".join(rng.choice(common) for _ in range(run_length)) + "??，" for _ in range(300))
    steps = 0
    real = gbk_beam.decode

    def counting(stream: Any, *args: Any, **kwargs: Any) -> list[tuple[str, float]]:
        nonlocal steps
        steps += len(stream) // 2
        return real(stream, *args, **kwargs)

    monkeypatch.setattr(gbk_beam, "decode", counting)
    report = clean_text(page)
    assert 0 < steps <= Chooser(page).steps_left == 300 + len(page) // 100
    assert report.text.count("□") >= 250  # flagged, not guessed


def test_a_reading_in_the_other_script_is_priced_out() -> None:
    # 以 and 對 both end in byte D4; in a traditional report the simplified 对 is not a
    # reading the site's converter could have written.
    report = (
        "縣委書記周海洋出席會議並講話。會議強調，各級各部門要認真落實安全生產責任制，確保轄區社會穩定。\n"
        "周海洋強調,要?浴皶r(shí)時(shí)放心不下”的責(zé)任感做好節日期間各項(xiàng)工作。\n"
    )
    assert "要以“時時放心不下”" in clean_text(report).text


def test_the_report_prior_knows_the_script_only_when_the_text_is_clear() -> None:
    simplified = report_prior(Counter("区委副书记、区长傅海燕主持会议，会议强调，要认真落实安全生产责任制。"))
    traditional = report_prior(Counter("區委副書記、區長傅海燕主持會議，會議強調，要認真落實安全生產責任制。"))
    assert simplified("会议强调，要").get("來", 0) < 0 and not simplified("会议强调，要").get("来", 0)
    assert traditional("會議強調，要").get("来", 0) < 0 and not traditional("會議強調，要").get("來", 0)
    # Names keep their bonus, less the price of the other script.
    assert simplified("，副县长")["蒋"] == name_bonus("，副县长")["蒋"] > 0
    assert simplified("，副县长")["蔣"] < name_bonus("，副县长")["蔣"]
    # Too short or mixed: no opinion.
    assert report_prior(Counter("会议。")) is name_bonus
    assert report_prior(Counter("會議强调會議强调會議强调会議")) is name_bonus


def test_a_given_name_with_no_byte_left_is_flagged_not_guessed() -> None:
    # 國 of 范振國 lost both bytes (its trail met the ASCII comma): the text model's
    # favourite given name would be a guess however sure it looks.
    report = (
        "区委副书记、区长傅海燕主持会议。会议强调，要认真落实安全生产责任制。\n"
        "区委副书记、区长傅海燕,区人大常委会主任范振?区政协主席石磊,区委常委、组织部部长史晓明参加学习。\n"
    )
    cleaned = clean_text(report)
    assert "主任范振□区政协" in cleaned.text  # marked lost, not a question mark
    assert any(r.kind is RepairKind.UNRESOLVED and r.raw.startswith("?区") for r in cleaned.repairs)


def test_a_given_name_after_a_compound_surname_with_no_byte_left_is_flagged_not_guessed() -> None:
    # The second 婷 of 司馬婷婷 lost both bytes (its lead before the comma, which came
    # through): the pair is a name's, not 在 (0.2 sure), which read as a word.
    report = (
        "縣委書記歐陽明主持會議。會議強調，要認真落實安全生產責任制。\n"
        "縣委常委、常務副縣長司馬(mǎ )婷??,縣政協副主席鄧建華參加調研。\n"
    )
    assert "常務副縣長司馬婷□，縣政協" in clean_text(report).text


def test_a_list_s_surname_with_no_byte_left_and_a_mark_inside_a_name_are_flagged_not_guessed() -> None:
    # 尹 of 尹志勇 lost both bytes right after a list's 、 (read 萬 with no byte to say so);
    # 建 of 侯建新 kept only its trail byte, which （ has too: no name holds a mark.
    report = (
        "鄉鎮長座談會召開\n"
        "近日,我市召開鄉鎮長座談會。市委副書記、市長薛峯出席會議並講話。市領導顧曉明,、俞紅、萬志強、"
        "段軍、雷鳴、侯?ㄐ隆⑸埯?(lì)娜,、龔偉、邱志堅,、秦海燕、江濤、??居隆⒗杳鲄?(cān)加會議。\n"
    )
    text = clean_text(report).text
    assert "、侯□新、邵麗娜、龔偉" in text
    assert "、江濤、□志勇、黎明參加會議" in text


def test_after_a_title_a_surname_is_weighed_by_how_many_people_bear_it() -> None:
    # Both 宮 and 龔 read gōng and are surnames; 宮 is far commoner in text, 龔 among people.
    report = (
        "全市生態環境保護工作會議召開。會議強調，要堅決打好污染防治攻堅戰，持續改善環境質量。\n"
        "副市長?gōng )雪,市生態環境局局長陳海出席會議。\n"
    )
    assert "副市長龔雪，" in clean_text(report).text
    after_title = name_bonus("，副市長")
    assert after_title["龔"] > after_title["宮"] > after_title.get("來", 0) >= 0


@pytest.mark.parametrize("lost_at", range(18, 27))
def test_a_run_that_ends_its_line_with_a_mark_reads_the_mark_as_lost_bytes(lost_at: int) -> None:
    # 見's trail and 。's lead made a pair the decoder wrote `?`; 。's trail met the line end,
    # written `?` too: no byte of 。 is left, and a free pair is never read as a mark. Read as
    # the commonest character, the sentence ended in 了; as a question mark, it became a question.
    line = "会议传达学习了全县经济工作会议精神，研究我县贯彻落实意见。"
    run, end = shifted_read(line + "\n", lost_at)  # type: ignore[misc]
    assert run.endswith("?") and end == len(line)
    report = f"全县经济工作会议召开。\n{line[:lost_at]}{run}\n县委副书记主持会议。\n"
    assert clean_text(report).text.splitlines()[1].endswith("落实意见。")


def test_a_given_name_character_rare_in_text_is_read_after_a_title_and_a_surname() -> None:
    # 雯 (F6 A9) shares its lead byte with 鯨 and 霆; in text it is the rarest of them, in
    # given names the commonest.
    report = "縣委召開會議。\n本報訊（記者 ?軙增??\n6月12日下午,縣委書記主持召開會議。\n"
    assert "記者 周曉雯" in clean_text(report).text


def test_three_marks_after_a_comma_are_lost_bytes_not_an_indent() -> None:
    # 区 lost its lead byte; (区's trail, 委's lead) and (委's trail, 理's lead) were
    # unreadable: ``???`` after the ASCII comma a site wrote for ，.
    line = "3月8日,区委理论学习中心组举行2024年第二次集体学习。"
    start = line.index("区")
    run, end = shifted_read(line, start)  # type: ignore[misc]
    assert run.startswith("???")
    report = f"区委理论学习中心组举行集体学习\n{line[:start]}{run}{line[end:]}\n区委副书记、区长傅海燕参加学习。\n"
    assert "3月8日，区委理论学习中心组举行" in clean_text(report).text


def test_a_line_that_opens_with_lost_bytes_is_read_and_an_indent_is_not() -> None:
    # 區 lost its lead byte at the start of a line: ``???`` there is not always an indent.
    line = "区委副书记、区长傅海燕,,区人大常委会主任范振国参加学习。"
    run, end = shifted_read(line, 0)  # type: ignore[misc]
    assert run.startswith("???")
    before, after = "区委理论学习中心组举行集体学习\n区委书记崔立新主持召开。", "会上,区委党校教授作专题辅导。"
    report = f"{before}\n{run}{line[end:]}\n{after}\n"
    read = clean_text(report).text.splitlines()[2]
    # 燕 kept its lead byte only: marked, not the text model's 洋 (海洋 is a word).
    assert read == "区委副书记、区长傅海□，区人大常委会主任范振国参加学习。"
    # Readable text after them: the page's indent, not read, not flagged, and taken out as an
    # indent of spaces is.
    indented = clean_text("第一段。\n???会议要求，各乡镇要做好防汛工作。\n")
    assert indented.text.endswith("\n会议要求，各乡镇要做好防汛工作。")
    assert not [r for r in indented.repairs if r.kind in (RepairKind.MOJIBAKE, RepairKind.UNRESOLVED)]


def test_after_a_title_in_simplified_script_a_name_with_no_byte_left_is_flagged() -> None:
    # 峻 of 严峻 lost its lead byte, its trail met the comma: no byte left. The title 副书记
    # was known in traditional script only, and the text model read the word 严重.
    cleaned = clean_text("市委书记王明主持会议。\n市委副书记严??,副市长李强出席会议。\n")
    assert "市委副书记严□，副市长" in cleaned.text
    assert name_bonus("市委副书记") == name_bonus("市委副書記")


@pytest.mark.parametrize(
    ("title", "surname"),
    [("軍分區司令員", "駱"), ("军分区政委", "严"), ("县政府总工程师", "严"), ("县委办主任科员、调研员", "严")],
)
def test_after_a_post_the_readout_knows_a_name_with_no_byte_left_is_flagged(title: str, surname: str) -> None:
    # 兵 of 駱兵 lost both bytes: the decoder took 司令員 for no title and read the word 駱駝.
    cleaned = clean_text(f"市委书记王明主持会议。\n{title}{surname}??,市消防救援支队支队长殷建出席会议。\n")
    assert f"{title}{surname}□，" in cleaned.text


@pytest.mark.parametrize("opens", ["出席会议的还有", "出席：", "参会人员：", "主持人："])
def test_a_list_of_those_present_opens_where_a_name_with_no_byte_left_is_flagged(opens: str) -> None:
    # 峻 of 严峻 lost both bytes as the list's first name: read 严重 (no title before it).
    cleaned = clean_text(f"县政府专题会议纪要\n{opens}严??、李娟、赵刚\n会议研究了防汛工作。\n")
    assert f"{opens}严□、李娟" in cleaned.text


@pytest.mark.parametrize(("name", "read"), [("严峻", "严□"), ("钟华", "钟□"), ("包文军", "包文□"), ("韦德明", "韦德□")])
def test_a_name_opening_a_clause_after_a_comma_is_flagged_not_read_as_a_word(name: str, read: str) -> None:
    # 会上，严峻通报了…: the name's last character lost both bytes. A clause opening after a
    # comma had not been a name's place (only after 。 or a line's start): 严禁, 钟声, 包文化.
    page = f"县防汛工作会议召开\n12月5日,县政府召开防汛工作会议。\n会上,{name}通报了全县汛情。\n"
    garbled = lose_lead_byte(page, name[-1] + "通报", "??ū?巳?匮辞椤?" if name != "韦德明" else "?魍ū?巳?匮辞椤?")
    assert f"会上，{read}通报了全县汛情。" in clean_text(garbled).text


def test_a_three_character_word_survives_the_quick_pass() -> None:
    # 委's trail and 会's lead made no character: 会 kept its trail only, like 提 and 後.
    # 委会 is no word, so the quick pass (pairs) dropped 会; 常委会 is one.
    page = "区委副书记、区长傅海燕,区人?蟪Ｎ?嶂魅畏墩窆?,区政协主席石磊出席。\n"
    assert "区人大常委会主任范振国，区政协" in clean_text(page).text  # 国: a beam 16 wide reads it
    assert pair_logps("常委", ["会", "提"])[0] > pair_logps("委", ["会", "提"])[0]


def test_damaged_bytes_before_an_ascii_comma_clean_the_same_twice() -> None:
    # 女 of （女） lost its lead byte: ``（???,,`` with the site's stray comma. The first
    # comma stood after ``?`` and stayed ASCII, the second pass widened it.
    once = clean_text("副县长杜晓岚（???,,县人大常委会主任韦金衡参加学习。\n").text
    assert once.endswith("（???，县人大常委会主任韦金衡参加学习。")
    assert clean_text(once).text == once


def test_a_sentence_s_subject_is_a_name_and_no_reading_opens_a_mark_that_never_closes() -> None:
    # 远 of 章鸿远 kept its trail byte only, which 《 has too: 章鸿《指出 opened a book title
    # that closes nowhere on its line, and 级 (the text's next pick) would make a name no
    # one bears. The sentence's subject before 指出 is a name's place: marked, and the
    # directive is still his.
    from jiyao.extraction import extract_offline

    # The name's whole form earlier on the page is in a run too: the report vouches for no 远.
    page = lose_lead_byte(dev_page("03"), "记章鸿远出席", "?钦潞柙冻鱿?嵋椴⒔不啊?")
    garbled = lose_lead_byte(page, "远指出", "?吨赋?,")
    cleaned = clean_text(garbled)
    assert "\n章鸿□指出" in cleaned.text
    readout = extract_offline(cleaned)
    assert [d.by for d in readout.directives] == ["章鸿远"]
    assert "章鸿级" not in {p.name for p in readout.attendees}


def test_marks_pair_up_on_their_line() -> None:
    from jiyao.cleaning.loss_marks import marks_pair_up

    start, end = 3, 8
    assert not marks_pair_up("《指出", "章鸿?吨赋?指出，岁末。\n》", 2, 7)  # its closer is on the next line
    assert marks_pair_up("《指", "他说：?吨赋?，要抓好条例》落实。", start, end)  # closed later on the line
    # …but not by the closer of a pair the line opens and closes itself (《条例》).
    assert not marks_pair_up("《指", "他说：?吨赋?，要抓好《条例》落实。\n下一行》", start, end)
    assert marks_pair_up("”好", "?!坝有問題?!笔市", 6, 9)  # an unread run before may hold its opener
    assert not marks_pair_up("”好", "有問題。?!笔市", 4, 7)
    # A closing quote after a quote the line has closed closes nothing (确保人”转移 for 人员).
    assert not marks_pair_up("”转移", "做到“到位”，确保人?弊?", 10, 14)
    assert marks_pair_up("”转移", "做到“到位，确保人?弊?", 9, 13)


def test_a_name_the_report_spells_whole_elsewhere_is_read_where_its_lead_byte_was_lost() -> None:
    # 翁 of 县委常委翁志刚 lost its lead byte; 程 (a commoner surname) fits its trail byte as
    # well and had won. The report spells 翁志刚 whole where he speaks: its own word for it.
    page = (
        "县委召开会议\n5月8日,县委书记王海主持召开会议.副县长苗青,县委常委翁志刚出席会议.\n"
        "苗青通报了有关情况.翁志刚要求,各乡镇要落实到位.\n"
    )
    garbled = lose_lead_byte(page, "翁志刚出席", "?讨靖粘鱿?嵋?.")
    assert "县委常委翁志刚出席会议。" in clean_text(garbled).text
    # Nowhere else spelled: the bytes and the text model decide, as before.
    alone = page.replace("翁志刚要求", "会议要求")
    assert "翁志刚" not in clean_text(lose_lead_byte(alone, "翁志刚出席", "?讨靖粘鱿?嵋?.")).text


def test_a_name_s_character_with_no_byte_left_is_the_one_the_report_spells_elsewhere() -> None:
    # 涛 of 黄海涛 lost both bytes; the report names him whole where he speaks. Marking it □
    # (likeliest 军) had hidden what the report itself says.
    page = (
        "1月10日，县人大常委会主任周立群主持闭幕会。县委书记黄海??,县委副书记、县长邓晓峰等在主席台就座。\n"
        "黄海涛在闭幕会上讲话。他强调，要坚持稳中求进工作总基调。\n"
    )
    cleaned = clean_text(page)
    assert "县委书记黄海涛，县委副书记" in cleaned.text
    assert any("涛 of a name, no byte left, as the report spells it elsewhere" in r.note for r in cleaned.repairs)
    # Two names the report spells that way: which one is not the report's to say.
    two = page.replace("要坚持", "黄海波要求，要坚持")
    assert "县委书记黄海□，" in clean_text(two).text


def test_no_surname_is_read_right_before_a_title() -> None:
    # 团 of 大会主席团常务主席 lost a byte; 张 fits it too, and a surname after 主席 had won —
    # but a name is more than a surname, and 常务主席 is a title.
    page = (
        "1月8日至10日，县第十八届人民代表大会第四次会议在县会议中心召开。\n"
        "大?嶂飨?懦Ｎ裰飨?,、县人大常委会主任周立群主持闭幕会。县委书记黄海涛讲话。\n"
    )
    assert "大会主席团常务主席、县人大常委会主任周立群" in clean_text(page).text


def test_a_name_s_character_one_byte_left_is_the_report_s_spelling_even_if_rare() -> None:
    # 樑 of 唐國樑 kept its trail byte; 樑 is no common character, so no candidate the bytes
    # give, and 唐國□ was marked. The report writes 唐國樑 whole where he asks.
    page = (
        "縣委召開學習會\n7月25日,,縣委理論學習中心組舉行集體學習。縣委書記、縣委理論學習中心組組長唐國?胖鞒謥K講話。\n"
        "唐國樑要求，全縣各級黨組織要把學習貫徹全會精神作爲重大政治任務。\n"
    )
    cleaned = clean_text(page)
    assert "組長唐國樑主持並講話。" in cleaned.text
    assert any("樑 of a name, one byte left, as the report spells it elsewhere" in r.note for r in cleaned.repairs)


def test_a_subject_s_name_the_report_writes_after_a_title_is_read_where_the_text_reads_a_word() -> None:
    # 耀 of 李耀明 lost both bytes, opening 李耀明表示; the text models read 李說明表示 (說明
    # a word), and since the free pair looks ahead, 李東西表示: no character of the name is
    # left to go by. The report names 主席李耀明一行 whole: his name, not a word.
    page = (
        "會見\n昨日下午，市委書記秦國文在市委會見了來考察的投資集團主席李耀明一行。\n"
        "秦國文介紹了本市的產業基礎。李??鞅硎?,將積極參與本市建設。\n"
    )
    assert "李耀明表示，將積極參與" in clean_text(page).text
    # Not named anywhere else: the reading the bytes and the text give, as before.
    alone = page.replace("主席李耀明一行", "主席一行")
    assert "李耀明" not in clean_text(alone).text


def test_the_rest_of_a_name_the_report_spells_is_read_over_two_damaged_characters_only_where_it_fits() -> None:
    from jiyao.cleaning.chooser import Chooser, RunBytes

    chooser = Chooser("市委書記秦國文會見了投資集團主席李耀明一行。\n李耀明表示，將積極參與。\n")
    # 耀 lost both bytes, 明 its lead: F7 is 明's trail (C3F7) and 西's (CEF7).
    half = RunBytes([None, None, None, 0xF7, 0xB1, 0xED])
    reading, note, places = chooser.spelled_names("東西表", half, ("基礎。李", "示"))
    assert (reading, places) == ("耀明表", {0, 1}) and "李耀明" in note
    # Not where no name goes (a surname inside a word), not where a byte says otherwise
    # (F8 is no trail of 明's), and not where no byte is left to vouch for it.
    assert chooser.spelled_names("東西表", half, ("搬行李", "示"))[0] == "東西表"
    other = RunBytes([None, None, None, 0xF8, 0xB1, 0xED])
    assert chooser.spelled_names("東西表", other, ("基礎。李", "示"))[0] == "東西表"
    free = RunBytes([None, None, None, None, 0xB1, 0xED])
    assert chooser.spelled_names("東西表", free, ("基礎。李", "示"))[0] == "東西表"


@pytest.mark.parametrize(
    ("page", "word", "garbled", "read"),
    [
        # jieba counts 就座 rarely: 就 + 住 (two common words) had outscored it.
        pytest.param(
            "县委副书记、县长邓晓峰等在主席台就座。\n",
            "台就座。",
            "?ň妥??",
            "县长邓晓峰等在主席台就座。",
            # 台就座。 is still the reading, but its 。 is marked □: with the quick score given
            # the character before, the readings kept (专家, 专门, 转变…) leave it 0.41.
            marks=pytest.mark.xfail(strict=True, reason="。 marked unsure at 0.41"),
        ),
        # 压紧压实, the genre's way to say "make responsibility bind", is no word of jieba's.
        ("會議要求,各成員單位要壓緊壓實安全生產責任。\n", "緊壓", "?o", "要壓緊壓實安全生產責任。"),
    ],
)
def test_the_genre_s_words_jieba_lacks_are_read(page: str, word: str, garbled: str, read: str) -> None:
    assert read in clean_text(lose_lead_byte(page, word, garbled)).text


def test_a_name_the_report_writes_after_a_title_before_a_verb_of_leading_is_its_spelling() -> None:
    # 胡 of 胡建国指出 lost both bytes at a paragraph's start, and the text model read 原; the
    # report writes 主任胡建国带领…: a name after a title before 带领 counts as spelled.
    page = (
        "5月17日，市人大常委会主任胡建国带领部分市人大代表开展专项视察。\n"
        "??ü?赋?,要持续打好蓝天保卫战。\n"
    )
    assert "\n胡建国指出，要持续打好" in clean_text(page).text


@pytest.mark.parametrize(
    ("page", "read"),
    [
        # 要求's run opens with ``?``: read as a flattened ？, its bytes gave 他。可 — a stop
        # after a pronoun, which no sentence ends on.
        pytest.param(
            "钟振宇充分肯定了工作取得的成效。他???,要持续深化矛盾纠纷排查化解。\n",
            "。他要求，要持续深化",
            # No stop is read after 他; but since the quick score is given the character
            # before, the flattened ？'s two bytes also make 罚款 (B7A3 BFEE: 款 follows 罚
            # almost always), and that hypothesis pays nothing where the other pays for its
            # opening hole: 他罚款. Dev and test read better on the whole (see gbk_beam).
            marks=pytest.mark.xfail(strict=True, reason="罚款 from the flattened ？'s bytes"),
        ),
        # …and 强调。垦 after a verb of speech and the site's stray commas (the page whole: its
        # title's 森林防火 is what the report's own bigrams know).
        (
            "原标题:\n黄花镇召开2024年秋冬季森林防火工作部署会\n"
            "10月30日,,黄花镇召开秋冬季森林防火工作部署会。镇党委书记易志强出??⒔不?,镇党委?笔榧恰⒄虺ゑ?鲋鞒只嵋椤?\n"
            "各村（社区）党组织书记,、护林员代表共60余人参加会议。\n"
            "易志强强调,,??焉?址阑鸢谠谕怀鑫恢?,,坚持“打早,、打小、打了”,确保不发生重大森林火灾。\n",
            "森林防火摆在突出位置，",
        ),
    ],
)
def test_no_reading_ends_a_sentence_on_a_verb_of_speech_or_a_pronoun(page: str, read: str) -> None:
    text = clean_text(page).text
    assert read in text
    assert "他。" not in text and "强调。" not in text


@pytest.mark.parametrize(
    ("page", "word", "garbled", "read"),
    [
        # After a company's president or manager, or an academician, a surname is as likely
        # as after an official's title: 萧 of 萧雅琳 lost its lead byte and read 属, a wrong
        # name shown as right; now the bytes leave it open (属, 萧 and more fit) and it is marked.
        (
            "12月8日，某控股集团总裁萧雅琳等企业代表出席。\n",
            "萧雅琳等",
            "?粞帕盏绕笠荡?沓鱿??",
            "总裁□雅琳等企业",
        ),
        (
            "12月8日，某控股集团总经理萧雅琳等企业代表出席。\n",
            "萧雅琳等",
            "?粞帕盏绕笠荡?沓鱿??",
            "总经理□雅琳等企业",
        ),
    ],
)
def test_after_an_executive_s_title_a_surname_is_a_name_s_place(page: str, word: str, garbled: str, read: str) -> None:
    assert read in clean_text(lose_lead_byte(page, word, garbled)).text


def test_a_name_the_report_spells_that_opens_a_clause_is_followed_by_its_verb_of_speech() -> None:
    # 希 of 希望 lost its lead byte: its trail is 海's too, and the text model read 向东海外
    # (东海, 海外: words) — the beam had let 希 go at its first step. The report spells 向东
    # after a title: opening a clause, a name is most often followed by what it said.
    page = "3月7日，县委书记向东出席开幕式并讲话。\n向东希望,全县各级妇联组织要团结引领广大妇女建功新时代。\n"
    assert "\n向东希望，全县" in clean_text(lose_lead_byte(page, "希望,", "?Ｍ?,")).text


def test_the_beam_reads_no_closing_quote_that_closes_nothing() -> None:
    # 员 of 人员 lost its lead byte: its trail is ”'s too, and every reading the beam kept
    # opened with ” — the line's quote already closed — so the run was read 人”转移“不漏一会.
    page = "各乡镇要做到“隐患排查到位”,汛前完成安全鉴定,确保人员转移“不漏一户,不落一人”。\n"
    garbled = lose_lead_byte(page, "员转移", "?弊?啤安宦┮换?,")
    assert "确保人员转移“不漏一" in clean_text(garbled).text


def test_a_mark_s_partner_is_looked_for_within_reach_on_a_line_with_no_end() -> None:
    # A page with no line break (a hostile one: ? before random characters, 333 k of them)
    # had counted the marks from its start at every run, twice a run: 60 s, 7.7 s now
    # (benchmarks/bench_memory.py). A quote opened 2,000 characters back is no partner.
    near = "会议强调“" + "要" * 100
    far = "会议强调“" + "要" * 3_000
    assert "”" in closable(near, len(near))
    assert "”" not in closable(far, len(far))
    assert marks_pair_up("”", near + "?", len(near), len(near) + 1)
    assert not marks_pair_up("”", far + "?", len(far), len(far) + 1)


def test_a_quote_the_line_opened_may_close_inside_the_run() -> None:
    # 清 of “两清零”。 lost its lead byte, the run ends the line: the open quote said the
    # run's last character closes it, but the bytes close it one before (A1 B1), and the
    # reading had been 两清零”” — a closer that closes nothing.
    page = "会议要求，春节前实现农民工工资“两清零”。\n"
    assert "工资“两清零”。" in clean_text(lose_lead_byte(page, "清零", "?辶恪薄?")).text


def test_after_a_name_s_dot_its_next_part_is_read_with_the_characters_names_are_transliterated_with() -> None:
    # 依 of 阿不都热依木·艾买提 lost its lead byte, the run went on past the dot: the text
    # model had read 依木·包打听 (打听, a word) for 艾买提.
    page = (
        "日前，县委召开学习会议。县委书记卢永红主持。\n"
        "县委副书记、县长阿不都热依木·艾买提,县委常委欧阳春华作交流发言。\n"
    )
    assert "阿不都热依木·艾买提，" in clean_text(lose_lead_byte(page, "依木·艾", "?滥尽ぐ?蛱?,")).text


def test_marks_that_end_a_line_where_a_name_goes_on_are_lost_bytes_not_a_question() -> None:
    # 强 of 蒙志强 lost its bytes at the end of a minutes' line: the ?? had been kept as the
    # page's own question marks, and the attendee was lost with no note.
    page = "县政府常务会议纪要\n主持：县长 覃建华\n列席：县财政局局长 韦丽，县自然资源局局长 蒙志??\n记录：莫小红\n"
    report = clean_text(page)
    assert "县自然资源局局长 蒙志□\n" in report.text
    # A question at a line's end stays one.
    assert clean_text("会议召开\n他问：这是为什么??\n").text.endswith("这是为什么??")


def test_a_site_s_ascii_comma_before_a_run_is_read_as_the_text_models_count_it() -> None:
    # The page's ASCII comma before the run had hidden the report's own ，市 (two lines of
    # its list) from its bigrams: 殷建,?袣庀缶指本珠L was read 有氣象局副局長.
    page = dev_page("56")
    damaged = lose_lead_byte(page, "市氣象局副局長", "?袣庀缶指本珠L")
    assert "，市氣象局副局長曾小梅，" in clean_text(damaged).text


def test_a_three_character_word_runs_through_a_pair_with_both_bytes_lost() -> None:
    # 拉 kept its lead byte, 式 its trail; both bytes of 网 were written ?. 网式 is no word,
    # so nothing ahead spoke for 网, and 开 (of 拉开到) and 代 (of 历代) ranked above it.
    free = gbk_beam.characters(None, None)
    trail_bd = gbk_beam.characters(None, 0xBD)
    through = three_char_words("拉", candidates(free), trail_bd)
    assert through[free.index("网")] == (0.0, "式")
    assert free.index("开") not in through  # 拉开 is a word; no word of three goes on from it here
    assert "开展拉网式排查，" in clean_text(dev_variant("47", 2, 2)).text  # was 开展历代到排查


_FLOOD_MEETING = (
    "县政府召开防汛工作会议\n7月12日,县政府召开防汛工作会议,县长周明远主持会议并讲话。\n{}\n"
    "会议还对下一阶段的防汛值班工作作了安排。\n"
)


@pytest.mark.parametrize(
    ("sentence", "word", "run"),
    [
        ("县长指出,各部门要对重点企业开展全面排查,发现问题立即整改。", "重点", "?氐闫笠悼?谷?媾挪?,"),
        ("会议强调,要对河道堤防开展拉网式排查,确保安全度汛。", "网式", "??脚挪?,"),
        ("副县长要求,各村要对山塘水库开展排查,做到早发现、早处置。", "展排", "?古挪?,"),
    ],
)
def test_a_run_before_a_site_s_ascii_comma_is_read_with_the_comma_as_the_text_models_count_it(
    sentence: str, word: str, run: str
) -> None:
    # 查 kept its lead byte, its trail went with the run's end: ``排?,``. To the text models
    # an ASCII comma is a character never seen, and it had rated 不 before it above 查
    # (排不，): the readings' full score now reads the comma as the full-width one it is.
    page = _FLOOD_MEETING.format(sentence)
    assert clean_text(lose_lead_byte(page, word, run)).text == clean_text(page).text


def test_a_name_s_character_before_an_ascii_comma_is_not_vouched_for_across_it() -> None:
    # Where a reading ends on a name's character, the comma stays as the page wrote it:
    # read full-width, the models vouch across it for a wrong name (韓英華 for 韓立群, whose
    # 英 and 華 are common in given names: only this keeps them out).
    cleaned = clean_text(dev_variant("54", 0, 2)).text
    assert "監委主任韓□□，" in cleaned


@pytest.mark.parametrize(
    ("name", "variant", "run", "marked", "was"),
    [("50", 2, 0, "主任庞卫□\n", "庞卫队"), ("57", 2, 0, "局长柴□，", "柴房"), ("43", 0, 0, "区长傅海□，", "傅海洋")],
)
def test_a_given_name_s_character_names_never_have_is_marked_not_shown(
    name: str, variant: int, run: int, marked: str, was: str
) -> None:
    # The text model knows the words 卫队, 柴房, 海洋 and chose them where the bytes left
    # a given name's character open; names all but never have 队, 房, 洋.
    cleaned = clean_text(dev_variant(name, variant, run)).text
    assert marked in cleaned and was not in cleaned


def test_given_name_shares_come_from_names_not_text() -> None:
    rivals = ["东", "队", "冬", "栋"]
    assert given_name_share("东", rivals) > 0.5 > 0.05 > given_name_share("队", rivals)


def test_a_verb_after_a_name_that_may_have_ended_is_not_marked_as_a_given_name_s_character() -> None:
    # 出 of 出席 after 曹陽 stands where a third character of the name could: names all but
    # never have 出, but it opens the verb after the name (_NO_NAME_GOES_ON).
    assert "府秘書長曹陽出席會議。" in clean_text(dev_variant("42", 2, 1)).text
