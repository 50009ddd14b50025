"""Counts behind the briefing: which articles count, and what they say over time.

Every function here is a pure DataFrame transform over the contract tables (``articles``,
``ingest_log``, ``mentions``, ``claims``). The rules for what counts:

* The unit is the **article**: an actor or claim is counted once per article that
  mentions or states it, however many sentences repeat it.
* **Duplicates** (``articles.status == "duplicate"``: exact or near copies, usually
  syndication) are excluded; a syndicated copy is not new coverage.
* **Language**: only English articles count unless ``languages`` names other codes.
* **Dates**: an article's ``published`` value is an interval (a day, a month or a year).
  It is placed in a period only when the interval fits inside one period: a day fits a
  week, month or quarter; a month fits a month or a quarter but not a week; a year fits
  none. Articles that do not fit are *counted apart* as "date too coarse for this period",
  and undated articles as "undated"; neither is ever put on a made-up date. Tables that
  are not over time (who says what, co-occurrence, top actors) use every selected
  article, dated or not.
* Count tables carry ``attrs`` for their charts: ``period`` and ``n_articles`` (distinct
  articles behind the table), and for coverage ``n_undated`` and ``n_too_coarse``.
* A **date window** (``start``/``end``, inclusive) keeps an article when its whole date
  interval lies inside the window. Undated articles are dropped when a window is set
  (nobody can say they are inside it), and so are coarse dates that straddle a window
  edge; both are counted in :func:`summarise_coverage`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from numbers import Integral
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from newsbrief.errors import ParameterError
from newsbrief.storage import write_table

PERIODS = ("week", "month", "quarter")
DEFAULT_LANGUAGES = ("en",)
DEFAULT_TOP_N = 8
OTHER_LABEL = "other"
MEDIA_GROUP = "MEDIA"
UNATTRIBUTED_GROUP = "UNATTRIBUTED"
STANCES = ("assert", "deny")
# Actor types that roll up to their country at the state/organisation level. Media are left
# out (an outlet is not its country), instruments too (a drone is not a state actor), and
# groups because an armed group's "country" is where it operates, not who it speaks for;
# a bloc group whose id is its own code ("WEST") is the exception (_in_state_rollup).
ROLLUP_ACTOR_TYPES = ("state", "person", "organisation")
# Quote preference for key quotes: a speaker's own words first, narration last.
MODE_ORDER = {"quote": 0, "reported": 1, "narration": 2}

_PERIOD_FREQ = {"week": "W-SUN", "month": "M", "quarter": "Q"}
# Coarsest date precision that still fits inside one period.
_FITS = {
    "week": {"day"},
    "month": {"day", "month"},
    "quarter": {"day", "month"},
}


# --------------------------------------------------------------------------- selection


def _check_period(period: str) -> str:
    if period not in PERIODS:
        raise ParameterError(f"period must be one of {', '.join(PERIODS)}; got {period!r}")
    return period


def _to_day(value, name: str) -> pd.Timestamp | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    try:
        day = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise ParameterError(f"{name} must be a date like 2022-10-31; got {value!r}") from exc
    return day.normalize()


def date_interval(published: pd.Series) -> pd.DataFrame:
    """Turn ``published`` strings into the first and last day they can mean.

    One row per input row (same index): ``date_start`` and ``date_end`` (Timestamps, NaT
    when undated or unparseable). ``"2022-10-31"`` is one day, ``"2022-10"`` the whole of
    October, ``"2022"`` the whole year. Each distinct value is parsed once (a million
    articles carry a few thousand distinct dates).

    Args:
        published: Strings ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``, or null.
    """
    codes, uniques = pd.factorize(published)
    distinct = pd.Series(np.asarray(uniques, dtype=object))
    text = distinct.astype(str).str.strip()
    length = text.str.len()
    start = pd.Series(pd.NaT, index=distinct.index, dtype="datetime64[ns]")
    end = start.copy()
    for size, fmt in ((10, "%Y-%m-%d"), (7, "%Y-%m"), (4, "%Y")):
        rows = length == size
        if rows.any():
            start[rows] = pd.to_datetime(text[rows], format=fmt, errors="coerce").astype(
                "datetime64[ns]"
            )
    day, month, year = length == 10, length == 7, length == 4
    end[day] = start[day]
    end[month] = start[month] + pd.offsets.MonthEnd(0)
    end[year] = start[year] + pd.offsets.YearEnd(0)
    return pd.DataFrame(
        {"date_start": _take(start, codes), "date_end": _take(end, codes)}, index=published.index
    )


def _take(distinct: pd.Series, codes: np.ndarray) -> np.ndarray:
    """Values of ``distinct`` at ``codes``; code -1 (null) gives NaT."""
    values = np.append(distinct.to_numpy(dtype="datetime64[ns]"), np.datetime64("NaT", "ns"))
    return values[codes]


def _language_ok(articles: pd.DataFrame, languages: Iterable[str] | None) -> pd.Series:
    if isinstance(languages, str):
        languages = [languages]
    wanted = {str(code).strip().lower() for code in (languages or DEFAULT_LANGUAGES)}
    if "*" in wanted or "all" in wanted:
        return pd.Series(True, index=articles.index)
    english = articles["is_english"].fillna(False).astype(bool)
    lang = articles["language"].astype("object").fillna("und")
    ok = lang.isin(wanted)
    # is_english is the ingest's judgement; trust it over the language code.
    return ok | english if "en" in wanted else ok & ~english


def classify_articles(
    articles: pd.DataFrame,
    start=None,
    end=None,
    languages: Iterable[str] | None = None,
    include_duplicates: bool = False,
) -> pd.DataFrame:
    """Decide, for every article row, whether it is in the briefing and why not.

    One row per article (key ``article_id``): all columns of ``articles`` plus
    ``date_start``, ``date_end`` (the interval ``published`` can mean) and
    ``excluded_reason`` (null when selected, else the first reason that applies, in this
    order: ``duplicate``, ``language``, ``undated_with_window``, ``outside_window``,
    ``straddles_window``).

    Args:
        articles: The contract ``articles`` table.
        start: First day of the date window (inclusive), or None for no lower bound.
        end: Last day of the date window (inclusive), or None for no upper bound.
        languages: ISO 639-1 codes to include; None or empty means English only; ``"*"`` means all.
        include_duplicates: Keep duplicate copies (normally they are excluded).
    """
    start_day, end_day = _to_day(start, "start"), _to_day(end, "end")
    if start_day is not None and end_day is not None and start_day > end_day:
        raise ParameterError(f"start {start_day.date()} is after end {end_day.date()}")
    out = articles.copy()
    interval = date_interval(out["published"]) if len(out) else None
    out["date_start"] = (
        interval["date_start"] if interval is not None else pd.Series(dtype="datetime64[ns]")
    )
    out["date_end"] = (
        interval["date_end"] if interval is not None else pd.Series(dtype="datetime64[ns]")
    )
    reason = pd.Series(pd.NA, index=out.index, dtype="object")
    window = start_day is not None or end_day is not None
    undated = out["date_start"].isna()
    lo = start_day if start_day is not None else pd.Timestamp.min
    hi = end_day if end_day is not None else pd.Timestamp.max
    inside = (out["date_start"] >= lo) & (out["date_end"] <= hi)
    outside = (out["date_end"] < lo) | (out["date_start"] > hi)
    rules = [
        ("duplicate", (out["status"] == "duplicate") & (not include_duplicates)),
        ("language", ~_language_ok(out, languages)),
        ("undated_with_window", undated & window),
        ("outside_window", ~undated & outside),
        ("straddles_window", ~undated & ~inside & ~outside),
    ]
    for name, mask in rules:
        reason = reason.where(~(reason.isna() & mask.fillna(False).astype(bool)), name)
    out["excluded_reason"] = reason
    _assert_unique(out, ["article_id"], "classified articles")
    return out


def select_articles(
    articles: pd.DataFrame,
    start=None,
    end=None,
    languages: Iterable[str] | None = None,
    include_duplicates: bool = False,
) -> pd.DataFrame:
    """Keep the articles the briefing counts (see the module docstring for the rules).

    One row per selected article (key ``article_id``), sorted by ``article_id``: all
    columns of ``articles`` plus ``date_start`` and ``date_end`` (Timestamps, NaT when
    undated). Undated articles stay in (counted apart over time) unless a window is set.
    ``attrs["date_window"]`` keeps ``[start, end]`` (ISO dates or None): period tables
    span the whole window.

    Args:
        articles: The contract ``articles`` table.
        start: First day of the date window (inclusive, "YYYY-MM-DD"), or None.
        end: Last day of the date window (inclusive), or None.
        languages: ISO 639-1 codes to include; None or empty means English only; ``"*"`` means all.
        include_duplicates: Keep duplicate copies (normally excluded).
    """
    classified = classify_articles(articles, start, end, languages, include_duplicates)
    return _selected_from(classified, start, end)


def _selected_from(classified: pd.DataFrame, start, end) -> pd.DataFrame:
    kept = classified[classified["excluded_reason"].isna()].drop(columns="excluded_reason")
    kept = kept.sort_values("article_id", kind="stable").reset_index(drop=True)
    # Charts span the whole window asked for, not only the periods that have articles.
    window = [_to_day(start, "start"), _to_day(end, "end")]
    kept.attrs["date_window"] = [None if d is None else d.date().isoformat() for d in window]
    return kept


def filter_to_articles(table: pd.DataFrame, selected: pd.DataFrame) -> pd.DataFrame:
    """Keep the rows of a table with ``article_id`` whose article is in ``selected``.

    Use it for ``mentions`` and ``claims``. Same grain as ``table``; the index is reset.
    """
    if table is None or len(table) == 0:
        return table.iloc[0:0].reset_index(drop=True) if table is not None else pd.DataFrame()
    return table[article_positions(table, selected) >= 0].reset_index(drop=True)


def assign_periods(selected: pd.DataFrame, period: str = "month") -> pd.DataFrame:
    """Place each selected article in a period, or say why it cannot be placed.

    One row per article (key ``article_id``): ``article_id``, ``period_start`` (Timestamp
    of the period's first day: Monday for weeks; NaT when not placed) and
    ``placement`` (``placed``, ``undated`` or ``too_coarse``).

    Args:
        selected: Output of :func:`select_articles`.
        period: ``week``, ``month`` or ``quarter``.
    """
    _check_period(period)
    out = pd.DataFrame({"article_id": selected["article_id"].astype("object")})
    dated = _with_dates(selected)
    starts = pd.to_datetime(dated["date_start"])
    ends = pd.to_datetime(dated["date_end"])
    p_start = _period_start(starts, period)
    p_end = _period_start(ends, period)
    undated = starts.isna()
    fits = ~undated & (p_start == p_end)
    out["period_start"] = p_start.where(fits)
    out["placement"] = "placed"
    out.loc[undated, "placement"] = "undated"
    out.loc[~undated & ~fits, "placement"] = "too_coarse"
    out = out.reset_index(drop=True)
    _assert_unique(out, ["article_id"], "article periods")
    return out


def _with_dates(articles: pd.DataFrame) -> pd.DataFrame:
    """``articles`` with ``date_start``/``date_end`` (added when missing)."""
    if "date_start" in articles and "date_end" in articles:
        return articles
    return articles.assign(**date_interval(articles["published"]))


def _period_start(days: pd.Series, period: str) -> pd.Series:
    """First day of the period holding each day (NaT stays NaT); same index as ``days``."""
    days = pd.to_datetime(days)
    codes, uniques = pd.factorize(days)
    distinct = pd.Series(pd.DatetimeIndex(uniques).astype("datetime64[ns]"))
    starts = distinct.dt.to_period(_PERIOD_FREQ[period]).dt.start_time
    starts = pd.to_datetime(starts).dt.normalize().astype("datetime64[ns]")
    return pd.Series(_take(starts, codes), index=days.index, dtype="datetime64[ns]")


def period_range(first, last, period: str = "month") -> pd.DatetimeIndex:
    """Every period start from the period holding ``first`` to the one holding ``last``."""
    _check_period(period)
    lo = _period_start(pd.Series([pd.Timestamp(first)]), period).iloc[0]
    hi = _period_start(pd.Series([pd.Timestamp(last)]), period).iloc[0]
    rng = pd.period_range(lo, hi, freq=_PERIOD_FREQ[period]).start_time
    return pd.DatetimeIndex(rng).normalize().astype("datetime64[ns]")


def _periods_of(placed: pd.DataFrame, period: str, selected: pd.DataFrame) -> pd.DatetimeIndex:
    """Every period from the first to the last placed article.

    The span stretches to the selection's date window when one was set: empty periods at
    either end of the window are news too.
    """
    dates = placed["period_start"].dropna()
    start, end = selected.attrs.get("date_window", (None, None))
    lows = [d for d in (dates.min() if len(dates) else None, start) if d is not None]
    highs = [d for d in (dates.max() if len(dates) else None, end) if d is not None]
    if not lows or not highs:
        return pd.DatetimeIndex([], dtype="datetime64[ns]")
    return period_range(min(map(pd.Timestamp, lows)), max(map(pd.Timestamp, highs)), period)


def _described(df: pd.DataFrame, **facts) -> pd.DataFrame:
    """Attach facts a chart needs (``period``, ``n_articles`` ...) as ``df.attrs``."""
    df.attrs.update({k: int(v) if isinstance(v, Integral) else v for k, v in facts.items()})
    return df


def _placement_facts(placement: pd.DataFrame, period: str) -> dict:
    counts = placement["placement"].value_counts()
    return {
        "period": period,
        "n_articles": int(counts.get("placed", 0)),
        "n_undated": int(counts.get("undated", 0)),
        "n_too_coarse": int(counts.get("too_coarse", 0)),
    }


def _assert_unique(df: pd.DataFrame, key: list[str], what: str) -> None:
    if df.duplicated(subset=key).any():
        raise AssertionError(f"{what}: key {key} is not unique")


# --------------------------------------------------------------------------- coverage


def count_articles_by_period(
    selected: pd.DataFrame, period: str = "month", placement: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Articles per period, empty periods included.

    One row per period (key ``period_start``) from the first to the last period holding a
    placed article: ``period_start`` (Timestamp), ``article_count``. Undated and too-coarse
    articles are not in it (see :func:`summarise_coverage`). ``placement`` is
    :func:`assign_periods` of ``selected`` when already computed.
    """
    placement = assign_periods(selected, period) if placement is None else placement
    placed = placement[placement["placement"] == "placed"]
    periods = _periods_of(placed, period, selected)
    counts = placed.groupby("period_start").size()
    out = pd.DataFrame({"period_start": periods})
    out["article_count"] = out["period_start"].map(counts).fillna(0).astype("int64")
    _assert_unique(out, ["period_start"], "articles by period")
    return _described(out, **_placement_facts(placement, period))


def count_articles_by_period_and_source(
    selected: pd.DataFrame,
    period: str = "month",
    top_n: int = DEFAULT_TOP_N,
    placement: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Articles per period by source: the ``top_n`` sources, the rest as ``"other"``.

    One row per period × source (key ``period_start, source``), every combination present
    (zeros included): ``period_start``, ``source`` (missing sources are ``"unknown"``),
    ``article_count``. Sources are ordered by total placed articles (descending, then name)
    with ``"other"`` last; the order is kept in the rows. ``placement`` is
    :func:`assign_periods` of ``selected`` when already computed.
    """
    placed = assign_periods(selected, period) if placement is None else placement.copy()
    sources = (
        selected["source"].astype("object").fillna("unknown").replace("", "unknown").to_numpy()
    )
    placed["source"] = sources
    facts = _placement_facts(placed, period)
    placed = placed[placed["placement"] == "placed"]
    totals = placed["source"].value_counts()
    order = sorted(totals.index, key=lambda s: (-totals[s], s))
    top = order[:top_n]
    placed["source"] = placed["source"].where(placed["source"].isin(top), OTHER_LABEL)
    labels = top + ([OTHER_LABEL] if len(order) > top_n else [])
    periods = _periods_of(placed, period, selected)
    grid = pd.MultiIndex.from_product([periods, labels], names=["period_start", "source"])
    counts = placed.groupby(["period_start", "source"]).size().reindex(grid, fill_value=0)
    out = counts.rename("article_count").reset_index()
    out["article_count"] = out["article_count"].astype("int64")
    _assert_unique(out, ["period_start", "source"], "articles by period and source")
    return _described(out, **facts)


def summarise_coverage(
    articles: pd.DataFrame,
    ingest_log: pd.DataFrame | None = None,
    start=None,
    end=None,
    languages: Iterable[str] | None = None,
    include_duplicates: bool = False,
    period: str = "month",
) -> pd.DataFrame:
    """The coverage summary: from input files to articles placed in a period.

    One row per line item (key ``item``), in reading order: ``item`` (stable id),
    ``label`` (plain English), ``article_count`` and ``part_of`` (the ``item`` this line is
    a part of, null for top lines). The parts of each line add up to it:

    * ``inputs`` = ``loaded`` + ``duplicates`` + every ``skipped:<reason>``
    * ``loaded`` + ``duplicates`` = every ``excluded:<reason>`` + ``selected``
    * ``selected`` = ``placed`` + ``undated`` + ``too_coarse``

    Args:
        articles: The contract ``articles`` table.
        ingest_log: The contract ``ingest_log`` (None: inputs are the article rows).
        start: Date window start (as in :func:`select_articles`).
        end: Date window end.
        languages: As in :func:`select_articles`.
        include_duplicates: As in :func:`select_articles`.
        period: The period the charts use (decides what is "too coarse").
    """
    _check_period(period)
    classified = classify_articles(articles, start, end, languages, include_duplicates)
    selected = classified[classified["excluded_reason"].isna()]
    return _coverage(articles, ingest_log, classified, assign_periods(selected, period), period)


def _coverage(
    articles: pd.DataFrame,
    ingest_log: pd.DataFrame | None,
    classified: pd.DataFrame,
    placement: pd.DataFrame,
    period: str,
) -> pd.DataFrame:
    n_selected = int(classified["excluded_reason"].isna().sum())
    placement = placement["placement"].value_counts()
    rows: list[tuple[str, str, int, str | None]] = []
    n_loaded = int((articles["status"] == "loaded").sum())
    n_dup = int((articles["status"] == "duplicate").sum())
    if ingest_log is not None and len(ingest_log):
        skipped = ingest_log[ingest_log["status"] == "skipped"]
        reasons = skipped["reason"].astype("object").fillna("unknown").value_counts()
        n_inputs = n_loaded + n_dup + int(len(skipped))
    else:
        reasons = pd.Series(dtype="int64")
        n_inputs = n_loaded + n_dup
    rows.append(("inputs", "Input files and table rows read", n_inputs, None))
    for reason in sorted(reasons.index):
        rows.append((f"skipped:{reason}", f"Skipped: {reason}", int(reasons[reason]), "inputs"))
    rows.append(("loaded", "Articles loaded (distinct)", n_loaded, "inputs"))
    rows.append(("duplicates", "Duplicate copies (exact or near)", n_dup, "inputs"))
    excluded = classified["excluded_reason"].value_counts()
    labels = {
        "duplicate": "Excluded: duplicate copy (not new coverage)",
        "language": "Excluded: language not selected",
        "undated_with_window": "Excluded: undated, so not known to be in the date window",
        "outside_window": "Excluded: dated outside the date window",
        "straddles_window": "Excluded: date too coarse to tell if inside the date window",
    }
    for reason, label in labels.items():
        rows.append(
            (f"excluded:{reason}", label, int(excluded.get(reason, 0)), "loaded+duplicates")
        )
    rows.append(("selected", "Articles in this briefing", n_selected, "loaded+duplicates"))
    rows.append(
        (
            "placed",
            f"Placed in a {period} (shown over time)",
            int(placement.get("placed", 0)),
            "selected",
        )
    )
    rows.append(
        ("undated", "Undated (counted apart)", int(placement.get("undated", 0)), "selected")
    )
    rows.append(
        (
            "too_coarse",
            f"Date too coarse for a {period} (counted apart)",
            int(placement.get("too_coarse", 0)),
            "selected",
        )
    )
    out = pd.DataFrame(rows, columns=["item", "label", "article_count", "part_of"])
    out["article_count"] = out["article_count"].astype("int64")
    _check_coverage_adds_up(out)
    _assert_unique(out, ["item"], "coverage summary")
    return out


def _check_coverage_adds_up(summary: pd.DataFrame) -> None:
    n = summary.set_index("item")["article_count"]
    skipped = int(n[n.index.str.startswith("skipped:")].sum())
    excluded = int(n[n.index.str.startswith("excluded:")].sum())
    assert n["inputs"] == n["loaded"] + n["duplicates"] + skipped, "inputs do not add up"
    assert n["loaded"] + n["duplicates"] == excluded + n["selected"], "articles do not add up"
    assert n["selected"] == n["placed"] + n["undated"] + n["too_coarse"], "selection mismatch"


# --------------------------------------------------------------------------- actors


def _is_in(values: pd.Series, wanted: Iterable[str]) -> np.ndarray:
    """``values.isin(wanted)`` as a boolean array (null: False); per category when categorical."""
    wanted = list(wanted)
    if isinstance(values.dtype, pd.CategoricalDtype):
        hit = np.append(np.asarray(values.cat.categories.isin(wanted), dtype=bool), False)
        return hit[values.cat.codes.to_numpy()]
    return np.array(values.isin(wanted), dtype=bool)


def _in_state_rollup(m: pd.DataFrame) -> pd.Series:
    """Mentions that count for their country code at the state/organisation level.

    States, people and organisations count for their ``country``. A group counts only
    when it *is* its code (a bloc such as "the West", id ``WEST``); other groups (an armed
    group and the country it operates in) do not. Media and instruments never count.
    """
    typ = m["actor_type"]
    rollup = _is_in(typ, ROLLUP_ACTOR_TYPES)
    group = _is_in(typ, ["group"])
    if group.any():
        # Compared as plain values: the two columns may be categoricals of different sets.
        ids = m["actor_id"][group].to_numpy(dtype=object)
        codes = m["country"][group].to_numpy(dtype=object)
        group[group] = pd.Series(ids == codes).fillna(False).to_numpy(dtype=bool)
    has_code = m["country"].notna().to_numpy(dtype=bool)
    return pd.Series((rollup | group) & has_code, index=m.index)


def _level_rows(mentions: pd.DataFrame, level: str, include_places: bool) -> np.ndarray:
    """Boolean mask of the mentions that count at ``level``."""
    if level not in ("state", "person"):
        raise ParameterError(f"level must be 'state' or 'person'; got {level!r}")
    keep = np.ones(len(mentions), dtype=bool)
    if not include_places and "sense" in mentions:
        keep &= ~_is_in(mentions["sense"], ["place"])
    if level == "state":
        return keep & _in_state_rollup(mentions).to_numpy(dtype=bool)
    return keep & _is_in(mentions["actor_type"], ["person"])


def _actor_keys(mentions: pd.DataFrame, level: str, include_places: bool) -> pd.DataFrame:
    """Mentions with an ``actor_key`` for the level; one row per mention."""
    m = mentions[_level_rows(mentions, level, include_places)]
    column = "country" if level == "state" else "actor_id"
    return m.assign(actor_key=m[column].astype("object"))


def _codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes (-1 for null) and the distinct values they index (as objects).

    A categorical column (tables read with dictionary encoding) costs nothing here; any
    other column is hashed once.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(), np.asarray(values.cat.categories, dtype=object)
    codes, uniques = pd.factorize(values)
    return codes, np.asarray(uniques, dtype=object)


def _string_array(values) -> pa.Array:
    """Arrow strings of ``values`` (a Series, Index or array of str and null)."""
    try:
        return pa.array(values, type=pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pa.array([None if pd.isna(v) else str(v) for v in values], type=pa.string())


def article_positions(table: pd.DataFrame, selected: pd.DataFrame) -> np.ndarray:
    """Row position in ``selected`` of each row's ``article_id`` (-1: not selected).

    One value per row of ``table``. Each distinct id is looked up once (a mentions table
    read with a dictionary-encoded ``article_id`` maps in a second), and a table with few
    distinct ids (claims) is matched by looking the selection up in them instead.
    """
    column = table["article_id"]
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes, ids = column.cat.codes.to_numpy(), column.cat.categories
    else:
        codes, ids = pd.factorize(column)
    chosen = _string_array(selected["article_id"])
    where = np.full(len(ids) + 1, -1, dtype=np.int32)  # the last entry is for null ids
    if len(ids) and len(chosen):
        found = pc.index_in(_string_array(ids), value_set=chosen)
        where[:-1] = found.fill_null(-1).to_numpy(zero_copy_only=False)
    return where[codes]


# Largest code space counted with a dense array (bytes or int32 each): beyond, hashing.
_MAX_DENSE = 1 << 29


def _distinct_pairs(first: np.ndarray, second: np.ndarray, n_second: int) -> np.ndarray:
    """Sorted distinct values of ``first * n_second + second`` (non-negative codes)."""
    combined = first.astype(np.int64) * n_second + second
    size = (int(first.max()) + 1) * n_second if len(first) else 0
    if size <= _MAX_DENSE:
        seen = np.zeros(size, dtype=bool)
        seen[combined] = True
        return np.flatnonzero(seen)
    return np.sort(pd.unique(combined))


def _distinct_rows(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """One row per distinct combination of ``columns`` (null is a value), with ``rows``.

    Combined column by column on integer codes (categoricals cost nothing to code), so
    tens of millions of mentions reduce to their few thousand actors in a few passes; a
    column that the ones before it determine (an actor's name, given its id) costs one
    check. Rows are in no particular order.
    """
    group = np.zeros(len(frame), dtype=np.int64)
    n_groups, members, values = 1, [], []
    for column in columns:
        codes, uniques = _codes(frame[column])
        codes = codes.astype(np.int32) + 1  # 0 stands for null
        card = len(uniques) + 1
        values.append(np.append(np.array([None], dtype=object), uniques))
        if n_groups == 1:  # the first column's codes are the groups
            group, n_groups = codes.astype(np.int64), card
            members.append(np.arange(card))
            continue
        if n_groups > 1:
            seen = np.zeros(n_groups, dtype=np.int64)
            seen[group] = codes
            if np.array_equal(seen[group], codes):  # one value per group so far
                members.append(seen)
                continue
        combined = group * card + codes
        if n_groups * card <= _MAX_DENSE // 4:
            rank = np.zeros(n_groups * card, dtype=np.int32)
            rank[combined] = 1
            combos = np.flatnonzero(rank)
            rank[combos] = np.arange(len(combos), dtype=np.int32)
            group = rank[combined].astype(np.int64)
        else:
            group, combos = pd.factorize(combined)
        members = [m[combos // card] for m in members] + [combos % card]
        n_groups = len(combos)
    out = pd.DataFrame({c: v[m] for c, v, m in zip(columns, values, members, strict=True)})
    out["rows"] = np.bincount(group, minlength=n_groups) if len(group) else 0
    return out[out["rows"] > 0].reset_index(drop=True)


@dataclass(frozen=True)
class ActorArticles:
    """Selected articles × actor keys at one level: what every actor table counts.

    ``pairs`` has one row per (selected article, actor key) that occurs: ``position`` (row
    in the selection) and ``key_code`` (index into ``keys``); ``mention_counts`` holds the
    mentions of each key in the selected articles.
    """

    pairs: pd.DataFrame
    keys: np.ndarray
    mention_counts: np.ndarray


def actor_articles(
    mentions: pd.DataFrame,
    selected: pd.DataFrame,
    level: str = "state",
    include_places: bool = False,
    positions: np.ndarray | None = None,
) -> ActorArticles:
    """Reduce ``mentions`` to the selected articles × actor keys they mention, once.

    The key is the country/organisation code for ``state`` (people, capitals and demonyms
    roll up; see :func:`count_actor_articles`), the ``actor_id`` for ``person``.
    ``positions`` is :func:`article_positions` of ``mentions`` when already computed.
    """
    keep = _level_rows(mentions, level, include_places)
    if positions is None:
        positions = article_positions(mentions, selected)
    column = "country" if level == "state" else "actor_id"
    key_codes, keys = _codes(mentions[column])
    keep &= (positions >= 0) & (key_codes >= 0)
    key_codes, positions = key_codes[keep], positions[keep]
    # Only the keys that occur, numbered densely (a person level has few of all actor ids).
    mention_counts = np.bincount(key_codes, minlength=len(keys))
    used = np.flatnonzero(mention_counts)
    dense = np.zeros(len(keys), dtype=np.int64)
    dense[used] = np.arange(len(used))
    n_articles = max(len(selected), 1)
    pair = _distinct_pairs(dense[key_codes], positions, n_articles)
    pairs = pd.DataFrame({"position": pair % n_articles, "key_code": pair // n_articles})
    return ActorArticles(pairs, keys[used], mention_counts[used])


def _ranked_actors(found: ActorArticles, display: Mapping[str, str]) -> pd.DataFrame:
    pairs = found.pairs
    n_keys = len(found.keys)
    articles = np.bincount(pairs["key_code"], minlength=n_keys)
    mentions = found.mention_counts
    present = np.flatnonzero(articles)
    out = pd.DataFrame(
        {
            "actor_key": pd.Series(found.keys[present].tolist()),
            "article_count": articles[present].astype("int64"),
            "mention_count": mentions[present].astype("int64"),
        }
    )
    out = out.sort_values(["article_count", "actor_key"], ascending=[False, True])
    out = out[["actor_key", "article_count", "mention_count"]]
    out.insert(0, "rank", range(1, len(out) + 1))
    out.insert(2, "actor_name", out["actor_key"].map(lambda k: display.get(k, k)))
    out = out.reset_index(drop=True)
    _assert_unique(out, ["actor_key"], "actor articles")
    return out


_NAME_TYPE_ORDER = {"state": 0, "organisation": 1, "group": 2}


def _name_per_code(actors: pd.DataFrame, weight: pd.Series | None = None) -> dict[str, str]:
    """Pick one display name per country/organisation code from actor rows.

    Preference: the actor whose id *is* the code ("UN" -> United Nations, not the
    International Court of Justice), then a state, an organisation, a group; then the
    heavier ``weight`` (mention count); then the name, so the pick is deterministic.
    """
    a = actors[["actor_id", "name", "type", "country"]].astype("object")
    a = a.dropna(subset=["country", "name"])
    a = a[a["type"].isin(list(_NAME_TYPE_ORDER))]
    a = a.assign(
        _own=(a["actor_id"] != a["country"]).astype(int),
        _type=a["type"].map(_NAME_TYPE_ORDER),
        _weight=-(weight.reindex(a.index).fillna(0) if weight is not None else 0),
    )
    a = a.sort_values(["country", "_own", "_type", "_weight", "name"], kind="stable")
    return {str(c): str(n) for c, n in a.drop_duplicates("country")[["country", "name"]].values}


def actor_display_names(
    mentions: pd.DataFrame, level: str = "state", names: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Display name for each actor key at ``level``.

    For ``state`` the key is a country/organisation code: the name comes from ``names``
    (e.g. :func:`lexicon_display_names`), else from the mentions (the actor whose id is
    the code, else the most-mentioned state, organisation or group with that code), else
    the code itself. For ``person`` the key is ``actor_id`` and the name its ``actor_name``
    (as first mentioned).
    """
    names = dict(names or {})
    out: dict[str, str] = {}
    if mentions is None or len(mentions) == 0:
        return names
    if level == "state":
        # One row per distinct actor (a few thousand), weighted by its mentions.
        columns = ["actor_id", "actor_name", "actor_type", "country"]
        actors = _distinct_rows(mentions, columns)
        actors = actors.rename(columns={"actor_name": "name", "actor_type": "type"})
        weight = actors.groupby(["actor_id", "name"])["rows"].transform("sum")
        out.update(_name_per_code(actors, weight))
        for code in actors["country"].dropna().unique():
            out.setdefault(str(code), str(code))
    else:
        person = _is_in(mentions["actor_type"], ["person"])
        pool = mentions.loc[person, ["actor_id", "actor_name"]].dropna(subset=["actor_id"])
        pool = pool.drop_duplicates("actor_id").astype("object")
        for aid, name in pool.itertuples(index=False):
            out[str(aid)] = str(name) if pd.notna(name) else str(aid)
    out.update(names)
    return out


def lexicon_display_names(lexicon_actors: pd.DataFrame) -> dict[str, str]:
    """Code -> display name from a lexicon's ``actors`` table (actor_id, name, type, country).

    Useful as ``names`` for :func:`actor_display_names` so that a country mentioned only
    through its people or capital still gets its proper name. The actor whose id is the
    code wins, then a state, an organisation, a group.
    """
    return _name_per_code(lexicon_actors)


def count_actor_articles(
    mentions: pd.DataFrame,
    selected: pd.DataFrame,
    level: str = "state",
    names: Mapping[str, str] | None = None,
    include_places: bool = False,
) -> pd.DataFrame:
    """Articles mentioning each actor (all selected articles, dated or not).

    One row per actor (key ``actor_key``), ranked: ``rank`` (1 = most articles),
    ``actor_key`` (country code for ``state``, ``actor_id`` for ``person``), ``actor_name``,
    ``article_count``, ``mention_count``. Ties break by key.

    Args:
        mentions: The contract ``mentions`` table.
        selected: Output of :func:`select_articles`.
        level: ``state`` (roll people, capitals and demonyms up to their country code;
            media, instruments and groups left out) or ``person``.
        names: Extra display names by key (e.g. :func:`lexicon_display_names`).
        include_places: Count mentions whose ``sense`` is ``place`` ("in Ukraine") too.
    """
    found = actor_articles(mentions, selected, level, include_places)
    return _ranked_actors(found, actor_display_names(mentions, level, names))


def count_actor_articles_by_period(
    mentions: pd.DataFrame,
    selected: pd.DataFrame,
    period: str = "month",
    level: str = "state",
    top_n: int = DEFAULT_TOP_N,
    names: Mapping[str, str] | None = None,
    include_places: bool = False,
) -> pd.DataFrame:
    """Articles mentioning each of the top actors, per period, empty periods included.

    One row per period × actor (key ``period_start, actor_key``), every combination of the
    periods spanned by placed articles and the ``top_n`` actors of :func:`count_actor_articles`:
    ``period_start``, ``actor_key``, ``actor_name``, ``rank``, ``article_count``.
    """
    found = actor_articles(mentions, selected, level, include_places)
    top = _ranked_actors(found, actor_display_names(mentions, level, names)).head(top_n)
    return _actors_by_period(found, top, selected, assign_periods(selected, period), period)


def _top_pairs(found: ActorArticles, top: pd.DataFrame) -> pd.DataFrame:
    """The pairs of the ``top`` actors, with ``rank_code`` (0 = first of ``top``)."""
    rank_of = pd.Series(np.arange(len(top)), index=pd.Index(top["actor_key"], dtype=object))
    key_rank = rank_of.reindex(found.keys).fillna(-1).to_numpy(dtype=np.int64)
    pairs = found.pairs
    rank_code = key_rank[pairs["key_code"].to_numpy()] if len(found.keys) else np.array([], int)
    return pairs.assign(rank_code=rank_code)[rank_code >= 0]


def _actors_by_period(
    found: ActorArticles,
    top: pd.DataFrame,
    selected: pd.DataFrame,
    placement: pd.DataFrame,
    period: str,
) -> pd.DataFrame:
    placed_mask = (placement["placement"] == "placed").to_numpy()
    placed = placement[placed_mask]
    periods = _periods_of(placed, period, selected)
    pairs = _top_pairs(found, top)
    period_of = placement["period_start"].to_numpy()
    pairs = pairs[placed_mask[pairs["position"].to_numpy()]]
    counts = (
        pd.DataFrame(
            {
                "period_start": period_of[pairs["position"].to_numpy()],
                "actor_key": top["actor_key"].to_numpy(dtype=object)[pairs["rank_code"]],
            }
        )
        .groupby(["period_start", "actor_key"])
        .size()
    )
    grid = pd.MultiIndex.from_product(
        [periods, list(top["actor_key"])], names=["period_start", "actor_key"]
    )
    out = counts.reindex(grid, fill_value=0).rename("article_count").reset_index()
    info = top.set_index("actor_key")
    out["actor_name"] = out["actor_key"].map(info["actor_name"])
    out["rank"] = out["actor_key"].map(info["rank"]).astype("int64")
    out["article_count"] = out["article_count"].astype("int64")
    out = out[["period_start", "actor_key", "actor_name", "rank", "article_count"]]
    _assert_unique(out, ["period_start", "actor_key"], "actor articles by period")
    return _described(out, period=period, n_articles=pairs["position"].nunique())


def count_actor_cooccurrence(
    mentions: pd.DataFrame,
    selected: pd.DataFrame,
    level: str = "state",
    top_n: int = DEFAULT_TOP_N,
    names: Mapping[str, str] | None = None,
    include_places: bool = False,
) -> pd.DataFrame:
    """Articles in which two of the top actors both appear.

    One row per unordered pair of distinct top actors (key ``actor_key_a, actor_key_b``,
    with ``a`` ranked above ``b``), pairs with zero articles included: ``actor_key_a``,
    ``actor_name_a``, ``actor_key_b``, ``actor_name_b``, ``article_count``.
    """
    found = actor_articles(mentions, selected, level, include_places)
    top = _ranked_actors(found, actor_display_names(mentions, level, names)).head(top_n)
    return _cooccurrence(found, top)


def _cooccurrence(found: ActorArticles, top: pd.DataFrame) -> pd.DataFrame:
    pairs = _top_pairs(found, top)
    keys = list(top["actor_key"])
    # Which top actors each article mentions, as one row of a 0/1 matrix; only articles
    # with two or more of them add to a pair (float: a BLAS product, exact below 2**53).
    articles, row = np.unique(pairs["position"].to_numpy(), return_inverse=True)
    present = np.zeros((len(articles), len(keys)), dtype=np.uint8)
    present[row, pairs["rank_code"].to_numpy()] = 1
    several = present[present.sum(axis=1) > 1].astype(np.float64)
    both = np.rint(several.T @ several).astype(np.int64)
    name = dict(zip(top["actor_key"], top["actor_name"], strict=True))
    rows = []
    for i, a in enumerate(keys):
        for j in range(i + 1, len(keys)):
            b = keys[j]
            rows.append((a, name[a], b, name[b], int(both[i, j])))
    out = pd.DataFrame(
        rows,
        columns=["actor_key_a", "actor_name_a", "actor_key_b", "actor_name_b", "article_count"],
    ).astype({"article_count": "int64"})
    _assert_unique(out, ["actor_key_a", "actor_key_b"], "actor co-occurrence")
    return _described(out, n_articles=len(articles))


def cooccurrence_matrix(
    cooccurrence: pd.DataFrame, actor_articles: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Square, symmetric matrix form of :func:`count_actor_cooccurrence` for a heatmap.

    One row and one column per top actor (display names, in rank order); cell = articles
    mentioning both. The diagonal holds each actor's own article count when
    ``actor_articles`` (:func:`count_actor_articles`) is given, else 0.
    """
    keys: list[str] = []
    names: dict[str, str] = {}
    for side in ("a", "b"):
        for k, n in cooccurrence[[f"actor_key_{side}", f"actor_name_{side}"]].itertuples(
            index=False
        ):
            if k not in names:
                keys.append(k)
                names[k] = n
    if actor_articles is not None:
        order = [k for k in actor_articles["actor_key"] if k in names]
        keys = order + [k for k in keys if k not in order]
        if not keys:
            keys = list(actor_articles["actor_key"])
            names = dict(
                zip(actor_articles["actor_key"], actor_articles["actor_name"], strict=True)
            )
    mat = pd.DataFrame(0, index=keys, columns=keys, dtype="int64")
    for a, b, n in cooccurrence[["actor_key_a", "actor_key_b", "article_count"]].itertuples(
        index=False
    ):
        mat.loc[a, b] = n
        mat.loc[b, a] = n
    if actor_articles is not None:
        own = actor_articles.set_index("actor_key")["article_count"]
        for k in keys:
            mat.loc[k, k] = int(own.get(k, 0))
    labels = [names.get(k, k) for k in keys]
    mat.index = pd.Index(labels, name="actor")
    mat.columns = pd.Index(labels, name="actor")
    mat.attrs.update(cooccurrence.attrs)
    return mat


# --------------------------------------------------------------------------- claims


def speaker_groups(claims: pd.DataFrame) -> pd.Series:
    """Speaker group per claim row, same index as ``claims``.

    The group is ``speaker_country``, ``"MEDIA"`` for media speakers, or
    ``"UNATTRIBUTED"`` when neither is known.
    """
    country = claims["speaker_country"].astype("object")
    group = country.where(country.notna(), UNATTRIBUTED_GROUP)
    return group.where(claims["speaker_type"].astype("object") != "media", MEDIA_GROUP)


def _claims_in(claims: pd.DataFrame, selected: pd.DataFrame) -> pd.DataFrame:
    c = filter_to_articles(claims, selected)
    return c[c["stance"].isin(STANCES)]


def count_claim_articles_by_period(
    claims: pd.DataFrame,
    selected: pd.DataFrame,
    period: str = "month",
    placement: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Articles asserting and denying each claim, per period, empty periods included.

    One row per period × claim × stance (key ``period_start, claim_id, stance``), every
    combination of the spanned periods, the claims found in selected articles and both
    stances: ``period_start``, ``claim_id``, ``stance`` (assert|deny), ``article_count``
    (placed articles with at least one sentence taking that stance; one article can count
    for both stances). ``placement`` is :func:`assign_periods` of ``selected`` when
    already computed.
    """
    c = _claims_in(claims, selected)
    placed = assign_periods(selected, period) if placement is None else placement
    placed = placed[placed["placement"] == "placed"]
    periods = _periods_of(placed, period, selected)
    claim_ids = sorted(c["claim_id"].dropna().unique())
    c = c.merge(placed[["article_id", "period_start"]], on="article_id")
    counts = c.groupby(["period_start", "claim_id", "stance"])["article_id"].nunique()
    grid = pd.MultiIndex.from_product(
        [periods, claim_ids, list(STANCES)], names=["period_start", "claim_id", "stance"]
    )
    out = counts.reindex(grid, fill_value=0).rename("article_count").reset_index()
    out["article_count"] = out["article_count"].astype("int64")
    _assert_unique(out, ["period_start", "claim_id", "stance"], "claim articles by period")
    return _described(out, period=period, n_articles=c["article_id"].nunique())


def count_claim_articles_by_speaker(
    claims: pd.DataFrame, selected: pd.DataFrame, names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Who says what, long form: articles per speaker group × claim × stance.

    One row per combination that occurs (key ``speaker_group, claim_id, stance``):
    ``speaker_group`` (country code, ``MEDIA`` or ``UNATTRIBUTED``), ``speaker_label``
    (display name), ``claim_id``, ``stance``, ``article_count`` (articles, not sentences),
    ``speaker_names`` (the individual speakers, "; "-joined, sorted). All selected
    articles count, dated or not.
    """
    c = _claims_in(claims, selected)
    c = c.assign(speaker_group=speaker_groups(c))
    grouped = c.groupby(["speaker_group", "claim_id", "stance"])
    out = pd.DataFrame(
        {
            "article_count": grouped["article_id"].nunique(),
            "speaker_names": grouped["speaker_name"].agg(
                lambda s: "; ".join(sorted({str(x) for x in s.dropna()}))
            ),
        }
    ).reset_index()
    out.insert(1, "speaker_label", out["speaker_group"].map(_group_labeller(names)))
    out["article_count"] = out["article_count"].astype("int64")
    out = out.sort_values(["speaker_group", "claim_id", "stance"]).reset_index(drop=True)
    _assert_unique(out, ["speaker_group", "claim_id", "stance"], "who says what (long)")
    return out


def _group_labeller(names: Mapping[str, str] | None):
    names = dict(names or {})
    names.setdefault(MEDIA_GROUP, "Media")
    names.setdefault(UNATTRIBUTED_GROUP, "Unattributed")
    return lambda g: names.get(g, g)


def who_says_what(
    claims: pd.DataFrame, selected: pd.DataFrame, names: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Who says what: each speaker group's position on each claim.

    One row per speaker group × claim with any stance (key ``speaker_group, claim_id``):
    ``speaker_group``, ``speaker_label``, ``claim_id``, ``assert_article_count``,
    ``deny_article_count``, ``article_count`` (distinct articles with either stance),
    ``stance`` (``assert``, ``deny`` or ``both``). Sorted by total articles per group
    (descending), then group, then claim.
    """
    c = _claims_in(claims, selected)
    c = c.assign(speaker_group=speaker_groups(c))
    key = ["speaker_group", "claim_id"]
    if c.empty:
        cols = key + ["assert_article_count", "deny_article_count", "article_count", "stance"]
        out = pd.DataFrame(columns=cols)
        out.insert(1, "speaker_label", pd.Series(dtype="object"))
        return _described(out, n_articles=0)
    by_stance = c.groupby(key + ["stance"])["article_id"].nunique().unstack("stance", fill_value=0)
    by_stance = by_stance.reindex(columns=list(STANCES), fill_value=0)
    out = pd.DataFrame(
        {
            "assert_article_count": by_stance["assert"].astype("int64"),
            "deny_article_count": by_stance["deny"].astype("int64"),
            "article_count": c.groupby(key)["article_id"].nunique().astype("int64"),
        }
    ).reset_index()
    both = (out["assert_article_count"] > 0) & (out["deny_article_count"] > 0)
    out["stance"] = "assert"
    out.loc[out["assert_article_count"] == 0, "stance"] = "deny"
    out.loc[both, "stance"] = "both"
    out.insert(1, "speaker_label", out["speaker_group"].map(_group_labeller(names)))
    group_total = c.groupby("speaker_group")["article_id"].nunique()
    out["_total"] = out["speaker_group"].map(group_total)
    out = out.sort_values(["_total", "speaker_group", "claim_id"], ascending=[False, True, True])
    out = out.drop(columns="_total").reset_index(drop=True)
    _assert_unique(out, key, "who says what")
    return _described(out, n_articles=c["article_id"].nunique())


def top_speaker_groups(who: pd.DataFrame, top_n: int = DEFAULT_TOP_N) -> pd.DataFrame:
    """The :func:`who_says_what` rows of the ``top_n`` speaker groups with most articles.

    Same grain, columns and order as ``who`` (keeps the chart and table of a million
    articles as big as those of a hundred); ``attrs`` keeps ``who``'s and adds
    ``n_groups_left_out``, the speaker groups with fewer articles that are not shown.
    """
    groups = list(dict.fromkeys(who["speaker_group"]))
    out = who[who["speaker_group"].isin(groups[:top_n])].reset_index(drop=True)
    out.attrs = {**who.attrs, "n_groups_left_out": max(0, len(groups) - top_n)}
    return out


def _claim_articles(claims: pd.DataFrame, selected: pd.DataFrame) -> pd.DataFrame:
    """One row per claim × article: first sentence's speaker, stances seen, article dates."""
    c = _claims_in(claims, selected).sort_values(
        ["claim_id", "article_id", "sentence_id", "speaker_id"], kind="stable"
    )
    selected = _with_dates(selected)
    info_cols = ["article_id", "published", "date_start", "source", "url", "title"]
    info = selected[[col for col in info_cols if col in selected]]
    by_article = c.groupby(["claim_id", "article_id"])["stance"]
    stances = by_article.first().where(by_article.nunique() == 1, "both")
    first = c.drop_duplicates(["claim_id", "article_id"]).set_index(["claim_id", "article_id"])
    out = first[["speaker_name", "speaker_group"] if "speaker_group" in first else ["speaker_name"]]
    out = out.assign(stance=stances).reset_index().merge(info, on="article_id", how="left")
    return out


def claim_timeline(claims: pd.DataFrame, selected: pd.DataFrame) -> pd.DataFrame:
    """Each claim's appearances in dated articles, for a first-to-latest timeline.

    One row per claim × dated article (key ``claim_id, article_id``), sorted by claim then
    date: ``claim_id``, ``article_id``, ``date`` (Timestamp: the first day the article's
    date can mean), ``published`` (as given, e.g. "2022-10" for month precision),
    ``stance`` (assert|deny|both within that article), ``speaker_name`` (of the first
    sentence), ``source``. Undated articles are left out.
    """
    ca = _claim_articles(claims, selected)
    ca = ca[ca["date_start"].notna()].rename(columns={"date_start": "date"})
    cols = ["claim_id", "article_id", "date", "published", "stance", "speaker_name", "source"]
    ca = ca.reindex(columns=cols).sort_values(["claim_id", "date", "article_id"])
    ca = ca.reset_index(drop=True)
    _assert_unique(ca, ["claim_id", "article_id"], "claim timeline")
    return ca


def summarise_claim_appearances(claims: pd.DataFrame, selected: pd.DataFrame) -> pd.DataFrame:
    """Each claim's first and latest appearance in dated articles.

    One row per claim found in selected articles (key ``claim_id``): ``claim_id``,
    ``article_count`` (all selected articles), ``dated_article_count``, ``first_published``,
    ``first_article_id``, ``first_speaker``, ``first_source``, ``latest_published``,
    ``latest_article_id``, ``latest_speaker``, ``latest_source``. Ordering uses the first day
    an article's date can mean, then ``article_id``; a month-precision date therefore sorts
    as the 1st of its month (its ``published`` shows the real precision). First/latest
    columns are null when the claim has no dated article.
    """
    ca = _claim_articles(claims, selected)
    total = ca.groupby("claim_id")["article_id"].nunique()
    dated = ca[ca["date_start"].notna()].sort_values(["claim_id", "date_start", "article_id"])
    rows = []
    for claim_id in sorted(total.index):
        d = dated[dated["claim_id"] == claim_id]
        row = {
            "claim_id": claim_id,
            "article_count": int(total[claim_id]),
            "dated_article_count": int(len(d)),
        }
        for which, pick in (("first", 0), ("latest", -1)):
            hit = d.iloc[pick] if len(d) else None
            row[f"{which}_published"] = hit["published"] if hit is not None else None
            row[f"{which}_article_id"] = hit["article_id"] if hit is not None else None
            row[f"{which}_speaker"] = hit["speaker_name"] if hit is not None else None
            row[f"{which}_source"] = hit.get("source") if hit is not None else None
        rows.append(row)
    cols = ["claim_id", "article_count", "dated_article_count"] + [
        f"{w}_{c}"
        for w in ("first", "latest")
        for c in ("published", "article_id", "speaker", "source")
    ]
    out = pd.DataFrame(rows, columns=cols)
    _assert_unique(out, ["claim_id"], "claim appearances")
    return out


def select_key_quotes(
    claims: pd.DataFrame, selected: pd.DataFrame, per_stance: int = 2
) -> pd.DataFrame:
    """A few evidence sentences per claim and stance, picked deterministically.

    Preference: unhedged over hedged ("reportedly", "may"); then a speaker's own words
    (``quote``) over ``reported`` speech over ``narration``; then the earliest dated
    article (undated last);
    then ``article_id`` and ``sentence_id``. At most one sentence per article per claim ×
    stance, so the quotes come from different articles.

    One row per chosen sentence (key ``claim_id, stance, rank``): ``claim_id``, ``stance``,
    ``rank`` (1..per_stance), ``evidence``, ``speaker_name``, ``speaker_group``, ``mode``,
    ``hedged``, ``article_id``, ``sentence_id``, ``published``, ``source``, ``url``.
    """
    c = _claims_in(claims, selected)
    c = c.assign(speaker_group=speaker_groups(c))
    selected = _with_dates(selected)
    info_cols = [
        x for x in ["article_id", "published", "date_start", "source", "url"] if x in selected
    ]
    c = c.merge(selected[info_cols], on="article_id", how="left")
    c = c.assign(
        _mode=c["mode"].map(MODE_ORDER).fillna(len(MODE_ORDER)),
        _hedged=c["hedged"].fillna(False).astype(bool).astype(int),
    )
    c = c.sort_values(
        [
            "claim_id",
            "stance",
            "_hedged",
            "_mode",
            "date_start",
            "article_id",
            "sentence_id",
            "speaker_id",
        ],
        na_position="last",
        kind="stable",
    )
    c = c.drop_duplicates(["claim_id", "stance", "article_id"])
    c = c.groupby(["claim_id", "stance"], sort=False).head(per_stance)
    c = c.assign(rank=c.groupby(["claim_id", "stance"]).cumcount() + 1)
    cols = [
        "claim_id",
        "stance",
        "rank",
        "evidence",
        "speaker_name",
        "speaker_group",
        "mode",
        "hedged",
        "article_id",
        "sentence_id",
        "published",
        "source",
        "url",
    ]
    out = c.reindex(columns=cols).reset_index(drop=True)
    _assert_unique(out, ["claim_id", "stance", "rank"], "key quotes")
    return out


# --------------------------------------------------------------------------- bundle


@dataclass
class BriefingTables:
    """Every table the briefing shows, computed once so charts and findings agree."""

    period: str
    selected: pd.DataFrame
    coverage: pd.DataFrame
    articles_by_period: pd.DataFrame
    articles_by_period_and_source: pd.DataFrame
    state_articles: pd.DataFrame
    state_articles_by_period: pd.DataFrame
    person_articles: pd.DataFrame
    person_articles_by_period: pd.DataFrame
    state_cooccurrence: pd.DataFrame
    state_cooccurrence_matrix: pd.DataFrame
    claim_articles_by_period: pd.DataFrame
    claim_articles_by_speaker: pd.DataFrame
    who_says_what: pd.DataFrame
    claim_appearances: pd.DataFrame
    claim_timeline: pd.DataFrame
    key_quotes: pd.DataFrame
    claim_labels: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name (every DataFrame field), in field order."""
        return {k: v for k, v in vars(self).items() if isinstance(v, pd.DataFrame)}


def save_briefing_tables(tables: BriefingTables, out_dir: Path) -> list[Path]:
    """Write every briefing table as ``<name>.parquet`` in ``out_dir`` (atomic writes).

    The co-occurrence matrix is written with its row labels as an ``actor`` column; the
    ``selected`` articles without their ``text`` and ``raw_text`` (they are in the
    interim articles table already).

    Returns:
        The written paths, in field order.
    """
    written = []
    for name, df in tables.tables().items():
        if name == "state_cooccurrence_matrix":
            df = df.reset_index()
            df.columns = [str(c) for c in df.columns]
        if name == "selected":
            df = df.drop(columns=[c for c in ("text", "raw_text") if c in df])
        written.append(write_table(df, Path(out_dir) / f"{name}.parquet"))
    return written


def build_briefing_tables(
    articles: pd.DataFrame,
    mentions: pd.DataFrame,
    claims: pd.DataFrame,
    ingest_log: pd.DataFrame | None = None,
    *,
    period: str = "month",
    start=None,
    end=None,
    languages: Iterable[str] | None = None,
    include_duplicates: bool = False,
    top_n_sources: int = DEFAULT_TOP_N,
    top_n_actors: int = DEFAULT_TOP_N,
    names: Mapping[str, str] | None = None,
    claim_labels: Mapping[str, str] | None = None,
) -> BriefingTables:
    """Compute every briefing table from the contract tables with one set of parameters.

    Args:
        articles: Contract ``articles`` table.
        mentions: Contract ``mentions`` table.
        claims: Contract ``claims`` table.
        ingest_log: Contract ``ingest_log`` (optional; improves the coverage summary).
        period: ``week``, ``month`` or ``quarter``.
        start: Date window start (inclusive), or None.
        end: Date window end (inclusive), or None.
        languages: Languages to include (None: English only).
        include_duplicates: Keep duplicate copies.
        top_n_sources: Sources shown by name in the coverage chart (others: "other").
        top_n_actors: Actors shown in the actor charts.
        names: Display names by country/organisation code (e.g. :func:`lexicon_display_names`).
        claim_labels: Short label per ``claim_id`` for charts and findings.
    """
    _check_period(period)
    classified = classify_articles(articles, start, end, languages, include_duplicates)
    sel = _selected_from(classified, start, end)
    placement = assign_periods(sel, period)
    names = dict(names or {})
    state_names = actor_display_names(mentions, "state", names)
    positions = article_positions(mentions, sel)
    state_found = actor_articles(mentions, sel, "state", positions=positions)
    person_found = actor_articles(mentions, sel, "person", positions=positions)
    states = _ranked_actors(state_found, state_names)
    people = _ranked_actors(person_found, actor_display_names(mentions, "person"))
    top_states, top_people = states.head(top_n_actors), people.head(top_n_actors)
    cooc = _cooccurrence(state_found, top_states)
    claims = _claims_in(claims, sel)
    return BriefingTables(
        period=period,
        selected=sel,
        coverage=_coverage(articles, ingest_log, classified, placement, period),
        articles_by_period=count_articles_by_period(sel, period, placement),
        articles_by_period_and_source=count_articles_by_period_and_source(
            sel, period, top_n_sources, placement
        ),
        state_articles=states,
        state_articles_by_period=_actors_by_period(state_found, top_states, sel, placement, period),
        person_articles=people,
        person_articles_by_period=_actors_by_period(
            person_found, top_people, sel, placement, period
        ),
        state_cooccurrence=cooc,
        state_cooccurrence_matrix=cooccurrence_matrix(cooc, top_states),
        claim_articles_by_period=count_claim_articles_by_period(claims, sel, period, placement),
        claim_articles_by_speaker=count_claim_articles_by_speaker(claims, sel, state_names),
        who_says_what=who_says_what(claims, sel, state_names),
        claim_appearances=summarise_claim_appearances(claims, sel),
        claim_timeline=claim_timeline(claims, sel),
        key_quotes=select_key_quotes(claims, sel),
        claim_labels=dict(claim_labels or {}),
        names=state_names,
    )
