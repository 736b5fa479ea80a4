"""Chinese surnames: the tables alone, with no imports, so the cleaner's priors and the
name rules (:mod:`jiyao.names`) can both read them without importing each other."""

# The dots that join the parts of a name transliterated from Uyghur, Tibetan, Mongolian…
# (阿不都热依木·艾买提), as pages write them: middle dot, bullet, katakana dot, hyphenation point.
NAME_DOTS = "·•・‧"

# Compound surnames (simplified) and their romanization.
COMPOUND_SURNAMES = {
    "欧阳": "Ouyang", "上官": "Shangguan", "司马": "Sima", "诸葛": "Zhuge", "东方": "Dongfang",
    "皇甫": "Huangfu", "尉迟": "Yuchi", "公孙": "Gongsun", "慕容": "Murong", "令狐": "Linghu",
    "长孙": "Zhangsun", "宇文": "Yuwen", "司徒": "Situ", "夏侯": "Xiahou", "轩辕": "Xuanyuan",
    "端木": "Duanmu", "西门": "Ximen", "南宫": "Nangong", "澹台": "Tantai", "呼延": "Huyan",
    "万俟": "Moqi", "闻人": "Wenren", "太史": "Taishi", "申屠": "Shentu", "钟离": "Zhongli",
    "濮阳": "Puyang", "淳于": "Chunyu", "单于": "Chanyu", "公冶": "Gongye", "赫连": "Helian",
}  # fmt: skip

# Common single-character surnames (simplified), to tell a name from a word; most common
# first, as the census ranks them.
SURNAMES_BY_RANK = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
    "覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒"
    "阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古"
    "吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇"
    "桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉"
    "伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿"
    "薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元"
    "束檀衣信展阴昝智幸奉植衡富尧闭由赖洪贝萨揭巢"
)
# Rarer ones of the Hundred Family Surnames, whose characters start few common words: a
# report names their bearers too (县纪委书记宓立强, 市长郦国强). Names only: the cleaner's
# given-name counts (jieba's names after a surname) keep to the census's.
RARER_SURNAMES = "钮竺郦宓郇酆贲邴糜隗郗钭蓟璩郏濮訾殳夔厍乜蒯逄庾荀羿笪仉佴禤占宦"
SURNAMES = frozenset(SURNAMES_BY_RANK + RARER_SURNAMES)
# The rest of the Hundred Family Surnames, leaving out those that are everyday words (水, 家,
# 通, 后, 能): their characters start common words (扶贫, 步伐, 贡献), so they are read as a
# surname only right after a title (市长步云飞, 市发展改革委主任扶正), where a word seldom stands.
SURNAMES_AFTER_TITLE = SURNAMES | frozenset("昌凤汲弓牧蓬仰韶鄂咸籍苍莘贡扶堵宰郤寿鱼步弘禄蔚桓缑郈琴墨谯滑松")

# Words that start with a surname and follow a title in meeting reports (县委常委班子,
# 县直单位, 各级党委): collective nouns, organs and adverbs, never anyone's name; and titles
# that do (区委副书记、区长、区防指总指挥陈晓东: 区 is a surname, 区长 a title in the chain).
WORDS_NOT_NAMES = frozenset(
    "班子 成员 全体 全县 全市 全区 全镇 全省 党员 干部 相关 全面 支持 安全 任务 区委 单位 常委 高度 全力 严格"
    " 时间 方面 关于 万人 文件 应急 管理 项目 司法 公安 卫生 农业 林业 商务 信访 武装 武警 宣传 纪委 党委 支部"
    " 于是 时期 广大 全会 扶贫 扶持 步伐 步骤 贡献 弘扬"
    " 区长 司长 师长 连长 班长 董事长 董事 常务 干事 司令员".split()
)
