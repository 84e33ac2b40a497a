"""The soundness verdict is known: the search was not cut short by the state limit.

Whether a process is sound is decided on its Petri net, first by structure and reductions, then,
if those do not settle it, by searching the states the net can reach. With many parallel branches
that are not joined in blocks the number of states can grow beyond the limit of the search (one
million by default). The search then stops, and what it did not see it cannot vouch for: unknown is
never a pass. If problems were found before the stop, they are real and reported by the other
soundness rules, but there may be more (dead steps and livelocks are not checked). This rule makes
that gap visible instead of letting a silent check read as a clean one (cf. Woflan, which reports
when its coverability analysis could not complete).

Fails: a net whose state space exceeds the limit, for example dozens of parallel branches each
with loops of their own that rejoin in no orderly way.

Passes: every process whose soundness could be decided (block-structured processes always are,
however many branches run in parallel: the reductions decide them without a search).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context, Finding
from ._common import findings_of_kind

DOC_ZH = """合理性的结论是确定的：搜索没有因状态数上限而中止。

流程是否合理在其 Petri 网上判定：先看结构并做化简，若仍不能确定，再搜索网能到达的状态。并行分支很多且没有按块汇合时，
状态数可能超过搜索上限（默认一百万）。此时搜索停止，没有搜索到的部分无法担保：未知绝不等于通过。停止前查出的问题是真
实的，由其他合理性规则报告，但可能还有更多问题（不再检查死环节和活锁）。本规则把这一缺口明示出来，而不让中途停止的检查
看起来像是没有问题（参见 Woflan：其可覆盖性分析中途停止时会报告）。

不通过：状态空间超过上限的网，例如几十个各带循环、又无序汇合的并行分支。

通过：所有能判定合理性的流程（块结构的流程总能判定，无论有多少分支并行：化简即可判定，无需搜索）。
"""

ID = "soundness/decided"
LEVEL = "warning"


def check(ctx: Context, options: None) -> Iterator[Finding]:
    yield from findings_of_kind(ctx, "state-limit")
