"""Keep the search index current. Signals are used for this sync only."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from actors.models import Actor, Alias
from articles.models import Article, NegotiationProcess, NegotiationRound, Quote

from .documents import EntryKind, index_actor_and_quotes, index_object, index_records, indexable


@receiver(post_save, sender=Article)
@receiver(post_save, sender=Quote)
@receiver(post_save, sender=NegotiationRound)
def index_saved_record(sender, instance, raw=False, **kwargs):
    if not raw:
        index_object(instance)


@receiver(post_save, sender=Actor)
def index_saved_actor(sender, instance, raw=False, **kwargs):
    if not raw:
        index_actor_and_quotes(instance.pk)


@receiver(post_save, sender=Alias)
@receiver(post_delete, sender=Alias)
def index_alias_change(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if Actor.objects.filter(pk=instance.actor_id).exists():  # not when the actor itself is being deleted
        index_actor_and_quotes(instance.actor_id)


@receiver(post_save, sender=NegotiationProcess)
def index_process_rounds(sender, instance, raw=False, **kwargs):
    if not raw:
        index_records(EntryKind.ROUND, indexable(EntryKind.ROUND).filter(process=instance))
