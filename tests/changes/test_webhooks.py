"""Webhooks: signed, delivered at least once through a receiver that is down or failing, dead after N tries."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction

from actors.models import Actor
from actors.services import actor_save
from newsroom.changes import delivery, log
from newsroom.changes.models import Change, Delivery, DeliveryStatus, Subscription

from .receiver import Receiver

SECRET = "a-long-shared-secret-for-tests"


def work():
    """One pass of the worker, as `manage.py deliver_webhooks --once` runs it."""
    call_command("deliver_webhooks", "--once", stdout=io.StringIO())


def make_changes(count):
    start = Actor.objects.count()
    for number in range(start, start + count):
        actor_save(actor=Actor(name=f"Envoy {number}", slug=f"envoy-{number}", kind="person"))


@pytest.fixture
def fast_retries(settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 0
    settings.WEBHOOK_MAX_ATTEMPTS = 50
    settings.WEBHOOK_TIMEOUT_SECONDS = 2


@pytest.fixture
def receiver():
    hook = Receiver(SECRET)
    hook.start()
    yield hook
    hook.stop()


def subscribe(url, **fields):
    subscription = Subscription(name="Newsletter desk", url=url, secret=SECRET, **fields)
    subscription.full_clean()
    subscription.save()
    return subscription


def test_each_change_is_posted_signed_with_its_id(transactional_db, receiver):
    subscribe(receiver.url)
    make_changes(3)
    work()
    sequences = list(Change.objects.values_list("sequence", flat=True))
    assert sorted(receiver.unique_ids()) == sorted(str(sequence) for sequence in sequences)
    _, body = receiver.received[0]
    assert body["action"] == "fetch" and body["resource"] == "actor"
    assert body["url"].startswith("http://127.0.0.1:8000/api/v1/actors/")
    assert receiver.bad_signatures == 0


def test_a_new_subscription_starts_from_now(transactional_db, receiver):
    make_changes(2)
    subscribe(receiver.url)
    make_changes(1)
    work()
    assert len(receiver.unique_ids()) == 1


def test_only_the_chosen_resources_are_sent(transactional_db, receiver):
    subscribe(receiver.url, resources=["article"])
    make_changes(2)
    work()
    assert receiver.received == []


def test_deliveries_survive_a_receiver_that_is_down_then_recovers(transactional_db, fast_retries):
    hook = Receiver(SECRET)
    subscribe(hook.reserve_port())
    make_changes(5)
    for _ in range(3):
        work()  # connection refused each time
    assert Delivery.objects.filter(status=DeliveryStatus.PENDING, attempts=3).count() == 5
    hook.start()
    try:
        work()
    finally:
        hook.stop()
    assert len(hook.unique_ids()) == 5
    assert len(hook.received) == 5
    assert not Delivery.objects.exclude(status=DeliveryStatus.DELIVERED).exists()


def test_a_receiver_that_answers_errors_gets_the_change_again(transactional_db, fast_retries, receiver):
    receiver.status = 503
    subscribe(receiver.url)
    make_changes(2)
    work()
    receiver.status = 204
    work()
    assert len(receiver.unique_ids()) == 2


def test_each_attempt_is_logged(transactional_db, fast_retries, receiver):
    receiver.status = 500
    subscribe(receiver.url)
    make_changes(1)
    work()
    receiver.status = 200
    work()
    attempts = Delivery.objects.get().log.order_by("at")
    assert [attempt.status_code for attempt in attempts] == [500, 200]
    assert attempts[0].error == "The receiver answered 500."


def test_a_delivery_is_dead_after_the_last_attempt(transactional_db, fast_retries, settings, receiver):
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    receiver.status = 500
    subscribe(receiver.url)
    make_changes(1)
    for _ in range(5):
        work()
    dead = Delivery.objects.get()
    assert (dead.status, dead.attempts) == (DeliveryStatus.DEAD, 3)


def test_a_dead_delivery_can_be_sent_again(transactional_db, fast_retries, settings, receiver):
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    receiver.status = 500
    subscribe(receiver.url)
    make_changes(1)
    work()
    receiver.status = 200
    assert delivery.retry(Delivery.objects.all()) == 1
    work()
    assert Delivery.objects.get().status == DeliveryStatus.DELIVERED


def test_the_retry_delay_doubles_up_to_the_cap(settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 10
    settings.WEBHOOK_RETRY_MAX_SECONDS = 100
    delays = [delivery.retry_delay(attempts) for attempts in (1, 2, 3, 5)]
    assert 10 <= delays[0] <= 11 and 20 <= delays[1] <= 22 and 40 <= delays[2] <= 44 and 100 <= delays[3] <= 110


def test_a_change_that_rolled_back_is_never_queued(transactional_db, receiver):
    subscribe(receiver.url)
    with pytest.raises(RuntimeError), transaction.atomic():
        make_changes(1)
        raise RuntimeError("the edit failed")
    work()
    assert receiver.received == [] and log.head() == 0


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://localhost:8000/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "ftp://93.184.216.34/hook",
        "file:///etc/passwd",
    ],
)
def test_private_addresses_and_other_schemes_are_refused(db, settings, url):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(ValidationError) as refused:
        Subscription(name="Internal", url=url, secret=SECRET).full_clean()
    assert "url" in refused.value.message_dict


def test_a_public_address_is_accepted(db, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    Subscription(name="Mirror", url="https://93.184.216.34/hook", secret=SECRET).full_clean()


def test_the_guard_is_checked_again_at_delivery(transactional_db, settings, receiver):
    subscribe(receiver.url)  # accepted while private addresses were allowed
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    make_changes(1)
    work()
    assert receiver.received == []
    assert "public addresses only" in Delivery.objects.get().last_error
