"""Hostile and broken input: every file is loaded or logged with a reason, nothing crashes.

The corpus is generated in ``tmp_path`` by the tests (nothing big is committed): empty,
binary and mis-encoded files, broken tables, impossible dates, repeated ids, file names
with shell metacharacters, links out of the corpus, a 200 MB file and 100,000 tiny files.
"""

import codecs
import contextlib
import datetime as dt
import json
import os
import tracemalloc
from pathlib import Path

import pandas as pd
import pytest

from newsbrief.ingest import Corpus, load_articles, save_corpus
from newsbrief.pipeline import extract_tables
from newsbrief.storage import read_table

STORY = (
    "Iran denied on Tuesday that it had sent drones to Russia for use in Ukraine, "
    "the foreign ministry spokesman said in Tehran. Kyiv said the Shahed drones hit "
    "power stations overnight and called for a United Nations investigation.\n"
)
OTHER = (
    "Russia's defence ministry said its forces struck targets across Ukraine with "
    "long-range weapons. Ukrainian officials said the attack used Iranian-made drones "
    "and urged the Security Council to act under Resolution 2231.\n"
)
SHELL_NAME = "brief $(rm -rf x); a | b & 'single' \"double\" `tick` é 日本.txt"


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def assert_accounted(corpus: Corpus, files: list[Path], root: Path) -> None:
    """Every file is in the log; statuses add up; the summary states the counts."""
    log = corpus.ingest_log
    counts = log["status"].value_counts()
    loaded, dups, skipped = (int(counts.get(s, 0)) for s in ("loaded", "duplicate", "skipped"))
    assert len(log) == loaded + dups + skipped
    assert set(log["status"]) <= {"loaded", "duplicate", "skipped"}
    assert (log["reason"].isna() == (log["status"] != "skipped")).all()
    assert log.loc[log["status"] == "skipped", "reason"].str.len().gt(0).all()
    assert len(corpus.articles) == loaded + dups
    assert corpus.articles["article_id"].is_unique
    logged = set(log["input_path"])
    for file in files:
        rel = f"{root.name}/{file.relative_to(root).as_posix()}"
        assert rel in logged, f"{rel} is neither loaded nor logged"
    assert corpus.summary().splitlines()[0] == (
        f"{len(log)} inputs: {loaded} loaded, {dups} duplicates, {skipped} skipped"
    )


def assert_dates_valid(articles: pd.DataFrame) -> None:
    """``published`` is null or a real date of its stated precision."""
    formats = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
    for published, precision in zip(articles["published"], articles["date_precision"], strict=True):
        if precision == "none":
            assert published is None or pd.isna(published)
        else:
            dt.datetime.strptime(published, formats[precision])  # raises if invalid


def log_row(corpus: Corpus, input_path: str, input_row: int | None = None) -> pd.Series:
    log = corpus.ingest_log
    hit = log[(log["input_path"] == input_path)]
    hit = hit[hit["input_row"].isna()] if input_row is None else hit[hit["input_row"] == input_row]
    assert len(hit) == 1, f"{input_path} row {input_row}: {len(hit)} log rows"
    return hit.iloc[0]


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, list[Path]]:
    """A folder of broken inputs beside two good articles; returns (root, files)."""
    root = tmp_path / "hostile"
    files = [
        write(root / "good.txt", STORY),
        write(root / "empty.txt", b""),
        write(root / "blank.txt", " \n\t\n"),
        write(root / "binary.txt", bytes(range(256)) * 64),
        write(root / "nul_bytes.html", b"\x00" * 5000),
        write(root / "bad_utf8.txt", OTHER.encode() + b"\xff\xfe\xc3\x28 end of the story.\n"),
        write(
            root / "utf16_bom.txt", codecs.BOM_UTF16_LE + ("Moscow. " + STORY).encode("utf-16-le")
        ),
        write(root / "utf16_nobom.txt", ("Moscow. " + STORY).encode("utf-16-le")),
        write(root / "utf16_be.txt", codecs.BOM_UTF16_BE + ("Minsk. " + OTHER).encode("utf-16-be")),
        write(root / "header_feb30.txt", "date 2023-02-30 example.com\nKherson. " + STORY),
        write(root / "header_9999.txt", "date 9999-01-01\nOdesa. " + OTHER),
        write(root / "meta_dated.txt", "Lviv. " + STORY),
        write(root / "metadata.csv", "article_id,published,title\nmeta_dated,2023-02-30,M\n"),
        write(root / "dup_id.txt", "Dnipro. " + OTHER),
        write(
            root / "unbalanced.csv",
            'id,text,date\nq1,"Iran said it sent no drones,2022-10-18\nq2,More text,2022-10-19\n',
        ),
        write(
            root / "ragged.csv",
            "id,text,date\n"
            "r1,Ukraine said drones struck Kyiv overnight.,2023-02-30\n"
            "r2,too,many,fields,here\n"
            "r3\n"
            "r4,Iran offered expert talks with Kyiv.,9999-12-31\n"
            "dup_id,Zaporizhzhia officials said drones hit the city.,2022-11-01\n",
        ),
        write(root / "no_text_column.csv", "id,headline_only_not_text\n1,hello\n"),
        write(root / "header_only.csv", "id,text,date\n"),
        write(
            root / "lines.jsonl",
            '{"id": "j1", "text": "Tehran denied the reports again.", "date": "2023-02-30"}\n'
            "{not json\n"
            "[1, 2]\n"
            '"a string"\n'
            "\n"
            '{"id": "j2", "title": "no text field here"}\n'
            '{"id": "j3", "text": "Half a pair \\udcff of surrogates in JSON."}\n'
            '{"id": "j4", "text": null, "title": null}\n',
        ),
        write(root / "broken.json", '[{"id": "x", "text": "unterminated'),
        write(root / "deep.json", "[" * 100_000 + "]" * 100_000),
        write(root / "deep.jsonl", "[" * 100_000 + "]" * 100_000 + '\n{"text": "Kyiv said."}\n'),
        write(root / "no_body.html", "<html><head><title>Nothing here</title></head></html>"),
        write(root / "only_tags.html", "<html><body><div><span></span></div></body></html>"),
        write(root / SHELL_NAME, "Kharkiv. " + OTHER),
        write(root / "image.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
        write(root / "README.md", "# notes\n"),
        write(root / "sub dir; ls" / "nested $HOME.txt", "Mykolaiv. " + STORY),
    ]
    with contextlib.suppress(OSError):  # a file system may refuse newlines in names
        files.append(write(root / "new\nline.txt", "Poltava. " + OTHER))
    undecodable = os.path.join(os.fsencode(root), b"latin1 caf\xe9.txt")
    with open(undecodable, "w", encoding="utf-8") as fh:
        fh.write("Sumy. " + STORY)
    outside = write(tmp_path / "outside" / "secret.txt", "Secret. " + OTHER)
    os.symlink(outside, root / "link_out.txt")
    os.symlink(root / "good.txt", root / "link_in.txt")
    os.symlink(root / "missing.txt", root / "broken_link.txt")
    os.symlink("/etc", root / "etc_dir")
    os.mkfifo(root / "pipe.txt")
    files += [root / n for n in ("link_out.txt", "link_in.txt", "broken_link.txt", "pipe.txt")]
    return root, files


@pytest.fixture
def hostile_corpus(hostile, tmp_path, monkeypatch) -> Corpus:
    root, _ = hostile
    (tmp_path / "x").mkdir()  # what `$(rm -rf x)` would remove, were a name ever run
    monkeypatch.chdir(tmp_path)
    return load_articles(root)


def test_load_articles__hostile_folder_every_input_accounted(hostile, hostile_corpus, tmp_path):
    root, files = hostile
    assert_accounted(hostile_corpus, files, root)
    assert_dates_valid(hostile_corpus.articles)
    assert (tmp_path / "x").is_dir()


@pytest.mark.parametrize(
    ("input_path", "reason"),
    [
        ("hostile/empty.txt", "empty file"),
        ("hostile/blank.txt", "empty file"),
        ("hostile/binary.txt", "binary file"),
        ("hostile/no_body.html", "HTML with no main text"),
        ("hostile/only_tags.html", "HTML with no main text"),
        ("hostile/link_out.txt", "symlink pointing outside the input roots"),
        ("hostile/link_in.txt", "same file as hostile/good.txt"),
        ("hostile/broken_link.txt", "not found (or a broken symlink)"),
        ("hostile/etc_dir", "symlinked directory (not followed)"),
        ("hostile/pipe.txt", "not a regular file"),
        ("hostile/image.png", "unsupported file type .png"),
        ("hostile/README.md", "documentation file (.md)"),
        ("hostile/metadata.csv", "metadata file, not an article"),
    ],
)
def test_load_articles__broken_file_skipped_with_reason(hostile_corpus, input_path, reason):
    row = log_row(hostile_corpus, input_path)
    assert row["status"] == "skipped"
    assert row["reason"] == reason


def test_load_articles__binary_html_and_broken_json_skipped(hostile_corpus):
    assert log_row(hostile_corpus, "hostile/nul_bytes.html")["status"] == "skipped"
    assert log_row(hostile_corpus, "hostile/broken.json")["reason"].startswith("malformed JSON")
    assert log_row(hostile_corpus, "hostile/deep.json")["reason"] == (
        "malformed JSON file (RecursionError)"
    )
    assert log_row(hostile_corpus, "hostile/deep.jsonl", 1)["reason"] == (
        "malformed JSON line (nested too deeply)"
    )
    assert log_row(hostile_corpus, "hostile/deep.jsonl", 2)["status"] == "loaded"


def test_load_articles__mis_encoded_text_loaded_with_note(hostile_corpus):
    arts = hostile_corpus.articles.set_index("article_id")
    assert arts.loc["bad_utf8", "text"].startswith("Russia's defence ministry")
    assert "not UTF-8" in log_row(hostile_corpus, "hostile/bad_utf8.txt")["note"]
    assert arts.loc["utf16_bom", "text"].startswith("Moscow. Iran denied")
    assert arts.loc["utf16_be", "text"].startswith("Minsk. Russia's")
    # the same text without a BOM is read alike, and so found to be a copy
    assert arts.loc["utf16_nobom", "text"] == arts.loc["utf16_bom", "text"]
    assert arts.loc["utf16_nobom", "status"] == "duplicate"


def test_load_articles__broken_tables_skip_rows_not_files(hostile_corpus):
    log = hostile_corpus.ingest_log
    ragged = log[log["input_path"] == "hostile/ragged.csv"].set_index("input_row")
    assert ragged.loc[1, "status"] == "loaded"
    assert ragged.loc[2, "reason"] == "malformed CSV row (5 fields, header has 3)"
    assert ragged.loc[3, "reason"] == "malformed CSV row (1 fields, header has 3)"
    assert ragged.loc[4, "status"] == "loaded"
    unbalanced = log[log["input_path"] == "hostile/unbalanced.csv"]
    assert (unbalanced["status"] == "skipped").all() and len(unbalanced) >= 1
    assert unbalanced["reason"].str.startswith("malformed CSV row").all()
    assert log_row(hostile_corpus, "hostile/no_text_column.csv")["reason"].startswith(
        "no text column"
    )
    assert log_row(hostile_corpus, "hostile/header_only.csv")["reason"] == "table with no rows"
    lines = log[log["input_path"] == "hostile/lines.jsonl"].set_index("input_row")
    assert lines.loc[1, "status"] == "loaded"
    assert lines.loc[2, "reason"].startswith("malformed JSON line")
    assert lines.loc[3, "reason"] == "malformed JSON row (not an object)"
    assert lines.loc[4, "reason"] == "malformed JSON row (not an object)"
    assert 5 not in lines.index  # a blank line is no record
    assert lines.loc[6, "reason"].startswith("no text field")
    assert lines.loc[7, "status"] == "loaded"
    assert lines.loc[8, "reason"] == "empty text"


@pytest.mark.parametrize(
    ("article_id", "input_path", "input_row", "noted"),
    [
        ("header_feb30", "hostile/header_feb30.txt", None, "'2023-02-30' on the header line"),
        ("header_9999", "hostile/header_9999.txt", None, "'9999-01-01' on the header line"),
        ("r1", "hostile/ragged.csv", 1, "unreadable date '2023-02-30' ignored"),
        ("r4", "hostile/ragged.csv", 4, "unreadable date '9999-12-31' ignored"),
        ("j1", "hostile/lines.jsonl", 1, "unreadable date '2023-02-30' ignored"),
    ],
)
def test_load_articles__impossible_date_undated_with_note(
    hostile_corpus, article_id, input_path, input_row, noted
):
    art = hostile_corpus.articles.set_index("article_id").loc[article_id]
    assert art["published"] is None and art["date_precision"] == "none"
    assert art["date_basis"] == "none"
    assert noted in log_row(hostile_corpus, input_path, input_row)["note"]


def test_load_articles__impossible_header_line_not_left_in_text(hostile_corpus):
    arts = hostile_corpus.articles.set_index("article_id")
    assert arts.loc["header_feb30", "text"].startswith("Kherson. ")
    assert arts.loc["header_feb30", "source"] == "example.com"
    assert arts.loc["header_9999", "text"].startswith("Odesa. ")


def test_load_articles__impossible_metadata_date_noted(hostile_corpus):
    art = hostile_corpus.articles.set_index("article_id").loc["meta_dated"]
    assert art["published"] is None and art["title"] == "M"
    note = log_row(hostile_corpus, "hostile/metadata.csv")["note"]
    assert "unreadable date ignored for meta_dated ('2023-02-30')" in note


def test_load_articles__repeated_id_renamed_with_note(hostile_corpus):
    arts = hostile_corpus.articles.set_index("article_id")
    assert arts.loc["dup_id", "input_path"] == "hostile/dup_id.txt"
    assert arts.loc["dup_id~2", "input_path"] == "hostile/ragged.csv"
    note = log_row(hostile_corpus, "hostile/ragged.csv", 5)["note"]
    assert note == "article_id 'dup_id' already used by hostile/dup_id.txt; renamed 'dup_id~2'"


def test_load_articles__odd_file_names_loaded_verbatim(hostile_corpus):
    arts = hostile_corpus.articles.set_index("input_path")
    assert arts.loc[f"hostile/{SHELL_NAME}", "article_id"] == SHELL_NAME.removesuffix(".txt")
    assert arts.loc["hostile/sub dir; ls/nested $HOME.txt", "article_id"] == "nested $HOME"
    assert arts.loc["hostile/latin1 caf\\xe9.txt", "article_id"] == "latin1 caf\\xe9"
    if (hostile_corpus.ingest_log["input_path"] == "hostile/new\nline.txt").any():
        assert arts.loc["hostile/new\nline.txt", "article_id"] == "new\nline"
    assert not arts.index.str.startswith("/").any()


def test_load_articles__lone_surrogate_in_json_replaced(hostile_corpus):
    text = hostile_corpus.articles.set_index("article_id").loc["j3", "text"]
    assert "\ufffd" in text
    text.encode("utf-8")


def test_save_corpus__hostile_corpus_round_trips(hostile_corpus, tmp_path):
    paths = save_corpus(hostile_corpus, tmp_path / "interim")
    articles = read_table(paths[0])
    assert articles["article_id"].tolist() == hostile_corpus.articles["article_id"].tolist()
    assert len(read_table(paths[1])) == len(hostile_corpus.ingest_log)


def test_extract_tables__hostile_corpus_runs(hostile_corpus):
    tables = extract_tables(hostile_corpus.articles)
    texts = hostile_corpus.articles.set_index("article_id")["text"]
    for row in tables["sentences"].itertuples():
        assert texts[row.article_id][row.start : row.end] == row.text
    for row in tables["mentions"].itertuples():
        assert texts[row.article_id][row.start : row.end] == row.surface


def test_load_articles__nothing_usable_is_an_input_error(tmp_path):
    from newsbrief.errors import InputError

    write(tmp_path / "c" / "empty.txt", b"")
    write(tmp_path / "c" / "binary.txt", bytes(range(256)) * 8)
    with pytest.raises(InputError, match="no usable article"):
        load_articles(tmp_path / "c")


def _big_file(path: Path, size: int, head: bytes = b"") -> Path:
    """Write ``size`` bytes of repeated news text in a few large writes."""
    chunk = (STORY.encode() * (2**20 // len(STORY) + 1))[: 2**20]
    with path.open("wb") as fh:
        fh.write(head)
        for _ in range(size // len(chunk)):
            fh.write(chunk)
    return path


@pytest.mark.slow
def test_load_articles__200_mb_file_skipped_without_reading_it(tmp_path):
    root = tmp_path / "big"
    root.mkdir()
    _big_file(root / "huge.txt", 200 * 2**20)
    # the other one-document formats are checked on sparse files (no disk, same size)
    for name, head in (("huge.html", b"<html><body><p>"), ("huge.json", b'[{"text": "')):
        with (root / name).open("wb") as fh:
            fh.write(head)
            fh.truncate(200 * 2**20)
    write(root / "small.txt", STORY)
    tracemalloc.start()
    try:
        corpus = load_articles(root)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    for name in ("huge.txt", "huge.html", "huge.json"):
        row = log_row(corpus, f"big/{name}")
        assert row["status"] == "skipped"
        assert row["reason"] == "file over the size limit (209.7 MB > 50.0 MB)"
    assert corpus.articles["article_id"].tolist() == ["small"]
    assert peak < 20 * 2**20, f"peak Python memory {peak / 2**20:.0f} MB"


@pytest.mark.slow
def test_load_articles__large_table_streamed_row_by_row(tmp_path):
    # a table has no size limit: it is read a row at a time; the rows here are copies
    # of each other, so loading stays fast and the duplicates are found
    root = tmp_path / "bigtable"
    root.mkdir()
    row = json.dumps({"id": "x", "text": STORY * 30}) + "\n"
    count = 20 * 2**20 // len(row)
    with (root / "rows.jsonl").open("w") as fh:
        for _ in range(5):
            fh.write(row * (count // 5))
    corpus = load_articles(root, max_file_mb=1)
    assert len(corpus.ingest_log) == count // 5 * 5
    assert int((corpus.articles["status"] == "loaded").sum()) == 1


@pytest.mark.slow
def test_load_articles__100_000_tiny_files(tmp_path):
    root = tmp_path / "many"
    root.mkdir()
    n = 100_000
    for i in range(n):
        (root / f"a{i:06d}.txt").write_text(
            f"Drone strike {i} hit a city overnight, officials said."
        )
    (root / "a000007.txt").write_bytes(b"")
    corpus = load_articles(root)
    log = corpus.ingest_log
    assert len(log) == n
    assert int((log["status"] == "skipped").sum()) == 1
    assert len(corpus.articles) == n - 1
    assert corpus.articles["article_id"].is_unique
    assert corpus.summary().startswith(f"{n} inputs: {n - 1} loaded, 0 duplicates, 1 skipped")


def test_corpus_summary__undated_corpus_names_no_empty_date_sources(tmp_path):
    write(tmp_path / "c" / "a.txt", STORY)
    summary = load_articles(tmp_path / "c").summary()
    assert summary.splitlines()[1] == "1 article: 1 undated"
