"""Reading and writing tables at the edges of the pipeline.

Writes are atomic: a table is written to a temporary file beside its target and moved
into place only when complete, so an interrupted run never leaves a truncated file.
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
    try:
        df.to_parquet(tmp, index=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read_table(path: Path) -> pd.DataFrame:
    """Read a Parquet table written by :func:`write_table`."""
    return pd.read_parquet(Path(path))
