"""
Factories for the suite. They create records through the services, as users do
(validation, verbatim check and stored span, versions, history), so the suite runs
the same write path as the admin and imports. The default article body holds a few
distinctive phrases that quotes can point at, so every factory-built quote passes
the verbatim check.
"""

import contextlib
import contextvars
import datetime

import factory
from django.utils import timezone

from actors.models import Actor, ActorKind, Affiliation, Alias
from actors.services import actor_save
from articles.models import (
    Article,
    ArticleStatus,
    NegotiationProcess,
    NegotiationRound,
    Quote,
    QuoteKind,
    RoundParticipant,
)
from articles.services import article_save, quote_save
from newsroom.services import record_save

_UNCHECKED = contextvars.ContextVar("unchecked", default=False)


@contextlib.contextmanager
def unchecked():
    """
    Factories inside this block write straight to the database, past every service
    check, as a raw SQL or bulk write would: for tests that the database itself
    refuses what validation would have caught first.
    """
    token = _UNCHECKED.set(True)
    try:
        yield
    finally:
        _UNCHECKED.reset(token)


def _through(service):
    """A factory `_create` that saves through `service(obj)`, or straight to the database when unchecked()."""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if _UNCHECKED.get():
            return model_class._default_manager.create(*args, **kwargs)
        return service(model_class(*args, **kwargs))

    return _create


class ServiceFactory(factory.django.DjangoModelFactory):
    """Saves through newsroom.services.record_save (the admin's and imports' path)."""

    class Meta:
        abstract = True

    _create = _through(lambda obj: record_save(obj=obj))


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

    _create = _through(lambda obj: actor_save(actor=obj))

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


class AliasFactory(ServiceFactory):
    class Meta:
        model = Alias

    actor = factory.SubFactory(ActorFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")


class AffiliationFactory(ServiceFactory):
    class Meta:
        model = Affiliation

    person = factory.SubFactory(ActorFactory)
    organization = factory.SubFactory(GovernmentFactory)
    role = "Foreign Minister"


class ProcessFactory(ServiceFactory):
    class Meta:
        model = NegotiationProcess

    name = factory.Sequence(lambda n: f"Process {n}")
    slug = factory.Sequence(lambda n: f"process-{n}")


class RoundFactory(ServiceFactory):
    class Meta:
        model = NegotiationRound

    process = factory.SubFactory(ProcessFactory)
    name = factory.Sequence(lambda n: f"Round {n}")
    slug = factory.Sequence(lambda n: f"round-{n}")
    city = "Geneva"
    country = "CH"


class ParticipantFactory(ServiceFactory):
    class Meta:
        model = RoundParticipant

    round = factory.SubFactory(RoundFactory)
    actor = factory.SubFactory(GovernmentFactory)
    role = "party"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    _create = _through(lambda obj: article_save(article=obj))

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

    _create = _through(lambda obj: quote_save(quote=obj))

    article = factory.SubFactory(ArticleFactory)
    text = PHRASE
    kind = QuoteKind.DIRECT
    speaker = factory.SubFactory(ActorFactory)
    speaker_label = "the mediator"
