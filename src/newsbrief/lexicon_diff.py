"""Which articles an edit of the actor lexicon can change, and splicing their new rows in.

Extraction reads the lexicon only through its compiled matcher
(:func:`newsbrief.actors.compile_matcher`: an automaton from match keys to alias records,
plus per-actor facts: name, type, country, gender, affiliations, the nouns that describe a
person) and through ``lexicon.actors`` (the claims module names outlets by their media
actor). :func:`diff_lexicons` compares two lexicons at exactly that level:

- a *changed key* is a match key ("iran s foreign minister") whose alias records differ,
  e.g. a new alias, a role phrase made from a state's renamed alias, a removed actor's
  names, an ``ignore`` phrase, an alias that now shadows a shorter one: an article can
  only be affected where that key occurs in its text;
- a *changed actor* is one whose per-actor facts differ: every key that can produce a
  mention of that actor (its aliases and roles, and role phrases of its state) becomes a
  trigger too, since pronouns and "the minister" only resolve to a person named before.

:func:`touched_articles` finds the articles whose text (or ``source``: outlets) contains a
trigger key as whole words, in the matcher's own form of the text, with one Aho-Corasick
automaton over the lower-cased text as a prefilter. Every other article is extracted
exactly as before, so its rows can be kept; the touched ones are re-extracted and spliced
in (:func:`splice_rows`), giving the tables a run from scratch would give. Candidate
counts are recounted over the chunk (a name's example is its smallest over every article,
which per-chunk totals cannot update cheaply).
"""

import functools
import os
import pickle
import re
from dataclasses import dataclass, fields
from pathlib import Path

import ahocorasick
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from newsbrief.actors import compile_matcher
from newsbrief.lexicon import Lexicon

MAX_TRIGGER_KEYS = 5000
"""More trigger keys than this (a wholesale lexicon change): re-extract everything."""
_NON_WORD = re.compile(r"[\W_]")
_WORD = re.compile(r"[^\W_]+")
_SPACES = re.compile(" {2,}")
_MATCHER_FIELDS = {"automaton", "actors", "affiliations", "descriptors", "known"}
_LEXICON_FIELDS = {"actors", "aliases", "affiliations", "version", "source", "cache"}


@dataclass(frozen=True)
class LexiconDiff:
    """What changed between two lexicons, as the match keys that can reveal it.

    Attributes:
        keys: match keys (lower case, words separated by single spaces as in
            :func:`newsbrief.lexicon.match_key`) whose presence in an article means the
            article must be re-extracted.
        actors: ids of actors whose per-actor facts changed (for messages).
        known: match keys that became or stopped being a known alias (candidate names
            are checked against the known ones).
    """

    keys: frozenset[str]
    actors: frozenset[str]
    known: frozenset[str] = frozenset()


def save_lexicon_snapshot(lexicon: Lexicon, path: Path) -> None:
    """Keep a lexicon (without its compiled cache) so a later run can diff against it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    state = {f.name: getattr(lexicon, f.name) for f in fields(lexicon) if f.name != "cache"}
    tmp.write_bytes(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
    tmp.replace(path)


def load_lexicon_snapshot(path: Path) -> Lexicon | None:
    """A lexicon kept by :func:`save_lexicon_snapshot`, or None if missing or unreadable."""
    try:
        state = pickle.loads(path.read_bytes())
        return Lexicon(**state)
    except (OSError, pickle.UnpicklingError, TypeError, EOFError, AttributeError):
        return None


def diff_lexicons(old: Lexicon, new: Lexicon) -> LexiconDiff | None:
    """The trigger keys of an edit from ``old`` to ``new``.

    Returns:
        The diff (no keys when extraction cannot differ), or None when the change cannot
        be bounded (more than :data:`MAX_TRIGGER_KEYS` keys, or the lexicon or matcher
        has state this module does not know about): re-extract everything then.
    """
    if {f.name for f in fields(Lexicon)} != _LEXICON_FIELDS:
        return None
    before, after = compile_matcher(old), compile_matcher(new)
    if {f.name for f in fields(before)} != _MATCHER_FIELDS:
        return None
    records_before, records_after = dict(before.automaton.items()), dict(after.automaton.items())
    keys = {
        k.strip()
        for k in records_before.keys() | records_after.keys()
        if records_before.get(k) != records_after.get(k)
    }
    keys |= before.known ^ after.known
    actors: set[str] = set()
    for name in ("actors", "affiliations", "descriptors"):
        a, b = getattr(before, name), getattr(after, name)
        actors |= {k for k in a.keys() | b.keys() if a.get(k) != b.get(k)}
    actors |= _changed_rows(old.actors, new.actors, "actor_id")
    for records in (records_before, records_after):
        for key, value in records.items():
            if any(_names_actor(r, actors) for r in value[1]):
                keys.add(key.strip())
    keys.discard("")
    if len(keys) > MAX_TRIGGER_KEYS:
        return None
    return LexiconDiff(frozenset(keys), frozenset(actors), frozenset(before.known ^ after.known))


def _names_actor(record, actors: set[str]) -> bool:
    return getattr(record, "actor_id", None) in actors or getattr(record, "role_of", None) in actors


def _changed_rows(a: pd.DataFrame, b: pd.DataFrame, key: str) -> set[str]:
    """Ids whose row differs between two tables keyed by ``key`` (or is in one only)."""
    rows_a = {r[0]: r for r in a.astype(object).where(a.notna(), None).itertuples(index=False)}
    rows_b = {r[0]: r for r in b.astype(object).where(b.notna(), None).itertuples(index=False)}
    if list(a.columns) != list(b.columns) or a.columns[0] != key:
        return set(rows_a) | set(rows_b)
    return {k for k in rows_a.keys() | rows_b.keys() if rows_a.get(k) != rows_b.get(k)}


def _haystack(text: str) -> str:
    """The matcher's form of a text: lower case, each non-word character a space."""
    hay = _NON_WORD.sub(" ", text).lower()
    if len(hay) != len(text):  # a few characters lower-case to two ("İ")
        hay = "".join(c if len(c) == 1 else " " for c in (ch.lower() for ch in hay))
    return " " + hay + " "


class _Scanner:
    """Whole-word search for many keys: a word prefilter, then the exact key check."""

    def __init__(self, keys: frozenset[str]):
        self.words = ahocorasick.Automaton()
        self.keys = ahocorasick.Automaton()
        forms = {k for key in keys for k in (key, key.casefold())}
        for key in forms:
            longest = max(_WORD.findall(key), key=len, default="")
            if longest:
                self.words.add_word(longest, len(longest))
            self.keys.add_word(f" {key} ", True)
        self.empty = not forms
        if not self.empty:
            self.words.make_automaton()
            self.keys.make_automaton()
        # The same check as one regex over the lower-cased text (words joined by runs of
        # separators, whole words), for texts whose lower case and casefold agree char by
        # char; only keys made of words and single spaces can be written so.
        self.pattern = None
        if (
            forms
            and len(forms) <= PREFILTER_MAX_KEYS
            and all(_WORD.fullmatch(w) for key in forms for w in key.split(" "))
        ):
            phrases = sorted("[\\W_]+".join(map(re.escape, key.split(" "))) for key in forms)
            self.pattern = re.compile(f"(?<![^\\W_])(?:{'|'.join(phrases)})(?![^\\W_])")

    def __contains__(self, text: object) -> bool:
        if self.empty or not isinstance(text, str) or not text:
            return False
        low = text.lower()
        exact = len(low) == len(text)
        if self.pattern is not None and exact and text.casefold() == low:
            return self.pattern.search(low) is not None
        for end, length in self.words.iter(low):
            start = end - length + 1
            if exact and (
                (start > 0 and low[start - 1].isalnum())
                or (end + 1 < len(low) and low[end + 1].isalnum())
            ):
                continue
            return self._verify(text, low)
        return False

    def _verify(self, text: str, low: str) -> bool:
        # Also with runs of spaces collapsed (a candidate name is its words joined by one
        # space) and casefolded ("ß" -> "ss": outlets' names are compared casefolded).
        forms = [text] if text.casefold() == low else [text, text.casefold()]
        for form in forms:
            hay = _haystack(form)
            for candidate in (hay, _SPACES.sub(" ", hay)):
                if next(self.keys.iter(candidate), None) is not None:
                    return True
        return False


def touched_articles(articles: pd.DataFrame, diff: LexiconDiff) -> set[str]:
    """Ids of the articles whose ``text`` or ``source`` contains one of the diff's keys."""
    scanner = _Scanner(diff.keys)
    if scanner.empty:
        return set()
    maybe = _may_contain(articles["text"], diff.keys)
    sources = articles["source"] if "source" in articles else pd.Series([None] * len(articles))
    named = {s for s in sources.dropna().unique() if s in scanner}  # few outlets: each once
    return {
        article_id
        for article_id, text, source, candidate in zip(
            articles["article_id"], articles["text"], sources, maybe, strict=True
        )
        if (candidate and text in scanner) or source in named
    }


PREFILTER_MAX_KEYS = 200
"""More keys than this: no prefilter (one regex of every key would cost more than it saves)."""


def _may_contain(texts: pd.Series, keys: frozenset[str]) -> np.ndarray:
    """Which texts may hold a key as whole words: a superset, from one RE2 pass (Arrow).

    Each key's words, case-insensitively, joined by runs of anything but ASCII word
    characters (the matcher's separators, and more); a text with a character whose
    casefold differs from its lower case ("ß"), or whose lower case is two characters
    ("İ"), is always kept: the exact check treats those apart.
    """
    forms = sorted({form for key in keys for form in (key, key.casefold())})
    if len(forms) > PREFILTER_MAX_KEYS:
        return np.ones(len(texts), dtype=bool)
    phrases = ["[\\W_]+".join(re.escape(word) for word in form.split()) for form in forms]
    column = pa.array(texts, type=pa.large_string())
    found = pc.or_(
        pc.match_substring_regex(column, "|".join(phrases), ignore_case=True),
        pc.match_substring_regex(column, f"[{_fold_differs()}]"),  # case matters here
    )
    return found.fill_null(False).to_numpy(zero_copy_only=False)


@functools.cache
def _fold_differs() -> str:
    """A regex class body of the characters whose casefold is not their lower case."""
    found = []
    for start in range(0, 0x110000, 4096):  # whole blocks at once: most have none
        block = "".join(map(chr, range(start, start + 4096)))
        if block.casefold() == block.lower() and len(block.lower()) == len(block):
            continue
        found += [c for c in block if c.casefold() != c.lower() or len(c.lower()) != 1]
    return "".join(f"\\x{{{ord(c):x}}}" for c in found)


def same_rows(old: pd.DataFrame, new: pd.DataFrame, touched: set[str], key: list[str]) -> bool:
    """Whether ``new`` holds exactly the touched articles' rows of ``old``."""
    before = old[old["article_id"].isin(touched)].sort_values(key, ignore_index=True)
    after = new.sort_values(key, ignore_index=True)
    if len(before) != len(after) or list(before.columns) != list(after.columns):
        return False
    return all(before[c].astype(object).equals(after[c].astype(object)) for c in before.columns)


def splice_rows(
    old: pd.DataFrame, new: pd.DataFrame, touched: set[str], key: list[str]
) -> pd.DataFrame:
    """``old`` without the touched articles' rows, plus ``new``, sorted by ``key``.

    Both tables are sorted by ``key`` and ``key`` starts with ``article_id``: the new rows
    are merged in at their articles' places (no sort of the whole table).
    """
    keep = old[~old["article_id"].isin(touched)]
    if not len(new):
        return keep.reset_index(drop=True)
    new = new.sort_values(key, kind="stable").astype(old.dtypes.to_dict())
    at = np.searchsorted(keep["article_id"].to_numpy(dtype=object),
                         new["article_id"].to_numpy(dtype=object))  # fmt: skip
    # Old row i goes to i + (new rows before it); new row j to at[j] + j.
    before = np.searchsorted(at, np.arange(len(keep)), side="right")
    order = np.empty(len(keep) + len(new), dtype=np.int64)
    order[np.arange(len(keep)) + before] = np.arange(len(keep))
    order[at + np.arange(len(new))] = len(keep) + np.arange(len(new))
    out = pd.concat([keep, new], ignore_index=True).take(order).reset_index(drop=True)
    assert not out.duplicated(key).any(), f"spliced rows repeat the key {key}"
    return out
