"""Romanization of names and translation of titles by the deterministic tables."""

from __future__ import annotations

import json

import pytest

from jiyao.cleaning import clean_text
from jiyao.extraction import extract_offline
from jiyao.glossary import load_glossary
from jiyao.names import looks_like_name, romanize_name
from tests.helpers import ROOT


@pytest.mark.parametrize(
    ("name", "english"),
    [
        ("郭文海", "Guo Wenhai"),
        ("歐陽錦全", "Ouyang Jinquan"),
        ("上官福令", "Shangguan Fuling"),
        ("單雄", "Shan Xiong"),
        ("曾奕", "Zeng Yi"),
        ("李長春", "Li Changchun"),
        ("魯罡", "Lu Gang"),
        ("呂樂", "Lü Le"),
        ("李嘉恩", "Li Jia'en"),
        ("閆晨曦", "Yan Chenxi"),
        # Given names read as names, not as the word they happen to spell (都 dōu, 銀行 háng).
        ("楊都", "Yang Du"),
        ("郭銀行", "Guo Yinxing"),
        ("賈卜", "Jia Bu"),
        # Surnames read otherwise than the character's first reading (卜 bo, 阚 han, 都 dou,
        # 薄 bao, 蔚 wei) — and 尉 alone is Wei (尉健行), Yu only in 尉迟.
        ("卜明", "Bu Ming"),
        ("闞澤", "Kan Ze"),
        ("都明", "Du Ming"),
        ("薄一波", "Bo Yibo"),
        ("蔚明", "Yu Ming"),
        ("尉健行", "Wei Jianxing"),
        ("尉遲恭", "Yuchi Gong"),
        ("彭還", "Peng Huan"),
        # Transliterated (Uyghur, Tibetan…) names part by part, as Chinese media write them.
        ("買買提·艾力", "Maimaiti Aili"),
        # Tibetan names, of two parts and no surname (扎西次仁 had been no name at all).
        ("扎西次仁", "Zhaxi Ciren"),
        ("格桑卓瑪", "Gesang Zhuoma"),
        # A part that opens with a vowel keeps its form, and no apostrophe comes between parts;
        # 达娃, the spelling of women's names, had left 达 for a surname (Da Wayangzong).
        ("次仁歐珠", "Ciren Ouzhu"),
        ("強巴阿旺", "Qiangba Awang"),
        ("达娃央宗", "Dawa Yangzong"),
        # Mongolian names have none either: one part or two, each one word (巴特尔 had been
        # read as the surname 巴 and given name 特尔: Ba Te'er).
        ("巴特爾", "Bate'er"),
        ("烏雲其木格", "Wuyun Qimuge"),
        ("斯琴高娃", "Siqin Gaowa"),
        ("那仁格日勒", "Naren Gerile"),
        ("那顺乌日图", "Nashun Wuritu"),
    ],
)
def test_names_are_romanized_surname_first(name: str, english: str) -> None:
    assert romanize_name(name) == english


@pytest.mark.parametrize(
    "word",
    [
        *("市領導", "會議", "主會場", "其他成員", "國務院聯防", "·艾力", "買買提·"),
        *("南平市", "江山市", "高陽縣", "和平区", "區政府", "区人大", "白沙鎮", "石門鄉", "石門村"),
        # A surname and a post: how a report speaks of someone it named before.
        *("王書記", "劉縣長", "李副县长", "张主任", "欧阳书记"),
        # One part of a Tibetan name, or two beside a word, is no name.
        *("扎西", "扎西会议", "卓玛同志"),
        # A Mongolian name's part beside a word, or a place a part opens, is no name either.
        *("其木格会议", "乌兰察布", "斯琴高娃同志", "巴特尔的"),
    ],
)
def test_words_are_not_names(word: str) -> None:
    assert not looks_like_name(word)


def _label_titles() -> set[str]:
    titles = set()
    for path in (ROOT / "evals" / "labels").glob("*.json"):
        label = json.loads(path.read_text(encoding="utf-8"))
        people = [*label["attendees"], *label["speakers"], *([label["chair"]] if label["chair"] else [])]
        titles |= {p["title"] for p in people if p["title"]}
    return titles


def test_every_title_in_the_seeds_has_an_english_rendering() -> None:
    glossary = load_glossary()
    titles = _label_titles()
    assert len(titles) > 15
    missing = sorted(t for t in titles if glossary.title_en(t) is None)
    assert missing == []


def test_compound_titles_are_translated_part_by_part() -> None:
    english = load_glossary().title_en("市委常委、常務副市長")
    assert english == "Member of the Standing Committee of the Municipal Party Committee; Executive Vice Mayor"
    assert load_glossary().title_en("市長、不存在的職務") is None


def test_the_names_module_imports_on_its_own() -> None:
    # It once imported the cleaner, whose priors import it back: a fresh interpreter failed.
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", "from jiyao.names import romanize_name; print(romanize_name('郭文海'))"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Guo Wenhai"


@pytest.mark.parametrize(
    ("title", "english"),
    [
        ("副縣長", "Deputy County Mayor"),
        ("縣委副書記、代縣長", "Deputy Secretary of the County Party Committee; Acting County Mayor"),
        ("鎮黨委書記", "Secretary of the Town Party Committee"),
        ("縣人大常委會副主任", "Deputy Director of the Standing Committee of the County People's Congress"),
        ("區政協主席", "Chairman of the District Committee of the CPPCC"),
        # The part after 、 takes its level and organ from the part before.
        (
            "市委常委、組織部長",
            "Member of the Standing Committee of the Municipal Party Committee; "
            "Head of the Organization Department of the Municipal Party Committee",
        ),
        (
            "市委常委、秘書長",
            "Member of the Standing Committee of the Municipal Party Committee; "
            "Secretary-General of the Municipal Party Committee",
        ),
        ("市應急管理局局長", "Director of the Municipal Emergency Management Bureau"),
        ("市防汛抗旱指揮部指揮長", "Commander of the Municipal Flood Control and Drought Relief Headquarters"),
        ("市中級人民法院院長", "President of the Municipal Intermediate People's Court"),
        ("縣人武部政委", "Political Commissar of the County People's Armed Forces Department"),
        ("區領導", "District leader"),
        # A Party body of an organ (its 黨委, its 黨組) hands the organ on, not the Party body.
        (
            "市政府黨組成員、祕書長",
            "Member of the Leading Party Group of the Municipal Government; "
            "Secretary-General of the Municipal Government",
        ),
        (
            "市公安局黨委書記、局長",
            "Secretary of the Party Committee of the Municipal Public Security Bureau; "
            "Director of the Municipal Public Security Bureau",
        ),
        (
            "縣水利局黨組書記、局長",
            "Secretary of the Leading Party Group of the County Water Resources Bureau; "
            "Director of the County Water Resources Bureau",
        ),
        ("市長助理", "Assistant to the Mayor"),
        ("縣長助理", "Assistant to the County Mayor"),
        ("副區長（掛職）", "Deputy District Mayor (on temporary assignment)"),
        ("縣委副書記（正縣級）", "Deputy Secretary of the County Party Committee (county-level rank)"),
        ("市防指副指揮長", "Deputy Commander of the Municipal Flood Control and Drought Relief Headquarters"),
        ("市安委辦主任", "Director of the Municipal Work Safety Committee Office"),
        ("區安委會副主任", "Deputy Director of the District Work Safety Committee"),
        ("市政府二級巡視員", "Level-2 Inspector of the Municipal Government"),
        ("市二級巡視員", "Municipal Level-2 Inspector"),
        ("縣委一級調研員", "Level-1 Researcher of the County Party Committee"),
        (
            "市衛健委黨組書記、主任",
            "Secretary of the Leading Party Group of the Municipal Health Commission; "
            "Director of the Municipal Health Commission",
        ),
        ("縣發改委主任", "Director of the County Development and Reform Commission"),
        # A bare Party body after an organ's post is that organ's (局長、黨組書記).
        (
            "市民政局局長、黨組書記",
            "Director of the Municipal Civil Affairs Bureau; "
            "Secretary of the Leading Party Group of the Municipal Civil Affairs Bureau",
        ),
        ("縣長、黨組書記", "County Mayor; Secretary of the Leading Party Group of the County Government"),
        ("鎮人大主席團主席", "Chairman of the Presidium of the Town People's Congress"),
        ("省應急管理廳副廳長", "Deputy Director of the Provincial Emergency Management Department"),
        (
            "村黨支部書記、村委會主任",
            "Secretary of the Village Party Branch; Director of the Village Committee",
        ),
        ("社區居委會主任", "Director of the Community Residents' Committee"),
        # Who teaches a study session, and who heads the school they teach at.
        ("省委黨校教授", "Professor of the Party School of the Provincial Party Committee"),
        ("市委黨校副教授", "Associate Professor of the Party School of the Municipal Party Committee"),
        ("縣委黨校校長", "President of the Party School of the County Party Committee"),
        # A second post held with the first (兼), a development zone's bodies, a bare rank.
        (
            "縣委常委、副縣長兼縣公安局局長",
            "Member of the Standing Committee of the County Party Committee; "
            "Deputy County Mayor, concurrently Director of the County Public Security Bureau",
        ),
        (
            "經開區黨工委書記、管委會主任",
            "Secretary of the Economic Development Zone Party Working Committee; "
            "Director of the Economic Development Zone Management Committee",
        ),
        ("高新區管委會副主任", "Deputy Director of the High-tech Zone Management Committee"),
        ("二級巡視員", "Level-2 Inspector"),
        ("鎮派出所所長", "Director of the Town Police Station"),
        ("縣生態環境分局局長", "Director of the County Ecology and Environment Sub-bureau"),
        ("街道辦事處主任", "Director of the Subdistrict Office"),
        ("自治縣副縣長", "Deputy Head of the Autonomous County"),
        ("自治縣黨委書記", "Secretary of the Autonomous County Party Committee"),
        ("自治縣領導", "Autonomous County leader"),
        (
            "常務副縣長兼縣安委會常務副主任",
            "Executive Deputy County Mayor, concurrently Executive Deputy Director of the County Work Safety Committee",
        ),
        ("街道武裝部部長", "Head of the Subdistrict Armed Forces Department"),
        (
            "市委書記、市委理論學習中心組組長",
            "Secretary of the Municipal Party Committee; "
            "Head of the Theoretical Study Group of the Municipal Party Committee",
        ),
        ("省社會科學院研究員", "Research Fellow of the Provincial Academy of Social Sciences"),
        ("市發展改革委主任", "Director of the Municipal Development and Reform Commission"),
        ("市鄉村振興局局長", "Director of the Municipal Rural Revitalization Bureau"),
        ("市工業和信息化局局長", "Director of the Municipal Industry and Information Technology Bureau"),
        (
            "市森林防滅火指揮部總指揮",
            "Commander-in-Chief of the Municipal Forest Fire Prevention and Suppression Headquarters",
        ),
        # People's organizations, the Youth League (团 before the level), a county's
        # development and reform bureau, a fire and rescue brigade, a committee's director.
        ("縣總工會主席", "Chairman of the County Federation of Trade Unions"),
        ("縣婦聯副主席", "Vice Chairman of the County Women's Federation"),
        ("省工商聯主席", "Chairman of the Provincial Federation of Industry and Commerce"),
        ("縣科協主席", "Chairman of the County Association for Science and Technology"),
        ("團縣委書記", "Secretary of the County Committee of the Communist Youth League"),
        ("縣發改局局長", "Director of the County Development and Reform Bureau"),
        ("縣消防救援大隊大隊長", "Captain of the County Fire and Rescue Brigade"),
        ("縣醫保局局長", "Director of the County Healthcare Security Bureau"),
        # Inner Mongolia's banners and leagues; a nominee for a post.
        ("旗委副書記、旗長", "Deputy Secretary of the Banner Party Committee; Banner Head"),
        ("盟委書記", "Secretary of the League Party Committee"),
        ("縣委副書記、縣長（提名人選）", "Deputy Secretary of the County Party Committee; County Mayor (nominee)"),
        # The government's head written with the government: the head.
        ("縣政府副縣長", "Deputy County Mayor"),
        ("縣人民政府常務副縣長", "Executive Deputy County Mayor"),
        ("縣信訪局副局長", "Deputy Director of the County Letters and Calls Bureau"),
        ("縣退役軍人事務局局長", "Director of the County Veterans Affairs Bureau"),
        ("縣委巡察辦主任", "Director of the Inspection Office of the County Party Committee"),
        ("縣融媒體中心主任", "Director of the County Media Center"),
        ("縣人民醫院院長", "President of the County People's Hospital"),
        (
            "市長、市生態環境保護委員會主任",
            "Mayor; Director of the Municipal Ecological and Environmental Protection Committee",
        ),
        # Bureaus by their short names, public institutions, schools, state companies, and a
        # residents' committee (a community's, with no level written).
        ("縣科工局局長", "Director of the County Science, Technology and Industry Bureau"),
        ("縣教體局副局長", "Deputy Director of the County Education and Sports Bureau"),
        ("縣檔案館館長", "Director of the County Archives"),
        ("縣圖書館館長", "Director of the County Library"),
        ("縣政務服務中心主任", "Director of the County Government Service Center"),
        ("縣紅十字會常務副會長", "Executive Vice President of the County Red Cross Society"),
        ("縣直機關工委書記", "Secretary of the County Organs Work Committee"),
        ("縣實驗中學校長", "Principal of the County Experimental Middle School"),
        ("縣第一中學副校長", "Vice Principal of the County No. 1 Middle School"),
        ("縣委黨校常務副校長", "Executive Vice President of the Party School of the County Party Committee"),
        ("縣城投公司董事長", "Chairman of the County Urban Construction Investment Company"),
        ("縣農商銀行行長", "President of the County Rural Commercial Bank"),
        ("縣供電公司總經理", "General Manager of the County Power Supply Company"),
        ("縣公安局交警大隊大隊長", "Captain of the Traffic Police Brigade of the County Public Security Bureau"),
        ("居委會主任", "Director of the Residents' Committee"),
        # A level's leaders as a group; more bureaus.
        ("縣四套班子領導", "County leader"),
        ("市級領導", "Municipal leader"),
        ("市級領導同志", "Municipal leader"),
        # Who a list of names is, where a heading stands before it, not a post.
        ("黨外人士", "Non-Party Figure"),
        ("勞動模範", "Model Worker"),
        ("應邀嘉賓", "Invited Guest"),
        ("縣委辦工作人員", "Staff Member of the County Party Committee Office"),
        ("縣委辦負責同志", "Official in Charge of the County Party Committee Office"),
        ("市委督導組組長", "Head of the Supervision Group of the Municipal Party Committee"),
        ("縣自然資源和規劃局局長", "Director of the County Natural Resources and Planning Bureau"),
        ("縣消防救援大隊教導員", "Political Instructor of the County Fire and Rescue Brigade"),
        ("縣經濟開發區管委會主任", "Director of the Management Committee of the County Economic Development Zone"),
        ("縣委政研室主任", "Director of the Policy Research Office of the County Party Committee"),
        ("縣城投集團董事長", "Chairman of the County Urban Construction Investment Group"),
        ("縣大數據中心主任", "Director of the County Big Data Center"),
        ("省委巡視組副組長", "Deputy Head of the Inspection Group of the Provincial Party Committee"),
        ("縣民宗局局長", "Director of the County Ethnic and Religious Affairs Bureau"),
        ("縣林業和草原局局長", "Director of the County Forestry and Grassland Bureau"),
        ("縣綜合行政執法局局長", "Director of the County Comprehensive Administrative Law Enforcement Bureau"),
        # A place's name before the level, a county's or a city's, read with the level
        # (朝陽區: Chaoyang; 朝陽 alone is the morning sun, zhaoyang).
        ("清河縣委書記", "Secretary of the Qinghe County Party Committee"),
        ("安陽縣委常委、常務副縣長", "Member of the Standing Committee of the Anyang County Party Committee; "
         "Executive Deputy County Mayor"),
        ("清河縣縣長", "Mayor of Qinghe County"),
        ("安陽市副市長", "Vice Mayor of Anyang City"),
        # A county that became a city after jieba's list was made (寧鄉縣, a city since 2017).
        ("寧鄉市委副書記", "Deputy Secretary of the Ningxiang Municipal Party Committee"),
        ("寧鄉市副市長", "Vice Mayor of Ningxiang City"),
        # The democratic parties' committees at each level, and non-party personages.
        (
            "民革市委會主委",
            "Chairperson of the Municipal Committee of the Revolutionary Committee of the Chinese Kuomintang",
        ),
        ("民盟縣委副主委", "Vice Chairperson of the County Committee of the China Democratic League"),
        ("九三學社市委會秘書長", "Secretary-General of the Municipal Committee of the Jiusan Society"),
        ("無黨派人士代表", "Representative of non-party personages"),
        ("朝陽區委副書記", "Deputy Secretary of the Chaoyang District Party Committee"),
        # No level in the title (the report named the zone before): the organ's English without one.
        ("組織部長", "Head of the Organization Department of the Party Committee"),
        ("市信訪工作聯席會議召集人", "Convener of the Municipal Letters and Calls Joint Conference"),
        # A bureau's own report: 局 is the bureau its headline names.
        ("局黨組書記、局長", "Secretary of the Leading Party Group of the Bureau; Director of the Bureau"),
        ("局二級調研員", "Level-2 Researcher of the Bureau"),
        # A bureau's chief specialists and a civil servant's grade.
        ("縣氣象局總工程師", "Chief Engineer of the County Meteorological Bureau"),
        ("縣住建局副總工程師", "Deputy Chief Engineer of the County Housing and Urban-Rural Development Bureau"),
        ("市財政局總會計師", "Chief Accountant of the Municipal Finance Bureau"),
        ("縣自然資源局黨組書記、總規劃師",
         "Secretary of the Leading Party Group of the County Natural Resources Bureau; "
         "Chief Planner of the County Natural Resources Bureau"),
        ("縣教育局三級主任科員", "Level-3 Principal Staff Member of the County Education Bureau"),
        ("市氣象局首席專家", "Chief Expert of the Municipal Meteorological Bureau"),
        ("縣政府督學", "School Inspector of the County Government"),
        ("縣信訪局紀檢組組長", "Head of the Discipline Inspection Group of the County Letters and Calls Bureau"),
        ("縣城投公司主要負責人", "Principal Person in Charge of the County Urban Construction Investment Company"),
        ("縣水務集團總工程師", "Chief Engineer of the County Water Affairs Group"),
        ("縣委候補委員", "Alternate Member of the County Party Committee"),
        ("市委常委、軍分區政委",
         "Member of the Standing Committee of the Municipal Party Committee; "
         "Political Commissar of the Municipal Military Sub-district"),
        ("市委台辦主任", "Director of the Taiwan Affairs Office of the Municipal Party Committee"),
        ("市文明辦主任", "Director of the Municipal Civilization Office"),
        ("縣殘聯理事長", "Chairman of the County Disabled Persons' Federation"),
        ("縣人民銀行行長", "President of the County Sub-branch of the People's Bank of China"),
        ("縣委宣傳部副部長、縣網信辦主任",
         "Deputy Head of the Publicity Department of the County Party Committee; "
         "Director of the Cyberspace Affairs Office of the County Party Committee"),
        ("黨工委副書記、管委會常務副主任",
         "Deputy Secretary of the Party Working Committee; Executive Deputy Director of the Management Committee"),
        ("鎮黨委委員、組織委員",
         "Member of the Town Party Committee; Organization Committee Member of the Town Party Committee"),
        ("掛職副縣長", "Deputy County Mayor (on temporary assignment)"),
        # A county's bureaus and offices as their signs shorten them.
        ("縣科工信局局長", "Director of the County Science, Technology, Industry and Information Technology Bureau"),
        ("縣交通局副局長", "Deputy Director of the County Transport Bureau"),
        ("縣扶貧辦主任", "Director of the County Poverty Alleviation Office"),
        ("縣交警大隊大隊長", "Captain of the County Traffic Police Brigade"),
        # 原: a retired leader at the meeting (原陽縣 is a county: its name, not "former").
        ("原縣委書記", "Former Secretary of the County Party Committee"),
        ("原市人大常委會副主任", "Former Deputy Director of the Standing Committee of the Municipal People's Congress"),
        ("原陽縣委書記", "Secretary of the Yuanyang County Party Committee"),
        ("縣委辦副主任、縣委督查室主任",
         "Deputy Director of the County Party Committee Office; Director of the Supervision Office of the County Party"
         " Committee"),
        ("縣政府辦公室主任（縣長助理）", "Director of the County Government Office (Assistant to the County Mayor)"),
        # The river, lake and forest chiefs every level names (河長制, 林長制).
        ("縣委書記、縣總河長", "Secretary of the County Party Committee; County General River Chief"),
        ("縣長、縣副總河長", "County Mayor; County Deputy General River Chief"),
        ("副縣長、縣級河長", "Deputy County Mayor; County-level River Chief"),
        ("市總林長", "Municipal General Forest Chief"),
        ("鎮級湖長", "Town-level Lake Chief"),
        ("縣財政局局長、國資辦主任",
         "Director of the County Finance Bureau; "
         "Director of the County State-owned Assets Supervision and Administration Office"),
        # A development zone's Party working committee and management committee, and a new
        # area's heads: they had none, or "Mayor of Pudongxin District".
        ("嶽麓高新區黨工委書記", "Secretary of the Party Working Committee of the Yuelu High-tech Zone"),
        ("寧鄉經開區管委會主任", "Director of the Management Committee of the Ningxiang Economic Development Zone"),
        ("兩江新區黨工委書記", "Secretary of the Party Working Committee of the Liangjiang New Area"),
        ("浦東新區區長", "Mayor of Pudong New Area"),
        # The zone named once, for both its committees: the second had been no zone's.
        ("寧鄉經開區黨工委副書記、管委會主任",
         "Deputy Secretary of the Party Working Committee of the Ningxiang Economic Development Zone; "
         "Director of the Management Committee of the Ningxiang Economic Development Zone"),
        ("浦東新區區委書記", "Secretary of the Pudong New Area Party Committee"),
        # A town's or subdistrict's, its county or district named first: they had none.
        ("平江縣城關鎮黨委書記", "Secretary of the Chengguan Town Party Committee, Pingjiang County"),
        ("芙蓉區定王台街道黨工委書記",
         "Secretary of the Dingwangtai Subdistrict Party Working Committee, Furong District"),
        # A company's executives, at investment meetings and symposiums, had no English: its
        # country or province, its brand in pinyin, its trade and form.
        ("華能集團副總經理", "Deputy General Manager of the Huaneng Group"),
        ("湖南遠大科技集團董事長", "Chairman of the Hunan Yuanda Technology Group"),
        ("中國華能集團黨組書記、董事長",
         "Secretary of the Leading Party Group of the China Huaneng Group; Chairman of the China Huaneng Group"),
        ("內蒙古伊利實業集團股份有限公司總經理",
         "General Manager of the Inner Mongolia Yili Industrial Group Co., Ltd."),
    ],
)
def test_titles_the_glossary_lacks_are_composed_from_their_parts(title: str, english: str) -> None:
    assert load_glossary().title_en(title) == english


@pytest.mark.parametrize(
    "title",
    [
        "書記",
        "時任縣委書記",
        "市某某局局長",
        "縣長、不存在的職務",
        "副縣長（某某）",
        "市某某局黨委書記",
        "副縣長兼某某職務",
        "巡視員",
        # A company named by what it does, or a level's: no brand to romanize (Zilaishui Company).
        "自來水公司經理",
        "縣自來水公司經理",
        "科技公司總經理",
        "某某集團董事長",
        "各開發區管委會主任",
    ],
)
def test_a_title_whose_parts_are_not_all_known_gets_no_english(title: str) -> None:
    # No level, a word before the level that is no place jieba lists (時任: then serving), an
    # unknown bureau: no guess.
    assert load_glossary().title_en(title) is None


def test_the_glossary_wins_over_composition(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from jiyao.glossary import use_user_glossary

    own = tmp_path / "glossary.json"
    own.write_text(json.dumps({"titles": {"副县长": "Vice County Magistrate"}}), encoding="utf-8")
    use_user_glossary(own)
    try:
        assert load_glossary().title_en("縣委常委、副縣長") == (
            "Member of the Standing Committee of the County Party Committee; Vice County Magistrate"
        )
    finally:
        use_user_glossary(None)


@pytest.mark.parametrize(
    ("meeting", "english"),
    [
        # An organ's meeting, with its number.
        ("縣政府第二十次常務會議", "20th executive meeting of the County Government"),
        ("市政府第十八次常務會議", "18th executive meeting of the Municipal Government"),
        (
            "市委財經委員會第五次會議",
            "5th meeting of the Financial and Economic Affairs Commission of the Municipal Party Committee",
        ),
        (
            "市新冠肺炎疫情防控工作領導小組專題會議",
            "special meeting of the Municipal COVID-19 Prevention and Control Leading Group",
        ),
        ("縣委常委會擴大會議", "enlarged Standing Committee meeting of the County Party Committee"),
        ("市委常委會", "Standing Committee meeting of the Municipal Party Committee"),
        # A whole level's meeting on a subject.
        ("全縣安全生產工作會議", "county-wide work safety conference"),
        ("全市疫情防控視頻會議", "city-wide epidemic prevention and control video meeting"),
        ("全县防汛备汛工作部署会", "county-wide flood preparedness deployment meeting"),
        ("縣招商引資工作調度會", "county investment promotion coordination meeting"),
        # A year and a number.
        ("2023年第六次集體學習", "6th collective study session of 2023"),
        ("2022年度專題民主生活會", "2022 special democratic life meeting"),
        ("全体（扩大）会议", "enlarged plenary meeting"),
        ("防汛工作专题会", "flood control special meeting"),
        ("市疫情防控工作視頻調度會", "city epidemic prevention and control video coordination meeting"),
        # When, between the scope and the subject; two subjects in a row; what is done.
        ("全縣春節期間安全穩定工作會議", "county-wide Spring Festival safety and stability conference"),
        ("全市下半年經濟運行調度會", "city-wide second-half economic performance coordination meeting"),
        ("區重點項目信訪工作推進會", "district key project petition progress meeting"),
        ("全縣食品安全督察整改工作推進會", "county-wide food safety inspection rectification progress meeting"),
        # A leading group the glossary does not name, with its level or without one.
        ("縣脫貧攻堅領導小組第二次會議", "2nd meeting of the County Poverty Alleviation Leading Group"),
        ("鄉村振興工作領導小組會議", "meeting of the Rural Revitalization Leading Group"),
        ("市安委會全體成員會議", "plenary meeting of the Municipal Work Safety Committee"),
        ("全市經濟工作會議", "city-wide economic work conference"),
        ("全縣政法工作會議", "county-wide political and legal affairs conference"),
        ("全區審計整改工作推進會", "district-wide audit rectification progress meeting"),
        # An organ's meeting on a subject.
        ("市委經濟工作會議", "economic work conference of the Municipal Party Committee"),
        ("縣委農村工作會議", "rural work conference of the County Party Committee"),
        # A congress's term after its level.
        (
            "市第十七屆人大常委會第十五次會議",
            "15th meeting of the Standing Committee of the 17th Municipal People's Congress",
        ),
        # A congress's or a CPPCC committee's numbered 会议 are the sessions of its term, its
        # standing committee's its meetings; the term written with or without 第, the full
        # names as the short ones.
        ("縣第十八屆人民代表大會第四次會議", "4th session of the 18th County People's Congress"),
        ("政協第十屆縣委員會第三次會議", "3rd session of the 10th County Committee of the CPPCC"),
        (
            "縣十八屆人大常委會第二十次會議",
            "20th meeting of the Standing Committee of the 18th County People's Congress",
        ),
        (
            "縣第十八屆人民代表大會常務委員會第二十次會議",
            "20th meeting of the Standing Committee of the 18th County People's Congress",
        ),
        # A study group counts its sessions by year.
        (
            "縣委理論學習中心組2024年第三次集體學習",
            "3rd collective study session of the Theoretical Study Group of the County Party Committee in 2024",
        ),
        (
            "全區冬春火災防控工作電視電話會議",
            "district-wide winter and spring fire prevention and control teleconference",
        ),
        # A subject whose first character is a level's (鄉 of 鄉村振興); two subjects the
        # longest-first split misses (重點項目 建設); subjects joined by 暨.
        ("鄉村振興工作推進會", "rural revitalization progress meeting"),
        # More kinds; a year after the scope; a season; two subjects joined by 和; a whole
        # county's meeting on no one subject; a Party committee's plenary session of its term.
        ("全縣安全生產工作現場推進會", "county-wide work safety on-site progress meeting"),
        ("全市鄉村振興現場觀摩會", "city-wide rural revitalization on-site observation meeting"),
        ("全縣2024年經濟工作會議", "county-wide 2024 economic work conference"),
        ("全縣秋季森林防火工作會議", "county-wide autumn forest fire prevention conference"),
        ("全縣安全生產和消防安全工作會議", "county-wide work safety and fire safety conference"),
        ("全市半年經濟形勢分析會", "city-wide half-year economic situation analysis meeting"),
        ("全縣幹部大會", "county-wide cadre conference"),
        ("全區作風建設大會", "district-wide work style conference"),
        ("縣政府廉政工作會議", "integrity conference of the County Government"),
        ("縣委十四屆五次全會", "5th plenary session of the 14th County Party Committee"),
        ("市委第十二屆第三次全會", "3rd plenary session of the 12th Municipal Party Committee"),
        # A CPPCC committee's standing committee meeting, numbered within its term.
        ("縣政協十屆二十次常委會議", "20th Standing Committee meeting of the 10th County Committee of the CPPCC"),
        # A discipline commission's plenary of its term; the Party committee's commissions,
        # leading groups and its standing committee as a team.
        ("縣紀委十五屆三次全會", "3rd plenary session of the 15th County Commission for Discipline Inspection"),
        (
            "縣委全面深化改革委員會第五次會議",
            "5th meeting of the Commission for Comprehensively Deepening Reform of the County Party Committee",
        ),
        ("縣委統戰工作領導小組會議", "meeting of the United Front Work Leading Group of the County Party Committee"),
        (
            "縣委常委班子專題民主生活會",
            "special democratic life meeting of the Standing Committee of the County Party Committee",
        ),
        (
            "縣委常委班子2024年度民主生活會",
            "2024 democratic life meeting of the Standing Committee of the County Party Committee",
        ),
        ("全縣農業農村工作會議", "county-wide agriculture and rural affairs conference"),
        ("全縣黨員領導幹部警示教育大會", "county-wide Party member and leading cadre warning education conference"),
        ("新聞發布會", "press conference"),
        ("督導工作會議", "supervision conference"),
        (
            "中央生態環境保護督察反饋問題整改推進會",
            "central ecological and environmental protection inspection feedback rectification progress meeting",
        ),
        ("全縣主題教育工作總結會議", "county-wide theme education review meeting"),
        # The year's appraisal summed up, and those who did best commended.
        ("2024年度目標考核總結表彰大會", "2024 target appraisal review and commendation conference"),
        # The Party's committee by its full name, and a place named before its level.
        (
            "中共平陽縣委十五屆六次全體（擴大）會議",
            "6th enlarged plenary meeting of the 15th Pingyang County Party Committee",
        ),
        ("安陽市政府第27次常務會議", "27th executive meeting of the Anyang Municipal Government"),
        ("平陽縣安全生產工作會議", "Pingyang County work safety conference"),
        # A kind alone says what it was (a visit's 座談會), where 會議 alone says nothing.
        ("座談會", "symposium"),
        ("調度會", "coordination meeting"),
        # Ceremonies officials attend.
        ("重點項目集中簽約儀式", "key project collective signing ceremony"),
        ("縣鄉村振興局揭牌儀式", "unveiling ceremony of the County Rural Revitalization Bureau"),
        (
            "全市2024年第一季度重大項目集中開工儀式",
            "city-wide 2024 first-quarter major project collective groundbreaking ceremony",
        ),
        ("全縣重點項目建設推進會", "county-wide key project construction progress meeting"),
        (
            "全縣安全生產暨森林防滅火工作電視電話會議",
            "county-wide work safety and forest fire prevention and suppression teleconference",
        ),
        # A prefecture's, a league's and a banner's meetings (the brief had put "Kashi Prefecture
        # work conference" for 森林草原防火工作會議: its subject dropped, its place put in).
        ("森林草原防火工作會議", "forest and grassland fire prevention conference"),
        ("全盟安全生產工作會議", "league-wide work safety conference"),
        ("全旗禁毒工作會議", "banner-wide drug control conference"),
        ("行署常務會議", "executive meeting of the Prefectural Administrative Office"),
        ("地委常委會會議", "Standing Committee meeting of the Prefectural Party Committee"),
        # With whom a symposium sat, and investment's meetings: they had no English.
        ("民營企業家座談會", "private entrepreneur symposium"),
        ("黨外人士座談會", "non-Party personage symposium"),
        # Subjects and kinds reports of schools, water works, discipline and villages name.
        ("2024年秋季開學工作暨校園安全工作會議", "2024 autumn school opening and campus safety conference"),
        ("村黨組織書記例會", "village Party organization secretaries' regular meeting"),
        # Before a holiday, or over two.
        ("國慶節前安全生產工作會議", "pre-National Day work safety conference"),
        ("全縣元旦春節期間安全生產工作會議", "county-wide New Year and Spring Festival work safety conference"),
        (
            "全縣冬春農田水利建設推進會",
            "county-wide winter and spring farmland water conservancy construction progress meeting",
        ),
        ("政企座談會", "government-business symposium"),
        ("離退休老幹部座談會", "retired veteran cadre symposium"),
        ("全市民營經濟發展大會", "city-wide private economy development conference"),
        ("招商引資推介會", "investment promotion presentation"),
        ("項目集中簽約儀式", "project collective signing ceremony"),
        # A standing committee's meeting by its number (and year), as its study sessions are.
        ("縣委常委會第12次會議", "12th meeting of the Standing Committee of the County Party Committee"),
        ("县委常委会2024年第12次会议", "12th meeting of the Standing Committee of the County Party Committee in 2024"),
        # A committee by its full name, as by its short one.
        ("区安全生产委员会全体（扩大）会议", "enlarged plenary meeting of the District Work Safety Committee"),
        ("全县森林防火工作紧急会议", "county-wide forest fire prevention emergency meeting"),
        ("全县耕地保护工作约谈会", "county-wide farmland protection admonition meeting"),
        ("专题协商会", "special consultation meeting"),
        ("市政协专题协商会", "special consultation meeting of the Municipal Committee of the CPPCC"),
        # A quoted subject is the subject: its quotes had left the name without English.
        ("全市“营商环境”专题协商会", "city-wide business environment special consultation meeting"),
        ("「安全生产」座谈会", "work safety symposium"),
        # A federation's congress had no English: 代表大会 was no kind the names knew.
        ("县妇女联合会第十四次代表大会", "14th congress of the County Women's Federation"),
        ("县妇联第十四次代表大会", "14th congress of the County Women's Federation"),
        ("县工商联第十次会员代表大会", "10th members' congress of the County Federation of Industry and Commerce"),
        ("县总工会第九次代表大会", "9th congress of the County Federation of Trade Unions"),
        # The Party's congress of a county, by its full name or its own.
        ("中国共产党平江县第十五次代表大会", "15th Pingjiang County Party Congress"),
        ("中共县第十五次代表大会", "15th County Party Congress"),
        ("县第十五次党代会", "15th County Party Congress"),
        # A workers' congress of nothing the tables know: none.
        ("职工代表大会", None),
        # Village and community committees' elections.
        (
            "2024年度村（社区）“两委”换届工作部署会",
            "2024 village (community) committees' election deployment meeting",
        ),
        ("巩固拓展脱贫攻坚成果推进会", "consolidating poverty alleviation gains progress meeting"),
        ("全县防范电信网络诈骗工作推进会", "county-wide telecom and online fraud prevention progress meeting"),
        ("网格化治理工作推进会", "grid-based governance progress meeting"),
        ("政企恳谈会", "government-business dialogue"),
        # The Party committee's other commissions, and subjects of the year's work conferences.
        (
            "县委机构编制委员会会议",
            "meeting of the Institutional Organization Commission of the County Party Committee",
        ),
        ("县委外事工作委员会会议", "meeting of the Foreign Affairs Commission of the County Party Committee"),
        ("全县人才工作会议", "county-wide talent work conference"),
        ("全县国家安全工作会议", "county-wide national security conference"),
        ("全县创建全国文明城市工作推进会", "county-wide national civilized city creation progress meeting"),
        ("县委理论学习中心组学习会", "study session of the Theoretical Study Group of the County Party Committee"),
        # A head's office meeting: whose, by the post.
        ("县长办公会议", "County Mayor's office meeting"),
        ("市长办公会", "Mayor's office meeting"),
        # A Party committee's plenary session by its full name, or as 全体会议 (not a plenary
        # meeting of a safety committee: a session of the committee's term).
        (
            "中国共产党平江县第十五届委员会第七次全体会议",
            "7th plenary session of the 15th Pingjiang County Party Committee",
        ),
        ("中共平江县委十五届七次全体会议", "7th plenary session of the 15th Pingjiang County Party Committee"),
        ("县委十五届七次全体会议", "7th plenary session of the 15th County Party Committee"),
    ],
)
def test_meeting_names_are_composed_from_their_parts(meeting: str, english: str | None) -> None:
    from jiyao.meeting_names import meeting_en

    assert meeting_en(meeting) == english


@pytest.mark.parametrize(
    "meeting",
    [
        "全市中央环保督察反馈问题整改推进会",
        "全縣某某期間安全穩定工作會議",
        "縣某某領導小組會議",
        "某某会",
        "會議",
        "",
        "市第某届人大常委会会议",
        "市第十七届某某会议",
        "全市安全生产暨某某工作会议",
        "全市安全生产暨工作会议",
        "县会议",
        "全县2024年会议",
        "县委十四届某次全会",
    ],
)
def test_a_meeting_name_with_a_part_not_known_gets_no_english(meeting: str) -> None:
    from jiyao.meeting_names import meeting_en

    assert meeting_en(meeting) is None


def test_a_congress_session_s_presidium_has_english() -> None:
    # 大会 is the session itself: no level to compose from, so the glossary names it.
    readout = extract_offline(
        clean_text(
            "人代會閉幕\n1月12日上午，縣第十八屆人民代表大會第四次會議勝利閉幕。大會主席團常務主席嚴振華主持閉幕會。"
        )
    )
    assert readout.chair is not None
    assert (readout.chair.name, readout.chair.title_en) == ("嚴振華", "Executive Chairman of the Presidium")


@pytest.mark.parametrize(
    ("location", "english"),
    [("朝阳区", "Chaoyang District"), ("安阳县", "Anyang County"), ("中山市", "Zhongshan City")],
)
def test_a_place_is_romanized_with_its_level(location: str, english: str) -> None:
    # 朝阳 alone is the morning sun (zhaoyang); 朝阳区 is read as the place it is.
    from jiyao.extraction.places import location_english

    assert location_english(location) == english


@pytest.mark.parametrize("name", ["沈靜勇", "沈靜", "范建國", "於靜", "餘濤"])
def test_a_name_in_traditional_script_is_one_character_by_character(name: str) -> None:
    # The converter's phrase rules read 沈靜 as a word (沉静, calm): 沈靜勇 had been no name.
    assert looks_like_name(name)


def test_a_traditional_report_names_him_whose_name_is_a_word_too() -> None:
    from jiyao.cleaning import clean_text
    from jiyao.extraction import extract_offline

    text = "會議\n3月2日，縣委召開會議，縣委書記王立明主持會議。縣委常委、政法委書記沈靜勇，縣長戴芳列席會議。\n"
    assert [p.name for p in extract_offline(clean_text(text)).attendees] == ["王立明", "沈靜勇", "戴芳"]


def test_mongolian_names_are_read_after_a_title_and_in_a_list() -> None:
    # 乌云其木格 (five characters after 地委委员) had been no one; 巴特尔 was Ba Te'er.
    report = clean_text(
        "锡林郭勒盟召开会议\n3月5日，锡林郭勒盟召开安全生产工作会议。盟委副书记、盟长斯琴高娃主持会议。"
        "副盟长巴特尔、额尔敦巴雅尔，盟委委员乌云其木格出席会议。"
    )
    readout = extract_offline(report)
    assert readout.chair is not None and readout.chair.name_en == "Siqin Gaowa"
    assert [(p.name, p.name_en, p.title) for p in readout.attendees] == [
        ("斯琴高娃", "Siqin Gaowa", "盟委副书记、盟长"),
        ("巴特尔", "Bate'er", "副盟长"),
        ("额尔敦巴雅尔", "E'erdun Baya'er", "副盟长"),
        ("乌云其木格", "Wuyun Qimuge", "盟委委员"),
    ]


def test_tibetan_names_are_read_after_a_title_and_in_a_list() -> None:
    report = clean_text(
        "州委召開常委會會議\n3月11日上午，州委書記王明主持召開州委常委會會議。州委副書記、州長扎西次仁，"
        "州委常委李強、格桑卓瑪出席會議。"
    )
    readout = extract_offline(report)
    assert [(p.name, p.name_en) for p in readout.attendees] == [
        ("王明", "Wang Ming"),
        ("扎西次仁", "Zhaxi Ciren"),
        ("李強", "Li Qiang"),
        ("格桑卓瑪", "Gesang Zhuoma"),
    ]
