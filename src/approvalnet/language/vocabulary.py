"""The Chinese words of the language's vocabularies, as implementation lists and service guides write them.

A process file keeps its enumerated values in English keys (``administrative-licensing``,
``commitment``, ``copy``) so that files, JSON and rule options do not depend on the interface
language. Implementation lists (实施清单) and service guides (办事指南) are Chinese documents: these
tables give the word each key is written with there (the first word of each entry), and the other
words a spreadsheet is found to use for it, so that importing a list and writing a guide use one
vocabulary. ``key_of`` reads a cell back into a key.
"""

from __future__ import annotations

import re

# key → the words used for it; the first is the one written in lists and guides.
ITEM_TYPES: dict[str, tuple[str, ...]] = {
    "administrative-licensing": ("行政许可", "许可"),
    "administrative-confirmation": ("行政确认", "确认"),
    "administrative-payment": ("行政给付", "给付"),
    "administrative-reward": ("行政奖励", "奖励"),
    "administrative-ruling": ("行政裁决", "裁决"),
    "administrative-collection": ("行政征收", "征收"),
    "other-administrative-power": ("其他行政权力", "其他权力", "其他职权"),
    "public-service": ("公共服务", "公共服务事项"),
}
# Item types of provincial lists that the language folds into one of its own: filings (备案) are
# listed among the other administrative powers (其他行政权力) of the national basic catalogue.
ITEM_TYPES_FOLDED: dict[str, str] = {"行政备案": "other-administrative-power", "备案": "other-administrative-power"}
HANDLING: dict[str, tuple[str, ...]] = {
    "on-the-spot": ("即办件", "即办"),
    "commitment": ("承诺件", "承诺"),
}
SERVICE_OBJECTS: dict[str, tuple[str, ...]] = {
    "natural-person": ("自然人", "个人", "公民"),
    "enterprise": ("企业法人", "企业", "法人"),
    "public-institution": ("事业单位法人", "事业法人", "事业单位"),
    "social-organization": ("社会组织法人", "社会组织", "社会团体"),
    "government": ("行政机关", "机关法人", "机关"),
    "other-organization": ("其他组织", "非法人组织", "个体工商户"),
}
LEVELS: dict[str, tuple[str, ...]] = {
    "national": ("国家级", "国家"),
    "provincial": ("省级", "省"),
    "municipal": ("市级", "市"),
    "county": ("县级", "县", "区级", "区"),
    "township": ("乡级", "乡镇", "街道"),
}
NEED: dict[str, tuple[str, ...]] = {
    "required": ("必要", "必须", "必需", "是", "必交"),
    "conditional": ("视情形提交", "情形要件", "容缺", "视情况", "特定情形", "条件"),
    "optional": ("非必要", "非必须", "否", "选交", "可选"),
}
MATERIAL_FORMS: dict[str, tuple[str, ...]] = {
    "original": ("原件",),
    "copy": ("复印件", "复制件"),
    "electronic": ("电子", "电子版", "电子件", "电子材料"),
}
MATERIAL_SOURCES: dict[str, tuple[str, ...]] = {
    "applicant": ("申请人自备", "申请人", "自备"),
    "government": ("政府部门核发", "政府部门", "部门核发", "共享", "数据共享"),
}
RESULT_TYPES: dict[str, tuple[str, ...]] = {
    "certificate": ("证照", "出证办结", "证件", "证书"),
    "approval-document": ("批文", "出文办结", "批复", "审批办结"),
    "other": ("其他",),
}
YES = ("是", "收费", "有", "y", "yes", "true", "1")
NO = ("否", "不收费", "无", "免费", "n", "no", "false", "0")


def zh(table: dict[str, tuple[str, ...]], key: str | None) -> str:
    """The Chinese word of ``key`` in ``table``; an unknown key is returned as it is."""
    if key is None:
        return ""
    words = table.get(key)
    return words[0] if words else key


_SPACE = re.compile(r"\s+")


def key_of(table: dict[str, tuple[str, ...]], text: str) -> str | None:
    """The key a cell's text stands for: one of the words, or the key itself; None when none fits."""
    word = _SPACE.sub("", text).lower()
    if not word:
        return None
    for key, words in table.items():
        if word == key or word in (w.lower() for w in words):
            return key
    return None


def yes_no(text: str) -> bool | None:
    """True or False for the usual ways a list writes yes and no (是/否, 收费/不收费 …); else None."""
    word = _SPACE.sub("", text).lower()
    if word in YES:
        return True
    if word in NO:
        return False
    return None
