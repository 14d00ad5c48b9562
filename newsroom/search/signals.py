"""Keep the search index current. Signals are used for this sync only."""

import threading

from django.db.models import prefetch_related_objects
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from actors.models import Actor, Alias
from articles.models import Article, NegotiationProcess, NegotiationRound, Quote
from newsroom.signals import bulk_created

from .documents import (
    KIND_OF_MODEL,
    EntryKind,
    bulk_index,
    index_actor_and_quotes,
    index_object,
    index_records,
    indexable,
)


@receiver(post_save, sender=Article)
@receiver(post_save, sender=Quote)
@receiver(post_save, sender=NegotiationRound)
def index_saved_record(sender, instance, raw=False, **kwargs):
    if not raw:
        index_object(instance)


@receiver(bulk_created, sender=Article)
@receiver(bulk_created, sender=Quote)
def index_created_records(sender, instances, **kwargs):
    if sender is Quote:
        # A quote's document names its speaker's aliases: read them once per speaker.
        speakers = {id(quote.speaker): quote.speaker for quote in instances if quote.speaker_id}
        prefetch_related_objects(list(speakers.values()), "aliases")
    bulk_index(KIND_OF_MODEL[sender], instances)


@receiver(post_save, sender=Actor)
def index_saved_actor(sender, instance, raw=False, **kwargs):
    if not raw:
        index_actor_and_quotes(instance.pk)


# Actors being deleted in this thread: their aliases go with them, and re-indexing the
# actor then would recreate an entry for a row about to disappear.
_deleting = threading.local()


@receiver(pre_delete, sender=Actor)
def remember_actor_deletion(sender, instance, **kwargs):
    _deleting.__dict__.setdefault("actors", set()).add(instance.pk)


@receiver(post_delete, sender=Actor)
def forget_actor_deletion(sender, instance, **kwargs):
    _deleting.__dict__.get("actors", set()).discard(instance.pk)


@receiver(post_save, sender=Alias)
@receiver(post_delete, sender=Alias)
def index_alias_change(sender, instance, raw=False, **kwargs):
    if raw or instance.actor_id in _deleting.__dict__.get("actors", set()):
        return
    index_actor_and_quotes(instance.actor_id)


@receiver(post_save, sender=NegotiationProcess)
def index_process_and_rounds(sender, instance, raw=False, **kwargs):
    if not raw:
        index_object(instance)
        index_records(EntryKind.ROUND, indexable(EntryKind.ROUND).filter(process=instance))
