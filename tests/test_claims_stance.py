import pytest

from newsbrief.claims_stance import find_claim_hits, is_hypothetical, judge_stance
from newsbrief.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


def _hits(taxonomy, text, context=""):
    return [
        (h.spec.claim_id, text[h.start : h.end], h.contextual)
        for h in find_claim_hits(text, 0, len(text), taxonomy, context)
    ]


def test_find_claim_hits__anchor_per_occurrence(taxonomy):
    text = "Iran sent drones to Russia, and Moscow used the Iranian drones in Ukraine."
    assert _hits(taxonomy, text) == [("drone_supply", "sent", False), ("drone_use", "used", False)]


def test_find_claim_hits__veto_and_window(taxonomy):
    assert _hits(taxonomy, "Iran denies sending drones to Russia for use in Ukraine.") == [
        ("drone_supply", "sending", False)
    ]
    assert _hits(taxonomy, "Russia will deliver Su-35 jets and other weapons to Iran.") == []


def test_find_claim_hits__borrows_listed_group_from_context(taxonomy):
    text = "Tehran denied supplying the drones."
    assert _hits(taxonomy, text) == []
    assert _hits(taxonomy, text, context="Russia attacked Kyiv.") == [
        ("drone_supply", "supplying", True)
    ]
    # the drones themselves are not borrowable
    assert _hits(taxonomy, "Russia used them in Ukraine.", "Iranian drones hit Kyiv.") == []


def test_find_claim_hits__dateline_is_no_actor(taxonomy):
    assert (
        _hits(taxonomy, "TEHRAN- Western allies are shipping Kyiv weapons to fight Russia.") == []
    )


@pytest.mark.parametrize(
    ("text", "deny_verb", "stance"),
    [
        ("Iran sent drones to Russia.", False, "assert"),
        ("Iran sent drones to Russia.", True, "deny"),
        ("Iran has never sent drones to Russia.", False, "deny"),
        ("Iran sent no drones to Russia.", False, "deny"),
        ("There are no limits whatsoever on arms supplies from Iran to Russia.", False, "assert"),
        ("The reports that Iran sent drones to Russia are baseless.", False, "deny"),
        ("If Iran sent drones to Russia, it would regret it.", False, None),
        ("We have no information about whether Iran sent drones to Russia.", False, None),
        ("Any probe into the alleged supply of drones by Iran to Russia is biased.", False, None),
    ],
)
def test_judge_stance__cues(taxonomy, text, deny_verb, stance):
    hit = find_claim_hits(text, 0, len(text), taxonomy)[0]
    assert judge_stance(text, (0, len(text)), hit, deny_verb, taxonomy.language) == stance


def test_find_claim_hits__drones_named_again_borrow_whose_they_are(taxonomy):
    text = "Moscow has launched these UAVs at Ukrainian ports, the ministry said."
    before = "Tehran has shipped several hundred drones to the Kremlin, officials say. "
    assert _hits(taxonomy, text, context=before) == [("drone_use", "launched", True)]
    assert _hits(taxonomy, text, context="Storms hit the coast. ") == []
    # a singular modifier ("the drone programme") names no drones again
    text2 = "Russian forces attacked Kyiv, and the drone programme grew."
    assert _hits(taxonomy, text2, context="Iranian drones are cheap. ") == []


def test_find_claim_hits__speaker_before_drones_does_not_make_them_iranian(taxonomy):
    assert _hits(taxonomy, "Tehran claims the drones striking Kharkiv are Russian.") == []
    assert _hits(taxonomy, "Tehran sold these drones to Moscow, which launched them.") == [
        ("drone_supply", "sold", False),
        ("drone_use", "launched", False),
    ]


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("Tehran says it has not armed either party in the conflict.", "deny"),
        ("Kyiv says the drones that struck Odesa's port were Iranian.", "assert"),
        ("Moscow insists the UAVs its forces use in Ukraine are not Iranian-made.", "deny"),
    ],
)
def test_judge_stance__arming_either_side_and_drones_called_iranian(taxonomy, text, stance):
    hit = find_claim_hits(text, 0, len(text), taxonomy)[0]
    assert judge_stance(text, (0, len(text)), hit, False, taxonomy.language) == stance


def test_find_claim_hits__resolution_named_again_and_both_countries(taxonomy):
    text = "Tehran's envoy said its drone sales did not breach the resolution."
    assert _hits(taxonomy, text) == []
    assert _hits(taxonomy, text, context="Paris cited UNSCR 2231 on Monday. ") == [
        ("resolution_2231_violation", "breach", True)
    ]
    text2 = "Tehran proposed that military experts of both countries meet to study the evidence."
    assert [h[0] for h in _hits(taxonomy, text2)] == ["expert_talks"]


def test_find_claim_hits__any_drones_borrow_origin_but_not_campaigns_or_own_drones(taxonomy):
    before = "Kyiv says the Shahed drones come from Iran. "
    text = "Moscow launched dozens of drones at Lviv overnight, the mayor said."
    assert _hits(taxonomy, text, context=before) == [("drone_use", "launched", True)]
    text2 = "Moscow launched a fresh campaign against the Iranian drones story in Ukraine."
    assert _hits(taxonomy, text2) == []
    text3 = "The Kremlin said its army deployed home-grown drones in Ukraine."
    assert [h[0] for h in _hits(taxonomy, text3, context=before)] == ["drone_use"]
    hit = find_claim_hits(text3, 0, len(text3), taxonomy, before)[0]
    assert judge_stance(text3, (0, len(text3)), hit, False, taxonomy.language) == "deny"


def test_find_claim_hits__orders_and_strikes_in_plain_words(taxonomy):
    text = "Moscow has ordered 2,000 Shahed drones from Tehran."
    assert [h[0] for h in _hits(taxonomy, text)] == ["drone_supply"]
    text2 = "Iranian-made UAVs slammed into apartment blocks in Kharkiv."
    assert [h[0] for h in _hits(taxonomy, text2)] == ["drone_use"]
    text3 = "In order to end the war, Tehran sent envoys to Moscow."  # no drones ordered
    assert _hits(taxonomy, text3) == []


def test_find_claim_hits__preposition_between_iran_and_drones_breaks_the_tie(taxonomy):
    assert _hits(taxonomy, "Kyiv cut ties with Tehran after Russian drone strikes on Lviv.") == []
    assert [h[0] for h in _hits(taxonomy, "Tehran's Mohajer-6 drones hit Kherson.")] == [
        "drone_use"
    ]


def test_find_claim_hits__sending_a_team_of_experts_is_a_meeting(taxonomy):
    text = "Tehran offered to send a group of technical experts to Kyiv to study the debris."
    assert [h[0] for h in _hits(taxonomy, text)] == ["expert_talks"]


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("Diplomats accuse Kyiv of trying to tie the UAV dossier to resolution 2231.", True),
        ("The envoy said the West drew a false link between Resolution 2231 and the drones.", True),
        ("Moscow has close ties with Tehran and backs Resolution 2231; it buys no drones.", False),
    ],
)
def test_find_claim_hits__linking_drones_to_2231(taxonomy, text, claim):
    found = {h.spec.claim_id for h in find_claim_hits(text, 0, len(text), taxonomy)}
    assert ("resolution_2231_violation" in found) is claim


def test_find_claim_hits__as_well_as_is_no_clause_break(taxonomy):
    from newsbrief.claims_stance import CLAUSE_BREAK

    assert CLAUSE_BREAK.search("reports by Kyiv, as well as by Oslo, that") is None
    assert CLAUSE_BREAK.search("it denied the reports, as they were false") is not None


def test_find_claim_hits__these_opening_a_sentence_are_the_drones_just_named(taxonomy):
    context = "The agency said the firm designs the Shahed family of Iranian drones. "
    text = context + "These are being launched at Ukrainian towns, the agency continued."
    hits = find_claim_hits(text, len(context), len(text), taxonomy, context)
    assert "drone_use" in {h.spec.claim_id for h in hits}
    text2 = context + "These talks are being held in Ukrainian towns."
    hits2 = find_claim_hits(text2, len(context), len(text2), taxonomy, context)
    assert "drone_use" not in {h.spec.claim_id for h in hits2}


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("Tehran avoided sending drones to Russia.", "deny"),
        ("Banks must take care to avoid financing the sale of Iranian drones to Russia.", "assert"),
    ],
)
def test_judge_stance__avoiding_is_a_refusal_but_advice_to_avoid_is_not(taxonomy, text, stance):
    hit = [h for h in find_claim_hits(text, 0, len(text), taxonomy)][0]
    assert judge_stance(text, (0, len(text)), hit, False, taxonomy.language) == stance


def _stance(taxonomy, text):
    hit = find_claim_hits(text, 0, len(text), taxonomy)[0]
    return judge_stance(text, (0, len(text)), hit, False, taxonomy.language)


@pytest.mark.parametrize(
    "text",
    [
        "Shipping attack drones to Moscow would be a major boost for Tehran's arms industry.",
        "Tehran could hand Russia hundreds of kamikaze drones within weeks.",
        "Iran might soon deliver more Shahed drones to the Kremlin.",
        "Negotiators discussed a pact that would see Tehran sell UAVs to Moscow.",
        "Analysts think Iran may also be supplying Russia with reconnaissance drones.",
        "Providing Moscow with Iranian drones could backfire on Tehran.",
    ],
)
def test_judge_stance__modal_over_the_deed_asserts_nothing(taxonomy, text):
    hit = find_claim_hits(text, 0, len(text), taxonomy)[0]
    assert is_hypothetical(text, 0, len(text), hit)
    assert _stance(taxonomy, text) is None


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        # plans and preparations are reported deeds in this taxonomy
        ("Tehran is getting ready to send a new batch of drones to Moscow.", "assert"),
        ("Iran has agreed to sell Russia several hundred Shahed UAVs.", "assert"),
        ("The Iranians plan to give Moscow more drones before winter.", "assert"),
        ("Tehran will ship another batch of drones to Russia next month.", "assert"),
        # "would" as the reported "will" of a stated plan
        ("Officials announced that Iran would deliver the drones to Russia in May.", "assert"),
        # a past deed under a gerund subject, and a modal that denies
        ("Selling those drones to Moscow was a blunder by Tehran.", "assert"),
        ("Tehran would never sell drones to Russia for use against Ukraine.", "deny"),
    ],
)
def test_judge_stance__plans_and_denials_are_no_hypotheticals(taxonomy, text, stance):
    assert _stance(taxonomy, text) == stance


@pytest.mark.parametrize(
    "text",
    [
        "Washington has not seen any sign that Tehran shipped drones to Moscow.",
        "The Pentagon said it had seen no indications that Iran delivered drones to Russia.",
        "US officials said they have no information that Iran sold Moscow drones.",
        "The State Department cannot confirm that Iran handed over the drones to Russia.",
    ],
)
def test_judge_stance__evasion_neither_asserts_nor_denies(taxonomy, text):
    assert _stance(taxonomy, text) is None


def test_judge_stance__no_evidence_claimed_by_others_still_denies(taxonomy):
    text = "Tehran said Kyiv has no evidence that Iran sent drones to Russia."
    assert _stance(taxonomy, text) == "deny"
    # "no signs" of something else in the same sentence evades nothing
    text = "Kyiv said Tehran had sold drones to Russia and had seen no signs of a change."
    assert _stance(taxonomy, text) == "assert"


def test_is_hypothetical__a_call_for_a_probe_may_be_modal(taxonomy):
    text = "Kyiv said UN experts could investigate the Iranian drones found in Ukraine."
    hit = find_claim_hits(text, 0, len(text), taxonomy)[0]
    assert hit.spec.claim_id == "un_investigation"
    assert not is_hypothetical(text, 0, len(text), hit)
    assert _stance(taxonomy, text) == "assert"
