"""CACHE_URL chooses the shared cache; Redis is exercised for real when it answers (CI requires it)."""

import os

import pytest
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured

from newsroom.settings import caches_from_url

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def test_redis_url_selects_django_redis_cache():
    backend = caches_from_url("redis://cache:6379/1")["default"]["BACKEND"]
    assert backend == "django.core.cache.backends.redis.RedisCache"


def test_db_selects_the_database_cache_table():
    assert caches_from_url("db")["default"]["LOCATION"] == "newsroom_cache"


def test_unset_is_a_cache_per_process():
    assert caches_from_url("")["default"]["BACKEND"].endswith("LocMemCache")


def test_an_unknown_cache_url_is_refused_with_the_accepted_forms():
    with pytest.raises(ImproperlyConfigured, match="redis://host:port/db, db or locmem"):
        caches_from_url("memcached://x")


def redis_answers():
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.mark.skipif(
    not redis_answers() and os.environ.get("REQUIRE_REDIS") != "1", reason=f"no Redis answers at {REDIS_URL}"
)
def test_two_workers_share_what_one_cached_through_redis():
    first = RedisCache(REDIS_URL, {"KEY_PREFIX": "newsroom-test"})
    second = RedisCache(REDIS_URL, {"KEY_PREFIX": "newsroom-test"})
    first.set("throttle-probe", 41, 30)
    assert second.incr("throttle-probe") == 42
    second.delete("throttle-probe")
