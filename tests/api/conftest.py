import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.factories import ActorFactory, ArticleFactory, MediaFactory, QuoteFactory, RoundFactory

SECRET_HEADLINE = "SENTINEL-DRAFT-HEADLINE-93b1"
SECRET_NOTE = "SENTINEL-CONFIDENTIAL-NOTE-5d2e"


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def hidden(db):
    """
    One article in each non-public state, each quoting a speaker quoted nowhere
    else, relayed by a medium used nowhere else, about a round covered nowhere else.
    """
    states = {
        "draft": {"status": "draft", "published_at": None},
        "in_review": {"status": "in_review", "published_at": None},
        "withdrawn": {"status": "withdrawn"},
        "embargoed": {"status": "published", "embargo_until": timezone.now() + datetime.timedelta(days=1)},
    }
    made = {}
    for name, fields in states.items():
        round_ = RoundFactory(slug=f"hidden-round-{name}")
        article = ArticleFactory(slug=f"hidden-{name}", headline=f"{SECRET_HEADLINE} {name}", **fields)
        article.rounds.add(round_)
        speaker = ActorFactory(slug=f"hidden-speaker-{name}")
        QuoteFactory(
            article=article,
            speaker=speaker,
            round=round_,
            via=MediaFactory(slug=f"hidden-via-{name}"),
            confidential_note=SECRET_NOTE,
        )
        made[name] = article
    return made


@pytest.fixture
def visible(db):
    """A public article with a quote carrying a confidential note."""
    round_ = RoundFactory(slug="open-round")
    article = ArticleFactory(slug="open-article")
    article.rounds.add(round_)
    QuoteFactory(
        article=article,
        speaker=ActorFactory(slug="open-speaker"),
        round=round_,
        via=MediaFactory(slug="open-via"),
        confidential_note=SECRET_NOTE,
    )
    return article
