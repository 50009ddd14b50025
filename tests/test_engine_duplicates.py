import numpy as np

from newsbrief import engine_duplicates
from newsbrief.engine_duplicates import _cross_pairs, _fingerprints
from newsbrief.ingest_dedupe import near_signatures
from newsbrief.text import content_hash

LEAD = " ".join(f"Line {i} of the wire story says drones were seen over the port of {i}."
                for i in range(30))  # fmt: skip
OTHER = " ".join(f"Paragraph {i} covers grain prices and freight insurance in town {i}."
                 for i in range(30))  # fmt: skip
EDITED = LEAD.replace("port of 7.", "harbour of seven.") + " Updated with the ministry's reply."


def _inputs(texts, groups):
    signatures = near_signatures(texts)
    hashes = np.asarray([content_hash(t) for t in texts], dtype=np.bytes_)
    return signatures, np.asarray(groups), np.zeros(len(texts), dtype=bool), _fingerprints(hashes)


def test_fingerprints__hex_content_hashes_as_integers():
    hashes = np.asarray(["00000000000000ff", "8000000000000001"], dtype=np.bytes_)

    assert _fingerprints(hashes).tolist() == [255, 2**63 + 1]


def test_cross_pairs__finds_the_edited_copy_in_another_chunk(tmp_path):
    signatures, group, skip, prints = _inputs([LEAD, OTHER, EDITED], [0, 0, 1])

    pairs = _cross_pairs(signatures, group, skip, prints, tmp_path / "v.npz")

    assert pairs.tolist() == [[0, 2]]


def test_cross_pairs__verdicts_of_known_pairs_are_read_back(tmp_path, monkeypatch):
    path = tmp_path / "v.npz"
    signatures, group, skip, prints = _inputs([LEAD, OTHER, EDITED], [0, 0, 1])
    _cross_pairs(signatures, group, skip, prints, path)
    checked = []

    def counting(signatures, a, c):
        checked.append(len(a))
        return np.zeros(len(a), dtype=bool)

    monkeypatch.setattr(engine_duplicates, "near_verdicts", counting)
    # The same texts in other positions (a new article first): the pair is known by text.
    signatures, group, skip, prints = _inputs(["A short new note.", LEAD, OTHER, EDITED],
                                              [0, 1, 1, 2])  # fmt: skip
    pairs = _cross_pairs(signatures, group, skip, prints, path)

    assert pairs.tolist() == [[1, 3]]
    assert sum(checked) == 0


def test_cross_pairs__new_pairs_are_checked_and_saved(tmp_path):
    path = tmp_path / "v.npz"
    signatures, group, skip, prints = _inputs([LEAD, OTHER], [0, 1])
    assert _cross_pairs(signatures, group, skip, prints, path).tolist() == []

    signatures, group, skip, prints = _inputs([LEAD, OTHER, EDITED], [0, 1, 2])
    pairs = _cross_pairs(signatures, group, skip, prints, path)

    assert pairs.tolist() == [[0, 2]]
    with np.load(path) as saved:
        assert saved["near"].tolist().count(True) == 1
