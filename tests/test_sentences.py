import pandas as pd

from newsbrief.sentences import SENTENCE_COLUMNS, split_sentences


def _split(text: str) -> list[str]:
    articles = pd.DataFrame({"article_id": ["a1"], "text": [text]})
    return split_sentences(articles)["text"].tolist()


def test_split_sentences__offsets_are_exact():
    text = "MOSCOW DENIES REPORT\n\n  The Kremlin said no.  Officials in Kyiv disagreed!\n"
    articles = pd.DataFrame({"article_id": ["a1", "a2"], "text": [text, "One. Two."]})
    sentences = split_sentences(articles)
    assert list(sentences.columns) == SENTENCE_COLUMNS
    for row in sentences.itertuples():
        source = text if row.article_id == "a1" else "One. Two."
        assert source[row.start : row.end] == row.text
    assert sentences["sentence_id"].tolist() == [0, 1, 2, 0, 1]


def test_split_sentences__abbreviations_do_not_split():
    sentences = _split(
        "Gen. Smith met Mr. Jones at 9 a.m. on Jan. 5 in the U.S. capital. Resolution No. 2231 "
        "was cited."
    )
    assert sentences == [
        "Gen. Smith met Mr. Jones at 9 a.m. on Jan. 5 in the U.S. capital.",
        "Resolution No. 2231 was cited.",
    ]


def test_split_sentences__initials_do_not_split():
    assert _split("President George W. Bush spoke. Then he left.") == [
        "President George W. Bush spoke.",
        "Then he left.",
    ]


def test_split_sentences__dotted_abbreviation_ends_sentence_before_opener():
    assert _split("The drones were sent by the U.S. The claim was denied.") == [
        "The drones were sent by the U.S.",
        "The claim was denied.",
    ]


def test_split_sentences__closing_quote_after_period():
    assert _split('He said: "We sent none." She said "no." Talks go on.') == [
        'He said: "We sent none."',
        'She said "no."',
        "Talks go on.",
    ]


def test_split_sentences__line_breaks_always_split():
    assert _split("Home | World | Business\nIRAN REJECTS CLAIM\nThe envoy spoke") == [
        "Home | World | Business",
        "IRAN REJECTS CLAIM",
        "The envoy spoke",
    ]


def test_split_sentences__glued_sentences_split():
    assert _split("The talks ended.The envoy left.") == ["The talks ended.", "The envoy left."]


def test_split_sentences__empty_and_missing_text_give_no_rows():
    articles = pd.DataFrame({"article_id": ["a", "b"], "text": ["", None]})
    sentences = split_sentences(articles)
    assert sentences.empty
    assert list(sentences.columns) == SENTENCE_COLUMNS


def test_split_sentences__line_break_ends_a_sentence_after_an_abbreviation():
    assert _split("Talks with the U.S.\nThe Kremlin said no.   \nIran agreed!\n\n") == [
        "Talks with the U.S.",
        "The Kremlin said no.",
        "Iran agreed!",
    ]


def test_split_sentences__no_text_no_rows():
    articles = pd.DataFrame({"article_id": ["a1", "a2", "a3"], "text": [None, "", "Yes."]})
    sentences = split_sentences(articles)
    assert sentences[["article_id", "sentence_id", "text"]].values.tolist() == [["a3", 0, "Yes."]]
