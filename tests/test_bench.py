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
    assert stages == {"ingest", "actors", "claims", "aggregate"}
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
