"""Tests for diffing lexicons and splicing re-extracted articles (newsbrief.lexicon_diff)."""

import copy

import pandas as pd

from newsbrief.lexicon import parse_lexicon
from newsbrief.lexicon_diff import (
    LexiconDiff,
    _may_contain,
    diff_lexicons,
    load_lexicon_snapshot,
    save_lexicon_snapshot,
    splice_rows,
    touched_articles,
)

BASE = {
    "actors": [
        {"id": "IRN", "name": "Iran", "type": "state", "country": "IRN",
         "adjectives": ["Iranian"], "capitals": ["Tehran"]},
        {"id": "RUS", "name": "Russia", "type": "state", "country": "RUS", "capitals": ["Moscow"]},
        {"id": "araghchi", "name": "Abbas Araghchi", "type": "person", "country": "IRN",
         "gender": "m", "aliases": ["Araghchi"],
         "roles": [{"title": "foreign minister", "from": "2024-08"}]},
        {"id": "lavrov", "name": "Sergei Lavrov", "type": "person", "country": "RUS",
         "gender": "m", "aliases": ["Lavrov"]},
    ]
}  # fmt: skip


def _lexicon(edit=None):
    data = copy.deepcopy(BASE)
    if edit:
        edit(data)
    return parse_lexicon(data)


def _actor(data, actor_id):
    return next(a for a in data["actors"] if a["id"] == actor_id)


def test_diff_lexicons__same_content_has_no_keys():
    diff = diff_lexicons(_lexicon(), _lexicon())
    assert diff.keys == frozenset() and diff.actors == frozenset()


def test_diff_lexicons__new_alias_is_its_key_only():
    new = _lexicon(lambda d: _actor(d, "lavrov")["aliases"].append("Russia's top diplomat"))
    diff = diff_lexicons(_lexicon(), new)
    assert diff.keys == {"russia s top diplomat"}
    assert diff.actors == frozenset()


def test_diff_lexicons__state_alias_changes_role_phrases_of_its_people():
    new = _lexicon(lambda d: _actor(d, "IRN").update(aliases=["Islamic Republic"]))
    diff = diff_lexicons(_lexicon(), new)
    assert "islamic republic" in diff.keys
    assert "islamic republic s foreign minister" in diff.keys
    assert "iran" not in diff.keys  # Iran's own facts are unchanged


def test_diff_lexicons__changed_person_triggers_all_their_names():
    new = _lexicon(lambda d: _actor(d, "lavrov").update(gender="f"))
    diff = diff_lexicons(_lexicon(), new)
    assert diff.actors == {"lavrov"}
    assert diff.keys == {"sergei lavrov", "lavrov"}


def test_diff_lexicons__removed_actor_triggers_its_old_names():
    new = _lexicon(lambda d: d["actors"].pop(3))
    diff = diff_lexicons(_lexicon(), new)
    assert {"sergei lavrov", "lavrov"} <= diff.keys and "lavrov" in diff.actors


def test_touched_articles__whole_words_in_text_or_source():
    articles = pd.DataFrame({
        "article_id": ["a", "b", "c", "d", "e"],
        "text": ["Lavrov met Araghchi.", "Lavrova sang.", "Nothing here.", "LAVROV's day",
                 "A quiet week."],
        "source": [None, None, None, None, "Lavrov Weekly"],
    })  # fmt: skip
    diff = diff_lexicons(_lexicon(), _lexicon(lambda d: _actor(d, "lavrov").update(gender="f")))
    assert touched_articles(articles, diff) == {"a", "d", "e"}


def test_touched_articles__multiword_key_across_punctuation():
    articles = pd.DataFrame({
        "article_id": ["a", "b"],
        "text": ["Russia’s  top-diplomat spoke.", "Russia's top envoy, a diplomat, spoke."],
    })  # fmt: skip
    new = _lexicon(lambda d: _actor(d, "lavrov")["aliases"].append("Russia's top diplomat"))
    # Two spaces: no alias match, but a candidate name would join the words: touched.
    assert touched_articles(articles, diff_lexicons(_lexicon(), new)) == {"a"}
    articles.loc[0, "text"] = "Russia’s top-diplomat spoke."
    assert touched_articles(articles, diff_lexicons(_lexicon(), new)) == {"a"}


def test_touched_articles__case_dotted_i_and_separator_variants_pass_the_prefilter():
    articles = pd.DataFrame({
        "article_id": ["a", "b", "c", "d", "e"],
        "text": ["MEIER_STRASSE closed.", "Meier\u2014straße closed.", "Meierstrasse closed.",
                 "The İran desk.", "The meier  strasse."],
    })  # fmt: skip
    diff = LexiconDiff(frozenset({"meier strasse", "i\u0307ran desk"}), frozenset())
    assert touched_articles(articles, diff) == {"a", "d", "e"}  # as the exact check alone


def test_may_contain__keeps_every_text_with_the_key_and_drops_others():
    texts = pd.Series(["Talks in Geneva-Vienna.", "GENEVA vienna", "Vienna, Geneva.", None])
    assert _may_contain(texts, frozenset({"geneva vienna"})).tolist() == [True, True, False, False]


def test_save_lexicon_snapshot__round_trip(tmp_path):
    lexicon = _lexicon()
    save_lexicon_snapshot(lexicon, tmp_path / "lex.pkl")
    again = load_lexicon_snapshot(tmp_path / "lex.pkl")
    assert again.version == lexicon.version
    assert diff_lexicons(lexicon, again).keys == frozenset()
    assert load_lexicon_snapshot(tmp_path / "missing.pkl") is None


def test_splice_rows__replaces_touched_articles_and_sorts():
    old = pd.DataFrame({"article_id": ["a", "b", "b"], "start": [0, 5, 1], "x": [1, 2, 3]})
    new = pd.DataFrame({"article_id": ["b"], "start": [2], "x": [9]})
    out = splice_rows(old, new, {"b"}, ["article_id", "start"])
    assert out.to_dict("list") == {"article_id": ["a", "b"], "start": [0, 2], "x": [1, 9]}


def test_splice_rows__new_rows_merged_at_their_articles():
    old = pd.DataFrame({"article_id": ["a", "c", "c", "e"], "start": [1, 1, 2, 0]})
    new = pd.DataFrame({"article_id": ["d", "b", "f", "d"], "start": [5, 3, 0, 1]})
    out = splice_rows(old, new, {"b", "c", "d", "f"}, ["article_id", "start"])
    assert out.to_dict("list") == {"article_id": ["a", "b", "d", "d", "e", "f"],
                                   "start": [1, 3, 1, 5, 0, 0]}  # fmt: skip
