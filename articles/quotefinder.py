"""
The quote finder: reads an article and proposes its quotes for an editor to confirm.

Rule-based and gazetteer-driven (no model to download): it pairs quotation marks,
tells quotes from names and scare quotes, reads the attribution around each quote
(speaker before or after, "quoted by", "told", "according to", pronouns) and matches
speakers, relays and rounds against the actors and rounds the newsroom already has.

    suggestions = quote_suggest(article=article)              # from the database
    suggestions = find_quotes(headline, body, gazetteer=g)    # from any gazetteer
"""

import re
from dataclasses import dataclass, field

from newsroom.text import find_verbatim, fold_for_matching, normalize_name

SPEECH_VERBS = set(
    """
    said says say saying told tells added adds stated states declared declares insisted insists warned warns
    stressed stresses noted notes argued argues asked asks replied replies announced announces described describes
    called calls urged urges wrote writes tweeted posted quoted acknowledged admitted conceded explained explains
    suggested complained claimed claims vowed vows promised predicted repeated concluded remarked commented
    maintained maintains reiterated accused cautioned pledged dismissed praised welcomed branded labelled labeled
    termed characterised characterized confirmed denied hailed offered responded answered recalled signalled
    signaled indicated emphasised emphasized lamented hoped
    """.split()
)
FUNCTION_WORDS = set(
    """
    for in on at to of and or but with that as by from is was were are be which who when while after before if
    over about than since because so into against amid during would will could had has have not between among
    toward towards until unless he she they it
    """.split()
)
DETERMINERS = {"a", "an", "the", "its", "their", "his", "her", "our", "this", "that", "so-called"}
PRONOUNS = {"he", "she", "they", "it", "him", "her"}
ANONYMOUS_NOUNS = re.compile(
    r"\b(source|sources|official|officials|diplomat|diplomats|negotiator|negotiators|aide|aides|insider|"
    r"insiders|people familiar|person familiar|observer|observers|delegate|delegates|participant|participants|"
    r"member|members|commander|commanders|analyst|analysts|deputies|lawmakers|legislators|residents|witnesses|"
    r"critics|activists|experts|mediators|envoys)\b",
    re.IGNORECASE,
)
GENERIC_RELAYS = ["state television", "state tv", "state media", "state news agency", "state broadcaster"]
CHANNELS = [
    (re.compile(r"\bin a (?:written )?statement\b|\bstatement\b", re.I), "statement"),
    (re.compile(r"\binterview\b", re.I), "interview"),
    (re.compile(r"\b(?:news|press) conference\b|\btold reporters\b|\bbriefing\b", re.I), "press_conference"),
    (re.compile(r"\bin a speech\b|\baddress(?:ing)? (?:the|a)\b", re.I), "speech"),
    (
        re.compile(r"\b(?:on|wrote on|posted on) (?:twitter|x|facebook|telegram|social media)\b|\btweet", re.I),
        "social_media",
    ),
    (re.compile(r"\bletter\b|\bdocument\b", re.I), "letter"),
]
RELAY_PATTERNS = [
    re.compile(r"\bquoted by (?P<relay>[^,.;:\"“”]+?)(?= as\b|[,.;:]|$)", re.I),
    re.compile(r"(?P<relay>(?:the )?[\w.&' -]+?) (?:news agency )?quoted (?P<speaker>[^\"“”]+?) as saying", re.I),
    re.compile(
        r"\b(?:told|telling|speaking to|talking to) (?P<relay>[^,.;:\"“”]+?)(?= that\b| on\b| in\b|[,.;:]|$)", re.I
    ),
    re.compile(r"\baccording to (?P<relay>[^,.;:\"“”]+?)(?=[,.;:]|$)", re.I),
    re.compile(r"\bin an interview with (?P<relay>[^,.;:\"“”]+?)(?=[,.;:]|$)", re.I),
    re.compile(r"\bseen by (?P<relay>[^,.;:\"“”]+?)(?=[,.;:]|$)", re.I),
    re.compile(r"\b(?:wrote|posted|said) on (?P<relay>Twitter|X|Facebook|Telegram)\b"),
    re.compile(r"\b(?P<relay>[A-Z][\w.&-]*(?: [A-Z][\w.&-]*)*) reported\b"),
]
DEMONYMS = {
    "french": "FR",
    "russian": "RU",
    "turkish": "TR",
    "iranian": "IR",
    "syrian": "SY",
    "american": "US",
    "u.s.": "US",
    "us": "US",
    "british": "GB",
    "german": "DE",
    "chinese": "CN",
    "qatari": "QA",
    "afghan": "AF",
    "israeli": "IL",
    "palestinian": "PS",
    "ukrainian": "UA",
    "egyptian": "EG",
    "saudi": "SA",
    "emirati": "AE",
    "kazakh": "KZ",
    "swiss": "CH",
    "austrian": "AT",
    "norwegian": "NO",
    "colombian": "CO",
    "venezuelan": "VE",
    "sudanese": "SD",
    "yemeni": "YE",
    "libyan": "LY",
    "ethiopian": "ET",
    "armenian": "AM",
    "azerbaijani": "AZ",
    "serbian": "RS",
    "italian": "IT",
    "spanish": "ES",
    "japanese": "JP",
    "indian": "IN",
    "pakistani": "PK",
    "iraqi": "IQ",
    "jordanian": "JO",
    "lebanese": "LB",
    "kuwaiti": "KW",
    "omani": "OM",
    "algerian": "DZ",
    "moroccan": "MA",
    "tunisian": "TN",
    "nigerian": "NG",
    "kenyan": "KE",
    "south african": "ZA",
    "polish": "PL",
    "dutch": "NL",
    "belgian": "BE",
    "swedish": "SE",
    "finnish": "FI",
    "danish": "DK",
    "greek": "GR",
    "cypriot": "CY",
    "georgian": "GE",
    "belarusian": "BY",
    "korean": "KR",
    "mexican": "MX",
    "cuban": "CU",
    "brazilian": "BR",
    "argentine": "AR",
    "canadian": "CA",
    "australian": "AU",
}
_WORD = re.compile(r"[\w]+(?:['’][\w]+)*")
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“A-Z0-9])")
_TRAILING = ",.;:"


@dataclass
class Entry:
    """An actor the finder can recognise."""

    slug: str
    name: str
    kind: str
    aliases: list = field(default_factory=list)
    country: str = ""
    roles: list = field(default_factory=list)  # (role, organization name, affiliation) for role hints
    demonyms: list = field(default_factory=list)  # "Kastelian" for Kastelia


@dataclass
class RoundEntry:
    slug: str
    name: str
    city: str = ""


class Gazetteer:
    """Names (with aliases and surnames) of known actors, and known rounds."""

    def __init__(self, entries, rounds=()):
        self.entries = list(entries)
        self.rounds = list(rounds)
        self.by_key = {}
        self.by_country = {}
        self.by_demonym = {}
        surnames = {}
        for entry in self.entries:
            for name in [entry.name, *entry.aliases]:
                self.by_key.setdefault(_key(name), entry)
            if entry.kind == "government" and entry.country:
                self.by_country.setdefault(entry.country, entry)
            for demonym in entry.demonyms:
                self.by_demonym.setdefault(demonym.lower(), entry)
            if entry.kind == "person":
                tokens = _key(entry.name)
                for start in range(1, len(tokens)):
                    surnames.setdefault(tokens[start:], []).append(entry)
        for demonym, code in DEMONYMS.items():
            if code in self.by_country:
                self.by_demonym.setdefault(demonym, self.by_country[code])
        for key, owners in surnames.items():
            if len(owners) == 1 and key not in self.by_key and not (len(key) == 1 and len(key[0]) < 3):
                self.by_key[key] = owners[0]
        self.longest = max((len(key) for key in self.by_key), default=1)

    def find(self, text):
        """Known names in `text`, longest first: [(start, end, entry)] with offsets into `text`."""
        words = [(m.start(), m.end(), _key(re.sub(r"['’]s$", "", m.group()))) for m in _WORD.finditer(text)]
        tokens = []
        for start, end, parts in words:
            for part in parts:
                tokens.append((start, end, part))
        found, index = [], 0
        while index < len(tokens):
            for size in range(min(self.longest, len(tokens) - index), 0, -1):
                key = tuple(token for _, _, token in tokens[index : index + size])
                entry = self.by_key.get(key)
                if entry is not None:
                    found.append((tokens[index][0], tokens[index + size - 1][1], entry))
                    index += size
                    break
            else:
                index += 1
        return found

    def media_in(self, text):
        return [entry for _, _, entry in self.find(text) if entry.kind == "media"]


def _key(name):
    return tuple(normalize_name(name).replace(".", "").split())


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

    @property
    def speaker_slug(self):
        return self.speaker.slug if self.speaker else None

    @property
    def via_slug(self):
        return self.via.slug if self.via else None


# ---------------------------------------------------------------------------
# Finding quoted spans


def quoted_spans(text):
    """(open, close) offsets of each pair of quotation marks; the words lie in text[open+1:close]."""
    spans, open_at, straight_open = [], None, None
    for index, char in enumerate(text):
        if char == "“":
            open_at = index
        elif char == "”" and open_at is not None:
            spans.append((open_at, index))
            open_at = None
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
    return sorted(spans)


def sentence_bounds(text, spans):
    """Sentence boundaries of `text`, ignoring the full stops inside quotations."""
    inside = [(start, end) for start, end in spans]
    bounds = [0]
    for match in _SENTENCE_END.finditer(text):
        position = match.start()
        # A full stop inside a quotation ends the sentence around it only when the
        # closing mark follows at once ("... concrete "results." Russia ...").
        if any(start < position < end and match.end() <= end for start, end in inside):
            continue
        bounds.append(match.end())
    bounds.append(len(text))
    return bounds


def _words(text):
    return [w.lower() for w in _WORD.findall(text)]


def _has_speech_verb(text):
    lowered = text.lower()
    return bool(set(_words(text)) & SPEECH_VERBS) or "according to" in lowered


def _is_title(words_text):
    words = words_text.split()
    significant = [w for w in words if w.lower() not in {"of", "the", "and", "for", "on", "in", "a", "an", "de"}]
    return len(words) >= 2 and all(w[:1].isupper() for w in significant)


def classify(paragraph, open_at, close_at, context_start, context_end):
    """'direct', 'partial', or None for a name, title or scare quote."""
    inner = paragraph[open_at + 1 : close_at]
    words = inner.split()
    before = paragraph[context_start:open_at]
    after = paragraph[close_at + 1 : context_end]
    context = before + " " + after
    previous = _words(before)[-1:] or [""]
    following = _words(after)[:1] or [""]
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
    if previous[0] in DETERMINERS and _is_title(inner.strip(_TRAILING + " ")) and len(words) <= 6:
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


# ---------------------------------------------------------------------------
# Attribution


def _clean_phrase(phrase):
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


def attribution_phrase(before, after):
    """The speaker as printed, found after the quote ("...," said X) or before it (X said "...")."""
    after_clause = re.split(r"[\"“]", after, maxsplit=1)[0]
    for pattern in (_AFTER_VERB_SPEAKER, _AFTER_SPEAKER_VERB):
        match = pattern.match(after_clause)
        if match:
            speaker = match.group("speaker")
            if pattern is _AFTER_SPEAKER_VERB and len(speaker.split()) > 14:
                continue
            return _clean_phrase(speaker)
    before_clause = re.split(r"[\"“”]", before)[-1]
    # The subject of the sentence's last speech verb, reading through earlier quotes:
    # 'Moscow says the goal was to "efficiently" sustain the talks with concrete "results."'
    unquoted = re.sub(r"[\"“”]", "", before)
    match = _BEFORE_SPEAKER.search(unquoted)
    if match:
        phrase = _clean_phrase(match.group("speaker"))
        first = phrase.split()[0] if phrase else ""
        if first[:1].islower() and first not in {"the", "a", "an"} and first not in PRONOUNS:
            # "Ferrand, speaking in Dravograd, said": the subject is before the participle clause.
            earlier = [part.strip() for part in unquoted[: match.start("speaker")].split(",") if part.strip()]
            if earlier:
                phrase = _clean_phrase(earlier[-1])
        return phrase
    if before_clause.rstrip().endswith(":"):
        head = before_clause.rstrip()[:-1]
        head = head.split(",")[-1]
        subject = _COLON_SUBJECT.search(head)
        return _clean_phrase(subject.group("speaker") if subject else head)
    return ""


def find_relay(context, gazetteer):
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


def channel_of(context):
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


_PROPER_NAME = re.compile(
    r"\b([A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?(?: (?:al-|de |van |von |bin )?[A-Z][a-z]+(?:-[A-Z][a-z]+)?){1,2})\b"
)
_ROLE_NOUNS = re.compile(
    r"\b(minister|envoy|mediator|spokesman|spokeswoman|spokesperson|president|ambassador|negotiator|commander|"
    r"secretary|chief|leader|representative|delegate|prime minister|foreign minister|official)\b",
    re.I,
)


def _same_as(previous, *, confidence):
    return Resolution(
        label=previous.label,
        speaker=previous.speaker,
        new_name=previous.new_name,
        anonymous=previous.anonymous,
        affiliation=previous.affiliation,
        confidence=confidence,
    )


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


def _from_mentions(phrase, mentions, history):
    """
    Who a pronoun or a generic noun stands for: the nearest earlier mention of a
    fitting actor ("he" -> the last person named; "the group" -> the last armed group
    or organization; "the minister" -> the last person with that role).
    """
    words = _words(phrase)
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
            return _same_as(history[-1], confidence=0.6)
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


def resolve_speaker(phrase, gazetteer, history, mentions=()):
    """Turn a printed attribution into a speaker: known actor, proposed new actor, or anonymous source."""
    if not phrase:
        return Resolution(confidence=0.3)
    words = _words(phrase)
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


def _strip_known(phrase, found):
    for start, end, _ in sorted(found, reverse=True):
        phrase = phrase[:start] + phrase[end:]
    return phrase


def round_in(text, gazetteer):
    lowered = normalize_name(text)
    for round_ in gazetteer.rounds:
        if round_.name and normalize_name(round_.name) in lowered:
            return round_
    for round_ in gazetteer.rounds:
        if round_.city and re.search(rf"\b{re.escape(normalize_name(round_.city))}\b", lowered):
            return round_
    return None


# ---------------------------------------------------------------------------
# The finder


_PARAPHRASE = re.compile(
    r"\b(?:which|who|whom)\s+(?P<pronoun>he|she|they)\s+said\s+(?P<clause>[^.;]+)",
    re.I,
)


def _paragraphs(text):
    """Paragraphs, whether separated by blank lines or single line breaks."""
    position = 0
    for part in re.split(r"(\n\s*)", text):
        if part.strip():
            yield position, part
        position += len(part)


def find_quotes(headline, body, *, gazetteer):
    """Every quote the finder proposes in `body` (and in `headline`), in reading order."""
    suggestions = []
    history = []
    mentions = _mentions(body, gazetteer)
    for offset, paragraph in _paragraphs(body):
        suggestions += _paragraph_quotes(paragraph, offset, gazetteer, history, mentions)
    for suggestion in _paragraph_quotes(
        headline or "", 0, gazetteer, list(history), _mentions(headline or "", gazetteer)
    ):
        if not any(s.text == suggestion.text for s in suggestions):
            suggestion.in_headline = True
            suggestions.append(suggestion)
    return suggestions


def _mentions(text, gazetteer):
    """Actors named in `text` outside quotations, as (offset, entry): what pronouns can refer to."""
    inside = []
    for offset, paragraph in _paragraphs(text):
        inside += [(offset + a, offset + b) for a, b in quoted_spans(paragraph)]
    return [
        (start, entry)
        for start, end, entry in gazetteer.find(text)
        if entry.kind != "media" and not any(a < start < b for a, b in inside)
    ]


def _before(mentions, position, new_names):
    ordered = sorted(
        [*((p, e) for p, e in mentions if p < position), *((p, n) for p, n in new_names if p < position)],
        key=lambda item: item[0],
    )
    return [item for _, item in ordered]


def _paragraph_quotes(paragraph, offset, gazetteer, history, mentions):
    spans = quoted_spans(paragraph)
    bounds = sentence_bounds(paragraph, spans)
    found = []
    new_names = [(getattr(r, "position", 0), r.new_name) for r in history if r.new_name]
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
        text = raw.strip().rstrip(_TRAILING).strip()
        if not text:
            continue
        lead = len(raw) - len(raw.lstrip())
        context = paragraph[start:end]
        position = offset + open_at
        relay, relay_label, quoted_speaker = find_relay(context, gazetteer)
        phrase = _clean_phrase(quoted_speaker) if quoted_speaker else attribution_phrase(before, after)
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
            )
            relay, relay_label = previous.via, previous.via_label
        else:
            resolution = resolve_speaker(phrase, gazetteer, history, _before(mentions, position, new_names))
        if resolution.speaker is not None and resolution.speaker.kind == "media" and resolution.speaker == relay:
            resolution = Resolution(confidence=0.3)
        if resolution.speaker is None and not resolution.anonymous and not resolution.new_name:
            resolution = _named_in(before, gazetteer) or resolution
        if resolution.speaker is None and not resolution.anonymous and not resolution.new_name and history:
            resolution = _same_as(history[-1], confidence=0.5)
        if relay is None and not relay_label and _words(phrase)[:1] and _words(phrase)[0] in PRONOUNS:
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
            )
        )
    if not spans:
        found += _paraphrases(paragraph, offset, gazetteer, history, mentions)
    return found


def _named_in(before, gazetteer):
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


def _paraphrases(paragraph, offset, gazetteer, history, mentions):
    found = []
    for match in _PARAPHRASE.finditer(paragraph):
        clause = match.group("clause").strip()
        sentence_start = paragraph.rfind(". ", 0, match.start()) + 1
        subject = paragraph[sentence_start : match.start()].split(",")[0]
        subject = re.split(r"\s+(?:has|had|have|was|is|placed|put|blamed)\b", subject.strip())[0]
        start = offset + match.start("clause")
        resolution = resolve_speaker(_clean_phrase(subject), gazetteer, history, _before(mentions, start, []))
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


# ---------------------------------------------------------------------------
# With the database


def gazetteer_from_database():
    from django.db.models import Prefetch

    from actors.models import Actor, Affiliation

    from .models import NegotiationRound

    entries = []
    # Organizations joined, not prefetched one OR each (SQLite refuses 1,000 of them).
    organizations = Prefetch("affiliations", Affiliation.objects.select_related("organization"))
    for actor in Actor.objects.prefetch_related("aliases", organizations):
        entries.append(
            Entry(
                slug=actor.slug,
                name=actor.name,
                kind=actor.kind,
                aliases=[a.name for a in actor.aliases.all()],
                country=str(actor.country or ""),
                roles=[(a.role, a.organization.name, a) for a in actor.affiliations.all()],
            )
        )
    rounds = [RoundEntry(slug=r.slug, name=r.name, city=r.city) for r in NegotiationRound.objects.all()]
    return Gazetteer(entries, rounds)


def quote_suggest(*, article, gazetteer=None):
    """
    Suggestions for `article`, in reading order. A suggestion whose words are already
    recorded as a quote of the article is marked `recorded`, so accepting again never
    duplicates it; words an editor rejected are not proposed again. Persons get their
    role at the time (the article's publication day) from their affiliations, or a
    note that none matches.
    """
    from actors.models import affiliation_on

    gazetteer = gazetteer or gazetteer_from_database()
    suggestions = find_quotes(article.headline, article.body, gazetteer=gazetteer)
    recorded, rejected = set(), set()
    if article.pk:
        recorded = {fold_for_matching(text)[0] for text in article.quotes.values_list("text", flat=True)}
        rejected = {fold_for_matching(t)[0] for t in article.rejected_suggestions.values_list("text", flat=True)}
    suggestions = [s for s in suggestions if fold_for_matching(s.text)[0] not in rejected]
    day = article.published_at.date() if article.published_at else None
    for suggestion in suggestions:
        suggestion.recorded = fold_for_matching(suggestion.text)[0] in recorded
        if suggestion.speaker is not None and suggestion.speaker.kind == "person" and day is not None:
            held = affiliation_on([a for _, _, a in suggestion.speaker.roles], day)
            suggestion.role_note = (
                f"{held.role}, {held.organization.name}"
                if held
                else f"no affiliation of {suggestion.speaker.name} is valid on {day:%-d %B %Y}"
            )
        if not suggestion.in_headline and find_verbatim(article.body, suggestion.text) is None:
            suggestion.confidence = min(suggestion.confidence, 0.3)
    return suggestions
