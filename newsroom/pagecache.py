"""
Public pages answered from the shared cache (CACHE_URL).

An anonymous GET or HEAD of a public page (home, search, article, quote, actor, round
and process pages) is answered from the cache when the same address was rendered less
than PAGE_CACHE_SECONDS ago and nothing has been saved since. Every save or deletion of
a record of the articles or actors apps, once committed, moves a generation number that
is part of every key, so no cached page outlives an edit: a withdrawn article leaves
every page at once. The moment the next embargo lifts is kept with the generation, and
the first request after it starts a new one: an embargoed article appears on time.

Not cached: the admin, the API (its throttle counts every request; clients use ETags),
CSV exports (streamed), anything but a 200, and requests from a browser with a session
(staff) or that has just written (see newsroom.replicas).
"""

import datetime
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import has_vary_header

from newsroom.replicas import PIN_COOKIE
from newsroom.signals import bulk_created

GENERATION_KEY = "page-generation"
CACHED_APPS = {"articles", "actors"}
NOT_CACHED_PREFIXES = ("/admin/", "/api/", "/search/quotes.csv", "/static/")


def generation():
    """
    The current generation. It starts from the clock, so a generation lost from the
    cache (evicted, or Redis restarted) never comes back to a number older pages used.
    """
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def new_generation():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not in the cache: any fresh number is newer than the old ones
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


# Whatever keeps embargoed records says when its next embargo ends, as an aware datetime or
# None (ArticlesConfig.ready registers Article.objects.next_embargo_lift).
_embargo_sources: list[Callable[[], datetime.datetime | None]] = []


def register_embargo_source(next_lift: Callable[[], datetime.datetime | None]) -> None:
    _embargo_sources.append(next_lift)


def next_embargo_lift() -> float:
    """When the next embargo of a published record ends (a timestamp), or 0 if none is pending."""
    moments = [moment for moment in (source() for source in _embargo_sources) if moment]
    return min(moments).timestamp() if moments else 0


def current_generation():
    """The generation to serve: a new one once the next embargo has lifted."""
    number = generation()
    lift_key = f"page-embargo-lift:{number}"
    lift = cache.get(lift_key)
    if lift is None:
        lift = next_embargo_lift()
        cache.set(lift_key, lift, timeout=None if not lift else max(1, int(lift - time.time()) + 60))
    if lift and time.time() >= lift:
        new_generation()
        number = generation()
    return number


def forget_pages(sender, **kwargs):
    if sender._meta.app_label in CACHED_APPS:
        new_generation()
        # Again after the commit: a page rendered from the old rows between the save and
        # the commit was stored under the generation above; this one leaves it behind.
        transaction.on_commit(new_generation, robust=True)


post_save.connect(forget_pages, dispatch_uid="newsroom-pagecache-save")
bulk_created.connect(forget_pages, dispatch_uid="newsroom-pagecache-bulk")
post_delete.connect(forget_pages, dispatch_uid="newsroom-pagecache-delete")
m2m_changed.connect(forget_pages, dispatch_uid="newsroom-pagecache-m2m")


def cacheable_request(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(NOT_CACHED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and PIN_COOKIE not in request.COOKIES
    )


def cacheable_response(response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not has_vary_header(response, "Cookie")
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable_request(request):
            return self.get_response(request)
        # The whole address: a page may carry its own absolute links (a quote's citation),
        # which differ by host and scheme.
        key = f"page:{current_generation()}:{request.method}:{request.build_absolute_uri()}"
        cached = cache.get(key)
        if cached is not None:
            return cached
        response = self.get_response(request)
        if cacheable_response(response):
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response
