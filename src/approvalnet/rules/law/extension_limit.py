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
            how = f"{process.cooperation} handling" if joint else "one organ"
            yield ctx.finding(extension, f"the extension of {extension.length} exceeds the {limit:g} working days "
                              f"Art. 42 allows for {how}; a longer extension needs its own legal basis (time_limit."
                              "basis and extension.basis)", "length")
    if joint and not own_basis:
        words, who = options.government_head, "the head of the same-level government (本级人民政府负责人)"
    else:
        words, who = options.organ_head, "the organ's head (本行政机关负责人)"
    if not any(word in extension.approver for word in words):
        how = f"{process.cooperation} handling" if joint else "handling by one organ"
        yield ctx.finding(extension, f"the extension is approved by '{extension.approver}', but Art. 42 requires "
                          f"{who} for {how}; accepted approver words: {', '.join(words)}", "approver")
