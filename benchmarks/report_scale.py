r"""How long the briefing takes at scale: aggregates and a full build from extraction tables.

``measure_report(tables_dir, work)`` times, in a fresh subprocess (so its peak memory is its
own), reading the tables the briefing counts plus every briefing table
(``newsbrief.aggregate.build_briefing_tables``), then a full ``build_briefing`` (notebooks,
HTML and PDF) with the ``tables`` parameter pointing at ``tables_dir``. It returns one
benchmark row: ``{run: "report", articles, seconds, articles_per_s, peak_mb, note}``
where ``seconds`` is the build: from the tables on disk to the PDF, reading and
aggregating included (its kernel does that work itself); the note gives the aggregates
alone (reading included), the CPU seconds and the output sizes.

``replicate_tables(source, target, copies)`` makes big tables without extracting big
corpora: every part file of ``source`` is written ``copies`` times with new article ids
(``<id>-r<k>``), input paths (``r<k>/<path>``), content hashes, outlets (``<outlet> <k>``
for ``k > 0``, so the coverage chart has outlets to rank) and day-precision dates shifted
by ``k * days_apart`` days. The copies are article-for-article the same text: only the
counting and rendering cost is realistic, not the variety.

Run::

    python benchmarks/report_scale.py --tables build/bench/work-100000/out \\
        --replicate 10 --work /tmp/report-scale
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

TABLES = ("articles", "ingest_log", "sentences", "mentions", "claims")
_MEASURE = r"""
import json, resource, sys, time
from pathlib import Path

tables_dir, work = Path(sys.argv[1]), Path(sys.argv[2])
from newsbrief.aggregate import build_briefing_tables, lexicon_display_names
from newsbrief.build import (
    ExtractedTables, INTERIM_TABLES, PROCESSED_TABLES, build_briefing, claim_labels,
    read_briefing_inputs,
)
from newsbrief.lexicon import load_lexicon
from newsbrief.params import make_params
from newsbrief.taxonomy import load_taxonomy

started, cpu = time.perf_counter(), time.process_time()
tables = ExtractedTables(
    {n: tables_dir / f"{n}.parquet" for n in INTERIM_TABLES + PROCESSED_TABLES}
)
inputs = read_briefing_inputs(tables)
read = time.perf_counter() - started
lexicon, taxonomy = load_lexicon(), load_taxonomy()
briefing = build_briefing_tables(
    inputs["articles"], inputs["mentions"], inputs["claims"], inputs["ingest_log"],
    period="month", names=lexicon_display_names(lexicon.actors),
    claim_labels=claim_labels(taxonomy.claims),
)
aggregate = time.perf_counter() - started
aggregate_cpu = time.process_time() - cpu
articles = len(inputs["articles"])
mentions = len(inputs["mentions"])
del inputs, briefing
params = make_params({"build": "report-scale", "tables": str(tables_dir),
                      "title": "Scale test", "subtitle": "Replicated benchmark tables"})
started, cpu = time.perf_counter(), time.process_time()
children = resource.getrusage(resource.RUSAGE_CHILDREN)
result = build_briefing(params, output_root=work, force=True)
build = time.perf_counter() - started
kernel = resource.getrusage(resource.RUSAGE_CHILDREN)
build_cpu = time.process_time() - cpu + (kernel.ru_utime + kernel.ru_stime) - (
    children.ru_utime + children.ru_stime
)
print(json.dumps({
    "articles": articles, "mentions": mentions, "read": read, "aggregate": aggregate,
    "aggregate_cpu": aggregate_cpu, "build": build, "build_cpu": build_cpu,
    "html_bytes": result.html.stat().st_size,
    "pdf_bytes": result.pdf.stat().st_size,
    "self_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def measure_report(tables_dir: Path, work: Path) -> dict:
    """Time aggregates and a full briefing build (HTML + PDF) from a folder of tables.

    Args:
        tables_dir: extraction tables as ``newsbrief extract --out DIR`` writes them.
        work: scratch folder; the build writes ``reports/``, ``figures/`` under it.

    Returns:
        ``{run, articles, seconds, articles_per_s, peak_mb, note}``; ``seconds`` is the
        build's wall time (reading and aggregating included), ``peak_mb`` the largest
        process (the measuring process or the notebook kernel).
    """
    tables_dir, work = Path(tables_dir).resolve(), Path(work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(tables_dir), str(work)],
        capture_output=True,
        text=True,
    )
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"run": "report", "articles": None, "seconds": None, "articles_per_s": None,
                "peak_mb": round(peak_mb), "note": f"failed: {last}"}  # fmt: skip
    got = json.loads(done.stdout.strip().splitlines()[-1])
    seconds = got["build"]
    note = (
        f"build_briefing from tables (read, aggregate, notebooks, HTML, PDF): "
        f"{got['build']:.1f} s, {got['build_cpu']:.1f} s CPU; aggregates alone "
        f"{got['aggregate']:.1f} s ({got['aggregate_cpu']:.1f} s CPU, reading "
        f"{got['mentions']:,} mentions included); HTML {got['html_bytes'] / 1e6:.1f} MB, "
        f"PDF {got['pdf_bytes'] / 1e6:.1f} MB"
    )
    return {"run": "report", "articles": got["articles"], "seconds": round(seconds, 1),
            "articles_per_s": round(got["articles"] / seconds, 1) if seconds else None,
            "peak_mb": round(peak_mb), "note": note}  # fmt: skip


def _parts(path: Path) -> list[Path]:
    return [path] if path.is_file() else sorted(path.glob("*.parquet"))


def _replica(table, name: str, k: int, days_apart: int):
    """One copy of a part file's Arrow table, with ids, paths and dates of copy ``k``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    def suffixed(column: str, suffix: str):
        return pc.binary_join_element_wise(table[column], pa.scalar(suffix), "")

    def prefixed(column: str, prefix: str):
        return pc.binary_join_element_wise(pa.scalar(prefix), table[column], "")

    changes = {}
    for column in ("article_id", "duplicate_of"):
        if column in table.column_names:
            changes[column] = suffixed(column, f"-r{k}")
    if name in ("articles", "ingest_log"):
        changes["input_path"] = prefixed("input_path", f"r{k}/")
    if name == "articles":
        changes["content_hash"] = suffixed("content_hash", f"-r{k}")
        if k:
            changes["source"] = suffixed("source", f" {k}")
        published = table["published"]
        day = pc.equal(pc.utf8_length(published), 10)
        parsed = pc.strptime(published, format="%Y-%m-%d", unit="s", error_is_null=True)
        shifted = pc.add(parsed, pa.scalar(k * days_apart * 86400, pa.duration("s")))
        changes["published"] = pc.if_else(day, pc.strftime(shifted, format="%Y-%m-%d"), published)
    for column, values in changes.items():
        index = table.column_names.index(column)
        table = table.set_column(index, column, values.cast(table.schema.field(column).type))
    return table


def replicate_tables(source: Path, target: Path, copies: int = 10, days_apart: int = 3) -> Path:
    """Write ``copies`` copies of the extraction tables in ``source`` to ``target``.

    Each table becomes a folder of part files (``<table>.parquet/part-<k>-<n>.parquet``);
    ``candidates.parquet`` is copied as it is. Existing tables in ``target`` are replaced.

    Returns:
        ``target``.
    """
    import shutil

    import pyarrow.parquet as pq

    source, target = Path(source), Path(target)
    target.mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        out = target / f"{name}.parquet"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        for n, part in enumerate(_parts(source / f"{name}.parquet")):
            table = pq.read_table(part)
            for k in range(copies):
                replica = _replica(table, name, k, days_apart)
                pq.write_table(replica, out / f"part-{k:03d}-{n:05d}.parquet")
    shutil.copyfile(source / "candidates.parquet", target / "candidates.parquet")
    return target


def main(argv: list[str] | None = None) -> int:
    """Replicate tables (optional), measure the report from them, print the row as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tables", type=Path, required=True, help="extraction tables folder")
    parser.add_argument("--work", type=Path, required=True, help="scratch folder")
    parser.add_argument(
        "--replicate", type=int, default=0, help="first write this many copies into WORK/tables"
    )
    args = parser.parse_args(argv)
    tables = args.tables
    if args.replicate:
        started = time.perf_counter()
        tables = replicate_tables(tables, args.work / "tables", args.replicate)
        print(f"replicated x{args.replicate} in {time.perf_counter() - started:.0f} s",
              file=sys.stderr)  # fmt: skip
    print(json.dumps(measure_report(tables, args.work / "out")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
