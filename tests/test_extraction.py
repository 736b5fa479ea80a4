"""The offline engine on the seeds: the targets the readout issue sets, and its invariants."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiyao.cleaning import clean_file, clean_text
from jiyao.cleaning.script import to_simplified
from jiyao.evaluation.runner import run_eval
from jiyao.extraction import NEEDS_LLM, extract_offline
from jiyao.names import looks_like_name, romanize_name
from jiyao.schemas import Readout
from tests.helpers import ROOT, SEEDS, dev_43_with_a_name_misread, dev_page, lose_lead_byte, seed


@pytest.fixture(scope="module")
def offline_run():  # type: ignore[no-untyped-def]
    return run_eval(
        extract_offline,
        engine_name="offline",
        labels_dir=ROOT / "evals" / "labels",
        documents_dir=ROOT / "seeds",
    )


def test_attendee_f1_is_at_least_095(offline_run) -> None:  # type: ignore[no-untyped-def]
    assert offline_run.field_means()["attendees"].f1 >= 0.95


@pytest.mark.parametrize("field", ["date", "chair", "location"])
def test_exact_on_every_seed(offline_run, field: str) -> None:  # type: ignore[no-untyped-def]
    assert len(offline_run.documents) == 5
    assert [d.scores[field].f1 for d in offline_run.documents] == [1.0] * 5


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_every_evidence_quote_stands_in_the_clean_text(path: Path) -> None:
    report = clean_file(path)
    readout = extract_offline(report)
    assert readout.evidence
    for item in readout.evidence:
        assert report.text[item.start : item.end] == item.quote


def test_people_carry_romanized_names_and_english_titles() -> None:
    readout = extract_offline(clean_file(seed("000")))
    assert readout.chair is not None
    assert (readout.chair.name, readout.chair.name_en) == ("郭文海", "Guo Wenhai")
    assert readout.chair.title_en == "Secretary of the Municipal Party Committee"
    assert "Ouyang Jinquan" in {p.name_en for p in readout.attendees}


def test_target_figure_and_meaning() -> None:
    (target,) = extract_offline(clean_file(seed("004"))).targets
    assert target.value == "79144"
    assert target.meaning is not None and target.meaning.startswith("7天社會面動態清零")


def test_a_year_before_goals_is_no_target() -> None:
    # 2024年度目標考核: the year's goals appraised — 2024 was read as a goal of the meeting.
    text = "表彰大會\n2月20日，我縣召開2024年度目標考核總結表彰大會。縣長王明主持會議。"
    assert extract_offline(clean_text(text)).targets == []


def test_offline_readout_says_what_needs_an_llm() -> None:
    readout = extract_offline(clean_file(seed("001")))
    assert NEEDS_LLM in readout.notes
    assert readout.summary_en is None and readout.title_en is None


@pytest.mark.parametrize(
    ("body", "location", "english"),
    [
        # A county the dictionary lacks, said to convene, with its own official in the chair.
        ("12月5日，嘉禾县召开安全生产工作会议。县长王明主持。", "嘉禾县", "Jiahe County"),
        # A county whose name ends as 山区 does (衡山县, 黄山区), one whose last two characters
        # look like a surname and its level (长沙县: 沙 is a surname, 沙县 no one's name).
        ("12月5日，中共衡山县委召开常委会会议。县委书记王明主持。", "衡山县", "Hengshan County"),
        ("12月5日，黄山区召开会议。区委书记王明主持。", "黄山区", "Huangshan District"),
        ("12月5日，长沙县召开会议。县委书记王明主持。", "长沙县", "Changsha County"),
        ("12月5日，中共长武县委召开会议。县委书记王明主持。", "长武县", "Changwu County"),  # 武县委: no one
        ("12月5日，全州县召开会议。县委书记王明主持。", "全州县", "Quanzhou County"),  # 全 of its name, not 全县
        ("12月5日，全市各县召开会议。县委书记王明主持。", None, None),
        # A prefecture and a town hold meetings too.
        # An autonomous prefecture's English is its whole name (湘西州 as reports shorten it).
        (
            "12月5日，黔东南州召开州委常委会会议。州委书记王明主持。",
            "黔东南州",
            "Qiandongnan Miao and Dong Autonomous Prefecture",
        ),
        (
            "12月5日，湘西土家族苗族自治州召开会议。州长王明主持。",
            "湘西土家族苗族自治州",
            "Xiangxi Tujia and Miao Autonomous Prefecture",
        ),
        # A prefecture (地区) and a league (盟) had been the city of their name (喀什市), or none.
        ("12月5日，喀什地区召开会议。地委书记王明主持。行署专员李强出席。", "喀什地区", "Kashi Prefecture"),
        ("12月5日，喀什地区召开会议。行署副专员王明主持。", "喀什地区", "Kashi Prefecture"),
        ("12月5日，锡林郭勒盟召开会议。盟长王明主持。", "锡林郭勒盟", "Xilinguole League"),
        ("12月5日，大兴安岭地区行署召开会议。王明主持。", "大兴安岭地区", "Daxing'anling Prefecture"),
        # A city of a prefecture's name, holding its own meeting, stays the city.
        # An autonomous county or banner, named with its peoples, had been no place; a new
        # area had been "Pudongxin District".
        ("12月5日，湖南省城步苗族自治县召开会议。县长王明主持。", "城步苗族自治县", "Chengbu Miao Autonomous County"),
        ("12月5日，中共鄂温克族自治旗委召开会议。旗委书记王明主持。", "鄂温克族自治旗", "Evenki Autonomous Banner"),
        (
            "12月5日，双江拉祜族佤族布朗族傣族自治县召开会议。县长王明主持。",
            "双江拉祜族佤族布朗族傣族自治县",
            "Shuangjiang Lahu, Va, Blang and Dai Autonomous County",
        ),
        ("12月5日，浦东新区召开会议。区委书记王明主持。", "浦东新区", "Pudong New Area"),
        # The county that holds the meeting, not the autonomous one it names.
        ("12月5日，平江县召开会议。县委书记王明主持。城步苗族自治县代表参加。", "平江县", "Pingjiang County"),
        ("12月5日，喀什市召开会议。市长王明主持。", "喀什市", "Kashi City"),
        ("12月5日，恩施市召开会议。市委书记王明主持。", "恩施市", "Enshi City"),
        ("12月5日，城关镇召开党委会议。镇党委书记王明主持。", "城关镇", "Chengguan Town"),
        # A town the chair's title names (龙泉镇党委书记) had been the city of its name (龙泉市).
        ("12月5日，龙泉镇党委书记王明主持召开镇党委会议。", "龙泉镇", "Longquan Town"),
        ("12月5日，白沙乡乡长王明主持召开乡政府常务会议。", "白沙乡", "Baisha Township"),
        # A development zone its Party working committee's or management committee's head chairs.
        ("12月5日，岳麓高新区党工委书记王明主持召开党工委会议。", "岳麓高新区", "Yuelu High-tech Zone"),
        ("12月5日，宁乡经开区管委会主任王明主持召开主任办公会。", "宁乡经开区", "Ningxiang Economic Development Zone"),
        # A subdistrict's or town's named after its district or county.
        ("12月5日，芙蓉区定王台街道党工委书记王明主持召开会议。", "定王台街道", "Dingwangtai Subdistrict"),
        ("12月5日，平江县城关镇党委书记王明主持召开镇党委会议。", "城关镇", "Chengguan Town"),
        # A deputy chairs: the level is the post's all the same (副县长, 常务副区长 had given none).
        ("12月5日，平江县召开会议。副县长王明主持。", "平江县", "Pingjiang County"),
        ("12月5日，浦东新区召开会议。常务副区长王明主持。", "浦东新区", "Pudong New Area"),
        # A city's secretary who sits on the province's standing committee: the city's meeting.
        ("12月5日，省委常委、长沙市委书记王明主持召开市委常委会会议。", "长沙市", "Changsha City"),
        ("12月5日，长沙市召开会议。省委常委、市委书记王明主持。", "长沙市", "Changsha City"),
        # Not a place: some of the counties.
        ("12月5日，部分县召开会议。县委书记王明主持。", None, None),
        # No chair's title to give the level: the county that convenes (none had been read,
        # and 长沙县 had been the city of 长沙).
        ("12月5日，平江县召开防汛工作会议。", "平江县", "Pingjiang County"),
        ("12月5日，湖南省平江县召开防汛工作会议。", "平江县", "Pingjiang County"),
        ("12月5日，长沙县召开防汛工作会议。", "长沙县", "Changsha County"),
        ("12月5日，浏阳市召开防汛工作会议。", "浏阳市", "Liuyang City"),
        # A district the tables lack (jieba's places miss it): 长沙市 had been read for it.
        ("12月5日，长沙市岳麓区召开区委常委会会议。", "岳麓区", "Yuelu District"),
        ("12月5日，岳麓区召开区委常委会会议。", "岳麓区", "Yuelu District"),
        # Every county and district of the city: no one county (各县区 had been read).
        ("12月5日，全市各县区召开防汛工作会议。", None, None),
    ],
)
def test_the_jurisdiction_that_convenes_is_the_location(body: str, location: str | None, english: str | None) -> None:
    readout = extract_offline(clean_text(f"会议召开\n{body}"))
    assert (readout.location, readout.location_en) == (location, english)


def test_a_person_named_like_a_city_is_not_the_location() -> None:
    readout = extract_offline(clean_file(seed("000")))
    assert readout.location == "中山市"  # 李長春 attends; 長春 is a city


def test_every_county_and_city_is_not_a_city_named_gexian() -> None:
    # jieba tags 各县 as a place; 各縣市區 (every county, city and district) names none.
    text = "調度會召開\n5月3日，市疫情防控工作視頻調度會召開。各縣市區設分會場。"
    readout = extract_offline(clean_text(text))
    assert readout.location is None and readout.location_en is None


def test_a_chair_whose_surname_lost_its_lead_byte_is_unread_not_someone_else() -> None:
    # 鍾 lost its lead byte; its trail byte reads as R, and no surname clearly fits it. The
    # two are one lost character (not □ then the letter R), and the chair is unread: not
    # the vice mayor who spoke.
    text = (
        "森林防滅火工作視頻調度會召開\n2月20日,我市召開森林防滅火工作視頻調(diào)度會。"
        "副市長(zhǎng)、市森林防滅火指揮部總指揮江濤出席會議並講話。"
        "市政府副祕(mì)書長(zhǎng),、市應(yīng)急管理局局長(zhǎng)?R華主持會議。"
        "市林業局局長(zhǎng)熊偉(wěi)參(cān)加會議。\n"
    )
    report = clean_text(text)
    assert "局長□華主持" in report.text
    readout = extract_offline(report)
    assert readout.chair is None and any("□華主持" in note for note in readout.notes)


def test_a_reporter_s_name_is_no_place() -> None:
    # 柏林 (Berlin) is a place to jieba; here it is a correspondent's name.
    text = (
        "區委常委會召開會議\n本報訊（記者 邵華 通訊員 柏林）5月8日，區委書記應斌主持召開區委常委會會議。"
        "會議強調，要緊盯目標任務。"
    )
    readout = extract_offline(clean_text(text))
    assert readout.location is None and readout.chair is not None and readout.chair.name == "應斌"


def test_date_with_a_year_and_no_people_at_all() -> None:
    readout = extract_offline(clean_text("2022年3月5日上午，全市防汛工作會議召開。會議強調，要做好準備。"))
    assert (readout.date, readout.time_of_day) == ("2022-03-05", "morning")
    assert readout.chair is None and readout.attendees == []


def test_english_only_text_gives_an_empty_readout_not_an_error() -> None:
    readout = extract_offline(clean_text("The city held a meeting on Monday."))
    assert readout.date is None and readout.attendees == [] and readout.location is None


@pytest.mark.parametrize(
    ("sentence", "present"),
    [
        # 和 ending a name right before its verb, or inside one, is no conjunction.
        ("鎮長郝建平、副鎮長鍾永和出席。", {"郝建平", "鍾永和"}),
        ("縣領導王和平、李明出席會議。", {"王和平", "李明"}),
        ("縣長孫立軍和副縣長陶然出席會議。", {"孫立軍", "陶然"}),
        ("和平區委書記李明、區長張偉出席會議。", {"李明", "張偉"}),
    ],
)
def test_a_he_inside_a_name_does_not_split_it(sentence: str, present: set[str]) -> None:
    text = f"鎮召開森林防火工作會議\n10月25日，鎮召開森林防火工作會議。{sentence}"
    readout = extract_offline(clean_text(text))
    assert {p.name for p in readout.attendees} == present


@pytest.mark.parametrize(
    ("sentences", "chair", "present"),
    [
        ("縣委書記王明同志主持會議。縣長李強出席會議。", "王明", {"王明", "李強"}),
        ("會議由縣委書記王明同志主持。縣長李強出席會議。", "王明", {"王明", "李強"}),
        ("縣委書記王明出席並主持會議。縣長李強出席會議。", "王明", {"王明", "李強"}),
        ("在縣委書記王明的主持下，會議審議了有關文件。縣長李強出席會議。", "王明", {"王明", "李強"}),
        ("常委會會議在縣委書記王明的主持下召開。縣長李強出席會議。", "王明", {"王明", "李強"}),
        ("會議在縣委書記王明主持下進行。縣長李強出席會議。", "王明", {"王明", "李強"}),
        # The title in brackets after the name.
        ("王明（縣委書記）主持會議，李強（縣長）、張華（副縣長）出席會議。", "王明", {"王明", "李強", "張華"}),
        ("縣委書記王明在主持會議時強調，要抓好落實。縣長李強出席會議。", "王明", {"王明", "李強"}),
        ("縣委書記王明以視頻方式主持會議。縣長李強出席。", "王明", {"王明", "李強"}),
        ("縣委副書記、縣長李強代表縣委主持會議。", "李強", {"李強"}),
        # On someone's behalf, after the name: the one named after 受 was not there.
        ("縣委副書記李麗受縣委書記王明委託主持會議，副縣長張偉參加。", "李麗", {"李麗", "張偉"}),
        # Titles the seeds lack: a headquarters' commander, a political commissar; a
        # transliterated name; an arrangement made (對…進行了安排) as a sign of presence.
        ("縣委書記、縣疫情防控指揮部總指揮王明主持會議，縣長李強出席。", "王明", {"王明", "李強"}),
        ("縣委書記王明主持會議，縣人武部政委李強出席。", "王明", {"王明", "李強"}),
        ("縣委書記王明主持會議，副縣長買買提·艾力出席。", "王明", {"王明", "買買提·艾力"}),
        # A transliterated name ending in 提 before 出席 (not 提出, a verb of speech).
        ("縣委書記王明主持會議，副縣長阿不都熱合曼·買買提出席。", "王明", {"王明", "阿不都熱合曼·買買提"}),
        ("縣委書記王明主持會議，縣長李強對全縣工作進行了安排。", "王明", {"王明", "李強"}),
        # When, between the name and the verb (the wire services' order).
        ("縣委書記王明12月3日下午主持召開會議，縣長李強出席。", "王明", {"王明", "李強"}),
        ("縣委書記王明於3日主持召開會議。", "王明", {"王明"}),
        ("縣委書記王明昨日上午主持召開會議。", "王明", {"王明"}),
        # The sentence's subject carries to a clause that has none; one who 陪同 was there.
        ("縣委書記王明來到縣應急指揮中心，主持召開全縣防汛調度會。", "王明", {"王明"}),
        ("縣委書記王明深入一線調研並主持召開座談會。", "王明", {"王明"}),
        ("縣委書記王明率隊檢查防汛工作，縣長李強陪同，隨後主持召開會議。", "王明", {"王明", "李強"}),
        # 以及 joins a list; 分别…作了安排 is what they did there.
        ("縣委書記王明主持會議，縣委副書記張紅以及各鄉鎮黨委書記參加會議。", "王明", {"王明", "張紅"}),
        ("縣委書記王明主持會議。縣長李強、縣委副書記張紅分別就有關工作作了安排。", "王明", {"王明", "李強", "張紅"}),
        # 赴 inside a title does not end it.
        ("縣委書記王明主持會議，省委赴我縣督導組組長李強出席。", "王明", {"王明", "李強"}),
        # A list whose verb comes first, after the chair in the same sentence.
        ("會議由副縣長李強主持，出席會議的還有縣委常委張華、副縣長趙剛。", "李強", {"李強", "張華", "趙剛"}),
        # No one is said to chair: the head of the organ that convened it does.
        ("縣委召開常委會會議，縣委書記王明出席。縣長李強、副縣長張華出席會議。", "王明", {"王明", "李強", "張華"}),
        # Present by what they did: a report, a statement, a speech they relayed.
        ("縣委書記王明主持會議並講話，縣長李強作工作報告，縣政協主席趙剛出席會議。", "王明", {"王明", "李強", "趙剛"}),
        ("縣委書記王明主持會議。縣長李強作表態發言。", "王明", {"王明", "李強"}),
        # The leader whose speech was relayed was not there.
        ("縣委書記王明主持會議。縣長李強傳達了省委書記孫強的講話精神。", "王明", {"王明", "李強"}),
        ("縣委書記王明主持會議。出席會議的縣領導有李強、張華。", "王明", {"王明", "李強", "張華"}),
        # A list that goes on after a semicolon; a deployment made; a report heard.
        ("縣委書記王明主持會議。縣委常委，副縣長李強；縣政協副主席張華出席會議。", "王明", {"王明", "李強", "張華"}),
        ("縣委書記王明主持會議，並提出要求。縣長李強就貫徹落實會議精神作具體部署。", "王明", {"王明", "李強"}),
        ("縣委書記王明主持會議。會議聽取了縣委常委、組織部部長李強關於有關工作的匯報。", "王明", {"王明", "李強"}),
        # Who attended a meeting someone else chaired did not chair it.
        ("縣長李強參加由縣委書記王明主持的會議。", "王明", {"王明", "李強"}),
        # Lists a colon opens.
        ("縣委書記王明主持會議。\n出席：李強、張華、趙剛", "王明", {"王明", "李強", "張華", "趙剛"}),
        ("縣委書記王明主持會議。參加會議的領導有：李強、張華。", "王明", {"王明", "李強", "張華"}),
        ("會議由縣長李強主持。出席會議的縣領導：王明、張華。", "李強", {"王明", "李強", "張華"}),
        ("縣委書記王明主持會議。列席：縣法院院長趙剛，縣檢察院檢察長錢偉。", "王明", {"王明", "趙剛", "錢偉"}),
        ("縣委書記王明主持會議。在分會場參加會議的有縣領導趙剛、錢偉。", "王明", {"王明", "趙剛", "錢偉"}),
        # A city that convened is no one: 南 is a surname, 南平市 a city (the mayor spoke).
        ("南平市召開全市安全生產工作會議，市長李強出席並講話。", "李強", {"李強"}),
        # Minutes label who chaired, convened and sat in: 主持人：, 召集人：, 出席人员：.
        (
            "主持人：縣委書記王明。出席人員：縣長李強，副縣長張華。列席人員：縣財政局局長趙剛。",
            "王明",
            {"王明", "李強", "張華", "趙剛"},
        ),
        (
            "會議主持：縣長李強。參會人員：副縣長張華、錢偉，縣政府辦主任趙剛。",
            "李強",
            {"李強", "張華", "錢偉", "趙剛"},
        ),
        (
            "召集人：縣應急管理局局長王明。\n參加人員：縣水利局副局長李強、縣氣象局局長張華。",
            "王明",
            {"王明", "李強", "張華"},
        ),
        # 同志 after each name of a list: the verb comes after the last one.
        ("縣委書記王明同志主持會議。縣長李強同志，縣委副書記張華同志出席會議。", "王明", {"王明", "李強", "張華"}),
        # Someone quoted inside a speech was not there.
        (
            "縣委書記王明主持會議。王明指出，省委書記孫強在調研時強調，要抓好安全生產。縣長李強出席。",
            "王明",
            {"王明", "李強"},
        ),
        # 常務副縣長 opens a list of titles: a title, not a man named 常務.
        ("會議由常務副縣長、縣安委會主任王明主持。縣長李強出席。", "王明", {"王明", "李強"}),
        # A note in brackets after a name: its 主持 is no verb, and the name is whole.
        ("會議由縣委副書記王明（主持縣政府工作）主持。縣長李強出席。", "王明", {"王明", "李強"}),
        (
            "縣委副書記王明（主持縣政府工作）主持會議，副縣長李強（回族）、張華（女）出席。",
            "王明",
            {"王明", "李強", "張華"},
        ),
        # A guest who teaches a study session was there, and did not chair it.
        ("縣委書記王明主持會議。會議邀請省委黨校教授李強作專題輔導。", "王明", {"王明", "李強"}),
        ("學習會特邀市委黨校副教授李強作專題講座，縣委書記王明主持並講話。", "王明", {"王明", "李強"}),
    ],
)
def test_chairs_and_attendees_in_phrasings_the_seeds_lack(sentences: str, chair: str, present: set[str]) -> None:
    readout = extract_offline(clean_text(f"縣委召開會議\n3月2日，縣委召開會議。{sentences}"))
    assert readout.chair is not None and readout.chair.name == chair
    assert {p.name for p in readout.attendees} == present


@pytest.mark.parametrize(
    ("sentences", "chair", "present"),
    [
        # The manner between the name and the verb: 通過視頻連線方式.
        ("縣委書記王明通過視頻連線方式主持召開專題會議。縣長李強參加。", "王明", {"王明", "李強"}),
        # Who convened it, with 主持 said of no one, chaired it.
        ("縣委書記王明召開專題會議，研究部署有關工作。縣長李強參加。", "王明", {"王明", "李強"}),
        # A team that convenes is no one: 班 is a surname, 班子 a word.
        ("縣委常委班子召開專題民主生活會。縣委書記王明主持會議。", "王明", {"王明"}),
        # A town that convenes is no one: 白 is a surname, 白沙鎮 a town.
        ("白沙鎮召開人居環境整治推進會。鎮黨委副書記、鎮長王明主持會議。", "王明", {"王明"}),
        # A district's government that convenes is no one: 區 is a surname, 區政府 an organ.
        ("區政府召開安全生產工作會議。區委常委、常務副區長王明主持會議。", "王明", {"王明"}),
        # Two who led a team and convened it: the first named (the senior) chairs.
        ("鎮黨委書記王明、鎮長李強帶隊召開企業座談會。", "王明", {"王明", "李強"}),
        ("縣長李強率隊到園區調研並召開現場會。副縣長張華參加。", "李強", {"李強", "張華"}),
    ],
)
def test_chairs_where_no_organ_is_said_to_convene(sentences: str, chair: str, present: set[str]) -> None:
    readout = extract_offline(clean_text(f"會議召開\n12月3日，{sentences}"))
    assert readout.chair is not None and readout.chair.name == chair
    assert {p.name for p in readout.attendees} == present


def _present_after(sentence: str, opening: str = "縣委書記王明主持會議。") -> set[str]:
    """Whom the offline readout reads present in a short report: a chair's line, then ``sentence``."""
    return {p.name for p in extract_offline(clean_text(f"會議召開\n12月3日，{opening}{sentence}")).attendees}


@pytest.mark.parametrize(
    "sentence",
    [
        "在家縣級領導李強、張紅、劉偉參加會議。",  # 在家: those not away, not a place
        "縣人大常委會主任李強、縣政協主席張紅、縣委常委劉偉應邀出席。",
        "縣長李強作工作報告，縣委副書記張紅宣讀表彰決定，副縣長劉偉傳達文件精神。",
        "縣長李強通報了有關情況，縣委副書記張紅、副縣長劉偉結合分管工作作了發言。",
        "縣長李強、縣委副書記張紅、副縣長劉偉一同參加會議。",
        "縣長李強、縣委副書記張紅與副縣長劉偉出席會議。",
        # 同志 after each name of a list.
        "縣長李強同志、縣委副書記張紅同志、副縣長劉偉同志出席會議。",
        "副縣長李強同志、張紅同志、劉偉同志出席會議。",
        # On a congress's rostrum; who signed for each side; who reported.
        "縣長李強、縣委副書記張紅、副縣長劉偉等在主席台就座。",
        # …where the cleaner could not read 座 (在主席台就住 reads as well to its text models).
        "縣長李強、縣委副書記張紅、副縣長劉偉等在主席台就□。",
        "縣長李強與縣委副書記張紅分別代表雙方簽約。副縣長劉偉出席。",
        "縣長李強作匯報。縣委副書記張紅、副縣長劉偉出席會議。",
        # A long note in brackets between a title and its name.
        "縣長李強、縣委副書記張紅出席會議。縣信訪局局長（聯席會議辦公室主任）劉偉通報了有關情況。",
        "縣長李強同縣委副書記張紅、副縣長劉偉一道出席會議。",
        "縣長李強會同縣委副書記張紅、副縣長劉偉一同出席會議。",
        # How they went, between the subject and its verb: 以“四不两直”方式暗访.
        "縣長李強、縣委副書記張紅、副縣長劉偉以“四不兩直”方式暗訪督導防汛工作。",
        "縣長李強、縣委副書記張紅、副縣長劉偉採取明查暗訪的形式檢查安全生產工作。",
        # A ceremony's act, with no word of presence: no one had been read.
        "縣長李強、縣委副書記張紅、副縣長劉偉共同為縣融媒體中心揭牌。",
    ],
)
def test_attendees_in_phrasings_the_seeds_lack(sentence: str) -> None:
    assert _present_after(sentence) == {"王明", "李強", "張紅", "劉偉"}


@pytest.mark.parametrize(
    "sentence",
    [
        "副縣長李強、王在華、劉偉出席會議。",
        "縣領導王在華、李強、劉偉出席。",
        "副縣長王在華，縣委常委李強、劉偉參加會議。",
        "李強、劉偉、王在華等同志出席會議。",
    ],
)
def test_a_name_with_zai_in_it_keeps_its_list(sentence: str) -> None:
    # 在 opens where someone was (李強在會上強調); in 王在華 it is a given name's character:
    # the list had been cut at it, and lost its names before (李強) or all of them.
    assert _present_after(sentence) == {"王明", "李強", "王在華", "劉偉"}


@pytest.mark.parametrize(
    ("sentence", "named"),
    [
        ("縣委書記張在明講話。", "張在明"),
        ("區長張在明領學。", "張在明"),
        ("副縣長張在明（回族）通報了有關情況。", "張在明"),
        ("市委常委、組織部長何作明到會指導並講話。", "何作明"),
        ("縣委書記上官明在會上講話。", "上官明"),  # 官 ends no title here: 上官 is a surname
    ],
)
def test_a_name_s_zai_or_zuo_right_after_its_title_is_the_name_s(sentence: str, named: str) -> None:
    # A title and a surname alone are no one: 在 and 作 there are a given name's characters,
    # not where the phrase of place or speech starts (张在明讲话 had read no one).
    assert _present_after(sentence, "縣長王明主持會議。") == {"王明", named}


def test_zai_after_a_whole_name_still_says_where() -> None:
    readout = extract_offline(
        clean_text("會議召開\n12月3日，縣委書記王明主持會議。副縣長李強在會上通報了防汛工作，副縣長劉偉出席會議。")
    )
    assert {p.name for p in readout.attendees} == {"王明", "李強", "劉偉"}


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        ("李強、張紅、劉偉等副縣長出席會議。", "副縣長"),
        ("李強、張紅、劉偉等縣領導出席會議。", "縣領導"),
        ("李強、張紅、劉偉等縣人大常委會副主任列席會議。", "縣人大常委會副主任"),
        ("李強、張紅、劉偉三位副縣長出席會議。", "副縣長"),
    ],
)
def test_a_title_after_a_list_and_deng_is_each_ones(sentence: str, title: str) -> None:
    readout = extract_offline(clean_text(f"會議召開\n12月3日，縣委書記王明主持會議。{sentence}"))
    titles = {p.name: p.title for p in readout.attendees if p.name != "王明"}
    assert titles == {"李強": title, "張紅": title, "劉偉": title}


_MINUTES_HEAD = "縣政府第12次常務會議紀要\n時間：2024年6月12日\n地點：縣政府三樓會議室\n主持：縣長王明\n"


@pytest.mark.parametrize(
    "attendance",
    [
        "參會人員名單\n李強\t副縣長\n張紅\t副縣長\n劉偉\t縣政府辦主任\n",
        "參會人員名單：\n李強\t副縣長\n張紅\t副縣長\n劉偉\t縣政府辦主任\n",
        "出席名單\n李強　副縣長\n張紅　副縣長\n劉偉　縣政府辦主任\n",
        # A line typeset with spaces, which the cleaner closes up around the brackets.
        "出席：李強（副縣長）  張紅（副縣長）  劉偉（縣政府辦主任）\n",
    ],
)
def test_minutes_attendance_as_a_named_list_or_bracketed_titles(attendance: str) -> None:
    readout = extract_offline(clean_text(_MINUTES_HEAD + attendance + "會議研究了防汛工作。"))
    titles = {p.name: p.title for p in readout.attendees}
    assert titles == {"王明": "縣長", "李強": "副縣長", "張紅": "副縣長", "劉偉": "縣政府辦主任"}


def test_a_titles_note_in_brackets_before_its_name_is_no_list() -> None:
    text = _MINUTES_HEAD + "出席：縣信訪局局長（聯席會議辦公室主任）劉偉、副縣長李強\n會議研究了防汛工作。"
    readout = extract_offline(clean_text(text))
    assert {p.name for p in readout.attendees} == {"王明", "劉偉", "李強"}


def test_labels_of_minutes_right_before_their_names_in_a_sentence() -> None:
    # No colon, no space: 主持人王明，参加人员李強、張紅 had read no one.
    text = (
        "縣政府常務會議紀要\n6月12日，縣政府召開第12次常務會議。"
        "主持人王明，參加人員李強、張紅，列席人員劉偉。會議研究了防汛工作。"
    )
    readout = extract_offline(clean_text(text))
    assert readout.chair is not None and readout.chair.name == "王明"
    assert {p.name for p in readout.attendees} == {"王明", "李強", "張紅", "劉偉"}


def test_those_taking_part_told_what_to_do_are_no_list() -> None:
    text = "縣政府常務會議紀要\n6月12日，縣長王明主持召開常務會議。參加人員要提前十分鐘到會，副縣長李強作了講話。"
    readout = extract_offline(clean_text(text))
    assert {p.name for p in readout.attendees} == {"王明", "李強"}


@pytest.mark.parametrize(
    "sentence",
    [
        "縣委書記李強為獲獎單位頒獎。",  # 李強為 is no three-character name
        "縣委書記李強為縣融媒體中心揭牌。",
        "縣委書記李強為大家作了專題輔導。",
        "縣委書記李強為全縣黨員幹部講授專題黨課。",
        "縣委書記李強上了一堂專題黨課。",
    ],
)
def test_who_did_a_ceremonys_act_or_taught_a_lesson_for_others_was_there(sentence: str) -> None:
    assert _present_after(sentence, "縣長王明主持會議。") == {"王明", "李強"}


@pytest.mark.parametrize(
    ("sentence", "present"),
    [
        ("縣委書記李為民為獲獎單位頒獎。", {"李為民"}),
        ("縣委書記李為民出席並為獲獎單位頒獎。", {"李為民"}),
        ("副縣長張為、李強為獲獎單位頒獎。", {"張為", "李強"}),
        # …nor 上 or 讲 inside one a lesson for others (上官明, 王上明).
        ("縣委書記上官明講授專題黨課。", {"上官明"}),
        ("縣委書記王上明講黨課。", {"王上明"}),
    ],
)
def test_a_name_s_wei_shang_or_jiang_is_no_act_for_others(sentence: str, present: set[str]) -> None:
    # 为 before a ceremony's act opens it (李强为…颁奖), but not inside a name (李为民); a lesson's
    # 上 and 讲 likewise.
    assert _present_after(sentence, "縣長王明主持會議。") == {"王明", *present}


@pytest.mark.parametrize(
    ("sentence", "chair", "present", "named"),
    [
        # 縣長王明委托副縣長 had been read as 李強's title, 王明 as no one.
        ("縣長王明委託副縣長李強主持會議。", "李強", {"李強"}, {"王明"}),
        ("縣長王明委託副縣長李強代為主持會議。", "李強", {"李強"}, {"王明"}),
        ("縣長王明主持會議。因公請假的副縣長張紅委託副縣長李強代為發表意見。", "王明", {"王明", "李強"}, {"張紅"}),
        ("縣長王明主持會議。副縣長張紅因公請假，委託副縣長李強代為發言。", "王明", {"王明", "李強"}, {"張紅"}),
    ],
)
def test_who_stood_in_for_another_was_there_and_the_other_only_named(
    sentence: str, chair: str, present: set[str], named: set[str]
) -> None:
    readout = extract_offline(clean_text(f"會議召開\n12月3日，縣政府召開常務會議。{sentence}"))
    assert readout.chair is not None and readout.chair.name == chair
    assert {p.name: p.title for p in readout.attendees}["李強"] == "副縣長"
    assert {p.name for p in readout.attendees} == present
    assert {p.name for p in readout.mentioned} == named


@pytest.mark.parametrize("went", ["來到", "深入"])
def test_who_went_on_a_visit_and_then_convened_a_symposium_chairs_it(went: str) -> None:
    # 并召开座谈会 with no 在…: the subject of the visit convened it all the same.
    text = f"調研基層黨建工作\n12月5日，縣委書記王明{went}城關鎮調研黨建工作，並召開座談會聽取意見。縣委常委張華陪同。"
    readout = extract_offline(clean_text(text))
    assert readout.chair is not None and readout.chair.name == "王明"
    assert {p.name for p in readout.attendees} == {"王明", "張華"}


@pytest.mark.parametrize("asked", ["就做好下一步工作提出要求", "對下一步工作作了具體部署", "就抓好落實作出安排"])
def test_a_titled_speaker_after_what_another_said_speaks_at_the_meeting(asked: str) -> None:
    # 王明强调，…，县长李强就…提出要求: the report's own words go on after what 王明 said; 李强
    # had been read as someone 王明 spoke of.
    text = f"縣委召開會議\n3月2日，縣委書記王明主持會議。王明強調，各級各部門要切實提高站位，縣長李強{asked}。"
    readout = extract_offline(clean_text(text))
    assert {p.name for p in readout.attendees} == {"王明", "李強"}
    assert not readout.mentioned


def test_who_convened_a_symposium_on_an_inspection_chairs_it() -> None:
    # The subject of 深入…调研 carried to 并在…召开座谈会: he convened it, so chairs; those
    # who went with him were there.
    text = (
        "市長調研防汛工作\n7月3日，市長季曉峰深入我市部分水庫、河道調研防汛工作，並在市防汛抗旱指揮部召開座談會。"
        "副市長、市防汛抗旱指揮部指揮長單立新，市政府秘書長歐陽明陪同調研。\n季曉峰強調，要堅持人民至上。"
    )
    readout = extract_offline(clean_text(text))
    assert readout.chair is not None and (readout.chair.name, readout.chair.title) == ("季曉峰", "市長")
    assert {p.name for p in readout.attendees} == {"季曉峰", "單立新", "歐陽明"}


def test_who_spoke_at_a_meeting_convened_by_others_does_not_convene_it() -> None:
    text = "會議召開\n5月3日，縣長李強在市政府召開的全市防汛工作會議上發言。副縣長張華出席會議。"
    readout = extract_offline(clean_text(text))
    assert readout.chair is None or readout.chair.name != "李強"


@pytest.mark.parametrize(
    ("body", "meeting"),
    [
        # When, between the meeting and its 召开: the body names it whole, not the headline.
        ("縣委常委會（擴大）會議於2023年12月30日下午召開，縣委書記郝剛主持會議。", "縣委常委會（擴大）會議"),
        ("市第十七屆人大常委會第十五次會議6月28日至29日召開。", "市第十七屆人大常委會第十五次會議"),
    ],
)
def test_a_meeting_named_before_the_day_it_was_convened(body: str, meeting: str) -> None:
    readout = extract_offline(clean_text(f"縣委召開常委會會議\n{body}"))
    assert readout.meeting == meeting


@pytest.mark.parametrize(
    ("body", "meeting"),
    [
        # A meeting named by its number or kind alone is the organ's that convened it.
        ("3月15日，縣新冠肺炎疫情防控工作領導小組召開第十二次會議。", "縣新冠肺炎疫情防控工作領導小組第十二次會議"),
        ("1月9日上午，縣安委會召開全體成員（擴大）會議。", "縣安委會全體成員（擴大）會議"),
        # A meeting told of (召开的重要会议) is no second meeting held.
        ("3月11日晚，市委常委會召開會議。會議指出，全國兩會是在關鍵之年召開的重要會議。", "市委常委會會議"),
        # The standing committee convened a meeting: the meeting is its meeting, not the body.
        ("3月4日，縣委常委會召開會議，傳達學習有關精神。", "縣委常委會會議"),
        # A special study session is a 專題學習會, its 會 part of its name.
        ("11月6日上午，縣委理論學習中心組舉行2024年第十次專題學習會。", "縣委理論學習中心組2024年第十次專題學習會"),
        # Not a person's: 县长王明主持召开第3次会议 names no organ.
        ("5月3日，縣長王明主持召開第3次會議。", "第3次會議"),
        # …nor where he convened it: 在县政府 is where, the organ's (县长王明在县政府 had been).
        ("5月3日，縣委副書記、縣長王明在縣政府主持召開專題會議。", "縣政府專題會議"),
        # A study session by its number, after 召开 as after 举行.
        ("3月2日，縣委理論學習中心組召開2024年第三次集體學習會。", "縣委理論學習中心組2024年第三次集體學習會"),
        # A standing body named without its level: the level that convened it, the Party
        # committee where the body is its commission and the report writes 县委.
        ("3月2日，縣委召開全面深化改革委員會第五次會議。", "縣委全面深化改革委員會第五次會議"),
        ("3月2日，縣政府召開安委會全體成員會議。", "縣安委會全體成員會議"),
        ("3月2日，縣召開森林防滅火指揮部全體成員會議。", "縣森林防滅火指揮部全體成員會議"),
    ],
)
def test_a_meeting_named_by_its_number_is_the_convening_organ_s(body: str, meeting: str) -> None:
    readout = extract_offline(clean_text(f"縣委召開常委會會議\n{body}"))
    assert readout.meeting == meeting
    assert not [n for n in readout.notes if "more than one meeting" in n]


def test_a_title_given_where_someone_is_first_named_stays_theirs() -> None:
    # 带队检查 is no presence; 骆明要求 later is: the title first given is his.
    text = (
        "縣領導督導檢查節前安全生產工作\n1月20日，縣委副書記、縣長駱明帶隊督導檢查節前安全生產工作。"
        "副縣長雷鳴等陪同。\n駱明要求，各相關單位要強化底線思維。"
    )
    titles = {p.name: p.title for p in extract_offline(clean_text(text)).attendees}
    assert titles == {"駱明": "縣委副書記、縣長", "雷鳴": "副縣長"}


@pytest.mark.parametrize(
    ("body", "titles"),
    [
        # Who holds talks was there, the guest too.
        (
            "3月18日下午，市長苗青與某集團董事長戚光明一行舉行工作會談。副市長俞華參加會談。",
            {"苗青": "市長", "戚光明": "某集團董事長", "俞華": "副市長"},
        ),
        # 召集人 is a title (not 召集, the verb, inside it).
        (
            "2月27日下午，全縣信訪工作聯席會議召開。縣委常委、縣信訪工作聯席會議召集人牛志遠出席會議並講話。",
            {"牛志遠": "縣委常委、縣信訪工作聯席會議召集人"},
        ),
        # 来我市调研: his title stays his when the report names him bare after.
        (
            "5月9日，省委書記賴國平來我市調研。市委書記鄔強陪同調研。\n賴國平強調，要推動高質量發展。",
            {"賴國平": "省委書記", "鄔強": "市委書記"},
        ),
    ],
)
def test_people_in_talks_a_convener_and_a_visit(body: str, titles: dict[str, str]) -> None:
    readout = extract_offline(clean_text(f"市領導活動\n{body}"))
    assert {p.name: p.title for p in readout.attendees} == titles


@pytest.mark.parametrize(
    ("body", "titles"),
    [
        # Whom someone met was there too, with the title the report gives them.
        (
            "4月2日，县长尚建平会见华远集团董事长戚光明一行，双方就深化合作进行座谈。副县长葛文博参加会见。",
            {"尚建平": "县长", "戚光明": "华远集团董事长", "葛文博": "副县长"},
        ),
        (
            "3月5日，市长苗青会见省工商联主席谢文、副主席邬云一行。",
            {"苗青": "市长", "谢文": "省工商联主席", "邬云": "副主席"},
        ),
        # … and where the report says they met first (在市政府会见).
        (
            "10月16日，市长李云飞在市政府会见省交通投资集团党委副书记、总经理温宏一行，并主持召开座谈会。",
            {"李云飞": "市长", "温宏": "省交通投资集团党委副书记、总经理"},
        ),
        ("4月2日，县长尚建平与华远集团董事长举行会谈。", {"尚建平": "县长"}),
        ("4月2日，縣長尚建平接見了來訪的客商。", {"尚建平": "縣長"}),
        # Who set out the work (作具体安排) and who signed at the meeting were there.
        (
            "1月16日，县委农村工作会议召开。县委书记邝明达出席会议并讲话，县委副书记、县长龚晓春就做好今年工作作具体安排。"
            "副县长黎小兵代表县政府与各乡镇签订目标责任书。",
            {"邝明达": "县委书记", "龚晓春": "县委副书记、县长", "黎小兵": "副县长"},
        ),
        # Who led the others on the visit was there.
        (
            "6月8日，县委书记王明带领县四大班子领导，深入各乡镇观摩重点项目。县长李强参加观摩。",
            {"王明": "县委书记", "李强": "县长"},
        ),
        ("6月8日，县长王明带队检查防汛工作。", {"王明": "县长"}),
        # Who made the visit was there, and heard the reports at the symposium after it.
        (
            "5月20日，市委书记范立群深入高新区调研重点项目建设情况。副市长米兰陪同调研。"
            "在随后召开的座谈会上，范立群听取了有关部门的工作汇报。",
            {"范立群": "市委书记", "米兰": "副市长"},
        ),
    ],
)
def test_people_met_visiting_setting_out_work_or_signing_are_present(body: str, titles: dict[str, str]) -> None:
    readout = extract_offline(clean_text(f"领导活动\n{body}"))
    assert {p.name: p.title for p in readout.attendees} == titles


def test_what_the_visitor_said_is_theirs_when_the_report_says_he() -> None:
    text = (
        "市领导调研重点项目\n5月20日，市委书记范立群深入高新区调研重点项目建设情况。副市长米兰陪同调研。\n"
        "在随后召开的座谈会上，范立群听取了有关部门的工作汇报。他强调，要坚持项目为王。"
    )
    assert [d.by for d in extract_offline(clean_text(text)).directives] == ["范立群"]


@pytest.mark.parametrize(
    ("body", "chair"),
    [
        # The one person holding the title chairs, whatever title they hold besides.
        ("会议由县委副书记主持。县委书记邝明达出席会议并讲话，县委副书记、县长龚晓春作具体安排。", "龚晓春"),
        # Two hold it, or none: the report does not say which — not whoever else is named.
        ("会议由县委副书记主持。县委书记邝明达出席会议并讲话，县委副书记、县长龚晓春，县委副书记任远参加会议。", None),
        ("会议由县委副书记主持。县委书记邝明达出席会议并讲话。", None),
    ],
)
def test_a_chair_named_by_title_is_the_one_who_holds_it(body: str, chair: str | None) -> None:
    readout = extract_offline(clean_text(f"县委农村工作会议召开\n1月16日，县委农村工作会议召开。{body}"))
    assert (readout.chair.name if readout.chair else None) == chair


@pytest.mark.parametrize(
    ("body", "titles"),
    [
        # Rarer surnames of the Hundred Family Surnames name people too.
        (
            "1月3日，县委常委、县纪委书记、县监委主任宓立强主持召开专题会议。县纪委副书记仲国强参加会议。",
            {"宓立强": "县委常委、县纪委书记、县监委主任", "仲国强": "县纪委副书记"},
        ),
        (
            "7月1日，市委书记郦国强主持召开座谈会。市委副书记、市长郇晓峰，副市长钮海涛、竺文参加座谈。",
            {"郦国强": "市委书记", "郇晓峰": "市委副书记、市长", "钮海涛": "副市长", "竺文": "副市长"},
        ),
        ("3月2日，县委书记占建国主持召开会议。副县长宦丽参加会议。", {"占建国": "县委书记", "宦丽": "副县长"}),
        # And those whose characters start everyday words (扶贫, 步伐), read so only after a title.
        (
            "5月9日，市长步云飞主持召开专题会议。市发展改革委主任扶正、市财政局局长堵文华参加会议。",
            {"步云飞": "市长", "扶正": "市发展改革委主任", "堵文华": "市财政局局长"},
        ),
        # 全会 is the plenary session, not a person named 全会 (全 is a surname).
        (
            "12月28日，中共某县第十五届委员会第六次全体会议召开。全会由县委常委会主持。县委书记娄国华作工作报告。"
            "全会听取和讨论了娄国华所作的工作报告。",
            {"娄国华": "县委书记"},
        ),
    ],
)
def test_people_with_rarer_surnames_and_no_one_called_the_plenary(body: str, titles: dict[str, str]) -> None:
    readout = extract_offline(clean_text(f"会议召开\n{body}"))
    assert {p.name: p.title for p in readout.attendees} == titles


def test_surnames_that_start_everyday_words_are_read_only_after_a_title() -> None:
    assert looks_like_name("步云飞", after_title=True) and looks_like_name("扶正", after_title=True)
    assert not looks_like_name("步云飞") and not looks_like_name("扶正")
    assert not looks_like_name("扶贫", after_title=True) and not looks_like_name("步伐", after_title=True)
    readout = extract_offline(clean_text("会议召开\n5月9日，县长周平主持召开会议，研究扶贫工作。步伐要加快。"))
    assert [p.name for p in readout.attendees] == ["周平"]


def test_rarer_surnames_read_as_surnames() -> None:
    assert [romanize_name(name) for name in ("隗立", "佴文", "乜红", "郇晓峰")] == [
        "Wei Li",
        "Nai Wen",
        "Nie Hong",
        "Huan Xiaofeng",
    ]


def test_a_semicolon_parts_clauses_as_a_comma_does() -> None:
    text = (
        "县政府召开安全生产工作会议\n4月10日，县政府召开全县安全生产工作会议。会上，县委常委、常务副县长韦立新"
        "通报了一季度全县安全生产情况；副县长覃美玲就道路交通安全工作作了安排；县应急管理局局长蒙志刚宣读了表彰决定。"
        "\n县长黄德明出席会议并讲话。"
    )
    readout = extract_offline(clean_text(text))
    assert {p.name for p in readout.attendees} == {"韦立新", "覃美玲", "蒙志刚", "黄德明"}
    assert {p.name for p in readout.speakers} >= {"韦立新", "覃美玲", "黄德明"}


def test_a_note_with_a_comma_after_a_transliterated_name_is_the_note_s() -> None:
    # （女，维吾尔族）: its comma had cut the list, and the name was lost.
    text = (
        "自治縣召開推進會\n4月3日，自治縣召開推進會。自治縣黨委書記陳斌出席並講話。"
        "自治縣領導阿依古麗·吐爾遜（女，維吾爾族）、熱合曼·庫爾班參加會議。"
    )
    titles = {p.name: p.title for p in extract_offline(clean_text(text)).attendees}
    assert titles == {"陳斌": "自治縣黨委書記", "阿依古麗·吐爾遜": "自治縣領導", "熱合曼·庫爾班": "自治縣領導"}


def test_a_title_before_a_list_of_names_is_each_ones() -> None:
    text = "縣委召開會議\n3月2日，縣委書記王明主持會議，縣長李強作重要講話。縣委常委張華、趙剛，副縣長孫紅出席。"
    titles = {p.name: p.title for p in extract_offline(clean_text(text)).attendees}
    assert titles == {"王明": "縣委書記", "李強": "縣長", "張華": "縣委常委", "趙剛": "縣委常委", "孫紅": "副縣長"}


@pytest.mark.parametrize(
    ("title", "sentence"),
    [
        ("縣長助理", "縣長助理李強出席會議。"),
        ("縣人大代表", "縣人大代表李強參加會議。"),
        ("縣委常委、副縣長（掛職）", "縣委常委、副縣長（掛職）李強出席會議。"),
        ("縣委副書記（正縣級）", "縣委副書記（正縣級）李強出席會議。"),
        # A deputy who runs the office: 主持 in the title's note is no verb of the sentence.
        ("縣住建局黨組副書記、副局長（主持工作）", "縣住建局黨組副書記、副局長（主持工作）李強參加會議。"),
        ("縣財政局副局長（主持全面工作）", "副縣長張偉，縣財政局副局長（主持全面工作）李強參加會議。"),
        # A title after the name, as speech puts it; a generic title after a list with 等.
        ("副縣長", "李強副縣長出席會議。"),
        ("縣領導", "張偉、李強等縣領導出席會議。"),
        # A second title in brackets after the name: both are his.
        ("副縣長、縣防指指揮長", "副縣長李強（縣防指指揮長）出席會議。"),
        ("縣防指指揮長", "李強（縣防指指揮長）出席會議。"),
        ("常務副縣長、縣安委會主任", "會議由常務副縣長、縣安委會主任李強主持。"),
        ("縣委副書記", "縣委副書記李強（主持縣政府工作）出席會議。"),
        ("省委黨校教授", "會議邀請了省委黨校教授李強作專題輔導。"),
        # A body's own 和 is no list's: 市發展 alone is neither a name nor a title.
        ("縣發展和改革局局長", "縣發展和改革局局長李強出席會議。"),
        ("縣住房和城鄉建設局局長", "縣住房和城鄉建設局局長李強、縣長張偉出席會議。"),
        ("縣工業和信息化局局長", "縣長張偉和縣工業和信息化局局長李強出席會議。"),
    ],
)
def test_titles_the_seeds_lack(title: str, sentence: str) -> None:
    text = f"縣委召開會議\n3月2日，縣委書記王明主持會議。{sentence}"
    assert {p.name: p.title for p in extract_offline(clean_text(text)).attendees}.get("李強") == title


@pytest.mark.parametrize(
    ("sentences", "named"),
    [
        ("會議傳達學習了全省防汛工作電視電話會議精神和省委書記王海濤的講話要求。", {"王海濤": "省委書記"}),
        ("會議學習了省委書記王立平在全省領導幹部會議上的講話。", {"王立平": "省委書記"}),
        ("會議傳達學習了習近平總書記重要講話精神。", {"習近平": "總書記"}),
        ("受縣委書記王明委託，縣委副書記李強主持會議。", {"王明": "縣委書記"}),
        # Named in what someone said — unless present (張偉 is, below).
        ("李強指出，省委書記孫強在調研時強調，縣長張偉要抓好安全生產。", {"孫強": "省委書記"}),
        # Whose words, instructions or approval the report cites.
        ("會議傳達學習了省委書記孫強在全省防汛工作會議上的講話精神。", {"孫強": "省委書記"}),
        ("會議指出，要認真落實省委書記孫強的指示要求。", {"孫強": "省委書記"}),
        ("按照省委書記孫強的部署要求，會議研究了有關工作。", {"孫強": "省委書記"}),
        ("省委書記孫強對此作出批示，會議對貫徹落實作了部署。", {"孫強": "省委書記"}),
        # A word of when or how between the name and 對 (近日, 專門): no one had been read.
        ("市委書記李華近日對我縣防汛工作作出批示。", {"李華": "市委書記"}),
        ("市委書記李華專門作出批示，要求全力做好防汛工作。", {"李華": "市委書記"}),
        ("會議傳達了省委書記孫強、省長趙剛的批示要求。", {"孫強": "省委書記", "趙剛": "省長"}),
        ("李強指出，市委書記孫強對我縣工作給予了充分肯定。", {"孫強": "市委書記"}),
        ("會議學習了《孫強同志在全市經濟工作會議上的講話》。", {"孫強": None}),
        ("會議傳達了廣大同志的要求。", {}),  # 廣 is a surname, 廣大 a word
        # Whose approval on a matter was relayed: 孫強關於…的批示.
        ("會議傳達了省委書記孫強關於安全生產工作的批示精神。", {"孫強": "省委書記"}),
        # Whose approval was carried out: 孫強批示精神, with no 的.
        ("縣長張偉通報了市委書記孫強批示精神的落實情況。", {"孫強": "市委書記"}),
    ],
)
def test_people_named_but_not_present_are_listed_apart(sentences: str, named: dict[str, str]) -> None:
    readout = extract_offline(clean_text(f"縣委召開會議\n3月2日，縣委召開會議。{sentences}縣長張偉出席。"))
    assert {p.name: p.title for p in readout.mentioned} == named
    assert not set(named) & {p.name for p in readout.attendees}
    assert all(p.name_en for p in readout.mentioned)
    evidence = {e.field: e.quote for e in readout.evidence}
    assert all(evidence[f"mentioned:{name}"] == name for name in named)


def test_what_a_carried_clause_says_does_not_undo_the_first() -> None:
    # 隨後出席 has no subject of its own: 王明 is carried to it, and still chaired.
    text = "座談會召開\n12月3日，縣委書記王明主持會議，隨後出席座談會。縣長李強出席並講話。"
    readout = extract_offline(clean_text(text))
    assert readout.chair is not None and readout.chair.name == "王明"


@pytest.mark.parametrize(
    "sentence",
    ["安陽縣長出席會議。", "安陽市委書記出席會議。", "文旅局長出席會議。", "管委會主任出席會議。", "區委副書記出席。"],
)
def test_a_place_or_an_organ_before_a_title_is_not_a_name(sentence: str) -> None:
    # 李強副縣長 names 李強; 安陽縣長 is the county's head, 文旅局長 the bureau's (安陽,
    # 文旅 and 管委 would pass as names: 安, 文 and 管 are surnames).
    readout = extract_offline(clean_text(f"會議召開\n9月12日，縣委書記王明主持會議。{sentence}"))
    assert {p.name for p in readout.attendees} == {"王明"}


def test_no_chair_when_only_a_report_was_heard() -> None:
    text = "會議召開\n9月12日，市民政局局長袁兵作了工作匯報。市委常委、秘書長潘紅梅出席會議。"
    readout = extract_offline(clean_text(text))
    assert readout.chair is None
    assert {p.name for p in readout.attendees} == {"袁兵", "潘紅梅"}


def test_the_chair_named_only_in_the_title() -> None:
    text = "李強主持召開縣政府常務會議\n3月2日，縣政府召開第5次常務會議。副縣長張華、趙剛出席會議。"
    readout = extract_offline(clean_text(text))
    assert readout.chair is not None and readout.chair.name == "李強"
    assert {p.name for p in readout.attendees} == {"李強", "張華", "趙剛"}


@pytest.mark.parametrize(
    ("report", "chair"),
    [
        ("市委理論學習中心組舉行集體學習。市委書記林國棟出席並講話，市長高峰參加學習。", "林國棟"),
        ("縣人大常委會召開第十次會議。縣人大常委會主任王強出席會議並講話，副主任李麗參加會議。", "王強"),
        ("縣政協召開常委會議。縣政協主席趙明出席會議並講話，副主席孫紅參加會議。", "趙明"),
        ("縣安委會召開全體會議。縣長、縣安委會主任周傑出席會議並講話，副縣長吳敏參加會議。", "周傑"),
        # A headquarters or a leading group: its commander, its head.
        ("縣防汛抗旱指揮部召開會議。副縣長吳敏參加，縣長、縣防汛抗旱指揮部指揮長周傑出席並講話。", "周傑"),
        ("縣疫情防控工作領導小組召開會議。副縣長吳敏參加，縣委書記、縣疫情防控工作領導小組組長周傑出席。", "周傑"),
        # No organ convenes: the first who was there and spoke (reports name the most senior first).
        ("全縣脫貧攻堅推進會召開，縣委書記周傑出席會議並講話。縣長吳敏出席。", "周傑"),
        # Who reported to the meeting answers to it: the first who spoke otherwise.
        ("全縣防汛工作會議召開，縣水利局局長王五匯報了汛情。縣委書記周傑出席並講話。", "周傑"),
        ("全縣防汛工作會議召開，會議聽取了縣水利局局長王五關於汛情的匯報。縣委書記周傑出席並講話。", "周傑"),
    ],
)
def test_no_one_said_to_chair_the_head_of_the_convening_body_does(report: str, chair: str) -> None:
    readout = extract_offline(clean_text(f"會議召開\n9月12日，{report}"))
    assert readout.chair is not None and readout.chair.name == chair


@pytest.mark.parametrize(
    ("lead", "date"),
    [
        ("12月16號", "--12-16"),
        ("2023年12月16號上午", "2023-12-16"),
        ("2023-12-16", "2023-12-16"),
        ("2023.12.16", "2023-12-16"),
        # Full-width digits, as Chinese pages often write them: the date is ISO all the same.
        ("２０２３年１２月１６日", "2023-12-16"),
        ("２０２３-１２-１６", "2023-12-16"),
        ("16日", None),  # a day alone: the month is not said
        # In words, as formal documents write them.
        ("二〇二四年三月五日", "2024-03-05"),
        ("三月十五日", "--03-15"),
        ("十二月二十五日下午", "--12-25"),
        # A deadline is not the day: 日前 says "recently", 3月10日前 "by 10 March".
        ("日前，縣委要求在3月10日前完成排查", None),
        # "Recently", then the day the meeting spoke of: the day it met is not said.
        ("日前，縣委召開會議，部署10月1日國慶期間安全工作", None),
        ("本報訊（記者 李紅）近日，縣委召開會議，部署10月1日國慶期間安全工作", None),
        ("截至3月10日，全縣已完成排查。3月12日", "--03-12"),
        # Two days as one: the first; a day the report says something of is not the day.
        ("12月30—31日", "--12-30"),
        ("3月2至3日", "--03-02"),
        ("3月2到3日", "--03-02"),
        ("12月30日是全縣脫貧攻堅誓師日。12月31日", "--12-31"),
    ],
)
def test_dates_written_other_ways(lead: str, date: str | None) -> None:
    assert extract_offline(clean_text(f"會議召開\n{lead}，縣委書記王明主持召開會議。")).date == date


@pytest.mark.parametrize(
    ("lead", "days"),
    [
        ("1月8日至10日", "1月8日至10日"),
        ("12月30—31日", "12月30—31日"),
        ("11月28日至12月1日", "11月28日至12月1日"),
        ("2024年3月2到3日", "2024年3月2到3日"),
        ("3月2日", None),  # one day: no note
        ("3月2日上午", None),
    ],
)
def test_a_meeting_dated_over_several_days_is_dated_by_its_first_and_says_so(lead: str, days: str | None) -> None:
    # A congress's session or a two-day meeting had been dated by its first day, silently.
    readout = extract_offline(clean_text(f"會議召開\n{lead}，縣委書記王明主持召開會議。"))
    notes = [n for n in readout.notes if "more than one day" in n]
    if days is None:
        assert readout.date == "--03-02" and not notes
    else:
        assert readout.date is not None and readout.date.endswith(("-01-08", "-12-30", "-11-28", "-03-02"))
        assert notes == [f"the text dates it over more than one day ({days}): the date is the first"]


@pytest.mark.parametrize(
    ("lead", "part"),
    [
        ("12月5日（星期二）上午", "morning"),
        ("12月5日星期二上午", "morning"),
        ("2024年12月5日（周二）下午", "afternoon"),
        ("二〇二四年十二月五日（星期四）晚", "evening"),
        ("12月5日（星期二）", None),
        ("今天（12月5日）上午", "morning"),  # after the bracket the date was given in
        ("12月5日早上", "morning"),
        ("12月5日凌晨", "morning"),
        ("12月5日午后", "afternoon"),
        # A space between, as a dateline writes it.
        ("12月5日 上午", "morning"),
        ("2024年12月5日 星期二 下午", "afternoon"),
        ("2024/12/5 上午", "morning"),
        # The hour alone gives it (it had been none): 19:30, 14时, 8点.
        ("12月5日19:30", "evening"),
        ("12月5日 9:00", "morning"),
        ("12月5日14时", "afternoon"),
        ("2024年12月5日8点", "morning"),
        ("12月5日上午11:30", "morning"),
        ("12月5日25时", None),
    ],
)
def test_the_part_of_the_day_after_a_weekday(lead: str, part: str | None) -> None:
    readout = extract_offline(clean_text(f"會議召開\n{lead}，縣委書記王明主持召開會議。"))
    assert readout.date is not None and readout.date.endswith("12-05")
    assert readout.time_of_day == part


@pytest.mark.parametrize(
    ("said", "targets"),
    [
        ("王明強調，要緊盯全年目標任務，確保三季度地區生產總值增長6%以上。", [("6%以上", "三季度地區生產總值增長")]),
        ("會議要求，力爭完成固定資產投資50億元。", [("50億元", "完成固定資產投資")]),
        # Counted in other units: projects, kilometres, a rate per thousand.
        ("會議要求，全年力爭新簽約億元以上項目30個。", [("30個", "新簽約億元以上項目")]),
        ("會議要求，確保新建改建農村公路300公里。", [("300公里", "新建改建農村公路")]),
        ("會議要求，確保森林火災受害率控制在0.9‰以內。", [("0.9‰以內", "森林火災受害率控制在")]),
        # Units counted in ten thousands other than yuan, mu, tonnes and people had been no figure.
        ("會議強調，力爭全年新增市場主體1.2萬戶。", [("1.2萬戶", "全年新增市場主體")]),
        (
            "會議要求，確保新建5G基站1200個、新增裝機容量30萬千瓦。",
            [("1200個", "新建5G基站"), ("30萬千瓦", "新增裝機容量")],
        ),
        # A plan's figures, and the goals listed after the first, clause by clause.
        (
            "會議明確，今年全縣要完成水毀工程修復項目12個，新建堤防5.2公里，力爭汛期“不死一人”。",
            [("12個", "完成水毀工程修復項目"), ("5.2公里", "新建堤防")],
        ),
        ("會議要求，全年計劃新建農村公路300公里、改造危橋15座。", [("300公里", "新建農村公路"), ("15座", "改造危橋")]),
        # Ponds and wells counted in 口, lengths in 米, and 新修 as a verb of doing: a plan
        # for water works had given one goal, its meaning both clauses.
        (
            "會議要求，到明年3月底，全縣要完成山塘清淤整治300口、新修渠道50公里。",
            [("300口", "完成山塘清淤整治"), ("50公里", "新修渠道")],
        ),
        ("會議要求，確保年底前新修堤防800米。", [("800米", "年底前新修堤防")]),
        # The figure first, what it counts after.
        ("會議強調，確保30項民生實事在年底前全部完成。", [("30項", "民生實事在年底前全部完成")]),
        (
            "會議要求，力爭100%完成整改，確保全年地區生產總值增長6%以上。",
            [("100%", "完成整改"), ("6%以上", "全年地區生產總值增長")],
        ),
        # A goal listed after the first with when it is due before its verb.
        (
            "會議強調，要確保森林覆蓋率達到62%以上，年底前完成造林1.2萬畝。",
            [("62%以上", "森林覆蓋率達到"), ("1.2萬畝", "完成造林")],
        ),
        (
            "會議要求，確保全年完成投資50億元，年內新建農村公路120公里。",
            [("50億元", "全年完成投資"), ("120公里", "新建農村公路")],
        ),
        # Or after a clause with no figure: a deadline says it is to be done.
        ("會議要求，各鄉鎮要在5月底前完成隱患排查，年底前完成堤防加固12公里。", [("12公里", "完成堤防加固")]),
        # The figure right after its verb, what it counts after the figure: the meaning had
        # been the verb alone (完成), and with a deadline and no 要 there was no target at all.
        ("會議要求，全縣要完成12個小區改造任務。", [("12個", "小區改造任務")]),
        ("會議同意實施方案，由縣住建局牽頭，9月底前完成12個小區改造任務。", [("12個", "小區改造任務")]),
        ("會議要求，確保年內新建5所幼兒園。", [("5所", "幼兒園")]),
        # Goals listed after the first that pass a figure or name a thing in quotes: the list
        # had ended at them.
        (
            "會議要求，確保全年地區生產總值增長6%以上，社會消費品零售總額突破1200億元。",
            [("6%以上", "全年地區生產總值增長"), ("1200億元", "社會消費品零售總額突破")],
        ),
        (
            "會議要求，確保電詐案件發案數下降30%以上，“國家反詐中心”APP註冊率達到80%。",
            [("30%以上", "電詐案件發案數下降"), ("80%", "“國家反詐中心”APP註冊率達到")],
        ),
        # Days a stock is to last (not a deadline: 確保3天內完成).
        ("會議強調，確保電煤庫存保持在15天以上。", [("15天以上", "電煤庫存保持在")]),
        ("會議要求，確保3天內完成排查。", []),
        # A goal by its figure and unit before 目標: its unit had been cut off.
        ("會議號召，奮力實現地區生產總值突破300億元目標。", [("300億元", "地區生產總值突破")]),
        # A goal listed after a deadline's clause, which covers it (minutes' decisions): none
        # had been read.
        (
            "會議議定，由縣城管局牽頭，8月底前完成城區停車泊位規劃，新增公共停車泊位1500個。",
            [("1500個", "新增公共停車泊位")],
        ),
        (
            "會議明確，年底前完成主幹道改造，新建公廁20座、改造農貿市場3個。",
            [("20座", "新建公廁"), ("3個", "改造農貿市場")],
        ),
        # A figure reached is no target, before a goal or after one.
        ("全縣已完成投資30億元，同比增長5.2%。", []),
        ("會議指出，目前已完成投資20億元，確保全年完成投資50億元。", [("50億元", "全年完成投資")]),
        ("今年以來，全縣完成投資30億元，新建道路5公里。", []),
        # A year ahead to reach it by, the subject before the verb, in what was asked.
        ("會議要求，到2025年底，全縣森林覆蓋率達到65%以上。", [("65%以上", "全縣森林覆蓋率達到")]),
        ("縣長李強要求，到2026年，全縣農村自來水普及率提高到95%。", [("95%", "全縣農村自來水普及率提高到")]),
        # A year's end as of which a figure was reached, in what the meeting noted: none.
        ("會議指出，到2023年底，全縣森林覆蓋率達到60%。", []),
        # The year's goal as a clause of what was asked, with no 確保 or 力爭: it had been none.
        (
            "劉勇要求，要堅決守牢不發生規模性返貧底線，全年農村居民人均可支配收入增長7.5%以上。",
            [("7.5%以上", "農村居民人均可支配收入增長")],
        ),
        # The year's figures reached, as the meeting noted them: none.
        ("會議指出，全年實現地區生產總值156億元，增長5.8%。", []),
        ("今年以來全縣規模工業增加值增長8.1%。", []),
        # Thousands set apart (read as 000億元, meant by 投資1,) and a share in words (none read).
        ("會議要求，確保全年完成固定資產投資1,000億元。", [("1,000億元", "全年完成固定資產投資")]),
        ("會議要求，力爭完成造林1,200畝。", [("1,200畝", "完成造林")]),
        ("會議要求，確保全年地區生產總值增長百分之六以上。", [("百分之六以上", "全年地區生產總值增長")]),
        # Figures in words, and a goal kept at a level (穩定在): none had been read.
        (
            "會議要求，確保全年完成固定資產投資一百億元，糧食產量穩定在50萬噸以上。",
            [("一百億元", "全年完成固定資產投資"), ("50萬噸以上", "糧食產量穩定在")],
        ),
        (
            "會議要求，力爭新建高標準農田十萬畝，完成植樹造林五千畝。",
            [("十萬畝", "新建高標準農田"), ("五千畝", "完成植樹造林")],
        ),
        # A count in words is a slogan's: no figure.
        ("會議要求，確保三個到位，力爭兩項指標走在前列。", []),
        ("會議指出，今年以來全縣完成投資一百二十億元。", []),
    ],
)
def test_figures_a_meeting_set_as_goals_are_targets(said: str, targets: list[tuple[str, str]]) -> None:
    readout = extract_offline(clean_text(f"會議召開\n5月3日，縣委書記王明主持召開會議。{said}"))
    assert [(t.value, t.meaning) for t in readout.targets] == targets


@pytest.mark.parametrize(
    ("said", "directive"),
    [
        ("會議要求，到2025年底，全縣森林覆蓋率達到65%以上。", "到2025年底，全縣森林覆蓋率達到65%以上"),
        ("縣長李強要求，年底前，各鄉鎮完成農村危房改造。", "年底前，各鄉鎮完成農村危房改造"),
    ],
)
def test_an_instruction_that_opens_with_its_deadline_keeps_what_is_to_be_done(said: str, directive: str) -> None:
    # The deadline's clause alone had been taken for the instruction (到2025年底).
    readout = extract_offline(clean_text(f"會議召開\n5月3日，縣委書記王明主持召開會議。{said}"))
    assert [d.text_zh for d in readout.directives] == [directive]


def test_a_readout_date_is_iso_in_ascii_digits() -> None:
    # Python's \d takes full-width digits: a date of ２０２３-12-16 once passed the check.
    from pydantic import ValidationError

    from jiyao.schemas import Readout

    with pytest.raises(ValidationError):
        Readout(date="２０２３-12-16")
    assert Readout(date="2023-12-16").date == "2023-12-16"


def test_a_date_in_words_wins_over_a_numeric_one() -> None:
    text = "會議召開\n12月16日，縣委書記王明主持召開會議，部署2024-01-31前完成的任務。"
    assert extract_offline(clean_text(text)).date == "--12-16"


@pytest.mark.parametrize(
    ("report", "meeting"),
    [
        ("推進會召開\n4月26日上午，縣招商引資重點項目推進會召開，縣委書記主持會議。", "縣招商引資重點項目推進會"),
        # A study session by its number: the study group's, as with numbered meetings.
        (
            "中心組集體學習\n3月8日，區委理論學習中心組舉行2024年第二次集體學習。",
            "區委理論學習中心組2024年第二次集體學習",
        ),
        ("中心組學習\n3月8日，縣委中心組召開學習會。", "縣委中心組學習會"),
        ("學習\n3月8日，舉行2024年第二次集體學習。", "2024年第二次集體學習"),
        # A session said to open or close, not to be held.
        (
            "人代會閉幕\n1月12日上午，縣第十八屆人民代表大會第四次會議在縣會議中心勝利閉幕。",
            "縣第十八屆人民代表大會第四次會議",
        ),
        ("政協會議開幕\n1月8日上午，政協第十屆縣委員會第三次會議隆重開幕。", "政協第十屆縣委員會第三次會議"),
        # Named only in the headline: the body says who convened whom.
        (
            "市委召開鄉村振興工作領導小組會議\n4月8日，市委書記王明召集市直有關部門負責人研究工作。",
            "鄉村振興工作領導小組會議",
        ),
        # A meeting held elsewhere that the officials attended: it had been none.
        ("招商\n10月9日，市委書記湯文傑出席在深圳舉行的我市產業招商推介會並致辭。", "我市產業招商推介會"),
        # A session told of before its name: the name had opened with 市長出席了在….
        (
            "博覽會\n5月16日，市長出席了在市會展中心舉行的2024中國（湖南）國際礦物寶石博覽會開幕式。",
            "2024中國（湖南）國際礦物寶石博覽會",
        ),
        # Held (舉行) rather than convened: it had been none.
        ("懇談\n9月6日下午，市政府舉行政企懇談會，面對面聽取企業家意見建議。", "政企懇談會"),
        ("座談\n9月6日下午，市政府召開了政企座談會，聽取意見建議。", "政企座談會"),  # not 了政企座談會
    ],
)
def test_the_meeting_named_other_ways(report: str, meeting: str) -> None:
    assert extract_offline(clean_text(report)).meeting == meeting


def test_a_day_whose_character_the_cleaner_marked_lost_is_still_read() -> None:
    readout = extract_offline(clean_text("防汛专题会召开\n6月30□镇党委书记刘春雨主持召开防汛工作专题会。"))
    assert readout.date == "--06-30"
    assert readout.chair is not None and readout.chair.name == "刘春雨"
    # A question mark after a day is no lost 日.
    assert extract_offline(clean_text("会议召开\n会议定在6月30？还是7月1日？")).date == "--07-01"


def test_names_read_from_damaged_bytes_are_flagged_not_silently_trusted() -> None:
    page, damaged = dev_43_with_a_name_misread()  # 振 of 范振国 lost its lead byte: read 民
    readout = extract_offline(clean_text(damaged))
    flagged = [note.split(" was ")[0] for note in readout.notes if "read from damaged bytes" in note]
    assert "check the source: name 范民国" in flagged
    # Without byte loss, nothing is flagged.
    clean = extract_offline(clean_text(page))
    assert not [note for note in clean.notes if "damaged bytes" in note]


def test_a_damaged_name_the_report_also_writes_intact_is_not_flagged() -> None:
    # 翁 of 县委常委翁志刚 lost its lead byte and was read back; the report names him whole
    # where he speaks, from bytes nothing damaged: no reason to doubt the name.
    page = (
        "县委召开会议\n5月8日,县委书记王海主持召开会议.副县长苗青,县委常委翁志刚出席会议.\n"
        "苗青通报了有关情况.翁志刚要求,各乡镇要落实到位.\n"
    )
    readout = extract_offline(clean_text(lose_lead_byte(page, "翁志刚出席", "?讨靖粘鱿?嵋?.")))
    assert "翁志刚" in {p.name for p in readout.attendees}
    assert not [note for note in readout.notes if "damaged bytes" in note]
    # Written once, in the damaged run only: still flagged.
    once = page.replace("翁志刚要求", "会议要求")
    readout = extract_offline(clean_text(lose_lead_byte(once, "翁志刚出席", "?讨靖粘鱿?嵋?.")))
    assert [note for note in readout.notes if "read from damaged bytes" in note]


def test_a_name_is_written_intact_only_where_no_repair_span_reaches_it_overlapping_or_not() -> None:
    from jiyao.extraction import _written_intact

    text = "王明主持会议，王明讲话。"  # 王明 at 0 and at 7
    assert _written_intact(text, "王明", [0], [2])  # the second one is no repair's
    assert not _written_intact(text, "王明", [0, 7], [2, 9])  # both are
    # A long repair (0–9) and a short one inside it (3–4): the one that starts last before
    # 7 does not reach it, the long one does.
    assert not _written_intact(text, "王明", [0, 3], [9, 9])
    assert _written_intact(text, "王明", [], [])


def test_a_list_of_names_with_characters_the_bytes_left_open_says_a_name_may_be_missing() -> None:
    # dev 15: 李 of 李娟、赵铁军 lost its lead byte; 铁军's bytes are gone but one, and the
    # decoder once read 赵听见, a name nobody has. Now the gap shows, and the readout says so.
    report = clean_text(lose_lead_byte(dev_page("15"), "李娟、", "?罹辍⒄蕴??渭踊嵋椤?"))
    assert "赵太□参加会议" in report.text
    readout = extract_offline(report)
    assert "赵听见" not in {p.name for p in readout.attendees}
    unread = [note for note in readout.notes if "left characters unread" in note]
    assert unread == [
        "check the source: damaged bytes left characters unread (□) where people are named "
        "(副镇长李娟、赵太□参加会议): a name may be missing or cut"
    ]
    # A damaged day or a damaged word after the people are named is no missing name.
    quiet = extract_offline(clean_text("防汛专题会召开\n6月30□镇党委书记刘春雨主持会议，要求开展拉网式排□做到早发现。"))
    assert not [note for note in quiet.notes if "left characters unread" in note]


def test_the_most_mentioned_place_counts_like_str_count_and_a_tie_goes_to_the_first_named() -> None:
    from jiyao.extraction.found import Found
    from jiyao.extraction.places import _most_mentioned

    names = frozenset({"惠州", "廣州", "州惠", "州州"})
    text = "廣州惠州惠州廣州州州州"  # 州州 twice without overlap, as str.count says
    assert text.count("州州") == 2
    assert _most_mentioned(text, names) == Found("廣州", 0, 2)
    assert _most_mentioned("沒有地名", names) is None


def test_a_date_that_lost_a_digit_is_not_read_and_the_readout_says_so() -> None:
    readout = extract_offline(
        clean_text("防汛部署會召開\n4?6日下午，全縣防汛備汛工作部署會召開。副縣長蔣麗華主持會議。\n")
    )
    assert readout.date is None
    assert "check the source: the date is damaged (4□6日: a digit went with a lost byte), not read" in readout.notes


@pytest.mark.parametrize(
    ("page", "note"),
    [
        # A report dated only as lately had no date and no word of why: it looked like a miss.
        ("縣委常委會召開\n近日，縣委書記王明主持召開縣委常委會會議。\n", "only 近日 (lately)"),
        ("縣委常委會召開\n縣委書記王明日前主持召開縣委常委會會議。\n", "only 日前 (lately)"),
        (
            "縣委常委會召開\n發布時間：2024-03-12 09:30\n近日，縣委書記王明主持召開縣委常委會會議。\n",
            "only 近日 (lately), on or before the day the page was published (2024-03-12)",
        ),
    ],
)
def test_a_report_dated_only_as_lately_says_it_gives_no_day(page: str, note: str) -> None:
    readout = extract_offline(clean_text(page))
    assert readout.date is None
    assert f"the date: the report gives no day, {note}" in readout.notes


def test_a_dated_report_that_says_lately_of_something_else_has_no_such_note() -> None:
    readout = extract_offline(clean_text("會議召開\n3月8日，縣委書記王明主持召開會議。近日，各鄉鎮開展了排查。\n"))
    assert readout.date == "--03-08"
    assert not any("gives no day" in note for note in readout.notes)


def test_a_name_with_tong_in_it_keeps_it() -> None:
    readout = extract_offline(clean_text("會議召開\n12月3日，縣委書記王明主持會議。縣長王同軍一道出席會議。"))
    assert {p.name for p in readout.attendees} == {"王明", "王同軍"}


def test_the_readout_says_who_gave_each_directive() -> None:
    # 王立指出… then 馬澤江指出…: each directive is the last speaker's before it.
    directives = extract_offline(clean_file(seed("002"))).directives
    by = {d.text_zh: d.by for d in directives}
    assert by["動態清零要常態化"] == "王立" and by["要高效統籌疫情防控和經濟社會發展"] == "王立"
    assert by["要千方百計防住疫情"] == "馬澤江" and by["要千方百計守牢安全"] == "馬澤江"
    # 會議強調…: the meeting's own words, no one's.
    assert [d.by for d in extract_offline(clean_file(seed("004"))).directives] == [None] * 8
    # 他強調: of the last one named.
    report = clean_text("會議召開\n2月24日，縣長廖春生出席會議並講話，他強調，要全面壓實責任。")
    assert [d.by for d in extract_offline(report).directives] == ["廖春生"]


@pytest.mark.parametrize(
    ("said", "by"),
    [
        # A surname and a post speak of the one named before who holds it: no one new.
        ("王書記強調，要壓實責任。劉縣長要求，各鄉鎮要落實到位。", ["王海", "劉建國"]),
        ("会上，刘副县长要求，各乡镇要落实到位。", ["刘建平"]),
        # Two named with the surname: the post tells which.
        ("王縣長要求，各鄉鎮要落實到位。", ["王明"]),
        # No one named holds the post: no one's.
        ("趙書記強調，要壓實責任。", [None]),
    ],
)
def test_a_surname_and_a_post_are_the_one_named_who_holds_it(said: str, by: list[str | None]) -> None:
    text = f"會議召開\n5月8日，縣委書記王海主持召開會議，縣長劉建國、王明，副县长刘建平出席會議。{said}"
    readout = extract_offline(clean_text(text))
    assert [d.by for d in readout.directives] == by
    assert {p.name for p in readout.attendees} == {"王海", "劉建國", "王明", "刘建平"}


def test_numbered_requests_a_speaker_makes_on_a_matter_are_theirs_every_one() -> None:
    # 就…提出三点要求：一是…: the first after the colon counts too, and all are his.
    report = clean_text(
        "县召开安全生产会议\n3月2日，县安委会召开全体会议。县委书记王明出席会议并讲话。"
        "县长李强就做好下一步工作提出三点要求：一是要提高政治站位；二是要压实工作责任；三是要强化督导检查。"
    )
    assert [(d.text_zh, d.by) for d in extract_offline(report).directives] == [
        ("要提高政治站位", "李强"),
        ("要压实工作责任", "李强"),
        ("要强化督导检查", "李强"),
    ]


def test_requests_numbered_yi_yao_er_yao_are_each_a_directive_once() -> None:
    # 一要…；二要…；三要…: each is one, read as 要… (as 一是要… gives it), the first not twice.
    report = clean_text(
        "經濟運行分析會召開\n4月12日上午，我市召開經濟運行分析會。市長汪洋主持會議並講話。\n"
        "汪洋強調，一要狠抓項目建設；二要全力穩定工業運行；三要持續擴大消費需求。"
    )
    assert [(d.text_zh, d.by) for d in extract_offline(report).directives] == [
        ("要狠抓項目建設", "汪洋"),
        ("要全力穩定工業運行", "汪洋"),
        ("要持續擴大消費需求", "汪洋"),
    ]


def test_numbered_requests_parted_by_commas_are_each_a_directive() -> None:
    # 一要…，二要…，三要…: the next number ends an item as a semicolon would.
    report = clean_text(
        "會議召開\n5月3日，縣委書記王明主持召開會議。王明要求，一要壓實責任，二要強化督查，三要嚴肅問責。"
    )
    assert [(d.text_zh, d.by) for d in extract_offline(report).directives] == [
        ("要壓實責任", "王明"),
        ("要強化督查", "王明"),
        ("要嚴肅問責", "王明"),
    ]


def test_requests_counted_first_second_third_are_each_a_directive() -> None:
    report = clean_text(
        "會議召開\n5月3日，縣委書記王明主持召開會議。王明提出三點要求：第一，要壓實責任；第二，要加強監測；"
        "第三，要做好轉移準備。第四，今年以來全縣形勢平穩。"
    )
    assert [(d.text_zh, d.by) for d in extract_offline(report).directives] == [
        ("要壓實責任", "王明"),
        ("要加強監測", "王明"),
        ("要做好轉移準備", "王明"),
    ]


def test_an_instruction_that_opens_what_a_speaker_said_is_a_directive_of_theirs() -> None:
    text = (
        "县召开森林防火工作会议\n2月3日，全县森林防火工作会议召开。县长周平出席会议并讲话。\n"
        "周平要求，各乡镇要落实巡山护林责任，严管野外用火。\n"
        "县委书记吴江在总结讲话中强调，各级各部门要把森林防火摆在突出位置。\n"
        "周平指出，当前正值森林防火关键期，形势严峻。"
    )
    readout = extract_offline(clean_text(text))
    assert [(d.text_zh, d.by) for d in readout.directives] == [
        ("各乡镇要落实巡山护林责任", "周平"),
        ("各级各部门要把森林防火摆在突出位置", "吴江"),
    ]


@pytest.mark.parametrize(
    ("said", "directive"),
    [
        # After clauses that set the scene: the first clause that says what is to be done.
        (
            "周平指出，当前正值森林防火关键期，形势严峻，各乡镇要落实巡山护林责任，严管野外用火。",
            "各乡镇要落实巡山护林责任",
        ),
        ("会议指出，招商引资是经济工作的“生命线”，各地要牢固树立“项目为王”理念。", "各地要牢固树立“项目为王”理念"),
        # A speech may look back at length before it asks.
        (
            "周平指出，今年以来，在各方共同努力下，经过连续奋战，全县森林防火形势总体平稳、可防可控，"
            "充分说明我们的思路和举措是对的，各乡镇要再接再厉、久久为功。",
            "各乡镇要再接再厉、久久为功",
        ),
        # No comma after the verb.
        ("周平强调要落实巡山护林责任，严管野外用火。", "要落实巡山护林责任"),
        # A colon after it, as a comma is.
        ("会议强调：各部门要对照时间节点，确保任务按时完成。", "各部门要对照时间节点"),
        ("會議指出：要對照時間節點，確保任務按時完成。", "要對照時間節點"),
        ("周平要求：对照问题清单逐项销号，坚决做到应改尽改。", "对照问题清单逐项销号"),
        # 提出 and the meeting's 明确 ask as 强调 does.
        ("会议提出，要切实加强安全生产监管，坚决遏制重特大事故发生。", "要切实加强安全生产监管"),
        ("會議明確，各鄉鎮要在5月底前完成隱患排查。", "各鄉鎮要在5月底前完成隱患排查"),
        # 必须 and 务必 ask as 要 does; 号召 asks as 强调 does.
        ("会议强调，必须坚持人民至上、生命至上，全力保障人民群众生命财产安全。", "必须坚持人民至上、生命至上"),
        ("周平指出，当前森林防火形势严峻，各乡镇务必严防死守。", "各乡镇务必严防死守"),
        ("会议号召，全县党员干部要以更加饱满的热情投入到工作中去。", "全县党员干部要以更加饱满的热情投入到工作中去"),
        # 表示 too, when what follows asks (周平表示，双方要…); a thanks or a view asks nothing.
        ("周平表示，双方要加快推进重大项目合作，早日见效。", "双方要加快推进重大项目合作"),
        ("周平表示，感谢各位长期以来的关心支持。", None),
        # A bare 强调 after a clause may be words studied, not given (習近平…視察時，強調要…): no directive.
        ("会议传达了有关精神。省领导在视察时，强调要坚持底线思维。", None),
        # Those asked may be several bodies, named at length.
        (
            "会议要求，县住建局、县公安局交警大队要密切配合，年底前新增停车位500个以上。",
            "县住建局、县公安局交警大队要密切配合",
        ),
        # What 要求 opens is asked, 要 or not.
        ("周平要求，对照问题清单逐项销号，坚决做到应改尽改。", "对照问题清单逐项销号"),
        # A formula quoted inside what was asked is part of it.
        (
            "会议要求，全县上下务必以“时时放心不下”的责任感做好各项工作。",
            "全县上下务必以“时时放心不下”的责任感做好各项工作",
        ),
        # Unless a later clause of it says 要: that one is the instruction.
        ("周平要求，当前形势严峻，各乡镇要严管野外用火。", "各乡镇要严管野外用火"),
        # Nothing is asked: 重要 and 主要 are words, 按照…要求 and 工作要求 are nouns.
        ("周平指出，这是一项重要举措，主要任务已经完成。", None),
        ("按照省委要求，全县开展了森林防火大检查。", None),
        ("周平强调，落实好省委工作要求，全力服务全省大局。", None),
    ],
)
def test_the_first_instruction_in_what_was_said_after_the_scene_is_set(said: str, directive: str | None) -> None:
    readout = extract_offline(clean_text(f"县召开森林防火工作会议\n2月3日，县长周平主持召开会议。\n{said}"))
    assert [d.text_zh for d in readout.directives] == ([directive] if directive else [])


def test_the_work_a_meeting_deployed_item_by_item_after_a_colon_is_each_a_directive() -> None:
    readout = extract_offline(
        clean_text(
            "县召开森林防火工作会议\n2月3日，县长周平主持召开会议。\n"
            "会议部署了下一阶段重点工作：全面开展火灾隐患排查整治；加快推进防火通道建设；扎实做好值班值守。\n"
        )
    )
    assert [d.text_zh for d in readout.directives] == [
        "全面开展火灾隐患排查整治",
        "加快推进防火通道建设",
        "扎实做好值班值守",
    ]


def test_names_padded_and_lists_set_apart_by_spaces_as_official_lists_are_typeset() -> None:
    text = (
        "縣委常委會召開會議\n10月28日，縣委書記王　明主持召開縣委常委會會議。縣長李　強、副縣長張曉華出席會議。"
        "出席會議的還有趙　剛　孫麗華　縣政協主席 錢　偉。\n王　明強調，要堅持預防爲主。"
    )
    report = clean_text(text)
    # The padding goes; a space between two names, or after a title, stays a separator.
    assert "王明主持" in report.text and "李強、" in report.text and "趙剛 孫麗華 縣政協主席 錢偉" in report.text
    readout = extract_offline(report)
    assert readout.chair is not None and readout.chair.name == "王明"
    assert [(p.name, p.title) for p in readout.attendees] == [
        ("王明", "縣委書記"), ("李強", "縣長"), ("張曉華", "副縣長"),
        ("趙剛", None), ("孫麗華", None), ("錢偉", "縣政協主席"),
    ]  # fmt: skip
    assert [d.by for d in readout.directives] == ["王明"]
    # Words that happen to start with a surname's character keep their space.
    assert clean_text("會議要求　各地加強巡查。").text == "會議要求 各地加強巡查。"


def test_a_title_still_heads_a_list_whose_first_name_was_lost_with_damaged_bytes() -> None:
    report = clean_text("市政府召开常务会议\n3月7日，市长罗建华主持召开常务会议。副市长丁佩□、沈国栋、黎志刚出席会议。")
    readout = extract_offline(report)
    assert [(p.title, p.name) for p in readout.attendees] == [
        ("市长", "罗建华"),
        ("副市长", "沈国栋"),
        ("副市长", "黎志刚"),
    ]
    assert any("(副市长丁佩□、沈国栋、黎志刚出席会议)" in note for note in readout.notes)


# dev 41, first variant: 华 of 蒋丽华 and 晓 of 彭晓光 lost with their bytes.
_LOST_CHAIR = (
    "我县召开防汛备汛工作部署会\n4月16日下午,全县防汛备汛工作部署会召开。县委副书记、代县长罗志强出席会议并讲话,"
    "副县长蒋丽??鞒只嵋椤\n县人武部部长邱明、县人大常委会副主任韩冬梅、县政协副主席彭??獠渭踊嵋椤\n"
)


def test_a_chair_whose_name_was_lost_is_not_taken_from_whoever_else_is_named() -> None:
    readout = extract_offline(clean_text(_LOST_CHAIR))
    assert readout.chair is None  # not 罗志强, who spoke
    assert any("(副县长蒋丽□主持会议): a name may be missing or cut" in note for note in readout.notes)


@pytest.mark.parametrize("chair", ["市应急管理局局长□华", "副县长□□华", "县长□□"])
def test_a_chair_named_after_a_title_with_characters_unread_is_unread(chair: str) -> None:
    # The title ends where the lost name begins: 局长□华, not 局 and a name 长□华.
    text = f"会议召开\n2月20日，我市召开调度会。副市长江涛出席会议并讲话。{chair}主持会议。"
    assert extract_offline(clean_text(text)).chair is None


def test_a_surname_after_a_title_is_not_read_as_a_whole_name_ending_the_sentence() -> None:
    # The decoder read 副主席彭。库参加会议: a sentence ended after a surname, and the list
    # before it (邱明, 韩冬梅) lost its verb.
    report = clean_text(_LOST_CHAIR)
    assert "彭。" not in report.text
    readout = extract_offline(report)
    assert {"邱明", "韩冬梅"} <= {p.name for p in readout.attendees}


# --- several meetings in one report ---------------------------------------------------------

TWO_MEETINGS = (
    "3月5日上午，县委常委会召开会议，县委书记王建国主持会议。县委副书记、县长李红，县委副书记张伟出席会议。"
    "会议传达学习了全省防汛工作会议精神。\n"
    "当天下午，县政府召开第8次常务会议，县长李红主持会议。副县长赵刚、孙丽出席会议。会议研究了安全生产工作。"
)


def test_a_report_of_two_meetings_says_so_and_names_the_first_meeting_with_its_chair() -> None:
    # Before: the chair was the first meeting's, the meeting the second's (第8次常务会议),
    # and nothing said that the readout ran two meetings together.
    readout = extract_offline(clean_text(TWO_MEETINGS))
    assert readout.meeting == "县委常委会会议" and readout.chair is not None and readout.chair.name == "王建国"
    assert [p.name for p in readout.attendees] == ["王建国", "李红", "张伟", "赵刚", "孙丽"]
    notes = [n for n in readout.notes if "more than one meeting" in n]
    assert len(notes) == 1 and "(县委常委会会议; 县政府第8次常务会议)" in notes[0]


def test_the_first_meeting_s_chair_is_the_readout_s_when_another_chaired_a_meeting_told_of_later() -> None:
    # The secretary, named first (出席并讲话), chaired the standing committee held before;
    # the mayor chaired the report's meeting. The readout had named the secretary its chair.
    body = (
        "6月28日，平江县召开督察整改工作推进会。县委书记刘建平出席会议并讲话，县长邹宏主持会议。"
        "刘建平强调，要抓好整改。\n会前，刘建平主持召开县委常委会会议，专题研究督察整改工作。"
    )
    readout = extract_offline(clean_text(f"整改推进会召开\n{body}"))
    assert readout.meeting == "督察整改工作推进会"
    assert readout.chair is not None and readout.chair.name == "邹宏"


@pytest.mark.parametrize("after", ["召開後，", "結束後，"])
def test_a_meeting_held_after_another_is_named_ended_is_the_reports(after: str) -> None:
    # 全省…會議召開後，我縣緊接著召開…: the province's meeting had been the report's.
    body = f"11月2日上午，全省安全生產電視電話會議{after}我縣緊接著召開全縣安全生產工作會議，副縣長危小平主持會議。"
    readout = extract_offline(clean_text(f"縣召開會議\n{body}"))
    assert readout.meeting == "全縣安全生產工作會議" and readout.format != "teleconference"


def test_a_meeting_held_right_after_another_to_carry_it_out_is_the_reports() -> None:
    # 全市…视频会议召开。会后，我县紧接着召开…: the report is of the county's own meeting
    # (its chair, not the video meeting's format). Before, the readout named the video
    # meeting with the county meeting's chair.
    body = (
        "5月8日，全市防汛工作視頻會議召開，市長孫志剛出席並講話。會後，我縣緊接著召開全縣防汛工作會議，"
        "縣委書記王海主持並講話，縣長劉建國出席。"
    )
    readout = extract_offline(clean_text(f"縣召開會議\n{body}"))
    assert readout.meeting == "全縣防汛工作會議" and readout.format != "video"
    assert readout.chair is not None and readout.chair.name == "王海"
    notes = [n for n in readout.notes if "more than one meeting" in n]
    assert len(notes) == 1 and "(全縣防汛工作會議; 全市防汛工作視頻會議)" in notes[0]
    # Without 会后: the meetings in the order told.
    apart = extract_offline(clean_text(f"縣召開會議\n{body.replace('會後，我縣緊接著', '當天下午，我縣')}"))
    assert apart.meeting == "全市防汛工作視頻會議"


@pytest.mark.parametrize(
    ("body", "meeting"),
    [
        ("5月6日，我縣舉行重點項目集中簽約儀式，縣長王海出席並致辭。", "重點項目集中簽約儀式"),
        ("12月10日，市政府與省理工大學戰略合作協議簽約儀式在市行政中心舉行。市長王海出席並致辭。",
         "市政府與省理工大學戰略合作協議簽約儀式"),
        # To be held is not held.
        ("5月6日，縣長王海主持會議，研究將舉行的簽約儀式。", None),
    ],
)  # fmt: skip
def test_a_ceremony_officials_attend_is_the_event_and_who_addresses_it_speaks(body: str, meeting: str | None) -> None:
    readout = extract_offline(clean_text(f"簽約\n{body}"))
    assert readout.meeting == meeting
    if meeting is not None:
        assert [p.name for p in readout.speakers] == ["王海"]


def test_who_gives_an_address_of_welcome_is_there_and_spoke() -> None:
    readout = extract_offline(clean_text("簽約\n5月6日，縣長王海主持簽約儀式，縣政協主席趙東致歡迎詞。"))
    assert [p.name for p in readout.speakers] == ["趙東"]
    assert {p.name for p in readout.attendees} == {"王海", "趙東"}


def test_the_meetings_are_named_as_the_report_writes_them() -> None:
    text = (ROOT / "evals" / "corpus" / "dev" / "49.txt").read_text(encoding="utf-8")
    readout = extract_offline(clean_text(text))
    assert readout.meeting == "縣委常委會會議"
    assert any("(縣委常委會會議; 縣政府第15次常務會議)" in n for n in readout.notes)


@pytest.mark.parametrize(
    "text",
    [
        # A meeting ordered or made a habit, not held.
        "3月5日，全市防汛工作会议召开。市长王建国主持会议。会议要求，各地要召开专题会议，每月召开一次调度会。",
        "3月5日，全市防汛工作会议召开。市长王建国主持会议。会议要求，汛期前将举行防汛演练动员会。",
        # Another meeting's spirit studied.
        "3月5日，市政府召开第12次常务会议，市长王建国主持。会议传达学习了全省安全生产电视电话会议精神。",
        # The organ, then its meeting, in one clause.
        "12月30日上午，区安全生产委员会召开全体（扩大）会议。会议由区长杜晓峰主持。",
    ],
)
def test_one_meeting_held_gets_no_note_of_several(text: str) -> None:
    readout = extract_offline(clean_text(text))
    assert readout.meeting is not None
    assert not any("more than one meeting" in n for n in readout.notes)


def test_a_meeting_called_after_the_first_is_a_second_meeting() -> None:
    text = (
        "12月30日上午，区安全生产委员会召开全体（扩大）会议。会议由区长杜晓峰主持。"
        "会后，杜晓峰主持召开专题调度会，研究部署重点工作。"
    )
    readout = extract_offline(clean_text(text))
    assert readout.meeting == "区安全生产委员会全体（扩大）会议"
    assert any("(区安全生产委员会全体（扩大）会议; 专题调度会)" in n for n in readout.notes)


def test_a_title_that_starts_with_a_surname_is_no_name_in_a_chain_of_titles() -> None:
    # 区 is a surname, so 区长 between 、 read as a person (区长, "区委副书记") who chaired.
    readout = extract_offline(
        clean_text(
            "区防指召开会议\n7月10日晚，区委副书记、区长、区防指总指挥陈晓东在区防汛指挥中心主持召开防汛调度会。"
        )
    )
    assert readout.chair is not None and readout.chair.name == "陈晓东"
    assert readout.chair.title == "区委副书记、区长、区防指总指挥"
    assert [p.name for p in readout.attendees] == ["陈晓东"]
    assert not any(looks_like_name(title) for title in ("区长", "董事长", "常务", "连长", "班长"))


_MINUTES = """县政府常务会议纪要
时间：2024年3月5日上午
地点：县政府三楼会议室
主持人：县长方军
出席人员：副县长叶青、江涛，县政府办主任石磊
列席人员：县财政局局长孙伟，县住建局局长贾明
记录人：县政府办秘书科科员苏小琳
会议研究了全县安全生产和城市管理工作，议定事项如下：
一、各乡镇要立即开展安全生产隐患大排查。
二、县住建局要在3月底前完成老旧小区改造方案。
"""


def test_minutes_are_read_by_their_fields() -> None:
    # 会议纪要 label each fact on its own line. Those lines are the body, not a title of
    # six lines; two of them as long as each other are no paragraph a width broke.
    report = clean_text(_MINUTES)
    assert report.title_lines == ("县政府常务会议纪要",)
    assert report.paragraphs[:4] == (
        "时间：2024年3月5日上午",
        "地点：县政府三楼会议室",
        "主持人：县长方军",
        "出席人员：副县长叶青、江涛，县政府办主任石磊",
    )
    assert report.paragraphs[4].startswith("列席人员：") and report.paragraphs[5].startswith("记录人：")
    readout = extract_offline(report)
    assert readout.date == "2024-03-05" and readout.time_of_day == "morning"
    assert readout.meeting == "县政府常务会议"
    assert readout.chair is not None and (readout.chair.name, readout.chair.title) == ("方军", "县长")
    # Who keeps the minutes is not listed among those who met.
    assert [p.name for p in readout.attendees] == ["方军", "叶青", "江涛", "石磊", "孙伟", "贾明"]
    assert [d.text_zh for d in readout.directives] == [
        "各乡镇要立即开展安全生产隐患大排查",
        "县住建局要在3月底前完成老旧小区改造方案",
    ]


def test_minutes_whose_line_breaks_a_scraper_lost_are_read_by_their_fields() -> None:
    # A scraper that joined a page's text with nothing between its blocks ran the fields
    # together (…上午地点：…会议室主持人：县长方军出席人员：…): no chair, one attendee.
    title, *body = _MINUTES.strip().split("\n")
    report = clean_text(title + "\n" + "".join(body))
    assert report.paragraphs[:4] == (
        "时间：2024年3月5日上午",
        "地点：县政府三楼会议室",
        "主持人：县长方军",
        "出席人员：副县长叶青、江涛，县政府办主任石磊",
    )
    assert report.paragraphs[6].startswith("会议研究了全县安全生产")  # the body, after the last field
    readout = extract_offline(report)
    assert readout.date == "2024-03-05" and readout.time_of_day == "morning"
    assert readout.chair is not None and (readout.chair.name, readout.chair.title) == ("方军", "县长")
    assert [p.name for p in readout.attendees] == ["方军", "叶青", "江涛", "石磊", "孙伟", "贾明"]
    # A sentence's 时间： opens no fields; a table's row of fields, a space apart, stays a row.
    sentence = "会议明确，报名截止时间：6月1日地点：县政务中心。"
    assert clean_text(sentence).text == sentence
    assert clean_text("主持人：县长方军　记录人：贾明").text == "主持人：县长方军 记录人：贾明"


def test_minutes_decisions_in_one_paragraph_are_directives() -> None:
    # 会议议定：一、…。二、…。 — the items after the colon, one a sentence, had been no directive.
    text = (
        "县政府第12次常务会议纪要\n2024年5月20日，县长王建国主持召开县政府第12次常务会议。\n"
        "会议议定：一、原则同意县财政局提出的预算调整方案。二、由县住建局牵头，6月底前完成老旧小区改造项目申报。"
        "三、听取了县应急管理局的汇报。\n"
    )
    readout = extract_offline(clean_text(text))
    assert [d.text_zh for d in readout.directives] == [
        "原则同意县财政局提出的预算调整方案",
        "由县住建局牵头，6月底前完成老旧小区改造项目申报",
    ]


def test_minutes_lines_that_record_business_done_are_no_directives() -> None:
    # 一、听取了…的汇报 and 三、审议通过了… were taken as instructions; the one inside the
    # first line (会议要求，各乡镇要…) is.
    text = (
        "县政府第12次常务会议纪要\n2024年6月20日，县长韦志强主持召开县政府第12次常务会议。\n"
        "一、听取了县应急管理局关于全县防汛工作准备情况的汇报。会议要求，各乡镇要立即开展汛前隐患大排查。\n"
        "二、研究了县城污水处理厂提标改造项目。\n三、审议通过了《县农村供水保障工程建设方案》。\n"
    )
    readout = extract_offline(clean_text(text))
    assert [d.text_zh for d in readout.directives] == ["各乡镇要立即开展汛前隐患大排查"]


def test_minutes_that_list_each_name_then_its_titles_give_each_its_own() -> None:
    # 出席：王明，县委书记；李强，…: the titles after a name, up to the semicolon, are its
    # own — they had been given to the next name (李强 县委书记), the last name none.
    readout = extract_offline(
        clean_text(
            "县委常委会会议纪要\n时间：2024年3月5日\n主持：王明\n"
            "出席：王明，县委书记；李强，县委副书记、县长；张华，县委副书记\n"
            "列席：刘洋，县人大常委会主任；陈东，县政协主席\n会议研究了以下事项。\n"
        )
    )
    assert _titles(readout) == {
        "王明": "县委书记", "李强": "县委副书记、县长", "张华": "县委副书记",
        "刘洋": "县人大常委会主任", "陈东": "县政协主席",
    }  # fmt: skip
    assert readout.chair is not None and readout.chair.title == "县委书记"


def _titles(readout: Readout) -> dict[str, str | None]:
    return {p.name: p.title for p in readout.attendees}


@pytest.mark.parametrize("space", [" ", "\u3000", "  "])
def test_minutes_typeset_as_a_table_give_each_name_the_title_after_it(space: str) -> None:
    # 出席：李强 副县长、王明 县政府办主任 (a table flattened to text): the title a space after a
    # name is its own — it had gone to the next name (王明 副县长), the last one's was lost.
    readout = extract_offline(
        clean_text(
            f"县政府专题会议纪要\n主持：张华{space}县长\n出席：李强{space}副县长、王明{space}县政府办主任\n"
            f"列席：赵东{space}县财政局局长\n会议研究了以下事项。\n"
        )
    )
    assert _titles(readout) == {"张华": "县长", "李强": "副县长", "王明": "县政府办主任", "赵东": "县财政局局长"}
    assert readout.chair is not None and (readout.chair.name, readout.chair.title) == ("张华", "县长")
    # Spaces only: a list that ends in a title puts each title after its name.
    spaced = extract_offline(clean_text(f"会议纪要\n出席：李强{space}副县长{space}王明{space}县政府办主任\n"))
    assert _titles(spaced) == {"李强": "副县长", "王明": "县政府办主任"}


def test_minutes_that_head_each_line_with_a_title_and_a_colon_give_it_to_its_names() -> None:
    # 出席：县委常委：A、B、C — the title's colon had cut A from the list, and the title was lost.
    readout = extract_offline(
        clean_text("县委常委会会议纪要\n主持：王明\n出席：县委常委：张建国、李红梅、赵志强；副县长：孙丽\n会议研究了以下事项。\n")
    )
    assert _titles(readout) == {
        "王明": None, "张建国": "县委常委", "李红梅": "县委常委", "赵志强": "县委常委", "孙丽": "副县长",
    }  # fmt: skip


def test_minutes_that_put_the_list_on_the_lines_after_its_label_list_those_present() -> None:
    # 出席： alone on its line, a line of names for each title under it: all present, each with
    # the title heading its line. The list ends where the minutes' prose begins.
    readout = extract_offline(
        clean_text(
            "县委常委会会议纪要\n2024年3月5日，县委书记王明主持召开县委常委会会议。\n出席：\n"
            "县委常委：张建国、李红梅、赵志强\n县人大常委会主任刘洋、县政协主席陈东\n列席：\n"
            "副县长：孙丽、周海\n会议研究了安全生产工作。要求各乡镇开展隐患排查，县应急局局长吴刚负责督办。\n"
        )
    )
    assert _titles(readout) == {
        "王明": "县委书记", "张建国": "县委常委", "李红梅": "县委常委", "赵志强": "县委常委",
        "刘洋": "县人大常委会主任", "陈东": "县政协主席", "孙丽": "副县长", "周海": "副县长",
    }  # fmt: skip
    assert readout.chair is not None and readout.chair.name == "王明"


def test_minutes_listing_one_person_a_line_under_the_label_list_each() -> None:
    readout = extract_offline(
        clean_text(
            "县政府常务会议纪要\n主持：县长李强\n出席人员：\n王明（常务副县长）\n赵东（副县长）、孙丽（副县长）\n"
            "列席人员：\n县财政局局长 周海\n县发改局局长 吴刚\n会议听取了县财政局关于预算执行情况的汇报。\n"
        )
    )
    assert _titles(readout) == {
        "李强": "县长", "王明": "常务副县长", "赵东": "副县长", "孙丽": "副县长",
        "周海": "县财政局局长", "吴刚": "县发改局局长",
    }  # fmt: skip


@pytest.mark.parametrize(
    "listed",
    [
        "参会人员：\n1.王明（常务副县长）\n2.赵东（副县长）\n3.孙丽（副县长）\n",
        "参会人员：\n1、常务副县长王明\n2、副县长赵东\n3、副县长孙丽\n",
        "参会人员：（1）常务副县长王明；（2）副县长赵东；（3）副县长孙丽。\n",
        "参会人员：①常务副县长王明；②副县长赵东；③副县长孙丽。\n",
        # A table flattened, its header line kept (it had made the list no one's).
        "出席人员：\n姓名\t职务\n王明\t常务副县长\n赵东\t副县长\n孙丽\t副县长\n",
        "出席人员：\n职务\t姓名\n常务副县长\t王明\n副县长\t赵东\n副县长\t孙丽\n",
        "出席人员：\n序号\t姓名\t职务\n1\t王明\t常务副县长\n2\t赵东\t副县长\n3\t孙丽\t副县长\n",
    ],
)
def test_minutes_that_number_the_people_present_list_each_with_their_title(listed: str) -> None:
    # 1.王明（常务副县长）: the number had made 1.王明 no name (no one read) and 1.副县长 a title.
    readout = extract_offline(clean_text(f"县政府常务会议纪要\n主持：县长李强\n{listed}会议研究了防汛工作。\n"))
    assert _titles(readout) == {"李强": "县长", "王明": "常务副县长", "赵东": "副县长", "孙丽": "副县长"}


def _assert_read_as_the_minutes_with_colons(readout: Readout) -> None:
    assert readout.chair is not None and readout.chair.name == "王明"
    assert _titles(readout) == {"王明": "县长", "李强": "副县长", "张华": "副县长"}
    assert (readout.date, readout.venue) == ("2023-11-03", "县政府三楼会议室")


@pytest.mark.parametrize("gap", ["\t", " ", "\u3000", "  ", "\n"])
@pytest.mark.parametrize(
    ("chair_label", "present_label"),
    [("主持人", "出席人员"), ("会议主持", "参会人员"), ("主持", "出席"), ("召集人", "列席人员")],
)
def test_minutes_set_as_a_table_are_read_as_those_with_colons(chair_label: str, present_label: str, gap: str) -> None:
    # 主持人\t王明: a table's columns lose their colons (or its cells stand a line each). The
    # fields had been taken for the title's lines: no chair, no one present, no date, no venue.
    readout = extract_offline(
        clean_text(
            f"县政府第12次常务会议纪要\n时间{gap}2023年11月3日上午\n地点{gap}县政府三楼会议室\n"
            f"{chair_label}{gap}县长王明\n{present_label}{gap}副县长李强、张华\n会议研究了防汛工作。\n"
        )
    )
    _assert_read_as_the_minutes_with_colons(readout)


@pytest.mark.parametrize(
    "rows",
    [
        # Several fields a row: the venue had been read only at a line's start, those present
        # after the chair on his row had been read as chairs too (the title 出席人员：副县长),
        # and a chair after those present had been read as present, titled 主持人：县长.
        "时间：2023年11月3日上午　地点：县政府三楼会议室\n主持人：县长王明　出席人员：副县长李强、张华",
        "时间 2023年11月3日上午 地点 县政府三楼会议室\n出席人员 副县长李强、张华 主持人 县长王明",
        "会议时间：2023年11月3日上午\t会议地点：县政府三楼会议室\n主持人：县长王明\t记录人：苏小琳\n出席人员：副县长李强、张华",
        "时间：2023年11月3日上午\n地点：县政府三楼会议室\n出席人员：副县长李强，副县长张华　主持人：县长王明",
    ],
)
def test_a_row_of_several_fields_gives_each_its_own(rows: str) -> None:
    readout = extract_offline(clean_text(f"县政府第12次常务会议纪要\n{rows}\n会议研究了防汛工作。\n"))
    _assert_read_as_the_minutes_with_colons(readout)


@pytest.mark.parametrize(
    "excused",
    [
        # Minutes' field of those excused had named no one: not there, and not said so.
        "请假人员：副县长李四，县政府办主任王五",
        "请假人员\t副县长李四、县政府办主任王五",
        "缺席：副县长李四（出差）、县政府办主任王五（病假）",
        "请假人员\n副县长李四、县政府办主任王五",
        "出席人员：副县长李强　请假人员：副县长李四、县政府办主任王五",
        # In a sentence, 请假 then 未出席会议 (请假 alone was read).
        "副县长李四、县政府办主任王五因公请假未出席会议。",
    ],
)
def test_those_excused_from_minutes_are_named_not_present(excused: str) -> None:
    readout = extract_offline(
        clean_text(f"县政府常务会议纪要\n主持人：县长王明\n出席人员：副县长李强\n{excused}\n会议研究了防汛工作。\n")
    )
    assert _titles(readout) == {"王明": "县长", "李强": "副县长"}
    assert {(m.name, m.title) for m in readout.mentioned} == {("李四", "副县长"), ("王五", "县政府办主任")}


@pytest.mark.parametrize(
    "listed",
    [
        # A name and title a row, the first beside the label: only the first had been read.
        "出席人员：副县长李强\n副县长张华\n县应急局局长钱伟",
        "出席人员\t李强\t副县长\n\t张华\t副县长\n\t钱伟\t县应急局局长",
        "出席人员 副县长李强\n副县长张华\n县应急局局长钱伟",
        # The label alone on its line without its colon (no one had been read).
        "出席人员\n副县长李强\n副县长张华\n县应急局局长钱伟",
        "出席人员：\n副县长李强\n副县长张华\n县应急局局长钱伟",
    ],
)
def test_the_rows_of_a_list_of_those_present_are_read_to_its_end(listed: str) -> None:
    # …and the list ends at the next field: who kept the record is no one present.
    readout = extract_offline(
        clean_text(f"县政府常务会议纪要\n主持人：县长王明\n{listed}\n记录人：县政府办科员苏小琳\n会议研究了防汛工作。\n")
    )
    assert _titles(readout) == {"王明": "县长", "李强": "副县长", "张华": "副县长", "钱伟": "县应急局局长"}


@pytest.mark.parametrize(
    ("row", "chair"),
    [
        # Who wrote the minutes down is no one present, whatever sets the fields apart.
        ("主持人\t王明\t记录人\t赵刚", "王明"),
        ("主持人：王明　记录人：赵刚", "王明"),
        # A convener and a chair on one row: the chair is who 主持 (the convener had been).
        ("召集人：赵刚　主持人：王明", "王明"),
        ("召集人\t赵刚\t主持人\t王明", "王明"),
    ],
)
def test_a_row_of_minutes_fields_is_read_field_by_field(row: str, chair: str) -> None:
    readout = extract_offline(clean_text(f"县政府常务会议纪要\n{row}\n出席人员：李强、张华\n会议研究了防汛工作。\n"))
    assert readout.chair is not None and readout.chair.name == chair
    present = {p.name for p in readout.attendees}
    assert present == ({"王明", "李强", "张华"} | ({"赵刚"} if "召集人" in row else set()))


@pytest.mark.parametrize(
    "heading",
    [
        *["党外人士", "专家学者", "劳动模范", "客商", "老党员", "来宾", "市委巡视组"],
        # 同志 after 领导, 负责 or 老 heads the list (it had been read as 王明同志's: no one was
        # read); 工作人员 (12 of 13 read, none titled); 在职 and 应邀 had been read as verbs.
        *["领导同志", "负责同志", "老同志", "市级领导同志", "工作人员", "在职市级领导", "应邀嘉宾"],
        # 特邀 had been read as the verb before the subject (邀请): the title was 嘉宾.
        "特邀嘉宾",
        # Words for who people are, by their last character and jieba's list, not one by one.
        *["企业家", "志愿者", "贫困户", "农民工", "新乡贤", "大学生", "退役军人", "网格员", "侨胞"],
        *["致富能手", "返乡青年", "医务人员", "老战士", "企业主", "种粮大户", "少先队员"],
    ],
)
def test_who_a_long_list_of_names_is_heads_each_of_them(heading: str) -> None:
    # 党外人士A、B、…: not a post, but who they are. The first name had been taken for a word
    # (12 of 13 read) and none had the heading as their title.
    names = "李强、张华、赵刚、钱军、孙丽、周涛、吴敏、郑伟、冯超、陈静、褚明、卫东、蒋勇".split("、")
    readout = extract_offline(
        clean_text(f"市委召开座谈会\n12月3日，市委书记王明主持会议。{heading}{'、'.join(names)}出席会议。\n")
    )
    assert _titles(readout) == {"王明": "市委书记"} | dict.fromkeys(names, heading)


@pytest.mark.parametrize(
    ("opening", "title"),
    [("出席会议的领导同志还有", None), ("出席会议的市领导同志还有", "市领导"), ("在主席台就座的领导同志还有", None)],
)
def test_those_present_listed_as_the_leading_comrades_are_read(opening: str, title: str | None) -> None:
    # 出席会议的领导同志还有A、B、C: 同志 after 领导 had hidden the list (nobody was read).
    readout = extract_offline(
        clean_text(f"市委召开会议\n12月3日，市委书记王明主持会议。{opening}李强、张华、赵刚。\n会议要求，各地要抓好落实。")
    )
    assert _titles(readout) == {"王明": "市委书记", "李强": title, "张华": title, "赵刚": title}


@pytest.mark.parametrize(
    ("listed", "titles"),
    [
        # A three-character name after the heading: the split that leaves a word for who they are.
        ("企业家孙丽华、张华、赵刚", dict.fromkeys(["孙丽华", "张华", "赵刚"], "企业家")),
        # The leaders of two organs (the title had been 市政府领导 alone).
        ("市委、市政府领导李强、张华、赵刚", dict.fromkeys(["李强", "张华", "赵刚"], "市委、市政府领导")),
        ("市委、市人大、市政协领导李强、张华", dict.fromkeys(["李强", "张华"], "市委、市人大、市政协领导")),
        # No heading: a word that says when (its first name stays unread, as before), or a list of two.
        ("同时李强、张华、赵刚", {"张华": None, "赵刚": None}),
        # Words that end as a word for people does, but say when or who else.
        *[(f"{word}李强、张华、赵刚", {"张华": None, "赵刚": None}) for word in ("今年", "大家", "本人", "携手")],
        ("企业家李强、张华", {"张华": None}),
    ],
)
def test_a_heading_glued_to_a_list_s_first_name(listed: str, titles: dict[str, str | None]) -> None:
    readout = extract_offline(clean_text(f"市委召开座谈会\n12月3日，市委书记王明主持会议。{listed}出席会议。\n"))
    assert _titles(readout) == {"王明": "市委书记"} | titles


@pytest.mark.parametrize(
    ("sentence", "present"),
    [
        ("县委办负责同志张三汇报了有关情况。", {"张三": "县委办负责同志"}),
        ("老同志代表张三发言。", {"张三": "老同志代表"}),
        # 同志 after a name still ends it, before the verb or the list's next name.
        ("县长张三同志、副县长李四同志出席。", {"张三": "县长", "李四": "副县长"}),
        # Not a heading: no one named.
        ("各乡镇主要负责同志参加会议。", {}),
        ("会议向全市老同志致以节日问候。", {}),
    ],
)
def test_a_heading_with_tongzhi_before_one_name(sentence: str, present: dict[str, str]) -> None:
    readout = extract_offline(clean_text(f"市委召开会议\n12月3日，市委书记王明主持会议。{sentence}\n"))
    assert _titles(readout) == {"王明": "市委书记"} | present


def test_minutes_typeset_title_first_keep_each_title_before_its_name() -> None:
    readout = extract_offline(clean_text("县政府专题会议纪要\n出席：县委书记 王明 县长 李强 副县长 赵东\n"))
    assert _titles(readout) == {"王明": "县委书记", "李强": "县长", "赵东": "副县长"}


def test_a_person_named_again_with_more_titles_has_the_most_specific() -> None:
    readout = extract_offline(
        clean_text(
            "全縣農業農村工作會議召開\n2月20日，縣長李華主持會議。副縣長張強、劉芳出席會議。\n"
            "會上，縣委常委、副縣長張強通報了全縣農業農村工作情況。縣領導劉芳作了發言。\n"
        )
    )
    titles = {p.name: p.title for p in readout.attendees}
    # 縣委常委、副縣長 says all 副縣長 does and more; 縣領導 says less than 副縣長.
    assert titles == {"李華": "縣長", "張強": "縣委常委、副縣長", "劉芳": "副縣長"}


def test_a_bare_deputy_after_the_head_of_an_organ_is_that_organ_s_and_who_announces_spoke() -> None:
    readout = extract_offline(
        clean_text(
            "巡視工作動員會召開\n5月10日，省委第三巡視組巡視我縣工作動員會召開。巡視組組長黃建國作了講話，"
            "副組長林曉紅宣布了巡視工作有關事項。縣財政局局長趙東，副局長錢西，縣長李強，副縣長張華出席會議。\n"
        )
    )
    titles = {p.name: p.title for p in readout.attendees}
    assert titles["林曉紅"] == "巡視組副組長" and titles["錢西"] == "縣財政局副局長"
    assert titles["張華"] == "副縣長"  # a whole title: the government's, not the county mayor's organ
    assert "林曉紅" in {p.name for p in readout.speakers}


def test_a_cppcc_standing_committee_meeting_is_named_with_its_organ() -> None:
    readout = extract_offline(
        clean_text("縣政協召開常委會議\n6月20日，縣政協召開十屆二十次常委會議。縣政協主席張偉主持會議。\n")
    )
    assert readout.meeting == "縣政協十屆二十次常委會議"


def test_who_set_out_the_next_steps_or_is_he_who_stressed_spoke() -> None:
    readout = extract_offline(
        clean_text(
            "推進會召開\n2月28日，縣委常委、副縣長羅海濤出席並講話。縣應急管理局局長何志剛對下一步工作作了具體部署。\n"
        )
    )
    assert {p.name for p in readout.speakers} == {"羅海濤", "何志剛"}
    visit = extract_offline(
        clean_text(
            "縣長督導檢查\n近日，縣長李強帶領有關部門負責人深入企業督導檢查。李強仔細察看現場。"
            "他強調，各企業要切實落實主體責任。副縣長張華參加督導檢查。\n"
        )
    )
    assert [p.name for p in visit.speakers] == ["李強"]


def test_the_meeting_that_followed_a_visit_is_the_report_s() -> None:
    readout = extract_offline(
        clean_text(
            "市長調研\n4月15日，市長孫立新一行到我縣調研。在隨後召開的座談會上，孫立新聽取了我縣工作匯報。\n"
        )
    )
    assert readout.meeting == "座談會"


def test_a_democratic_life_meeting_of_a_year_is_named_with_whose_it_is() -> None:
    readout = extract_offline(
        clean_text("民主生活會\n1月20日，縣委常委班子召開2024年度民主生活會。縣委書記王明主持會議。\n")
    )
    assert readout.meeting == "縣委常委班子2024年度民主生活會"


def test_a_standing_committee_meeting_a_county_committee_convenes_is_its() -> None:
    readout = extract_offline(clean_text("常委會\n5月6日，縣委召開常委會會議。縣委書記楊林主持會議。\n"))
    assert readout.meeting == "縣委常委會會議"


def test_a_clause_before_a_guest_s_title_is_no_part_of_it() -> None:
    readout = extract_offline(
        clean_text("會見客人\n11月3日，市委書記周明會見了來我市考察的某某集團董事長陳大文一行。\n")
    )
    assert {p.name: p.title for p in readout.attendees}["陳大文"] == "某某集團董事長"


def test_titles_a_comma_parts_from_their_name_are_still_its_own() -> None:
    readout = extract_offline(
        clean_text("縣委召開會議\n縣委書記王明主持會議。縣委副書記、縣長，縣防指指揮長李強，副縣長張華出席會議。")
    )
    titles = {p.name: p.title for p in readout.attendees}
    assert titles == {"王明": "縣委書記", "李強": "縣委副書記、縣長、縣防指指揮長", "張華": "副縣長"}
    # The titles of a whole group of people are no one's in particular.
    readout = extract_offline(clean_text("縣委召開會議\n縣委書記王明主持會議。各鄉鎮黨委書記，縣長李強出席會議。"))
    assert {p.name: p.title for p in readout.attendees} == {"王明": "縣委書記", "李強": "縣長"}


@pytest.mark.parametrize(
    ("attended", "titles"),
    [
        # A bare secretary-general among an organ's officers is that organ's, in English too.
        (
            "縣政協副主席趙立軍、吳芳，秘書長鄭偉出席會議。",
            {"趙立軍": "縣政協副主席", "吳芳": "縣政協副主席", "鄭偉": "縣政協秘書長"},
        ),
        ("副市長李明、趙剛，副秘書長陳立出席會議。", {"李明": "副市長", "趙剛": "副市長", "陳立": "市政府副秘書長"}),
        (
            "出席會議的還有市人大常委會副主任孫紅，秘書長周文。",
            {"孫紅": "市人大常委會副主任", "周文": "市人大常委會秘書長"},
        ),
        (
            "縣人大常委會副主任龐麗、易建軍，黨組成員、秘書長孟凡出席會議。",
            {"龐麗": "縣人大常委會副主任", "易建軍": "縣人大常委會副主任", "孟凡": "縣人大常委會黨組成員、秘書長"},
        ),
        # After no organ's officer, the title stays as written.
        ("縣領導劉建國，秘書長鄭偉出席會議。", {"劉建國": "縣領導", "鄭偉": "秘書長"}),
    ],
)
def test_a_bare_secretary_general_after_an_organs_officers_is_that_organs(
    attended: str, titles: dict[str, str]
) -> None:
    readout = extract_offline(clean_text(f"會議召開\n5月8日，縣長王海主持召開專題會議。{attended}"))
    got = {p.name: p.title for p in readout.attendees if p.name != "王海"}
    assert got == titles
    english = {p.name: p.title_en for p in readout.attendees}
    assert all(english[name] for name, title in titles.items() if title != "秘書長")


@pytest.mark.parametrize(
    ("report", "location", "english"),
    [
        # A county's meeting is the county's, not the city of the same name above it.
        ("3月2日，安陽縣召開全縣春季森林防火工作會議。縣長李強出席並講話。", "安陽縣", "Anyang County"),
        ("5月20日，湖南省怀化市鹤城区召开防汛工作部署会。区委书记刘洋主持会议。", "鹤城区", "Hecheng District"),
        # Named after 中共 though no dictionary lists it.
        ("中共青禾县委召开常委会会议，县委书记王明主持。", "青禾县", "Qinghe County"),
        # No county named: none made up of the words before 区委 (会议由区).
        ("5月20日，区委召开常委会会议。会议由区委书记刘洋主持。", None, None),
    ],
)
def test_a_county_or_district_holds_the_meeting_its_officials_chair(
    report: str, location: str | None, english: str | None
) -> None:
    readout = extract_offline(clean_text(f"会议召开\n{report}"))
    assert (readout.location, readout.location_en) == (location, english)


@pytest.mark.parametrize(
    ("body", "location"),
    [
        # The county named in its chair's title, before its level.
        ("平江縣委書記王明主持召開縣委常委會會議。", "平江縣"),
        # A county's meeting that names a city for something else is not the city's.
        ("縣委書記王明主持召開縣委常委會會議，研究部署與瀏陽市的合作事宜。", None),
        ("區委書記王明主持召開區委常委會會議。會議傳達了北京市委的有關部署。", None),
    ],
)
def test_a_county_s_meeting_is_placed_in_the_county_or_nowhere(body: str, location: str | None) -> None:
    assert extract_offline(clean_text(f"會議\n3月5日，{body}\n")).location == location


@pytest.mark.parametrize(
    ("body", "location"),
    [
        # A city the officials went to, or guests came from, had been the place of a visit
        # that named no other (Changsha for a county's trip there).
        ("縣委書記周明帶隊赴長沙開展招商引資活動，先後走訪了5家企業。周明強調，要加大招商力度。", None),
        ("縣委書記周明會見了來自長沙的企業家代表。周明表示，歡迎企業來投資。", None),
        # Named as the place itself, it still is.
        ("長沙召開全市招商引資工作會議，市委書記周明出席並講話。", "長沙市"),
        # A county-level city whose officials joined at a sub-venue had been the place of a
        # city-wide video meeting that names its own city nowhere.
        (
            "全市安全生產工作視頻會議召開，市長段華平出席並講話，副市長方曉軍主持。"
            "各區縣（市）設分會場，瀏陽市副市長譚麗君在分會場參加會議。",
            None,
        ),
        ("瀏陽市召開安全生產工作會議，副市長譚麗君主持。各鄉鎮設分會場。", "瀏陽市"),
        # A city that opens a guest's company name is not where the mayor met him.
        ("市長劉海軍在市政府會見了上海某科技集團董事長陳立明一行。劉海軍表示，將全力做好服務。", None),
    ],
)
def test_a_city_the_officials_went_to_is_not_the_place(body: str, location: str | None) -> None:
    assert extract_offline(clean_text(f"招商\n3月5日，{body}\n")).location == location


def test_a_plenary_held_at_a_place_is_the_meeting() -> None:
    readout = extract_offline(
        clean_text("会议召开\n11月8日，中共青岛市委十三届九次全会在青岛召开。市委书记陆治原作讲话。")
    )
    assert readout.meeting == "中共青岛市委十三届九次全会"


def test_a_field_of_minutes_is_not_joined_to_the_prose_after_it() -> None:
    # 列席人员： as long as the line before: no width broke it, nor the line after it.
    minutes = (
        "县政府第十八次常务会议纪要\n时间：2024年6月12日下午\n主持人：县长周明轩\n"
        "出席人员：副县长黎晓燕、邓志高，县政府办公室主任庞卫东\n"
        "列席人员：县财政局局长蒋国华，县自然资源局局长孔令辉\n"
        "会议听取了县自然资源局关于地质灾害隐患点排查情况的汇报，议定事项如下：\n"
        "一、各乡镇要在汛期前完成地质灾害隐患点巡查。\n"
    )
    report = clean_text(minutes)
    assert "列席人员：县财政局局长蒋国华，县自然资源局局长孔令辉" in report.paragraphs
    assert [p.name for p in extract_offline(report).attendees][-1] == "孔令辉"


def test_a_visitor_to_the_county_is_there_with_the_title_before_the_name() -> None:
    # 副市長X到我縣調研: he visited (到…調研 as 來…調研); the meeting that followed was his.
    text = (
        "市領導到我縣調研\n10月22日，副市長邢立國到我縣調研森林防火工作。縣長聶文軍陪同調研。"
        "在隨後召開的座談會上，邢立國聽取了有關情況匯報。"
    )
    readout = extract_offline(clean_text(text))
    assert {(p.name, p.title) for p in readout.attendees} == {("邢立國", "副市長"), ("聶文軍", "縣長")}


@pytest.mark.parametrize(
    ("sentences", "present", "chair"),
    [
        # A name, then its head's title, as speech puts it (not 安陽縣長: a county's head).
        ("王明縣長主持會議。李強副縣長出席會議。", {("王明", "縣長"), ("李強", "副縣長")}, "王明"),
        ("會議由王明縣長主持。", {("王明", "縣長")}, "王明"),
        ("安陽縣長主持會議。縣委書記王明出席。", {("王明", "縣委書記")}, None),
        # A bare secretary or director after a name.
        ("縣長李強主持會議。王明書記強調，要抓好安全生產。", {("王明", "書記"), ("李強", "縣長")}, "李強"),
    ],
)
def test_a_name_then_its_title_as_speech_puts_it(
    sentences: str, present: set[tuple[str, str]], chair: str | None
) -> None:
    readout = extract_offline(clean_text(f"會議\n3月2日，縣委召開會議。{sentences}"))
    assert {(p.name, p.title) for p in readout.attendees} == present
    assert (readout.chair.name if readout.chair else None) == chair


def test_a_bare_member_after_a_group_s_head_is_the_group_s() -> None:
    text = "督導\n5月9日，省委第三督導組組長錢永昌一行到我縣督導，督導組副組長甄麗、成員舒文出席會議。"
    readout = extract_offline(clean_text(text))
    titles = {p.name: (p.title, p.title_en) for p in readout.attendees}
    assert titles["舒文"] == ("督導組成員", "Member of the Supervision Group")
    assert titles["錢永昌"][1] == "Head of the No. 3 Supervision Group of the Provincial Party Committee"


def test_a_press_conference_its_host_and_who_answered_questions() -> None:
    text = (
        "新聞發布會\n9月20日上午，縣政府新聞辦召開新聞發布會。縣委常委、常務副縣長柯雲峰出席發布會並介紹有關情況，"
        "縣發改局局長鄔曉東回答記者提問。發布會由縣委宣傳部副部長、縣政府新聞辦主任關海主持。"
    )
    readout = extract_offline(clean_text(text))
    assert readout.chair is not None and (readout.chair.name, readout.chair.title) == (
        "關海",
        "縣委宣傳部副部長、縣政府新聞辦主任",
    )
    assert readout.chair.title_en is not None and "County Government Information Office" in readout.chair.title_en
    assert {p.name for p in readout.speakers} == {"柯雲峰", "鄔曉東"}
    assert {p.name for p in readout.attendees} == {"柯雲峰", "鄔曉東", "關海"}


def test_at_a_press_conference_who_gives_the_news_was_there_and_spoke_but_does_not_chair() -> None:
    # 局长X发布有关情况 and X介绍，…: the official giving the news had been no one at all.
    text = (
        "新聞發布會\n11月20日，市政府新聞辦召開新聞發布會，介紹全市冬季供暖保障工作情況。"
        "市住建局局長田志勇發布有關情況，市發展改革委副主任賀蘭回答記者提問。\n"
        "田志勇介紹，今年全市集中供暖面積達到4200萬平方米。"
    )
    readout = extract_offline(clean_text(text))
    assert {p.name for p in readout.attendees} == {"田志勇", "賀蘭"}
    assert {p.name for p in readout.speakers} == {"田志勇", "賀蘭"}
    assert readout.chair is None  # reporting to the press is not chairing
    page = "新聞發布會\n11月20日，市政府新聞辦召開新聞發布會。市住建局局長田志勇出席。田志勇介紹，今年供暖面積增加。"
    alone = extract_offline(clean_text(page))
    assert [p.name for p in alone.speakers] == ["田志勇"]


def test_who_asked_is_the_sentence_s_subject_named_before_a_bare_verb() -> None:
    # 讲话中，李强充分肯定了成绩，要求各乡镇要压实责任: 要求 with no comma after it, and its
    # subject named earlier in the sentence; 李强书记强调: a post between the name and the verb.
    text = (
        "会议\n3月2日，县委召开会议。县长王明主持会议。县委书记李强讲话。"
        "讲话中，李强充分肯定了成绩，要求各乡镇要压实责任。王明书记强调，各部门要加强协作。"
    )
    readout = extract_offline(clean_text(text))
    assert [(d.by, d.text_zh) for d in readout.directives] == [
        ("李强", "各乡镇要压实责任"),
        ("王明", "各部门要加强协作"),
    ]


def test_every_county_the_table_lists_holds_the_meeting_it_convenes() -> None:
    # 衡山县 (its 山 read as 山区's), 全州县 and 本溪县 (read as 全县, 本县), 长沙县 (沙县 taken for
    # a name) were placed nowhere; the table's entries that are no county (各市县) stay so.
    from jiyao.cleaning import tables

    counties = [n for n in tables.counties()["names"].split("\n") if n.endswith("县") and 3 <= len(n) <= 5]

    def placed(county: str) -> str | None:
        return extract_offline(clean_text(f"会议\n12月5日，{county}召开会议。县委书记王明主持会议。\n")).location

    missed = [county for county in counties if not county.startswith("各") and placed(county) != county]
    assert len(counties) > 1500 and missed == []


def test_a_name_cut_by_damaged_bytes_is_the_whole_name_the_report_gives_elsewhere() -> None:
    # 羅燕磊主持: 磊 lost its lead, and its trail byte is 在's too — 羅燕在主持 made a chair
    # 羅燕 beside 羅燕磊, who spoke later in the report.
    import dataclasses

    text = "會議\n3月2日，縣委召開會議，縣委書記羅燕在主持會議。副縣長程英國出席。羅燕磊強調，各鄉鎮要壓實責任。"
    report = clean_text(text)
    at = report.text.index("在主持")
    readout = extract_offline(dataclasses.replace(report, reconstructed=((at, at + 1, 0.55),)))
    assert readout.chair is not None and (readout.chair.name, readout.chair.title) == ("羅燕磊", "縣委書記")
    assert {p.name for p in readout.attendees} == {"羅燕磊", "程英國"}
    # Where nothing was rebuilt, two names are two people.
    assert {p.name for p in extract_offline(report).attendees} == {"羅燕", "羅燕磊", "程英國"}


def test_titles_that_end_in_a_specialist_s_post_or_a_grade_open_the_name_after_them() -> None:
    # Each item's title ends where its name starts: 总工程师, 主任科员, 首席专家 were no title
    # word, so the list's items after them were read as no one.
    text = (
        "會議\n3月2日，市政府召開常務會議，市長王立明主持會議。市政府副秘書長張紅，市水利局總工程師趙敏，"
        "市財政局總經濟師邵梅傑，市氣象局首席專家葉輝新，市教育局三級主任科員何立，市交通運輸局主任科員秦平芳出席會議。"
    )
    readout = extract_offline(clean_text(text))
    assert {(p.name, p.title) for p in readout.attendees} == {
        ("王立明", "市長"),
        ("張紅", "市政府副秘書長"),
        ("趙敏", "市水利局總工程師"),
        ("邵梅傑", "市財政局總經濟師"),
        ("葉輝新", "市氣象局首席專家"),
        ("何立", "市教育局三級主任科員"),
        ("秦平芳", "市交通運輸局主任科員"),
    }
    english = {p.name: p.title_en for p in readout.attendees}
    assert english["趙敏"] == "Chief Engineer of the Municipal Water Resources Bureau"


@pytest.mark.parametrize(
    ("said", "present", "mentioned"),
    [
        # Explained a document at the meeting (解读): there, and spoke.
        ("會上，縣水利局總工程師趙敏解讀了《防汛應急預案》。", {"王明", "趙敏"}, set()),
        # Quoted by the reporter (据…介绍): named, not said to be at the meeting.
        ("據縣應急管理局局長劉敏介紹，今年以來全縣未發生較大事故。", {"王明"}, {("劉敏", "縣應急管理局局長")}),
        # Whose words were relayed, every title listed before the name, not where it was said.
        (
            "會議書面傳達了市委副書記、市長孫立軍在市政府常務會議上的講話。",
            {"王明"},
            {("孫立軍", "市委副書記、市長")},
        ),
    ],
)
def test_who_explained_who_was_quoted_and_whose_words_were_relayed(
    said: str, present: set[str], mentioned: set[tuple[str, str]]
) -> None:
    readout = extract_offline(clean_text(f"會議\n3月2日，縣委召開會議。縣委書記王明主持會議。{said}"))
    assert {p.name for p in readout.attendees} == present
    assert {(p.name, p.title) for p in readout.mentioned} == mentioned


def test_a_congress_session_its_rostrum_its_place_and_the_goals_of_the_work_report() -> None:
    text = (
        "縣十八屆人大四次會議開幕\n1月8日上午，平江縣第十八屆人民代表大會第四次會議在縣會議中心開幕。\n"
        "大會執行主席、縣人大常委會主任錢志國主持開幕大會。\n"
        "在主席台前排就座的有：縣委書記王明，縣委副書記、縣長李強，縣政協主席張華，縣委副書記趙敏等。\n"
        "李強代表縣人民政府作政府工作報告。報告提出，今年的主要預期目標是：地區生產總值增長6.5%左右，"
        "一般公共預算收入增長5%。\n"
    )
    readout = extract_offline(clean_text(text))
    assert {(p.name, p.title) for p in readout.attendees} == {
        ("錢志國", "大會執行主席、縣人大常委會主任"),
        ("王明", "縣委書記"),
        ("李強", "縣委副書記、縣長"),
        ("張華", "縣政協主席"),
        ("趙敏", "縣委副書記"),  # the list's 等 is no part of her name
    }
    # The chair's first title names no level: the county's, from the one that does.
    assert (readout.location, readout.location_en) == ("平江縣", "Pingjiang County")
    assert [(t.value, t.meaning) for t in readout.targets] == [
        ("6.5%左右", "地區生產總值增長"),
        ("5%", "一般公共預算收入增長"),
    ]


def test_a_cppcc_session_by_its_full_name_is_placed_and_named_in_english() -> None:
    from jiyao.meeting_names import meeting_en

    text = (
        "政協平江縣第十屆委員會第三次會議開幕\n1月7日上午，政協平江縣第十屆委員會第三次會議在縣會議中心開幕。"
        "縣政協主席張華主持開幕會。縣委書記王明出席並講話。\n"
    )
    readout = extract_offline(clean_text(text))
    assert readout.location == "平江縣"
    assert readout.meeting == "政協平江縣第十屆委員會第三次會議"
    english = "3rd session of the 10th Pingjiang County Committee of the CPPCC"
    assert meeting_en(readout.meeting) == english
    assert meeting_en("中國人民政治協商會議平江縣第十屆委員會第三次會議") == english
    assert meeting_en("縣政協第十屆委員會第三次會議") == "3rd session of the 10th County Committee of the CPPCC"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("會議\n6月3日，城關街道召開黨工委會議。街道黨工委書記王明主持會議。", ("城關街道", "Chengguan Subdistrict")),
        ("會議\n6月3日，朝陽街道黨工委召開會議。街道黨工委書記王明主持會議。", ("朝陽街道", "Chaoyang Subdistrict")),
    ],
)
def test_a_subdistrict_holds_the_meeting_its_party_working_committee_s_secretary_chairs(
    text: str, place: tuple[str, str]
) -> None:
    readout = extract_offline(clean_text(text))
    assert (readout.location, readout.location_en) == place


def test_a_directive_s_speaker_named_with_a_character_marked_lost_is_the_one_whose_name_fits() -> None:
    text = (
        "會議\n3月2日，區委召開會議。區委書記章鴻遠出席會議並講話，區長杜曉峰主持。\n"
        "章鴻□指出，各級各部門要時刻繃緊安全生產這根弦。\n"
    )
    assert [d.by for d in extract_offline(clean_text(text)).directives] == ["章鴻遠"]
    # Two whose names fit: no one is guessed.
    both = text.replace("區長杜曉峰", "區長章鴻飛")
    assert [d.by for d in extract_offline(clean_text(both)).directives] == [None]


@pytest.mark.parametrize(
    "studied",
    [
        "傳達學習省委書記孫志剛在全省經濟工作會議上的講話精神",
        "深入學習省委書記孫志剛在全省經濟工作會議上的講話精神",
        "傳達學習了省委書記孫志剛的講話精神",  # as before
        "學習省委書記孫志剛在全省經濟工作會議上的講話精神",  # as before
    ],
)
def test_whose_speech_was_studied_has_no_verb_in_their_title(studied: str) -> None:
    # 传达学习省委书记X的讲话: the title had read 传达学习省委书记 (only 传达 was taken as the verb).
    readout = extract_offline(clean_text(f"會議\n3月2日，縣委書記王明主持召開會議，{studied}。"))
    assert {(p.name, p.title) for p in readout.attendees} == {("王明", "縣委書記")}
    assert {(p.name, p.title) for p in readout.mentioned} == {("孫志剛", "省委書記")}


@pytest.mark.parametrize(
    ("body", "present", "mentioned"),
    [
        # Who accompanied a visit (在…的陪同下) was there.
        (
            "3月2日，副市長孫立軍一行到我縣調研防汛工作。在縣委副書記、縣長李強的陪同下，孫立軍先後來到白沙鎮。",
            {("孫立軍", "副市長"), ("李強", "縣委副書記、縣長")},
            set(),
        ),
        # Excused (因公请假): named, not present.
        (
            "3月2日，縣委書記王明主持召開會議。縣委副書記、縣長李強因公請假。",
            {("王明", "縣委書記")},
            {("李強", "縣委副書記、縣長")},
        ),
        # Not able to attend (未能出席, 未能参加会议): named, not present.
        (
            "3月2日，縣委書記王明主持召開會議。因工作原因，縣長李強未能出席。",
            {("王明", "縣委書記")},
            {("李強", "縣長")},
        ),
        (
            "3月2日，縣委書記王明主持召開會議。縣長李強因公未能參加會議。",
            {("王明", "縣委書記")},
            {("李強", "縣長")},
        ),
        # A speech read out for its speaker: the reader was there, the speaker named only.
        (
            "3月2日，縣委書記王明主持召開會議。縣長李強（已調任）的講話稿由副縣長張華代為宣讀。",
            {("王明", "縣委書記"), ("張華", "副縣長")},
            {("李強", "縣長")},
        ),
        (
            "3月2日，縣委書記王明主持召開會議。縣長李強的講話由副縣長張華代讀。",
            {("王明", "縣委書記"), ("張華", "副縣長")},
            {("李強", "縣長")},
        ),
        # Whose words a speaker quoted: named, not said to be there.
        (
            "3月2日，縣委書記王明主持召開會議，縣長李強出席。王明在講話中引用了市委書記孫志剛的一段論述。",
            {("王明", "縣委書記"), ("李強", "縣長")},
            {("孫志剛", "市委書記")},
        ),
        # Who led the oath (领誓) was there.
        (
            "3月2日，縣委書記王明主持召開會議，並帶領與會人員重溫入黨誓詞。副縣長李強領誓。",
            {("王明", "縣委書記"), ("李強", "副縣長")},
            set(),
        ),
    ],
)
def test_who_accompanied_was_excused_led_the_oath_or_read_out_a_speech(
    body: str, present: set[tuple[str, str]], mentioned: set[tuple[str, str]]
) -> None:
    readout = extract_offline(clean_text(f"會議\n{body}"))
    assert {(p.name, p.title) for p in readout.attendees} == present
    assert {(p.name, p.title) for p in readout.mentioned} == mentioned


@pytest.mark.parametrize(
    ("said", "held"),
    [
        ("會議以視頻形式召開。", "video"),
        ("會議採取視頻會議形式召開。", "video"),
        ("會議採用電視電話會議方式召開。", "teleconference"),
        ("會議通過視頻方式召開。", "video"),
        # Said otherwise, it had been unknown.
        ("會議通過視頻連線方式召開。", "video"),
        ("會議以網絡視頻形式召開。", "video"),
        ("會議以線上方式召開。", "video"),
        # On site and online at once: there had been no such format (unknown).
        ("會議採取線上線下相結合的方式召開。", "hybrid"),
        ("會議採取線上+線下方式召開。", "hybrid"),
        # On site with a video link: it had read as video alone.
        ("會議以“現場+視頻”形式召開。", "hybrid"),
        ("會議以現場加視頻方式召開。", "hybrid"),
        ("會議在縣委三樓會議室召開。", "unknown"),
    ],
)
def test_how_the_meeting_was_held_as_the_report_states_it(said: str, held: str) -> None:
    readout = extract_offline(clean_text(f"會議\n3月2日，縣委召開防汛工作會議。{said}縣委書記王明主持。"))
    assert readout.format == held


@pytest.mark.parametrize(
    ("said", "held"),
    [
        ("縣委書記王明以視頻連線方式主持召開全縣防汛工作會議，各鄉鎮設分會場。", "video"),
        ("縣政府以電視電話會議形式召開全縣防汛工作會議。", "teleconference"),
    ],
)
def test_how_the_chair_convened_the_meeting_is_its_format(said: str, held: str) -> None:
    # Said of who convened it, not of the meeting (会议以…形式): it had been unknown.
    readout = extract_offline(clean_text(f"會議\n3月2日，{said}"))
    assert (readout.meeting, readout.format) == ("全縣防汛工作會議", held)


@pytest.mark.parametrize(("bracketed", "held"), [("（視頻會議）", "video"), ("（電視電話會議）", "teleconference")])
def test_a_format_in_brackets_after_the_meetings_name_leaves_the_name_read(bracketed: str, held: str) -> None:
    # 召開全縣防汛工作會議（視頻會議）: no meeting had been read, and no format.
    readout = extract_offline(clean_text(f"會議\n3月2日，縣委書記王明主持召開全縣防汛工作會議{bracketed}。"))
    assert (readout.meeting, readout.format) == ("全縣防汛工作會議", held)


@pytest.mark.parametrize(
    "body",
    [
        # The inspection group's head gives its findings: he had had no title, or been missed.
        "省委第三巡視組組長錢偉民代表巡視組反饋巡視意見，縣委書記嚴正主持會議並作表態發言。錢偉民指出，要抓好整改。",
        "縣委書記嚴正主持會議。省委第三巡視組組長錢偉民代表巡視組反饋意見。",
    ],
)
def test_who_gives_an_inspection_group_s_findings_was_there_with_the_title_before_the_name(body: str) -> None:
    readout = extract_offline(clean_text(f"巡視反饋\n11月6日，{body}\n"))
    present = {p.name: p for p in readout.attendees}
    assert present["錢偉民"].title == "省委第三巡視組組長"
    assert present["錢偉民"].title_en == "Head of the No. 3 Inspection Group of the Provincial Party Committee"
    assert "錢偉民" in {p.name for p in readout.speakers}
    assert readout.chair is not None and readout.chair.name == "嚴正"


def test_a_visit_with_no_meeting_held_has_no_chair_but_its_speaker() -> None:
    text = (
        "副市長孫立軍到我縣調研防汛工作\n3月2日，副市長孫立軍一行到我縣調研防汛工作。在縣委副書記、縣長李強的陪同下，"
        "孫立軍先後來到白沙鎮、龍潭鄉，實地察看山塘水庫安全度汛情況。\n孫立軍強調，要壓緊壓實防汛責任，確保安全度汛。\n"
    )
    readout = extract_offline(clean_text(text))
    assert readout.meeting is None and readout.chair is None
    assert [p.name for p in readout.speakers] == ["孫立軍"]
    assert [d.by for d in readout.directives] == ["孫立軍"]
    # A meeting held after the visit is chaired by whoever spoke first at it, as before.
    held = text.replace("\n孫立軍強調", "\n隨後，全縣防汛工作座談會召開。孫立軍出席並講話。孫立軍強調")
    assert extract_offline(clean_text(held)).chair is not None


def test_a_name_s_titles_in_brackets_after_it_are_one_person_s_however_many() -> None:
    text = (
        "會議\n3月2日，縣委召開會議。縣委書記王明主持會議。出席會議的有：李強（縣委常委、副縣長），"
        "江志春（縣住建局黨組書記、四級調研員），張華（縣政協副主席）。"
    )
    readout = extract_offline(clean_text(text))
    assert {(p.name, p.title) for p in readout.attendees} == {
        ("王明", "縣委書記"),
        ("李強", "縣委常委、副縣長"),
        ("江志春", "縣住建局黨組書記、四級調研員"),
        ("張華", "縣政協副主席"),
    }


@pytest.mark.parametrize(
    ("place", "english"),
    [
        # A syllable opening with a, o or e after another is set apart, as place names are written.
        ("西安市", "Xi'an City"),
        ("六安市", "Lu'an City"),
        ("東阿縣", "Dong'e County"),
        ("安陽縣", "Anyang County"),
        # Read with the level that makes it a known place: 朝阳 alone is the morning sun.
        ("朝陽市", "Chaoyang City"),
        ("兴安盟", "Xing'an League"),
        # 勒 of a transliterated name is le, not lei (Aleitai, Xilinguolei had been written).
        ("阿勒泰地區", "Aletai Prefecture"),
        ("錫林郭勒盟", "Xilinguole League"),
        ("克孜勒蘇柯爾克孜自治州", "Kezilesu Kirghiz Autonomous Prefecture"),
    ],
)
def test_places_are_romanized_as_their_names_are_written(place: str, english: str) -> None:
    from jiyao.extraction.places import location_english

    assert location_english(to_simplified(place)) == english


def test_two_offices_that_share_one_post_are_both_the_person_s() -> None:
    # 县委办、县政府办主任: one person heads both offices; the first, with no post of its
    # own, had been dropped from the title.
    report = clean_text(
        "县召开专题会议\n3月2日，县委书记王强主持召开专题会议。县委办、县政府办主任周杰，县财政局局长、国资办主任秦波出席会议。\n"
    )
    readout = extract_offline(report)
    titles = {p.name: (p.title, p.title_en) for p in readout.attendees}
    assert titles["周杰"] == (
        "县委办、县政府办主任",
        "Director of the County Party Committee Office; Director of the County Government Office",
    )
    assert titles["秦波"][0] == "县财政局局长、国资办主任"
    # A list of offices with no one named is no one's title.
    listed = extract_offline(clean_text("县召开专题会议\n3月2日，县委办、县政府办、县应急局负责同志参加会议。\n"))
    assert listed.attendees == []


@pytest.mark.parametrize(
    ("title", "english"),
    [
        # The teams that inspect environmental protection, the centre's numbered (環保督察).
        (
            "中央第二生態環境保護督察組副組長",
            "Deputy Head of the No. 2 Central Ecological and Environmental Protection Inspection Team",
        ),
        ("省第三环境保护督察组组长", "Head of the No. 3 Provincial Environmental Protection Inspection Team"),
        ("督察组副组长", "Deputy Head of the Inspection Team"),
        # A supervision group by its subject.
        ("省疫情防控督導組組長", "Head of the Provincial Epidemic Prevention and Control Supervision Group"),
        ("市安全生产督导组副组长", "Deputy Head of the Municipal Work Safety Supervision Group"),
        # The discipline commission's group stationed in an organ, or sent out numbered.
        (
            "县纪委监委驻县信访局纪检监察组组长",
            "Head of the Discipline Inspection and Supervision Group of the County Commission for Discipline"
            " Inspection and County Supervisory Commission stationed in the County Letters and Calls Bureau",
        ),
        (
            "县纪委监委派驻第三纪检监察组组长",
            "Head of the No. 3 Discipline Inspection and Supervision Group of the County Commission for Discipline"
            " Inspection and County Supervisory Commission",
        ),
        # State Grid's county company.
        ("国网平阳县供电公司总经理", "General Manager of State Grid Pingyang County Power Supply Company"),
        # A prefecture's organs, written without its level's second character (地委, 行署): none had English.
        ("地委副书记", "Deputy Secretary of the Prefectural Party Committee"),
        ("行署专员", "Commissioner of the Prefectural Administrative Office"),
        ("行署常务副专员", "Executive Deputy Commissioner of the Prefectural Administrative Office"),
        ("地区行政公署副专员", "Deputy Commissioner of the Prefectural Administrative Office"),
    ],
)
def test_inspection_teams_stationed_groups_and_state_companies_are_titled_in_english(title: str, english: str) -> None:
    readout = extract_offline(clean_text(f"会议召开\n5月8日，县委书记王海主持召开专题会议。{title}刘建国出席会议。"))
    assert {p.name: (p.title, p.title_en) for p in readout.attendees}["刘建国"] == (title, english)


@pytest.mark.parametrize(
    ("title", "english"),
    [
        # Below the county, a place's name is taken as written, romanized.
        ("城关镇党委书记", "Secretary of the Chengguan Town Party Committee"),
        ("青石街道党工委书记", "Secretary of the Qingshi Subdistrict Party Working Committee"),
        ("东坪村党支部书记", "Secretary of the Dongping Village Party Branch"),
        ("新华社区党委书记", "Secretary of the Xinhua Community Party Committee"),
        ("白沙乡乡长", "Mayor of Baisha Township"),
        ("东坪村村委会主任", "Director of the Dongping Village Committee"),
        # A military sub-district's commander; bureaus and centres the tables lacked.
        ("市军分区司令员", "Commander of the Municipal Military Sub-district"),
        ("市住房城乡建设局副局长", "Deputy Director of the Municipal Housing and Urban-Rural Development Bureau"),
        ("市水文中心主任", "Director of the Municipal Hydrology Center"),
        # 办公室 after the government's post is the government's office.
        (
            "市政府副秘书长、办公室主任",
            "Deputy Secretary-General of the Municipal Government; Director of the Municipal Government Office",
        ),
    ],
)
def test_titles_below_the_county_and_of_offices_the_tables_lacked_are_in_english(title: str, english: str) -> None:
    readout = extract_offline(clean_text(f"会议召开\n5月8日，县委书记王海主持召开专题会议。{title}刘建国出席会议。"))
    assert {p.name: (p.title, p.title_en) for p in readout.attendees}["刘建国"] == (title, english)


@pytest.mark.parametrize("title", ["各镇党委书记", "示范村党支部书记", "乡镇党委书记", "全村党支部书记"])
def test_words_that_say_which_or_how_many_before_a_level_are_no_place_s_name(title: str) -> None:
    from jiyao.titles import compose_title_en

    assert compose_title_en([title]) == [None]


def test_a_reports_people_are_read_once_when_asked_from_two_threads_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The LLM path asks for the offline people twice and at once (the translation's names,
    the readout's people named but not present): the second ask waits for the first's
    reading instead of reading the report again."""
    import threading
    import time

    import jiyao.extraction as extraction

    reads: list[int] = []
    real = extraction.find_people

    def slow_find_people(text: str, body_start: int):  # type: ignore[no-untyped-def]
        reads.append(body_start)
        time.sleep(0.2)  # both asks arrive while the first is still reading
        return real(text, body_start)

    monkeypatch.setattr(extraction, "find_people", slow_find_people)
    # A report no other test reads: nothing kept from before.
    report = clean_text(
        "縣政府常務會議\n縣長齊望遠主持召開縣政府常務會議，副縣長曾念初出席。會議傳達了市長席海平的講話。"
    )
    answers: dict[str, object] = {}
    asks = [
        threading.Thread(target=lambda: answers.update(present=extraction.people_in(report))),
        threading.Thread(target=lambda: answers.update(mentioned=extraction.mentioned_in(report)[0])),
    ]
    for ask in asks:
        ask.start()
    for ask in asks:
        ask.join()
    assert len(reads) == 1
    assert answers["present"] == ["齊望遠", "曾念初"]
    assert [p.name for p in answers["mentioned"]] == ["席海平"]  # type: ignore[attr-defined]


def test_a_failed_reading_of_a_reports_people_is_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reading that raised (a time budget run out) is read again at the next ask."""
    import jiyao.extraction as extraction

    real = extraction.find_people
    calls: list[int] = []

    def failing_once(text: str, body_start: int):  # type: ignore[no-untyped-def]
        calls.append(body_start)
        if len(calls) == 1:
            raise RuntimeError("budget")
        return real(text, body_start)

    monkeypatch.setattr(extraction, "find_people", failing_once)
    report = clean_text("鎮政府會議\n鎮長蒲延齡主持會議，副鎮長姬懷遠出席。")
    with pytest.raises(RuntimeError):
        extraction.people_in(report)
    assert extraction.people_in(report) == ["蒲延齡", "姬懷遠"]
    assert len(calls) == 2


def test_the_meetings_of_a_long_report_are_found_in_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each meeting found was checked against every one found before it, its clause looked
    for again each time: a 2 MB report's readout took 8.4 s, 5.0 s now (a clause each)."""
    from jiyao.extraction import meetings as meeting_rules

    looked_up: list[int] = []
    real = meeting_rules._clause_of

    def counted(text: str, at: int) -> int:
        looked_up.append(at)
        return real(text, at)

    monkeypatch.setattr(meeting_rules, "_clause_of", counted)
    text = "".join(f"第{n}天，县政府召开第{n}次常务会议。" for n in range(1, 401))
    meetings = meeting_rules.find_meetings(text, 0)
    assert len(meetings) == 400
    assert len(looked_up) <= 3 * len(meetings)  # before: 160,000 (each against all before it)


def test_a_candidate_for_a_head_s_post_is_present_with_the_title() -> None:
    # 县长候选人 (nominated, the congress not yet voted): no title word ended it, and the
    # person was lost from the list.
    text = "县委召开会议\n10月8日，县委书记王军主持会议，县委副书记、县长候选人孙丽，副县长候选人李强出席。\n"
    report = clean_text(text)
    people = {p.name: (p.title, p.title_en) for p in extract_offline(report).attendees}
    assert people["孙丽"] == (
        "县委副书记、县长候选人",
        "Deputy Secretary of the County Party Committee; Candidate for County Mayor",
    )
    assert people["李强"] == ("副县长候选人", "Candidate for Deputy County Mayor")


@pytest.mark.parametrize(
    ("body", "present"),
    [
        # 代表 before a name is a title (a group's representative); it had been taken for the
        # verb of 代表县委 (on behalf of), and the people were lost.
        ("退休干部代表周涛、老党员代表吴敏参加座谈。", {"周涛": "退休干部代表", "吴敏": "老党员代表"}),
        ("企业家代表周涛、吴敏参加会议。", {"周涛": "企业家代表", "吴敏": "企业家代表"}),
        # …and after a name, still the verb: on behalf of the county, of both sides.
        ("县长孙丽代表县政府讲话。", {"孙丽": "县长"}),
        ("县长李强、某集团董事长刘洋代表双方签约。", {"李强": "县长", "刘洋": "某集团董事长"}),
    ],
)
def test_a_group_s_representative_is_titled_and_on_behalf_of_is_a_verb(body: str, present: dict[str, str]) -> None:
    report = clean_text(f"县委召开座谈会\n10月8日，县委书记王军主持召开座谈会。{body}\n")
    people = {p.name: p.title for p in extract_offline(report).attendees}
    assert {name: people.get(name) for name in present} == present


def test_a_title_in_brackets_after_comrade_is_the_name_s() -> None:
    # 张华同志（县委副书记）: 同志 was read as the verb phrase's start, the bracket lost, and
    # the next name of the list with it.
    text = "县委召开会议\n10月8日，县委书记王军主持会议。张华同志（县委副书记）、李强同志（副县长）出席。\n"
    people = {p.name: p.title for p in extract_offline(clean_text(text)).attendees}
    assert people == {"王军": "县委书记", "张华": "县委副书记", "李强": "副县长"}


def test_a_representative_s_title_has_english() -> None:
    # 退休干部代表 and 县人大代表 had no English: the brief showed the Chinese alone.
    from jiyao.titles import compose_title_en

    assert compose_title_en(["退休干部代表", "县人大代表", "全国人大代表", "党代表", "某某代表"]) == [
        "Representative of retired cadres",
        "Deputy to the County People's Congress",
        "Deputy to the National People's Congress",
        "Party Congress Delegate",
        None,
    ]
    text = "县委召开座谈会\n10月8日，县委书记王军主持召开座谈会。退休干部代表周涛参加座谈。\n"
    people = {p.name: p.title_en for p in extract_offline(clean_text(text)).attendees}
    assert people["周涛"] == "Representative of retired cadres"


# --- what the readout says of its input --------------------------------------------------------

NOT_CHINESE = "the text holds no Chinese characters"
NOTHING_FOUND = "found no meeting, date, person present or instruction"


def test_a_page_in_another_language_says_it_is_no_chinese_report() -> None:
    # Before: an empty readout and nothing else, as for a meeting report whose fields the
    # rules missed; a batch over a folder with the wrong files in it said nothing either.
    readout = extract_offline(clean_text("The city council met on Monday.\nThe mayor chaired the meeting."))
    assert any(NOT_CHINESE in n for n in readout.notes)
    assert not any(NOTHING_FOUND in n for n in readout.notes)  # one note, the telling one
    quoting = "The delegation met the mayor, 王明, in 北京 to discuss trade and investment in the region."
    assert any("only 4 Chinese characters" in n for n in extract_offline(clean_text(quoting)).notes)


def test_a_chinese_report_that_quotes_english_or_gives_pinyin_is_one() -> None:
    text = (
        "3月5日，市政府召开常务会议（Executive Meeting），市长王明（Wang Ming）主持会议。"
        "会议要求，各部门要落实 COVID-19 防控措施。"
    )
    readout = extract_offline(clean_text(text))
    assert not any(NOT_CHINESE in n or NOTHING_FOUND in n for n in readout.notes)
    for path in SEEDS:
        notes = extract_offline(clean_file(path)).notes
        assert not any(NOT_CHINESE in n or NOTHING_FOUND in n or n.startswith("the input:") for n in notes), path


def test_a_chinese_text_of_no_meeting_says_the_rules_found_nothing() -> None:
    readout = extract_offline(clean_text("今天天气晴，气温二十度。明天有小雨，请市民注意出行安全。"))
    assert readout.chair is None and not readout.attendees
    assert [n for n in readout.notes if NOTHING_FOUND in n and "an LLM endpoint may read it" in n]


def test_what_decoding_replaced_is_in_the_readout_not_only_on_stderr() -> None:
    # A batch's readout files and the service's answers carry no stderr.
    from jiyao.cleaning import clean_bytes

    report = clean_bytes("3月5日，市长王明主持召开会议。".encode() + b"\xe4\xbc" + "副市长李强出席。".encode())
    readout = extract_offline(report)
    assert report.decoding_problems
    assert [n for n in readout.notes if n == f"the input: {report.decoding_problems[0]}"]
    assert readout.chair is not None and readout.chair.name == "王明"


def test_corner_bracket_quotes_hold_slogans_as_curly_quotes_do() -> None:
    # Taiwan's and Hong Kong's pages quote with 「」 and 『』: the readout had found no slogan.
    curly = (
        "11月5日下午，縣長陳志明主持召開縣政府常務會議。副縣長林美玲參加會議。"
        "會議要求，各鄉鎮要壓實責任，確保“不發生較大以上安全事故”，落實“‘兩個清單’全覆蓋”。"
    )
    to_corner = str.maketrans("“”‘’", "「」『』")
    corner = curly.translate(to_corner)
    by_curly, by_corner = (extract_offline(clean_text(text)) for text in (curly, corner))
    assert "不發生較大以上安全事故" in by_curly.slogans
    # Quoted as the report quotes them.
    assert by_corner.slogans == [slogan.translate(to_corner) for slogan in by_curly.slogans]
    assert by_corner.directives == by_curly.directives
    assert [p.name for p in by_corner.attendees] == ["陳志明", "林美玲"]


@pytest.mark.parametrize(
    ("said", "slogans"),
    [
        ("會議要求，各鄉鎮要落實‘三個必須’要求。", ["三個必須"]),
        ("會議要求，堅持『兩個毫不動搖』。", ["兩個毫不動搖"]),
        # Inside what someone said, where the double quotes hold a sentence, no formula.
        ("王明強調：“要落實‘三個必須’要求，樹牢‘一盤棋’思想。”", ["三個必須", "一盤棋"]),
    ],
)
def test_formulas_in_single_quotes_are_slogans(said: str, slogans: list[str]) -> None:
    # ‘’ (and 『』, read as ‘’) had held no slogan, alone or inside “”.
    readout = extract_offline(clean_text(f"會議召開\n12月3日，縣委書記王明主持召開會議。{said}"))
    assert readout.slogans == slogans


@pytest.mark.parametrize(
    ("body", "venue"),
    [
        # Where the meeting sat had not been read at all: minutes' 地点 line, or a sentence's room.
        ("时间：2024年3月12日上午\n地点：县政府三楼会议室\n主持：县长王建国\n", "县政府三楼会议室"),
        ("3月12日上午，县政府第十二次常务会议在县政府三楼会议室召开。县长王建国主持会议。", "县政府三楼会议室"),
        ("3月12日，政协某某县第十届委员会第三次会议在县会议中心隆重开幕。", "县会议中心"),
        ("3月12日，市委常委会会议在市行政中心举行。市委书记王明主持。", "市行政中心"),
        ("3月12日，縣委常委會會議在縣委常委會議室召開。", "縣委常委會議室"),
        # The chair between the room and the verb (X在…会议室主持召开) had left it unread.
        ("3月12日上午，县委书记王明在县委三楼常委会议室主持召开县委常委会会议。", "县委三楼常委会议室"),
        ("3月12日，县长李强在县政府二楼会议室主持会议，研究有关工作。", "县政府二楼会议室"),
        ("3月12日，县委在县委党校组织召开理论学习中心组学习会。", "县委党校"),
        # A sub-venue is none, and nor is a place with no room or building.
        ("3月12日，全市视频会议召开。各县市区在分会场参会。", None),
        ("3月12日，县委在北京召开招商推介会。", None),
        ("3月12日，县委常委会会议召开。", None),
    ],
)
def test_the_venue_is_the_room_or_building_the_meeting_sat_in(body: str, venue: str | None) -> None:
    readout = extract_offline(clean_text(f"会议召开\n{body}"))
    assert readout.venue == venue
    if venue is not None:
        assert any(e.field == "venue" and e.quote == venue for e in readout.evidence)


@pytest.mark.parametrize(
    ("venue", "english"),
    [
        # A venue had no English: the brief's English column was empty beside it.
        ("县政府三楼会议室", "meeting room, 3rd floor, County Government"),
        ("縣委三樓常委會議室", "Standing Committee meeting room, 3rd floor, County Party Committee"),
        ("县政府十二楼第一会议室", "meeting room No. 1, 12th floor, County Government"),
        ("市政府1号会议室", "meeting room No. 1, Municipal Government"),
        ("县政府301会议室", "meeting room 301, County Government"),
        ("县应急管理局会商室", "consultation room, County Emergency Management Bureau"),
        ("市行政中心", "Municipal Administrative Center"),
        ("县会议中心", "County Conference Center"),
        ("市委大楼", "Municipal Party Committee building"),
        ("县委党校", "Party School of the County Party Committee"),
        ("市行政中心第一会议室", "meeting room No. 1, Municipal Administrative Center"),
        ("县会议中心二楼报告厅", "lecture hall, 2nd floor, County Conference Center"),
        ("人民大会堂", "Great Hall of the People"),
        # A part the lists do not hold: none, and the reader sees the venue as written.
        ("县城关宾馆", None),
        ("县三楼会议室", None),
        ("县迎宾馆", None),
    ],
)
def test_a_venue_is_given_in_english_where_every_part_has_one(venue: str, english: str | None) -> None:
    from jiyao.extraction.venues import venue_english

    assert venue_english(venue) == english
    readout = extract_offline(clean_text(f"会议召开\n3月12日，县委常委会会议在{venue}召开。"))
    assert (readout.venue, readout.venue_en) == (venue, english)


@pytest.mark.parametrize(
    ("said", "decisions"),
    [
        # Personnel decisions had not been read at all: the people went unnamed.
        (
            "會議表決通過了人事任免事項，任命黃海為縣財政局局長，張麗為縣教育局局長。",
            [("appointed", "黃海", "縣財政局局長"), ("appointed", "張麗", "縣教育局局長")],
        ),
        (
            "會議決定任命王強、李明為縣人民政府副縣長。",
            [("appointed", "王強", "縣人民政府副縣長"), ("appointed", "李明", "縣人民政府副縣長")],
        ),
        ("會議決定免去周丹的縣教育局局長、黨組書記職務。", [("removed", "周丹", "縣教育局局長、黨組書記")]),
        # An appointment notice's form.
        (
            "經研究決定：王明同志任縣委辦公室主任；免去李強同志縣委辦公室主任職務。",
            [("appointed", "王明", "縣委辦公室主任"), ("removed", "李強", "縣委辦公室主任")],
        ),
        ("會議決定接受趙剛辭去縣人民政府副縣長職務的請求。", [("resigned", "趙剛", "縣人民政府副縣長")]),
        ("會議選舉陳敏為縣人大常委會副主任。", [("elected", "陳敏", "縣人大常委會副主任")]),
        ("大會選舉產生了新一屆領導班子，劉洋當選為縣長。", [("elected", "劉洋", "縣長")]),
        ("會議提名孫偉為縣人民政府縣長候選人。", [("nominated", "孫偉", "縣人民政府縣長候選人")]),
        ("會議決定任命吐爾遜·買買提為縣農業農村局局長。", [("appointed", "吐爾遜·買買提", "縣農業農村局局長")]),
        # A three-character name with no 同志 or 的 after it had been cut at two (劉志, of 強縣…).
        ("會議決定免去劉志強縣民政局局長職務。", [("removed", "劉志強", "縣民政局局長")]),
        # A removal with no 职务 after the post had not been read.
        (
            "會議決定：免去劉志強同志的縣民政局局長，任命孫曉梅為縣民政局局長。",
            [("removed", "劉志強", "縣民政局局長"), ("appointed", "孫曉梅", "縣民政局局長")],
        ),
        # A by-election, and a decision that X takes a post (決定X任Y): neither had been read.
        ("大會補選陳敏為縣人大常委會委員。", [("elected", "陳敏", "縣人大常委會委員")]),
        ("會議決定雷振東任縣財政局局長。", [("appointed", "雷振東", "縣財政局局長")]),
        # Where the name may end nowhere a post opens: none, rather than a wrong name.
        ("會議決定免去張三公安局局長職務。", []),
        # Business about appointments, with no one appointed: none.
        ("會議聽取了關於任命幹部的說明，研究了幹部任免事項。", []),
        # Named in the motion or decision passed (…的議案), and a resignation agreed to (同意):
        # none had been read.
        ("會議表決通過了關於任命黃海為縣財政局局長的議案。", [("appointed", "黃海", "縣財政局局長")]),
        (
            "會議審議通過了關於提名王五為縣人民政府副縣長候選人的議案。",
            [("nominated", "王五", "縣人民政府副縣長候選人")],
        ),
        ("會議同意黃海辭去縣財政局局長職務的請求。", [("resigned", "黃海", "縣財政局局長")]),
        # Agreed to (同意X同志任Y), let go (X同志不再擔任Y職務), put forward as a candidate
        # (推薦X為Y人選): none had been read. A recommendation for an award is none.
        ("會議同意陳剛同志任縣應急管理局黨委書記。", [("appointed", "陳剛", "縣應急管理局黨委書記")]),
        ("會議同意孫麗同志不再擔任縣水利局局長職務。", [("removed", "孫麗", "縣水利局局長")]),
        ("會議決定推薦趙敏為縣政協副主席人選。", [("nominated", "趙敏", "縣政協副主席人選")]),
        ("會議決定推薦趙敏為全省優秀共產黨員。", []),
    ],
)
def test_personnel_decisions_are_read_with_the_post_as_written(
    said: str, decisions: list[tuple[str, str, str]]
) -> None:
    readout = extract_offline(clean_text(f"人大常委會會議召開\n6月28日，縣人大常委會主任方志剛主持會議。{said}"))
    assert [(d.action, d.person.name, d.person.title) for d in readout.personnel] == decisions
    for d in readout.personnel:
        assert any(e.field == f"personnel:{d.person.name}" and e.quote in said for e in readout.evidence)
    # The people decided on are not counted present.
    assert not {d.person.name for d in readout.personnel} & {p.name for p in readout.attendees}


def test_personnel_decisions_come_with_english_in_the_readable_form_and_the_brief() -> None:
    from jiyao.briefing import render_brief
    from jiyao.render import readout_as_text

    report = clean_text("人大常委會會議召開\n6月28日，縣人大常委會主任方志剛主持會議。會議任命黃海為縣財政局局長。")
    readout = extract_offline(report)
    assert "Appointed: 縣財政局局長 黃海 (Huang Hai, Director of the County Finance Bureau)" in readout_as_text(readout)
    brief = render_brief(report, readout, None, "md", source="report", made="2026-12-03")
    assert "| Appointed | 縣財政局局長 黃海 | Huang Hai, Director of the County Finance Bureau |" in brief
    assert "Personnel decisions: 1 appointed." in brief


def test_a_candidate_s_post_is_given_in_english() -> None:
    # 副縣長候選人, 縣政協副主席人選 had no English.
    report = clean_text(
        "人大常委會會議召開\n6月28日，縣人大常委會主任方志剛主持會議。"
        "會議審議通過了關於提名王五為縣人民政府副縣長候選人的議案，推薦趙敏為縣政協副主席人選。"
    )
    assert [d.person.title_en for d in extract_offline(report).personnel] == [
        "Candidate for Deputy County Mayor",
        "Candidate for Vice Chairman of the County Committee of the CPPCC",
    ]


@pytest.mark.parametrize(
    ("body", "present"),
    [
        # A company's president, an academician, a founder: no title word had held them, and
        # a guest at a signing ceremony went missing.
        ("某控股集团总裁萧雅琳等企业代表出席。", {"萧雅琳": "某控股集团总裁"}),
        ("某科技公司副总裁吕明、首席执行官邓远出席。", {"吕明": "某科技公司副总裁", "邓远": "首席执行官"}),
        ("中国工程院院士钟南海应邀出席。", {"钟南海": "中国工程院院士"}),
        ("某公司创始人柯文出席会议。", {"柯文": "某公司创始人"}),
        # On behalf of the signing firms, the guests, the award winners: 代表 is the verb.
        ("某公司董事长钟启明代表签约企业发言。", {"钟启明": "某公司董事长"}),
        ("钟启明代表与会企业家发言。", {"钟启明": None}),
        ("钟启明代表受表彰个人发言。", {"钟启明": None}),
    ],
)
def test_an_executive_or_academician_is_titled_and_speaks_for_others(body: str, present: dict[str, str | None]) -> None:
    report = clean_text(f"会议召开\n12月8日，市长谢文军出席签约仪式。{body}\n")
    people = {p.name: p.title for p in extract_offline(report).attendees}
    assert set(present) <= set(people)
    assert {name: people[name] for name in present} == present


@pytest.mark.parametrize(
    ("title", "english"),
    [
        ("某控股集团总裁", None),  # a company named only by its kind: no English for it
        ("华能集团总裁", "President of the Huaneng Group"),
        ("华能集团副总裁", "Vice President of the Huaneng Group"),
        ("华能集团首席执行官", "Chief Executive Officer of the Huaneng Group"),
        ("首席执行官", None),  # a post alone, as 总经理 alone: whose, the reader sees
        # A congress's and a CPPCC's general office, named or after their officers.
        (
            "县人大常委会办公室主任",
            "Director of the General Office of the Standing Committee of the County People's Congress",
        ),
        ("市政协办公室副主任", "Deputy Director of the General Office of the Municipal Committee of the CPPCC"),
        # Organs by their full names, as an election's result writes them: no English had come.
        (
            "县人民代表大会常务委员会副主任",
            "Deputy Director of the Standing Committee of the County People's Congress",
        ),
        (
            "平江县人民代表大会常务委员会主任",
            "Director of the Standing Committee of the Pingjiang County People's Congress",
        ),
        ("中国人民政治协商会议平江县委员会副主席", "Vice Chairman of the Pingjiang County Committee of the CPPCC"),
        ("县妇女联合会主席", "Chairman of the County Women's Federation"),
        ("中共平江县委书记", "Secretary of the Pingjiang County Party Committee"),
        # A first secretary a higher organ stations in a village.
        ("枫树村驻村第一书记", "First Secretary Stationed in Fengshu Village"),
        ("驻村第一书记", "Village-Stationed First Secretary"),
        # A town's and a village's offices and institutions: none had English.
        ("镇卫生院院长", "President of the Town Health Center"),
        ("镇中心学校校长", "Principal of the Town Central School"),
        ("镇财政所所长", "Director of the Town Finance Office"),
        ("镇综治中心主任", "Director of the Town Comprehensive Governance Center"),
        ("镇应急办主任", "Director of the Town Emergency Management Office"),
        ("镇党政办主任", "Director of the Town Party and Government Office"),
        ("村监委会主任", "Director of the Village Affairs Supervisory Committee"),
        ("驻村工作队队长", "Head of the Village-Stationed Work Team"),
        # A group named before its number (巡视组第三组), as 第三巡视组 is.
        ("省委巡视组第三组组长", "Head of the No. 3 Inspection Group of the Provincial Party Committee"),
        ("省委巡视组第三组副组长", "Deputy Head of the No. 3 Inspection Group of the Provincial Party Committee"),
        # The Party committee's own leading groups and committees by their subject: none had English.
        ("县委巡察工作领导小组组长", "Head of the Inspection Work Leading Group of the County Party Committee"),
        (
            "县委巡察工作领导小组副组长",
            "Deputy Head of the Inspection Work Leading Group of the County Party Committee",
        ),
        (
            "县委乡村振兴工作领导小组组长",
            "Head of the Rural Revitalization Leading Group of the County Party Committee",
        ),
        ("县委安全生产委员会主任", "Director of the Work Safety Committee of the County Party Committee"),
        ("县委统战工作领导小组组长", "Head of the United Front Work Leading Group of the County Party Committee"),
    ],
)
def test_titles_the_tables_lacked_are_composed_in_english(title: str, english: str | None) -> None:
    from jiyao.titles import compose_title_en

    assert compose_title_en([title]) == [english]


def test_an_officer_of_a_congress_who_also_runs_its_office_is_the_congress_s() -> None:
    # 党组成员、办公室主任 after the standing committee's heads had no organ and no English.
    report = clean_text(
        "会议召开\n12月5日，县人大常委会主任赵德明主持会议，副主任孙立华，党组成员、办公室主任周文斌出席会议。\n"
    )
    people = {p.name: (p.title, p.title_en) for p in extract_offline(report).attendees}
    assert people["周文斌"] == (
        "县人大常委会党组成员、办公室主任",
        "Member of the Leading Party Group of the Standing Committee of the County People's Congress; "
        "Director of the General Office of the Standing Committee of the County People's Congress",
    )


@pytest.mark.parametrize(
    ("body", "venue"),
    [
        # A civic centre, an exhibition hall, a square: no venue noun had held them.
        ("12月8日下午，我市在市民中心举行重大项目集中签约仪式。", "市民中心"),
        ("12月8日，全县招商推介会在县文化中心隆重举行。", "县文化中心"),
        ("12月8日，全市消防演练在人民广场举行。", "人民广场"),
        ("12月8日，成果展在市规划展览馆开幕。", "市规划展览馆"),
        # A studio (演播厅), where a video meeting's main venue may be: it had been no venue.
        ("会议在县融媒体中心演播厅召开。", "县融媒体中心演播厅"),
    ],
)
def test_a_civic_centre_hall_or_square_is_a_venue(body: str, venue: str) -> None:
    assert extract_offline(clean_text(f"会议召开\n{body}")).venue == venue


@pytest.mark.parametrize(
    ("venue", "english"),
    [
        ("市民中心", "Civic Center"),
        ("县文化中心", "County Cultural Center"),
        ("人民广场", None),
        # A level's people's hall, where its congress sits: it had had no English.
        ("县人民会堂", "County People's Hall"),
        # An emergency command center, a citizen service center: none had had English.
        ("县应急指挥中心", "County Emergency Command Center"),
        ("市民服务中心", "Citizen Service Center"),
        ("市人民大会堂", "Municipal Great Hall of the People"),
        ("县人民礼堂", "County People's Auditorium"),
    ],
)
def test_a_civic_or_cultural_centre_has_english(venue: str, english: str | None) -> None:
    from jiyao.extraction.venues import venue_english

    assert venue_english(venue) == english


def test_a_time_of_day_without_a_date_is_not_shown_as_the_date() -> None:
    from jiyao.render import readout_as_text

    # 昨日上午 with no publication date: the readable form had said "Date: morning".
    readout = extract_offline(clean_text("会议召开\n昨日上午，镇召开推进会。镇长邱玉梅主持会议。\n"))
    assert (readout.date, readout.time_of_day) == (None, "morning")
    assert "Date:      - (morning)" in readout_as_text(readout).splitlines()


@pytest.mark.parametrize(
    ("body", "titles"),
    [
        # A title a space before the first name (as scraped pages write it) heads the list:
        # 吴敏 had had no title at all.
        ("副县长 周涛、吴敏参加会议。", {"周涛": "副县长", "吴敏": "副县长"}),
        ("县领导 周涛、吴敏、郑华参加会议。", {"周涛": "县领导", "吴敏": "县领导", "郑华": "县领导"}),
    ],
)
def test_a_title_a_space_before_a_list_heads_all_its_names(body: str, titles: dict[str, str]) -> None:
    report = clean_text(f"会议召开\n12月3日，县长李明主持会议。{body}\n")
    people = {p.name: p.title for p in extract_offline(report).attendees}
    assert {name: people.get(name) for name in titles} == titles


def test_a_department_head_after_a_standing_committee_member_is_the_committee_s() -> None:
    # The glossary's bare 宣传部长 (Head of the Publicity Department) had won over the
    # composed English that says whose department it is.
    report = clean_text("会议召开\n12月3日，县长李明主持会议。县委常委、宣传部长孙丽出席会议。\n")
    people = {p.name: p.title_en for p in extract_offline(report).attendees}
    assert people["孙丽"] == (
        "Member of the Standing Committee of the County Party Committee; "
        "Head of the Publicity Department of the County Party Committee"
    )


def test_a_name_padded_with_two_ascii_spaces_is_one_name() -> None:
    # Two half-width spaces are one character's width: 王  军 had become 王 军, and no one.
    text = (
        "会议召开\n12月3日，县委书记王  军出席会议并讲话，县长李　明主持会议。\n"
        "出席会议的还有：县领导张晓东、刘  勇、陈红梅。副县长许\u00a0\u00a0静出席。\n"
    )
    report = clean_text(text)
    assert "县委书记王军出席" in report.text and "刘勇、" in report.text and "副县长许静出席" in report.text
    names = {p.name for p in extract_offline(report).attendees}
    assert {"王军", "李明", "刘勇", "许静"} <= names
    # Three spaces too: they had been left one space, which cleaning the text again read as
    # a padding (赵 刚 → 赵刚), so they are read as one now (tests/test_clean_twice.py).
    assert clean_text("出席会议的还有赵   刚。").text == "出席会议的还有赵刚。"


def test_a_minutes_item_that_opens_with_what_the_meeting_asked_is_the_instruction_alone() -> None:
    # 一、会议要求，县财政局要… had kept 会议要求， in the directive.
    text = (
        "县政府第25次常务会议纪要\n2024年5月8日，县长覃建华主持召开县政府第25次常务会议。\n"
        "一、会议要求，县财政局要加强收入征管，确保上半年财政收入实现“双过半”。\n"
        "二、会议强调：各乡镇要压实防汛责任。\n"
        # What it decided likewise: 会议决定， had been kept.
        "三、会议决定，成立县防汛工作专班，由副县长李强任组长。\n"
        "四、会议议定：由县水利局牵头，6月底前完成病险水库除险加固。\n"
    )
    readout = extract_offline(clean_text(text))
    assert [d.text_zh for d in readout.directives] == [
        "县财政局要加强收入征管，确保上半年财政收入实现“双过半”",
        "各乡镇要压实防汛责任",
        "成立县防汛工作专班，由副县长李强任组长",
        "由县水利局牵头，6月底前完成病险水库除险加固",
    ]


@pytest.mark.parametrize(
    ("body", "titled"),
    [
        # A physician or a teacher speaking for those commended: no title word had held them,
        # and the speaker went missing.
        (
            "受表彰的优秀共产党员代表、市人民医院主任医师邝丽华作了发言。",
            (
                "邝丽华",
                "受表彰的优秀共产党员代表、市人民医院主任医师",
                "Chief Physician of the Municipal People's Hospital",
            ),
        ),
        (
            "市第一中学教师温晓燕作了发言。",
            ("温晓燕", "市第一中学教师", "Teacher of the Municipal No. 1 Middle School"),
        ),
    ],
)
def test_a_physician_or_teacher_who_speaks_is_titled(body: str, titled: tuple[str, str, str | None]) -> None:
    readout = extract_offline(clean_text(f"表彰大会召开\n6月30日，市长凌晓东主持会议。{body}\n"))
    name, title, english = titled
    speakers = {p.name: p for p in readout.speakers}
    assert name in speakers and speakers[name].title == title
    from jiyao.titles import compose_title_en

    assert compose_title_en([title.split("、")[-1]]) == [english]


@pytest.mark.parametrize(
    "chaired_by",
    ["全会由县委常委会主持。", "全会由中共平江县委常务委员会主持，", "大会由大会主席团主持。"],
)
def test_a_meeting_chaired_by_a_body_has_no_person_as_its_chair(chaired_by: str) -> None:
    # A plenary session is chaired by the standing committee; its secretary reports for it.
    # The secretary had been read as the chair (the head of the convening organ).
    readout = extract_offline(
        clean_text(f"全会召开\n12月26日，县委十五届七次全会召开。{chaired_by}县委书记王振华代表县委常委会作工作报告。\n")
    )
    assert readout.chair is None
    assert [p.name for p in readout.attendees] == ["王振华"]
    assert any(note.startswith("the chair: the report says a body chaired") for note in readout.notes)


@pytest.mark.parametrize(
    "said",
    [
        "谭国华对我县工作给予肯定，他希望，要坚持建管养运并重。",
        "谭国华希望，要坚持建管养运并重，让农村公路成为致富路。",
    ],
)
def test_what_a_visiting_leader_hopes_for_is_a_directive_and_theirs(said: str) -> None:
    # 希望 is how a superior's instruction is put to those below: it had been no directive.
    readout = extract_offline(clean_text(f"座谈\n6月14日，市人大常委会副主任谭国华出席座谈会。{said}"))
    assert [(d.text_zh, d.by) for d in readout.directives] == [("要坚持建管养运并重", "谭国华")]


@pytest.mark.parametrize(
    ("said", "slogans"),
    [
        # A holiday or a body's short name in quotes is no formula: they had been slogans.
        ("会议强调，确保“五一”假期全区安全稳定。", []),
        ("各村（社区）“两委”干部参加会议，落实“四下基层”制度。", ["四下基层"]),
        ("要做好“两节”期间安全防范，迎接“十一”黄金周。", []),
        # …nor a five-year plan's period, in double quotes or single.
        ("会议指出，“十四五”时期是关键期，要谋划好‘十五五’发展。", []),
    ],
)
def test_holidays_and_bodies_short_names_in_quotes_are_no_slogans(said: str, slogans: list[str]) -> None:
    readout = extract_offline(clean_text(f"会议召开\n5月3日，县委书记王明主持召开会议。{said}"))
    assert readout.slogans == slogans


@pytest.mark.parametrize(
    "verb",
    ["希望", "叮嘱", "最后强调", "进一步强调", "再次强调", "特别强调", "明确要求", "严肃指出", "对下一步工作提出要求"],
)
def test_a_speaker_s_words_after_an_adverb_or_a_verb_of_exhortation_are_theirs(verb: str) -> None:
    # The speaker had not been read as there (an adverb between name and verb, or a verb of
    # hoping or urging), so the directive was no one's, or none at all.
    readout = extract_offline(
        clean_text(f"会\n5月8日，平江县召开安全生产工作会议。县长王建国主持会议。副县长李明{verb}，各乡镇要压实安全生产责任。")
    )
    assert [(d.text_zh, d.by) for d in readout.directives] == [("各乡镇要压实安全生产责任", "李明")]
    assert "李明" in [p.name for p in readout.speakers]


@pytest.mark.parametrize(
    ("listed", "titles"),
    [
        # A list closed by how many they are and their title: the last name had taken 三位 with it.
        ("李明、赵强、孙丽三位副县长出席会议。", {"李明": "副县长", "赵强": "副县长", "孙丽": "副县长"}),
        ("李明、赵强两位县领导参加会议。", {"李明": "县领导", "赵强": "县领导"}),
        ("李明、赵强等县领导参加会议。", {"李明": "县领导", "赵强": "县领导"}),
    ],
)
def test_a_list_closed_by_its_number_and_title_gives_each_the_title(listed: str, titles: dict[str, str]) -> None:
    readout = extract_offline(clean_text(f"会\n5月8日，平江县召开安全生产工作会议。县长王建国主持会议。{listed}"))
    assert {p.name: p.title for p in readout.attendees if p.name != "王建国"} == titles


def test_a_session_s_presiding_officer_after_the_presidium_s_has_english() -> None:
    from jiyao.glossary import load_glossary

    # 常务主席、执行主席: the second had had no English, so the title had none.
    assert load_glossary().title_en("大会主席团常务主席、执行主席") == (
        "Executive Chairman of the Presidium; Executive Chairman of the Session"
    )


def test_who_introduces_a_long_named_subject_at_a_press_conference_was_there_and_spoke() -> None:
    # 介绍全市秋季开学准备工作情况: ten characters between 介绍 and 情况 had made it no verb,
    # and the official giving the news no one at all.
    readout = extract_offline(
        clean_text(
            "发布会\n8月28日上午，市政府新闻办召开新闻发布会，市教育局党组书记、局长伍建华介绍全市秋季开学准备"
            "工作情况，市教育局副局长贝丽回答记者提问。市政府新闻办副主任梅冬主持发布会。\n"
        )
    )
    assert {p.name for p in readout.speakers} == {"伍建华", "贝丽"}
    assert readout.chair is not None and readout.chair.name == "梅冬"


@pytest.mark.parametrize(
    "spoke",
    [
        "进行了点评。",
        "结合工作实际谈了体会。",
        "就做好下一步工作讲了意见。",
        "作了讲评。",
        "对有关工作作了说明。",
    ],
)
def test_who_comments_or_shares_views_spoke(spoke: str) -> None:
    # Commenting (点评, 讲评), giving views (谈了体会, 讲了意见) and explaining about a subject
    # (对…作了说明) had left the official unread.
    said = f"会\n5月8日，平江县召开安全生产工作会议。县长王建国主持会议。副县长李明{spoke}"
    assert "李明" in [p.name for p in extract_offline(clean_text(said)).speakers]


@pytest.mark.parametrize(
    "listed",
    [
        "参加人员：县委办李强，县政府办张华，县发改局刘伟",  # minutes' field, a comma between
        "参加人员：县委办李强　县政府办张华　县发改局刘伟",  # as a table's row sets it
        "参加：县委办李强、县政府办张华、县发改局刘伟。",
        "列席：县委办李强，县政府办张华，县发改局刘伟",
        "县委办李强、县政府办张华、县发改局刘伟等部门负责同志参加会议。",
        "參加人員：縣委辦李強，縣政府辦張華，縣發改局劉偉",  # traditional script
    ],
)
def test_minutes_that_list_people_by_their_office_read_them_with_it(listed: str) -> None:
    # Before: an office with no post (县发改局李强) was no title, and no one on such a list was read.
    report = clean_text(f"县政府常务会议纪要\n6月3日上午，县长王明主持召开县政府常务会议。\n{listed}\n")
    people = extract_offline(report).attendees
    offices = {to_simplified(p.name): (to_simplified(p.title or ""), p.title_en) for p in people}
    assert offices == {
        "王明": ("县长", "County Mayor"),
        "李强": ("县委办", "County Party Committee Office"),
        "张华": ("县政府办", "County Government Office"),
        "刘伟": ("县发改局", "County Development and Reform Bureau"),
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "县公安局干警、县检察院干警参加会议。",  # who they are, not names
        "县委宣传部文明办、县应急局安监股负责同志参加会议。",  # an office's section
        "县林业局林场、县财政局国库有关负责同志参加会议。",
        "县公安局李强介绍了情况。",  # one office alone: a word after it is as likely
    ],
)
def test_an_office_then_a_word_is_no_one(sentence: str) -> None:
    assert _present_after(sentence, "县长王明主持会议。") == {"王明"}


@pytest.mark.parametrize(
    ("said", "directives"),
    [
        (
            "会议强调，各部门要压实责任，各乡镇要落实属地责任，县应急局要加强督查。",
            ["各部门要压实责任", "各乡镇要落实属地责任", "县应急局要加强督查"],
        ),
        ("李强强调，要压实责任，县委办要加强督查。", ["要压实责任", "县委办要加强督查"]),
        (
            "会议要求，各乡镇要加强排查，各部门必须落实责任，县应急局务必加强督查。",
            ["各乡镇要加强排查", "各部门必须落实责任", "县应急局务必加强督查"],
        ),
        # Not a doer's: what the first instruction is to ensure.
        ("会议要求，各乡镇要加强排查，确保要素保障到位。", ["各乡镇要加强排查"]),
        ("王明要求，各地要落实值班制度，全力保障群众安全。", ["各地要落实值班制度"]),
    ],
)
def test_each_doer_s_instruction_in_a_sentence_is_one(said: str, directives: list[str]) -> None:
    # Before: only the first (县应急局要加强督查 and the others after it were lost).
    readout = extract_offline(clean_text(f"会议召开\n6月3日，县长王明主持召开会议。{said}\n"))
    assert [d.text_zh for d in readout.directives] == directives


def test_minutes_items_numbered_in_digits_that_ask_are_directives() -> None:
    # Before: 1.县应急局要… and （2）各乡镇要… were no directives.
    text = (
        "县政府常务会议纪要\n2024年6月3日，县长王明主持召开县政府常务会议。\n"
        "会议强调，各部门要严格落实安全生产责任制。\n"
        "1.县应急局要开展专项检查。\n"
        "（2）各乡镇要加强宣传教育。\n"
        "3.参会人员共计45人。\n"
    )
    assert [d.text_zh for d in extract_offline(clean_text(text)).directives] == [
        "各部门要严格落实安全生产责任制",
        "县应急局要开展专项检查",
        "各乡镇要加强宣传教育",
    ]
