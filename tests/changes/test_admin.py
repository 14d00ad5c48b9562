"""Subscriptions and deliveries in the admin: the SSRF guard on the URL field, dead deliveries to retry, fixed costs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actors.models import Actor
from newsroom.changes import log
from newsroom.changes.models import Change, Delivery, DeliveryAttempt, DeliveryStatus, Subscription

SECRET = "a-long-shared-secret-for-tests"


def _deliveries(count, status=DeliveryStatus.DEAD):
    subscription = Subscription.objects.create(name="Desk", url="https://93.184.216.34/hook", secret=SECRET)
    actor = Actor.objects.create(name="Envoy", slug="envoy", kind="person")
    changes = Change.objects.bulk_create(
        [
            Change(resource="actor", object_id=actor.pk, key="envoy", action="fetch", reason="changed")
            for _ in range(count)
        ]
    )
    return Delivery.objects.bulk_create(
        [Delivery(subscription=subscription, change=change, status=status, attempts=12) for change in changes]
    )


def test_a_private_url_is_refused_on_its_field(admin_client, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    response = admin_client.post(
        reverse("admin:changes_subscription_add"),
        {"name": "Internal", "url": "http://169.254.169.254/latest/", "secret": SECRET, "active": "on"},
    )
    assert response.status_code == 200
    assert "public addresses only" in " ".join(response.context["adminform"].form.errors["url"])
    assert not Subscription.objects.exists()


def test_a_short_secret_is_refused(admin_client):
    response = admin_client.post(
        reverse("admin:changes_subscription_add"), {"name": "Desk", "url": "https://93.184.216.34/", "secret": "short"}
    )
    assert "secret" in response.context["adminform"].form.errors


def test_a_subscription_added_in_the_admin_starts_from_the_latest_change(admin_client, demo):
    response = admin_client.post(
        reverse("admin:changes_subscription_add"),
        {"name": "Newsletter", "url": "https://93.184.216.34/hook", "secret": SECRET, "resources": ["article"]},
    )
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.cursor == log.head() > 0 and subscription.resources == ["article"]


@pytest.mark.parametrize("size", [5, 40])
def test_the_deliveries_list_costs_the_same_at_any_size(admin_client, size):
    _deliveries(size)
    url = reverse("admin:changes_delivery_changelist") + "?status__exact=dead"
    admin_client.get(url)  # warm the session and permission caches
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(url)
    assert response.status_code == 200 and response.content.count(b"failed for good") >= size
    assert len(queries) <= 8


def test_a_delivery_shows_its_log_of_attempts(admin_client):
    (dead,) = _deliveries(1)
    DeliveryAttempt.objects.create(delivery=dead, status_code=503, error="The receiver answered 503.")
    response = admin_client.get(reverse("admin:changes_delivery_change", args=[dead.pk]))
    assert b"The receiver answered 503." in response.content


def test_the_retry_action_sends_dead_deliveries_again(admin_client):
    dead = _deliveries(3)
    response = admin_client.post(
        reverse("admin:changes_delivery_changelist"),
        {"action": "retry_selected", "_selected_action": [d.pk for d in dead]},
        follow=True,
    )
    assert "3 deliveries will be sent again" in response.content.decode()
    assert set(Delivery.objects.values_list("status", "attempts")) == {(DeliveryStatus.PENDING, 0)}


def test_staff_without_the_permission_cannot_see_subscriptions(editor_client):
    assert editor_client.get(reverse("admin:changes_subscription_changelist")).status_code == 403
