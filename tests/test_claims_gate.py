import re
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from newsbrief import paths
from newsbrief.claims_gate import ClaimGate, gate_for, required_literals
from newsbrief.claims_stance import find_claim_hits
from newsbrief.taxonomy import compile_terms, load_taxonomy, parse_taxonomy


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


def _one_sentence(gate, text):
    return gate.sentences(text, [0], [len(text)], 3)


def _spec(taxonomy, claim_id):
    return next(k for k, s in enumerate(taxonomy.specs) if s.claim_id == claim_id)


def _small_taxonomy(terms, claims):
    """A taxonomy of our own terms and claims, with the project's language section."""
    doc = yaml.safe_load((Path(paths.CONFIG_DIR) / paths.CLAIMS_FILE).read_text())
    return parse_taxonomy({"terms": terms, "claims": claims, "language": doc["language"]})


def _pieces(pattern):
    p = compile_terms(pattern, "test") if isinstance(pattern, list) else re.compile(pattern)
    return required_literals(p.pattern, p.flags)


def test_required_literals__plain_terms_keep_their_case_rule():
    (alternatives,) = [_pieces(["drone*", "UAV*", "unmanned aircraft"])]
    found = {piece for sets in alternatives for s in sets for piece in s}
    assert ("drone", False) in found
    assert ("UAV", True) in found  # no lower-case letters: matched as written
    assert ("unmanned", False) in found or ("aircraft", False) in found


def test_required_literals__regex_term_needs_each_part():
    (alternative,) = _pieces(["re:\\b(?:Iran|Tehran)\\b[^.]{0,40}\\b(?:drones?|UAVs?)\\b"])
    pieces = [{text for text, _ in s} for s in alternative]
    assert {"iran", "tehran"} in pieces
    assert any(s <= {"drone", "drones", "uav", "uavs"} and "drone" in s for s in pieces)


def test_required_literals__optional_letters_are_not_required():
    (alternative,) = _pieces(r"(?i)\bcolou?rs?\b")
    assert all(any(text in "color" for text, _ in s) for s in alternative)


def test_required_literals__pattern_without_literals_is_open():
    assert required_literals(r"\b\d{4}\b|\w+ly") == ((), (frozenset({("ly", True)}),))


SOUNDNESS_TERMS = [
    ["re:\\barm(?:ed|ing|s)? (?:Russia|Moscow|the Kremlin)\\b"],
    ["re:\\b(?:the|these|those)\\s+(?:[\\w-]+\\s+){0,2}?(?:drones|UAVs)\\b(?!-)"],
    ["re:\\b(?:drones?|UAVs?)\\b[^.;:]{0,30}?\\b(?:from|by) (?:Iran|Tehran)\\b"],
    ["re:\\b(?:sent|sen[dt]s?|ship\\w*) (?:\\w+ ){0,3}(?:drones|arms) to\\b"],
    ["re:(?<!not )\\bno (?:link|connection)\\b", "re:colou?r[’']?s?"],
    ["re:(?-i:[A-Z])\\w* (?:supplied|provided)\\b", "re:\\b\\d{4}\\b"],
    ["UN", "U.N.", "UAV*", "Shahed*", "unmanned aerial vehicle*", "Iranian made", "2231"],
]


@pytest.fixture(scope="module")
def soundness():
    terms = {f"g{k}": t for k, t in enumerate(SOUNDNESS_TERMS)}
    claims = [
        {"id": f"c{k}", "proposition": "A test claim.", "rules": [{"all": [f"g{k}"]}]}
        for k in range(len(SOUNDNESS_TERMS))
    ]
    taxonomy = _small_taxonomy(terms, claims)
    return taxonomy, ClaimGate(taxonomy)


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_sentences__generated_matches_are_never_gated_out(soundness, data):
    taxonomy, gate = soundness
    k = data.draw(st.integers(0, len(SOUNDNESS_TERMS) - 1))
    text = data.draw(st.from_regex(taxonomy.specs[k].rules[0].all[0], fullmatch=False))
    hits = find_claim_hits(text, 0, len(text), taxonomy)
    assume(hits)  # (none only when a dateline-like start was blanked)
    kept = _one_sentence(gate, text).get(0, set())
    assert {_spec(taxonomy, h.spec.claim_id) for h in hits} <= kept


def test_sentences__taxonomy_examples_are_never_gated_out(taxonomy):
    gate = gate_for(taxonomy)
    for k, spec in enumerate(taxonomy.specs):
        for text, _ in spec.examples:
            assert k in _one_sentence(gate, text).get(0, set()), (spec.claim_id, text)


@pytest.mark.parametrize(
    "text, claim_id",
    [
        ("Ukraine's air force said Russia again struck Odesa with Shahed drones.", "drone_use"),
        ("Washington says Tehran is arming Moscow to prolong the war.", "drone_supply"),
        ("Officials said Iranian-built UAVs were fired at Kharkiv by Russian units.", "drone_use"),
        # a long s and a dotless i match "s" and "i" when case is ignored
        ("Iran has shipped drones to Ruſsia, the envoy told reporters.", "drone_supply"),
        ("Tehran has ſent attack drones to Moscow, the ministry said.", "drone_supply"),
    ],
)
def test_sentences__sentence_with_a_claim_is_kept(taxonomy, text, claim_id):
    gate = gate_for(taxonomy)
    assert any(h.spec.claim_id == claim_id for h in find_claim_hits(text, 0, len(text), taxonomy))
    assert _spec(taxonomy, claim_id) in _one_sentence(gate, text).get(0, set())


def test_sentences__article_without_claim_terms_is_skipped(taxonomy):
    text = (
        "The central bank left interest rates unchanged on Tuesday. "
        "Shares in Tehran closed slightly higher as traders waited for inflation figures."
    )
    gate = gate_for(taxonomy)
    assert gate.sentences(text, [0, 59], [58, len(text)], 3) == {}


def test_sentences__group_borrowed_from_the_sentence_before(taxonomy):
    first = "Russia launched another wave of attacks on the capital overnight."
    second = "Tehran has denied supplying the drones."
    text = f"{first} {second}"
    starts, ends = [0, len(first) + 1], [len(first), len(text)]
    hits = find_claim_hits(text, starts[1], ends[1], taxonomy, text[: starts[1]])
    assert any(h.contextual and h.spec.claim_id == "drone_supply" for h in hits)
    kept = gate_for(taxonomy).sentences(text, starts, ends, 3)
    assert _spec(taxonomy, "drone_supply") in kept[1]
    alone = gate_for(taxonomy).sentences(second, [0], [len(second)], 3)
    assert _spec(taxonomy, "drone_supply") not in alone.get(0, set())


def test_sentences__own_terms_and_regex_terms():
    taxonomy = _small_taxonomy(
        {
            "boat": ["trawler*", "re:\\bfishing (?:boats?|vessels?)\\b"],
            "seized": ["seiz*", "impound*", "re:\\btook (?:over|control of)\\b"],
            "coast": ["re:\\b(?:off|near) the (?:\\w+ )?coast\\b", "in (?:its )?waters"],
        },
        [
            {
                "id": "boat_seized",
                "proposition": "Someone seized a fishing boat off the coast.",
                "rules": [{"all": ["seized", "boat", "coast"], "context": ["coast"]}],
            }
        ],
    )
    gate = ClaimGate(taxonomy)
    claim = "Coast guards took control of two fishing vessels near the southern coast on Friday."
    no_coast = "Coast guards took control of two fishing vessels on Friday."
    other = "The fishing season opened on the southern coast on Friday."
    for text in (claim, no_coast, other):
        hit = bool(find_claim_hits(text, 0, len(text), taxonomy))
        assert hit == (text == claim)
    assert _one_sentence(gate, claim) == {0: {0}}
    assert _one_sentence(gate, no_coast) == {}
    assert _one_sentence(gate, other) == {}


def test_sentences__overlapping_sentences_are_all_kept(taxonomy):
    text = "Iran has sent drones to Russia, Kyiv said. Tehran denied it."
    kept = gate_for(taxonomy).sentences(text, [0, 20], [42, len(text)], 3)
    assert set(kept) == {0, 1}
    assert set(gate_for(taxonomy).sentences(text, [0, 43], [42, len(text)], 3)) == {0}


def test_gate_for__one_gate_per_taxonomy(taxonomy):
    assert gate_for(taxonomy) is gate_for(taxonomy)
    assert gate_for(load_taxonomy()) is not gate_for(taxonomy)
