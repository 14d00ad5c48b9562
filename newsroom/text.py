"""
Text normalization shared by models, import and (later) search.

Two different jobs:
- normalize_name(): a key for names and aliases, so "Ja'afari", "Jaafari" and
  "JA’AFARI" compare equal (lower case, no accents, no apostrophes, hyphens as spaces).
- find_verbatim(): where a quote's exact words sit in an article body, ignoring only
  the differences a keyboard makes: straight or typographic quotation marks and
  apostrophes, and runs of whitespace.
"""

import bisect
import difflib
import functools
import re
import unicodedata
from collections.abc import Sequence

from anyascii import anyascii
from django.utils.text import slugify

APOSTROPHES = "'\u2018\u2019\u201a\u201b\u02bc\u2032`\u00b4"
DOUBLE_QUOTES = '"\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb'
HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2212"

_FOLD = {ord(char): "'" for char in APOSTROPHES} | {ord(char): '"' for char in DOUBLE_QUOTES}
_WHITESPACE = re.compile(r"\s+")


def normalize_newlines(text: str) -> str:
    """
    Line breaks as "\n" only. Browsers send a textarea's lines ending in "\r\n", and the
    paragraph rules (a blank line between paragraphs) know "\n"; a lone "\r" is a break too.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Scripts written without most vowels: a Latin spelling of their letters alone is not
# readable (an Arabic headline would give "llm-tntdhr"), so their slugs are left to the editor.
_ABJADS = ("ARABIC", "HEBREW", "SYRIAC", "THAANA", "NKO", "SAMARITAN", "MANDAIC")


def slug_from(text: str, *, max_length: int = 200) -> str:
    """
    A slug for `text` in Latin letters: accents dropped, Cyrillic, Greek and other
    alphabets transliterated ("Переговоры в Вене" gives "peregovory-v-vene"). Empty
    when `text` is mostly in a script whose letters alone read badly in Latin (Arabic,
    Hebrew): the editor then types it.
    """
    letters = [char for char in text if char.isalpha()]
    abjad = sum(1 for char in letters if unicodedata.name(char, "").startswith(_ABJADS))
    if letters and abjad * 2 >= len(letters):
        return ""
    return slugify(anyascii(text))[:max_length].strip("-")


def normalize_name(value):
    """'Bashar al-Ja’afari' -> 'bashar al jaafari'."""
    decomposed = unicodedata.normalize("NFKD", value)
    without_accents = "".join(char for char in decomposed if not unicodedata.combining(char))
    text = without_accents.casefold()
    text = text.translate({ord(char): None for char in APOSTROPHES})
    text = text.translate({ord(char): " " for char in HYPHENS})
    return _WHITESPACE.sub(" ", text).strip()


# Whitespace that folding changes: a run of two or more, or one that is not a space.
_WHITESPACE_TO_FOLD = re.compile(r"\s{2,}|[^\S ]")


class FoldedOrigins(Sequence):
    """For each character of a folded text, the index of the character it came from."""

    def __init__(self, length, marks, shifts):
        # From folded position marks[i] on, the original is shifts[i] characters further.
        self.length, self.marks, self.shifts = length, marks, shifts

    def __len__(self):
        return self.length

    def __getitem__(self, position):
        if not -self.length <= position < self.length:
            raise IndexError(position)
        position %= self.length
        return position + self.shifts[bisect.bisect_right(self.marks, position) - 1]


@functools.lru_cache(maxsize=64)  # an article body is folded once for all its quotes
def fold_for_matching(value):
    """
    Fold quotation marks and whitespace; return the folded text and, for each of its
    characters, the index of the character it came from in `value`.
    """
    translated = value.translate(_FOLD)  # one character for one: offsets stay
    pieces, marks, shifts = [], [0], [0]
    taken = length = removed = 0
    for run in _WHITESPACE_TO_FOLD.finditer(translated):
        start, end = run.span()
        pieces += [translated[taken:start], " "]
        length += start - taken + 1
        taken = end
        if end - start > 1:
            removed += end - start - 1
            marks.append(length)
            shifts.append(removed)
    pieces.append(translated[taken:])
    length += len(translated) - taken
    return "".join(pieces), FoldedOrigins(length, marks, shifts)


def verbatim_spans(body: str, text: str) -> list[tuple[int, int]]:
    """Every (start, end) of `text` in `body`, in order, as find_verbatim() matches it."""
    needle, _ = fold_for_matching(text.strip())
    if not needle:
        return []
    haystack, origin = fold_for_matching(body)
    spans = []
    position = haystack.find(needle)
    while position != -1:
        spans.append((origin[position], origin[position + len(needle) - 1] + 1))
        position = haystack.find(needle, position + 1)
    return spans


def find_verbatim(body, text, *, near=None):
    """
    The (start, end) offsets in `body` of `text`, or None when it does not occur.

    When the words occur more than once, the occurrence closest to `near` (a
    previously stored or chosen start offset) wins, so an edit elsewhere in the body
    does not move a quote to another occurrence; without `near`, the first one.
    """
    spans = verbatim_spans(body, text)
    if not spans:
        return None
    if near is None:
        return spans[0]
    return min(spans, key=lambda span: abs(span[0] - near))


def closest_passage(body: str, text: str, *, near: int | None = None, threshold: float = 0.8) -> str:
    """
    The passage of `body` most like `text` when it differs by a few characters (a body
    edit that changed a quoted word's spelling), searched around offset `near` when
    given; "" when nothing is that close. Whole words only.
    """
    if not text or not body:
        return ""
    length = len(text)
    if near is None:
        window_start, window = 0, body
    else:
        window_start = max(0, near - 2 * length)
        window = body[window_start : near + 3 * length]
    matcher = difflib.SequenceMatcher(None, window, text, autojunk=False)
    block = matcher.find_longest_match(0, len(window), 0, length)
    if block.size == 0:
        return ""
    start = max(0, block.a - block.b)
    best, best_ratio = "", threshold
    for begin in _word_starts(window, start - 8, start + 8):
        for end in _word_ends(window, begin + length - 8, begin + length + 8):
            candidate = window[begin:end]
            compare = difflib.SequenceMatcher(None, candidate, text, autojunk=False)
            if compare.quick_ratio() < best_ratio:
                continue
            ratio = compare.ratio()
            if ratio >= best_ratio and candidate != text:
                best, best_ratio = candidate, ratio
    return best


def _word_starts(text: str, low: int, high: int) -> list[int]:
    return [i for i in range(max(0, low), min(len(text), high) + 1) if i == 0 or not text[i - 1].isalnum()]


def _word_ends(text: str, low: int, high: int) -> list[int]:
    return [i for i in range(max(1, low), min(len(text), high) + 1) if i == len(text) or not text[i].isalnum()]
