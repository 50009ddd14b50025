"""Build a briefing: extraction once, notebooks through papermill, HTML and PDF.

``build_briefing(params)``:

1. :func:`load_briefing_tables` runs the engine (:func:`newsbrief.engine.run_extract`:
   chunked, cached per chunk, on every core) once, writing ``data/interim/<build>/``
   (articles, ingest_log) and ``data/processed/<build>/`` (sentences, mentions, claims,
   candidates). A fingerprint of the inputs, the config and the package's version is
   stored beside them; the next build with the same fingerprint reads them back instead
   of recomputing. With the ``tables`` parameter it reads a folder written by ``newsbrief
   extract`` instead. Notebooks call the same function, so one opened in JupyterLab on
   its defaults works too; they read only the columns the briefing counts.
2. Every ``notebooks/NN_*.ipynb`` runs in-process with papermill into a staging folder;
   a failing cell stops the build with a :class:`BuildError` naming notebook and cell.
3. The executed notebooks become one HTML page and one PDF (``newsbrief.render``).
4. Only when everything succeeded, the staged report and figures replace the previous
   ones (rename), so a failed build leaves the last good report in place.
"""

import dataclasses
import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from newsbrief import __version__
from newsbrief.errors import BuildError, InputError, ParameterError
from newsbrief.params import BriefingParams, load_params, save_params
from newsbrief.paths import (
    CONFIG_DIR,
    FIGURES_DIR,
    INTERIM_DIR,
    NOTEBOOKS_DIR,
    PROCESSED_DIR,
    PROJECT_ROOT,
    REPORTS_DIR,
)
from newsbrief.storage import read_table

INTERIM_TABLES = ("articles", "ingest_log")
PROCESSED_TABLES = ("sentences", "mentions", "claims", "candidates")
# What the briefing reads of the articles: no text, no input paths or hashes (a million
# articles' worth of those alone is gigabytes).
BRIEFING_ARTICLE_COLUMNS = (
    "article_id", "title", "source", "url", "published", "date_precision", "language",
    "is_english", "word_count", "status", "duplicate_kind",
)  # fmt: skip
MENTION_COLUMNS = ("article_id", "actor_id", "actor_name", "actor_type", "country", "sense")
FINGERPRINT_FILE = "fingerprint.json"
EXTRACT_DIR = ".extract"
CACHE_DIR = ".cache"
FOOTER_BYTES = 64 * 1024
BUILD_FILE = "build.json"
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
KERNEL_NAME = "python3"
# Where this process last put each fingerprint's tables: a batch extracts each corpus once.
_TABLE_MEMO: dict[str, dict[str, Path]] = {}
_BRIEFING_MEMO: dict[tuple, Any] = {}
# File digests by (path, size, mtime_ns): notebooks sharing a kernel hash the corpus once.
_DIGEST_MEMO: dict[tuple, bytes] = {}


@dataclass(frozen=True)
class OutputRoots:
    """Where a build writes; the project's folders unless a test points elsewhere."""

    interim: Path = INTERIM_DIR
    processed: Path = PROCESSED_DIR
    figures: Path = FIGURES_DIR
    reports: Path = REPORTS_DIR

    @classmethod
    def under(cls, root: str | Path | None) -> "OutputRoots":
        """The project's layout re-rooted at ``root`` (None: the project itself)."""
        if root is None:
            return cls()
        root = Path(root)
        return cls(
            *(
                root / p.relative_to(PROJECT_ROOT)
                for p in (INTERIM_DIR, PROCESSED_DIR, FIGURES_DIR, REPORTS_DIR)
            )
        )


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote."""

    params: BriefingParams
    fingerprint: str
    html: Path
    pdf: Path
    report_dir: Path
    figures_dir: Path
    rebuilt: bool = True


# ---------------------------------------------------------------- inputs and tables


class ExtractedTables(Mapping[str, pd.DataFrame]):
    """A build's contract tables on disk, read when asked for.

    ``tables["mentions"]`` reads a whole table (once); :meth:`read` reads only some
    columns and :meth:`count_rows` only the Parquet footers, so a briefing of a million
    articles never loads their text or their sentences. Each table is one Parquet file or
    a folder of part files (a corpus larger than one chunk).
    """

    def __init__(self, paths: Mapping[str, Path], fingerprint: str = "") -> None:
        self.paths = dict(paths)
        self.fingerprint = fingerprint
        self._loaded: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._loaded:
            self._loaded[name] = self.read(name)
        return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)

    def read(
        self,
        name: str,
        columns: Sequence[str] | None = None,
        *,
        exclude: Sequence[str] = (),
        categorical: Sequence[str] = (),
    ) -> pd.DataFrame:
        """Read table ``name``: only ``columns`` (None: all but ``exclude``).

        Columns the table does not have are left out. Columns named in ``categorical`` are
        read dictionary-encoded (pandas categoricals): a mentions table's repeated ids then
        cost one small integer per row.
        """
        import pyarrow.parquet as pq

        path = self.paths[name]
        first = path if path.is_file() else min(path.glob("*.parquet"), default=None)
        if first is not None:
            names = pq.read_schema(first).names
            wanted = names if columns is None else [c for c in columns if c in names]
            columns = [c for c in wanted if c not in exclude]
        coded = [c for c in categorical if columns is None or c in columns]
        if coded:
            return pd.read_parquet(path, columns=columns, read_dictionary=coded)
        return read_table(path, columns=None if columns is None else list(columns))

    def count_rows(self, name: str) -> int:
        """Rows of table ``name``, from the Parquet footers (nothing else is read)."""
        import pyarrow.dataset as ds

        return ds.dataset(self.paths[name], format="parquet").count_rows()


def _table_paths(dirs: Mapping[str, Path]) -> dict[str, Path]:
    return {
        name: dirs[kind] / f"{name}.parquet"
        for kind, names in (("interim", INTERIM_TABLES), ("processed", PROCESSED_TABLES))
        for name in names
    }


def _files_under(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise InputError(f"corpus path {path} does not exist")
    return sorted(
        p
        for p in path.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
    )


def _file_digest(file: Path) -> bytes:
    """SHA-256 of a file's bytes, remembered per (path, size, mtime) within a process."""
    stat = file.stat()
    key = (str(file), stat.st_size, stat.st_mtime_ns)
    if key not in _DIGEST_MEMO:
        _DIGEST_MEMO[key] = hashlib.sha256(file.read_bytes()).digest()
    return _DIGEST_MEMO[key]


def _footer_digest(file: Path) -> bytes:
    """SHA-256 of a Parquet file's size and footer, remembered like :func:`_file_digest`.

    The footer (schema, row groups, column statistics, offsets) stands for the content:
    a fingerprint that does not read gigabytes of text. A file that is not Parquet is
    represented by its last 64 KiB.
    """
    stat = file.stat()
    key = ("footer", str(file), stat.st_size, stat.st_mtime_ns)
    if key not in _DIGEST_MEMO:
        with file.open("rb") as handle:
            handle.seek(max(0, stat.st_size - 8))
            tail = handle.read(8)
            length = int.from_bytes(tail[:4], "little") + 8 if tail[4:] == b"PAR1" else 0
            if not 0 < length <= stat.st_size:
                length = min(stat.st_size, FOOTER_BYTES)
            handle.seek(stat.st_size - length)
            data = handle.read(length)
        _DIGEST_MEMO[key] = hashlib.sha256(f"{stat.st_size}\0".encode() + data).digest()
    return _DIGEST_MEMO[key]


def _hash_files(digest: "hashlib._Hash", label: str, base: Path, files: Iterable[Path]) -> None:
    for file in files:
        name = file.relative_to(base).as_posix() if file != base else file.name
        digest.update(f"{label}:{name}\0".encode())
        digest.update(_file_digest(file))


def input_fingerprint(params: BriefingParams, config_dir: Path | None = None) -> str:
    """Return a short content hash of everything extraction depends on.

    Covers the corpus files' names and bytes, the metadata file, the config folder
    (lexicon, taxonomy: their versions are hashes of these files) and the package version,
    so any change to them invalidates cached tables; the briefing's other parameters
    (dates, focus, period) do not. Changing extraction *code* without a version bump does
    not either: delete ``data/processed/<build>/`` (or ``make clean``) to re-extract.
    With ``tables`` set, the hash covers those tables instead (names, sizes and Parquet
    footers) and the config (display names and claim labels come from it).
    """
    digest = hashlib.sha256(f"newsbrief {__version__}\0".encode())
    if params.tables_path is not None:
        folder = params.tables_path
        if not folder.is_dir():
            raise InputError(f"tables folder {folder} does not exist")
        for file in _files_under(folder):
            if file.suffix == ".parquet":
                digest.update(f"tables:{file.relative_to(folder).as_posix()}\0".encode())
                digest.update(_footer_digest(file))
    else:
        for index, path in enumerate(params.corpus_paths):
            base = path if path.is_dir() else path.parent
            _hash_files(digest, f"corpus{index}", base, _files_under(path))
        if params.metadata_path is not None:
            if not params.metadata_path.is_file():
                raise InputError(f"metadata file {params.metadata_path} does not exist")
            _hash_files(digest, "metadata", params.metadata_path.parent, [params.metadata_path])
    config = Path(config_dir or CONFIG_DIR)
    if config.is_dir():
        _hash_files(digest, "config", config, _files_under(config))
    return digest.hexdigest()[:16]


def _stamp_matches(dirs: Mapping[str, Path], fingerprint: str) -> bool:
    try:
        stamp = json.loads((dirs["processed"] / FINGERPRINT_FILE).read_text())
    except (OSError, ValueError):
        return False
    paths = _table_paths(dirs).values()
    return stamp.get("fingerprint") == fingerprint and all(p.exists() for p in paths)


def _place_table(source: Path, target: Path, *, copy: bool) -> None:
    """Put one table at ``target``, replacing what is there.

    A folder of part files (a large corpus) is renamed (or copied) into place; a one-file
    table is small and goes through :func:`newsbrief.storage.write_table`, the project's
    one atomic writer.
    """
    from newsbrief import storage

    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_file():
        if target.is_dir():
            shutil.rmtree(target)
        storage.write_table(read_table(source), target)
        return
    staged = target.with_name(f".{target.name}.new")
    shutil.rmtree(staged, ignore_errors=True)
    if copy:
        shutil.copytree(source, staged)
    else:
        os.rename(source, staged)
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.is_dir():
        os.rename(target, old)
    elif target.exists():
        target.unlink()
    os.rename(staged, target)
    shutil.rmtree(old, ignore_errors=True)


def _extract_tables(params: BriefingParams, dirs: Mapping[str, Path]) -> None:
    """Run the engine on the corpus and put its tables in the build's folders.

    :func:`newsbrief.engine.run_extract` streams the corpus in chunks on every core and
    caches each chunk's results (``data/processed/<build>/.cache``), so a rebuild after
    adding articles redoes only the chunks they fall in; a corpus of one chunk is
    extracted in memory and written as single files.
    """
    from newsbrief import engine

    work = dirs["processed"] / EXTRACT_DIR
    shutil.rmtree(work, ignore_errors=True)
    try:
        engine.run_extract(
            list(params.corpus_paths),
            work,
            metadata=params.metadata_path,
            chunk_size=engine.CHUNK_ARTICLES,
            cache_dir=dirs["processed"] / CACHE_DIR,
            progress=sys.stderr.isatty(),
        )
        status = read_table(work / "articles.parquet", columns=["status"])["status"]
        if not (status == "loaded").any():
            raise InputError(f"no usable article in {', '.join(params.corpus)}")
        for name, target in _table_paths(dirs).items():
            _place_table(work / f"{name}.parquet", target, copy=False)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _copy_tables(source: Mapping[str, Path], dirs: Mapping[str, Path]) -> None:
    for name, target in _table_paths(dirs).items():
        _place_table(source[name], target, copy=True)


def _stamp(dirs: Mapping[str, Path], fingerprint: str) -> None:
    # Written last: its presence means every table beside it is complete.
    _write_text(
        dirs["processed"] / FINGERPRINT_FILE,
        json.dumps({"fingerprint": fingerprint}, indent=1) + "\n",
    )


def _write_tables(
    tables: Mapping[str, pd.DataFrame], dirs: Mapping[str, Path], fingerprint: str
) -> None:
    """Write in-memory contract tables as a build's cached tables (tests seed builds so)."""
    from newsbrief import storage

    (dirs["processed"] / FINGERPRINT_FILE).unlink(missing_ok=True)
    for name, path in _table_paths(dirs).items():
        storage.write_table(tables[name], path)
    _stamp(dirs, fingerprint)


def load_briefing_tables(
    params: BriefingParams, output_root: str | Path | None = None
) -> ExtractedTables:
    """The build's extracted tables, extracting and caching them first if needed.

    Returns :class:`ExtractedTables` (a mapping: ``articles``, ``ingest_log``,
    ``sentences``, ``mentions``, ``claims``, ``candidates``, each read when asked for).
    With ``tables`` set they are that folder's tables. Otherwise they live in
    ``data/{interim,processed}/<build>/`` and are reused while their stored fingerprint
    matches the inputs; else the corpus is extracted with :func:`newsbrief.engine.run_extract`
    (chunked, cached, on every core). A batch extracts each corpus once: a later build of
    the same corpus copies the tables of the first.

    Args:
        params: the briefing parameters (corpus, metadata, tables, build name).
        output_root: a folder standing in for the project root as the place to write
            (tests); None writes in the project.
    """
    fingerprint = input_fingerprint(params)
    if params.tables_path is not None:
        folder = params.tables_path
        paths = {name: folder / f"{name}.parquet" for name in INTERIM_TABLES + PROCESSED_TABLES}
        missing = [name for name, path in paths.items() if not path.exists()]
        if missing:
            raise InputError(f"tables folder {folder} has no {', '.join(missing)} table")
        return ExtractedTables(paths, fingerprint)
    roots = OutputRoots.under(output_root)
    dirs = {"interim": roots.interim / params.build, "processed": roots.processed / params.build}
    if not _stamp_matches(dirs, fingerprint):
        # An old stamp beside half-rewritten tables would vouch for a mix: remove it first.
        (dirs["processed"] / FINGERPRINT_FILE).unlink(missing_ok=True)
        done = _TABLE_MEMO.get(fingerprint)
        if done is not None and done != dirs and _stamp_matches(done, fingerprint):
            _copy_tables(_table_paths(done), dirs)
        else:
            _extract_tables(params, dirs)
        _stamp(dirs, fingerprint)
    _TABLE_MEMO[fingerprint] = dirs
    return ExtractedTables(_table_paths(dirs), fingerprint)


def read_briefing_inputs(tables: ExtractedTables) -> dict[str, pd.DataFrame]:
    """The columns the briefing counts, read from the extracted tables.

    ``articles`` with the columns the briefing shows and counts by
    (``BRIEFING_ARTICLE_COLUMNS``); ``mentions`` with only the columns that place an actor,
    ids dictionary-encoded; ``claims`` whole; the ``ingest_log``'s ``status`` and
    ``reason``. A million articles' worth reads in seconds and a few hundred MB.
    """
    return {
        "articles": tables.read("articles", BRIEFING_ARTICLE_COLUMNS),
        "mentions": tables.read("mentions", MENTION_COLUMNS, categorical=MENTION_COLUMNS),
        "claims": tables.read("claims"),
        "ingest_log": tables.read("ingest_log", ["status", "reason"]),
    }


def claim_labels(taxonomy_claims: pd.DataFrame) -> dict[str, str]:
    """Short display label per claim_id: the taxonomy's ``label`` if any, else its proposition."""
    column = "label" if "label" in taxonomy_claims else "proposition"
    labels = taxonomy_claims.set_index("claim_id")[column].astype("object")
    return {k: str(v) for k, v in labels.items() if isinstance(v, str) and v.strip()}


def focus_tables(
    mentions: pd.DataFrame,
    claims: pd.DataFrame,
    params: BriefingParams,
    lexicon_actors: pd.DataFrame,
    taxonomy_claims: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Keep the focus actors' mentions and claims, and the focus claims (all when unset).

    A focus actor is an ``actor_id`` or a country/organisation code of the lexicon ("IRN"
    keeps Iran, its capital, its people and its officials). With focus actors, only the
    claims *they* make are kept (speaker_id or speaker_country in the focus).

    Raises:
        ParameterError: a focus actor or claim is not in the lexicon or taxonomy.
    """
    if params.focus_actors:
        known = set(lexicon_actors["actor_id"]) | set(lexicon_actors["country"].dropna())
        unknown = [a for a in params.focus_actors if a not in known]
        if unknown:
            raise ParameterError(f"parameter 'focus_actors': unknown actor {', '.join(unknown)}")
        focus = set(params.focus_actors)
        mentions = mentions[mentions["actor_id"].isin(focus) | mentions["country"].isin(focus)]
        claims = claims[claims["speaker_id"].isin(focus) | claims["speaker_country"].isin(focus)]
    if params.focus_claims:
        unknown = [c for c in params.focus_claims if c not in set(taxonomy_claims["claim_id"])]
        if unknown:
            raise ParameterError(f"parameter 'focus_claims': unknown claim {', '.join(unknown)}")
        claims = claims[claims["claim_id"].isin(set(params.focus_claims))]
    return mentions.reset_index(drop=True), claims.reset_index(drop=True)


def check_focus(params: BriefingParams) -> None:
    """Raise ParameterError now, before any notebook runs, if a focus id is unknown."""
    if not (params.focus_actors or params.focus_claims):
        return
    from newsbrief.lexicon import load_lexicon
    from newsbrief.taxonomy import load_taxonomy

    empty = pd.DataFrame(
        columns=["actor_id", "country", "speaker_id", "speaker_country", "claim_id"]
    )
    focus_tables(empty, empty, params, load_lexicon().actors, load_taxonomy().claims)


def load_briefing(params: BriefingParams, output_root: str | Path | None = None) -> Any:
    """Return every table the briefing shows (:class:`newsbrief.aggregate.BriefingTables`).

    Loads (or extracts) the contract tables with :func:`load_briefing_tables`, keeps the
    focus actors and claims, and aggregates them with the briefing's date window,
    languages, period and ``top_n``.
    """
    from newsbrief.aggregate import build_briefing_tables, lexicon_display_names
    from newsbrief.lexicon import load_lexicon
    from newsbrief.taxonomy import load_taxonomy

    tables = load_briefing_tables(params, output_root)
    # Notebooks of one build share a kernel: aggregate once per parameters and inputs.
    key = (params, str(output_root), tables.fingerprint)
    if key in _BRIEFING_MEMO:
        return _BRIEFING_MEMO[key]
    _BRIEFING_MEMO.clear()  # one briefing's inputs at a time: a batch need not hold them all
    lexicon, taxonomy = load_lexicon(), load_taxonomy()
    inputs = read_briefing_inputs(tables)
    mentions, claims = focus_tables(
        inputs["mentions"], inputs["claims"], params, lexicon.actors, taxonomy.claims
    )
    _BRIEFING_MEMO[key] = build_briefing_tables(
        inputs["articles"],
        mentions,
        claims,
        inputs["ingest_log"],
        period=params.period,
        start=params.start,
        end=params.end,
        languages=list(params.languages),
        top_n_sources=params.top_n,
        top_n_actors=params.top_n,
        names=lexicon_display_names(lexicon.actors),
        claim_labels=claim_labels(taxonomy.claims),
    )
    return _BRIEFING_MEMO[key]


def method_summary(params: BriefingParams, tables: ExtractedTables) -> pd.DataFrame:
    """What a build read and extracted, for the method section.

    One row per item (key ``item``): ``item`` (plain English), ``value`` (text). Row
    counts come from the tables' Parquet footers (the tables themselves are not read).
    """
    from newsbrief.lexicon import load_lexicon
    from newsbrief.taxonomy import load_taxonomy

    status = tables.read("articles", ["status"])["status"]
    rows = [
        ("Input fingerprint", tables.fingerprint or input_fingerprint(params)),
        ("Software", f"newsbrief {__version__}"),
        ("Actor lexicon version", load_lexicon().version),
        ("Claim taxonomy version", load_taxonomy().version),
        ("Articles read (distinct)", int((status == "loaded").sum())),
        ("Duplicate copies", int((status == "duplicate").sum())),
        ("Sentences", tables.count_rows("sentences")),
        ("Actor mentions", tables.count_rows("mentions")),
        ("Claim statements", tables.count_rows("claims")),
        ("Candidate names not in the lexicon", tables.count_rows("candidates")),
    ]
    out = pd.DataFrame([(k, str(v)) for k, v in rows], columns=["item", "value"])
    assert out["item"].is_unique
    return out


# ---------------------------------------------------------------- notebooks


def briefing_notebooks(notebooks_dir: Path | None = None) -> list[Path]:
    """Return the numbered notebooks (``NN_name.ipynb``) in build order."""
    found = sorted(Path(notebooks_dir or NOTEBOOKS_DIR).glob(NOTEBOOK_GLOB))
    if not found:
        raise BuildError(f"no notebooks matching {NOTEBOOK_GLOB} in {notebooks_dir}")
    return found


def notebook_parameters(params: BriefingParams, output_root: str | Path | None) -> dict:
    """Return the papermill parameters for ``params`` (plain YAML-able values)."""
    values = params.to_dict()
    values["output_root"] = None if output_root is None else str(output_root)
    return values


def _cell_error(notebook: Path, exc: Any) -> BuildError:
    source = (getattr(exc, "source", "") or "").strip().splitlines()
    first = source[0] if source else ""
    index = getattr(exc, "cell_index", "?")
    detail = f"{getattr(exc, 'ename', type(exc).__name__)}: {getattr(exc, 'evalue', exc)}"
    return BuildError(f"notebook {notebook.name}, cell {index} ({first!r}) failed: {detail}")


class KernelSession:
    """One Jupyter kernel that runs notebook after notebook (imports are paid once).

    Between notebooks the kernel's namespace is cleared (``%reset -f``), so each notebook
    starts as in a fresh kernel except that modules stay imported. Use as a context
    manager; the kernel is shut down on exit.
    """

    def __init__(self) -> None:
        from jupyter_client import AsyncKernelManager

        # IPC sockets (in a private temporary folder): no TCP port is opened.
        self._sockets = tempfile.mkdtemp(prefix="newsbrief-kernel-")
        self.km = AsyncKernelManager(
            kernel_name=KERNEL_NAME, transport="ipc", ip=str(Path(self._sockets) / "kernel")
        )

    def __enter__(self) -> "KernelSession":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    def close(self) -> None:
        """Shut the kernel down (if it was started)."""
        from jupyter_client.utils import run_sync

        if self.km.has_kernel:
            run_sync(self.km.shutdown_kernel)(now=True)
        shutil.rmtree(self._sockets, ignore_errors=True)

    def reset(self) -> None:
        """Clear the kernel's namespace, keeping imported modules."""
        from jupyter_client import BlockingKernelClient

        if not self.km.has_kernel:
            return
        client = BlockingKernelClient()
        client.load_connection_info(self.km.get_connection_info())
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
            client.execute_interactive("%reset -f", store_history=False, timeout=60)
        finally:
            client.stop_channels()


def execute_notebook(
    notebook: Path,
    out_path: Path,
    parameters: Mapping[str, Any],
    session: KernelSession | None = None,
) -> Any:
    """Run ``notebook`` with papermill in this process; return the executed node.

    Args:
        notebook: the notebook to run.
        out_path: where papermill writes the executed copy.
        parameters: papermill parameters.
        session: a kernel to reuse (cleared first); None starts a fresh kernel.

    Raises:
        BuildError: a cell raised; the message names notebook, cell and error.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    logging.getLogger("papermill").setLevel(logging.ERROR)
    engine_kwargs = {}
    if session is not None:
        session.reset()
        engine_kwargs["km"] = session.km
    try:
        return papermill.execute_notebook(
            str(notebook),
            str(out_path),
            parameters=dict(parameters),
            kernel_name=KERNEL_NAME,
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            cwd=str(notebook.parent),
            **engine_kwargs,
        )
    except PapermillExecutionError as exc:
        raise _cell_error(notebook, exc) from None
    except Exception as exc:  # kernel died, timeout, bad notebook JSON
        raise BuildError(f"notebook {notebook.name} could not run: {exc}") from exc


def scrub_executed(nb: Any, notebook_name: str, build: str) -> Any:
    """Strip what differs between identical runs from an executed notebook (in place).

    Removes papermill's and nbclient's timings, makes the recorded paths relative to the
    project, and numbers executions from 1 (a shared kernel keeps counting across
    notebooks), so the executed copy kept next to the report is reproducible too.
    """
    meta = nb.metadata.get("papermill", {})
    for key in ("start_time", "end_time", "duration"):
        meta.pop(key, None)
    meta["input_path"] = f"notebooks/{notebook_name}"
    meta["output_path"] = f"reports/{build}/notebooks/{notebook_name}"
    count = 0
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill gives it a random id
        cell.metadata.pop("execution", None)
        cell.metadata.pop("papermill", None)
        if cell.cell_type == "code" and cell.get("execution_count") is not None:
            count += 1
            cell.execution_count = count
            for output in cell.get("outputs", []):
                if "execution_count" in output:
                    output["execution_count"] = count
    return nb


def _saved_figures(executed: Sequence[tuple[str, Any]]) -> dict[str, tuple[bytes, str]]:
    import base64

    figures: dict[str, tuple[bytes, str]] = {}
    for name, nb in executed:
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                figure = output.get("metadata", {}).get("newsbrief", {}).get("figure")
                if not figure:
                    continue
                if figure in figures:
                    raise BuildError(f"notebook {name}: figure name {figure!r} used twice")
                data = output["data"]
                figures[figure] = (base64.b64decode(data["image/png"]), data["image/svg+xml"])
    return figures


# ---------------------------------------------------------------- the build


def _write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2 RENAME_EXCHANGE); False if unsupported."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return done == 0


def _recover_aside(final: Path) -> None:
    """Put back a report moved aside by a build killed between its two renames."""
    old = final.with_name(f".{final.name}.old")
    if old.exists() and not final.exists():
        os.rename(old, final)


def _swap_in(staged: Path, final: Path) -> None:
    """Replace ``final`` by ``staged`` (both directories on one file system).

    With an atomic exchange a reader (or a kill) sees the old or the new folder, never
    none; elsewhere the old one is moved aside first, and put back by the next build if a
    kill came between the two renames.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    _recover_aside(final)
    if final.exists() and _exchange(staged, final):
        shutil.rmtree(staged)  # now holds the previous folder
        return
    old = final.with_name(f".{final.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        os.rename(final, old)
    os.rename(staged, final)
    if old.exists():
        shutil.rmtree(old)


def _remove_stale_staging(folder: Path, build: str) -> None:
    """Remove staging folders (``.<build>.*``) left by killed builds of this name."""
    _recover_aside(folder / build)
    for stale in folder.glob(f".{build}.*"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)


def build_key(params: BriefingParams, fingerprint: str, notebooks: Sequence[Path]) -> str:
    """Return a hash of everything a report depends on.

    The parameters, the input fingerprint, the notebooks, the templates and the package's
    code: when it matches the ``build.json`` of an existing report, that report is current.
    """
    digest = hashlib.sha256(json.dumps(params.to_dict(), sort_keys=True).encode())
    digest.update(fingerprint.encode())
    package = Path(__file__).parent
    sources = [*notebooks, *sorted(package.glob("*.py")), *sorted(package.glob("templates/*"))]
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _is_current(report_dir: Path, key: str) -> bool:
    try:
        stamp = json.loads((report_dir / BUILD_FILE).read_text())
    except (OSError, ValueError):
        return False
    outputs = ("briefing.html", "briefing.pdf")
    return stamp.get("build_key") == key and all((report_dir / f).is_file() for f in outputs)


def build_briefing(
    params: BriefingParams,
    *,
    output_root: str | Path | None = None,
    notebooks_dir: Path | None = None,
    session: KernelSession | None = None,
    force: bool = False,
) -> BuildResult:
    """Build reports/<build>/briefing.{html,pdf} and figures/<build>/ from ``params``.

    Next to the report: ``params.yaml`` (the parameters used), ``notebooks/`` (the
    executed notebooks, outputs kept) and ``build.json`` (what the report was built from).
    A report whose ``build.json`` matches the current inputs, parameters, notebooks and
    code is left as it is (like a Make target) unless ``force``.

    Args:
        params: validated parameters.
        output_root: stand-in for the project root as the place to write (tests).
        notebooks_dir: where the numbered notebooks are (default: the project's).
        session: a kernel to run the notebooks in (a batch shares one); None starts one
            for this build.
        force: rebuild even when the report is current.

    Raises:
        BuildError: a notebook failed; the previous report is left untouched.
    """
    import nbformat

    from newsbrief.render import (
        BuildStamp,
        notebook_sections,
        render_briefing_html,
        render_briefing_pdf,
    )

    roots = OutputRoots.under(output_root)
    result = BuildResult(
        params=params,
        fingerprint=input_fingerprint(params),
        html=roots.reports / params.build / "briefing.html",
        pdf=roots.reports / params.build / "briefing.pdf",
        report_dir=roots.reports / params.build,
        figures_dir=roots.figures / params.build,
    )
    fingerprint = result.fingerprint
    notebooks = briefing_notebooks(notebooks_dir)
    key = build_key(params, fingerprint, notebooks)
    if not force and _is_current(result.report_dir, key):
        return dataclasses.replace(result, rebuilt=False)
    tables = load_briefing_tables(params, output_root)
    if tables.count_rows("articles") == 0:
        raise InputError(f"no articles in {params.tables or ', '.join(params.corpus)}")
    check_focus(params)
    roots.reports.mkdir(parents=True, exist_ok=True)
    roots.figures.mkdir(parents=True, exist_ok=True)
    for folder in (roots.reports, roots.figures):
        _remove_stale_staging(folder, params.build)
    with (
        KernelSession() as own,
        tempfile.TemporaryDirectory(prefix=f".{params.build}.", dir=roots.reports) as tmp,
        tempfile.TemporaryDirectory(prefix=f".{params.build}.", dir=roots.figures) as figs,
    ):
        stage, figures_stage = Path(tmp) / "report", Path(figs) / "figures"
        executed = []
        for notebook in notebooks:
            out = stage / "notebooks" / notebook.name
            out.parent.mkdir(parents=True, exist_ok=True)
            nb = execute_notebook(
                notebook, out, notebook_parameters(params, output_root), session or own
            )
            nbformat.write(scrub_executed(nb, notebook.name, params.build), out)
            executed.append((notebook.stem, nb))
        stamp = BuildStamp(
            build=params.build,
            title=params.title,
            subtitle=params.subtitle,
            parameters=params.summary(),
            fingerprint=fingerprint,
            version=__version__,
        )
        page = render_briefing_html(notebook_sections(executed), stamp)
        _write_text(stage / "briefing.html", page)
        (stage / "briefing.pdf").write_bytes(render_briefing_pdf(page))
        save_params(params, stage / "params.yaml")
        stamp_text = {"build_key": key, "fingerprint": fingerprint, "version": __version__}
        _write_text(stage / BUILD_FILE, json.dumps(stamp_text, indent=1) + "\n")
        figures_stage.mkdir()
        for name, (png, svg) in sorted(_saved_figures(executed).items()):
            (figures_stage / f"{name}.png").write_bytes(png)
            _write_text(figures_stage / f"{name}.svg", svg)
        # Figures first: the report's build.json marks the build done, so a kill between
        # the two swaps never leaves a current-looking report beside stale figures.
        _swap_in(figures_stage, roots.figures / params.build)
        _swap_in(stage, roots.reports / params.build)
    return result


def build_batch(
    param_files: Sequence[str | Path],
    *,
    output_root: str | Path | None = None,
    notebooks_dir: Path | None = None,
    force: bool = False,
) -> list[BuildResult]:
    """Build one briefing per parameter file in this process, then reports/index.html.

    All files are validated before anything is built; build names must be distinct.
    Corpus loading and extraction run once per distinct corpus (same fingerprint).
    """
    from newsbrief.render import render_index_html

    all_params = [load_params(path) for path in param_files]
    names = [p.build for p in all_params]
    if len(set(names)) != len(names):
        raise ParameterError(f"two parameter files share a build name: {names}")
    with KernelSession() as session:
        results = [
            build_briefing(
                p,
                output_root=output_root,
                notebooks_dir=notebooks_dir,
                session=session,
                force=force,
            )
            for p in all_params
        ]
    reports = OutputRoots.under(output_root).reports
    entries = [
        {"build": p.build, "title": p.title, "subtitle": p.subtitle, "covers": p.summary()}
        for p in all_params
    ]
    _write_text(reports / "index.html", render_index_html(entries))
    return results
