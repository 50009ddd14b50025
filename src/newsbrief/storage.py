"""Reading and writing tables at the edges of the pipeline.

Writes are atomic: a table is written to a temporary file beside its target and moved
into place only when complete, so an interrupted run never leaves a truncated file. A
large corpus's tables are folders of part files (:mod:`newsbrief.engine` writes them to a
staging folder and moves each folder into place when complete); :func:`read_table` reads
both forms.
"""

import os
import tempfile
from pathlib import Path

import pandas as pd


def write_table(df: pd.DataFrame, path: Path) -> Path:
    """Write ``df`` as Parquet to ``path`` atomically and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    os.chmod(tmp, 0o644)  # mkstemp makes owner-only files; tables are for every reader
    try:
        df.to_parquet(tmp, index=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_table(path: Path, columns: list[str] | None = None) -> pd.DataFrame:
    """Read a Parquet table: one file, or a folder of part files (a large corpus's tables).

    Args:
        path: the ``<name>.parquet`` file or folder.
        columns: read only these columns (leave out ``text`` and ``raw_text`` to load a
            million articles' table in a few hundred MB).
    """
    return pd.read_parquet(Path(path), columns=columns)
