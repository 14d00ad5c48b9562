import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Article, NegotiationRound, Quote
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    GovernmentFactory,
    MediaFactory,
    ParticipantFactory,
    ProcessFactory,
    QuoteFactory,
    RoundFactory,
    unchecked,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def messages_of(raised):
    return " ".join(raised.value.messages)


# -- articles ---------------------------------------------------------------


def test_article_slug_is_unique_in_the_database():
    ArticleFactory(slug="vienna")
    with pytest.raises(IntegrityError), transaction.atomic(), unchecked():
        ArticleFactory(slug="vienna")


def test_article_url_is_unique_when_set_with_a_clear_message():
    ArticleFactory(url="https://example.org/vienna")
    article = ArticleFactory.build(url="https://example.org/vienna", slug="other")
    with pytest.raises(ValidationError) as raised:
        article.full_clean()
    assert "Another article already has this URL." in messages_of(raised)


def test_article_url_is_unique_in_the_database():
    ArticleFactory(url="https://example.org/vienna")
    with pytest.raises(IntegrityError), transaction.atomic(), unchecked():
        ArticleFactory(url="https://example.org/vienna")


def test_many_articles_may_have_no_url():
    ArticleFactory(url="")
    ArticleFactory(url="")
    assert Article.objects.filter(url="").count() == 2


def test_published_article_needs_a_publication_time():
    article = ArticleFactory.build(status="published", published_at=None)
    with pytest.raises(ValidationError, match="A published article needs a publication time"):
        article.full_clean()


def test_published_article_without_time_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic(), unchecked():
        ArticleFactory(status="published", published_at=None)


def test_article_outlet_must_be_media():
    article = ArticleFactory.build(outlet=GovernmentFactory())
    with pytest.raises(ValidationError, match="The outlet must be a media actor"):
        article.full_clean()


def test_article_language_must_be_a_language_tag():
    with pytest.raises(ValidationError, match="language tag"):
        ArticleFactory.build(language="English").full_clean()


# -- rounds -----------------------------------------------------------------


def test_round_end_before_start_is_refused_with_a_message():
    round_ = RoundFactory.build(
        process=ProcessFactory(),
        start_date=D(2018, 1, 26),
        start_precision="day",
        end_date=D(2018, 1, 25),
        end_precision="day",
    )
    with pytest.raises(ValidationError, match="end date cannot be before the start date"):
        round_.full_clean()


def test_round_end_before_start_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic(), unchecked():
        RoundFactory(start_date=D(2018, 1, 26), start_precision="day", end_date=D(2018, 1, 25), end_precision="day")


def test_round_may_have_no_dates_yet():
    round_ = RoundFactory(name="Next round")
    round_.full_clean()
    assert round_.dates_display == ""
    assert str(round_) == "Next round"


def test_round_dates_are_shown_at_their_precision():
    round_ = RoundFactory(
        start_date=D(2017, 12, 1), start_precision="month", end_date=D(2017, 12, 1), end_precision="month"
    )
    assert round_.dates_display == "December 2017"


def test_round_number_is_unique_within_its_process():
    first = RoundFactory(number=8)
    duplicate = RoundFactory.build(process=first.process, number=8, slug="other")
    with pytest.raises(ValidationError, match="already has a round with this number"):
        duplicate.full_clean()


def test_round_numbers_repeat_across_processes():
    RoundFactory(number=1)
    RoundFactory(number=1)
    assert NegotiationRound.objects.filter(number=1).count() == 2


def test_round_slug_is_unique():
    RoundFactory(slug="geneva-8")
    with pytest.raises(IntegrityError), transaction.atomic(), unchecked():
        RoundFactory(slug="geneva-8")


def test_participant_role_is_unique_per_round_and_actor():
    participant = ParticipantFactory(role="mediator")
    with pytest.raises(ValidationError, match="already has this role in this round"):
        ParticipantFactory.build(round=participant.round, actor=participant.actor, role="mediator").full_clean()


def test_delegation_head_must_be_a_person():
    participant = ParticipantFactory.build(
        round=RoundFactory(), actor=GovernmentFactory(), delegation_head=GovernmentFactory()
    )
    with pytest.raises(ValidationError, match="A delegation head must be a person"):
        participant.full_clean()


# -- quotes: invariants -----------------------------------------------------


def test_quote_needs_a_speaker_unless_anonymous():
    quote = QuoteFactory.build(article=ArticleFactory(), speaker=None, anonymous=False)
    with pytest.raises(ValidationError, match="Choose who said it, or mark the quote as anonymous"):
        quote.full_clean()


def test_quote_without_speaker_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic(), unchecked():
        QuoteFactory(speaker=None, anonymous=False)


def test_anonymous_quote_needs_a_label():
    quote = QuoteFactory.build(article=ArticleFactory(), speaker=None, anonymous=True, speaker_label="")
    with pytest.raises(ValidationError, match="Describe an anonymous source"):
        quote.full_clean()


def test_anonymous_quote_without_label_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic(), unchecked():
        QuoteFactory(speaker=None, anonymous=True, speaker_label="")


def test_anonymous_quote_cannot_link_a_speaker():
    quote = QuoteFactory.build(article=ArticleFactory(), speaker=ActorFactory(), anonymous=True)
    with pytest.raises(ValidationError, match="An anonymous quote cannot name a speaker"):
        quote.full_clean()


def test_anonymous_quote_with_label_and_affiliation_is_valid():
    france = GovernmentFactory(name="France")
    quote = QuoteFactory.build(
        article=ArticleFactory(),
        speaker=None,
        anonymous=True,
        speaker_label="a French diplomatic source",
        speaker_affiliation=france,
        via=MediaFactory(name="AFP"),
    )
    quote.full_clean()
    quote.save()
    assert quote.attribution == "a French diplomatic source"


def test_quote_via_must_be_media():
    quote = QuoteFactory.build(article=ArticleFactory(), speaker=ActorFactory(), via=GovernmentFactory(name="Iran"))
    with pytest.raises(ValidationError, match="Iran is not a media actor"):
        quote.full_clean()


def test_quote_said_on_without_precision_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic(), unchecked():
        QuoteFactory(said_on=D(2018, 1, 25), said_on_precision="")


def test_quote_said_on_is_separate_from_publication():
    quote = QuoteFactory.build(
        article=ArticleFactory(), speaker=ActorFactory(), said_on=D(2017, 12, 14), said_on_precision="month"
    )
    quote.full_clean()
    assert quote.said_on == D(2017, 12, 1)
    assert quote.said_on_display == "December 2017"


# -- quotes: the verbatim check -------------------------------------------


def test_direct_quote_must_occur_in_the_body_and_the_error_names_it():
    quote = QuoteFactory.build(
        article=ArticleFactory(), speaker=ActorFactory(), text="We never said this", speaker_label="the mediator"
    )
    with pytest.raises(ValidationError) as raised:
        quote.full_clean()
    message = raised.value.message_dict["text"][0]
    assert "“We never said this”" in message
    assert "(the mediator)" in message
    assert "does not appear word for word" in message


def test_partial_quote_must_occur_in_the_body():
    quote = QuoteFactory.build(
        article=ArticleFactory(), speaker=ActorFactory(), text="carefully hopeful", kind="partial"
    )
    with pytest.raises(ValidationError, match="partial quote"):
        quote.full_clean()


def test_paraphrase_need_not_occur_in_the_body():
    quote = QuoteFactory.build(
        article=ArticleFactory(), speaker=ActorFactory(), kind="paraphrase", text="said the mood was hopeful"
    )
    quote.full_clean()
    assert quote.span_start is None


def test_quote_span_is_stored_on_clean():
    quote = QuoteFactory.build(
        article=ArticleFactory(), speaker=ActorFactory(), text="cautiously hopeful", kind="partial"
    )
    quote.full_clean()
    assert quote.article.body[quote.span_start : quote.span_end] == "cautiously hopeful"


def test_quote_typed_with_straight_marks_matches_typographic_body():
    article = ArticleFactory(body="“We won’t sign a paper we haven’t read,” the envoy said.")
    quote = QuoteFactory.build(article=article, speaker=ActorFactory(), text="We won't sign a paper we haven't read")
    quote.full_clean()
    assert article.body[quote.span_start : quote.span_end] == "We won’t sign a paper we haven’t read"


def test_quote_pasted_with_its_quotation_marks_is_trimmed():
    quote = QuoteFactory.build(
        article=ArticleFactory(), speaker=ActorFactory(), text="  “cautiously hopeful” ", kind="partial"
    )
    quote.full_clean()
    assert quote.text == "cautiously hopeful"


def test_quote_spanning_a_line_break_matches():
    article = ArticleFactory(body='He called it "the last\nhope" for peace.')
    quote = QuoteFactory.build(article=article, speaker=ActorFactory(), text="the last hope", kind="partial")
    quote.full_clean()
    assert quote.span_start is not None


def test_quote_span_valid_is_enforced_by_the_database():
    quote = QuoteFactory()
    with pytest.raises(IntegrityError), transaction.atomic(), unchecked():
        Quote.objects.filter(pk=quote.pk).update(span_start=10, span_end=5)


# -- speaker's role at the time ------------------------------------------


def test_speaker_role_comes_from_the_affiliation_valid_on_said_on():
    from tests.factories import AffiliationFactory

    minister = ActorFactory(name="Jean-Yves Le Drian")
    AffiliationFactory(
        person=minister,
        role="Defence Minister",
        start_date=D(2012, 5, 1),
        start_precision="month",
        end_date=D(2017, 5, 1),
        end_precision="month",
    )
    AffiliationFactory(person=minister, role="Foreign Minister", start_date=D(2017, 5, 1), start_precision="month")
    quote = QuoteFactory(speaker=minister, speaker_label="", said_on=D(2016, 6, 1), said_on_precision="day")
    assert quote.speaker_role().role == "Defence Minister"


def test_speaker_role_falls_back_to_the_publication_day():
    from tests.factories import AffiliationFactory

    envoy = ActorFactory()
    AffiliationFactory(person=envoy, role="Special Envoy", start_date=D(2014, 7, 1), start_precision="month")
    quote = QuoteFactory(
        speaker=envoy,
        said_on=None,
        article=ArticleFactory(published_at=datetime.datetime(2018, 1, 25, 12, tzinfo=datetime.UTC)),
    )
    assert quote.speaker_role().role == "Special Envoy"


def test_speaker_role_is_none_for_an_anonymous_quote():
    quote = QuoteFactory(speaker=None, anonymous=True, speaker_label="a diplomat")
    assert quote.speaker_role() is None


def test_speaker_display_adds_the_role_when_the_label_is_only_a_name():
    from tests.factories import AffiliationFactory

    envoy = ActorFactory(name="Staffan de Mistura")
    AffiliationFactory(
        person=envoy,
        role="Special Envoy for Syria",
        organization=GovernmentFactory(name="United Nations"),
        start_date=D(2014, 7, 1),
        start_precision="month",
    )
    quote = QuoteFactory(speaker=envoy, speaker_label="", said_on=D(2018, 1, 25), said_on_precision="day")
    assert quote.speaker_display() == "Staffan de Mistura (Special Envoy for Syria, United Nations)"


def test_speaker_display_keeps_a_descriptive_label():
    from tests.factories import AffiliationFactory

    minister = ActorFactory(name="Jean-Yves Le Drian")
    AffiliationFactory(person=minister, role="Foreign Minister", start_date=D(2017, 5, 1), start_precision="month")
    quote = QuoteFactory(
        speaker=minister, speaker_label="French Foreign Minister", said_on=D(2018, 1, 25), said_on_precision="day"
    )
    assert quote.speaker_display() == "French Foreign Minister"


def test_speaker_display_of_an_anonymous_source_is_its_label():
    quote = QuoteFactory(speaker=None, anonymous=True, speaker_label="a French diplomatic source")
    assert quote.speaker_display() == "a French diplomatic source"
