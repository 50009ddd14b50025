import pytest
from conftest import mention_at

from newsbrief.claims_frames import FrameFinder
from newsbrief.claims_speakers import quote_spans
from newsbrief.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def finder():
    return FrameFinder(load_taxonomy())


_m = mention_at


def _frames(finder, text, mentions, reset=True):
    if reset:
        finder.reset()
    frames = finder.frames(text, 0, len(text), mentions, quote_spans(text))
    return [
        (text[f.start : f.end], f.kind, f.deny, [m["actor_id"] for m in f.speakers]) for f in frames
    ]


def test_frames__subject_inverted_source_and_noun_holder(finder):
    text = "Iran denied allegations by the US that it sold drones, Ukraine said."
    ms = [_m(text, "Iran", "IRN"), _m(text, "US", "USA"), _m(text, "Ukraine", "UKR")]
    assert _frames(finder, text, ms) == [
        ("denied", "verb", True, ["Iran"]),
        ("allegations", "noun", False, ["US"]),
        ("said", "verb", False, ["Ukraine"]),
    ]
    text2 = "According to the FT, Russia used them."
    assert _frames(finder, text2, [_m(text2, "FT", None, "media")])[0][3] == ["FT"]


def test_frames__passive_agent_and_adjectives(finder):
    text = "The claims have been rejected by both Tehran and Moscow over the alleged deal."
    ms = [_m(text, "Tehran", "IRN"), _m(text, "Moscow", "RUS")]
    frames = _frames(finder, text, ms)
    assert ("rejected", "verb", True, ["Moscow", "Tehran"]) in frames
    assert not any(cue == "alleged" for cue, *_ in frames)


def test_frames__pronouns_refer_back(finder):
    assert _frames(finder, "He added that it was a lie.", []) == [("added", "verb", False, [])]
    said = "Nebenzya said so. He added that it was a lie."
    frames = _frames(finder, said, [_m(said, "Nebenzya", "RUS", "person")])
    assert [f[3] for f in frames] == [["Nebenzya"], ["Nebenzya"]]


def test_frames__cues_inside_quotes_are_left_to_the_quote(finder):
    text = "“We said no,” Kanaani said."
    ms = [_m(text, "Kanaani", "IRN", "person")]
    assert _frames(finder, text, ms) == [("said", "verb", False, ["Kanaani"])]


def test_frames__claim_word_after_an_adjective_or_quote_marks_is_a_noun(finder):
    text = "The newest charges levelled by Washington were dismissed by Tehran."
    ms = [_m(text, "Washington", "USA"), _m(text, "Tehran", "IRN")]
    assert ("charges", "noun", False, ["Washington"]) in _frames(finder, text, ms)
    text2 = "Kanaani waved off the 'fake' claims by Kyiv."
    ms2 = [_m(text2, "Kanaani", "IRN", "person"), _m(text2, "Kyiv", "UKR")]
    assert ("claims", "noun", False, ["Kyiv"]) in _frames(finder, text2, ms2)
    text3 = "Kyiv claims that the drones came from Iran."  # a verb after its subject
    ms3 = [_m(text3, "Kyiv", "UKR"), _m(text3, "Iran", "IRN")]
    assert _frames(finder, text3, ms3)[0] == ("claims", "verb", False, ["Kyiv"])


def _ms(text, surface, country, kind="state"):
    return dict(_m(text, surface, country, kind), surface=surface)


def _frames_by_sentence(finder, text, mentions):
    finder.reset()
    out, start = [], 0
    for sentence in text.split(". "):
        end = start + len(sentence)
        inside = [m for m in mentions if start <= m["start"] < end]
        frames = finder.frames(text, start, end, inside, quote_spans(text))
        out += [[m["actor_id"] for m in f.speakers] for f in frames]
        start = end + 2
    return out


def test_frames__unnamed_government_body_is_the_state_speaking(finder):
    text = "London announced new measures. The Foreign Office said more would follow."
    ms = [_ms(text, "London", "GBR")]
    assert _frames_by_sentence(finder, text, ms) == [["London"], ["London"]]
    # "the Ministry of Foreign Affairs": the subject of the sentence before when no one spoke
    text2 = "Canada's new sanctions on Tehran. The Ministry of Foreign Affairs emphasized it."
    ms2 = [_ms(text2, "Canada", "CAN"), _ms(text2, "Tehran", "IRN")]
    assert _frames_by_sentence(finder, text2, ms2)[-1] == ["Canada"]
    # a body named before is that body, not the last speaker
    text3 = "Kyiv said so. The Council of the EU said it. The council added more."
    ms3 = [_ms(text3, "Kyiv", "UKR"), _ms(text3, "Council of the EU", "EU", "organisation")]
    assert _frames_by_sentence(finder, text3, ms3)[-1] == ["Council of the EU"]


def test_frames__capital_named_as_a_source_is_its_government(finder):
    text = "Drones came from Tehran, according to Kyiv."
    ms = [
        dict(_m(text, "Tehran", "IRN"), sense="place"),
        dict(_m(text, "Kyiv", "UKR"), sense="place"),
    ]
    assert _frames(finder, text, ms) == [("according to", "source", False, ["Kyiv"])]


def test_frames__allies_and_plural_role_nouns_refer_to_the_speaker(finder):
    text = "London and its partners have accused Tehran"
    ms = [_ms(text, "London", "GBR"), _ms(text, "Tehran", "IRN")]
    assert _frames(finder, text, ms)[0][3] == ["London"]
    text2 = "Canadian officials say so. More were sent, the officials said"
    ms2 = [_ms(text2, "Canadian", "CAN")]
    assert _frames_by_sentence(finder, text2, ms2) == [["Canadian"], ["Canadian"]]


def test_frames__citing_clause_between_outlet_and_verb(finder):
    text = "The Times, citing Canadian and allied officials, reported that"
    ms = [_ms(text, "The Times", None, "media"), _ms(text, "Canadian", "CAN")]
    assert _frames(finder, text, ms) == [
        ("citing", "source", False, ["Canadian"]),
        ("reported", "verb", False, ["The Times"]),
    ]


def test_frames__inversion_needs_no_verb_after_the_name(finder):
    text = "The strikes were deadly, said Tehran bears the blame."
    ms = [_ms(text, "Tehran", "IRN")]
    assert _frames(finder, text, ms) == [("said", "verb", False, [])]
    text2 = "The strikes were deadly, said Ukrainian officials."
    ms2 = [_ms(text2, "Ukrainian", "UKR")]
    assert _frames(finder, text2, ms2) == [("said", "verb", False, ["Ukrainian"])]


def test_frames__pronoun_before_went_on_to_say(finder):
    text = "Borrell said so. He went on to say it."
    ms = [_ms(text, "Borrell", "EU", "person")]
    assert _frames_by_sentence(finder, text, ms) == [["Borrell"], ["Borrell"]]


def test_frames__doubting_denies_and_a_letter_speaks_for_its_sender(finder):
    text = "Tehran's letter casts doubt on the reports."
    ms = [_ms(text, "Tehran", "IRN")]
    assert _frames(finder, text, ms)[0] == ("casts doubt on", "verb", True, ["Tehran"])


def test_frames__role_between_holder_and_claim_noun(finder):
    text = "Tehran called the Kremlin spokesman's accusations baseless."
    ms = [_ms(text, "Tehran", "IRN"), _ms(text, "Kremlin", "RUS")]
    assert ("accusations", "noun", False, ["Kremlin"]) in _frames(finder, text, ms)


def test_frames__naming_is_no_reporting_and_slamming_into_is_no_criticism(finder):
    text = "The Shahed-136, which Moscow calls the Geran-2, was used."
    assert _frames(finder, text, [_ms(text, "Moscow", "RUS")]) == []
    text2 = "Drones slammed into Lviv, but Kyiv slammed the raid."
    ms2 = [_ms(text2, "Lviv", "UKR"), _ms(text2, "Kyiv", "UKR")]
    assert _frames(finder, text2, ms2) == [("slammed", "verb", False, ["Kyiv"])]


def test_frames__claim_word_after_determiner_and_modifier_is_a_noun(finder):
    text = "Kyiv discussed the drone claims."
    ms = [_ms(text, "Kyiv", "UKR")]
    assert ("claims", "noun", False, []) in _frames(finder, text, ms)
    text2 = "The Kremlin claims nothing."  # a name before it: the verb of its subject
    assert _frames(finder, text2, [_ms(text2, "Kremlin", "RUS")])[0][1] == "verb"
    text3 = "Kyiv spurned Tehran's offer of talks."
    ms3 = [_ms(text3, "Kyiv", "UKR"), _ms(text3, "Tehran", "IRN")]
    assert ("offer", "noun", False, ["Tehran"]) in _frames(finder, text3, ms3)


def test_frames__he_before_anyone_spoke_is_the_person_named_last(finder):
    text = "Borrell arrived in Kyiv. He said more"
    ms = [_ms(text, "Borrell", "EU", "person"), _ms(text, "Kyiv", "UKR")]
    assert _frames_by_sentence(finder, text, ms) == [["Borrell"]]


def test_frames__source_document_and_its_author(finder):
    text = "Drones went east, according to a statement by Tehran."
    ms = [_ms(text, "Tehran", "IRN")]
    assert ("according to", "source", False, ["Tehran"]) in _frames(finder, text, ms)
    text2 = "Drones went east, the letter by the G7 ministers said"
    finder.reset()
    frames = finder.frames(text2, 0, len(text2), [_ms(text2, "G7", "G7", "organisation")], [])
    said = [f for f in frames if text2[f.start : f.end] == "said"][0]
    assert said.postposed and [m["actor_id"] for m in said.speakers] == ["G7"]


def test_frames__a_name_given_in_passing_between_subject_and_verb(finder):
    text = "Spain and Italy, known as the southern pair, called in a note to the UN for a probe."
    ms = [_m(text, "Spain", "ESP"), _m(text, "Italy", "ITA"), _m(text, "UN", "UN", "organisation")]
    frames = {f[0]: f[3] for f in _frames(finder, text, ms)}
    assert sorted(frames["called"]) == ["Italy", "Spain"]


def test_frames__the_addressee_after_a_comma_is_no_inverted_speaker(finder):
    text = "The drones must be examined, wrote in a letter to the UN"
    ms = [_m(text, "UN", "UN", "organisation")]
    assert [f[3] for f in _frames(finder, text, ms) if f[0] == "wrote"] == [[]]
    text2 = "The drones must be examined, wrote the UN"
    ms2 = [_m(text2, "UN", "UN", "organisation")]
    assert [f[3] for f in _frames(finder, text2, ms2) if f[0] == "wrote"] == [["UN"]]


def test_frames__a_second_holder_after_as_well_as(finder):
    text = "reports by Oslo, as well as on the part of Dutch officials, that"
    ms = [_m(text, "Oslo", "NOR"), _m(text, "Dutch", "NLD")]
    assert _frames(finder, text, ms) == [("reports", "noun", False, ["Oslo", "Dutch"])]


def test_frames__progressive_levelling_is_not_passive(finder):
    text = "Canada has been levelling accusations at Iran"
    ms = [_m(text, "Canada", "CAN"), _m(text, "Iran", "IRN")]
    assert _frames(finder, text, ms) == [("levelling accusations", "verb", False, ["Canada"])]


def _frames_of_sentences(finder, text, mentions):
    """Frames of each sentence (split at '. ') as (cue, speaker ids), in order."""
    finder.reset()
    quotes, out, start = quote_spans(text), [], 0
    for part in text.split(". "):
        end = start + len(part)
        ms = [m for m in mentions if start <= m["start"] < end]
        out += [
            (text[f.start : f.end], [m["actor_id"] for m in f.speakers])
            for f in finder.frames(text, start, end, ms, quotes)
        ]
        start = end + 2
    return out


def test_frames__a_surname_said_with_a_known_title_refers_back(finder):
    text = "Czech envoy Jana Novotna praised the move. Later Novotna said it was late"
    ms = [_m(text, "Czech", "CZE")]
    assert _frames_of_sentences(finder, text, ms) == [("praised", ["Czech"]), ("said", ["Czech"])]
    # a name never seen with a title stays unknown
    text2 = "Czech envoy Jana Novotna praised the move. Later Svoboda said it was late"
    ms2 = [_m(text2, "Czech", "CZE")]
    assert _frames_of_sentences(finder, text2, ms2)[-1] == ("said", [])


def test_frames__the_alliances_role_is_the_organisation_named_last(finder):
    text = "NATO met in Oslo. Drones are a threat, the alliance's secretary-general said"
    ms = [_m(text, "NATO", "NATO", "organisation")]
    assert _frames_of_sentences(finder, text, ms)[-1] == ("said", ["NATO"])


def test_frames__a_quoted_letter_speaks_for_the_authors_named_after_it(finder):
    text = "“We welcome it,” said the letter sent to the UN. In their letter, Oslo and Rome said so"
    ms = [_m(text, "UN", "UN", "organisation"), _m(text, "Oslo", "NOR"), _m(text, "Rome", "ITA")]
    finder.reset()
    quotes = quote_spans(text)
    cut = text.index(" In their")
    first = finder.frames(text, 0, cut, ms[:1], quotes)
    finder.frames(text, cut + 1, len(text), ms[1:], quotes)
    assert [sorted(m["actor_id"] for m in f.speakers) for f in first] == [["Oslo", "Rome"]]


def test_frames__an_outlet_in_the_same_sentence_signs_no_letter(finder):
    text = "“We welcome it,” said a statement on its website, the Herald reported"
    ms = [_m(text, "the Herald", None, "media")]
    frames = _frames(finder, text, ms)
    assert ("said", "verb", False, []) in frames
    assert ("reported", "verb", False, ["the Herald"]) in frames


def test_frames__a_held_claim_noun_in_scare_quotes_says_its_which_clause(finder):
    text = "Oslo rejected Kallas's “wrong claims,” which falsely said that"
    ms = [_m(text, "Oslo", "NOR"), _m(text, "Kallas", "EU", "person")]
    assert ("said", "verb", False, ["Kallas"]) in _frames(finder, text, ms)
    text2 = "Oslo rejected the claims, which said that"
    ms2 = [_m(text2, "Oslo", "NOR")]
    assert ("said", "verb", False, []) in _frames(finder, text2, ms2)
