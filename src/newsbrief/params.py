"""Briefing parameters: one validated, frozen object per build.

Parameters take one path: a YAML file and/or ``-p NAME VALUE`` overrides -> papermill ->
each notebook's ``parameters`` cell -> :func:`params_from_namespace` -> one
:class:`BriefingParams`. Anything unknown or invalid raises :class:`ParameterError`
naming the parameter, before any notebook runs (papermill itself only warns).

This is a leaf module: it imports nothing of ours but ``paths`` and ``errors``.
"""

import dataclasses
import datetime as dt
import re
import types
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from newsbrief.errors import ParameterError
from newsbrief.paths import PARAMS_DIR, PROJECT_ROOT

if TYPE_CHECKING:
    import pandas as pd

PERIODS = ("week", "month", "quarter")
DEFAULT_PARAMS_FILE = PARAMS_DIR / "sample.yaml"
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_LANGUAGE = re.compile(r"[a-z]{2}|und")
# Notebook-only parameters: where the build writes; never read from a YAML file.
NOTEBOOK_ONLY = ("output_root",)
# Names IPython defines in every kernel namespace; not parameters.
_KERNEL_NAMES = frozenset({"In", "Out", "exit", "quit", "get_ipython", "open"})


@dataclasses.dataclass(frozen=True)
class BriefingParams:
    """Everything that decides what one briefing shows.

    Attributes:
        build: output name, a safe slug: reports/<build>/, figures/<build>/ and
            data/{interim,processed}/<build>/.
        title: the briefing's title.
        subtitle: one line under the title ("" for none).
        corpus: article files or folders; relative paths are relative to the project root.
        metadata: CSV overriding date/source/url/title by article_id, or None (a
            metadata.csv inside a corpus folder is applied automatically).
        start: first day included ("YYYY-MM-DD"), or None for no lower bound.
        end: last day included ("YYYY-MM-DD"), or None for no upper bound.
        period: time bucket for counts over time: week, month or quarter.
        languages: ISO 639-1 codes of the articles to include.
        focus_actors: actor_ids or country codes to follow: only their mentions and the
            claims they make are kept; empty keeps every actor.
        focus_claims: claim_ids to follow; empty keeps every claim.
        top_n: how many actors, outlets and rows the rankings and charts show.
        tables: a folder of extraction tables (``newsbrief extract PATH --out DIR``) to
            brief from instead of extracting ``corpus`` (which is then not read); None
            extracts the corpus.
    """

    build: str = "sample"
    title: str = "Iranian drones and the war in Ukraine"
    subtitle: str = "Who says what about Iran supplying drones to Russia"
    corpus: tuple[str, ...] = ("data/raw",)
    metadata: str | None = None
    start: str | None = None
    end: str | None = None
    period: str = "month"
    languages: tuple[str, ...] = ("en",)
    focus_actors: tuple[str, ...] = ()
    focus_claims: tuple[str, ...] = ()
    top_n: int = 8
    tables: str | None = None

    def __post_init__(self) -> None:
        _check_slug(self.build)
        _check_text("title", self.title, allow_empty=False)
        _check_text("subtitle", self.subtitle, allow_empty=True)
        if not self.corpus:
            raise ParameterError("parameter 'corpus': give at least one file or folder")
        for name in ("start", "end"):
            _check_date(name, getattr(self, name))
        if self.start and self.end and self.start > self.end:
            raise ParameterError(f"parameters 'start' ({self.start}) is after 'end' ({self.end})")
        if self.period not in PERIODS:
            raise ParameterError(
                f"parameter 'period': {self.period!r} is not one of {', '.join(PERIODS)}"
            )
        if not self.languages:
            raise ParameterError("parameter 'languages': give at least one language code")
        for code in self.languages:
            if not isinstance(code, str) or not _LANGUAGE.fullmatch(code):
                raise ParameterError(
                    f"parameter 'languages': {code!r} is not a two-letter ISO 639-1 code"
                )
        if isinstance(self.top_n, bool) or not isinstance(self.top_n, int) or self.top_n < 1:
            raise ParameterError(f"parameter 'top_n': {self.top_n!r} is not a positive integer")
        if self.tables is not None:
            _check_text("tables", self.tables, allow_empty=False)

    @property
    def corpus_paths(self) -> tuple[Path, ...]:
        """Corpus paths, relative ones resolved against the project root."""
        return tuple(resolve_path(p) for p in self.corpus)

    @property
    def tables_path(self) -> Path | None:
        """The extraction tables folder resolved against the project root, or None."""
        return resolve_path(self.tables) if self.tables else None

    @property
    def metadata_path(self) -> Path | None:
        """The metadata file resolved against the project root, or None."""
        return resolve_path(self.metadata) if self.metadata else None

    def to_dict(self) -> dict[str, Any]:
        """Plain YAML-ready values (tuples as lists), in field order."""
        return {
            f.name: list(v) if isinstance(v := getattr(self, f.name), tuple) else v
            for f in dataclasses.fields(self)
        }

    def to_frame(self) -> "pd.DataFrame":
        """One row per parameter: ``parameter``, ``value`` (as text), in field order."""
        import pandas as pd

        unset = {
            "metadata": "metadata.csv inside corpus folders",
            "start": "first article",
            "end": "last article",
            "focus_actors": "all",
            "focus_claims": "all",
            "subtitle": "none",
            "tables": "extracted from the corpus",
        }
        rows = [
            (name, ", ".join(v) if isinstance(v, list) else str(v))
            if v not in (None, [], "")
            else (name, unset[name])
            for name, v in self.to_dict().items()
        ]
        return pd.DataFrame(rows, columns=["parameter", "value"])

    def summary(self) -> str:
        """One line naming what this briefing covers, for the build stamp."""
        span = f"{self.start or 'first article'} to {self.end or 'last article'}"
        actors = ", ".join(self.focus_actors) or f"all (top {self.top_n} shown)"
        claims = ", ".join(self.focus_claims) or "all"
        source = f"tables {self.tables}" if self.tables else f"corpus {', '.join(self.corpus)}"
        return (
            f"{source}; {span}; per {self.period}; "
            f"languages {', '.join(self.languages)}; actors {actors}; claims {claims}"
        )


FIELDS = tuple(f.name for f in dataclasses.fields(BriefingParams))
_TUPLE_FIELDS = ("corpus", "languages", "focus_actors", "focus_claims")


def resolve_path(path: str | Path) -> Path:
    """Resolve ``path`` against the project root (not the current directory)."""
    path = Path(path)
    return path if path.is_absolute() else PROJECT_ROOT / path


def make_params(values: Mapping[str, Any]) -> BriefingParams:
    """Build validated parameters from a mapping; unknown names raise ParameterError."""
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise ParameterError(
            f"unknown parameter {', '.join(repr(u) for u in unknown)} (known: {', '.join(FIELDS)})"
        )
    clean = {}
    for name, value in values.items():
        if name in _TUPLE_FIELDS:
            value = _as_tuple(name, value)
        elif name in ("start", "end") and isinstance(value, dt.date):
            value = value.isoformat()
        elif name == "subtitle" and value is None:
            value = ""  # `subtitle:` left empty in YAML, or `-p subtitle ''`
        elif name == "top_n" and isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        clean[name] = value
    return BriefingParams(**clean)


def load_params(
    yaml_path: str | Path | None = None, overrides: Mapping[str, Any] | None = None
) -> BriefingParams:
    """Read a parameter file, apply ``overrides`` and validate.

    Args:
        yaml_path: a YAML mapping of parameter names to values; None reads nothing (all
            defaults). Relative paths are taken as given (the CLI's current directory).
        overrides: values that win over the file's, e.g. from ``-p NAME VALUE``. String
            values are parsed as YAML scalars/lists (``-p top_n 5``, ``-p languages [en, fr]``).

    Raises:
        ParameterError: the file is unreadable or not a mapping, or a parameter is unknown
            or invalid.
    """
    values: dict[str, Any] = {}
    if yaml_path is not None:
        path = Path(yaml_path)
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise ParameterError(f"{path}: cannot read parameters: {exc}") from exc
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise ParameterError(f"{path}: expected a mapping of parameter names to values")
        values.update(loaded)
    overrides = dict(overrides or {})
    for source, names in ((yaml_path, values), ("-p", overrides)):
        unknown = sorted(set(names) - set(FIELDS))
        if unknown and source is not None:
            raise ParameterError(
                f"{source}: unknown parameter {', '.join(repr(u) for u in unknown)} "
                f"(known: {', '.join(FIELDS)})"
            )
    for name, value in overrides.items():
        values[name] = _parse_override(value) if isinstance(value, str) else value
    try:
        return make_params(values)
    except ParameterError as exc:
        where = [str(yaml_path)] if yaml_path is not None else []
        where += ["-p " + " ".join(sorted(overrides))] if overrides else []
        raise ParameterError(f"{' with '.join(where) or 'parameters'}: {exc}") from None


def params_from_namespace(namespace: Mapping[str, Any]) -> BriefingParams:
    """Validate the parameters a notebook's kernel holds (its ``globals()``).

    Call this first, right after the import cell: any other plain variable in the namespace
    then came from papermill (``-p`` or ``-f``) and is an unknown parameter: a typo that
    papermill would only warn about fails here instead.
    """
    values = {}
    unknown = []
    for name, value in namespace.items():
        if name.startswith("_") or name in _KERNEL_NAMES or name in NOTEBOOK_ONLY:
            continue
        if isinstance(value, types.ModuleType) or callable(value):
            continue
        if name in FIELDS:
            values[name] = value
        else:
            unknown.append(name)
    if unknown:
        raise ParameterError(
            f"unknown notebook parameter {', '.join(repr(u) for u in sorted(unknown))} "
            f"(known: {', '.join(FIELDS)})"
        )
    return make_params(values)


def save_params(params: BriefingParams, path: Path) -> Path:
    """Write ``params`` as YAML (the parameters used, kept next to the report)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(params.to_dict(), sort_keys=False), encoding="utf-8")
    return path


def _parse_override(value: str) -> Any:
    try:
        return yaml.safe_load(value)
    except yaml.YAMLError:
        return value


def _as_tuple(name: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        raise ParameterError(f"parameter {name!r}: expected a list, got {value!r}")
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise ParameterError(f"parameter {name!r}: {item!r} is not a non-empty string")
    return tuple(value)


def _check_slug(build: Any) -> None:
    if not isinstance(build, str) or not _SLUG.fullmatch(build):
        raise ParameterError(
            f"parameter 'build': {build!r} is not a safe name (lower-case letters, digits, "
            "'-' and '_', starting with a letter or digit; no path separators or '..')"
        )


def _check_text(name: str, value: Any, *, allow_empty: bool) -> None:
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        raise ParameterError(f"parameter {name!r}: {value!r} is not a non-empty string")


def _check_date(name: str, value: Any) -> None:
    if value is None:
        return
    try:
        ok = isinstance(value, str) and dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        ok = False
    if not ok:
        raise ParameterError(f"parameter {name!r}: {value!r} is not a date like 2023-01-31")
