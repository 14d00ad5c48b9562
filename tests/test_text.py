import random

import pytest

from newsroom.text import APOSTROPHES, DOUBLE_QUOTES, closest_passage, find_verbatim, fold_for_matching, normalize_name


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


MARKS = {ord(char): "'" for char in APOSTROPHES} | {ord(char): '"' for char in DOUBLE_QUOTES}


def fold_one_character_at_a_time(value):
    """The definition fold_for_matching must keep: each character, in order, whitespace runs as one space."""
    folded, origin, previous_space = [], [], False
    for index, char in enumerate(value):
        if char.isspace():
            if previous_space:
                continue
            previous_space = True
            folded.append(" ")
        else:
            previous_space = False
            folded.append(char.translate(MARKS))
        origin.append(index)
    return "".join(folded), origin


def test_folding_keeps_every_offset():
    # Spaces of every kind (no-break, em, form feed, U+0085), typographic marks, in random runs.
    alphabet = "ab \n\t\u00a0\u2003\u2019'\"\u201c\u00ab\x1c\x85\r"
    rng = random.Random(7)
    for _ in range(5000):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        folded, origin = fold_for_matching(value)
        assert (folded, list(origin)) == fold_one_character_at_a_time(value), repr(value)


def test_folded_offsets_index_like_a_list():
    _, origin = fold_for_matching("a  b")
    assert (len(origin), origin[-1], list(origin)) == (3, 3, [0, 1, 3])
    with pytest.raises(IndexError):
        origin[3]


def test_the_closest_passage_is_the_body_wording_of_a_slightly_changed_quote():
    body = "Envoys met on Monday. The meeting was good and constructive, said the envoy. Then they left."
    assert (
        closest_passage(body, "The meeting was good and constuctive", near=22)
        == "The meeting was good and constructive"
    )


def test_no_passage_is_offered_for_words_the_body_does_not_hold():
    body = "Envoys met on Monday. The meeting was good and constructive, said the envoy."
    assert closest_passage(body, "An entirely different sentence here", near=22) == ""
