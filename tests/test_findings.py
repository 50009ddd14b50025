import json

import pandas as pd
from test_aggregate import (
    actor_mentions,
    article,
    articles_df,
    claim,
    claims_df,
    corpus,
    mentions_df,
    story_claims,
)

from newsbrief import aggregate as ag
from newsbrief import findings as fi

LABELS = {"supply": "Iran supplies drones to Russia", "talks": "Iran offers expert talks"}


def tables(period="month", **kwargs):
    arts, log = corpus()
    return ag.build_briefing_tables(
        arts, actor_mentions(), story_claims(), log, period=period, claim_labels=LABELS, **kwargs
    )


def numbers(found, finding_id):
    row = found.set_index("finding_id").loc[finding_id]
    return row["text"], json.loads(row["numbers_json"])


def test_key_findings__one_row_per_finding_in_reading_order():
    found = fi.key_findings(tables())
    assert list(found.columns) == ["finding_id", "text", "numbers_json"]
    assert list(found["finding_id"]) == [
        "volume",
        "actors",
        "claim:supply",
        "claim:talks",
        "change",
    ]


def test_finding_volume__numbers_equal_the_coverage_table():
    t = tables()
    text, nums = numbers(fi.key_findings(t), "volume")
    cov = t.coverage.set_index("item")["article_count"]
    assert nums["selected"] == cov["selected"] == 5
    assert nums["placed"] == cov["placed"] == 4
    assert nums["undated"] == cov["undated"] == 1
    assert nums["busiest_count"] == int(t.articles_by_period["article_count"].max()) == 2
    assert nums["period_count"] == len(t.articles_by_period) == 4
    assert text.startswith("The briefing covers 5 articles; the 4 that can be placed in a month")
    assert "from October 2022 to January 2023" in text
    assert "busiest in December 2022 (2 articles)" in text
    assert "1 undated article" in text and "Duplicate copies excluded: 1." in text


def test_finding_actors__numbers_equal_the_actor_table():
    t = tables()
    text, nums = numbers(fi.key_findings(t), "actors")
    top = t.state_articles.set_index("actor_name")["article_count"]
    assert nums["states"] == {"Iran": 3, "Russia": 2, "Ukraine": 1}
    assert all(top[name] == n for name, n in nums["states"].items())
    assert text.startswith(
        "Iran is the most-mentioned state or organisation (3 of 5 articles), "
        "followed by Russia (2) and Ukraine (1)."
    )
    assert "Ebrahim Raisi (1)" in text


def test_finding_claims__who_asserts_and_who_denies_from_who_says_what():
    t = tables()
    text, nums = numbers(fi.key_findings(t), "claim:supply")
    who = t.who_says_what[t.who_says_what["claim_id"] == "supply"].set_index("speaker_label")
    assert nums["asserted_by"] == {"USA": 3, "Media": 1}
    assert nums["denied_by"] == {"Iran": 2, "Russia": 1}  # names from the state mentions
    for label, n in nums["denied_by"].items():
        assert who.loc[label, "deny_article_count"] == n
    assert text == (
        "“Iran supplies drones to Russia” appears in 5 articles: asserted by USA (3 articles)"
        " and Media (1 article); denied by Iran (2 articles) and Russia (1 article)."
    )


def test_finding_change__latest_period_against_the_one_before():
    t = tables()
    text, nums = numbers(fi.key_findings(t), "change")
    counts = t.articles_by_period.set_index("period_start")["article_count"]
    assert (nums["latest_count"], nums["previous_count"]) == (counts.iloc[-1], counts.iloc[-2])
    assert text.startswith(
        "In the latest month, January 2023, 1 article appeared, down from 2 in December 2022"
        " (the latest dated article is from 9 January 2023, so that month may be incomplete)."
    )
    assert nums["latest_article_date"] == "2023-01-09"
    assert nums["changed_claim"] == "supply" and nums["changed_stance"] == "assert"


def test_key_findings__empty_data_says_so():
    arts, log = corpus()
    t = ag.build_briefing_tables(arts.iloc[0:0], mentions_df(), claims_df(), log.iloc[0:0])
    assert fi.key_findings_text(t) == [
        "No articles match this selection, so there is nothing to brief."
    ]


def test_key_findings__only_undated_articles():
    arts = articles_df(article("u1", None), article("u2", None))
    t = ag.build_briefing_tables(arts, mentions_df(), claims_df())
    found = fi.key_findings_text(t)
    assert found[0] == (
        "The briefing uses 2 articles, but no dated articles can be placed in a month "
        "(2 undated articles), so nothing is shown over time."
    )
    assert "No actors from the lexicon" in found[1]
    assert "No claims from the taxonomy" in found[2]
    assert len(found) == 3  # no "change" finding without two periods


def test_key_findings__deterministic():
    a = fi.key_findings(tables("week"))
    b = fi.key_findings(tables("week"))
    pd.testing.assert_frame_equal(a, b)
    assert "the week of" in a.set_index("finding_id").loc["change", "text"]


def test_finding_claims__names_three_speaker_groups_and_counts_the_rest():
    arts = articles_df(*[article(f"x{i}", f"2022-10-0{i + 1}") for i in range(5)])
    cl = claims_df(
        *[
            claim(f"x{i}", 0, "supply", "assert", f"S{i}", country=code)
            for i, code in enumerate(["AAA", "BBB", "CCC", "DDD", "EEE"])
        ]
    )
    t = ag.build_briefing_tables(arts, mentions_df(), cl)
    text, nums = numbers(fi.key_findings(t), "claim:supply")
    assert len(nums["asserted_by"]) == 5
    assert text.endswith(
        "asserted by AAA (1 article), BBB (1 article), CCC (1 article) and 2 other speaker groups."
    )


def test_finding_claims__label_full_stop_dropped_inside_the_sentence():
    arts, log = corpus()
    t = ag.build_briefing_tables(
        arts, actor_mentions(), story_claims(), log, claim_labels={"talks": "Iran offers talks."}
    )
    text, _ = numbers(fi.key_findings(t), "claim:talks")
    assert text.startswith("“Iran offers talks” appears in 1 article:")


def test_finding_change__compares_the_period_of_the_latest_article_not_the_window_end():
    t = tables(start="2022-09-01", end="2023-06-30")
    text, nums = numbers(fi.key_findings(t), "change")
    assert nums["latest_period"] == "2023-01-01"
    assert text.startswith("In the latest month, January 2023, 1 article appeared")


def test_who_says_what_note__counts_the_speaker_groups_left_out():
    who = tables().who_says_what
    assert fi.who_says_what_note(who) == "Counts are articles, not sentences."
    top = ag.top_speaker_groups(who, 1)
    left_out = who["speaker_group"].nunique() - 1
    assert fi.who_says_what_note(top) == (
        f"Counts are articles, not sentences. {left_out} more speaker groups with fewer "
        "articles not shown."
    )
