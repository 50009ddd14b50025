import pandas as pd
import pytest
import yaml

from newsbrief.actors import extract_mentions
from newsbrief.errors import ConfigError
from newsbrief.lexicon import alias_variants, load_lexicon, match_key, parse_lexicon
from newsbrief.sentences import split_sentences

STATES = [
    {"id": "IRN", "name": "Iran", "type": "state", "country": "IRN", "adjectives": ["Iranian"]},
    {"id": "UN", "name": "United Nations", "type": "organisation", "country": "UN"},
]


def _write(tmp_path, actors, **extra):
    (tmp_path / "actors.yaml").write_text(yaml.safe_dump({"actors": actors, **extra}))
    return tmp_path


def test_load_lexicon__default_has_every_un_member_state_with_unique_ids():
    lexicon = load_lexicon()
    states = lexicon.actors[lexicon.actors["type"] == "state"]
    assert len(states) >= 193
    assert lexicon.actors["actor_id"].is_unique
    assert {"IRN", "RUS", "UKR", "USA", "GBR", "OMN", "ARE", "ALB"} <= set(states["actor_id"])
    codes = set(lexicon.actors["country"].dropna())
    assert {"UN", "UNSC", "EU", "NATO", "IAEA", "G7", "WEST"} <= codes
    assert len(lexicon.version) == 12


def test_load_lexicon__default_outlets_are_media_with_home_country():
    actors = load_lexicon().actors.set_index("actor_id")
    assert actors.loc["ft", "type"] == "media"
    assert actors.loc["ft", "country"] == "GBR"
    assert actors.loc["res_2231", "type"] == "instrument"
    assert actors.loc["res_2231", "country"] == "UNSC"


def test_load_lexicon__reads_a_given_folder(tmp_path):
    person = {"id": "kanaani", "name": "Nasser Kanaani", "type": "person", "country": "IRN"}
    lexicon = load_lexicon(_write(tmp_path, [*STATES, person]))
    assert list(lexicon.actors["actor_id"]) == ["IRN", "UN", "kanaani"]


def test_load_lexicon__missing_file_names_it(tmp_path):
    with pytest.raises(ConfigError, match="actors.yaml"):
        load_lexicon(tmp_path)


def test_load_lexicon__duplicate_id_names_file_and_entry(tmp_path):
    twice = [*STATES, {"id": "IRN", "name": "Persia", "type": "state", "country": "IRN"}]
    with pytest.raises(ConfigError, match=r"actors\.yaml: entry 2 \(IRN\): duplicate id"):
        load_lexicon(_write(tmp_path, twice))


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({"id": "x", "name": "X", "type": "celebrity", "country": "IRN"}, "type 'celebrity'"),
        ({"id": "x", "name": "X", "type": "person", "country": "Iran"}, "not a code"),
        ({"id": "x", "name": "X", "type": "person", "country": "RUS"}, "unknown country code"),
        ({"id": "x", "name": "X", "type": "person"}, "needs a country"),
        ({"id": "IR", "name": "X", "type": "state", "country": "IR"}, "ISO alpha-3"),
        (
            {"id": "x", "name": "X", "type": "person", "country": "IRN",
             "roles": [{"title": "envoy", "from": "2023-13"}]},
            "not a date",
        ),
        (
            {"id": "x", "name": "X", "type": "person", "country": "IRN",
             "roles": [{"title": "envoy", "from": "2024-01", "to": "2023-01"}]},
            "ends before it starts",
        ),
        ({"id": "x", "name": "X", "type": "person", "country": "IRN", "aka": []}, "unknown key"),
    ],
)  # fmt: skip
def test_parse_lexicon__invalid_entry_names_entry_and_problem(entry, problem):
    with pytest.raises(ConfigError, match=rf"my\.yaml: entry 2 .*{problem}"):
        parse_lexicon({"actors": [*STATES, entry]}, source="my.yaml")


def test_parse_lexicon__same_alias_on_two_actors_is_an_error():
    a = {"id": "a", "name": "Ali Rezaei", "type": "person", "country": "IRN", "aliases": ["Rezaei"]}
    b = {"id": "b", "name": "Mohsen Rezaei", "type": "person", "country": "IRN",
         "aliases": ["Rezaei"]}  # fmt: skip
    with pytest.raises(ConfigError, match="'Rezaei' is given to more than one actor"):
        parse_lexicon({"actors": [*STATES, a, b]})


def test_parse_lexicon__yaml_dates_and_years_are_accepted(tmp_path):
    (tmp_path / "actors.yaml").write_text(
        "actors:\n"
        "  - {id: IRN, name: Iran, type: state, country: IRN, adjectives: [Iranian]}\n"
        "  - {id: x, name: Ali X, type: person, country: IRN,\n"
        "     roles: [{title: envoy, from: 2022-05-01, to: 2024}]}\n"
    )
    aliases = load_lexicon(tmp_path).aliases
    role = aliases[aliases["alias"] == "Iranian envoy"].iloc[0]
    assert (role["valid_from"], role["valid_to"]) == ("2022-05-01", "2024-99-99")


def test_parse_lexicon__roles_combine_title_with_state_names():
    person = {
        "id": "aa", "name": "Hossein Amir-Abdollahian", "type": "person", "country": "IRN",
        "roles": [{"title": "foreign minister", "from": "2021-08"}],
    }  # fmt: skip
    aliases = parse_lexicon({"actors": [*STATES, person]}).aliases
    roles = set(aliases.loc[aliases["kind"] == "role", "alias"])
    assert {
        "Iranian foreign minister",
        "Iran's foreign minister",
        "foreign minister of Iran",
    } <= roles
    assert set(aliases.loc[aliases["kind"] == "role", "role_of"]) == {"IRN"}


def test_alias_variants__hyphen_accent_and_leading_the():
    assert alias_variants("Amir-Abdollahian") == ["Amir-Abdollahian", "Amirabdollahian"]
    assert alias_variants("Séjourné") == ["Séjourné", "Sejourne"]
    assert alias_variants("The Washington Post") == ["the Washington Post"]


def test_match_key__punctuation_is_a_word_gap():
    assert match_key("Iran’s Amir-Abdollahian") == match_key("IRAN'S amir abdollahian")
    assert match_key("U.S.") == "u s"


def test_load_lexicon__default_names_the_nuclear_talks_not_austria():
    text = "Iran said the Vienna talks on the nuclear deal would resume. Cuba backed Tehran."
    articles = pd.DataFrame({"article_id": ["a1"], "text": [text], "source": ["X"]})
    mentions = extract_mentions(split_sentences(articles), articles, load_lexicon())
    assert set(mentions["actor_id"]) == {"IRN", "CUB"}
