import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from newsbrief.storage import read_table, write_table


def test_write_table__round_trips(tmp_path):
    df = pd.DataFrame({"article_id": ["a", "b"], "word_count": [3, 5]})
    path = write_table(df, tmp_path / "sub" / "t.parquet")
    assert_frame_equal(read_table(path), df)
    assert [p.name for p in path.parent.iterdir()] == ["t.parquet"]


def test_write_table__failure_keeps_previous_file(tmp_path):
    target = tmp_path / "t.parquet"
    write_table(pd.DataFrame({"x": [1]}), target)
    with pytest.raises((TypeError, ValueError)):  # pyarrow cannot store a bare object
        write_table(pd.DataFrame({"x": [object()]}), target)
    assert read_table(target)["x"].tolist() == [1]
    assert [p.name for p in tmp_path.iterdir()] == ["t.parquet"]


def test_read_table__folder_of_parts_and_selected_columns(tmp_path):
    folder = tmp_path / "mentions.parquet"
    write_table(pd.DataFrame({"article_id": ["a"], "text": ["x"]}), folder / "part-00000.parquet")
    write_table(pd.DataFrame({"article_id": ["b"], "text": ["y"]}), folder / "part-00001.parquet")
    df = read_table(folder, columns=["article_id"])
    assert df["article_id"].tolist() == ["a", "b"]
    assert list(df.columns) == ["article_id"]


def test_write_table__readable_by_others(tmp_path):
    path = write_table(pd.DataFrame({"x": [1]}), tmp_path / "t.parquet")
    assert path.stat().st_mode & 0o777 == 0o644
