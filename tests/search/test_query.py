import pytest

from newsroom.search.query import parse


def shape(raw):
    parsed = parse(raw)
    return [[t.text for t in group] for group in parsed.groups], [t.text for t in parsed.excluded]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Sochi talks", ([["sochi"], ["talks"]], [])),
        ('"last hope" envoy', ([["last hope"], ["envoy"]], [])),
        ("Sochi -Geneva", ([["sochi"]], ["geneva"])),
        ('Sochi -"Geneva process"', ([["sochi"]], ["geneva process"])),
        ("zebra OR giraffe lion", ([["zebra", "giraffe"], ["lion"]], [])),
        ("Ja'afari", ([["jaafari"]], [])),
        ("Ja’afari", ([["jaafari"]], [])),
        ("Zürich", ([["zurich"]], [])),
        ("al-Ja'afari", ([["al jaafari"]], [])),
        ("the talks", ([["talks"]], [])),
        ('"the meeting was good"', ([["the meeting was good"]], [])),
    ],
)
def test_parse(raw, expected):
    assert shape(raw) == expected


@pytest.mark.parametrize(
    "raw", ['"unclosed phrase', "OR", "-", "--", "OR OR zebra OR", '"', "((zebra)", "*", "a AND", ""]
)
def test_malformed_input_degrades_to_words(raw):
    parsed = parse(raw)
    for term in parsed.positive_terms + parsed.excluded:
        assert all(word.isalnum() for word in term.words)


def test_unclosed_quote_becomes_a_phrase_to_the_end():
    assert shape('envoy "last hope') == ([["envoy"], ["last hope"]], [])


def test_only_exclusions_is_empty():
    assert parse("-geneva").is_empty


def test_fts5_expression_quotes_every_term():
    assert parse('zebra OR "big cat" -lion').as_fts5() == '(("zebra" OR "big cat")) NOT ("lion")'


def test_fts5_expression_names_the_kind_by_its_private_token():
    assert parse("zebra").as_fts5(kind="actor") == '"\ue010actor" AND ("zebra")'


def test_no_search_word_can_hold_the_kind_token():
    assert parse("\ue010actor").as_fts5() == '"actor"'
