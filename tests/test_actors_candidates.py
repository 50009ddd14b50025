import pandas as pd
from test_actors import LEXICON

from newsbrief.actors import extract_mentions
from newsbrief.actors_candidates import (
    CANDIDATE_COLUMNS,
    count_candidate_names,
    discover_candidates,
    select_candidates,
)
from newsbrief.sentences import split_sentences

THREE_ARTICLES = [
    "Mohammad Bagheri met Iranian officials. Qods Aviation built the drone.",
    "In Tehran, Mohammad Bagheri spoke. Mohammad Bagheri left on Monday.",
    "Qods Aviation denied it. The Financial Times reported it.",
]


def test_discover_candidates__recurring_unknown_names_in_order():
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "text": THREE_ARTICLES})
    sentences = split_sentences(articles)
    mentions = extract_mentions(sentences, articles, LEXICON)
    candidates = discover_candidates(sentences, mentions, LEXICON)
    assert list(candidates.columns) == CANDIDATE_COLUMNS
    assert candidates[["name", "mention_count", "article_count"]].values.tolist() == [
        ["Mohammad Bagheri", 3, 2],
        ["Qods Aviation", 2, 2],
    ]
    assert candidates["example_article_id"].tolist() == ["a", "a"]


def test_select_candidates__chunks_merge_as_one_corpus():
    articles = pd.DataFrame({"article_id": ["c", "b", "a"], "text": THREE_ARTICLES})
    sentences = split_sentences(articles)
    mentions = extract_mentions(sentences, articles, LEXICON)
    whole = discover_candidates(sentences, mentions, LEXICON)
    parts = [
        count_candidate_names(
            sentences[sentences["article_id"].isin(ids)],
            mentions[mentions["article_id"].isin(ids)],
            LEXICON,
        )
        for ids in (["c"], ["b", "a"])
    ]
    assert (parts[0]["mention_count"] < 2).all()  # too rare in one chunk alone
    merged = select_candidates(pd.concat(parts, ignore_index=True))
    pd.testing.assert_frame_equal(merged, whole, check_dtype=False)
    assert merged["example_article_id"].tolist() == ["b", "a"]


def test_count_candidate_names__counts_examples_and_first_seen_order():
    texts = [
        "Qods Aviation built it. It said Qods Aviation denied it.",
        "Mohammad Bagheri met Iran's foreign minister. Qods Aviation agreed.",
    ]
    articles = pd.DataFrame({"article_id": ["b", "a"], "text": texts})
    sentences = split_sentences(articles)
    mentions = extract_mentions(sentences, articles, LEXICON)
    counts = count_candidate_names(sentences, mentions, LEXICON)
    assert counts["name"].tolist()[:2] == ["Qods Aviation", "Mohammad Bagheri"]
    row = counts.set_index("name").loc["Qods Aviation"]
    assert (row["mention_count"], row["article_count"]) == (3, 2)
    assert (row["example_article_id"], row["example"]) == ("a", "Qods Aviation agreed.")
    assert "Iran" not in counts["name"].tolist()  # inside a known mention
