import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone

from actors.models import Affiliation
from newsroom.dates import ends_on_or_after

# Quote.public_from of a published article with no embargo: public at any moment.
PUBLIC_SINCE_ALWAYS = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)


def public_article_q(*, now, prefix=""):
    """
    The one definition of "public": published, and not under embargo at `now`.

    `prefix` lets related models reuse it ("article__" for quotes).
    """
    return Q(**{f"{prefix}status": "published"}) & (
        Q(**{f"{prefix}embargo_until__isnull": True}) | Q(**{f"{prefix}embargo_until__lte": now})
    )


def is_public(*, status, embargo_until, now):
    """public_article_q for values in memory (a row as it was before a save): the same rule."""
    return status == "published" and (embargo_until is None or embargo_until <= now)


class ArticleQuerySet(models.QuerySet):
    def public(self, *, now=None):
        """Articles any reader may see: published and out of embargo."""
        return self.filter(public_article_q(now=now or timezone.now()))

    def embargoed(self, *, now=None):
        """Published articles still under embargo at `now`: public once it lifts."""
        return self.filter(status="published", embargo_until__gt=now or timezone.now())

    def next_embargo_lift(self):
        """When the next embargo of a published article ends, or None if none is pending."""
        return self.embargoed().order_by("embargo_until").values_list("embargo_until", flat=True).first()


class PublicCopyQuerySet(models.QuerySet):
    """Rows that keep a copy of their article's public state (`public_from`, kept by database triggers)."""

    def public_for_counts(self, *, now=None):
        """
        Rows of public articles, read from the copy: a count per round or speaker stays in
        one index instead of reading an article per row. Tests hold it equal to public()
        in every state.
        """
        return self.filter(public_from__lte=now or timezone.now())


class QuoteQuerySet(PublicCopyQuerySet):
    def public(self, *, now=None):
        """Quotes in public articles: a quote is never public on its own."""
        return self.filter(public_article_q(now=now or timezone.now(), prefix="article__"))

    def public_in_id_order(self, *, now=None):
        """
        public(), tested quote by quote (EXISTS on its article) rather than as a join: for
        walks in id order (the API's cursor mode), which read the quotes' own index and
        stop at the page's end. SQLite otherwise drives the join from every public article
        and sorts (0.5 s at a million quotes, against 0.1 ms).
        """
        from articles.models import Article

        articles = Article.objects.public(now=now).filter(pk=models.OuterRef("article_id"))
        return self.filter(models.Exists(articles)).order_by("pk")

    def with_related(self):
        """
        Everything a quote shows (speaker with aliases and affiliations for the role at
        the time, source affiliation, relay, round, article) in a fixed number of queries.
        """
        return self.select_related("speaker", "speaker_affiliation", "via", "round", "article").prefetch_related(
            "speaker__aliases",
            models.Prefetch("speaker__affiliations", queryset=Affiliation.objects.select_related("organization")),
            # The other speakers of joint statements (a few quotes have any).
            models.Prefetch("co_speakers", queryset=_co_speakers()),
        )


def _co_speakers():
    from .models import CoSpeaker  # querysets are imported by the models module

    return CoSpeaker.objects.select_related("actor").order_by("position")


class RoundQuerySet(models.QuerySet):
    def held_from(self, day):
        """
        Rounds not over before `day`. An end known to a month or a year covers its
        whole period (stored as the period's first day); with no end date, the start
        decides; rounds with no dates at all are kept out.
        """
        return self.filter(ends_on_or_after(day) | Q(end_date__isnull=True, start_date__gte=day))

    def held_until(self, day):
        """Rounds that started on or before `day` (a month- or year-precise start counts from its first day)."""
        return self.filter(start_date__lte=day)
