"""Exceptions raised by newsbrief. Every one derives from :class:`NewsbriefError`.

The CLI turns any ``NewsbriefError`` into a one-line message and exit code 2; anything
else is a bug and keeps its traceback.
"""


class NewsbriefError(Exception):
    """Base class for every error newsbrief raises on purpose."""


class InputError(NewsbriefError):
    """The input corpus cannot be used (for example: no usable article at all)."""


class ConfigError(NewsbriefError):
    """A lexicon, taxonomy or parameter file is invalid; the message names file and entry."""


class ParameterError(ConfigError):
    """A briefing parameter is unknown or invalid; the message names it."""


class BuildError(NewsbriefError):
    """Building the briefing failed; the message names the notebook and cell."""
