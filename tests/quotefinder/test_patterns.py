"""Each attribution pattern the quote finder must handle, and what it must refuse."""

import pytest

from articles.quotefinder import Entry, Gazetteer, RoundEntry, find_quotes

GAZETTEER = Gazetteer(
    [
        Entry("ilse-marenko", "Ilse Marenko", "person", roles=[("Special Mediator", "Council of Lakes", None)]),
        Entry("tomas-ferrand", "Tomas Ferrand", "person", roles=[("Foreign Minister", "Kastelia", None)]),
        Entry("lena-okafor", "Lena Okafor", "person"),
        Entry("kastelia", "Kastelia", "government", aliases=["Dravograd"], demonyms=["Kastelian"]),
        Entry("ridge-front", "Ridge Liberation Front", "armed_group", aliases=["RLF"]),
        Entry("northwire", "Northwire", "media"),
        Entry("lpa", "Lakeside Press Agency", "media", aliases=["LPA"]),
    ],
    [RoundEntry("port-selma", "Port Selma round", "Port Selma")],
)


def quotes(body, headline=""):
    return find_quotes(headline, body, gazetteer=GAZETTEER)


def only(body, **kwargs):
    found = quotes(body, **kwargs)
    assert len(found) == 1, [s.text for s in found]
    return found[0]


def test_attribution_after_the_quote():
    quote = only('"We have come to listen," Ilse Marenko said.')
    assert (quote.text, quote.kind, quote.speaker_slug) == ("We have come to listen", "direct", "ilse-marenko")


def test_attribution_with_the_verb_first():
    assert only('"We are ready," said Tomas Ferrand.').speaker_slug == "tomas-ferrand"


def test_attribution_before_the_quote_with_a_colon():
    quote = only('Lena Okafor told reporters: "We want the ports and a timetable."')
    assert (quote.speaker_slug, quote.kind, quote.channel) == ("lena-okafor", "direct", "press_conference")


def test_quote_split_around_its_attribution():
    first, second = quotes("“We are close,” Ilse Marenko said, “but we are not there yet.”")
    assert (first.text, second.text) == ("We are close", "but we are not there yet")
    assert first.speaker_slug == second.speaker_slug == "ilse-marenko"
    assert second.kind == "partial"


def test_multi_sentence_quote_is_one_span():
    quote = only('"We will talk about ports. We will not talk about borders," Ferrand said.')
    assert quote.text == "We will talk about ports. We will not talk about borders"
    assert quote.speaker_slug == "tomas-ferrand"


MARKS = [('"', '"'), ("“", "”"), ("«", "»"), ("« ", " »"), ("\u00ab\u202f", "\u202f\u00bb"), ("„", "“"), ("‹", "›")]


@pytest.mark.parametrize("marks", MARKS)
def test_straight_typographic_and_other_languages_marks(marks):
    opening, closing = marks
    body = f"{opening}Nothing is agreed,{closing} Ferrand said."
    quote = only(body)
    assert quote.text == "Nothing is agreed"
    assert body[quote.start : quote.end] == "Nothing is agreed"


def test_a_german_closing_mark_does_not_open_a_quote():
    first, second = quotes("„We stay“, Ferrand said. „We keep talking“, Ferrand added.")
    assert (first.text, second.text) == ("We stay", "We keep talking")


def test_inner_guillemets_stay_inside_the_quotation():
    quote = only("« Ils ont dit ‹ jamais › ce matin », said Ferrand.")
    assert quote.text == "Ils ont dit ‹ jamais › ce matin"


def test_span_offsets_point_at_the_words():
    body = 'Talks began. "Nothing is agreed," Ferrand said.'
    quote = only(body)
    assert body[quote.start : quote.end] == "Nothing is agreed"


def test_partial_quote_inside_reported_speech():
    found = quotes('Kastelia says the plan would "freeze" the front and bring concrete "results."')
    assert [(q.text, q.kind, q.speaker_slug) for q in found] == [
        ("freeze", "partial", "kastelia"),
        ("results", "partial", "kastelia"),
    ]


def test_partial_quote_after_described_as():
    quote = only('Foreign Minister Tomas Ferrand described the talks as the "last hope" for peace.')
    assert (quote.kind, quote.speaker_slug, quote.speaker_label) == ("partial", "tomas-ferrand", "Foreign Minister")


def test_pronoun_resolves_to_the_nearest_named_speaker():
    body = 'Marenko spoke first. Tomas Ferrand was more guarded. "Nothing is agreed," he told reporters.'
    assert only(body).speaker_slug == "tomas-ferrand"


def test_pronoun_across_paragraphs():
    body = '"We are close," Ilse Marenko said.\n\n"The lists are long," she added.'
    assert [q.speaker_slug for q in quotes(body)] == ["ilse-marenko", "ilse-marenko"]


def test_role_noun_resolves_to_the_person_holding_it():
    body = 'Ferrand arrived on Monday. "We came to sign," the minister said.'
    assert only(body).speaker_slug == "tomas-ferrand"


def test_collective_noun_resolves_to_the_group():
    body = 'The Ridge Liberation Front spoke on Monday. The group said the talks were "a stage for the strong".'
    assert only(body).speaker_slug == "ridge-front"


def test_anonymous_source_with_its_affiliation():
    quote = only('"There is no text yet," a Kastelian official told Northwire.')
    assert (quote.anonymous, quote.speaker_label) == (True, "a Kastelian official")
    assert quote.speaker_affiliation.slug == "kastelia"
    assert quote.via_slug == "northwire"


def test_plural_anonymous_sources():
    quote = only('Two diplomats involved in the talks said the sides remained "very far apart".')
    assert (quote.anonymous, quote.speaker_label) == (True, "Two diplomats involved in the talks")


@pytest.mark.parametrize(
    ("body", "relay"),
    [
        ('"We will not disarm," Vesk was quoted by Northwire as saying.', "northwire"),
        ('"We will not disarm," Ferrand told the Lakeside Press Agency.', "lpa"),
        ('The Lakeside Press Agency quoted a Kastelian negotiator as saying talks would "resume soon".', "lpa"),
        ('In a letter seen by the Lakeside Press Agency, Ferrand said the talks had become "a stage".', "lpa"),
    ],
)
def test_relay_by_a_known_medium(body, relay):
    assert only(body).via_slug == relay


@pytest.mark.parametrize(
    ("body", "label", "channel"),
    [
        ('"Choose the table," Ferrand said, according to state television.', "state television", ""),
        ('"The coast is not for sale," Okafor wrote on Twitter.', "Twitter", "social_media"),
    ],
)
def test_relay_by_other_channels(body, label, channel):
    quote = only(body)
    assert (quote.via, quote.via_label) == (None, label)
    assert quote.channel == channel


def test_relay_carries_over_to_the_next_quote_by_the_same_speaker():
    body = 'Marenko told Northwire that an agenda was agreed. "The agenda is short," she said.'
    assert only(body).via_slug == "northwire"


def test_unknown_named_speaker_is_proposed_as_a_new_actor():
    quote = only('"The door remains open," said Marta Quill, a spokeswoman for the council.')
    assert (quote.speaker, quote.new_speaker_name) == (None, "Marta Quill")


def test_quote_in_the_headline():
    quote = only("The mediator spoke on Monday.", headline='Marenko: "The door is open"')
    assert quote.in_headline
    assert (quote.text, quote.speaker_slug) == ("The door is open", "ilse-marenko")


def test_round_named_in_the_sentence():
    assert only('In Port Selma, Ferrand said the talks were "useful".').round.slug == "port-selma"


@pytest.mark.parametrize(
    "body",
    [
        'Russia is planning to host a Syrian "congress of national dialogue" in Sochi.',
        'The talks aim at an "intra-Afghan" dialogue, officials said.',
        'Both sides accused each other of breaching the so-called "green line".',
        'The alliance was left out of the "Port Selma Declaration", its leaders said.',
        'Organisers hope for a "coastal compact" by the end of the year.',
    ],
)
def test_names_titles_and_scare_quotes_are_not_quotes(body):
    assert quotes(body) == []


def test_continuation_quote_keeps_its_speaker():
    body = '"Walking out would waste two years," Marenko said. "I ask both governments to wait."'
    assert [(q.text, q.speaker_slug) for q in quotes(body)] == [
        ("Walking out would waste two years", "ilse-marenko"),
        ("I ask both governments to wait", "ilse-marenko"),
    ]


def test_reported_speech_is_proposed_as_a_paraphrase():
    body = (
        "Ferrand arrived on Monday. The minister blamed the front for the delay, "
        "which he said showed that the ceasefire was not holding."
    )
    (quote,) = quotes(body)
    assert (quote.kind, quote.text, quote.speaker_slug) == (
        "paraphrase",
        "showed that the ceasefire was not holding",
        "tomas-ferrand",
    )
    assert quote.confidence < 0.5


def test_a_person_introduced_after_a_known_actor_is_proposed_for_the_pronoun():
    quote = only('Ilse Marenko opened the session. Maria Ostrova, a delegate, arrived late. "We are tired," she said.')
    assert (quote.speaker_slug, quote.new_speaker_name) == (None, "Maria Ostrova")


def test_a_person_introduced_by_a_title_is_proposed_for_the_pronoun():
    quote = only('Ilse Marenko spoke first. Then Ms Vera Lind took the floor. "We are tired," she said.')
    assert quote.new_speaker_name == "Vera Lind"


def test_a_known_actor_named_after_the_newcomer_keeps_the_pronoun():
    body = 'Maria Ostrova, a delegate, arrived late. Ilse Marenko opened the session. "We are ready," she said.'
    assert only(body).speaker_slug == "ilse-marenko"


def test_a_month_or_a_place_is_not_introduced_as_a_person():
    quote = only('Ilse Marenko spoke. North Kastelia, the host, was silent. "We are ready," she said.')
    assert quote.speaker_slug == "ilse-marenko"
