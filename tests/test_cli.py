import pytest

from newsbrief.cli import build_parser, main


def test_main__help_lists_commands(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for command in ("ingest", "extract"):
        assert command in out


def test_build_parser__extract_requires_out():
    with pytest.raises(SystemExit):
        build_parser().parse_args(["extract", "data/raw"])
