"""Time the chunked extraction engine on one benchmark corpus: full run, then incremental.

usage: python benchmarks/scale.py CORPUS_DIR NEW_DIR OUT_JSON [--workers N] [--engine E]

1. Full run: ``run_extract(CORPUS_DIR)`` from an empty cache, on every core.
2. Re-run with nothing changed (every chunk from the cache).
3. Incremental: ``CORPUS_DIR`` plus ``NEW_DIR`` (1% more articles): only the new chunks
   are computed.
4. Lexicon edit: one actor's aliases changed in a copy of the config; ingest comes from
   the cache, extraction is redone.

Peak memory is the largest sum of resident memory of this process and all its children,
sampled every 0.2 s. Writes OUT_JSON (one record per run) and prints it.
"""

import argparse
import json
import os
import shutil
import sys
import threading
import time
from pathlib import Path

import yaml

from newsbrief.engine import run_extract
from newsbrief.paths import CONFIG_DIR


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its descendants, in MB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
        rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo += children.get(p, [])
    return total / 2**20


class PeakMemory:
    """Sample the process tree's resident memory in a thread while a block runs."""

    def __enter__(self):
        self.peak = _tree_rss_mb(os.getpid())
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.wait(0.2):
            self.peak = max(self.peak, _tree_rss_mb(os.getpid()))

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _tree_rss_mb(os.getpid()))


def timed_run(name: str, paths: list[Path], out: Path, **kwargs) -> dict:
    """Run the engine once; return a result record."""
    with PeakMemory() as mem:
        run = run_extract(paths, out, **kwargs)
    return {
        "run": name, "articles": run.articles, "words": run.words, "chunks": run.chunks,
        "cached_chunks": run.cached_chunks, "seconds": round(run.seconds, 2),
        "articles_per_s": round(run.articles / run.seconds, 1),
        "words_per_s": round(run.words / run.seconds), "peak_mb": round(mem.peak),
        "stage_seconds": {k: round(v, 2) for k, v in run.stage_seconds.items()},
        "stage_peak_mb": getattr(run, "stage_peak_mb", {}),
    }  # fmt: skip


def edited_config(target: Path) -> Path:
    """A copy of the config in which one actor (the first with aliases) gains an alias."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(CONFIG_DIR, target)
    path = target / "actors.yaml"
    data = yaml.safe_load(path.read_text())
    actors = data["actors"] if isinstance(data, dict) else data
    for entry in actors:
        if entry.get("aliases"):
            entry["aliases"] = [*entry["aliases"], "Benchmark Alias Example"]
            break
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    return target


def measure(
    corpus: Path,
    new: Path | None,
    work: Path,
    workers: int,
    engine: str,
    lexicon_edit: bool = True,
    progress: bool = True,
    chunk_size: int | None = None,
) -> list[dict]:
    """Full, cached, +1% and lexicon-edit runs of one corpus; return their records."""
    shutil.rmtree(work, ignore_errors=True)
    cache = work / "cache"
    common = {"cache_dir": cache, "workers": workers, "engine": engine, "progress": progress}
    if chunk_size:
        common["chunk_size"] = chunk_size
    rows = [timed_run("full", [corpus], work / "out", **common)]
    rows.append(timed_run("no change", [corpus], work / "out", **common))
    if new is not None:
        rows.append(timed_run("+1% articles", [corpus, new], work / "out", **common))
    if lexicon_edit:
        config = edited_config(work / "config")
        rows.append(timed_run("lexicon edit", [corpus], work / "out", config_dir=config, **common))
    full = rows[0]["seconds"]
    for row in rows:
        row["share_of_full"] = round(row["seconds"] / full, 3)
    return rows


def main() -> int:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("out_json", type=Path)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--engine", default="local")
    parser.add_argument("--no-lexicon-edit", action="store_true", help="skip run 4")
    parser.add_argument("--work", type=Path, help="scratch folder (default: beside OUT_JSON)")
    args = parser.parse_args()
    work = args.work or args.out_json.with_suffix("")
    started = time.perf_counter()
    rows = measure(args.corpus, args.new if args.new.is_dir() else None, work, args.workers,
                   args.engine, not args.no_lexicon_edit)  # fmt: skip
    args.out_json.write_text(json.dumps(rows, indent=1) + "\n")
    print(json.dumps(rows, indent=1))
    print(f"done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
