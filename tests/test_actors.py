import pandas as pd
import pytest

from newsbrief.actors import MENTION_COLUMNS, compile_matcher, extract_mentions
from newsbrief.lexicon import parse_lexicon
from newsbrief.sentences import split_sentences


def _state(code, name, adjective, capital, *aliases):
    return {
        "id": code, "name": name, "type": "state", "country": code, "aliases": list(aliases),
        "adjectives": [adjective], "demonyms": [adjective + "s"], "capitals": [capital],
    }  # fmt: skip


LEXICON = parse_lexicon(
    {
        "actors": [
            _state("IRN", "Iran", "Iranian", "Tehran", "Islamic Republic"),
            _state("RUS", "Russia", "Russian", "Moscow"),
            _state("GBR", "United Kingdom", "British", "London", "UK", "Britain"),
            _state("USA", "United States", "American", "Washington", "US", "U.S."),
            _state("JOR", "Jordan", "Jordanian", "Amman"),
            {"id": "UN", "name": "United Nations", "type": "organisation", "country": "UN",
             "aliases": ["UN", "U.N."]},
            {"id": "UNSC", "name": "UN Security Council", "type": "organisation",
             "country": "UNSC", "aliases": ["Security Council"]},
            {"id": "amir_abdollahian", "name": "Hossein Amir-Abdollahian", "type": "person",
             "country": "IRN", "gender": "m", "aliases": ["Amir-Abdollahian"],
             "roles": [{"title": "foreign minister", "from": "2021-08", "to": "2024-05"}]},
            {"id": "araghchi", "name": "Abbas Araghchi", "type": "person", "country": "IRN",
             "gender": "m", "aliases": ["Araghchi"],
             "roles": [{"title": "foreign minister", "from": "2024-08"}]},
            {"id": "iravani", "name": "Amir Saeid Iravani", "type": "person", "country": "IRN",
             "aliases": ["Iravani"], "roles": [{"title": "ambassador to the UN"}]},
            {"id": "zakharova", "name": "Maria Zakharova", "type": "person", "country": "RUS",
             "gender": "f", "aliases": ["Zakharova"]},
            {"id": "ft", "name": "Financial Times", "type": "media", "country": "GBR"},
        ],
        "ignore": ["Latin America"],
        "ambiguous": ["Jordan"],
    }
)  # fmt: skip


def _mentions(*texts, published=None):
    articles = pd.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(len(texts))],
            "text": list(texts),
            "published": [published] * len(texts),
        }
    )
    mentions = extract_mentions(split_sentences(articles), articles, LEXICON)
    for row in mentions.itertuples():
        assert texts[int(row.article_id[1:])][row.start : row.end] == row.surface
    return mentions


def _pairs(mentions):
    return [(row.surface, row.actor_id) for row in mentions.itertuples()]


def test_extract_mentions__columns_and_sentence_ids():
    mentions = _mentions("Headline about nothing\nIran denied it. Russia agreed.")
    assert list(mentions.columns) == MENTION_COLUMNS
    assert mentions["sentence_id"].tolist() == [1, 2]
    assert mentions["country"].tolist() == ["IRN", "RUS"]


@pytest.mark.parametrize(
    "text",
    [
        "Hossein Amir-Abdollahian spoke.",
        "Hossein Amir Abdollahian spoke.",
        "Hossein Amirabdollahian spoke.",
        "HOSSEIN AMIR-ABDOLLAHIAN SPOKE",
    ],
)
def test_extract_mentions__alias_spelling_variants(text):
    assert _mentions(text)["actor_id"].tolist() == ["amir_abdollahian"]


def test_extract_mentions__possessive_and_curly_apostrophe():
    assert _pairs(_mentions("Iran's envoy and Russia’s envoy met.")) == [
        ("Iran", "IRN"),
        ("Russia", "RUS"),
    ]


def test_extract_mentions__case_matters_for_acronyms():
    mentions = _mentions("An un-named source told us that the UN and the US disagree.")
    assert _pairs(mentions) == [("UN", "UN"), ("US", "USA")]


def test_extract_mentions__longest_match_wins_without_double_counting():
    mentions = _mentions("The UN Security Council met; Latin America abstained.")
    assert _pairs(mentions) == [("UN Security Council", "UNSC")]


def test_extract_mentions__dotted_alias_keeps_its_final_dot():
    assert _pairs(_mentions("Drones were seen by the U.S. Officials said so.")) == [("U.S.", "USA")]


@pytest.mark.parametrize(
    ("published", "actor"),
    [("2022-11-05", "amir_abdollahian"), ("2024-09", "araghchi"), ("2024-06-15", "IRN"),
     (None, "IRN")],
)  # fmt: skip
def test_extract_mentions__role_resolves_by_article_date(published, actor):
    mentions = _mentions("Iran's foreign minister rejected the claim.", published=published)
    assert mentions["actor_id"].tolist() == [actor]
    assert mentions["resolved_by"].tolist() == ["role"]
    assert mentions["country"].tolist() == ["IRN"]


def test_extract_mentions__role_before_the_name_is_not_a_second_mention():
    mentions = _mentions("Iranian Foreign Minister Abbas Araghchi said.", published="2022-01")
    assert _pairs(mentions) == [("Abbas Araghchi", "araghchi")]


def test_extract_mentions__organisation_inside_a_role_counts():
    mentions = _mentions("Iran's ambassador to the UN Amir Saeid Iravani spoke.")
    assert set(mentions["country"]) == {"IRN", "UN"}
    assert "iravani" in set(mentions["actor_id"])


def test_extract_mentions__demonym_as_actor():
    mentions = _mentions("Iranian officials met Russians in Vienna.")
    assert mentions[["actor_id", "resolved_by"]].values.tolist() == [
        ["IRN", "demonym"],
        ["RUS", "demonym"],
    ]


@pytest.mark.parametrize(
    ("text", "sense"),
    [
        ("Tehran denied the report.", "actor"),
        ("Moscow and Tehran agreed on a plan.", "actor"),
        ("They held a meeting in Tehran.", "place"),
        ("TEHRAN - The ministry spoke.", "place"),
    ],
)
def test_extract_mentions__capital_is_metonym_or_place(text, sense):
    mentions = _mentions(text)
    tehran = mentions[mentions["surface"].str.upper() == "TEHRAN"]
    assert tehran["resolved_by"].tolist() == ["metonym"]
    assert tehran["sense"].tolist() == [sense]
    assert tehran["country"].tolist() == ["IRN"]


def test_extract_mentions__coreference_to_the_named_person():
    mentions = _mentions(
        "Hossein Amir-Abdollahian met reporters on Monday. He said talks would go on. "
        "Later the Iranian diplomat added that Tehran was ready."
    )
    coref = mentions[mentions["resolved_by"] == "coreference"]
    assert coref["surface"].tolist() == ["He", "the Iranian diplomat"]
    assert set(coref["actor_id"]) == {"amir_abdollahian"}


def test_extract_mentions__pronoun_left_alone_when_ambiguous():
    mentions = _mentions("Araghchi called Amir-Abdollahian. He said nothing.")
    assert "coreference" not in set(mentions["resolved_by"])


def test_extract_mentions__pronoun_respects_gender():
    mentions = _mentions("Araghchi met Maria Zakharova in Moscow. She said the talks went well.")
    coref = mentions[mentions["resolved_by"] == "coreference"]
    assert coref["actor_id"].tolist() == ["zakharova"]


def test_extract_mentions__outlet_is_not_its_country():
    mentions = _mentions(
        "Iran rejected the claim by the British newspaper Financial Times. "
        "The British agency said so too."
    )
    assert set(mentions["country"]) == {"IRN", "GBR"}
    assert "GBR" not in set(mentions.loc[mentions["actor_type"] != "media", "country"])


def test_extract_mentions__speaker_who_told_an_outlet_keeps_their_country():
    told = _mentions("Iranian officials told Reuters that Tehran had promised more drones.")
    assert ("Iranian", "IRN") in _pairs(told)
    agency = _mentions("The Iranian news agency IRNA reported the talks.")
    assert "Iranian" not in set(agency.loc[agency["actor_type"] != "media", "surface"])


def test_extract_mentions__ambiguous_alias_needs_corroboration():
    alone = _mentions("Representative Jim Jordan asked about Iran.")
    assert "JOR" not in set(alone["country"])
    backed = _mentions("Jordan closed its airspace, officials in Amman said.")
    assert backed["country"].tolist() == ["JOR", "JOR"]


def test_extract_mentions__page_furniture_is_skipped():
    mentions = _mentions("Home | Iran | Russia | Sport\nRussia denied it.")
    assert _pairs(mentions) == [("Russia", "RUS")]
    assert mentions["sentence_id"].tolist() == [1]


def test_extract_mentions__no_articles_gives_empty_table():
    articles = pd.DataFrame({"article_id": [], "text": [], "published": []})
    mentions = extract_mentions(split_sentences(articles), articles, LEXICON)
    assert mentions.empty
    assert list(mentions.columns) == MENTION_COLUMNS


def test_compile_matcher__is_cached_on_the_lexicon():
    assert compile_matcher(LEXICON) is compile_matcher(LEXICON)


def test_extract_mentions__related_links_under_a_header_are_skipped():
    mentions = _mentions(
        "Russia denied it.\nRead more\nJordan to host talks\nUK sanctions Iran\n"
        "The UK said more sanctions would follow."
    )
    assert _pairs(mentions) == [("Russia", "RUS"), ("UK", "GBR")]
    assert mentions["sentence_id"].tolist() == [0, 4]


def test_extract_mentions__furniture_header_in_any_case_is_skipped():
    mentions = _mentions(
        "Russia denied it.\nRELATED STORIES\nIran hosts talks\nsee also: UK sanctions Iran\n"
        "The UK said more sanctions would follow."
    )
    assert _pairs(mentions) == [("Russia", "RUS"), ("UK", "GBR")]


def test_extract_mentions__default_lexicon_history_and_outlets_named_after_places():
    from newsbrief.lexicon import load_lexicon

    text = (
        "The Soviet Union collapsed in 1991, the Times of Israel and the Kyiv Independent "
        "reported; Iran's UN ambassador said Tehran disagreed."
    )
    articles = pd.DataFrame({"article_id": ["a"], "text": [text], "published": ["2023-01-10"]})
    mentions = extract_mentions(split_sentences(articles), articles, load_lexicon())
    counted = set(mentions.loc[mentions["actor_type"] != "media", "country"])
    assert counted == {"IRN", "UN"}
    assert "iravani" in set(mentions["actor_id"])


def test_extract_mentions__menu_of_short_lines_is_skipped():
    mentions = _mentions("World\nIran\nJordan news\nSport\nRussia denied the report.")
    assert _pairs(mentions) == [("Russia", "RUS")]


def test_extract_mentions__offsets_hold_after_emoji_and_final_sigma():
    # Astral characters and a capital sigma take other paths to the matcher's lower case.
    mentions = _mentions(
        "Talks 😀 in Tehran: Iran agreed.", "ΣΟΣ Russia denied it.", "Plain Iran text."
    )
    assert _pairs(mentions) == [("Tehran", "IRN"), ("Iran", "IRN"), ("Russia", "RUS"),
                                ("Iran", "IRN")]  # fmt: skip


def test_extract_mentions__menu_runs_stop_at_the_article():
    # Two short lines ending one article and one opening the next are no menu of three.
    mentions = _mentions("Iran denied it.\nWorld\nRussia", "UK talks\nIran agreed.")
    assert _pairs(mentions) == [("Iran", "IRN"), ("Russia", "RUS"), ("UK", "GBR"),
                                ("Iran", "IRN")]  # fmt: skip
    assert _pairs(_mentions("Iran denied it.\nWorld\nRussia\nUK talks")) == [("Iran", "IRN")]


def test_extract_mentions__offsets_hold_after_a_dotted_capital_i():
    # "İ" lower-cases to two characters; later matches must keep their offsets.
    mentions = _mentions("İzmir talks: Iran and Russia agreed.")
    assert _pairs(mentions) == [("Iran", "IRN"), ("Russia", "RUS")]
