"""Property-based tests (hypothesis): the text normaliser, the date parsers and the extractors.

For any string: no crash; offsets inside the text and ``text[start:end]`` equal to the
sentence or surface recorded; the same input twice gives equal output. Strings are drawn
both from all of Unicode and from news vocabulary (actor names, speech verbs, quotes,
dates, line breaks), so the extractors' rules are exercised, not just skipped.
"""

import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsbrief.actors import extract_mentions
from newsbrief.claims import extract_claims
from newsbrief.dates import find_publication_date, parse_date, split_header_line
from newsbrief.lexicon import load_lexicon
from newsbrief.sentences import split_sentences
from newsbrief.taxonomy import load_taxonomy
from newsbrief.text import content_hash, count_words, detect_language, normalise_text

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # the same examples every run: a failure reproduces
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

WORDS = [
    "Iran", "Russia", "Ukraine", "Tehran", "Moscow", "Kyiv", "Zelensky", "Putin", "Raisi",
    "Kanaani", "the", "foreign", "ministry", "spokesman", "UN", "Security", "Council",
    "Resolution", "2231", "drones", "Shahed-136", "Mohajer-6", "supplied", "sent", "denied",
    "said", "says", "told", "reporters", "claimed", "rejected", "allegations", "that", "it",
    "had", "not", "never", "to", "for", "use", "in", "war", "investigation", "expert",
    "talks", "offered", "Mr.", "U.S.", "Jan.", "5", "a.m.", "'", '"', "\u201c", "\u201d",
    ",", ".", ".", "?", "!", ":", ";", "-", "\u2014", "(", ")", "\n", "\n\n", "  ", "\t",
    "Published:", "October", "18,", "2022", "2023-02-30", "9999-12-31", "date", "\u00a0",
    "\u200b", "\ufeff", "Ã©", "\ufffd", "<script>", "é", "日本", "\U0001f600",
]  # fmt: skip
NEWSLIKE = st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)
ANY_TEXT = st.text(max_size=300)
TEXTS = st.one_of(NEWSLIKE, ANY_TEXT, st.lists(NEWSLIKE, max_size=4).map("\n".join))
FORMATS = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


@pytest.fixture(scope="module")
def config():
    return load_lexicon(), load_taxonomy()


def assert_valid_date(published: str, precision: str) -> None:
    dt.datetime.strptime(published, FORMATS[precision])


@SETTINGS
@given(TEXTS)
def test_normalise_text__any_string(raw):
    text = normalise_text(raw)
    assert isinstance(text, str)
    assert normalise_text(raw) == text
    assert "\r" not in text and "\u200b" not in text and "\t" not in text
    assert "\n\n\n" not in text
    assert count_words(text) >= 0
    assert content_hash(text) == content_hash(text)
    assert isinstance(detect_language(text), str)


@SETTINGS
@given(st.one_of(TEXTS, st.dates().map(str), st.integers().map(str), st.none()))
def test_parse_date__any_value(value):
    parsed = parse_date(value)
    assert parsed == parse_date(value)
    if parsed is not None:
        assert_valid_date(*parsed)


@SETTINGS
@given(st.integers(0, 10_000), st.integers(0, 13), st.integers(0, 32))
def test_parse_date__iso_parts_valid_or_none(year, month, day):
    parsed = parse_date(f"{year:04d}-{month:02d}-{day:02d}")
    try:
        valid = 1900 <= year <= 2100 and dt.date(year, month, day)
    except ValueError:
        valid = False
    assert (parsed is not None) == bool(valid)


@SETTINGS
@given(TEXTS)
def test_find_publication_date__any_text(text):
    found = find_publication_date(text)
    assert found == find_publication_date(text)
    if found is not None:
        assert_valid_date(found.published, found.precision)


@SETTINGS
@given(TEXTS)
def test_split_header_line__any_text(raw):
    date, rest, body = split_header_line(raw)
    if date is None and not rest:
        assert body in (raw, raw.partition("\n")[2])
    if date is not None:
        assert_valid_date(*date)


def _frame(text: str) -> pd.DataFrame:
    return pd.DataFrame(
        {"article_id": ["a1"], "text": [text], "source": ["Example Gazette"],
         "published": ["2022-10-18"]}
    )  # fmt: skip


def _extract(text: str, config) -> tuple[pd.DataFrame, ...]:
    lexicon, taxonomy = config
    articles = _frame(text)
    sentences = split_sentences(articles)
    mentions = extract_mentions(sentences, articles, lexicon)
    claims = extract_claims(sentences, mentions, articles, taxonomy, lexicon)
    return sentences, mentions, claims


@SETTINGS
@given(TEXTS.map(normalise_text))
def test_split_sentences__offsets_exact_and_ordered(text):
    sentences = split_sentences(_frame(text))
    assert sentences["sentence_id"].tolist() == list(range(len(sentences)))
    previous_end = 0
    for row in sentences.itertuples():
        assert 0 <= row.start < row.end <= len(text)
        assert text[row.start : row.end] == row.text
        assert row.start >= previous_end
        previous_end = row.end
    pd.testing.assert_frame_equal(sentences, split_sentences(_frame(text)))


@SETTINGS
@given(TEXTS.map(normalise_text))
def test_extract_mentions_and_claims__offsets_exact_deterministic(config, text):
    sentences, mentions, claims = _extract(text, config)
    assert not mentions.duplicated(["article_id", "start", "end"]).any()
    for row in mentions.itertuples():
        assert 0 <= row.start < row.end <= len(text)
        assert text[row.start : row.end] == row.surface
    by_id = sentences.set_index("sentence_id")
    for row in claims.itertuples():
        assert 0 <= row.start < row.end <= len(text)
        assert text[row.start : row.end] == by_id.loc[row.sentence_id, "text"]
        assert row.stance in {"assert", "deny"}
    again = _extract(text, config)
    for first, second in zip((sentences, mentions, claims), again, strict=True):
        pd.testing.assert_frame_equal(first, second)


@SETTINGS
@given(TEXTS)
def test_extract__raw_unnormalised_text_does_not_crash(config, raw):
    # extraction normally sees normalised text; a caller passing raw text must not crash it
    sentences, mentions, _ = _extract(raw, config)
    for row in sentences.itertuples():
        assert raw[row.start : row.end] == row.text
    for row in mentions.itertuples():
        assert raw[row.start : row.end] == row.surface
