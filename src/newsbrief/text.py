"""Article text: normalise, strip licence footers, identify language, hash.

Normalisation is deliberately small and consistent, so character offsets computed later
point into text a reader recognises:

- mojibake is repaired with ftfy, but only when the text holds a sequence typical of
  UTF-8 read as Latin-1/Windows-1252 ("Â ", "â€™", "Ã©") or a replacement character:
  ftfy costs ~1.4 ms per article, the check ~2 µs;
- curly quotes and apostrophes become straight ones (``’`` -> ``'``, ``“”`` -> ``"``), so
  "Iran’s" and "Iran's" match alike; dashes and other characters are kept;
- no-break, zero-width and other odd spaces become plain spaces; control characters
  other than newline and tab are dropped; line ends become newlines;
- runs of spaces and tabs collapse to one space, each line is trimmed, and two or more
  line breaks become one blank line (paragraph breaks kept, single line breaks kept).

Each rewrite runs only when a character it acts on is present (``c in text`` runs at
memory speed), so a typical 3,000-character article normalises in ~30 µs.
The raw text is kept beside the normalised text in ``articles.raw_text``.
"""

import hashlib
import re

import ftfy

_MOJIBAKE = re.compile(
    "[\u00c2\u00c3\u00c5\u00ce\u00cf\u00d0\u00d1\u00d8\u00d9\u00e2]"
    "[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|\ufffd"
)
_MOJIBAKE_LEADS = "\u00c2\u00c3\u00c5\u00ce\u00cf\u00d0\u00d1\u00d8\u00d9\u00e2\ufffd"
_QUOTES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
}  # fmt: skip
_ODD_SPACE_CHARS = "\u00a0\u1680\u202f\u205f\u3000\t\f\v" + "".join(map(chr, range(0x2000, 0x200B)))
_DROP_CHARS = (
    "".join(map(chr, [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F, 0x200B, 0x200C, 0x200D]))
    + "\u2060\ufeff"
)
_DROP = re.compile("[" + re.escape(_DROP_CHARS) + "]")


def without_lone_surrogates(value: str) -> str:
    """Return ``value`` with each lone surrogate replaced by U+FFFD.

    JSON may escape half a surrogate pair (a ``udcff`` escape); such a string cannot be written
    as UTF-8 (Parquet, HTML), so it is repaired where input is read.
    """
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return re.sub("[\ud800-\udfff]", "\ufffd", value)
    return value


def printable_file_name(name: str) -> str:
    r"""Return a file name as text, the bytes of a name that is not UTF-8 shown as ``\xff``.

    Python decodes such names with lone surrogates (``surrogateescape``), which cannot be
    written as UTF-8.
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


def needs_repair(text: str) -> bool:
    """Return True when ``text`` shows a mojibake sequence or a replacement character."""
    # ``in`` tests run at memory speed; the regex only when a lead character is present.
    return any(c in text for c in _MOJIBAKE_LEADS) and _MOJIBAKE.search(text) is not None


def normalise_text(raw: str) -> str:
    """Return the normalised form of ``raw`` (see the module docstring for the rules).

    Deterministic and idempotent: ``normalise_text(normalise_text(x)) == normalise_text(x)``.
    A repaired text is normalised again until it is stable, because ftfy's verdict can
    change once spaces and quotes are tidied.
    """
    text, repaired = _normalise_once(raw)
    for _ in range(5):
        if not repaired:
            break
        again, repaired = _normalise_once(text)
        if again == text:
            break
        text = again
    return text


def _normalise_once(raw: str) -> tuple[str, bool]:
    # Each rewrite runs only when a character it acts on is present: ``c in text`` is
    # ~20x cheaper than a regex pass, and most news text needs few of the rewrites.
    text = raw.replace("\r\n", "\n").replace("\r", "\n") if "\r" in raw else raw
    if any(c in text for c in _DROP_CHARS):
        text = _DROP.sub("", text)
    repaired = needs_repair(text)
    if repaired:
        text = _DROP.sub("", ftfy.fix_text(text, normalization="NFC"))
    for quote, plain in _QUOTES.items():
        text = text.replace(quote, plain)
    for odd in _ODD_SPACE_CHARS:
        if odd in text:
            text = text.replace(odd, " ")
    while "  " in text:  # each pass halves every run of spaces
        text = text.replace("  ", " ")
    text = text.replace(" \n", "\n").replace("\n ", "\n")  # runs are single spaces by now
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip(), repaired


_LICENCE = re.compile(
    r"(?:^|(?<=[.!?\"')\]\s]))\s*(?:All\s+)?(?:Content|Contents|Text|Articles?|Material)\s+"
    r"(?:by|of|from)\s+(?P<source>[A-Z][\w.&'-]*(?:\s+[A-Z&][\w.&'-]*){0,6})\s+"
    r"(?:is|are)\s+licen[cs]ed\s+under\s+[^\n]{0,200}?(?:Licen[cs]e|CC[ -]BY[\w .-]*)\.?\s*$",
)


def strip_licence_footer(text: str) -> tuple[str, str | None]:
    """Remove a trailing licence line such as "All Content by X is licensed under ...".

    Returns:
        ``(text_without_footer, source)``; ``source`` is the licensor named ("Mehr News
        Agency") or ``None`` when there is no such footer.
    """
    tail_start = max(0, len(text) - 400)
    if text.find("licen", tail_start) < 0:  # the footer's one fixed word; a cheap test first
        return text, None
    m = _LICENCE.search(text, tail_start)
    if not m:
        return text, None
    return text[: m.start()].rstrip(), m.group("source").strip()


_ENGLISH_FUNCTION_WORDS = frozenset(
    ["the", "of", "to", "and", "in", "on", "for", "with", "is", "are", "was", "were", "says",
     "said", "has", "have", "from", "by", "at", "as", "that", "it", "its", "be", "after",
     "over", "not", "will", "this", "an"]
)  # fmt: skip
_identifier = None


def _language_identifier():
    """Return py3langid's identifier restricted to languages with ISO 639-1 codes."""
    global _identifier
    if _identifier is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
        ident.set_languages([code for code in ident.labels if len(code) == 2])
        _identifier = ident
    return _identifier


# Words frequent in English prose and absent (as words) from the other languages' common
# vocabularies; "in", "is", "was" are left out (German, Dutch).
_ENGLISH_MARKERS = frozenset(
    ["the", "of", "and", "to", "that", "for", "with", "said", "from", "by", "has", "have",
     "are", "were", "which", "this", "would", "will"]
)  # fmt: skip
ENGLISH_MARKER_SHARE = 0.15
_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
_ASCII_WORD = re.compile(r"[a-z]{2,}")


def detect_language(text: str) -> str:
    """Return the ISO 639-1 code of ``text``'s language, or ``"und"`` for too little text.

    Plain English prose (at least 15% of its first words are "the", "of", "and", "said"
    ...) is English at once (~20 µs); anything else goes to py3langid (offline, ~0.4 ms
    on the first 500 characters), restricted to languages with a two-letter code. Below
    30 words (a headline) py3langid's guesses scatter (Nigerian Pidgin, Latin, Frisian
    for English headlines), so a short text with English function words among its words,
    or an ASCII-only one with English among py3langid's five best guesses, is English.
    """
    sample = text[:500]
    lowered = sample.lower()
    # For ASCII text the Unicode letter class is [a-z]; the ASCII pattern runs ~2x faster.
    words = (_ASCII_WORD if lowered.isascii() else _LETTER_WORD).findall(lowered)
    if len(words) < 3:
        return "und"
    if len(words) >= 30:
        markers = sum(map(_ENGLISH_MARKERS.__contains__, words))
        if markers >= ENGLISH_MARKER_SHARE * len(words):
            return "en"
        return _language_identifier().classify(sample)[0]
    if any(w in _ENGLISH_FUNCTION_WORDS for w in words):
        return "en"
    ranked = [lang for lang, _ in _language_identifier().rank(sample)[:5]]
    return "en" if "en" in ranked and sample.isascii() else ranked[0]


def content_hash(text: str) -> str:
    """Return a short stable hash of ``text`` (blake2b, 16 hex digits)."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def count_words(text: str) -> int:
    """Return the number of whitespace-separated words in ``text``."""
    return len(text.split())


def count_normalised_words(text: str) -> int:
    """:func:`count_words` of a :func:`normalise_text` result, without splitting it.

    Normalised text has no leading, trailing or repeated spaces and no spaces at line
    ends, and at most one blank line in a row, so words are the spaces and line breaks
    plus one. The few other Unicode spaces it may keep (U+0085, U+2028, U+2029) send it
    to :func:`count_words`.
    """
    if not text or "\x85" in text or "\u2028" in text or "\u2029" in text:
        return count_words(text)
    return text.count(" ") + text.count("\n") - text.count("\n\n") + 1


_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}/?$", re.IGNORECASE)


def looks_like_domain(value: str) -> bool:
    """Return True for a bare site name such as ``UrduPoint.com`` or ``www.anews.az``."""
    return bool(_DOMAIN.match(value.strip()))


def guess_title(text: str) -> str | None:
    """Return the first line of ``text`` when it reads like a headline, else ``None``.

    A headline here is 4 to 30 words on its own line, not ending in sentence punctuation
    (a first paragraph does), followed by more text.
    """
    first, sep, rest = text.partition("\n")
    first = first.strip()
    if not sep or not rest.strip():
        return None
    if not 4 <= len(first.split()) <= 30 or first.rstrip("\"')")[-1:] in (".", ":", ";", ","):
        return None
    return first
