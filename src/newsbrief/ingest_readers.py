"""Read one input file into article records (plain text, HTML, CSV/TSV, JSONL/JSON).

Each reader yields plain dicts, one per article or per table row: either an article
(``status == "article"``) with ``raw_text`` and whatever the file says of title, source,
url and date, or a skip (``status == "skipped"``) with a reason. Readers never raise on
bad content; tables are streamed row by row.
"""

import codecs
import csv
import json
from collections.abc import Iterator
from pathlib import Path

from charset_normalizer import from_bytes

from newsbrief.dates import parse_date, unreadable_header_date
from newsbrief.text import printable_file_name, without_lone_surrogates

csv.field_size_limit(2**31 - 1)

COLUMN_SYNONYMS = {
    "article_id": ["article_id", "id", "doc_id", "document_id", "uid"],
    "text": ["text", "body", "content", "article", "articles", "full_text", "story", "maintext"],
    "title": ["title", "headline", "headlines", "heading"],
    "date": ["date", "published", "pubdate", "pub_date", "publish_date", "published_at",
             "publication_date", "date_published", "datetime", "timestamp"],
    "source": ["source", "outlet", "publisher", "site", "sitename", "media", "newspaper"],
    "url": ["url", "link", "href", "permalink"],
}  # fmt: skip
MIN_HTML_WORDS = 10
"""Fewer words than this extracted from a page means the page has no main text."""
_TRUE = {"true", "1", "yes", "y", "t"}


def decode_bytes(data: bytes) -> tuple[str | None, str | None]:
    """Decode a file's bytes.

    UTF-8 (with or without BOM) and UTF-16 (with a BOM, or without one when every other
    byte is NUL) are read directly; anything else goes to charset detection.

    Returns:
        ``(text, None)`` or ``(text, note)`` when a legacy encoding was detected, or
        ``(None, reason)`` when the bytes are binary or undecodable.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "decoded as UTF-16"
        except UnicodeDecodeError:
            return None, "undecodable bytes (UTF-16 BOM, invalid content)"
    sample = data[:4096]
    if sample.count(0):
        odd, even = sample[1::2].count(0), sample[0::2].count(0)
        for codec, zeros, half in (("utf-16-le", odd, len(sample[1::2])),
                                   ("utf-16-be", even, len(sample[0::2]))):  # fmt: skip
            if half and zeros > 0.7 * half:
                try:
                    return data.decode(codec), f"decoded as {codec.upper()} (no BOM)"
                except UnicodeDecodeError:
                    break
        return None, "binary file"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    results = list(from_bytes(data))
    best = results[0] if results else None
    if best is None:
        return None, "undecodable bytes (not UTF-8, no charset detected)"
    # Short texts tie between code pages; the most common one for news copy wins a tie.
    tied = [m for m in results if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    best = next((m for m in tied if m.encoding == "cp1252"), best)
    text = str(best)
    if _control_share(text) > 0.05:
        return None, "binary file"
    return text, f"decoded as {best.encoding} (charset detection; not UTF-8)"


_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20)])
"""Control characters other than tab, newline, form feed and carriage return."""
_OTHER_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)


def _control_share(text: str) -> float:
    sample = text[:4096]
    # In UTF-8 a control character is one byte that never occurs inside another
    # character, so deleting every other byte (in C) leaves exactly the control characters.
    bad = len(sample.encode("utf-8", "surrogatepass").translate(None, _OTHER_BYTES))
    return bad / max(1, len(sample))


def _skip(input_path: str, reason: str, row: int | None = None) -> dict:
    reason = without_lone_surrogates(reason)  # it may quote a JSON key or CSV header
    return {"status": "skipped", "input_path": input_path, "input_row": row, "reason": reason}


def read_text_file(path: Path, input_path: str) -> Iterator[dict]:
    """Yield the one article of a plain-text file (or a skip)."""
    data = path.read_bytes()
    if not data.strip():
        yield _skip(input_path, "empty file")
        return
    text, note = decode_bytes(data)
    if text is None:
        yield _skip(input_path, note)
        return
    if _control_share(text) > 0.05:
        yield _skip(input_path, "binary file")
        return
    if not text.strip():
        yield _skip(input_path, "empty file")
        return
    bad_date = unreadable_header_date(text)
    if bad_date:
        note = "; ".join(filter(None, [note, f"unreadable date {bad_date!r} on the header line"]))
    article_id = printable_file_name(path.stem)
    yield {"status": "article", "input_path": input_path, "input_row": None,
           "article_id": article_id, "raw_text": text, "note": note}  # fmt: skip


def read_html_file(path: Path, input_path: str) -> Iterator[dict]:
    """Yield the article of a saved HTML page: main text, title, site, url, date.

    trafilatura extracts the main text and metadata; htmldate reads the publication date
    from the page's own markup only (meta tags, structured data, time elements), so the
    date basis is ``header``: the page's header, not its running text.
    """
    import trafilatura
    from htmldate import find_date

    data = path.read_bytes()
    html, note = decode_bytes(data) if data.strip() else (None, "empty file")
    if html is None:
        yield _skip(input_path, note)
        return
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception:  # lxml/trafilatura raise assorted errors on broken markup
        yield _skip(input_path, "HTML could not be parsed")
        return
    body = (doc.text if doc is not None else "") or ""
    if len(body.split()) < MIN_HTML_WORDS:
        yield _skip(input_path, "HTML with no main text")
        return
    rec = {"status": "article", "input_path": input_path, "input_row": None,
           "article_id": printable_file_name(path.stem), "raw_text": body, "note": note,
           "title": doc.title, "source": doc.sitename, "url": doc.url}  # fmt: skip
    try:
        found = find_date(html, extensive_search=False, original_date=True)
    except Exception:  # htmldate raises assorted errors on odd markup; no date then
        found = None
    parsed = parse_date(found)
    if parsed:
        rec["date"] = (*parsed, "header", "html page metadata (htmldate)")
    yield rec


def map_columns(columns: list[str], column_map: dict[str, str] | None) -> dict[str, str]:
    """Map a table's column names to article fields.

    Args:
        columns: the table's column names.
        column_map: explicit ``{table_column: field}`` choices; they win over synonyms.

    Returns:
        ``{field: table_column}`` for the fields found (article_id, text, title, date,
        source, url).
    """
    mapping: dict[str, str] = {}
    for col, field in (column_map or {}).items():
        if col in columns:
            mapping[field] = col
    lowered = {c.strip().lower().replace(" ", "_"): c for c in columns}
    for field, names in COLUMN_SYNONYMS.items():
        if field in mapping:
            continue
        for name in names:
            if name in lowered and lowered[name] not in mapping.values():
                mapping[field] = lowered[name]
                break
    return mapping


def _row_record(row: dict, mapping: dict[str, str], input_path: str, n: int, stem: str) -> dict:
    def get(field: str) -> str:
        value = row.get(mapping.get(field, ""), "")
        return "" if value is None else without_lone_surrogates(str(value))

    text, title = get("text"), get("title").strip()
    if not text.strip() and not title:
        return _skip(input_path, "empty text", n)
    rec = {"status": "article", "input_path": input_path, "input_row": n,
           "article_id": get("article_id").strip() or f"{stem}-{n}",
           "raw_text": text if text.strip() else title, "note": None,
           "title": title or None, "source": get("source").strip() or None,
           "url": get("url").strip() or None}  # fmt: skip
    if not text.strip():
        rec["text_basis"] = "title"
        rec["note"] = "no body text: title used as text"
    date_value = get("date").strip()
    parsed = parse_date(date_value)
    if parsed:
        detail = f"table column '{mapping['date']}'"
        if str(row.get("date_estimated", "")).strip().lower() in _TRUE:
            detail += " (marked estimated in the table)"
        rec["date"] = (*parsed, "metadata", detail)
    elif date_value:
        bad = f"unreadable date {date_value[:40]!r} ignored"
        rec["note"] = f"{rec['note']}; {bad}" if rec["note"] else bad
    return rec


def _open_text(path: Path):
    with path.open("rb") as fh:
        head = fh.read(65536)
    try:  # a UTF-8 character cut at the end of the sample is still UTF-8
        if 0 not in head:
            codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
            return path.open("r", encoding="utf-8-sig", errors="replace", newline=""), None
    except UnicodeDecodeError:
        pass
    text, note = decode_bytes(head) if head else ("", None)
    if text is None and "binary" in (note or ""):
        return None, note
    encoding = "utf-8-sig"
    if note and note.startswith("decoded as "):
        encoding = note.split()[2].lower()
        encoding = "utf-16" if encoding == "utf-16" else encoding
    return path.open("r", encoding=encoding, errors="replace", newline=""), None


def read_csv_file(path: Path, input_path: str, column_map: dict[str, str] | None) -> Iterator[dict]:
    """Yield one record per data row of a CSV/TSV table (row numbers from 1)."""
    fh, problem = _open_text(path)
    if fh is None:
        yield _skip(input_path, problem)
        return
    with fh:
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            yield _skip(input_path, "empty file")
            return
        except csv.Error as exc:
            yield _skip(input_path, f"malformed CSV header ({exc})")
            return
        mapping = map_columns(header, column_map)
        if "text" not in mapping:
            yield _skip(input_path, f"no text column (columns: {', '.join(header)[:200]})")
            return
        n = 0
        while True:
            n += 1
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield _skip(input_path, f"malformed CSV row ({exc})", n)
                continue
            if not values:  # a blank line is no record
                n -= 1
                continue
            if len(values) != len(header):
                yield _skip(
                    input_path,
                    f"malformed CSV row ({len(values)} fields, header has {len(header)})",
                    n,
                )
                continue
            yield _row_record(
                dict(zip(header, values, strict=True)),
                mapping,
                input_path,
                n,
                printable_file_name(path.stem),
            )


def _json_rows(path: Path) -> Iterator[tuple[int, object]]:
    if path.suffix.lower() == ".json":
        data = json.loads(path.read_text(encoding="utf-8-sig"))
        if isinstance(data, dict):
            data = next((v for v in data.values() if isinstance(v, list)), [data])
        yield from enumerate(data if isinstance(data, list) else [data], start=1)
        return
    with path.open("r", encoding="utf-8-sig", errors="replace") as fh:
        for n, line in enumerate(fh, start=1):
            if line.strip():
                try:
                    yield n, json.loads(line)
                except json.JSONDecodeError as exc:
                    yield n, exc
                except RecursionError:  # arrays or objects nested thousands deep
                    yield n, json.JSONDecodeError("nested too deeply", "", 0)


def read_json_file(
    path: Path, input_path: str, column_map: dict[str, str] | None
) -> Iterator[dict]:
    """Yield one record per object of a JSONL file (row = line number) or JSON array."""
    mapping_for: dict[tuple, dict[str, str]] = {}
    try:
        for n, obj in _json_rows(path):
            if isinstance(obj, json.JSONDecodeError):
                yield _skip(input_path, f"malformed JSON line ({obj.msg})", n)
                continue
            if not isinstance(obj, dict):
                yield _skip(input_path, "malformed JSON row (not an object)", n)
                continue
            keys = tuple(obj)
            if keys not in mapping_for:
                mapping_for[keys] = map_columns(list(keys), column_map)
            mapping = mapping_for[keys]
            if "text" not in mapping:
                yield _skip(input_path, f"no text field (fields: {', '.join(keys)[:200]})", n)
                continue
            yield _row_record(obj, mapping, input_path, n, printable_file_name(path.stem))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
        yield _skip(input_path, f"malformed JSON file ({exc.__class__.__name__})")


def read_input(path: Path, input_path: str, column_map: dict[str, str] | None) -> Iterator[dict]:
    """Dispatch ``path`` to the reader for its file type."""
    suffix = path.suffix.lower()
    if suffix in {".csv", ".tsv", ".jsonl", ".ndjson", ".json"}:
        reader = read_csv_file if suffix in {".csv", ".tsv"} else read_json_file
        empty = True
        for record in reader(path, input_path, column_map):
            empty = False
            yield record
        if empty:  # a header line alone, ``[]``, blank lines: still one input to account for
            yield _skip(input_path, "table with no rows")
    elif suffix in {".html", ".htm"}:
        yield from read_html_file(path, input_path)
    else:
        yield from read_text_file(path, input_path)
