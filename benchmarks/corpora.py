"""Build the benchmark's large corpora by resampling real Tehran Times articles.

Article ``i`` of every size is the same: the first third of one real article's sentences
(its lead, so it reads like a news story), a middle third of a second one and the last
third of a third, with a distinct id (``bench-0000042``), a date drawn from
2021-07-01..2023-07-05 and the first article's title. Splicing keeps the text real (real
sentences, real actor and claim density) without turning the corpus into copies of 9,347
texts, which the duplicate detector would flag and a cache could skip: 1M articles from
9,347 still reuse each sentence about 100 times, so two spliced articles often share a
third of their text (not enough to be near duplicates).

Corpora are written once, as JSON Lines shards of :data:`SHARD_ROWS` articles, to
``build/bench/corpora/<size>/part-NNNNN.jsonl`` and reused (a ``.done`` file marks a
complete corpus). The source CSV (``../shared/corpora/tehran_times``) is not shipped with
the project: without it nothing is built and the callers skip the large sizes.
"""

import csv
import datetime as dt
import json
import random
import re
from pathlib import Path

SHARD_ROWS = 50_000
SEED = 20261123
FIRST_DAY = dt.date(2021, 7, 1)
DAYS = (dt.date(2023, 7, 5) - FIRST_DAY).days + 1
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def read_source(csv_path: Path) -> list[tuple[str, list[str]]]:
    """Return ``(title, sentences)`` of every article in the Tehran Times CSV."""
    csv.field_size_limit(2**31 - 1)
    out = []
    with open(csv_path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            sentences = [s for s in _SENTENCE_END.split(row["text"]) if s.strip()]
            if sentences:
                out.append((row["title"] or "", sentences))
    return out


def synthetic_article(i: int, source: list[tuple[str, list[str]]]) -> dict:
    """Return article ``i`` of the benchmark corpus (the same for every corpus size)."""
    rng = random.Random(SEED * 1_000_003 + i)
    title, first = source[rng.randrange(len(source))]
    _, second = source[rng.randrange(len(source))]
    _, third = source[rng.randrange(len(source))]
    thirds = [len(part) // 3 for part in (first, second, third)]
    pieces = [
        " ".join(first[: max(1, thirds[0])]),
        " ".join(second[thirds[1] : 2 * thirds[1]]),
        " ".join(third[len(third) - thirds[2] :] if thirds[2] else []),
    ]
    text = "\n".join(p for p in pieces if p)
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    return {
        "id": f"bench-{i:07d}", "date": day.isoformat(), "source": "Tehran Times",
        "title": title, "text": text,
    }  # fmt: skip


def build_corpus(csv_path: Path, out_dir: Path, size: int, start: int = 0) -> Path:
    """Write articles ``start .. start+size-1`` as JSONL shards in ``out_dir`` (once)."""
    out_dir = Path(out_dir)
    done = out_dir / ".done"
    if done.exists():
        return out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    source = read_source(csv_path)
    for shard, first in enumerate(range(start, start + size, SHARD_ROWS)):
        path = out_dir / f"part-{shard:05d}.jsonl"
        tmp = path.with_suffix(".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            for i in range(first, min(first + SHARD_ROWS, start + size)):
                fh.write(json.dumps(synthetic_article(i, source), ensure_ascii=False) + "\n")
        tmp.replace(path)
    done.write_text(f"{size} articles from {start}\n")
    return out_dir


if __name__ == "__main__":
    import sys

    build_corpus(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
