"""Finding quoted spans: pairing quotation marks and telling quotes from names and scare quotes."""

import re

from .lexicon import DETERMINERS, FUNCTION_WORDS, SENTENCE_END, SPEECH_VERBS, TRAILING, WORD

# Opening marks and the mark that closes each: English “…”, French and Russian «…» (with
# ‹…› inside), German and Central European „…“ (whose closing mark is the English opener).
PAIRS = {"“": "”", "«": "»", "„": "“", "‹": "›"}


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """
    (open, close) offsets of each pair of quotation marks; the words lie in text[open+1:close],
    without the spaces French typography puts inside guillemets. A mark inside an open pair
    that does not close it (‹ in «…») is part of the quotation.
    """
    spans, open_at, closer, straight_open = [], None, "", None
    for index, char in enumerate(text):
        if open_at is not None and char == closer:
            spans.append((open_at, index))
            open_at = None
        elif open_at is None and char in PAIRS:
            open_at, closer = index, PAIRS[char]
        elif char == '"':
            if straight_open is None:
                straight_open = index
            else:
                spans.append((straight_open, index))
                straight_open = None
    # A quote left open runs to the end of its paragraph (a quote continued in the next one).
    for start in (open_at, straight_open):
        if start is not None and len(text[start + 1 :].split()) >= 5:
            spans.append((start, len(text)))
    return sorted(_inside_spaces(text, start, end) for start, end in spans)


def _inside_spaces(text: str, start: int, end: int) -> tuple[int, int]:
    """The pair moved in past spaces next to the marks: « Nous restons » holds "Nous restons"."""
    while start + 1 < end and text[start + 1].isspace():
        start += 1
    while end - 1 > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_bounds(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """Sentence boundaries of `text`, ignoring the full stops inside quotations."""
    inside = [(start, end) for start, end in spans]
    bounds = [0]
    for match in SENTENCE_END.finditer(text):
        position = match.start()
        # A full stop inside a quotation ends the sentence around it only when the
        # closing mark follows at once ("... concrete "results." Russia ...").
        if any(start < position < end and match.end() <= end for start, end in inside):
            continue
        bounds.append(match.end())
    bounds.append(len(text))
    return bounds


def words_of(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def _has_speech_verb(text: str) -> bool:
    lowered = text.lower()
    return bool(set(words_of(text)) & SPEECH_VERBS) or "according to" in lowered


def _is_title(words_text: str) -> bool:
    words = words_text.split()
    significant = [w for w in words if w.lower() not in {"of", "the", "and", "for", "on", "in", "a", "an", "de"}]
    return len(words) >= 2 and all(w[:1].isupper() for w in significant)


def classify(paragraph: str, open_at: int, close_at: int, context_start: int, context_end: int) -> str | None:
    """'direct', 'partial', or None for a name, title or scare quote."""
    inner = paragraph[open_at + 1 : close_at]
    words = inner.split()
    before = paragraph[context_start:open_at]
    after = paragraph[close_at + 1 : context_end]
    context = before + " " + after
    previous = words_of(before)[-1:] or [""]
    following = words_of(after)[:1] or [""]
    stripped_before = before.rstrip()
    if not words:
        return None
    # Named or nicknamed things: the so-called "green line", a plan dubbed "Lakeshore".
    if re.search(r"(?:so-called|dubbed|nicknamed|known as|code-?named|entitled|titled)\s*$", stripped_before, re.I):
        return None
    # A short quoted modifier between a determiner and a noun: an "intra-Afghan" dialogue.
    if (
        len(words) <= 3
        and previous[0] in DETERMINERS
        and following[0]
        and following[0] not in FUNCTION_WORDS
        and after[:1] == " "
    ):
        return None
    # A Title Case name after a determiner: the "Congress of National Dialogue".
    if previous[0] in DETERMINERS and _is_title(inner.strip(TRAILING + " ")) and len(words) <= 6:
        return None
    if not _has_speech_verb(context) and not stripped_before.endswith(":"):
        return None
    first = inner.lstrip()[:1]
    sentence_start = not stripped_before or stripped_before.endswith((":", ".", "!", "?"))
    after_verb = stripped_before.endswith(",") or stripped_before.endswith(":")
    # A whole utterance: capitalised, and closed by its own punctuation ("The meeting was good,").
    complete = inner.rstrip()[-1:] in {",", ".", "!", "?"} and len(words) >= 2
    if first.isupper() and (sentence_start or after_verb or complete or len(words) >= 6):
        return "direct"
    return "partial"
