import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsbrief.dates import find_publication_date, parse_date, split_header_line


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-10-18", ("2022-10-18", "day")),
        ("2022-10", ("2022-10", "month")),
        ("2022", ("2022", "year")),
        ("2022-10-18T12:53:00Z", ("2022-10-18", "day")),
        ("October 18, 2022", ("2022-10-18", "day")),
        ("Oct. 18 2022", ("2022-10-18", "day")),
        ("18 October 2022", ("2022-10-18", "day")),
        ("22nd November, 2022", ("2022-11-22", "day")),
        ("18.10.2022", ("2022-10-18", "day")),
        ("20/07/2025", ("2025-07-20", "day")),
        ("07/20/2025", ("2025-07-20", "day")),
        ("Sept 3, 2023", ("2023-09-03", "day")),
        ("October 2022", ("2022-10", "month")),
    ],
)
def test_parse_date__accepted_forms(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    ["", None, "yesterday", "2022-13-01", "February 30, 2023", "31.02.2022", "1850-01-01", "12:53"],
)
def test_parse_date__rejects_invalid(value):
    assert parse_date(value) is None


def test_split_header_line__day_with_source_on_line():
    date, rest, body = split_header_line(" date 2022-11-22 Example.com\n\nHeadline here\nBody.")
    assert date == ("2022-11-22", "day")
    assert rest == "Example.com"
    assert body == "\nHeadline here\nBody."


def test_split_header_line__month_precision():
    date, rest, _ = split_header_line(" date 2023-06 The minister said on Friday ...")
    assert date == ("2023-06", "month")
    assert rest.startswith("The minister")


def test_split_header_line__absent_leaves_text_unchanged():
    raw = "TEHRAN- The ministry said on 2022-10-18 that ..."
    assert split_header_line(raw) == (None, "", raw)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Headline of the story\n\nJane Roe Published: 27th October 2022 10:01 am IST\n\nBody.",
         "2022-10-27"),
        ("A headline\nAli Khan (@alikhan) Published November 22, 2022 | 03:30 PM\nBody text.",
         "2022-11-22"),
        ("Some headline\nUpdated 12:57 27.08.2023\nThe envoy said on Monday ...", "2023-08-27"),
        ("Headline\nBy WIRE STAFF\nOCTOBER 18, 2022 12:53\nThe council met on Tuesday.",
         "2022-10-18"),
        ("Headline words here\nSeptember 10 2024, 02:32 PM  •  1599 views\nBody.", "2024-09-10"),
        ("For Immediate Release\nJuly 6, 2023\nStatement text follows here.", "2023-07-06"),
        ("20/07/2025\nThe plant has grown significantly since it opened.", "2025-07-20"),
        ("MOSCOW (Example News / Wire - 22nd November, 2022) The mission has asked ...",
         "2022-11-22"),
        ("KYIV, Oct. 18, 2022 (Agency) -- Officials said drones struck the city.", "2022-10-18"),
        ("Headline\n18 October, 2022, 11:15 pm\nLast modified: 19 October, 2022, 09:00 am\nBody",
         "2022-10-18"),
        ("Headline\nTue 18 Oct 2022 12.53 BST\nBody.", "2022-10-18"),
        ("Headline\nOct 18, 2022 / 12:53 PM / Updated 2 years ago\nBody", "2022-10-18"),
        ("Headline\nPUBLISHED: 12:53 BST, 18 October 2022 | UPDATED: 13:10 BST, 19 October 2022",
         "2022-10-18"),
        ("Headline\nBy Jane Doe and John Roe | October 18, 2022\nBody", "2022-10-18"),
        ("Headline\n2022-10-18 12:53\nBody", "2022-10-18"),
        ("VIENNA, October 18, 2022 (Agency) - The envoy said talks would resume.", "2022-10-18"),
    ],
)  # fmt: skip
def test_find_publication_date__page_states_its_date(text, expected):
    found = find_publication_date(text)
    assert found is not None and found.published == expected
    assert found.precision == "day"


@pytest.mark.parametrize(
    "text",
    [
        # a date the article talks about, in running text
        "The ban was lifted on October 18, 2020, after talks in Vienna between the parties "
        "that had lasted for several months and ended without a deal.",
        "The report was published on October 18, 2020 by a think tank in Washington.",
        # a photo caption
        "Headline\nPolice officers shoot at a drone during a strike on the capital, seen in "
        "Kyiv, Ukraine October 17, 2022. REUTERS/Photographer Name\nBody text goes here.",
        # a tweet embed and a copyright year
        "Headline\n- Defence Ministry (@DefenceMin) October 17, 2022\nBody.",
        "Headline\nBody text of the story.\n© 2022 Example Media. All rights reserved.",
        # a dateline without a year
        "UNITED NATIONS, July 6. /AGENCY/. The under-secretary said nothing more.",
        # short dates without a year
        "Headline\nOn December 25, an outlet reported that the talks resumed.",
        "KYIV, Oct 18 (Wire) - Officials said drones struck the city.",
        # a short sentence about a past date, on its own line
        "Headline\nThe deal went into effect on January 16, 2016.\nMore text.",
        "",
    ],
)
def test_find_publication_date__never_takes_a_date_merely_mentioned(text):
    assert find_publication_date(text) is None


def test_find_publication_date__published_wins_over_updated():
    text = "Headline\nUpdated: 3 March 2023\nPublished: 1 March 2023\nBody."
    assert find_publication_date(text).published == "2023-03-01"


def test_find_publication_date__timeline_lines_are_not_a_page_date():
    text = (
        "Key dates\n24 February 2022: troops cross the border\n"
        "2 March 2022: assembly vote\n14 March 2022: talks open\nThe war began ..."
    )
    assert find_publication_date(text) is None


def test_find_publication_date__only_near_the_top():
    body = "\n".join(f"Paragraph {i} says something about the talks." for i in range(40))
    assert find_publication_date(body + "\nOctober 18, 2022") is None


@given(st.text())
def test_parse_date__never_crashes_and_is_deterministic(value):
    assert parse_date(value) == parse_date(value)


@given(st.text())
def test_find_publication_date__never_crashes_and_is_deterministic(text):
    first = find_publication_date(text)
    assert first == find_publication_date(text)
    if first is not None:
        assert parse_date(first.published) == (first.published, first.precision)
