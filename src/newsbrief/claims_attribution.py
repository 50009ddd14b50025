"""Tying a claim occurrence to who says it, and with which stance and mode.

``claim_rows`` gives the speaker rows of one claim occurrence: from the quotation it sits
in, from the reporting frame whose clause holds it (and the holder of a claim noun in
between), from a comma-separated cue after it, or else from the outlet's own narration.
``bare_denials`` finds denials without claim words of their own ("Tehran rejected the
allegations"), which deny the claims just mentioned.
"""

import dataclasses
import re

from newsbrief.claims_frames import Frame
from newsbrief.claims_speakers import in_spans
from newsbrief.claims_stance import (
    CLAUSE_BREAK,
    ClaimHit,
    is_conditional,
    is_hedged,
    is_negated,
    judge_stance,
)

_SENTENCE_END = re.compile(r"[.!?:][\"”’']?(?=\s)")
_CLAUSE_STOP = re.compile(r"[.!?]")
_QUOTE_REACH = 80  # characters between a quote and its attribution
_CLOSING_QUOTES = ("”", '"', "’", "»")
_ACCUSES = re.compile(r"accus|blam|charg", re.IGNORECASE)
_ACCUSATION_NOUN = re.compile(r"accus|alleg|claim|charge", re.IGNORECASE)
# "media reports about ...": unnamed outlets hold the reports, not the outer speaker.
_MEDIA_HOLDER = re.compile(
    r"\b(?:media|press|news|newspaper|tabloid|television|TV)\s+(?:[\w-]+\s+)?$", re.IGNORECASE
)
# Verbs that take up a claim noun rather than answer it: "Ukraine echoed US accusations".
_DISCREDITS = re.compile(
    r"\b(?:mislead\w*|lying|lied|lies|falsely|wrongly|distort\w*|fabricat\w*|baseless\w*|"
    r"deceiv\w*|deceptive\w*|propaganda|smear\w*|pretext\w*|excuses?|scapegoat\w*|"
    # "the US is pursuing political aims by claiming ...": a motive imputed to the claimant
    r"politically\s+motivated|political\s+(?:[\w-]+\s+)?(?:purposes?|motives?|aims?|goals?|"
    r"ends|agendas?|objectives?|gains?|games?))\b",
    re.IGNORECASE,
)
# A noun's prepositional complement ends where an indefinite phrase starts ("in a meeting"),
# unless a "that" clause carries the claim on.
_BEYOND_NOUN = re.compile(
    r"(?:(?!\bthat\b)[^.;])*?\b(?:in|at|during|through)\s+(?:a|an)\s", re.IGNORECASE
)
_ENDORSES = re.compile(r"(?:parrot|echo|repeat|reiterat|renew|back|endors|shar)\w*", re.I)
# Verbs that punish someone for the claimed act: "the EU rebuked Iran for ... shipments".
_PUNISHES = re.compile(
    r"(?:accus|blam|condemn|chastis|rebuk|critici[sz]|castigat|censur|lambast|sanction|"
    r"punish|penali[sz])\w*",
    re.IGNORECASE,
)
# The outlet's own verdict on a claim it reports: "his unfounded claims that ...".
_OUTLET_VERDICT = re.compile(
    r"\b(?:baseless|unfounded|groundless|false|bogus|fabricated|unsubstantiated|fake|"
    r"spurious|fictitious|untrue|absurd|ridiculous)\s+(?:and\s+\w+\s+)?(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)


def _at_paragraph_start(text: str, pos: int) -> bool:
    """Whether only spaces or tabs stand between ``pos`` and the line's start.

    Looks back from ``pos`` only (a regex search from 0 made long articles quadratic).
    """
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] == "\n"


def speaker_rows(speakers: list) -> list[dict]:
    """Speaker columns for each speaker mention; actors without a state or group are skipped."""
    rows = []
    for m in speakers:
        kind = m["actor_type"]
        country = m["country"] if isinstance(m["country"], str) and m["country"] else None
        if country is None and kind != "media":
            continue
        rows.append(
            {
                "speaker_id": m["actor_id"],
                "speaker_name": m["actor_name"],
                "speaker_type": kind,
                "speaker_country": country,
            }
        )
    return rows


def _quote_frames(text, quote, frames, quotes=(), depth=0) -> list[Frame]:
    """The attribution of a quotation: a cue just after it, else one just before it.

    A quotation left open at its paragraph's end goes on in the next paragraph, whose
    attribution is the whole quotation's (a paragraph "“...", then "“...,” the minister said").
    """
    qs, qe = quote
    after = [
        f
        for f in frames
        if qe <= f.start <= qe + _QUOTE_REACH
        and f.kind == "verb"
        and not re.search(r"[.!?\n]", text[qe : f.start])
    ]
    after = [min(after, key=lambda f: f.start)] if after else []
    before = [
        f
        for f in frames
        if qs - _QUOTE_REACH <= f.end <= qs
        and f.kind != "noun"
        and not re.search(r"[.!?\n]", text[f.end : qs])
    ]
    before = [max(before, key=lambda f: f.end)] if before else []
    # '“...,” he said' attributes forwards; 'X said: “....”' backwards.
    ends_sentence = re.search(r"[.!?]\W*$", text[qs:qe])
    found = (before or after) if ends_sentence else (after or before)
    if not found and depth < 3 and text[qe - 1 : qe] not in _CLOSING_QUOTES:
        nxt = next((q for q in quotes if q[0] >= qe and not text[qe : q[0]].strip()), None)
        if nxt is not None:
            found = _quote_frames(text, nxt, frames, quotes, depth + 1)
    if found or not _at_paragraph_start(text, qs):
        return found
    # A quote standing as its own paragraph continues the speaker of the sentence before
    # ('The ministry said in a statement on Monday that ... \n "..."').
    prior = [
        f
        for f in frames
        if f.end <= qs
        and f.kind in ("verb", "source")
        and f.speakers
        and len(_SENTENCE_END.findall(text, f.end, qs)) <= 1
    ]
    return [max(prior, key=lambda f: f.end)] if prior else []


# "The claims that Tehran shipped drones are unfounded": the verdict after the claim.
_VERDICT_AFTER = re.compile(
    r"\b(?:is|are|was|were|remains?|has been|have been)\s+[\"“‘']?(?:\w+ly\s+|\w+\s+and\s+|"
    r"an?\s+(?:\w+\s+)?)?"
    r"(?:baseless|unfounded|groundless|false|bogus|fabricated|unsubstantiated|untrue|"
    r"absurd|meaningless|lies|lie|fiction|fabrication|hoax|nonsense)\b",
    re.IGNORECASE,
)


def _scope_end(text, anchor, s_end, frames) -> int:
    """Where the clause holding ``anchor`` ends: a clause break or the next cue after it."""
    end = s_end
    brk = CLAUSE_BREAK.search(text, anchor, s_end)
    if brk:
        end = brk.start()
    later = [f.start for f in frames if f.start > anchor and f.kind != "noun" and f.speakers]
    return min([end, *later])


def _attributions(hit: ClaimHit, sent_frames, quotes, art_frames, text, s_start, s_end, nested=()):
    """``(frame_or_None, scope, mode)`` for each speaker position that covers ``hit``."""
    quote = in_spans(hit.start, quotes)
    if quote is not None:
        scope = (max(quote[0], s_start), min(quote[1], s_end))
        inner = [f for f in nested if quote[0] <= f.start < quote[1]]
        reported = _sentence_attributions(hit, inner, text, s_start, s_end) if inner else []
        if reported:  # the quoted speaker reports what someone else said
            return reported
        if s_start <= quote[0] and quote[1] <= s_end:
            # A quote inside its sentence ('Iran is "preparing to provide" ..., X said')
            # belongs to the sentence's own reporting frame.
            inside = _sentence_attributions(hit, sent_frames, text, s_start, s_end)
            if inside:
                return [(f, sc, "quote", only) for f, sc, _, only in inside]
        attributed = _quote_frames(text, quote, art_frames, quotes)
        return [(f, scope, "quote", False) for f in attributed] or None
    return _sentence_attributions(hit, sent_frames, text, s_start, s_end)


_CITING = re.compile(r"citing|quoting", re.IGNORECASE)
# "Citing US officials, CNN reported ...": the citing phrase put before the outlet
_FRONTED_CITING = re.compile(r"(?:citing|quoting)\b[^,;:“”\"]{1,100},\s*", re.IGNORECASE)


def _with_cited(found, sent_frames, text):
    """Add whom an outlet cites: "..., Reuters reported, citing US officials" (US speaks too).

    Reported speech counts for the original speaker; the outlet keeps its own row.
    """
    out = list(found)
    for frame, scope, mode, only in found:
        speakers = frame.speakers
        if frame.kind != "verb" or not speakers:
            continue
        if any(m["actor_type"] != "media" for m in speakers):
            continue
        lo = min(m["start"] for m in speakers)
        hi = max(frame.end, *(m["end"] for m in speakers)) + 30
        out += [
            (f, scope, mode, only)
            for f in sent_frames
            if f.kind == "source"
            and f.speakers
            and (lo <= f.start <= hi or _FRONTED_CITING.fullmatch(text, f.start, lo))
            and _CITING.match(text, f.start)
        ]
    return out


def _sentence_attributions(hit, sent_frames, text, s_start, s_end):
    return _with_cited(
        _frame_attributions(hit, sent_frames, text, s_start, s_end), sent_frames, text
    )


def _frame_attributions(hit, sent_frames, text, s_start, s_end):
    """Attributions of ``hit`` from the reporting frames of its own sentence.

    Returns ``(frame, scope, mode, deny_only)`` tuples. Under a claim noun ("Iran rejected
    US claims that ...") the noun's holder asserts and the outer speaker counts only when
    denying: "an Iranian general said the West's talk about ..." is no Iranian assertion.
    """
    before = [f for f in sent_frames if f.end <= hit.start]
    if any(f.start > hit.end and f.postposed and f.speakers for f in sent_frames):
        # "Russia is believed to have used ..., according to Kyiv": an agentless passive
        # leaves the claim to the source named after it
        before = [f for f in before if not (f.passive and not f.speakers)]
    end = _scope_end(text, hit.start, s_end, sent_frames)
    if before:
        first = max(before, key=lambda f: f.start)
        outer = [f for f in before if f.start < first.start and f.kind != "noun"]
        outer = max(outer, key=lambda f: f.start) if outer else None
        if first.kind != "noun":
            out = [(first, (first.end, end), "reported", False)]
            outer = [f for f in before if f.end <= first.start and f.kind != "noun" and f.speakers]
            others = outer and not {m["country"] for m in first.speakers} & {
                m["country"] for m in outer[-1].speakers
            }
            if (
                others
                and not first.deny
                and _DISCREDITS.search(text, outer[-1].end, first.start)
                and not CLAUSE_BREAK.search(text, outer[-1].end, first.start)
            ):
                # "Tehran says Washington is misleading the world by claiming ...": the
                # outer speaker takes the opposite stance to the inner one.
                out.append((outer[-1], (first.end, end), "discredit", False))
            return out
        if outer and re.match(r"\s+(?:of|about)\s", text[outer.end : first.start]):
            # '“These are lies,” Kanaani said of the reports that ...': the quote before
            # the verb is the comment on the claim; it can only deny it.
            return [(first, (first.end, end), "reported", False)] + [
                (outer, (s_start, outer.start), "reported", True)
            ]
        if outer and any(f.kind == "noun" and f.deny for f in before if f.start > outer.start):
            # "Moscow reiterates its denial of reports that ...": the outer speaker denies.
            outer = dataclasses.replace(outer, deny=True)
        if CLAUSE_BREAK.search(text, first.end, hit.start) or _BEYOND_NOUN.match(
            text, first.end, hit.start
        ):
            # The claim lies outside the noun's complement: "examine the claims by the West
            # over drone sales in a joint meeting with Ukraine" (the meeting is not claimed).
            return [(outer, (outer.end, end), "reported", False)] if outer else []
        out = [(first, (first.end, end), "reported", False)]
        if outer:
            # "X said its assessment was that ...": X speaks; but "X discussed the
            # accusations that ..." or "X rejected Y's claims" commits X only to a denial,
            # unless X takes the claim up ("echoed") or punishes the act ("rebuked Iran for").
            held = (
                bool(first.speakers)
                or bool(_ACCUSATION_NOUN.search(text, first.start, first.end))
                or bool(_MEDIA_HOLDER.search(text, max(s_start, first.start - 30), first.start))
            )
            if _ENDORSES.match(text, outer.start):
                # "Kyiv renewed its unfounded claims that ...": who takes a claim noun up
                # holds it as the noun's holder does; a verdict on the noun ("unfounded")
                # is the outlet's, not theirs.
                endorsed = dataclasses.replace(outer, kind="noun", deny=outer.deny or first.deny)
                out.append((endorsed, (outer.end, end), "reported", False))
                return out
            takes_up = _PUNISHES.match(text, outer.start) and re.search(
                r"\b(?:for|over)\b", text[outer.end : first.start]
            )
            out.append((outer, (outer.end, end), "reported", held and not takes_up))
        else:
            # "The allegation that ... has been refuted by Iran's envoy": a passive verb
            # after the claim, with its agent.
            out += [
                (f, (s_start, f.start), "reported", False)
                for f in sent_frames
                if f.start > hit.end and f.passive and f.speakers and f.start < s_end
            ]
            # "The allegations that ... are unfounded, the ministry said": a speaker after
            # the claim noun comments on it, so counts only when denying it.
            after = [f for f in sent_frames if f.start > hit.end and f.kind != "noun"]
            nxt = min(after, key=lambda f: f.start) if after else None
            if (
                nxt is not None
                and nxt.postposed
                and nxt.speakers
                and not nxt.passive
                and _VERDICT_AFTER.search(text, hit.end, nxt.start)
                and not {m["country"] for m in nxt.speakers}
                & {m["country"] for m in first.speakers}
            ):  # (not "Repeating his claims that ..., Zelensky called for ...")
                out.append((nxt, (s_start, nxt.start), "reported", True))
        return out
    after = [f for f in sent_frames if f.start > hit.end and f.kind != "noun"]
    if after:
        f = min(after, key=lambda f: f.start)
        if f.postposed:
            return [(f, (s_start, f.start), "reported", False)]
        if f.passive and f.speakers and not CLAUSE_BREAK.search(text, hit.end, f.start):
            # "Russia's use of Iranian drones has been confirmed by Kyiv": the agent says it
            return [(f, (s_start, f.start), "reported", False)]
    return []


def _narration_ok(text, hit, s_start, s_end, lang) -> bool:
    sentence = text[s_start:s_end].rstrip("”\"’' )")
    if sentence.endswith("?"):
        return False
    before = text[s_start : hit.start]
    return not (
        lang["modal_narration"].search(before) or is_conditional(text, s_start, hit.start, lang)
    )


def claim_rows(hit, sent_frames, quotes, art_frames, text, bounds, outlet, lang, nested=()):
    """Rows (speaker columns, stance, mode) for the claim occurrence ``hit``.

    Args:
        hit: the claim occurrence.
        sent_frames: frames of its sentence (cues outside quotations).
        quotes: quotation spans of the article.
        art_frames: frames of the whole article (for quotes attributed elsewhere).
        text: the article text.
        bounds: the sentence's ``(start, end)``.
        outlet: the narration speaker (the outlet, or a statement's author).
        lang: the taxonomy's language patterns.
        nested: frames inside quotations whose speakers are named there.
    """
    s_start, s_end = bounds
    stop = _CLAUSE_STOP.search(text, hit.end, s_end)
    if stop and stop.group() == "?":
        return []  # "why do you sell them drones?": a question asserts nothing
    atts = _attributions(hit, sent_frames, quotes, art_frames, text, s_start, s_end, nested)
    rows = []
    if atts is None:  # a quote without a speaker we can name
        return rows
    if not atts:
        if hit.contextual or not _narration_ok(text, hit, s_start, s_end, lang):
            return rows
        if any(not f.speakers and f.kind in ("verb", "source") for f in sent_frames):
            return rows  # someone unnamed speaks in this sentence ("officials consider")
        if is_hedged(text, s_start, hit.start):
            return rows  # "Iran reportedly sold ...": the outlet does not vouch for it
        stance = judge_stance(text, (s_start, s_end), hit, False, lang)
        if stance:
            rows += [dict(r, stance=stance, mode="narration") for r in speaker_rows([outlet])]
        return rows
    nouns = [f for f, _, mode, _ in atts if f.kind == "noun" and not f.deny and mode != "quote"]
    negative_nouns = [f for f in nouns if _negated_complement(text, f, hit, lang)]
    verdict_before = nouns and _OUTLET_VERDICT.search(text, s_start, nouns[0].start)
    if (
        nouns
        and len(nouns) == len(atts)
        and (verdict_before or _VERDICT_AFTER.search(text, hit.end, s_end))
    ) or (verdict_before and all(f in nouns or not f.speakers for f, *_ in atts)):
        # No one (named) frames the claim and the outlet calls it unfounded: its own denial
        # ("sanctions over what they call abuses and the unfounded allegation that ...").
        rows += [dict(r, stance="deny", mode="narration") for r in speaker_rows([outlet])]
    for frame, scope, mode, deny_only in atts:
        if mode == "discredit":
            inner = judge_stance(text, scope, hit, False, lang)
            flipped = {"assert": "deny", "deny": "assert"}.get(inner)
            if flipped:
                rows += [
                    dict(r, stance=flipped, mode="reported") for r in speaker_rows(frame.speakers)
                ]
            continue
        stance = _frame_stance(hit, frame, scope, mode, text, quotes, lang)
        if stance and not (deny_only and stance == "assert"):
            if deny_only and any(frame.end <= n.start for n in negative_nouns):
                stance = "assert"  # "the US rejected Iran's claim that it sent no drones"
            rows += [dict(r, stance=stance, mode=mode) for r in speaker_rows(frame.speakers)]
    return rows


_ACCUSING_CUE = re.compile(
    r"(?:accus|blam|charg|level|pointed|pointing|points?\s+the\s+finger|pinn)\w*", re.I
)


def _frame_stance(hit, frame, scope, mode, text, quotes, lang) -> str | None:
    """The stance the speakers of ``frame`` take towards ``hit`` within ``scope``."""
    if frame.kind == "noun" and not frame.deny:
        if is_conditional(text, frame.end, hit.start, lang):
            return None
        # "Iran's claim that it had not sent drones": the holder's claim is a denial
        return "deny" if _negated_complement(text, frame, hit, lang) else "assert"
    if mode == "quote" and _HEARD_CLAIMS.search(text, max(scope[0], hit.start - 60), hit.start):
        return _answer_in_quote(text, hit, quotes, lang)
    stance = judge_stance(text, scope, hit, frame.deny, lang)
    if stance is None and _accuses_of_presupposed(text, frame, scope, hit, lang):
        return "assert"
    return stance


def _negated_complement(text: str, noun: Frame, hit: ClaimHit, lang: dict) -> bool:
    """Whether the claim noun's own complement is negated: "claims that it sent no drones".

    Only a complement running straight on from the noun: not "denied the accusations,
    pointing out that it has not ...".
    """
    between = text[noun.end : hit.start]
    return not re.search(r"[,;:()“”\"]", between) and is_negated(text, noun.end, hit.start, lang)


_CITES_CUE = re.compile(r"cit(?:ed|es|ing)\b|point(?:ed|s|ing)\s+to\b", re.IGNORECASE)
_AS_GROUNDS = re.compile(
    r"\bas\s+(?:an?\s+|the\s+|their\s+|its\s+)?(?:\w+\s+)?(?:justifications?|reasons?|grounds|"
    r"pretexts?|evidence|proof|basis)\b",
    re.IGNORECASE,
)


def _accuses_of_presupposed(text, frame, scope, hit, lang) -> bool:
    """Whether an accuser charges the claim that the outlet hedges as "alleged".

    "The West levelled accusations against Iran over the alleged export of drones": the
    outlet's "alleged" presupposes the claim, but the accusation is exactly that claim.
    """
    if frame.kind != "verb" or frame.deny or not frame.speakers:
        return False
    if is_conditional(text, scope[0], hit.start, lang):
        return False
    if _CITES_CUE.match(text, frame.start) and _AS_GROUNDS.search(text, hit.end, scope[1]):
        return True  # "X cited the alleged sale of drones as a justification": its grounds
    return bool(_ACCUSING_CUE.match(text, frame.start)) and bool(
        re.search(r"\b(?:over|for|of|about|regarding)\b", text[frame.end : hit.start])
    )


# '"We keep hearing allegations about us using ..."': the quoted speaker reports the claim.
_HEARD_CLAIMS = re.compile(
    r"\b(?:allegations|accusations|claims|charges|reports|rumou?rs)\s+(?:about|of|that|"
    r"regarding|concerning|over|on)\s+(?:[\w’'-]+\s+){0,3}$",
    re.IGNORECASE,
)


def _answer_in_quote(text: str, hit: ClaimHit, quotes, lang: dict) -> str | None:
    """The quoted speaker's answer to claims they report: deny if the quote rejects them."""
    quote = in_spans(hit.start, quotes)
    rest = text[hit.end : quote[1]] if quote else ""
    if lang["denial_phrases"].search(rest) or any(
        lang["deny_verbs"].fullmatch(w) for w in re.findall(r"\w+", rest)
    ):
        return "deny"
    return None


def _anaphoric_object(tail: str, lang: dict) -> bool:
    """Whether a verb's object refers back ("denied the claims", "rejected them")."""
    if re.match(r"\s*(?:that|whether|if)\b", tail):
        return False  # "denied that it took sides": a clause of its own, not a reference
    found = lang["anaphora"].search(tail[:40])
    return bool(found) and found.start() <= 15


# "reached a similar conclusion", "shares that view": agreement with what was just said
_AGREEMENT_OBJECT = re.compile(
    r"\s*(?:(?:already|also|independently|long)\s+)?(?:(?:reached|come\s+to|came\s+to|drawn|"
    r"drew)\s+)?(?:the\s+same|a\s+similar|similar|that|this)\s+(?:conclusions?|assessments?|"
    r"findings?|views?)\b",
    re.IGNORECASE,
)


# "Kyiv first made the claim": the cue itself takes up the claim just reported
_MADE_THE_CLAIM = re.compile(
    r"\b(?:made|make|makes|making|raised|raises|voiced)\s+(?:the|this|that|these|those|such|"
    r"similar)\s",
    re.IGNORECASE,
)


def _agrees(text, f: Frame, tail: str, refers) -> bool:
    """Whether a verb takes up the claims just made rather than reporting new ones."""
    if f.kind != "verb" or f.deny or f.passive:
        return False
    if _AGREEMENT_OBJECT.match(tail) or _MADE_THE_CLAIM.search(text, f.start, f.end):
        return True
    return (
        bool(refers)
        and bool(_ENDORSES.match(text, f.start))
        and bool(re.match(r"\s*(?:the|these|those|such|its|their|his|her)\b", tail))
    )


def bare_denials(sent_frames, hits, text, s_end, lang) -> list[Frame]:
    """Denying frames with no claim in their own clause ("Iran denied the allegations")."""
    out = []
    for f in sent_frames:
        if not f.speakers or f.kind == "noun" or _ACCUSES.match(text, f.start):
            continue  # "accused Tehran of lying" is no denial by the accuser
        end = _scope_end(text, f.end, s_end, sent_frames)
        if any(f.end <= h.start < end for h in hits):
            continue
        tail = text[f.end : end]
        refers = (
            _anaphoric_object(tail, lang)
            or not re.search(r"\w{3,}", tail[:25])
            or any(
                n.kind == "noun" and n.speakers and f.end <= n.start < f.end + 30
                for n in sent_frames
            )
        )
        if f.passive:
            refers = lang["anaphora"].search(text[max(0, f.start - 60) : f.start])
        denies = f.deny or lang["denial_phrases"].search(tail)
        if not denies and _agrees(text, f, tail, refers):
            # "The US reached a similar conclusion", "Britain echoed the allegations": the
            # claims just made, taken up (returned as a claim noun: its holder asserts).
            out.append(dataclasses.replace(f, kind="noun"))
            continue
        if refers and denies:
            out.append(f)
            # "Iran denied American and Ukrainian accusations": the accusers assert.
            out += [
                n
                for n in sent_frames
                if n.kind == "noun" and not n.deny and n.speakers and f.end <= n.start < end
            ]
    return out


# "Iran dismissed such fabricated claims": the verdict on the claims is the outlet's own
_OUTLET_VERDICT_ON_OBJECT = re.compile(
    r"\s*(?:such|these|those|the|this|that)\s+(?:an?\s+)?(?:\w+\s+)?(?:baseless|unfounded|"
    r"groundless|false|bogus|fabricated|unsubstantiated|fake|sham|spurious|fictitious|absurd|"
    r"ridiculous)\s+(?:[\w-]+\s+)?(?:claims?|allegations?|accusations?|charges?|reports?)\b",
    re.IGNORECASE,
)


def outlet_denies_too(f: Frame, text: str, quotes) -> bool:
    """Whether the outlet, narrating a bare denial, calls the denied claims false itself.

    "Iranian officials have dismissed such fabricated claims": the denial is the officials',
    but "fabricated" is said in the outlet's own voice (not "called the claims fabricated",
    where the verdict is the speaker's).
    """
    if f.kind != "verb" or not f.deny or in_spans(f.start, quotes) is not None:
        return False
    return bool(_OUTLET_VERDICT_ON_OBJECT.match(text, f.end))
