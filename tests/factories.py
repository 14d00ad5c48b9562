"""
Factories for the suite. The default article body holds a few distinctive phrases
that quotes can point at, so every factory-built quote passes the verbatim check.
"""

import datetime

import factory
from django.utils import timezone

from actors.models import Actor, ActorKind, Affiliation, Alias
from articles.models import (
    Article,
    ArticleStatus,
    NegotiationProcess,
    NegotiationRound,
    Quote,
    QuoteKind,
    RoundParticipant,
)

DEFAULT_BODY = (
    "Envoys gathered at the lakeside villa on Monday for a third day of talks.\n\n"
    '"We found a path through the thicket," the mediator said after the session. '
    'Delegates called the mood "cautiously hopeful" but warned that the ceasefire map '
    "remained unresolved.\n\n"
    "Monitoring\n\n"
    "Observers said the next round would follow within weeks."
)
PHRASE = "We found a path through the thicket"


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Actor {n}")
    slug = factory.Sequence(lambda n: f"actor-{n}")
    kind = ActorKind.PERSON


class MediaFactory(ActorFactory):
    name = factory.Sequence(lambda n: f"Agency {n}")
    slug = factory.Sequence(lambda n: f"agency-{n}")
    kind = ActorKind.MEDIA


class GovernmentFactory(ActorFactory):
    name = factory.Sequence(lambda n: f"Government {n}")
    slug = factory.Sequence(lambda n: f"government-{n}")
    kind = ActorKind.GOVERNMENT


class AliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alias

    actor = factory.SubFactory(ActorFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")


class AffiliationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(ActorFactory)
    organization = factory.SubFactory(GovernmentFactory)
    role = "Foreign Minister"


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NegotiationProcess

    name = factory.Sequence(lambda n: f"Process {n}")
    slug = factory.Sequence(lambda n: f"process-{n}")


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NegotiationRound

    process = factory.SubFactory(ProcessFactory)
    name = factory.Sequence(lambda n: f"Round {n}")
    slug = factory.Sequence(lambda n: f"round-{n}")
    city = "Geneva"
    country = "CH"


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoundParticipant

    round = factory.SubFactory(RoundFactory)
    actor = factory.SubFactory(GovernmentFactory)
    role = "party"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Talks resume at the lakeside villa ({n})")
    slug = factory.Sequence(lambda n: f"talks-resume-{n}")
    body = DEFAULT_BODY
    status = ArticleStatus.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))

    class Params:
        draft = factory.Trait(status=ArticleStatus.DRAFT, published_at=None)


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    article = factory.SubFactory(ArticleFactory)
    text = PHRASE
    kind = QuoteKind.DIRECT
    speaker = factory.SubFactory(ActorFactory)
    speaker_label = "the mediator"
