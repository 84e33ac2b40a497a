"""The columns of an implementation list (实施清单) and the headings spreadsheets use for them.

Offices keep their lists in spreadsheets exported from provincial platforms or typed by hand, and
the same field appears under several headings ("法定办结时限", "法定时限", "法定期限（工作日）").
Each field has a key, the heading approvalnet writes (Chinese, as the national platform names the
field, and English for ``--lang en``) and the variants it recognises. A heading is compared after
removing spaces, a trailing unit or note in brackets ("（工作日）") and the marks of a required
column ("*"), so "承诺时限（工作日）" and "*承诺办结时限" are both the promised limit.

The field names follow the implementation-list elements of the national integrated online
government service platform (事项名称, 实施编码, 基本编码, 事项类型, 实施主体, 设定依据, 法定办结时限,
承诺办结时限, 办件类型, 到办事现场次数, 申请材料, 是否收费 …; GB/T 39554.1-2020 for the codes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    key: str
    zh: str  # the heading written in Chinese
    en: str  # the heading written in English
    variants: tuple[str, ...] = ()


ITEM_FIELDS: tuple[Field, ...] = (
    Field("name", "事项名称", "Item name", ("名称", "事项", "业务办理项名称", "实施清单名称", "服务事项名称",
                                            "办理项名称", "子项名称")),
    Field("code", "实施编码", "Implementation code", ("事项编码", "业务办理项编码", "实施清单编码", "编码",
                                                   "事项实施编码", "办理项编码")),
    Field("catalog_code", "基本编码", "Catalogue code", ("基本目录编码", "目录编码", "事项基本编码")),
    Field("type", "事项类型", "Item type", ("权力类型", "事项类别", "类型", "权力类别")),
    Field("authority", "实施主体", "Authority", ("实施机构", "实施机关", "实施部门", "办理部门", "受理部门",
                                              "实施主体名称")),
    Field("authority_code", "实施主体编码", "Authority code", ("实施机构编码", "统一社会信用代码",
                                                          "实施主体统一社会信用代码")),
    Field("level", "行使层级", "Level", ("层级", "行使级别")),
    Field("legal_basis", "设定依据", "Legal basis", ("法律依据", "实施依据", "设定和实施依据", "依据",
                                                 "法定依据")),
    Field("statutory", "法定办结时限", "Statutory limit", ("法定时限", "法定期限", "法定办理时限",
                                                       "法定办结期限")),
    Field("promised", "承诺办结时限", "Promised limit", ("承诺时限", "承诺期限", "承诺办理时限", "承诺办结期限")),
    Field("handling", "办件类型", "Handling", ("办件类别", "办理类型")),
    Field("visits", "到办事现场次数", "On-site visits", ("到现场次数", "跑动次数", "到现场办理次数",
                                                    "到办事现场最多次数", "最多跑动次数")),
    Field("charged", "是否收费", "Charged", ("收费",)),
    Field("fee_standard", "收费标准", "Fee standard", ()),
    Field("fee_basis", "收费依据", "Fee basis", ()),
    Field("service_object", "服务对象", "Service object", ("办理对象", "服务对象类型", "面向对象")),
    Field("conditions", "受理条件", "Acceptance conditions", ("申请条件", "办理条件", "受理标准")),
    Field("procedure", "办理流程", "Procedure", ("流程", "办理程序", "审批流程", "办事流程", "办理流程说明")),
    Field("materials", "申请材料", "Materials", ("材料", "材料目录", "申请材料目录", "申请材料清单")),
    Field("location", "办理地点", "Location", ("受理地点", "办公地址", "窗口地址", "办理地址")),
    Field("office_hours", "办理时间", "Office hours", ("受理时间", "工作时间", "窗口办理时间")),
    Field("consultation", "咨询方式", "Consultation", ("咨询电话", "咨询途径", "咨询方式及电话")),
    Field("complaint", "监督投诉方式", "Complaints", ("监督电话", "投诉电话", "监督投诉电话", "投诉方式",
                                                  "监督投诉渠道")),
    Field("result_name", "审批结果名称", "Result name", ("结果名称", "办理结果", "审批结果", "结果证照名称")),
    Field("result_type", "审批结果类型", "Result type", ("结果类型", "办理结果类型")),
)

MATERIAL_FIELDS: tuple[Field, ...] = (
    Field("code", "实施编码", "Implementation code", ("事项编码", "业务办理项编码", "实施清单编码", "编码")),
    Field("item", "事项名称", "Item name", ("业务办理项名称", "所属事项")),
    Field("name", "材料名称", "Material", ("申请材料名称",)),
    Field("form", "材料形式", "Form", ("材料类型", "材料形态", "提交形式")),
    Field("copies", "份数", "Copies", ("纸质材料份数", "材料份数", "数量")),
    Field("source", "来源渠道", "Source", ("材料来源", "来源", "来源方式")),
    Field("need", "材料必要性", "Need", ("必要性", "是否必要", "是否必须", "必要性及描述")),
    Field("basis", "要求提供材料的依据", "Basis", ("来源依据", "依据", "设定依据", "材料依据")),
    Field("condition", "备注", "Notes", ("适用情形", "情形", "填报须知", "说明", "受理标准")),
)

_STRIP = re.compile(r"[\s*＊:：]+")
_NOTE = re.compile(r"[（(][^（）()]*[）)]$")


def normalise(heading: str) -> str:
    """A heading as compared: no spaces, no required-column marks, no bracketed unit at its end."""
    text = _STRIP.sub("", heading)
    while True:
        shorter = _NOTE.sub("", text)
        if shorter == text or not shorter:
            return text
        text = shorter


def match(heading: str, fields: tuple[Field, ...]) -> Field | None:
    """The field a heading names, if any (exact names first, so that "编码" is not taken for another)."""
    text = normalise(heading)
    if not text:
        return None
    english = " ".join(heading.replace("*", " ").split()).lower()  # English headings keep their spaces
    for field in fields:
        if text == field.zh or english == field.en.lower() or text.lower() == field.key:
            return field
    for field in fields:
        if text in field.variants:
            return field
    return None
