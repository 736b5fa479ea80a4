"""Words of Chinese government meeting news that jieba's dictionary lacks or counts as rare.

jieba's counts come from general text: 副书记, 安全生产, 疫情防控 and 乡村振兴 are not in
it at all, and 副县长 is counted as rarely as a word can be, so the decoder preferred
区委员书记 to 区委副书记. These are the genre's everyday words (titles, organs, kinds of
meeting, the work they order), written from knowledge of the genre, not taken from any
report; each counts at least :data:`COUNT` in the text model.
"""

from __future__ import annotations

import zlib

# About as often as jieba's 座谈会 or 分管: common in this genre, far below 政治 or 工作.
COUNT = 500

_TITLES = """
副书记 副市长 副主任 副主席 副局长 副部长 副县长 副区长 副镇长 副乡长 副省长 副组长 副总指挥 副指挥长
常务副县长 常务副市长 常务副区长 常务副镇长 常务副省长 常务副主任 常务副主席 常务副部长
县委书记 市委书记 区委书记 镇党委书记 乡党委书记 党工委书记 党组书记 党委书记 政法委书记 纪委书记
监委主任 县委常委 市委常委 区委常委 省委常委 县委副书记 市委副书记 区委副书记
指挥长 总指挥 组织部长 宣传部长 统战部长 二级巡视员 调研员 秘书长 副秘书长 人大代表 政协委员
"""
_ORGANS = """
县人大 区人大 市人大 县人大常委会 区人大常委会 市人大常委会 县政协 区政协 市政协 县纪委 县监委
县政府 区政府 市政府 镇政府 县委办 县政府办 人武部 县直 市直 区直 各部门 县直各部门 各乡镇 各街道
各镇街 领导小组 指挥部 主要负责人 主要负责同志 分管负责人 分管领导 县领导 市领导 区领导 镇领导
"""
_MEETINGS = """
推进会 部署会 调度会 动员会 督办会 现场会 民主生活会 集体学习 常务会议 常委会会议 全体会议 扩大会议
电视电话会议 视频会议 专题会议 工作会议 分会场 主会场 理论学习中心组
"""
_WORK = """
疫情防控 安全生产 乡村振兴 环保督察 督察整改 排查整治 防汛备汛 防汛抗旱 森林防火 营商环境 高质量发展
民生实事 重点项目 项目建设 脱贫攻坚 基层治理 社会治理 平安建设 信访维稳 安全隐患 隐患排查 风险隐患
应急处置 应急预案 值班值守 核酸检测 疫苗接种 闭环管理 常态化 联防联控 群防群控 底线思维 压实责任
主体责任 属地责任 决策部署 工作部署 会议精神 讲话精神 重要讲话 重要指示 批示精神 传达学习 研究部署
安排部署 听取汇报 审议通过 参加会议 出席会议 列席会议 主持召开 作出部署 表态发言 交流发言 总结讲话
线上线下 易发多发 多发期 拉网式 教育整顿 述职评议 冬修水利 农田水利 清淤疏浚 就座 主席台 靠前服务 挂图作战
倒排工期 销号 台账 整改落实 问题清单 责任清单 任务清单 督促指导 抓紧抓实 压紧压实 守牢 红线意识 到会指导
讲话要求 会议要求 具体要求 汇报会 见面会 推介会 签约仪式 开工仪式 考察调研 实地察看 走访调研 现场办公
现场办公会 调研督导 督导检查 检查督导 明察暗访 四不两直 一岗双责 党政同责 齐抓共管 防灭火 地质灾害 山洪灾害
转移避险 巡查防守 值守 带班 领导带班
"""

WORDS: tuple[str, ...] = tuple(dict.fromkeys((_TITLES + _ORGANS + _MEETINGS + _WORK).split()))
# Part of the word table's name: a change to the list rebuilds the table.
STAMP = f"{zlib.crc32((' '.join(WORDS) + str(COUNT)).encode()):08x}"
