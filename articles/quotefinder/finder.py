"""The finder: an article's quotes with their attribution, from a gazetteer or from the database."""

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from .attribution import (
    Resolution,
    attribution_phrase,
    channel_of,
    clean_phrase,
    find_relay,
    resolve_speaker,
    round_in,
    same_as,
)
from .gazetteer import Entry, Gazetteer, RoundEntry
from .lexicon import INTRODUCING_ROLES, NOT_FIRST_NAMES, PRONOUNS, TRAILING
from .spans import classify, quoted_spans, sentence_bounds, words_of


@dataclass
class Suggestion:
    start: int
    end: int
    text: str
    kind: str
    speaker_label: str = ""
    speaker: Entry | None = None
    new_speaker_name: str = ""
    anonymous: bool = False
    speaker_affiliation: Entry | None = None
    via: Entry | None = None
    via_label: str = ""
    channel: str = ""
    round: RoundEntry | None = None
    confidence: float = 0.5
    in_headline: bool = False
    role_note: str = ""
    recorded: bool = False
    recorded_id: int | None = None  # the quote of the article that already holds these words
    round_note: str = ""
    attribution_basis: str = "stated"  # or "inferred": see Quote.attribution_basis

    @property
    def speaker_slug(self) -> str | None:
        return self.speaker.slug if self.speaker else None

    @property
    def via_slug(self) -> str | None:
        return self.via.slug if self.via else None


_PARAPHRASE = re.compile(
    r"\b(?:which|who|whom)\s+(?P<pronoun>he|she|they)\s+said\s+(?P<clause>[^.;]+)",
    re.I,
)


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """Paragraphs, whether separated by blank lines or single line breaks."""
    position = 0
    for part in re.split(r"(\n\s*)", text):
        if part.strip():
            yield position, part
        position += len(part)


def find_quotes(headline: str | None, body: str, *, gazetteer: Gazetteer) -> list[Suggestion]:
    """Every quote the finder proposes in `body` (and in `headline`), in reading order."""
    suggestions = []
    history: list[Resolution] = []
    mentions = _mentions(body, gazetteer)
    introduced = _introduced(body, gazetteer)
    for offset, paragraph in _paragraphs(body):
        suggestions += _paragraph_quotes(paragraph, offset, gazetteer, history, mentions, introduced)
    for suggestion in _paragraph_quotes(
        headline or "", 0, gazetteer, list(history), _mentions(headline or "", gazetteer)
    ):
        if not any(s.text == suggestion.text for s in suggestions):
            suggestion.in_headline = True
            suggestions.append(suggestion)
    return suggestions


def _mentions(text: str, gazetteer: Gazetteer) -> list[tuple[int, Entry]]:
    """Actors named in `text` outside quotations, as (offset, entry): what pronouns can refer to."""
    inside = []
    for offset, paragraph in _paragraphs(text):
        inside += [(offset + a, offset + b) for a, b in quoted_spans(paragraph)]
    return [
        (start, entry)
        for start, end, entry in gazetteer.find(text)
        if entry.kind != "media" and not any(a < start < b for a, b in inside)
    ]


# Two or three capitalised words: "Maria Ostrova", "Ahmad al-Tamimi".
_NAME = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?(?: (?:al-|de |van |von |bin )?[A-Z][a-z]+(?:-[A-Z][a-z]+)?){1,2}"
# A person the story introduces who is not in the database yet: "Maria Ostrova, a delegate,",
# "Ms Ostrova", "delegate Maria Ostrova". A pronoun after it is theirs, not the last known
# actor's: the finder proposes creating them.
_INTRODUCED = re.compile(
    rf"(?:\b(?:Mr|Ms|Mrs|Dr)\.? |\b(?:{'|'.join(INTRODUCING_ROLES)}) )(?P<titled>{_NAME})"
    rf"|(?P<apposed>{_NAME}), (?:a|an|the|who)\b"
)


def _introduced(text: str, gazetteer: Gazetteer) -> list[tuple[int, str]]:
    """People introduced in the narration of `text` (outside quotations) and unknown to `gazetteer`."""
    inside = []
    for offset, paragraph in _paragraphs(text):
        inside += [(offset + a, offset + b) for a, b in quoted_spans(paragraph)]
    people = []
    for match in _INTRODUCED.finditer(text):
        name = match.group("titled") or match.group("apposed")
        start = match.start("titled") if match.group("titled") else match.start("apposed")
        if any(a < start < b for a, b in inside) or gazetteer.find(name) or name.split()[0] in NOT_FIRST_NAMES:
            continue
        people.append((start, name))
    return people


def _before(mentions: list[tuple[int, Entry]], position: int, new_names: list[tuple[int, str]]) -> list[Entry | str]:
    ordered: list[tuple[int, Entry | str]] = sorted(
        [*((p, e) for p, e in mentions if p < position), *((p, n) for p, n in new_names if p < position)],
        key=lambda item: item[0],
    )
    return [item for _, item in ordered]


def _paragraph_quotes(
    paragraph: str,
    offset: int,
    gazetteer: Gazetteer,
    history: list[Resolution],
    mentions: list[tuple[int, Entry]],
    introduced: Sequence[tuple[int, str]] = (),
) -> list[Suggestion]:
    spans = quoted_spans(paragraph)
    bounds = sentence_bounds(paragraph, spans)
    found: list[Suggestion] = []
    new_names = [(getattr(r, "position", 0), r.new_name) for r in history if r.new_name] + list(introduced)
    for open_at, close_at in spans:
        start = max(b for b in bounds if b <= open_at)
        end = min(b for b in bounds if b >= close_at + 1) if close_at < len(paragraph) else len(paragraph)
        kind = classify(paragraph, open_at, close_at, start, end)
        before, after = paragraph[start:open_at], paragraph[close_at + 1 : end]
        continued = kind is None and found and not before.strip() and not after.strip(" .,")
        if continued:
            # A quote that is a sentence of its own right after an attributed one continues it.
            kind = "direct" if paragraph[open_at + 1 : open_at + 2].isupper() else None
        if kind is None:
            continue
        inner_start, inner_end = open_at + 1, close_at
        raw = paragraph[inner_start:inner_end]
        text = raw.strip().rstrip(TRAILING).strip()
        if not text:
            continue
        lead = len(raw) - len(raw.lstrip())
        context = paragraph[start:end]
        position = offset + open_at
        relay, relay_label, quoted_speaker = find_relay(context, gazetteer)
        phrase = clean_phrase(quoted_speaker) if quoted_speaker else attribution_phrase(before, after)
        if relay is not None and phrase and gazetteer.media_in(phrase) and not quoted_speaker:
            phrase = attribution_phrase("", after) or phrase
        if relay_label and relay_label.lower() in phrase.lower():
            phrase = ""  # the relay is not the speaker: "according to Reuters", "told AFP"
        single = phrase.split()
        if len(single) == 1 and single[0][:1].isupper() and not gazetteer.find(phrase):
            # "Quill said": the full name was given earlier in the paragraph ("Marta Quill, a spokeswoman").
            full = re.search(rf"\b([A-Z][\w'’-]+ {re.escape(single[0])})\b", paragraph[:open_at])
            if full:
                new_names.append((offset + full.start(), full.group(1)))
        if continued:
            previous = found[-1]
            resolution = Resolution(
                label="",
                speaker=previous.speaker,
                new_name=previous.new_speaker_name,
                anonymous=previous.anonymous,
                affiliation=previous.speaker_affiliation,
                confidence=0.7,
                inferred=True,
            )
            relay, relay_label = previous.via, previous.via_label
        else:
            resolution = resolve_speaker(phrase, gazetteer, history, _before(mentions, position, new_names))
        if resolution.speaker is not None and resolution.speaker.kind == "media" and resolution.speaker == relay:
            resolution = Resolution(confidence=0.3)
        if resolution.speaker is None and not resolution.anonymous and not resolution.new_name:
            resolution = _named_in(before, gazetteer) or resolution
        if resolution.speaker is None and not resolution.anonymous and not resolution.new_name and history:
            resolution = replace(same_as(history[-1], confidence=0.5), inferred=True)
        if relay is None and not relay_label and words_of(phrase)[:1] and words_of(phrase)[0] in PRONOUNS:
            # "Marenko told Meridian that ... 'The agenda is short,' she said": the relay carries over.
            relay, relay_label, _ = find_relay(paragraph[:start], gazetteer)
        if resolution.speaker is not None or resolution.anonymous or resolution.new_name:
            resolution.position = position
            history.append(resolution)
            if resolution.new_name:
                new_names.append((position, resolution.new_name))
        found.append(
            Suggestion(
                start=offset + inner_start + lead,
                end=offset + inner_start + lead + len(text),
                text=text,
                kind=kind,
                speaker_label=resolution.label,
                speaker=resolution.speaker,
                new_speaker_name=resolution.new_name,
                anonymous=resolution.anonymous,
                speaker_affiliation=resolution.affiliation,
                via=relay,
                via_label=relay_label,
                channel=channel_of(context),
                round=round_in(context, gazetteer) or round_in(paragraph, gazetteer),
                confidence=round(resolution.confidence * (1.0 if kind == "direct" else 0.95), 2),
                attribution_basis="inferred" if resolution.inferred else "stated",
            )
        )
    if not spans:
        found += _paraphrases(paragraph, offset, gazetteer, history, mentions)
    return found


def _named_in(before: str, gazetteer: Gazetteer) -> Resolution | None:
    """
    Fallback: the last known speaker named before the quote in its sentence, with the
    description set off by commas before the name as its label ("the head of the
    delegation, Bashar al-Ja'afari, offered only that ...").
    """
    candidates = [item for item in gazetteer.find(before) if item[2].kind != "media"]
    if not candidates:
        return None
    start, end, entry = ([item for item in candidates if item[2].kind == "person"] or candidates)[-1]
    segments = before[:start].rstrip().rstrip(",").rsplit(",", 1)
    previous = segments[-1].strip() if before[:start].rstrip().endswith(",") else ""
    label = previous if re.match(r"(?:the|a|an)\b", previous, re.I) else before[start:end]
    return Resolution(label=label, speaker=entry, confidence=0.7)


def _paraphrases(
    paragraph: str, offset: int, gazetteer: Gazetteer, history: list[Resolution], mentions: list[tuple[int, Entry]]
) -> list[Suggestion]:
    found: list[Suggestion] = []
    for match in _PARAPHRASE.finditer(paragraph):
        clause = match.group("clause").strip()
        sentence_start = paragraph.rfind(". ", 0, match.start()) + 1
        subject = paragraph[sentence_start : match.start()].split(",")[0]
        subject = re.split(r"\s+(?:has|had|have|was|is|placed|put|blamed)\b", subject.strip())[0]
        start = offset + match.start("clause")
        resolution = resolve_speaker(clean_phrase(subject), gazetteer, history, _before(mentions, start, []))
        found.append(
            Suggestion(
                start=start,
                end=start + len(clause),
                text=clause,
                kind="paraphrase",
                speaker_label=resolution.label,
                speaker=resolution.speaker,
                new_speaker_name=resolution.new_name,
                anonymous=resolution.anonymous,
                speaker_affiliation=resolution.affiliation,
                round=round_in(paragraph, gazetteer),
                confidence=0.4,
            )
        )
    return found
