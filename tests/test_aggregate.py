import pandas as pd
import pytest

from newsbrief import aggregate as ag
from newsbrief.errors import ParameterError

ARTICLE_COLUMNS = [
    "article_id", "input_path", "input_row", "title", "source", "url", "published",
    "date_precision", "date_basis", "date_basis_detail", "language", "is_english",
    "word_count", "text", "raw_text", "content_hash", "duplicate_of", "duplicate_kind", "status",
]  # fmt: skip
MENTION_COLUMNS = [
    "article_id", "sentence_id", "start", "end", "surface", "actor_id", "actor_name",
    "actor_type", "country", "resolved_by", "sense",
]  # fmt: skip
CLAIM_COLUMNS = [
    "article_id", "sentence_id", "claim_id", "stance", "speaker_id", "speaker_name",
    "speaker_type", "speaker_country", "hedged", "mode", "evidence", "start", "end",
]  # fmt: skip


def article(aid, published, source="Daily", status="loaded", language="en", url=None):
    precision = {10: "day", 7: "month", 4: "year"}.get(len(published or ""), "none")
    return {
        "article_id": aid, "input_path": f"{aid}.txt", "input_row": pd.NA, "title": f"T {aid}",
        "source": source, "url": url, "published": published, "date_precision": precision,
        "date_basis": "metadata" if published else "none", "date_basis_detail": None,
        "language": language, "is_english": language == "en", "word_count": 50,
        "text": "Body.", "raw_text": "Body.", "content_hash": aid,
        "duplicate_of": None, "duplicate_kind": "exact" if status == "duplicate" else None,
        "status": status,
    }  # fmt: skip


def articles_df(*rows):
    return pd.DataFrame(list(rows), columns=ARTICLE_COLUMNS)


def mention(aid, sid, start, actor_id, name, actor_type, country, sense="actor"):
    return {
        "article_id": aid, "sentence_id": sid, "start": start, "end": start + len(name),
        "surface": name, "actor_id": actor_id, "actor_name": name, "actor_type": actor_type,
        "country": country, "resolved_by": "alias", "sense": sense,
    }  # fmt: skip


def mentions_df(*rows):
    return pd.DataFrame(list(rows), columns=MENTION_COLUMNS)


def claim(aid, sid, claim_id, stance, speaker, speaker_type="person", country=None,
          mode="quote", hedged=False):  # fmt: skip
    return {
        "article_id": aid, "sentence_id": sid, "claim_id": claim_id, "stance": stance,
        "speaker_id": speaker, "speaker_name": speaker, "speaker_type": speaker_type,
        "speaker_country": country, "hedged": hedged, "mode": mode,
        "evidence": f"{speaker} on {claim_id} in {aid}/{sid}", "start": 0, "end": 10,
    }  # fmt: skip


def claims_df(*rows):
    return pd.DataFrame(list(rows), columns=CLAIM_COLUMNS)


def corpus():
    """Seven article rows: 3 placeable by month, 1 month-precision, 1 undated, 1 duplicate,
    1 French; plus a skipped input in the log."""
    arts = articles_df(
        article("a1", "2022-10-03", "Wire"),
        article("a2", "2022-12-20", "Gazette"),
        article("a3", "2022-12", "Wire"),
        article("a4", None, "Blog"),
        article("a5", "2022-10-03", "Wire", status="duplicate"),
        article("a6", "2022-11-02", "Le Journal", language="fr"),
        article("a7", "2023-01-09", "Wire"),
    )
    log = pd.DataFrame(
        {
            "input_path": [f"{a}.txt" for a in arts["article_id"]] + ["empty.txt"],
            "input_row": [pd.NA] * 8,
            "article_id": list(arts["article_id"]) + [None],
            "status": list(arts["status"]) + ["skipped"],
            "reason": [None] * 7 + ["empty text"],
            "duplicate_of": [None] * 8,
        }
    )
    return arts, log


def test_date_interval__day_month_year_and_missing():
    got = ag.date_interval(pd.Series(["2022-10-03", "2022-02", "2023", None, "garbage"]))
    assert list(got["date_start"].astype(str)[:3]) == ["2022-10-03", "2022-02-01", "2023-01-01"]
    assert list(got["date_end"].astype(str)[:3]) == ["2022-10-03", "2022-02-28", "2023-12-31"]
    assert got["date_start"][3:].isna().all()


def test_select_articles__excludes_duplicates_and_other_languages():
    arts, _ = corpus()
    assert list(ag.select_articles(arts)["article_id"]) == ["a1", "a2", "a3", "a4", "a7"]
    with_dups = ag.select_articles(arts, include_duplicates=True)
    assert "a5" in set(with_dups["article_id"])
    with_fr = ag.select_articles(arts, languages=["en", "fr"])
    assert "a6" in set(with_fr["article_id"])
    only_fr = ag.select_articles(arts, languages=["fr"])
    assert list(only_fr["article_id"]) == ["a6"]


def test_select_articles__date_window_drops_undated_outside_and_straddling():
    arts = articles_df(
        article("in", "2022-11-15"),
        article("out", "2023-02-01"),
        article("month_in", "2022-11"),
        article("month_straddles", "2022-10"),
        article("nodate", None),
    )
    got = ag.select_articles(arts, start="2022-10-15", end="2022-12-31")
    assert list(got["article_id"]) == ["in", "month_in"]
    reasons = ag.classify_articles(arts, "2022-10-15", "2022-12-31").set_index("article_id")
    assert reasons.loc["nodate", "excluded_reason"] == "undated_with_window"
    assert reasons.loc["out", "excluded_reason"] == "outside_window"
    assert reasons.loc["month_straddles", "excluded_reason"] == "straddles_window"


def test_select_articles__bad_window_raises_parameter_error():
    arts, _ = corpus()
    with pytest.raises(ParameterError, match="after end"):
        ag.select_articles(arts, start="2023-01-01", end="2022-01-01")
    with pytest.raises(ParameterError, match="start"):
        ag.select_articles(arts, start="not a date")


def test_assign_periods__month_precision_too_coarse_for_a_week():
    arts = articles_df(
        article("d", "2022-10-05"), article("m", "2022-10"), article("y", "2022"),
        article("u", None),
    )  # fmt: skip
    sel = ag.select_articles(arts)
    week = ag.assign_periods(sel, "week").set_index("article_id")
    assert week.loc["d", "period_start"] == pd.Timestamp("2022-10-03")  # the Monday
    assert week.loc["m", "placement"] == "too_coarse"
    assert week.loc["y", "placement"] == "too_coarse"
    assert week.loc["u", "placement"] == "undated"
    month = ag.assign_periods(sel, "month").set_index("article_id")
    assert month.loc["m", "period_start"] == pd.Timestamp("2022-10-01")
    quarter = ag.assign_periods(sel, "quarter").set_index("article_id")
    assert quarter.loc["m", "period_start"] == pd.Timestamp("2022-10-01")
    assert quarter.loc["y", "placement"] == "too_coarse"


def test_assign_periods__unknown_period_raises():
    arts, _ = corpus()
    with pytest.raises(ParameterError, match="period"):
        ag.assign_periods(ag.select_articles(arts), "fortnight")


def test_count_articles_by_period__fills_empty_periods_and_skips_undated():
    arts, _ = corpus()
    got = ag.count_articles_by_period(ag.select_articles(arts), "month")
    assert list(got["period_start"].dt.strftime("%Y-%m")) == [
        "2022-10", "2022-11", "2022-12", "2023-01",
    ]  # fmt: skip
    # a1 in Oct; nothing in Nov (a6 is French, a5 a duplicate); a2 + a3 in Dec; a7 in Jan.
    assert list(got["article_count"]) == [1, 0, 2, 1]


def test_count_articles_by_period__quarter():
    arts, _ = corpus()
    got = ag.count_articles_by_period(ag.select_articles(arts), "quarter")
    assert list(got["period_start"].astype(str)) == ["2022-10-01", "2023-01-01"]
    assert list(got["article_count"]) == [3, 1]


def test_count_articles_by_period__empty_selection():
    arts, _ = corpus()
    got = ag.count_articles_by_period(ag.select_articles(arts.iloc[0:0]), "month")
    assert got.empty and list(got.columns) == ["period_start", "article_count"]


def test_count_articles_by_period_and_source__top_n_and_other():
    arts, _ = corpus()
    got = ag.count_articles_by_period_and_source(ag.select_articles(arts), "month", top_n=1)
    assert list(dict.fromkeys(got["source"])) == ["Wire", "other"]
    assert int(got["article_count"].sum()) == 4
    dec = got[got["period_start"] == pd.Timestamp("2022-12-01")].set_index("source")
    assert dec.loc["Wire", "article_count"] == 1 and dec.loc["other", "article_count"] == 1
    assert len(got) == 4 * 2  # every period x source, zeros included


def test_summarise_coverage__numbers_add_up():
    arts, log = corpus()
    got = ag.summarise_coverage(arts, log, period="month").set_index("item")["article_count"]
    assert got["inputs"] == 8
    assert got["skipped:empty text"] == 1
    assert got["loaded"] == 6 and got["duplicates"] == 1
    assert got["excluded:duplicate"] == 1 and got["excluded:language"] == 1
    assert got["selected"] == 5
    assert (got["placed"], got["undated"], got["too_coarse"]) == (4, 1, 0)


def test_summarise_coverage__week_counts_month_precision_apart():
    arts, log = corpus()
    got = ag.summarise_coverage(arts, log, period="week").set_index("item")["article_count"]
    assert (got["placed"], got["undated"], got["too_coarse"]) == (3, 1, 1)


def actor_mentions():
    return mentions_df(
        mention("a1", 0, 0, "IRN", "Iran", "state", "IRN"),
        mention("a1", 1, 30, "IRN", "Iran", "state", "IRN"),
        mention("a1", 1, 60, "RUS", "Russia", "state", "RUS"),
        mention("a1", 2, 90, "UKR", "Ukraine", "state", "UKR", sense="place"),
        mention("a2", 0, 0, "raisi", "Ebrahim Raisi", "person", "IRN"),
        mention("a2", 0, 40, "irna", "IRNA", "media", "IRN"),
        mention("a3", 0, 0, "RUS", "Russia", "state", "RUS"),
        mention("a3", 0, 20, "zelensky", "Volodymyr Zelensky", "person", "UKR"),
        mention("a4", 0, 0, "IRN", "Iran", "state", "IRN"),
        mention("a5", 0, 0, "IRN", "Iran", "state", "IRN"),  # duplicate article
        mention("a7", 0, 0, "shahed", "Shahed-136", "instrument", "IRN"),
    )


def test_count_actor_articles__state_rollup_counts_articles_not_mentions():
    arts, _ = corpus()
    got = ag.count_actor_articles(actor_mentions(), ag.select_articles(arts), "state")
    got = got.set_index("actor_key")
    # Iran: a1 (twice), a2 via Raisi, a4 undated; not a2's media outlet, a5's duplicate
    # or a7's drone.
    assert got.loc["IRN", "article_count"] == 3
    assert got.loc["IRN", "mention_count"] == 4
    assert got.loc["IRN", "rank"] == 1
    assert got.loc["RUS", "article_count"] == 2
    # Ukraine only as a place in a1; via Zelensky in a3.
    assert got.loc["UKR", "article_count"] == 1
    with_places = ag.count_actor_articles(
        actor_mentions(), ag.select_articles(arts), "state", include_places=True
    ).set_index("actor_key")
    assert with_places.loc["UKR", "article_count"] == 2


def test_count_actor_articles__person_level_and_names():
    arts, _ = corpus()
    got = ag.count_actor_articles(actor_mentions(), ag.select_articles(arts), "person")
    assert list(got["actor_name"]) == ["Ebrahim Raisi", "Volodymyr Zelensky"]
    named = ag.count_actor_articles(
        actor_mentions(), ag.select_articles(arts), "state", names={"IRN": "Islamic Republic"}
    )
    assert named.iloc[0]["actor_name"] == "Islamic Republic"


def test_count_actor_articles_by_period__grid_of_top_actors():
    arts, _ = corpus()
    got = ag.count_actor_articles_by_period(
        actor_mentions(), ag.select_articles(arts), "month", "state", top_n=2
    )
    assert set(got["actor_key"]) == {"IRN", "RUS"}
    assert len(got) == 4 * 2
    table = got.pivot(index="period_start", columns="actor_key", values="article_count")
    assert list(table["IRN"]) == [1, 0, 1, 0]  # a4 is undated: counted in totals only
    assert list(table["RUS"]) == [1, 0, 1, 0]


def test_count_actor_cooccurrence__pairs_and_symmetric_matrix():
    arts, _ = corpus()
    sel = ag.select_articles(arts)
    top = ag.count_actor_articles(actor_mentions(), sel, "state")
    pairs = ag.count_actor_cooccurrence(actor_mentions(), sel, "state", top_n=3)
    assert len(pairs) == 3  # 3 actors -> 3 unordered pairs, zeros kept
    got = pairs.set_index(["actor_key_a", "actor_key_b"])["article_count"]
    assert got[("IRN", "RUS")] == 1 and got[("RUS", "UKR")] == 1 and got[("IRN", "UKR")] == 0
    matrix = ag.cooccurrence_matrix(pairs, top)
    assert (matrix.to_numpy() == matrix.to_numpy().T).all()
    assert matrix.loc["Iran", "Russia"] == 1
    assert matrix.loc["Iran", "Iran"] == 3  # diagonal: the actor's own article count


def story_claims():
    return claims_df(
        claim("a1", 0, "supply", "deny", "Kanaani", country="IRN"),
        claim("a1", 1, "supply", "deny", "Kanaani", country="IRN"),  # same article again
        claim("a1", 2, "supply", "assert", "Kirby", country="USA", mode="reported"),
        claim("a2", 0, "supply", "assert", "Kirby", country="USA"),
        claim("a2", 1, "supply", "deny", "Nebenzia", country="RUS"),
        claim("a3", 0, "supply", "assert", "Gazette", speaker_type="media", mode="narration"),
        claim("a3", 1, "talks", "assert", "Amirabdollahian", country="IRN"),
        claim("a4", 0, "supply", "deny", "Kanaani", country="IRN"),  # undated
        claim("a5", 0, "supply", "deny", "Kanaani", country="IRN"),  # duplicate: ignored
        claim("a7", 0, "supply", "assert", "Kirby", country="USA", mode="narration"),
        claim("a7", 1, "supply", "assert", "Kirby", country="USA", mode="quote", hedged=True),
    )


def test_count_claim_articles_by_period__counts_articles_per_stance():
    arts, _ = corpus()
    got = ag.count_claim_articles_by_period(story_claims(), ag.select_articles(arts), "month")
    assert len(got) == 4 * 2 * 2  # periods x claims x stances
    supply = got[got["claim_id"] == "supply"].pivot(
        index="period_start", columns="stance", values="article_count"
    )
    assert list(supply["deny"]) == [1, 0, 1, 0]  # a1 once despite two sentences; a2
    assert list(supply["assert"]) == [1, 0, 2, 1]  # a1; a2 + a3; a7


def test_who_says_what__groups_media_and_counts_articles():
    arts, _ = corpus()
    got = ag.who_says_what(story_claims(), ag.select_articles(arts), {"IRN": "Iran"})
    got = got.set_index(["speaker_group", "claim_id"])
    assert got.loc[("IRN", "supply"), "deny_article_count"] == 2  # a1 (2 sentences) + a4
    assert got.loc[("IRN", "supply"), "stance"] == "deny"
    assert got.loc[("IRN", "supply"), "speaker_label"] == "Iran"
    assert got.loc[("USA", "supply"), "assert_article_count"] == 3  # a1, a2, a7
    assert got.loc[("MEDIA", "supply"), "speaker_label"] == "Media"
    assert got.loc[("RUS", "supply"), "stance"] == "deny"
    long = ag.count_claim_articles_by_speaker(story_claims(), ag.select_articles(arts))
    row = long.set_index(["speaker_group", "claim_id", "stance"]).loc[("IRN", "supply", "deny")]
    assert row["article_count"] == 2 and row["speaker_names"] == "Kanaani"


def test_who_says_what__both_stances():
    arts = articles_df(article("x", "2022-10-01"), article("y", "2022-10-02"))
    cl = claims_df(
        claim("x", 0, "supply", "assert", "A", country="GBR"),
        claim("y", 0, "supply", "deny", "B", country="GBR"),
    )
    got = ag.who_says_what(cl, ag.select_articles(arts)).iloc[0]
    assert (got["stance"], got["article_count"]) == ("both", 2)


def test_top_speaker_groups__keeps_the_groups_with_most_articles():
    arts, _ = corpus()
    who = ag.who_says_what(story_claims(), ag.select_articles(arts))
    groups = list(dict.fromkeys(who["speaker_group"]))
    top = ag.top_speaker_groups(who, 2)
    assert list(dict.fromkeys(top["speaker_group"])) == groups[:2]
    assert len(top) == who["speaker_group"].isin(groups[:2]).sum()
    assert top.attrs["n_groups_left_out"] == len(groups) - 2
    assert top.attrs["n_articles"] == who.attrs["n_articles"]
    assert ag.top_speaker_groups(who, 50).attrs["n_groups_left_out"] == 0


def test_build_briefing_tables__same_tables_from_categorical_mentions():
    arts, _ = corpus()
    plain = ag.build_briefing_tables(arts, actor_mentions(), story_claims(), period="week")
    coded = actor_mentions().astype({c: "category" for c in ("article_id", "actor_id", "country")})
    again = ag.build_briefing_tables(arts, coded, story_claims(), period="week")
    for name, table in plain.tables().items():
        pd.testing.assert_frame_equal(again.tables()[name], table, obj=name)
    assert again.names == plain.names


def test_summarise_claim_appearances__first_and_latest():
    arts, _ = corpus()
    got = ag.summarise_claim_appearances(story_claims(), ag.select_articles(arts))
    supply = got.set_index("claim_id").loc["supply"]
    assert supply["article_count"] == 5 and supply["dated_article_count"] == 4
    assert (supply["first_published"], supply["first_article_id"]) == ("2022-10-03", "a1")
    assert supply["first_speaker"] == "Kanaani"
    assert (supply["latest_published"], supply["latest_article_id"]) == ("2023-01-09", "a7")


def test_claim_timeline__one_row_per_dated_article():
    arts, _ = corpus()
    got = ag.claim_timeline(story_claims(), ag.select_articles(arts))
    supply = got[got["claim_id"] == "supply"]
    assert list(supply["article_id"]) == ["a1", "a3", "a2", "a7"]  # a3 is Dec 1st (month)
    assert supply.set_index("article_id").loc["a1", "stance"] == "both"


def test_select_key_quotes__prefers_quotes_then_earliest_one_per_article():
    arts, _ = corpus()
    got = ag.select_key_quotes(story_claims(), ag.select_articles(arts), per_stance=2)
    asserts = got[(got["claim_id"] == "supply") & (got["stance"] == "assert")]
    # a2 is a direct quote; a1 reported; a7's quote is hedged; a3 narration.
    assert list(asserts["article_id"]) == ["a2", "a1"]
    assert list(asserts["rank"]) == [1, 2]
    denies = got[(got["claim_id"] == "supply") & (got["stance"] == "deny")]
    assert list(denies["article_id"]) == ["a1", "a2"]  # undated a4 comes last
    assert denies.iloc[0]["sentence_id"] == 0


def test_filter_to_articles__keeps_selected_rows_only():
    arts, _ = corpus()
    got = ag.filter_to_articles(story_claims(), ag.select_articles(arts))
    assert "a5" not in set(got["article_id"]) and len(got) == 10


def test_build_briefing_tables__empty_inputs_do_not_fail():
    arts, log = corpus()
    tables = ag.build_briefing_tables(arts.iloc[0:0], mentions_df(), claims_df(), log.iloc[0:0])
    assert tables.articles_by_period.empty and tables.who_says_what.empty
    assert tables.coverage.set_index("item").loc["selected", "article_count"] == 0


def test_build_briefing_tables__same_numbers_as_the_parts():
    arts, log = corpus()
    tables = ag.build_briefing_tables(arts, actor_mentions(), story_claims(), log, period="week")
    direct = ag.count_articles_by_period(ag.select_articles(arts), "week")
    pd.testing.assert_frame_equal(tables.articles_by_period, direct)
    assert tables.names["IRN"] == "Iran"


def test_lexicon_display_names__the_actor_whose_id_is_the_code_wins():
    lexicon = pd.DataFrame(
        {
            "actor_id": ["icj", "UN", "irn_mfa", "IRN", "WEST", "tt"],
            "name": ["International Court of Justice", "United Nations", "Foreign Ministry",
                     "Iran", "the West", "Tehran Times"],
            "type": ["organisation", "organisation", "organisation", "state", "group", "media"],
            "country": ["UN", "UN", "IRN", "IRN", "WEST", "IRN"],
        }
    )  # fmt: skip
    assert ag.lexicon_display_names(lexicon) == {
        "IRN": "Iran", "UN": "United Nations", "WEST": "the West",
    }  # fmt: skip


def test_count_actor_articles__blocs_roll_up_armed_groups_do_not():
    arts = articles_df(article("x", "2022-10-01"))
    ms = mentions_df(
        mention("x", 0, 0, "WEST", "the West", "group", "WEST"),
        mention("x", 0, 20, "hezbollah", "Hezbollah", "group", "LBN"),
        mention("x", 0, 40, "icj", "International Court of Justice", "organisation", "UN"),
    )
    got = ag.count_actor_articles(ms, ag.select_articles(arts), "state")
    assert list(got["actor_key"]) == ["UN", "WEST"]
    assert list(got["actor_name"]) == ["International Court of Justice", "the West"]


def test_save_briefing_tables__writes_every_table(tmp_path):
    arts, log = corpus()
    tables = ag.build_briefing_tables(arts, actor_mentions(), story_claims(), log)
    written = ag.save_briefing_tables(tables, tmp_path)
    assert {p.stem for p in written} == set(tables.tables())
    who = pd.read_parquet(tmp_path / "who_says_what.parquet")
    pd.testing.assert_frame_equal(who, tables.who_says_what, check_dtype=False)
    matrix = pd.read_parquet(tmp_path / "state_cooccurrence_matrix.parquet")
    assert list(matrix["actor"]) == ["Iran", "Russia", "Ukraine"]
    assert "text" not in pd.read_parquet(tmp_path / "selected.parquet")


def test_claim_timeline__accepts_articles_without_date_columns():
    arts, _ = corpus()
    plain = arts[arts["status"] == "loaded"]
    got = ag.claim_timeline(story_claims(), plain)
    assert got["date"].notna().all() and "a4" not in set(got["article_id"])


def test_count_articles_by_period__spans_the_whole_date_window():
    arts, _ = corpus()
    sel = ag.select_articles(arts, start="2022-09-01", end="2023-03-31")
    got = ag.count_articles_by_period(sel, "month")
    assert got["period_start"].iloc[0] == pd.Timestamp("2022-09-01")
    assert got["period_start"].iloc[-1] == pd.Timestamp("2023-03-01")
    assert list(got["article_count"]) == [0, 1, 0, 2, 1, 0, 0]


def test_build_briefing_tables__row_order_of_the_inputs_does_not_matter():
    arts, log = corpus()
    first = ag.build_briefing_tables(arts, actor_mentions(), story_claims(), log)
    second = ag.build_briefing_tables(
        arts.sample(frac=1, random_state=1),
        actor_mentions().sample(frac=1, random_state=2),
        story_claims().sample(frac=1, random_state=3),
        log.sample(frac=1, random_state=4),
    )
    for name, table in first.tables().items():
        pd.testing.assert_frame_equal(
            table.reset_index(drop=True), second.tables()[name].reset_index(drop=True), obj=name
        )


def test_select_articles__all_languages_and_duplicates_in_coverage():
    arts, log = corpus()
    assert len(ag.select_articles(arts, languages="*")) == 6
    got = ag.summarise_coverage(arts, log, include_duplicates=True).set_index("item")
    assert got.loc["excluded:duplicate", "article_count"] == 0
    assert got.loc["selected", "article_count"] == 6


def test_assign_periods__a_sunday_belongs_to_the_week_starting_monday():
    sel = ag.select_articles(articles_df(article("sun", "2022-10-09")))
    got = ag.assign_periods(sel, "week")
    assert got.loc[0, "period_start"] == pd.Timestamp("2022-10-03")
