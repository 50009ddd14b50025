"""Tests for the chunked, cached extraction engine (newsbrief.engine)."""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from newsbrief import engine, engine_duplicates
from newsbrief.cli import main
from newsbrief.engine import run_extract
from newsbrief.errors import ParameterError
from newsbrief.paths import CONFIG_DIR

STORIES = [
    "Iran's foreign ministry on Monday denied that Tehran had sent drones to Russia for use "
    "in the war in Ukraine. Spokesman Nasser Kanaani said the allegations were baseless.",
    "The United States said Russia had launched Iranian-made Shahed drones at Kyiv overnight. "
    "Officials in Washington called for a UN investigation into the transfers.",
    "Ukraine's president said his country had shot down dozens of drones. Kyiv urged the "
    "European Union to widen sanctions on Iran.",
    "Russia's envoy to the United Nations rejected the claims. Moscow said the drones were "
    "made in Russia and that no Iranian weapons were used.",
    "Iran offered to hold expert talks with Ukraine about the drones, the foreign minister "
    "said on Saturday, adding that Tehran was ready to examine any evidence.",
    "Britain, France and Germany told the Security Council that the transfers breached "
    "Resolution 2231. Iran dismissed the letter as politically motivated.",
    "The weather in Tehran stayed mild this week, and the city's markets were busy before "
    "the holiday, traders said.",
    "Israel said Iran was supplying drones to Russia, and that the same models had been "
    "used against ships in the Gulf. Tehran did not comment.",
]


def _corpus(folder: Path, n: int = 10, start: int = 0) -> Path:
    """A JSON Lines corpus of ``n`` short stories (one exact copy of story 0 at the end)."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for i in range(start, start + n):
        text = STORIES[i % len(STORIES)] + f" Report number {i} filed from the news desk."
        rows.append({"id": f"a{i:03d}", "date": f"2022-10-{1 + i % 28:02d}", "text": text})
    rows.append({"id": f"copy{start}", "date": "2022-11-30", "text": rows[0]["text"]})
    path = folder / f"part-{start:03d}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return folder


def _read(out: Path, name: str) -> pd.DataFrame:
    df = pd.read_parquet(out / f"{name}.parquet")
    df = df.astype({c: "object" for c in df.columns if df[c].dtype != "bool"})
    df = df.where(df.notna(), None)
    keys = [c for c in ("input_path", "input_row", "article_id", "sentence_id", "start", "end",
                        "claim_id", "speaker_id", "name") if c in df]  # fmt: skip
    return df.sort_values(keys, na_position="first").reset_index(drop=True)


TABLES = ["articles", "ingest_log", "sentences", "mentions", "claims", "candidates"]


def _assert_same(a: Path, b: Path, tables=TABLES) -> None:
    for name in tables:
        pd.testing.assert_frame_equal(_read(a, name), _read(b, name), check_dtype=False)


def test_run_extract__chunked_equals_in_memory(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "CANDIDATE_BATCH", 3)  # candidate counts merged in batches
    corpus = _corpus(tmp_path / "in")
    whole = run_extract(corpus, tmp_path / "whole", workers=1)
    chunked = run_extract(corpus, tmp_path / "chunked", workers=1, chunk_size=2)
    assert whole.chunks == 1 and chunked.chunks > 3
    assert (tmp_path / "chunked" / "mentions.parquet").is_dir()
    assert (tmp_path / "whole" / "mentions.parquet").is_file()
    _assert_same(tmp_path / "whole", tmp_path / "chunked")
    articles = _read(tmp_path / "chunked", "articles").set_index("article_id")
    assert articles.loc["copy0", "duplicate_of"] == "a000"
    assert articles.loc["copy0", "duplicate_kind"] == "exact"
    assert len(_read(tmp_path / "chunked", "mentions")) > 10


def test_run_extract__process_pool_equals_one_process(tmp_path):
    corpus = _corpus(tmp_path / "in")
    run_extract(corpus, tmp_path / "one", workers=1, chunk_size=4)
    run_extract(corpus, tmp_path / "two", workers=2, chunk_size=4)
    _assert_same(tmp_path / "one", tmp_path / "two")


@pytest.mark.slow
def test_run_extract__dask_equals_local(tmp_path):
    pytest.importorskip("distributed")
    corpus = _corpus(tmp_path / "in")
    run_extract(corpus, tmp_path / "local", workers=2, chunk_size=4)
    run = run_extract(corpus, tmp_path / "dask", engine="dask", workers=2, chunk_size=4)
    assert run.chunks > 1
    _assert_same(tmp_path / "local", tmp_path / "dask")


def test_run_extract__interrupted_run_resumes_from_cache(tmp_path):
    corpus = _corpus(tmp_path / "in")
    run_extract(corpus, tmp_path / "clean", workers=1, chunk_size=2)
    finished = []

    def stop_after_three(result):
        finished.append(result.index)
        if len(finished) == 3:
            raise KeyboardInterrupt

    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run_extract(corpus, out, workers=1, chunk_size=2, on_chunk=stop_after_three)
    assert sorted(p.name for p in out.iterdir()) == [".cache"]  # no table, no staging
    rerun = run_extract(corpus, out, workers=1, chunk_size=2)
    # Chunks finished before the interrupt (three, or one more already running) are reused.
    assert 3 <= rerun.cached_chunks < rerun.chunks
    _assert_same(tmp_path / "clean", out)


def test_run_extract__new_articles_only_new_chunks(tmp_path):
    corpus = _corpus(tmp_path / "in")
    first = run_extract(corpus, tmp_path / "out", workers=1, chunk_size=2)
    assert first.cached_chunks == 0
    more = _corpus(tmp_path / "more", n=2, start=50)
    again = run_extract([corpus, more], tmp_path / "out", workers=1, chunk_size=2)
    assert again.chunks > first.chunks
    assert again.cached_chunks == first.chunks
    ids = set(_read(tmp_path / "out", "articles")["article_id"])
    assert {"a050", "a051", "copy50", "a000"} <= ids


def test_run_extract__new_file_leaves_the_chunks_of_earlier_files_cached(tmp_path):
    corpus = _corpus(tmp_path / "in", n=15)
    first = run_extract(corpus, tmp_path / "out", workers=1, chunk_size=8)
    _corpus(tmp_path / "in", n=6, start=50)  # part-050.jsonl sorts after part-000.jsonl

    again = run_extract(corpus, tmp_path / "out", workers=1, chunk_size=8)

    assert again.cached_chunks == first.chunks < again.chunks


def _stubs(files: list[tuple[int, bool, int]]) -> list[dict]:
    return [{"input_path": f"f{number}", "input_row": row, "file": number, "table": table}
            for number, table, rows in files for row in range(rows)]  # fmt: skip


def test_chunks__end_of_a_table_file_of_half_a_chunk_ends_a_chunk():
    chunks = list(engine._chunks(_stubs([(0, True, 5), (1, True, 3), (2, True, 1)]), 8))

    assert [[s["file"] for s in c] for c in chunks] == [[0] * 5, [1, 1, 1, 2]]


def test_chunks__one_article_files_share_chunks():
    chunks = list(engine._chunks(_stubs([(n, False, 1) for n in range(6)]), chunk_size=100))

    assert [len(c) for c in chunks] == [6]


def test_run_extract__config_edit_keeps_ingest_cache(tmp_path):
    corpus = _corpus(tmp_path / "in")
    cache = tmp_path / "cache"
    run_extract(corpus, tmp_path / "out", workers=1, chunk_size=4, cache_dir=cache)
    ingest_dirs = sorted(p.name for p in (cache / "ingest").iterdir())
    extract_dirs = len(list((cache / "extract").iterdir()))
    config = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, config)
    with open(config / "actors.yaml", "a") as fh:
        fh.write("\n# an edit changes the lexicon's version\n")
    run = run_extract(corpus, tmp_path / "out", workers=1, chunk_size=4, cache_dir=cache,
                      config_dir=config)  # fmt: skip
    assert run.cached_chunks == 0
    assert sorted(p.name for p in (cache / "ingest").iterdir()) == ingest_dirs
    assert len(list((cache / "extract").iterdir())) == 2 * extract_dirs


def test_run_extract__ingest_only_writes_no_extraction(tmp_path):
    corpus = _corpus(tmp_path / "in")
    run = run_extract(corpus, tmp_path / "out", workers=1, chunk_size=2, extract=False)
    names = sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith("."))
    assert names == ["articles.parquet", "ingest_log.parquet"]
    assert run.articles == 11


def test_run_extract__unknown_engine_is_a_parameter_error(tmp_path):
    with pytest.raises(ParameterError, match="unknown engine"):
        run_extract(_corpus(tmp_path / "in"), tmp_path / "out", engine="spark")


def test_cli_extract__chunked_run_prints_chunks(tmp_path, capsys):
    corpus = _corpus(tmp_path / "in")
    rc = main(["extract", str(corpus), "--out", str(tmp_path / "out"), "--quiet",
               "--chunk-size", "3", "--workers", "1"])  # fmt: skip
    assert rc == 0
    printed = capsys.readouterr().out
    assert "chunks (0 from the cache)" in printed
    assert "duplicates: 1 exact, 2 near" in printed  # found across chunks of one article
    log = _read(tmp_path / "out", "ingest_log")
    assert set(log["status"]) == {"loaded", "duplicate"} and len(log) == 11


@pytest.mark.slow
def test_cli_extract__sigint_leaves_no_table_and_rerun_completes(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    corpus = _corpus(tmp_path / "in", n=60)
    out, cache = tmp_path / "out", tmp_path / "cache"
    cmd = [sys.executable, "-m", "newsbrief", "extract", str(corpus), "--out", str(out),
           "--cache", str(cache), "--chunk-size", "2", "--workers", "2", "--quiet"]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(cache.glob("extract/*/claims.parquet")):
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the run finished before the interrupt arrived")
    assert proc.returncode == 130, err
    assert "interrupted" in err
    assert not out.exists() or not [p for p in out.iterdir() if p.name.endswith(".parquet")]
    engine.code_version.cache_clear()  # the source as the subprocess saw it, not as at start
    rerun = run_extract(corpus, out, workers=1, chunk_size=2, cache_dir=cache)
    assert 0 < rerun.cached_chunks < rerun.chunks
    run_extract(corpus, tmp_path / "clean", workers=1, chunk_size=2)
    _assert_same(tmp_path / "clean", out)


EDIT_STORIES = [
    *STORIES,
    "Nasser Kanaani said on Tuesday that he had seen no evidence of any drone transfers.",
    "Iranian-made Shahed drones hit Kyiv again, Reuters reported, citing Ukrainian officials.",
]
LEXICON_EDITS = {
    # one actor gains an alias that occurs in the texts
    "alias added": ('aliases: ["Kanaani",', 'aliases: ["Kanaani", "Spokesman Nasser",'),
    # a longer alias shadows another actor's match ("Iranian" in "Iranian-made Shahed")
    "shadowing alias": ('aliases: ["Shahed Aviation Industries Research Center"]',
                        'aliases: ["Shahed Aviation Industries Research Center", '
                        '"Iranian-made Shahed"]'),
    # a state loses an adjective: its mentions and every role phrase made from it change
    "state adjective removed": ('adjectives: ["Iranian"]', "adjectives: []"),
    # a person's gender: pronouns resolve differently, no alias changes
    "gender changed": ("country: IRN, gender: m, aliases: [\"Kanaani\"",
                       "country: IRN, gender: f, aliases: [\"Kanaani\""),
    # an outlet renamed: articles whose source is that outlet get other claim speakers
    "outlet renamed": ('name: "Reuters", type: media', 'name: "Reuters News", type: media'),
    "actor removed": (None, "id: kanaani,"),
}  # fmt: skip


def _edit_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = [{"id": f"e{i:03d}", "date": f"2022-10-{1 + i:02d}", "source": "Reuters" if i % 3
             else "Tehran Times", "text": EDIT_STORIES[i % len(EDIT_STORIES)]}
            for i in range(2 * len(EDIT_STORIES))]  # fmt: skip
    (folder / "part.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return folder


def _edited_config(target: Path, old: str | None, new: str) -> Path:
    """A copy of the config beside ``target`` (``base``) and an edited one at ``target``."""
    base = target.with_name("base")
    if not base.exists():  # one snapshot: the project's config may change meanwhile
        shutil.copytree(CONFIG_DIR, base)
    shutil.copytree(base, target)
    path = target / "actors.yaml"
    text = path.read_text(encoding="utf-8")
    if old is None:  # remove the line holding ``new``
        lines = text.splitlines(keepends=True)
        text = "".join(line for line in lines if new not in line)
    else:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return target


@pytest.mark.parametrize("edit", sorted(LEXICON_EDITS))
def test_run_extract__lexicon_edit_splices_like_a_cold_run(tmp_path, monkeypatch, edit):
    monkeypatch.setattr(engine, "SPLICE_MAX_SHARE", 1.0)  # tiny chunks: splice them all
    corpus = _edit_corpus(tmp_path / "in")
    config = _edited_config(tmp_path / "config", *LEXICON_EDITS[edit])
    cold = run_extract(corpus, tmp_path / "cold", workers=1, chunk_size=4, config_dir=config)
    cache = tmp_path / "cache"
    run_extract(corpus, tmp_path / "before", workers=1, chunk_size=4, cache_dir=cache,
                config_dir=tmp_path / "base")  # fmt: skip
    shutil.copytree(tmp_path / "before", tmp_path / "out", ignore=shutil.ignore_patterns(".*"))
    extracted = []
    monkeypatch.setattr(engine, "_extract_chunk", lambda *a: extracted.append(a) or {})
    run = run_extract(corpus, tmp_path / "out", workers=1, chunk_size=4, cache_dir=cache,
                      config_dir=config)  # fmt: skip
    assert extracted == [] and cold.chunks == run.chunks > 2
    assert "lexicon_scan" in run.stage_seconds
    _assert_same(tmp_path / "cold", tmp_path / "out")
    changed = [
        name
        for name in ("mentions", "claims", "candidates")
        if not _read(tmp_path / "before", name).equals(_read(tmp_path / "out", name))
    ]
    assert changed, "the edit changed nothing: the test would prove nothing"
    # Re-extracted articles only: most chunks' rows are the previous run's files.
    links = [p.stat().st_nlink for p in (cache / "extract").glob("*/claims.parquet")]
    assert sum(n > 1 for n in links) >= 2


def test_run_extract__lexicon_edit_of_many_actors_reextracts(tmp_path, monkeypatch):
    monkeypatch.setattr("newsbrief.lexicon_diff.MAX_TRIGGER_KEYS", 0)
    corpus = _edit_corpus(tmp_path / "in")
    cache = tmp_path / "cache"
    config = _edited_config(tmp_path / "config", *LEXICON_EDITS["alias added"])
    run_extract(corpus, tmp_path / "out", workers=1, chunk_size=4, cache_dir=cache,
                config_dir=tmp_path / "base")  # fmt: skip
    run = run_extract(corpus, tmp_path / "out", workers=1, chunk_size=4, cache_dir=cache,
                      config_dir=config)  # fmt: skip
    assert "lexicon_scan" not in run.stage_seconds and "claims" in run.stage_seconds


def test_run_extract__lexicon_spelling_variant_keeps_every_table(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "SPLICE_MAX_SHARE", 1.0)
    corpus = _edit_corpus(tmp_path / "in")
    config = _edited_config(tmp_path / "config", 'aliases: ["Kanaani",',
                            'aliases: ["Kanaani", "Nasser-Kanaani",')  # fmt: skip
    cache = tmp_path / "cache"
    run_extract(corpus, tmp_path / "before", workers=1, chunk_size=4, cache_dir=cache,
                config_dir=tmp_path / "base")  # fmt: skip
    run = run_extract(corpus, tmp_path / "out", workers=1, chunk_size=4, cache_dir=cache,
                      config_dir=config)  # fmt: skip
    assert "lexicon_scan" in run.stage_seconds
    _assert_same(tmp_path / "before", tmp_path / "out")
    # The variant matches where the name did: every extraction table stands (linked).
    for name in ("candidate_counts", "mentions", "claims"):
        files = list((cache / "extract").glob(f"*/{name}.parquet"))
        assert len(files) == 2 * run.chunks
        assert len({p.stat().st_ino for p in files}) == run.chunks  # one file, two names


def test_run_extract__marked_duplicates_cached_for_reruns(tmp_path):
    corpus = _corpus(tmp_path / "in")
    cache = tmp_path / "cache"
    run_extract(corpus, tmp_path / "out", workers=1, chunk_size=2, cache_dir=cache)
    marked = sorted((cache / "final").glob("*/articles.parquet"))
    assert marked  # the chunk holding copy0 (an exact duplicate) was marked once
    again = run_extract(corpus, tmp_path / "out", workers=1, chunk_size=2, cache_dir=cache)
    assert again.cached_chunks == again.chunks
    assert sorted((cache / "final").glob("*/articles.parquet")) == marked
    parts = (tmp_path / "out" / "articles.parquet").glob("*.parquet")
    assert all(p.stat().st_nlink >= 2 for p in parts)  # linked, not rewritten
    [merged] = (cache / "candidates").glob("*.parquet")  # candidate counts merged once
    assert merged.samefile(tmp_path / "out" / "candidates.parquet")
    articles = _read(tmp_path / "out", "articles").set_index("article_id")
    assert articles.loc["copy0", "duplicate_of"] == "a000"


def _marked(cache: Path) -> set[str]:
    return {p.name for p in (cache / "final").iterdir() if not p.name.startswith(".")}


def test_run_extract__marked_copies_unused_for_two_runs_are_pruned(tmp_path):
    corpus = _corpus(tmp_path / "in")
    cache = tmp_path / "cache"
    run_extract(corpus, tmp_path / "out", workers=1, chunk_size=2, cache_dir=cache)
    first = _marked(cache)
    (corpus / "part-000.jsonl").write_text(  # the exact copy goes: its chunk has no marks
        "".join(line + "\n" for line in
                (corpus / "part-000.jsonl").read_text().splitlines()[:-1]))  # fmt: skip

    run_extract(corpus, tmp_path / "out", workers=1, chunk_size=2, cache_dir=cache)
    second = _marked(cache)
    run_extract(corpus, tmp_path / "out", workers=1, chunk_size=2, cache_dir=cache)
    third = _marked(cache)

    assert second == first  # the previous run's copies are kept (to go back cheaply)
    assert third < first  # unused by the last two runs: the copy's marked chunk is gone
    assert "copy0" not in set(_read(tmp_path / "out", "articles")["article_id"])


def test_run_extract__duplicates_decided_once_for_the_same_chunks(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path / "in")
    cache = tmp_path / "cache"
    run_extract(corpus, tmp_path / "cold", workers=1, chunk_size=2, cache_dir=cache)
    assert len(list((cache / "duplicates").glob("*.json"))) == 1

    def compared_again(ordered, verdicts=None):
        raise AssertionError("the same chunks were compared again")

    monkeypatch.setattr(engine_duplicates, "global_duplicates", compared_again)
    run_extract(corpus, tmp_path / "warm", workers=1, chunk_size=2, cache_dir=cache)
    _assert_same(tmp_path / "cold", tmp_path / "warm")
    assert (
        _read(tmp_path / "warm", "articles").set_index("article_id").loc["copy0", "duplicate_of"]
        == "a000"
    )
    monkeypatch.undo()
    more = _corpus(tmp_path / "more", n=2, start=50)  # new chunks: compared afresh
    run_extract([corpus, more], tmp_path / "out", workers=1, chunk_size=2, cache_dir=cache)
    assert len(list((cache / "duplicates").glob("*.json"))) == 2
