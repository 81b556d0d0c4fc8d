"""Names in a class: every citizen gets one (bots too), and names people type are cleaned.

A bot's name is a family name and a given name picked by its citizen id, written in pinyin
for English readers and in characters for Chinese ones; the same citizen has the same name
in every run. A name a student types is plain text: trimmed, control and invisible
characters removed, at most ``MAX_NAME_CHARS`` characters. Pages show it with
``textContent`` (never as markup) and the projector draws it as text.
"""

from __future__ import annotations

import unicodedata

MAX_NAME_CHARS = 20

FAMILY = (("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"), ("Yang", "杨"),
          ("Huang", "黄"), ("Zhao", "赵"), ("Wu", "吴"), ("Zhou", "周"), ("Xu", "徐"), ("Sun", "孙"),
          ("Ma", "马"), ("Zhu", "朱"), ("Hu", "胡"), ("Guo", "郭"), ("He", "何"), ("Lin", "林"),
          ("Gao", "高"), ("Luo", "罗"), ("Zheng", "郑"), ("Liang", "梁"), ("Xie", "谢"), ("Song", "宋"),
          ("Tang", "唐"), ("Han", "韩"), ("Feng", "冯"), ("Deng", "邓"), ("Cao", "曹"), ("Peng", "彭"),
          ("Zeng", "曾"))
GIVEN = (("Wei", "伟"), ("Fang", "芳"), ("Na", "娜"), ("Min", "敏"), ("Jing", "静"), ("Li", "丽"),
         ("Qiang", "强"), ("Lei", "磊"), ("Jun", "军"), ("Yang", "洋"), ("Yong", "勇"), ("Yan", "艳"),
         ("Jie", "杰"), ("Juan", "娟"), ("Tao", "涛"), ("Ming", "明"), ("Chao", "超"), ("Xiu", "秀"),
         ("Xia", "霞"), ("Ping", "平"), ("Gang", "刚"), ("Hui", "慧"), ("Lan", "兰"), ("Hong", "红"),
         ("Bo", "波"), ("Hua", "华"), ("Yu", "宇"), ("Xin", "欣"), ("Hao", "浩"), ("Ying", "颖"),
         ("Kai", "凯"), ("Lin", "琳"), ("Rui", "瑞"), ("Ting", "婷"), ("Peng", "鹏"), ("Qing", "青"),
         ("Dan", "丹"), ("Feng", "峰"), ("Xue", "雪"), ("Yun", "云"), ("Bin", "斌"))


def bot_name(citizen: int, lang: str = "en") -> str:
    """A stable name for a citizen nobody named: 'Wei Zhang' / '张伟' (with a number after
    the first 1,271 citizens, so no two share a name)."""
    given = GIVEN[citizen % len(GIVEN)]
    family = FAMILY[(citizen // len(GIVEN) + citizen) % len(FAMILY)]
    lap = citizen // (len(GIVEN) * len(FAMILY))
    suffix = f" {lap + 1}" if lap else ""
    if lang == "zh":
        return family[1] + given[1] + suffix
    return f"{given[0]} {family[0]}{suffix}"


def clean_name(raw: str) -> str:
    """A typed name as plain, short, visible text ('' when nothing usable is left)."""
    if not isinstance(raw, str):
        return ""
    text = unicodedata.normalize("NFC", raw)
    keep = (c if not c.isspace() else " " for c in text
            if unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))
    return " ".join("".join(keep).split())[:MAX_NAME_CHARS].strip()
