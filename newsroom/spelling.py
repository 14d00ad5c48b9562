"""
Names spelled many ways: "Dmitri" and "Dmitry", "Gaddafi" and "Qaddafi", "jaafri" for
"Ja'afari", "Syrian" for "Syria".

A spelling key, not trigram similarity in the database. Each word of a name gets a key
that keeps what transliterations agree on and drops what they vary in: the word is
written in Latin letters (anyascii, so "Песков" is "Peskov"), vowels, "h", "y" and
doubled letters are dropped, and letters that stand for the same sound in different
romanizations share one (q, g, c, k; v, w, f; z, s). "Qaddafi", "Gaddafi" and "Kadhafi"
all give "kdf"; "Dmitri" and "Dmitry" give "dmtr". The keys of actors' names are stored
(actors.NameKey) and looked up by equality on an index, so finding every spelling of a
name costs the same on a thousand actors or a million, and gives the same answer on
PostgreSQL and SQLite: pg_trgm would need a database extension and has no SQLite
counterpart, and trigram similarity on SQLite would read every name. Candidates are then
ranked in Python by how alike the written words are (`similarity`).

Countries and demonyms: "Syria" and "Syrian" find each other through DEMONYMS, one list
the search and the quote finder share.
"""

import difflib
import functools
import re

from anyascii import anyascii
from django_countries import countries

from .text import normalize_name

# Words shorter than this are not respelled: too many names share their keys.
MIN_WORD = 4
# Name particles, kept in names but never enough to call two names alike.
PARTICLES = frozenset("al el ibn bin ben abu abd de del der la le du da di van von of the and for".split())

_SAME_SOUND = str.maketrans({"q": "k", "g": "k", "c": "k", "v": "f", "w": "f", "z": "s", "x": "s"})
_DIGRAPHS = (("ph", "f"), ("ck", "k"), ("kh", "k"), ("gh", "k"), ("dh", "d"), ("th", "t"), ("sh", "s"))
_DROPPED = re.compile(r"[aeiouyh]")
_REPEATS = re.compile(r"(.)\1+")
_NOT_LETTER = re.compile(r"[^a-z]+")


def fold_word(word: str) -> str:
    """One word as search and names compare it: Latin letters, lower case, no accents or apostrophes."""
    return _NOT_LETTER.sub("", normalize_name(anyascii(word)))


def name_key(word: str) -> str:
    """
    The spelling key of one word: 'Dmitri' and 'Dmitry' give 'dmtr', 'Erdoğan' and
    'Erdogan' give 'ardkn' (a word that starts with a vowel keeps an 'a' for it).
    """
    letters = fold_word(word)
    if not letters:
        return ""
    for pair, sound in _DIGRAPHS:
        letters = letters.replace(pair, sound)
    start = "a" if letters[0] in "aeiouy" else ""
    consonants = _REPEATS.sub(r"\1", _DROPPED.sub("", letters.translate(_SAME_SOUND)))
    return start + consonants


def name_words(name: str) -> list[str]:
    """The folded words of a name worth a key: 'Bashar al-Ja'afari' gives ['bashar', 'jaafari']."""
    words = [fold_word(part) for part in normalize_name(anyascii(name)).split()]
    return [word for word in words if len(word) >= 3 and word not in PARTICLES]


def keyed(word: str) -> bool:
    """Whether `word` (folded) is long enough for other spellings of it to be looked for."""
    return len(word) >= MIN_WORD and word not in PARTICLES and len(name_key(word)) >= 2


def similarity(first: str, second: str) -> float:
    """How alike two spellings are, from 0 to 1 (difflib's ratio of the folded words)."""
    return difflib.SequenceMatcher(None, fold_word(first), fold_word(second)).ratio()


# Another spelling of a word is searched for when it is at least this alike...
VARIANT_SIMILARITY = 0.6
# ...and offered under "Did you mean" (where the keys differ) at least this alike.
SUGGESTION_SIMILARITY = 0.75


# Demonyms and the country each names: the search and the quote finder read this list.
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
    "bahraini": "BH",
    "somali": "SO",
    "south sudanese": "SS",
    "eritrean": "ER",
    "malian": "ML",
    "chadian": "TD",
    "nigerien": "NE",
    "rwandan": "RW",
    "congolese": "CD",
    "mozambican": "MZ",
    "burmese": "MM",
    "thai": "TH",
    "filipino": "PH",
    "indonesian": "ID",
    "vietnamese": "VN",
    "north korean": "KP",
    "moldovan": "MD",
    "kosovar": "XK",
    "bosnian": "BA",
    "croatian": "HR",
    "hungarian": "HU",
    "romanian": "RO",
    "bulgarian": "BG",
    "czech": "CZ",
    "slovak": "SK",
    "portuguese": "PT",
    "irish": "IE",
    "uzbek": "UZ",
    "tajik": "TJ",
    "turkmen": "TM",
    "kyrgyz": "KG",
    "mongolian": "MN",
    "nepali": "NP",
    "sri lankan": "LK",
    "bangladeshi": "BD",
    "peruvian": "PE",
    "chilean": "CL",
    "bolivian": "BO",
    "ecuadorian": "EC",
    "nicaraguan": "NI",
    "salvadoran": "SV",
    "guatemalan": "GT",
    "honduran": "HN",
    "haitian": "HT",
}
# Names a country goes by besides its ISO short name ("Türkiye" is also "Turkey").
OTHER_COUNTRY_NAMES = {
    "TR": ["Turkey"],
    "US": ["United States", "USA"],
    "GB": ["Britain", "Great Britain"],
    "RU": ["Russian Federation"],
    "KR": ["Korea"],
    "CD": ["DR Congo", "DRC"],
    "MM": ["Myanmar", "Burma"],
    "PS": ["Palestinian territories"],
}


def _folded_phrase(text: str) -> str:
    return " ".join(fold_word(word) for word in normalize_name(anyascii(text)).split() if fold_word(word))


@functools.cache  # built on first use: country names need the settings loaded
def _country_table() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """({folded demonym: folded country names}, {folded country name: folded demonyms})."""
    names: dict[str, set[str]] = {}
    for code, name in countries:
        names.setdefault(code, set()).add(_folded_phrase(re.sub(r"\s*\(.*\)", "", str(name))))
    for code, others in OTHER_COUNTRY_NAMES.items():
        names.setdefault(code, set()).update(_folded_phrase(other) for other in others)
    by_demonym: dict[str, set[str]] = {}
    by_country: dict[str, set[str]] = {}
    for demonym, code in DEMONYMS.items():
        if not re.fullmatch(r"[a-z ]+", demonym) or len(demonym) < 3:  # "u.s.", "us": too short to search
            continue
        by_demonym.setdefault(demonym, set()).update(names.get(code, ()))
        for country in names.get(code, ()):
            by_country.setdefault(country, set()).add(demonym)
    return by_demonym, by_country


def country_variants(text: str) -> list[str]:
    """
    What a word or phrase names the same country as: 'Syrian' gives ['syria'],
    'Syria' gives ['syrian'], 'Syrians' gives ['syria']. Folded, sorted.
    """
    by_demonym, by_country = _country_table()
    folded = _folded_phrase(text)
    found = by_demonym.get(folded) or by_country.get(folded)
    if not found and folded.endswith("s"):  # "Syrians", "Iraqis"
        found = by_demonym.get(folded[:-1])
    return sorted(found or ())


def country_words() -> list[str]:
    """Every one-word country name and demonym, folded: what "Did you mean" compares a misspelt word with."""
    by_demonym, by_country = _country_table()
    return sorted(word for word in {*by_demonym, *by_country} if " " not in word)
