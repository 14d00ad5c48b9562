from django.db import models
from django.db.models import Q
from django.utils import timezone


def public_article_q(*, now, prefix=""):
    """
    The one definition of "public": published, and not under embargo at `now`.

    `prefix` lets related models reuse it ("article__" for quotes).
    """
    return Q(**{f"{prefix}status": "published"}) & (
        Q(**{f"{prefix}embargo_until__isnull": True}) | Q(**{f"{prefix}embargo_until__lte": now})
    )


class ArticleQuerySet(models.QuerySet):
    def public(self, *, now=None):
        """Articles any reader may see: published and out of embargo."""
        return self.filter(public_article_q(now=now or timezone.now()))


class QuoteQuerySet(models.QuerySet):
    def public(self, *, now=None):
        """Quotes in public articles: a quote is never public on its own."""
        return self.filter(public_article_q(now=now or timezone.now(), prefix="article__"))
