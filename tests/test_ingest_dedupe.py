import numpy as np
import pandas as pd

from newsbrief.ingest_dedupe import (
    assign_duplicates,
    find_cross_near_pairs,
    find_near_pairs,
    mark_duplicates,
    near_signatures,
)
from newsbrief.text import content_hash

BASE = " ".join(f"Sentence number {i} tells the reader about drones and talks in town {i}."
                for i in range(30))  # fmt: skip
OTHER = " ".join(f"Paragraph {i} covers wheat prices and shipping insurance in port {i}."
                 for i in range(30))  # fmt: skip


def frame(rows):
    df = pd.DataFrame(rows, columns=["article_id", "published", "text"])
    df["content_hash"] = df["text"].map(content_hash)
    return df


def test_find_near_pairs__copy_with_furniture_is_near():
    copy = "Menu Home World Sport\nBy Wire\n" + BASE + "\nRelated: other stories you may like"
    assert find_near_pairs([BASE, copy, OTHER]) == [(0, 1)]


def test_find_near_pairs__long_article_quoting_short_one_is_not_near():
    short = BASE[: len(BASE) // 4]
    longer = OTHER + " " + short + " " + OTHER.replace("wheat", "barley")
    assert find_near_pairs([short, longer]) == []


def test_find_near_pairs__short_texts_only_exact():
    assert find_near_pairs(["Putin meets envoy", "Putin meets envoy today"]) == []


def test_mark_duplicates__earliest_date_then_id_is_kept():
    df = frame([("b", "2022-10-18", BASE), ("a", "2022-10-19", BASE), ("c", None, BASE),
                ("d", "2022-10-17", OTHER)])  # fmt: skip
    out = mark_duplicates(df).set_index("article_id")
    assert out.loc["b", "status"] == "loaded"
    assert out.loc["a", "duplicate_of"] == "b" and out.loc["a", "duplicate_kind"] == "exact"
    assert out.loc["c", "duplicate_of"] == "b"
    assert out.loc["d", "status"] == "loaded" and out.loc["d", "duplicate_of"] is None


def test_mark_duplicates__no_chaining_through_a_duplicate(monkeypatch):
    import newsbrief.ingest_dedupe as dedupe

    # a~b and b~c are near duplicates, a and c are not: c must not point to a.
    monkeypatch.setattr(dedupe, "find_near_pairs", lambda texts: [(0, 1), (1, 2)])
    df = frame([("a", "2022-01-01", "x " + BASE), ("b", "2022-01-02", "y " + BASE),
                ("c", "2022-01-03", "z " + BASE)])  # fmt: skip
    out = dedupe.mark_duplicates(df).set_index("article_id")
    assert out.loc["b", "duplicate_of"] == "a" and out.loc["b", "duplicate_kind"] == "near"
    assert out.loc["c", "duplicate_of"] is None and out.loc["c", "status"] == "loaded"


def test_lead_sentence__skips_headline_menu_and_caption():
    from newsbrief.ingest_dedupe import lead_sentence

    text = ("Home World Business Sport\nMinistry rejects drone reports\n"
            "A man looks at wreckage in the capital on Monday\n"
            "The foreign ministry on Tuesday rejected reports that it had shipped drones abroad. "
            "More follows.")  # fmt: skip
    assert lead_sentence(text).startswith("The foreign ministry on Tuesday")
    assert lead_sentence("Short line.\nAnother short one.") is None


def test_find_near_pairs__follow_up_with_new_lead_is_not_near():
    new_lead = " ".join(f"Official {i} said on Wednesday that inquiry {i} would widen to cover "
                        f"shipping firm {i} and bank {i}." for i in range(12))  # fmt: skip
    follow_up = new_lead + BASE
    assert find_near_pairs([BASE, follow_up]) == []


def test_assign_duplicates__chain_points_to_earliest_kept():
    dup_of, kind = assign_duplicates(
        ["x", "y", "z"], ["2022-01-01", "2022-01-02", None], ["h1", "h2", "h1"], [(0, 1)]
    )
    assert dup_of == [None, "x", "x"]
    assert kind == [None, "near", "exact"]


def _cross(texts, groups, skip=None):
    signatures = near_signatures(texts)
    skip = np.zeros(len(texts), dtype=bool) if skip is None else np.asarray(skip)
    return find_cross_near_pairs(signatures, np.asarray(groups), skip)


def test_find_cross_near_pairs__edited_copy_in_another_chunk():
    edited = BASE.replace("town 7.", "town seven.") + " Corrected on Friday."
    assert _cross([BASE, OTHER, edited], [0, 0, 1]) == [(0, 2)]


def test_find_cross_near_pairs__same_chunk_and_skipped_pairs_are_left_out():
    edited = BASE.replace("town 7.", "town seven.")
    assert _cross([BASE, edited], [0, 0]) == []
    assert _cross([BASE, edited], [0, 1], skip=[False, True]) == []


def test_find_cross_near_pairs__unrelated_and_short_texts_are_not_pairs():
    assert _cross([BASE, OTHER, "Putin meets envoy", "Putin meets envoy"], [0, 1, 2, 3]) == []


def test_near_signatures__agree_with_in_chunk_rule_for_a_furnished_copy():
    copy = "Menu Home World Sport\nBy Wire\n" + BASE + "\nRelated: other stories you may like"
    assert find_near_pairs([BASE, copy]) == [(0, 1)]
    assert _cross([BASE, copy], [0, 1]) == [(0, 1)]


def test_text_shingles__same_words_as_the_regex_across_batches(monkeypatch):
    import newsbrief.ingest_dedupe as dedupe

    texts = [
        BASE,
        "",
        "Too short to shingle",
        "ΟΔΥΣΣΕΑΣ met the envoy in İstanbul and Zürich on 12 May, said café_owner ١٢٣ today",
        "Emoji 🇮🇷 and 𝙀𝙉𝘿 letters 𝘼𝘽 split words here and there and everywhere again",
        "x" * 40 + " a long token, then " + "y" * 300 + " and more words after it end",
        "CJK 文本 中文 mixed with English words one two three four five six",
        OTHER.upper(),
    ]
    monkeypatch.setattr(dedupe, "BATCH_CHARS", 60)  # several batches, one text per batch
    expected = [dedupe._shingles(text, dedupe.WordIds()) for text in texts]
    for got, want in zip(dedupe.text_shingles(texts), expected, strict=True):
        assert got.dtype == np.uint64
        np.testing.assert_array_equal(got, want)
    monkeypatch.setattr(dedupe, "BATCH_CHARS", 10**9)  # all texts in one batch
    for got, want in zip(dedupe.text_shingles(texts), expected, strict=True):
        np.testing.assert_array_equal(got, want)


def test_find_near_pairs__boilerplate_key_indexes_its_first_articles_only(monkeypatch):
    import newsbrief.ingest_dedupe as dedupe

    copies = [BASE, BASE + " Updated.", BASE + " Corrected."]
    assert dedupe.find_near_pairs(copies) == [(0, 1), (0, 2), (1, 2)]
    monkeypatch.setattr(dedupe, "MAX_POSTING", 1)  # each sampled shingle keeps two articles
    assert dedupe.find_near_pairs(copies) == [(0, 1)]


def test_find_cross_near_pairs__repeated_sample_counts_once():
    band = np.full(8, 7, dtype=np.uint64)
    signatures = {
        "bands": np.array([band, band, np.zeros(8, dtype=np.uint64)]),
        "samples": np.array([1, 2, 3, 4, 5, 1, 1, 2, 3, 9], dtype=np.uint32),
        "offsets": np.array([0, 5, 10, 10]),
        "leads": np.array([11, 12, 0], dtype=np.uint64),
    }
    group, skip = np.array([0, 1, 2]), np.zeros(3, dtype=bool)
    # 3 distinct shared samples of 5: 0.6, below the same-text share
    assert find_cross_near_pairs(signatures, group, skip) == []
    signatures["leads"][1] = 11  # same lead: 0.6 is enough
    assert find_cross_near_pairs(signatures, group, skip) == [(0, 1)]
