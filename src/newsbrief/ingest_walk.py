"""Find the input files under the paths a user gives, and say why any are not read.

Directories are read recursively in sorted order. Each file becomes an :class:`InputFile`
with its path relative to the input root (prefixed by the root's own name, so two roots
with the same file names stay apart); a file that cannot be an article is returned with a
skip reason instead, so every file is accounted for.
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

ARTICLE_SUFFIXES = {".txt", ".text", ".html", ".htm", ".csv", ".tsv", ".jsonl", ".ndjson", ".json"}
TABLE_SUFFIXES = {".csv", ".tsv", ".jsonl", ".ndjson", ".json"}
DOC_STEMS = {"readme", "source", "upstream_readme", "license", "licence", "changelog"}
METADATA_NAME = "metadata.csv"


@dataclass(frozen=True)
class InputFile:
    """One file found under an input root."""

    path: Path
    """Where to read it."""
    input_path: str
    """Its path relative to the input root, prefixed by the root's name (never absolute)."""
    kind: str
    """``article`` (one-article file), ``table``, ``metadata`` or ``skipped``."""
    reason: str | None = None
    """Why it is skipped (``kind == "skipped"``)."""


def _human(size: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


def _classify(path: Path, input_path: str, roots: list[Path], max_bytes: int) -> InputFile:
    name = path.name
    suffix = path.suffix.lower()
    if name.startswith("."):
        return InputFile(path, input_path, "skipped", "hidden file")
    if path.is_symlink():
        target = path.resolve()
        if not any(target == r or target.is_relative_to(r) for r in roots):
            return InputFile(
                path, input_path, "skipped", "symlink pointing outside the input roots"
            )
    if not path.exists():
        return InputFile(path, input_path, "skipped", "not found (or a broken symlink)")
    if name.lower() == METADATA_NAME:
        return InputFile(path, input_path, "metadata")
    if path.stem.lower() in DOC_STEMS or suffix in {".md", ".rst"}:
        return InputFile(path, input_path, "skipped", f"documentation file ({suffix or name})")
    if suffix not in ARTICLE_SUFFIXES:
        return InputFile(path, input_path, "skipped", f"unsupported file type {suffix or '(none)'}")
    if suffix in TABLE_SUFFIXES:
        return InputFile(path, input_path, "table")
    size = path.stat().st_size
    if size > max_bytes:
        return InputFile(
            path, input_path, "skipped",
            f"file over the size limit ({_human(size)} > {_human(max_bytes)})",
        )  # fmt: skip
    return InputFile(path, input_path, "article")


def _walk_dir(root: Path, prefix: str, roots: list[Path], max_bytes: int) -> Iterator[InputFile]:
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        rel = here.relative_to(root).as_posix()
        base = prefix if rel == "." else f"{prefix}/{rel}"
        kept = []
        for d in sorted(dirnames):
            sub = here / d
            if d.startswith("."):
                yield InputFile(sub, f"{base}/{d}", "skipped", "hidden directory (not read)")
            elif sub.is_symlink():
                yield InputFile(sub, f"{base}/{d}", "skipped", "symlinked directory (not followed)")
            else:
                kept.append(d)
        dirnames[:] = kept
        for f in sorted(filenames):
            yield _classify(here / f, f"{base}/{f}", roots, max_bytes)


def find_inputs(paths: list[Path], max_bytes: int) -> list[InputFile]:
    """Return every input file under ``paths`` (files or directories), sorted.

    Args:
        paths: files or directories given by the user.
        max_bytes: size limit for one-article files (tables are streamed, so unlimited).
    """
    roots = [Path(p).resolve() for p in paths]
    found: list[InputFile] = []
    for given in paths:
        given = Path(given)
        name = given.resolve().name or "input"
        if given.is_dir():
            found.extend(_walk_dir(given, name, roots, max_bytes))
        elif given.exists():
            found.append(_classify(given, given.name, [given.resolve().parent], max_bytes))
        else:
            found.append(InputFile(given, given.name, "skipped", "not found"))
    # The same file reached twice (a link inside the corpus, a file given twice) is read
    # once and the second sighting logged as skipped, so every input is accounted for.
    # Two files with one relative name (given from different folders) keep apart by a
    # numbered suffix.
    first_seen: dict[Path, str] = {}
    seen_names: set[str] = set()
    unique = []
    for item in found:
        name, n = item.input_path, 1
        while name in seen_names:
            n += 1
            name = f"{item.input_path}#{n}"
        real = item.path.resolve() if item.path.exists() else item.path
        if item.kind != "skipped" and real in first_seen:
            item = replace(item, kind="skipped", reason=f"same file as {first_seen[real]}")
        elif item.kind != "skipped":
            first_seen[real] = name
        seen_names.add(name)
        unique.append(item if n == 1 else replace(item, input_path=name))
    return unique
