import pytest

from newsroom.text import find_verbatim, normalize_name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Bashar al-Ja'afari", "bashar al jaafari"),
        ("Bashar al-Ja’afari", "bashar al jaafari"),
        ("BASHAR AL-JAAFARI", "bashar al jaafari"),
        ("Jean-Yves Le Drian", "jean yves le drian"),
        ("Staffan  de Mistura ", "staffan de mistura"),
        ("Ankara’s Çavuşoğlu", "ankaras cavusoglu"),
    ],
)
def test_normalize_name_ignores_case_accents_apostrophes_and_hyphens(name, expected):
    assert normalize_name(name) == expected


def test_find_verbatim_returns_offsets_in_the_original_body():
    body = 'He said: "The meeting was good," and left.'
    start, end = find_verbatim(body, "The meeting was good")
    assert body[start:end] == "The meeting was good"


def test_find_verbatim_treats_typographic_and_straight_apostrophes_alike():
    body = "“We don’t accept it,” she said."
    start, end = find_verbatim(body, "We don't accept it")
    assert body[start:end] == "We don’t accept it"


def test_find_verbatim_ignores_line_breaks_and_repeated_spaces():
    body = "the last\n  hope for peace"
    start, end = find_verbatim(body, "last hope")
    assert body[start:end] == "last\n  hope"


def test_find_verbatim_is_case_sensitive():
    assert find_verbatim("The Meeting Was Good", "the meeting was good") is None


def test_find_verbatim_prefers_the_occurrence_nearest_the_old_span():
    body = "results first, then more results"
    assert find_verbatim(body, "results") == (0, 7)
    assert find_verbatim(body, "results", near=24) == (25, 32)
