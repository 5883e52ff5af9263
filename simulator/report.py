"""The simulation report: Markdown with PNG charts, plus the data behind it.

Files written into the output directory:

* ``report.md``: summary, the rules checked, the charts, a table per week and a table of
  every adjustment with its reason;
* ``weekly-volume.png``, ``surfaces.png``, ``load.png``, ``readiness.png``;
* ``simulation.json`` (every day: planned, asked, logged, check-in, readiness, load) and
  ``days.csv`` (one row a day) for anyone who wants to look further;
* ``messages.md``: every push the bot sent, as text.

Charts use matplotlib's object-oriented API on the Agg backend (no display, no pyplot
state), like :mod:`bot.charts`.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from pydantic import BaseModel

from coach.rules import RULES
from simulator.analysis import SURFACES, Check, Totals, WeekFigures, checks, totals, weeks
from simulator.runner import SimDay, Simulation

REPORT = "report.md"
CHARTS = {
    "volume": "weekly-volume.png",
    "surfaces": "surfaces.png",
    "load": "load.png",
    "readiness": "readiness.png",
}
DATA_JSON = "simulation.json"
DAYS_CSV = "days.csv"
MESSAGES = "messages.md"

PLANNED = "#c9d6df"
ASKED = "#7fa7bf"
DONE = "#2a9d8f"
LOAD = "#e76f51"
ACUTE = "#264653"
CHRONIC = "#8a8a8a"
LONG_PLANNED = "#264653"
LONG_DONE = "#e76f51"
LONG_NEED = "#9b2226"
SURFACE_COLOURS = {"trail": "#6a994e", "road": "#8d99ae", "track": "#e76f51"}
READINESS_COLOURS = {"green": "#52b788", "amber": "#f4a261", "red": "#e63946", "none": "#e4e4e4"}
PHASE_COLOURS = {
    "base": "#eef6f3",
    "build": "#fdf5e6",
    "competition": "#fde8e4",
    "taper": "#ebedf7",
    "recovery": "#f2f2f2",
}
PAUSED = "#bbbbbb"
NIGGLE = "#f6c5c0"
#: The acute:chronic band the coach aims for, and its alarm line (COACHING.md §7).
RATIO_LOW, RATIO_HIGH, RATIO_ALARM = RULES.acwr_low, RULES.acwr_target, RULES.acwr_high
DPI = 100


# --------------------------------------------------------------------------------------------
# Charts


def _figure(width: float, height: float, **margins: float) -> Figure:
    """A figure with fixed margins (fractions, as ``subplots_adjust`` takes them).

    Fixed margins rather than constrained layout: the charts have known shapes, and the
    layout engine would double the time a report takes to draw.
    """
    figure = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(figure)
    figure.subplots_adjust(**margins)
    return figure


def _tidy(axes: Axes) -> None:
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", alpha=0.3)
    axes.set_axisbelow(True)


def _phase_spans(figures: Sequence[WeekFigures]) -> list[tuple[str, int, int]]:
    """Runs of weeks in the same phase: (phase, first index, last index)."""
    spans: list[tuple[str, int, int]] = []
    for index, week in enumerate(figures):
        phase = week.phase or "paused"
        if spans and spans[-1][0] == phase:
            spans[-1] = (phase, spans[-1][1], index)
        else:
            spans.append((phase, index, index))
    return spans


def _shade_phases(axes: Axes, figures: Sequence[WeekFigures], *, label: bool = True) -> None:
    for phase, first, last in _phase_spans(figures):
        axes.axvspan(
            first - 0.5, last + 0.5, color=PHASE_COLOURS.get(phase, "#ffffff"), zorder=0, lw=0
        )
        if label:
            axes.text(
                (first + last) / 2,
                1.0,
                phase,
                transform=axes.get_xaxis_transform(),
                ha="center",
                va="bottom",
                fontsize="small",
                color="#555555",
            )


def _week_labels(figures: Sequence[WeekFigures]) -> list[str]:
    return [f"W{w.week}\n{w.start:%d %b}" for w in figures]


def _gaps(values: Sequence[float]) -> list[float]:
    """A week without a long run (race week, a holiday) as a gap in the line, not a dive to
    zero that would read as a collapse of the long run; the bars already show the week."""
    return [value if value > 0 else float("nan") for value in values]


def volume_series(sim: Simulation, figures: Sequence[WeekFigures]) -> dict[str, Any]:
    """The weekly-volume chart's data, a list a series (one value a week), as drawn and as
    ``simulation.json`` keeps it under ``charts.volume``: the weekly minutes planned, asked
    and done, and (COACHING.md §3b) the planned long run and the longest run done, with the
    race's need of the long run (null when the plan gave none)."""
    return {
        "weeks": [w.week for w in figures],
        "planned_min": [w.planned_min for w in figures],
        "asked_min": [w.asked_min for w in figures],
        "done_min": [w.done_min for w in figures],
        "planned_long_min": [w.planned_long_min for w in figures],
        "done_longest_min": [w.done_longest_min for w in figures],
        "race_need_long_run_min": sim.race_need_long_run_min,
    }


def volume_chart(sim: Simulation, figures: Sequence[WeekFigures], path: Path) -> None:
    """Weekly minutes: planned, asked after the adjustments, and done, over the phases; and
    the long run climbing toward the race's need (§3b), on the same minutes axis so the two
    read against each other (the long run's share of the week is visible at a glance)."""
    data = volume_series(sim, figures)
    figure = _figure(8.0, 4.4, left=0.08, right=0.99, bottom=0.13, top=0.80)
    axes = figure.subplots()
    xs = list(range(len(figures)))
    width = 0.27
    _shade_phases(axes, figures)
    bars = [
        axes.bar([x - width for x in xs], data["planned_min"], width, color=PLANNED),
        axes.bar(xs, data["asked_min"], width, color=ASKED),
        axes.bar([x + width for x in xs], data["done_min"], width, color=DONE),
    ]
    handles: list[Any] = list(bars)
    labels = ["planned", "asked (after adjustments)", "done"]
    need = data["race_need_long_run_min"]
    if need:
        handles.append(axes.axhline(need, color=LONG_NEED, lw=1.2, ls="--", zorder=3))
        labels.append(f"race needs a {need:.0f} min long run")
    (planned_long,) = axes.plot(
        xs, _gaps(data["planned_long_min"]), color=LONG_PLANNED, lw=1.6, ls="--", marker="o",
        markersize=4, markerfacecolor="white", zorder=4,
    )  # fmt: skip
    (done_long,) = axes.plot(
        xs, _gaps(data["done_longest_min"]), color=LONG_DONE, lw=1.8, marker="o", markersize=4,
        zorder=5,
    )  # fmt: skip
    handles += [planned_long, done_long]
    labels += ["long run planned", "longest run done"]
    top = max([1.0, *data["planned_min"], *data["asked_min"], *data["done_min"], need or 0.0])
    for x, week in zip(xs, figures, strict=True):
        notes = []
        if week.paused_days:
            notes.append("holiday")
        if any(d.niggle for d in sim.days[(week.week - 1) * 7 : week.week * 7]):
            notes.append("niggle")
        if any(d.ill for d in sim.days[(week.week - 1) * 7 : week.week * 7]):
            notes.append("ill")
        if notes:
            axes.text(x, top * 1.02, "\n".join(notes), ha="center", va="bottom", fontsize="x-small")
    axes.set_ylim(0, top * 1.18)
    axes.set_xticks(xs, _week_labels(figures), fontsize="x-small")
    axes.set_ylabel("running minutes")
    # Above the plot, under the title: inside it, the legend would sit on the bars.
    axes.legend(
        handles,
        labels,
        loc="lower left",
        bbox_to_anchor=(0.0, 1.06),
        fontsize="small",
        frameon=False,
        ncols=3,
        borderaxespad=0.0,
    )
    axes.set_title(
        f"Weekly volume and the long run: {sim.scenario.name} athlete, {sim.profile.goal.value}",
        loc="left",
        fontsize="medium",
        pad=44,
    )
    _tidy(axes)
    figure.savefig(path, format="png")


def surfaces_chart(sim: Simulation, figures: Sequence[WeekFigures], path: Path) -> None:
    """Road, trail and track shares of the minutes run, against each phase's trail target."""
    figure = _figure(8.0, 4.4, left=0.08, right=0.99, bottom=0.22, top=0.87)
    axes = figure.subplots()
    xs = list(range(len(figures)))
    _shade_phases(axes, figures)
    bottoms = [0.0] * len(figures)
    for surface in SURFACES:
        shares = [(w.share(surface) or 0.0) * 100 for w in figures]
        axes.bar(
            xs, shares, 0.6, bottom=bottoms, color=SURFACE_COLOURS[surface], label=f"{surface} done"
        )
        bottoms = [b + s for b, s in zip(bottoms, shares, strict=True)]
    for x, week in zip(xs, figures, strict=True):
        if week.trail_band is not None:
            low, high = week.trail_band
            axes.plot([x + 0.36, x + 0.36], [low * 100, high * 100], color="black", lw=1.2)
    target = [(x, w.trail_target * 100) for x, w in zip(xs, figures, strict=True) if w.trail_target]
    if target:
        axes.plot(
            [x for x, _ in target],
            [t for _, t in target],
            linestyle="none",
            marker="_",
            markersize=22,
            markeredgewidth=2.2,
            color="black",
            label="trail target (band: |)",
        )
    planned = [
        (x, share * 100)
        for x, w in zip(xs, figures, strict=True)
        if (share := w.planned_share("trail")) is not None
    ]
    if planned:
        axes.plot(
            [x for x, _ in planned],
            [p for _, p in planned],
            linestyle="none",
            marker="o",
            markerfacecolor="white",
            markeredgecolor="black",
            markersize=5,
            label="trail planned",
        )
    axes.set_ylim(0, 108)
    axes.set_yticks(range(0, 101, 20))
    axes.set_ylabel("% of running time")
    axes.set_xticks(xs, _week_labels(figures), fontsize="x-small")
    axes.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.16),
        fontsize="x-small",
        frameon=False,
        ncols=5,
    )
    axes.set_title("Road, trail and track, by time", loc="left", fontsize="medium", pad=16)
    _tidy(axes)
    figure.savefig(path, format="png")


def _spans(days: Sequence[SimDay], flag: str) -> list[tuple[int, int]]:
    """Runs of consecutive days where ``flag`` is set, as (first, last) day indices."""
    spans: list[tuple[int, int]] = []
    for index, day in enumerate(days):
        if not getattr(day, flag):
            continue
        if spans and spans[-1][1] == index - 1:
            spans[-1] = (spans[-1][0], index)
        else:
            spans.append((index, index))
    return spans


def _shade_days(axes: Axes, days: Sequence[SimDay]) -> None:
    for first, last in _spans(days, "paused"):
        axes.axvspan(first - 0.5, last + 0.5, color=PAUSED, alpha=0.35, lw=0, zorder=0)
    for first, last in _spans(days, "niggle"):
        axes.axvspan(first - 0.5, last + 0.5, color=NIGGLE, alpha=0.6, lw=0, zorder=0)


def load_chart(sim: Simulation, path: Path) -> None:
    """Daily load (RPE x minutes) with its 7- and 28-day averages, and the acute:chronic
    ratio with the band the coach aims for."""
    days = sim.days
    figure = _figure(8.0, 5.0, left=0.1, right=0.95, bottom=0.07, top=0.93, hspace=0.08)
    top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    xs = list(range(len(days)))  # day indices: typed, and no date converters needed
    for axes in (top, bottom):
        _shade_days(axes, days)
    top.bar(xs, [d.load for d in days], 0.8, color=LOAD, alpha=0.55, label="daily load")
    top.plot(xs, [d.acute for d in days], color=ACUTE, lw=1.8, label="acute (7-day)")
    top.plot(
        xs, [d.chronic for d in days], color=CHRONIC, lw=1.8, ls="--", label="chronic (28-day)"
    )
    top.set_ylabel("load (RPE x min)")
    # A race day (a marathon is 3-4 h at RPE 8-9) would flatten every other day: clip it.
    loads = sorted(d.load for d in days)
    usual = loads[int(0.97 * (len(loads) - 1))] if loads else 0.0
    ceiling = max(1.0, usual * 1.35, *(d.acute for d in days), *(d.chronic for d in days))
    for x, day in zip(xs, days, strict=True):
        if day.load > ceiling:
            top.text(
                x,
                ceiling * 0.98,
                f"{day.load:,.0f}",
                ha="center",
                va="top",
                fontsize="x-small",
                rotation=90,
            )
    top.set_ylim(0, ceiling * 1.05)
    handles, labels = top.get_legend_handles_labels()
    extra = []
    if any(d.paused for d in days):
        extra.append(Patch(color=PAUSED, alpha=0.35, label="paused"))
    if any(d.niggle for d in days):
        extra.append(Patch(color=NIGGLE, alpha=0.6, label="niggle"))
    top.legend(
        [*handles, *extra],
        [*labels, *(p.get_label() for p in extra)],
        loc="upper left",
        fontsize="x-small",
        frameon=False,
        ncols=3,
    )
    top.set_title("Load and the acute:chronic ratio", loc="left", fontsize="medium")

    bottom.axhspan(RATIO_LOW, RATIO_HIGH, color=DONE, alpha=0.15, lw=0)
    bottom.axhline(RATIO_ALARM, color=LOAD, lw=0.9, ls="--")
    known = [(x, d.ratio) for x, d in zip(xs, days, strict=True) if d.ratio is not None]
    if known:
        bottom.plot([x for x, _ in known], [r for _, r in known], color=ACUTE, lw=1.5)
    peak = max([RATIO_ALARM + 0.2, *(r + 0.1 for _, r in known)])
    bottom.set_ylim(0, peak)
    bottom.set_ylabel("acute:chronic")
    bottom.text(
        1.0,
        RATIO_ALARM,
        " 1.5",
        transform=bottom.get_yaxis_transform(),
        va="center",
        fontsize="x-small",
        color=LOAD,
    )
    for axes in (top, bottom):
        _tidy(axes)
    mondays = [x for x, d in zip(xs, days, strict=True) if d.date.weekday() == 0]
    step = max(1, len(mondays) // 12)
    ticks = mondays[::step]
    bottom.set_xticks(ticks, [f"{days[x].date:%d %b}" for x in ticks], fontsize="x-small")
    bottom.set_xlim(-0.5, len(days) - 0.5)
    figure.savefig(path, format="png")


def readiness_chart(sim: Simulation, path: Path) -> None:
    """A calendar: one row a week, one cell a day, coloured by the day's readiness.

    H marks a hard session asked, x a missed one, ! a day of pain; grey is a day without a
    check-in, white a paused day.
    """
    days = sim.days
    rows = sim.weeks
    height = 1.3 + 0.34 * rows
    figure = _figure(6.2, height, left=0.15, right=0.99, bottom=0.45 / height, top=1 - 0.8 / height)
    axes = figure.subplots()
    for day in days:
        row = (day.date - sim.start).days // 7
        col = day.date.weekday()
        y = rows - 1 - row
        if day.paused:
            axes.add_patch(
                Rectangle((col, y), 0.94, 0.88, facecolor="white", edgecolor=PAUSED, hatch="///")
            )
            continue
        level = day.readiness if day.checkin is not None and day.readiness else "none"
        axes.add_patch(
            Rectangle((col, y), 0.94, 0.88, facecolor=READINESS_COLOURS[level], edgecolor="none")
        )
        marks = []
        if day.asked_hard:
            marks.append("H")
        if day.skipped_ahead or any(log.status == "skipped" for log in day.logs):
            marks.append("x")
        if day.niggle:
            marks.append("!")
        if marks:
            axes.text(col + 0.47, y + 0.44, "".join(marks), ha="center", va="center", fontsize=7)
    axes.set_xlim(0, 7)
    axes.set_ylim(0, rows)
    axes.xaxis.tick_top()
    axes.set_xticks([c + 0.47 for c in range(7)], ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
    axes.set_yticks(
        [rows - 1 - r + 0.44 for r in range(rows)],
        [f"W{r + 1} {sim.start + timedelta(weeks=r):%d %b}" for r in range(rows)],
        fontsize="x-small",
    )
    axes.tick_params(length=0)
    for side in ("top", "right", "left", "bottom"):
        axes.spines[side].set_visible(False)
    legend = [
        Patch(color=READINESS_COLOURS["green"], label="green"),
        Patch(color=READINESS_COLOURS["amber"], label="amber"),
        Patch(color=READINESS_COLOURS["red"], label="red"),
        Patch(color=READINESS_COLOURS["none"], label="no check-in"),
        Patch(facecolor="white", edgecolor=PAUSED, hatch="///", label="paused"),
    ]
    axes.legend(
        handles=legend,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.01),
        ncols=5,
        fontsize="x-small",
        frameon=False,
    )
    axes.set_title(
        "Readiness by day  (H hard session asked, x missed, ! pain)",
        loc="left",
        fontsize="medium",
        pad=22,
    )
    figure.savefig(path, format="png")


# --------------------------------------------------------------------------------------------
# Data files


def _jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def to_json(sim: Simulation, figures: Sequence[WeekFigures], results: Sequence[Check]) -> str:
    """Everything the report shows, as one JSON document."""
    document = {
        "format": "stride-simulation/1",
        "athlete": sim.profile.model_dump(mode="json"),
        "athlete_file": sim.athlete_source,
        "scenario": sim.scenario.model_dump(mode="json", by_alias=True),
        "scenario_file": sim.scenario_source,
        "seed": sim.seed,
        "start": sim.start.isoformat(),
        "weeks": sim.weeks,
        "seconds": round(sim.seconds, 2),
        "totals": _jsonable(totals(sim, figures)),
        "checks": _jsonable(list(results)),
        "week_figures": _jsonable(list(figures)),
        "race_need_long_run_min": sim.race_need_long_run_min,
        "plan_warnings": list(sim.plan_warnings),
        "charts": {"volume": volume_series(sim, figures)},
        "days": [
            {
                **_jsonable(day),
                "planned_min": day.planned_min,
                "asked_min": day.asked_min,
                "done_min": day.done_min,
                "load": day.load,
                "asked_hard": day.asked_hard,
            }
            for day in sim.days
        ],
        "adjustments": _jsonable(list(sim.adjustments)),
        "recalibrations": [
            {
                "date": r.on.isoformat(),
                "old_vdot": round(r.before.vdot, 1),
                "new_vdot": round(r.after.vdot, 1),
                "direction": r.direction,
                "reason": r.reason,
                "evidence": [
                    {"date": d.isoformat(), "rpe": rpe, "target_rpe": target}
                    for d, rpe, target in r.evidence
                ],
            }
            for r in sim.recalibrations
        ],
        # §7b: every race-readiness review (green ones too), its options and the choice.
        "race_reviews": _jsonable(list(sim.race_reviews)),
        # §7b: each illness period, with the return planned after it.
        "illnesses": _jsonable(list(sim.illnesses)),
        "deliveries": sim.deliveries,
    }
    return json.dumps(document, indent=1, ensure_ascii=False)


DAY_COLUMNS = (
    "date", "week", "phase", "paused", "readiness", "sleep_hours", "sleep_quality", "soreness",
    "niggle", "ill", "planned_min", "asked_min", "done_min", "asked_hard", "load", "acute",
    "chronic", "ratio", "adjustments", "pushes",
)  # fmt: skip


def _day_row(day: SimDay) -> list[Any]:
    c = day.checkin
    return [
        day.date.isoformat(),
        day.week,
        day.phase or "",
        int(day.paused),
        day.readiness or "",
        c.sleep_hours if c else "",
        c.sleep_quality if c else "",
        c.soreness if c else "",
        day.niggle or "",
        day.ill or "",
        round(day.planned_min),
        round(day.asked_min),
        round(day.done_min),
        int(day.asked_hard),
        round(day.load),
        round(day.acute, 1),
        round(day.chronic, 1),
        "" if day.ratio is None else round(day.ratio, 3),
        len(day.adjustments),
        " ".join(day.pushes),
    ]


def write_days_csv(sim: Simulation, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(DAY_COLUMNS)
        writer.writerows(_day_row(day) for day in sim.days)


def write_messages(sim: Simulation, path: Path) -> None:
    lines = [f"# Every push of the simulation ({len(sim.messages)} messages)", ""]
    for message in sim.messages:
        lines.append(f"## {message.at:%a %d %b %Y %H:%M} · {message.push}")
        lines.append("")
        lines.extend(f"    {line}" for line in message.text.splitlines())
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


# --------------------------------------------------------------------------------------------
# Markdown


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out


def _pct(part: float, whole: float) -> str:
    return f"{part / whole:.0%}" if whole else "-"


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _counts(counts: dict[str, int], order: Sequence[str] = ()) -> str:
    keys = [k for k in order if k in counts] + sorted(k for k in counts if k not in order)
    return ", ".join(f"{counts[k]} {k}" for k in keys) or "none"


def _athlete_line(sim: Simulation) -> str:
    p = sim.profile
    days = ", ".join(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[d] for d in p.run_days)
    race = f", race on {p.race_date:%a %d %b %Y}" if p.race_date else ""
    return (
        f"{p.goal.value}{race}; runs on {days}; {p.weekly_km:g} km a week, longest run "
        f"{p.longest_run_km:g} km; track {'yes' if p.track_access else 'no'}, trails "
        f"{'yes' if p.trail_access else 'no'}; {p.timezone}."
    )


def _long_runs(sim: Simulation, t: Totals) -> str:
    need = "-" if sim.race_need_long_run_min is None else f"{sim.race_need_long_run_min:.0f}"
    return f"{t.peak_planned_long_min:.0f} / {t.longest_done_min:.0f} / {need} min"


def _summary(sim: Simulation, t: Totals) -> list[str]:
    peak = f", peak {t.ratio_peak[0]:.2f} on {t.ratio_peak[1]:%d %b}" if t.ratio_peak else ""
    rows = [
        (
            "minutes planned / asked / done",
            f"{t.planned_min:,.0f} / {t.asked_min:,.0f} / {t.done_min:,.0f} "
            f"({_pct(t.done_min, t.asked_min)} of asked)",
        ),
        (
            "sessions asked / done / partly / missed",
            f"{t.asked} / {t.done} / {t.partly} / {t.skipped}",
        ),
        ("hard days asked", str(t.hard_days)),
        ("long run: planned peak / longest done / race needs", _long_runs(sim, t)),
        ("readiness (days)", _counts(t.readiness, ("green", "amber", "red", "none"))),
        ("adjustments", f"{sum(t.adjustments.values())} ({_counts(t.adjustments)})"),
        (
            "load at the end",
            f"acute {t.acute_end:.0f}, chronic {t.chronic_end:.0f}, ratio "
            f"{_ratio(t.ratio_end)}{peak}",
        ),
        ("load, last 4 weeks", f"{t.load_last_4_weeks:,.0f} RPE x min"),
        ("pushes delivered", _counts(t.pushes, ("morning", "evening", "weekly"))),
        ("days paused", str(t.paused_days)),
    ]
    return _table(("", ""), rows)


def _checks(results: Sequence[Check]) -> list[str]:
    lines = []
    for check in results:
        mark = "✅" if check.passed else "❌"
        if not check.applies:
            mark = "➖"
        lines.append(f"- {mark} **{check.name}** (COACHING.md {check.rule}): {check.detail}")
    return lines


WEEK_COLUMNS = (
    "week", "starts", "phase", "planned", "asked", "done", "done/asked", "long run (plan / done)",
    "trail (target)", "road", "track", "hard days", "load", "A:C", "g/a/r",
)  # fmt: skip


def _week_rows(figures: Sequence[WeekFigures]) -> list[Sequence[object]]:
    rows: list[Sequence[object]] = []
    for w in figures:
        target = "-" if w.trail_target is None else f"{w.trail_target:.0%}"
        readiness = "/".join(str(w.readiness.get(k, 0)) for k in ("green", "amber", "red"))
        rows.append(
            (
                w.week,
                f"{w.start:%d %b}",
                (w.phase or "-") + (f" ({w.paused_days} d paused)" if w.paused_days else ""),
                f"{w.planned_min:.0f}",
                f"{w.asked_min:.0f}",
                f"{w.done_min:.0f}",
                _pct(w.done_min, w.asked_min),
                f"{w.planned_long_min:.0f} / {w.done_longest_min:.0f}",
                f"{_share(w.share('trail'))} ({target})",
                _share(w.share("road")),
                _share(w.share("track")),
                w.hard_days,
                f"{w.load:,.0f}",
                _ratio(w.ratio_end),
                readiness,
            )
        )
    return rows


def markdown(sim: Simulation, figures: Sequence[WeekFigures], results: Sequence[Check]) -> str:
    t = totals(sim, figures)
    s = sim.scenario
    lines = [
        f"# Stride simulation: {s.name}",
        "",
        f"*{s.description}*" if s.description else "",
        "",
        f"- Athlete: {_athlete_line(sim)}"
        + (f" (`{sim.athlete_source}`)" if sim.athlete_source else ""),
        f"- Scenario: `{sim.scenario_source or s.name}`, seed {sim.seed}.",
        f"- Simulated {sim.weeks} weeks, {sim.start:%a %d %b %Y} to {sim.end:%a %d %b %Y}, "
        f"day by day through the real scheduler, storage and coach ({sim.seconds:.1f} s).",
        "",
        "## Summary",
        "",
        *_summary(sim, t),
        "",
        *(f"- ⚠️ The plan says: {w}" for w in sim.plan_warnings),
        *([""] if sim.plan_warnings else []),
        "## Rules checked on what the athlete was asked to do",
        "",
        *_checks(results),
        "",
        "## Weekly volume",
        "",
        "Planned is the plan as it stood each morning (it is rebuilt every Sunday from what was "
        "done); asked is what the athlete was told after the morning check-in, with every "
        "adjustment; done is what they logged. The lines are the long run (COACHING.md §3b): "
        "as planned each week (back-to-back days together) and the longest run done, against "
        "what the race needs of it (the dashed line, when the plan says).",
        "",
        f"![Weekly volume]({CHARTS['volume']})",
        "",
        "## Road, trail and track",
        "",
        "Shares of the minutes run, by surface (a treadmill counts as road), against each "
        "phase's trail target (the bar) and band (the line).",
        "",
        f"![Surfaces]({CHARTS['surfaces']})",
        "",
        "## Load and the acute:chronic ratio",
        "",
        "Session load is RPE x minutes (Foster); the ratio compares the 7-day and 28-day "
        "exponentially weighted loads (shown after two weeks of logs). The shaded band is "
        "0.8-1.3; above 1.5 the coach lightens the next days.",
        "",
        f"![Load]({CHARTS['load']})",
        "",
        "## Readiness by day",
        "",
        f"![Readiness]({CHARTS['readiness']})",
        "",
        "## Weeks",
        "",
        *_table(WEEK_COLUMNS, _week_rows(figures)),
        "",
        f"## Adjustments ({len(sim.adjustments)})",
        "",
        "Every change the coach recorded, with the reason the athlete read (what /why shows).",
        "",
    ]
    if sim.adjustments:
        lines += _table(
            ("day", "change", "session", "reason"),
            (
                (
                    f"{a.date:%a %d %b}",
                    a.kind,
                    f"{a.before or '-'} → {a.after or '-'}" if a.before or a.after else "-",
                    a.reason,
                )
                for a in sim.adjustments
            ),
        )
    else:
        lines.append("None: every session went out as planned.")
    lines += ["", *_race_reviews(sim)]
    lines += [
        "",
        "## Files",
        "",
        f"- [`{DATA_JSON}`]({DATA_JSON}): every simulated day (planned, asked, logged, "
        "check-in, readiness, load) and the totals above.",
        f"- [`{DAYS_CSV}`]({DAYS_CSV}): one row a day.",
        f"- [`{MESSAGES}`]({MESSAGES}): every push the bot sent ({len(sim.messages)}).",
        "",
    ]
    return "\n".join(lines)


def _race_reviews(sim: Simulation) -> list[str]:
    """§7b: the race-readiness reviews that said something (amber or red, and not right
    after a choice), with the choice."""
    offered = [r for r in sim.race_reviews if r.offered]
    lines = [
        f"## Race-readiness reviews ({len(offered)} of {len(sim.race_reviews)})",
        "",
        "Each Sunday (and at onboarding) the coach weighs the longest run of the last four "
        "weeks, done against planned minutes and the weeks left; green says nothing, amber and "
        "red offer keep / the shorter race / a later date (COACHING.md §7b); after a choice, "
        "only a worse level is offered again for a few weeks.",
        "",
    ]
    if not offered:
        lines.append("None: the race stayed in reach.")
        return lines
    return lines + _table(
        ("day", "level", "what is missing", "options", "choice"),
        (
            (
                f"{r.date:%a %d %b}" + (" (onboarding)" if r.at == "onboarding" else ""),
                r.level,
                "; ".join(r.reasons),
                ", ".join(
                    o.kind if o.kind != "move" else f"move to {o.race_date:%d %b}"
                    for o in r.options
                ),
                r.choice_reason or "-",
            )
            for r in offered
        ),
    )


def write_report(sim: Simulation, out: Path) -> Path:
    """Write the report and its files into ``out``; returns the path of ``report.md``."""
    out.mkdir(parents=True, exist_ok=True)
    figures = weeks(sim)
    results = checks(sim)
    volume_chart(sim, figures, out / CHARTS["volume"])
    surfaces_chart(sim, figures, out / CHARTS["surfaces"])
    load_chart(sim, out / CHARTS["load"])
    readiness_chart(sim, out / CHARTS["readiness"])
    (out / DATA_JSON).write_text(to_json(sim, figures, results), encoding="utf-8")
    write_days_csv(sim, out / DAYS_CSV)
    write_messages(sim, out / MESSAGES)
    path = out / REPORT
    path.write_text(markdown(sim, figures, results), encoding="utf-8")
    return path
