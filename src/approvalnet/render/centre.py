"""The overview of a centre: shared windows on the left, departments on the right.

Each window and department is one node with its staff; an arrow from a window to a department
carries the number of items accepted at that window and reviewed in that department, and their
applications per working day (前台综合受理 → 后台分类审批). Department lanes the centre does not
staff appear as dashed nodes (the finding of ``centre/department-not-in-centre``).
"""

from __future__ import annotations

from collections import Counter, defaultdict

import graphviz

from ..language.centre_loader import CentreModel
from .flow import DEFAULT_FONT
from .text import esc


def centre_graph(centre: CentreModel, font: str = DEFAULT_FONT) -> graphviz.Digraph:
    spec = centre.centre
    graph = graphviz.Digraph("centre", graph_attr={
        "rankdir": "LR", "fontname": font, "labelloc": "t", "nodesep": "0.25", "ranksep": "1.6",
        "label": f"<<b>{esc(centre.name)}</b><br/><font point-size='10'>{len(centre.items)} 个事项 items · "
                 f"{len(spec.windows)} 个窗口组 window pools · {len(spec.departments)} 个部门 departments</font>>"},
        node_attr={"fontname": font, "fontsize": "11", "shape": "box", "style": "rounded,filled"},
        edge_attr={"fontname": font, "fontsize": "9", "color": "#64748b"})
    items: Counter[str] = Counter()
    volume: defaultdict[str, float] = defaultdict(float)
    links: Counter[tuple[str, str]] = Counter()
    link_volume: defaultdict[tuple[str, str], float] = defaultdict(float)
    unmapped: Counter[str] = Counter()
    for entry in centre.items:
        windows = {p for lane, p in entry.lane_pool.items() if p in spec.windows}
        departments = {p for lane, p in entry.lane_pool.items() if p in spec.departments}
        for pool in windows | departments:
            items[pool] += 1
            volume[pool] += entry.spec.per_workday
        for w in sorted(windows):
            for d in sorted(departments):
                links[(w, d)] += 1
                link_volume[(w, d)] += entry.spec.per_workday
        for lane in entry.unmapped:
            unmapped[entry.process.lanes[lane].organ or entry.process.authority.name] += 1

    with graph.subgraph(name="cluster_front") as front:
        front.attr(label="前台综合受理 front windows", style="dashed", color="#94a3b8", fontname=font)
        for pool_id, window in spec.windows.items():
            front.node(f"w_{pool_id}", _label(window.name, window.staff, items[pool_id], volume[pool_id]),
                       fillcolor="#dbeafe", color="#1d4ed8", tooltip=pool_id)
    with graph.subgraph(name="cluster_back") as back:
        back.attr(label="后台分类审批 back-office departments", style="dashed", color="#94a3b8", fontname=font)
        for pool_id, department in spec.departments.items():
            back.node(f"d_{pool_id}", _label(department.name, department.staff, items[pool_id], volume[pool_id]),
                      fillcolor="#dcfce7" if items[pool_id] else "#f1f5f9", color="#15803d", tooltip=pool_id)
        for i, (organ, count) in enumerate(sorted(unmapped.items())):
            back.node(f"u_{i}", f"<{esc(organ)}<br/><font point-size='9'>不在中心 not in the centre · "
                      f"{count} 个事项</font>>", style="rounded,dashed", color="#b91c1c", fillcolor="white")
    for (w, d), count in sorted(links.items()):
        graph.edge(f"w_{w}", f"d_{d}", label=f"{count} 项 · {link_volume[(w, d)]:.1f}/日",
                   penwidth=f"{1 + min(4.0, link_volume[(w, d)] / 4):.2f}")
    return graph


def _label(name: str, staff: int, items: int, per_day: float) -> str:
    return (f"<<b>{esc(name)}</b><br/><font point-size='9'>{staff} 人 staff · {items} 个事项 items · "
            f"{per_day:.1f} 件/工作日</font>>")
