import codecs

from newsbrief.ingest_readers import decode_bytes, map_columns, read_csv_file, read_json_file


def test_decode_bytes__utf8_bom_and_utf16():
    assert decode_bytes(codecs.BOM_UTF8 + b"Kyiv") == ("Kyiv", None)
    assert decode_bytes("Kyiv talks".encode("utf-16"))[0] == "Kyiv talks"
    assert decode_bytes("Kyiv talks".encode("utf-16-be"))[0] == "Kyiv talks"


def test_decode_bytes__binary():
    assert decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00") == (None, "binary file")


def test_map_columns__synonyms_and_explicit_map():
    assert map_columns(["ID", "Headline", "Body", "PubDate", "Link"], None) == {
        "article_id": "ID", "title": "Headline", "text": "Body", "date": "PubDate", "url": "Link",
    }  # fmt: skip
    assert map_columns(["txt", "text"], {"txt": "text"})["text"] == "txt"


def test_read_csv_file__estimated_date_flag_is_recorded(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,date,text,date_estimated\na,2022-01-02,Some words here,true\n")
    (rec,) = read_csv_file(path, "t.csv", None)
    assert rec["date"][:3] == ("2022-01-02", "day", "metadata")
    assert "estimated" in rec["date"][3]


def test_read_csv_file__unreadable_date_noted(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,date,text\na,someday,Some words here\n")
    (rec,) = read_csv_file(path, "t.csv", None)
    assert "date" not in rec and "unreadable date" in rec["note"]


def test_read_csv_file__utf8_char_across_sample_boundary(tmp_path):
    path = tmp_path / "t.csv"
    filler = "x" * 65535
    path.write_text(f"id,text\na,{filler}é and more words\n", encoding="utf-8")
    (rec,) = read_csv_file(path, "t.csv", None)
    assert rec["raw_text"].endswith("é and more words")


def test_read_csv_file__cp1252_table(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(
        "id,text\na,Caf\u00e9 owners in S\u00e3o Paulo said prices rose\n".encode("cp1252")
    )
    (rec,) = read_csv_file(path, "t.csv", None)
    assert rec["raw_text"].startswith("Caf\u00e9 owners in S\u00e3o Paulo")


def test_read_json_file__array_of_objects(tmp_path):
    path = tmp_path / "a.json"
    path.write_text('{"articles": [{"id": "a", "body": "Words here"}, {"id": "b"}]}')
    recs = list(read_json_file(path, "a.json", None))
    assert recs[0]["article_id"] == "a" and recs[0]["raw_text"] == "Words here"
    assert recs[1]["status"] == "skipped" and recs[1]["reason"].startswith("no text field")


def test_read_csv_file__tsv(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text("id\ttitle\ttext\nz\tT\tBody, with a comma\n")
    (rec,) = read_csv_file(path, "t.tsv", None)
    assert (rec["article_id"], rec["raw_text"]) == ("z", "Body, with a comma")
