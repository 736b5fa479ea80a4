"""English for a company's name, as an executive's title gives it (华能集团副总经理, 湖南远大科技
集团董事长): its country or province, its brand in pinyin, what it does and its form, each
from a closed list (中国华能集团 → China Huaneng Group; 湖南远大科技集团 → Hunan Yuanda
Technology Group). A name with any other part gives None: no guess at a word the lists lack.
"""

from __future__ import annotations

import functools

# Longest first: 集团有限公司 before 有限公司 before 公司.
_FORMS = (
    ("集团股份有限公司", "Group Co., Ltd."),
    ("集团有限公司", "Group Co., Ltd."),
    ("股份有限公司", "Co., Ltd."),
    ("有限责任公司", "Co., Ltd."),
    ("有限公司", "Co., Ltd."),
    ("集团", "Group"),
    ("公司", "Company"),
)
# What a company does, as its name says it (the last words before its form).
_TRADES = {
    "科技": "Technology", "能源": "Energy", "新能源": "New Energy", "电力": "Power", "建设": "Construction",
    "建工": "Construction Engineering", "投资": "Investment", "控股": "Holdings", "实业": "Industrial",
    "发展": "Development", "置业": "Property", "地产": "Real Estate", "房地产": "Real Estate",
    "农业": "Agriculture", "物流": "Logistics", "医药": "Pharmaceutical", "食品": "Food", "化工": "Chemical",
    "汽车": "Automobile", "电子": "Electronics", "机械": "Machinery", "材料": "Materials",
    "新材料": "New Materials", "环保": "Environmental Protection", "文化": "Culture", "旅游": "Tourism",
    "文旅": "Culture and Tourism", "矿业": "Mining", "钢铁": "Iron and Steel", "纺织": "Textile",
    "信息": "Information", "通信": "Communications", "智能": "Intelligent", "制造": "Manufacturing",
    "装备": "Equipment", "贸易": "Trading", "商贸": "Trading", "国际": "International", "工程": "Engineering",
    "电气": "Electric", "建材": "Building Materials", "交通": "Transport", "水务": "Water",
    "产业": "Industry", "数字": "Digital", "健康": "Health", "生态": "Ecology", "光伏": "Photovoltaic",
    "储能": "Energy Storage", "重工": "Heavy Industry", "电池": "Battery", "生物": "Bio",
}  # fmt: skip
_TRADES_LONGEST_FIRST = sorted(_TRADES, key=len, reverse=True)  # 新能源 before 能源
_PROVINCES = frozenset(
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川"
    " 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门".split()
)
_PROVINCES_EN = {"陕西": "Shaanxi", "内蒙古": "Inner Mongolia", "香港": "Hong Kong", "澳门": "Macao"}
_BRAND_SIZES = (2, 3, 4)
# A brand is a name: not a level's (县城投公司: the county's, which titles compose), a
# placeholder, or what it does alone (科技公司, 自来水公司: a town's water company).
_NOT_BRAND_START = tuple("省市县区镇乡州")
_SERVICES = frozenset(
    "自来水 供水 排水 燃气 天然气 公交 客运 运输 出租车 烟草 盐业 石油 石化 电信 移动 联通 邮政 供电 城投 交投 粮食"
    " 粮油 物业 建筑 园林 环卫 保险 证券 农资 供销 医疗 药品 热力 供热 水电 电网 铁路 航空 机场 港口 高速 旅行社"
    " 分公司 子公司 总公司".split()
)


@functools.lru_cache(maxsize=1024)
def company_en(name: str) -> str | None:
    """English for a company's name (simplified script), or None where a part is not known."""
    form = next(((zh, en) for zh, en in _FORMS if name.endswith(zh)), None)
    if form is None:
        return None
    rest, english = name[: -len(form[0])], [form[1]]
    while True:  # what it does, from the end: 远大科技 → 远大, Technology
        trade = next((t for t in _TRADES_LONGEST_FIRST if rest.endswith(t) and rest != t), None)
        if trade is None:
            break
        rest, english = rest[: -len(trade)], [_TRADES[trade], *english]
    place = "中国" if rest.startswith("中国") else next((p for p in _PROVINCES if rest.startswith(p)), "")
    brand = rest[len(place) :]
    if (
        len(brand) not in _BRAND_SIZES
        or not all("\u4e00" <= ch <= "\u9fff" for ch in brand)
        or brand.startswith(_NOT_BRAND_START)
        or "某" in brand
        or brand in _TRADES
        or brand in _SERVICES
    ):
        return None
    from jiyao.pinyin import place_name

    where = [] if not place else ["China"] if place == "中国" else [_PROVINCES_EN.get(place) or place_name(place, "省")]
    return " ".join([*where, place_name(brand, ""), *english])
