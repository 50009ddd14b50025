"""Every project path, derived once from the project root.

Data moves one way: ``data/raw`` (read-only input) -> ``data/interim`` (normalised
articles and the ingest log) -> ``data/processed`` (mentions, claims, counts) ->
``figures`` -> ``reports``. Generated folders may be deleted at any time.
"""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]

CONFIG_DIR = PROJECT_ROOT / "config"
DATA_DIR = PROJECT_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
INTERIM_DIR = DATA_DIR / "interim"
PROCESSED_DIR = DATA_DIR / "processed"
EXTERNAL_DIR = DATA_DIR / "external"
FIGURES_DIR = PROJECT_ROOT / "figures"
REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
PARAMS_DIR = PROJECT_ROOT / "params"

ACTORS_FILE = "actors.yaml"
CLAIMS_FILE = "claims.yaml"
