"""Reading the story's configuration files (actor lexicon, claim taxonomy) safely.

One place for what every config file needs: ``yaml.safe_load`` only (a YAML tag never
constructs an object), errors that name the file, and a short content hash as its version.
"""

import hashlib
from pathlib import Path

import yaml

from newsbrief.errors import ConfigError


def read_config_yaml(path: Path, what: str) -> tuple[object, str]:
    """Return the parsed YAML of ``path`` and its version (12 hex digits of its SHA-256).

    Raises:
        ConfigError: the file cannot be read or is not YAML; the message names the file and
            says ``what`` it was meant to be.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the {what} ({exc.strerror})") from exc
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    return data, hashlib.sha256(raw).hexdigest()[:12]
