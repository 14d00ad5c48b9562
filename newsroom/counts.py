"""
The archive's size shown on the home page, kept in the shared cache (CACHE_URL) so a
view does not count a million quotes. The figures are kept under the page cache's
generation (newsroom.pagecache), so they are counted again at once after any save or
deletion of an article, quote, actor or negotiation record (a withdrawal is never
counted after it happens) and after an embargo lifts; otherwise every
HOME_COUNTS_SECONDS at most.
"""

from django.core.cache import cache

from actors.models import Actor
from articles.models import NegotiationRound, Quote
from newsroom.pagecache import current_generation

HOME_COUNTS_SECONDS = 300


def home_counts():
    def count():
        return {
            "quote_count": Quote.objects.public_for_counts().count(),
            "actor_count": Actor.objects.count(),
            "round_count": NegotiationRound.objects.count(),
        }

    return cache.get_or_set(f"home-counts:{current_generation()}", count, HOME_COUNTS_SECONDS)
