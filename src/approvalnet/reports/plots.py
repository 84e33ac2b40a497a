"""Plots for the HTML reports: matplotlib figures as PNG ``data:`` URLs.

matplotlib (a dependency of pm4py) is imported only when a plot is drawn, on its Agg canvas
without pyplot, so no global backend or figure state is touched. Chinese labels use "Noto Sans CJK
SC" when matplotlib finds it, another Chinese font otherwise, and with none the labels are drawn in
English only (no missing-glyph warnings).
"""

from __future__ import annotations

import base64
import io
import math
import warnings
from collections.abc import Sequence
from typing import Any

from ..i18n import N_, _, get_language

# Preferred first; any family whose name says CJK (Chinese first) after these.
CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Sans SC", "WenQuanYi Micro Hei",
             "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", "SimHei", "Noto Serif CJK SC")

def cjk_font() -> str | None:
    """A font family matplotlib knows that has Chinese glyphs, or None."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in names:
            return name
    cjk = sorted(n for n in names if "CJK" in n)
    return next((n for n in cjk if n.endswith(" SC")), cjk[0] if cjk else None)


class Plots:
    """Draws figures to PNG ``data:`` URLs with one font set-up; labels lose their Chinese without a CJK font."""

    def __init__(self) -> None:
        self.font = cjk_font()

    def label(self, message: str) -> str:
        """``message`` (marked with ``N_``) in the interface language; in English when the language is
        Chinese but no Chinese font was found, so that no label is drawn as empty boxes."""
        if get_language() == "zh" and not self.font:
            return message
        return _(message)

    def png(self, draw: Any, size: tuple[float, float] = (8.0, 3.6)) -> str:
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        families = [self.font, "DejaVu Sans"] if self.font else ["DejaVu Sans"]
        with matplotlib.rc_context({"font.family": families, "axes.unicode_minus": False}), \
                warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from")
            fig = Figure(figsize=size, dpi=110)
            FigureCanvasAgg(fig)
            ax = fig.add_subplot()
            draw(ax)
            fig.tight_layout()
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", metadata={"Software": None})
        return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def utilization_plot(plots: Plots, pools: Sequence[Any]) -> str | None:
    """The utilization of each staffed pool (a process's lane, a centre's window or department) as
    horizontal bars with their 95 % intervals; the red line is 100 %."""
    from ..sim.heat import heat_colour

    staffed = [p for p in pools if p.staff and not math.isnan(p.utilization.mean)]
    if not staffed:
        return None

    def draw(ax: Any) -> None:
        names = [p.name if plots.font else p.pool for p in staffed]
        values = [p.utilization.mean for p in staffed]
        errors = [p.utilization.ci or 0.0 for p in staffed]
        ax.barh(names[::-1], values[::-1], xerr=errors[::-1] if any(errors) else None, capsize=3,
                color=[heat_colour(v) for v in values[::-1]], edgecolor="#6b7280")
        ax.axvline(1.0, color="#c62828", linewidth=1.2)
        ax.set_xlim(0, max(1.1, max(values) + 0.05))
        ax.set_xlabel(plots.label(N_("utilization")))

    return plots.png(draw, (8.0, 0.8 + 0.35 * len(staffed)))


def queue_plot(plots: Plots, pools: Sequence[Any], most: int | None = None,
               periods: Sequence[tuple[float, float]] | None = None) -> str | None:
    """Mean queue of each staffed pool in each hour of the office day (the first ``most`` pools that
    have a queue at all): where the peak hour is. With the office ``periods`` the hours are marked
    by their clock times (``10:00``), else counted from 1."""
    shown = [p for p in pools if p.staff and p.queue_by_hour and max(p.queue_by_hour) > 0][:most]
    if not shown:
        return None

    def draw(ax: Any) -> None:
        for p in shown:
            ax.plot(range(1, len(p.queue_by_hour) + 1), p.queue_by_hour, marker="o",
                    label=p.name if plots.font else p.pool)
        if periods:
            from .simulation import clock_hour

            hours = range(1, max(len(p.queue_by_hour) for p in shown) + 1)
            ax.set_xticks(list(hours), [clock_hour(periods, h).split("–")[0] for h in hours])
            ax.set_xlabel(plots.label(N_("hour of the office day (its start)")))
        else:
            ax.set_xlabel(plots.label(N_("hour of the office day")))
        ax.set_ylabel(plots.label(N_("cases waiting (mean)")))
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=8)

    return plots.png(draw, (8.0, 3.2))


def wip_plot(plots: Plots, series: Sequence[tuple[float, int]]) -> str:
    def draw(ax: Any) -> None:
        ax.step([d for d, _ in series], [n for _, n in series], where="post", color="#1e88e5")
        ax.set_xlabel(plots.label(N_("working day of the run")))
        ax.set_ylabel(plots.label(N_("cases in progress")))
        ax.set_ylim(bottom=0)

    return plots.png(draw, (8.0, 3.0))


def backlog_plot(plots: Plots, backlog: Any, most: int = 6) -> str | None:
    """The work in progress at the end of each week (with its 95 % interval when there are
    replications) and the queues of the pools that cannot keep up (the ``most`` longest at the end):
    how the backlog of an overloaded run grows."""
    weeks = backlog.weeks
    if not weeks:
        return None
    order = {pool: p for p, pool in enumerate(backlog.queue_pools)}
    shown = sorted((p for p in backlog.pools if p.overloaded), key=lambda p: -p.queue_at_end.mean)[:most]

    def draw(ax: Any) -> None:
        xs = [w.workday for w in weeks]
        wip = [w.in_progress.mean for w in weeks]
        ax.plot(xs, wip, marker="o", color="#1e88e5", linewidth=2, label=plots.label(N_("cases in progress")))
        if any(w.in_progress.ci for w in weeks):
            ax.fill_between(xs, [w.in_progress.mean - (w.in_progress.ci or 0) for w in weeks],
                            [w.in_progress.mean + (w.in_progress.ci or 0) for w in weeks], color="#1e88e5", alpha=0.15)
        for p in shown:
            ax.plot(xs, [w.queues[order[p.pool]].mean for w in weeks], linewidth=1.2, linestyle="--",
                    label=p.name if plots.font else p.pool)
        ax.set_xlabel(plots.label(N_("working day of the run (the end of each week)")))
        ax.set_ylabel(plots.label(N_("cases")))
        ax.set_ylim(bottom=0)
        ax.legend(fontsize=8)

    return plots.png(draw, (8.0, 3.6))
