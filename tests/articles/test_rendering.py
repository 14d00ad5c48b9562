from types import SimpleNamespace

from articles.rendering import body_blocks, sentence_around

BODY = 'Talks opened.\n\nThe envoy said "we found a path" and left.\n\nNext steps\n\nMore to come.'


def quote(text, body=BODY):
    start = body.index(text)
    return SimpleNamespace(span_start=start, span_end=start + len(text))


def test_blocks_split_paragraphs_and_find_subheads():
    blocks = body_blocks(BODY, [])
    assert [(b.is_subhead, "".join(p.text for p in b.pieces)) for b in blocks] == [
        (False, "Talks opened."),
        (False, 'The envoy said "we found a path" and left.'),
        (True, "Next steps"),
        (False, "More to come."),
    ]


def test_quote_words_are_a_piece_of_their_own():
    found = quote("we found a path")
    pieces = body_blocks(BODY, [found])[1].pieces
    assert [(p.text, p.quote is found) for p in pieces] == [
        ('The envoy said "', False),
        ("we found a path", True),
        ('" and left.', False),
    ]


def test_overlapping_quotes_keep_the_first():
    outer, inner = quote("we found a path"), quote("found a")
    pieces = body_blocks(BODY, [inner, outer])[1].pieces
    assert [p.quote for p in pieces if p.quote] == [outer]


def test_sentence_around_a_quote():
    body = 'First sentence. He said "the meeting was good" and left. Last one.'
    q = quote("the meeting was good", body)
    assert sentence_around(body, q.span_start, q.span_end) == ('He said "', "the meeting was good", '" and left.')
