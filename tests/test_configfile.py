import pytest

from newsbrief.configfile import read_config_yaml
from newsbrief.errors import ConfigError


def test_read_config_yaml__returns_data_and_content_version(tmp_path):
    path = tmp_path / "actors.yaml"
    path.write_text("actors: [{id: IRN}]\n")
    data, version = read_config_yaml(path, "actor lexicon")
    assert data == {"actors": [{"id": "IRN"}]}
    assert len(version) == 12
    path.write_text("actors: [{id: RUS}]\n")
    assert read_config_yaml(path, "actor lexicon")[1] != version


def test_read_config_yaml__missing_file_names_file_and_kind(tmp_path):
    with pytest.raises(ConfigError, match=r"claims\.yaml: cannot read the claim taxonomy"):
        read_config_yaml(tmp_path / "claims.yaml", "claim taxonomy")


def test_read_config_yaml__python_tag_is_an_error_not_run(tmp_path):
    path = tmp_path / "claims.yaml"
    path.write_text("x: !!python/object/apply:os.system ['touch pwned']\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        read_config_yaml(path, "claim taxonomy")
    assert not (tmp_path / "pwned").exists()
