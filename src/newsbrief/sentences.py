"""Split article text into sentences with exact character offsets.

A rule-based splitter tuned to news copy: a line break always ends a sentence (headlines,
captions, menus and other page furniture carry no final punctuation but sit on their own
line); inside a line a sentence ends at ``.``, ``!`` or ``?`` (closing quotes or brackets
included: ``... drones."``) when the next word starts like a sentence, except after
abbreviations (Mr., Gen., Jan., No., U.S., a.m.) and initials ("Jake F. Sullivan").
Pure regular expressions per article, no per-character Python loops.
"""

import re
import string

import numpy as np
import pandas as pd
import pyarrow as pa

SENTENCE_COLUMNS = ["article_id", "sentence_id", "start", "end", "text"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Title and other abbreviations after which a period does not end a sentence.
_ABBREVIATIONS = _words(
    """
    mr mrs ms dr prof gen lt col maj capt cpt sgt adm cmdr gov sen rep rev fr st sr jr
    pres amb ambs hon messrs gens brig cdr pvt cpl supt insp det
    jan feb mar apr jun jul aug sep sept oct nov dec
    cf vs v approx est dept univ ave blvd inc co corp ltd bros assn
    """
)
# Abbreviations only when a number follows ("No. 2231", "p. 4"); otherwise ordinary words.
_NUMBER_ABBREVIATIONS = _words("no nos vol vols art arts para fig p pp ch sec")
# Dotted abbreviations (U.S., U.N., a.m.) may end a sentence; only split after them when the
# next word is a typical sentence opener.
_SENTENCE_OPENERS = _words(
    """
    The A An He She It They We I You This That These Those There But And Or So Yet In On At
    For With After Before When While As If Its His Her Their Our Meanwhile However Earlier
    Later Last Since According Officials Moscow Tehran Kyiv Washington
    """
)

_BOUNDARY = re.compile(
    r"""
    [.!?\n]                            # one character class first: re's scan skips ahead
    (?:(?<=\n)                          # a line break always ends a sentence
      |(?<![.!?][.!?])                  # from the start of a run only: linear on "....."
      [.!?]*["'”’)\]]*                  # final punctuation, maybe closing quotes/brackets
      (?=\s+["'“‘(\[]?[A-Z0-9]          # space, then an upper-case or digit opener
        |["'“‘]?[A-Z][a-z]))            # or a glued next sentence: "war.The"
    """,
    re.VERBOSE,
)
_WORD_CHARS = string.ascii_letters + "."
_NEXT_WORD = re.compile(r"\s*[\"'“‘(\[]?([A-Za-z0-9]+)")
_DIGIT_NEXT = re.compile(r"\s*\d")


def _is_boundary(text: str, match: re.Match, line_start: int) -> bool:
    """Whether a period (``match``, one ".") in ``text`` really ends a sentence.

    Everything else that :data:`_BOUNDARY` finds ends one: "!", "?", '."', ".)" and line
    breaks. A period followed by nothing but spaces up to the line break decides nothing
    (the line break ends the sentence anyway), so looking past that break is harmless.
    """
    pos = match.start()
    window = text[max(line_start, pos - 40) : pos]
    # The word before: the run of letters and dots that ends the window, from its first letter.
    word = window[len(window.rstrip(_WORD_CHARS)) :].lstrip(".")
    if not word:
        return True
    glued = not text[match.end() : match.end() + 1].isspace()
    if glued:
        # "war.The": only a real word glued to a capitalised word, not "U.S.The" or "Jr.Co".
        return len(word) >= 3 and word.isalpha() and word.islower()
    if "." in word:  # dotted abbreviation: U.S., U.N., a.m., e.g.
        nxt = _NEXT_WORD.match(text, match.end())
        return nxt is not None and nxt.group(1) in _SENTENCE_OPENERS
    if len(word) == 1 and word.isupper():  # an initial: "Jake F. Sullivan"
        return False
    if word.lower() in _NUMBER_ABBREVIATIONS:
        return _DIGIT_NEXT.match(text, match.end()) is None
    return word.lower() not in _ABBREVIATIONS


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the sentences of ``text``, whitespace trimmed."""
    spans = []
    prev = line_start = 0
    for match in _BOUNDARY.finditer(text):
        cut = match.end()
        stop = match.group()
        if stop == "\n":
            line_start = cut
        elif stop == "." and not _is_boundary(text, match, line_start):
            continue
        chunk = text[prev:cut]
        stripped = chunk.strip()
        if stripped:
            start = prev + len(chunk) - len(chunk.lstrip())
            spans.append((start, start + len(stripped)))
        prev = cut
    chunk = text[prev:]
    stripped = chunk.strip()
    if stripped:
        start = prev + len(chunk) - len(chunk.lstrip())
        spans.append((start, start + len(stripped)))
    return spans


def _strings(values: list) -> pd.api.extensions.ExtensionArray:
    """``values`` as a ``str`` array; straight through pyarrow when they are all strings."""
    if all(type(v) is str for v in values):
        return pd.array(pa.array(values, type=pa.large_string()), dtype="str")
    return pd.array(pd.Series(values, dtype="str"), dtype="str")


def split_sentences(articles: pd.DataFrame) -> pd.DataFrame:
    """Split every article's ``text`` into sentences.

    One row per sentence; key ``(article_id, sentence_id)``. ``sentence_id`` counts from 0
    within an article; ``start``/``end`` are offsets into ``articles.text`` so that
    ``text[start:end]`` is the sentence. Articles with empty or missing text have no rows.

    Args:
        articles: table with ``article_id`` and ``text`` columns.

    Returns:
        The sentences table (article_id, sentence_id, start, end, text).
    """
    ids, counts, spans, texts = [], [], [], []
    for article_id, text in zip(
        articles["article_id"].tolist(), articles["text"].tolist(), strict=True
    ):
        if not isinstance(text, str) or not text:
            continue
        found = _sentence_spans(text)
        ids.append(article_id)
        counts.append(len(found))
        spans += found
        texts += [text[start:end] for start, end in found]
    bounds = np.array(spans, dtype=np.int64).reshape(-1, 2)
    counts = np.array(counts, dtype=np.int64)
    firsts = np.repeat(np.cumsum(counts) - counts, counts)
    sentences = pd.DataFrame(
        {
            "article_id": _strings(ids).take(np.repeat(np.arange(len(ids)), counts)),
            "sentence_id": np.arange(len(spans), dtype=np.int64) - firsts,
            "start": bounds[:, 0],
            "end": bounds[:, 1],
            "text": _strings(texts),
        },
        columns=SENTENCE_COLUMNS,
    )
    assert not sentences.duplicated(["article_id", "sentence_id"]).any()
    return sentences
