"""Find the input files under the paths a user gives, and say why any are not read.

Directories are read recursively in sorted order. Each file becomes an :class:`InputFile`
with its path relative to the input root (prefixed by the root's own name, so two roots
with the same file names stay apart); a file that cannot be an article is returned with a
skip reason instead, so every file is accounted for.
"""

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from newsbrief.text import printable_file_name

ARTICLE_SUFFIXES = {".txt", ".text", ".html", ".htm", ".csv", ".tsv", ".jsonl", ".ndjson", ".json"}
TABLE_SUFFIXES = {".csv", ".tsv", ".jsonl", ".ndjson", ".json"}
STREAMED_SUFFIXES = {".csv", ".tsv", ".jsonl", ".ndjson"}
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
    file_id: tuple[int, int] | None = field(default=None, compare=False)
    """(device, inode) of the file read: the same file reached twice is read once."""


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
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            target = path.resolve()
            if not any(target == r or target.is_relative_to(r) for r in roots):
                return InputFile(
                    path, input_path, "skipped", "symlink pointing outside the input roots"
                )
            info = path.stat()
    except OSError:
        return InputFile(path, input_path, "skipped", "not found (or a broken symlink)")
    if not stat.S_ISREG(info.st_mode):
        # A FIFO or device named like an article would block or never end when read.
        return InputFile(path, input_path, "skipped", "not a regular file")
    file_id = (info.st_dev, info.st_ino)
    if name.lower() == METADATA_NAME:
        return InputFile(path, input_path, "metadata", file_id=file_id)
    if path.stem.lower() in DOC_STEMS or suffix in {".md", ".rst"}:
        return InputFile(path, input_path, "skipped", f"documentation file ({suffix or name})")
    if suffix not in ARTICLE_SUFFIXES:
        return InputFile(path, input_path, "skipped", f"unsupported file type {suffix or '(none)'}")
    # Tables are streamed row by row, except a .json document, which is parsed whole.
    if info.st_size > max_bytes and suffix not in STREAMED_SUFFIXES:
        return InputFile(
            path, input_path, "skipped",
            f"file over the size limit ({_human(info.st_size)} > {_human(max_bytes)})",
        )  # fmt: skip
    kind = "table" if suffix in TABLE_SUFFIXES else "article"
    return InputFile(path, input_path, kind, file_id=file_id)


def _walk_dir(root: Path, prefix: str, roots: list[Path], max_bytes: int) -> Iterator[InputFile]:
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        rel = here.relative_to(root).as_posix()
        base = prefix if rel == "." else f"{prefix}/{rel}"
        kept = []
        for d in sorted(dirnames):
            sub = here / d
            shown = printable_file_name(f"{base}/{d}")
            if d.startswith("."):
                yield InputFile(sub, shown, "skipped", "hidden directory (not read)")
            elif sub.is_symlink():
                yield InputFile(sub, shown, "skipped", "symlinked directory (not followed)")
            else:
                kept.append(d)
        dirnames[:] = kept
        for f in sorted(filenames):
            yield _classify(here / f, printable_file_name(f"{base}/{f}"), roots, max_bytes)


def find_inputs(paths: list[Path], max_bytes: int) -> list[InputFile]:
    """Return every input file under ``paths`` (files or directories), sorted.

    Args:
        paths: files or directories given by the user.
        max_bytes: size limit for one-article files and .json documents (CSV/TSV and JSONL
            tables are streamed row by row, so unlimited).
    """
    roots = [Path(p).resolve() for p in paths]
    found: list[InputFile] = []
    for given in paths:
        given = Path(given)
        name = printable_file_name(given.resolve().name or "input")
        if given.is_dir():
            found.extend(_walk_dir(given, name, roots, max_bytes))
        elif given.exists():
            found.append(
                _classify(
                    given, printable_file_name(given.name), [given.resolve().parent], max_bytes
                )
            )
        else:
            found.append(InputFile(given, printable_file_name(given.name), "skipped", "not found"))
    # The same file reached twice (a link inside the corpus, a file given twice) is read
    # once and the second sighting logged as skipped, so every input is accounted for.
    # Two files with one relative name (given from different folders) keep apart by a
    # numbered suffix.
    first_seen: dict[tuple[int, int], str] = {}
    seen_names: set[str] = set()
    unique = []
    for item in found:
        name, n = item.input_path, 1
        while name in seen_names:
            n += 1
            name = f"{item.input_path}#{n}"
        if item.file_id in first_seen:
            item = replace(item, kind="skipped", reason=f"same file as {first_seen[item.file_id]}")
        elif item.file_id is not None:
            first_seen[item.file_id] = name
        seen_names.add(name)
        unique.append(item if n == 1 else replace(item, input_path=name))
    return unique
