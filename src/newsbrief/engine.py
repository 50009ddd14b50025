"""Ingest and extraction for corpora of any size: in chunks, cached, on all cores or Dask.

:func:`run_extract` streams the input records, cuts them into chunks of about
``chunk_size`` articles and runs each chunk (build the article rows, sentences, actor
mentions, claims, candidate counts) in a worker: a process pool on this machine
(``engine="local"``, the default) or a Dask cluster (``engine="dask"``, a local cluster or
``scheduler="tcp://host:8786"``). Each chunk's output is cached under ``cache_dir`` by
content: the ingest stage by a hash of the chunk's input records, the extraction stage by
that hash plus the lexicon's and taxonomy's versions (and the package's code), so a
re-run redoes only chunks whose articles changed, and only extraction when just the
config changed. Chunk boundaries depend on the records themselves (a record ends a chunk
when its hash says so), so new articles only disturb the chunks they fall in. A run
interrupted by Ctrl-C keeps its finished chunks in the cache and resumes from them.
The inputs themselves are read only when needed: :mod:`newsbrief.engine_inputs` keeps an
index of every file's records, so an unchanged file is not read again unless one of its
chunks has to be rebuilt.

An edit of the actor lexicon does not redo every chunk: the cache keeps each lexicon it
has seen (``lexicons/<version>.pkl``) and, per chunk, which extraction was made last for
the same articles, taxonomy and code (``extract-base/``). The new extraction starts from
that one: :mod:`newsbrief.lexicon_diff` turns the edit into the match keys it can change,
only articles containing one are re-extracted, and their rows are spliced into the
previous tables (candidate counts are recounted for the chunk); the rest of the files are
hard links. A wholesale edit (too many keys), a taxonomy or code change redoes all.

The driver holds a few numbers per chunk, not per article: content hashes and
near-duplicate signatures are read back from the ingest cache once every chunk is done,
into arrays allocated once, and ids only for articles with a copy. Workers return memory
to the system after each chunk.

Duplicates are found across the whole corpus (:mod:`newsbrief.engine_duplicates`): exact
copies by content hash; near copies inside a chunk exactly as for a small corpus, across
chunks by compact signatures (:func:`newsbrief.ingest_dedupe.find_cross_near_pairs`),
never by holding the texts; pairs checked in an earlier run are not checked again.

A corpus that fits in one chunk takes the in-memory path of
:func:`newsbrief.ingest.load_articles` and :func:`newsbrief.pipeline.extract_tables` and
writes one file per table; a larger one writes each per-article table as a directory of
part files (``mentions.parquet/part-00000.parquet`` ...), which ``pd.read_parquet`` reads
as one table. ``candidates.parquet`` is always one file. Outputs are written to a staging
folder and moved into place at the end: an interrupted run leaves the previous tables.

Differences from the one-chunk path, all at the edges: an article whose text turns out
empty still reserves its id when repeated ids are renamed; rows of skipped files and of
metadata files are the ingest log's last part.
"""

import contextlib
import ctypes
import functools
import hashlib
import json
import os
import shutil
import sys
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from newsbrief.engine_duplicates import cached_duplicates
from newsbrief.engine_inputs import InputRecords, chunk_key
from newsbrief.errors import BuildError, InputError, ParameterError
from newsbrief.ingest import (
    ARTICLE_COLUMNS,
    LOG_COLUMNS,
    MAX_FILE_MB,
    article_from_record,
    load_articles,
    log_row,
    metadata_inputs,
    save_corpus,
)
from newsbrief.ingest_dedupe import (
    find_near_pairs,
    near_signatures,
    text_shingles,
)
from newsbrief.ingest_metadata import METADATA_REASON, apply_metadata, read_metadata
from newsbrief.ingest_walk import InputFile, find_inputs
from newsbrief.lexicon_diff import (
    LexiconDiff,
    diff_lexicons,
    load_lexicon_snapshot,
    same_rows,
    save_lexicon_snapshot,
    splice_rows,
    touched_articles,
)

CHUNK_ARTICLES = 2500
"""Default articles per chunk: ~10 MB of text, under 1 GB of memory per worker."""
PART_TABLES = ["articles", "ingest_log", "sentences", "mentions", "claims"]
EXTRACT_TABLES = ["sentences", "mentions", "claims"]
LONG_TEXT_COLUMNS = frozenset({"text", "raw_text", "evidence"})
MENTION_KEY = ["article_id", "start", "end"]
SPLICE_MAX_SHARE = 0.5
"""A lexicon edit touching more of a chunk's articles than this re-extracts the chunk."""
ENGINES = ("local", "dask")
CANDIDATE_BATCH = 16
"""Chunks' candidate counts merged at once (bounds memory: one row per name is kept)."""
_PACKAGE = Path(__file__).resolve().parent
_INGEST_MODULES = ("ingest", "text", "dates", "engine")
_EXTRACT_MODULES = ("sentences", "lexicon", "actors", "taxonomy", "claims", "pipeline")


@functools.cache
def code_version(stage: str = "extract") -> str:
    """Short hash of the package's source: changing the code invalidates the caches.

    The ``ingest`` stage depends on the ingest, text and date modules; ``extract`` on
    those and the extraction modules (not on the build, render or analysis modules).
    """
    modules = _INGEST_MODULES if stage == "ingest" else _INGEST_MODULES + _EXTRACT_MODULES
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(_PACKAGE.glob("*.py")):
        if not path.stem.startswith(modules):
            continue
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@dataclass
class ChunkTask:
    """One chunk of input records, with what its worker needs to process it."""

    index: int
    records: list[dict] | None
    """The chunk's input records (None when its ingest is cached: not needed)."""
    meta: dict[str, list[tuple[dict, str]]]
    key: str
    """Content hash of the records and their metadata (the ingest cache key)."""
    cache_dir: str
    config_dir: str | None
    extract: bool = True


@dataclass
class ChunkResult:
    """What a worker returns: cache folders, counts and stage timings.

    Kept small (the driver holds one per chunk): the dedupe keys stay in the ingest cache
    and are read back once every chunk is done.
    """

    index: int
    ingest_dir: str
    extract_dir: str | None
    articles: int
    words: int
    cached: bool
    seconds: dict[str, float]
    """Wall seconds per stage."""
    cpu_seconds: dict[str, float]
    """CPU seconds per stage (of this worker process)."""
    log_counts: Counter = field(default_factory=Counter)


@dataclass
class ExtractRun:
    """What :func:`run_extract` did."""

    out_dir: Path
    written: list[Path]
    articles: int
    words: int
    chunks: int
    cached_chunks: int
    seconds: float
    stage_seconds: dict[str, float]
    """Wall seconds per stage, summed over chunks (and so over workers)."""
    summary: str
    stage_cpu_seconds: dict[str, float] = field(default_factory=dict)
    """CPU seconds per stage, summed over workers."""


# --- worker side -------------------------------------------------------------------------

_CONFIG_MEMO: dict = {}


def _config(config_dir: str | None):
    from newsbrief.lexicon import load_lexicon
    from newsbrief.taxonomy import load_taxonomy

    if config_dir not in _CONFIG_MEMO:
        path = Path(config_dir) if config_dir else None
        _CONFIG_MEMO.clear()
        _CONFIG_MEMO[config_dir] = (load_lexicon(path), load_taxonomy(path))
    return _CONFIG_MEMO[config_dir]


def extract_key(ingest_key: str, config_dir: str | None) -> str:
    """Cache key of a chunk's extraction: its articles, the config versions and the code."""
    lexicon, taxonomy = _config(config_dir)
    raw = f"{ingest_key}\0{lexicon.version}\0{taxonomy.version}\0{code_version()}"
    return hashlib.blake2b(raw.encode(), digest_size=10).hexdigest()


def _write_dir(
    tables: dict[str, pd.DataFrame],
    arrays: dict[str, np.ndarray],
    final: Path,
    links: dict[str, Path] | None = None,
    like: Path | None = None,
):
    """Write a cache folder atomically: into a temporary sibling, then rename.

    ``links`` are files of another cache folder to reuse as they are (hard-linked);
    ``like`` is a folder whose same-named tables' schema metadata the tables take.
    """
    tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        for name, source in (links or {}).items():
            _link(source, tmp / name)
        for name, df in tables.items():
            table = df if isinstance(df, pa.Table) else _arrow(df)
            if like is not None:
                table = table.replace_schema_metadata(
                    pq.read_schema(like / f"{name}.parquet").metadata
                )
            _write_parquet(table, tmp / f"{name}.parquet")
        if arrays:
            np.savez(tmp / "signatures.npz", **arrays)
        try:
            tmp.rename(final)
        except OSError:  # another worker finished the same chunk first
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _write_parquet(table: pa.Table, path: Path) -> None:
    """Write a table: zstd level 1, no dictionary pages for the long text columns.

    Texts are nearly all distinct: a dictionary only costs time before the writer falls
    back to plain pages (half the time of writing an articles chunk). zstd at level 1
    writes as fast as snappy, reads 40% faster and makes files a third smaller.
    """
    dictionary = [f.name for f in table.schema if f.name not in LONG_TEXT_COLUMNS]
    pq.write_table(table, path, use_dictionary=dictionary, compression="zstd",
                   compression_level=1)  # fmt: skip


def _arrow(df: pd.DataFrame) -> pa.Table:
    """Arrow table with a stable schema: all-null columns typed as strings."""
    table = pa.Table.from_pandas(df, preserve_index=False)
    fields = [
        pa.field(f.name, pa.string()) if pa.types.is_null(f.type) or
        pa.types.is_large_string(f.type) else f
        for f in table.schema
    ]  # fmt: skip
    return table.cast(pa.schema(fields, metadata=table.schema.metadata))


def _build_chunk(task: ChunkTask) -> tuple[pd.DataFrame, pd.DataFrame]:
    articles, log_rows = [], []
    for rec in task.records:
        art, row = article_from_record(rec)
        log_rows.append(row)
        if art is None:
            continue
        for meta, name in task.meta.get(art["article_id"], ()):  # (ids and paths stay)
            art = apply_metadata(art, meta, name)
        articles.append(art)
    columns = [c for c in ARTICLE_COLUMNS if c not in ("duplicate_of", "duplicate_kind", "status")]
    df = pd.DataFrame(articles, columns=columns, dtype=object)
    df["duplicate_of"] = pd.Series([None] * len(df), dtype=object)
    df["duplicate_kind"] = pd.Series([None] * len(df), dtype=object)
    df["status"] = "loaded"
    df["input_row"] = df["input_row"].astype("Int64")
    df["word_count"] = df["word_count"].astype("int64")
    df["is_english"] = df["is_english"].astype(bool)
    df = df.sort_values(["input_path", "input_row"], na_position="first", kind="stable")
    df = df[ARTICLE_COLUMNS].reset_index(drop=True)
    log = pd.DataFrame(log_rows, columns=LOG_COLUMNS)
    log["input_row"] = log["input_row"].astype("Int64")
    log = log.sort_values(["input_path", "input_row"], na_position="first", kind="stable")
    return df, log.reset_index(drop=True)


class _Clock:
    """Wall and CPU seconds per stage of one chunk's work."""

    def __init__(self):
        self.wall: Counter = Counter()
        self.cpu: Counter = Counter()
        self.restart()

    def restart(self) -> None:
        self.at, self.cpu_at = time.perf_counter(), time.process_time()

    def lap(self, stage: str) -> None:
        """Charge the time since the last lap (or restart) to ``stage``."""
        at, cpu_at = time.perf_counter(), time.process_time()
        self.wall[stage] += at - self.at
        self.cpu[stage] += cpu_at - self.cpu_at
        self.at, self.cpu_at = at, cpu_at


def process_chunk(task: ChunkTask) -> ChunkResult:
    """Build, then extract, one chunk, reusing whatever the cache already holds."""
    cache = Path(task.cache_dir)
    ingest_dir = cache / "ingest" / task.key
    clock = _Clock()
    cached = True
    articles = None
    if not (ingest_dir / "signatures.npz").exists():
        if task.records is None:
            raise BuildError(f"chunk {task.index}: its cached ingest {ingest_dir} disappeared "
                             "during the run; run again")  # fmt: skip
        cached = False
        articles, log = _build_chunk(task)
        clock.lap("ingest")
        texts = articles["text"].tolist()
        shingles = text_shingles(texts)
        pairs = np.asarray(find_near_pairs(texts, shingles), dtype=np.int64).reshape(-1, 2)
        arrays = near_signatures(texts, shingles)
        del shingles
        arrays["pairs"] = pairs
        clock.lap("dedupe")
        _write_dir({"articles": articles, "ingest_log": log}, arrays, ingest_dir)
        clock.lap("write")
    words = pd.read_parquet(ingest_dir / "articles.parquet", columns=["word_count"])
    log_status = pd.read_parquet(ingest_dir / "ingest_log.parquet", columns=["status", "reason"])
    extract_dir = None
    if task.extract:
        extract_dir = cache / "extract" / extract_key(task.key, task.config_dir)
        if not (extract_dir / "candidate_counts.parquet").exists():
            cached = False
            _extract_or_splice(task, ingest_dir, articles, extract_dir, clock)
    counts = Counter(zip(log_status["status"], log_status["reason"].fillna(""), strict=True))
    del articles
    _release_memory()
    return ChunkResult(
        index=task.index, ingest_dir=str(ingest_dir),
        extract_dir=str(extract_dir) if extract_dir else None, articles=len(words),
        words=int(words["word_count"].sum()), cached=cached,
        seconds=dict(clock.wall), cpu_seconds=dict(clock.cpu),
        log_counts=counts,
    )  # fmt: skip


def _release_memory() -> None:
    """Hand memory freed by a chunk back to the system (glibc and Arrow keep it otherwise).

    A worker's resident size then stays near one chunk's needs instead of its largest.
    """
    pa.default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _extract_or_splice(task: ChunkTask, ingest_dir: Path, articles, out: Path, clock) -> None:
    """Extract a chunk, or splice a lexicon edit into its previous extraction.

    The previous extraction of the same articles, taxonomy and code (whatever its lexicon)
    is found through a pointer file; when the lexicon edit since then can be bounded
    (:mod:`newsbrief.lexicon_diff`), only the articles it can touch are re-extracted.
    """
    cache = Path(task.cache_dir)
    lexicon, taxonomy = _config(task.config_dir)
    snapshot = cache / "lexicons" / f"{lexicon.version}.pkl"
    if not snapshot.exists():
        save_lexicon_snapshot(lexicon, snapshot)
    raw = f"{task.key}\0{taxonomy.version}\0{code_version()}"
    pointer = cache / "extract-base" / hashlib.blake2b(raw.encode(), digest_size=10).hexdigest()
    done = False
    base = _read_pointer(pointer, cache)
    if base is not None:
        done = _splice_chunk(task, ingest_dir, base, out, clock)
    if not done:
        if articles is None:
            clock.restart()
            articles = pd.read_parquet(ingest_dir / "articles.parquet")
            clock.lap("read")
        _extract_chunk(articles, task.config_dir, out, clock)
    pointer.parent.mkdir(parents=True, exist_ok=True)
    tmp = pointer.with_name(f".{pointer.name}.{os.getpid()}.tmp")
    tmp.write_text(f"{out.name} {lexicon.version}\n")
    tmp.replace(pointer)


def _read_pointer(pointer: Path, cache: Path) -> tuple[Path, str] | None:
    """The previous extraction folder and its lexicon version, if both are still cached."""
    try:
        name, version = pointer.read_text().split()
    except (OSError, ValueError):
        return None
    base = cache / "extract" / name
    if not (base / "candidate_counts.parquet").exists():
        return None
    if not (cache / "lexicons" / f"{version}.pkl").exists():
        return None
    return base, version


_DIFF_MEMO: dict = {}


def _lexicon_diff(cache: Path, version: str, config_dir: str | None):
    """``(old lexicon, diff)`` from lexicon ``version`` to the current one (memoised)."""
    lexicon, _ = _config(config_dir)
    key = (str(cache), version, lexicon.version)
    if key not in _DIFF_MEMO:
        old = load_lexicon_snapshot(cache / "lexicons" / f"{version}.pkl")
        _DIFF_MEMO.clear()
        _DIFF_MEMO[key] = (old, diff_lexicons(old, lexicon) if old is not None else None)
    return _DIFF_MEMO[key]


def _splice_chunk(task: ChunkTask, ingest_dir: Path, base: tuple[Path, str], out: Path,
                  clock: _Clock) -> bool:  # fmt: skip
    """Re-extract only the articles a lexicon edit can touch; False: extract the chunk."""
    from newsbrief.actors import extract_mentions
    from newsbrief.actors_candidates import count_candidate_names
    from newsbrief.claims import CLAIM_KEY, extract_claims

    base_dir, version = base
    _, diff = _lexicon_diff(Path(task.cache_dir), version, task.config_dir)
    if diff is None:
        return False
    lexicon, taxonomy = _config(task.config_dir)
    clock.restart()
    scan = pd.read_parquet(ingest_dir / "articles.parquet",
                           columns=["article_id", "text", "source"])  # fmt: skip
    touched = touched_articles(scan, diff)
    clock.lap("lexicon_scan")
    links = {f"{name}.parquet": base_dir / f"{name}.parquet" for name in EXTRACT_TABLES}
    links["candidate_counts.parquet"] = base_dir / "candidate_counts.parquet"
    if not touched:
        _write_dir({}, {}, out, links)
        clock.lap("write")
        return True
    if len(touched) > SPLICE_MAX_SHARE * len(scan):
        return False
    del scan
    hit = [("article_id", "in", sorted(touched))]
    # Extraction reads no raw_text (the largest column): leave it on disk.
    columns = [c for c in pq.read_schema(ingest_dir / "articles.parquet").names
               if c != "raw_text"]  # fmt: skip
    articles = pd.read_parquet(ingest_dir / "articles.parquet", columns=columns, filters=hit)
    hit_sentences = pd.read_parquet(base_dir / "sentences.parquet", filters=hit)
    clock.lap("read")
    # Tables whose touched rows come out the same are linked, not read whole and rewritten.
    reuse = {"sentences.parquet": links["sentences.parquet"]}
    tables, spliced = {}, {}

    def keep_or_splice(name: str, new_rows: pd.DataFrame, key: list[str]) -> None:
        path = base_dir / f"{name}.parquet"
        if same_rows(pd.read_parquet(path, filters=hit), new_rows, touched, key):
            reuse[f"{name}.parquet"] = path
        else:
            tables[name] = spliced[name] = splice_rows(pd.read_parquet(path), new_rows,
                                                       touched, key)  # fmt: skip

    new_mentions = extract_mentions(hit_sentences, articles, lexicon)
    clock.lap("actors")
    keep_or_splice("mentions", new_mentions, MENTION_KEY)
    same_mentions = "mentions" not in spliced
    clock.lap("splice")
    if same_mentions and not diff.actors:
        # Claims read the lexicon through the mentions and the actors' own facts (outlets'
        # names): with neither changed, they stand.
        reuse["claims.parquet"] = links["claims.parquet"]
    else:
        new_claims = extract_claims(hit_sentences, new_mentions, articles, taxonomy, lexicon)
        clock.lap("claims")
        keep_or_splice("claims", new_claims, CLAIM_KEY)
        clock.lap("splice")
    known = LexiconDiff(diff.known, diff.actors)
    if same_mentions and not touched_articles(articles, known):
        # Same mentions, no name newly (un)known: the candidate counts stand.
        reuse["candidate_counts.parquet"] = links["candidate_counts.parquet"]
    else:
        # Recounted, not spliced: a name's example is its smallest over every article of
        # the chunk, and finding the next one after a touched article cost twice this.
        sentences = pd.read_parquet(base_dir / "sentences.parquet")
        mentions = spliced.get("mentions")
        if mentions is None:
            mentions = pd.read_parquet(base_dir / "mentions.parquet")
        tables["candidate_counts"] = count_candidate_names(sentences, mentions, lexicon)
    clock.lap("candidates")
    _write_dir(tables, {}, out, reuse)
    clock.lap("write")
    return True


def _extract_chunk(articles: pd.DataFrame, config_dir: str | None, out: Path, clock) -> None:
    from newsbrief.actors import extract_mentions
    from newsbrief.actors_candidates import count_candidate_names
    from newsbrief.claims import extract_claims
    from newsbrief.sentences import split_sentences

    lexicon, taxonomy = _config(config_dir)
    clock.restart()
    sentences = split_sentences(articles)
    clock.lap("sentences")
    mentions = extract_mentions(sentences, articles, lexicon)
    clock.lap("actors")
    claims = extract_claims(sentences, mentions, articles, taxonomy, lexicon)
    clock.lap("claims")
    counts = count_candidate_names(sentences, mentions, lexicon)
    clock.lap("candidates")
    tables = {"sentences": sentences, "mentions": mentions, "claims": claims,
              "candidate_counts": counts}  # fmt: skip
    _write_dir(tables, {}, out)
    clock.lap("write")


def finalize_chunk(
    result: ChunkResult, duplicates: dict[str, tuple[str, str]], staging: str
) -> "_Clock":
    """Write a chunk's final parts into ``staging``: duplicates marked, the rest linked."""
    part = f"part-{result.index:05d}.parquet"
    stage = Path(staging)
    ingest = Path(result.ingest_dir)
    clock = _Clock()
    source = _marked_dir(ingest, duplicates) or ingest
    # Marked copies of the cached parts, kept in the cache for re-runs.
    if source != ingest and not (source / "ingest_log.parquet").exists():
        _write_dir(_mark_duplicates(ingest, duplicates), {}, source, like=ingest)
    for name in PART_TABLES[:2]:
        _link(source / f"{name}.parquet", stage / f"{name}.parquet" / part)
    if result.extract_dir:
        for name in EXTRACT_TABLES:
            _link(Path(result.extract_dir) / f"{name}.parquet", stage / f"{name}.parquet" / part)
    clock.lap("final parts")
    return clock


def _marked_dir(ingest: Path, duplicates: dict) -> Path | None:
    """Where the cache keeps a chunk's parts with these duplicates marked (None: no marks)."""
    if not duplicates:
        return None
    marks = hashlib.blake2b(repr(sorted(duplicates.items())).encode(), digest_size=8)
    return ingest.parent.parent / "final" / f"{ingest.name}-{marks.hexdigest()}"


def _prune_marked(cache_dir: Path, ordered: list[ChunkResult], duplicates: dict) -> None:
    """Drop marked copies neither this run nor the one before used.

    Each is a full copy of a chunk's articles; keeping the previous run's lets a user go
    back and forth between two corpora (or with and without new articles) in one cache.
    The published parts are hard links: they keep their data.
    """
    folder = cache_dir / "final"
    if not folder.is_dir():
        return
    used = {_marked_dir(Path(r.ingest_dir), duplicates.get(r.index, {})) for r in ordered}
    names = sorted(p.name for p in used if p is not None)
    record = folder / ".last-runs.json"
    try:
        previous = json.loads(record.read_text(encoding="utf-8"))[-1:]
    except (OSError, ValueError, IndexError, TypeError):
        previous = []
    keep = set(names).union(*map(set, previous))
    for item in folder.iterdir():
        if item.name not in keep and not item.name.startswith("."):
            shutil.rmtree(item, ignore_errors=True)
    tmp = record.with_name(f".last-runs.{os.getpid()}.tmp")
    tmp.write_text(json.dumps([*previous, names]), encoding="utf-8")
    os.replace(tmp, record)


def _mark_duplicates(ingest: Path, duplicates: dict) -> dict[str, pa.Table]:
    """A chunk's cached articles and ingest log with its duplicates marked.

    In Arrow, not pandas: the texts pass through untouched (a third of the time).
    """
    articles = pq.read_table(ingest / "articles.parquet")
    marks = [duplicates.get(a) for a in articles.column("article_id").to_pylist()]
    articles = _set_columns(articles, {
        "duplicate_of": [m[0] if m else None for m in marks],
        "duplicate_kind": [m[1] if m else None for m in marks],
        "status": ["duplicate" if m else "loaded" for m in marks],
    })  # fmt: skip
    log = pq.read_table(ingest / "ingest_log.parquet")
    log_ids = log.column("article_id").to_pylist()
    statuses = log.column("status").to_pylist()
    dup_of = log.column("duplicate_of").to_pylist()
    for i, article_id in enumerate(log_ids):
        if article_id in duplicates:
            statuses[i], dup_of[i] = "duplicate", duplicates[article_id][0]
    log = _set_columns(log, {"status": statuses, "duplicate_of": dup_of})
    return {"articles": articles, "ingest_log": log}


def _set_columns(table: pa.Table, columns: dict[str, list]) -> pa.Table:
    """``table`` with the named string columns replaced by the given values."""
    for name, values in columns.items():
        at = table.schema.get_field_index(name)
        table = table.set_column(at, table.schema.field(at), pa.array(values, pa.string()))
    return table


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


# --- driver side -------------------------------------------------------------------------


def _chunks(records: Iterable[dict], chunk_size: int) -> Iterator[list[dict]]:
    """Cut the record stream where a record's own hash says so (content-defined chunks).

    A chunk ends after a record whose id hash is 0 modulo ``chunk_size // 2`` once it holds
    at least half ``chunk_size`` records, and at 2 x ``chunk_size`` at the latest: adding or
    removing articles shifts only the boundaries next to them. A table file (CSV, JSON
    Lines) of at least half ``chunk_size`` rows also ends a chunk, so files added after it
    leave its chunks alone (smaller files are cheap to read again).
    """
    half = max(1, chunk_size // 2)
    chunk: list[dict] = []
    file_rows = 0
    for rec in records:
        if chunk and rec.get("file") != chunk[-1].get("file"):
            if chunk[-1].get("table") and file_rows >= half:
                yield chunk
                chunk = []
            file_rows = 0
        chunk.append(rec)
        file_rows += 1
        key = f"{rec['input_path']}\0{rec.get('input_row')}".encode()
        if len(chunk) >= 2 * chunk_size or (len(chunk) >= half and zlib.crc32(key) % half == 0):
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _metadata_tables(meta_files: list[InputFile]) -> list[tuple[InputFile, dict | None, str]]:
    out = []
    for item in meta_files:
        table, problem = read_metadata(item.path)
        out.append((item, table if not problem else None, problem))
    return out


class _Engine:
    """Run tasks on a process pool, in this process, or on Dask; yield results as done."""

    def __init__(self, engine: str, workers: int, scheduler: str | None):
        self.kind, self.workers = engine, workers
        self.pool = self.client = self.cluster = None
        if engine == "dask":
            from distributed import Client, LocalCluster

            if scheduler:
                self.client = Client(scheduler)
            else:
                self.cluster = LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=40,
                )  # fmt: skip
                self.client = Client(self.cluster)
        elif workers > 1:
            self.pool = self._new_pool()
        self.pending: set = set()

    def _new_pool(self):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # fork: workers start with the package imported and need no __main__ guard.
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        context = multiprocessing.get_context(method)
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=context)

    def pause(self) -> None:
        """Stop the local pool's idle workers; the next task starts new ones.

        The driver's own peak (duplicates across chunks) then does not add to theirs.
        """
        if self.pool is not None and not self.pending:
            self.pool.shutdown(wait=True)
            self.pool = None

    @property
    def capacity(self) -> int:
        return 2 * max(1, self.workers)

    def submit(self, func: Callable, *args) -> None:
        if self.client is not None:
            self.pending.add(self.client.submit(func, *args, pure=False))
        elif self.kind == "local" and self.workers > 1:
            if self.pool is None:
                self.pool = self._new_pool()
            self.pending.add(self.pool.submit(func, *args))
        else:
            self.pending.add(_Done(func(*args)))

    def wait_one(self) -> list:
        """Block until at least one task is done; return the finished results."""
        if self.client is not None:
            from distributed import wait

            done = wait(list(self.pending), return_when="FIRST_COMPLETED").done
        elif self.pool is not None:
            from concurrent.futures import FIRST_COMPLETED, wait

            done = wait(self.pending, return_when=FIRST_COMPLETED).done
        else:
            done = set(self.pending)
        self.pending -= set(done)
        return [f.result() for f in done]

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        if self.client is not None:
            for f in self.pending:
                f.cancel()
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


class _Done:
    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


def run_extract(
    paths: Path | str | Iterable[Path | str],
    out_dir: Path | str,
    *,
    metadata: Path | str | None = None,
    config_dir: Path | str | None = None,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    chunk_size: int = CHUNK_ARTICLES,
    cache_dir: Path | str | None = None,
    extract: bool = True,
    progress: bool = False,
    column_map: dict[str, str] | None = None,
    max_file_mb: float = MAX_FILE_MB,
    on_chunk: Callable[[ChunkResult], None] | None = None,
) -> ExtractRun:
    """Ingest (and extract) the corpus under ``paths`` into Parquet tables in ``out_dir``.

    Args:
        paths: article files or folders, as for :func:`newsbrief.ingest.load_articles`.
        out_dir: where the tables go.
        metadata: an extra metadata CSV (keyed by article_id), applied last.
        config_dir: folder with actors.yaml and claims.yaml (None: the project's config).
        engine: ``local`` (a process pool of ``workers``) or ``dask``.
        workers: processes (default: every core); for Dask, workers of the local cluster.
        scheduler: address of a running Dask scheduler (``tcp://host:8786``).
        chunk_size: articles per chunk, about.
        cache_dir: chunk cache (default: ``out_dir/.cache``).
        extract: also extract sentences, mentions, claims and candidates.
        progress: show a progress bar on stderr.
        column_map: see :func:`newsbrief.ingest.load_articles`.
        max_file_mb: size limit of a one-article file.
        on_chunk: called in this process with each finished chunk.

    Raises:
        InputError: no usable article, or the given metadata file is missing or unusable.
        ParameterError: an unknown engine, or fewer than one worker.
    """
    if engine not in ENGINES:
        raise ParameterError(f"unknown engine {engine!r} (choose {' or '.join(ENGINES)})")
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers < 1 or chunk_size < 1:
        raise ParameterError("--workers and --chunk-size must be at least 1")
    started = time.perf_counter()
    paths = [Path(p) for p in ([paths] if isinstance(paths, str | Path) else paths)]
    out_dir = Path(out_dir)
    config = str(config_dir) if config_dir else None
    inputs = find_inputs(paths, int(max_file_mb * 1e6))
    meta_files = metadata_inputs(inputs, metadata)
    cache = Path(cache_dir) if cache_dir else out_dir / ".cache"
    source = InputRecords(inputs, column_map, cache, code_version("ingest"))
    chunks = _chunks(source.stubs(), chunk_size)
    first = next(chunks, None)
    second = next(chunks, None) if first is not None else None
    if second is None:
        return _run_in_memory(paths, out_dir, metadata, config, extract, progress, column_map,
                              max_file_mb, started)  # fmt: skip
    return _run_chunked(
        [first, second], chunks, source, meta_files, out_dir, config, engine, workers,
        scheduler, cache, extract, progress, on_chunk, started,
    )  # fmt: skip


def _run_in_memory(paths, out_dir, metadata, config, extract, progress, column_map,
                   max_file_mb, started) -> ExtractRun:  # fmt: skip
    from newsbrief.pipeline import extract_tables, save_tables

    corpus = load_articles(paths, metadata=metadata, progress=progress, column_map=column_map,
                           max_file_mb=max_file_mb)  # fmt: skip
    _clear_parts(out_dir, ["articles", "ingest_log"])
    written = save_corpus(corpus, out_dir)
    if extract:
        tables = extract_tables(corpus.articles, Path(config) if config else None)
        _clear_parts(out_dir, list(tables))
        written += save_tables(tables, out_dir)
    arts = corpus.articles
    return ExtractRun(out_dir, written, len(arts), int(arts["word_count"].sum()), 1, 0,
                      time.perf_counter() - started, {}, corpus.summary())  # fmt: skip


def _clear_parts(out_dir: Path, names: list[str]) -> None:
    """Remove part-file folders of a previous chunked run that one files will replace."""
    for name in names:
        target = out_dir / f"{name}.parquet"
        if target.is_dir():
            shutil.rmtree(target)


def _run_chunked(head, rest, source, meta_files, out_dir, config, engine, workers, scheduler,
                 cache_dir, extract, progress, on_chunk, started) -> ExtractRun:  # fmt: skip
    from tqdm import tqdm

    inputs = source.inputs

    metas = _metadata_tables(meta_files)
    meta_rows: dict[str, list[tuple[dict, str]]] = {}
    for item, table, _ in metas:
        for key, row in (table or {}).items():
            meta_rows.setdefault(key, []).append((row, item.path.name))
    total_bytes = sum(f.path.stat().st_size for f in inputs if f.kind in {"article", "table"})
    bar = tqdm(total=None, unit=" articles", disable=not progress, file=sys.stderr,
               desc="extract" if extract else "ingest", dynamic_ncols=True)  # fmt: skip
    results: dict[int, ChunkResult] = {}
    seen_ids: set[str] = set()
    read_records = read_bytes = 0
    code_version()  # once, before the workers fork: one code version for the whole run
    runner = _Engine(engine, workers, scheduler)
    staging = out_dir / f".staging-{os.getpid()}"
    try:
        for index, stubs in enumerate(_chain(head, rest)):
            ids = [r["article_id"] for r in stubs if r["status"] != "skipped"]
            seen_ids.update(i for i in ids if i in meta_rows)
            meta = {i: meta_rows[i] for i in ids if i in meta_rows}
            read_records += len(stubs)
            read_bytes += sum(r["chars"] + 60 for r in stubs)
            # Rows in the files still to read, estimated from the bytes read so far.
            bar.total = max(read_records, int(read_records * total_bytes / max(read_bytes, 1)))
            key = chunk_key(stubs, meta, code_version("ingest"))
            cached = (cache_dir / "ingest" / key / "signatures.npz").exists()
            records = None if cached else source.fill(stubs)
            del stubs
            task = ChunkTask(index, records, meta, key, str(cache_dir), config, extract)
            while len(runner.pending) >= runner.capacity:
                _collect(runner.wait_one(), results, bar, on_chunk)
            runner.submit(process_chunk, task)
        while runner.pending:
            _collect(runner.wait_one(), results, bar, on_chunk)
        bar.total = bar.n  # the estimate ends here: every input has been read
        bar.close()
        ordered = [results[i] for i in range(len(results))]
        if not any(r.articles for r in ordered):
            names = ", ".join(str(f.input_path) for f in inputs)
            raise InputError(f"no usable article in {names}")
        runner.pause()
        shutil.rmtree(staging, ignore_errors=True)
        for name in PART_TABLES if extract else PART_TABLES[:2]:
            (staging / f"{name}.parquet").mkdir(parents=True)
        if extract:  # on a worker, while the driver decides the duplicates
            runner.submit(write_candidates, ordered, str(staging / "candidates.parquet"),
                          str(cache_dir))  # fmt: skip
        driver = _Clock()  # the driver's own stages
        duplicates = cached_duplicates(ordered, Path(cache_dir), code_version("ingest"))
        driver.lap("driver: duplicates")
        _finalize_all(runner, ordered, duplicates, staging, driver)
        driver.restart()
    except BaseException:
        bar.close()
        runner.close()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    runner.close()
    file_log = _file_log_rows(inputs, metas, seen_ids)
    if len(file_log):
        part = staging / "ingest_log.parquet" / f"part-{len(ordered):05d}.parquet"
        pq.write_table(_arrow(file_log), part)
    written = _publish(staging, out_dir)
    _prune_marked(Path(cache_dir), ordered, duplicates)
    stage_seconds: Counter = Counter(driver.wall)
    stage_cpu: Counter = Counter(driver.cpu)
    for r in ordered:
        stage_seconds.update(r.seconds)
        stage_cpu.update(r.cpu_seconds)
    n_articles = sum(r.articles for r in ordered)
    words = sum(r.words for r in ordered)
    summary = _summary(ordered, file_log, duplicates, n_articles)
    return ExtractRun(out_dir, written, n_articles, words, len(ordered),
                      sum(r.cached for r in ordered), time.perf_counter() - started,
                      dict(stage_seconds), summary, dict(stage_cpu))  # fmt: skip


def _finalize_all(runner: "_Engine", ordered, duplicates, staging: Path, clock: _Clock) -> None:
    """Write every chunk's final parts (on the workers); their time is added to ``clock``.

    Also waits for any task already running (the candidate names' merge).
    """
    done = []
    for result in ordered:
        dups = duplicates.get(result.index, {})
        runner.submit(finalize_chunk, result, dups, str(staging))
        while len(runner.pending) >= runner.capacity:
            done += runner.wait_one()
    while runner.pending:
        done += runner.wait_one()
    for worker in done:
        clock.wall.update(worker.wall)
        clock.cpu.update(worker.cpu)


def _chain(head, rest):
    yield from head
    yield from rest


def _collect(done: list[ChunkResult], results: dict, bar, on_chunk) -> None:
    for result in done:
        results[result.index] = result
        bar.update(result.articles)
        if on_chunk is not None:
            on_chunk(result)


def _file_log_rows(inputs, metas, seen_ids: set[str]) -> pd.DataFrame:
    rows = [log_row(f.input_path, None, None, "skipped", f.reason) for f in inputs
            if f.kind == "skipped"]  # fmt: skip
    for item, table, problem in metas:
        note = None
        if table is not None:
            matched = [k for k in table if k in seen_ids]
            note = f"{item.input_path}: applied to {len(matched)} of {len(table)} rows"
            unmatched = sorted(set(table) - set(matched))
            if unmatched:
                note += f"; no article for {', '.join(unmatched[:5])}"
                note += " ..." if len(unmatched) > 5 else ""
        rows.append(log_row(item.input_path, None, None, "skipped", problem or METADATA_REASON,
                         note))  # fmt: skip
    log = pd.DataFrame(rows, columns=LOG_COLUMNS)
    log["input_row"] = log["input_row"].astype("Int64")
    return log.sort_values(["input_path"], kind="stable").reset_index(drop=True)


def write_candidates(ordered: list[ChunkResult], path: str, cache_dir: str) -> _Clock:
    """Merge every chunk's candidate counts, a batch at a time (most names are rare).

    The result is kept in the cache for the same chunks' count files (a re-run with nothing
    new, or after a lexicon edit that left the counts alone, links it).
    """
    from newsbrief.actors_candidates import merge_candidate_counts, select_candidates

    clock = _Clock()
    path, cache_dir = Path(path), Path(cache_dir)
    digest = hashlib.blake2b(digest_size=12)
    for r in ordered:  # by file identity: a lexicon edit links the counts it leaves alone
        stat = (Path(r.extract_dir) / "candidate_counts.parquet").stat()
        digest.update(f"{stat.st_dev} {stat.st_ino} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    cached = cache_dir / "candidates" / f"{digest.hexdigest()}.parquet"
    if not cached.exists():
        merged, batch = None, CANDIDATE_BATCH
        for start in range(0, len(ordered), batch):
            parts = [pd.read_parquet(Path(r.extract_dir) / "candidate_counts.parquet")
                     for r in ordered[start : start + batch]]  # fmt: skip
            if merged is not None:
                parts.insert(0, merged)
            merged = merge_candidate_counts(pd.concat(parts, ignore_index=True))
        cached.parent.mkdir(parents=True, exist_ok=True)
        for old in cached.parent.glob("*.parquet"):  # only the latest is kept
            old.unlink(missing_ok=True)
        tmp = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
        pq.write_table(_arrow(select_candidates(merged)), tmp)
        os.replace(tmp, cached)
    _link(cached, path)
    clock.lap("candidates merge")
    return clock


def _publish(staging: Path, out_dir: Path) -> list[Path]:
    """Move each finished table from staging into ``out_dir``, replacing the old one."""
    written = []
    for item in sorted(staging.iterdir()):
        target = out_dir / item.name
        old = out_dir / f".old-{item.name}"
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            target.rename(old)
        item.rename(target)
        if old.is_dir():
            shutil.rmtree(old)
        else:
            old.unlink(missing_ok=True)
        written.append(target)
    staging.rmdir()
    return written


def _summary(ordered, file_log, duplicates, n_articles) -> str:
    counts: Counter = Counter()
    for r in ordered:
        counts.update(r.log_counts)
    counts.update(zip(file_log["status"], file_log["reason"].fillna(""), strict=True))
    kinds = Counter(k for dups in duplicates.values() for _, k in dups.values())
    n_duplicates = sum(kinds.values())
    total = sum(counts.values())
    skipped = Counter({reason: n for (status, reason), n in counts.items() if status == "skipped"})
    lines = [
        f"{total} inputs: {n_articles - n_duplicates} loaded, {n_duplicates} duplicates, "
        f"{sum(skipped.values())} skipped"
    ]
    for reason, n in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"  skipped {n}: {reason}")
    lines.append(f"  duplicates: {kinds.get('exact', 0)} exact, {kinds.get('near', 0)} near")
    lines.append(f"{n_articles} articles in {len(ordered)} chunks")
    return "\n".join(lines)
