"""Charts for the weekly summary: PNG bytes from matplotlib's Agg backend, no display needed.

Only the object-oriented API is used (a ``Figure`` drawn by ``FigureCanvasAgg``, the Agg
backend; never ``pyplot``): pyplot keeps global state and is not safe in a worker thread,
and the scheduler draws charts in a thread so the event loop keeps sending meanwhile.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from coach.rules import RULES
from services.weekly import WeekPoint

PLANNED = "#9db4c0"
DONE = "#2a9d8f"
LOAD = "#e76f51"
RATIO = "#264653"
#: The acute:chronic band the coach aims for and its alarm (COACHING.md §7: from 0.8 to under
#: 1.3, the brake above 1.5), as the coach reads them.
RATIO_LOW, RATIO_HIGH, RATIO_ALARM = RULES.acwr_low, RULES.acwr_target, RULES.acwr_high


def weekly_chart(points: Sequence[WeekPoint], *, dpi: int = 100) -> bytes:
    """Three panels over the last weeks: planned vs done minutes, weekly load, and the
    acute:chronic ratio at each week's end with the 0.8-1.3 band. Returns PNG bytes."""
    figure = Figure(figsize=(6.4, 6.0), dpi=dpi, layout="constrained")
    FigureCanvasAgg(figure)
    volume, load, ratio = figure.subplots(3, 1, sharex=True, height_ratios=(3, 2, 2))
    xs = list(range(len(points)))
    labels = [p.start.strftime("%d %b") for p in points]
    width = 0.38

    volume.bar([x - width / 2 for x in xs], [p.planned_min for p in points], width, color=PLANNED)
    volume.bar([x + width / 2 for x in xs], [p.done_min for p in points], width, color=DONE)
    volume.set_ylabel("minutes")
    volume.legend(["planned", "done"], loc="upper left", fontsize="small", frameon=False)
    volume.set_title("Your last weeks", loc="left", fontsize="medium")

    load.bar(xs, [p.load for p in points], 0.6, color=LOAD)
    load.set_ylabel("load (RPE x min)")

    ratio.axhspan(RATIO_LOW, RATIO_HIGH, color=DONE, alpha=0.12, linewidth=0)
    ratio.axhline(RATIO_ALARM, color=LOAD, linewidth=0.8, linestyle="--")
    known = [(x, p.ratio) for x, p in zip(xs, points, strict=True) if p.ratio is not None]
    if known:
        ratio.plot([x for x, _ in known], [r for _, r in known], marker="o", color=RATIO)
    else:
        ratio.text(
            0.5,
            0.5,
            "ratio after 2 weeks of logs",
            ha="center",
            va="center",
            transform=ratio.transAxes,
            fontsize="small",
            color="grey",
        )
    top = max([RATIO_ALARM + 0.2, *(r + 0.1 for _, r in known)])
    ratio.set_ylim(0, top)
    ratio.set_ylabel("acute:chronic")
    ratio.set_xticks(xs, labels, fontsize="small")

    for axes in (volume, load, ratio):
        axes.spines[["top", "right"]].set_visible(False)
        axes.grid(axis="y", alpha=0.3)

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
