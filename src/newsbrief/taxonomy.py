"""The claim taxonomy: which propositions to look for and the words that signal them.

Read from ``config/claims.yaml`` (see the comments at its top for the pattern language):
named term groups, claims made of rules over those groups, and a ``language`` section of
generic cue lists (reporting verbs, denial phrases, hedges ...). Everything story- or
language-specific lives in the file, so another story or language is a new file.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from newsbrief import paths
from newsbrief.configfile import read_config_yaml
from newsbrief.errors import ConfigError

STANCES = ("assert", "deny")
LANGUAGE_KEYS = (
    "assert_verbs",
    "deny_verbs",
    "source_phrases",
    "claim_nouns",
    "denial_nouns",
    "denial_phrases",
    "negations",
    "negation_exceptions",
    "evasions",
    "hedges",
    "conditionals",
    "modal_narration",
    "passive_aux",
    "speaker_fillers",
    "role_nouns",
    "pronouns_person",
    "pronouns_group",
    "anaphora",
)
DEFAULT_WITHIN = 200  # characters around the anchor where a rule's other groups must occur
_RULE_KEYS = {"all", "unless", "within", "context"}
_CLAIM_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Rule:
    """One way a claim shows in a sentence: every ``all`` group matches, no ``unless`` one."""

    all: tuple[re.Pattern, ...]
    unless: tuple[re.Pattern, ...] = ()
    within: int = DEFAULT_WITHIN
    borrowable: tuple[bool, ...] = ()  # per non-anchor group: may come from the context


@dataclass(frozen=True)
class ClaimSpec:
    """A claim of the taxonomy with its compiled rules."""

    claim_id: str
    proposition: str
    rules: tuple[Rule, ...]
    deny_cues: re.Pattern | None
    stances: tuple[str, ...]
    examples: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Taxonomy:
    """A loaded claim taxonomy.

    Attributes:
        version: short content hash of the file, recorded with outputs.
        claims: one row per claim (claim_id, proposition).
        specs: the compiled claims, in file order.
        language: one compiled pattern per ``language`` key (see LANGUAGE_KEYS).
        source: the file it was read from (for messages).
    """

    version: str
    claims: pd.DataFrame
    specs: tuple[ClaimSpec, ...]
    language: dict[str, re.Pattern] = field(repr=False)
    source: str = ""


_SPACE, _WILD, _END = "\x00space", "\x00wild", "\x00end"


def _term_units(term: str) -> tuple[list[str], bool, bool, bool]:
    """Split a plain term into trie units; return ``(units, case_sensitive, left, right)``.

    A unit is one literal character, a run of spaces or hyphens, or the trailing wildcard.
    ``left``/``right``: whether the term needs a word boundary on that side.
    """
    case_sensitive = term == term.upper() and any(c.isalpha() for c in term)
    wildcard = term.endswith("*")
    body = term[:-1] if wildcard else term
    parts = [p for p in re.split(r"[\s-]+", body.strip()) if p]
    units = []
    for k, part in enumerate(parts):
        if k:
            units.append(_SPACE)
        units.extend(part if case_sensitive else part.lower())
    if wildcard:
        units.append(_WILD)
    left = body[:1].isalnum() or body[:1] == "_"
    right = wildcard or body[-1:].isalnum()
    return units, case_sensitive, left, right


def _trie_regex(node: dict) -> str:
    """A regular expression matching every term in the trie ``node``, longer ones first."""
    alternatives = []
    for unit in sorted(k for k in node if k != _END):
        if unit == _SPACE:
            rx = r"[\s\-]+"
        elif unit == _WILD:
            rx = r"[\w\-]*"
        else:
            rx = re.escape(unit)
        alternatives.append(rx + _trie_regex(node[unit]))
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    return f"(?:{body})?" if _END in node else body


def compile_terms(terms: list, where: str) -> re.Pattern:
    """Compile a list of terms into one pattern; ``where`` names the entry in errors.

    Plain terms are merged into character tries (one per case rule and word-boundary
    need), which keeps matching fast with hundreds of terms; ``re:`` terms are tried first.
    """
    if not isinstance(terms, list) or not terms:
        raise ConfigError(f"{where}: expected a non-empty list of terms")
    alternatives, tries = [], {}
    for term in terms:
        if isinstance(term, bool):
            raise ConfigError(f"{where}: term {term!r} is a YAML boolean: quote it ('on', 'no')")
        if not isinstance(term, str | int) or not str(term).strip():
            raise ConfigError(f"{where}: term {term!r} is not a non-empty string")
        term = str(term)
        if term.startswith("re:"):
            try:
                re.compile(term[3:])
            except re.error as exc:
                raise ConfigError(f"{where}: bad regular expression {term!r}: {exc}") from exc
            alternatives.append(f"(?i:{term[3:]})")
            continue
        units, case_sensitive, left, right = _term_units(term)
        node = tries.setdefault((case_sensitive, left, right), {})
        for unit in units:
            node = node.setdefault(unit, {})
        node[_END] = {}
    for (case_sensitive, left, right), trie in sorted(tries.items()):
        rx = (r"(?<![\w])" if left else "") + _trie_regex(trie) + (r"(?![\w])" if right else "")
        alternatives.append(rx if case_sensitive else f"(?i:{rx})")
    return re.compile("|".join(alternatives))


def _group(ref, terms: dict, where: str) -> re.Pattern:
    if isinstance(ref, str):
        if ref not in terms:
            raise ConfigError(f"{where}: unknown term group {ref!r}")
        return terms[ref]
    return compile_terms(ref, where)


def _parse_rule(rule, terms: dict, where: str) -> Rule:
    if not isinstance(rule, dict) or not isinstance(rule.get("all"), list) or not rule["all"]:
        raise ConfigError(f"{where}: needs a non-empty 'all' list of term groups")
    if set(rule) - _RULE_KEYS:
        raise ConfigError(f"{where}: unknown keys {sorted(set(rule) - _RULE_KEYS)}")
    groups = tuple(_group(g, terms, where) for g in rule["all"])
    within = rule.get("within", DEFAULT_WITHIN)
    if not isinstance(within, int) or isinstance(within, bool) or within <= 0:
        raise ConfigError(f"{where}: within must be a positive number of characters")
    context = rule.get("context") or []
    named = [g for g in rule["all"][1:] if isinstance(g, str)]
    if not isinstance(context, list) or set(context) - set(named):
        raise ConfigError(f"{where}: context must list group names of 'all' after the anchor")
    return Rule(
        all=groups,
        unless=tuple(_group(g, terms, where) for g in rule.get("unless") or []),
        within=within,
        borrowable=tuple(isinstance(g, str) and g in context for g in rule["all"][1:]),
    )


def _parse_claim(entry, terms: dict, where: str) -> ClaimSpec:
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: expected a mapping with id, proposition and rules")
    claim_id = entry.get("id")
    if not isinstance(claim_id, str) or not _CLAIM_ID.match(claim_id):
        raise ConfigError(f"{where}: id {claim_id!r} must be a lower_case identifier")
    where = f"{where} ({claim_id})"
    proposition = entry.get("proposition")
    if not isinstance(proposition, str) or not proposition.strip():
        raise ConfigError(f"{where}: missing one-line proposition")
    unknown = set(entry) - {"id", "proposition", "rules", "deny_cues", "stances", "examples"}
    if unknown:
        raise ConfigError(f"{where}: unknown keys {sorted(unknown)}")
    rules = entry.get("rules")
    if not isinstance(rules, list) or not rules:
        raise ConfigError(f"{where}: rules must be a non-empty list")
    compiled = [_parse_rule(rule, terms, f"{where} rule {j}") for j, rule in enumerate(rules)]
    stances = entry.get("stances", list(STANCES))
    if not isinstance(stances, list) or not stances or set(stances) - set(STANCES):
        raise ConfigError(f"{where}: stances must be a list drawn from {list(STANCES)}")
    deny_cues = entry.get("deny_cues")
    examples = []
    for j, ex in enumerate(entry.get("examples") or []):
        if not isinstance(ex, dict) or not isinstance(ex.get("text"), str):
            raise ConfigError(f"{where} example {j}: needs text and stance")
        if ex.get("stance") not in STANCES:
            raise ConfigError(f"{where} example {j}: stance must be one of {list(STANCES)}")
        examples.append((ex["text"], ex["stance"]))
    return ClaimSpec(
        claim_id=claim_id,
        proposition=" ".join(proposition.split()),
        rules=tuple(compiled),
        deny_cues=compile_terms(deny_cues, f"{where} deny_cues") if deny_cues else None,
        stances=tuple(stances),
        examples=tuple(examples),
    )


def parse_taxonomy(data, source: str = "claims.yaml", version: str = "") -> Taxonomy:
    """Validate and compile an already-parsed taxonomy document.

    Raises:
        ConfigError: naming ``source``, the entry and the problem.
    """
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping with terms, claims and language")
    unknown = set(data) - {"terms", "claims", "language"}
    if unknown:
        raise ConfigError(f"{source}: unknown top-level keys {sorted(unknown)}")
    raw_terms = data.get("terms") or {}
    if not isinstance(raw_terms, dict):
        raise ConfigError(f"{source}: terms must map group names to lists of terms")
    terms = {name: compile_terms(t, f"{source}: terms.{name}") for name, t in raw_terms.items()}
    raw_claims = data.get("claims")
    if not isinstance(raw_claims, list) or not raw_claims:
        raise ConfigError(f"{source}: claims must be a non-empty list")
    specs = [_parse_claim(e, terms, f"{source}: claims[{i}]") for i, e in enumerate(raw_claims)]
    ids = [s.claim_id for s in specs]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ConfigError(f"{source}: duplicate claim ids {dupes}")
    raw_language = data.get("language")
    if not isinstance(raw_language, dict):
        raise ConfigError(f"{source}: missing language section")
    missing = [k for k in LANGUAGE_KEYS if k not in raw_language]
    if missing:
        raise ConfigError(f"{source}: language section lacks {missing}")
    language = {k: compile_terms(raw_language[k], f"{source}: language.{k}") for k in LANGUAGE_KEYS}
    claims = pd.DataFrame(
        {
            "claim_id": pd.Series(ids, dtype="str"),
            "proposition": pd.Series([s.proposition for s in specs], dtype="str"),
        }
    )
    return Taxonomy(
        version=version, claims=claims, specs=tuple(specs), language=language, source=source
    )


def load_taxonomy(config_dir: Path | None = None) -> Taxonomy:
    """Load and validate ``claims.yaml`` from ``config_dir`` (default ``paths.CONFIG_DIR``).

    Raises:
        ConfigError: the file is missing, not YAML, or an entry is invalid.
    """
    path = Path(config_dir or paths.CONFIG_DIR) / paths.CLAIMS_FILE
    data, version = read_config_yaml(path, "claim taxonomy")
    return parse_taxonomy(data, source=path.name, version=version)
