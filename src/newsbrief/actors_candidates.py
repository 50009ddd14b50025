"""Recurring proper names the lexicon does not know: candidates to add to ``actors.yaml``.

Sentences are joined into one string with every known actor mention masked, and one regex
pass finds capitalised multi-word names; a name counts when it recurs. Chunks of a large
corpus count their names with :func:`count_candidate_names`; :func:`select_candidates`
merges those counts as if the corpus were one table.
"""

import bisect
import re

import numpy as np
import pandas as pd

from newsbrief.lexicon import Lexicon, match_key

CANDIDATE_COLUMNS = ["name", "mention_count", "article_count", "example", "example_article_id"]

STOP_WORDS = frozenset(
    str.split(
        """
    The A An And But Or So If In On At For From To Of By With As After Before When While Since
    This That These Those There Here It Its He She They We I You His Her Their Our My Your
    Mr Mrs Ms Dr Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
    March April May June July August September October November December Jan Feb Mar Apr
    Jun Jul Aug Sep Sept Oct Nov Dec According However Meanwhile Also Read More News Home
    Photo Video Image File Reporting Editing Writing Share Related Tags Copyright
    President Minister Foreign Prime Secretary General Deputy Spokesman Spokeswoman Chief
    Ambassador Advisor Adviser National Security Defence Defense Affairs Ministry Office
    Council State Department Agency Republic Government Army Air Force Forces Military
    Committee Commission Director Head Senior Vice Supreme Leader Commander Sen Gen Col Lt
    """
    )
)
NAME_PATTERN = re.compile(
    r"[A-Z][a-z][\w'’-]*(?:\s+(?:(?:al|bin|ibn|de|da|di|von|van|der|den|du|la|le|of|the|for)"
    r"\s+)*[A-Z][a-z][\w'’-]*)*"
)


_LEAD = " \"'“‘(-–—"  # what may precede a sentence's first word
_SEEN_NAMES = 200_000  # size of the lexicon's cache of name matches -> candidate names


def _name_in(found: str) -> tuple[str, bool] | None:
    """The candidate name in a :data:`NAME_PATTERN` match, or None.

    Leading and trailing stop words ("The", "President") are cut off and a final "'s"
    dropped. The flag says the name is one word that was the match's first word: such a
    name does not count when it opens the sentence.
    """
    words = found.split()
    cut = False
    while words and words[0] in STOP_WORDS:
        words, cut = words[1:], True
    while words and words[-1] in STOP_WORDS:
        words = words[:-1]
    if not words:
        return None
    name = " ".join(words)
    if name.endswith(("'s", "’s")):
        name = name[:-2]
    if len(words) == 1 and len(name) < 4:
        return None
    return name, len(words) == 1 and not cut


def discover_candidates(
    sentences: pd.DataFrame, mentions: pd.DataFrame, lexicon: Lexicon
) -> pd.DataFrame:
    """Recurring proper names the lexicon does not cover: candidates to add to it.

    One row per candidate name; key ``name``. Multi-word capitalised names (people,
    organisations) seen at least twice, and single capitalised words seen at least three
    times away from a sentence's first word; months, days, titles, text inside known
    mentions and the lexicon's own aliases (including its ignore list) are left out.
    Sorted by mention_count (descending), then name.
    """
    return select_candidates(count_candidate_names(sentences, mentions, lexicon))


def select_candidates(counts: pd.DataFrame) -> pd.DataFrame:
    """Merge :func:`count_candidate_names` tables and keep the recurring names.

    ``counts`` may hold several rows per name (one per corpus chunk, each chunk with its
    own articles): counts add up and the example is the one of the smallest
    ``(example_article_id, example)``, as if the chunks had been counted together.
    """
    counts = merge_candidate_counts(counts)
    keep = counts["mention_count"] >= counts["name"].str.contains(" ").map({True: 2, False: 3})
    candidates = counts[keep.astype(bool)]
    candidates = candidates.sort_values(
        ["mention_count", "name"], ascending=[False, True], ignore_index=True
    )
    candidates = candidates.astype({"mention_count": "int64", "article_count": "int64"})
    assert candidates["name"].is_unique
    return candidates


def merge_candidate_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """One row per name of several :func:`count_candidate_names` tables (no threshold)."""
    if not counts["name"].duplicated().any():
        return counts
    counts = counts.sort_values(["name", "example_article_id", "example"], kind="stable")
    return counts.groupby("name", sort=False, as_index=False).agg(
        mention_count=("mention_count", "sum"),
        article_count=("article_count", "sum"),
        example=("example", "first"),
        example_article_id=("example_article_id", "first"),
    )[CANDIDATE_COLUMNS]


def count_candidate_names(
    sentences: pd.DataFrame, mentions: pd.DataFrame, lexicon: Lexicon
) -> pd.DataFrame:
    """Count every candidate name, however rare (see :func:`discover_candidates`).

    One row per name; key ``name``. Tables of disjoint sets of articles merge with
    :func:`select_candidates`. Rows are in the order the names first occur.
    """
    if "known_keys" not in lexicon.cache:
        lexicon.cache["known_keys"] = {match_key(a) for a in lexicon.aliases["alias"]}
    known = lexicon.cache["known_keys"]
    seen = lexicon.cache.setdefault("candidate_names", {})
    if len(seen) > _SEEN_NAMES:
        seen.clear()
    texts = sentences["text"].tolist()
    # All sentences in one string, "|" between them: a name never runs across a "|".
    offsets = np.zeros(len(texts) + 1, np.int64)
    np.cumsum([len(t) + 1 for t in texts], out=offsets[1:])
    joined = _mask_mentions("|".join(texts), sentences, mentions, offsets)
    firsts = offsets[:-1].tolist()
    names: list[str] = []
    where: list[int] = []
    for match in NAME_PATTERN.finditer(joined):
        found = match.group()
        if found not in seen:
            named = _name_in(found)
            seen[found] = None if named is None or match_key(named[0]) in known else named
        named = seen[found]
        if named is None:
            continue  # no name, or a known alias the matcher set aside (a dropped role)
        start = match.start()
        if named[1]:
            opening = firsts[bisect.bisect_right(firsts, start) - 1]
            if not joined[opening:start].lstrip(_LEAD):
                continue  # a single capitalised word opening a sentence is not a name
        names.append(named[0])
        where.append(start)
    rows = np.searchsorted(offsets[:-1], np.asarray(where, np.int64), "right") - 1
    return _candidate_counts(names, rows, sentences, texts)


def _mask_mentions(joined: str, sentences, mentions, offsets: np.ndarray) -> str:
    """``joined`` sentences with every known mention's characters replaced by "|".

    A mention masks the sentence of its article that its start falls in (up to that
    sentence's end).
    """
    if not len(mentions) or not len(sentences):
        return joined
    codes, _ = pd.factorize(
        pd.concat([sentences["article_id"], mentions["article_id"]], ignore_index=True)
    )
    shift = np.int64(1) << np.int64(32)
    lengths = np.diff(offsets) - 1
    s_start = sentences["start"].to_numpy(np.int64)
    s_key = codes[: len(sentences)].astype(np.int64) * shift + s_start
    m_start = mentions["start"].to_numpy(np.int64)
    m_end = mentions["end"].to_numpy(np.int64)
    m_key = codes[len(sentences) :].astype(np.int64) * shift + m_start
    order = np.argsort(m_key, kind="stable")
    m_key, m_start, m_end = m_key[order], m_start[order], m_end[order]
    first = np.searchsorted(m_key, s_key, "left")
    count = np.searchsorted(m_key, s_key + lengths, "left") - first
    sentence = np.repeat(np.arange(len(s_key)), count)
    mention = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    mention += np.repeat(first, count)
    a = m_start[mention] - s_start[sentence]
    b = np.minimum(m_end[mention] - s_start[sentence], lengths[sentence])
    a, b = a + offsets[sentence], b + offsets[sentence]
    keep = b > a
    a, b = a[keep], b[keep]
    if not len(a):
        return joined
    # Merge overlapping spans, then rebuild the string once.
    order = np.argsort(a, kind="stable")
    a, b = a[order], np.maximum.accumulate(b[order])
    opens = np.flatnonzero(np.r_[True, a[1:] > b[:-1]])
    closes = np.r_[opens[1:] - 1, len(a) - 1]
    parts = []
    prev = 0
    for lo, hi in zip(a[opens].tolist(), b[closes].tolist(), strict=True):
        parts += (joined[prev:lo], "|" * (hi - lo))
        prev = hi
    parts.append(joined[prev:])
    return "".join(parts)


def _candidate_counts(names: list[str], where: np.ndarray, sentences, texts) -> pd.DataFrame:
    """Count names by occurrence (``where``: the sentence's row) into the candidates table."""
    rows: dict[str, list] = {c: [] for c in CANDIDATE_COLUMNS}
    if names:
        article_ids = sentences["article_id"].tolist()
        codes, _ = pd.factorize(sentences["article_id"], sort=True)
        at = where
        occurrences = pd.DataFrame(
            {"name": pd.Series(names, dtype=object), "article": codes[at], "row": at}
        )
        grouped = occurrences.groupby("name", sort=False)  # by first occurrence
        mention_count = grouped.size()
        article_count = (
            occurrences.drop_duplicates(["name", "article"]).groupby("name", sort=False).size()
        )
        # A name's example is the smallest (article_id, text) of its sentences.
        first = occurrences[occurrences["article"] == grouped["article"].transform("min")]
        example = {}
        for name, row in zip(first["name"].tolist(), first["row"].tolist(), strict=True):
            best = example.get(name)
            if best is None or texts[row] < texts[best]:
                example[name] = row
        ordered = mention_count.index.tolist()
        rows = {
            "name": ordered,
            "mention_count": mention_count.tolist(),
            "article_count": article_count.reindex(mention_count.index).tolist(),
            "example": [texts[example[n]] for n in ordered],
            "example_article_id": [article_ids[example[n]] for n in ordered],
        }
    counts = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    return counts.astype(
        {"name": "str", "mention_count": "int64", "article_count": "int64", "example": "str",
         "example_article_id": "str"}
    )  # fmt: skip
