import datetime as dt
import json

import pytest

from newsbrief.errors import ParameterError
from newsbrief.params import (
    FIELDS,
    NOTEBOOK_ONLY,
    BriefingParams,
    load_params,
    make_params,
    params_from_namespace,
    save_params,
)
from newsbrief.paths import NOTEBOOKS_DIR, PARAMS_DIR, PROJECT_ROOT


def test_load_params__file_and_overrides(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("build: q4\nperiod: week\nstart: 2022-10-01\nlanguages: [en, fr]\n")
    params = load_params(path, {"top_n": "5", "end": "2022-12-31"})
    assert params.build == "q4"
    assert params.period == "week"
    assert params.start == "2022-10-01"  # a YAML date becomes an ISO string
    assert params.end == "2022-12-31"
    assert params.languages == ("en", "fr")
    assert params.top_n == 5


def test_load_params__unknown_parameter_is_named(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("perod: week\n")
    with pytest.raises(ParameterError, match="perod"):
        load_params(path)


def test_load_params__unknown_override_is_named():
    with pytest.raises(ParameterError, match="topn"):
        load_params(None, {"topn": "3"})


@pytest.mark.parametrize(
    "name, value",
    [
        ("build", "../escape"),
        ("build", "a/b"),
        ("build", ".."),
        ("build", "Upper"),
        ("build", ""),
        ("period", "year"),
        ("start", "2022-13-01"),
        ("start", "last week"),
        ("languages", ["english"]),
        ("languages", []),
        ("top_n", 0),
        ("top_n", True),
        ("title", "  "),
        ("corpus", []),
        ("focus_actors", [""]),
    ],
)
def test_make_params__invalid_value_names_parameter(name, value):
    with pytest.raises(ParameterError, match=name):
        make_params({name: value})


def test_load_params__empty_subtitle_override_is_empty_text():
    assert load_params(None, {"subtitle": ""}).subtitle == ""


def test_make_params__start_after_end_fails():
    with pytest.raises(ParameterError, match="after"):
        make_params({"start": "2023-02-01", "end": "2023-01-01"})


def test_briefing_params__is_frozen():
    params = BriefingParams()
    with pytest.raises(AttributeError):
        params.build = "other"  # type: ignore[misc]


def test_briefing_params__relative_corpus_resolves_against_project_root(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    params = make_params({"corpus": ["data/raw", "/abs/elsewhere"]})
    assert params.corpus_paths[0] == PROJECT_ROOT / "data" / "raw"
    assert str(params.corpus_paths[1]) == "/abs/elsewhere"


def test_params_from_namespace__unknown_notebook_parameter_fails():
    namespace = {
        "build": "sample",
        "perod": "week",
        "output_root": None,
        "json": json,
        "load": load_params,
        "_private": 1,
        "In": [],
        "Out": {},
    }
    with pytest.raises(ParameterError, match="perod"):
        params_from_namespace(namespace)


def test_params_from_namespace__reads_known_values_and_ignores_imports():
    namespace = {
        "build": "x1",
        "top_n": 3,
        "json": json,
        "load": load_params,
        "output_root": "/tmp/elsewhere",
    }
    params = params_from_namespace(namespace)
    assert (params.build, params.top_n) == ("x1", 3)


def test_save_params__round_trips(tmp_path):
    params = make_params({"build": "rt", "start": dt.date(2022, 1, 2), "focus_claims": ["c1"]})
    path = save_params(params, tmp_path / "params.yaml")
    assert load_params(path) == params


def test_to_frame__one_row_per_parameter():
    frame = BriefingParams().to_frame()
    assert list(frame["parameter"]) == list(FIELDS)
    assert frame["parameter"].is_unique


def test_shipped_parameter_files__are_valid():
    files = sorted(PARAMS_DIR.rglob("*.yaml"))
    assert files, "no parameter files shipped"
    builds = [load_params(f).build for f in files]
    assert len(set(builds)) == len(builds)


def test_notebook_parameters_cells__match_the_defaults():
    """Every notebook's parameters cell declares exactly the defaults of BriefingParams."""
    defaults = BriefingParams().to_dict()
    for path in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")):
        nb = json.loads(path.read_text())
        cell = next(c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", []))
        namespace: dict = {}
        exec("".join(cell["source"]), namespace)  # noqa: S102 - our own notebook source
        declared = {k: v for k, v in namespace.items() if not k.startswith("__")}
        assert set(declared) == set(FIELDS) | set(NOTEBOOK_ONLY), path.name
        assert make_params({k: declared[k] for k in FIELDS}).to_dict() == defaults, path.name
