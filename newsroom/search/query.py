"""
The query language, parsed once for both backends, web-search style:

    words            all of them (AND)
    "a phrase"       these words in this order
    a OR b           either
    -word -"phrase"  none of these

Nothing is ever a syntax error: an unclosed quote ends at the end of the query, a
stray OR or dash is ignored, punctuation is dropped. Terms are folded like the
index's `extra` text (no accents, no apostrophes), so "Ja'afari" finds "Jaafari".

A word typed alone may also be searched for as other spellings of it (`respell`, from
the search engine's `prepare`): "Dmitri" as "Dmitry" too, "Syria" as "Syrian" too. A
word in quotation marks is searched for as typed only.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from newsroom.text import APOSTROPHES

# English stop words (PostgreSQL's english dictionary drops these): a word alone that is
# one of them is ignored on both backends, so "the" finds nothing on either. Inside a
# "phrase" they stay.
STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below
    between both but by can did do does doing don down during each few for from further had has have having
    he her here hers herself him himself his how i if in into is it its itself just me more most my myself
    no nor not now of off on once only or other our ours ourselves out over own same she should so some such
    t than that the their theirs them themselves then there these they this those through to too under until
    up very was we were what when where which while who whom why will with you your yours yourself
    yourselves""".split()
)
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_NOT_WORD = re.compile(r"[^\w]+")


_NO_APOSTROPHES = {ord(char): None for char in APOSTROPHES}
# The SQLite index's kind tokens start with this private-use character (see as_fts5).
KIND_MARK = "\ue010"


def fold(text: str) -> str:
    """Strip accents and apostrophes; keep letters, digits and spaces."""
    text = unicodedata.normalize("NFKD", text)
    if not text.isascii():  # plain ASCII has no accents to strip
        text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.translate(_NO_APOSTROPHES)
    return " ".join(_NOT_WORD.sub(" ", text).split())


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    exact: bool = False  # typed in quotation marks: never respelled
    respelling: bool = False  # another spelling of a word typed, added by respell()

    @classmethod
    def respelled(cls, text: str) -> "Term":
        """The term searched for as another spelling: a word or phrase in plain text ('united states')."""
        return cls(tuple(fold(text).lower().split()), respelling=True)

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class Respelling:
    """Another spelling of a word typed, and what spells it so ('Dmitry Peskov', 'a country')."""

    typed: str
    spelling: str
    because: str


@dataclass
class ParsedQuery:
    raw: str
    groups: list[list[Term]] = field(default_factory=list)  # AND of OR-groups
    excluded: list[Term] = field(default_factory=list)
    # Other spellings searched for too, for the page to say so.
    respelled: list[Respelling] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """True when nothing positive is asked for: such a query finds nothing."""
        return not self.groups

    @property
    def positive_terms(self) -> list[Term]:
        return [term for group in self.groups for term in group]

    @property
    def respellable(self) -> list[str]:
        """The words typed alone, outside quotation marks and not excluded: those other spellings are searched for."""
        words = [term.words[0] for term in self.positive_terms if not (term.exact or term.is_phrase or term.respelling)]
        return list(dict.fromkeys(words))

    def respell(self, respellings: list[Respelling]) -> None:
        """Search for each respelling as an alternative to the word it respells (word OR spelling)."""
        for group in self.groups:
            for term in list(group):
                if term.exact or term.is_phrase or term.respelling:
                    continue
                for respelling in respellings:
                    alternative = Term.respelled(respelling.spelling)
                    in_group = {other.words for other in group}
                    if respelling.typed == term.words[0] and alternative.words and alternative.words not in in_group:
                        group.append(alternative)
                        if respelling not in self.respelled:
                            self.respelled.append(respelling)

    def replacing(self, words: dict[str, str]) -> str:
        """The query as typed with some words typed alone replaced ({folded word: new word}): for "Did you mean"."""
        parts = []
        for match in _TOKEN.finditer(self.raw):
            word = match.group(3)
            folded = fold(word).lower() if word is not None and not word.startswith("-") else None
            replacement = words.get(folded) if folded else None
            if replacement and word[:1].isupper():  # "Peskob" gives "Peskov", "peskob" "peskov"
                replacement = replacement[:1].upper() + replacement[1:]
            parts.append(replacement or match.group(0))
        return " ".join(parts)

    def as_fts5(self, kind: str | None = None) -> str:
        """
        An FTS5 MATCH expression; every term a quoted string, so no FTS5 syntax leaks in.
        With `kind`, entries of that kind only: the FTS5 table indexes each entry's kind
        as one token that starts with KIND_MARK (search.0004), which folded words never hold.
        """

        def quoted(term: Term) -> str:
            return '"' + term.text.replace('"', '""') + '"'

        clauses = []
        for group in self.groups:
            items = [quoted(term) for term in group]
            clauses.append(items[0] if len(items) == 1 else "(" + " OR ".join(items) + ")")
        expression = " AND ".join(clauses)
        if self.excluded:
            expression = f"({expression}) NOT (" + " OR ".join(quoted(term) for term in self.excluded) + ")"
        return expression if kind is None else f'"{KIND_MARK}{kind}" AND ({expression})'


def parse(raw: str | None) -> ParsedQuery:
    parsed = ParsedQuery(raw=raw or "")
    pending_or = False
    for match in _TOKEN.finditer(parsed.raw):
        negated, phrase, word = match.groups()
        if word is not None:
            if word == "OR":
                pending_or = bool(parsed.groups)
                continue
            negated = word.startswith("-")
            text = word.lstrip("-")
        else:
            text = phrase
        words = tuple(fold(text).lower().split())
        if not words or (word is not None and words[0] in STOP_WORDS and len(words) == 1):
            continue
        term = Term(words, exact=word is None)
        if negated:
            parsed.excluded.append(term)
            pending_or = False
        elif pending_or:
            parsed.groups[-1].append(term)
            pending_or = False
        else:
            parsed.groups.append([term])
    return parsed
