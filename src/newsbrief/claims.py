"""Claims: who asserts and who denies which proposition, with the sentence as evidence.

For every sentence: find the taxonomy's claims (``claims_stance.find_claim_hits``), find the
reporting frames and their speakers (``claims_frames.FrameFinder``), tie each claim to the
frames whose scope holds it, and judge the stance each speaker takes:

- inside a quotation: the quote's speaker ("“...,” he said", "X said: “...”"), mode quote;
- after a reporting cue in the same sentence: its speakers, mode reported; a claim noun
  ("allegations by the US that ...") also credits its holder with an assertion, while the
  outer verb ("Iran rejected ...") gives its own stance;
- before a comma-separated cue (", Ukraine said"): that cue's speakers;
- no cue at all: the outlet itself (narration), unless the sentence is a question, modal
  or conditional;
- a denial with no claim words of its own ("Tehran rejected the allegations") denies the
  claims of the sentence before.
"""

import bisect
import dataclasses
import re

import pandas as pd

from newsbrief.claims_frames import Frame, FrameFinder, quote_spans
from newsbrief.claims_stance import (
    CLAUSE_BREAK,
    ClaimHit,
    find_claim_hits,
    is_conditional,
    judge_stance,
)
from newsbrief.taxonomy import Taxonomy

CLAIM_COLUMNS = [
    "article_id",
    "sentence_id",
    "claim_id",
    "stance",
    "speaker_id",
    "speaker_name",
    "speaker_type",
    "speaker_country",
    "hedged",
    "mode",
    "evidence",
    "start",
    "end",
]
CLAIM_KEY = ["article_id", "sentence_id", "claim_id", "speaker_id"]
_PARAGRAPH_START = re.compile(r"(?:^|\n)[ \t]*$")
_SENTENCE_END = re.compile(r"[.!?:][\"”’']?(?=\s)")
_QUOTE_REACH = 80  # characters between a quote and its attribution
_INHERIT_BACK = 2  # sentences a bare denial may reach back for its claims
_CONTEXT_BACK = 3  # sentences a claim may borrow one missing term group from
_HEADING_SENTENCES = 4
_ACCUSES = re.compile(r"accus|blam|charg", re.IGNORECASE)
_ACCUSATION_NOUN = re.compile(r"accus|alleg|claim|charge", re.IGNORECASE)
_STATEMENT_BY = re.compile(
    r"\W*(?:(?:Joint|Press|Opening|Closing)\s+)?(?:Statement|Remarks|Speech|Address|Readout|"
    r"Press Release|Op-Ed|Letter)\b[^.]{0,40}?\bby\b",
    re.IGNORECASE,
)
_HOLDER = re.compile(r"(?:[’']s|\b[A-Z][\w.]*)\s+\w+\s*$|\w\s+(?:by|from)\s")


def _speaker_rows(speakers: list) -> list[dict]:
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


def _outlet(source, media: dict) -> dict:
    """The article's outlet as a media speaker (the lexicon's actor when it has one)."""
    name = source.strip() if isinstance(source, str) and source.strip() else None
    actor = media.get(name.casefold()) if name else None
    if actor is not None:
        return actor
    return {
        "actor_id": f"media:{name or 'unknown'}",
        "actor_name": name or "unknown",
        "actor_type": "media",
        "country": None,
    }


def _media_index(lexicon) -> dict:
    actors = getattr(lexicon, "actors", None)
    if actors is None or actors.empty:
        return {}
    out = {}
    for row in actors[actors["type"] == "media"].itertuples(index=False):
        out[str(row.name).casefold()] = {
            "actor_id": row.actor_id,
            "actor_name": row.name,
            "actor_type": "media",
            "country": row.country,
        }
    return out


def _quote_frames(text, quote, frames) -> list[Frame]:
    """The attribution of a quotation: a cue just after it, else one just before it."""
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
    if found or not _PARAGRAPH_START.search(text, 0, qs):
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
    quote = next(((qs, qe) for qs, qe in quotes if qs <= hit.start < qe), None)
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
        return [(f, scope, "quote", False) for f in _quote_frames(text, quote, art_frames)] or None
    return _sentence_attributions(hit, sent_frames, text, s_start, s_end)


def _sentence_attributions(hit, sent_frames, text, s_start, s_end):
    """Attributions of ``hit`` from the reporting frames of its own sentence.

    Returns ``(frame, scope, mode, deny_only)`` tuples. Under a claim noun ("Iran rejected
    US claims that ...") the noun's holder asserts and the outer speaker counts only when
    denying: "an Iranian general said the West's talk about ..." is no Iranian assertion.
    """
    before = [f for f in sent_frames if f.end <= hit.start]
    end = _scope_end(text, hit.start, s_end, sent_frames)
    if before:
        first = max(before, key=lambda f: f.start)
        outer = [f for f in before if f.start < first.start and f.kind != "noun"]
        outer = max(outer, key=lambda f: f.start) if outer else None
        if first.kind != "noun":
            return [(first, (first.end, end), "reported", False)]
        if outer and any(f.kind == "noun" and f.deny for f in before if f.start > outer.start):
            # "Moscow reiterates its denial of reports that ...": the outer speaker denies.
            outer = dataclasses.replace(outer, deny=True)
        if CLAUSE_BREAK.search(text, first.end, hit.start):
            return [(outer, (outer.end, end), "reported", False)] if outer else []
        out = [(first, (first.end, end), "reported", False)]
        if outer:
            # "X said its assessment was that ...": X speaks; but "X discussed the
            # accusations that ..." or "X rejected Y's claims" commits X only to a denial.
            held = bool(first.speakers) or bool(
                _ACCUSATION_NOUN.search(text, first.start, first.end)
            )
            out.append((outer, (outer.end, end), "reported", held))
        return out
    after = [f for f in sent_frames if f.start > hit.end and f.kind != "noun"]
    if after:
        f = min(after, key=lambda f: f.start)
        if f.postposed:
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


def _claim_rows(hit, sent_frames, quotes, art_frames, text, bounds, outlet, lang, nested=()):
    s_start, s_end = bounds
    atts = _attributions(hit, sent_frames, quotes, art_frames, text, s_start, s_end, nested)
    rows = []
    if atts is None:  # a quote without a speaker we can name
        return rows
    if not atts:
        if hit.contextual or not _narration_ok(text, hit, s_start, s_end, lang):
            return rows
        if any(not f.speakers and f.kind in ("verb", "source") for f in sent_frames):
            return rows  # someone unnamed speaks in this sentence ("officials consider")
        stance = judge_stance(text, (s_start, s_end), hit, False, lang)
        if stance:
            rows += [dict(r, stance=stance, mode="narration") for r in _speaker_rows([outlet])]
        return rows
    for frame, scope, mode, deny_only in atts:
        if frame.kind == "noun" and not frame.deny:
            stance = None if is_conditional(text, frame.end, hit.start, lang) else "assert"
        else:
            stance = judge_stance(text, scope, hit, frame.deny, lang)
        if stance and not (deny_only and stance == "assert"):
            rows += [dict(r, stance=stance, mode=mode) for r in _speaker_rows(frame.speakers)]
    return rows


def _anaphoric_object(tail: str, lang: dict) -> bool:
    """Whether a verb's object refers back ("denied the claims", "rejected them")."""
    if re.match(r"\s*(?:that|whether|if)\b", tail):
        return False  # "denied that it took sides": a clause of its own, not a reference
    found = lang["anaphora"].search(tail[:40])
    return bool(found) and found.start() <= 15


def _bare_denials(sent_frames, hits, text, s_end, lang) -> list[Frame]:
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
        if refers and denies:
            out.append(f)
            # "Iran denied American and Ukrainian accusations": the accusers assert.
            out += [
                n
                for n in sent_frames
                if n.kind == "noun" and not n.deny and n.speakers and f.end <= n.start < end
            ]
    return out


def _document_speaker(sents, ment) -> dict | None:
    """The author of a statement or speech ("Statement by Ambassador X"), from its heading.

    A government release speaks in its author's voice, not an outlet's: its unattributed
    sentences are the author's (a joint statement counts for whoever delivered it).
    """
    for s in sents[:_HEADING_SENTENCES]:
        by = _STATEMENT_BY.match(s.text)
        if by is None:
            continue
        after = sorted(
            (m for m in ment if s.start + by.end() <= m["start"] < s.end), key=lambda m: m["start"]
        )
        if after and after[0]["start"] - (s.start + by.end()) <= 40:
            return after[0]
    return None


def _may_carry_claims(text: str, taxonomy: Taxonomy) -> bool:
    """Cheap pre-check: some rule has all its term groups somewhere in the article."""
    return any(
        all(g.search(text) for g in rule.all) for spec in taxonomy.specs for rule in spec.rules
    )


def _article_rows(article_id, text, sents, ment, quotes, finder, outlet, taxonomy):
    if not _may_carry_claims(text, taxonomy):
        return []
    lang = taxonomy.language
    finder.reset()
    outlet = _document_speaker(sents, ment) or outlet
    frames_by_sentence, hits_by_sentence, nested_by_sentence = [], [], []
    starts = [m["start"] for m in ment]  # mentions come sorted by start
    for s in sents:
        ms = ment[bisect.bisect_left(starts, s.start) : bisect.bisect_left(starts, s.end)]
        frames_by_sentence.append(finder.frames(text, s.start, s.end, ms, quotes))
        nested_by_sentence.append(finder.quoted_frames(text, s.start, s.end, ms, quotes))
        context = text[sents[max(0, len(hits_by_sentence) - _CONTEXT_BACK)].start : s.start]
        hits_by_sentence.append(find_claim_hits(text, s.start, s.end, taxonomy, context))
    art_frames = [f for fs in frames_by_sentence for f in fs]
    rows, recent = [], []  # recent: (index, claim ids) of sentences that carried claims
    for i, s in enumerate(sents):
        frames, hits = frames_by_sentence[i], hits_by_sentence[i]
        found = []
        for hit in hits:
            bounds = (s.start, s.end)
            nested = nested_by_sentence[i]
            for r in _claim_rows(
                hit, frames, quotes, art_frames, text, bounds, outlet, lang, nested
            ):
                found.append(dict(r, claim_id=hit.spec.claim_id, spec=hit.spec))
        back = [c for j, c in recent if i - j <= _INHERIT_BACK]
        for f in _bare_denials(frames, hits, text, s.end, lang):
            # "US claims ..., but Tehran called them baseless": the claims before the
            # denial in this sentence, else those of the last sentence that had any.
            claim_specs = {h.spec.claim_id: h.spec for h in hits if h.start < f.start}
            claim_specs = claim_specs or (back[-1] if back else {})
            stance = "assert" if f.kind == "noun" else "deny"
            for spec in claim_specs.values():
                found += [
                    dict(r, stance=stance, mode="reported", claim_id=spec.claim_id, spec=spec)
                    for r in _speaker_rows(f.speakers)
                ]
        if hits:
            recent.append((i, {h.spec.claim_id: h.spec for h in hits}))
        hedged = bool(lang["hedges"].search(s.text))
        for r in found:
            if r["stance"] not in r.pop("spec").stances:
                continue
            rows.append(
                dict(
                    r,
                    article_id=article_id,
                    sentence_id=s.sentence_id,
                    hedged=hedged,
                    evidence=s.text,
                    start=s.start,
                    end=s.end,
                )
            )
    return rows


def extract_claims(sentences, mentions, articles, taxonomy: Taxonomy, lexicon) -> pd.DataFrame:
    """Extract who asserts or denies which claim of ``taxonomy``, sentence by sentence.

    One row per (article_id, sentence_id, claim_id, speaker_id); when the same speaker both
    asserts and denies a claim in one sentence, the denial is kept.

    Args:
        sentences: the sentences table (article_id, sentence_id, start, end, text).
        mentions: the actor mentions table (offsets into ``articles.text``).
        articles: the articles table (article_id, text, source).
        taxonomy: the loaded claim taxonomy.
        lexicon: the loaded actor lexicon (its media actors name the outlets).

    Returns:
        The claims table with the columns of ``CLAIM_COLUMNS``.
    """
    media = _media_index(lexicon)
    finder = FrameFinder(taxonomy)
    usable = mentions
    if "sense" in mentions.columns:
        usable = mentions[mentions["sense"].fillna("actor") != "place"]
    usable = usable[usable["actor_type"] != "instrument"]
    by_article: dict[str, list] = {}
    for m in usable.sort_values(["article_id", "start"]).to_dict("records"):
        by_article.setdefault(m["article_id"], []).append(m)
    sent_groups: dict[str, list] = {}
    for sent in sentences.sort_values(["article_id", "sentence_id"]).itertuples(index=False):
        sent_groups.setdefault(sent.article_id, []).append(sent)
    rows = []
    for art in articles.itertuples(index=False):
        sents = sent_groups.get(art.article_id)
        if sents is None or not isinstance(art.text, str):
            continue
        outlet = _outlet(getattr(art, "source", None), media)
        rows += _article_rows(
            art.article_id,
            art.text,
            sents,
            by_article.get(art.article_id, []),
            quote_spans(art.text),
            finder,
            outlet,
            taxonomy,
        )
    return _claims_table(rows)


def _claims_table(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    df["_deny_first"] = (df["stance"] != "deny").astype(int)
    df = df.sort_values([*CLAIM_KEY, "_deny_first"], kind="stable")
    df = df.drop_duplicates(CLAIM_KEY).drop(columns="_deny_first").reset_index(drop=True)
    df = df.astype(
        {
            "article_id": "str",
            "claim_id": "str",
            "stance": "str",
            "speaker_id": "str",
            "speaker_name": "str",
            "speaker_type": "str",
            "speaker_country": "object",
            "hedged": "bool",
            "mode": "str",
            "evidence": "str",
            "sentence_id": "int64",
            "start": "int64",
            "end": "int64",
        }
    )
    assert not df.duplicated(CLAIM_KEY).any(), "claims key is not unique"
    return df


def detect_claims(text: str, taxonomy: Taxonomy) -> set[tuple[str, str]]:
    """The ``(claim_id, stance)`` pairs of one sentence, whoever the speaker.

    The speaker-free core of :func:`extract_claims`, used to check a taxonomy's examples.
    """
    finder = FrameFinder(taxonomy)
    quotes = quote_spans(text)
    frames = finder.frames(text, 0, len(text), [], quotes)
    someone = {"actor_id": "x", "actor_name": "x", "actor_type": "state", "country": "XXX"}
    for f in frames:  # pretend every cue names its speaker, claim nouns only with a holder
        if f.kind == "noun" and not _HOLDER.search(text[max(0, f.start - 20) : f.end + 6]):
            continue
        f.speakers = f.speakers or [someone]
        f.postposed = f.postposed or bool(re.search(r"[,”\"]\s*(?:\S+\s+){0,6}$", text[: f.start]))
    outlet = {"actor_id": "media:x", "actor_name": "x", "actor_type": "media", "country": None}
    out = set()
    for hit in find_claim_hits(text, 0, len(text), taxonomy):
        for r in _claim_rows(
            hit, frames, quotes, frames, text, (0, len(text)), outlet, taxonomy.language
        ):
            if r["stance"] in hit.spec.stances:
                out.add((hit.spec.claim_id, r["stance"]))
    return out
