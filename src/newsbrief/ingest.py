"""Load a corpus of news articles: ``load_articles`` and ``save_corpus``.

Every input is accounted for in the ingest log (loaded, duplicate of X, or skipped with a
reason); only a corpus without a single usable article raises :class:`InputError`.

What an article's fields come from, strongest first:

- date: a metadata file (basis ``metadata``, detail = the file's own ``date_basis`` text);
  a table's date column (``metadata``); the `` date YYYY-MM[-DD]`` header line of a text
  file or an HTML page's own date markup (``header``); the publication line, timestamp
  line or dateline of the text (``text``); else none (published null, precision none).
- source: metadata file; table column; a site name on the header line
  (`` date 2022-11-22 UrduPoint.com``); an HTML page's site name; the licensor of a
  licence footer ("All Content by Mehr News Agency is licensed under ...").
- title, url: metadata file; table column or HTML metadata; for text files, a first line
  that reads like a headline.
"""

import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import pandas as pd
from tqdm import tqdm

from newsbrief.dates import find_publication_date, split_header_line
from newsbrief.errors import InputError
from newsbrief.ingest_dedupe import mark_duplicates
from newsbrief.ingest_metadata import METADATA_REASON, apply_metadata_file, read_metadata
from newsbrief.ingest_readers import read_input
from newsbrief.ingest_walk import InputFile, find_inputs
from newsbrief.storage import write_table
from newsbrief.text import (
    content_hash,
    count_normalised_words,
    detect_language,
    guess_title,
    looks_like_domain,
    normalise_text,
    strip_licence_footer,
)

MAX_FILE_MB = 50.0
"""Default size limit for a one-article file (tables are streamed and have none)."""

ARTICLE_COLUMNS = [
    "article_id", "input_path", "input_row", "title", "source", "url", "published",
    "date_precision", "date_basis", "date_basis_detail", "language", "is_english",
    "word_count", "text", "raw_text", "text_basis", "content_hash", "duplicate_of",
    "duplicate_kind", "status",
]  # fmt: skip
LOG_COLUMNS = ["input_path", "input_row", "article_id", "status", "reason", "duplicate_of", "note"]


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


class Corpus(NamedTuple):
    """The loaded corpus: the articles table and the ingest log."""

    articles: pd.DataFrame
    """One row per input article, duplicates included; key ``article_id``."""
    ingest_log: pd.DataFrame
    """One row per input file or table row; key ``(input_path, input_row)``."""

    def summary(self) -> str:
        """Return a short human account of what was read."""
        log = self.ingest_log
        counts = log["status"].value_counts()
        arts = self.articles
        lines = [
            f"{_plural(len(log), 'input')}: {counts.get('loaded', 0)} loaded, "
            f"{counts.get('duplicate', 0)} duplicates, {counts.get('skipped', 0)} skipped"
        ]
        skipped = log.loc[log["status"] == "skipped", "reason"].value_counts()
        for reason, n in sorted(skipped.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  skipped {n}: {reason}")
        if len(arts):
            kinds = arts["duplicate_kind"].value_counts()
            if len(kinds):
                lines.append(
                    f"  duplicates: {kinds.get('exact', 0)} exact, {kinds.get('near', 0)} near"
                )
            undated = int((arts["date_precision"] == "none").sum())
            basis = arts["date_basis"].value_counts()
            sources = [f"{b} {basis[b]}" for b in ("metadata", "header", "text") if b in basis]
            lines.append(
                f"{_plural(len(arts), 'article')}: {undated} undated"
                + ("; dates from " + ", ".join(sources) if sources else "")
            )
            non_en = arts.loc[~arts["is_english"], "language"].value_counts()
            if len(non_en):
                langs = ", ".join(f"{k} {v}" for k, v in non_en.items())
                lines.append(f"  non-English {int(non_en.sum())} (kept, flagged): {langs}")
            titled = int((arts["text_basis"] == "title").sum())
            if titled:
                lines.append(f"  {titled} without body text: title used as text")
        notes = log["note"].dropna()
        renamed = int(notes.str.startswith("article_id").sum())
        if renamed:
            lines.append(f"  {renamed} repeated article ids renamed (see ingest_log.note)")
        for note in log.loc[log["reason"] == METADATA_REASON, "note"].dropna():
            lines.append(f"  {note}")
        return "\n".join(lines)


def _resolve_date(rec: dict, header: tuple[str, str] | None, text: str) -> tuple:
    if rec.get("date"):
        return rec["date"]
    if header:
        return (*header, "header", "' date' line at the top of the file")
    found = find_publication_date(text)
    if found:
        return (found.published, found.precision, "text", found.detail)
    return (None, "none", "none", None)


def build_article(rec: dict) -> dict:
    """Turn a reader's article record into one ``articles`` row (ids not yet unique)."""
    raw = rec["raw_text"]
    header, header_rest, body = split_header_line(raw)
    source = rec.get("source")
    if header_rest and looks_like_domain(header_rest):
        source = source or header_rest
    elif header_rest:
        body = header_rest + "\n" + body
    text = normalise_text(body)
    text, licensor = strip_licence_footer(text)
    source = source or licensor
    published, precision, basis, detail = _resolve_date(rec, header, text)
    language = detect_language(text)
    title = rec.get("title")
    if title is None and rec.get("input_row") is None and not rec.get("url"):
        title = guess_title(text)
    return {
        "article_id": rec["article_id"], "input_path": rec["input_path"],
        "input_row": rec.get("input_row"), "title": title, "source": source,
        "url": rec.get("url"), "published": published, "date_precision": precision,
        "date_basis": basis, "date_basis_detail": detail, "language": language,
        "is_english": language == "en", "word_count": count_normalised_words(text), "text": text,
        "raw_text": raw, "text_basis": rec.get("text_basis", "body"),
        "content_hash": content_hash(text),
    }  # fmt: skip


def unique_article_id(
    base: str, input_path: str, used: Counter, first_at: dict[str, str]
) -> tuple[str, str | None]:
    """Return ``base``, or ``base~N`` when an earlier input already used it, and a note.

    ``used`` and ``first_at`` carry the ids seen so far, in input order, so the renaming is
    deterministic; the note (None when not renamed) names the input that kept the id.
    """
    used[base] += 1
    if used[base] == 1:
        first_at[base] = input_path
        return base, None
    new = f"{base}~{used[base]}"
    while new in used:
        used[base] += 1
        new = f"{base}~{used[base]}"
    used[new] += 1
    return new, f"article_id {base!r} already used by {first_at[base]}; renamed {new!r}"


def _unique_ids(articles: list[dict], log_rows: list[dict]) -> None:
    used: Counter = Counter()
    first_at: dict[str, str] = {}
    for art, row in zip(articles, log_rows, strict=True):
        new, note = unique_article_id(art["article_id"], art["input_path"], used, first_at)
        if note:
            art["article_id"] = row["article_id"] = new
            row["note"] = note


def metadata_inputs(inputs: list[InputFile], metadata: Path | str | None) -> list[InputFile]:
    """The metadata files to apply: those found among ``inputs``, then ``metadata`` if given.

    Raises:
        InputError: the given metadata file is missing or unusable.
    """
    meta_files = [f for f in inputs if f.kind == "metadata"]
    if metadata is not None:
        if not Path(metadata).is_file():
            raise InputError(f"metadata file not found: {metadata}")
        problem = read_metadata(Path(metadata))[1]
        if problem:
            raise InputError(f"{metadata}: {problem}")
        meta_files.append(InputFile(Path(metadata), Path(metadata).name, "metadata"))
    return meta_files


def load_articles(
    paths: Path | str | Iterable[Path | str],
    metadata: Path | str | None = None,
    *,
    progress: bool = False,
    max_file_mb: float = MAX_FILE_MB,
    column_map: dict[str, str] | None = None,
) -> Corpus:
    """Load every article under ``paths`` and account for every input.

    Args:
        paths: article files or directories (read recursively): .txt, .html/.htm,
            .csv/.tsv, .jsonl/.ndjson/.json. A ``metadata.csv`` found inside is applied.
        metadata: an extra metadata CSV (keyed by article_id), applied last.
        progress: show a progress bar on stderr.
        max_file_mb: size limit of a one-article file.
        column_map: ``{table_column: field}`` for tables whose columns have other names
            (fields: article_id, text, title, date, source, url).

    Returns:
        The :class:`Corpus` (articles, ingest_log).

    Raises:
        InputError: no usable article at all, or the given metadata file is missing or
            unusable (a metadata.csv found in a folder is logged as skipped instead).
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    paths = [Path(p) for p in paths]
    inputs = find_inputs(paths, int(max_file_mb * 1e6))
    meta_files = metadata_inputs(inputs, metadata)
    articles: list[dict] = []
    log_rows: list[dict] = []
    bar = tqdm(total=None, unit=" articles", disable=not progress, file=sys.stderr,
               desc="ingest", dynamic_ncols=True)  # fmt: skip
    for number, item in enumerate(inputs, start=1):
        bar.set_postfix_str(f"file {number}/{len(inputs)}", refresh=False)
        if item.kind == "skipped":
            log_rows.append(log_row(item.input_path, None, None, "skipped", item.reason))
        elif item.kind in {"article", "table"}:
            for rec in _read_safely(item, column_map):
                art, row = article_from_record(rec)
                if art is not None:
                    articles.append(art)
                    bar.update(1)
                log_rows.append(row)
    bar.close()
    article_logs = [r for r in log_rows if r["article_id"] is not None]
    _unique_ids(articles, article_logs)
    for item in meta_files:
        note, problem = apply_metadata_file(item.path, item.input_path, articles)
        log_rows.append(log_row(item.input_path, None, None, "skipped", problem or METADATA_REASON,
                             note))  # fmt: skip
    if not articles:
        reasons = Counter(r["reason"] for r in log_rows)
        found = "; ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))
        raise InputError(
            f"no usable article in {', '.join(str(p) for p in paths)} "
            f"({_plural(len(log_rows), 'input')}: {found or 'nothing found'})"
        )
    columns = [c for c in ARTICLE_COLUMNS if c not in ("duplicate_of", "duplicate_kind", "status")]
    frame = pd.DataFrame(articles, columns=columns, dtype=object)
    articles.clear()  # the rows now live in the frame only
    return _assemble(frame, log_rows)


def _read_safely(item: InputFile, column_map: dict[str, str] | None):
    """Yield ``read_input``'s records; an OS error (permissions, I/O) becomes a skip."""
    try:
        yield from read_input(item.path, item.input_path, column_map)
    except OSError as exc:
        reason = f"unreadable file ({exc.strerror or exc.__class__.__name__})"
        yield {"status": "skipped", "input_path": item.input_path, "input_row": None,
               "reason": reason}  # fmt: skip


def log_row(path, row, article_id, status, reason, note=None) -> dict:
    """One ingest_log row (the columns of ``LOG_COLUMNS``)."""
    return {"input_path": path, "input_row": row, "article_id": article_id, "status": status,
            "reason": reason, "duplicate_of": None, "note": note}  # fmt: skip


def article_from_record(rec: dict) -> tuple[dict | None, dict]:
    """One reader record as ``(article, its log row)``, or ``(None, the skip row)``."""
    if rec["status"] == "skipped":
        return None, log_row(rec["input_path"], rec["input_row"], None, "skipped", rec["reason"])
    art = build_article(rec)
    if not art["text"]:
        reason = "empty text (nothing but a date line or licence footer)"
        return None, log_row(art["input_path"], art["input_row"], None, "skipped", reason)
    loaded = log_row(art["input_path"], art["input_row"], art["article_id"], "loaded", None,
                     rec.get("note"))  # fmt: skip
    return art, loaded


def _assemble(df: pd.DataFrame, log_rows: list[dict]) -> Corpus:
    df = mark_duplicates(df)
    df["input_row"] = df["input_row"].astype("Int64")
    df["word_count"] = df["word_count"].astype("int64")
    df["is_english"] = df["is_english"].astype(bool)
    df = df.sort_values(["input_path", "input_row"], na_position="first", kind="stable")
    df = df[ARTICLE_COLUMNS].reset_index(drop=True)
    assert df["article_id"].is_unique, "article_id must be unique"
    log = pd.DataFrame(log_rows, columns=LOG_COLUMNS)
    status = dict(zip(df["article_id"], df["status"], strict=True))
    dup = dict(zip(df["article_id"], df["duplicate_of"], strict=True))
    has_id = log["article_id"].notna()
    log.loc[has_id, "status"] = log.loc[has_id, "article_id"].map(status)
    log.loc[has_id, "duplicate_of"] = log.loc[has_id, "article_id"].map(dup)
    log["input_row"] = log["input_row"].astype("Int64")
    log = log.sort_values(["input_path", "input_row"], na_position="first", kind="stable")
    log = log.reset_index(drop=True)
    assert not log.duplicated(["input_path", "input_row"]).any(), "one log row per input"
    return Corpus(df, log)


def save_corpus(corpus: Corpus, out_dir: Path | str) -> list[Path]:
    """Write ``articles.parquet`` and ``ingest_log.parquet`` to ``out_dir``."""
    out_dir = Path(out_dir)
    return [
        write_table(corpus.articles, out_dir / "articles.parquet"),
        write_table(corpus.ingest_log, out_dir / "ingest_log.parquet"),
    ]
