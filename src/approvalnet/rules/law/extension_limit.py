"""A declared extension of the time limit is no longer than the law allows and approved by the right head (Art. 42).

《行政许可法》第四十二条: "二十日内不能作出决定的，经本行政机关负责人批准，可以延长十日，并应当将延长期限
的理由告知申请人。但是，法律、法规另有规定的，依照其规定。" and, for unified, joint or centralized
handling (Art. 26), "四十五日内不能办结的，经本级人民政府负责人批准，可以延长十五日". Days are working
days (Art. 82).

For ``time_limit.extension`` the rule checks:

- its ``length``: at most ``single`` working days (10), or ``joint`` (15) when ``cooperation`` is
  ``unified``, ``joint`` or ``centralized``. A law or regulation may provide otherwise: when both the
  statutory limit and the extension cite their own basis (``time_limit.basis`` and
  ``extension.basis``), the length is theirs and not checked;
- its ``approver``: the organ's head (本机关负责人) — it must contain one of ``organ_head`` — or, for
  unified, joint or centralized handling under Art. 42 (no basis of its own), the head of the
  government at the same level (本级人民政府负责人) — one of ``government_head``.

Whether the extension is told to the applicant is ``law/extension-notice``.

Fails:

    cooperation: single
    time_limit:
      statutory: 20
      extension: {length: 15 workdays, approver: 审批科科长}

Passes:

    time_limit:
      statutory: 20
      extension: {length: 10 workdays, approver: 本行政机关负责人}
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ...i18n import _
from ...language import law
from ...language.law import JOINT_HANDLING
from ...net.timing import quantity_days
from ..context import Context, Finding

DOC_ZH = """声明的延长时限不超过法律允许的长度，并由相应的负责人批准（第四十二条）。

原文（《中华人民共和国行政许可法》第四十二条；来源：国家法律法规数据库 https://flk.npc.gov.cn（2003 年通过，2019 年
修正））：

> 除可以当场作出行政许可决定的外，行政机关应当自受理行政许可申请之日起二十日内作出行政许可决定。二十日内不能作出决定
的，经本行政机关负责人批准，可以延长十日，并应当将延长期限的理由告知申请人。但是，法律、法规另有规定的，依照其规定。
> 依照本法第二十六条的规定，行政许可采取统一办理或者联合办理、集中办理的，办理的时间不得超过四十五日；四十五日内不能
办结的，经本级人民政府负责人批准，可以延长十五日，并应当将延长期限的理由告知申请人。

期限以工作日计算（第八十二条）。对 ``time_limit.extension``，本规则检查：

- 延长的 ``length``：最多 ``single`` 个工作日（10），``cooperation`` 为 ``unified``、``joint`` 或 ``centralized`` 时
最多 ``joint`` 个工作日（15）。法律、法规可以另行规定：法定时限和延长时限都写明各自依据（``time_limit.basis`` 和
``extension.basis``）时，长度以其为准，不作检查；
- 批准人 ``approver``：本行政机关负责人——须包含 ``organ_head`` 中的一个词；或者，依第四十二条统一办理、联合办理、集
中办理（没有自身依据）时，本级人民政府负责人——须包含 ``government_head`` 中的一个词。

是否将延长告知申请人，由 ``law/extension-notice`` 检查。

不通过：

    cooperation: single
    time_limit:
      statutory: 20
      extension: {length: 15 workdays, approver: 审批科科长}

通过：

    time_limit:
      statutory: 20
      extension: {length: 10 workdays, approver: 本行政机关负责人}
"""

ID = "law/extension-limit"
LEVEL = "error"
APPLIES_TO = (law.LICENSING,)  # the Administrative Licensing Law


@dataclass(frozen=True)
class Options:
    single: float = law.DECISION_EXTENSION_WORKDAYS  # working days, Art. 42 para. 1
    joint: float = law.JOINT_EXTENSION_WORKDAYS  # unified, joint or centralized handling, Art. 42 para. 2
    organ_head: tuple[str, ...] = ("负责人",)  # words of an approver who is the organ's head
    government_head: tuple[str, ...] = ("人民政府负责人", "政府负责人")  # ... the same-level government's head


def check(ctx: Context, options: Options) -> Iterator[Finding]:
    process = ctx.process
    limits = process.time_limit
    extension = limits.extension
    if extension is None:
        return
    own_basis = bool(limits.basis) and bool(extension.basis)
    joint = process.cooperation in JOINT_HANDLING
    if not own_basis:
        limit = options.joint if joint else options.single
        days = quantity_days(extension.length)
        if days > limit + 1e-9:
            if joint:
                message = _("the extension of {length} exceeds the {limit} working days Art. 42 allows for "
                            "{cooperation} handling; a longer extension needs its own legal basis (time_limit.basis "
                            "and extension.basis)")
            else:
                message = _("the extension of {length} exceeds the {limit} working days Art. 42 allows for one "
                            "organ; a longer extension needs its own legal basis (time_limit.basis and "
                            "extension.basis)")
            yield ctx.finding(extension, message.format(length=extension.length, limit=f"{limit:g}",
                                                        cooperation=process.cooperation), "length")
    government = joint and not own_basis
    words = options.government_head if government else options.organ_head
    if not any(word in extension.approver for word in words):
        if government:
            message = _("the extension is approved by '{approver}', but Art. 42 requires the head of the same-level "
                        "government (本级人民政府负责人) for {cooperation} handling; accepted approver words: "
                        "{words}")
        elif joint:
            message = _("the extension is approved by '{approver}', but Art. 42 requires the organ's head "
                        "(本行政机关负责人) for {cooperation} handling; accepted approver words: {words}")
        else:
            message = _("the extension is approved by '{approver}', but Art. 42 requires the organ's head "
                        "(本行政机关负责人) for handling by one organ; accepted approver words: {words}")
        yield ctx.finding(extension, message.format(approver=extension.approver, cooperation=process.cooperation,
                                                    words=", ".join(words)), "approver")
