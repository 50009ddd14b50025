"""Find actor mentions in sentences (recurring unknown names: :mod:`newsbrief.actors_candidates`).

Matching runs one Aho-Corasick automaton over each article's text in a normalised form
(lower case, every non-word character a space, so hyphens, dots and apostrophes need no
variants), then checks word boundaries and case: capitals in an alias must be capitals in
the text ("UN" is not "un-named", "US" is not "us"). Overlapping matches are settled
longest first. Each match is then resolved as a reader would:

- names and aliases -> the actor (resolved_by ``alias``);
- adjectives and demonyms ("Iranian officials") -> the state (``demonym``), except an
  outlet's nationality ("the British newspaper Financial Times" is not Britain);
- capitals -> the state (``metonym``): sense ``actor`` when the capital acts ("Tehran
  denied"), ``place`` after a locative word or in a dateline ("a meeting in Tehran");
- role phrases ("Iran's foreign minister") -> whoever held the role on the article's date,
  else the state (``role``); a role written just before the holder's name is dropped;
- "he"/"she" and "the Iranian diplomat" -> the one person of that description mentioned
  just before in the article (``coreference``); left out when it is not unambiguous.

Page furniture (menus of section names, share/related-link lines) is skipped.
"""

import bisect
import operator
import re
from collections import defaultdict
from dataclasses import dataclass

import ahocorasick
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from newsbrief.actors_candidates import NAME_PATTERN, STOP_WORDS
from newsbrief.lexicon import Lexicon, match_key

MENTION_COLUMNS = [
    "article_id", "sentence_id", "start", "end", "surface", "actor_id", "actor_name",
    "actor_type", "country", "resolved_by", "sense",
]  # fmt: skip

_NON_WORD = re.compile(r"[\W_]")
_PERSON_NOUNS = (
    "top diplomat|foreign minister|prime minister|defence minister|defense minister|"
    "diplomat|minister|president|leader|envoy|ambassador|spokesman|spokeswoman|"
    "spokesperson|chancellor|premier|commander|negotiator|representative|official|chief"
)
_AFTER_NOUN = re.compile(rf"\s+({_PERSON_NOUNS})\b", re.IGNORECASE)
_BEFORE_THE = re.compile(r"\b[Tt]he\s+$")
_THE = ("the ", "The ", "THE ")
_REFINED = ("adjective", "name", "alias")  # kinds that may start "the Iranian diplomat"
# A capital right after one of these words is a place ("a meeting in Tehran").
_LOCATIVE = frozenset(
    str.split(
        "in at to from near into outside inside around across via toward towards visit visited "
        "visiting arrived travelled traveled flew based held embassy streets capital"
    )
)
_COMMA_PLACE = re.compile(r"\s*,\s*[A-Z][a-z]+")  # "Warsaw, Poland"
_NAME_NEXT = re.compile(r"\s+[A-Z]")
_PLACE_AFTER = re.compile(r"^(?:\s*,\s*[A-Z][a-z]+|-based|\s*\(\w+\)\s*[-–—:]|\s*[-–—:])")
# "the Iranian state news agency IRNA" (an outlet's nationality), not "Iranian officials
# told Reuters" (a speaker and the outlet it spoke to)
_MEDIA_GAP = re.compile(
    r"^\s+(?:(?!(?:told|tells|tell|said|says|spoke|speaking|talked|to|in|at|with|by|for|and|"
    r"on|from|of|cited|quoted)\b)[a-z][a-z-]*\s+){0,3}$"
)
_OUTLET_NOUN = re.compile(
    r"\s+(?:(?:state|state-run|state-owned|official|semi-official|news|online|daily|"
    r"hardline|conservative|reformist|independent|private)\s+)*"
    r"(?:newspaper|daily|paper|tabloid|outlet|news outlet|agency|news agency|broadcaster|"
    r"channel|TV channel|television channel|magazine|website|news website|weekly|"
    r"publication|news site)s?\b"
)
_START, _END = operator.itemgetter(0), operator.itemgetter(1)
_FINAL = frozenset('.!?:"”’)')
_FINAL_CHARS = pa.array(sorted(_FINAL), type=pa.large_string())
_MENU_RUN = 3  # this many short unpunctuated lines in a row are a menu
_MENU = re.compile(r"\s[|•·»›]\s[^|•·»›]*\s[|•·»›]\s")  # "Home | World | Politics"
_FURNITURE_STARTS = (
    "Related", "Read more", "Read also", "Also read", "See also", "More on", "Tags?:", "Share",
    "Follow us", "Subscribe", "Sign up", "Cookie", "Copyright", "©", "All rights reserved",
    "Advertisement", "Trending", "Most read", "Most popular", "Latest news", "Similar news",
    "Recommended",
)  # fmt: skip
_FURNITURE_LINE = re.compile("^(?:" + "|".join(_FURNITURE_STARTS) + ")", re.IGNORECASE)
# Every character a furniture line may start with, in any case as re sees it ("ſ" is "s").
_FURNITURE_FIRST = pa.array(
    sorted(set(re.findall(
        "[" + "".join(sorted({w[0] for w in _FURNITURE_STARTS})) + "]",
        "".join(map(chr, range(0x10000))),
        re.IGNORECASE,
    ))),
    type=pa.large_string(),
)  # fmt: skip


@dataclass(slots=True)
class _Record:
    """One surface form of one actor, as stored in the automaton."""

    actor_id: str | None
    kind: str
    upper: tuple[int, ...]
    valid_from: str | None
    valid_to: str | None
    role_of: str | None
    trailing_dot: bool
    ambiguous: bool = False


@dataclass(slots=True)
class Matcher:
    """A compiled lexicon: the automaton plus what resolution needs about each actor."""

    automaton: ahocorasick.Automaton
    actors: dict[str, tuple]  # actor_id -> (name, type, country, gender)
    affiliations: dict[str, list[tuple]]  # actor_id -> [(country, from, to)]
    descriptors: dict[str, set[str]]  # person actor_id -> nouns that describe them
    known: set[str]  # match keys of every alias (to tell unknown names from known ones)


def compile_matcher(lexicon: Lexicon) -> Matcher:
    """Compile ``lexicon`` into a :class:`Matcher`; cached on the lexicon object."""
    if "matcher" in lexicon.cache:
        return lexicon.cache["matcher"]
    automaton = ahocorasick.Automaton()
    grouped: dict[str, list[_Record]] = defaultdict(list)
    for row in lexicon.aliases.itertuples(index=False):
        alias = row.alias
        spaced = _NON_WORD.sub(" ", alias)
        left = len(spaced) - len(spaced.lstrip())
        core = alias[left : left + len(spaced.strip())]
        if not core:
            continue
        upper = tuple(i for i, c in enumerate(core) if c.isupper())
        grouped[" " + match_key(alias)].append(
            _Record(
                row.actor_id if isinstance(row.actor_id, str) else None,
                row.kind,
                upper,
                _opt(row.valid_from),
                _opt(row.valid_to),
                _opt(row.role_of),
                alias.endswith("."),
                bool(row.ambiguous),
            )
        )
    for word in ("he", "she"):
        grouped[" " + word].append(_Record(None, "pronoun", (), None, None, None, False))
    for noun in _PERSON_NOUNS.split("|"):
        grouped[" the " + noun].append(_Record(None, "description", (), None, None, None, False))
    for key, records in grouped.items():
        # Keys carry a space at both ends, so every hit is a whole-word match.
        uppers = {r.upper for r in records}
        upper = uppers.pop() if len(uppers) == 1 else None  # shared case pattern, if any
        if upper is not None and len(upper) == 1:
            upper = upper[0]
        dot = records[0].trailing_dot
        automaton.add_word(key + " ", (len(key) + 1, tuple(records), upper, dot))
    automaton.make_automaton()
    actors = {
        r.actor_id: (r.name, r.type, _opt(r.country), _opt(r.gender))
        for r in lexicon.actors.itertuples(index=False)
    }
    affiliations = defaultdict(list)
    for r in lexicon.affiliations.itertuples(index=False):
        affiliations[r.actor_id].append((r.country, _opt(r.valid_from), _opt(r.valid_to)))
    known = {key.strip() for key in grouped}
    matcher = Matcher(automaton, actors, dict(affiliations), _descriptors(lexicon), known)
    lexicon.cache["matcher"] = matcher
    return matcher


def _opt(value):
    return value if isinstance(value, str) else None


def _descriptors(lexicon: Lexicon) -> dict[str, set[str]]:
    """Nouns a person may be called by, from their role phrases ("minister", "diplomat")."""
    out: dict[str, set[str]] = defaultdict(set)
    roles = lexicon.aliases[lexicon.aliases["kind"] == "role"]
    for actor_id, phrase in zip(roles["actor_id"], roles["alias"], strict=True):
        words = phrase.lower().split()
        out[actor_id].add(words[-1])
        if re.search(r"foreign minister|ambassador|envoy|diplomat|representative", phrase, re.I):
            out[actor_id].add("diplomat")
    return dict(out)


def _article_range(published: object) -> tuple[str, str] | None:
    """Padded (low, high) bounds of an article date "YYYY[-MM[-DD]]", or None if undated."""
    if not isinstance(published, str) or not re.match(r"^\d{4}", published):
        return None
    lo, hi = published[:10], published[:10]
    while len(lo) < 10:
        lo += "-00"
        hi += "-99"
    return lo, hi


def _within(date: tuple[str, str] | None, start: str | None, end: str | None) -> bool:
    if date is None:
        return False
    return (start is None or start <= date[0]) and (end is None or date[1] <= end)


def _haystack(text: str) -> str:
    spaced = _NON_WORD.sub(" ", text)
    hay = spaced.lower()
    if len(hay) != len(text):  # a few characters lower-case to two ("İ"): a space instead
        hay = "".join(c if len(c) == 1 else " " for c in (ch.lower() for ch in spaced))
    return " " + hay + " "


def _hay_table() -> np.ndarray:
    """Code point -> its haystack code point, for the Basic Multilingual Plane."""
    chars = "".join(map(chr, range(0x10000)))
    # U+0130 is blanked only to keep lengths equal; texts holding it never use the table.
    low = _NON_WORD.sub(" ", chars).replace("\u0130", " ").lower()
    return np.frombuffer(low.encode("utf-32-le", "surrogatepass"), np.uint32).copy()


_HAY_TABLE: list[np.ndarray] = []  # built on first use (~10 ms)
_HAY_BATCH = 1 << 20  # characters transformed per numpy pass


def _haystacks(texts: list[str]) -> list[str]:
    """``_haystack`` of many texts at once: one table lookup per batch instead of a regex."""
    if not _HAY_TABLE:
        _HAY_TABLE.append(_hay_table())
    table = _HAY_TABLE[0]
    out: list[str] = [""] * len(texts)
    batch: list[int] = []
    size = 0
    for i, text in enumerate(texts):
        if "\u0130" in text or "\u03a3" in text:
            # lower() changes the length ("İ") or looks at neighbours (final "Σ"): one by one.
            out[i] = _haystack(text)
            continue
        batch.append(i)
        size += len(text)
        if size >= _HAY_BATCH:
            _fill_haystacks(texts, batch, table, out)
            batch, size = [], 0
    if batch:
        _fill_haystacks(texts, batch, table, out)
    return out


def _fill_haystacks(texts: list[str], batch: list[int], table: np.ndarray, out: list) -> None:
    points = np.frombuffer(
        "\0".join([texts[i] for i in batch]).encode("utf-32-le", "surrogatepass"), np.uint32
    )
    hay = table.take(points & 0xFFFF)
    astral = points > 0xFFFF
    if astral.any():
        for point in np.unique(points[astral]).tolist():
            char = chr(point)
            hay[points == point] = 32 if _NON_WORD.match(char) else ord(char.lower())
    big = hay.tobytes().decode("utf-32-le", "surrogatepass")
    pos = 0
    for i in batch:
        n = len(texts[i])
        out[i] = " " + big[pos : pos + n] + " "
        pos += n + 1


def _case_ok(text: str, start: int, upper: int | tuple[int, ...]) -> bool:
    """Whether the alias's capitals (offsets from ``start``) are capitals in ``text``."""
    if isinstance(upper, int):  # the common case: one capital ("Iran")
        return text[start + upper].isupper()
    return all(text[start + i].isupper() for i in upper)


def find_spans(text: str, matcher: Matcher, hay: str | None = None) -> list[tuple]:
    """Non-overlapping alias matches in ``text``: ``(start, end, records)``, by start.

    Whole words only; capitals of the alias must be capitals in the text; the longest of
    overlapping matches wins (ties: the leftmost). ``hay`` is ``text``'s haystack when
    already made (:func:`_haystacks`).
    """
    found = []
    if hay is None:
        hay = _haystack(text)
    for last, (length, records, upper, dot) in matcher.automaton.iter(hay):
        start = last - length + 1  # hay has one leading space: hay[i + 1] is text[i]
        if upper is None:
            ok = tuple(r for r in records if _case_ok(text, start, r.upper))
            if not ok:
                continue
        elif upper.__class__ is int:  # the common case: one capital ("Iran")
            if not text[start + upper].isupper():
                continue
            ok = records
        else:  # no capitals ("he") or several ("U.S.", "NATO")
            if upper and not (
                text[start + upper[0]].isupper() and text[start + upper[-1]].isupper()
            ):
                continue
            if len(upper) > 2 and not _case_ok(text, start, upper[1:-1]):
                continue
            ok = records
        end = last - 1
        if dot and text[end : end + 1] == ".":
            end += 1
        found.append((start, end, ok))
    if len(found) < 2:
        return found
    found.sort(key=_END, reverse=True)  # two stable sorts: by start, then longest first
    found.sort(key=_START)
    kept: list[tuple] = []
    cluster = [found[0]]  # a run of overlapping matches, settled together
    cluster_end = found[0][1]
    for item in found[1:]:
        if item[0] < cluster_end:
            cluster.append(item)
            cluster_end = max(cluster_end, item[1])
            continue
        kept += cluster if len(cluster) == 1 else _longest_first(cluster)
        cluster, cluster_end = [item], item[1]
    kept += cluster if len(cluster) == 1 else _longest_first(cluster)
    return kept


def _longest_first(found: list) -> list:
    """Settle overlaps: longest first (ties: leftmost).

    A match inside a kept role phrase is kept as an inner match ("the UN" in "Iran's
    ambassador to the UN"), marked by a fourth item.
    """
    found.sort(key=lambda f: (f[0] - f[1], f[0]))
    taken: list[tuple] = []
    kept = []
    for item in found:
        s, e = item[0], item[1]
        hit = next((t for t in taken if s < t[1] and t[0] < e), None)
        if hit is None:
            taken.append(item)
            kept.append(item)
        elif hit[0] <= s and e <= hit[1] and any(r.kind == "role" for r in hit[2]):
            kept.append((s, e, item[2], True))
    kept.sort(key=lambda f: f[0])
    return kept


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    actor_id: str
    resolved_by: str
    sense: str = "actor"
    kind: str = "alias"
    holders: tuple = ()
    sentence: int = -1
    unsure: bool = False  # an ambiguous alias: kept only if the actor is named otherwise


_RESOLVED_BY = {"adjective": "demonym", "demonym": "demonym", "capital": "metonym",
                "name": "alias", "alias": "alias"}  # fmt: skip
_CUES = ("pronoun", "description")
_NO_ROWS: frozenset[int] = frozenset()
_DROPPABLE = ("role", "role_state", "adjective")  # kinds _drop_redundant may drop


def _resolve(records: tuple, date, matcher: Matcher, start: int, end: int) -> _Mention | None:
    """Turn a match's records into one mention (None for ignore phrases)."""
    first = records[0]
    if len(records) == 1 and first.kind not in ("role", "ignore"):
        by = _RESOLVED_BY.get(first.kind, "alias")
        return _Mention(start, end, first.actor_id, by, kind=first.kind, unsure=first.ambiguous)
    if any(r.kind == "ignore" for r in records):
        return None
    plain = [r for r in records if r.kind != "role"]
    if plain:
        r = plain[0]
        by = _RESOLVED_BY.get(r.kind, "alias")
        return _Mention(start, end, r.actor_id, by, kind=r.kind, unsure=r.ambiguous)
    holders = tuple(dict.fromkeys(r.actor_id for r in records))
    current = {r.actor_id for r in records if _within(date, r.valid_from, r.valid_to)}
    if len(current) == 1:
        return _Mention(start, end, current.pop(), "role", kind="role", holders=holders)
    return _Mention(start, end, records[0].role_of, "role", kind="role_state", holders=holders)


def _country(actor_id: str, date, matcher: Matcher) -> str | None:
    for country, start, end in matcher.affiliations.get(actor_id, ()):
        if _within(date, start, end):
            return country
    return matcher.actors[actor_id][2]


def _drop_redundant(mentions: list[_Mention], text: str, matcher: Matcher) -> list[_Mention]:
    """Drop a role just before its holder's name and an outlet's nationality adjective."""
    keep = []
    for i, m in enumerate(mentions):
        if m.kind not in _DROPPABLE:
            keep.append(m)
            continue
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if nxt is not None:
            gap = text[m.end : nxt.start]
            nxt_type = matcher.actors[nxt.actor_id][1]
            if m.kind in ("role", "role_state") and nxt_type == "person" and not gap.strip(" ,"):
                continue
            if m.kind == "adjective" and nxt_type == "media" and _MEDIA_GAP.match(gap + " "):
                continue
        if m.kind == "adjective" and _OUTLET_NOUN.match(text, m.end):
            continue  # "the British agency said": an outlet's nationality
        keep.append(m)
    return keep


def _capital_sense(m: _Mention, text: str, line_start: int) -> str:
    before = text[max(line_start, m.start - 40) : m.start]
    after = text[m.end : m.end + 20]
    words = before.split()
    if words and before[-1:].isspace() and words[-1].lower() in _LOCATIVE:
        return "place"
    surface = text[m.start : m.end]
    if not before.strip() and (surface.isupper() or _PLACE_AFTER.match(after)):
        return "place"  # dateline: "TEHRAN-", "Moscow (Reuters) -"
    if _COMMA_PLACE.match(after) or after.startswith("-based"):
        return "place"  # "Warsaw, Poland"; "Washington-based"
    return "actor"


class _Resolver:
    """Coreference within one article: pronouns and definite descriptions."""

    def __init__(self, matcher: Matcher, text: str):
        self.matcher = matcher
        self.text = text
        self.people: list[_Mention] = []  # person mentions so far, in text order

    def is_person(self, m: _Mention) -> bool:
        return self.matcher.actors[m.actor_id][1] == "person"

    def pronoun(self, sentence: int, pos: int, word: str) -> str | None:
        gender = "f" if word.lower() == "she" else "m"
        nearest = None  # the last sentence (this one or up to 2 back) naming someone
        ids = set()
        last_end = -1
        for p in reversed(self.people):
            if p.sentence < sentence - 2 or (nearest is not None and p.sentence != nearest):
                break
            if p.start < pos:
                nearest = p.sentence
                ids.add(p.actor_id)
                last_end = max(last_end, p.end)
        ids = {a for a in ids if self.matcher.actors[a][3] in (None, gender)}
        if len(ids) != 1 or self._unknown_name(self.text[last_end:pos]):
            return None
        return ids.pop()

    def _unknown_name(self, span: str) -> bool:
        """Whether ``span`` names someone the lexicon does not know ("Sergei Naryshkin")."""
        for match in NAME_PATTERN.finditer(span):
            words = match.group().split()
            while words and words[0] in STOP_WORDS:
                words = words[1:]
            if len(words) >= 2 and match_key(" ".join(words)) not in self.matcher.known:
                return True
        return False

    def described(self, country: str | None, noun: str, sentence: int) -> str | None:
        noun = noun.lower().split()[-1]
        earlier = []
        for p in reversed(self.people):
            if sentence - p.sentence > 8:
                break
            earlier.append(p)
        if country is not None:
            earlier = [p for p in earlier if self._country(p) == country]
        ids = {p.actor_id for p in earlier}
        fitting = {a for a in ids if noun in self.matcher.descriptors.get(a, ())}
        if len(fitting) == 1:
            return fitting.pop()
        if country is not None and not fitting and len(ids) == 1:
            return ids.pop()
        return None

    def _country(self, p: _Mention) -> str | None:
        return self.matcher.actors[p.actor_id][2]


def _coreference(events, text, starts, resolver: _Resolver, furniture) -> list[_Mention]:
    """Add pronoun and "the diplomat" mentions; resolve undated roles and descriptions.

    ``events`` are mentions and cues (kind pronoun or description), in text order.
    """
    out: list[_Mention] = []
    actors = resolver.matcher.actors
    for item in events:
        sentence = bisect.bisect_right(starts, item.start) - 1
        if sentence < 0 or sentence in furniture:
            continue
        kind = item.kind
        if kind not in _CUES:
            if (kind == "role_state" and item.holders) or (
                kind in _REFINED and text[item.start - 4 : item.start] in _THE
            ):
                item = _refine(item, text, resolver, sentence)
            item.sentence = sentence
            out.append(item)
            if actors[item.actor_id][1] == "person":
                resolver.people.append(item)
            continue
        start, end = item.start, item.end
        if kind == "pronoun":
            actor = resolver.pronoun(sentence, start, text[start:end])
        elif _NAME_NEXT.match(text, end, end + 2):
            continue  # "the president Joe Biden": the name follows and is matched itself
        else:
            actor = resolver.described(None, text[start:end].split()[-1], sentence)
        if actor is not None:
            m = _Mention(start, end, actor, "coreference", sentence=sentence)
            out.append(m)
            resolver.people.append(m)
    return out


def _refine(m: _Mention, text: str, resolver: _Resolver, sentence: int) -> _Mention:
    """A state word in "the Iranian diplomat", or an undated role, may name a known person."""
    matcher = resolver.matcher
    if m.kind == "role_state" and m.holders:
        mentioned = {p.actor_id for p in resolver.people} & set(m.holders)
        if len(mentioned) == 1:
            return _Mention(m.start, m.end, mentioned.pop(), "coreference", sentence=sentence)
        return m
    if m.kind not in _REFINED or text[m.start - 4 : m.start] not in _THE:
        return m
    if matcher.actors[m.actor_id][1] != "state":
        return m
    before = text[max(0, m.start - 6) : m.start]
    noun = _AFTER_NOUN.match(text, m.end)
    if noun is None or not _BEFORE_THE.search(before):
        return m
    actor = resolver.described(m.actor_id, noun.group(1), sentence)
    if actor is None:
        return m
    the = _BEFORE_THE.search(before)
    start = m.start - len(before) + the.start()
    return _Mention(start, noun.end(), actor, "coreference", sentence=sentence)


_EVENT_ORDER = operator.attrgetter("start", "end")


def _article_mentions(text, hay, published, sent_starts, sent_ends, furniture, matcher, out):
    """Add the mentions of one article to ``out``; return how many."""
    date = _article_range(published)
    mentions = []
    inner = []
    cues = []
    actors = matcher.actors
    for span in find_spans(text, matcher, hay):
        start, end, records = span[0], span[1], span[2]
        is_inner = len(span) > 3
        first = records[0]
        kind = first.kind
        if kind in _CUES:
            if not is_inner:
                cues.append(_Mention(start, end, "", "", kind=kind))
            continue
        if len(records) == 1 and kind in _RESOLVED_BY:  # the common case, as _resolve does it
            m = _Mention(start, end, first.actor_id, _RESOLVED_BY[kind], kind=kind,
                         unsure=first.ambiguous)  # fmt: skip
        else:
            m = _resolve(records, date, matcher, start, end)
            if m is None:
                continue
        if m.actor_id not in actors:
            continue
        if not is_inner:
            mentions.append(m)
        elif actors[m.actor_id][1] in ("organisation", "instrument"):
            m.kind = "inner"
            inner.append(m)
    mentions = _drop_redundant(mentions, text, matcher)
    if any(m.unsure for m in mentions):
        sure = {m.actor_id for m in mentions if not m.unsure}
        mentions = [m for m in mentions if not m.unsure or m.actor_id in sure]
    events = sorted(mentions + inner + cues, key=_EVENT_ORDER)
    mentions = _coreference(events, text, sent_starts, _Resolver(matcher, text), furniture)
    affiliated = matcher.affiliations
    added = 0
    for m in mentions:
        if m.end > sent_ends[m.sentence]:
            continue  # runs across a sentence break
        sense = "actor"
        if m.resolved_by == "metonym":
            sense = _capital_sense(m, text, sent_starts[m.sentence])
        if m.actor_id in affiliated:
            country = _country(m.actor_id, date, matcher)
        else:
            country = matcher.actors[m.actor_id][2]
        out.append(
            (m.sentence, m.start, m.end, text[m.start : m.end], m.actor_id, country,
             m.resolved_by, sense)
        )  # fmt: skip
        added += 1
    return added


def _line_flags(texts: pd.Series) -> tuple[np.ndarray, ...]:
    """Per sentence: furniture line, short header line, no final punctuation, short line."""
    strings = texts.tolist()
    n = len(strings)
    array = pa.array(texts, type=pa.large_string())
    last = pc.utf8_slice_codeunits(array, -1)
    unfinished = ~pc.is_in(last, value_set=_FINAL_CHARS).to_numpy(zero_copy_only=False)
    # The header regex runs only on lines whose first character may start a header.
    first = pc.utf8_slice_codeunits(array, 0, 1)
    header = np.zeros(n, bool)
    for i in np.flatnonzero(pc.is_in(first, value_set=_FURNITURE_FIRST)).tolist():
        header[i] = _FURNITURE_LINE.match(strings[i]) is not None
    # Spaces only matter for unfinished or header lines.
    spaces = np.full(n, 1 << 30, np.int64)
    for i in np.flatnonzero(unfinished | header).tolist():
        spaces[i] = strings[i].count(" ")
    menu = np.zeros(n, bool)
    for i, t in enumerate(strings):
        # str.find per character is much faster than a regex scan for rare characters
        if "|" in t or "•" in t or "·" in t or "»" in t or "›" in t:
            menu[i] = _MENU.search(t) is not None
    return header | menu, header & (spaces < 4), unfinished, unfinished & (spaces < 3)


def _furniture_rows(flags, header, unfinished, short, firsts: np.ndarray) -> np.ndarray:
    """Sentence rows that are page furniture, for the sentences of many articles at once.

    Menus (one line with separators, or three or more short lines in a row), share/cookie
    lines, and a short "Related" / "Read more" header with the link titles and captions
    (lines without final punctuation) under it. ``firsts`` are the rows where each
    article's sentences begin (rows of one article are consecutive).
    """
    n = len(flags)
    rows = np.arange(n)
    opens = np.zeros(n, bool)
    opens[firsts] = True
    out = flags.copy()
    # Runs of short lines, never across articles.
    run = np.cumsum(short & (opens | ~np.r_[False, short[:-1]]))
    length = np.bincount(run[short], minlength=run[-1] + 1 if n else 1)
    out |= short & (length[run] >= _MENU_RUN)
    # Lines without final punctuation right under a header line (same article): a line j
    # is marked when a header i in the article has only unpunctuated lines i+1..j.
    last_punctuated = np.maximum.accumulate(np.where(unfinished, -1, rows))
    article_start = np.maximum.accumulate(np.where(opens, rows, 0))
    low = np.maximum(last_punctuated, article_start)
    headers_before = np.r_[0, np.cumsum(header)]  # headers in rows [0, k)
    out |= unfinished & (headers_before[rows] > headers_before[low])
    return out


def _text_column(values: list) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """Strings (or None) as pandas infers them: ``str`` dtype, object when all are None."""
    array = pa.array(values, type=pa.large_string())
    if array.null_count == len(array):
        return np.array(values, dtype=object)
    return pd.array(array, dtype="str")


def _mentions_table(rows: list, article_ids, counts, sentence_ids, matcher) -> pd.DataFrame:
    """The mentions table from rows of :func:`_article_mentions` (in that order)."""
    ids = pd.array(pd.Series(article_ids, dtype=object).astype("str"), dtype="str")
    actor_id = pa.array([r[4] for r in rows], type=pa.large_string())
    encoded = pc.dictionary_encode(actor_id)
    actors = [matcher.actors[a] for a in encoded.dictionary.to_pylist()]
    columns = {
        "article_id": ids.take(np.repeat(np.arange(len(counts)), counts)),
        "sentence_id": sentence_ids,
        "start": np.array([r[1] for r in rows], dtype=np.int64),
        "end": np.array([r[2] for r in rows], dtype=np.int64),
        "surface": _text_column([r[3] for r in rows]),
    }
    for column, i in (("actor_id", None), ("actor_name", 0), ("actor_type", 1)):
        if not len(actor_id):
            columns[column] = np.array([], dtype=object)
        elif i is None:
            columns[column] = pd.array(actor_id, dtype="str")
        else:
            names = pa.array([a[i] for a in actors], type=pa.large_string())
            columns[column] = pd.array(names.take(encoded.indices), dtype="str")
    columns["country"] = _text_column([r[5] for r in rows])
    columns["resolved_by"] = _text_column([r[6] for r in rows])
    columns["sense"] = _text_column([r[7] for r in rows])
    return pd.DataFrame(columns, columns=MENTION_COLUMNS)


def extract_mentions(
    sentences: pd.DataFrame, articles: pd.DataFrame, lexicon: Lexicon
) -> pd.DataFrame:
    """Find the lexicon's actors in every sentence.

    One row per mention; key ``(article_id, start, end)``. Offsets are into
    ``articles.text``; ``sentence_id`` is the sentence holding the mention. Role phrases
    resolve by ``articles.published``.

    Args:
        sentences: the sentences table (:func:`newsbrief.sentences.split_sentences`).
        articles: the articles table (article_id, text, published).
        lexicon: the loaded actor lexicon.

    Returns:
        The mentions table, sorted by article_id and start.
    """
    matcher = compile_matcher(lexicon)
    ids = articles["article_id"].tolist()
    published = articles["published"].tolist() if "published" in articles else [None] * len(ids)
    texts = dict(zip(ids, articles["text"].tolist(), strict=True))
    dates = dict(zip(ids, published, strict=True))
    out: list[tuple] = []  # (sentence row, start, end, surface, actor_id, country, ...)
    firsts_of: list[int] = []  # per article with mentions: its first row in ``order``
    article_ids, counts = [], []
    if len(sentences):
        order = sentences.sort_values(["article_id", "sentence_id"], ignore_index=True)
        flags, header, unfinished, short = _line_flags(order["text"])
        groups = order.groupby("article_id", sort=True).indices
        # Rows of ``order`` are sorted by article: each article's rows are one range.
        bounds = {a: (int(idx[0]), int(idx[-1]) + 1) for a, idx in groups.items()}
        assert all(hi - lo == len(groups[a]) for a, (lo, hi) in bounds.items())
        firsts = np.array(sorted(lo for lo, _ in bounds.values()), dtype=np.int64)
        furniture_of: dict[int, set[int]] = defaultdict(set)
        mask = _furniture_rows(flags, header, unfinished, short, firsts)
        for row in np.flatnonzero(mask).tolist():
            lo = int(firsts[bisect.bisect_right(firsts, row) - 1])
            furniture_of[lo].add(row - lo)
        starts_all, ends_all = order["start"].tolist(), order["end"].tolist()
        todo = [(a, bounds[a], texts.get(a)) for a in groups]
        todo = [(a, span, text) for a, span, text in todo if isinstance(text, str)]
        hays = _haystacks([text for _, _, text in todo])
        for (article_id, (lo, hi), text), hay in zip(todo, hays, strict=True):
            n = _article_mentions(
                text,
                hay,
                dates.get(article_id),
                starts_all[lo:hi],
                ends_all[lo:hi],
                furniture_of.get(lo, _NO_ROWS),
                matcher,
                out,
            )
            if n:
                firsts_of.append(lo)
                article_ids.append(article_id)
                counts.append(n)
        rows_of = np.repeat(np.array(firsts_of, np.intp), counts)
        rows_of += np.array([r[0] for r in out], dtype=np.intp)
        sentence_ids = order["sentence_id"].to_numpy(np.int64)[rows_of]
    else:
        sentence_ids = np.zeros(0, np.int64)
    mentions = _mentions_table(out, article_ids, counts, sentence_ids, matcher)
    mentions = mentions.sort_values(["article_id", "start", "end"], ignore_index=True)
    assert not mentions.duplicated(["article_id", "start", "end"]).any()
    return mentions
