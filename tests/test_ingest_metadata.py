from newsbrief.ingest_metadata import apply_metadata, apply_metadata_file, read_metadata

ARTICLE = {"article_id": "a", "title": None, "source": "Old", "url": None,
           "published": "2022-10-18", "date_precision": "day", "date_basis": "header",
           "date_basis_detail": "' date' line at the top of the file"}  # fmt: skip


def test_apply_metadata__overrides_date_keeps_basis_text():
    meta = {"published": "2022-11-22", "date_basis": "inferred: a later copy", "source": "New"}
    out = apply_metadata(ARTICLE, meta, "metadata.csv")
    assert (out["published"], out["date_precision"], out["date_basis"]) == (
        "2022-11-22", "day", "metadata")  # fmt: skip
    assert out["date_basis_detail"] == "inferred: a later copy"
    assert out["source"] == "New" and ARTICLE["source"] == "Old"


def test_apply_metadata__precision_column_coarsens_a_day():
    out = apply_metadata(ARTICLE, {"published": "2023-06-15", "date_precision": "month"}, "m.csv")
    assert (out["published"], out["date_precision"]) == ("2023-06", "month")
    assert out["date_basis_detail"] == "metadata file m.csv"


def test_apply_metadata__empty_or_bad_date_leaves_date_alone():
    out = apply_metadata(ARTICLE, {"published": "soon", "title": "T"}, "m.csv")
    assert (out["published"], out["date_basis"], out["title"]) == ("2022-10-18", "header", "T")


def test_read_metadata__needs_article_id(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("id,published\nx,2022-01-01\n")
    assert read_metadata(path) == ({}, "metadata file without an article_id column")


def test_apply_metadata_file__note_counts_matches(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("article_id,source\na,Wire\nb,Other\n")
    articles = [dict(ARTICLE)]
    note, problem = apply_metadata_file(path, "c/m.csv", articles)
    assert problem is None and note == "c/m.csv: applied to 1 of 2 rows; no article for b"
    assert articles[0]["source"] == "Wire"
