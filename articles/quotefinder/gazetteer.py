"""The actors and rounds the finder can recognise, and finding their names in a text."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from newsroom.text import normalize_name

from .lexicon import DEMONYMS, WORD


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

    def __init__(self, entries: Iterable[Entry], rounds: Iterable[RoundEntry] = ()) -> None:
        self.entries = list(entries)
        self.rounds = list(rounds)
        self.by_key: dict[tuple[str, ...], Entry] = {}
        self.by_country: dict[str, Entry] = {}
        self.by_demonym: dict[str, Entry] = {}
        surnames: dict[tuple[str, ...], list[Entry]] = {}
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

    def find(self, text: str) -> list[tuple[int, int, Entry]]:
        """Known names in `text`, longest first: [(start, end, entry)] with offsets into `text`."""
        words = [(m.start(), m.end(), _key(re.sub(r"['’]s$", "", m.group()))) for m in WORD.finditer(text)]
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

    def media_in(self, text: str) -> list[Entry]:
        return [entry for _, _, entry in self.find(text) if entry.kind == "media"]


def _key(name: str) -> tuple[str, ...]:
    return tuple(normalize_name(name).replace(".", "").split())
