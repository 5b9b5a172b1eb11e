"""Words the visit reads or hands out, never words the bot says: the safety code
words (the same characters in every language, since the resident and the
volunteer must say the same thing at the door) and the tokens of a typed time
("明天", "下午", "三点半"). Exempt from the no-CJK-literal check as data."""

from __future__ import annotations

import re

# Short, common words anyone can say and hear at a door.
WORDS: tuple[str, ...] = (
    "春风", "月亮", "星星", "白云", "青山", "绿水", "红花", "大树", "小桥", "阳光",
    "彩虹", "海浪", "松树", "梅花", "兰花", "竹子", "菊花", "荷花", "燕子", "喜鹊",
    "熊猫", "白鸽", "金鱼", "苹果", "西瓜", "葡萄", "橘子", "桃子", "石榴", "茶叶",
    "饺子", "汤圆", "月饼", "年糕", "灯笼", "风筝", "书包", "毛笔", "长城", "黄河",
    "长江", "泰山", "西湖", "麦田", "稻谷", "花生", "玉米", "柳树", "杏花", "雪花",
    "晚霞", "朝阳", "小溪", "果园", "蜜蜂", "蝴蝶", "骏马", "黄牛", "山羊", "白兔",
)  # fmt: skip

# A typed time: the day (days from today), the part of the day, the clock.
DAYS: tuple[tuple[str, int], ...] = (
    ("后天", 2),
    ("明天", 1),
    ("明日", 1),
    ("今天", 0),
    ("今日", 0),
    ("tomorrow", 1),
    ("today", 0),
)
PARTS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("下午", "晚上", "傍晚", "pm", "p.m."), "pm"),
    (("上午", "早上", "早晨", "凌晨", "am", "a.m."), "am"),
    (("中午",), "noon"),
)
CN_DIGITS = {
    "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
    "九": 9, "十": 10,
}  # fmt: skip
CN_TEN = "十"
CN_NUMERAL = r"[零一二两三四五六七八九十]+"
# 15:30, 15.30, 3点, 3点半, 3点20分, 3点钟, 3时
TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2})|点(?:(半)|(\d{1,2})分?|钟)?|时)?$")
