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
import re

import numpy as np
import pandas as pd

from newsbrief.claims_attribution import (
    bare_denials,
    claim_rows,
    outlet_denies_too,
    speaker_rows,
)
from newsbrief.claims_frames import BLOCK_INTRO, FrameFinder
from newsbrief.claims_gate import gate_for
from newsbrief.claims_speakers import in_spans, quote_spans, statement_blocks
from newsbrief.claims_stance import (
    find_claim_hits,
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
_INHERIT_BACK = 2  # sentences a bare denial may reach back for its claims
_CONTEXT_BACK = 3  # sentences a claim may borrow one missing term group from
_HEADING_SENTENCES = 4
_STATEMENT_BY = re.compile(
    r"\W*(?:(?:Joint|Press|Opening|Closing)\s+)?(?:Statement|Remarks|Speech|Address|Readout|"
    r"Press Release|Op-Ed|Letter)\b[^.]{0,40}?\bby\b",
    re.IGNORECASE,
)
# "American media", "Western press", "Israeli newspapers": unnamed outlets speaking.
_MEDIA_AFTER = re.compile(
    r"(?:\s+(?:state|mainstream|news))?\s+(?:media|press|newspapers|news\s+outlets|outlets)\b"
)
_AND_OFFICIALS = re.compile(
    r"\s+and\s+(?:\w+\s+)?(?:officials|governments|leaders|politicians|diplomats|countries|states)\b"
)
_MEDIA_SURFACE = re.compile(r"\b(?:media|press|newspapers|outlets)$", re.IGNORECASE)
# "It only sold ...", not "It was reported ..." (a new, unnamed source)
_CONTINUING_PRONOUN = re.compile(
    r"\s*(It|They|He|She)\b(?!\s+(?:is|was|were|are)\s+(?:also\s+)?"
    r"(?:said|reported|believed|claimed|alleged))"
)
_HOLDER = re.compile(r"(?:[’']s|\b[A-Z][\w.]*)\s+\w+\s*$|\w\s+(?:by|from)\s")


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


def _as_media(text: str, m: dict) -> dict:
    """A mention as an unnamed outlet when it names a country's media ("American media")."""
    if m["actor_type"] not in ("state", "group"):
        return m
    tail = _MEDIA_AFTER.match(text, m["end"])
    if tail is None and not _MEDIA_SURFACE.search(m["surface"]):
        return m
    if _AND_OFFICIALS.match(text, tail.end() if tail else m["end"]):
        return m  # "Western media and officials": the officials speak for the West
    name = m["surface"] + (tail.group() if tail else "")
    name = " ".join(name.split())
    return dict(m, actor_id=f"media:{name}", actor_name=name, actor_type="media")


def _continued_speech(sentence: str, previous: list, found: list) -> list:
    """Narration that goes on with the reported speech of the sentence before.

    "Iranian officials said they sent no drones. It only sold a few before the war.": a
    sentence without cues whose subject is a pronoun for the last speaker continues what
    that speaker said.
    """
    pron = _CONTINUING_PRONOUN.match(sentence)
    speakers = [f.speakers for f in previous if f.speakers and f.kind in ("verb", "source")]
    if pron is None or not speakers:
        return found
    people = {m["actor_type"] == "person" for m in speakers[-1]}
    if people != {pron.group(1).lower() in ("he", "she")}:
        return found
    rows = speaker_rows(speakers[-1])
    out = [r for r in found if r["mode"] != "narration"]
    for r in found:
        if r["mode"] == "narration":
            out += [dict(r, **sr, mode="reported") for sr in rows]
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


def _may_carry_claims(text: str, taxonomy: Taxonomy, first=()) -> bool:
    """Whether some rule has all its term groups somewhere in the article.

    Kept as the last check before an article is read in full, so that the gate changes
    nothing: a dateline blanked in a sentence (``claims_stance``) could in principle let a
    pattern match there that matches nowhere in the article. The claims ``first`` (those
    found) are tried first: their rules almost always answer at once.
    """
    specs = [*first, *(s for s in taxonomy.specs if s not in first)]
    return any(all(g.search(text) for g in rule.all) for spec in specs for rule in spec.rules)


def _article_hits(text, starts, ends, taxonomy, gate) -> dict[int, list]:
    """Claim hits of an article by sentence index, found only where the gate allows one.

    ``claims_gate`` proves the other sentences hold none (a rule's groups are missing).
    """
    hits = {}
    lead = set()  # the claims the first sentence makes (indices into taxonomy.specs)
    for i, specs in sorted(gate.sentences(text, starts, ends, _CONTEXT_BACK).items()):
        context = text[starts[max(0, i - _CONTEXT_BACK)] : starts[i]]
        found = find_claim_hits(text, starts[i], ends[i], gate.subset(specs), context)
        if i > _CONTEXT_BACK and specs & lead:
            # A claim the lead makes is the story's topic, and later sentences may leave
            # out what it already said: "accused Iran of violating Resolution 2231" deep
            # in a story that opens on the drones and the resolution.
            context = text[starts[0] : ends[0]] + "\n" + context
            more = find_claim_hits(text, starts[i], ends[i], gate.subset(specs & lead), context)
            seen = {(h.spec.claim_id, h.start) for h in found}
            found += [h for h in more if (h.spec.claim_id, h.start) not in seen]
            found.sort(key=lambda h: (h.start, h.spec.claim_id))
        if found:
            hits[i] = found
            if i == 0:
                lead = {k for k, sp in enumerate(taxonomy.specs) if sp in {h.spec for h in found}}
    return hits


def _bare_denial_rows(s, frames, hits, back, text, quotes, outlet, lang, pending) -> list:
    """Rows of the denials in sentence ``s`` that carry no claim words of their own.

    "US claims ..., but Tehran called them baseless": the claims before the denial in this
    sentence, else those of the last sentence that had any. A denial of someone's
    allegations before the article says what they were is added to ``pending``.
    """
    found = []
    denials = bare_denials(frames, hits, text, s.end, lang) if frames else []
    for k, f in enumerate(denials):
        claim_specs = {h.spec.claim_id: h.spec for h in hits if h.start < f.start}
        claim_specs = claim_specs or (back[-1] if back else {})
        stance = "assert" if f.kind == "noun" else "deny"
        holders = [n for n in denials[k + 1 :] if n.kind == "noun"]
        if not claim_specs and f.kind != "noun" and holders:
            # "Iran called the CIA chief's allegations baseless" before the article
            # says what they were: it denies what those holders assert in the article.
            pending.append((s, f, {m["country"] for n in holders for m in n.speakers}))
        for spec in claim_specs.values():
            found += [
                dict(r, stance=stance, mode="reported", claim_id=spec.claim_id, spec=spec)
                for r in speaker_rows(f.speakers)
            ]
            if outlet_denies_too(f, text, quotes):
                # "Officials dismissed such fabricated claims": the outlet's verdict
                found += [
                    dict(r, stance="deny", mode="narration", claim_id=spec.claim_id, spec=spec)
                    for r in speaker_rows([outlet])
                ]
    return found


def _pending_denial_rows(article_id, pending: list, rows: list[dict]) -> list[dict]:
    """Denials of allegations stated later: what their holders assert in the article."""
    out = []
    for s, f, countries in pending:
        claimed = {
            r["claim_id"]
            for r in rows
            if r["stance"] == "assert"
            and r["speaker_country"] in countries
            and r["mode"] != "narration"
        }
        where = {"sentence_id": s.sentence_id, "evidence": s.text, "start": s.start, "end": s.end}
        for claim_id in sorted(claimed):
            out += [
                dict(r, article_id=article_id, claim_id=claim_id, stance="deny", mode="reported")
                | {"hedged": False, **where}
                for r in speaker_rows(f.speakers)
            ]
    return out


def _article_rows(article_id, text, sents, ment, quotes, finder, outlet, taxonomy, hits):
    """Claim rows of one article; ``hits`` maps sentence index to its claim hits."""
    lang = taxonomy.language
    finder.reset()
    outlet = _document_speaker(sents, ment) or outlet
    if not any(in_spans(h.start, quotes) for found in hits.values() for h in found):
        # Later sentences' frames serve only quotes attributed elsewhere (claim_rows'
        # art_frames): with no claim inside a quote, reading stops after the last sentence
        # whose bare denial may still refer back to a claim.
        sents = sents[: max(hits, default=-1) + _INHERIT_BACK + 1]
    frames_by_sentence, nested_by_sentence = [], []
    hits_by_sentence = [hits.get(i, []) for i in range(len(sents))]
    starts = [m["start"] for m in ment]  # mentions come sorted by start
    for s in sents:
        ms = ment[bisect.bisect_left(starts, s.start) : bisect.bisect_left(starts, s.end)]
        frames_by_sentence.append(finder.frames(text, s.start, s.end, ms, quotes))
        nested_by_sentence.append(finder.quoted_frames(text, s.start, s.end, ms, quotes))
    art_frames = [f for fs in frames_by_sentence for f in fs]
    rows, recent = [], []  # recent: (index, claim ids) of sentences that carried claims
    pending = []  # (sentence, denying frame, holders' countries): denials before their claims
    for i, s in enumerate(sents):
        frames, hits = frames_by_sentence[i], hits_by_sentence[i]
        found = []
        for hit in hits:
            bounds = (s.start, s.end)
            nested = nested_by_sentence[i]
            for r in claim_rows(
                hit, frames, quotes, art_frames, text, bounds, outlet, lang, nested
            ):
                found.append(dict(r, claim_id=hit.spec.claim_id, spec=hit.spec))
        if i and not frames and found:
            found = _continued_speech(s.text, frames_by_sentence[i - 1], found)
        recent = [(j, c) for j, c in recent if i - j <= _INHERIT_BACK]  # keeps it short
        back = [c for _, c in recent]
        found += _bare_denial_rows(s, frames, hits, back, text, quotes, outlet, lang, pending)
        kept = [h for h in hits if not h.contextual]  # (borrowed claims are not reached back to)
        if kept:
            recent.append((i, {h.spec.claim_id: h.spec for h in kept}))
        hedged = bool(found) and bool(lang["hedges"].search(s.text))
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
    rows += _pending_denial_rows(article_id, pending, rows)
    return rows


def _sentence_slices(sentences) -> tuple[dict, np.ndarray, np.ndarray]:
    """``{article_id: (lo, hi)}`` into the start and end arrays, sentences in id order."""
    codes, ids = pd.factorize(sentences["article_id"])
    order = np.lexsort((sentences["sentence_id"].to_numpy(), codes))
    codes = codes[order]
    cuts = np.flatnonzero(np.diff(codes)) + 1
    los = np.concatenate(([0], cuts)).tolist() if len(codes) else []
    his = np.concatenate((cuts, [len(codes)])).tolist() if len(codes) else []
    slices = {ids[codes[lo]]: (lo, hi) for lo, hi in zip(los, his, strict=True)}
    starts = sentences["start"].to_numpy()[order]
    ends = sentences["end"].to_numpy()[order]
    return slices, starts, ends


def extract_claims(sentences, mentions, articles, taxonomy: Taxonomy, lexicon) -> pd.DataFrame:
    """Extract who asserts or denies which claim of ``taxonomy``, sentence by sentence.

    One row per (article_id, sentence_id, claim_id, speaker_id); when the same speaker both
    asserts and denies a claim in one sentence, the denial is kept.

    Only articles in which some sentence holds a claim hit are read in full: the claim
    gate (``claims_gate``) finds the few sentences where a rule could match, and their
    hits are checked exactly first.

    Args:
        sentences: the sentences table (article_id, sentence_id, start, end, text).
        mentions: the actor mentions table (offsets into ``articles.text``).
        articles: the articles table (article_id, text, source).
        taxonomy: the loaded claim taxonomy.
        lexicon: the loaded actor lexicon (its media actors name the outlets).

    Returns:
        The claims table with the columns of ``CLAIM_COLUMNS``.
    """
    gate = gate_for(taxonomy)
    slices, all_starts, all_ends = _sentence_slices(sentences)
    sources = articles["source"].tolist() if "source" in articles else [None] * len(articles)
    todo = []  # (article_id, text, source, hits) of the articles with claim hits
    columns = (articles["article_id"].tolist(), articles["text"].tolist(), sources)
    for article_id, text, source in zip(*columns, strict=True):
        where = slices.get(article_id)
        if where is None or not isinstance(text, str):
            continue
        starts = all_starts[where[0] : where[1]].tolist()
        ends = all_ends[where[0] : where[1]].tolist()
        hits = _article_hits(text, starts, ends, taxonomy, gate)
        found = {h.spec.claim_id: h.spec for hs in hits.values() for h in hs}
        if hits and _may_carry_claims(text, taxonomy, list(found.values())):
            todo.append((article_id, text, source, hits))
    if not todo:
        return _claims_table([])
    ids = {article_id for article_id, *_ in todo}
    media = _media_index(lexicon)
    finder = FrameFinder(taxonomy)
    # Places stay: "officials in Tehran" speak for Iran (claims_speakers.can_speak).
    usable = mentions[(mentions["actor_type"] != "instrument") & mentions["article_id"].isin(ids)]
    by_article: dict[str, list] = {}
    for m in usable.sort_values(["article_id", "start"]).to_dict("records"):
        by_article.setdefault(m["article_id"], []).append(m)
    sent_groups: dict[str, list] = {}
    wanted = sentences[sentences["article_id"].isin(ids)]
    for sent in wanted.sort_values(["article_id", "sentence_id"]).itertuples(index=False):
        sent_groups.setdefault(sent.article_id, []).append(sent)
    rows = []
    for article_id, text, source, hits in todo:
        outlet = _outlet(source, media)
        ment = [_as_media(text, m) for m in by_article.get(article_id, [])]
        quotes = statement_blocks(text, quote_spans(text), BLOCK_INTRO)
        sents = sent_groups[article_id]
        rows += _article_rows(article_id, text, sents, ment, quotes, finder, outlet, taxonomy, hits)
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
        for r in claim_rows(
            hit, frames, quotes, frames, text, (0, len(text)), outlet, taxonomy.language
        ):
            if r["stance"] in hit.spec.stances:
                out.add((hit.spec.claim_id, r["stance"]))
    return out
