import json
import os

import pytest

from newsbrief.engine_inputs import INDEX_NAME, InputRecords, chunk_key, record_digest
from newsbrief.errors import InputError
from newsbrief.ingest_walk import InputFile

ROWS = [
    {"id": "kyiv-1", "title": "Drones over Kyiv", "text": "Air defence units downed drones."},
    {"id": "tehran-2", "title": "Tehran denies", "text": "The ministry rejected the report."},
    {"id": "kyiv-1", "title": "Again", "text": "A second wave of drones struck at dawn."},
]


def _write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def _inputs(tmp_path, rows=ROWS):
    _write_jsonl(tmp_path / "wire.jsonl", rows)
    (tmp_path / "note.txt").write_text("Moscow said it had bought no drones.\n", encoding="utf-8")
    return [
        InputFile(tmp_path / "note.txt", "corpus/note.txt", "article"),
        InputFile(tmp_path / "wire.jsonl", "corpus/wire.jsonl", "table"),
    ]


def _read_all(inputs, cache):
    source = InputRecords(inputs, None, cache, "code-1")
    stubs = list(source.stubs())
    return source, stubs


def test_input_records__first_run_reads_and_indexes_every_file(tmp_path):
    source, stubs = _read_all(_inputs(tmp_path), tmp_path / "cache")

    assert [s["input_path"] for s in stubs] == ["corpus/note.txt"] + ["corpus/wire.jsonl"] * 3
    assert all(s["record"] is not None for s in stubs)
    assert (tmp_path / "cache" / INDEX_NAME).exists()


def test_input_records__unchanged_files_come_from_the_index_without_text(tmp_path):
    inputs = _inputs(tmp_path)
    first, cold = _read_all(inputs, tmp_path / "cache")
    records = first.fill(cold)

    second, warm = _read_all(inputs, tmp_path / "cache")

    assert all(s["record"] is None for s in warm)
    keys = ["input_path", "input_row", "status", "article_id", "note", "digest", "chars"]
    assert [{k: s[k] for k in keys} for s in warm] == [{k: s[k] for k in keys} for s in cold]
    assert second.fill(warm) == records
    assert second.files_read == 2


def test_input_records__repeated_ids_are_renamed_in_stubs_and_records(tmp_path):
    source, stubs = _read_all(_inputs(tmp_path), tmp_path / "cache")
    records = source.fill(stubs)

    ids = [s["article_id"] for s in stubs]
    assert ids[1:] == ["kyiv-1", "tehran-2", "kyiv-1~2"]
    assert [r["article_id"] for r in records] == ids
    assert "renamed 'kyiv-1~2'" in records[3]["note"]


def test_input_records__edited_file_is_read_again(tmp_path):
    inputs = _inputs(tmp_path)
    _read_all(inputs, tmp_path / "cache")
    _write_jsonl(tmp_path / "wire.jsonl", [*ROWS, {"id": "un-4", "text": "The UN was asked."}])

    _, stubs = _read_all(inputs, tmp_path / "cache")

    assert stubs[0]["record"] is None  # note.txt: unchanged
    assert [s["article_id"] for s in stubs[1:]] == ["kyiv-1", "tehran-2", "kyiv-1~2", "un-4"]
    assert all(s["record"] is not None for s in stubs[1:])


def test_input_records__file_changed_in_place_is_an_error_that_drops_the_index(tmp_path):
    inputs = _inputs(tmp_path)
    _read_all(inputs, tmp_path / "cache")
    wire = tmp_path / "wire.jsonl"
    stat = wire.stat()
    wire.write_text(wire.read_text(encoding="utf-8").replace("dawn", "dusk"), encoding="utf-8")
    os.utime(wire, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same time

    source, stubs = _read_all(inputs, tmp_path / "cache")

    with pytest.raises(InputError, match="wire.jsonl changed"):
        source.fill(stubs)
    assert not (tmp_path / "cache" / INDEX_NAME).exists()


def test_input_records__index_of_other_code_is_not_used(tmp_path):
    inputs = _inputs(tmp_path)
    _read_all(inputs, tmp_path / "cache")

    stubs = list(InputRecords(inputs, None, tmp_path / "cache", "code-2").stubs())

    assert all(s["record"] is not None for s in stubs)


def test_input_records__unreadable_file_is_a_skip_and_not_indexed(tmp_path):
    (tmp_path / "folder.txt").mkdir()  # reading it raises IsADirectoryError
    inputs = [InputFile(tmp_path / "folder.txt", "corpus/folder.txt", "article")]

    _, stubs = _read_all(inputs, tmp_path / "cache")
    _, again = _read_all(inputs, tmp_path / "cache")

    assert [s["status"] for s in stubs] == ["skipped"]
    assert stubs[0]["record"]["reason"].startswith("unreadable file")
    assert again[0]["record"] is not None  # read (and failed) again, not from the index


def test_fill__reads_a_file_once_for_several_chunks(tmp_path):
    inputs = _inputs(tmp_path)
    _read_all(inputs, tmp_path / "cache")
    source, stubs = _read_all(inputs, tmp_path / "cache")

    first, second = source.fill(stubs[:2]), source.fill(stubs[2:])

    assert [r["article_id"] for r in first + second] == ["note", "kyiv-1", "tehran-2", "kyiv-1~2"]
    assert source.files_read == 2


def test_chunk_key__changes_with_id_note_metadata_and_code():
    rec = {"status": "loaded", "input_path": "a.jsonl", "input_row": 1, "raw_text": "Text."}
    stub = {"digest": record_digest(rec), "article_id": "a-1", "note": None}
    key = chunk_key([stub], {}, "v1")

    assert chunk_key([dict(stub)], {}, "v1") == key
    assert chunk_key([{**stub, "article_id": "a-1~2"}], {}, "v1") != key
    assert chunk_key([{**stub, "note": "renamed"}], {}, "v1") != key
    assert chunk_key([stub], {"a-1": [({"published": "2022-10-01"}, "m.csv")]}, "v1") != key
    assert chunk_key([stub], {}, "v2") != key


def test_record_digest__ignores_id_and_note_but_not_text():
    rec = {"status": "loaded", "input_path": "a.jsonl", "article_id": "x", "raw_text": "Text."}

    assert record_digest({**rec, "article_id": "y", "note": "renamed"}) == record_digest(rec)
    assert record_digest({**rec, "raw_text": "Other text."}) != record_digest(rec)
