"""Find exact and near duplicates among articles.

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
Cost is linear in the words (numpy over word ids, ~0.1 ms per article); no MinHash
permutations are needed.

Within a group of duplicates, every article points to the group's first article in
the order (earliest date, undated last, then article_id).
"""

import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable

import numpy as np
import pandas as pd

SHINGLE = 5
NEAR_OVERLAP = 0.5
SAME_TEXT_OVERLAP = 0.8
OPENING_OVERLAP = 0.7
MIN_SHINGLES = 25
"""Texts shorter than this many shingles (about 30 words) are only checked for exact copies."""
SAMPLE_MOD = 8
BOTTOM_K = 16
MIN_SHARED_SAMPLES = 3
MAX_POSTING = 100
"""A sampled shingle shared by more articles than this is boilerplate and not indexed."""
_WORD = re.compile(r"\w+")


class WordIds(dict):
    """Word -> stable 32-bit id (crc32), computed once per distinct word."""

    def __missing__(self, word: str) -> int:
        value = self[word] = zlib.crc32(word.encode("utf-8")) | 1
        return value


def _shingles(text: str, word_ids: WordIds) -> np.ndarray:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return np.empty(0, dtype=np.uint64)
    ids = np.fromiter(map(word_ids.__getitem__, words), dtype=np.uint64, count=len(words))
    n = len(ids) - SHINGLE + 1
    h = np.zeros(n, dtype=np.uint64)
    mult = np.uint64(0x9E3779B97F4A7C15)
    with np.errstate(over="ignore"):
        for k in range(SHINGLE):
            h = (h * mult) ^ ids[k : k + n]
        h ^= h >> np.uint64(29)
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(32)
    return np.unique(h)


def _sample(sh: np.ndarray) -> np.ndarray:
    picked = sh[(sh % np.uint64(SAMPLE_MOD)) == 0]
    return np.union1d(picked, sh[:BOTTOM_K])  # np.unique sorted: first K are the smallest


def find_near_pairs(
    texts: list[str], shingles: list[np.ndarray] | None = None
) -> list[tuple[int, int]]:
    """Return index pairs ``(i, j)``, ``i < j``, of texts that are near duplicates.

    ``shingles`` (from :func:`text_shingles`) saves computing them again.
    """
    word_ids = WordIds()
    if shingles is None:
        shingles = [_shingles(t, word_ids) for t in texts]
    postings: dict[int, list[int]] = defaultdict(list)
    pairs = []
    for b, sb in enumerate(shingles):
        if len(sb) < MIN_SHINGLES:
            continue
        hits: list[int] = []
        sample = _sample(sb).tolist()
        for h in sample:
            docs = postings[h]
            if len(docs) <= MAX_POSTING:
                hits.extend(docs)
                docs.append(b)
        for a, count in sorted(Counter(hits).items()):
            if count < MIN_SHARED_SAMPLES:
                continue
            sa = shingles[a]
            overlap = len(np.intersect1d(sa, sb, assume_unique=True)) / max(len(sa), len(sb))
            if overlap >= SAME_TEXT_OVERLAP or (
                overlap >= NEAR_OVERLAP and _openings_match(texts[a], texts[b], word_ids)
            ):
                pairs.append((a, b))
    return pairs


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+")
LEAD_MIN_WORDS = 12
HEAD_WORDS = 250


def lead_sentence(text: str) -> str | None:
    """Return the first full sentence of at least :data:`LEAD_MIN_WORDS` words.

    Headlines, menus, bylines and captions rarely end in a full stop, so the first such
    sentence is the story's lead (or a summary line) in copies with any page furniture.
    """
    for line in text.splitlines():
        for sentence in _SENTENCE_END.split(line.strip()):
            if len(sentence.split()) >= LEAD_MIN_WORDS and sentence.rstrip("\"')]")[-1:] in ".!?":
                return sentence
    return None


def _openings_match(a: str, b: str, word_ids: WordIds) -> bool:
    """Each text's lead sentence is among the other's first :data:`HEAD_WORDS` words."""
    for first, second in ((a, b), (b, a)):
        lead = lead_sentence(first)
        if lead is None:
            return False
        lead_sh = _shingles(lead, word_ids)
        head_sh = _shingles(" ".join(second.split()[:HEAD_WORDS]), word_ids)
        if len(np.intersect1d(lead_sh, head_sh)) < OPENING_OVERLAP * len(lead_sh):
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


def text_shingles(texts: list[str]) -> list[np.ndarray]:
    """Each text's sorted unique hashed 5-word shingles."""
    word_ids = WordIds()
    return [_shingles(t, word_ids) for t in texts]


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
    bands = np.zeros((n, LSH_BANDS), dtype=np.uint64)
    leads = np.zeros(n, dtype=np.uint64)
    parts, offsets = [], [0]
    mult = np.uint64(0x9E3779B97F4A7C15)
    for i, (text, sh) in enumerate(zip(texts, shingles, strict=True)):
        sample = sh[(sh % np.uint64(SAMPLE_MOD)) == 0] >> np.uint64(32)
        parts.append(sample.astype(np.uint32))
        offsets.append(offsets[-1] + len(sample))
        if len(sh) >= max(MIN_SHINGLES, 2 * LSH_BANDS):
            low = sh[: 2 * LSH_BANDS]
            with np.errstate(over="ignore"):
                bands[i] = (low[0::2] * mult) ^ low[1::2] | np.uint64(1)
            lead = lead_sentence(text)
            if lead:
                key = " ".join(_WORD.findall(lead.lower())).encode("utf-8")
                leads[i] = zlib.crc32(key) << 32 | zlib.adler32(key) | 1
    samples = np.concatenate(parts) if parts else np.empty(0, dtype=np.uint32)
    return {"bands": bands, "samples": samples, "offsets": np.asarray(offsets, dtype=np.int64),
            "leads": leads}  # fmt: skip


def find_cross_near_pairs(
    signatures: dict[str, np.ndarray], group: np.ndarray, skip: np.ndarray
) -> list[tuple[int, int]]:
    """Near-duplicate pairs between articles of different groups (corpus chunks).

    Candidates share an LSH band key; a candidate is a near duplicate when its sampled
    shingles (a content-defined sample, so the share of common samples estimates the
    share of common shingles) overlap by :data:`SAME_TEXT_OVERLAP` of the longer text, or
    by :data:`NEAR_OVERLAP` and the two lead sentences are the same. This is the
    in-chunk rule of :func:`find_near_pairs` with "same lead" standing for "each lead is
    in the other's opening"; pairs inside one group are left to that function.

    Args:
        signatures: concatenated :func:`near_signatures` of every article.
        group: the chunk number of each article.
        skip: True for articles not to compare (exact copies of an earlier article).
    """
    bands, samples, offsets, leads = (signatures[k] for k in ("bands", "samples", "offsets",
                                                              "leads"))  # fmt: skip
    usable = np.flatnonzero((bands[:, 0] != 0) & ~skip)
    candidates: set[tuple[int, int]] = set()
    for b in range(bands.shape[1]):
        keys = bands[usable, b]
        order = np.argsort(keys, kind="stable")
        cuts = np.flatnonzero(np.diff(keys[order])) + 1
        starts, ends = np.r_[0, cuts], np.r_[cuts, len(order)]
        sizes = ends - starts
        keep = (sizes >= 2) & (sizes <= MAX_BUCKET)
        for start, end in zip(starts[keep].tolist(), ends[keep].tolist(), strict=True):
            members = usable[order[start:end]]
            if (group[members] == group[members[0]]).all():
                continue
            members = np.sort(members).tolist()
            for x, a in enumerate(members):
                for c in members[x + 1 :]:
                    if group[a] != group[c]:
                        candidates.add((a, c))
    pairs = []
    for a, c in sorted(candidates):
        sa = samples[offsets[a] : offsets[a + 1]]
        sc = samples[offsets[c] : offsets[c + 1]]
        longer = max(len(sa), len(sc))
        if not longer:
            continue
        overlap = len(np.intersect1d(sa, sc)) / longer
        if overlap >= SAME_TEXT_OVERLAP or (
            overlap >= NEAR_OVERLAP and leads[a] != 0 and leads[a] == leads[c]
        ):
            pairs.append((a, c))
    return pairs
