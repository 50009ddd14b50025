"""Smoke test of the benchmark script (benchmarks/bench.py) in quick mode: it runs, no timings."""

import csv
import json
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"

TEXTS = [
    "Iran's foreign minister said on Tuesday that Tehran had not sent drones to Russia. "
    "He added that Iran opposed the war in Ukraine. Officials in Kyiv rejected the denial.",
    "The United States accused Iran of supplying Shahed drones to Moscow. Washington said "
    "the transfers violated a Security Council resolution. Russia denied the report.",
    "Ukraine's air force said it shot down drones over Kyiv overnight. The mayor said power "
    "was cut in two districts. Repairs began in the morning.",
    "Germany and France called for a UN investigation. Iran said it was ready for expert "
    "talks with Ukraine. The talks were planned for next month.",
]


@pytest.mark.slow
def test_bench__quick_run_writes_results(tmp_path, monkeypatch):
    source = tmp_path / "source.csv"
    with open(source, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["title", "text"])
        for i, text in enumerate(TEXTS * 3):
            writer.writerow([f"Story {i}", text])
    monkeypatch.syspath_prepend(str(BENCH))
    import bench

    out = tmp_path / "bench"
    assert bench.main(["--quick", "--quiet", "--workers", "1", "--source", str(source),
                       "--out", str(out)]) == 0  # fmt: skip
    rows = json.loads((out / "results.json").read_text())["rows"]
    engine = {r["run"]: r for r in rows if r["kind"] == "engine"}
    assert set(engine) == {"full", "no change", "+1% articles", "lexicon edit"}
    assert engine["full"]["articles"] == 120 and engine["full"]["chunks"] > 1
    assert engine["no change"]["cached_chunks"] == engine["no change"]["chunks"]
    assert 0 < engine["+1% articles"]["cached_chunks"] < engine["+1% articles"]["chunks"]
    assert engine["lexicon edit"]["cached_chunks"] == 0
    stages = {r["run"] for r in rows if r["kind"] == "stage"}
    assert stages == {"ingest", "actors", "claims", "engine overhead", "aggregate"}
    claims = next(r for r in rows if r["run"] == "claims")
    assert claims["cpu_seconds"] == claims["seconds"] and claims["wall_seconds"] > 0
    assert {r["run"] for r in rows if r["kind"] == "reference"} == {
        "actors (newsbrief)",
        "actors (spaCy)",
        "actors 20k aliases (newsbrief)",
        "actors 20k aliases (spaCy)",
    }
    assert (out / "corpora" / "120" / ".done").exists()


def test_bench__missing_source_is_skipped(tmp_path, monkeypatch, capsys):
    monkeypatch.syspath_prepend(str(BENCH))
    import bench

    out = tmp_path / "bench"
    assert bench.main(["--quick", "--source", str(tmp_path / "none.csv"), "--out", str(out)]) == 0
    assert "skipped: resampled corpora need" in capsys.readouterr().err
    assert json.loads((out / "results.json").read_text())["rows"] == []


def _engine_row(size: int, workers_cpu: float, driver_cpu: float) -> dict:
    return {"size": size, "kind": "engine", "run": "full", "articles": size,
            "cpu_seconds": driver_cpu,
            "stage_cpu_seconds": {"ingest": workers_cpu / 2, "claims": workers_cpu / 2,
                                  "driver: duplicates": driver_cpu / 2}}  # fmt: skip


def test_cost_growth__cpu_per_article_at_smallest_and_largest_size(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    import bench

    rows = [_engine_row(1000, 9.0, 1.0), _engine_row(100, 0.8, 0.2), _engine_row(10, 1.0, 0.0)]
    assert bench.cpu_per_article(rows[1]) == pytest.approx(0.01)  # driver stages counted once
    line = bench.cost_growth(rows)
    assert line.startswith("cost growth: 100.00 ms CPU per article at 10 articles")
    assert "10.00 ms at 1,000 (x0.10;" in line
    assert bench.cost_growth(rows[:1]) is None


def test_report_rows__one_stage_row_from_report_scale(monkeypatch, tmp_path):
    import sys
    import types

    monkeypatch.syspath_prepend(str(BENCH))
    import bench

    calls = []
    fake = types.ModuleType("report_scale")
    fake.measure_report = lambda tables, work: calls.append((tables, work)) or {
        "run": "report", "articles": 50, "seconds": 2.0, "articles_per_s": 25.0,
        "peak_mb": 300, "note": "aggregates + build"}  # fmt: skip
    monkeypatch.setitem(sys.modules, "report_scale", fake)
    rows = bench.report_rows(50, tmp_path / "out", tmp_path / "work")
    assert calls == [(tmp_path / "out", tmp_path / "work")]
    assert rows == [{"size": 50, "kind": "stage", "run": "report", "articles": 50,
                     "words": None, "words_per_s": None, "seconds": 2.0,
                     "articles_per_s": 25.0, "peak_mb": 300,
                     "note": "aggregates + build"}]  # fmt: skip
    bench.print_table(rows)  # renders a row without word counts
