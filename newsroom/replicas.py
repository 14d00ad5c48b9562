"""
Read replicas: public reads go to a replica, everything else to the primary.

DATABASE_REPLICA_URLS names the replicas (settings.DATABASE_REPLICAS lists their aliases).
ReplicaReadsMiddleware chooses one for a request only when the request is a public read:
a GET, HEAD or OPTIONS outside the admin, from a client that has not written in the last
REPLICA_PIN_SECONDS. ReplicaRouter sends that request's reads to it, and every write to
the primary; once a request writes, its later reads stay on the primary too. The admin,
services, management commands and every unsafe request never read from a replica, and a
response to an unsafe request sets a cookie that keeps the writer's next reads on the
primary until the replicas have caught up: nobody reads a page older than their own edit.
"""

import random
from contextvars import ContextVar

from django.conf import settings

PRIMARY = "default"
PIN_COOKIE = "newsroom_primary"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
PRIMARY_ONLY_PREFIXES = ("/admin/",)

# The alias this request's reads go to; None means the primary.
_reads_from = ContextVar("newsroom_reads_from", default=None)


def replicas():
    return list(getattr(settings, "DATABASE_REPLICAS", ()))


def reads_from():
    return _reads_from.get() or PRIMARY


def is_public_read(request, *, pinned_too=False):
    """A GET, HEAD or OPTIONS outside the admin (from a client not pinned to the primary, unless `pinned_too`)."""
    return (
        request.method in SAFE_METHODS
        and not request.path.startswith(PRIMARY_ONLY_PREFIXES)
        and (pinned_too or PIN_COOKIE not in request.COOKIES)
    )


class ReplicaReadsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        aliases = replicas()
        if not aliases:
            return self.get_response(request)
        token = _reads_from.set(random.choice(aliases) if is_public_read(request) else None)
        try:
            response = self.get_response(request)
        finally:
            _reads_from.reset(token)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return _reads_from.get()

    def db_for_write(self, model, **hints):
        # A request that writes reads its own writes: the rest of it uses the primary.
        _reads_from.set(None)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Every alias holds the same data: objects read from any of them may be related.
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == PRIMARY
