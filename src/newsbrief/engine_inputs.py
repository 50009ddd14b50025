"""The chunked engine's input records, read from the files only when they must be.

Content hashes let a re-run skip every chunk it has done before, but not reading and
hashing the inputs to find out which ones those are (a minute for a million articles).
So each run also leaves an index of its inputs in the cache (``inputs.parquet``): per
record, its position in its file, id, status, note, size and a digest of everything else
(:func:`record_digest`), for each file under its identity (path, size, modification time,
inode, the column map and the ingest code's version).

A later run takes an unchanged file's records from the index as *stubs*: enough to cut
chunks (:func:`newsbrief.engine._chunks` looks at input paths and rows only), make ids
unique and compute each chunk's key (:func:`chunk_key`), without the texts. Only a
chunk whose ingest is not cached needs its full records: :meth:`InputRecords.fill` reads
them then, each file once per run however many chunks need it (the readers stay open and
move forward). A file read anew is indexed as it is read, and its stubs carry their
records from the start.

A file changed in place with the same size and modification time is not noticed by the
index alone; a record read back whose digest differs from the index's is an error that
drops the index (the next run reads everything).
"""

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newsbrief.errors import InputError
from newsbrief.ingest import unique_article_id
from newsbrief.ingest_readers import read_input
from newsbrief.ingest_walk import InputFile

INDEX_NAME = "inputs.parquet"
INDEX_SCHEMA = pa.schema([
    ("file_key", pa.string()), ("pos", pa.int64()), ("input_path", pa.string()),
    ("input_row", pa.int64()), ("status", pa.string()), ("article_id", pa.string()),
    ("note", pa.string()), ("digest", pa.string()), ("chars", pa.int64()),
    ("skipped", pa.string()),
])  # fmt: skip
"""One row per input record: ``skipped`` holds a skipped record whole (it has no text)."""
_RENAMED = ("article_id", "note")
"""Fields that making ids unique may change: left out of the digest, added to the key."""


def record_digest(rec: dict) -> str:
    """Hash of a reader record's fields, except its id and note (see :func:`chunk_key`)."""
    fields = []
    for name in sorted(rec):
        if name in _RENAMED:
            continue
        # One string for the whole record, each value's length before it: unambiguous,
        # and one encode and one hash call per record (the driver hashes every input).
        value = rec[name]
        if isinstance(value, str):
            fields.append(f"{name}\0s{len(value)}\0{value}")
        else:
            text = repr(value)
            fields.append(f"{name}\0r{len(text)}\0{text}")
    data = "".join(fields).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def chunk_key(stubs: list[dict], meta: dict, code: str) -> str:
    """Content hash of a chunk: its records (by digest, final id and note), metadata, code."""
    digest = hashlib.blake2b(digest_size=10)
    for stub in stubs:
        digest.update(f"{stub['digest']}\0{stub.get('article_id')}\0{stub.get('note')}\n"
                      .encode("utf-8", "surrogatepass"))  # fmt: skip
    digest.update(repr(sorted(meta.items())).encode("utf-8", "surrogatepass"))
    digest.update(code.encode())
    return digest.hexdigest()


def _file_key(item: InputFile, column_map, code: str) -> str | None:
    try:
        stat = item.path.stat()
    except OSError:
        return None
    raw = (f"{item.input_path}\0{item.path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\0"
           f"{stat.st_ino}\0{sorted((column_map or {}).items())}\0{code}")  # fmt: skip
    return hashlib.blake2b(raw.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class InputRecords:
    """Every input record in order, as stubs (see the module docstring).

    Args:
        inputs: the files found by :func:`newsbrief.ingest_walk.find_inputs`.
        column_map: see :func:`newsbrief.ingest.load_articles`.
        cache_dir: where the index lives (None: no index, every file is read).
        code: the ingest code's version (an index made by other code is not used).
    """

    def __init__(self, inputs: list[InputFile], column_map, cache_dir: Path | None, code: str):
        self.inputs = inputs
        self.column_map = column_map
        self.index = Path(cache_dir) / INDEX_NAME if cache_dir else None
        self.code = code
        self.files_read = 0
        self._readers: dict[int, Iterator[tuple[int, dict]]] = {}

    def stubs(self) -> Iterator[dict]:
        """Yield each record's stub in input order, article ids made unique.

        A stub has the record's ``input_path``, ``input_row``, ``status``, ``article_id``,
        ``note``, ``digest`` and ``chars`` (length of its raw text), where it is
        (``file``, ``pos``, ``table``: from a table file) and its ``record`` (None until
        :meth:`fill` reads it). When
        the stream is exhausted the index is rewritten for the files just seen.
        """
        known = self._load_index()
        used: Counter = Counter()
        first_at: dict[str, str] = {}
        writer = _IndexWriter(self.index) if self.index else None
        try:
            for number, item in enumerate(self.inputs):
                if item.kind not in {"article", "table"}:
                    continue
                key = _file_key(item, self.column_map, self.code)
                rows = known.get(key) if key else None
                stubs = self._indexed(rows, number) if rows else self._read(item, number)
                complete = True
                for stub in stubs:
                    stub["table"] = item.kind == "table"
                    complete = complete and stub.pop("complete", True)
                    if writer is not None and key and not rows:
                        writer.add(key, stub)
                    if stub["status"] != "skipped":
                        _unique_id(stub, used, first_at)
                    yield stub
                if writer is not None and key and rows:
                    writer.add_rows(rows)
                elif writer is not None and not complete:
                    writer.forget(key)  # an unreadable file is read again next time
            if writer is not None:
                writer.close()
                writer = None
        finally:
            if writer is not None:
                writer.abort()

    def fill(self, stubs: list[dict]) -> list[dict]:
        """The stubs' full records (read from their files where needed), ids as stubs'."""
        for number in sorted({s["file"] for s in stubs if s["record"] is None}):
            wanted = {s["pos"]: s for s in stubs if s["file"] == number and s["record"] is None}
            reader = self._readers.get(number)
            if reader is None:
                self.files_read += 1
                item = self.inputs[number]
                reader = enumerate(read_input(item.path, item.input_path, self.column_map))
                self._readers[number] = reader
            last = max(wanted)
            for pos, rec in reader:
                if pos in wanted:
                    self._check(wanted[pos], rec)
                    wanted[pos]["record"] = rec
                if pos >= last:
                    break
            if any(s["record"] is None for s in wanted.values()):
                self._stale(self.inputs[number], "has fewer records")
        for number in [n for n in self._readers if n < min(s["file"] for s in stubs)]:
            del self._readers[number]  # files before this chunk are done
        records = []
        for stub in stubs:
            rec = dict(stub["record"])
            for name in _RENAMED:
                if stub.get(name) is not None or name in rec:
                    rec[name] = stub.get(name)
            records.append(rec)
        return records

    def _check(self, stub: dict, rec: dict) -> None:
        if record_digest(rec) != stub["digest"]:
            self._stale(self.inputs[stub["file"]], "changed")

    def _stale(self, item: InputFile, problem: str) -> None:
        if self.index is not None:
            self.index.unlink(missing_ok=True)
        raise InputError(f"{item.input_path} {problem} since this run indexed it (same size "
                         "and modification time); the index is dropped: run again")  # fmt: skip

    def _indexed(self, rows: pa.Table, number: int) -> Iterator[dict]:
        for row in rows.to_pylist():
            skipped = row.pop("skipped")
            del row["file_key"]
            row["file"], row["record"] = number, json.loads(skipped) if skipped else None
            yield row

    def _read(self, item: InputFile, number: int) -> Iterator[dict]:
        pos = -1
        try:
            for pos, rec in enumerate(read_input(item.path, item.input_path, self.column_map)):
                yield _stub(rec, number, pos)
        except OSError as exc:
            reason = f"unreadable file ({exc.strerror or exc.__class__.__name__})"
            rec = {"status": "skipped", "input_path": item.input_path, "input_row": None,
                   "reason": reason}  # fmt: skip
            yield {**_stub(rec, number, pos + 1), "complete": False}

    def _load_index(self) -> dict[str, pa.Table]:
        """The previous run's index rows by file key (empty when missing or unreadable)."""
        if self.index is None or not self.index.exists():
            return {}
        try:
            table = pq.read_table(self.index, schema=INDEX_SCHEMA)
        except (OSError, pa.ArrowException):
            return {}
        keys = table.column("file_key").to_pylist()
        out, start = {}, 0
        for i in range(1, len(keys) + 1):  # a file's rows are contiguous
            if i == len(keys) or keys[i] != keys[start]:
                out[keys[start]] = table.slice(start, i - start)
                start = i
        return out


def _stub(rec: dict, number: int, pos: int) -> dict:
    return {
        "input_path": rec["input_path"], "input_row": rec.get("input_row"),
        "status": rec["status"], "article_id": rec.get("article_id"), "note": rec.get("note"),
        "digest": record_digest(rec), "chars": len(rec.get("raw_text") or ""),
        "file": number, "pos": pos, "record": rec,
    }  # fmt: skip


def _unique_id(stub: dict, used: Counter, first_at: dict[str, str]) -> None:
    new, note = unique_article_id(stub["article_id"], stub["input_path"], used, first_at)
    if note:
        stub["article_id"] = new
        stub["note"] = f"{stub['note']}; {note}" if stub.get("note") else note


class _IndexWriter:
    """The new index, written file by file to a temporary file and moved into place."""

    def __init__(self, path: Path):
        self.path = path
        self.tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.writer = pq.ParquetWriter(self.tmp, INDEX_SCHEMA)
        self.columns: dict[str, list] = {name: [] for name in INDEX_SCHEMA.names}
        self.dropped: set[str] = set()

    def add(self, key: str, stub: dict) -> None:
        """Index a stub of a file read anew (before its id is made unique)."""
        rec = stub["record"]
        skipped = json.dumps(rec, ensure_ascii=False) if stub["status"] == "skipped" else None
        columns = self.columns
        columns["file_key"].append(key)
        columns["skipped"].append(skipped)
        for name in ("pos", "input_path", "input_row", "status", "article_id", "note",
                     "digest", "chars"):  # fmt: skip
            columns[name].append(stub[name])
        if len(columns["file_key"]) >= 50_000:
            self._flush()

    def add_rows(self, rows: pa.Table) -> None:
        """Keep an unchanged file's rows of the previous index."""
        self._flush()
        self.writer.write_table(rows)

    def forget(self, key: str | None) -> None:
        """Leave a file out of the index (it could not be read whole)."""
        self.dropped.add(key)

    def _flush(self) -> None:
        if self.columns["file_key"]:
            self.writer.write_table(pa.Table.from_pydict(self.columns, schema=INDEX_SCHEMA))
            self.columns = {name: [] for name in INDEX_SCHEMA.names}

    def close(self) -> None:
        """Finish the index and replace the previous one."""
        self._flush()
        self.writer.close()
        if self.dropped - {None}:  # rows of a file that could not be read whole
            table = pq.read_table(self.tmp)
            keep = [k not in self.dropped for k in table.column("file_key").to_pylist()]
            pq.write_table(table.filter(pa.array(keep, pa.bool_())), self.tmp)
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        """Drop the unfinished index (the previous one stays)."""
        self.writer.close()
        self.tmp.unlink(missing_ok=True)
