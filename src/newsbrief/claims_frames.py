"""Attribution frames: who says what in a sentence, from its reporting constructions.

A frame is one reporting cue ("said", "denied", "according to", "US claims that", a
headline's "Zelensky: ...") with the speakers it resolves to. Speakers come from the actor
mentions around the cue: "X said" (the mentions just before the cue, coordinated ones
included: "Russia and Iran have refuted"), ", said X" and "according to X" (just after),
"allegations by X" / "X's claims" (holders of a claim noun), passive "was rejected by X",
and pronouns or role nouns ("he added", "the diplomat said") that refer back to the last
speaker of the article. All positions are offsets into the article text.
"""

import re
from dataclasses import dataclass, field

from newsbrief.claims_speakers import (
    TitleCaseFillers,
    can_speak,
    chain_left,
    chain_right,
    in_spans,
    is_filler,
    is_object,
    is_title_case,
    overlaps_spans,
)
from newsbrief.taxonomy import Taxonomy

_HOLDER_AFTER = re.compile(
    r"\s*(?:,\s*(?=made|levell?ed|leveled|voiced|raised|issued|presented|published))?"
    r"(?:(?:made|levell?ed|leveled|voiced|raised|issued|presented|published|put forward)\s+)?"
    r"(?:by|from|of|on\s+the\s+part\s+of|"
    # "reports in Western media that ...": the outlets hold them
    r"in(?=\s+(?:the\s+)?(?:[A-Z][\w.-]*\s+){1,3}(?:media|press|newspapers?|outlets)\b))\s+"
)
_IN_MEDIA = re.compile(
    r"\s+in\s+(?:the\s+)?(?:[A-Z][\w.-]*\s+){1,3}(?:media|press|newspapers?|outlets)\b"
)
# "reports in Western media, as well as on the part of US officials, that ...": a second holder
_ALSO_HOLDER = re.compile(
    r"(?:\s+(?:state\s+|mainstream\s+|news\s+)?(?:media|press|newspapers?|outlets))?"
    r"\s*,?\s*(?:as\s+well\s+as|and\s+also|and|or)\s+(?:(?:from|by|of|on\s+the\s+part\s+of)"
    r"\s+)(?:certain\s+|some\s+|several\s+)?",
    re.IGNORECASE,
)
_JOINED_BEFORE = re.compile(r"\bjoin(?:ed|s|ing)?\s+(?:the\s+)?$")
_QUANTIFIER = re.compile(r"(?:certain|some|several|various|other|many)\s+", re.IGNORECASE)
_TITLE = re.compile(r"(?:the\s+)?(?:[A-Z][\w.’'-]*\s+(?:(?:of|for)\s+)?){1,6}")
_HOLDER_BEFORE_OK = re.compile(
    r"^(?:\s|[’']s\b|\b(?:the|repeated|false|new|latest|recent|earlier|previous|baseless|"
    r"unfounded|own|initial|official|public|intelligence|similar|"
    # "the CIA director's allegations": a role between the holder and its claim
    r"director|president|minister|chief|spokes\w+|secretary|leader|head|envoy|ambassador|"
    r"foreign|defen[cs]e|prime|general|national|security|advis[eo]r|officials?|government|"
    r"ministry|administration|military|army|deputy|top|senior)\b)*$",
    re.IGNORECASE,
)
# Verbs whose next name is their object, not an inverted subject ("..., told CNN").
_TAKES_OBJECT = re.compile(
    r"(?:told|tells?|informed|briefed|asked|asks|urged|urges|accused|accuses|blamed|blames|"
    r"(?:re)?assur\w+|remind\w+|praise[sd]?|welcomed?|hailed|lauded|commended|chastised|"
    r"rebuked|critici[sz]ed|condemned|sanctioned|"
    # "..., the ministry said, accusing Tehran of ...": the participle's object
    r"accusing|blaming|urging|telling|asking|informing|condemning|critici[sz]ing|rebuking|"
    r"chastising|sanctioning|praising|welcoming)\b",
    re.IGNORECASE,
)
_DETERMINER_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|this|these|those|its|their|his|her)|[’']s)\s+$", re.IGNORECASE
)
# "the first anti-Iran claims", "the latest Western allegations": a noun, not a verb.
_MODIFIED_NOUN_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|these|those|its|their|his|her)\s+(?:first|latest|new|recent|earlier|"
    r"fresh|previous|same|initial|repeated)\s+(?:[\w-]+\s+)?|\b(?:anti|pro)-\w+\s+)$",
    re.IGNORECASE,
)
# What stands before "claims", "charges", "reports" when they are nouns: a determiner, a
# possessive, or an adjective ("the latest charges", "fresh reports", "Kyiv's false claims").
_NOUN_MODIFIER_BEFORE = re.compile(
    r"(?:\b(?:the|these|those|such|its|their|his|her|our|your|any|all|some|many|several|"
    r"numerous|multiple|similar|false|baseless|new|newest|latest|fresh|first|same|recent|"
    r"repeated|earlier|previous|unfounded|unproven|unsubstantiated|groundless|bogus|"
    r"persistent|initial|of|and|western|media|intelligence|official|public|such)|[’']s|"
    r"\b\w+(?:est|ous|less|ful))\s+$"
    # "the drone claims", "these sanctions charges": a determiner and a lower-case modifier
    r"|\b(?:the|these|those|such|its|their|his|her|any|all|some)\s+(?-i:[a-z])[\w-]*\s+$"
    # "the Ukrainian claims", "these Western charges": a determiner and a demonym
    r"|\b(?:the|these|those|such|its|their|his|her|any|all|some)\s+(?-i:[A-Z])[\w-]*"
    r"(?:an|ish|ese|ern|ic|i)\s+$",
    re.IGNORECASE,
)
# "which Russia calls the Geran-2", "what Moscow dubs ...": naming, not reporting
_NAMING = re.compile(r"\b(?:which|that|whom)\s+(?:[\w’'-]+\s+){1,3}$", re.IGNORECASE)
_CALLS = re.compile(r"call(?:s|ed)?|dub(?:s|bed)?|name[sd]?|term(?:s|ed)?", re.IGNORECASE)
_POSSESSIVE = re.compile(r"[’']s?\b")
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:over|of|about|for|despite|amid|into|on|with|against|regarding)\s+$", re.IGNORECASE
)
# "accusations of Iran selling drones": the name before a gerund is the accused.
_GERUND_AFTER = re.compile(
    r"\s+(?:\w+ly\s+)?(?:been\s+|having\s+)?"
    r"(?!(?:during|regarding|concerning|including|following|according|bring)\b)\w+ing\b"
)
_PRONOUN_OBJECT = re.compile(r"\s*(him|her|them|it)\b", re.IGNORECASE)
_ACCUSATION = re.compile(r"accus|alleg|claim|charge", re.IGNORECASE)
_SHARED_SUBJECT = re.compile(
    r"(?:,\s*|\s)(?:but|and|yet|while|then)\s+(?:has\s+|have\s+|had\s+)?(?:also\s+|later\s+|"
    r"\w+ly\s+)?(?:(?:in|on)\s+(?:early|late|mid)?\s*\w+\s+)?$"
)
_INVERSION_BEFORE = re.compile(r"[,”\"’—–:]\s*$")
_CLAUSE_AFTER = re.compile(
    r"(?:[’']s\s+\w+\s+)?\s*(?:\w+\s+){0,2}?(?:has|had|have|was|were|is|are|would|will|could|"
    r"did|does|do|must|should|can|may|might)\b",
    re.IGNORECASE,
)
# '..., said Iran bears responsibility': a verb after the name starts a clause of its own.
_VERB_AFTER = re.compile(
    r"\s+(?!(?:is|was|has|does|news|press|series|forces|affairs)\b)([a-z]+(?:s|ed))\b"
)
_AUTHOR_PREPOSITIONS = ("by", "from", "of")
# "according to a statement by X", "citing a report from X": the document's author speaks
_SOURCE_DOCUMENT = re.compile(
    r"\s+(?:an?|the|its|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:statement|report|letter|"
    r"assessment|document|note|readout|post|tweet|message|dossier|finding)s?\s+"
    r"(?:(?:issued|released|published|made|sent)\s+)?(?:by|from|of)\s+(?=\S)",
    re.IGNORECASE,
)
_POSTPOSED_BEFORE = re.compile(r"(?:[,”\"’—–;]|\bas)\s*$")
# ", saying that ...", ", claiming Iran ...": a participle whose subject is the clause's.
_PARTICIPLE_AFTER_COMMA = re.compile(r"(?:,|\bby)\s*(?:\w+ly\s+)?$")
_POSSESSIVE_DETERMINER = re.compile(r"\b(his|her|their|its)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
# "The full text of his remarks is as follows:", "the statement reads:": what follows is
# the speaker's own text (see claims_speakers.statement_blocks).
BLOCK_INTRO = re.compile(
    r"\b(?:(?:is|are|was|were|reads?|read)\s+as\s+follows|(?:statement|letter|message|text|"
    r"note|remarks|communiqu[eé])\s+(?:reads?|says|said|states|stated))\s*:",
    re.IGNORECASE,
)
# A person named as the addressee ("a letter to UN chief Antonio Guterres") is no author.
_RECIPIENT = re.compile(
    r"\b(?:to|with|told|met|meeting|called|urged|asked|from)\s+(?:the\s+|[A-Z][\w.’'-]*\s+){0,4}$"
)
_ORGANISATION_NOUN = re.compile(
    r"council|ministry|mission|commission|committee|agency|department|embassy|office|"
    r"delegation|parliament|assembly|secretariat|government|administration",
    re.IGNORECASE,
)
# A government body the article does not name again ("the foreign ministry said", "the
# Ministry of Foreign Affairs emphasized"): the state that has been speaking.
# A state's post abroad ("the embassy said"): the state that the article named with it.
_POST_NOUN = re.compile(r"embassy|mission|delegation|consulate", re.IGNORECASE)
# A body of "the country" named before ("Ukraine ..., the country's air force said")
_COUNTRY_OWNER = re.compile(
    r"\b(?:the|that|this)\s+(?:country|nation)[’']s\s+(?:[\w-]+\s+){1,3}$", re.IGNORECASE
)
# Between a state and "the country's ..." coordinated with it ("Iranian officials and ")
_JOINED_OWNER = re.compile(r"(?:\s+[\w-]+){0,2}\s+and\s+", re.IGNORECASE)
# A speaker phrase after its content: ", the country's military said"
_POSTPOSED_SPEAKER = re.compile(r"[,”\"]\s*(?:the\s+)?(?:[\w’'-]+\s+){0,4}$")
# A state's armed forces named without the state ("the military said", "army says")
_ARMED_NOUN = re.compile(r"military|army|navy|militaries", re.IGNORECASE)
_GOVERNMENT_NOUN = re.compile(
    r"ministry|government|office|department|administration|presidency|cabinet", re.IGNORECASE
)
_BODY_OF_BEFORE = re.compile(
    r"\bthe\s+(?:[\w-]+\s+){0,2}?(ministry|office|department)\s+of\s+"
    r"(?:[A-Z][\w-]*\s+(?:(?:and|&)\s+)?){1,4}$",
    re.IGNORECASE,
)
# "France, Britain and Germany, known as the E3, called ...": a name given in passing
_APPOSITION_BEFORE = re.compile(
    r",\s*(?:(?:also|collectively|jointly|together)\s+)?(?:known|know|referred\s+to|dubbed)\s+as\s+"
    r"[^,;:“”\"]{1,60},\s*$",
    re.IGNORECASE,
)
# "Iran, which denies arming Russia, said ...": the relative clause's own objects are no subject
_RELATIVE_BEFORE = re.compile(
    r",\s*(?:who|which|whose)\b[^,;:“”\"]{1,120},\s*(?:(?:\w+ly|also|has|have|had|on\s+\w+day)\s+)*$",
    re.IGNORECASE,
)
# "..., foreign minister admits": a speaker named only by a role, owning up to a deed
_ADMITS = re.compile(r"admit(?:s|ted)?|acknowledg(?:es|ed)|conced(?:es|ed)", re.IGNORECASE)
_ROLE_BEFORE_VERB = re.compile(r",\s*(?:the\s+|its\s+|a\s+)?((?:[\w-]+\s+){1,4})$", re.IGNORECASE)
# "the city's mayor said", "regional officials say": local officials speak for the place named
_LOCAL_OFFICIAL = re.compile(
    r"(?:^|[,;:”\"]\s*|\b(?:the|a|its)\s+)(?:(?:city|town|region|province|oblast|regional|local|"
    r"municipal)(?:[’']s)?\s+(?:[\w-]+\s+){0,2}?)?(?:mayor|governor|(?<=regional\s)officials|"
    r"(?<=local\s)officials|(?<=local\s)authorities|(?<=regional\s)authorities)\s+"
    r"(?:(?:\w+ly|also|has|have)\s+)*$",
    re.IGNORECASE,
)
_ADDRESSEE_BEFORE = re.compile(r"\b(?:to|with|at|before)\s+(?:the\s+)?$", re.IGNORECASE)
_CITING_CLAUSE_BEFORE = re.compile(r",\s*(?:citing|quoting)\b[^,;:“”\"]{0,100},\s*$", re.I)
_HEADLINE = re.compile(r"^\s*([^:\n]{2,60}?)\s*:\s+\S")
# A headline's speaker after its content: "Iran sent no drones to Russia: Iranian FM",
# "... - Kremlin" (no full stop closes a headline)
_HEADLINE_TAIL = re.compile(r"\S\s*(?::|\s[-–—|])\s+([^:\n.!?]{2,50}?)\s*$")
# "the bloc said" after the EU was named: the organisation named last.
_COLLECTIVE_NOUN = re.compile(r"bloc|alliance|union|organi[sz]ation", re.IGNORECASE)
_COLLECTIVE_OWNER = re.compile(
    r"\bthe\s+(?:bloc|alliance|union|organi[sz]ation)[’']s\s+(?:[\w-]+\s+){0,2}$", re.I
)
# A capitalised word that may be a name (not "The", not an initial)
_NAME_WORD = re.compile(r"\b(?-i:[A-Z][a-z][\w’'-]+)\b")
# '"...," said the letter' / 'the joint statement said': a document with no author yet
_DOCUMENT_SUBJECT = re.compile(
    r"^\s*(?:the|a|their|this)\s+(?:joint\s+|open\s+|written\s+)?(?:letter|statement|"
    r"communiqu[eé]|declaration|note)\b|\b(?:the|a|their|this)\s+(?:joint\s+|open\s+|"
    r"written\s+)?(?:letter|statement|communiqu[eé]|declaration|note)\s+$",
    re.IGNORECASE,
)
# "In their letter, X said", "The statement, signed by X, said": the authors named
_DOCUMENT_OF = re.compile(
    r"\b(?:their|the|his|her|its|this|that|a)\s+(?:joint\s+|open\s+|written\s+)?(?:letter|"
    r"statement|communiqu[eé]|declaration|note)\b",
    re.IGNORECASE,
)
_SIGN_REACH = 2  # sentences after the document's quote in which its authors may be named
_WHICH_SAID = re.compile(
    r"[’']s\s+[“\"‘]?(?:[\w-]+\s+){0,3}(?:claims?|allegations?|accusations?|remarks|statements?|"
    r"reports?)[”\"’,]{0,2}\s+(?:which|that)\s+(?:\w+ly\s+)?(?:had\s+|have\s+|has\s+)?$",
    re.IGNORECASE,
)
# The last "by" of a sentence, and what rules it out as the agent of a passive verb before
# it: another passive participle or a relative clause in between.
_FINAL_AGENT = re.compile(r"\s(?:by)\s+(?:both\s+|the\s+)?(?=[^.;]{1,80}[.!?]?[”\"’')]*\s*$)")
_OWN_AGENT_BEFORE = re.compile(
    r"\b(?:\w+(?:ed|en|wn|ld|ght)|made|held|led|run|set|put|hit)\s+(?:\w+ly\s+)?(?:by\s)?$|"
    r"\b(?:which|who|whom|that)\b|[,;:]",
)
# "These countries, particularly the three permanent members, accuse ...": states named
# by a plural noun as the subject of a reporting verb
_STATES_NOUN_SUBJECT = re.compile(
    r"\b(?:these|those|the|both|all)\s+(?:(two|three|four|five|six|several)\s+)?"
    r"(?:countries|states|nations|governments|powers|capitals)\b"
    r"(?:\s*,[^,;:“”\"]{1,100},)?\s+(?:(?:\w+ly|also|have|has|had|all|both)\s+)*$",
    re.IGNORECASE,
)
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
# Between the states of a list: "France, Germany, and the UK", "(...) as well as the US"
_LIST_GAP = re.compile(r"\s*(?:,|\band\b|&|\)?,?\s*as well as\b)\s*(?:and\s+)?(?:the\s+)?")
_SUBJECT_BEFORE = re.compile(
    r"(?:^|[.!?:;,“\"]\s*|\n\s*|\b(?:and|but|while|as|because|since|that|when|after|if)\s+)"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
_THE_NOUN_BEFORE = re.compile(r"\bthe\s+(?:\w+\s+){1,2}$", re.IGNORECASE)


@dataclass
class Frame:
    """One reporting construction and its speakers (mention rows as dicts)."""

    start: int
    end: int
    kind: str  # verb | source | noun | headline
    deny: bool
    speakers: list = field(default_factory=list)
    passive: bool = False
    postposed: bool = False


def _is_attributive(sentence: str, start: int, end: int) -> bool:
    """Whether a reporting verb form is used as an adjective, not as a reporting verb."""
    if (
        _DETERMINER_BEFORE.search(sentence, 0, start)
        or _MODIFIED_NOUN_BEFORE.search(sentence, 0, start)
        or sentence[max(0, start - 3) : start] == "so-"
    ):
        return True
    return sentence[start:end].lower().endswith("ed") and bool(
        _PREPOSITION_BEFORE.search(sentence, 0, start)
    )


def _nouns_own_verb(frame: Frame, found: list, text: str) -> bool:
    """Whether an unresolved verb belongs to the claim noun before it ("reports suggested")."""
    if frame.speakers or frame.kind != "verb" or not found or found[-1].kind != "noun":
        return False
    gap = text[found[-1].end : frame.start]
    return bool(re.fullmatch(r"\s*(?:that|which)?\s*(?:had|have|has)?\s*", gap))


def _after_title(text: str, pos: int, mentions, fillers) -> list:
    """The person after a title we do not know ("by U.S. National Security Advisor X")."""
    nxt = next((m for m in mentions if m["start"] >= pos), None)
    if nxt is None or not _TITLE.fullmatch(text, pos, nxt["start"]):
        return []
    return chain_right(text, nxt["start"], mentions, fillers, limit=5)


def _holder_of_which(text: str, s_start: int, pos: int, mentions) -> list:
    """The holder in "X's claims, which said ..." (a relative clause of a held claim noun)."""
    which = _WHICH_SAID.search(text, max(s_start, pos - 80), pos)
    if which is None:
        return []
    return [m for m in mentions if m["end"] == which.start()][:1]


def _names_post(text: str, m: dict, word: str) -> bool:
    """Whether state mention ``m`` names a diplomatic post ``word`` ("Iran's embassy").

    "the Iranian embassy", "Russia's permanent mission", "the Embassy of the Islamic
    Republic of Iran in Kuwait".
    """
    if m["actor_type"] != "state" or m.get("sense") == "place":
        return False
    after = text[m["end"] : m["end"] + 40]
    if re.match(rf"(?:[’']s)?\s+(?:[\w-]+\s+){{0,2}}?{word}\b", after, re.IGNORECASE):
        return True
    before = text[max(0, m["start"] - 60) : m["start"]]
    return bool(re.search(rf"\b(?i:{word})\s+of\s+(?:the\s+)?(?:[A-Z][\w-]*\s+){{0,3}}$", before))


def _as_subject(text: str, m: dict) -> bool:
    """Whether mention ``m`` opens a clause (a subject), not an object after a verb."""
    return bool(_SUBJECT_BEFORE.search(text, max(0, m["start"] - 30), m["start"]))


def _place_of(mentions, s_start, s_end, pos) -> list:
    """The place a local official speaks for, as a speaker.

    The last place named before ``pos`` in the sentence, else the first after it ("Drones
    hit Kyiv ..., the city's mayor said").
    """
    places = [m for m in mentions if s_start <= m["start"] < s_end and m.get("sense") == "place"]
    before = [m for m in places if m["end"] <= pos]
    place = before[-1:] or places[:1]
    return [dict(m, sense="actor") for m in place if m.get("country")]


def _denies_something_to(text: str, pos: int, mentions) -> bool:
    """Whether a deny verb ending at ``pos`` withholds ("deny Moscow the equipment")."""
    nxt = next((m for m in mentions if m["start"] >= pos), None)
    if nxt is None or text[pos : nxt["start"]].strip():
        return False
    return bool(re.match(r"\s+(?:the|any|a|an|access|its|their)\b", text[nxt["end"] :]))


def _cue_matches(text: str, lang: dict) -> list[tuple[int, int, str, bool]]:
    """Every reporting cue in ``text`` as ``(start, end, kind, deny)``, nouns resolved."""
    cues = {}
    for key, kind, deny in (
        ("assert_verbs", "verb", False),
        ("deny_verbs", "verb", True),
        ("source_phrases", "source", False),
        ("claim_nouns", "noun", False),
        ("denial_nouns", "noun", True),
    ):
        for m in lang[key].finditer(text):
            prev = cues.get(m.start())
            if prev is None or m.end() > prev[1] or (kind == "noun" and prev[2] == "verb"):
                cues[m.start()] = (m.start(), m.end(), kind, deny, prev)
    out = []
    verb_spans = [(c[0], c[1]) for c in cues.values() if c[2] == "verb"]
    for start, end, kind, deny, prev in sorted(cues.values()):
        if kind == "noun" and any(a < start and end <= b for a, b in verb_spans):
            continue  # "leveled accusations": the noun is part of the verb phrase

        if kind == "noun" and prev is not None and prev[2] == "verb" and prev[1] == end:
            # "claims", "reports", "charges": a noun after a determiner or before "by/of".
            # 'the "incorrect" claims': quote marks around a word before the noun
            raw = text[max(0, start - 25) : start]
            before = re.sub(r"[”\"’“‘']+(\s*)$", r"\1", raw)
            noun = (
                before != raw
                or _NOUN_MODIFIER_BEFORE.search(before)
                or re.match(r"\s+(?:by|from|of|about|on\s+the\s+part\s+of)\b", text[end:])
                or _IN_MEDIA.match(text, end)
            )
            # "rejected US claims": a denying verb takes the claims as its object
            denied = re.search(r"(\w+)\s+(?:the\s+)?(?-i:[A-Z])[\w.-]*\s+$", before)
            if denied and lang["deny_verbs"].fullmatch(denied.group(1)):
                noun = True
            prev_word = re.search(r"(\w+)\s+$", before)
            if prev_word and (
                prev_word.group(1).endswith("ed")
                or lang["denial_phrases"].fullmatch(prev_word.group(1))
                or lang["deny_verbs"].fullmatch(prev_word.group(1))
                or lang["assert_verbs"].fullmatch(prev_word.group(1))
            ):
                noun = True
            if not noun:
                kind, deny = "verb", prev[3]
        out.append((start, end, kind, deny))
    return out


class FrameFinder:
    """Find frames sentence by sentence, remembering the last speaker for pronouns."""

    def __init__(self, taxonomy: Taxonomy):
        """Keep the taxonomy's language patterns."""
        self.lang = taxonomy.language
        self.last_speakers: list = []
        self.last_person: list = []
        self._current: list = []
        self._prev_subject: list = []  # subject of the sentence before ("They said ...")
        self._recent: list = []  # mentions of the last few sentences ("the Council said")
        self._cues: tuple = (-1, [])
        self._fillers = taxonomy.language["speaker_fillers"]
        self._surnames: dict = {}  # "Berger" -> speakers of "German envoy Ana Berger said"
        self._unsigned: list = []  # (sentence count, frame) of '..., said the letter'
        self._count = 0

    def reset(self) -> None:
        """Forget the previous article's speakers."""
        self.last_speakers, self.last_person = [], []
        self._prev_subject, self._recent = [], []
        self._surnames = {}
        self._unsigned, self._count = [], 0

    def _sign_documents(self, text, s_start, found) -> None:
        """Give '"...," said the letter' the authors named in the sentences after it.

        A document quoted before its authors are named ("In their letter, the French and
        German envoys said ...", "The statement was signed by X") speaks for them.
        """
        self._count += 1
        self._unsigned = [(n, f) for n, f in self._unsigned if self._count - n <= _SIGN_REACH]
        for f in found:
            if f.kind != "verb" or f.deny:
                continue
            if not f.speakers and _DOCUMENT_SUBJECT.search(
                text[f.end : f.end + 40]
                if f.postposed or _INVERSION_BEFORE.search(text, s_start, f.start)
                else text[max(s_start, f.start - 40) : f.start]
            ):
                self._unsigned.append((self._count, f))
            elif (
                f.speakers
                and any(n < self._count for n, _ in self._unsigned)
                and all(m["actor_type"] != "media" for m in f.speakers)
                and _DOCUMENT_OF.search(text, s_start, f.start)
            ):
                for _, doc in self._unsigned:
                    doc.speakers = list(f.speakers)
                self._unsigned = []

    def _remember_names(self, text, f: Frame, mentions) -> None:
        """Names the lexicon lacks, said with a title it knows ("German envoy Ana Berger").

        The speaker of "the German ambassador Ana Berger said" is Germany; when "Berger
        said" comes later, the surname refers back to that speaker.
        """
        first = min(m["start"] for m in f.speakers)
        if f.start <= first or f.start - first > 120:
            return
        for word in _NAME_WORD.finditer(text, first, f.start):
            if any(m["start"] <= word.start() < m["end"] for m in mentions):
                continue
            if not self._fillers.fullmatch(word.group()):
                self._surnames[word.group()] = list(f.speakers)

    def frames(self, text, s_start, s_end, mentions, quotes) -> list[Frame]:
        """Frames of the sentence ``text[s_start:s_end]``; cues inside quotes are skipped."""
        lang = self.lang
        sentence = text[s_start:s_end]
        found = []
        self._current = found
        plain = self.lang["speaker_fillers"]
        self._fillers = TitleCaseFillers(plain) if is_title_case(sentence) else plain
        found += self._headline(text, s_start, sentence, mentions)
        self._cues = (s_start, _cue_matches(sentence, lang))
        for start, end, kind, deny in self._cues[1]:
            a, b = s_start + start, s_start + end
            if in_spans(a, quotes) or any(m["start"] <= a < m["end"] for m in mentions):
                continue  # quoted words, or a name ("United States", "Claims Court")
            if kind == "verb" and _is_attributive(sentence, start, end):
                continue  # "the alleged agreement", "over alleged supplies", "so-called"
            if (
                kind == "verb"
                and _NAMING.search(sentence, 0, start)
                and _CALLS.fullmatch(sentence, start, end)
            ):
                continue  # "the Shahed-136, which Russia calls the Geran-2": a name
            if deny and _denies_something_to(text, b, mentions):
                continue  # "deny Moscow the equipment": withholding, not a denial
            frame = Frame(a, b, kind, deny)
            self._resolve(frame, text, s_start, s_end, mentions)
            if not frame.speakers and kind == "verb" and not frame.passive:
                frame.speakers = self._subject_elsewhere(frame, text, s_start, mentions, found)
            if not frame.speakers and kind == "verb":
                # "X's (“wrong”) claims, which falsely said that ...": the holder says it
                frame.speakers = _holder_of_which(text, s_start, a, mentions)
            if not _nouns_own_verb(frame, found, text):
                found.append(frame)
        for f in found:
            if f.speakers and f.kind == "verb" and not f.passive:
                self._remember_names(text, f, mentions)
            if f.speakers and f.kind in ("verb", "source", "headline") and not f.passive:
                self.last_speakers = f.speakers
                persons = [m for m in f.speakers if m["actor_type"] == "person"]
                self.last_person = persons or self.last_person
        self._sign_documents(text, s_start, found)
        intro = BLOCK_INTRO.search(sentence)
        if intro and not in_spans(s_start + intro.start(), quotes):
            a, b = s_start + intro.start(), s_start + intro.end()
            speakers = self._intro_speaker(text, s_start, a, mentions)
            if speakers:
                found.append(Frame(a, b, "verb", False, speakers))
                self.last_speakers = speakers
        self._prev_subject = self._clause_subject(text, s_start, s_end, mentions)
        self._recent = (self._recent + [m for m in mentions if m.get("sense") != "place"])[-30:]
        return found

    def _headline(self, text, s_start, sentence, mentions) -> list[Frame]:
        """The speaker of a headline "X: ..." (none or one frame)."""
        head = _HEADLINE.match(sentence)
        if not head:
            return self._headline_tail(text, s_start, sentence, mentions)
        pos = s_start + head.end(1)
        inner = [m for m in mentions if m["end"] <= pos]
        chain = chain_left(text, pos, inner, self._fillers, stop=s_start)
        lead = sentence[: min(m["start"] for m in chain) - s_start] if chain else ""
        if chain and is_filler(lead, self._fillers):
            return [Frame(pos, pos + 1, "headline", False, chain)]
        return self._headline_tail(text, s_start, sentence, mentions)

    def _headline_tail(self, text, s_start, sentence, mentions) -> list[Frame]:
        """The speaker closing a headline ("...: Iranian FM", "... - Kremlin"), if any."""
        tail = _HEADLINE_TAIL.search(sentence)
        if not tail:
            return []
        pos = s_start + tail.start(1)
        end = s_start + tail.end(1)
        inner = [m for m in mentions if pos <= m["start"] and m["end"] <= end]
        chain = chain_right(text, pos, inner, self._fillers, limit=0)
        last = max((m["end"] for m in chain), default=pos)
        if not chain or not is_filler(text[last:end], self._fillers):
            return []
        at = s_start + tail.start() + 1
        return [Frame(at, at + 1, "verb", False, chain, postposed=True)]

    def _subject_elsewhere(self, frame: Frame, text, s_start, mentions, found) -> list:
        """Speakers of a verb with no subject of its own: a shared or a participle's one."""
        sentence = text[s_start : frame.start]
        participle = text[frame.start : frame.end].endswith("ing")
        # "X acknowledged ..., but said ...", "X denied ..., adding that ...".
        shared = _SHARED_SUBJECT.search(sentence) or (participle and sentence.rstrip()[-1:] == ",")
        prior = [f for f in found if f.speakers and f.kind in ("verb", "headline")]
        if shared and prior:
            return list(prior[-1].speakers)
        quoted_as = re.search(r"\bas\s+$", sentence)
        if participle and quoted_as:
            # "Tasnim quoted the defence minister as saying ...": the one quoted speaks.
            pos = s_start + quoted_as.start()
            return chain_left(text, pos, mentions, self._fillers, stop=s_start, verb=False)
        if not (participle and _PARTICIPLE_AFTER_COMMA.search(sentence)):
            return []
        # "Sullivan made the first allegations, claiming that ...": the subject of the
        # clause it hangs on ("X says the US is ... by claiming").
        lead = [f for f in found if f.kind in ("verb", "source")]
        if not all(f.speakers for f in lead):
            return []  # the clause's subject is unknown
        start_at = max([s_start, *(f.end for f in lead)])
        return self._clause_subject(text, start_at, frame.start, mentions)

    def quoted_frames(self, text, s_start, s_end, mentions, quotes) -> list[Frame]:
        """Frames whose cue is inside a quotation and whose speaker is named there.

        A quoted official may report what others said ("France and Germany reiterated their
        request ..."); pronouns inside quotes ("we said") are left alone.
        """
        if not overlaps_spans(s_start, s_end, quotes):
            return []
        cues = (
            self._cues[1]
            if self._cues[0] == s_start
            else _cue_matches(text[s_start:s_end], self.lang)
        )
        saved = self.last_speakers, self.last_person
        self.last_speakers, self.last_person = [], []
        found = []
        for start, end, kind, deny in cues:
            a = s_start + start
            if not in_spans(a, quotes) or any(m["start"] <= a < m["end"] for m in mentions):
                continue
            frame = Frame(a, s_start + end, kind, deny)
            self._resolve(frame, text, s_start, s_end, mentions)
            if frame.speakers:
                found.append(frame)
        self.last_speakers, self.last_person = saved
        return found

    def _clause_subject(self, text, s_start, pos, mentions) -> list:
        """The subject of the main clause before ``pos``, with mentions coordinated with it.

        That is the first speaker-like mention that does not follow a preposition.
        """
        usable = [
            m
            for m in mentions
            if s_start <= m["start"] and m["end"] <= pos and m.get("sense") != "place"
        ]
        subject = next(
            (m for m in usable if not is_object(text, m["start"]) and can_speak(text, m)), None
        )
        if subject is None:
            return []
        return chain_right(text, subject["start"], usable, self._fillers, limit=0)

    def _resolve(self, f: Frame, text, s_start, s_end, mentions) -> None:
        if f.kind == "source":
            self._resolve_source(f, text, s_end, mentions)
        elif f.kind == "noun":
            self._resolve_noun(f, text, s_start, mentions)
        else:
            self._resolve_verb(f, text, s_start, s_end, mentions)

    def _resolve_source(self, f: Frame, text, s_end, mentions) -> None:
        """Speakers of a source phrase: "according to X", "according to a statement by X"."""
        f.postposed = True
        document = _SOURCE_DOCUMENT.match(text, f.end)
        after = document.end() if document else f.end
        pron = _PRONOUN_OBJECT.match(text, after)
        if pron:
            persons = pron.group(1).lower() in ("him", "her")
            f.speakers = list(self.last_person if persons else self.last_speakers)
            return
        # "according to Kyiv": a capital named as a source is its government, not a place
        inside = [
            dict(m, sense="actor") if m.get("sense") == "place" and m["start"] - after <= 1 else m
            for m in mentions
            if m["start"] < s_end
        ]
        f.speakers = chain_right(text, after, inside, self._fillers, limit=40)

    def _resolve_noun(self, f: Frame, text, s_start, mentions) -> None:
        """The holder of a claim noun: "allegations by X", "X's claims", "US accusations"."""
        holder = _HOLDER_AFTER.match(text, f.end)
        if holder and holder.group().strip().endswith("of"):
            # "accusations of Western countries", not "evidence of Iran's transfer"
            after = text[holder.end() : holder.end() + 30].split(",")[0]
            if re.match(r"(?:the\s+)?[\w.-]+(?:\s[\w.-]+)?[’']s\b", after) or not (
                _ACCUSATION.search(text[f.start : f.end])
                or self._official_after(text, holder.end(), mentions)
            ):
                holder = None
        if holder:
            fillers = self._fillers
            # "charges of certain Western officials": a quantifier before the holder
            quantifier = _QUANTIFIER.match(text, holder.end())
            start = quantifier.end() if quantifier else holder.end()
            f.speakers = chain_right(text, start, mentions, fillers, limit=5)
            if not f.speakers:
                f.speakers = _after_title(text, holder.end(), mentions, fillers)
            last = max((m["end"] for m in f.speakers), default=0)
            if holder.group().strip().endswith("of") and _GERUND_AFTER.match(text, last):
                f.speakers = []  # "accusations of Iran selling drones": Iran is accused
            also = _ALSO_HOLDER.match(text, last) if f.speakers else None
            if also is not None:
                f.speakers += chain_right(text, also.end(), mentions, fillers, limit=5)
        if not f.speakers:
            left = [
                m
                for m in mentions
                if m["end"] <= f.start and m["start"] >= s_start and m.get("sense") != "place"
            ]
            near = max(left, key=lambda m: m["end"], default=None)
            if near is not None and _HOLDER_BEFORE_OK.match(text[near["end"] : f.start]):
                # "American and Ukrainian accusations": the holders listed before it
                fillers = self._fillers
                more = chain_left(text, near["start"], left, fillers, s_start, verb=False)
                joined = more and re.search(r"\band\b|&|,", text[more[0]["end"] : near["start"]])
                f.speakers = [near, *more] if joined else [near]
        if not f.speakers:
            f.speakers = self._possessive_holder(f, text, s_start, mentions)

    def _official_after(self, text, pos, mentions) -> bool:
        """Whether an official is named at ``pos``: "remarks of the US envoy", "of Kuleba".

        "statements of" someone are theirs; "reports of Iranian drones" are about drones.
        """
        start = re.match(r"(?:the\s+)?", text[pos : pos + 4]).end() + pos
        first = next((m for m in mentions if m["start"] == start), None)
        if first is None:
            return False
        if first["actor_type"] == "person":
            return True
        words = re.findall(r"[\w’'-]+", first.get("surface", ""))[1:]
        words += re.findall(r"[\w’'-]+", text[first["end"] : first["end"] + 40])[:3]
        return any(self.lang["role_nouns"].fullmatch(w) for w in words)

    def _possessive_holder(self, f: Frame, text, s_start, mentions) -> list:
        """The holder of "their criticism", "his unfounded claims": the clause's subject.

        Before the noun ("Western states have stepped up their criticism"), else after the
        comma that ends a fronted phrase ("Repeating his claims ..., Zelensky said").
        """
        det = _POSSESSIVE_DETERMINER.search(text, s_start, f.start)
        if det is None:
            return []
        person = det.group(1).lower() in ("his", "her")
        subject = self._clause_subject(text, s_start, det.start(), mentions)
        if subject:
            return subject
        comma = text.find(",", f.end)
        s_end = max((m["end"] for m in mentions), default=comma)
        if 0 <= comma < s_end:
            subject = self._clause_subject(text, comma + 1, s_end, mentions)
            kinds = {m["actor_type"] == "person" for m in subject}
            if subject and (not person or True in kinds):
                return subject
        return list(self.last_person) if person else []

    def _resolve_verb(self, f: Frame, text, s_start, s_end, mentions) -> None:
        """Speakers of a verb: "X said", ", said X", "was told by Y", "he said"."""
        lang = self.lang
        fillers = self._fillers
        before = text[s_start : f.start]
        aux = re.search(r"\b(\w+)\s+(?:\w+ly\s+)?$", before)
        # "have been insisting", "has been levelling accusations"
        progressive = bool(re.match(r"\w+ing\b", text[f.start : f.end]))
        if aux and lang["passive_aux"].fullmatch(aux.group(1)) and not progressive:
            f.passive = True
            agent = re.match(r"\s*(?:\w+\s+){0,3}?by\s+(?:both\s+)?", text[f.end : s_end])
            if agent:
                f.speakers = chain_right(text, f.end + agent.end(), mentions, fillers, 5)
            else:
                f.speakers = self._final_agent(text, f.end, s_end, mentions)
            return
        left = [m for m in mentions if m["start"] >= s_start]
        # "Reuters, citing two US officials, reported": the outlet is the verb's subject
        cited = (
            _CITING_CLAUSE_BEFORE.search(before)
            or _APPOSITION_BEFORE.search(before)
            or _RELATIVE_BEFORE.search(before)
        )
        subject_end = s_start + cited.start() if cited else f.start
        f.speakers = chain_left(text, subject_end, left, fillers, stop=s_start)
        if f.speakers:
            first = min(m["start"] for m in f.speakers)
            joined = _JOINED_BEFORE.search(text, s_start, first)
            last = max(m["end"] for m in f.speakers)
            if joined and re.fullmatch(r"\s+in\s+", text[last : f.start]):
                # "Canada joined Britain in imposing sanctions": both impose them
                more = chain_left(text, joined.start(), left, fillers, stop=s_start)
                f.speakers = [*more, *f.speakers]
            f.postposed = self._postposed(text[s_start:first])
            return
        group = _STATES_NOUN_SUBJECT.search(before)
        if group:
            # "France, Germany and Britain wrote ... These countries accuse Iran of ...": the
            # states the article listed last
            f.speakers = self._listed_states(text, mentions, s_start, group)
            if f.speakers:
                return
        if self._local_official(f, before, s_start, s_end, mentions):
            return
        pron = _BODY_OF_BEFORE.search(before) or re.search(
            r"\b(\w+)\s+(?:\w+ly\s+|also\s+|has\s+|had\s+|have\s+|"
            r"(?:went\s+on|go(?:es)?\s+on|continued|proceeded|was\s+quick|hastened|sought|"
            r"wanted|tried|moved|would\s+go\s+on)\s+to\s+)*$",
            before,
        )
        if pron:
            f.speakers = self._pronoun(
                pron.group(1).lower(), before[: pron.end(1)] + " ", mentions, s_start, f.start, text
            )
        if f.speakers:
            f.postposed = self._postposed(before[: pron.start()])
            return
        if _INVERSION_BEFORE.search(before) and not _TAKES_OBJECT.match(text, f.start):
            inside = [m for m in mentions if m["start"] < s_end]
            speakers = chain_right(text, f.end, inside, fillers)
            # '..., said Kuleba.' inverts; '..., said Iran had sent ...' starts a clause.
            last = max((m["end"] for m in speakers), default=f.end)
            verb = _VERB_AFTER.match(text, last, s_end)
            if verb and fillers.fullmatch(verb.group(1)):
                verb = None  # "..., said Iranian officials": a noun of the speaker's
            first = min((m["start"] for m in speakers), default=f.end)
            if _ADDRESSEE_BEFORE.search(text[f.end : first]):
                speakers = []  # "..., called in a letter to the UN for ...": the addressee
            if speakers and not _CLAUSE_AFTER.match(text, last, s_end) and not verb:
                f.speakers, f.postposed = speakers, True
        if not f.speakers and _ADMITS.fullmatch(text, f.start, f.end):
            f.speakers = self._admitting_subject(text, s_start, f, mentions)
            f.postposed = bool(f.speakers)

    def _admitting_subject(self, text, s_start, f: Frame, mentions) -> list:
        """Who "..., foreign minister admits" is: the subject of what is admitted.

        One admits one's own side's deeds: "Iran sent drones to Russia before the war,
        foreign minister admits" is Iran's minister speaking.
        """
        role = _ROLE_BEFORE_VERB.search(text, s_start, f.start)
        if role is None or not self.lang["role_nouns"].search(role.group(1)):
            return []
        subject = self._clause_subject(text, s_start, role.start(), mentions)
        return [m for m in subject if m["actor_type"] in ("state", "person")][:1]

    def _local_official(self, f: Frame, before: str, s_start, s_end, mentions) -> bool:
        """Give "..., the city's mayor said" the place named in the sentence; True if found."""
        local = _LOCAL_OFFICIAL.search(before)
        if local:
            f.speakers = _place_of(mentions, s_start, s_end, s_start + local.start())
            f.postposed = bool(f.speakers) and self._postposed(before[: local.start()])
        return bool(f.speakers)

    def _final_agent(self, text, pos, s_end, mentions) -> list:
        """The agent of a passive verb that closes its sentence after the accused deed.

        "Iran has been charged with arming Russia with drones by Western nations.": a "by"
        phrase whose run of speakers ends the sentence. Not a participle's own agent
        ("..., which is backed by China") nor a means ("by sending drones").
        """
        agent = _FINAL_AGENT.search(text, pos, s_end)
        if agent is None or _OWN_AGENT_BEFORE.search(text, pos, agent.start() + 1):
            return []
        inside = [m for m in mentions if m["start"] < s_end]
        speakers = chain_right(text, agent.end(), inside, self._fillers, 5)
        last = max((m["end"] for m in speakers), default=agent.end())
        return speakers if re.fullmatch(r"[\s.!”\"’')]*", text[last:s_end]) else []

    def _group_pronoun(self, word: str, earlier: list, text: str) -> list:
        """Who "they", "it" or "we" is (``earlier``: this sentence's mentions before it).

        "Ukraine ... Russia's use of drones that it says ...": the speaker so far in this
        sentence, else the nearest non-possessive state or organisation, else the last
        speaker.
        """
        for f in reversed(self._current):
            groups = [m for m in f.speakers if m["actor_type"] not in ("person", "media")]
            if groups:
                return groups
        groups = [
            m
            for m in earlier
            if m["actor_type"] not in ("person", "media") and not _POSSESSIVE.match(text, m["end"])
        ]
        if word == "they":
            # "European nations sanctioned Iran over what they allege": "they" is no
            # single country named as an object
            groups = [m for m in groups if self._plural([m], text) or _as_subject(text, m)]
        near = [max(groups, key=lambda m: m["end"])] if groups else []
        if not near and word == "they" and self._plural(self._prev_subject, text):
            # "The West has accused Iran ... They say ...": the last plural subject.
            near = list(self._prev_subject)
        if not near and not self.last_speakers and word == "it":
            # "Iran's mission responded on Friday. It said ...": the last subject
            near = [m for m in self._prev_subject if m["actor_type"] not in ("person", "media")]
            near = near[:1] if len({m["country"] for m in near}) == 1 else []
        return near or list(self.last_speakers)

    def _role_subject(self, text) -> list:
        """The state of the role holder who opened the sentence before, for "he" or "she".

        "The Iranian foreign minister spoke with ... He stressed ...": Iran.
        """
        subject = self._prev_subject[:1]
        if not subject or subject[0]["actor_type"] != "state":
            return []
        m = subject[0]
        words = re.findall(r"[\w’'-]+", m.get("surface", ""))[1:]
        words += re.findall(r"[\w’'-]+", text[m["end"] : m["end"] + 40])[:3]
        roles = self.lang["role_nouns"]
        return subject if any(roles.fullmatch(w) for w in words) else []

    def _listed_states(self, text, mentions, s_start, group) -> list:
        """The last list of two or more states named before ``group`` ("these countries").

        With a number ("the three countries"), the last list of that length.
        """
        seen = self._recent + [
            m for m in mentions if s_start <= m["start"] and m not in self._recent
        ]
        states = sorted(
            (m for m in seen if m["actor_type"] == "state" and m["end"] <= s_start + group.start()),
            key=lambda m: m["start"],
        )
        runs, run = [], []
        for m in states:
            if run and _LIST_GAP.fullmatch(text, run[-1]["end"], m["start"]):
                run.append(m)
            else:
                run = [m]
                runs.append(run)
        size = _NUMBERS.get((group.group(1) or "").lower())
        runs = [r for r in runs if len({m["country"] for m in r}) >= 2]
        if size:
            runs = [r for r in runs if len({m["country"] for m in r}) == size] or runs
        return list(runs[-1]) if runs else []

    def _postposed(self, before: str) -> bool:
        """Whether a speaker starting after ``before`` follows its content (", the US said")."""
        fillers = self._fillers
        for _ in range(8):
            if _POSTPOSED_BEFORE.search(before):
                return True
            last = re.search(r"(\S+)\s*$", before)
            word = last.group(1) if last else ""
            # ", the statement by the G7 ministers said": a document and its author
            # ("the alliance's secretary-general said": a holder and a hyphenated role)
            held = word.endswith(("-", "’s", "'s"))
            if not (
                word[:1].isupper()
                or held
                or fillers.fullmatch(word)
                or word in _AUTHOR_PREPOSITIONS
            ):
                return False
            before = before[: last.start()]
        return False

    def _pronoun(self, word, before, mentions, s_start, pos, text="") -> list:
        """Who "he", "they" or "the minister" refers to: in this sentence, else the last."""
        lang = self.lang
        earlier = [
            m
            for m in mentions
            if s_start <= m["start"] and m["end"] <= pos and m.get("sense") != "place"
        ]
        if lang["pronouns_person"].fullmatch(word):
            persons = [m for m in earlier if m["actor_type"] == "person"]
            near = [max(persons, key=lambda m: m["end"])] if persons else []
            # no one has spoken yet: the person named last ("Kuleba arrived. ... he said")
            named = [m for m in self._recent if m["actor_type"] == "person"][-1:]
            # ... or the role holder the sentence before opened with ("The Iranian foreign
            # minister spoke with ... He stressed ...")
            named = named or self._role_subject(text)
            # a person the sentence before opened with comes first: "Amir-Abdollahian met
            # Borrell on Saturday. He said ..." is Amir-Abdollahian
            opened = [m for m in self._prev_subject if m["actor_type"] == "person"][:1]
            return near or opened or list(self.last_person or self.last_speakers) or named
        if lang["pronouns_group"].fullmatch(word):
            return self._group_pronoun(word.lower(), earlier, text)
        named = self._surnames.get(before.split()[-1]) if before.split() else None
        if named:
            return list(named)  # "Berger said" after "German envoy Ana Berger said"
        if lang["role_nouns"].fullmatch(word) and _COLLECTIVE_OWNER.search(before):
            # "the alliance's secretary-general said": the organisation named last
            named = self._recent + [m for m in earlier if m not in self._recent]
            return [m for m in named if m["actor_type"] == "organisation"][-1:]
        if _COLLECTIVE_NOUN.fullmatch(word) and _THE_NOUN_BEFORE.search(before):
            named = self._recent + [m for m in earlier if m not in self._recent]
            return [m for m in named if m["actor_type"] == "organisation"][-1:]
        owner = _COUNTRY_OWNER.search(before)
        if owner or _ARMED_NOUN.fullmatch(word) and not re.search(r"\b(?:a|an)\s+$", before, re.I):
            owner_at = s_start + owner.start() if owner else pos
            joined = [  # "Iranian officials and the country's foreign ministry"
                m
                for m in earlier
                if m["actor_type"] == "state" and _JOINED_OWNER.fullmatch(text, m["end"], owner_at)
            ]
            if joined:
                return joined[-1:]
            return self._armed_forces_state(text, s_start, pos, mentions, bool(owner), before)
        if not re.search(r"\bthe\s+(?:\w+\s+){0,2}$", before, re.IGNORECASE):
            return []
        if _ORGANISATION_NOUN.fullmatch(word):
            # "the Council said": the body named so in the last few sentences
            named = [m for m in self._recent if re.search(rf"\b{word}\b", m["surface"], re.I)]
            if not named and _POST_NOUN.fullmatch(word):
                # "the embassy said" after "the Iranian embassy in Kuwait": its state
                seen = self._recent + [m for m in earlier if m not in self._recent]
                named = [m for m in seen if _names_post(text, m, word)]
            if named or not _GOVERNMENT_NOUN.fullmatch(word):
                return named[-1:]
            # "the foreign ministry said" with no state named with it: the state that has
            # been speaking, else the subject of the sentence before ("UK sanctions Iran").
            speaking = [m for m in self.last_speakers if m["actor_type"] != "media"]
            return speaking or [m for m in self._prev_subject if m["actor_type"] != "media"]
        if lang["role_nouns"].fullmatch(word):
            return self._role_holder()
        return []

    def _armed_forces_state(self, text, s_start, pos, mentions, owned, before) -> list:
        """Whose "the military" or "the country's air force" is.

        "Ukraine expels envoy after military says drones were Iranian": the sentence's
        subject state; "The defence ministry in Kyiv said ... The military added ...": the
        state that has spoken. After its content ("Russia launched drones, the military
        said") only the state speaking; "the country's" may also be the state the sentence
        before, or else this one, opened with.
        """
        subject = self._clause_subject(text, s_start, pos, mentions)
        order = [subject, self.last_speakers]
        if _POSTPOSED_SPEAKER.search(before):
            order = [self.last_speakers, *([self._prev_subject, subject] if owned else [])]
        elif owned:
            order.append(self._prev_subject)
        for named in order:
            states = [m for m in named if m["actor_type"] == "state"]
            if states:
                return states[:1] if len({m["country"] for m in states}) == 1 else []
        return []

    def _intro_speaker(self, text, s_start, pos, mentions) -> list:
        """The author of a text introduced at ``pos`` ("The full text of his letter reads:")."""
        det = re.search(r"\b(his|her)\b", text[s_start:pos], re.IGNORECASE)
        if det:
            named = self._recent + [m for m in mentions if m["end"] <= pos]
            persons = [
                m
                for m in named
                if m["actor_type"] == "person"
                and not _RECIPIENT.search(text, max(0, m["start"] - 40), m["start"])
            ]
            return persons[-1:]
        subject = self._clause_subject(text, s_start, pos, mentions)
        return subject or list(self._prev_subject or self.last_speakers)

    def _role_holder(self) -> list:
        """Who "the spokesman said" is: the last speaker, unless a person of its own state.

        After "Kuleba said ... Iran's mission said ...", "the spokesperson" is the mission's,
        not Kuleba: a person counts only when they belong to the last speaker's state.
        """
        if not self.last_person:
            return list(self.last_speakers)
        last = {m["country"] for m in self.last_speakers}
        if self.last_speakers and not last & {m["country"] for m in self.last_person}:
            return list(self.last_speakers)
        return list(self.last_person)

    @staticmethod
    def _plural(subject: list, text: str) -> bool:
        """Whether a subject can be "they": a group, a list, or a plural noun."""
        if not subject or any(m["actor_type"] in ("person", "media") for m in subject):
            return False
        if len(subject) > 1 or any(m["actor_type"] == "group" for m in subject):
            return True
        return any(re.search(r"[^’'s]s$", m["surface"]) for m in subject)
