"""Finding a taxonomy's claims in a sentence and judging the stance taken towards each.

``find_claim_hits`` applies the claims' rules (term groups that co-occur near an anchor);
``judge_stance`` says whether, within a speaker's scope, the claim is asserted, denied, or
neither (a conditional: "if it is proven that ...").
"""

import re
from dataclasses import dataclass

from newsbrief.taxonomy import ClaimSpec, Taxonomy

_NEGATION_WORDS = 5  # negation counts within this many words before the anchor
_PRESUPPOSED = re.compile(
    r"\b(?:alleged|purported|so-called|supposed|claimed|rumou?red)\s+(?:[\w’'-]+\s+){0,2}$|"
    # "investigate the use of Iranian drones": the probe's object is not asserted
    r"\b(?:investigat\w*|probe|inquiry|inspect\w*)\s+(?:into\s+|of\s+)?(?:the\s+)?"
    r"(?:[\w’'-]+\s+){0,1}$|"
    # "look into claims concerning the deployment of ...": the claims examined, not made
    r"\b(?:look\w* into|examin\w*|investigat\w*|verify\w*|review\w*)\s+(?:the\s+)?"
    r"(?:claims|allegations|accusations|reports)\s+(?:concerning|regarding|about|on|over|of)\s+"
    r"(?:the\s+)?(?:[\w’'-]+\s+){0,1}$|"
    # "ready to review any documents Kyiv has about the use of ...": evidence still unseen
    r"\bany\s+(?:[\w-]+\s+)?(?:documents?|evidence|proofs?|information|documentation|papers)\b"
    r"[^.;]{0,40}?\b(?:about|on|of|regarding|concerning)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,1}$",
    re.IGNORECASE,
)
_NEGATED_OBJECT = re.compile(r"\s+(?:\w+\s+)?(?:no|not a single|not any|nothing)\b", re.I)
_DATELINE = re.compile(r"[A-Z][A-Z .,'’/]{2,40}?\s*(?:\([\w .]+\)\s*)?[-–—:]+\s*(?=\S)")
# "there was no transfer of drones", "there has been no cooperation on their use"
_EXISTENTIAL_NO = re.compile(
    r"\bthere\s+(?:is|was|were|are|has\s+been|have\s+been|had\s+been|will\s+be)\s+"
    r"(?:absolutely\s+|simply\s+)?no\b(?!\s+(?:\w+\s+)?(?:limits?|restrictions?|bans?|obstacles?|"
    r"barriers?|prohibitions?|embargo|objections?|problems?|doubts?|secret)\b)",
    re.IGNORECASE,
)
_HEDGED_BEFORE = re.compile(
    r"\b(?:allegedly|reportedly|purportedly|supposedly|apparently|suspected\s+of)\s+"
    r"(?:[\w’'-]+\s+){0,3}$",
    re.IGNORECASE,
)
# "Tehran's opposition to the dispatch of weapons": a stated policy of not supplying
_OPPOSED = re.compile(r"opposition|opposed|opposes|oppose|opposing", re.IGNORECASE)
# "refused to fan the war by supplying weapons", "refrained from arming either side": the
# subject declines the act (but "refused to stop using" is no refusal of the use).
_REFUSED = re.compile(
    r"\b(?:refus(?:ed|es|e|ing)\s+to|refrain(?:ed|s|ing)?\s+from|declin(?:ed|es|e|ing)\s+to|"
    r"(?<!\bto\s)(?<!\bshould\s)(?<!\bmust\s)avoid(?:ed|s|ing)?|abstain(?:ed|s|ing)?\s+from)\s+"
    r"(?:(?!stop|halt|cease|end|quit|abandon|give|renounce|curb|limit|admit|accept)[\w’'-]+\s+)"
    r"{0,10}$",
    re.IGNORECASE,
)
# "called on Kyiv to present evidence that Iranian drones are used": a challenge, not a claim
_EVIDENCE_DEMANDED = re.compile(
    r"\b(?:to|must|should|could|can|would|might)\s+(?:\w+ly\s+)?(?:present|provide|show|produce|offer|submit|share)\s+"
    r"(?:any\s+|the\s+|its\s+|their\s+|some\s+)?(?:\w+\s+)?(?:evidence|proof|documents?|"
    r"documentation)\s+(?:that|of|for|about|on|regarding|concerning|proving|showing)\b",
    re.IGNORECASE,
)
# "Kyiv says Tehran is lying about its deliveries": calling someone a liar about a deed
# asserts the deed; "lies" as a noun ("Western lies about drones") still denies.
_LIAR_ABOUT = re.compile(
    r"\b(?:(?:is|are|was|were|been|be|of|keeps?|kept|continues?\s+to)\s+(?:\w+ly\s+)?lying|"
    r"lied|(?:continues?|keeps?)\s+to\s+lie)\s+(?:\w+ly\s+)?(?:about|over|regarding)\b",
    re.IGNORECASE,
)
# "Iran believes that sending weapons to the warring parties will only prolong the war": a
# gerund as the subject of a predicted consequence is a general view, not a deed reported.
_GERUND_SUBJECT_BEFORE = re.compile(r"(?:^|\bthat|[,;:“\"])\s*(?:the\s+|any\s+)?$", re.IGNORECASE)
# ... or a noun of the act: "the supply of weapons cannot help end the war"
_ACT_NOUN = re.compile(
    r"(?:suppl(?:y|ies)|sales?|deliver(?:y|ies)|transfers?|provision|exports?|shipments?|"
    r"sending|arming)\s+of\b",
    re.IGNORECASE,
)
# "the supply of Iranian drones will prolong the war" is about a deed, not a view: a named
# (capitalised) object before its destination
_NAMED_OBJECT = re.compile(r"(?:\s+of)?(?:\s+(?!to\b|for\b|with\b)[\w-]+){0,3}?\s+(?-i:[A-Z])")
# "Iran could send drones", "might soon supply", "a deal that would see Iran supply": a
# modal of prediction or opinion over the deed itself asserts nothing (but "will send",
# "is preparing to send", "plans to give" report a plan, and "may have sent" is left to
# the narration check).
_MODAL_BEFORE = re.compile(
    r"\b(?:would|could|might|(?-i:may))\s+(?:(?:also|soon|still|even|yet|well|\w+ly)\s+){0,2}"
    r"(?:be\s+(?:\w+ly\s+)?|(?:see|allow|let|enable|mean|involve|require)\s+(?:[\w’'-]+\s+){1,3})?$",
    re.IGNORECASE,
)
# A proposition that is itself a call or an offer ("the UN should investigate", "Iran
# offers talks") may be put under a modal: "could investigate" still calls for it.
_MODAL_PROPOSITION = re.compile(r"\b(?:should|must|offers?|requests?|calls?\s+for)\b", re.I)
# "said it would send drones": "would" is the reported "will" of a stated plan
_BACKSHIFTED = re.compile(
    r"\b(?:said|told\s+\w+|wrote|reported|announced|agreed|promised|pledged|confirmed|"
    r"decided|vowed|stated|added|insisted|claimed|alleged|warned|revealed|disclosed|"
    r"learned|understood|expected)\s+(?:that\s+)?(?:[\w’'-]+\s+){1,3}would\b[^,;]*$",
    re.IGNORECASE,
)
# "Selling drones to Russia would be a big win": a bare gerund subject under a modal of
# opinion or prediction is the deed imagined, not reported
_MODAL_PREDICATE_AFTER = re.compile(
    r"[^.;,:]{0,100}?\b(?:would|could|might|(?-i:may))\s+(?!have\b)(?:not\s+|\w+ly\s+)?\w+",
    re.IGNORECASE,
)
_GERUND = re.compile(r"\w+ing\b", re.IGNORECASE)
_CONSEQUENCE_AFTER = re.compile(
    r"[^.;,]{0,100}?\b(?:(?:will|would|could|can|may|might|only|inevitably)\s+(?:\w+ly\s+|only\s+)?"
    r"(?:lead|leads|prolong\w*|fuel\w*|escalat\w*|worsen\w*|intensif\w*|result\w*|cause\w*|"
    r"deepen\w*|extend\w*|complicat\w*|aggravat\w*|exacerbat\w*)|"
    r"(?:cannot|can\s*not|can[’']t|will\s+not|won[’']t|does\s+not|do\s+not)\s+(?:help|end|solve|resolve|"
    r"bring))\b",
    re.IGNORECASE,
)
# "Instead of making baseless accusations, the West should ...": the fronted alternative
# is set aside; its words do not qualify the main clause after its comma.
_INSTEAD_OF = re.compile(r"\b(?:instead of|rather than)\b[^,;.“”\"]{1,200},\s", re.IGNORECASE)
_NEW_CLAUSE = re.compile(r"[,;]\s+and\s+(?:we|I|they|he|she|it)\b|;\s")
CLAUSE_BREAK = re.compile(
    r",?\s+(?:but|while|whereas|although|though|even as)\b"
    r"|,\s+(?:since|because|as(?!\s+well\s+as))\b|;\s|\s[—–]\s"  # (", as well as X" goes on)
)


@dataclass(frozen=True)
class ClaimHit:
    """One occurrence of a claim: the claim and its anchor's offsets in the article text.

    ``contextual`` hits lack one of their rule's groups in the sentence and borrow it from
    the sentences just before ("Tehran denied supplying the drones" after a sentence about
    Russia); they count only when a named speaker says them.
    """

    spec: ClaimSpec
    start: int
    end: int
    contextual: bool = False


def find_claim_hits(
    text: str, s_start: int, s_end: int, taxonomy: Taxonomy, context: str = ""
) -> list[ClaimHit]:
    """Every claim occurrence in the sentence ``text[s_start:s_end]``, in anchor order.

    A rule's anchor group may match several times (two clauses, two speakers); each match
    whose rule's other groups all occur within the rule's ``within`` characters is an
    occurrence. With ``context`` (the preceding sentences), a rule missing exactly one group
    that it lists as borrowable (``context:`` in the file) gives a contextual occurrence
    when ``context`` has that group.
    """
    sentence = text[s_start:s_end]
    dateline = _DATELINE.match(sentence)
    if dateline:  # "TEHRAN (Reuters) - ": where the story was filed, not who acted
        sentence = " " * dateline.end() + sentence[dateline.end() :]
    hits = {}
    for spec in taxonomy.specs:
        for rule in spec.rules:
            anchors = list(rule.all[0].finditer(sentence))
            if not anchors:
                continue  # (the vetoes are costly patterns: only looked for when needed)
            vetoes = [(v.start(), v.end()) for u in rule.unless for v in u.finditer(sentence)]
            for m in anchors:
                if any(a <= m.start() < b for a, b in vetoes):
                    continue
                lo = max(0, m.start() - rule.within)
                hi = min(len(sentence), m.end() + rule.within)
                missing = [
                    (g, borrow)
                    for g, borrow in zip(rule.all[1:], rule.borrowable, strict=True)
                    if not g.search(sentence, lo, hi)
                ]
                contextual = bool(missing)
                if contextual and (len(missing) > 1 or not missing[0][1]):
                    continue
                if contextual and not missing[0][0].search(context):
                    continue
                key = (spec.claim_id, m.start())
                hit = ClaimHit(spec, s_start + m.start(), s_start + m.end(), contextual)
                if key not in hits or hits[key].contextual and not contextual:
                    hits[key] = hit
    return sorted(hits.values(), key=lambda h: (h.start, h.spec.claim_id))


def is_negated(text: str, lo: int, anchor: int, lang: dict) -> bool:
    """Whether a negation stands in the few words before ``anchor`` (after ``lo``)."""
    before = text[max(lo, anchor - 60) : anchor]
    before = lang["negation_exceptions"].sub(" ", before)
    words = re.findall(r"[\w’']+", before)[-_NEGATION_WORDS:]
    for k, word in enumerate(words):
        if not (lang["negations"].fullmatch(word) or re.search(r"n[’']t$", word)):
            continue
        # "no" negates the noun phrase it opens: "no drones were sent", "no drones had been
        # sent" (the phrase is the verb's subject), not "no limits on arms supplies".
        if word.lower() != "no" or len(words) - k <= 3:
            return True
        if any(w.lower() in ("was", "were", "been", "is", "are") for w in words[k + 2 :]):
            return True
    return False


def _denied_by_verb(text: str, lo: int, anchor: int, lang: dict) -> bool:
    """Whether a denying verb governs the anchor: "reject sending", "denied having sold"."""
    words = re.findall(r"[\w’']+", text[max(lo, anchor - 50) : anchor])[-3:]
    return any(lang["deny_verbs"].fullmatch(w) or _OPPOSED.fullmatch(w) for w in words)


def is_hedged(text: str, lo: int, anchor: int) -> bool:
    """Whether the outlet hedges the claim just before its anchor ("Iran reportedly sold")."""
    return bool(_HEDGED_BEFORE.search(text, max(lo, anchor - 60), anchor))


def is_conditional(text: str, lo: int, anchor: int, lang: dict) -> bool:
    """Whether a conditional ("if", "whether") opens the clause that holds the anchor."""
    before = text[max(lo, anchor - 100) : anchor]
    breaks = list(CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    return bool(lang["conditionals"].search(before))


_AND_CLAUSE = re.compile(r"\s(?:and|but)\s+(?:\w+\s+){0,2}?(?:has|had|have|is|was|were|did|said)\b")


def is_evaded(text: str, lo: int, hi: int, hit: ClaimHit, lang: dict) -> bool:
    """Whether the speaker evades within ``lo:hi`` ("cannot confirm", "has seen no signs").

    An evasion after the claim counts unless a new clause comes between ("Kyiv said Iran
    sold drones and had seen no signs of a change": the evasion is about something else).
    """
    for m in lang["evasions"].finditer(text, lo, hi):
        if m.start() < hit.start:
            return True
        between = text[hit.end : m.start()]
        return not (CLAUSE_BREAK.search(between) or _AND_CLAUSE.search(between))
    return False


def _clause_opens_before(text: str, lo: int, anchor: int) -> bool:
    """Whether the anchor opens its clause: the scope's start, or after "that" / a comma."""
    before = text[max(lo, anchor - 20) : anchor]
    return not before.strip() or bool(_GERUND_SUBJECT_BEFORE.search(before))


def is_hypothetical(text: str, lo: int, hi: int, hit: ClaimHit) -> bool:
    """Whether a modal of prediction or opinion governs the deed (no report of it).

    "Tehran could supply drones to Moscow", "a deal that would see Iran supply drones",
    "Selling drones to Russia would be a big win for Iran"; but not a stated plan ("Iran
    will send", "is preparing to give", "said it would send"), nor a claim whose
    proposition is a call or an offer (its ``proposition`` says "should" or "offers").
    """
    if _MODAL_PROPOSITION.search(hit.spec.proposition):
        return False  # a call or an offer is modal by nature ("the UN could investigate")
    window = max(lo, hit.start - 80)
    modal = _MODAL_BEFORE.search(text, window, hit.start)
    if modal is not None:
        return not (
            modal.group().lower().startswith("would")
            and _BACKSHIFTED.search(text, max(0, hit.start - 120), modal.start() + 5)
        )
    return (
        _GERUND.match(text, hit.start, hit.end) is not None
        and _clause_opens_before(text, lo, hit.start)
        and bool(_MODAL_PREDICATE_AFTER.match(text, hit.end, hi))
    )


def judge_stance(
    text: str, scope: tuple[int, int], hit: ClaimHit, frame_deny: bool, lang: dict
) -> str | None:
    """Stance towards ``hit`` within ``scope``: "assert", "deny", or None (conditional).

    Args:
        text: the article text.
        scope: the stretch of text the speaker is responsible for.
        hit: the claim occurrence.
        frame_deny: the reporting cue denies ("denied", "rejected", "Iran's denial").
        lang: the taxonomy's language patterns.
    """
    lo, hi = scope
    if is_conditional(text, lo, hit.start, lang) or is_evaded(text, lo, hi, hit, lang):
        return None
    if (
        (text[hit.end - 3 : hit.end].lower() == "ing" or _ACT_NOUN.match(text, hit.start))
        and _GERUND_SUBJECT_BEFORE.search(text, max(lo, hit.start - 20), hit.start)
        and _CONSEQUENCE_AFTER.match(text, hit.end, hi)
        and not _NAMED_OBJECT.match(text, hit.end)
    ):
        return None
    if "deny" not in hit.spec.stances:
        # "We reject the claims, and we invite Kyiv to talks": an offer in a clause of its
        # own is not under the rejection before it.
        lo = max([lo, *(m.end() for m in _NEW_CLAUSE.finditer(text, lo, hit.start))])
        frame_deny = frame_deny and lo == scope[0]
    if frame_deny:
        return "deny"
    presupposed = _PRESUPPOSED.search(
        text, max(lo, hit.start - 40), hit.start
    ) or _EVIDENCE_DEMANDED.search(text, max(lo, hit.start - 120), hit.start)
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(text, lo, hit.start)]
    breaks += [m.end() for m in _INSTEAD_OF.finditer(text, lo, hit.start)]
    chunk = text[max([lo, *breaks]) : hi]
    if "deny" not in hit.spec.stances:
        # An offer's clause may go on to call the other side's claims groundless: for a
        # claim that cannot be denied only what precedes it can negate it.
        chunk = text[max([lo, *breaks]) : hit.start]
    chunk = _LIAR_ABOUT.sub(lambda m: " " * len(m.group()), chunk)
    denied = (
        lang["denial_phrases"].search(chunk)
        or (hit.spec.deny_cues is not None and hit.spec.deny_cues.search(chunk))
        or is_negated(text, lo, hit.start, lang)
        or _NEGATED_OBJECT.match(text, hit.end)
        or _EXISTENTIAL_NO.search(text, max([lo, *breaks]), hit.start)
        or _denied_by_verb(text, max([lo, *breaks]), hit.start, lang)
        or (
            # "Kyiv avoids the expert talks": shunning an offer denies nothing
            "deny" in hit.spec.stances
            and _REFUSED.search(text, max([lo, *breaks, hit.start - 90]), hit.start)
        )
    )
    if denied:
        return "deny"
    if is_hypothetical(text, lo, hi, hit):
        return None
    # "any probe into the alleged use of Iranian drones": the speaker names the claim
    # without making it.
    return None if presupposed else "assert"
