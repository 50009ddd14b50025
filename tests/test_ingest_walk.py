import os

from newsbrief.ingest_walk import find_inputs


def test_find_inputs__kinds_and_relative_paths(tmp_path):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("x")
    for name in ("a.txt", "sub/b.csv", "metadata.csv", "README.md", "x.docx", "SOURCE.txt"):
        (root / name).write_text("text")
    found = {f.input_path: f for f in find_inputs([root], 10**6)}
    assert found["corpus/a.txt"].kind == "article"
    assert found["corpus/sub/b.csv"].kind == "table"
    assert found["corpus/metadata.csv"].kind == "metadata"
    assert found["corpus/README.md"].reason == "documentation file (.md)"
    assert found["corpus/SOURCE.txt"].reason == "documentation file (.txt)"
    assert found["corpus/x.docx"].reason == "unsupported file type .docx"
    assert found["corpus/.git"].reason == "hidden directory (not read)"
    assert "corpus/.git/config" not in found
    assert all(not p.startswith("/") for p in found)


def test_find_inputs__same_name_from_two_folders_kept_apart(tmp_path):
    for d in ("one", "two"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "a.txt").write_text(d)
    found = find_inputs([tmp_path / "one" / "a.txt", tmp_path / "two" / "a.txt"], 10**6)
    assert [f.input_path for f in found] == ["a.txt", "a.txt#2"]


def test_find_inputs__symlinked_directory_not_followed(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "c" / "linked")
    found = find_inputs([tmp_path / "c"], 10**6)
    assert [(f.input_path, f.reason) for f in found] == [
        ("c/linked", "symlinked directory (not followed)")
    ]
