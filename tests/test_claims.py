import pandas as pd
import pytest

from newsbrief.actors import extract_mentions
from newsbrief.claims import CLAIM_COLUMNS, CLAIM_KEY, detect_claims, extract_claims
from newsbrief.lexicon import load_lexicon
from newsbrief.sentences import split_sentences
from newsbrief.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def config():
    return load_taxonomy(), load_lexicon()


def _claims(config, text, source="Example Gazette"):
    taxonomy, lexicon = config
    articles = pd.DataFrame({"article_id": ["a1"], "text": [text], "source": [source]})
    sentences = split_sentences(articles)
    mentions = extract_mentions(sentences, articles, lexicon)
    return extract_claims(sentences, mentions, articles, taxonomy, lexicon)


def _triples(df):
    """(claim, stance, speaker group) as the scorer sees them: MEDIA for outlets."""
    return {
        (r.claim_id, r.stance, "MEDIA" if r.speaker_type == "media" else r.speaker_country)
        for r in df.itertuples()
    }


CASES = [
    # plain reporting verbs and who says it
    (
        "Iran has sent hundreds of Shahed drones to Russia, the White House said on Monday.",
        {("drone_supply", "assert", "USA")},
    ),
    (
        "Ukrainian President Volodymyr Zelensky said Russia had launched Iranian kamikaze drones "
        "at Kyiv overnight.",
        {("drone_use", "assert", "UKR")},
    ),
    (
        "Kyiv accuses Tehran of arming Russia with kamikaze drones.",
        {("drone_supply", "assert", "UKR")},
    ),
    (
        "Russia has used Iranian-made drones to strike power stations, Kyiv says.",
        {("drone_use", "assert", "UKR")},
    ),
    (
        "Britain said the transfer of the drones breached Security Council Resolution 2231.",
        {("resolution_2231_violation", "assert", "GBR")},
    ),
    (
        "The US believes Iran handed Moscow several hundred UAVs over the summer.",
        {("drone_supply", "assert", "USA")},
    ),
    # denial said many ways
    ("Tehran denied selling any UAVs to Moscow for the war.", {("drone_supply", "deny", "IRN")}),
    (
        "The Kremlin rejected claims that its troops were using Iranian drones in Ukraine.",
        {("drone_use", "deny", "RUS")},
    ),
    (
        "Moscow says its army has never used Iranian UAVs against Ukrainian cities.",
        {("drone_use", "deny", "RUS")},
    ),
    (
        "Iran says reports that it shipped drones to Russia are completely without foundation.",
        {("drone_supply", "deny", "IRN")},
    ),
    (
        "Iran's foreign ministry dismissed as bogus the reports that Tehran gave Russia drones.",
        {("drone_supply", "deny", "IRN")},
    ),
    (
        "Iran has not supplied drones to Russia, Iran's foreign ministry said.",
        {("drone_supply", "deny", "IRN")},
    ),
    (
        "Tehran called the claim that it delivered weapons to Russia a pack of lies.",
        {("drone_supply", "deny", "IRN")},
    ),
    # nested attribution
    (
        "Russia and Iran have refuted allegations that Tehran sent drones to Moscow.",
        {("drone_supply", "deny", "RUS"), ("drone_supply", "deny", "IRN")},
    ),
    (
        "Iran rejected allegations by the US that it had supplied Shahed drones to Russia.",
        {("drone_supply", "deny", "IRN"), ("drone_supply", "assert", "USA")},
    ),
    (
        "Tehran dismissed claims by Western countries that Iran sold drones to Russia.",
        {("drone_supply", "deny", "IRN"), ("drone_supply", "assert", "WEST")},
    ),
    (
        "Iran denied American and Ukrainian accusations that it had sold drones to Russia.",
        {
            ("drone_supply", "deny", "IRN"),
            ("drone_supply", "assert", "USA"),
            ("drone_supply", "assert", "UKR"),
        },
    ),
    # several speakers in one sentence
    (
        "Ukraine says Russia attacked Odesa with Iranian drones, while Moscow denies using them.",
        {("drone_use", "assert", "UKR"), ("drone_use", "deny", "RUS")},
    ),
    (
        "Britain, France and Germany called on the UN Secretariat to investigate the drones.",
        {
            ("un_investigation", "assert", "GBR"),
            ("un_investigation", "assert", "FRA"),
            ("un_investigation", "assert", "DEU"),
        },
    ),
    (
        "The US, along with France, has said Iran supplied Shahed drones to Russia.",
        {("drone_supply", "assert", "USA"), ("drone_supply", "assert", "FRA")},
    ),
    # conditionals, evasions and bare mentions are neither
    (
        "If it is proven that Russia used Iranian drones in Ukraine, Iran will not remain "
        "indifferent, the minister said.",
        set(),
    ),
    ("Kuleba asked whether Iran had sent more drones to Russia.", set()),
    ("The Kremlin spokesman said he had no information about Iranian drones being used.", set()),
    ("Drones have become a feature of modern warfare.", set()),
    # quotes, within and across sentences, pronouns
    (
        "“We have not sold and will not sell weapons to Russia,” Iranian Foreign Minister "
        "Hossein Amir-Abdollahian told reporters.",
        {("drone_supply", "deny", "IRN")},
    ),
    (
        "“Russia has used Iranian drones to attack our cities. Iran is complicit in this "
        "terror,” Zelensky said.",
        {("drone_use", "assert", "UKR")},
    ),
    (
        "Ukraine's foreign minister Dmytro Kuleba spoke on Tuesday. He said Iran had sent more "
        "than 300 drones to Moscow.",
        {("drone_supply", "assert", "UKR")},
    ),
    (
        "Kuleba said Russia had launched Iranian drones against Odesa. He added that Iran had "
        "shipped more than 300 drones to Moscow.",
        {("drone_use", "assert", "UKR"), ("drone_supply", "assert", "UKR")},
    ),
    (
        "US officials say Tehran sent drones to Moscow. Iran has denied the allegations.",
        {("drone_supply", "assert", "USA"), ("drone_supply", "deny", "IRN")},
    ),
    (
        "Nebenzya told the Security Council: “Russia has never received any drones from Iran.”",
        {("drone_supply", "deny", "RUS")},
    ),
    # media speakers and narration
    (
        "The Washington Post reported that Russia would build Iranian-designed drones in "
        "Tatarstan.",
        {("drone_production", "assert", "MEDIA")},
    ),
    (
        "According to the Financial Times, Iran has shipped loitering munitions to Russia.",
        {("drone_supply", "assert", "MEDIA")},
    ),
    (
        "Russia has fired dozens of Iranian-made Shahed-136 drones at Kyiv this week.",
        {("drone_use", "assert", "MEDIA")},
    ),
    ("Did Russia fire Iranian drones at Kyiv this week?", set()),
    # claim-specific wording
    (
        "Russian envoy Vassily Nebenzya warned that a UN investigation into the drones would be "
        "illegal and outside the Secretariat's mandate.",
        {("un_investigation", "deny", "RUS")},
    ),
    (
        "Iran's foreign ministry spokesman Nasser Kanaani said Tehran had proposed a meeting of "
        "military experts with Ukraine.",
        {("expert_talks", "assert", "IRN")},
    ),
    (
        "Amir-Abdollahian admitted that Iran had given Russia a limited number of drones a few "
        "months before the war in Ukraine.",
        {("pre_war_transfer", "assert", "IRN"), ("drone_supply", "assert", "IRN")},
    ),
    ("Iran denies sending drones to Russia for use in Ukraine.", {("drone_supply", "deny", "IRN")}),
    (
        "Statement by Ambassador Linda Thomas-Greenfield\n\nWe know Iran has transferred "
        "hundreds of drones to Russia.",
        {("drone_supply", "assert", "USA")},
    ),
    # context, headlines, attributive verbs, withholding, quotes as paragraphs
    (
        "Russia launched another wave of attacks on Kyiv overnight. Tehran denied supplying "
        "the drones.",
        {("drone_supply", "deny", "IRN")},
    ),
    (
        "Iran says it has sold no missiles to Russia. Iran denies sending the weapons.",
        {("drone_supply", "deny", "IRN")},
    ),
    ("US Mission Releases Statement On Calls For Probe Into Iranian Drones", set()),
    ("Moscow Reiterates Denial Of Iranian Drone Use Against Kyiv", {("drone_use", "deny", "RUS")}),
    ("Ukraine cut ties with Iran over alleged drone supplies to Russia.", set()),
    (
        "The sanctions aim to deny Moscow the Iranian drones it uses against Ukraine, Yellen said.",
        {("drone_use", "assert", "USA")},
    ),
    (
        "Iran is providing Russia with materials to build a drone plant, the White House said.",
        {("drone_production", "assert", "USA")},
    ),
    (
        "Kyiv said on Monday that Russia had attacked Odesa.\n“Iranian Shahed drones hit the "
        "port again. Iran is an accomplice.”",
        {("drone_use", "assert", "UKR")},
    ),
    ("Peskov said the Kremlin had no information about the use of Iranian drones.", set()),
    (
        "Iranian Foreign Minister Hossein Amir-Abdollahian, who was speaking in Tehran, said "
        "Iran had sent no drones to Russia.",
        {("drone_supply", "deny", "IRN")},
    ),
    (
        "Haluk Bayraktar, who heads a Turkish drone maker, told CNN that Iran sold drones to "
        "Russia.",
        set(),
    ),
    ("Russia will deliver Su-35 fighter jets and other weapons to Iran, Tasnim reported.", set()),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_extract_claims__phrasings(config, text, expected):
    assert _triples(_claims(config, text)) == expected


def test_extract_claims__table_contract(config):
    df = _claims(
        config,
        "Kuleba said Russia used Iranian drones. Iran allegedly sold drones "
        "to Moscow, the US said.\n“Russia has never received drones from Iran,” "
        "Nebenzya said.",
    )
    assert list(df.columns) == CLAIM_COLUMNS
    assert not df.duplicated(CLAIM_KEY).any()
    assert df[CLAIM_KEY].equals(df[CLAIM_KEY].sort_values(CLAIM_KEY).reset_index(drop=True))
    text = "Kuleba said Russia used Iranian drones."
    first = df.iloc[0]
    assert (first.start, first.end, first.evidence) == (0, len(text), text)
    assert set(df["mode"]) == {"reported", "quote"}
    hedged = df.set_index("sentence_id")["hedged"]
    assert bool(hedged.loc[1]) and not bool(hedged.loc[0])


def test_extract_claims__narration_speaker_is_the_outlet(config):
    text = "Russia has fired Iranian-made drones at Kyiv."
    row = _claims(config, text, source="Example Gazette").iloc[0]
    assert (row["speaker_type"], row["speaker_id"], row["mode"]) == (
        "media",
        "media:Example Gazette",
        "narration",
    )
    assert _claims(config, text, source=None).iloc[0].speaker_id == "media:unknown"


def test_extract_claims__deterministic_and_empty(config):
    text = "Tehran denied selling UAVs to Moscow. Kyiv says Russia used Iranian drones."
    pd.testing.assert_frame_equal(_claims(config, text), _claims(config, text))
    empty = _claims(config, "Nothing to see here.")
    assert empty.empty and list(empty.columns) == CLAIM_COLUMNS


def test_detect_claims__every_taxonomy_example(config):
    taxonomy, _ = config
    missed = [
        (spec.claim_id, stance, text)
        for spec in taxonomy.specs
        for text, stance in spec.examples
        if (spec.claim_id, stance) not in detect_claims(text, taxonomy)
    ]
    assert not missed
    assert all(spec.examples for spec in taxonomy.specs)


# Held-out lessons: general ways news copy phrases denials, attribution and speakers.
# Each case is written fresh (not copied from any labelled page).
GENERAL_CASES = [
    # 1. denial wording: reject + gerund, "there was no", insist + negated clause, passive
    # "refuted by X", "the claim ... is a mistake", "never" + transfer before or after the war
    (
        "“We firmly reject sending any drones to Moscow,” the Iranian minister said.",
        {("drone_supply", "deny", "IRN")},
    ),
    (
        "Tehran's envoy said there had been no transfer of Iranian drones to Russia.",
        {("drone_supply", "deny", "IRN")},
    ),
    (
        "Iran's defence ministry said there was no cooperation with Moscow on the use of "
        "Iranian drones in Ukraine.",
        {("drone_use", "deny", "IRN")},
    ),
    (
        "Iranian officials have been stressing that Tehran had not shipped UAVs to Russia.",
        {("drone_supply", "deny", "IRN")},
    ),
    (
        "The accusation that Moscow deployed Iranian drones over Kharkiv was dismissed by "
        "Iran's foreign ministry.",
        {("drone_use", "deny", "IRN")},
    ),
    (
        "Kanaani said the claim that Iran armed Russia with drones was a mistake and a "
        "misleading reading of events.",
        {("drone_supply", "deny", "IRN")},
    ),
    (
        "Iran's envoy said Tehran never sold drones to Russia, either before or after the war "
        "began.",
        {("drone_supply", "deny", "IRN"), ("pre_war_transfer", "deny", "IRN")},
    ),
    (
        "Amir-Abdollahian dismissed the “baseless” claims that Russia fired Iranian drones at "
        "Kyiv, Tasnim reported.",
        {("drone_use", "deny", "IRN")},
    ),
    # 2. the outlet denying in its own voice
    (
        "Repeating his baseless claims that Tehran is arming Russia with drones, Ukraine's "
        "president Volodymyr Zelensky called for new sanctions.",
        {("drone_supply", "assert", "UKR"), ("drone_supply", "deny", "MEDIA")},
    ),
    (
        "The firms were blacklisted on the basis of unfounded accusations that they help send "
        "Iranian drones to Russia.",
        {("drone_supply", "deny", "MEDIA")},
    ),
    # 3. attribution in participles and noun phrases
    (
        "Last summer Jake Sullivan first raised the issue, saying that Iran was preparing to "
        "hand Russia hundreds of UAVs.",
        {("drone_supply", "assert", "USA")},
    ),
    (
        "The European Union has stepped up its condemnation of Tehran over the supply of "
        "Shahed drones to Russia.",
        {("drone_supply", "assert", "EU")},
    ),
    (
        "The G7 also rebuked Iran for its shipments of drones to Russia.",
        {("drone_supply", "assert", "G7")},
    ),
    (
        "Britain sanctioned three Iranian generals for the delivery of drones to Russia.",
        {("drone_supply", "assert", "GBR")},
    ),
    (
        "Ukrainian officials keep parroting American accusations that Iran sold drones to Russia.",
        {("drone_supply", "assert", "UKR"), ("drone_supply", "assert", "USA")},
    ),
    # 4. who the speaker is
    (
        "For weeks the West has pointed the finger at Iran. They say Tehran delivered "
        "hundreds of drones to Moscow.",
        {("drone_supply", "assert", "WEST")},
    ),
    (
        "Kuleba spoke to reporters on Monday. A spokesman for Iran's mission to the UN said "
        "later that Iran had asked for a joint expert meeting with Ukraine. “No drones were "
        "sent to Russia,” the spokesman said.",
        {("expert_talks", "assert", "IRN"), ("drone_supply", "deny", "IRN")},
    ),
    (
        "Borrell welcomed Tehran's decision not to deliver drones to Russia.",
        {("drone_supply", "deny", "EU")},
    ),
    (
        "The West, led by the United States, has accused Iran of sending drones to Russia.",
        {("drone_supply", "assert", "WEST"), ("drone_supply", "assert", "USA")},
    ),
    (
        "Iranian officials said they had not sent drones to Moscow for the war. It only sold "
        "a few drones to Russia months before the war.",
        {("drone_supply", "deny", "IRN"), ("pre_war_transfer", "assert", "IRN")},
    ),
    (
        "Kuleba said Russia was running short of missiles. It fired dozens of Iranian drones "
        "at Kyiv overnight.",
        {("drone_use", "assert", "MEDIA")},
    ),
    (
        "Tasnim quoted the Iranian defence minister as saying that no Iranian drones had been "
        "used in Ukraine.",
        {("drone_use", "deny", "IRN")},
    ),
    # 5. long quoted statements
    (
        "Iran's foreign ministry issued a statement on Monday. The statement reads as follows: "
        "“Iran has consistently called for peace.\n"
        "Iran rejects the allegations that it has transferred UAVs to Russia.\n"
        "Any probe of the drones by the UN Secretariat is outside its mandate.”",
        {("drone_supply", "deny", "IRN"), ("un_investigation", "deny", "IRN")},
    ),
    # 6. what is not the claim
    (
        "The US exit from the nuclear deal was itself a violation of Resolution 2231, Iran's "
        "envoy said after the debate on drones.",
        set(),
    ),
    (
        "He noted that Iranian drones had been used by militias in Iraq to attack bases.",
        set(),
    ),
    (
        "The paper said Russia was buying shells sourced from North Korea with help from "
        "Iranian arms dealers.",
        set(),
    ),
    (
        "Amir-Abdollahian said Iran had sent drones to Russia months before the war, but any "
        "talk of missile deliveries was a lie.",
        {("pre_war_transfer", "assert", "IRN"), ("drone_supply", "assert", "IRN")},
    ),
    (
        "Iran's envoy said any inspection of the drones falls outside the scope of the UN "
        "Secretariat's mandate.",
        {("un_investigation", "deny", "IRN")},
    ),
    (
        "Kyiv says Tehran disregarded Resolution 2231 by shipping drones to Russia.",
        {("drone_supply", "assert", "UKR"), ("resolution_2231_violation", "assert", "UKR")},
    ),
    # 7. other ways of saying drones and talks
    (
        "US officials said Iran would soon provide Russia with remotely piloted aircraft.",
        {("drone_supply", "assert", "USA")},
    ),
    (
        "Kyiv says Moscow launched unmanned aerial systems of Iranian design at Lviv.",
        {("drone_use", "assert", "UKR")},
    ),
    (
        "Iran's foreign ministry said Tehran had asked for a joint meeting with Ukrainian "
        "officials to examine the claims.",
        {("expert_talks", "assert", "IRN")},
    ),
    (
        "Kanaani said Tehran was ready to discuss the claims by the West about drone sales to "
        "Russia in a joint meeting with Ukrainian military experts.",
        {("drone_supply", "assert", "WEST"), ("expert_talks", "assert", "IRN")},
    ),
    (
        "The accusations, made by US officials, that Iran sent drones to Russia were rejected "
        "by Tehran.",
        {("drone_supply", "assert", "USA"), ("drone_supply", "deny", "IRN")},
    ),
    # 8. media as speakers, hedged narration
    (
        "Israeli media have claimed that Iran is shipping drones to Russia.",
        {("drone_supply", "assert", "MEDIA")},
    ),
    (
        "The sanctions follow Western outrage over Iran allegedly sending drones to Russia.",
        {("drone_supply", "assert", "WEST")},
    ),
    (
        "Iran reportedly shipped more drones to Russia last month.",
        set(),
    ),
    # discrediting, other directions and suppliers, questions, scope of "no"
    (
        "Tehran says Washington is misleading the world by claiming that Iran sold drones to "
        "Russia.",
        {("drone_supply", "assert", "USA"), ("drone_supply", "deny", "IRN")},
    ),
    ("Russia will provide Iran with Su-35 jets and attack drones, the report said.", set()),
    (
        "Iran has been accused of arming Russia. US officials say China is weighing sending "
        "weapons to Russia.",
        set(),
    ),
    (
        "Iravani pointed to unfounded allegations that Iran had shipped drones to Russia.",
        {("drone_supply", "deny", "IRN")},
    ),
    ("“Why would we send drones to Moscow?” Iran's foreign minister asked.", set()),
    (
        "Kanaani said Iran had never armed either side of the war with drones.",
        {("drone_supply", "deny", "IRN")},
    ),
    (
        "Iran's envoy Amir Saeid Iravani said the drone dispute was irrelevant to Resolution 2231.",
        {("resolution_2231_violation", "deny", "IRN")},
    ),
    (
        "Iran's foreign minister, Hossein Amir-Abdollahian, said on Monday that Tehran had "
        "offered technical talks with Kyiv's military experts, adding that no drones had been "
        "sent to Russia.",
        {("expert_talks", "assert", "IRN"), ("drone_supply", "deny", "IRN")},
    ),
    (
        "The Iranian foreign ministry dismissed the reports as “baseless”, saying Tehran had "
        "not transferred any UAVs to Moscow.",
        {("drone_supply", "deny", "IRN")},
    ),
    (
        "According to US intelligence, Iran has sent instructors to Crimea to help Russian "
        "troops operate the drones.",
        set(),
    ),
    (
        "“These are lies,” Kanaani said of the reports that Iran had shipped drones to Moscow.",
        {("drone_supply", "deny", "IRN")},
    ),
    (
        "Zelensky urged the UN to investigate the use of Iranian drones by Russian forces.",
        {("un_investigation", "assert", "UKR")},
    ),
    (
        "Iranian foreign ministry spokesman Nasser Kanaani told reporters that Iran has not sent "
        "and will not send weapons to either side.",
        {("drone_supply", "deny", "IRN")},
    ),
    (
        "Iranian officials have categorically ruled out any transfer of drones to Russia.",
        {("drone_supply", "deny", "IRN")},
    ),
    (
        "A senior US official, speaking on condition of anonymity, said Iran had shipped more "
        "drones to Russia.",
        {("drone_supply", "assert", "USA")},
    ),
    (
        "Amir-Abdollahian reiterated Tehran's opposition to the dispatch of weapons to the "
        "warring sides.",
        {("drone_supply", "deny", "IRN")},
    ),
    ("The Russian Defense Ministry did not comment on the use of Iranian drones.", set()),
    (
        "Iran says it is ready to hold talks with Ukraine on the drone claims.",
        {("expert_talks", "assert", "IRN")},
    ),
    # 10. "accusations of X <gerund>": X is the accused; the adjective holds the claim
    (
        "The remarks come amid repeated Western accusations of Tehran sending kamikaze drones "
        "to Moscow.",
        {("drone_supply", "assert", "WEST")},
    ),
    (
        "The note follows fresh American allegations of Iran shipping drones to Russia.",
        {("drone_supply", "assert", "USA")},
    ),
    # 11. refusing or refraining from the act denies it; "refused to stop using" does not
    (
        "Iran stayed out of the conflict and refused to fuel the fighting by sending drones to "
        "Russia, Iranian officials said.",
        {("drone_supply", "deny", "IRN")},
    ),
    (
        "Tehran has refrained from selling any weapons to the warring sides, the Iranian foreign "
        "ministry said.",
        {("drone_supply", "deny", "IRN")},
    ),
    (
        "Russia refused to stop using Iranian drones against Ukrainian cities, Kyiv said.",
        {("drone_use", "assert", "UKR")},
    ),
    # 12. adverbs joined by "and" stay between a speaker and its verb
    (
        "Iran has repeatedly and firmly denied Western allegations that it provided drones to "
        "Russia for use against Ukraine.",
        {("drone_supply", "assert", "WEST"), ("drone_supply", "deny", "IRN")},
    ),
    # 13. buyers other than Russia are no supply to Russia
    (
        "The defence minister praised the drone industry, saying many foreign countries are "
        "keen to purchase Iranian UAVs.",
        set(),
    ),
    # 14. expert talks: Iran named in the sentence before; a clause that goes on to call the
    # other side's claims groundless still offers them
    (
        "Iran's foreign minister met his Omani counterpart in Muscat. Amir-Abdollahian said "
        "his government is prepared to hold direct talks with Kyiv to clear up the "
        "misunderstandings over the drones.",
        {("expert_talks", "assert", "IRN")},
    ),
    (
        "“Kyiv avoids the expert negotiations with the Iranian side on these claims, which "
        "shows they are baseless,” Kanaani told reporters.",
        {("expert_talks", "assert", "IRN")},
    ),
    # 15. the outlet's own doubt denies; finger-pointing accuses; other verbs of use
    (
        "It is by no means clear that Tehran has been sending weapons to Moscow.",
        {("drone_supply", "deny", "MEDIA")},
    ),
    (
        "Washington and London have pointed the finger at Iran for allegedly shipping combat "
        "drones to Russia.",
        {("drone_supply", "assert", "GBR"), ("drone_supply", "assert", "USA")},
    ),
    (
        "Kyiv has pinned the blame on Tehran for selling kamikaze UAVs to Moscow.",
        {("drone_supply", "assert", "UKR")},
    ),
    (
        "Russia employed Iranian Shahed drones in the strikes on Kyiv, Ukraine's air force said.",
        {("drone_use", "assert", "UKR")},
    ),
    # 16. verdicts after the claim noun: a later speaker denies, or the outlet itself does
    (
        "Tehran has long dismissed as baseless the reports that it delivered drones to Russia.",
        {("drone_supply", "deny", "IRN")},
    ),
    (
        "The allegations that Iran has supplied drones to Russia are unfounded, the Iranian "
        "foreign ministry said.",
        {("drone_supply", "deny", "IRN")},
    ),
    (
        "Western allegations that Tehran sent drones to Moscow are baseless, Iran's envoy told "
        "the council.",
        {("drone_supply", "assert", "WEST"), ("drone_supply", "deny", "IRN")},
    ),
    (
        "The claims that Tehran shipped UAVs to Russia are unfounded.",
        {("drone_supply", "deny", "MEDIA")},
    ),
    # 17. "he continued," reports; "continued to launch" does not
    (
        "Iran's foreign minister Hossein Amir-Abdollahian said on Monday that Tehran wants "
        "peace. As for Ukraine, he continued, allegations that Russian troops utilized drones "
        "built in Iran are meaningless.",
        {("drone_use", "deny", "IRN")},
    ),
    (
        "Russia continued to launch Iranian Shahed drones at Ukrainian cities.",
        {("drone_use", "assert", "MEDIA")},
    ),
    # 18. a denial of "such a sham allegation" refers back to the claim before it; "sham"
    # is the outlet's own verdict (not "called it a sham"), so the outlet denies it too
    (
        "Kyiv says Tehran has sold hundreds of drones to Moscow. Iranian officials have "
        "consistently refuted such a sham allegation.",
        {
            ("drone_supply", "assert", "UKR"),
            ("drone_supply", "deny", "IRN"),
            ("drone_supply", "deny", "MEDIA"),
        },
    ),
    (
        "Ukraine accuses Iran of selling drones to Russia. Tehran has rejected these unfounded "
        "and hostile charges.",
        {("drone_supply", "assert", "UKR"), ("drone_supply", "deny", "IRN")},
    ),
    # 19. drones sought "to use in" the war are no use yet; "made it clear" reports
    (
        "The White House adviser said on Tuesday that Moscow was acquiring drones from Iran, "
        "including armed ones, to use in its war in Ukraine.",
        {("drone_supply", "assert", "USA")},
    ),
    (
        "Abbas Araghchi, Iran's foreign minister, made it clear on Friday that Iran does not "
        "sell weapons to Russia for the war.",
        {("drone_supply", "deny", "IRN")},
    ),
    # 20. a speaker after a claim noun denies only when a verdict on it comes between
    (
        "Despite rumours about the deployment of Iranian drones in Ukraine, Borrell said he "
        "valued Tehran's peace efforts.",
        set(),
    ),
    (
        "The claims that Iran was supplying arms to Russia are false, the Russian embassy in "
        "London said.",
        {("drone_supply", "deny", "RUS")},
    ),
    # 21. "arming Moscow" supplies weapons; a demand for evidence asserts nothing
    (
        "Tehran has consistently denied arming Moscow, saying it opposes the war.",
        {("drone_supply", "deny", "IRN")},
    ),
    ("Tehran rejects claims it is arming Russia.", {("drone_supply", "deny", "IRN")}),
    (
        "Iran has called on Ukraine to present evidence that Iranian drones are being used in "
        "the war.",
        set(),
    ),
    (
        "Ukraine presented evidence that Iranian drones were used by Russia in the attacks, its "
        "foreign ministry said.",
        {("drone_use", "assert", "UKR")},
    ),
    # 9. other names for states
    (
        "The Zionist regime has accused Tehran of supplying Moscow with drones.",
        {("drone_supply", "assert", "ISR")},
    ),
    # 10. "levelled (fresh) charges against X over Y" accuses; "the bloc", "the alliance"
    # is the organisation named just before
    (
        "London levelled fresh charges against Tehran over the sale of drones to Moscow.",
        {("drone_supply", "assert", "GBR")},
    ),
    (
        "Washington has leveled accusations that Iran shipped UAVs to the Kremlin.",
        {("drone_supply", "assert", "USA")},
    ),
    (
        "NATO ministers met in Brussels on Tuesday. The alliance said Russia had launched "
        "Iranian drones at Ukrainian power plants.",
        {("drone_use", "assert", "NATO")},
    ),
    (
        "The EU listed four Iranian firms. The bloc added that the Iranian drones were used "
        "by Moscow against Ukrainian cities.",
        {("drone_use", "assert", "EU")},
    ),
    # 11. an offer in a clause of its own after a rejection; a joint team is a meeting;
    # the claims a team would look into are examined, not made
    (
        "“We dismiss these charges; we invite Kyiv to a session of Iranian and Ukrainian "
        "technical experts,” Iran's deputy foreign minister said.",
        {("expert_talks", "assert", "IRN")},
    ),
    (
        "Tehran's ambassador said Iran would welcome a joint team with Kyiv to review the "
        "evidence.",
        {("expert_talks", "assert", "IRN")},
    ),
    (
        "“We are prepared for a team of Iranian and Ukrainian defence specialists to verify "
        "reports about the use of Iranian UAVs in Ukraine,” the Iranian minister said.",
        {("expert_talks", "assert", "IRN")},
    ),
    # 12. drones as part of assaults; "links between the drones and the war"
    (
        "The British government claims that UAVs built in Iran have featured in assaults on "
        "Ukrainian towns.",
        {("drone_use", "assert", "GBR")},
    ),
    (
        "Iran's foreign ministry spokesman brushed aside Britain's claims of a link between "
        "Iranian drones and the conflict in Ukraine.",
        {("drone_use", "assert", "GBR"), ("drone_use", "deny", "IRN")},
    ),
    # 13. "Western media and officials" speak for the West, not only as outlets
    (
        "Western press and officials have long accused Tehran of shipping Shaheds to Moscow.",
        {("drone_supply", "assert", "WEST")},
    ),
    # 14. a body that releases a finding or report states what it shows
    (
        "The State Department published a declassified assessment indicating that Tehran had "
        "delivered more Mohajer drones to Moscow.",
        {("drone_supply", "assert", "USA")},
    ),
    # 15. a claim noun's holder after a title the lexicon does not know
    (
        "Tehran brushed off claims by Deputy Assistant Secretary of State Jake Sullivan that "
        "Iran had sold Shahed drones to the Kremlin.",
        {("drone_supply", "deny", "IRN"), ("drone_supply", "assert", "USA")},
    ),
    # 16. "X joined Y in slapping sanctions on Iran for ...": both sanction
    (
        "Norway joined Britain in slapping sanctions on Tehran for delivering UAVs to Moscow.",
        {("drone_supply", "assert", "NOR"), ("drone_supply", "assert", "GBR")},
    ),
    # 17. "ready to discuss the matter with Kyiv in a meeting" is an offer of talks
    (
        "Iran's top diplomat said his government was ready to discuss this issue with Kyiv at "
        "a bilateral meeting.",
        {("expert_talks", "assert", "IRN")},
    ),
    # 18. "accusations of certain/some X": a quantifier before the holder
    (
        "Moscow brushed aside the allegations of several Ukrainian officials that its army "
        "fired Iranian Shaheds at Odesa.",
        {("drone_use", "deny", "RUS"), ("drone_use", "assert", "UKR")},
    ),
    # 19. "reports in the X press that ...", "allegations on the part of Y that ..."
    (
        "For weeks there have been reports in the Israeli press that Tehran shipped Mohajer "
        "drones to Moscow.",
        {("drone_supply", "assert", "MEDIA")},
    ),
    (
        "There were accusations on the part of Kyiv that Iran had handed Shaheds to Russia.",
        {("drone_supply", "assert", "UKR")},
    ),
    # 20. "the first anti-X accusations": a noun, and X is no speaker; an adverb after
    # the participle ("saying reportedly that") keeps the clause's subject as speaker
    (
        "Last summer Washington's top security official Jake Sullivan voiced the first "
        "anti-Tehran accusations, saying reportedly that US intelligence showed the Islamic "
        "Republic was preparing to hand Russia several hundred UAVs.",
        {("drone_supply", "assert", "USA")},
    ),
    # 21. a headline run into the first sentence: the name after "by the West" starts a new
    # clause and is no co-holder of the West's allegations
    (
        'Western capitals say Tehran shipped drones to Russia. Moscow rejects "baseless" '
        "allegations by the West Vassily Nebenzia, Moscow's permanent envoy to the world body, "
        'also said on Monday that the drone charge against Iran was "totally without '
        'foundation."',
        {("drone_supply", "assert", "WEST"), ("drone_supply", "deny", "RUS")},
    ),
    # 22. "arms exporters": an agent noun ranking a trade is no transfer
    (
        "An Iranian envoy said Tehran's security partnership with Moscow has never included "
        "the use of Iranian UAVs or arms in Ukraine, since Russia ranks among the largest "
        "weapons producers and exporters itself.",
        {("drone_use", "deny", "IRN")},
    ),
    # 23. giving "explanations" (quoted) on an alleged use hands over no drones
    (
        "The Russian foreign minister said Moscow and Tehran had given the Security Council "
        '"thorough explanations" regarding the alleged use of Iranian UAVs in Ukraine.',
        set(),
    ),
    # 24. "media reports about ...": the unnamed outlets hold the claim, not the speaker
    # who cites them
    (
        "Iran's diplomatic mission has asked for a joint meeting of experts with Kyiv to clear "
        "up confusion stirred by media reports about Tehran's purported intention to assemble "
        "Iranian UAVs in Russian factories for their use in the war in Ukraine.",
        {("expert_talks", "assert", "IRN")},
    ),
    # 25. a quoted speaker reporting others' allegations ("we hear allegations about us
    # using ...") asserts nothing; the same quote rejecting them is a denial
    (
        "Moscow’s envoy Vassily Nebenzia spoke on Friday. “It is hardly new that we hear "
        "accusations about us launching Iranian drones at Ukraine. We have firmly rejected it. "
        "These are groundless claims meant to mislead the world,” the Russian diplomat said.",
        {("drone_use", "deny", "RUS")},
    ),
    (
        "“Every week we hear allegations about us firing Iranian drones on Kharkiv,” the "
        "Russian envoy told reporters.",
        set(),
    ),
    # 26. the host countries of an envoy's post are not speakers, however many are listed
    (
        "Iran's ambassador to Austria and Slovakia, Reza Hamedani, said on Tuesday that "
        "Tehran had not handed any drones to Moscow.",
        {("drone_supply", "deny", "IRN")},
    ),
    (
        "Russia's envoy to Denmark and Norway, Pavel Ivlev, told a newspaper that his country "
        "had never used Iranian drones in Ukraine.",
        {("drone_use", "deny", "RUS")},
    ),
    # 27. calling someone a liar about a deed asserts the deed; "lies" as a noun denies
    (
        "Kyiv says Tehran keeps lying about the number of drones it has delivered to Moscow.",
        {("drone_supply", "assert", "UKR")},
    ),
    (
        "Tehran lied about shipping attack drones to Russia, a US envoy said on Thursday.",
        {("drone_supply", "assert", "USA")},
    ),
    (
        "Iran's foreign minister said the Western lies about Iranian drones being sent to "
        "Russia would convince no one.",
        {("drone_supply", "deny", "IRN")},
    ),
    # 28. denying the UN the remit for a probe: "has not given it the authority", "lacks"
    (
        "Iran's envoy argued the resolution never gave the Secretariat the powers needed to "
        "carry out an inspection of the drones.",
        {("un_investigation", "deny", "IRN")},
    ),
    (
        "Moscow insists the UN Secretariat lacks the legal capacity to examine the downed drones.",
        {("un_investigation", "deny", "RUS")},
    ),
    (
        "The Secretariat has full authority to inspect the drones, the French envoy said.",
        {("un_investigation", "assert", "FRA")},
    ),
    # 29. a passive accusation whose agent closes the sentence, after the deed
    (
        "Tehran has been accused of shipping hundreds of attack drones to Moscow over the "
        "summer by Washington and London.",
        {("drone_supply", "assert", "USA"), ("drone_supply", "assert", "GBR")},
    ),
    (
        "Iran is charged with handing Russia combat drones for the war by Western governments.",
        {("drone_supply", "assert", "WEST")},
    ),
    # ... but not another participle's agent
    (
        "Iran was accused of sending drones to Russia, whose war is condemned by Britain.",
        set(),
    ),
    # 30. "the embassy said": the state whose embassy the article named, in this sentence
    # or before; "the Embassy of X in Y" speaks for X, not for its host Y
    (
        "Russia's embassy in Oslo answered the report on Sunday. “Our forces have never used "
        "Iranian drones in Ukraine,” the embassy wrote.",
        {("drone_use", "deny", "RUS")},
    ),
    (
        "“The Embassy of the Islamic Republic of Iran in Doha regards the British envoy's "
        "remarks about Iran shipping drones to Russia as utterly baseless,” the embassy said.",
        {("drone_supply", "deny", "IRN"), ("drone_supply", "assert", "GBR")},
    ),
    # 31. a gerund as the subject of a predicted consequence states a view, not a deed
    (
        "Tehran believes that sending arms to the warring parties will only prolong the "
        "bloodshed, Iran's envoy said.",
        set(),
    ),
    (
        "Iran's mission said Tehran had not given drones to any party for use in the "
        "Ukrainian war.",
        {("drone_supply", "deny", "IRN")},
    ),
    # 32. a fronted "instead of ...," is set aside: its denial words do not reach the offer
    (
        "“Rather than repeating groundless accusations, Kyiv should join us at a meeting of "
        "military experts from both countries,” Iran's foreign minister said.",
        {("expert_talks", "assert", "IRN")},
    ),
    # 33. a joint technical committee is a meeting of experts
    (
        "Tehran has asked Kyiv several times to set up a joint technical committee to examine "
        "the evidence, Iran's mission in Geneva said.",
        {("expert_talks", "assert", "IRN")},
    ),
    # 34. "attack drones" names a kind of drone, not an attack
    (
        "Moscow plans to build attack drones with Iranian help, the Pentagon said.",
        {("drone_production", "assert", "USA")},
    ),
    # 35. "before the conflict started" dates the transfer before the war
    (
        "Tehran conceded that it had shipped some drones to Moscow, though the delivery took "
        "place before the fighting broke out, Iran's foreign minister said.",
        {("drone_supply", "assert", "IRN"), ("pre_war_transfer", "assert", "IRN")},
    ),
    # 36. "remarks of <an official>" are the official's; "reports of <a thing>" are about it
    (
        "Tehran dismissed the recent remarks of the German foreign minister regarding the "
        "transfer of Iranian drones to Russia.",
        {("drone_supply", "deny", "IRN"), ("drone_supply", "assert", "DEU")},
    ),
    (
        "Iran's mission called the statements of the US envoy at Tuesday's briefing on Iran "
        "shipping drones to Moscow entirely false.",
        {("drone_supply", "deny", "IRN"), ("drone_supply", "assert", "USA")},
    ),
    # 37. "these countries", "the two states": the last list of states the article named
    (
        "Italy, Spain and the Netherlands wrote to the Security Council on Monday. The three "
        "countries said the shipments of Iranian drones to Russia breach Resolution 2231.",
        {
            ("resolution_2231_violation", "assert", "ITA"),
            ("resolution_2231_violation", "assert", "ESP"),
            ("resolution_2231_violation", "assert", "NLD"),
            ("drone_supply", "assert", "ITA"),
            ("drone_supply", "assert", "ESP"),
            ("drone_supply", "assert", "NLD"),
        },
    ),
    (
        "Tehran and Moscow signed a trade pact on Friday. Both governments have denied that "
        "Russian troops fired Iranian drones at Ukrainian towns.",
        {("drone_use", "deny", "IRN"), ("drone_use", "deny", "RUS")},
    ),
    # 38. "they" is no single country named as an object; the outlet's own "unfounded"
    (
        "Several governments sanctioned Iran this month over rights abuses they allege, "
        "and over the baseless claim that Tehran had shipped drones to Russia.",
        {("drone_supply", "deny", "MEDIA")},
    ),
    # 39. a speaker after the claim with a long title ("foreign policy chief")
    (
        "Tehran has handed Moscow hundreds of drones, the EU's foreign policy chief told "
        "reporters in Brussels.",
        {("drone_supply", "assert", "EU")},
    ),
    # 40. "X, which denies ..., said": the relative clause's object is no speaker
    (
        "Iran, which rejects the charge of arming Moscow, said on Friday it was willing to "
        "hold a meeting of military experts with Ukraine.",
        {("drone_supply", "deny", "IRN"), ("expert_talks", "assert", "IRN")},
    ),
    # 41. warning the UN against a probe opposes it
    (
        "Moscow cautioned the Secretary-General against any inspection of the downed drones.",
        {("un_investigation", "deny", "RUS")},
    ),
    # 42. "any documents about the use of ...": evidence not yet seen asserts nothing
    (
        "Iran's envoy said Tehran would study any evidence Kyiv may hold on the deployment of "
        "Iranian drones by Russian forces.",
        set(),
    ),
    (
        "Kuleba said Kyiv had sent the UN evidence of the deployment of Iranian drones by "
        "Russian forces.",
        {("drone_use", "assert", "UKR")},
    ),
    (
        "Iran's foreign minister said the two sides had planned to meet in Oman so that Kyiv "
        "could present proof of Russian forces firing Iranian drones.",
        {("expert_talks", "assert", "IRN")},
    ),
    # 43. headline "X did Y, <role> admits": one owns up to one's own side's deeds
    (
        "Tehran shipped a handful of drones to Moscow ahead of the invasion, defence minister "
        "concedes",
        {("drone_supply", "assert", "IRN"), ("pre_war_transfer", "assert", "IRN")},
    ),
    (
        "Russian troops fired Iranian drones at Kharkiv, senior official confirms",
        set(),
    ),
    # 44. "the Ukrainian claims": a demonym before "claims" makes it a noun, not a verb
    (
        "Moscow has dismissed the American claims, saying its forces have never launched "
        "Iranian drones at Ukrainian cities.",
        {("drone_use", "deny", "RUS")},
    ),
    # 45. calling a claim "a political game" or "a ploy" dismisses it
    (
        "Iran's foreign ministry spokesman branded the reports of Iranian drones being shipped "
        "to Russia a political ploy.",
        {("drone_supply", "deny", "IRN")},
    ),
    # 46. headline grammar: a comma joins the subjects ("Iran, Russia deny ...")
    (
        "Russia, Iran reject reports of drone shipments to Russian forces",
        {("drone_supply", "deny", "RUS"), ("drone_supply", "deny", "IRN")},
    ),
    # 47. an agentless passive ("is thought to") leaves the claim to the source named after
    (
        "Russian forces are thought to have launched Iranian drones at Odesa, according to "
        "Ukraine's southern command.",
        {("drone_use", "assert", "UKR")},
    ),
    # 48. drones called Russian-made are called not Iranian
    (
        "The Kremlin insists the UAVs its troops fly over Kharkiv are all Russian-built.",
        {("drone_use", "deny", "RUS")},
    ),
    # 49. ", X said, accusing Y of ...": Y is the participle's object, X still speaks
    (
        "“Tehran has chosen a side in this war,” Kyiv's foreign ministry said, blaming Iran "
        "for shipping more drones to Moscow.",
        {("drone_supply", "assert", "UKR")},
    ),
    # 50. cutting (diplomatic) ties over the deed is taking it as fact
    (
        "Ukraine severed its diplomatic relations with Iran over the delivery of Iranian "
        "drones to Russia.",
        {("drone_supply", "assert", "UKR")},
    ),
    # 51. "he" after a sentence opened by a role holder; "it" after an organisation's act
    (
        "Russia's deputy foreign minister arrived in Tehran on Sunday. He said Moscow had "
        "never fired Iranian drones at Ukrainian targets.",
        {("drone_use", "deny", "RUS")},
    ),
    (
        "Iran's embassy in Kyiv issued a response late on Tuesday. It said reports that Tehran "
        "had armed Moscow with drones were entirely false.",
        {("drone_supply", "deny", "IRN")},
    ),
    # 55. a noun of the act as the subject of a predicted consequence is a view too; a
    # named object ("Iranian drones") keeps it a deed
    (
        "Tehran holds that the sale of arms to Moscow cannot help end the fighting, Iran's "
        "envoy told the council.",
        set(),
    ),
    (
        "Kyiv warned that the shipment of Iranian drones to Moscow will prolong the war.",
        {("drone_supply", "assert", "UKR")},
    ),
    # 56. a meeting reported as held is no offer of one
    (
        "Experts from Tehran and Kyiv held technical talks in Muscat in November, Iran's "
        "foreign ministry said.",
        set(),
    ),
    (
        "Iran's foreign ministry said the two sides had held talks in Muscat and that Tehran "
        "was ready for another meeting of military experts with Ukraine.",
        {("expert_talks", "assert", "IRN")},
    ),
    # 52. local officials speak for the place named: "..., the city's mayor said"
    (
        "Iranian-made Shahed drones slammed into apartment blocks in Kyiv before dawn, the "
        "city's mayor said.",
        {("drone_use", "assert", "UKR")},
    ),
    # 53. "does not hold water" dismisses; a claim noun whose complement is negated is a
    # denial by its holder, and rejecting it asserts
    (
        "Tehran's account that it sent drones only before the invasion does not hold water, "
        "Ukraine's foreign minister said.",
        {("pre_war_transfer", "deny", "UKR")},
    ),
    (
        "Washington dismissed Tehran's assertion that no drones had been shipped to Moscow.",
        {("drone_supply", "deny", "IRN"), ("drone_supply", "assert", "USA")},
    ),
    # 54. "rejected US claims": after a denying verb, "claims" is a noun, not the US speaking
    (
        "Moscow rebuffed Ukrainian claims that its army launched Iranian drones at Lviv.",
        {("drone_use", "deny", "RUS"), ("drone_use", "assert", "UKR")},
    ),
    # hypotheticals: a modal of prediction or opinion over the deed is no report of it
    ("Arming Moscow with Iranian drones would be a costly gamble for Tehran.", set()),
    (
        "The Pentagon warned that Iran might hand Moscow more attack drones.",
        set(),
    ),
    (
        "The US says Tehran is preparing to ship hundreds of drones to Russia.",
        {("drone_supply", "assert", "USA")},
    ),
    # evasions: nothing seen, nothing known, nothing confirmed is neither
    ("Germany says it has not seen evidence that Iran delivered drones to Russia.", set()),
    (
        "Britain said it saw no signs that Tehran sold the Kremlin any drones, and it urged "
        "restraint.",
        set(),
    ),
    # leaning on a supplier is being supplied
    (
        "Moscow increasingly relies on Tehran for attack drones, a British official said.",
        {("drone_supply", "assert", "GBR")},
    ),
    # damage done by a drone is its use; a damaged drone is not
    (
        "An Iranian-designed drone damaged two apartment blocks in Kharkiv overnight.",
        {("drone_use", "assert", "MEDIA")},
    ),
    ("A damaged Iranian drone was put on display in Kharkiv.", set()),
    # "X sanctions firms ...": a headline verb whose subject gives the ground
    (
        "Britain sanctions companies that shipped Iranian drones to Russia",
        {("drone_supply", "assert", "GBR")},
    ),
    # reports of the drones being there are reports of their use; a bare headline noun
    # phrase is not
    (
        "Moscow's spokeswoman dismissed the reports about Iranian drones over Ukrainian cities "
        "as part of an information war.",
        {("drone_use", "deny", "RUS")},
    ),
    ("Brussels Briefed On Tehran's Drones In Ukraine", set()),
    # "psychological war" dismisses, as "propaganda" does
    (
        "Tehran's envoy said the claims that Iran shipped drones to Moscow were a "
        "psychological operation.",
        {("drone_supply", "deny", "IRN")},
    ),
    # "the country's air force": the state the sentence is about, or the one coordinated
    # with it; a bare "the military" after its content only for a state already speaking
    (
        "Ukraine has downed 70 Iranian-designed drones this week, the country's military said.",
        {("drone_use", "assert", "UKR")},
    ),
    (
        "Kyiv braced for more strikes. Russia fired 25 Shahed drones at Lviv overnight, the "
        "country's air force said.",
        {("drone_use", "assert", "UKR")},
    ),
    ("Russia fired 25 Shahed drones at Lviv overnight, the military said.", set()),
    (
        "Tehran's spokesman said Iranian diplomats and the country's defence ministry had "
        "rejected the allegations that it sent drones to Moscow.",
        {("drone_supply", "deny", "IRN")},
    ),
    # "agreed new sanctions over": the sanctioning body holds the ground
    (
        "The EU agreed fresh sanctions on Iranian firms over drone deliveries to Russia.",
        {("drone_supply", "assert", "EU")},
    ),
    # UN meeting summaries: "the speaker for X", "the delegate of X"
    (
        "The speaker for Albania said the transfer of Iranian UAVs to Moscow breached "
        "resolution 2231.",
        {("resolution_2231_violation", "assert", "ALB"), ("drone_supply", "assert", "ALB")},
    ),
    (
        "The delegate of Japan said Russia had deployed Iranian drones against Ukrainian "
        "power stations.",
        {("drone_use", "assert", "JPN")},
    ),
    # "the permanent members of the Security Council" are states, not the Council speaking
    (
        "The permanent members of the Security Council accuse Iran of shipping drones to "
        "Moscow in breach of resolution 2231, Tehran's envoy complained.",
        set(),
    ),
    # "he" is the person the sentence before opened with, not the last one named
    (
        "Iran's top diplomat Hossein Amir-Abdollahian met Josep Borrell in Oman. He said "
        "Tehran had sold no drones to Moscow for the war.",
        {("drone_supply", "deny", "IRN")},
    ),
    # "Russia, X said, has ...": the speaker's aside inside the claim
    (
        "Moscow, Thomas-Greenfield said, has fired Iranian drones at Ukrainian substations.",
        {("drone_use", "assert", "USA")},
    ),
    # wording of translated copy: "the Ukrainian side", "the aggressor country", "the
    # parties of the conflict", and "the General Staff of Ukraine"
    (
        "Earlier the Ukrainian side stated that the aggressor country keeps receiving "
        "Shahed drones from Tehran.",
        {("drone_supply", "assert", "UKR")},
    ),
    (
        "Tehran's envoy stressed that Iran delivers no arms to the parties of the conflict.",
        {("drone_supply", "deny", "IRN")},
    ),
    (
        "The General Staff of Ukraine reported that 31 Iranian Shaheds were downed overnight.",
        {("drone_use", "assert", "UKR")},
    ),
    # drones said to come from Iran, then used "which Moscow has used": both claims
    (
        "Britain has accused Iran of selling Russia hundreds of UAVs, which Moscow then "
        "launched at Ukrainian power plants.",
        {("drone_supply", "assert", "GBR"), ("drone_use", "assert", "GBR")},
    ),
    # more ways to say "violates"
    (
        "Iran has shipped drones to Moscow. Such deliveries run counter to resolution 2231, "
        "Berlin's envoy said.",
        {("drone_supply", "assert", "MEDIA"), ("resolution_2231_violation", "assert", "DEU")},
    ),
    # a quote in straight single quotes, its speaker after it
    (
        "Kyiv says Tehran armed Moscow. 'We have never sold a single drone to Russia,' "
        "Iran's foreign minister said.",
        {("drone_supply", "assert", "UKR"), ("drone_supply", "deny", "IRN")},
    ),
    # a headline's speaker after its content
    (
        "Tehran gave no UAVs to Moscow for the war: Iranian FM",
        {("drone_supply", "deny", "IRN")},
    ),
    ("Iran shipped 300 Shahed drones to Russia - Pentagon", {("drone_supply", "assert", "USA")}),
    ("Russia used Iranian drones in Odesa strikes: a timeline", {("drone_use", "assert", "MEDIA")}),
    # "the military" speaks for the state the sentence is about
    (
        "Kyiv recalls its envoy to Tehran after military says Iranian Shaheds hit Odesa's port",
        {("drone_use", "assert", "UKR")},
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), GENERAL_CASES, ids=[c[0][:40] for c in GENERAL_CASES]
)
def test_extract_claims__general_phrasings(config, text, expected):
    assert _triples(_claims(config, text)) == expected


class _NoGate:
    """A claim gate that keeps every sentence for every claim (the ungated reading)."""

    def __init__(self, taxonomy):
        self.taxonomy = taxonomy

    def sentences(self, text, starts, ends, context_back):
        return {i: set(range(len(self.taxonomy.specs))) for i in range(len(starts))}

    def subset(self, spec_ids):
        return self.taxonomy


def test_extract_claims__gate_changes_nothing(config, monkeypatch):
    taxonomy, lexicon = config
    texts = [
        "TEHRAN - Iran's foreign minister met his Omani counterpart on Sunday. Russia has "
        "stepped up attacks on Ukrainian power plants. Tehran denied supplying the drones.",
        "Kyiv says Moscow keeps firing Iranian-made Shahed drones at Odesa. Iran rejected the "
        "allegations as baseless. “We have sold no weapons to either side,” the envoy said.",
        "The rial steadied on Tuesday as the central bank sold hard currency in Tehran.",
        "Britain said the transfer of the drones breached Security Council Resolution 2231. "
        "Tehran's envoy told the council that the drone issue has nothing to do with 2231.",
        "Iran has shipped drones to Ruſsia, a Ukrainian official said.",
    ]
    articles = pd.DataFrame(
        {
            "article_id": [f"a{k}" for k in range(len(texts))],
            "text": texts,
            "source": ["Example Gazette"] * len(texts),
        }
    )
    sentences = split_sentences(articles)
    mentions = extract_mentions(sentences, articles, lexicon)
    gated = extract_claims(sentences, mentions, articles, taxonomy, lexicon)
    monkeypatch.setattr("newsbrief.claims.gate_for", _NoGate)
    ungated = extract_claims(sentences, mentions, articles, taxonomy, lexicon)
    assert len(gated) >= 6 and gated["article_id"].nunique() == 4
    pd.testing.assert_frame_equal(gated, ungated)


def test_extract_claims__bare_denial_two_sentences_after_the_claim(config):
    text = (
        "Kyiv says Iran sent drones to Russia. The cabinet met on Monday to discuss the budget. "
        "Tehran rejected the allegations. Talks on grain exports went on. Prices rose."
    )
    df = _claims(config, text)
    assert _triples(df) == {("drone_supply", "assert", "UKR"), ("drone_supply", "deny", "IRN")}
    assert sorted(df["sentence_id"]) == [0, 2]


def test_extract_claims__quote_attributed_sentences_later(config):
    # the quote's speaker is named three sentences after the claim
    text = (
        "“Iran has sent hundreds of drones to Russia. We have the proof. We showed it to our "
        "partners. The world must act now,” Ukrainian Foreign Minister Dmytro Kuleba said. "
        "Markets were calm."
    )
    assert _triples(_claims(config, text)) == {("drone_supply", "assert", "UKR")}


def test_extract_claims__denial_in_the_lead_of_allegations_stated_later(config):
    # the lead rejects "the Pentagon chief's accusations" before the article says what they are
    text = (
        "Tehran dismissed the Pentagon chief's accusations as baseless on Sunday. "
        "Talks went on in Geneva. "
        "Later, the Pentagon said Russia had fired Iranian drones at Kyiv."
    )
    assert _triples(_claims(config, text)) == {
        ("drone_use", "assert", "USA"),
        ("drone_use", "deny", "IRN"),
    }


def test_extract_claims__borrowed_claim_is_not_denied_by_a_later_bare_denial(config):
    # "the drones" borrows drone use from the sentence before; a bare denial further on
    # reaches back only to sentences that named the claim themselves
    text = (
        "Kyiv says Iran sent drones to Russia. "
        "Ukraine's air force said the drones struck power stations overnight. "
        "Tehran rejected the allegations."
    )
    triples = _triples(_claims(config, text))
    assert ("drone_supply", "deny", "IRN") in triples
    assert ("drone_use", "deny", "IRN") not in triples


def test_extract_claims__outlet_calling_claims_fabricated_denies_them_too(config):
    text = (
        "Ukraine says Iran sent drones to Russia. "
        "Iranian officials dismissed such fabricated claims on Monday."
    )
    triples = _triples(_claims(config, text))
    assert ("drone_supply", "deny", "IRN") in triples
    assert ("drone_supply", "deny", "MEDIA") in triples


def test_extract_claims__lead_claim_may_be_elided_later(config):
    # The lead ties the drones to the resolution; four sentences on, an accusation of
    # breaking the resolution need not name the drones again.
    lead = (
        "Britain and France say the shipments of Iranian drones to Moscow breach Resolution "
        "2231. The envoys met on Monday. The meeting lasted two hours. Tea was served. "
        "Reporters waited outside. "
    )
    later = "Germany also accuses Iran of violating Resolution 2231, its envoy said."
    assert ("resolution_2231_violation", "assert", "DEU") in _triples(_claims(config, lead + later))
    # ... but not when the lead made no such claim
    other = (
        "Iran's drone industry is growing fast. The envoys met on Monday. The meeting lasted "
        "two hours. Tea was served. Reporters waited outside. "
    )
    assert ("resolution_2231_violation", "assert", "DEU") not in _triples(
        _claims(config, other + later)
    )
