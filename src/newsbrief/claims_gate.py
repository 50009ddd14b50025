r"""A cheap, conservative pre-check for claim extraction: which sentences may hold a claim.

``claims_stance.find_claim_hits`` finds a claim in a sentence only where its rule's anchor
group matches inside the sentence and every other group matches there too, or (at most one
group the rule lists under ``context``) in the text of the sentences just before. A regular
expression can only match where literal text it cannot do without is present: ``drone*``
needs "drone", ``re:\bno (?:link|connection)`` needs "no link" or "no connection",
``re:\b(?:Iran|Tehran)\b[^.]{0,80}\bdrones?`` needs "iran" or "tehran" and "drone".
``required_literals`` reads those off the compiled term groups (``re._parser`` trees, so
``re:`` terms count as well as plain ones); ``ClaimGate`` finds them in one Aho-Corasick
pass over the lower-cased article and names the sentences where every group of a rule may
match. No other sentence can give a claim hit, so skipping them changes nothing. The gate
only ever over-approximates: a group with no required literal counts as present
everywhere, spaces at a literal's ends are dropped (a dateline blanked to spaces holds
none), and a character that matches a letter case-insensitively but lower-cases to
another ("ı", "ſ", "İ") is translated to that letter first.

Nothing here is a word list: every literal is derived from the loaded taxonomy.
"""

import array
import bisect
import dataclasses
import functools
import re
from dataclasses import dataclass
from re import _constants as sre  # the parse tree's opcodes
from re import _parser as sre_parse

import ahocorasick

_MAX_EXACT = 64  # strings an exact set may hold before it is treated as unbounded
_MAX_CLASS = 8  # characters of a class expanded into alternatives ("[’']" -> ’ or ')
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}
_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}
_EMPTY = ("", None)

# A piece of literal text is (string, case): case True = matched as written, False = matched
# ignoring case (string lower-cased), None = has no case (digits, spaces, punctuation).


@dataclass(frozen=True)
class _Info:
    """What a regex node can match: all its strings, how they start, what they contain."""

    exact: frozenset | None  # every string the node can match, when few and bounded
    required: tuple  # sets of pieces: every match contains a piece of each (best first)
    prefixes: frozenset  # every match starts with one of these (may hold "")


_NOTHING = frozenset([_EMPTY])
_UNKNOWN = _Info(None, (), _NOTHING)
_MAX_SETS = 3  # required sets kept per node, the most selective ones


def _char(ch: str, fold: bool):
    """The literal piece for one pattern character; None when its case is irregular."""
    low = ch.lower()
    if len(low) != 1:
        return None
    if low == ch.upper() == ch:
        return (ch, None)
    return (low, False) if fold else (ch, True)


def _join(a: tuple, b: tuple) -> tuple:
    """Two literal pieces one after the other."""
    if a[1] is None or b[1] is None or a[1] == b[1]:
        case = b[1] if a[1] is None else a[1]
        return (a[0] + b[0], case)
    return (a[0].lower() + b[0].lower(), False)  # mixed: the folded text still holds it


def _concat(left: frozenset, right: frozenset) -> frozenset | None:
    if len(left) * len(right) > _MAX_EXACT:
        return None
    return frozenset(_join(a, b) for a in left for b in right)


def _minimal(pieces: frozenset) -> frozenset:
    """Drop pieces that hold another piece of the same case: "iranian" when "iran" is in."""
    return frozenset(
        (s, c)
        for s, c in pieces
        if not any(t != s and t in s and d in (c, None) for t, d in pieces)
    )


def _score(pieces: frozenset) -> tuple:
    """How selective a required set is: longer and fewer strings are better."""
    return (min(len(s) for s, _ in pieces), -len(pieces))


def _usable(candidates) -> tuple:
    """The most selective distinct required sets among ``candidates``, best first."""
    sets = {_minimal(c) for c in candidates if c and all(s for s, _ in c)}
    return tuple(sorted(sets, key=lambda c: (_score(c), sorted(c)), reverse=True)[:_MAX_SETS])


def _exactly(pieces: frozenset) -> _Info:
    return _Info(pieces, _usable([pieces]), pieces)


def _sequence(items, fold: bool) -> _Info:
    candidates, run, prefixes = [], _NOTHING, None
    for op, av in items:
        info = _node(op, av, fold)
        joined = _concat(run, info.exact) if info.exact is not None else None
        if joined is not None:
            run = joined
            continue
        # The run so far, then how the next node starts: a required piece of the match.
        head = _concat(run, info.prefixes) or run
        prefixes = head if prefixes is None else prefixes
        candidates += [head, *info.required]
        run = info.exact if info.exact is not None else _NOTHING
    candidates.append(run)
    if prefixes is None:
        return _Info(run, _usable(candidates), run)
    return _Info(None, _usable(candidates), prefixes)


def _branch(branches, fold: bool) -> _Info:
    infos = [_sequence(b, fold) for b in branches]
    exact = None
    if all(i.exact is not None for i in infos):
        exact = frozenset().union(*(i.exact for i in infos))
        exact = exact if len(exact) <= _MAX_EXACT else None
    required = ()
    if all(i.required for i in infos):
        required = _usable([frozenset().union(*(i.required[0] for i in infos))])
    prefixes = frozenset().union(*(i.prefixes for i in infos))
    return _Info(exact, required, prefixes if len(prefixes) <= _MAX_EXACT else _NOTHING)


def _class(items, fold: bool) -> _Info:
    if len(items) > _MAX_CLASS or any(op != sre.LITERAL for op, _ in items):
        return _UNKNOWN  # ranges, categories, negation
    pieces = [_char(chr(av), fold) for _, av in items]
    return _UNKNOWN if None in pieces else _exactly(frozenset(pieces))


def _repeat(av, fold: bool) -> _Info:
    low, high, items = av
    inner = _sequence(items, fold)
    if low == 0:
        if high == 1 and inner.exact is not None:
            return _Info(inner.exact | _NOTHING, (), inner.exact | _NOTHING)
        return _Info(None, (), inner.prefixes | _NOTHING)
    exact = inner.exact if low == high == 1 else None
    return _Info(exact, inner.required, inner.prefixes)


def _node(op, av, fold: bool) -> _Info:
    if op == sre.LITERAL:
        piece = _char(chr(av), fold)
        return _exactly(frozenset([piece])) if piece else _UNKNOWN
    if op in _ZERO_WIDTH:
        return _exactly(_NOTHING)
    if op == sre.SUBPATTERN:
        return _sequence(av[3], _folds(fold, av))
    if op == getattr(sre, "ATOMIC_GROUP", None):
        return _sequence(av, fold)
    if op == sre.BRANCH:
        return _branch(av[1], fold)
    if op == sre.IN:
        return _class(av, fold)
    if op in _REPEATS:
        return _repeat(av, fold)
    return _UNKNOWN  # any character, back-references, conditionals ...


def _folds(fold: bool, subpattern) -> bool:
    """Whether a group ``(?flags:...)`` ignores case, inside a context that does or not."""
    _, add, remove, _ = subpattern
    return (fold or bool(add & re.I)) and not remove & re.I


def _alternatives(items, fold: bool) -> list:
    """The top-level alternatives of a pattern, each with its required sets."""
    if len(items) == 1 and items[0][0] == sre.SUBPATTERN:
        return _alternatives(items[0][1][3], _folds(fold, items[0][1]))
    if len(items) == 1 and items[0][0] == sre.BRANCH:
        return [alt for branch in items[0][1][1] for alt in _alternatives(branch, fold)]
    return [_sequence(items, fold).required]


@functools.lru_cache(maxsize=512)
def required_literals(pattern: str, flags: int = 0) -> tuple:
    """What every match of ``pattern`` contains, as alternatives of conjunctions.

    A match contains, for one of the alternatives, a piece of each of its sets. A piece is
    ``(text, case)``: ``case`` True means the text occurs as written, False that it occurs
    up to case (``text`` is lower-cased), None that it has no case. An alternative with no
    sets means nothing is known: the pattern may match anywhere.
    """
    tree = sre_parse.parse(pattern, flags)
    out = []
    for sets in _alternatives(list(tree), bool(tree.state.flags & re.I)):
        # Spaces at the ends are dropped: a dateline blanked to spaces (claims_stance)
        # holds none of the remaining text.
        sets = [frozenset((text.strip(" "), case) for text, case in s) for s in sets]
        out.append(tuple(s for s in sets if all(text for text, _ in s)))
    return tuple(out)


@functools.lru_cache(maxsize=8)
def _odd_folds(chars: str) -> tuple[str, dict | None]:
    """Characters that match one of ``chars`` ignoring case but lower-case to another.

    ("ı" the dotless i matches "i", "ſ" the long s matches "s", "İ" lower-cases to two
    characters.) Returns them and a translation table that turns each into the one
    character of ``chars`` it matches, so that lower-casing the translated text keeps
    every case-insensitive match; None when one matches several.
    """
    escaped = "".join(re.escape(c) for c in chars)
    odd, table = [], {}
    for other in sorted(set(re.findall(f"(?i)[{escaped}]", _all_characters()))):
        matched = {c for c in chars if re.fullmatch("(?i)" + re.escape(c), other)}
        # ("A" + other): a capital sigma lower-cases by its neighbours ("Σ" -> "σ" or "ς")
        if {other.lower(), ("A" + other).lower()[1:]} != matched:
            odd.append(other)
            table[ord(other)] = min(matched) if len(matched) == 1 else None
    return "".join(odd), None if None in table.values() else table


@functools.cache
def _all_characters() -> str:
    codes = [*range(0xD800), *range(0xE000, 0x110000)]  # surrogates have no case
    little = array.array("I", [1]).tobytes()[0] == 1
    return array.array("I", codes).tobytes().decode("utf-32-le" if little else "utf-32-be")


@dataclass(frozen=True)
class _Rule:
    spec: int  # index of the claim in taxonomy.specs
    anchor: int  # group ids (indices into ClaimGate.groups)
    others: tuple[tuple[int, bool], ...]  # (group id, may come from the context)


@dataclass(frozen=True)
class _Way:
    """One alternative of a group: a literal of ``first`` and a piece of each of ``also``."""

    first: frozenset  # literal ids, found by the automata
    also: tuple  # further sets of (text, case) pieces, looked up in the candidate stretch


class ClaimGate:
    """The sentences of an article where a taxonomy's rules could find a claim.

    Built once per taxonomy (see :func:`gate_for`); :meth:`sentences` is the check.
    ``groups`` lists the distinct term-group patterns and ``ways[g]`` how group ``g`` can
    match (None: anywhere). The pieces of each way's first set are the ``literals`` found
    by Aho-Corasick automata; its other sets are checked by substring search, and only in
    sentences that hold a first literal.
    """

    def __init__(self, taxonomy):
        """Read the required literals of the groups of every rule of ``taxonomy``."""
        self.taxonomy = taxonomy
        self._subsets: dict[frozenset, object] = {}
        ids: dict[re.Pattern, int] = {}
        self.rules = []
        for k, spec in enumerate(taxonomy.specs):
            for rule in spec.rules:
                gids = [ids.setdefault(g, len(ids)) for g in rule.all]
                borrow = rule.borrowable or (False,) * (len(gids) - 1)
                self.rules.append(_Rule(k, gids[0], tuple(zip(gids[1:], borrow, strict=True))))
        self.groups = list(ids)
        self.literals: dict[tuple, int] = {}
        self.ways: list[tuple[_Way, ...] | None] = []
        for pattern in self.groups:
            alternatives = required_literals(pattern.pattern, pattern.flags)
            if () in alternatives:
                self.ways.append(None)
                continue
            self.ways.append(
                tuple(
                    _Way(
                        frozenset(self.literals.setdefault(p, len(self.literals)) for p in first),
                        tuple(tuple(sorted(more)) for more in rest),
                    )
                    for first, *rest in alternatives
                )
            )
        # group id -> the literals one of which it needs (None: it may match anywhere)
        self._triggers = [
            None if ways is None else frozenset().union(*(w.first for w in ways))
            for ways in self.ways
        ]
        # per rule: all its groups, and the trigger sets of those it cannot borrow
        self._needs = [frozenset(_groups(r)) for r in self.rules]
        self._musts = [
            self._trigger_sets((r.anchor, *(g for g, borrow in r.others if not borrow)))
            for r in self.rules
        ]
        folded = {t: i for (t, case), i in self.literals.items() if not case}
        self._folded = _automaton(folded)
        self._exact = _automaton({t: i for (t, case), i in self.literals.items() if case})
        odd, self._unodd = _odd_folds("".join(sorted({c for t in folded for c in t})))
        self._odd = re.compile("[" + re.escape(odd) + "]") if odd else None
        self._odd_beyond_ascii = not any(c.isascii() for c in odd)  # (ASCII text: none)

    def subset(self, spec_ids) -> object:
        """The taxonomy with only the claims ``spec_ids`` (indices into its specs), in order."""
        key = frozenset(spec_ids)
        if key not in self._subsets:
            specs = tuple(s for k, s in enumerate(self.taxonomy.specs) if k in key)
            self._subsets[key] = dataclasses.replace(self.taxonomy, specs=specs)
        return self._subsets[key]

    def scan(self, text: str) -> tuple[str, list] | None:
        """The folded text and every literal found in it; None: the text cannot be gated.

        Each literal comes as ``(last index, (length, literal id))``. Folding is lower-
        casing (after ``_odd_folds``' translation); it must keep offsets and every
        case-insensitive match.
        """
        low = text.lower()
        odd = self._odd is not None and not (text.isascii() and self._odd_beyond_ascii)
        odd = odd and self._odd.search(text)
        if len(low) != len(text) or odd:
            if self._unodd is None:
                return None
            low = text.translate(self._unodd).lower()
            if len(low) != len(text):
                return None
        found = list(self._folded.iter(low)) if self._folded is not None else []
        if self._exact is not None:
            found += self._exact.iter(text)
        return low, found

    def sentences(self, text: str, starts, ends, context_back: int) -> dict[int, set[int]]:
        """The sentences that may hold a claim: ``{sentence index: claim (spec) indices}``.

        Args:
            text: the article text.
            starts: start offset of each sentence, in order (sentences may not overlap).
            ends: end offset of each sentence.
            context_back: how many sentences before one a rule may borrow a group from
                (its context runs from that sentence's start to the sentence's own).
        """
        scan = self.scan(text)
        if scan is None:
            return self._everywhere(len(starts))
        low, found = scan
        lits = {lit for _, (_, lit) in found}
        maybe = {g for g, t in enumerate(self._triggers) if t is None or not t.isdisjoint(lits)}
        rules = [
            (r, musts)
            for r, needs, musts in zip(self.rules, self._needs, self._musts, strict=True)
            if needs <= maybe
        ]
        if not rules:
            return {}
        starts, ends = list(starts), list(ends)
        if any(ends[i] > starts[i + 1] for i in range(len(starts) - 1)):
            return self._everywhere(len(starts))  # overlapping sentences: not gated
        useful = set().union(*(self._triggers[g] or () for r, _ in rules for g in _groups(r)))
        inside: dict[int, set] = {}  # sentence index -> literals that lie inside it
        placed = []  # (first sentence, last sentence, literal) of each occurrence
        for last, (size, lit) in found:
            if lit in useful:
                first = bisect.bisect_right(starts, last + 1 - size) - 1
                final = bisect.bisect_right(starts, last) - 1
                placed.append((first, final, lit))
                if first == final >= 0 and last < ends[first]:
                    inside.setdefault(first, set()).add(lit)
        anchors = [self._triggers[r.anchor] for r, _ in rules]
        anywhere = None in anchors
        triggers = set().union(*(a for a in anchors if a is not None))
        out: dict[int, set[int]] = {}
        for i in range(len(starts)) if anywhere else sorted(inside):
            if not anywhere and triggers.isdisjoint(inside[i]):
                continue
            lits = inside.get(i, set())
            here = _Stretch(self, lits, text, low, starts[i], ends[i])
            context = None
            for rule, musts in rules:
                if any(t.isdisjoint(lits) for t in musts) or not here.has(rule.anchor):
                    continue
                missing = [(g, b) for g, b in rule.others if not here.has(g)]
                if len(missing) > 1 or (missing and not missing[0][1]):
                    continue
                if missing and context is None:
                    back = max(0, i - context_back)
                    near = {lit for a, b, lit in placed if a >= back and b < i}
                    context = _Stretch(self, near, text, low, starts[back], starts[i])
                    # the article's lead (its first sentence) sets the topic throughout
                    top = {lit for a, b, lit in placed if b < 1} if back > 0 else set()
                    lead = _Stretch(self, top, text, low, starts[0], ends[0]) if top else None
                if missing and not (
                    context.has(missing[0][0]) or (lead is not None and lead.has(missing[0][0]))
                ):
                    continue
                out.setdefault(i, set()).add(rule.spec)
        return out

    def _everywhere(self, count: int) -> dict[int, set[int]]:
        return {i: {r.spec for r in self.rules} for i in range(count)}

    def _trigger_sets(self, gids) -> tuple:
        return tuple(self._triggers[g] for g in gids if self._triggers[g] is not None)


def _groups(rule: _Rule):
    return (rule.anchor, *(g for g, _ in rule.others))


class _Stretch:
    """A stretch ``[lo, hi)`` of an article and the literals found inside it."""

    def __init__(self, gate: ClaimGate, lits: set, text: str, low: str, lo: int, hi: int):
        self.gate, self.lits, self.text, self.low, self.lo, self.hi = gate, lits, text, low, lo, hi
        self._known: dict[int, bool] = {}

    def has(self, gid: int) -> bool:
        """Whether group ``gid`` may match inside the stretch."""
        if gid not in self._known:
            ways = self.gate.ways[gid]
            self._known[gid] = ways is None or any(
                not way.first.isdisjoint(self.lits)
                and all(any(self._holds(p) for p in pieces) for pieces in way.also)
                for way in ways
            )
        return self._known[gid]

    def _holds(self, piece: tuple) -> bool:
        text, case = piece
        return (self.text if case else self.low).find(text, self.lo, self.hi) >= 0


def _automaton(words: dict) -> ahocorasick.Automaton | None:
    if not words:
        return None
    automaton = ahocorasick.Automaton()
    for text, lit in words.items():
        automaton.add_word(text, (len(text), lit))
    automaton.make_automaton()
    return automaton


_LAST: list = []  # [(taxonomy, gate)]: the gate of the taxonomy used last


def gate_for(taxonomy) -> ClaimGate:
    """The :class:`ClaimGate` of ``taxonomy``, built on first use and kept for the next."""
    if not _LAST or _LAST[0][0] is not taxonomy:
        _LAST[:] = [(taxonomy, ClaimGate(taxonomy))]
    return _LAST[0][1]
