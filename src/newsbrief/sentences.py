"""Split article text into sentences with exact character offsets.

A rule-based splitter tuned to news copy: a line break always ends a sentence (headlines,
captions, menus and other page furniture carry no final punctuation but sit on their own
line); inside a line a sentence ends at ``.``, ``!`` or ``?`` (closing quotes or brackets
included: ``... drones."``) when the next word starts like a sentence, except after
abbreviations (Mr., Gen., Jan., No., U.S., a.m.) and initials ("Jake F. Sullivan").
Pure regular expressions per article, no per-character Python loops.
"""

import re

import pandas as pd

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
    (?<![.!?])                         # from the start of a run only: linear on "....."
    (?P<stop>[.!?]+["'”’)\]]*)         # final punctuation, maybe closing quotes/brackets
    (?=\s+["'“‘(\[]?[A-Z0-9]            # space, then an upper-case or digit opener
      |["'“‘]?[A-Z][a-z])               # or a glued next sentence: "war.The"
    """,
    re.VERBOSE,
)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_NEXT_WORD = re.compile(r"\s*[\"'“‘(\[]?([A-Za-z0-9]+)")
_LINE_OR_SPAN = re.compile(r"[^\n]+")
_DIGIT_NEXT = re.compile(r"\s*\d")


def _is_boundary(line: str, match: re.Match) -> bool:
    """Whether a candidate stop in ``line`` really ends a sentence."""
    stop = match.group("stop")
    if stop[0] != "." or len(stop) > 1:  # "!", "?", '."', ".)" always end a sentence
        return True
    pos = match.start()
    before = _WORD_BEFORE.search(line[max(0, pos - 40) : pos])
    if before is None:
        return True
    word = before.group(1)
    glued = not line[match.end() : match.end() + 1].isspace()
    if glued:
        # "war.The": only a real word glued to a capitalised word, not "U.S.The" or "Jr.Co".
        return len(word) >= 3 and word.isalpha() and word.islower()
    if "." in word:  # dotted abbreviation: U.S., U.N., a.m., e.g.
        nxt = _NEXT_WORD.match(line, match.end())
        return nxt is not None and nxt.group(1) in _SENTENCE_OPENERS
    if len(word) == 1 and word.isupper():  # an initial: "Jake F. Sullivan"
        return False
    if word.lower() in _NUMBER_ABBREVIATIONS:
        return _DIGIT_NEXT.match(line, match.end()) is None
    return word.lower() not in _ABBREVIATIONS


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the sentences of ``text``, whitespace trimmed."""
    spans = []
    for line_match in _LINE_OR_SPAN.finditer(text):
        line = line_match.group()
        offset = line_match.start()
        cuts = [0]
        cuts += [m.end() for m in _BOUNDARY.finditer(line) if _is_boundary(line, m)]
        cuts.append(len(line))
        for a, b in zip(cuts, cuts[1:], strict=False):
            chunk = line[a:b]
            stripped = chunk.strip()
            if not stripped:
                continue
            lead = len(chunk) - len(chunk.lstrip())
            start = offset + a + lead
            spans.append((start, start + len(stripped)))
    return spans


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
    ids, sids, starts, ends, texts = [], [], [], [], []
    for article_id, text in zip(articles["article_id"], articles["text"], strict=True):
        if not isinstance(text, str) or not text:
            continue
        for i, (start, end) in enumerate(_sentence_spans(text)):
            ids.append(article_id)
            sids.append(i)
            starts.append(start)
            ends.append(end)
            texts.append(text[start:end])
    sentences = pd.DataFrame(
        {
            "article_id": pd.Series(ids, dtype="str"),
            "sentence_id": pd.Series(sids, dtype="int64"),
            "start": pd.Series(starts, dtype="int64"),
            "end": pd.Series(ends, dtype="int64"),
            "text": pd.Series(texts, dtype="str"),
        },
        columns=SENTENCE_COLUMNS,
    )
    assert not sentences.duplicated(["article_id", "sentence_id"]).any()
    return sentences
