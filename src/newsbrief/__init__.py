"""newsbrief: turn a pile of news articles into a trustworthy, shareable briefing."""

__version__ = "0.1.0"
__all__ = ["__version__"]
