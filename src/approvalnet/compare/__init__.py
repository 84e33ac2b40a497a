"""Before and after a reform: ``approvalnet compare OLD NEW``.

The four reductions reform programmes report (减环节 steps, 减材料 materials, 减时限 time limits,
减跑动 on-site visits), the modelled worst case and the simulated cycle times and on-time rates of
two versions of a process, side by side with the change. See docs/compare.md.
"""

from __future__ import annotations

from .measures import Measures, aggregate, process_measures
from .process import build_comparison, compare_processes
from .result import Comparison, Row
from .simulated import SimFigures

__all__ = ["Comparison", "Measures", "Row", "SimFigures", "aggregate", "build_comparison", "compare_processes",
           "process_measures"]
