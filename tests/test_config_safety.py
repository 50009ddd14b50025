"""Configuration and parameter files are data, never code, and never a way out of the tree.

Lexicon (actors.yaml), taxonomy (claims.yaml) and parameter files are read with
``yaml.safe_load``: a Python tag is an error, not a call. Broken entries fail with a message
naming the file, the entry and the problem. A build name cannot point outside
``reports/``, ``figures/`` and ``data/{interim,processed}/``.
"""

import shutil
from pathlib import Path

import pytest
import yaml

from newsbrief.errors import ConfigError, ParameterError
from newsbrief.lexicon import load_lexicon
from newsbrief.params import load_params, make_params
from newsbrief.paths import CONFIG_DIR
from newsbrief.taxonomy import load_taxonomy

EXPLOIT = "!!python/object/apply:os.system ['touch {marker}']"


@pytest.fixture
def config_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, folder)
    return folder


def _exploit(tmp_path: Path) -> tuple[str, Path]:
    marker = tmp_path / "pwned"
    return EXPLOIT.format(marker=marker), marker


def test_load_lexicon__python_tag_is_config_error_not_call(config_copy, tmp_path):
    payload, marker = _exploit(tmp_path)
    (config_copy / "actors.yaml").write_text(
        f"actors:\n  - {{id: XXX, name: {payload}, type: state, country: XXX}}\n"
    )
    with pytest.raises(ConfigError, match="actors.yaml"):
        load_lexicon(config_copy)
    assert not marker.exists()


def test_load_taxonomy__python_tag_is_config_error_not_call(config_copy, tmp_path):
    payload, marker = _exploit(tmp_path)
    path = config_copy / "claims.yaml"
    path.write_text(f"pwn: {payload}\n" + path.read_text())
    with pytest.raises(ConfigError, match="claims.yaml"):
        load_taxonomy(config_copy)
    assert not marker.exists()


def test_load_params__python_tag_is_parameter_error_not_call(tmp_path):
    payload, marker = _exploit(tmp_path)
    path = tmp_path / "brief.yaml"
    path.write_text(f"build: x\ntitle: {payload}\n")
    with pytest.raises(ParameterError, match="brief.yaml"):
        load_params(path)
    # a -p value that is no plain YAML is taken as the literal text
    assert load_params(None, {"title": payload}).title == payload
    assert not marker.exists()


STATE = {"id": "XXX", "name": "Examplestan", "type": "state", "country": "XXX"}


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({**STATE, "id": "bad id!"}, "id 'bad id!' must be letters"),
        ({**STATE, "type": "planet"}, "type 'planet' is not one of"),
        ({**STATE, "name": ""}, "missing 'name'"),
        ({**STATE, "aliases": "Examplestan Republic"}, "'aliases' must be a list"),
        ({**STATE, "colour": "red"}, "unknown key(s) ['colour']"),
        ({**STATE, "gender": "x"}, "gender 'x' must be m or f"),
        ({**STATE, "type": "person", "roles": 5}, "'roles' must be a list of mappings"),
        ({**STATE, "type": "person", "roles": {"title": "x"}}, "'roles' must be a list"),
        (
            {**STATE, "type": "person", "roles": [{"title": "minister", "from": "May"}]},
            "role: 'May' is not a date",
        ),
        ({**STATE, "type": "person", "affiliations": "XXX"}, "'affiliations' must be a list"),
        ("just a string", "must be a mapping"),
    ],
)
def test_load_lexicon__broken_entry_names_file_entry_problem(config_copy, entry, problem):
    (config_copy / "actors.yaml").write_text(yaml.safe_dump({"actors": [STATE, entry]}))
    with pytest.raises(ConfigError) as err:
        load_lexicon(config_copy)
    message = str(err.value)
    assert "actors.yaml" in message and "entry 1" in message
    assert problem in message


def test_load_lexicon__duplicate_id_names_both_entries(config_copy):
    (config_copy / "actors.yaml").write_text(yaml.safe_dump({"actors": [STATE, STATE]}))
    with pytest.raises(ConfigError, match=r"actors.yaml: entry 1 \(XXX\): duplicate id"):
        load_lexicon(config_copy)


def _broken_taxonomy(config_copy: Path, change) -> str:
    path = config_copy / "claims.yaml"
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(ConfigError) as err:
        load_taxonomy(config_copy)
    return str(err.value)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["claims"][0].pop("proposition"), "missing one-line proposition"),
        (lambda d: d["claims"][1].update(id="Bad Id"), "claims[1]: id 'Bad Id' must be"),
        (lambda d: d["claims"][0].update(rules=[]), "rules must be a non-empty list"),
        (
            lambda d: d["claims"][0]["rules"][0].update(all=["no_such_group"]),
            "unknown term group 'no_such_group'",
        ),
        (lambda d: d["terms"].update(broken=["re:(unclosed"]), "terms.broken: bad regular"),
        (lambda d: d["terms"].update(broken=[True]), "terms.broken: term True is a YAML boolean"),
        (lambda d: d.update(extra=1), "unknown top-level keys ['extra']"),
        (lambda d: d["claims"].append(dict(d["claims"][0])), "duplicate claim ids"),
    ],
)
def test_load_taxonomy__broken_entry_names_file_entry_problem(config_copy, change, expected):
    message = _broken_taxonomy(config_copy, change)
    assert message.startswith("claims.yaml: ")
    assert expected in message
    if "claims[" in expected or "proposition" in expected or "rules must" in expected:
        assert "claims[" in message  # the entry is named


def test_load_taxonomy__not_yaml_names_the_file(config_copy):
    (config_copy / "claims.yaml").write_text("claims: [unclosed\n")
    with pytest.raises(ConfigError, match="claims.yaml: not valid YAML"):
        load_taxonomy(config_copy)


@pytest.mark.parametrize(
    "build",
    ["../../etc", "..", "../reports", "/etc", "/tmp/x", "a/../b", "a/b", "", " ", "sample\n",
     ".hidden", "~", "nul\x00", "UPPER", "x" * 65, None, 7],
)  # fmt: skip
def test_make_params__build_name_cannot_leave_the_output_folders(build):
    with pytest.raises(ParameterError, match="parameter 'build'"):
        make_params({"build": build})


def test_load_params__build_name_from_file_and_override_checked(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("build: ../../etc\n")
    with pytest.raises(ParameterError, match=r"p.yaml: parameter 'build'"):
        load_params(path)
    with pytest.raises(ParameterError, match="parameter 'build'"):
        load_params(None, {"build": "../x"})


@pytest.mark.parametrize("name", ["output_root", "notebooks_dir", "reports", "figures"])
def test_load_params__output_locations_not_settable_from_a_file(tmp_path, name):
    path = tmp_path / "p.yaml"
    path.write_text(f"build: ok\n{name}: /etc\n")
    with pytest.raises(ParameterError, match=f"unknown parameter '{name}'"):
        load_params(path)


def test_cli_build__traversing_build_name_writes_nothing(tmp_path):
    import subprocess
    import sys

    from newsbrief.paths import FIGURES_DIR, PROJECT_ROOT, REPORTS_DIR

    before = {p: set(p.iterdir()) if p.exists() else set() for p in (REPORTS_DIR, FIGURES_DIR)}
    done = subprocess.run(
        [sys.executable, "-m", "newsbrief", "build", "params/sample.yaml", "-p", "build",
         "../../escaped"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode != 0
    assert "parameter 'build'" in done.stderr
    assert not (PROJECT_ROOT.parent / "escaped").exists()
    after = {p: set(p.iterdir()) if p.exists() else set() for p in (REPORTS_DIR, FIGURES_DIR)}
    assert after == before
