"""The extraction pipeline: articles -> sentences -> actor mentions -> claims.

Pure functions over DataFrames; ``save_*`` functions do the writing.
"""

from pathlib import Path

import pandas as pd

from newsbrief.actors import extract_mentions
from newsbrief.actors_candidates import discover_candidates
from newsbrief.claims import extract_claims
from newsbrief.lexicon import load_lexicon
from newsbrief.sentences import split_sentences
from newsbrief.storage import write_table
from newsbrief.taxonomy import load_taxonomy


def extract_tables(
    articles: pd.DataFrame, config_dir: Path | None = None
) -> dict[str, pd.DataFrame]:
    """Run sentence splitting, actor and claim extraction over ``articles``.

    Every article row is extracted, duplicates included (a syndicated copy still says
    what it says); aggregations drop duplicates later, using ``articles.status``.

    Returns:
        ``sentences``, ``mentions``, ``claims`` and ``candidates`` tables.
    """
    lexicon = load_lexicon(config_dir)
    taxonomy = load_taxonomy(config_dir)
    sentences = split_sentences(articles)
    mentions = extract_mentions(sentences, articles, lexicon)
    claims = extract_claims(sentences, mentions, articles, taxonomy, lexicon)
    candidates = discover_candidates(sentences, mentions, lexicon)
    return {
        "sentences": sentences,
        "mentions": mentions,
        "claims": claims,
        "candidates": candidates,
    }


def save_tables(tables: dict[str, pd.DataFrame], out_dir: Path) -> list[Path]:
    """Write each table as ``<name>.parquet`` in ``out_dir``; return the paths written."""
    return [write_table(df, Path(out_dir) / f"{name}.parquet") for name, df in tables.items()]
