import pytest
from conftest import mention_at, mentions_at

from newsbrief.claims_attribution import claim_rows, speaker_rows
from newsbrief.claims_frames import FrameFinder
from newsbrief.claims_speakers import quote_spans
from newsbrief.claims_stance import find_claim_hits
from newsbrief.taxonomy import load_taxonomy

OUTLET = {"actor_id": "media:X", "actor_name": "X", "actor_type": "media", "country": None}


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


_m = mention_at


def _rows(taxonomy, text, mentions):
    finder = FrameFinder(taxonomy)
    quotes = quote_spans(text)
    frames = finder.frames(text, 0, len(text), mentions, quotes)
    out = set()
    for hit in find_claim_hits(text, 0, len(text), taxonomy):
        for r in claim_rows(
            hit, frames, quotes, frames, text, (0, len(text)), OUTLET, taxonomy.language
        ):
            out.add((hit.spec.claim_id, r["stance"], r["speaker_id"], r["mode"]))
    return out


def test_speaker_rows__skips_actors_without_group():
    rows = speaker_rows(
        [
            {"actor_id": "x", "actor_name": "X", "actor_type": "person", "country": None},
            {"actor_id": "m", "actor_name": "M", "actor_type": "media", "country": None},
        ]
    )
    assert [r["speaker_id"] for r in rows] == ["m"]


def test_claim_rows__narration_quote_and_unnamed_speaker(taxonomy):
    text = "Russia fired Iranian Shahed drones at Kyiv."
    assert _rows(taxonomy, text, []) == {("drone_use", "assert", "media:X", "narration")}
    text = "Officials said Russia fired Iranian Shahed drones at Kyiv."
    assert _rows(taxonomy, text, []) == set()  # someone unnamed speaks: not the outlet
    text = "“Russia fired Iranian Shahed drones at Kyiv,” Zelensky said."
    ms = [_m(text, "Zelensky", "UKR", "person")]
    assert _rows(taxonomy, text, ms) == {("drone_use", "assert", "Zelensky", "quote")}


def test_claim_rows__outer_speaker_of_someone_elses_claim(taxonomy):
    text = "An Iranian general said the West's talk about Russia using Iranian drones is noise."
    ms = [_m(text, "Iranian", "IRN"), _m(text, "West", "WEST", "group")]
    assert _rows(taxonomy, text, ms) == {("drone_use", "assert", "West", "reported")}


def test_claim_rows__taking_up_own_claims_asserts_and_the_verdict_is_the_outlets(taxonomy):
    text = "Kyiv repeated its groundless accusation that Tehran ships drones to Russia."
    ms = [_m(text, "Kyiv", "UKR"), _m(text, "Tehran", "IRN"), _m(text, "Russia", "RUS")]
    assert {(c, s, who) for c, s, who, _ in _rows(taxonomy, text, ms)} == {
        ("drone_supply", "assert", "Kyiv"),
        ("drone_supply", "deny", "media:X"),
    }
    text2 = "Moscow reiterated its denial of reports that Iran sells it drones."
    ms2 = [_m(text2, "Moscow", "RUS"), _m(text2, "Iran", "IRN")]
    # (the sentence also asserts through "its ... reports"; the table keeps the denial)
    assert ("drone_supply", "deny", "Moscow", "reported") in _rows(taxonomy, text2, ms2)


def test_claim_rows__an_outlet_citing_officials_credits_them_too(taxonomy):
    text = "Tehran sold drones to Moscow in May, the Times reported, citing Canadian officials."
    ms = mentions_at(
        text,
        ("Tehran", "IRN"),
        ("Moscow", "RUS"),
        ("the Times", None, "media"),
        ("Canadian", "CAN"),
    )
    assert {(c, s, who) for c, s, who, _ in _rows(taxonomy, text, ms)} == {
        ("drone_supply", "assert", "the Times"),
        ("drone_supply", "assert", "Canadian"),
    }
    # a person citing something is still the one speaking
    text2 = "Tehran sold drones to Moscow, Kallas said, citing Canadian officials."
    ms2 = mentions_at(text2, ("Tehran", "IRN"), ("Moscow", "RUS"), ("Kallas", "EU", "person"))
    ms2.append(_m(text2, "Canadian", "CAN"))
    assert {who for _, _, who, _ in _rows(taxonomy, text2, ms2)} == {"Kallas"}


def test_claim_rows__passive_agent_after_the_claim(taxonomy):
    text = "Moscow's use of Iranian drones was confirmed by Canadian officials, who saw it."
    ms = [_m(text, "Moscow", "RUS"), _m(text, "Iranian", "IRN"), _m(text, "Canadian", "CAN")]
    assert _rows(taxonomy, text, ms) == {("drone_use", "assert", "Canadian", "reported")}


def test_claim_rows__quote_going_on_over_paragraphs_takes_the_last_ones_attribution(taxonomy):
    text = "“Moscow fired Iranian drones at Lviv.\n\n“Expect more,” Kallas said."
    ms = [_m(text, "Moscow", "RUS"), _m(text, "Lviv", "UKR"), _m(text, "Kallas", "EU", "person")]
    finder = FrameFinder(taxonomy)
    quotes = quote_spans(text)
    split = text.index("\n\n")
    frames = finder.frames(text, split + 2, len(text), ms[2:], quotes)
    hit = find_claim_hits(text, 0, split, taxonomy)[0]
    rows = claim_rows(hit, [], quotes, frames, text, (0, split), OUTLET, taxonomy.language)
    assert [(r["speaker_id"], r["mode"]) for r in rows] == [("Kallas", "quote")]


def test_claim_rows__second_holder_after_as_well_as(taxonomy):
    text = (
        "There were reports by Kyiv, as well as on the part of Dutch officials, "
        "that Tehran shipped drones to Moscow."
    )
    ms = mentions_at(text, ("Kyiv", "UKR"), ("Dutch", "NLD"), ("Tehran", "IRN"), ("Moscow", "RUS"))
    assert {(c, s, who) for c, s, who, _ in _rows(taxonomy, text, ms)} == {
        ("drone_supply", "assert", "Kyiv"),
        ("drone_supply", "assert", "Dutch"),
    }


def test_claim_rows__imputed_motive_discredits_the_claim(taxonomy):
    text = "Moscow says London is chasing political goals by claiming Tehran sent drones to Russia."
    ms = mentions_at(
        text, ("Moscow", "RUS"), ("London", "GBR"), ("Tehran", "IRN"), ("Russia", "RUS")
    )
    assert {(c, s, who) for c, s, who, _ in _rows(taxonomy, text, ms)} == {
        ("drone_supply", "assert", "London"),
        ("drone_supply", "deny", "Moscow"),
    }
    # no motive imputed: the outer speaker only reports
    text2 = "Moscow says London is claiming Tehran sent drones to Russia."
    ms2 = mentions_at(
        text2, ("Moscow", "RUS"), ("London", "GBR"), ("Tehran", "IRN"), ("Russia", "RUS")
    )
    assert {who for _, _, who, _ in _rows(taxonomy, text2, ms2)} == {"London"}


@pytest.mark.parametrize(
    "text",
    [
        "Latvia strips diplomatic ties with Iran over drone supplies to Russia",
        "Latvia stripped the Iranian envoy of his credentials over Iran's drone sales to Russia.",
        "Latvia sanctions Iranian drone makers over shipments to Russia",
        "Latvia issued fresh sanctions on Iranian firms, seeking to stop the drones Tehran sends "
        "to Moscow.",
    ],
)
def test_claim_rows__an_act_taken_over_the_deed_asserts_it(taxonomy, text):
    ms = [_m(text, "Latvia", "LVA")] + [
        _m(text, w, c) for w, c in (("Iran", "IRN"), ("Tehran", "IRN")) if w in text
    ]
    ms = sorted(ms, key=lambda m: m["start"])
    assert ("drone_supply", "assert", "Latvia", "reported") in _rows(taxonomy, text, ms)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Norway has been levelling charges at Iran over the alleged sale of drones to Russia.",
         "Norway"),
        # naming the alleged deed without accusing anyone asserts nothing
        ("Norway asked about the alleged sale of drones by Iran to Russia.", None),
        ("Oslo cited the alleged sale of drones by Iran to Russia as grounds for the ban.",
         "Oslo"),
        ("Oslo cited the alleged sale of drones by Iran to Russia in a long speech.", None),
    ],
)  # fmt: skip
def test_claim_rows__an_alleged_deed_is_asserted_only_by_an_accusation(taxonomy, text, speaker):
    who = text.split()[0]
    ms = mentions_at(text, (who, "NOR"), ("Iran", "IRN"), ("Russia", "RUS"))
    want = {("drone_supply", "assert", speaker, "reported")} if speaker else set()
    assert _rows(taxonomy, text, ms) == want


def test_claim_rows__a_fronted_citing_phrase_credits_the_cited(taxonomy):
    text = "Citing Dutch officials, the Herald wrote that Iran ships drones to Russia by sea."
    ms = mentions_at(
        text, ("Dutch", "NLD"), ("the Herald", None, "media"), ("Iran", "IRN"), ("Russia", "RUS")
    )
    assert {who for _, _, who, _ in _rows(taxonomy, text, ms)} == {"Dutch", "the Herald"}


def test_bare_denials__agreement_with_the_claims_just_made_asserts_them(taxonomy):
    from newsbrief.claims_attribution import bare_denials

    finder = FrameFinder(taxonomy)
    for text, want in (
        ("Canada has reached a similar conclusion, officials say", ["noun"]),
        ("London echoed the allegations on Monday", ["noun"]),
        ("London described the allegations on Monday", []),
        ("London rejected the allegations on Monday", ["verb"]),
    ):
        who = text.split()[0]
        ms = [_m(text, who, "XXX")]
        frames = finder.frames(text, 0, len(text), ms, [])
        found = bare_denials(frames, [], text, len(text), taxonomy.language)
        assert [f.kind for f in found if f.speakers == ms] == want, text


def test_claim_rows__intelligence_that_is_held_and_a_lie_after_it_is_denied(taxonomy):
    text = "Danish intelligence that Tehran ships drones to Moscow is a lie, Iran's envoy says."
    ms = mentions_at(text, ("Danish", "DNK"), ("Tehran", "IRN"), ("Moscow", "RUS"), ("Iran", "IRN"))
    assert {(c, s, who) for c, s, who, _ in _rows(taxonomy, text, ms)} == {
        ("drone_supply", "assert", "Danish"),
        ("drone_supply", "deny", "Iran"),
    }


def test_outlet_denies_too__verdict_on_the_object_of_a_narrated_denial(taxonomy):
    from newsbrief.claims_attribution import outlet_denies_too

    finder = FrameFinder(taxonomy)
    for text, want in (
        ("Tehran has dismissed such fabricated claims again", True),
        ("Tehran has rejected the bogus allegations", True),
        ("Tehran has dismissed the claims as fabricated", False),  # the speaker's verdict
        ("Tehran has repeated such fabricated claims", False),  # no denial
        ("“Tehran has dismissed such fabricated claims,” he said", False),  # in a quote
    ):
        ms = [_m(text, "Tehran", "IRN")]
        quotes = quote_spans(text)
        frames = [f for f in finder.frames(text, 0, len(text), ms, quotes) if f.kind == "verb"]
        frames += [
            f for f in finder.quoted_frames(text, 0, len(text), ms, quotes) if f.kind == "verb"
        ]
        assert any(outlet_denies_too(f, text, quotes) for f in frames) is want, text


def test_bare_denials__making_the_claim_again_asserts_it(taxonomy):
    from newsbrief.claims_attribution import bare_denials

    finder = FrameFinder(taxonomy)
    text = "Kyiv first made the claim, which others backed"
    ms = [_m(text, "Kyiv", "UKR")]
    frames = finder.frames(text, 0, len(text), ms, [])
    found = bare_denials(frames, [], text, len(text), taxonomy.language)
    assert [(f.kind, f.speakers) for f in found] == [("noun", ms)]


def test_claim_rows__a_discredit_does_not_reach_across_a_while_clause(taxonomy):
    text = (
        "Oslo called the reports baseless while Rome said that if the UN opens an inquiry, "
        "Rome would rethink its ties with it."
    )
    ms = [_m(text, "Oslo", "NOR"), _m(text, "Rome", "ITA"), _m(text, "UN", "UN", "organisation")]
    ms.append(_m(text, "Rome", "ITA", nth=1))
    assert _rows(taxonomy, text, ms) == {("un_investigation", "deny", "Rome", "reported")}
