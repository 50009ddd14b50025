"""Key findings: a few plain-English sentences written from the briefing tables.

Every number in a finding is read from a table in
:class:`newsbrief.aggregate.BriefingTables`, the same tables the charts draw, so the text
and the charts cannot disagree. Each finding keeps the numbers behind it.
"""

from __future__ import annotations

import json

import pandas as pd

from newsbrief.aggregate import BriefingTables, assign_periods

FINDING_COLUMNS = ["finding_id", "text", "numbers_json"]
MAX_ACTORS = 3
MAX_CLAIMS = 4
PERIOD_OFFSETS = {
    "week": pd.offsets.Week(1),
    "month": pd.offsets.MonthBegin(1),
    "quarter": pd.offsets.QuarterBegin(1, startingMonth=1),
}
MAX_SPEAKERS = 3  # speaker groups named per stance; the rest are counted


def _period_name(p, period: str) -> str:
    p = pd.Timestamp(p)
    if period == "week":
        return f"the week of {p.day} {p.strftime('%B %Y')}"
    if period == "quarter":
        return f"{p.year} Q{(p.month - 1) // 3 + 1}"
    return p.strftime("%B %Y")


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


def _claim_name(labels, claim_id: str) -> str:
    """The claim's label without a final full stop (it sits inside a sentence)."""
    return str(labels.get(claim_id, claim_id)).strip().rstrip(".")


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _coverage_counts(tables: BriefingTables) -> dict[str, int]:
    return {str(k): int(v) for k, v in tables.coverage.set_index("item")["article_count"].items()}


def finding_volume(tables: BriefingTables) -> tuple[str, dict]:
    """How many articles, over what span, and what was counted apart."""
    cov = _coverage_counts(tables)
    by_period = tables.articles_by_period
    period = tables.period
    numbers = {
        "selected": cov["selected"],
        "placed": cov["placed"],
        "undated": cov["undated"],
        "too_coarse": cov["too_coarse"],
        "duplicates_excluded": cov.get("excluded:duplicate", 0),
    }
    if cov["selected"] == 0:
        return "No articles match this selection, so there is nothing to brief.", numbers
    apart = []
    if cov["undated"]:
        apart.append(f"{_plural(cov['undated'], 'undated article')}")
    if cov["too_coarse"]:
        apart.append(f"{cov['too_coarse']:,} dated too coarsely to place in a {period}")
    dup = numbers["duplicates_excluded"]
    tail = f" Duplicate copies excluded: {dup:,}." if dup else ""
    if cov["placed"] == 0 or by_period.empty:
        text = (
            f"The briefing uses {_plural(cov['selected'], 'article')}, but no dated articles "
            f"can be placed in a {period}"
            + (f" ({_join(apart)})" if apart else "")
            + f", so nothing is shown over time.{tail}"
        )
        return text, numbers
    first, last = by_period["period_start"].min(), by_period["period_start"].max()
    busiest = by_period.sort_values(["article_count", "period_start"], ascending=[False, True])
    top = busiest.iloc[0]
    numbers.update(
        first_period=str(pd.Timestamp(first).date()),
        last_period=str(pd.Timestamp(last).date()),
        period_count=int(len(by_period)),
        busiest_period=str(pd.Timestamp(top["period_start"]).date()),
        busiest_count=int(top["article_count"]),
    )
    span = (
        f"in {_period_name(first, period)}"
        if first == last
        else f"from {_period_name(first, period)} to {_period_name(last, period)}"
    )
    text = f"The briefing covers {_plural(cov['selected'], 'article')}"
    if cov["placed"] == cov["selected"]:
        text += f" published {span}"
    else:
        text += f"; the {cov['placed']:,} that can be placed in a {period} run {span}"
    if len(by_period) > 1:
        text += (
            f", busiest in {_period_name(top['period_start'], period)} "
            f"({_plural(int(top['article_count']), 'article')})"
        )
    text += "."
    if apart:
        text += f" Counted apart: {_join(apart)}."
    return text + tail, numbers


def finding_actors(tables: BriefingTables) -> tuple[str, dict]:
    """The most-mentioned states/organisations and people, in articles."""
    states = tables.state_articles.head(MAX_ACTORS)
    people = tables.person_articles.head(MAX_ACTORS)
    total = int(len(tables.selected))
    numbers = {
        "selected": total,
        "states": {str(r.actor_name): int(r.article_count) for r in states.itertuples()},
        "people": {str(r.actor_name): int(r.article_count) for r in people.itertuples()},
    }
    if states.empty and people.empty:
        return "No actors from the lexicon are mentioned in the selected articles.", numbers
    parts = []
    if not states.empty:
        lead = states.iloc[0]
        text = (
            f"{lead['actor_name']} is the most-mentioned state or organisation "
            f"({int(lead['article_count']):,} of {_plural(total, 'article')})"
        )
        rest = [f"{r.actor_name} ({int(r.article_count):,})" for r in states.iloc[1:].itertuples()]
        if rest:
            text += f", followed by {_join(rest)}"
        parts.append(text + ".")
    if not people.empty:
        names = [f"{r.actor_name} ({int(r.article_count):,})" for r in people.itertuples()]
        parts.append(
            f"The most-mentioned {'people are' if len(names) > 1 else 'person is'} {_join(names)}."
        )
    return " ".join(parts), numbers


def _speaker_list(rows: pd.DataFrame, column: str) -> str:
    """Name the first few speaker groups with their counts; count the rest."""
    named = [
        f"{r.speaker_label} ({_plural(int(getattr(r, column)), 'article')})"
        for r in rows.head(MAX_SPEAKERS).itertuples()
    ]
    rest = len(rows) - len(named)
    if rest:
        named.append(_plural(rest, "other speaker group"))
    return _join(named)


def finding_claims(tables: BriefingTables) -> list[tuple[str, dict]]:
    """For the most-discussed claims: who asserts them and who denies them."""
    who = tables.who_says_what
    if who.empty:
        return [("No claims from the taxonomy are found in the selected articles.", {})]
    labels = tables.claim_labels
    totals = tables.claim_appearances.set_index("claim_id")["article_count"]
    claim_ids = sorted(totals.index, key=lambda c: (-int(totals[c]), c))[:MAX_CLAIMS]
    out = []
    for claim_id in claim_ids:
        sub = who[who["claim_id"] == claim_id]
        asserters = sub[sub["assert_article_count"] > 0].sort_values(
            ["assert_article_count", "speaker_group"], ascending=[False, True]
        )
        deniers = sub[sub["deny_article_count"] > 0].sort_values(
            ["deny_article_count", "speaker_group"], ascending=[False, True]
        )
        numbers = {
            "claim_id": claim_id,
            "article_count": int(totals[claim_id]),
            "asserted_by": {
                str(r.speaker_label): int(r.assert_article_count) for r in asserters.itertuples()
            },
            "denied_by": {
                str(r.speaker_label): int(r.deny_article_count) for r in deniers.itertuples()
            },
        }
        name = _claim_name(labels, claim_id)
        said = []
        if len(asserters):
            said.append("asserted by " + _speaker_list(asserters, "assert_article_count"))
        if len(deniers):
            said.append("denied by " + _speaker_list(deniers, "deny_article_count"))
        text = f"“{name}” appears in {_plural(int(totals[claim_id]), 'article')}: "
        text += "; ".join(said) + "."
        out.append((text, numbers))
    return out


def finding_change(tables: BriefingTables) -> tuple[str, dict] | None:
    """What changed in the latest period with articles against the one before.

    "Latest" is the period of the latest placed article (a date window may stretch the
    tables past it). None when there is no earlier period to compare with.
    """
    period = tables.period
    placement = assign_periods(tables.selected, period)
    placed = placement["placement"].to_numpy() == "placed"
    if not placed.any():
        return None
    latest = pd.Timestamp(tables.selected["date_start"][placed].max())
    last_start = placement["period_start"][placed].max()
    by_period = tables.articles_by_period.sort_values("period_start")
    by_period = by_period[by_period["period_start"] <= last_start]
    if len(by_period) < 2:
        return None
    last, prev = by_period.iloc[-1], by_period.iloc[-2]
    n_last, n_prev = int(last["article_count"]), int(prev["article_count"])
    numbers = {
        "latest_period": str(pd.Timestamp(last["period_start"]).date()),
        "previous_period": str(pd.Timestamp(prev["period_start"]).date()),
        "latest_count": n_last,
        "previous_count": n_prev,
        "latest_article_date": str(latest.date()),
    }
    verb = "up from" if n_last > n_prev else ("down from" if n_last < n_prev else "the same as")
    text = (
        f"In the latest {period}, {_period_name(last['period_start'], period)}, "
        f"{_plural(n_last, 'article')} appeared, {verb} {n_prev:,} in "
        f"{_period_name(prev['period_start'], period)}"
    )
    period_end = pd.Timestamp(last["period_start"]) + PERIOD_OFFSETS[period] - pd.Timedelta(days=1)
    if latest < period_end:
        text += (
            f" (the latest dated article is from {latest.day} {latest.strftime('%B %Y')}, "
            f"so that {period} may be incomplete)"
        )
    text += "."
    claims = tables.claim_articles_by_period
    cur = claims[claims["period_start"] == last["period_start"]]
    before = claims[claims["period_start"] == prev["period_start"]]
    merged = cur.merge(before, on=["claim_id", "stance"], suffixes=("_last", "_prev"))
    merged = merged.assign(delta=merged["article_count_last"] - merged["article_count_prev"])
    merged = merged[merged["delta"] != 0].assign(size=lambda d: d["delta"].abs())
    merged = merged.sort_values(["size", "claim_id", "stance"], ascending=[False, True, True])
    if len(merged):
        r = merged.iloc[0]
        name = _claim_name(tables.claim_labels, r["claim_id"])
        verb = "asserting" if r["stance"] == "assert" else "denying"
        numbers.update(
            changed_claim=str(r["claim_id"]),
            changed_stance=str(r["stance"]),
            changed_latest=int(r["article_count_last"]),
            changed_previous=int(r["article_count_prev"]),
        )
        text += (
            f" The biggest change: articles {verb} “{name}” went from "
            f"{int(r['article_count_prev']):,} to {int(r['article_count_last']):,}."
        )
    return text, numbers


def who_says_what_note(who: pd.DataFrame) -> str:
    """The line under the who-says-what table: the unit, and any speaker groups left out.

    Args:
        who: :func:`newsbrief.aggregate.who_says_what`, or its
            :func:`~newsbrief.aggregate.top_speaker_groups`.
    """
    note = "Counts are articles, not sentences."
    left_out = int(who.attrs.get("n_groups_left_out", 0))
    if left_out:
        note += f" {_plural(left_out, 'more speaker group')} with fewer articles not shown."
    return note


def key_findings(tables: BriefingTables) -> pd.DataFrame:
    """The key findings, in reading order.

    One row per finding (key ``finding_id``): ``finding_id`` (``volume``, ``actors``,
    ``claim:<claim_id>``, ``change``), ``text`` (one or two sentences), ``numbers_json``
    (the numbers behind the text, as sorted JSON). Works on empty tables (says so).
    """
    rows = []
    text, numbers = finding_volume(tables)
    rows.append(("volume", text, numbers))
    if len(tables.selected):
        text, numbers = finding_actors(tables)
        rows.append(("actors", text, numbers))
        for text, numbers in finding_claims(tables):
            rows.append((f"claim:{numbers.get('claim_id', '')}".rstrip(":"), text, numbers))
        change = finding_change(tables)
        if change is not None:
            rows.append(("change", change[0], change[1]))
    out = pd.DataFrame(
        [
            (fid, text, json.dumps(nums, sort_keys=True, ensure_ascii=False))
            for fid, text, nums in rows
        ],
        columns=FINDING_COLUMNS,
    )
    assert not out["finding_id"].duplicated().any(), "finding ids are not unique"
    return out


def key_findings_text(tables: BriefingTables) -> list[str]:
    """The key findings as a list of sentences (see :func:`key_findings`)."""
    return list(key_findings(tables)["text"])
