"""newsbrief: turn a pile of news articles into a trustworthy, shareable briefing."""

from newsbrief.ingest import load_articles

__version__ = "0.1.0"
__all__ = ["__version__", "load_articles"]
