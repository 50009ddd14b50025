"""The chunked engine's corpus-wide duplicate pass, and what it keeps for the next run.

Each chunk's ingest cache holds its articles' content hashes, its in-chunk near pairs and
compact near-duplicate signatures (:func:`newsbrief.ingest_dedupe.near_signatures`).
Once every chunk is done, :func:`cached_duplicates` decides, for the whole corpus, which
articles are exact or near copies of which (:func:`newsbrief.ingest_dedupe.
assign_duplicates`: the earliest published is kept), holding a few numbers per article,
not texts.

Two things are remembered in ``cache_dir/duplicates/``: the decision itself, for the same
chunks in the same order (a re-run with nothing new, or after a config edit, reads it
back), and the verdict on every candidate pair across chunks, keyed by the two texts'
content hashes (a run with new articles checks only the pairs it has not seen: checking
is most of the pass).
"""

import hashlib
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd

from newsbrief.ingest_dedupe import (
    LSH_BANDS,
    assign_duplicates,
    cross_candidates,
    near_verdicts,
)

VERDICTS = "pair-verdicts.npz"


def cached_duplicates(ordered: list, cache_dir: Path, code: str) -> dict:
    """``{chunk index: {article_id: (duplicate_of, kind)}}`` over every chunk, cached.

    Args:
        ordered: the chunks' results (``index`` and ``ingest_dir``), in input order.
        cache_dir: the engine's cache.
        code: the ingest code's version (decisions of other code are not reused).
    """
    digest = hashlib.sha256(code.encode())
    for r in ordered:
        digest.update(f"{r.index}\0{Path(r.ingest_dir).name}\n".encode())
    folder = cache_dir / "duplicates"
    path = folder / f"{digest.hexdigest()[:32]}.json"
    if path.exists():
        saved = json.loads(path.read_text(encoding="utf-8"))
        return {int(c): {a: tuple(v) for a, v in rows.items()} for c, rows in saved.items()}
    found = global_duplicates(ordered, folder / f"{code}-{VERDICTS}")
    folder.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(json.dumps({str(c): rows for c, rows in found.items()}), encoding="utf-8")
    os.replace(partial, path)  # atomic: an interrupted run leaves no half-written file
    return found


def global_duplicates(
    ordered: list, verdicts: Path | None = None
) -> dict[int, dict[str, tuple[str, str]]]:
    """``{chunk index: {article_id: (duplicate_of, kind)}}`` over every chunk.

    Reads each chunk's content hashes and near-duplicate signatures back from the ingest
    cache into arrays allocated once; ids and dates are read only for the few articles
    that have an exact or near copy (every other article is kept, whatever the rest).
    ``verdicts``: where candidate pairs' verdicts are kept between runs (None: not kept).
    """
    sizes, hashes, pairs, sample_sizes = [], [], [], []
    for r in ordered:
        ingest = Path(r.ingest_dir)
        column = pd.read_parquet(ingest / "articles.parquet", columns=["content_hash"])
        hashes.append(np.asarray(column["content_hash"].tolist(), dtype=np.bytes_))
        with np.load(ingest / "signatures.npz") as npz:
            pairs.append(npz["pairs"].reshape(-1, 2) + sum(sizes))
            sample_sizes.append(int(npz["offsets"][-1]))
        sizes.append(len(column))
    starts = np.cumsum([0, *sizes])
    all_hashes = np.concatenate(hashes) if hashes else np.empty(0, dtype=np.bytes_)
    del hashes
    _, first, inverse, counts = np.unique(all_hashes, return_index=True, return_inverse=True,
                                          return_counts=True)  # fmt: skip
    skip = np.ones(len(all_hashes), dtype=bool)
    skip[first] = False  # exact copies of an earlier article are not compared again
    signatures = _load_signatures(ordered, starts, sample_sizes)
    group = np.repeat(np.array([r.index for r in ordered], dtype=np.int64), sizes)
    cross = _cross_pairs(signatures, group, skip, _fingerprints(all_hashes), verdicts)
    del signatures, group, skip
    pair_array = np.concatenate([*pairs, cross])
    involved = counts[inverse] > 1
    involved[pair_array.ravel()] = True
    index = np.flatnonzero(involved)
    ids, published = _keys_of(ordered, starts, index)
    local = np.searchsorted(index, pair_array)
    dup_of, kind = assign_duplicates(ids, published, all_hashes[index].tolist(),
                                     [tuple(p) for p in local.tolist()])  # fmt: skip
    chunk_of = np.searchsorted(starts, index, side="right") - 1
    out: dict[int, dict[str, tuple[str, str]]] = {}
    for i, chunk in enumerate(chunk_of.tolist()):
        if dup_of[i] is not None:
            out.setdefault(ordered[chunk].index, {})[ids[i]] = (dup_of[i], kind[i])
    return out


def _fingerprints(hashes: np.ndarray) -> np.ndarray:
    """Content hashes (16 hex digits each) as unsigned 64-bit integers."""
    if not len(hashes):
        return np.empty(0, dtype=np.uint64)
    raw = bytes.fromhex(b"".join(hashes.tolist()).decode("ascii"))
    return np.frombuffer(raw, dtype=">u8").astype(np.uint64)


def _cross_pairs(signatures, group, skip, fingerprints: np.ndarray, path: Path | None):
    """Near pairs across chunks (n x 2), re-using the verdicts saved at ``path``.

    A verdict is keyed by the pair's two content hashes (smaller, larger), mixed into one
    sorted 64-bit key with the smaller kept beside it to confirm a match. The file is
    rewritten with this run's candidates only, so it never outgrows the corpus.
    """
    a, c = cross_candidates(signatures, group, skip)
    low = np.minimum(fingerprints[a], fingerprints[c])
    high = np.maximum(fingerprints[a], fingerprints[c])
    with np.errstate(over="ignore"):
        keys = low * np.uint64(0x9E3779B97F4A7C15) ^ high
    order = np.argsort(keys, kind="stable")  # sorted lookups are several times faster
    a, c, low, keys = a[order], c[order], low[order], keys[order]
    near = np.zeros(len(a), dtype=bool)
    known = np.zeros(len(a), dtype=bool)
    saved = _load_verdicts(path)
    if saved is not None and len(saved["keys"]) and len(keys):
        at = np.minimum(np.searchsorted(saved["keys"], keys), len(saved["keys"]) - 1)
        known = (saved["keys"][at] == keys) & (saved["low"][at] == low)
        near[known] = saved["near"][at[known]]
    todo = np.flatnonzero(~known)
    if len(todo):
        near[todo] = near_verdicts(signatures, a[todo], c[todo])
    if path is not None:
        _save_verdicts(path, {"keys": keys, "low": low, "near": near})
    pairs = np.column_stack([a[near], c[near]]).astype(np.int64)
    return pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]  # by a, then c


def _save_verdicts(path: Path, arrays: dict[str, np.ndarray]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for other in path.parent.glob(f"*-{VERDICTS}"):  # other code's verdicts are stale
        if other != path:
            other.unlink(missing_ok=True)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp.npz")
    np.savez(tmp, **arrays)
    os.replace(tmp, path)  # atomic: an interrupted run keeps the previous file


def _load_verdicts(path: Path | None) -> dict | None:
    if path is None or not path.exists():
        return None
    try:
        with np.load(path) as npz:
            return {name: npz[name] for name in ("keys", "low", "near")}
    except (OSError, ValueError, KeyError):
        return None


def _load_signatures(ordered, starts: np.ndarray, sample_sizes: list[int]) -> dict:
    """Every chunk's signatures, concatenated into arrays allocated once."""
    n = int(starts[-1])
    sample_starts = np.cumsum([0, *sample_sizes])
    out = {
        "bands": np.zeros((n, LSH_BANDS), dtype=np.uint64),
        "leads": np.zeros(n, dtype=np.uint64),
        "samples": np.zeros(int(sample_starts[-1]), dtype=np.uint32),
        "offsets": np.zeros(n + 1, dtype=np.int64),
    }
    for i, r in enumerate(ordered):
        a, b = int(starts[i]), int(starts[i + 1])
        with np.load(Path(r.ingest_dir) / "signatures.npz") as npz:
            out["bands"][a:b] = npz["bands"]
            out["leads"][a:b] = npz["leads"]
            out["samples"][sample_starts[i] : sample_starts[i + 1]] = npz["samples"]
            out["offsets"][a + 1 : b + 1] = npz["offsets"][1:] + sample_starts[i]
    return out


def _keys_of(ordered, starts: np.ndarray, index: np.ndarray) -> tuple[list[str], list]:
    """Article ids and dates at the given corpus positions (sorted), chunk by chunk."""
    ids: list[str] = []
    published: list = []
    chunk_of = np.searchsorted(starts, index, side="right") - 1
    for chunk in np.unique(chunk_of).tolist():
        rows = index[chunk_of == chunk] - starts[chunk]
        path = Path(ordered[chunk].ingest_dir) / "articles.parquet"
        keys = pd.read_parquet(path, columns=["article_id", "published"]).iloc[rows]
        ids += keys["article_id"].tolist()
        published += keys["published"].tolist()
    return ids, published
