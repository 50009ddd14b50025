"""Time the chunked extraction engine on one benchmark corpus: full run, then incremental.

usage: python benchmarks/scale.py CORPUS_DIR NEW_DIR OUT_JSON [--workers N] [--engine E]
                                  [--ingest-only] [--no-lexicon-edit]

1. Full run: ``run_extract(CORPUS_DIR)`` from an empty cache, on every core.
2. Re-run with nothing changed (every chunk from the cache).
3. Incremental: ``CORPUS_DIR`` plus ``NEW_DIR`` (1% more articles): only the new chunks
   are computed.
4. Lexicon edit: one person of the lexicon gains an alias (a spelling of their name that
   the articles use); ingest comes from the cache and only the articles the edit can
   touch are re-extracted.

``--ingest-only`` times runs 1-3 without extraction (``run_extract(extract=False)``).

Peak memory is the largest sum of the proportional set size (resident memory, shared
pages split between the processes sharing them) of this process and all its children,
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


def _pss_bytes(pid: int) -> int | None:
    """Proportional set size of ``pid`` (shared pages split between their users), or None."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _tree_rss_mb(pid: int) -> float:
    """Memory of ``pid`` and its descendants, in MB (Linux /proc).

    Proportional set size where the kernel reports it: forked workers share the driver's
    pages, which a sum of resident sizes would count once per process.
    """
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
        pss = _pss_bytes(p) if p in rss else None
        total += pss if pss is not None else rss.get(p, 0)
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
    cpu = time.process_time()
    with PeakMemory() as mem:
        run = run_extract(paths, out, **kwargs)
    return {
        "run": name, "articles": run.articles, "words": run.words, "chunks": run.chunks,
        "cached_chunks": run.cached_chunks, "seconds": round(run.seconds, 2),
        "articles_per_s": round(run.articles / run.seconds, 1),
        "words_per_s": round(run.words / run.seconds), "peak_mb": round(mem.peak),
        "cpu_seconds": round(time.process_time() - cpu, 2),
        "stage_seconds": {k: round(v, 2) for k, v in run.stage_seconds.items()},
        "stage_cpu_seconds": {k: round(v, 2) for k, v in run.stage_cpu_seconds.items()},
    }  # fmt: skip


EDITED_ACTOR = "zarif"
"""The person whose entry the lexicon-edit run changes (named in a few % of articles)."""


def total_cpu(row: dict) -> float:
    """CPU seconds of a run: every worker's stages plus the driver process."""
    workers = sum(v for k, v in row["stage_cpu_seconds"].items() if not k.startswith("driver"))
    return workers + row["cpu_seconds"]


def edited_config(target: Path, base: Path = CONFIG_DIR) -> Path:
    """A copy of ``base`` in which one person gains an alias.

    The alias is a hyphenated spelling of their full name ("Mohammad-Javad Zarif"), so
    every article naming them in full is touched; the person is :data:`EDITED_ACTOR`, or
    the first person with aliases when the lexicon has no such entry.
    """
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(base, target)
    path = target / "actors.yaml"
    data = yaml.safe_load(path.read_text())
    actors = data["actors"] if isinstance(data, dict) else data
    people = [e for e in actors if e.get("type") == "person" and e.get("aliases")]
    entry = next((e for e in people if e["id"] == EDITED_ACTOR), people[0])
    first, *rest = entry["name"].split()
    spelling = "-".join([first, *rest[:1]]) + "".join(f" {w}" for w in rest[1:])
    entry["aliases"] = [*entry["aliases"], spelling if spelling != entry["name"] else
                        f"{entry['name']} Jr"]  # fmt: skip
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
    extract: bool = True,
) -> list[dict]:
    """Full, cached, +1% and lexicon-edit runs of one corpus; return their records."""
    shutil.rmtree(work, ignore_errors=True)
    cache = work / "cache"
    # A snapshot of the config: the project's own may be edited while this runs.
    base = work / "config-base"
    shutil.copytree(CONFIG_DIR, base)
    common = {"cache_dir": cache, "workers": workers, "engine": engine, "progress": progress,
              "extract": extract}  # fmt: skip
    if chunk_size:
        common["chunk_size"] = chunk_size
    suffix = "" if extract else " (ingest only)"
    rows = [timed_run("full" + suffix, [corpus], work / "out", config_dir=base, **common)]
    rows.append(timed_run("no change" + suffix, [corpus], work / "out", config_dir=base,
                          **common))  # fmt: skip
    if new is not None:
        rows.append(timed_run("+1% articles" + suffix, [corpus, new], work / "out",
                              config_dir=base, **common))  # fmt: skip
    if lexicon_edit and extract:
        config = edited_config(work / "config", base)
        rows.append(timed_run("lexicon edit", [corpus], work / "out", config_dir=config, **common))
    full, full_cpu = rows[0]["seconds"], total_cpu(rows[0])
    for row in rows:
        row["share_of_full"] = round(row["seconds"] / full, 3)
        row["cpu_share_of_full"] = round(total_cpu(row) / full_cpu, 3) if full_cpu else None
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
    parser.add_argument("--ingest-only", action="store_true", help="runs 1-3 without extraction")
    parser.add_argument("--work", type=Path, help="scratch folder (default: beside OUT_JSON)")
    args = parser.parse_args()
    work = args.work or args.out_json.with_suffix("")
    started = time.perf_counter()
    rows = measure(args.corpus, args.new if args.new.is_dir() else None, work, args.workers,
                   args.engine, not args.no_lexicon_edit, extract=not args.ingest_only)  # fmt: skip
    args.out_json.write_text(json.dumps(rows, indent=1) + "\n")
    print(json.dumps(rows, indent=1))
    print(f"done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
