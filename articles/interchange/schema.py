"""The records format: its fields and their types, and the checks of a whole document's
shape and references, made before anything is written. See docs/records-format.md."""

import json
from dataclasses import dataclass
from typing import Any

from actors.models import Actor

from ..models import (
    NegotiationProcess,
    NegotiationRound,
)

FORMAT_NAME = "newsroom-records"
FORMAT_VERSION = 1
# A record (or the whole document) as JSON gives it.
Record = dict[str, Any]
SECTIONS = ["actors", "processes", "rounds", "articles"]

# Every field a record may have, with its JSON type(s); None means null is allowed.
STR, INT, BOOL, LIST, NULL = (str,), (int,), (bool,), (list,), (type(None),)
SCHEMA: dict[str, dict[str, tuple[type, ...]]] = {
    "actors": {
        "slug": STR,
        "name": STR,
        "kind": STR,
        "country": STR,
        "description": STR,
        "aliases": LIST,
        "identifiers": LIST,
        "affiliations": LIST,
    },
    "identifiers": {"scheme": STR, "value": STR},
    "affiliations": {"organization": STR, "role": STR, "start": STR + NULL, "end": STR + NULL, "ended": BOOL},
    "processes": {
        "slug": STR,
        "name": STR,
        "description": STR,
        "convener": STR + NULL,
        "editorial_note": STR,
        "internal_note": STR,
        "sources": LIST,
        "identifiers": LIST,
    },
    "sources": {"kind": STR, "title": STR, "url": STR},
    "relay_chain": {"actor": STR + NULL, "label": STR},
    "rounds": {
        "slug": STR,
        "process": STR,
        "name": STR,
        "number": INT + NULL,
        "city": STR,
        "country": STR,
        "venue": STR,
        "start": STR + NULL,
        "end": STR + NULL,
        "dates_printed": STR,
        "status": STR,
        "agenda": STR,
        "outcome": STR,
        "editorial_note": STR,
        "internal_note": STR,
        "sources": LIST,
        "participants": LIST,
        "identifiers": LIST,
    },
    "participants": {
        "actor": STR,
        "role": STR,
        "lead": BOOL,
        "qualifier": STR,
        "represents": STR + NULL,
        "delegation_head": STR + NULL,
    },
    "articles": {
        "slug": STR,
        "headline": STR,
        "standfirst": STR,
        "body": STR,
        "byline": STR,
        "outlet": STR + NULL,
        "url": STR,
        "language": STR,
        "dateline": STR,
        "status": STR,
        "published_at": STR + NULL,
        "embargo_until": STR + NULL,
        "rounds": LIST,
        "quotes": LIST,
    },
    "quotes": {
        "text": STR,
        "offset": INT,
        "kind": STR,
        "speaker": STR + NULL,
        "co_speakers": LIST,
        "speaker_label": STR,
        "anonymous": BOOL,
        "speaker_affiliation": STR + NULL,
        "via": STR + NULL,
        "relay_chain": LIST,
        "channel": STR,
        "channel_other": STR,
        "attribution_basis": STR,
        "within": INT + NULL,
        "said_on": STR + NULL,
        "said_on_printed": STR,
        "location": STR,
        "round": STR + NULL,
        "confidential_note": STR,
    },
}
REQUIRED = {
    "actors": ["slug", "name", "kind"],
    "identifiers": ["scheme", "value"],
    "affiliations": ["organization", "role"],
    "processes": ["slug", "name"],
    "rounds": ["slug", "process", "name"],
    "participants": ["actor", "role"],
    "sources": ["title", "url"],
    "relay_chain": [],
    "articles": ["slug", "headline", "body"],
    "quotes": ["text"],
}
JSON_TYPE_NAMES = {str: "a string", int: "a whole number", bool: "true or false", list: "a list", type(None): "null"}


@dataclass
class Problem:
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        location = f"{self.where} › {self.field}" if self.field else self.where
        return f"{location}: {self.message}"


class ImportFailed(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s); nothing was written.")


def label(section: str, index: int, record: Any) -> str:
    name = record.get("slug") if isinstance(record, dict) else None
    return f'{section}[{index}] "{name}"' if isinstance(name, str) else f"{section}[{index}]"


def _check_record(record: Any, kind: str, where: str, problems: list[Problem]) -> bool:
    if not isinstance(record, dict):
        problems.append(Problem(where, "", "must be an object"))
        return False
    for key in record:
        if key not in SCHEMA[kind]:
            problems.append(Problem(where, key, f"unknown field (expected one of: {', '.join(SCHEMA[kind])})"))
    for key in REQUIRED[kind]:
        if record.get(key) in (None, ""):
            problems.append(Problem(where, key, "is required"))
    for key, value in record.items():
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and "\x00" in text for text in texts):
            problems.append(Problem(where, key, "contains a NUL character (\\x00), which cannot be stored"))
        allowed = SCHEMA[kind].get(key)
        # bool is an int in Python: reject true/false where a number is expected.
        if allowed and (not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed)):
            expected = " or ".join(JSON_TYPE_NAMES[t] for t in allowed)
            problems.append(Problem(where, key, f"must be {expected}, not {json.dumps(value)[:40]}"))
    return True


def check_structure(data: Any) -> list[Problem]:
    """Shape, types, unknown fields, duplicates and references, before any write."""
    problems = []
    if not isinstance(data, dict):
        return [Problem("file", "", "the document must be a JSON object with sections " + ", ".join(SECTIONS))]
    if data.get("format", FORMAT_NAME) != FORMAT_NAME or data.get("version", FORMAT_VERSION) != FORMAT_VERSION:
        problems.append(Problem("file", "format", f"expected format {FORMAT_NAME!r} version {FORMAT_VERSION}"))
    for key in data:
        if key not in SECTIONS + ["format", "version"]:
            problems.append(Problem("file", key, f"unknown section (expected {', '.join(SECTIONS)})"))
    for section in SECTIONS:
        if not isinstance(data.get(section, []), list):
            problems.append(Problem(section, "", "must be a list"))
    if problems:
        return problems

    slugs: dict[str, dict[str, str]] = {section: {} for section in SECTIONS}
    urls: dict[str, str] = {}
    for section in SECTIONS:
        for index, record in enumerate(data.get(section, [])):
            where = label(section, index, record)
            if not _check_record(record, section, where, problems):
                continue
            slug = record.get("slug")
            if isinstance(slug, str) and slug:
                if slug in slugs[section]:
                    problems.append(Problem(where, "slug", f"duplicate slug {slug!r} (also {slugs[section][slug]})"))
                slugs[section][slug] = where
            url = record.get("url")
            if section == "articles" and isinstance(url, str) and url:
                if url in urls:
                    problems.append(Problem(where, "url", f"duplicate url (also {urls[url]})"))
                urls[url] = where
            for child_kind, children in _children(section, record):
                for child_index, child in enumerate(children):
                    if child_kind == "aliases":
                        if not isinstance(child, str) or not child.strip():
                            problems.append(Problem(where, f"aliases[{child_index}]", "must be a non-empty string"))
                        continue
                    child_where = f"{where} › {child_kind}[{child_index}]"
                    if not _check_record(child, child_kind, child_where, problems):
                        continue
                    steps = child.get("relay_chain", []) if child_kind == "quotes" else []
                    for step_index, step in enumerate(steps if isinstance(steps, list) else []):
                        _check_record(step, "relay_chain", f"{child_where} › relay_chain[{step_index}]", problems)
    if problems:
        return problems
    _check_references(data, slugs, problems)
    return problems


def _children(section: str, record: Record) -> list[tuple[str, list[Any]]]:
    nested = {
        "actors": ["aliases", "identifiers", "affiliations"],
        "processes": ["sources", "identifiers"],
        "rounds": ["participants", "sources", "identifiers"],
        "articles": ["quotes"],
    }[section]
    return [(kind, record.get(kind, [])) for kind in nested if isinstance(record.get(kind, []), list)]


def _check_references(data: Record, slugs: dict[str, dict[str, str]], problems: list[Problem]) -> None:
    refs = []  # (where, fieldname, section, slug), in file order

    def ref(where: str, fieldname: str, section: str, slug: Any) -> None:
        if slug is not None:
            refs.append((where, fieldname, section, slug))

    for index, record in enumerate(data.get("actors", [])):
        for i, affiliation in enumerate(record.get("affiliations", [])):
            where = f"{label('actors', index, record)} › affiliations[{i}]"
            ref(where, "organization", "actors", affiliation.get("organization"))
    for index, record in enumerate(data.get("processes", [])):
        ref(label("processes", index, record), "convener", "actors", record.get("convener"))
    for index, record in enumerate(data.get("rounds", [])):
        where = label("rounds", index, record)
        ref(where, "process", "processes", record.get("process"))
        for i, participant in enumerate(record.get("participants", [])):
            for fieldname in ("actor", "represents", "delegation_head"):
                ref(f"{where} › participants[{i}]", fieldname, "actors", participant.get(fieldname))
    for index, record in enumerate(data.get("articles", [])):
        where = label("articles", index, record)
        ref(where, "outlet", "actors", record.get("outlet"))
        for i, slug in enumerate(record.get("rounds", [])):
            if not isinstance(slug, str):
                problems.append(Problem(where, f"rounds[{i}]", "must be a round slug"))
            else:
                ref(where, f"rounds[{i}]", "rounds", slug)
        for i, quote in enumerate(record.get("quotes", [])):
            for fieldname in ("speaker", "speaker_affiliation", "via"):
                ref(f"{where} › quotes[{i}]", fieldname, "actors", quote.get(fieldname))
            ref(f"{where} › quotes[{i}]", "round", "rounds", quote.get("round"))
            for j, slug in enumerate(quote.get("co_speakers", [])):
                if not isinstance(slug, str):
                    problems.append(Problem(f"{where} › quotes[{i}]", f"co_speakers[{j}]", "must be an actor slug"))
                else:
                    ref(f"{where} › quotes[{i}]", f"co_speakers[{j}]", "actors", slug)
            for j, step in enumerate(quote.get("relay_chain", [])):
                ref(f"{where} › quotes[{i}] › relay_chain[{j}]", "actor", "actors", step.get("actor"))

    models: dict[str, Any] = {"actors": Actor, "processes": NegotiationProcess, "rounds": NegotiationRound}
    stored: dict[str, set[str]] = {}
    for section, model in models.items():
        wanted = sorted({slug for _, _, s, slug in refs if s == section and slug not in slugs[section]})
        stored[section] = set()
        for start in range(0, len(wanted), 1000):  # a thousand per query
            stored[section].update(
                model._default_manager.filter(slug__in=wanted[start : start + 1000]).values_list("slug", flat=True)
            )
    singular = {"actors": "actor", "processes": "process", "rounds": "round"}
    for where, fieldname, section, slug in refs:
        if slug not in slugs[section] and slug not in stored[section]:
            problems.append(
                Problem(where, fieldname, f"unknown {singular[section]} {slug!r}: not in this file or the database")
            )
