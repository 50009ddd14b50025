import os
from pathlib import Path

import pandas as pd
import pytest

from newsbrief.errors import InputError
from newsbrief.ingest import article_from_record, load_articles, save_corpus
from newsbrief.paths import RAW_DIR

STORY = (
    "The foreign ministry on Tuesday rejected reports that it had shipped attack drones to "
    "the northern front, calling them part of a campaign of pressure. A spokesman told "
    "reporters in the capital that no such transfer had taken place and that the country "
    "remained neutral in the conflict. Officials in the neighbouring state said wreckage "
    "recovered after a night of strikes on power stations pointed to a foreign design, and "
    "asked the Security Council to send a team of inspectors. Diplomats in New York said a "
    "closed meeting could be held later in the week, though two permanent members were "
    "expected to oppose any inquiry. The spokesman added that his government was ready to "
    "hold expert talks with anyone who had evidence, and said the accusations were meant to "
    "distract attention from arms deliveries by others."
)
OTHER = (
    "Wheat exports through the southern ports rose for a third month in a row, the "
    "agriculture ministry said, as insurers cut premiums for ships calling at the terminals. "
    "Traders expect the harvest to be smaller than last year because of a dry spring, and "
    "millers in the region have started to buy earlier than usual to secure supplies."
)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def assert_accounted(corpus):
    log = corpus.ingest_log
    counts = log["status"].value_counts()
    assert len(log) == sum(counts.get(s, 0) for s in ("loaded", "duplicate", "skipped"))
    assert set(log["status"]) <= {"loaded", "duplicate", "skipped"}
    assert (log["reason"].isna() == (log["status"] != "skipped")).all()
    assert corpus.articles["article_id"].is_unique
    assert len(corpus.articles) == int((log["status"] != "skipped").sum())


def row(corpus, article_id):
    arts = corpus.articles.set_index("article_id")
    return arts.loc[article_id]


def log_row(corpus, input_path, input_row=None):
    log = corpus.ingest_log
    hit = log[(log["input_path"] == input_path)]
    if input_row is not None:
        hit = hit[hit["input_row"] == input_row]
    assert len(hit) == 1, log
    return hit.iloc[0]


@pytest.mark.skipif(not (RAW_DIR / "metadata.csv").exists(), reason="sample not present")
def test_load_articles__bundled_sample_with_metadata():
    corpus = load_articles([RAW_DIR])
    assert_accounted(corpus)
    arts = corpus.articles.set_index("article_id")
    assert len(arts) == 5
    expected = {
        "000_979126959edd190e": ("2022-11-22", "day", "Tehran Times / Mehr News Agency"),
        "001_22b5e56aa8345688": ("2023-06", "month", "Mehr News Agency"),
        "002_92ed95126e0950d3": ("2022-11-22", "day", "UrduPoint / Sputnik"),
        "003_3530e03621e82822": ("2023-08-26", "day", "IFP News"),
        "004_a7465410586dd3e7": ("2022-10-25", "day", "Mehr News Agency"),
    }
    for aid, (published, precision, source) in expected.items():
        assert (arts.loc[aid, "published"], arts.loc[aid, "date_precision"]) == (
            published,
            precision,
        )
        assert arts.loc[aid, "source"] == source
        assert arts.loc[aid, "date_basis"] == "metadata"
        assert arts.loc[aid, "date_basis_detail"].startswith(("explicit", "inferred"))
        assert arts.loc[aid, "is_english"]
        assert "licensed under" not in arts.loc[aid, "text"]
    assert "\u00c2" not in arts.loc["000_979126959edd190e", "text"]
    assert "\u00c2" in arts.loc["000_979126959edd190e", "raw_text"]
    meta = log_row(corpus, "raw/metadata.csv")
    assert meta["status"] == "skipped" and "metadata" in meta["reason"]
    assert "applied to 5 of 5" in meta["note"]
    assert all(not p.startswith("/") for p in corpus.ingest_log["input_path"])


def test_load_articles__seed_text_format(tmp_path):
    write(tmp_path / "c" / "a1.txt",
          " date 2022-11-22 Example.com\n\nEnvoy asks for expert talks on drones\n\n"
          "Jane Roe Published November 22, 2022 | 03:30 PM\n\n"
          "MOSCOW (Example News / Wire - 22nd November, 2022) " + STORY)  # fmt: skip
    write(tmp_path / "c" / "a2.txt",
          "TEHRAN- " + OTHER + " All Content by Mehr News Agency is licensed under a Creative "
          "Commons Attribution 4.0 International License.")  # fmt: skip
    corpus = load_articles([tmp_path / "c"])
    assert_accounted(corpus)
    a1, a2 = row(corpus, "a1"), row(corpus, "a2")
    assert (a1["published"], a1["date_basis"], a1["source"]) == (
        "2022-11-22",
        "header",
        "Example.com",
    )
    assert a1["title"] == "Envoy asks for expert talks on drones"
    assert a1["text"].startswith("Envoy asks")
    assert a1["input_path"] == "c/a1.txt" and pd.isna(a1["input_row"])
    assert a2["source"] == "Mehr News Agency"
    assert a2["text"].endswith("secure supplies.")
    assert (a2["published"], a2["date_precision"], a2["date_basis"]) == (None, "none", "none")


def test_load_articles__header_month_precision_and_first_line_kept(tmp_path):
    write(
        tmp_path / "m.txt", " date 2022-10 The spokesman rejected the claims on Monday.\n" + STORY
    )
    a = row(load_articles(tmp_path / "m.txt"), "m")
    assert (a["published"], a["date_precision"], a["date_basis"]) == ("2022-10", "month", "header")
    assert a["text"].startswith("The spokesman rejected")


def test_load_articles__date_from_text_publication_line(tmp_path):
    head = "A headline about the talks\nBy Staff Writer\nUpdated 12:57 27.08.2023\n"
    write(tmp_path / "t.txt", head + STORY + " The ban was lifted on October 18, 2020.")
    a = row(load_articles(tmp_path), "t")
    assert (a["published"], a["date_basis"]) == ("2023-08-27", "text")
    assert a["date_basis_detail"].startswith("text: ")


def test_load_articles__undated_article_kept_undated(tmp_path):
    write(tmp_path / "u.txt", STORY + " The sanctions were lifted on October 18, 2020.")
    corpus = load_articles(tmp_path)
    a = row(corpus, "u")
    assert a["status"] == "loaded"
    assert a["published"] is None and a["date_precision"] == "none"
    assert "1 undated" in corpus.summary()


def test_load_articles__metadata_overrides_and_keeps_basis(tmp_path):
    write(tmp_path / "c" / "x.txt", " date 2022-10-18\n" + STORY)
    write(tmp_path / "c" / "y.txt", OTHER)
    write(tmp_path / "c" / "metadata.csv",
          "article_id,published,date_precision,date_basis,source,url,title\n"
          "x,2022-10-19,day,inferred: the wire copy is dated a day later,Wire,https://e.x/1,T1\n"
          "y,2023-06,month,,,,\n"
          "zz,2020-01-01,day,explicit,,,\n")  # fmt: skip
    corpus = load_articles([tmp_path / "c"])
    assert_accounted(corpus)
    x, y = row(corpus, "x"), row(corpus, "y")
    assert (x["published"], x["date_basis"]) == ("2022-10-19", "metadata")
    assert x["date_basis_detail"] == "inferred: the wire copy is dated a day later"
    assert (x["source"], x["url"], x["title"]) == ("Wire", "https://e.x/1", "T1")
    assert (y["published"], y["date_precision"], y["date_basis"]) == (
        "2023-06",
        "month",
        "metadata",
    )
    assert y["date_basis_detail"] == "metadata file metadata.csv"
    note = log_row(corpus, "c/metadata.csv")["note"]
    assert "applied to 2 of 3" in note and "zz" in note


def test_load_articles__explicit_metadata_file(tmp_path):
    write(tmp_path / "c" / "x.txt", STORY)
    meta = write(tmp_path / "elsewhere.csv", "article_id,published,source\nx,2022-10-18,Wire\n")
    a = row(load_articles([tmp_path / "c"], metadata=meta), "x")
    assert (a["published"], a["source"], a["date_basis"]) == ("2022-10-18", "Wire", "metadata")
    with pytest.raises(InputError, match="metadata file not found"):
        load_articles([tmp_path / "c"], metadata=tmp_path / "missing.csv")
    bad = write(tmp_path / "bad.csv", "id,published\nx,2022-10-18\n")
    with pytest.raises(InputError, match="without an article_id column"):
        load_articles([tmp_path / "c"], metadata=bad)


def test_load_articles__csv_with_synonyms_bad_rows_and_title_only(tmp_path):
    write(tmp_path / "t" / "news.csv",
          "id,published,outlet,link,headline,body\n"
          f'n1,2022-02-24,Paper,https://e.x/a,Story one,"{STORY}"\n'
          "n2,2022-02-25,Paper,,Only a headline here for this row,\n"
          "n3,2022-02-26,too,few\n"
          f',"Feb 27, 2022",Paper,,No id,"{OTHER}"\n'
          ",,,,,\n")  # fmt: skip
    corpus = load_articles(tmp_path / "t")
    assert_accounted(corpus)
    n1, n2 = row(corpus, "n1"), row(corpus, "n2")
    assert (n1["published"], n1["date_basis"], n1["source"], n1["title"]) == (
        "2022-02-24",
        "metadata",
        "Paper",
        "Story one",
    )
    assert n1["input_row"] == 1 and n1["url"] == "https://e.x/a"
    assert n2["text"] == "Only a headline here for this row" and n2["text_basis"] == "title"
    assert row(corpus, "news-4")["published"] == "2022-02-27"
    bad = log_row(corpus, "t/news.csv", 3)
    assert bad["status"] == "skipped" and "malformed CSV row" in bad["reason"]
    assert log_row(corpus, "t/news.csv", 5)["reason"] == "empty text"
    assert "title used as text" in corpus.summary()


def test_load_articles__csv_without_text_column_is_skipped(tmp_path):
    write(tmp_path / "d" / "a.txt", STORY)
    write(tmp_path / "d" / "b.csv", "id,title,date\n1,Hello,2022-01-01\n")
    corpus = load_articles(tmp_path / "d")
    entry = log_row(corpus, "d/b.csv")
    assert entry["status"] == "skipped" and entry["reason"].startswith("no text column")


def test_load_articles__column_map_option(tmp_path):
    write(tmp_path / "x.csv", 'key,words,when\nk1,"' + STORY + '",2022-03-01\n')
    column_map = {"key": "article_id", "words": "text", "when": "date"}
    corpus = load_articles(tmp_path / "x.csv", column_map=column_map)
    assert row(corpus, "k1")["published"] == "2022-03-01"


def test_load_articles__jsonl_rows_and_bad_lines(tmp_path):
    import json

    lines = [json.dumps({"id": "j1", "date": "2022-05-01", "title": "T", "content": STORY}),
             "{not json", json.dumps(["a", "list"]), "",
             json.dumps({"id": "j2", "text": OTHER, "source": "Wire"})]  # fmt: skip
    write(tmp_path / "rows.jsonl", "\n".join(lines) + "\n")
    corpus = load_articles(tmp_path / "rows.jsonl")
    assert_accounted(corpus)
    assert row(corpus, "j1")["published"] == "2022-05-01"
    assert row(corpus, "j2")["source"] == "Wire"
    assert "malformed JSON line" in log_row(corpus, "rows.jsonl", 2)["reason"]
    assert "not an object" in log_row(corpus, "rows.jsonl", 3)["reason"]
    assert row(corpus, "j2")["input_row"] == 5


def test_load_articles__html_page(tmp_path):
    paragraphs = "".join(f"<p>{s}.</p>" for s in STORY.split(". "))
    html = ("<html><head><title>Ministry rejects drone reports</title>"
            '<meta property="og:site_name" content="Example Times">'
            '<meta property="article:published_time" content="2022-10-18T10:00:00Z">'
            "</head><body><nav>Home | World | Sport</nav><article>"
            f"<h1>Ministry rejects drone reports</h1>{paragraphs}</article>"
            "<footer>Copyright 2024</footer></body></html>")  # fmt: skip
    write(tmp_path / "h" / "p.html", html)
    write(tmp_path / "h" / "empty.html", "<html><body><nav>Home</nav></body></html>")
    corpus = load_articles(tmp_path / "h")
    assert_accounted(corpus)
    p = row(corpus, "p")
    assert (p["published"], p["date_basis"]) == ("2022-10-18", "header")
    assert p["title"] == "Ministry rejects drone reports" and p["source"] == "Example Times"
    assert "rejected reports" in p["text"] and "Home | World" not in p["text"]
    assert log_row(corpus, "h/empty.html")["reason"] == "HTML with no main text"


def test_load_articles__bad_files_are_skipped_with_reasons(tmp_path):
    d = tmp_path / "d"
    write(d / "good.txt", STORY)
    write(d / "empty.txt", "  \n")
    write(d / "binary.txt", bytes(range(256)) * 4)
    write(d / "u16.txt", "\ufeff".encode("utf-16-le") + ("Hello " + OTHER).encode("utf-16-le"))
    write(d / "u16nobom.txt", ("Plain " + OTHER).encode("utf-16-le"))
    write(d / "latin.txt", ("Caf\u00e9 owners in S\u00e3o Paulo said " + OTHER).encode("cp1252"))
    write(d / "notes.xyz", "whatever")
    write(d / ".hidden.txt", STORY)
    write(d / "README.md", "# corpus")
    write(d / "big.txt", "word " * 600)
    corpus = load_articles(d, max_file_mb=0.002)
    assert_accounted(corpus)
    reasons = corpus.ingest_log.set_index("input_path")["reason"]
    assert reasons["d/empty.txt"] == "empty file"
    assert reasons["d/binary.txt"] == "binary file"
    assert reasons["d/notes.xyz"] == "unsupported file type .xyz"
    assert reasons["d/.hidden.txt"] == "hidden file"
    assert reasons["d/README.md"].startswith("documentation file")
    assert reasons["d/big.txt"].startswith("file over the size limit")
    assert row(corpus, "u16")["text"].startswith("Hello Wheat")
    assert row(corpus, "u16nobom")["text"].startswith("Plain Wheat")
    latin = row(corpus, "latin")
    assert latin["text"].startswith("Caf\u00e9 owners in S\u00e3o Paulo")
    assert "charset detection" in log_row(corpus, "d/latin.txt")["note"]


def test_load_articles__symlink_outside_root_is_skipped(tmp_path):
    outside = write(tmp_path / "outside" / "secret.txt", OTHER)
    write(tmp_path / "c" / "a.txt", STORY)
    os.symlink(outside, tmp_path / "c" / "link.txt")
    os.symlink(tmp_path / "c" / "a.txt", tmp_path / "c" / "inside.txt")
    corpus = load_articles(tmp_path / "c")
    assert_accounted(corpus)
    assert log_row(corpus, "c/link.txt")["reason"] == "symlink pointing outside the input roots"
    assert "secret" not in corpus.articles["article_id"].tolist()
    # a link to a file inside the root is the same file: read once
    assert len(corpus.articles) == 1


def test_load_articles__repeated_id_renamed_deterministically(tmp_path):
    write(tmp_path / "a" / "same.txt", STORY)
    write(tmp_path / "b" / "same.txt", OTHER)
    corpus = load_articles([tmp_path / "a", tmp_path / "b"])
    assert_accounted(corpus)
    assert sorted(corpus.articles["article_id"]) == ["same", "same~2"]
    assert row(corpus, "same~2")["input_path"] == "b/same.txt"
    assert "already used by a/same.txt" in log_row(corpus, "b/same.txt")["note"]


def test_load_articles__exact_and_near_duplicates(tmp_path):
    d = tmp_path / "d"
    write(d / "a.txt", " date 2022-10-18\n" + STORY)
    write(d / "b.txt", " date 2022-10-19\n" + STORY)
    furniture = "Home News World Business Opinion Sport Weather\nBy WIRE\n"
    caption = "\nA man looks at the wreckage of a drone in the capital.\n"
    half = len(STORY) // 2
    write(d / "c.txt", " date 2022-10-18\n" + furniture + STORY[:half] + caption + STORY[half:]
          + "\nRead more: related stories about energy prices and the winter.")  # fmt: skip
    write(d / "e.txt", " date 2022-10-17\n" + OTHER)
    corpus = load_articles(d)
    assert_accounted(corpus)
    b, c = row(corpus, "b"), row(corpus, "c")
    assert (b["duplicate_of"], b["duplicate_kind"], b["status"]) == ("a", "exact", "duplicate")
    assert (c["duplicate_of"], c["duplicate_kind"], c["status"]) == ("a", "near", "duplicate")
    assert row(corpus, "a")["status"] == "loaded" and row(corpus, "e")["status"] == "loaded"
    assert log_row(corpus, "d/b.txt")["duplicate_of"] == "a"
    assert "1 exact, 1 near" in corpus.summary()


def test_load_articles__no_usable_article_raises_with_counts(tmp_path):
    write(tmp_path / "e1.txt", "")
    write(tmp_path / "e2.txt", "")
    write(tmp_path / "x.pdf", b"%PDF-1.4")
    with pytest.raises(InputError, match=r"2 empty file.*1 unsupported file type \.pdf"):
        load_articles(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_load_articles__unreadable_file_is_skipped(tmp_path):
    write(tmp_path / "c" / "a.txt", STORY)
    locked = write(tmp_path / "c" / "locked.txt", OTHER)
    locked.chmod(0)
    corpus = load_articles(tmp_path / "c")
    assert log_row(corpus, "c/locked.txt")["reason"].startswith("unreadable file")


def test_load_articles__read_error_is_skipped(tmp_path, monkeypatch):
    import newsbrief.ingest as ingest

    def failing(path, input_path, column_map):
        raise PermissionError(13, "Permission denied")

    write(tmp_path / "c" / "a.txt", STORY)
    monkeypatch.setattr(ingest, "read_input", failing)
    with pytest.raises(InputError, match="1 unreadable file \\(Permission denied\\)"):
        load_articles(tmp_path / "c")


def test_load_articles__header_only_file_is_skipped(tmp_path):
    write(tmp_path / "c" / "h.txt", " date 2022-10-18\n\n")
    write(tmp_path / "c" / "a.txt", STORY)
    corpus = load_articles(tmp_path / "c")
    assert_accounted(corpus)
    assert log_row(corpus, "c/h.txt")["reason"].startswith("empty text")


def test_load_articles__missing_path_is_logged(tmp_path):
    write(tmp_path / "a.txt", STORY)
    corpus = load_articles([tmp_path / "a.txt", tmp_path / "nope"])
    assert log_row(corpus, "nope")["reason"] == "not found"


def test_save_corpus__writes_tables_deterministically(tmp_path):
    write(tmp_path / "c" / "a.txt", STORY)
    write(tmp_path / "c" / "b.csv", f'id,text\nr1,"{OTHER}"\n')
    first = load_articles(tmp_path / "c", progress=True)
    paths = save_corpus(first, tmp_path / "out")
    assert [p.name for p in paths] == ["articles.parquet", "ingest_log.parquet"]
    again = load_articles(tmp_path / "c")
    pd.testing.assert_frame_equal(first.articles, again.articles)
    pd.testing.assert_frame_equal(first.ingest_log, again.ingest_log)
    back = pd.read_parquet(paths[0])
    assert list(back.columns)[:3] == ["article_id", "input_path", "input_row"]
    assert str(back["input_row"].dtype) == "Int64"


def test_corpus_summary__counts(tmp_path):
    write(tmp_path / "a.txt", STORY)
    write(tmp_path / "b.txt", STORY)
    write(tmp_path / "c.bin", b"\x00\x01")
    text = load_articles(tmp_path).summary()
    assert text.splitlines()[0] == "3 inputs: 1 loaded, 1 duplicates, 1 skipped"
    assert "skipped 1: unsupported file type .bin" in text


def test_article_from_record__loaded_empty_and_skipped():
    base = {"status": "ok", "article_id": "a1", "input_path": "feed.jsonl", "input_row": 3}
    art, row = article_from_record(
        dict(base, raw_text="Tehran denied sending drones to Moscow.", note="a note")
    )
    assert art["article_id"] == "a1" and art["text"].startswith("Tehran denied")
    assert (row["article_id"], row["status"], row["reason"], row["note"]) == (
        "a1", "loaded", None, "a note"
    )  # fmt: skip
    art, row = article_from_record(dict(base, raw_text="   \n  "))
    assert art is None and row["status"] == "skipped" and row["article_id"] is None
    assert row["reason"].startswith("empty text")
    art, row = article_from_record({**base, "status": "skipped", "reason": "not UTF-8"})
    assert art is None and (row["input_row"], row["reason"]) == (3, "not UTF-8")
