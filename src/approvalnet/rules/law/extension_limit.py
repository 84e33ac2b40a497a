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
