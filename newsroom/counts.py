"""
The archive's size shown on the home page, kept in the shared cache (CACHE_URL) so a
view does not count a million quotes. Any save or deletion of an article or a quote
forgets the figures at once (a withdrawal is never counted after it happens); an
embargo that lifts on its own is counted within HOME_COUNTS_SECONDS.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from actors.models import Actor
from articles.models import Article, NegotiationRound, Quote

HOME_COUNTS_KEY = "home-counts"
HOME_COUNTS_SECONDS = 300


def home_counts():
    def count():
        return {
            "quote_count": Quote.objects.public().count(),
            "actor_count": Actor.objects.count(),
            "round_count": NegotiationRound.objects.count(),
        }

    return cache.get_or_set(HOME_COUNTS_KEY, count, HOME_COUNTS_SECONDS)


@receiver(post_save, sender=Article)
@receiver(post_delete, sender=Article)
@receiver(post_save, sender=Quote)
@receiver(post_delete, sender=Quote)
def forget_home_counts(sender, **kwargs):
    cache.delete(HOME_COUNTS_KEY)
