"""English for official titles the glossary does not list, composed from their parts.

A title is a level (县, 市, 镇…), an organ (委 the Party committee, 人大常委会, 政协,
a bureau…) and a post (书记, 主任, 局长…), with 副, 常务副 or 代 for deputy, executive
deputy and acting: 县委副书记 → Deputy Secretary of the County Party Committee,
县人大常委会副主任 → Deputy Director of the Standing Committee of the County People's
Congress, 市应急管理局局长 → Director of the Municipal Emergency Management Bureau.
The part of a compound title after 、 takes its level and organ from the part before
when it names none (市委常委、组织部长).

Only what the tables know is composed; anything else gives None, never a guess. A
place's name before the level (清河县委书记) is put in, romanized, when jieba lists the
place; a word that is none gives None (时任县委书记), but 原 is "former" (原县委书记). The
glossary's own entries (and the user's) are looked up first and always win.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from jiyao.cleaning import regex_cache
from jiyao.companies import company_en

# Levels, longest first, and the adjective their organs take.
_LEVELS = (
    ("经开区", "Economic Development Zone"), ("高新区", "High-tech Zone"), ("开发区", "Development Zone"),
    ("自治区", "Autonomous Region"), ("自治县", "Autonomous County"), ("自治州", "Autonomous Prefecture"),
    ("地区", "Prefectural"),  # Xinjiang's, Tibet's prefectures: written 地委, 行署 (_PREFECTURE)
    ("街道", "Subdistrict"), ("社区", "Community"), ("省", "Provincial"),
    ("市", "Municipal"), ("县", "County"), ("区", "District"), ("镇", "Town"), ("乡", "Township"),
    ("州", "Prefecture"), ("村", "Village"), ("旗", "Banner"), ("盟", "League"),  # Inner Mongolia's county, prefecture
)  # fmt: skip
_LEVEL_NAMES = dict(_LEVELS)
# The characters a level opens with: a quick test that a text can't open with an organ.
LEVEL_OPENINGS = frozenset(level[0] for level, _ in _LEVELS)
# An autonomous county's or prefecture's head, as its title writes it after the level.
_AUTONOMOUS_HEAD = {"自治县": "县长", "自治州": "州长"}

# The head of a level's government, and the deputy's English.
_HEADS = {
    "省": ("Governor", "Vice Governor"),
    "市": ("Mayor", "Vice Mayor"),
    "县": ("County Mayor", "Deputy County Mayor"),
    "区": ("District Mayor", "Deputy District Mayor"),
    "镇": ("Town Mayor", "Deputy Town Mayor"),
    "乡": ("Township Mayor", "Deputy Township Mayor"),
    "州": ("Prefecture Governor", "Deputy Prefecture Governor"),
    "旗": ("Banner Head", "Deputy Banner Head"),
    "盟": ("League Head", "Deputy League Head"),
}

_PARTY = "{L} Party Committee"
# Organs, by how the title writes them after the level; {L} is the level's adjective.
_ORGANS = {
    "委": _PARTY, "党委": _PARTY, "党工委": "{L} Party Working Committee",
    "政府": "{L} Government", "人民政府": "{L} People's Government",
    "行署": "{L} Administrative Office",  # a prefecture's government, headed by a 专员
    "人大常委会": "Standing Committee of the {L} People's Congress", "人大": "{L} People's Congress",
    "人大主席团": "Presidium of the {L} People's Congress",
    "党支部": "{L} Party Branch", "党总支": "{L} General Party Branch",
    "委会": "{L} Committee", "居委会": "{L} Residents' Committee",  # 村委会, 社区居委会
    "政协": "{L} Committee of the CPPCC",
    # A congress's and a CPPCC's general office (县人大常委会办公室主任).
    "人大常委会办公室": "General Office of the Standing Committee of the {L} People's Congress",
    "人大常委会办": "General Office of the Standing Committee of the {L} People's Congress",
    "政协办公室": "General Office of the {L} Committee of the CPPCC",
    "政协办": "General Office of the {L} Committee of the CPPCC",
    "纪委": "{L} Commission for Discipline Inspection", "监委": "{L} Supervisory Commission",
    "政法委": "{L} Political and Legal Affairs Commission",
    "委办": "{L} Party Committee Office", "委办公室": "{L} Party Committee Office",
    "政府办": "{L} Government Office", "政府办公室": "{L} Government Office",
    "人民政府办公室": "{L} People's Government Office",
    "人武部": "{L} People's Armed Forces Department",
    "中级人民法院": "{L} Intermediate People's Court", "中级法院": "{L} Intermediate People's Court",
    "人民法院": "{L} People's Court", "法院": "{L} People's Court",
    "人民检察院": "{L} People's Procuratorate", "检察院": "{L} People's Procuratorate",
    "委财经委员会": "Financial and Economic Affairs Commission of the {L} Party Committee",
    "委农村工作领导小组": "Rural Work Leading Group of the {L} Party Committee",
    "安委会": "{L} Work Safety Committee", "安委办": "{L} Work Safety Committee Office",
    "安全生产委员会": "{L} Work Safety Committee",
    "防指": "{L} Flood Control and Drought Relief Headquarters",  # 防汛抗旱指挥部, as reports shorten it
    "委党校": "Party School of the {L} Party Committee",  # whose teachers lecture study sessions
    "管委会": "{L} Management Committee",  # a development zone's government
    "政府新闻办": "{L} Government Information Office", "新闻办": "{L} Information Office",
    "局": "{L} Bureau",  # 局党组书记、局长: the bureau whose report it is, named in the headline
    "办事处": "{L} Office",  # 街道办事处: a subdistrict's government
    "武装部": "{L} Armed Forces Department",
    "委理论学习中心组": "Theoretical Study Group of the {L} Party Committee",
    "社会科学院": "{L} Academy of Social Sciences", "社科院": "{L} Academy of Social Sciences",
    "派出所": "{L} Police Station",
    # A town's offices and institutions (镇卫生院, 镇财政所), and a village's affairs
    # supervisory committee (村监委会, of 村务监督委员会).
    "卫生院": "{L} Health Center", "中心学校": "{L} Central School", "财政所": "{L} Finance Office",
    "综治中心": "{L} Comprehensive Governance Center", "应急办": "{L} Emergency Management Office",
    "党政办": "{L} Party and Government Office", "党政办公室": "{L} Party and Government Office",
    "监委会": "{L} Affairs Supervisory Committee", "务监督委员会": "{L} Affairs Supervisory Committee",
    "驻村工作队": "Village-Stationed Work Team",
    # People's organizations, each headed by a 主席 (团县委: the level inside, below).
    "总工会": "{L} Federation of Trade Unions", "妇联": "{L} Women's Federation",
    "科协": "{L} Association for Science and Technology", "工商联": "{L} Federation of Industry and Commerce",
    "文联": "{L} Federation of Literary and Art Circles", "残联": "{L} Disabled Persons' Federation",
    "侨联": "{L} Federation of Returned Overseas Chinese",
    "生态环境保护委员会": "{L} Ecological and Environmental Protection Committee",
    "消防救援大队": "{L} Fire and Rescue Brigade", "消防救援支队": "{L} Fire and Rescue Detachment",
    "团委": "{L} Committee of the Communist Youth League",  # written 团县委 (_YOUTH_LEAGUE)
    # The Party committee's offices (县委巡察办) and centres reports name at meetings.
    "委巡察办": "Inspection Office of the {L} Party Committee",
    "委督查室": "Supervision Office of the {L} Party Committee", "政府督查室": "{L} Government Supervision Office",
    "委网信办": "Cyberspace Affairs Office of the {L} Party Committee",
    "委编办": "Office of the {L} Institutional Organization Commission",
    "委老干部局": "Veteran Cadres Bureau of the {L} Party Committee",
    # The groups a higher Party committee sends to supervise or inspect (市委督导组组长).
    "委督导组": "Supervision Group of the {L} Party Committee", "督导组": "{L} Supervision Group",
    "委巡察组": "Inspection Group of the {L} Party Committee",
    "委巡视组": "Inspection Group of the {L} Party Committee",
    # The teams that inspect a place's environmental protection (环保督察), sent by the
    # centre (中央, no level of ours) or a province, numbered (第二): the meetings they hold.
    "生态环境保护督察组": "{L} Ecological and Environmental Protection Inspection Team",
    "环境保护督察组": "{L} Environmental Protection Inspection Team",
    "环保督察组": "{L} Environmental Protection Inspection Team",
    "督察组": "{L} Inspection Team",  # named in full before: 督察组组长 at its own meeting
    "中央生态环境保护督察组": "Central Ecological and Environmental Protection Inspection Team",
    "中央环境保护督察组": "Central Environmental Protection Inspection Team",
    "中央环保督察组": "Central Environmental Protection Inspection Team",
    "纪委监委": "{L} Commission for Discipline Inspection and {L} Supervisory Commission",
    "融媒体中心": "{L} Media Center", "疾控中心": "{L} Center for Disease Control and Prevention",
    "供销社": "{L} Supply and Marketing Cooperative",
    "人民医院": "{L} People's Hospital", "中医院": "{L} Hospital of Traditional Chinese Medicine",
    "第一人民医院": "{L} First People's Hospital", "妇幼保健院": "{L} Maternal and Child Health Hospital",
    "网信办": "Cyberspace Affairs Office of the {L} Party Committee",
    "委党史研究室": "Party History Research Office of the {L} Party Committee",
    "地方志办": "{L} Local Chronicles Office",
    "文明办": "{L} Civilization Office", "军分区": "{L} Military Sub-district",
    "扶贫办": "{L} Poverty Alleviation Office", "金融办": "{L} Financial Affairs Office",
    "交警大队": "{L} Traffic Police Brigade", "住房保障中心": "{L} Housing Security Center",
    "机关事务中心": "{L} Government Offices Administration Center",
    "残疾人联合会": "{L} Disabled Persons' Federation",
    "委外办": "Foreign Affairs Office of the {L} Party Committee",
    "委台办": "Taiwan Affairs Office of the {L} Party Committee",
    "委保密办": "Secrecy Office of the {L} Party Committee",
    "机关事务管理局": "{L} Government Offices Administration",
    "国动办": "{L} National Defense Mobilization Office",
    "国资办": "{L} State-owned Assets Supervision and Administration Office",
    "国有资产监督管理办公室": "{L} State-owned Assets Supervision and Administration Office",
    "水文站": "{L} Hydrological Station", "水文中心": "{L} Hydrology Center", "水文局": "{L} Hydrology Bureau",
    "邮政分公司": "{L} Branch of China Post", "移动公司": "{L} Branch of China Mobile",
    "电信分公司": "{L} Branch of China Telecom", "联通公司": "{L} Branch of China Unicom",
    "农发行": "{L} Branch of the Agricultural Development Bank of China",
    "人民银行": "{L} Sub-branch of the People's Bank of China",
    # Public institutions, schools and state companies whose heads speak at county meetings.
    "档案馆": "{L} Archives", "图书馆": "{L} Library", "文化馆": "{L} Cultural Center", "博物馆": "{L} Museum",
    "政务服务中心": "{L} Government Service Center", "红十字会": "{L} Red Cross Society",
    "直机关工委": "{L} Organs Work Committee", "直属机关工委": "{L} Organs Work Committee",
    "实验中学": "{L} Experimental Middle School", "实验小学": "{L} Experimental Primary School",
    "第一中学": "{L} No. 1 Middle School", "一中": "{L} No. 1 Middle School",
    "职业技术学校": "{L} Vocational and Technical School", "职业中学": "{L} Vocational Middle School",
    "城投公司": "{L} Urban Construction Investment Company", "供电公司": "{L} Power Supply Company",
    "农商银行": "{L} Rural Commercial Bank", "农村商业银行": "{L} Rural Commercial Bank",
    "公安局交警大队": "Traffic Police Brigade of the {L} Public Security Bureau",
    "大数据中心": "{L} Big Data Center", "机关事务服务中心": "{L} Government Offices Administration Center",
    "投资促进中心": "{L} Investment Promotion Center", "国资中心": "{L} State-owned Assets Center",
    "经济开发区管委会": "Management Committee of the {L} Economic Development Zone",
    "工业园区管委会": "Management Committee of the {L} Industrial Park",
    "城投集团": "{L} Urban Construction Investment Group", "交投集团": "{L} Transport Investment Group",
    "交通投资集团": "{L} Transport Investment Group",
    "食品安全委员会": "{L} Food Safety Committee", "食安委": "{L} Food Safety Committee",
    "水务集团": "{L} Water Affairs Group", "文旅集团": "{L} Culture and Tourism Group",
    "人民法院审判委员会": "Judicial Committee of the {L} People's Court",
    "委农办": "Rural Work Office of the {L} Party Committee",
    "委政研室": "Policy Research Office of the {L} Party Committee",
    "委改革办": "Reform Office of the {L} Party Committee",
    "委军民融合办": "Civil-Military Integration Office of the {L} Party Committee",
    # The Party committee's commissions and its standing committee as a team (班子).
    "委全面深化改革委员会": "Commission for Comprehensively Deepening Reform of the {L} Party Committee",
    "委深化改革委员会": "Commission for Deepening Reform of the {L} Party Committee",
    "委全面依法治县委员会": "Commission for Law-based Governance of the {L} Party Committee",
    "委全面依法治市委员会": "Commission for Law-based Governance of the {L} Party Committee",
    "委全面依法治区委员会": "Commission for Law-based Governance of the {L} Party Committee",
    "委审计委员会": "Audit Commission of the {L} Party Committee",
    "委机构编制委员会": "Institutional Organization Commission of the {L} Party Committee",
    "委编委": "Institutional Organization Commission of the {L} Party Committee",
    "委外事工作委员会": "Foreign Affairs Commission of the {L} Party Committee",
    "委外事委": "Foreign Affairs Commission of the {L} Party Committee",
    "委常委班子": "Standing Committee of the {L} Party Committee",
    "委常委会": "Standing Committee of the {L} Party Committee",  # 县委常委会第12次会议
}  # fmt: skip
# The Youth League's committee puts 团 before the level: 团县委书记 is 县团委's 书记.
_YOUTH_LEAGUE = regex_cache.compile(r"^团([省市县区镇乡])委")
# Organs by their full names, as their short ones (县人民代表大会常务委员会 → 县人大常委会).
FULL_ORGAN_NAMES = (
    ("人民代表大会常务委员会", "人大常委会"), ("人民代表大会", "人大"), ("中国人民政治协商会议", "政协"),
    ("妇女联合会", "妇联"), ("工商业联合会", "工商联"), ("中国共产党", "中共"),
)  # fmt: skip
# 政协平江县委员会 (from 中国人民政治协商会议平江县委员会) → 平江县政协; 中共平江县委 → 平江县委.
_CPPCC_OF_PLACE = regex_cache.compile(r"^政协(.{0,8}?[省市县区州])委员会")
_PARTY_OF_PLACE = regex_cache.compile(r"^中共(?=.{0,8}?[省市县区州]委)")
# A group named before its number (省委巡视组第三组), as the numbered form writes it (省委第三巡视组).
_GROUP_THEN_NUMBER = regex_cache.compile(r"^(.*?)(督导组|巡视组|巡察组|督察组)(第(?:[一二三四五六七八九十]|\d{1,2}))组")
# A first secretary a higher organ stations in a village (枫树村驻村第一书记).
_STATIONED_FIRST_SECRETARY = regex_cache.compile(r"(?:(.{2,3})村)?驻村第一书记")


def with_short_organ_names(title: str) -> str:
    """``title`` with its organs' full names as their short ones."""
    if "会" not in title and "中" not in title:  # every full name holds one (委员会, 中国共产党)
        return title
    for full, short in FULL_ORGAN_NAMES:
        title = title.replace(full, short)
    return _PARTY_OF_PLACE.sub("", _CPPCC_OF_PLACE.sub(r"\1政协", title))


def _group_number_first(title: str) -> str:
    return _GROUP_THEN_NUMBER.sub(r"\1\3\2", title) if "组第" in title else title


def _stationed_first_secretary(title: str) -> str | None:
    if (stationed := _STATIONED_FIRST_SECRETARY.fullmatch(title)) is None:
        return None
    if stationed.group(1) is None:
        return "Village-Stationed First Secretary"
    from jiyao.pinyin import place_name

    return f"First Secretary Stationed in {place_name(stationed.group(1), '村')} Village"
# A prefecture (地区) names its organs without its level's second character: 地委 its Party
# committee, 行署 (行政公署) its government.
_PREFECTURE = regex_cache.compile(r"^(?:地区?(委)|(?:地区)?(?:行署|行政公署))")


def with_prefecture_level(name: str) -> str:
    """``name`` (a title, an organ, a meeting) with a prefecture's level written whole:
    地委书记 → 地区委书记, 行署常务会议 → 地区行署常务会议; any other name as it is."""
    if not name.startswith(("地委", "行署", "行政公署", "地区")):
        return name
    return _PREFECTURE.sub(lambda m: "地区委" if m[1] else "地区行署", name, count=1)

# An organ's own Party body (市公安局党委, 市政府党组): the body of that organ.
_PARTY_BODIES = {
    "党委": "Party Committee", "党组": "Leading Party Group", "党工委": "Party Working Committee",
    # The discipline commission's group stationed in an organ (县纪委监委驻县信访局纪检组): named by it.
    "纪检组": "Discipline Inspection Group", "纪检监察组": "Discipline Inspection and Supervision Group",
}  # fmt: skip

# The Party committee's departments, written with its 委 or without (市委组织部, 组织部).
for _department, _english in (("组织部", "Organization"), ("宣传部", "Publicity"), ("统战部", "United Front Work")):
    _ORGANS[_department] = f"{_english} Department of the {{L}} Party Committee"
for _organ in ("组织部", "宣传部", "统战部", "政法委"):
    _ORGANS["委" + _organ] = _ORGANS[_organ]

# Bureaus (局) and headquarters (指挥部) by their subject.
_SUBJECTS = {
    "公安": "Public Security", "卫健": "Health", "卫生健康": "Health", "应急管理": "Emergency Management",
    "水利": "Water Resources", "气象": "Meteorological", "生态环境": "Ecology and Environment",
    "教育": "Education", "财政": "Finance", "交通运输": "Transport", "自然资源": "Natural Resources",
    "住建": "Housing and Urban-Rural Development", "住房和城乡建设": "Housing and Urban-Rural Development",
    "住房城乡建设": "Housing and Urban-Rural Development",
    "农业农村": "Agriculture and Rural Affairs", "市场监管": "Market Regulation",
    "市场监督管理": "Market Regulation", "商务": "Commerce", "民政": "Civil Affairs",
    "人社": "Human Resources and Social Security", "人力资源和社会保障": "Human Resources and Social Security",
    "文旅": "Culture and Tourism", "文化和旅游": "Culture and Tourism", "统计": "Statistics", "审计": "Audit",
    "林业": "Forestry", "司法": "Justice", "税务": "Taxation", "城管": "Urban Management",
    "防汛抗旱": "Flood Control and Drought Relief", "疫情防控": "Epidemic Prevention and Control",
    "新冠肺炎疫情防控": "COVID-19 Prevention and Control", "森林防火": "Forest Fire Prevention",
    "森林防灭火": "Forest Fire Prevention and Suppression", "乡村振兴": "Rural Revitalization",
    "工信": "Industry and Information Technology", "工业和信息化": "Industry and Information Technology",
    "发改": "Development and Reform", "发展和改革": "Development and Reform",  # a county's is a bureau
    "医保": "Healthcare Security", "医疗保障": "Healthcare Security", "退役军人事务": "Veterans Affairs",
    "信访": "Letters and Calls", "行政审批": "Administrative Approval", "投资促进": "Investment Promotion",
    "数据": "Data", "粮食和物资储备": "Food and Strategic Reserves", "烟草专卖": "Tobacco Monopoly",
    "科工": "Science, Technology and Industry", "科技": "Science and Technology", "应急": "Emergency Management",
    "自然资源和规划": "Natural Resources and Planning", "城市管理": "Urban Management",
    "文化广电和旅游": "Culture, Radio, Television and Tourism",
    "文化广电旅游": "Culture, Radio, Television and Tourism",
    "行政审批服务": "Administrative Approval Services", "政务服务和大数据管理": "Government Services and Big Data",
    "大数据": "Big Data",
    "教体": "Education and Sports", "教育体育": "Education and Sports",
    "民宗": "Ethnic and Religious Affairs", "民族宗教事务": "Ethnic and Religious Affairs",
    "文广旅": "Culture, Radio, Television and Tourism", "林业和草原": "Forestry and Grassland",
    "水务": "Water Affairs", "城管执法": "Urban Management and Law Enforcement",
    "综合行政执法": "Comprehensive Administrative Law Enforcement",
    "商务和经济信息化": "Commerce, Economy and Information Technology",
    "安全生产": "Work Safety",  # 省安全生产督导组
    # More of a county's bureaus, as their signs shorten them.
    "科工信": "Science, Technology, Industry and Information Technology",
    "经信": "Economy and Information Technology", "交通": "Transport", "体育": "Sports", "能源": "Energy",
    "粮食": "Grain", "公路": "Highway", "招商": "Investment Promotion", "营商环境": "Business Environment",
    "地方金融监管": "Local Financial Supervision", "文广新旅": "Culture, Radio, Television, Press and Tourism",
}  # fmt: skip
# Commissions (委) of the government, as reports shorten them and in full.
for _short, _full, _english in (
    ("卫健委", "卫生健康委员会", "Health"), ("发改委", "发展和改革委员会", "Development and Reform"),
    ("发展改革委", "发展改革委员会", "Development and Reform"),
    ("国资委", "国有资产监督管理委员会", "State-owned Assets Supervision and Administration"),
    ("教委", "教育委员会", "Education"), ("住建委", "住房和城乡建设委员会", "Housing and Urban-Rural Development"),
):  # fmt: skip
    _ORGANS[_short] = _ORGANS[_full] = "{L} " + _english + " Commission"
for _subject, _english in list(_SUBJECTS.items()):
    _ORGANS[_subject + "局"] = "{L} " + _english + " Bureau"
    _ORGANS[_subject + "分局"] = "{L} " + _english + " Sub-bureau"  # 县生态环境分局: the city bureau's
    _ORGANS[_subject + "指挥部"] = "{L} " + _english + " Headquarters"
    _ORGANS[_subject + "厅"] = "{L} " + _english + " Department"  # a province's (应急管理厅)
    _ORGANS[_subject + "领导小组"] = _ORGANS[_subject + "工作领导小组"] = "{L} " + _english + " Leading Group"
    _ORGANS[_subject + "联席会议"] = _ORGANS[_subject + "工作联席会议"] = "{L} " + _english + " Joint Conference"
    _ORGANS[_subject + "督导组"] = _ORGANS[_subject + "工作督导组"] = "{L} " + _english + " Supervision Group"
    # The Party committee's own (县委乡村振兴工作领导小组): its group on the subject.
    _ORGANS["委" + _subject + "领导小组"] = _ORGANS["委" + _subject + "工作领导小组"] = (
        _english + " Leading Group of the {L} Party Committee"
    )
for _subject, _english in (
    ("巡察", "Inspection Work"), ("统战", "United Front Work"), ("网络安全和信息化", "Cyberspace Affairs"),
):  # fmt: skip
    _ORGANS["委" + _subject + "领导小组"] = _ORGANS["委" + _subject + "工作领导小组"] = (
        _english + " Leading Group of the {L} Party Committee"
    )
_ORGANS["委安全生产委员会"] = "Work Safety Committee of the {L} Party Committee"

# Posts, and the deputy's English (None: the post has no deputy form here).
_POSTS = {
    "书记": ("Secretary", "Deputy Secretary"),
    "主任": ("Director", "Deputy Director"),
    "主席": ("Chairman", "Vice Chairman"),
    "部长": ("Head", "Deputy Head"),
    "局长": ("Director", "Deputy Director"),
    "厅长": ("Director", "Deputy Director"),
    "院长": ("President", "Vice President"),
    "检察长": ("Chief Procurator", "Deputy Chief Procurator"),
    "组长": ("Head", "Deputy Head"),
    "指挥长": ("Commander", "Deputy Commander"),
    "总指挥": ("Commander-in-Chief", "Deputy Commander-in-Chief"),
    "秘书长": ("Secretary-General", "Deputy Secretary-General"),
    "专员": ("Commissioner", "Deputy Commissioner"),  # a prefecture's head (行署专员)
    "政委": ("Political Commissar", None),
    "司令员": ("Commander", "Deputy Commander"),  # a military sub-district's (军分区司令员)
    "常委": ("Member of the Standing Committee", None),
    "委员": ("Member", None),
    "成员": ("Member", None),
    "巡视员": ("Inspector", None),  # civil-service ranks, held in an organ or at a level
    "调研员": ("Researcher", None),
    "主任科员": ("Principal Staff Member", None),  # 三级主任科员: a grade, ranked as the two above
    "科员": ("Staff Member", None),
    # A bureau's, a company's or a hospital's chief specialists (副总工程师: a deputy).
    "总工程师": ("Chief Engineer", "Deputy Chief Engineer"),
    "总经济师": ("Chief Economist", "Deputy Chief Economist"),
    "总会计师": ("Chief Accountant", "Deputy Chief Accountant"),
    "总规划师": ("Chief Planner", "Deputy Chief Planner"),
    "高级工程师": ("Senior Engineer", None),
    "工程师": ("Engineer", None),
    "首席专家": ("Chief Expert", None),
    "候补委员": ("Alternate Member", None),
    "理事长": ("Chairman", "Vice Chairman"),  # a federation's board (县残联理事长)
    "负责人": ("Person in Charge", None),
    "主要负责人": ("Principal Person in Charge", None),
    "负责同志": ("Official in Charge", None),  # 县委办负责同志
    "工作人员": ("Staff Member", None),
    "专家": ("Expert", None),
    "法律顾问": ("Legal Adviser", None),
    "顾问": ("Adviser", None),
    "督学": ("School Inspector", None),
    "站长": ("Head", "Deputy Head"),  # a station's: hydrological, agricultural, a toll station
    "指导员": ("Political Instructor", None),
    "联络员": ("Liaison Officer", None),
    "校长": ("President", "Vice President"),
    "所长": ("Director", "Deputy Director"),
    "教授": ("Professor", "Associate Professor"),  # 副教授
    "研究员": ("Research Fellow", "Associate Research Fellow"),  # 副研究员
    "大队长": ("Captain", "Deputy Captain"),
    "队长": ("Head", "Deputy Head"),  # a work team's (驻村工作队队长)  # a fire and rescue brigade's
    "支队长": ("Commander", "Deputy Commander"),
    "馆长": ("Director", "Deputy Director"),  # an archive's, a library's, a museum's
    "会长": ("President", "Vice President"),
    "行长": ("President", "Vice President"),  # a bank's
    "董事长": ("Chairman", "Vice Chairman"),
    "总裁": ("President", "Vice President"),  # a company's
    "首席执行官": ("Chief Executive Officer", None),
    "总监": ("Director", "Deputy Director"),  # a company's: 财务总监
    "创始人": ("Founder", None),
    "合伙人": ("Partner", None),
    "院士": ("Academician", None),  # 中国工程院院士
    "主任医师": ("Chief Physician", "Associate Chief Physician"),  # 副主任医师
    "医师": ("Physician", None),
    "教师": ("Teacher", None),
    "总经理": ("General Manager", "Deputy General Manager"),
    "经理": ("Manager", "Deputy Manager"),
    "教导员": ("Political Instructor", None),  # a fire and rescue brigade's, a police unit's
    "部务委员": ("Member of the Department Affairs Committee", None),
    "召集人": ("Convener", "Deputy Convener"),  # a joint conference's (联席会议召集人)
    # A town Party committee's members by what each is in charge of (镇党委委员、组织委员).
    "组织委员": ("Organization Committee Member", None),
    "宣传委员": ("Publicity Committee Member", None),
    "纪检委员": ("Discipline Inspection Committee Member", None),
    "统战委员": ("United Front Committee Member", None),
    "政法委员": ("Political and Legal Affairs Committee Member", None),
}
_RANKED = ("巡视员", "调研员", "主任科员", "科员")  # the civil service's grades, which a rank opens
_RANKS = {"一级": "Level-1", "二级": "Level-2", "三级": "Level-3", "四级": "Level-4"}
# What a title's parenthesis may add (副县长（挂职）); any other gives no English.
_QUALIFIERS = {
    "挂职": "on temporary assignment",
    "提名人选": "nominee",  # 县长（提名人选）: proposed, before the congress elects
    "正县级": "county-level rank", "副县级": "deputy county-level rank",
    "正处级": "division-level rank", "副处级": "deputy division-level rank",
}  # fmt: skip
_QUALIFIED = regex_cache.compile(r"(.+)（([^（）]+)）")
_POST = regex_cache.compile("(" + "|".join(sorted(map(re.escape, _POSTS), key=len, reverse=True)) + ")$")
_SCHOOLS = ("中学", "小学", "学校", "一中")
# How reports name a level's leaders as a group: its four leading bodies (Party committee,
# congress, government, CPPCC), 四套班子 or 四大班子.
_LEADERS = frozenset({"领导", "级领导", "四套班子领导", "四大班子领导", "领导同志", "级领导同志"})
# The chiefs of the river, lake, forest and field chief systems: a level's, no organ's
# (县总河长, 县级河长, 县副总林长).
_CHIEFS = {
    "总河长": "General River Chief", "河长": "River Chief", "总湖长": "General Lake Chief", "湖长": "Lake Chief",
    "总河湖长": "General River and Lake Chief", "河湖长": "River and Lake Chief",
    "总林长": "General Forest Chief", "林长": "Forest Chief", "总田长": "General Field Chief", "田长": "Field Chief",
}  # fmt: skip
_ORGAN_OF_POST = {"部长": "部", "局长": "局", "厅长": "厅"}  # 组织部长 = 组织部 + 部长
_OF_GOVERNMENT = regex_cache.compile(r"(?:人民)?政府(常务副|副)?(.)长")


@dataclass(frozen=True)
class _Context:
    level: str = ""
    organ: str = ""


def compose_title_en(titles: list[str]) -> list[str | None]:
    """English for each part of a compound title (simplified script), in order."""
    return list(_composed(tuple(titles)))


@functools.lru_cache(maxsize=4096)
def _composed(titles: tuple[str, ...]) -> tuple[str | None, ...]:
    # Remembered: a report's titles are asked for again and again (each person, each field).
    context = _Context()
    out: list[str | None] = []
    zone: tuple[str, str] | None = None  # the development zone an earlier part named
    for at, part in enumerate(titles):
        part = _YOUTH_LEAGUE.sub(r"\1团委", _group_number_first(with_short_organ_names(part)))
        part = with_prefecture_level(part)
        english, context = _compose(part, context)
        if english is None:
            english, context = _with_place(part, context)
        if english is None:
            english = _democratic_party_post(part) or _stationed_first_secretary(part)
        if english is None and part.startswith("原"):  # 原市人大常委会副主任: a retired leader's
            english, context = _compose(part[1:], context)
            english = None if english is None else "Former " + english
        if english is None and part.endswith(("候选人", "人选")):  # 副县长候选人, 县政协副主席人选
            english, context = _compose(part.removesuffix("候选人").removesuffix("人选"), context)
            english = None if english is None else "Candidate for " + english
        if english is None and part.endswith("代表"):  # 县人大代表, 退休干部代表
            english = _representative(part[:-2])
        if english is None:
            english = _GROUPS.get(part)
        if english is None and at + 1 < len(titles) and _POST.search(part) is None:
            # 县委办、县政府办主任: an office with no post of its own shares the next one's
            shared = _POST.search(titles[at + 1])
            if shared is not None:
                english, context = _compose(part + shared.group(), context)
        if english is None and _POST.search(part) is None:
            english = organ_en(part)  # 县发改局李强: in minutes, the office one attended for
        if english is not None and zone is not None and part.startswith(_ZONE_ORGANS):
            # 宁乡经开区党工委副书记、管委会主任: the zone's management committee, named once.
            english = f"{english} of the {zone_english(*zone)}"
        zone = zone_at_start(part) or zone
        out.append(english)
    return tuple(out)


_ZONE_ORGANS = ("管委会", "党工委")

# Who a list of names is, where a heading, not a post, stands before it (党外人士A、B、C).
_GROUPS = {
    "党外人士": "Non-Party Figure", "专家学者": "Expert", "学者": "Scholar", "劳动模范": "Model Worker",
    "劳模": "Model Worker", "来宾": "Guest", "嘉宾": "Guest", "特邀嘉宾": "Special Guest", "应邀嘉宾": "Invited Guest",
    "客商": "Visiting Businessperson", "投资商": "Investor", "老党员": "Veteran Party Member", "党员": "Party Member",
    "老同志": "Veteran Official", "领导同志": "Leading Official", "记者": "Reporter", "评委": "Judge",
    "选手": "Contestant",
}  # fmt: skip

# The eight democratic parties, whose committees at each level sit with the CPPCC (民革市委会
# 主委: the chairperson of the Kuomintang Revolutionary Committee's municipal committee).
_DEMOCRATIC_PARTIES = {
    "民革": "Revolutionary Committee of the Chinese Kuomintang", "民盟": "China Democratic League",
    "民建": "China National Democratic Construction Association",
    "民进": "China Association for Promoting Democracy",
    "农工党": "Chinese Peasants' and Workers' Democratic Party", "致公党": "China Zhi Gong Party",
    "九三学社": "Jiusan Society", "台盟": "Taiwan Democratic Self-Government League",
}  # fmt: skip
_DEMOCRATIC_PARTY_POST = regex_cache.compile(
    rf"({'|'.join(_DEMOCRATIC_PARTIES)})([省市县区])(?:委员会|委会|委)(主委|副主委|秘书长|委员)"
)
_DEMOCRATIC_PARTY_POSTS = {
    "主委": "Chairperson", "副主委": "Vice Chairperson", "秘书长": "Secretary-General", "委员": "Member",
}  # fmt: skip


def _democratic_party_post(title: str) -> str | None:
    """English for a post in a democratic party's committee (民盟市委会副主委), else None."""
    found = _DEMOCRATIC_PARTY_POST.fullmatch(title)
    if found is None:
        return None
    party, level, post = found.groups()
    return f"{_DEMOCRATIC_PARTY_POSTS[post]} of the {_LEVEL_NAMES[level]} Committee of the {_DEMOCRATIC_PARTIES[party]}"


# Whom a representative at a meeting stands for (退休干部代表周涛 at a forum).
_REPRESENTED = {
    "退休干部": "retired cadres", "老干部": "veteran cadres", "老党员": "veteran Party members",
    "党员": "Party members", "企业家": "entrepreneurs", "企业": "enterprises", "群众": "the public",
    "无党派人士": "non-party personages",
    "村民": "villagers", "居民": "residents", "职工": "employees", "农民": "farmers", "专家": "experts",
    "教师": "teachers", "学生": "students", "青年": "young people", "妇女": "women",
    "志愿者": "volunteers", "商户": "merchants", "基层干部": "grassroots cadres", "村干部": "village cadres",
}  # fmt: skip
_CONGRESS_DEPUTY = regex_cache.compile(r"(全国|[省市县区镇乡])?人大")


def _representative(group: str) -> str | None:
    """English for a representative of ``group`` (代表 cut off): a deputy to a people's
    congress (县人大代表), a Party congress's delegate, or a group's (退休干部代表)."""
    if congress := _CONGRESS_DEPUTY.fullmatch(group):
        level = congress.group(1)
        of = "the National" if level == "全国" else f"the {_LEVEL_NAMES[level]}" if level else "the"
        return f"Deputy to {of} People's Congress"
    if group.endswith("党"):
        return "Party Congress Delegate"
    represented = _REPRESENTED.get(group)
    return None if represented is None else f"Representative of {represented}"


# Levels a place's name may stand before in a title (安阳县委书记, 滑县县长, 安阳市委书记),
# and the noun a head's title takes after the name (Mayor of Hua County).
PLACE_NOUNS = {"县": "County", "区": "District", "旗": "Banner", "市": "City"}


# Below the county, places are too many for any table: a town's, a subdistrict's, a
# village's or a community's name is taken as written — two or three characters before
# the level, none of them a word that says which or how many (各镇, 全村, 示范村, 乡镇).
_GRASSROOTS = {"街道": "Subdistrict", "社区": "Community", "镇": "Town", "乡": "Township", "村": "Village"}
_NOT_A_PLACE = regex_cache.compile(
    r"[各全本该每其等和与及或的之省市县区镇乡村街社]"
    r"|^(?:有关|相关|部分|重点|试点|示范|贫困|脱贫|特色|中心|城区|农村|城市|美丽|文明|先进|其他|所属|辖区|包联"
    r"|所在|结对|帮扶|边远|偏远|山区|沿江|沿河|沿海|周边|附近|当地|基层|涉及|受灾|属地|乡村|城郊|新建|合并)$"
)


# Development zones, named as places are (岳麓高新区, 宁乡经开区): their Party working committee
# and management committee govern them, as a county's Party committee and government do.
ZONES = {
    "高新技术产业开发区": "High-tech Industrial Development Zone", "高新区": "High-tech Zone",
    "经济技术开发区": "Economic and Technological Development Zone", "经济开发区": "Economic Development Zone",
    "经开区": "Economic Development Zone", "开发区": "Development Zone", "工业园区": "Industrial Park",
    "产业园区": "Industrial Park", "工业园": "Industrial Park", "综合保税区": "Comprehensive Bonded Zone",
    "保税区": "Bonded Zone", "自贸区": "Free Trade Zone", "旅游度假区": "Tourist Resort",
    "示范区": "Demonstration Zone", "新区": "New Area",
}  # fmt: skip
_ZONE = regex_cache.compile(
    r"([\u4e00-\u9fff]{2,4}?)(" + "|".join(sorted(ZONES, key=len, reverse=True)) + ")"
)
# Not a zone's name (宁乡 is: a place's name may hold 乡): every zone, some, the level's own.
_NOT_A_ZONE_NAME = regex_cache.compile(r"^[各全本该每其省市县区]|^(?:有关|相关|部分|重点|国家级|省级|市级|县级)$")


def zone_at_start(text: str) -> tuple[str, str] | None:
    """(name, kind) of the development zone ``text`` opens with (岳麓高新区党工委 → 岳麓, 高新区)."""
    zone = _ZONE.match(text)
    if zone is None or _NOT_A_ZONE_NAME.search(zone.group(1)):
        return None
    return zone.group(1), zone.group(2)


def zone_english(name: str, kind: str) -> str:
    from jiyao.pinyin import place_name

    return f"{place_name(name, '区')} {ZONES[kind]}"


def _with_place(title: str, before: _Context) -> tuple[str | None, _Context]:
    """A title whose level a place's name opens: composed for the level alone, the name put
    in — when the place is one jieba lists (原县委书记 is a former county secretary's: see
    :func:`compose_title_en`), or a
    town's, a village's… (城关镇党委书记, 东坪村党支部书记)."""
    for size in range(1, 5):
        place, level, rest = title[:size], title[size : size + 1], title[size + 1 :]
        if level not in PLACE_NOUNS or not _listed_place(place, level):
            continue
        for unplaced in (level + rest, rest):  # 安阳县 + 委书记; 清河县 + 县长; 安阳市 + 副市长
            english, context = _compose(unplaced, before)
            if english is not None and context.level == level:
                return _placed(english, place, level), context
    for place, level in grassroots_at_start(title):
        after = title[len(place) :]
        for unplaced in (after, after[len(level) :]):  # 城关镇 + 党委书记; 城关镇 + 镇长
            english, context = _compose(unplaced, before)
            if english is not None and context.level == level:
                return _placed(english, place, level), context
    if (zone := zone_at_start(title)) is not None:  # 岳麓高新区 + 党工委书记: of no level
        english, context = _compose(title[len(zone[0]) + len(zone[1]) :], before)
        if english is not None and not context.level:
            return f"{english} of the {zone_english(*zone)}", context
    if (outer := place_before_level(title)) is not None:  # 芙蓉区 + 定王台街道党工委书记
        english, context = _with_place(title[len(outer[0]) + 1 :], before)
        if english is not None and context.level in _GRASSROOTS:
            from jiyao.pinyin import place_name

            return f"{english}, {place_name(*outer)} {PLACE_NOUNS[outer[1]]}", context
    return None, before


def grassroots_at_start(title: str) -> Iterator[tuple[str, str]]:
    """Each (place, level) below the county ``title`` may open with, by the form alone: two or
    three characters before 镇, 乡, 街道, 社区 or 村 (城关镇党委书记 → 城关, 镇)."""
    for size in (2, 3):
        place, after = title[:size], title[size:]
        level = next((key for key in _GRASSROOTS if after.startswith(key)), "")
        if level and not _NOT_A_PLACE.search(place) and all("\u4e00" <= ch <= "\u9fff" for ch in place):
            yield place, level


def place_before_level(text: str) -> tuple[str, str] | None:
    """(place, level) when ``text`` opens with a place's name jieba lists and its level
    (平阳县委…, 安阳市政府…), else None."""
    for size in range(1, 5):
        place, level = text[:size], text[size : size + 1]
        if level in PLACE_NOUNS and _listed_place(place, level):
            return place, level
    return None


def _listed_place(place: str, level: str) -> bool:
    from jiyao.cleaning.plausibility import jieba_dictionary

    if level == "市":
        # Or a county that became a city after jieba's list was made (宁乡县, a city since 2017).
        return place in jieba_dictionary().cities or place + "县" in _counties()
    return place + level in _counties()


@functools.cache
def _counties() -> frozenset[str]:
    from jiyao.cleaning import tables

    return frozenset(tables.counties()["names"].split("\n"))


def with_place_name(english: str, place: str, level: str) -> str | None:
    """``english`` for the level alone with the place's name put before the level's
    adjective (the Anyang County Party Committee; the 15th Pingyang County Party
    Committee), or None when it names no organ of the level."""
    from jiyao.pinyin import place_name

    adjective = _LEVEL_NAMES[level]
    name, noun = _new_area(place, level) or (place_name(place, level), adjective)
    named, found = re.subn(
        rf"\bthe ((?:\d+(?:st|nd|rd|th) )?){adjective}\b",
        rf"the \g<1>{name} {noun}",
        english,
        count=1,
    )
    return named if found else None


def _new_area(place: str, level: str) -> tuple[str, str] | None:
    """(name, "New Area") for a new area (浦东新 + 区: Pudong New Area, not Pudongxin District)."""
    from jiyao.pinyin import place_name

    if level != "区" or not place.endswith("新") or len(place) < 3:
        return None
    return place_name(place[:-1], level), "New Area"


def _placed(english: str, place: str, level: str) -> str:
    """``english`` for the level alone, of the place named: the Anyang County Party
    Committee; a head's title, Mayor of Hua County."""
    from jiyao.pinyin import place_name

    if (named := with_place_name(english, place, level)) is not None:
        return named
    noun = PLACE_NOUNS.get(level) or _GRASSROOTS[level]
    if (new_area := _new_area(place, level)) is not None:
        return f"{english.replace(noun + ' ', '').replace(' ' + noun, '')} of {' '.join(new_area)}"
    return f"{english.replace(noun + ' ', '').replace(' ' + noun, '')} of {place_name(place, level)} {noun}"


def _compose(title: str, before: _Context) -> tuple[str | None, _Context]:
    held, _, also = title.partition("兼")
    if held and also:  # 副县长兼县公安局局长: a second post held with the first
        english, context = _compose(held, before)
        concurrent, context = _compose(also, context)
        if english is None or concurrent is None:
            return None, before
        return f"{english}, concurrently {concurrent}", context
    if title.startswith("挂职"):  # 挂职副县长: as 副县长（挂职）
        title = f"{title[2:]}（挂职）"
    if title.startswith("国网") and "供电公司" in title:  # 国网平阳县供电公司: State Grid's county company
        english, context = _compose(title[2:], before)
        if english is None:
            english, context = _with_place(title[2:], before)
        return (None if english is None else english.replace(" of the ", " of State Grid ", 1)), context
    qualified = _QUALIFIED.fullmatch(title)
    if qualified is None:
        return _compose_post(title, before)
    english, context = _compose_post(qualified.group(1), before)
    qualifier = _QUALIFIERS.get(qualified.group(2))
    if qualifier is None and english is not None:
        # 县政府办公室主任（县长助理）: a second post in brackets, of its own level
        qualifier, _ = _compose_post(qualified.group(2), _Context("", ""))
    if english is None or qualifier is None:
        return None, before
    return f"{english} ({qualifier})", context


def _compose_post(title: str, before: _Context) -> tuple[str | None, _Context]:
    rest, acting, executive = title, False, False
    if rest.startswith("代"):
        rest, acting = rest[1:], True
    if rest.startswith("常务副"):
        rest, executive = "副" + rest[3:], True
    deputy = rest.startswith("副")
    rest = rest.removeprefix("副")
    level = next((key for key, _ in _LEVELS if rest.startswith(key)), "")
    rest, explicit_level = rest.removeprefix(level), bool(level)
    if level in _AUTONOMOUS_HEAD and rest.removeprefix("副") == _AUTONOMOUS_HEAD[level]:  # 自治县（副）县长
        deputy = deputy or rest.startswith("副")
        english = ("Deputy Head" if deputy else "Head") + f" of the {_LEVEL_NAMES[level]}"
        return _qualified(english, acting, executive), _Context(level, "政府")
    if level in _HEADS and (government := _OF_GOVERNMENT.fullmatch(rest)) and government[2] == level:
        # 县政府副县长, 县人民政府县长: the government's head, or a deputy
        rest, deputy, executive = "长", deputy or bool(government[1]), executive or government[1] == "常务副"
    if rest == "长" and level in _HEADS:  # 县长, 副县长, 常务副县长, 代县长
        english = _HEADS[level][1 if deputy else 0]
        return _qualified(english, acting, executive), _Context(level, "政府")
    if rest == "长助理" and level in _HEADS:  # 市长助理
        return f"Assistant to the {_HEADS[level][0]}", _Context(level, "政府")
    if rest == "长候选人" and level in _HEADS:  # 县长候选人: nominated, before the congress elects
        return f"Candidate for {_HEADS[level][1 if deputy else 0]}", _Context(level, "政府")
    if rest in _LEADERS and level:  # 县领导, 县级领导, 县四套班子领导: a leader of the level
        return f"{_LEVEL_NAMES[level]} leader", _Context(level, "")
    chief = rest.removeprefix("级")
    if level and (chief_en := _CHIEFS.get(chief.removeprefix("副"))):
        chief_en = f"Deputy {chief_en}" if deputy or chief.startswith("副") else chief_en
        graded = "-level" if rest.startswith("级") else ""
        return _qualified(f"{_LEVEL_NAMES[level]}{graded} {chief_en}", acting, executive), _Context(level, "")
    post_match = _POST.search(rest)
    if post_match is None:
        return None, before
    post = post_match.group()
    organ = rest[: post_match.start()]
    if organ.endswith("常务副"):  # 县安委会常务副主任
        organ, deputy, executive = organ[:-3], True, True
    elif organ.endswith("副"):  # 县委副书记, 人大常委会副主任
        organ, deputy = organ[:-1], True
    if organ and organ + _ORGAN_OF_POST.get(post, "") in _ORGANS and organ not in _ORGANS:
        organ += _ORGAN_OF_POST[post]  # 组织部长: the post's 部 is the organ's too
    rank = next((key for key in _RANKS if organ.endswith(key)), "")
    organ = organ.removesuffix(rank)
    english_post = _POSTS[post][1 if deputy else 0]
    if rank:
        if post not in _RANKED:
            return None, before
        english_post = f"{_RANKS[rank]} {english_post}"
    if post == "校长" and organ.endswith(_SCHOOLS):  # a school's head; a university's, a Party school's: President
        english_post = "Vice Principal" if deputy else "Principal"
    level = level or before.level
    if not level and organ == "居委会" and english_post is not None:  # a community's, always
        return f"{english_post} of the Residents' Committee", _Context("社区", organ)
    if rank and not organ and not level and english_post is not None:
        return english_post, before  # 二级巡视员: a civil-service rank, held anywhere
    if english_post is None:
        return None, before
    if rank and not organ:  # 市二级巡视员: a rank at a level, in no organ named
        return f"{_LEVEL_NAMES[level]} {english_post}", _Context(level, before.organ)
    if not organ or (organ in _PARTY_BODIES and not explicit_level and before.organ not in ("", "委")):
        # 局长、党组书记: a bare Party body after an organ's post is that organ's.
        organ = (before.organ if level == before.level else "") + organ
    elif organ in ("办公室", "办") and not explicit_level and before.organ in _OFFICE_OWNERS:
        organ = before.organ + organ  # 市政府副秘书长、办公室主任: the government's office
    # A company's (华能集团副总经理) only where no level is said: 县自来水公司 is the county's
    # water company, not a brand 自来水 in pinyin.
    template, handed = _organ_english(organ, companies=not level)
    if template is None:
        return None, before
    # 党工委副书记、管委会常务副主任 after their zone's secretary: a known organ whose level
    # the report said before the name, not in the title — its English without one.
    of = template.format(L=_LEVEL_NAMES[level]) if level else " ".join(template.format(L="").split())
    return _qualified(f"{english_post} of the {of}", acting, executive), _Context(level, handed)


# Organs whose office a bare 办公室 after their officer is (市政府副秘书长、办公室主任;
# 县人大常委会党组成员、办公室主任).
_OFFICE_OWNERS = ("委", "政府", "人民政府", "人大常委会", "政协")


def level_of(name: str) -> tuple[str, str]:
    """The level ``name`` opens with and its English (市 → Municipal), or ("", "")."""
    return next(((key, english) for key, english in _LEVELS if name.startswith(key)), ("", ""))


def organ_en(name: str) -> str | None:
    """English for an organ named with its level (县政府 → County Government, 市新冠肺炎
    疫情防控工作领导小组 → Municipal COVID-19 Prevention and Control Leading Group), or None."""
    level = next((key for key, _ in _LEVELS if name.startswith(key)), "")
    template, _ = _organ_english(name.removeprefix(level))
    return template.format(L=_LEVEL_NAMES[level]) if template is not None and level else None


def _organ_english(organ: str, *, companies: bool = False) -> tuple[str | None, str]:
    """The organ's English template, and the organ a title after it (A、B) belongs to when
    it names none: 市委常委、组织部长 — a Party title hands on the Party committee, not
    the department; 市政府党组成员、秘书长 — an organ's Party body hands on the organ."""
    template = _ORGANS.get(organ)
    if template is not None:
        return template, "委" if template == _PARTY or organ.startswith("委") else organ
    for suffix, body in _PARTY_BODIES.items():
        owner = organ.removesuffix(suffix)
        owner_template = _ORGANS.get(owner) or (company_en(owner) if companies else None)
        if owner != organ and owner_template is not None:
            return f"{body} of the {owner_template}", owner
    if (numbered := _NUMBERED_GROUP.fullmatch(organ)) is not None:  # 省委第三督导组: its No. 3 group
        template, handed = _organ_english(numbered.group(1) + numbered.group(3))
        number = _GROUP_NUMBERS.get(numbered.group(2)) or numbered.group(2)
        if template is not None and number.isdigit():
            return f"No. {number} {template}", handed
    if (stationed := _STATIONED_GROUP.fullmatch(organ)) is not None:
        return _stationed_group(stationed), organ
    if companies and (company := company_en(organ)) is not None:  # 华能集团副总经理: an executive's
        return company, organ
    return None, organ


# The groups a Party committee sends out, numbered: 省委第三督导组, 市委第二巡察组, 中央第二生态
# 环境保护督察组.
_NUMBERED_GROUP = regex_cache.compile(
    r"(.*)第([一二三四五六七八九十]|\d{1,2})(\w{0,10}?(?:督导组|巡视组|巡察组|督察组))"
)
# A discipline commission's group in an organ (纪委监委驻县信访局纪检监察组) or sent out to several
# (纪委监委派驻第三纪检监察组); the level is the title's, before the commission.
_STATIONED_GROUP = regex_cache.compile(
    r"纪委(监委)?(派驻|驻)(.*?)(第(?:[一二三四五六七八九十]|\d{1,2}))?(纪检监察组|纪检组)"
)


def _stationed_group(stationed: re.Match[str]) -> str | None:
    commission = "{L} Commission for Discipline Inspection" + (
        " and {L} Supervisory Commission" if stationed[1] else ""
    )
    group = _PARTY_BODIES[stationed[5]]
    if stationed[4]:
        number = _GROUP_NUMBERS.get(stationed[4][1:]) or stationed[4][1:]
        group = f"No. {number} {group}"
    if not stationed[3]:
        return f"{group} of the {commission}"
    host = organ_en(stationed[3])
    if host is None or stationed[4]:
        return None
    return f"{group} of the {commission} stationed in the {host.replace('{', '{{').replace('}', '}}')}"


_GROUP_NUMBERS = {c: str(i) for i, c in enumerate("一二三四五六七八九十", 1)}


def _qualified(english: str, acting: bool, executive: bool) -> str:
    if executive:
        english = "Executive " + english
    return "Acting " + english if acting else english
