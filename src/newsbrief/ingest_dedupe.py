r"""Find exact and near duplicates among articles.

Exact: the same normalised text (same ``content_hash``). Near: syndicated copies of one
story with different page furniture, or the same article saved twice with small edits.
Each text becomes a set of hashed 5-word shingles; a content-defined sample of them
(every shingle whose hash is 0 mod 8, plus the 16 smallest) is indexed, and pairs sharing
sampled shingles are candidates. A candidate pair is a near duplicate when the shingles
both texts share make up at least :data:`SAME_TEXT_OVERLAP` of the *longer* text (the
same article with small edits), or at least :data:`NEAR_OVERLAP` of it and the two share
their lead: each text's first full sentence of 12+ words is among the other's first 250
words (a copy of one story with other page furniture, captions or truncation). A long
article quoting a short one is not its duplicate; outlets that reuse background
paragraphs in follow-up stories (Tehran Times does, heavily) share much text but not
their leads, and are kept apart.

Cost is linear in the words, with no Python object per word: texts are tokenised in
batches with numpy over their code points (the words ``re.findall(r"\w+")`` finds), each
distinct word gets a crc32 id, shingles are hashed over the id array, and candidate pairs
come from sorting the sampled hashes (~0.15 ms per 500-word article for shingles, pairs
and signatures together). No MinHash permutations are needed.

Within a group of duplicates, every article points to the group's first article in
the order (earliest date, undated last, then article_id).
"""

import os
import re
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from itertools import chain

import numpy as np
import pandas as pd

SHINGLE = 5
NEAR_OVERLAP = 0.5
SAME_TEXT_OVERLAP = 0.8
OPENING_OVERLAP = 0.7
MIN_SHINGLES = 25
"""Texts shorter than this many shingles (about 30 words) are only checked for exact copies."""
SAMPLE_MOD = 8
"""Sample rate of the content-defined sample (a power of two)."""
BOTTOM_K = 16
MIN_SHARED_SAMPLES = 3
MAX_POSTING = 100
"""A sampled shingle shared by more articles than this is boilerplate and not indexed."""
_WORD = re.compile(r"\w+")
_MULT = np.uint64(0x9E3779B97F4A7C15)
_KEY_BASE = np.uint64(0x100000001B3)
SHORT_WORD = 24
"""Words up to this many characters are told apart by a vectorised 64-bit key; longer ones
(rare: URLs without punctuation, base64) are hashed one by one."""
BATCH_CHARS = 2_000_000
"""Characters tokenised at once by :func:`text_shingles` (bounds its working memory)."""


class WordIds(dict):
    """Word -> stable 32-bit id (crc32), computed once per distinct word."""

    def __missing__(self, word: str) -> int:
        value = self[word] = zlib.crc32(word.encode("utf-8")) | 1
        return value


_word_table: np.ndarray | None = None


def _is_word_char(codes: np.ndarray) -> np.ndarray:
    r"""``re``'s ``\w`` for an array of code points (``str.isalnum()`` or ``_``)."""
    global _word_table
    if _word_table is None:
        _word_table = np.fromiter(
            (chr(c).isalnum() or c == 95 for c in range(0x10000)), dtype=bool, count=0x10000
        )
    found = np.take(_word_table, codes, mode="clip")
    if len(codes) and codes.max() > 0xFFFF:
        astral = np.flatnonzero(codes > 0xFFFF)
        found[astral] = [chr(c).isalnum() for c in codes[astral].tolist()]
    return found


class _Vocabulary:
    """Word keys seen so far (sorted) and their word ids, for a run of batches."""

    def __init__(self) -> None:
        self.keys = np.empty(0, dtype=np.uint64)
        self.ids = np.empty(0, dtype=np.uint64)
        self.word_ids = WordIds()

    def ids_of(self, keys: np.ndarray, words: Callable[[np.ndarray], list[str]]) -> np.ndarray:
        """Word ids of distinct ``keys``; ``words(positions)`` spells the new ones out."""
        at = np.minimum(np.searchsorted(self.keys, keys), max(len(self.keys) - 1, 0))
        known = self.keys[at] == keys if len(self.keys) else np.zeros(len(keys), dtype=bool)
        out = np.empty(len(keys), dtype=np.uint64)
        out[known] = self.ids[at[known]]
        new = np.flatnonzero(~known)
        out[new] = [zlib.crc32(w.encode("utf-8")) | 1 for w in words(new)]
        merged = np.concatenate([self.keys, keys[new]])
        order = np.argsort(merged, kind="stable")
        self.keys, self.ids = merged[order], np.concatenate([self.ids, out[new]])[order]
        return out


def _hash_shingles(ids: np.ndarray) -> np.ndarray:
    """Hash of each run of :data:`SHINGLE` consecutive word ids (unsorted, with repeats)."""
    n = len(ids) - SHINGLE + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(SHINGLE):
            h = (h * _MULT) ^ ids[k : k + n]
        h ^= h >> np.uint64(29)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(32)
    return h


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` by sorting (numpy's hash-based unique is ~10x slower here)."""
    values = np.sort(values)
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def _shingles(text: str, word_ids: WordIds) -> np.ndarray:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return np.empty(0, dtype=np.uint64)
    ids = np.fromiter(map(word_ids.__getitem__, words), dtype=np.uint64, count=len(words))
    return _sorted_unique(_hash_shingles(ids))


def _word_keys(codes: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """A 64-bit polynomial key of each word's characters (words of at most 255 characters)."""
    by_length = np.argsort((255 - lengths).astype(np.uint8), kind="stable")  # longest first
    longer = len(lengths) - np.cumsum(np.bincount(lengths, minlength=1))  # count > offset
    first = starts[by_length]
    keys = np.zeros(len(lengths), dtype=np.uint64)
    char = np.empty(len(lengths), dtype=np.uint32)
    with np.errstate(over="ignore"):
        for offset in range(int(lengths.max(initial=0))):
            m = int(longer[offset])  # the words longer than ``offset`` come first
            np.take(codes, first[:m], out=char[:m])
            first[:m] += 1
            np.multiply(keys[:m], _KEY_BASE, out=keys[:m])
            np.add(keys[:m], char[:m], out=keys[:m])
    out = np.empty_like(keys)
    out[by_length] = keys
    return out


def _word_ids_of_batch(
    lowered: list[str], vocabulary: _Vocabulary
) -> tuple[np.ndarray, np.ndarray]:
    r"""The word ids of ``lowered`` texts, concatenated, and each text's word offsets (n + 1).

    The same words, in the same order, as ``re.findall(r"\w+", text)``, found with numpy
    over the texts' code points instead of one Python string per word: words are told
    apart by a 64-bit polynomial key of their characters, and only each new distinct word
    is spelled out as a string and given its crc32 id.
    """
    big = "\x01".join(lowered)  # \x01 is no word character: words never span two texts
    codes = np.frombuffer(big.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    edges = np.diff(_is_word_char(codes).view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts = np.flatnonzero(edges == 1)
    lengths = np.flatnonzero(edges == -1) - starts
    del edges
    ids = np.empty(len(starts), dtype=np.uint64)
    short = np.flatnonzero(lengths <= SHORT_WORD)
    if len(short):
        codes_of, uniques = pd.factorize(_word_keys(codes, starts[short], lengths[short]))
        is_first = np.empty(len(codes_of), dtype=bool)
        is_first[0] = True
        np.greater(codes_of[1:], np.maximum.accumulate(codes_of)[:-1], out=is_first[1:])
        rep = short[is_first]  # the first word of each key, in the order of ``uniques``

        def spell(positions: np.ndarray) -> list[str]:
            at, n = starts[rep[positions]].tolist(), lengths[rep[positions]].tolist()
            return [big[s : s + k] for s, k in zip(at, n, strict=True)]

        ids[short] = vocabulary.ids_of(uniques, spell)[codes_of]
    word_ids = vocabulary.word_ids
    for i in np.flatnonzero(lengths > SHORT_WORD).tolist():
        ids[i] = word_ids[big[starts[i] : starts[i] + lengths[i]]]
    text_starts = np.cumsum([0] + [len(t) + 1 for t in lowered])
    offsets = np.searchsorted(starts, text_starts)
    return ids, offsets


def text_shingles(texts: list[str]) -> list[np.ndarray]:
    """Each text's sorted unique hashed 5-word shingles."""
    vocabulary = _Vocabulary()
    out: list[np.ndarray] = []
    batch: list[str] = []
    size = 0
    for i, text in enumerate(texts):
        batch.append(text.lower())
        size += len(text)
        if size >= BATCH_CHARS or i == len(texts) - 1:
            out.extend(_batch_shingles(batch, vocabulary))
            batch, size = [], 0
    return out


def _batch_shingles(lowered: list[str], vocabulary: _Vocabulary) -> list[np.ndarray]:
    ids, offsets = _word_ids_of_batch(lowered, vocabulary)
    hashes = _hash_shingles(ids)
    empty = np.empty(0, dtype=np.uint64)
    return [
        _sorted_unique(hashes[a : b - SHINGLE + 1]) if b - a >= SHINGLE else empty
        for a, b in zip(offsets[:-1].tolist(), offsets[1:].tolist(), strict=True)
    ]


def _is_sampled(values: np.ndarray) -> np.ndarray:
    """True for the hashes in the content-defined sample (those that are 0 mod 8)."""
    return (values & np.uint64(SAMPLE_MOD - 1)) == 0


def _flatten(shingles: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """All shingle arrays end to end, and where each one starts (n + 1 offsets)."""
    sizes = np.fromiter(map(len, shingles), dtype=np.int64, count=len(shingles))
    offsets = np.zeros(len(shingles) + 1, dtype=np.int64)
    np.cumsum(sizes, out=offsets[1:])
    flat = np.concatenate(shingles) if shingles else np.empty(0, dtype=np.uint64)
    return flat.astype(np.uint64, copy=False), offsets


def _shared_sample_pairs(shingles: list[np.ndarray]) -> np.ndarray:
    """Index pairs ``(a, b)``, ``a < b``, sharing :data:`MIN_SHARED_SAMPLES` sampled shingles.

    A sampled shingle is indexed for its first ``MAX_POSTING + 1`` articles (in index
    order) only, so each of those meets the earlier ones and later articles meet none.
    Rows are ordered by ``b``, then ``a``.
    """
    n = len(shingles)
    flat, offsets = _flatten(shingles)
    picked = _is_sampled(flat)
    eligible = np.flatnonzero(np.diff(offsets) >= MIN_SHINGLES)
    smallest = (offsets[eligible][:, None] + np.arange(BOTTOM_K)).ravel()  # sizes >= K here
    picked[smallest] = True
    at = np.flatnonzero(picked)
    doc = np.searchsorted(offsets, at, side="right") - 1
    keep = np.zeros(n, dtype=bool)
    keep[eligible] = True
    at, doc = at[keep[doc]], doc[keep[doc]]
    keys = flat[at]
    del flat, picked, at
    order = np.argsort(keys, kind="stable")  # articles stay in index order within a key
    a, b = _pairs_within_runs(keys[order], doc[order], MAX_POSTING + 1)
    if not len(a):
        return np.empty((0, 2), dtype=np.int64)
    codes, counts = np.unique(a * n + b, return_counts=True)
    codes = codes[counts >= MIN_SHARED_SAMPLES]
    a, b = codes // n, codes % n
    order = np.lexsort((a, b))
    return np.column_stack([a[order], b[order]])


def _pairs_within_runs(
    keys: np.ndarray, members: np.ndarray, limit: int, max_run: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of members under one key: ``(earlier, later)`` arrays.

    ``keys`` is sorted and ``members`` follows it. Only the first ``limit`` members of a
    run take part; a run longer than ``max_run`` gives no pair at all.
    """
    if not len(keys):
        return members[:0], members[:0]
    new = np.empty(len(keys), dtype=bool)
    new[0] = True
    np.not_equal(keys[1:], keys[:-1], out=new[1:])
    run_start = np.flatnonzero(new)
    run = np.cumsum(new) - 1
    run_size = np.diff(np.append(run_start, len(keys)))
    taking = np.minimum(run_size, limit)
    if max_run is not None:
        taking[run_size > max_run] = 0
    later = taking[run] - (np.arange(len(keys)) - run_start[run]) - 1  # partners after it
    active = np.flatnonzero(later > 0)
    firsts, seconds = [], []
    step = 1
    while len(active):
        firsts.append(members[active])
        seconds.append(members[active + step])
        step += 1
        active = active[later[active] >= step]
    if not firsts:
        return members[:0], members[:0]
    return np.concatenate(firsts), np.concatenate(seconds)


def _common_count(sa: np.ndarray, sb: np.ndarray) -> int:
    """How many values of sorted ``sb`` (no repeats) sorted ``sa`` holds."""
    if not len(sb) or not len(sa):
        return 0
    at = np.searchsorted(sa, sb)
    at[at == len(sa)] = 0
    return int(np.count_nonzero(sa[at] == sb))


def find_near_pairs(
    texts: list[str], shingles: list[np.ndarray] | None = None
) -> list[tuple[int, int]]:
    """Return index pairs ``(i, j)``, ``i < j``, of texts that are near duplicates.

    ``shingles`` (from :func:`text_shingles`) saves computing them again. Pairs come
    ordered by ``j``, then ``i``.
    """
    if shingles is None:
        shingles = text_shingles(texts)
    checked = []
    for a, b in _shared_sample_pairs(shingles).tolist():
        sa, sb = shingles[a], shingles[b]
        longer = max(len(sa), len(sb))
        if min(len(sa), len(sb)) < NEAR_OVERLAP * longer:  # too short to share enough
            continue
        checked.append((a, b, _common_count(sa, sb) / longer))
    maybe = [(a, b) for a, b, overlap in checked if NEAR_OVERLAP <= overlap < SAME_TEXT_OVERLAP]
    openings = _Openings(texts, chain.from_iterable(maybe))
    return [
        (a, b)
        for a, b, overlap in checked
        if overlap >= SAME_TEXT_OVERLAP or (overlap >= NEAR_OVERLAP and openings.match(a, b))
    ]


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+")
LEAD_MIN_WORDS = 12
HEAD_WORDS = 250


def lead_sentence(text: str) -> str | None:
    """Return the first full sentence of at least :data:`LEAD_MIN_WORDS` words.

    Headlines, menus, bylines and captions rarely end in a full stop, so the first such
    sentence is the story's lead (or a summary line) in copies with any page furniture.
    """
    for line in text.splitlines():
        line = line.strip()
        start = 0
        # the pieces of ``_SENTENCE_END.split(line)``, produced lazily: the lead is early
        for end in chain((m.span() for m in _SENTENCE_END.finditer(line)), [(len(line), 0)]):
            sentence = line[start : end[0]]
            start = end[1]
            if len(sentence.split()) >= LEAD_MIN_WORDS and sentence.rstrip("\"')]")[-1:] in ".!?":
                return sentence
    return None


class _Openings:
    """Lead-sentence and opening shingles of the given texts, computed in one batch."""

    def __init__(self, texts: list[str], indices: Iterable[int]) -> None:
        indices = sorted(set(indices))
        leads = {i: lead_sentence(texts[i]) for i in indices}
        with_lead = [i for i in indices if leads[i] is not None]
        self.leads = dict(zip(with_lead, text_shingles([leads[i] for i in with_lead]), strict=True))
        heads = [" ".join(texts[i].split(maxsplit=HEAD_WORDS)[:HEAD_WORDS]) for i in indices]
        self.heads = dict(zip(indices, text_shingles(heads), strict=True))

    def match(self, a: int, b: int) -> bool:
        """Each text's lead sentence is among the other's first :data:`HEAD_WORDS` words."""
        for first, second in ((a, b), (b, a)):
            lead_sh = self.leads.get(first)
            if lead_sh is None:
                return False
            if _common_count(self.heads[second], lead_sh) < OPENING_OVERLAP * len(lead_sh):
                return False
        return True


def mark_duplicates(articles: pd.DataFrame) -> pd.DataFrame:
    """Fill ``duplicate_of``, ``duplicate_kind`` and ``status`` of ``articles``.

    One row per article (key ``article_id``); needs ``article_id``, ``published``,
    ``text`` and ``content_hash``. Returns a (shallow) copy.
    """
    df = articles.copy(deep=False)
    dup_of, kind = assign_duplicates(
        df["article_id"].tolist(),
        df["published"].tolist(),
        df["content_hash"].tolist(),
        find_near_pairs(df["text"].tolist()),
    )
    df["duplicate_of"] = pd.Series(dup_of, index=df.index, dtype=object)
    df["duplicate_kind"] = pd.Series(kind, index=df.index, dtype=object)
    df["status"] = np.where(df["duplicate_of"].isna(), "loaded", "duplicate")
    return df


def assign_duplicates(
    ids: list[str], published: list, hashes: list[str], near_pairs: Iterable[tuple[int, int]]
) -> tuple[list[str | None], list[str | None]]:
    """Decide which article each duplicate copies.

    Args:
        ids: article ids.
        published: publication dates (str, or anything else for undated).
        hashes: content hashes (equal hashes are exact duplicates).
        near_pairs: index pairs found to be near duplicates.

    Returns:
        ``(duplicate_of, duplicate_kind)`` lists, None for an article that is kept.
    """
    n = len(ids)
    dates = [d if isinstance(d, str) else None for d in published]
    order = sorted(range(n), key=lambda i: (dates[i] is None, dates[i] or "", ids[i]))
    neighbours: dict[int, set[int]] = defaultdict(set)
    first_with_hash: dict[str, int] = {}
    for i in order:
        h = hashes[i]
        if h in first_with_hash:
            neighbours[i].add(first_with_hash[h])
        else:
            first_with_hash[h] = i
    for a, b in near_pairs:
        neighbours[a].add(b)
        neighbours[b].add(a)
    # Greedy in date order: an article duplicates the earliest *kept* article it matches
    # directly, so chains (A~B, B~C, C unlike A) never make C a duplicate of A.
    rank = {i: r for r, i in enumerate(order)}
    dup_of: list[str | None] = [None] * n
    kind: list[str | None] = [None] * n
    kept: set[int] = set()
    for i in order:
        if i not in neighbours:
            kept.add(i)
            continue
        earlier = sorted(
            (j for j in neighbours[i] if j in kept and rank[j] < rank[i]), key=rank.get
        )
        if not earlier:
            kept.add(i)
            continue
        j = earlier[0]
        dup_of[i] = ids[j]
        kind[i] = "exact" if hashes[j] == hashes[i] else "near"
    return dup_of, kind


# Across chunks of a large corpus, texts are no longer at hand: each article keeps a
# compact signature instead (its sampled shingles, 8 LSH band keys and its lead's hash).
LSH_BANDS = 8
MAX_BUCKET = 50
"""An LSH bucket shared by more articles than this is boilerplate and not compared."""
PAIR_BATCH_VALUES = 4_000_000
"""Sample values compared at once when checking candidate pairs (about 100 MB)."""


def near_signatures(
    texts: list[str], shingles: list[np.ndarray] | None = None
) -> dict[str, np.ndarray]:
    """Compact near-duplicate signatures of ``texts`` (for :func:`find_cross_near_pairs`).

    Returns:
        ``bands`` (n x :data:`LSH_BANDS` uint64; 0 for texts too short to compare): each
        band combines two of the text's 16 smallest shingle hashes; ``samples`` (flat
        uint32 array of every text's sampled shingles) with ``offsets`` (n + 1);
        ``leads`` (uint64 hash of the lead sentence, 0 when there is none).
    """
    if shingles is None:
        shingles = text_shingles(texts)
    n = len(texts)
    flat, offsets = _flatten(shingles)
    sampled = _is_sampled(flat)
    samples = (flat[sampled] >> np.uint64(32)).astype(np.uint32)
    counts = np.zeros(len(flat) + 1, dtype=np.int64)
    np.cumsum(sampled, out=counts[1:])
    sample_offsets = counts[offsets]
    bands = np.zeros((n, LSH_BANDS), dtype=np.uint64)
    leads = np.zeros(n, dtype=np.uint64)
    banded = np.flatnonzero(np.diff(offsets) >= max(MIN_SHINGLES, 2 * LSH_BANDS))
    if len(banded):
        low = flat[offsets[banded][:, None] + np.arange(2 * LSH_BANDS)]
        with np.errstate(over="ignore"):
            bands[banded] = (low[:, 0::2] * _MULT) ^ low[:, 1::2] | np.uint64(1)
    for i in banded.tolist():
        lead = lead_sentence(texts[i])
        if lead:
            key = " ".join(_WORD.findall(lead.lower())).encode("utf-8")
            leads[i] = zlib.crc32(key) << 32 | zlib.adler32(key) | 1
    return {"bands": bands, "samples": samples, "offsets": sample_offsets, "leads": leads}


def find_cross_near_pairs(
    signatures: dict[str, np.ndarray], group: np.ndarray, skip: np.ndarray
) -> list[tuple[int, int]]:
    """Near-duplicate pairs between articles of different groups (corpus chunks).

    Candidates share an LSH band key (:func:`cross_candidates`); a candidate is a near
    duplicate when its sampled shingles (a content-defined sample, so the share of common
    samples estimates the share of common shingles) overlap by :data:`SAME_TEXT_OVERLAP`
    of the longer text, or by :data:`NEAR_OVERLAP` and the two lead sentences are the
    same (:func:`near_verdicts`). This is the in-chunk rule of :func:`find_near_pairs`
    with "same lead" standing for "each lead is in the other's opening"; pairs inside one
    group are left to that function.

    Args:
        signatures: concatenated :func:`near_signatures` of every article.
        group: the chunk number of each article.
        skip: True for articles not to compare (exact copies of an earlier article).
    """
    a, c = cross_candidates(signatures, group, skip)
    near = near_verdicts(signatures, a, c)
    return list(zip(a[near].tolist(), c[near].tolist(), strict=True))


def cross_candidates(
    signatures: dict[str, np.ndarray], group: np.ndarray, skip: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Index arrays ``(a, c)``, ``a < c``, of the pairs :func:`near_verdicts` must check.

    Pairs of different groups sharing an LSH bucket of at most :data:`MAX_BUCKET`
    articles, whose sample sizes allow the overlap they would need; sorted by ``a``, then
    ``c``.
    """
    bands, offsets, leads = signatures["bands"], signatures["offsets"], signatures["leads"]
    n = len(bands)
    usable = np.flatnonzero((bands[:, 0] != 0) & ~skip)
    found = []
    for b in range(bands.shape[1]):
        keys = bands[usable, b]
        order = np.argsort(keys, kind="stable")  # members of a bucket in index order
        a, c = _pairs_within_runs(keys[order], usable[order], MAX_BUCKET, MAX_BUCKET)
        differ = group[a] != group[c]
        found.append(a[differ] * n + c[differ])
    codes = _sorted_unique(np.concatenate(found)) if found else np.empty(0, dtype=np.int64)
    a, c = codes // n, codes % n
    # A pair can only reach the overlap it needs if its shorter sample is long enough.
    sizes = np.diff(offsets)
    longer = np.maximum(sizes[a], sizes[c])
    same_lead = (leads[a] != 0) & (leads[a] == leads[c])
    need = np.where(same_lead, NEAR_OVERLAP, SAME_TEXT_OVERLAP)
    with np.errstate(divide="ignore", invalid="ignore"):
        possible = (longer > 0) & (np.minimum(sizes[a], sizes[c]) / longer >= need)
    return a[possible], c[possible]


def near_verdicts(signatures: dict[str, np.ndarray], a: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Whether each pair ``(a[i], c[i])`` is a near duplicate (see :func:`find_cross_near_pairs`).

    A verdict depends only on the two texts, so a caller may keep it for a later run.
    """
    samples, offsets, leads = signatures["samples"], signatures["offsets"], signatures["leads"]
    sizes = np.diff(offsets)
    longer = np.maximum(sizes[a], sizes[c])
    same_lead = (leads[a] != 0) & (leads[a] == leads[c])
    overlap = _common_sample_counts(samples, offsets, a, c) / np.maximum(longer, 1)
    return (overlap >= SAME_TEXT_OVERLAP) | ((overlap >= NEAR_OVERLAP) & same_lead)


def _common_sample_counts(
    samples: np.ndarray, offsets: np.ndarray, a: np.ndarray, c: np.ndarray
) -> np.ndarray:
    """For each pair ``(a[i], c[i])``, how many distinct sampled values the two share.

    Works on batches of pairs at once: each side's samples (sorted within an article) are
    keyed by the pair's number, so both sides are sorted arrays; with each side's repeats
    dropped and the two merged, a shared value is a key that appears twice in a row.
    """
    sizes = np.diff(offsets)
    out = np.zeros(len(a), dtype=np.int64)
    # Batches of about PAIR_BATCH_VALUES sample values: bounded memory at any corpus size.
    load = np.cumsum(sizes[a] + sizes[c])
    cuts = np.searchsorted(load, np.arange(PAIR_BATCH_VALUES, load[-1] if len(load) else 0,
                                           PAIR_BATCH_VALUES))  # fmt: skip

    def count(lo: int, hi: int) -> None:
        both = np.concatenate([_keyed_values(samples, offsets, a[lo:hi]),
                               _keyed_values(samples, offsets, c[lo:hi])])  # fmt: skip
        both.sort(kind="stable")  # two sorted runs: one linear merge
        common = both[1:][both[1:] == both[:-1]]
        out[lo:hi] = np.bincount((common >> np.uint64(32)).astype(np.int64), minlength=hi - lo)

    bounds = [(lo, hi) for lo, hi in zip([0, *cuts.tolist()], [*cuts.tolist(), len(a)],
                                         strict=True) if hi > lo]  # fmt: skip
    # numpy releases the GIL in these steps: batches run on every core, each its own slice.
    with ThreadPoolExecutor(max_workers=min(len(bounds), os.cpu_count() or 1) or 1) as pool:
        list(pool.map(lambda bound: count(*bound), bounds))
    return out


def _keyed_values(samples: np.ndarray, offsets: np.ndarray, articles: np.ndarray) -> np.ndarray:
    """The articles' distinct sample values end to end, each as ``(position << 32) | value``.

    Sorted, since each article's values are sorted and positions increase.
    """
    lengths = offsets[articles + 1] - offsets[articles]
    begin = np.cumsum(lengths) - lengths
    index = np.arange(int(lengths.sum()), dtype=np.int64)
    index += np.repeat(offsets[articles] - begin, lengths)
    position = np.repeat(np.arange(len(articles), dtype=np.uint64), lengths)
    keys = (position << np.uint64(32)) | samples[index].astype(np.uint64)
    if len(keys) < 2:
        return keys
    distinct = np.empty(len(keys), dtype=bool)
    distinct[0] = True
    np.not_equal(keys[1:], keys[:-1], out=distinct[1:])  # a value twice in one article
    return keys[distinct]
