from hypothesis import given
from hypothesis import strategies as st

from newsbrief.text import (
    content_hash,
    count_normalised_words,
    count_words,
    detect_language,
    guess_title,
    looks_like_domain,
    needs_repair,
    normalise_text,
    strip_licence_footer,
)


def test_normalise_text__repairs_mojibake_no_break_space():
    raw = "unmanned armed aircraft.\u00c2\u00a0 According to the Post, officials met."
    assert needs_repair(raw)
    assert normalise_text(raw) == "unmanned armed aircraft. According to the Post, officials met."


def test_normalise_text__repairs_mojibake_apostrophe():
    assert normalise_text("Iran\u00e2\u20ac\u2122s envoy") == "Iran's envoy"


def test_normalise_text__leaves_clean_accented_text_alone():
    text = "Ant\u00f3nio Guterres met Erdo\u011fan in S\u00e3o Paulo."
    assert not needs_repair(text)
    assert normalise_text(text) == text


def test_normalise_text__straightens_curly_quotes():
    assert normalise_text("\u201cWe deny it,\u201d said Iran\u2019s envoy.") == (
        '"We deny it," said Iran\'s envoy.'
    )


def test_normalise_text__collapses_spaces_keeps_paragraphs():
    raw = "  First   line\t here \r\nsecond line\r\n\r\n\r\n\r\nNew  paragraph.  "
    assert normalise_text(raw) == "First line here\nsecond line\n\nNew paragraph."


def test_normalise_text__drops_zero_width_and_control_characters():
    assert normalise_text("Kre\u200bmlin\x07 said") == "Kremlin said"


def test_normalise_text__odd_spaces_and_line_edges_in_one_text():
    raw = "Tehran\u00a0 \u2003says \n\u3000 the talks\f\v go on \x85 later\n\n \n\nEnd"
    assert normalise_text(raw) == "Tehran says\nthe talks go on \x85 later\n\nEnd"


@given(st.text())
def test_normalise_text__never_crashes_deterministic_idempotent(raw):
    once = normalise_text(raw)
    assert once == normalise_text(raw)
    assert normalise_text(once) == once
    assert "  " not in once and "\n\n\n" not in once
    assert count_normalised_words(once) == count_words(once)


def test_strip_licence_footer__removes_line_and_names_source():
    text = "The minister spoke on Monday.\nAll Content by Mehr News Agency is licensed under a "
    text += "Creative Commons Attribution 4.0 International License."
    assert strip_licence_footer(text) == ("The minister spoke on Monday.", "Mehr News Agency")


def test_strip_licence_footer__same_line_as_last_paragraph():
    text = "He said talks would go on. All Content by Example Wire is licensed under a "
    text += "Creative Commons Attribution 4.0 International License."
    assert strip_licence_footer(text) == ("He said talks would go on.", "Example Wire")


def test_strip_licence_footer__no_footer_unchanged():
    text = "The content of the deal is licensed to nobody, the official said."
    assert strip_licence_footer(text) == (text, None)


def test_detect_language__english_french_and_too_short():
    assert (
        detect_language("The foreign minister said on Monday that the talks would resume.") == "en"
    )
    french = (
        "Le ministre des affaires étrangères a déclaré lundi que les discussions "
        "reprendraient la semaine prochaine à Genève avec les partenaires européens."
    )
    assert detect_language(french) == "fr"
    assert detect_language("12 34") == "und"


def test_detect_language__german_and_dutch_not_taken_for_english():
    german = (
        "Der Außenminister sagte am Montag in Berlin, dass die Gespräche mit den "
        "europäischen Partnern in der nächsten Woche in Genf fortgesetzt werden sollen, "
        "und er rechne mit einer schnellen Einigung über die Sanktionen gegen das Land."
    )
    dutch = (
        "De minister van Buitenlandse Zaken zei maandag dat de gesprekken met de "
        "Europese partners volgende week in Genève worden voortgezet en dat hij een "
        "snelle overeenkomst over de sancties tegen het land verwacht, dit is zijn doel."
    )
    assert detect_language(german) == "de"
    assert detect_language(dutch) == "nl"


def test_detect_language__english_headline_without_function_words():
    assert detect_language("Zelensky dismisses UK ambassador") == "en"


def test_content_hash__stable_and_text_sensitive():
    assert content_hash("abc") == content_hash("abc")
    assert content_hash("abc") != content_hash("abd")
    assert len(content_hash("abc")) == 16


def test_count_words():
    assert count_words("one two\nthree  four") == 4


def test_count_normalised_words__lines_blank_lines_and_kept_separators():
    assert count_normalised_words("") == 0
    assert count_normalised_words("one") == 1
    assert count_normalised_words("one two\nthree\n\nfour five") == 5
    assert count_normalised_words("one\u2028two three") == 3


def test_looks_like_domain():
    assert looks_like_domain("UrduPoint.com")
    assert looks_like_domain("www.example.az")
    assert not looks_like_domain("Kremlin denies using drones")


def test_guess_title__headline_line_then_body():
    text = "Kremlin rejects claims about drone use\n\nThe spokesman said on Tuesday ..."
    assert guess_title(text) == "Kremlin rejects claims about drone use"


def test_guess_title__first_paragraph_is_not_a_title():
    assert guess_title("TEHRAN- The mission said on Friday that it denied it.\nMore.") is None
    assert guess_title("Only one line here and nothing else") is None
    assert guess_title('He said there is "no confirmation of the reports."\nMore.') is None
