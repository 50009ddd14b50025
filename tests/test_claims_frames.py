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
