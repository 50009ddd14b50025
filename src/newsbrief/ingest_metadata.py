"""Metadata files: what is known of each article from outside its text.

A metadata CSV (``metadata.csv`` inside an input folder, or ``--metadata FILE``) is keyed
by ``article_id`` and may hold ``published``, ``date_precision``, ``date_basis``,
``source``, ``url`` and ``title``. Non-empty values fill in or override what the article
says; a date from metadata gets ``date_basis = "metadata"`` and keeps the file's own
``date_basis`` text ("inferred: ...", "explicit: ...") as ``date_basis_detail``.
"""

from pathlib import Path

import pandas as pd

from newsbrief.dates import parse_date

METADATA_FIELDS = ["published", "date_precision", "date_basis", "source", "url", "title"]
METADATA_REASON = "metadata file, not an article"
"""The ingest-log reason of a metadata file: logged as a skipped input, never an article."""


def read_metadata(path: Path) -> tuple[dict[str, dict], str | None]:
    """Read a metadata CSV keyed by ``article_id``.

    Returns:
        ``({article_id: {field: value}}, None)``, or ``({}, reason)`` when unusable.
    """
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        return {}, f"unreadable metadata file ({exc.__class__.__name__})"
    table.columns = [c.strip().lower() for c in table.columns]
    if "article_id" not in table.columns:
        return {}, "metadata file without an article_id column"
    rows = {}
    for row in table.to_dict("records"):
        key = row["article_id"].strip()
        if key:
            rows[key] = {f: row[f].strip() for f in METADATA_FIELDS if row.get(f, "").strip()}
    return rows, None


def apply_metadata(article: dict, meta: dict, meta_name: str) -> dict:
    """Fill in or override an article's date, source, url and title from metadata."""
    out = dict(article)
    for field in ("source", "url", "title"):
        if meta.get(field):
            out[field] = meta[field]
    parsed = parse_date(meta.get("published"))
    if parsed:
        published, precision = parsed
        if meta.get("date_precision") in {"year", "month"} and precision == "day":
            cut = 4 if meta["date_precision"] == "year" else 7
            published, precision = published[:cut], meta["date_precision"]
        detail = meta.get("date_basis") or f"metadata file {meta_name}"
        out.update(published=published, date_precision=precision, date_basis="metadata",
                   date_basis_detail=detail)  # fmt: skip
    return out


def apply_metadata_file(path: Path, input_path: str, articles: list[dict]) -> tuple:
    """Apply the metadata CSV at ``path`` to ``articles`` (a list of rows, updated in place).

    Returns:
        ``(note, problem)``: a note saying how many rows matched an article, or the reason
        the file could not be used.
    """
    table, problem = read_metadata(path)
    if problem:
        return None, problem
    index = {a["article_id"]: i for i, a in enumerate(articles)}
    matched = [k for k in table if k in index]
    for key in matched:
        articles[index[key]] = apply_metadata(articles[index[key]], table[key], path.name)
    unmatched = sorted(set(table) - set(matched))
    note = f"{input_path}: applied to {len(matched)} of {len(table)} rows"
    undated = [
        k for k in matched if table[k].get("published") and not parse_date(table[k]["published"])
    ]
    if undated:
        note += "; unreadable date ignored for " + ", ".join(
            f"{k} ({table[k]['published'][:40]!r})" for k in undated[:5]
        )
        note += " ..." if len(undated) > 5 else ""
    if unmatched:
        note += f"; no article for {', '.join(unmatched[:5])}"
        note += " ..." if len(unmatched) > 5 else ""
    return note, None
