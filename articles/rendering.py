"""
Turning an article body (plain text) into what pages show: paragraphs and subheads,
with each located quote marked, and the sentence around a quote.
"""

import re
from dataclasses import dataclass, field

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SENTENCE_END = re.compile(r"""[.!?]["”’']?(?=\s)|\n""")
SUBHEAD_MAX = 80


@dataclass
class Piece:
    text: str
    quote: object = None


@dataclass
class Block:
    is_subhead: bool
    pieces: list = field(default_factory=list)


def _is_subhead(text):
    return "\n" not in text and len(text) <= SUBHEAD_MAX and not text.rstrip().endswith((".", "!", "?", ":", '"', "”"))


def body_blocks(body, quotes):
    """
    Paragraphs (blank-line separated) and subheads of `body`, each split into pieces
    so that the words of every located quote are a piece of their own. Overlapping
    quotes: the one starting first wins.
    """
    spans = sorted((q for q in quotes if q.span_start is not None), key=lambda q: (q.span_start, -q.span_end))
    blocks = []
    position = 0
    for part in _BLANK_LINE.split(body):
        start = body.index(part, position)
        end = start + len(part)
        position = end
        text = part.strip()
        if not text:
            continue
        start += len(part) - len(part.lstrip())
        end = start + len(text)
        block = Block(is_subhead=_is_subhead(text))
        cursor = start
        for quote in spans:
            if quote.span_start < cursor or quote.span_end > end or quote.span_start >= end:
                continue
            if quote.span_start > cursor:
                block.pieces.append(Piece(body[cursor : quote.span_start]))
            block.pieces.append(Piece(body[quote.span_start : quote.span_end], quote))
            cursor = quote.span_end
        if cursor < end:
            block.pieces.append(Piece(body[cursor:end]))
        blocks.append(block)
    return blocks


def sentence_around(body, start, end):
    """(before, words, after): the sentence holding body[start:end], split around it."""
    sentence_start = 0
    for match in _SENTENCE_END.finditer(body, 0, start):
        sentence_start = match.end()
    following = _SENTENCE_END.search(body, end)
    sentence_end = following.end() if following else len(body)
    return body[sentence_start:start].lstrip(), body[start:end], body[end:sentence_end].rstrip()
