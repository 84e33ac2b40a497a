"""An implementation list (实施清单) fills in the fields every listing must publish.

The loader already refuses a file without the fields no process can do without (实施编码, 事项名称,
事项类型, 实施主体, 办件类型, 办结时限, 办理流程). The other fields of a listing are optional in the
language so that a draft can be validated before it is complete; this rule says which are still
missing or empty.

The default set is the part of the 实施清单 that every published item has and that the file has a
place for:

- 设定依据 (``legal_basis``): one of the six basic elements (6 类基本要素: 事项名称、事项编码、事项类型、
  主管部门、实施机关、设定和实施依据, 2022年政务服务事项标准化提升工作流程), and a NOT NULL
  column (``by_law``) of the national platform's upload schema for 实施清单;
- 到办事现场次数 (``visits``, ``limit_scene_num``), 是否收费 (``fee``, ``is_fee``), 服务对象
  (``service_object``, ``server_type``), 受理条件 (``acceptance_conditions``, ``accept_condition``)
  and 审批结果 (``result``: 审批结果类型 is NOT NULL in the extend table): NOT NULL columns of the
  same schema for 许可/给付/奖励/确认/裁决/其他 items;
- 申请材料 (``materials``): the material table of the same schema, and what 《行政许可法》第三十条
  requires to be published: "需要提交的全部材料的目录".

Other NOT NULL columns (基本编码 ``catalog_code``, 办理地点 ``location``, 办理时间 ``office_hours``,
咨询方式 / 监督投诉方式 ``contacts``, 实施主体编码 ``authority.code``, 行使层级 ``authority.level``,
承诺办结时限 ``time_limit.promised``) can be required with the option ``fields``, which takes
top-level keys or dotted paths. A field is missing when it is not written, null, an empty list or
blank text; the finding stands at the field when it is written empty, else at the start of the
process (where it would go).

Fails:

    legal_basis: []                      # 设定依据 empty
    handling: commitment
    # no visits, fee, service_object, acceptance_conditions, result, materials

Passes:

    legal_basis: 《某某条例》第十条
    visits: 1
    fee: {charged: false}
    service_object: [enterprise]
    acceptance_conditions: 已取得营业执照
    result: {type: certificate, name: 某某许可证}
    materials:
      - {id: application, name: 申请书, form: [original]}
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from ...i18n import _
from ...language.types import Process
from ..context import Context, Finding

DOC_ZH = """实施清单填写了每个清单都必须公示的字段。

加载时已经拒绝缺少任何流程都必不可少的字段的文件（实施编码、事项名称、事项类型、实施主体、办件类型、办结时限、办理流
程）。清单的其他字段在流程语言中是可选的，以便草稿在填写齐全前也能校验；本规则指出哪些字段仍然缺少或为空。

默认检查的是每个公布的事项都有、文件中也有相应位置的那部分实施清单：

- 设定依据（``legal_basis``）：6 类基本要素之一（事项名称、事项编码、事项类型、主管部门、实施机关、设定和实施依据，
2022年政务服务事项标准化提升工作流程），也是国家平台实施清单上报数据规范中不可为空的一列（``by_law``）；
- 到办事现场次数（``visits``，``limit_scene_num``）、是否收费（``fee``，``is_fee``）、服务对象（``service_object``，
``server_type``）、受理条件（``acceptance_conditions``，``accept_condition``）和审批结果（``result``：审批结果类型在
扩展表中不可为空）：同一规范中许可/给付/奖励/确认/裁决/其他事项不可为空的列；
- 申请材料（``materials``）：同一规范的材料表，也是《行政许可法》第三十条要求公示的"需要提交的全部材料的目录"。

其他不可为空的列（基本编码 ``catalog_code``、办理地点 ``location``、办理时间 ``office_hours``、咨询方式 / 监督投诉方
式 ``contacts``、实施主体编码 ``authority.code``、行使层级 ``authority.level``、承诺办结时限 ``time_limit.promised``）
可以用选项 ``fields`` 要求填写，该选项接受顶层键或以点分隔的路径。字段未写、为 null、为空列表或空白文本时即为缺少；
字段写了但为空时，问题标在该字段，否则标在流程开头（该字段应在的位置）。

不通过：

    legal_basis: []                      # 设定依据 empty
    handling: commitment
    # no visits, fee, service_object, acceptance_conditions, result, materials

通过：

    legal_basis: 《某某条例》第十条
    visits: 1
    fee: {charged: false}
    service_object: [enterprise]
    acceptance_conditions: 已取得营业执照
    result: {type: certificate, name: 某某许可证}
    materials:
      - {id: application, name: 申请书, form: [original]}
"""

ID = "listing/required-fields"
LEVEL = "error"

# The listing's name of each field (实施清单 / 办事指南), for the messages.
CHINESE = {
    "code": "实施编码",
    "catalog_code": "基本编码",
    "name": "事项名称",
    "type": "事项类型",
    "authority": "实施主体",
    "authority.name": "实施主体名称",
    "authority.code": "实施主体编码",
    "authority.level": "行使层级",
    "legal_basis": "设定依据",
    "handling": "办件类型",
    "time_limit": "办结时限",
    "time_limit.statutory": "法定办结时限",
    "time_limit.promised": "承诺办结时限",
    "visits": "到办事现场次数",
    "cooperation": "联办方式",
    "lower_level_review": "下级初审",
    "fee": "是否收费",
    "fee.standard": "收费标准",
    "fee.basis": "收费依据",
    "service_object": "服务对象",
    "acceptance_conditions": "受理条件",
    "result": "审批结果",
    "result.type": "审批结果类型",
    "result.name": "审批结果名称",
    "location": "办理地点",
    "office_hours": "办理时间",
    "contacts": "咨询方式、监督投诉方式",
    "contacts.consultation": "咨询方式",
    "contacts.complaint": "监督投诉方式",
    "materials": "申请材料",
    "lanes": "办理部门及窗口",
    "steps": "办理流程",
    "sources": "信息来源",
}


@dataclass(frozen=True)
class Options:
    # Top-level keys or dotted paths (authority.code, time_limit.promised) that must be filled in.
    fields: tuple[str, ...] = ("legal_basis", "visits", "fee", "service_object", "acceptance_conditions",
                               "result", "materials")


def _known(path: str) -> bool:
    model: Any = Process
    for part in path.split("."):
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or part not in model.model_fields:
            return False
        annotation = model.model_fields[part].annotation
        if typing.get_origin(annotation) in (list, dict):
            model = None  # a list or mapping (materials, steps): its entries have their own rules
            continue
        args = [a for a in typing.get_args(annotation) if isinstance(a, type) and issubclass(a, BaseModel)]
        model = annotation if isinstance(annotation, type) else (args[0] if args else None)
    return True


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | dict):
        return not value or all(isinstance(v, str) and not v.strip() for v in value)
    return False


def check(ctx: Context, options: Options) -> Iterator[Finding]:
    process = ctx.process
    for path in options.fields:
        if not _known(path):
            yield ctx.finding(process, _("option 'fields' of {rule} names '{path}', which is not a field of a "
                                         "process; nothing is checked for it").format(rule=ID, path=path))
            continue
        parts = path.split(".")
        node: Any = process  # the deepest object on the path that is there
        rest = parts  # the path from it to the field
        value: Any = getattr(process, parts[0], None)
        while value is not None and len(rest) > 1:
            node, rest = value, rest[1:]
            value = getattr(node, rest[0], None)
        if not _empty(value):
            continue
        label = f"{CHINESE[path]} ('{path}')" if path in CHINESE else f"'{path}'"
        written = len(rest) == 1 and rest[0] in node.model_fields_set  # written, but empty or null
        if written and value is not None:
            message = _("{field} is empty: an implementation list (实施清单) must fill it in")
        else:
            message = _("{field} is missing: an implementation list (实施清单) must fill it in")
        yield ctx.finding(node, message.format(field=label), *rest)
