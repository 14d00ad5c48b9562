"""The finder's word lists and patterns: speech verbs, relays, channels, demonyms. Edit
here to teach it new wording; demonyms are edited in newsroom.spelling, which search shares."""

import re

from newsroom.spelling import DEMONYMS as SHARED_DEMONYMS

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
    # The first that matches wins: the narrower before the broader ("a leaked statement").
    (re.compile(r"\bleaked\b", re.I), "leaked_document"),
    (re.compile(r"\btext messages?\b|\bin a text\b|\btexted\b|\bwhatsapp message\b", re.I), "text_message"),
    (
        re.compile(r"\btelevised (?:address|speech|statement)\b|\bon (?:state |national )?television\b", re.I),
        "televised_address",
    ),
    (re.compile(r"\bin a (?:written )?statement\b|\bstatement\b", re.I), "statement"),
    (re.compile(r"\binterview\b", re.I), "interview"),
    (re.compile(r"\bbriefing\b|\bbriefed\b", re.I), "briefing"),
    (re.compile(r"\b(?:news|press) conference\b|\btold reporters\b", re.I), "press_conference"),
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
# Demonyms and their countries ("Syrian" for SY): one list, which search shares (newsroom.spelling).
DEMONYMS = SHARED_DEMONYMS
WORD = re.compile(r"[\w]+(?:['’][\w]+)*")
SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“A-Z0-9])")
TRAILING = ",.;:"

# Role nouns that introduce a person by name in narration ("delegate Maria Ostrova").
INTRODUCING_ROLES = [
    "delegate",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "envoy",
    "negotiator",
    "mediator",
    "adviser",
    "advisor",
    "commander",
    "official",
    "diplomat",
    "lawyer",
    "analyst",
]
# Capitalised words that start a sentence or a place, never a person's first name.
NOT_FIRST_NAMES = {
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "But",
    "And",
    "After",
    "Before",
    "When",
    "While",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "United",
    "North",
    "South",
    "East",
    "West",
}
