"""Command-line interface: a thin shell over the package's functions.

newsbrief ingest PATH [PATH ...] --out DIR [--metadata FILE] [ENGINE OPTIONS]
newsbrief extract PATH [PATH ...] --out DIR [--metadata FILE] [--config DIR] [ENGINE OPTIONS]
  engine options: [--engine local|dask] [--workers N] [--scheduler tcp://HOST:8786]
                  [--chunk-size N] [--cache DIR]
newsbrief build [PARAMS.yaml] [-p NAME VALUE ...]
newsbrief batch PARAMS.yaml [PARAMS.yaml ...]
"""

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from newsbrief.errors import NewsbriefError


def _add_corpus_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="article files or directories (read recursively): .txt, .csv, .jsonl, .html",
    )
    parser.add_argument(
        "--metadata",
        type=Path,
        metavar="FILE",
        help="CSV that fills in or overrides date, source, url and title by article_id "
        "(a metadata.csv inside a given directory is applied automatically)",
    )
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    engine = parser.add_argument_group(
        "large corpora",
        "A corpus larger than one chunk runs chunk by chunk on every core (or on Dask), "
        "caches each chunk's results and writes the per-article tables as folders of part "
        "files; a re-run (after new articles, a config edit or Ctrl-C) redoes only what "
        "changed.",
    )
    engine.add_argument("--engine", choices=["local", "dask"], default="local",
                        help="local: a process pool (default); dask: a Dask cluster")  # fmt: skip
    engine.add_argument("--workers", type=int, metavar="N",
                        help="worker processes (default: every core)")  # fmt: skip
    engine.add_argument("--scheduler", metavar="ADDRESS",
                        help="a running Dask scheduler, e.g. tcp://host:8786 (default: a "
                        "local cluster); workers must see the input, --out and --cache "
                        "paths")  # fmt: skip
    engine.add_argument("--chunk-size", type=int, default=None, metavar="N",
                        help="articles per chunk (default 2500)")  # fmt: skip
    engine.add_argument("--cache", type=Path, metavar="DIR",
                        help="chunk cache (default: DIR/.cache under --out)")  # fmt: skip


def _run(args: argparse.Namespace, extract: bool) -> int:
    from newsbrief.engine import CHUNK_ARTICLES, run_extract

    run = run_extract(
        args.paths, args.out, metadata=args.metadata, config_dir=getattr(args, "config", None),
        engine=args.engine, workers=args.workers, scheduler=args.scheduler,
        chunk_size=args.chunk_size or CHUNK_ARTICLES, cache_dir=args.cache, extract=extract,
        progress=not args.quiet,
    )  # fmt: skip
    print(run.summary)
    if run.chunks > 1:
        print(f"{run.chunks} chunks ({run.cached_chunks} from the cache) in {run.seconds:.0f} s")
    for path in run.written:
        print(f"wrote {path}")
    return 0


def _cmd_ingest(args: argparse.Namespace) -> int:
    return _run(args, extract=False)


def _cmd_extract(args: argparse.Namespace) -> int:
    return _run(args, extract=True)


def _cmd_build(args: argparse.Namespace) -> int:
    import time

    from newsbrief.build import build_briefing
    from newsbrief.params import DEFAULT_PARAMS_FILE, load_params

    params = load_params(args.params or DEFAULT_PARAMS_FILE, dict(args.param or []))
    started = time.perf_counter()
    result = build_briefing(params, force=args.force)
    if not result.rebuilt:
        print(f"{result.html.parent} is up to date (use --force to rebuild)")
        return 0
    print(
        f"built {params.build} in {time.perf_counter() - started:.1f} s "
        f"(input fingerprint {result.fingerprint})"
    )
    for path in (result.html, result.pdf, result.report_dir / "params.yaml", result.figures_dir):
        print(f"wrote {path}")
    return 0


def _cmd_batch(args: argparse.Namespace) -> int:
    import time

    from newsbrief.build import build_batch

    started = time.perf_counter()
    results = build_batch(args.params, force=args.force)
    for result in results:
        state = "wrote" if result.rebuilt else "up to date:"
        print(f"{state} {result.html} and {result.pdf.name}")
    print(
        f"built {len(results)} briefings in {time.perf_counter() - started:.1f} s; "
        f"index: {results[0].report_dir.parent / 'index.html'}"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for the ``newsbrief`` command."""
    parser = argparse.ArgumentParser(
        prog="newsbrief",
        description="Turn a folder of news articles into a briefing: who says what, when.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ingest = sub.add_parser(
        "ingest",
        help="load articles; write articles.parquet and ingest_log.parquet",
        description="Load every article under PATH and account for each input "
        "(loaded, duplicate of X, or skipped with a reason).",
    )
    _add_corpus_arguments(ingest)
    ingest.set_defaults(func=_cmd_ingest)

    extract = sub.add_parser(
        "extract",
        help="ingest, then extract actor mentions and claims",
        description="Load articles as `ingest` does, then write articles, ingest_log, "
        "sentences, mentions, claims and candidates tables (Parquet) to --out.",
    )
    _add_corpus_arguments(extract)
    extract.add_argument(
        "--config",
        type=Path,
        metavar="DIR",
        help="folder holding actors.yaml and claims.yaml (default: the project's config/)",
    )
    extract.set_defaults(func=_cmd_extract)

    build = sub.add_parser(
        "build",
        help="build a briefing: reports/<build>/briefing.{html,pdf}",
        description="Extract the corpus (cached), run the numbered notebooks with papermill "
        "and render reports/<build>/briefing.html and briefing.pdf. The previous report stays "
        "in place if anything fails.",
    )
    build.add_argument(
        "params",
        nargs="?",
        type=Path,
        metavar="PARAMS.yaml",
        help="parameter file (default: params/sample.yaml)",
    )
    build.add_argument(
        "-p",
        "--param",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        help="override one parameter; VALUE is read as YAML (-p top_n 5, -p languages [en,fr])",
    )
    build.add_argument("--force", action="store_true", help="rebuild even if up to date")
    build.set_defaults(func=_cmd_build)

    batch = sub.add_parser(
        "batch",
        help="build one briefing per parameter file, plus reports/index.html",
        description="Build every briefing in one process (extraction runs once per distinct "
        "corpus) and write reports/index.html linking them.",
    )
    batch.add_argument("params", nargs="+", type=Path, metavar="PARAMS.yaml")
    batch.add_argument("--force", action="store_true", help="rebuild even if up to date")
    batch.set_defaults(func=_cmd_batch)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the process exit code."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except NewsbriefError as exc:
        print(f"newsbrief: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            "newsbrief: interrupted; finished tables were kept, none half-written", file=sys.stderr
        )
        return 130


if __name__ == "__main__":
    sys.exit(main())
