"""Publication dates: parse date strings and find the date an article states as its own.

A date has a precision (``day``, ``month``, ``year``) and is written ``YYYY-MM-DD``,
``YYYY-MM`` or ``YYYY``. :func:`find_publication_date` looks only where news pages state
their own publication date: a cue ("Published", "Updated", "Posted", "Last modified"), a
line near the top that holds little but a date (a byline or timestamp line), or a wire
dateline with a full date ("MOSCOW (Sputnik - 22nd November, 2022)"). A date the article
merely talks about ("lifted on October 18, 2020" in running text), a photo caption, a
tweet embed or a copyright year is never taken. Nothing is ever dated by the time it was
read: no date found means no date.
"""

import calendar
import re
from typing import NamedTuple

MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9
_MONTH = r"(?P<{}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{}>(?:19|20)\d\d)"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"

# One alternation of every accepted full-date form; group names carry the field.
DATE_PATTERN = re.compile(
    r"(?<![\w/.-])(?:"
    + _WEEKDAY
    + r"(?:"
    + "|".join(
        [
            # 2022-10-18, 2022/10/18, 2022-10-18T12:53:00Z
            _YEAR.format("y1") + r"[-/.]" + r"(?P<m1>[01]?\d)[-/.]" + r"(?P<d1>[0-3]?\d)(?![\d])",
            # 18.10.2022, 18/10/2022, 18-10-2022 (day first; month first when unambiguous)
            r"(?P<a2>[0-3]?\d)(?P<s2>[./-])(?P<b2>[0-3]?\d)(?P=s2)" + _YEAR.format("y2"),
            # October 18, 2022 / Oct. 18 2022 / OCTOBER 18, 2022
            _MONTH.format("m3") + r"\s+" + _DAY.format("d3") + r",?\s+" + _YEAR.format("y3"),
            # 18 October 2022 / 22nd November, 2022 / 18 Oct. 2022
            _DAY.format("d4")
            + r"(?:\s+of)?\s+"
            + _MONTH.format("m4")
            + r",?\s+"
            + _YEAR.format("y4"),
            # October 2022 (month precision)
            _MONTH.format("m5") + r",?\s+" + _YEAR.format("y5"),
        ]
    )
    + r"))(?![\w])",
    re.IGNORECASE,
)
_ISO_PREFIX = re.compile(r"^\s*(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:[T ][\d:.+\-Z ]*)?\s*$")


class PublicationDate(NamedTuple):
    """A date found in or for an article."""

    published: str
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``."""
    precision: str
    """``day``, ``month`` or ``year``."""
    detail: str
    """How the date was found, for ``articles.date_basis_detail``."""


def _format(year: int, month: int | None, day: int | None) -> tuple[str, str] | None:
    if not 1900 <= year <= 2100:
        return None
    if month is None:
        return f"{year:04d}", "year"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}", "month"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}", "day"


def _from_match(m: re.Match) -> tuple[str, str] | None:
    g = m.groupdict()
    if g["y1"]:
        return _format(int(g["y1"]), int(g["m1"]), int(g["d1"]))
    if g["y2"]:
        a, b = int(g["a2"]), int(g["b2"])
        # Day first is the international and the dotted form; a first number that can
        # only be a month (second number > 12) reads month first (US style).
        if b > 12 >= a and g["s2"] != ".":
            a, b = b, a
        return _format(int(g["y2"]), b, a)
    if g["y3"]:
        return _format(int(g["y3"]), MONTHS[g["m3"].lower()], int(g["d3"]))
    if g["y4"]:
        return _format(int(g["y4"]), MONTHS[g["m4"].lower()], int(g["d4"]))
    return _format(int(g["y5"]), MONTHS[g["m5"].lower()], None)


def parse_date(value: object) -> tuple[str, str] | None:
    """Parse one date value (a table cell, a header line, a metadata field).

    Accepts ISO forms (``2022``, ``2022-10``, ``2022-10-18``, ``2022-10-18T12:53:00Z``)
    and the written forms :data:`DATE_PATTERN` knows ("18 October 2022", "Oct. 18, 2022",
    "18.10.2022", "October 2022").

    Returns:
        ``(published, precision)`` or ``None`` when the value holds no valid date.
    """
    if value is None:
        return None
    text = str(value).strip()
    if not text or len(text) > 200:
        return None
    iso = _ISO_PREFIX.match(text)
    if iso:
        year, month, day = (int(x) if x else None for x in iso.groups())
        if day is not None and month is None:
            return None
        return _format(year, month, day)
    m = DATE_PATTERN.search(text)
    return _from_match(m) if m else None


HEADER_LINE = re.compile(r"^\ufeff?[ \t]*date[ \t]+(\d{4}-\d{2}(?:-\d{2})?)\b[ \t]*(.*)$")


def split_header_line(raw: str) -> tuple[tuple[str, str] | None, str, str]:
    """Split a leading `` date YYYY-MM[-DD] [rest]`` line off an article's raw text.

    A header line whose date is impossible (``2023-02-30``, year ``9999``) is still split
    off, with ``date`` ``None``: it is the file's header, not prose, and the article stays
    undated (:func:`unreadable_header_date` names the value for the ingest log).

    Returns:
        ``(date, rest_of_line, remaining_text)``; ``date`` is ``(published, precision)``
        or ``None`` when there is no header line, in which case the text is returned
        unchanged and ``rest_of_line`` is empty, or when its date is invalid.
    """
    first, sep, remaining = raw.partition("\n")
    m = HEADER_LINE.match(first)
    if not m:
        return None, "", raw
    return parse_date(m.group(1)), m.group(2).strip(), remaining


def unreadable_header_date(raw: str) -> str | None:
    """Return the date of a `` date ...`` header line when it is no valid date, else None."""
    m = HEADER_LINE.match(raw.partition("\n")[0])
    if m and parse_date(m.group(1)) is None:
        return m.group(1)
    return None


# Cues that introduce the page's own timestamp.
_CUE = re.compile(
    r"\b(?P<cue>published(?:\s+on)?|first\s+published(?:\s+on)?|posted(?:\s+on)?|"
    r"updated(?:\s+on)?|last\s+(?:updated|modified)(?:\s+on)?|release\s+date|date)\s*[:\-–—|]?\s*"
    r"(?:\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4}\s*)?[,|–—-]?\s*)?",
    re.IGNORECASE,
)
# A wire dateline: PLACE (Agency / Wire - 22nd November, 2022) or PLACE, 22 Nov 2022 (Agency)
_DATELINE = re.compile(r"^[A-Z][A-Z .,'’/-]{1,40}\s*[,(]")
_TIME = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*\(?(?:[A-Z]{2,5}|GMT[+-]?\d*|UTC[+-]?\d*)\)?)?",
    re.IGNORECASE,
)
_FILLER = re.compile(
    r"\b(?:views?|comments?|min(?:ute)?s?\s+read|read|share|print|by|and|updated|published|"
    r"(?:\d+\s+)?(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\s+ago|"
    r"posted|on|at|last|modified|release|for|immediate|as|delivered|ist|gmt|utc|est|edt|"
    r"cet|cest|msk|irst)\b|[\d|•·,:;/()\-–—.]+",
    re.IGNORECASE,
)
_NOT_OWN_DATE = re.compile(
    r"©|\(c\)|copyright|all rights reserved|twitter|@\w|photo|image|file|reuters/|afp/|"
    r"getty|credit",
    re.IGNORECASE,
)
# A date right after one of these words is a date talked about ("took effect on 16
# January 2016"), not a page's timestamp.
_MENTION_BEFORE = re.compile(
    r"\b(?:on|in|since|from|until|till|by|of|before|after|at|to|between|and|than|dated|"
    r"until|through)\s*$",
    re.IGNORECASE,
)
# Lower-case words that make a line a sentence (running text), not a byline or timestamp.
_SENTENCE_WORDS = re.compile(
    r"\b(?:the|a|an|was|were|is|are|be|been|said|says|has|have|had|that|which|who|in|of|to|"
    r"will|would|after|before|since|until|when|from)\b"
)
_UPDATE_CUE = re.compile(r"(?:last\s+)?(?:updated|modified)", re.IGNORECASE)
HEAD_LINES = 30
"""Only this many non-empty lines from the top are searched for a standalone date line."""
STANDALONE_MAX_WORDS = 8
"""A date line may carry at most this many other words (a byline, "1599 views")."""


def _dates_in(line: str) -> list[tuple[re.Match, tuple[str, str]]]:
    found = []
    for m in DATE_PATTERN.finditer(line):
        parsed = _from_match(m)
        if parsed:
            found.append((m, parsed))
    return found


def _cue_date(line: str) -> tuple[str, str, str] | None:
    for cue in _CUE.finditer(line):
        # A page's own cue is a label ("Published", "Updated:"), capitalised and near the
        # start of its line; "was published on ..." in running text is a date talked about.
        if not cue.group("cue")[0].isupper() or len(line[: cue.start()].split()) > 10:
            continue
        for m, parsed in _dates_in(line[cue.end() :]):
            if m.start() == 0:
                if parsed[1] == "year":
                    break
                return (*parsed, cue.group("cue").lower())
            break
    return None


def _standalone_date(line: str) -> tuple[str, str] | None:
    dates = [d for d in _dates_in(line) if d[1][1] == "day"]
    if not dates or _NOT_OWN_DATE.search(line):
        return None
    first = dates[0][0]
    if _MENTION_BEFORE.search(line[: first.start()]):
        return None
    rest = DATE_PATTERN.sub(" ", line)
    rest = _TIME.sub(" ", rest)
    rest = _FILLER.sub(" ", rest)
    words = rest.split()
    lower = [w for w in words if w[:1].islower()]
    if len(words) > STANDALONE_MAX_WORDS or len(lower) > 1 or _SENTENCE_WORDS.search(rest):
        return None
    return dates[0][1]


def _dateline_date(line: str) -> tuple[str, str] | None:
    place = _DATELINE.match(line)
    if not place:
        return None
    if place.group(0).endswith(","):
        # TEHRAN, Oct. 18, 2022 (Xinhua) -- : the date must follow the place at once.
        dates = _dates_in(line[place.end() : place.end() + 40])
        if dates and dates[0][0].start() <= 1 and dates[0][1][1] == "day":
            return dates[0][1]
        return None
    paren = re.match(r"^[^()]{1,60}\(([^()]{1,120})\)", line)
    if paren:
        dates = [d for d in _dates_in(paren.group(1)) if d[1][1] == "day"]
        return dates[0][1] if dates else None
    return None


def find_publication_date(text: str) -> PublicationDate | None:
    """Find the publication date ``text`` states as its own.

    Looked for, in this order of trust, among the first :data:`HEAD_LINES` non-empty
    lines: a cue followed by a date ("Published November 22, 2022 | 03:30 PM",
    "Published: 27th October 2022 10:01 am IST"); then the first line that holds a full
    date and at most :data:`STANDALONE_MAX_WORDS` other words ("OCTOBER 18, 2022 12:53",
    "20/07/2025", "September 10 2024, 02:32 PM • 1599 views"); then an update cue
    ("Updated 12:57 27.08.2023", "Last modified: 18 October, 2022"); then a wire dateline
    with a full date ("MOSCOW (Sputnik - 22nd November, 2022)", "TEHRAN, Oct. 18, 2022").
    Only a line's first date counts; a line that looks like a caption, tweet embed or
    copyright notice is ignored, and so is a date right after "on", "since", "by" ...
    (a date talked about). Date lines giving more than two different dates make a
    timeline or a list of related stories, and none of them counts.

    Returns:
        The date with its precision and a detail naming the rule, or ``None``.
    """
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()][:HEAD_LINES]
    cued = [_cue_date(line) for line in lines if len(line) <= 400]
    for found in cued:
        if found and not _UPDATE_CUE.match(found[2]):
            return PublicationDate(found[0], found[1], f"text: '{found[2]}' line")
    standalone = [d for d in (_standalone_date(ln) for ln in lines if len(ln) <= 200) if d]
    # More than two different dates on date lines is a timeline or a list of related
    # stories, not a page stating its own date (published + updated make two at most).
    if standalone and len(set(standalone)) <= 2:
        return PublicationDate(*standalone[0], "text: date line near the top")
    for found in cued:
        if found:
            return PublicationDate(found[0], found[1], f"text: '{found[2]}' line")
    for line in lines:
        found = _dateline_date(line)
        if found:
            return PublicationDate(*found, "text: dateline")
    return None
