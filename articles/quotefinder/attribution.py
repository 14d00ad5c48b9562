"""Attribution: who said a quote (before or after it, pronouns, roles), through whom, on what channel."""

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from newsroom.text import normalize_name

from .gazetteer import Entry, Gazetteer, RoundEntry
from .lexicon import ANONYMOUS_NOUNS, CHANNELS, GENERIC_RELAYS, PRONOUNS, RELAY_PATTERNS, SPEECH_VERBS
from .spans import words_of


def clean_phrase(phrase: str) -> str:
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,;:\"“”'")
    phrase = re.sub(
        r"\b(?:also|later|then|again|earlier|separately|on \w+day|last week|this week|in a (?:written )?statement"
        r"|in an interview|at a (?:news|press) conference)\b",
        "",
        phrase,
        flags=re.I,
    )
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,;:")
    phrase = re.sub(r"^(?:and|but|while|as|whereas|yet)\s+", "", phrase, flags=re.I)
    return phrase.strip(" ,;:")


_VERB_ALTERNATION = "|".join(sorted(SPEECH_VERBS, key=len, reverse=True))
_AFTER_SPEAKER_VERB = re.compile(
    rf"^\s*[,.!?]?\s*(?P<speaker>[^\"“”]+?),?\s+(?:was quoted|(?:has |had |have )?(?:{_VERB_ALTERNATION}))\b",
    re.I,
)
_AFTER_VERB_SPEAKER = re.compile(
    rf"^\s*[,.!?]?\s*(?:{_VERB_ALTERNATION})\s+(?P<speaker>[^,.;:\"“”]+)",
    re.I,
)
_BEFORE_SPEAKER = re.compile(
    # The subject of the last speech verb: no other speech verb may follow.
    rf"(?P<speaker>[^,;:\"“”()]+?)\s+(?:has |had |have |was |is )?(?:{_VERB_ALTERNATION})\b"
    rf"(?!.*\b(?:{_VERB_ALTERNATION})\b)",
    re.I | re.S,
)
_COLON_SUBJECT = re.compile(r"(?P<speaker>[^,;:\"“”]+?)\s+(?:was|is|were|are|has been|had been|sounded|seemed)\b")


def attribution_phrase(before: str, after: str) -> str:
    """The speaker as printed, found after the quote ("...," said X) or before it (X said "...")."""
    after_clause = re.split(r"[\"“]", after, maxsplit=1)[0]
    for pattern in (_AFTER_VERB_SPEAKER, _AFTER_SPEAKER_VERB):
        match = pattern.match(after_clause)
        if match:
            speaker = match.group("speaker")
            if pattern is _AFTER_SPEAKER_VERB and len(speaker.split()) > 14:
                continue
            return clean_phrase(speaker)
    before_clause = re.split(r"[\"“”]", before)[-1]
    # The subject of the sentence's last speech verb, reading through earlier quotes:
    # 'Moscow says the goal was to "efficiently" sustain the talks with concrete "results."'
    unquoted = re.sub(r"[\"“”]", "", before)
    match = _BEFORE_SPEAKER.search(unquoted)
    if match:
        phrase = clean_phrase(match.group("speaker"))
        first = phrase.split()[0] if phrase else ""
        if first[:1].islower() and first not in {"the", "a", "an"} and first not in PRONOUNS:
            # "Ferrand, speaking in Dravograd, said": the subject is before the participle clause.
            earlier = [part.strip() for part in unquoted[: match.start("speaker")].split(",") if part.strip()]
            if earlier:
                phrase = clean_phrase(earlier[-1])
        return phrase
    if before_clause.rstrip().endswith(":"):
        head = before_clause.rstrip()[:-1]
        head = head.split(",")[-1]
        subject = _COLON_SUBJECT.search(head)
        return clean_phrase(subject.group("speaker") if subject else head)
    return ""


def find_relay(context: str, gazetteer: Gazetteer) -> tuple[Entry | None, str, str]:
    """(relay entry or None, relay as printed, speaker phrase from 'X quoted Y as saying' or '')."""
    for pattern in RELAY_PATTERNS:
        for match in pattern.finditer(context):
            printed = match.group("relay").strip()
            speaker = match.groupdict().get("speaker") or ""
            media = gazetteer.media_in(printed)
            if media:
                return media[0], printed, speaker
            lowered = printed.lower()
            generic = next((g for g in GENERIC_RELAYS if g in lowered), None)
            if generic:
                return None, generic, speaker
            if printed in {"Twitter", "X", "Facebook", "Telegram"}:
                return None, printed, speaker
    return None, "", ""


def channel_of(context: str) -> str:
    for pattern, channel in CHANNELS:
        if pattern.search(context):
            return channel
    return ""


@dataclass
class Resolution:
    label: str = ""
    speaker: Entry | None = None
    new_name: str = ""
    anonymous: bool = False
    affiliation: Entry | None = None
    confidence: float = 0.9
    position: int = 0
    # Taken from the context (the quote's own sentence names nobody): Quote.attribution_basis.
    inferred: bool = False


_PROPER_NAME = re.compile(
    r"\b([A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?(?: (?:al-|de |van |von |bin )?[A-Z][a-z]+(?:-[A-Z][a-z]+)?){1,2})\b"
)
_ROLE_NOUNS = re.compile(
    r"\b(minister|envoy|mediator|spokesman|spokeswoman|spokesperson|president|ambassador|negotiator|commander|"
    r"secretary|chief|leader|representative|delegate|prime minister|foreign minister|official)\b",
    re.I,
)


def same_as(previous: Resolution, *, confidence: float) -> Resolution:
    """The previous attribution again, with its own confidence (and no position of its own)."""
    return replace(previous, confidence=confidence, position=0)


COLLECTIVES = {
    "group": {"armed_group", "organization"},
    "front": {"armed_group"},
    "movement": {"armed_group", "organization"},
    "alliance": {"organization", "armed_group"},
    "organisation": {"organization"},
    "organization": {"organization"},
    "government": {"government"},
    "ministry": {"government"},
    "council": {"organization"},
}


def _from_mentions(phrase: str, mentions: Sequence[Entry | str], history: list[Resolution]) -> Resolution | None:
    """
    Who a pronoun or a generic noun stands for: the nearest earlier mention of a
    fitting actor ("he" -> the last person named; "the group" -> the last armed group
    or organization; "the minister" -> the last person with that role).
    """
    words = words_of(phrase)
    if not words:
        return None
    head = words[-1]
    if words[0] in PRONOUNS and len(words) <= 2:
        wanted = (
            {"person"} if words[0] in {"he", "she", "him", "her"} else {"government", "organization", "armed_group"}
        )
        for mention in reversed(mentions):
            if isinstance(mention, str):
                if "person" in wanted:
                    return Resolution(label="", new_name=mention, confidence=0.7)
                continue
            if mention.kind in wanted:
                return Resolution(label="", speaker=mention, confidence=0.75)
        if history:
            return same_as(history[-1], confidence=0.6)
        return Resolution(label=phrase, confidence=0.3)
    if words[0] == "the" and len(words) <= 3 and head in COLLECTIVES:
        for mention in reversed(mentions):
            if not isinstance(mention, str) and mention.kind in COLLECTIVES[head]:
                return Resolution(label=phrase, speaker=mention, confidence=0.7)
    role = _ROLE_NOUNS.search(phrase)
    if words[0] == "the" and role and len(words) <= 4:
        noun = role.group(1).lower()
        for mention in reversed(mentions):
            if isinstance(mention, str) or mention.kind != "person":
                continue
            if any(noun in r[0].lower() for r in mention.roles):
                return Resolution(label=phrase, speaker=mention, confidence=0.7)
    return None


def resolve_speaker(
    phrase: str, gazetteer: Gazetteer, history: list[Resolution], mentions: Sequence[Entry | str] = ()
) -> Resolution:
    """Turn a printed attribution into a speaker: known actor, proposed new actor, or anonymous source."""
    if not phrase:
        return Resolution(confidence=0.3)
    words = words_of(phrase)
    if not gazetteer.find(phrase):
        from_context = _from_mentions(phrase, mentions, history)
        if from_context is not None:
            return from_context
        # A surname of someone introduced earlier but not yet known: "Quill said".
        for mention in reversed(mentions):
            if isinstance(mention, str) and len(words) == 1 and mention.lower().endswith(words[0]):
                return Resolution(label="", new_name=mention, confidence=0.65)
    found = [item for item in gazetteer.find(phrase) if item[2].kind != "media" or len(gazetteer.find(phrase)) == 1]
    people = [item for item in found if item[2].kind == "person"]
    named = people[0] if people else None
    anonymous = (
        bool(ANONYMOUS_NOUNS.search(phrase)) and not people and not _PROPER_NAME.search(_strip_known(phrase, found))
    )
    if anonymous:
        affiliation = found[-1][2] if found else None
        lowered = phrase.lower()
        for demonym, entry in gazetteer.by_demonym.items():
            if re.search(rf"\b{re.escape(demonym)}\b", lowered):
                affiliation = entry
                break
        return Resolution(label=phrase, anonymous=True, affiliation=affiliation, confidence=0.85)
    role = _ROLE_NOUNS.search(phrase)
    if named is None and found and role:
        # "the UN envoy": the person holding that role in that organization, if known.
        organization = found[0][2]
        holders = [
            entry
            for entry in gazetteer.entries
            if entry.kind == "person"
            and any(role.group(1).lower() in r[0].lower() and r[1] == organization.name for r in entry.roles)
        ]
        if len(holders) == 1:
            return Resolution(label=phrase, speaker=holders[0], confidence=0.75)
    if named is None and found and len(words) <= 6:
        named = found[0]
    if named is not None:
        start, end, entry = named
        rest = (phrase[:start] + phrase[end:]).strip(" ,")
        rest = re.sub(r"\s+", " ", rest).strip(" ,")
        label = rest if rest and rest.lower() not in {"the", "a"} else phrase[start:end]
        if label.lower().startswith("of "):
            label = phrase
        return Resolution(label=label, speaker=entry, confidence=0.9)
    proper = _PROPER_NAME.search(phrase)
    if proper and len(words) <= 8:
        name = proper.group(1)
        label = (phrase[: proper.start()] + phrase[proper.end() :]).strip(" ,") or name
        return Resolution(label=label, new_name=name, confidence=0.6)
    return Resolution(label=phrase, confidence=0.4)


def _strip_known(phrase: str, found: list[tuple[int, int, Entry]]) -> str:
    for start, end, _ in sorted(found, reverse=True):
        phrase = phrase[:start] + phrase[end:]
    return phrase


def round_in(text: str, gazetteer: Gazetteer) -> RoundEntry | None:
    lowered = normalize_name(text)
    for round_ in gazetteer.rounds:
        if round_.name and normalize_name(round_.name) in lowered:
            return round_
    for round_ in gazetteer.rounds:
        if round_.city and re.search(rf"\b{re.escape(normalize_name(round_.city))}\b", lowered):
            return round_
    return None
