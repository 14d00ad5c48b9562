"""
Webhook delivery, run by the worker (manage.py deliver_webhooks), never inside a request.

1. `enqueue`: for each active subscription, the changes after its cursor become Delivery
   rows and the cursor moves, in one transaction: a change is queued exactly once.
2. `claim`: due deliveries are leased (their next attempt pushed WEBHOOK_LEASE_SECONDS
   ahead) in a short transaction (on PostgreSQL with SKIP LOCKED, so several workers
   share the work). A worker killed after claiming leaves them to be tried again once
   the lease ends: nothing is lost, and a delivery is sent at least once.
3. `attempt`: one signed POST; a 2xx answer marks it delivered. Otherwise it is tried
   again after a delay that doubles each time (WEBHOOK_RETRY_BASE_SECONDS, capped at
   WEBHOOK_RETRY_MAX_SECONDS, with jitter) until WEBHOOK_MAX_ATTEMPTS attempts, when it is
   marked dead (visible, and retryable, in the admin). Every attempt is logged.

Receivers deduplicate by the change's id (the Newsroom-Event-Id header and the body's
"id"): a worker killed between a receiver's 2xx and recording it sends that change again.
"""

from __future__ import annotations

import datetime
import json
import random
import time
from collections.abc import Iterator

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from . import destinations, signing
from .feed import represent
from .models import Change, Delivery, DeliveryAttempt, DeliveryStatus, Subscription

BATCH = 500


def _setting(name: str, default: float) -> float:
    return getattr(settings, name, default)


def public_link(view_name: str, key: str) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse(view_name, args=[key])


def enqueue() -> int:
    """Queue the changes each active subscription has not had yet; returns how many deliveries were made."""
    made = 0
    for subscription in Subscription.objects.filter(active=True).order_by("pk"):
        while True:
            with transaction.atomic():
                locked = Subscription.objects.select_for_update().filter(pk=subscription.pk, active=True).first()
                if locked is None:
                    break
                changes = list(Change.objects.filter(sequence__gt=locked.cursor).order_by("sequence")[:BATCH])
                if not changes:
                    break
                wanted = set(locked.resources or ())
                Delivery.objects.bulk_create(
                    [
                        Delivery(subscription=locked, change=change)
                        for change in changes
                        if not wanted or change.resource in wanted
                    ],
                    ignore_conflicts=True,
                )
                made += sum(1 for change in changes if not wanted or change.resource in wanted)
                locked.cursor = changes[-1].sequence
                locked.save(update_fields=["cursor"])
    return made


def claim(limit: int = 50, now: datetime.datetime | None = None) -> list[Delivery]:
    """Lease up to `limit` due deliveries to this worker (see the module's docstring)."""
    now = now or timezone.now()
    lease = now + datetime.timedelta(seconds=_setting("WEBHOOK_LEASE_SECONDS", 60))
    with transaction.atomic():
        due = Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now).order_by(
            "next_attempt_at", "change_id"
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True, of=("self",))
        deliveries = list(due.select_related("subscription", "change")[:limit])
        Delivery.objects.filter(pk__in=[delivery.pk for delivery in deliveries]).update(next_attempt_at=lease)
    return deliveries


def body(change: Change) -> bytes:
    return json.dumps(represent(change, public_link), separators=(",", ":")).encode()


def retry_delay(attempts: int) -> float:
    """Seconds to wait after the `attempts`-th failure: doubling from the base, capped, with 10% jitter."""
    base = _setting("WEBHOOK_RETRY_BASE_SECONDS", 10) * 2 ** (attempts - 1)
    delay = min(base, _setting("WEBHOOK_RETRY_MAX_SECONDS", 6 * 3600))
    return delay * random.uniform(1.0, 1.1)


def attempt(delivery: Delivery) -> bool:
    """POST one delivery and record the outcome; True when the receiver accepted it."""
    subscription, change = delivery.subscription, delivery.change
    payload = body(change)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Newsroom-Webhooks/1",
        signing.HEADER: signing.sign(subscription.secret, payload),
        signing.EVENT_HEADER: str(change.sequence),
    }
    started = time.monotonic()
    status, error = None, ""
    try:
        status = destinations.post(subscription.url, payload, headers, timeout=_setting("WEBHOOK_TIMEOUT_SECONDS", 10))
        if not 200 <= status < 300:
            error = f"The receiver answered {status}."
    except destinations.Refused as refused:
        error = str(refused)
    except OSError as failure:  # refused, reset, timed out, TLS, DNS
        error = f"{type(failure).__name__}: {failure}"[:500]
    duration = int((time.monotonic() - started) * 1000)
    now = timezone.now()
    with transaction.atomic():
        DeliveryAttempt.objects.create(
            delivery=delivery, at=now, status_code=status, error=error[:500], duration_ms=duration
        )
        delivery.attempts += 1
        delivery.last_error = error[:500]
        if not error:
            delivery.status = DeliveryStatus.DELIVERED
            delivery.delivered_at = now
        elif delivery.attempts >= _setting("WEBHOOK_MAX_ATTEMPTS", 12):
            delivery.status = DeliveryStatus.DEAD
        else:
            delivery.next_attempt_at = now + datetime.timedelta(seconds=retry_delay(delivery.attempts))
        delivery.save(update_fields=["attempts", "last_error", "status", "delivered_at", "next_attempt_at"])
    return not error


def retry(deliveries: Iterator[Delivery] | list[Delivery]) -> int:
    """Send dead or waiting deliveries again now, with a fresh count of attempts (the admin's action)."""
    ids = [delivery.pk for delivery in deliveries]
    return (
        Delivery.objects.filter(pk__in=ids)
        .exclude(status=DeliveryStatus.DELIVERED)
        .update(status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=timezone.now())
    )
