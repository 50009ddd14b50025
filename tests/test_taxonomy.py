import re
import shutil

import pytest
import yaml

from newsbrief import paths
from newsbrief.errors import ConfigError
from newsbrief.taxonomy import compile_terms, load_taxonomy, parse_taxonomy

DEFAULT_IDS = [
    "drone_supply",
    "drone_use",
    "drone_production",
    "resolution_2231_violation",
    "un_investigation",
    "expert_talks",
    "pre_war_transfer",
]


def _default_doc():
    return yaml.safe_load((paths.CONFIG_DIR / paths.CLAIMS_FILE).read_text())


def test_load_taxonomy__default_file_has_the_seven_claims():
    tax = load_taxonomy()
    assert tax.claims["claim_id"].tolist() == DEFAULT_IDS
    assert tax.claims["proposition"].str.len().gt(10).all()
    assert re.fullmatch(r"[0-9a-f]{12}", tax.version)
    assert not tax.claims["claim_id"].duplicated().any()


def test_load_taxonomy__version_follows_content(tmp_path):
    shutil.copy(paths.CONFIG_DIR / paths.CLAIMS_FILE, tmp_path / paths.CLAIMS_FILE)
    first = load_taxonomy(tmp_path).version
    with open(tmp_path / paths.CLAIMS_FILE, "a") as fh:
        fh.write("\n# edited\n")
    assert load_taxonomy(tmp_path).version != first
    assert load_taxonomy().version == load_taxonomy().version


def test_load_taxonomy__missing_file_names_it(tmp_path):
    with pytest.raises(ConfigError, match="claims.yaml"):
        load_taxonomy(tmp_path)


def test_load_taxonomy__invalid_yaml(tmp_path):
    (tmp_path / paths.CLAIMS_FILE).write_text("claims: [unclosed\n")
    with pytest.raises(ConfigError, match="claims.yaml: not valid YAML"):
        load_taxonomy(tmp_path)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d["claims"][0]["rules"][0].update(all=["no_such_group"]), "unknown term group"),
        (lambda d: d["claims"].append(dict(d["claims"][0])), "duplicate claim ids"),
        (lambda d: d["claims"][1].pop("proposition"), r"claims\[1\] \(drone_use\).*proposition"),
        (lambda d: d["claims"][0].update(rules=[]), "rules must be a non-empty list"),
        (lambda d: d["claims"][0].update(id="Drone Supply"), "lower_case identifier"),
        (lambda d: d["claims"][0].update(colour="red"), "unknown keys"),
        (lambda d: d["claims"][0].update(stances=["maybe"]), "stances must be"),
        (lambda d: d["claims"][0]["examples"].append({"text": "x", "stance": "?"}), "example"),
        (lambda d: d["terms"].update(drone=["re:(unclosed"]), "terms.drone: bad regular"),
        (lambda d: d["terms"].update(drone=[]), "terms.drone: expected a non-empty list"),
        (lambda d: d["terms"].update(drone=[True]), "YAML boolean: quote it"),
        (lambda d: d["language"].pop("hedges"), r"language section lacks \['hedges'\]"),
        (lambda d: d.pop("language"), "missing language section"),
        (lambda d: d.update(extra=1), "unknown top-level keys"),
        (lambda d: d["claims"][0]["rules"][0].update(within=0), "within must be a positive"),
        (lambda d: d["claims"][0]["rules"][0].update(context=["supply_verb"]), "context must"),
    ],
)
def test_parse_taxonomy__invalid_entry_is_named(edit, message):
    doc = _default_doc()
    edit(doc)
    with pytest.raises(ConfigError, match=message):
        parse_taxonomy(doc, source="claims.yaml")


def test_compile_terms__wildcard_hyphen_case_and_regex():
    rx = compile_terms(["suppl*", "Iranian made", "UN", "re:\\b2231\\b"], "t")
    assert rx.search("Tehran supplied them") and rx.search("the suppliers")
    assert rx.search("Iranian-made drones") and rx.search("Iranian  made")
    assert rx.search("the UN said") and not rx.search("an un-named official")
    assert rx.search("resolution 2231.") and not rx.search("resolution 22310")
    assert not compile_terms(["sent"], "t").search("consent")
