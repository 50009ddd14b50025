"""Benchmark the pipeline stages on the corpora at hand.

usage: python benchmarks/bench.py [--only NAME ...] [--stages STAGE ...]

Corpora: the bundled sample (data/raw) and, when present, ../shared/devset/raw and each
folder of ../shared/corpora (missing ones are skipped). Each corpus runs in a fresh Python
process, its stages in order; a stage's peak memory is the process's peak resident set
size while the stage ran (reset before each stage where Linux allows); CPU seconds are
shown beside wall-clock seconds because a busy machine inflates the latter. Prints a table
and writes build/bench/results.json.

Adding a stage: write ``def stage_x(corpus_dir, state) -> (articles, words)`` that reads
what it needs from ``state`` (filled by earlier stages) and stores its output there, and
append ``("x", stage_x)`` to STAGES.
"""

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from newsbrief.paths import PROJECT_ROOT, RAW_DIR

SHARED = PROJECT_ROOT.parent / "shared"
RESULTS = PROJECT_ROOT / "build" / "bench" / "results.json"


def stage_ingest(corpus_dir: Path, state: dict) -> tuple[int, int]:
    """Load articles (read, normalise, date, language, duplicates)."""
    from newsbrief.ingest import load_articles

    corpus = load_articles([corpus_dir])
    state["articles"] = corpus.articles
    return len(corpus.articles), int(corpus.articles["word_count"].sum())


STAGES = [
    ("ingest", stage_ingest),
    # ("sentences", stage_sentences), ("actors", ...), ("claims", ...), ("render", ...)
]


def corpora() -> dict[str, Path]:
    """Return the benchmark corpora that exist on this machine, by name."""
    found = {"sample": RAW_DIR}
    if (SHARED / "devset" / "raw").is_dir():
        found["devset"] = SHARED / "devset" / "raw"
    if (SHARED / "corpora").is_dir():
        for d in sorted((SHARED / "corpora").iterdir()):
            if d.is_dir():
                found[d.name] = d
    return found


def _reset_peak() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_case(name: str, corpus_dir: Path, stages: list[str]) -> list[dict]:
    """Run the chosen stages on one corpus in this process; return one row per stage."""
    state: dict = {}
    rows = []
    for stage, func in STAGES:
        if stage not in stages:
            continue
        _reset_peak()
        start, cpu_start = time.perf_counter(), time.process_time()
        articles, words = func(corpus_dir, state)
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
        rows.append({
            "corpus": name, "stage": stage, "articles": articles, "words": words,
            "seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3),
            "articles_per_s": round(articles / seconds, 1) if seconds else None,
            "words_per_s": round(words / seconds) if seconds else None,
            "peak_mb": round(_peak_mb(), 1),
        })  # fmt: skip
    return rows


def main() -> int:
    """Run every corpus in a child process; print the table and write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="corpus names to run (default: all found)")
    parser.add_argument("--stages", nargs="*", default=[s for s, _ in STAGES])
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args = parser.parse_args()
    found = corpora()
    if args.case:
        print(json.dumps(run_case(args.case, found[args.case], args.stages)))
        return 0
    missing = [n for n in args.only or [] if n not in found]
    if missing:
        print(f"skipped (not found): {', '.join(missing)}", file=sys.stderr)
    if not (SHARED / "corpora").is_dir():
        print(
            f"note: {SHARED / 'corpora'} not found; only the bundled sample runs", file=sys.stderr
        )
    rows = []
    for name in [n for n in found if not args.only or n in args.only]:
        cmd = [sys.executable, __file__, "--case", name, "--stages", *args.stages]
        done = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy())
        if done.returncode:
            print(f"{name}: failed\n{done.stderr}", file=sys.stderr)
            continue
        rows += json.loads(done.stdout.strip().splitlines()[-1])
    header = f"{'corpus':<34}{'stage':<10}{'articles':>9}{'seconds':>9}{'cpu s':>7}{'art/s':>9}"
    header += f"{'words/s':>11}{'peak MB':>9}"
    print(header)
    for r in rows:
        line = f"{r['corpus']:<34}{r['stage']:<10}{r['articles']:>9}{r['seconds']:>9.2f}"
        line += f"{r['cpu_seconds']:>7.1f}"
        line += f"{r['articles_per_s'] or 0:>9.0f}{r['words_per_s'] or 0:>11,}{r['peak_mb']:>9.0f}"
        print(line)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(rows, indent=1) + "\n")
    print(f"wrote {RESULTS.relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
