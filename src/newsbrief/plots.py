"""Briefing charts: one house style, a Figure out of every function, saving at the edge.

Each ``plot_*`` function takes a table from :mod:`newsbrief.aggregate` and returns a
matplotlib :class:`~matplotlib.figure.Figure`; it never saves or shows. Empty or tiny
data gives a figure that says "No data for this period" instead of a broken chart.
:func:`save_figure` writes PNG and SVG byte-identically across runs and closes the figure.

House style (:func:`house_style`): DejaVu Sans, fixed size and dpi, a title, labelled axes
with units ("articles per month"), ``n = ...`` in a subtitle, the Okabe–Ito colour-blind-safe
palette, and hatching or markers so every chart still reads when printed in greyscale.
The style is applied in a context, so nothing leaks into other figures.

Figures are made with the object-oriented API (``Figure()``, not ``pyplot``), so building
one needs no display and never changes the session's backend (a notebook still shows
them inline); :func:`save_figure` renders with the Agg canvas.
"""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
import textwrap
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import matplotlib
import matplotlib.dates as mdates
import matplotlib.style
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure, SubFigure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

# Okabe & Ito (2008), "Color Universal Design": safe for the common colour-vision deficiencies.
OKABE_ITO = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#000000",  # black
)
GREY = "#999999"
HATCHES = ("", "//", "..", "xx", "\\\\", "oo", "--", "++", "**")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "h")
STANCE_COLOURS = {"assert": "#0072B2", "deny": "#D55E00", "both": "#CC79A7"}
STANCE_HATCHES = {"assert": "", "deny": "///", "both": "xx"}
STANCE_MARKERS = {"assert": "o", "deny": "X", "both": "D"}
STANCE_LABELS = {"assert": "asserts", "deny": "denies", "both": "asserts and denies"}
STANCE_PARTICIPLES = {"assert": "asserted", "deny": "denied", "both": "both"}
STANCE_VERBS = {"assert": "assert", "deny": "deny", "both": "assert and deny"}
LINESTYLES = ("-", "--", "-.", ":")
FIGSIZE = (8.0, 4.8)
FILE_MODE = 0o644
DPI = 150
NO_DATA = "No data for this period"
MAX_PERIOD_LABELS = 6  # period names that fit under a full-width chart
MAX_BAR_PERIODS = 36  # claims over time: bars up to this many periods, lines beyond
# Claim timeline: one marker per article up to this many articles; beyond, one marker per
# claim, stance and day/week/month/quarter (at most MAX_TIMELINE_BINS of them across the
# span), sized by articles, so the chart and its SVG do not grow with the corpus.
MAX_TIMELINE_MARKERS = 300
MAX_TIMELINE_BINS = 60

HOUSE_RC = {
    "font.family": "DejaVu Sans",
    "font.size": 9.5,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 9.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.prop_cycle": matplotlib.cycler(color=OKABE_ITO),
    "figure.figsize": FIGSIZE,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "legend.frameon": False,
    "legend.fontsize": 8.5,
    "hatch.linewidth": 0.8,
    "svg.hashsalt": "newsbrief",
    "svg.fonttype": "path",
    "path.simplify": True,
    # Labels are data (outlet, actor names): "$" is a dollar sign, never TeX to parse.
    "text.parse_math": False,
}


@contextlib.contextmanager
def house_style() -> Iterator[None]:
    """Apply the house style inside a ``with`` block; settings are restored on exit."""
    # Start from matplotlib's defaults so a caller's global style cannot leak in.
    with matplotlib.style.context("default"), matplotlib.rc_context(HOUSE_RC):
        yield


def _styled(plot: Callable[..., Figure]) -> Callable[..., Figure]:
    """Run a plot function in the house style and lay the figure out before leaving it.

    Tick labels and layout are made at draw time; drawing once inside the style means a
    figure saved later (or elsewhere, with other global settings) looks the same.
    """

    @functools.wraps(plot)
    def wrapper(*args, **kwargs) -> Figure:
        with house_style():
            fig = plot(*args, **kwargs)
            fig.draw_without_rendering()
        return fig

    return wrapper


def _frame(
    title: str, subtitle: str | None, figsize: tuple[float, float] = FIGSIZE
) -> tuple[Figure, SubFigure]:
    """A figure with a header (bold title, grey subtitle) and a body to draw charts in.

    Constrained layout keeps axes, outside legends and colour bars inside the fixed size.
    """
    fig = Figure(figsize=figsize, dpi=DPI, layout="constrained")
    header = 0.72 if subtitle else 0.45
    head, body = fig.subfigures(2, 1, height_ratios=[header, figsize[1] - header])
    head.text(0.012, 0.9, title, ha="left", va="top", fontsize=12.5, fontweight="bold")
    if subtitle:
        head.text(0.012, 0.2, subtitle, ha="left", va="bottom", fontsize=9, color="#444444")
    return fig, body


@_styled
def no_data_figure(title: str, message: str = NO_DATA) -> Figure:
    """A figure with ``title`` and ``message`` in the middle, for empty or tiny data."""
    with house_style():
        fig, body = _frame(title, None)
        ax = body.add_subplot()
        ax.set_axis_off()
        ax.text(
            0.5,
            0.5,
            message,
            ha="center",
            va="center",
            fontsize=13,
            color="#444444",
            transform=ax.transAxes,
        )
        return fig


def _n_text(n: int, noun: str = "articles") -> str:
    if n == 1:
        noun = noun.replace("articles", "article", 1)
    return f"n = {n:,} {noun}"


_NEXT_PERIOD = {
    "week": pd.offsets.Week(1),
    "month": pd.offsets.MonthBegin(1),
    "quarter": pd.offsets.QuarterBegin(1, startingMonth=1),
}


def _period_x(periods, period: str) -> tuple[np.ndarray, np.ndarray]:
    """Centre (as matplotlib date numbers) and length in days of each period."""
    starts = pd.DatetimeIndex(pd.to_datetime(list(periods)))
    ends = starts + _NEXT_PERIOD[period]
    first, last = mdates.date2num(starts.to_pydatetime()), mdates.date2num(ends.to_pydatetime())
    return (first + last) / 2, last - first


def _date_axis(ax: Axes, periods, period: str, max_labels: int = MAX_PERIOD_LABELS) -> None:
    """Label a time axis: one label per period when there are few, dates when many."""
    centres, lengths = _period_x(periods, period)
    if len(centres) == 0:
        return
    if len(centres) <= max_labels * 4:
        step = int(np.ceil(len(centres) / max_labels))  # label every period, or every few
        labels = [_period_label(p, period) for p in periods]
        ax.set_xticks(centres[::step], labels[::step])
    else:
        locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(_concise(locator))
    pad = lengths[0] * 0.6
    ax.set_xlim(centres[0] - pad, centres[-1] + pad)


def _concise(locator) -> mdates.ConciseDateFormatter:
    return mdates.ConciseDateFormatter(
        locator,
        formats=["%Y", "%b %Y", "%d %b", "%H:%M", "%H:%M", "%S"],
        zero_formats=["", "%Y", "%b %Y", "%d %b", "%H:%M", "%H:%M"],
        show_offset=False,
    )


def _period_label(p, period: str) -> str:
    p = pd.Timestamp(p)
    if period == "week":
        return p.strftime("%d %b %Y")
    if period == "quarter":
        return f"{p.year} Q{(p.month - 1) // 3 + 1}"
    return p.strftime("%b %Y")


# --------------------------------------------------------------------------- charts


def _not_shown(facts: Mapping, period: str) -> str | None:
    parts = []
    if facts.get("n_undated"):
        parts.append(f"{facts['n_undated']:,} undated")
    if facts.get("n_too_coarse"):
        parts.append(f"{facts['n_too_coarse']:,} dated too coarsely for a {period}")
    return "not shown: " + " and ".join(parts) if parts else None


def _n_for(table: pd.DataFrame, n_articles: int | None, noun: str) -> str | None:
    """``n = ...`` from the argument, else from the table's ``attrs`` (set by aggregate)."""
    n = n_articles if n_articles is not None else table.attrs.get("n_articles")
    return None if n is None else _n_text(int(n), noun)


def _subtitle(*parts: str | None) -> str:
    return "; ".join(p for p in parts if p)


def _legend_right(ax: Axes, handles=None, title: str | None = None, **kwargs):
    return ax.legend(
        handles=handles, title=title, loc="upper left", bbox_to_anchor=(1.01, 1.0), **kwargs
    )


@_styled
def plot_articles_over_time(
    counts: pd.DataFrame,
    period: str = "month",
    title: str = "Coverage over time",
    note: str | None = None,
) -> Figure:
    """Stacked bars of articles per period by source (each source its colour and hatch).

    Args:
        counts: :func:`newsbrief.aggregate.count_articles_by_period_and_source` (or
            ``count_articles_by_period``: one bar per period, no source split).
        period: The period of ``counts`` (labels the axis).
        title: Chart title.
        note: Extra subtitle text, e.g. "3 undated articles not shown".
    """
    if counts is None or counts.empty or counts["article_count"].sum() == 0:
        return no_data_figure(title)
    if "source" not in counts:
        counts = counts.assign(source="all sources")
    sources = list(dict.fromkeys(counts["source"]))
    table = counts.pivot(index="period_start", columns="source", values="article_count")
    table = table.reindex(columns=sources).fillna(0).sort_index()
    n = int(table.to_numpy().sum())
    if note is None:
        note = _not_shown(counts.attrs, period)
    with house_style():
        fig, body = _frame(title, _subtitle(_n_text(n), note))
        ax = body.add_subplot()
        bottom = np.zeros(len(table))
        x, lengths = _period_x(table.index, period)
        for i, source in enumerate(sources):
            colour = GREY if source == "other" else OKABE_ITO[i % len(OKABE_ITO)]
            ax.bar(
                x,
                table[source],
                width=lengths * 0.85,
                bottom=bottom,
                color=colour,
                edgecolor="white" if len(x) <= MAX_BAR_PERIODS else "none",
                hatch=HATCHES[i % len(HATCHES)],
                linewidth=0.5,
                label=source,
            )
            bottom += table[source].to_numpy()
        _date_axis(ax, table.index, period)
        ax.set_ylabel(f"articles per {period}")
        ax.set_xlabel(period)
        ax.yaxis.get_major_locator().set_params(integer=True)
        if len(sources) > 1:
            _legend_right(ax, title="source")
        return fig


@_styled
def plot_actors_over_time(
    actor_counts: pd.DataFrame,
    period: str = "month",
    title: str = "Actors over time",
    n_articles: int | None = None,
    note: str | None = None,
) -> Figure:
    """Lines (each with its own marker) of articles mentioning each top actor per period.

    Args:
        actor_counts: :func:`newsbrief.aggregate.count_actor_articles_by_period`.
        period: The period of ``actor_counts``.
        title: Chart title.
        n_articles: Placed articles behind the chart (shown as n); None to leave it out.
        note: Extra subtitle text.
    """
    if actor_counts is None or actor_counts.empty or actor_counts["article_count"].sum() == 0:
        return no_data_figure(title)
    order = actor_counts.drop_duplicates("actor_key").sort_values(["rank", "actor_key"])
    names = dict(zip(order["actor_key"], order["actor_name"], strict=True))
    table = actor_counts.pivot(index="period_start", columns="actor_key", values="article_count")
    table = table.reindex(columns=list(order["actor_key"])).fillna(0).sort_index()
    subtitle = _subtitle(
        _n_for(actor_counts, n_articles, "articles mentioning these actors"),
        "an article counts once for each actor it mentions",
        note,
    )
    with house_style():
        fig, body = _frame(title, subtitle)
        ax = body.add_subplot()
        x, _ = _period_x(table.index, period)
        every = max(1, len(x) // 12)  # with many periods, mark every few points only
        for i, key in enumerate(table.columns):
            ax.plot(
                x,
                table[key],
                color=OKABE_ITO[i % len(OKABE_ITO)],
                marker=MARKERS[i % len(MARKERS)],
                markevery=(i % every, every),
                markersize=5,
                linewidth=1.6,
                linestyle=LINESTYLES[i % len(LINESTYLES)],
                label=str(names.get(key, key)),
            )
        _date_axis(ax, table.index, period)
        ax.set_ylabel(f"articles per {period}")
        ax.set_xlabel(period)
        ax.set_ylim(bottom=0)
        ax.yaxis.get_major_locator().set_params(integer=True)
        _legend_right(ax, title="actor")
        return fig


@_styled
def plot_actor_cooccurrence(
    matrix: pd.DataFrame,
    title: str = "Actors mentioned together",
    n_articles: int | None = None,
) -> Figure:
    """Heatmap of articles mentioning both actors, with the count written in each cell.

    Args:
        matrix: :func:`newsbrief.aggregate.cooccurrence_matrix` (square, symmetric). The
            diagonal, when filled, is each actor's own article count: it is written in bold
            on a pale grey cell so it does not swamp the colour scale.
        title: Chart title.
        n_articles: Articles behind the chart (shown as n).
    """
    if matrix is None or matrix.shape[0] < 2:
        return no_data_figure(title, NO_DATA + " (fewer than two actors)")
    values = matrix.to_numpy().astype(float)
    off = values.copy()
    np.fill_diagonal(off, np.nan)
    vmax = max(1.0, float(np.nanmax(off)))
    k = len(matrix)
    side = min(FIGSIZE[0] - 1.2, 3.4 + 0.5 * k)
    subtitle = _subtitle(
        _n_for(matrix, n_articles, "articles mentioning these actors"),
        "cell: articles mentioning both; bold diagonal: the actor's own total",
    )
    with house_style():
        fig, body = _frame(title, subtitle, (FIGSIZE[0], side))
        ax = body.add_subplot()
        ax.grid(False)
        image = ax.imshow(np.nan_to_num(off, nan=0.0), cmap="Blues", vmin=0, vmax=vmax)
        for i in range(k):
            ax.add_patch(
                Rectangle(
                    (i - 0.5, i - 0.5),
                    1,
                    1,
                    facecolor="#f4f4f4",
                    edgecolor="#777777",
                    linewidth=0.6,
                )
            )
            for j in range(k):
                v = int(values[i, j])
                dark = i != j and v > 0.6 * vmax
                ax.text(
                    j,
                    i,
                    f"{v}",
                    ha="center",
                    va="center",
                    fontsize=8.5,
                    color="white" if dark else "black",
                    fontweight="bold" if i == j else "normal",
                )
        ax.set_xticks(range(k), list(matrix.columns), rotation=40, ha="right")
        ax.set_yticks(range(k), list(matrix.index))
        ax.spines[:].set_visible(False)
        bar = body.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
        bar.set_label("articles mentioning both")
        bar.locator = MaxNLocator(integer=True)
        bar.update_ticks()
        return fig


@_styled
def plot_claims_over_time(
    claim_counts: pd.DataFrame,
    period: str = "month",
    claim_labels: Mapping[str, str] | None = None,
    title: str = "Claims over time",
    n_articles: int | None = None,
) -> Figure:
    """Small multiples, one per claim: bars of articles asserting and denying per period.

    Assertions are solid blue; denials vermillion and hatched (readable in greyscale).

    Args:
        claim_counts: :func:`newsbrief.aggregate.count_claim_articles_by_period`.
        period: The period of ``claim_counts``.
        claim_labels: Short label per ``claim_id`` (defaults to the id).
        title: Chart title.
        n_articles: Articles behind the chart (shown as n).
    """
    if claim_counts is None or claim_counts.empty or claim_counts["article_count"].sum() == 0:
        return no_data_figure(title)
    labels = dict(claim_labels or {})
    totals = claim_counts.groupby("claim_id")["article_count"].sum()
    claim_ids = [c for c in sorted(totals.index, key=lambda c: (-totals[c], c)) if totals[c] > 0]
    periods = sorted(claim_counts["period_start"].unique())
    k = len(claim_ids)
    cols = 1 if k == 1 else 2
    rows = int(np.ceil(k / cols))
    subtitle = _subtitle(
        _n_for(claim_counts, n_articles, "dated articles stating a claim"),
        "an article counts once per claim and stance",
    )
    with house_style():
        fig, body = _frame(title, subtitle, (8.0, max(3.6, 1.4 + 1.9 * rows)))
        axes = body.subplots(rows, cols, squeeze=False, sharex=True)
        x, lengths = _period_x(periods, period)
        width = lengths * 0.42
        as_bars = len(periods) <= MAX_BAR_PERIODS
        ymax = int(claim_counts["article_count"].max())
        for idx, claim_id in enumerate(claim_ids):
            ax = axes[idx // cols][idx % cols]
            sub = claim_counts[claim_counts["claim_id"] == claim_id]
            for side, stance in ((-0.5, "assert"), (0.5, "deny")):
                y = sub[sub["stance"] == stance].set_index("period_start")["article_count"]
                y = y.reindex(periods, fill_value=0).to_numpy()
                label = f"articles that {STANCE_VERBS[stance]}"
                if as_bars:
                    ax.bar(
                        x + side * width,
                        y,
                        width,
                        color=STANCE_COLOURS[stance],
                        hatch=STANCE_HATCHES[stance],
                        edgecolor="white",
                        linewidth=0.4,
                        label=label,
                    )
                else:  # too many periods for bars: lines, denials dashed
                    ax.plot(
                        x,
                        y,
                        color=STANCE_COLOURS[stance],
                        linestyle="-" if stance == "assert" else "--",
                        linewidth=1.1,
                        label=label,
                    )
            ax.set_title(
                _wrap(labels.get(claim_id, claim_id), 50),
                fontsize=9,
                fontweight="normal",
                loc="left",
            )
            ax.set_ylim(0, ymax + 0.5)
            ax.yaxis.get_major_locator().set_params(integer=True)
            if idx % cols == 0:
                ax.set_ylabel(f"articles per {period}", fontsize=8)
            _date_axis(ax, periods, period, max_labels=max(2, MAX_PERIOD_LABELS // cols))
            ax.tick_params(axis="x", labelsize=7.5)
        for idx in range(k, rows * cols):
            axes[idx // cols][idx % cols].set_axis_off()
        handles, names = axes[0][0].get_legend_handles_labels()
        body.legend(handles, names, loc="outside upper right", ncols=2)
        return fig


def _wrap(text: str, width: int, max_lines: int = 2) -> str:
    lines = textwrap.wrap(str(text), width)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1] + "…"
    return "\n".join(lines)


@_styled
def plot_who_says_what(
    who: pd.DataFrame,
    claim_labels: Mapping[str, str] | None = None,
    title: str = "Who says what",
    n_articles: int | None = None,
) -> Figure:
    """Claim × speaker matrix: marker colour and shape = stance, marker size = articles.

    Claims run down the side, speaker groups (most articles first) across.

    Args:
        who: :func:`newsbrief.aggregate.who_says_what`.
        claim_labels: Short label per ``claim_id`` (defaults to the id).
        title: Chart title.
        n_articles: Articles behind the chart (shown as n).
    """
    if who is None or who.empty:
        return no_data_figure(title)
    labels = dict(claim_labels or {})
    speakers = list(dict.fromkeys(who["speaker_group"]))
    speaker_names = dict(zip(who["speaker_group"], who["speaker_label"], strict=False))
    claim_ids = sorted(who["claim_id"].unique())
    smax = int(who["article_count"].max())

    def area(n):
        return 40 + 360 * (np.asarray(n, dtype=float) / max(smax, 1))

    # Claims run down (their labels are long), speakers across; the width stays that of
    # a page so the text is not shrunk in print.
    size = (FIGSIZE[0], min(10.0, max(3.8, 2.4 + 0.6 * len(claim_ids))))
    left_out = int(who.attrs.get("n_groups_left_out", 0))
    subtitle = _subtitle(
        _n_for(who, n_articles, "articles stating a claim"),
        "number beside a marker: articles in which the speaker takes that stance",
        f"{left_out:,} speaker groups with fewer articles not shown" if left_out else None,
    )
    with house_style():
        fig, body = _frame(title, subtitle, size)
        ax = body.add_subplot()
        ax.grid(True, axis="both", color="#eeeeee")
        for stance in ("assert", "deny", "both"):
            sub = who[who["stance"] == stance]
            if sub.empty:
                continue
            xs = [speakers.index(s) for s in sub["speaker_group"]]
            ys = [claim_ids.index(c) for c in sub["claim_id"]]
            ax.scatter(
                xs,
                ys,
                s=area(sub["article_count"]),
                c=STANCE_COLOURS[stance],
                marker=STANCE_MARKERS[stance],
                edgecolors="black",
                linewidths=0.5,
                zorder=3,
            )
            for x, y, n in zip(xs, ys, sub["article_count"], strict=True):
                ax.annotate(
                    str(n),
                    (x, y),
                    xytext=(10, 5),
                    textcoords="offset points",
                    fontsize=7.5,
                    color="#333333",
                )
        ax.set_yticks(
            range(len(claim_ids)), [_wrap(labels.get(c, c), 34, 3) for c in claim_ids], fontsize=8
        )
        ax.set_xticks(
            range(len(speakers)),
            [_wrap(speaker_names.get(s, s), 14) for s in speakers],
            rotation=35 if len(speakers) > 5 else 0,
            ha="right" if len(speakers) > 5 else "center",
            fontsize=8.5,
        )
        ax.set_xlim(-0.6, len(speakers) - 0.4)
        ax.set_ylim(len(claim_ids) - 0.5, -0.5)
        ax.set_xlabel("speaker (country, organisation or media)")
        ax.set_ylabel("claim")
        # One legend (a second one would escape constrained layout): stances, then sizes.
        handles = [_stance_handle(s) for s in ("assert", "deny", "both")]
        handles.append(Line2D([], [], linestyle="", marker="", label="marker size"))
        for n in sorted({1, max(1, smax // 2), smax}):
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="",
                    marker="o",
                    markersize=float(np.sqrt(area(n))),
                    markerfacecolor="white",
                    markeredgecolor="black",
                    label=f"{n:,} article{'s' if n != 1 else ''}",
                )
            )
        _legend_right(ax, handles, "stance", labelspacing=1.1)
        return fig


def _stance_handle(stance: str, size: float = 8, labels: Mapping[str, str] = STANCE_LABELS):
    return Line2D(
        [],
        [],
        linestyle="",
        marker=STANCE_MARKERS[stance],
        markersize=size,
        markerfacecolor=STANCE_COLOURS[stance],
        markeredgecolor="black",
        label=labels[stance],
    )


def _timeline_bin(dates: pd.Series) -> tuple[str, str]:
    """The finest of day, week, month, quarter giving at most MAX_TIMELINE_BINS bins."""
    span = (dates.max() - dates.min()).days + 1
    for name, freq, days in (("day", "D", 1), ("week", "W-SUN", 7), ("month", "M", 31)):
        if span / days <= MAX_TIMELINE_BINS:
            return name, freq
    return "quarter", "Q"


def _timeline_markers(timeline: pd.DataFrame) -> tuple[pd.DataFrame, str | None]:
    """Markers to draw: ``claim_id``, ``date``, ``stance``, ``article_count``.

    One per article (count 1) when there are few; else one per claim × stance × bin, dated
    at the bin's first day. Also returns the bin's name (None when not binned).
    """
    dates = pd.to_datetime(timeline["date"])
    if len(timeline) <= MAX_TIMELINE_MARKERS:
        return timeline.assign(date=dates, article_count=1), None
    name, freq = _timeline_bin(dates)
    start = dates.dt.to_period(freq).dt.start_time
    markers = (
        timeline.assign(date=start)
        .groupby(["claim_id", "date", "stance"], sort=True)["article_id"]
        .nunique()
        .rename("article_count")
        .reset_index()
    )
    return markers, name


@_styled
def plot_claim_timeline(
    timeline: pd.DataFrame,
    claim_labels: Mapping[str, str] | None = None,
    title: str = "When each claim appeared",
) -> Figure:
    """One line per claim from first to latest appearance, a marker for each article.

    Markers: circle = asserted, X = denied, diamond = both in the same article. Beyond
    ``MAX_TIMELINE_MARKERS`` articles a marker stands for the articles of one claim and
    stance in a day, week, month or quarter, its area growing with their number.

    Args:
        timeline: :func:`newsbrief.aggregate.claim_timeline`.
        claim_labels: Short label per ``claim_id`` (defaults to the id).
        title: Chart title.
    """
    if timeline is None or timeline.empty:
        return no_data_figure(title)
    labels = dict(claim_labels or {})
    firsts = timeline.groupby("claim_id")["date"].min()
    claim_ids = sorted(firsts.index, key=lambda c: (firsts[c], c))
    n = int(timeline["article_id"].nunique())
    markers, binned = _timeline_markers(timeline)
    few = len(timeline) <= 60  # beyond that, smaller see-through markers
    per = f"one marker per claim, stance and {binned} (area: articles)" if binned else None
    subtitle = _subtitle(_n_text(n, "dated articles"), per or "one marker per article")
    biggest = int(markers["article_count"].max())
    with house_style():
        fig, body = _frame(title, subtitle, (8.0, max(3.4, 1.9 + 0.5 * len(claim_ids))))
        ax = body.add_subplot()
        ax.grid(True, axis="x")
        ax.grid(False, axis="y")
        for i, claim_id in enumerate(claim_ids):
            sub = markers[markers["claim_id"] == claim_id]
            dates = pd.to_datetime(sub["date"])
            ax.plot([dates.min(), dates.max()], [i, i], color=GREY, linewidth=2, zorder=1)
            # Articles of the same day are stacked a little apart so each stays visible.
            same_day = dates.groupby(dates)
            rank = same_day.cumcount() - (same_day.transform("size") - 1) / 2
            y = i + (0.22 if few else 0.0) * rank
            area = 14 + 186 * np.sqrt(sub["article_count"].to_numpy() / biggest)
            for stance in ("assert", "deny", "both"):
                s = (sub["stance"] == stance).to_numpy()
                if s.any():
                    # Binned, the stances of a claim share dates: draw them a little apart.
                    shift = {"assert": -0.2, "deny": 0.0, "both": 0.2}[stance] if binned else 0
                    ax.scatter(
                        dates[s],
                        y[s] + shift,
                        marker=STANCE_MARKERS[stance],
                        c=STANCE_COLOURS[stance],
                        edgecolors="black",
                        linewidths=0.4,
                        s=area[s] if binned else (45 if few else 14),
                        zorder=3,
                        alpha=0.9 if few else 0.5,
                    )
        ax.set_yticks(
            range(len(claim_ids)), [_wrap(labels.get(c, c), 32, 3) for c in claim_ids], fontsize=8
        )
        ax.set_ylim(len(claim_ids) - 0.5, -0.5)
        ax.set_xlabel("publication date (a month-precision date is drawn on the 1st)")
        locator = mdates.AutoDateLocator(minticks=3, maxticks=6)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(_concise(locator))
        if len(set(pd.to_datetime(timeline["date"]))) == 1:
            day = pd.Timestamp(timeline["date"].iloc[0])
            ax.set_xlim(day - pd.Timedelta(days=15), day + pd.Timedelta(days=15))
        _legend_right(
            ax,
            [_stance_handle(s, 7, STANCE_PARTICIPLES) for s in ("assert", "deny", "both")],
            "in the article, the claim is",
        )
        return fig


# --------------------------------------------------------------------------- saving


def _close(fig: Figure) -> None:
    """Release ``fig``; also drop it from pyplot's registry if it was made there."""
    import sys

    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close(fig)


def save_figure(fig: Figure, directory: Path | str, name: str) -> list[Path]:
    """Write ``fig`` as ``<name>.png`` and ``<name>.svg`` into ``directory``, then close it.

    Byte-identical across runs: fixed SVG hash salt, no dates or software versions in the
    metadata. Each file is written to a temporary file beside its target and moved into
    place only when complete.

    Returns:
        The PNG and SVG paths.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    metadata = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": None},
    }
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)  # render with Agg whatever backend the session uses
    try:
        with matplotlib.rc_context({"svg.hashsalt": "newsbrief", "svg.fonttype": "path"}):
            for fmt in ("png", "svg"):
                target = directory / f"{name}.{fmt}"
                fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
                os.close(fd)
                try:
                    fig.savefig(tmp, format=fmt, dpi=DPI, metadata=metadata[fmt])
                    os.chmod(tmp, FILE_MODE)  # mkstemp makes owner-only files
                    os.replace(tmp, target)
                except BaseException:
                    Path(tmp).unlink(missing_ok=True)
                    raise
                written.append(target)
    finally:
        _close(fig)
    return written
