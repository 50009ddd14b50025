"""Benchmark newsbrief at 10k, 100k and 1M articles: stages, engine, caches, a reference.

usage: python benchmarks/bench.py [--sizes 10000,100000,1000000] [--quick] [--workers N]
                                  [--source CSV] [--out DIR] [--spacy-sample N] [--no-render]

Corpora: resampled from real Tehran Times articles (``../shared/corpora/tehran_times``,
not shipped: without it the resampled sizes are skipped with a message). Each article is
spliced from thirds of three real articles and gets a distinct id and date (see
``benchmarks/corpora.py``); they are written once to ``build/bench/corpora/<size>/`` as
JSON Lines shards and reused, with a ``<size>-new`` folder holding 1% more articles.

For each size, in a fresh process:

- the engine (``newsbrief extract`` on every core): a full run from an empty cache, a
  re-run with nothing changed, a run with 1% new articles and (sizes up to
  ``--lexicon-edit-max``) a run after one actor of the lexicon gained an alias;
- stages (ingest, actors, claims): articles/s and words/s per core, from the CPU time
  the workers spent in the stage during the full run (``seconds``: CPU seconds summed over
  workers; ``wall_seconds``: elapsed seconds inside the stage, summed over workers); peak
  memory of the whole process tree;
- aggregation: ``newsbrief.aggregate.build_briefing_tables`` on the extracted tables,
  read without their text columns;
- report (when ``benchmarks/report_scale.py`` is there and the report is not skipped):
  aggregates plus a full briefing build from the size's extraction tables
  (``report_scale.measure_report``).

The table ends with the cost growth: CPU seconds per article of the full engine run (every
worker and the driver) at the smallest and the largest size.

Once: the report (``newsbrief build`` of the bundled sample, as a subprocess: the build
loads whole tables, so it is not run on the large corpora) and the reference: the same
actor lexicon through spaCy's PhraseMatcher on a blank English pipeline, against
newsbrief's sentence splitting and actor matching, on ``--spacy-sample`` articles.

Prints a table and writes ``build/bench/results.json``.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from newsbrief.paths import PROJECT_ROOT

sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchmarks/ is not a package

from corpora import build_corpus  # noqa: E402
from scale import PeakMemory, measure  # noqa: E402

SOURCE = PROJECT_ROOT.parent / "shared" / "corpora" / "tehran_times" / "tehran_times.csv"
OUT = PROJECT_ROOT / "build" / "bench"
NOTE = (
    "Corpora resampled from real Tehran Times articles (each article spliced from thirds of "
    "three real ones; distinct ids and dates); not the outlet's real volume."
)
MENTION_COLUMNS = ["article_id", "sentence_id", "actor_id", "actor_name", "actor_type",
                   "country", "resolved_by", "sense"]  # fmt: skip


def _peak_self_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_size(size: int, args) -> list[dict]:
    """Engine runs, stage rates and aggregation for one corpus size (in this process)."""
    corpora = args.out / "corpora"
    corpus = build_corpus(args.source, corpora / str(size), size)
    new = build_corpus(args.source, corpora / f"{size}-new", max(1, size // 100), start=size)
    work = args.out / f"work-{size}"
    runs = measure(corpus, new, work, args.workers, "local", size <= args.lexicon_edit_max,
                   progress=not args.quiet, chunk_size=args.chunk_size)  # fmt: skip
    rows = [{"size": size, "kind": "engine", **r} for r in runs]
    full = runs[0]
    stage_groups = {"ingest": ["ingest", "dedupe"], "actors": ["sentences", "actors",
                    "candidates"], "claims": ["claims"]}  # fmt: skip
    cpu = full.get("stage_cpu_seconds") or full["stage_seconds"]
    # Reading and writing cache files and final parts, and the driver's own stages.
    stage_groups["engine overhead"] = [k for k in cpu if k not in
                                       {p for g in stage_groups.values() for p in g}]  # fmt: skip
    for stage, parts in stage_groups.items():
        seconds = sum(cpu.get(p, 0.0) for p in parts)
        wall = sum(full["stage_seconds"].get(p, 0.0) for p in parts)
        note = (f"CPU s summed over the engine's workers (per core); {wall:.1f} s wall "
                "inside the stage, summed over workers")  # fmt: skip
        row = _stage_row(size, stage, full["articles"], full["words"], seconds,
                         full["peak_mb"], note)  # fmt: skip
        row["cpu_seconds"], row["wall_seconds"] = row["seconds"], round(wall, 2)
        rows.append(row)
    rows.append(aggregate_row(size, work / "out"))
    if not args.no_render:
        rows += report_rows(size, work / "out", args.out / f"report-{size}")
    return rows


def report_rows(size: int, tables: Path, work: Path) -> list[dict]:
    """Aggregates + briefing build from the extraction tables, if report_scale.py is there."""
    try:
        from report_scale import measure_report
    except ImportError:
        return []
    row = measure_report(tables, work)
    return [{"size": size, "kind": "stage", "words": None, "words_per_s": None, **row,
             "run": "report"}]  # fmt: skip


def cpu_per_article(row: dict) -> float | None:
    """CPU seconds per article of an engine run: its workers' stages plus the driver."""
    stages = row.get("stage_cpu_seconds") or {}
    if not stages or not row.get("articles"):
        return None
    workers = sum(v for k, v in stages.items() if not k.startswith("driver"))
    return (workers + row.get("cpu_seconds", 0.0)) / row["articles"]


def cost_growth(rows: list[dict]) -> str | None:
    """The "cost growth" line: full engine runs at the smallest and the largest size."""
    full = {r["size"]: cpu_per_article(r) for r in rows
            if r["kind"] == "engine" and r["run"] == "full"}  # fmt: skip
    full = {size: v for size, v in full.items() if v}
    if len(full) < 2:
        return None
    small, large = min(full), max(full)
    return (f"cost growth: {full[small] * 1e3:.2f} ms CPU per article at {small:,} articles, "
            f"{full[large] * 1e3:.2f} ms at {large:,} (x{full[large] / full[small]:.2f}; "
            "1.00 is linear total cost)")  # fmt: skip


def _stage_row(size, stage, articles, words, seconds, peak_mb, note) -> dict:
    return {
        "size": size, "kind": "stage", "run": stage, "articles": articles, "words": words,
        "seconds": round(seconds, 2),
        "articles_per_s": round(articles / seconds, 1) if seconds else None,
        "words_per_s": round(words / seconds) if seconds else None,
        "peak_mb": round(peak_mb), "note": note,
    }  # fmt: skip


def aggregate_row(size: int, out: Path) -> dict:
    """Time the briefing's aggregation on the extracted tables (text columns not read)."""
    import pandas as pd
    import pyarrow.parquet as pq

    from newsbrief.aggregate import build_briefing_tables

    with PeakMemory() as mem:
        started = time.perf_counter()
        schema = pq.read_schema(next(_parquet_files(out / "articles.parquet")))
        keep = [c for c in schema.names if c not in ("text", "raw_text")]
        articles = pd.read_parquet(out / "articles.parquet", columns=keep)
        mentions = pd.read_parquet(out / "mentions.parquet", columns=MENTION_COLUMNS)
        claims = pd.read_parquet(out / "claims.parquet")
        log = pd.read_parquet(out / "ingest_log.parquet")
        loaded = time.perf_counter() - started
        build_briefing_tables(articles, mentions, claims, log, period="month")
        seconds = time.perf_counter() - started
    words = int(articles["word_count"].sum())
    row = _stage_row(size, "aggregate", len(articles), words, seconds, mem.peak,
                     f"reading tables {loaded:.1f} s; every briefing table")  # fmt: skip
    return row


def _parquet_files(path: Path):
    return iter([path] if path.is_file() else sorted(path.glob("*.parquet")))


def padded_lexicon(target_aliases: int = 20_000):
    """The default lexicon plus synthetic organisations, up to ``target_aliases`` aliases.

    Issue 3's throughput target is stated for a lexicon of 20,000 aliases; the padding
    names are made-up capitalised phrases that real text never contains, so they cost
    matching time without adding mentions.
    """
    import yaml

    from newsbrief.lexicon import load_lexicon, parse_lexicon
    from newsbrief.paths import ACTORS_FILE, CONFIG_DIR

    data = yaml.safe_load((CONFIG_DIR / ACTORS_FILE).read_text(encoding="utf-8"))
    have = len(load_lexicon().aliases)
    syllables = ["ka", "lo", "mi", "ren", "sto", "vax", "dru", "pel", "zor", "tin", "bek", "qua"]
    i = 0
    while have < target_aliases:
        word = "".join(syllables[(i // 12**k) % 12] for k in range(4)).capitalize()
        data["actors"].append({
            "id": f"bench_org_{i:05d}", "name": f"{word} Institute", "type": "organisation",
            "aliases": [f"{word} Group", f"{word} Foundation", f"{word} Council of Ministers"],
        })  # fmt: skip
        have += 4  # the name counts as an alias too
        i += 1
    return parse_lexicon(data, source="actors.yaml (padded for the benchmark)", version="bench")


def spacy_rows(corpus: Path, n: int) -> list[dict]:
    """Actor matching: newsbrief's vs spaCy's PhraseMatcher on the same lexicon and texts."""
    from newsbrief.actors import extract_mentions
    from newsbrief.ingest import load_articles
    from newsbrief.lexicon import load_lexicon
    from newsbrief.sentences import split_sentences

    try:
        import spacy
        from spacy.matcher import PhraseMatcher
    except ImportError:
        print("skipped: spaCy is not installed (pip install spacy==3.8.18)", file=sys.stderr)
        return []
    articles = load_articles([corpus]).articles.head(n)
    words = int(articles["word_count"].sum())
    lexicon = load_lexicon()
    extract_mentions(split_sentences(articles.head(5)), articles.head(5), lexicon)  # compile
    started = time.perf_counter()
    mentions = extract_mentions(split_sentences(articles), articles, lexicon)
    ours = time.perf_counter() - started
    nlp = spacy.blank("en")
    nlp.tokenizer.max_cache_size = 10**6  # spaCy's default cache (10k) slows large lexicons
    texts = articles["text"].tolist()
    rows = _reference_pair(nlp, PhraseMatcher, texts, lexicon, words, ours, len(mentions),
                           "actors", "sentences + actor mentions, one core")  # fmt: skip

    # The same at 20,000 aliases: actor extraction alone (sentences split beforehand).
    big = padded_lexicon(21_000)  # some generated variants coincide: >= 20,000 distinct
    sentences = split_sentences(articles)
    extract_mentions(sentences.head(50), articles, big)  # compile the automaton
    started = time.perf_counter()
    mentions = extract_mentions(sentences, articles, big)
    ours = time.perf_counter() - started
    note = "actor mentions on split sentences, one core; target >= 1M words/s"
    rows += _reference_pair(nlp, PhraseMatcher, texts, big, words, ours, len(mentions),
                            "actors 20k aliases", note)  # fmt: skip
    return [{**r, "kind": "reference"} for r in rows]


def _reference_pair(nlp, phrase_matcher, texts, lexicon, words, ours, n_mentions, run, note):
    """Rows for newsbrief (``ours`` seconds) and spaCy's PhraseMatcher on the same aliases."""
    aliases = sorted({a for a in lexicon.aliases["alias"].dropna() if isinstance(a, str)})
    matcher = phrase_matcher(nlp.vocab, attr="LOWER")
    matcher.add("ACTOR", list(nlp.tokenizer.pipe(aliases)))
    started = time.perf_counter()
    found = sum(len(matcher(doc)) for doc in nlp.pipe(texts, batch_size=256))
    theirs = time.perf_counter() - started
    size = len(texts)
    counts = f"{len(aliases)} aliases; {n_mentions} newsbrief mentions, {found} spaCy matches"
    pair = [
        _stage_row(size, f"{run} (newsbrief)", size, words, ours, _peak_self_mb(), note),
        _stage_row(size, f"{run} (spaCy)", size, words, theirs, _peak_self_mb(),
                   "blank('en') tokenizer + PhraseMatcher(LOWER), one core; " + counts),
    ]  # fmt: skip
    pair[1]["ratio_vs_newsbrief"] = round(theirs / ours, 2) if ours else None
    return pair


def render_row() -> dict:
    """Time ``newsbrief build`` on the bundled sample (5 articles) as a subprocess."""
    cmd = [sys.executable, "-m", "newsbrief", "build", "--force", "-p", "build", "bench-sample"]
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=PROJECT_ROOT)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    row = _stage_row(5, "report", 5, 0, seconds, peak,
                     "newsbrief build of the sample, as a subprocess (HTML + PDF)")  # fmt: skip
    row["kind"] = "report"
    if done.returncode:
        row["note"] = f"failed: {done.stderr.strip().splitlines()[-1:]}"
    return row


def print_table(rows: list[dict]) -> None:
    """Print the results as a short aligned table."""
    print(NOTE)
    print(f"{'size':>8} {'what':<22}{'articles':>9}{'seconds':>9}{'art/s':>9}{'words/s':>12}"
          f"{'peak MB':>9}  note")  # fmt: skip
    for r in rows:
        what = r["run"] if r["kind"] != "engine" else f"extract: {r['run']}"
        note = r.get("note") or ""
        if r["kind"] == "engine":
            note = f"{r['cached_chunks']}/{r['chunks']} chunks cached; "
            note += f"{r['share_of_full']:.1%} of the full run's time"
        if "ratio_vs_newsbrief" in r:
            note = f"{r['ratio_vs_newsbrief']}x newsbrief's time; " + note
        print(f"{r['size']:>8} {what[:22]:<22}{r.get('articles') or 0:>9}"
              f"{r.get('seconds') or 0:>9.1f}{r.get('articles_per_s') or 0:>9.0f}"
              f"{r.get('words_per_s') or 0:>12,}{r.get('peak_mb') or 0:>9}  {note}")  # fmt: skip
    growth = cost_growth(rows)
    if growth:
        print(growth)


def _child(args, case: str) -> list[dict]:
    cmd = [sys.executable, __file__, "--case", case, "--out", str(args.out), "--source",
           str(args.source), "--workers", str(args.workers), "--spacy-sample",
           str(args.spacy_sample), "--lexicon-edit-max", str(args.lexicon_edit_max)]  # fmt: skip
    cmd += ["--chunk-size", str(args.chunk_size)] if args.chunk_size else []
    cmd += ["--quiet"] if args.quiet else []
    cmd += ["--no-render"] if args.no_render else []
    done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
    if done.returncode:
        print(f"{case}: failed (exit {done.returncode})", file=sys.stderr)
        return []
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Run every case in a child process; print the table and write results.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 120 articles, 50 for spaCy, no report build")  # fmt: skip
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--spacy-sample", type=int, default=10_000)
    parser.add_argument("--lexicon-edit-max", type=int, default=100_000,
                        help="largest size that also times a lexicon edit")  # fmt: skip
    parser.add_argument("--chunk-size", type=int, help="articles per chunk (engine default)")
    parser.add_argument("--no-render", action="store_true", help="skip the report build")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.spacy_sample, args.no_render = "120", 50, True
        args.chunk_size = args.chunk_size or 40
    if args.case:
        if args.case == "spacy":
            size = min(int(s) for s in args.sizes.split(",")) if args.sizes else 10_000
            corpus = build_corpus(args.source, args.out / "corpora" / str(size), size)
            rows = spacy_rows(corpus, args.spacy_sample)
        else:
            rows = run_size(int(args.case), args)
        print(json.dumps(rows))
        return 0
    rows: list[dict] = []
    if not args.source.is_file():
        print(f"skipped: resampled corpora need {args.source} (not found)", file=sys.stderr)
    else:
        sizes = [int(s) for s in args.sizes.split(",") if s]
        args.sizes = str(min(sizes))
        for size in sizes:
            rows += _child(args, str(size))
        rows += _child(args, "spacy")
    if not args.no_render:
        rows.append(render_row())
    if rows:
        print_table(rows)
    args.out.mkdir(parents=True, exist_ok=True)
    result = args.out / "results.json"
    summary = {"note": NOTE, "cost_growth": cost_growth(rows), "rows": rows}
    result.write_text(json.dumps(summary, indent=1) + "\n")
    print(f"wrote {result}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
