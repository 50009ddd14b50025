import pytest
from conftest import mention_at

from newsbrief.claims_speakers import (
    chain_left,
    chain_right,
    in_spans,
    is_filler,
    is_title_case,
    quote_spans,
)
from newsbrief.taxonomy import compile_terms

FILLERS = compile_terms(["the", "'s", "’s", "and", "has", "foreign", "minist*", "spokes*"], "t")


_mention = mention_at


def test_quote_spans__curly_straight_single_and_open_paragraph():
    text = 'He said “We sold none. Never.” and "x y" and ‘Iran’s lies’.\n“Open\nnext "unclosed'
    spans = [text[s:e] for s, e in quote_spans(text)]
    assert spans == ["“We sold none. Never.”", '"x y"', "‘Iran’s lies’", "“Open"]
    assert in_spans(text.index("sold"), quote_spans(text))
    assert in_spans(text.index("next"), quote_spans(text)) is None


def test_quote_spans__straight_single_quotes_not_apostrophes():
    text = "'We sent no drones,' he said of Iran's critics' 'claims' and rock 'n roll. 'Open"
    spans = [text[s:e] for s, e in quote_spans(text)]
    assert spans == ["'We sent no drones,'", "'claims'"]


@pytest.mark.parametrize(
    ("gap", "ok"),
    [
        ("'s foreign ministry spokesman Nasser Kanaani has ", True),
        (" and ", True),
        (", who was speaking in Tehran, ", True),
        (" drones to ", False),
        (" “quoted” ", False),
    ],
)
def test_is_filler__speaker_words_only(gap, ok):
    assert is_filler(gap, FILLERS) is ok


def test_chain_left__coordinated_speakers_and_objects():
    text = "Russia and Iran have refuted it. Ukraine accused Russia of lying."
    ms = [
        _mention(text, "Russia", "RUS"),
        _mention(text, "Iran", "IRN"),
        _mention(text, "Ukraine", "UKR"),
        _mention(text, "Russia", "RUS", nth=1),
    ]
    assert [m["country"] for m in chain_left(text, text.index("have"), ms, FILLERS)] == [
        "IRN",
        "RUS",
    ]
    # "..., and first reported": a second verb of the same subject, not a new speaker
    text2 = "Drones came from Iran, and first reported"
    ms2 = [_mention(text2, "Iran", "IRN")]
    assert chain_left(text2, text2.index("reported"), ms2, FILLERS) == []


def test_chain_right__list_needs_and():
    text = "according to the FT, Iran sent drones"
    ms = [_mention(text, "FT", None, "media"), _mention(text, "Iran", "IRN")]
    assert [m["actor_id"] for m in chain_right(text, 12, ms, FILLERS)] == ["FT"]
    text2 = "by France, Germany and Britain"
    ms2 = [_mention(text2, w, w[:3].upper()) for w in ("France", "Germany", "Britain")]
    assert len(chain_right(text2, 3, ms2, FILLERS)) == 3


def test_is_title_case__headlines_only():
    assert is_title_case("US Mission Releases Statement On Calls For Probe Into Drones")
    assert not is_title_case("The US mission released a statement on Monday.")


def test_chain_left__organisation_naming_a_post_is_no_speaker():
    fillers = compile_terms(["the", "'s", "’s", "and", "envoy*", "ambassador*"], "t")
    text = "Moscow's UN ambassador Vassily Nebenzia said"
    ms = [
        _mention(text, "Moscow", "RUS"),
        _mention(text, "UN", "UN", "organisation"),
        _mention(text, "Vassily Nebenzia", "RUS", "person"),
    ]
    chain = chain_left(text, text.index(" said"), ms, fillers)
    assert [m["actor_id"] for m in chain] == ["Vassily Nebenzia"]
    # "and" makes the organisation a speaker of its own
    text2 = "Britain and the EU envoy Enrique Mora said"
    ms2 = [
        _mention(text2, "Britain", "GBR"),
        _mention(text2, "EU", "EU", "organisation"),
        _mention(text2, "Enrique Mora", "EU", "person"),
    ]
    chain2 = chain_left(text2, text2.index(" said"), ms2, fillers)
    assert [m["actor_id"] for m in chain2] == ["Enrique Mora", "Britain"]


def test_chain_left__place_of_a_diplomatic_post_is_skipped():
    fillers = compile_terms(["the", "'s", "’s", "envoy*", "mission*"], "t")
    for text in (
        "Tehran's mission at the United Nations said",
        "Tehran's envoy to the United Nations said",
    ):
        ms = [
            _mention(text, "Tehran", "IRN"),
            _mention(text, "United Nations", "UN", "organisation"),
        ]
        chain = chain_left(text, text.index(" said"), ms, fillers)
        assert [m["country"] for m in chain] == ["IRN"], text


def test_chain_left__possessive_state_before_an_organisations_post():
    fillers = compile_terms(["the", "'s", "’s", "envoy*"], "t")
    text = "Tehran's UN envoy said"
    ms = [_mention(text, "Tehran", "IRN"), _mention(text, "UN", "UN", "organisation")]
    assert [m["country"] for m in chain_left(text, text.index(" said"), ms, fillers)] == ["IRN"]
    text2 = "The UN envoy said"  # no one else: the organisation's own envoy
    ms2 = [_mention(text2, "UN", "UN", "organisation")]
    assert [m["country"] for m in chain_left(text2, text2.index(" said"), ms2, fillers)] == ["UN"]


@pytest.mark.parametrize(
    "gap",
    [", in a post on X, ", ", on Tuesday, ", ", during a visit to Oslo, ", ", at a briefing, "],
)
def test_is_filler__asides_between_speaker_and_verb(gap):
    assert is_filler(gap, FILLERS)


def test_chain_left__aside_holding_an_addressee():
    text = "Kallas, in a message to the UN chief, said"
    ms = [
        _mention(text, "Kallas", "EU", "person"),
        _mention(text, "UN chief", "UN", "organisation"),
    ]
    assert [m["actor_id"] for m in chain_left(text, text.index(" said"), ms, FILLERS)] == ["Kallas"]
