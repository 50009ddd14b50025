"""The actor lexicon: states, organisations, people, media and instruments, from YAML.

``config/actors.yaml`` is configuration a user extends for their own story (its header
documents the format). :func:`load_lexicon` validates it and expands every entry into
the surface forms the matcher looks for: names and aliases with their spelling variants,
adjectives and demonyms, capitals, and role phrases valid for a period ("Iran's foreign
minister" from 2021-08 to 2024-05). Matching itself lives in :mod:`newsbrief.actors`.
"""

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from newsbrief import paths
from newsbrief.configfile import read_config_yaml
from newsbrief.errors import ConfigError

ACTOR_TYPES = ("state", "person", "organisation", "media", "group", "instrument")
ALIAS_KINDS = ("name", "alias", "adjective", "demonym", "capital", "role", "ignore")
ACTOR_COLUMNS = ["actor_id", "name", "type", "country", "gender"]
ALIAS_COLUMNS = ["alias", "actor_id", "kind", "valid_from", "valid_to", "role_of", "ambiguous"]
AFFILIATION_COLUMNS = ["actor_id", "country", "valid_from", "valid_to"]

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_STATE_CODE = re.compile(r"^[A-Z]{3}$")
_ORG_CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,15}$")
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_KNOWN_KEYS = {
    "id", "name", "type", "country", "aliases", "adjectives", "demonyms", "capitals",
    "roles", "affiliations", "gender",
}  # fmt: skip
_ROLE_KEYS = {"title", "phrase", "from", "to", "of"}
_LONG_FORM_WORDS = 4  # names longer than this are not combined with role titles


@dataclass
class Lexicon:
    """A validated actor lexicon.

    Attributes:
        actors: one row per actor (actor_id, name, type, country, gender).
        aliases: one row per (alias, actor_id, valid_from) surface form to match; kind is
            name, alias, adjective, demonym, capital, role or ignore (actor_id null); roles
            carry their period (valid_from/valid_to, padded YYYY-MM-DD bounds) and the code
            of the state/organisation they belong to (role_of). ``ambiguous`` marks aliases
            listed under ``ambiguous:`` (also a person's or another place's name: "Jordan",
            "Georgia"), counted only when the article names the actor another way too.
        affiliations: dated changes of a person's state/organisation.
        version: short hash of the lexicon's content.
        source: the file it was read from (for messages).
        cache: compiled matchers, filled lazily by :mod:`newsbrief.actors`.
    """

    actors: pd.DataFrame
    aliases: pd.DataFrame
    affiliations: pd.DataFrame
    version: str
    source: str = "actors.yaml"
    cache: dict = field(default_factory=dict, repr=False, compare=False)


def load_lexicon(config_dir: Path | None = None) -> Lexicon:
    """Read and validate ``actors.yaml`` from ``config_dir`` (default: the project's config/).

    Raises:
        ConfigError: the file is missing, is not YAML, or an entry is invalid; the message
            names the file, the entry and the problem.
    """
    path = Path(config_dir if config_dir is not None else paths.CONFIG_DIR) / paths.ACTORS_FILE
    data, version = read_config_yaml(path, "actor lexicon")
    return parse_lexicon(data, source=path.name, version=version)


def parse_lexicon(data: object, source: str = "actors.yaml", version: str | None = None) -> Lexicon:
    """Validate a lexicon already read from YAML (a mapping with an ``actors`` list)."""
    if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
        raise ConfigError(f"{source}: expected a mapping with an 'actors:' list")
    entries = data["actors"]
    actors = [_check_entry(entry, i, source) for i, entry in enumerate(entries)]
    ids = [a["id"] for a in actors]
    seen: dict[str, int] = {}
    for i, actor_id in enumerate(ids):
        if actor_id in seen:
            raise ConfigError(
                f"{source}: entry {i} ({actor_id}): duplicate id (also entry {seen[actor_id]})"
            )
        seen[actor_id] = i
    codes = {a["id"] for a in actors if a.get("country") == a["id"]}
    by_id = {a["id"]: a for a in actors}
    for i, actor in enumerate(actors):
        _check_codes(actor, i, codes, source)
    alias_rows = []
    for actor in actors:
        alias_rows += _alias_rows(actor, by_id)
    ignore = data.get("ignore") or []
    if not isinstance(ignore, list) or not all(isinstance(x, str) and x.strip() for x in ignore):
        raise ConfigError(f"{source}: 'ignore' must be a list of phrases")
    alias_rows += [(v, None, "ignore", None, None, None) for p in ignore for v in alias_variants(p)]
    ambiguous = data.get("ambiguous") or []
    if not isinstance(ambiguous, list) or not all(isinstance(x, str) for x in ambiguous):
        raise ConfigError(f"{source}: 'ambiguous' must be a list of aliases")
    unsure = {v for a in ambiguous for v in alias_variants(a)}
    alias_rows = [(*row, row[0] in unsure) for row in alias_rows]
    aliases = pd.DataFrame(alias_rows, columns=ALIAS_COLUMNS).drop_duplicates(
        ["alias", "actor_id", "valid_from"], ignore_index=True
    )
    _check_alias_clashes(aliases, source)
    table = pd.DataFrame(
        [[a["id"], a["name"], a["type"], a.get("country"), a.get("gender")] for a in actors],
        columns=ACTOR_COLUMNS,
    )
    assert table["actor_id"].is_unique
    affiliations = pd.DataFrame(
        [
            (a["id"], f["country"], _bound(f.get("from"), False), _bound(f.get("to"), True))
            for a in actors
            for f in a.get("affiliations") or []
        ],
        columns=AFFILIATION_COLUMNS,
    )
    if version is None:
        version = hashlib.sha256(repr(data).encode()).hexdigest()[:12]
    return Lexicon(table, aliases, affiliations, version, source)


def _fail(source: str, index: int, entry: object, problem: str) -> ConfigError:
    name = entry.get("id") if isinstance(entry, dict) else None
    label = f"entry {index} ({name})" if name else f"entry {index}"
    return ConfigError(f"{source}: {label}: {problem}")


def _str_list(entry: dict, key: str, source: str, index: int) -> list[str]:
    value = entry.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(source, index, entry, f"'{key}' must be a list of non-empty strings")
    return [v.strip() for v in value]


def _date_text(value: object, where: str, source: str, index: int, entry: dict) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):  # YAML reads 2022-05-01 as a date
        value = value.isoformat()
    value = str(value)
    if not _DATE.match(value):
        raise _fail(source, index, entry, f"{where}: '{value}' is not a date YYYY[-MM[-DD]]")
    return value


def _check_entry(entry: object, index: int, source: str) -> dict:
    """Return a cleaned copy of one lexicon entry or raise a ConfigError naming it."""
    if not isinstance(entry, dict):
        raise _fail(source, index, entry, "must be a mapping with id, name, type, country")
    unknown = set(entry) - _KNOWN_KEYS
    if unknown:
        raise _fail(source, index, entry, f"unknown key(s) {sorted(unknown)}")
    actor_id, name, kind = entry.get("id"), entry.get("name"), entry.get("type")
    if not isinstance(actor_id, str) or not _ID.match(actor_id):
        raise _fail(source, index, entry, f"id {actor_id!r} must be letters, digits, _ . -")
    if not isinstance(name, str) or not name.strip():
        raise _fail(source, index, entry, "missing 'name'")
    if kind not in ACTOR_TYPES:
        raise _fail(source, index, entry, f"type {kind!r} is not one of {', '.join(ACTOR_TYPES)}")
    out = {"id": actor_id, "name": name.strip(), "type": kind, "country": entry.get("country")}
    for key in ("aliases", "adjectives", "demonyms", "capitals"):
        out[key] = _str_list(entry, key, source, index)
    if kind != "state" and (out["adjectives"] or out["demonyms"] or out["capitals"]):
        raise _fail(source, index, entry, "only states take adjectives, demonyms and capitals")
    gender = entry.get("gender")
    if gender not in (None, "m", "f"):
        raise _fail(source, index, entry, f"gender {gender!r} must be m or f")
    out["gender"] = gender
    for key in ("roles", "affiliations"):
        if not isinstance(entry.get(key) or [], list):
            raise _fail(source, index, entry, f"'{key}' must be a list of mappings")
    out["roles"] = [_check_role(r, source, index, entry) for r in entry.get("roles") or []]
    out["affiliations"] = []
    for period in entry.get("affiliations") or []:
        if not isinstance(period, dict) or not isinstance(period.get("country"), str):
            raise _fail(source, index, entry, "each affiliation needs a country")
        out["affiliations"].append(
            {
                "country": period["country"],
                "from": _date_text(period.get("from"), "affiliation", source, index, entry),
                "to": _date_text(period.get("to"), "affiliation", source, index, entry),
            }
        )
    return out


def _check_role(role: object, source: str, index: int, entry: dict) -> dict:
    if not isinstance(role, dict) or set(role) - _ROLE_KEYS:
        raise _fail(source, index, entry, f"role {role!r}: use title or phrase, from, to, of")
    text = role.get("title") or role.get("phrase")
    if not isinstance(text, str) or not text.strip() or ("title" in role) == ("phrase" in role):
        raise _fail(source, index, entry, f"role {role!r}: give exactly one of title or phrase")
    start = _date_text(role.get("from"), "role", source, index, entry)
    end = _date_text(role.get("to"), "role", source, index, entry)
    if start and end and _bound(start, False) > _bound(end, True):
        raise _fail(source, index, entry, f"role '{text}': period ends before it starts")
    return {
        "title" if "title" in role else "phrase": text.strip(),
        "from": start,
        "to": end,
        "of": role.get("of"),
    }


def _check_codes(actor: dict, index: int, codes: set[str], source: str) -> None:
    kind, country = actor["type"], actor["country"]
    if kind == "state":
        if country != actor["id"] or not _STATE_CODE.match(actor["id"]):
            raise _fail(
                source, index, actor, "a state's id and country must be its ISO alpha-3 code"
            )
        return
    if country is None:
        if kind in ("organisation", "group", "instrument"):
            return
        raise _fail(source, index, actor, f"a {kind} needs a country (state or organisation code)")
    if not isinstance(country, str) or not (_STATE_CODE.match(country) or _ORG_CODE.match(country)):
        raise _fail(source, index, actor, f"country {country!r} is not a code like IRN or UN")
    if country not in codes:
        raise _fail(
            source, index, actor, f"unknown country code '{country}' (no state or organisation "
            "entry has that id with itself as country)"
        )  # fmt: skip
    others = [r["of"] for r in actor["roles"] if r["of"]] + [
        f["country"] for f in actor["affiliations"]
    ]
    for code in others:
        if code not in codes:
            raise _fail(source, index, actor, f"unknown code '{code}' in roles/affiliations")


def _bound(date: str | None, upper: bool) -> str | None:
    """Pad a YYYY[-MM[-DD]] date so string comparison works for either end of a period."""
    if date is None:
        return None
    pad = "-99" if upper else "-00"
    while len(date) < 10:
        date += pad
    return date


def fold_accents(text: str) -> str:
    """``"Séjourné"`` -> ``"Sejourne"``; other characters unchanged."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def alias_variants(alias: str) -> list[str]:
    """Spelling variants matched for ``alias``.

    Hyphen, space, dot and apostrophe differences need no variant (the matcher treats all
    of them as a word gap); a hyphenated alias adds its one-word form (Amir-Abdollahian ->
    Amirabdollahian), an accented alias its unaccented form, and a leading "The" is made
    lower case so that "the Washington Post" matches too.
    """
    alias = alias.strip()
    if alias.startswith("The "):
        alias = "the " + alias[4:]
    out = [alias]
    if re.search(r"\w-\w", alias):
        head, *rest = alias.split("-")
        out.append(head + "".join(part[:1].lower() + part[1:] for part in rest))
    out += [fold_accents(v) for v in out if fold_accents(v) != v]
    return out


def _forms(holder: dict) -> tuple[list[str], list[str]]:
    """Names and adjectives of a state or organisation, for combining with role titles."""
    names = [holder["name"], *holder["aliases"]]
    names = [n for n in names if len(n.split()) <= _LONG_FORM_WORDS and not n.startswith("the ")]
    return names, holder.get("adjectives", [])


def role_phrases(title: str, holder: dict) -> list[str]:
    """Phrases naming a role of ``holder``: "Iranian foreign minister", "Iran's ...", etc."""
    names, adjectives = _forms(holder)
    phrases = [f"{adj} {title}" for adj in adjectives]
    for name in names:
        phrases += [f"{name} {title}", f"{name}'s {title}", f"{title} of {name}"]
        if " " in name:  # "foreign minister of the United Kingdom"
            phrases.append(f"{title} of the {name}")
    return phrases


def _alias_rows(actor: dict, by_id: dict[str, dict]) -> list[tuple]:
    rows = []
    plain = [("name", actor["name"])] + [("alias", a) for a in actor["aliases"]]
    plain += [("adjective", a) for a in actor["adjectives"]]
    plain += [("demonym", a) for a in actor["demonyms"]]
    plain += [("capital", a) for a in actor["capitals"]]
    for kind, text in plain:
        rows += [(v, actor["id"], kind, None, None, None) for v in alias_variants(text)]
    for role in actor["roles"]:
        start, end = _bound(role["from"], False), _bound(role["to"], True)
        code = role["of"] or actor["country"]
        if "phrase" in role:
            phrases = [role["phrase"]]
        else:
            holder = by_id.get(code)
            phrases = role_phrases(role["title"], holder) if holder else []
        for phrase in phrases:
            rows += [(v, actor["id"], "role", start, end, code) for v in alias_variants(phrase)]
    return rows


_NON_WORD = re.compile(r"[\W_]")


def match_key(text: str) -> str:
    """The form aliases are matched in: lower case, every non-word character a space."""
    return _NON_WORD.sub(" ", text).lower().strip()


def _check_alias_clashes(aliases: pd.DataFrame, source: str) -> None:
    """Two actors may not claim the same name/alias (roles may: they are dated)."""
    plain = aliases[aliases["kind"].isin(["name", "alias"])].copy()
    plain["key"] = [match_key(a) for a in plain["alias"]]
    plain["exact"] = plain["alias"].str.replace(r"[\W_]+", " ", regex=True)
    clashes = plain.drop_duplicates(["exact", "actor_id"])
    clashes = clashes[clashes.duplicated("exact", keep=False)]
    if not clashes.empty:
        first = clashes.sort_values(["exact", "actor_id"]).groupby("exact").head(2)
        text, ids = first["alias"].iloc[0], first["actor_id"].tolist()[:2]
        raise ConfigError(
            f"{source}: alias '{text}' is given to more than one actor ({', '.join(ids)}); "
            "keep it on one entry"
        )
