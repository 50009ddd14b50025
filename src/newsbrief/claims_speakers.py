"""Speakers around a reporting cue: the actor mentions that name who is speaking.

Helpers for ``claims_frames``: quotation spans, the words that may sit between a speaker
and its verb ("Iran's foreign ministry spokesman ... has also said"), and coordinated runs
of mentions ("Russia and Iran", "France, Germany and Britain") on either side of a cue.
"""

import bisect
import math
import re

_TOKEN = re.compile(r"[’']s\b|[A-Za-z0-9][\w\-.’']*|[,&]")
_LEFTOVER_OK = re.compile(r"^[\s()]*$")
_QUOTE_OPEN = "“«„"
_QUOTE_CLOSE = "”»“"
# (a straight single quote opens a quote only before a word and not inside one: "Iran's")
_QUOTE_OPENER = re.compile("[“«„\"‘]|(?<![\\w'’])'(?=[^\\W_])")
_SINGLE_CLOSE = re.compile(r"’(?!\w)")
_STRAIGHT_SINGLE_CLOSE = re.compile(r"(?<=\S)'(?!\w)")
# A mention right after a preposition is an object or a place, not a speaker.
_OBJECT_BEFORE = re.compile(
    r"\b(?:in|into|to|of|from|with|against|on|at|for|over|about|towards?|between|"
    r"across|inside|near)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_MULTIWORD_AND = re.compile(r"\b(?:along with|together with|as well as)\b", re.IGNORECASE)
# "X, who heads the company, said": a relative clause between speaker and verb.
# ... or a participle: "A US official, speaking on condition of anonymity, said".
# ... or a phrase saying where or how: "Kuleba, in a tweet, said", "X, on Monday, said".
_ASIDE = (
    r"(?:who|which|speaking|writing|talking|addressing|responding|asked|"
    r"in\s+(?:a|an|his|her|its|their|the)|on\s+(?:\w+day|Twitter|X|Telegram|Facebook)|during|"
    r"at\s+(?:a|an|the|his|her|its|their))\b"
)
_RELATIVE_CLAUSE = re.compile(r",\s*" + _ASIDE + r"[^,;:“”\"]{0,100},")
_CLAUSE_OPEN = re.compile(r",\s*" + _ASIDE + r"[^,;:“”\"]*$")
# "Iran's envoy at the UN", "mission to the United Nations": where the post is, not a speaker
# (unlike "officials in Tehran", who speak for Iran).
_POSTED_AT = re.compile(
    r"\b(?:ambassadors?|envoys?|missions?|delegations?|representatives?|delegates?|"
    r"embass(?:y|ies)|consulates?)\s+(?:at|to|in)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "Moscow's UN ambassador Vassily Nebenzia": the organisation names the post, the person speaks.
_POST_NOUN_GAP = re.compile(
    r"^\s*(?:(?:permanent|special|deputy|top)\s+)?(?:ambassador|envoy|representative|"
    r"delegate|mission|delegation)s?\s*$",
    re.IGNORECASE,
)
# "envoy to Austria and Slovakia": a later conjunct of an object is an object too.
_CONJUNCT_BEFORE = re.compile(r"(?:the )?(?:[A-Z][\w’'-]* ){1,3}(?:and|&) (?:the )?$")
_ALONG_WITH = re.compile(r"\b(?:along|together)\s+with\s+(?:the\s+)?$", re.IGNORECASE)
_ROLE_IN = re.compile(
    r"\b(?:officials?|sources?|authorities|diplomats?|analysts?|representatives?|envoys?|"
    r"ambassadors?|ministers?|ministry|missions?|delegations?|governments?|leaders?|"
    r"embass(?:y|ies)|consulates?|"
    r"presidents?|spokes\w+|speakers?|delegates?|"
    r"chiefs?|heads?|commanders?|forces|military|army)\s+(?:in|of|from|for|at)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "The West, led by the United States, has ...": the leader speaks along with the group.
_LED_BY = re.compile(r"^\s*,\s*(?:led|headed|spearheaded|joined|backed)\s+by\s+(?:the\s+)?$")
# "and first reported" starts a second verb; "repeatedly and vehemently denied" does not.
_VERB_AND = re.compile(r"(?<!ly )\band\s+(?:\w+ly\s+|also\s+|then\s+|first\s+|later\s+)*$")
_MAX_GAP = 120
_REPORTED_AGAIN = re.compile(r"\b(?:said|added|told|according to)\b")


class TitleCaseFillers:
    """Speaker fillers for a Title Case headline: capitalised words prove nothing there."""

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern

    def fullmatch(self, token: str):
        """Match ``token`` against the filler words."""
        return self.pattern.fullmatch(token)


def is_title_case(sentence: str) -> bool:
    """Whether ``sentence`` is a Title Case headline (most words capitalised, no stop)."""
    words = re.findall(r"[A-Za-z][\w’'-]*", sentence)
    if len(words) < 4 or sentence.rstrip()[-1:] in '.!?"”':
        return False
    small = {"a", "an", "the", "of", "on", "in", "to", "for", "and", "or", "at", "by", "with", "as"}
    big = [w for w in words if w.lower() not in small]
    return sum(w[0].isupper() for w in big) >= 0.8 * len(big)


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of every quotation in ``text`` (curly, straight or single).

    A quote not closed on its line runs to the end of the line (paragraph): in news copy a
    quote going on over several paragraphs leaves each paragraph but the last unclosed.
    """
    spans = []
    n = len(text)
    line_end = -1
    opener = _QUOTE_OPENER.search(text)
    while opener is not None:
        i, c = opener.start(), opener.group()
        if i > line_end:  # openers only move forward: find each line's end once
            line_end = text.find("\n", i)
            line_end = n if line_end < 0 else line_end
        if c in _QUOTE_OPEN:
            close = text.find(_QUOTE_CLOSE[_QUOTE_OPEN.index(c)], i + 1, line_end)
            end = line_end if close < 0 else close + 1
        elif c == '"':
            close = text.find('"', i + 1, line_end)
            end = close + 1 if close >= 0 else -1
        else:
            closer = _SINGLE_CLOSE if c == "‘" else _STRAIGHT_SINGLE_CLOSE
            close = closer.search(text, i + 1, line_end)
            end = close.end() if close else -1
        if end > i:
            spans.append((i, end))
        opener = _QUOTE_OPENER.search(text, max(end, i + 1))
    return spans


def in_spans(pos: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The span of ``spans`` (sorted, not overlapping: :func:`quote_spans`) that holds ``pos``."""
    i = bisect.bisect_right(spans, (pos, math.inf)) - 1
    if i >= 0 and spans[i][0] <= pos < spans[i][1]:
        return spans[i]
    return None


def overlaps_spans(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether any of ``spans`` (sorted, not overlapping) overlaps ``[start, end)``."""
    i = bisect.bisect_left(spans, (end, -math.inf)) - 1  # the last span starting before end
    return i >= 0 and spans[i][1] > start


def is_filler(gap: str, fillers) -> bool:
    """Whether ``gap`` holds only words that may sit between a speaker and its verb.

    Capitalised words (names the lexicon does not know) pass, except in a Title Case
    headline where every word is capitalised.
    """
    if len(gap) > _MAX_GAP:
        return False
    title_case = isinstance(fillers, TitleCaseFillers)
    gap = _RELATIVE_CLAUSE.sub(" ", _MULTIWORD_AND.sub(" ", gap))
    leftover = gap
    for tok in _TOKEN.findall(gap):
        if not ((tok[0].isupper() and not title_case) or tok in ",&" or fillers.fullmatch(tok)):
            return False
        leftover = leftover.replace(tok, " ", 1)
    return bool(_LEFTOVER_OK.match(leftover))


def chain_left(text, pos, mentions, fillers, stop=0, verb=True):
    """Mentions that end just before ``pos`` (a coordinated run), nearest first."""
    chain, cursor, listed = [], pos, False
    for m in sorted((m for m in mentions if m["end"] <= cursor), key=lambda m: -m["end"]):
        if m["end"] > cursor or m["start"] < stop:
            continue
        gap = text[m["end"] : cursor]
        if chain and _LED_BY.match(gap):
            gap = " and "
        if not is_filler(gap, fillers) or (verb and not chain and _VERB_AND.search(gap)):
            break  # "..., and first reported": a second verb of the same subject
        if (
            m["actor_type"] == "organisation"
            and _POST_NOUN_GAP.match(gap)
            and (
                (chain and m["country"] != chain[-1]["country"])
                or any(
                    0 <= m["start"] - o["end"] <= 3 and o["country"] != m["country"]
                    for o in mentions
                )
            )
        ):
            cursor = m["start"]  # keep looking left for the post holder's state
            continue
        if is_object(text, m["start"], conjuncts=True) or not can_speak(text, m):
            if chain:
                break
            # "Russia's mission to the UN said": skip the object, keep looking left.
            # (the pattern ends at m["start"]: 100 characters hold it; searching from 0
            # made long articles quadratic)
            at = m["start"]
            conjunct = _CONJUNCT_BEFORE.search(text, max(0, at - 40), at)
            if conjunct and is_object(text, conjunct.start()):
                at = conjunct.start()  # "envoy to Austria and Slovakia": skip both
            prep = _OBJECT_BEFORE.search(text, max(0, at - 100), at)
            cursor = prep.start() if prep else at
            # "X, who was speaking in Tehran, said": skip the whole clause.
            clause = _CLAUSE_OPEN.search(text, max(0, m["start"] - 100), m["start"])
            if clause and text[m["end"] : pos].lstrip().startswith(","):
                cursor = clause.start()
            continue
        if chain:
            coordinated = re.search(r"\band\b|&|\b(?:along|together) with\b|\bas well as\b", gap)
            # "A, B and C said": a comma joins speakers only in a list closed by "and";
            # "Russia, spokesman X said" is a new clause, not a second speaker.
            # ... except in headline grammar: "Iran, Russia deny ..." opening the sentence.
            # ("Russia, Thomas-Greenfield said, has ...": a person after a state is an aside)
            headline = (
                gap.strip() == ","
                and not text[stop : m["start"]].strip()
                and (m["actor_type"] == "person" or chain[-1]["actor_type"] != "person")
            )
            if "," in gap and not coordinated and not listed and not headline:
                break
            listed = listed or bool(coordinated)
        chain.append(m)
        cursor = m["start"]
    return drop_modifiers(text, chain)


def can_speak(text: str, mention: dict) -> bool:
    """Whether a mention may be a speaker: places only as "officials in Tehran"."""
    if mention.get("sense") != "place":
        return True
    return bool(_ROLE_IN.search(text[max(0, mention["start"] - 40) : mention["start"]]))


def is_object(text: str, start: int, conjuncts: bool = False) -> bool:
    """Whether the mention at ``start`` follows a preposition ("officials in X" aside).

    With ``conjuncts``, a second conjunct is an object when the first is: "Iran's envoy to
    Austria and Slovakia said" (looking left from a verb; "according to X and Y" names
    sources, so the right-hand search does not ask).
    """
    before = text[max(0, start - 40) : start]
    if _POSTED_AT.search(before):
        return True
    conjunct = _CONJUNCT_BEFORE.search(before) if conjuncts else None
    if conjunct and is_object(text, start - len(before) + conjunct.start()):
        return True
    return (
        bool(_OBJECT_BEFORE.search(before))
        and not _ROLE_IN.search(before)
        and not _ALONG_WITH.search(before)
    )


def chain_right(text, pos, mentions, fillers, limit=80):
    """Mentions that start just after ``pos`` (a coordinated run), in text order."""
    chain, cursor = [], pos
    for m in sorted((m for m in mentions if m["start"] >= pos), key=lambda m: m["start"]):
        if m["start"] < cursor:
            continue
        gap = text[cursor : m["start"]]
        if len(gap) > (limit if not chain else 40) or not is_filler(gap, fillers):
            break
        # "according to X, Iran has ...": a comma ends the source unless a list goes on.
        if (
            chain
            and "," in gap
            and not re.search(r"\band\b|&", gap)
            and not re.match(r"[^.;:]{0,80}?\band\b", text[m["end"] :])
        ):
            break
        if chain and not gap.strip() and m["country"] != chain[-1]["country"]:
            break  # a headline run into the text: "claims by the West Vasily Nebenzya, ..."
        if not can_speak(text, m) or (chain and is_object(text, m["start"])):
            break  # "Iran's envoy to the UN": the UN is where he serves, not a speaker
        chain.append(m)
        cursor = m["end"]
    return drop_modifiers(text, sorted(chain, key=lambda m: -m["end"]))


def drop_modifiers(text, chain):
    """Drop "Iranian" in "Iranian Foreign Minister X": same country, no "and"/"," between."""
    kept = []
    for m in chain:  # nearest (rightmost) first
        if kept:
            head = kept[-1]
            gap = text[m["end"] : head["start"]]
            if m["country"] == head["country"] and not re.search(r",|\band\b|&", gap):
                continue
        kept.append(m)
    return kept


def statement_blocks(text: str, quotes: list, intro: re.Pattern) -> list[tuple[int, int]]:
    """Quotation spans with statements read out in full merged into one span each.

    After an introduction such as "The full text of his remarks is as follows:" the text
    that follows is the author's own, over several paragraphs: up to the closing quotation
    mark when it opens with one, else to the end of the article or the first paragraph that
    reports someone again ("..., the ministry said").
    """
    blocks = []
    for m in intro.finditer(text):
        start = m.end()
        opener = re.match(r"\s*[“\"«]", text[start:])
        if opener:
            close = re.search(r"[”\"»]", text[start + opener.end() :])
            end = start + opener.end() + close.end() if close else len(text)
        else:
            later = _REPORTED_AGAIN.search(text, start)
            end = text.rfind("\n", start, later.start()) if later else len(text)
            end = end if end > start else len(text)
        blocks.append((start + (opener.end() - 1 if opener else 0), end))
    if not blocks:
        return quotes
    kept = [q for q in quotes if not any(b0 <= q[0] < b1 for b0, b1 in blocks)]
    return sorted(kept + blocks)
