"""
Keep the search index current. Signals are used for this sync only, connected for
whatever the apps register (newsroom.search.registry).

A record saved is indexed at once. Records whose documents read other rows (a quote
names its speaker's aliases) are indexed again when the transaction commits, once
each however many of those rows changed: ten aliases added to an actor re-index it
and its quotes once, and an actor deleted with its aliases is gone by then, so
nothing is indexed for it.
"""

from collections import defaultdict
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Model, prefetch_related_objects
from django.db.models.signals import post_delete, post_save

from newsroom.signals import bulk_created

from . import registry
from .documents import bulk_index, index_matching, index_object


def index_saved_record(sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        index_object(instance)


def index_created_records(sender: type[Model], instances: list[Model], **kwargs: Any) -> None:
    searchable = registry.of_model(sender)
    if searchable.prefetch_related:
        # Read what the documents need once for the whole batch.
        prefetch_related_objects(instances, *searchable.prefetch_related)
    bulk_index(searchable.kind, instances)


class ReindexOnCommit:
    """The records to index again when the transaction commits: {(kind, lookup): keys}."""

    def __init__(self) -> None:
        self.pending: defaultdict[tuple[str, str], set] = defaultdict(set)
        self.ran = False

    def __call__(self) -> None:
        self.ran = True
        for (kind, lookup), keys in self.pending.items():
            index_matching(kind, lookup, keys)


def reindex_on_commit(kind: str, lookup: str, key: Any) -> None:
    """Index the records of `kind` whose `lookup` is `key` again, once, after the commit."""
    connection = transaction.get_connection()
    batch = None
    if connection.in_atomic_block:
        # The batch is the callback already waiting for this transaction, if any.
        waiting = (
            callback
            for _, callback, _ in connection.run_on_commit
            if isinstance(callback, ReindexOnCommit) and not callback.ran
        )
        batch = next(waiting, None)
    if batch is None:
        batch = ReindexOnCommit()
        batch.pending[(kind, lookup)].add(key)
        transaction.on_commit(batch)  # runs at once outside a transaction
    else:
        batch.pending[(kind, lookup)].add(key)


def related_changed(
    kind: str, follows: registry.Follows, sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any
) -> None:
    if not raw:
        reindex_on_commit(kind, follows.lookup, follows.key(instance))


def connect(searchable: registry.Searchable) -> None:
    uid = f"search-index-{searchable.kind}"
    post_save.connect(index_saved_record, sender=searchable.model, dispatch_uid=f"{uid}-save")
    bulk_created.connect(index_created_records, sender=searchable.model, dispatch_uid=f"{uid}-bulk")
    for follows in searchable.follows:
        receiver = partial(related_changed, searchable.kind, follows)
        follows_uid = f"{uid}-follows-{follows.model._meta.label}-{follows.lookup}"
        post_save.connect(receiver, sender=follows.model, weak=False, dispatch_uid=f"{follows_uid}-save")
        if follows.on_delete:
            post_delete.connect(receiver, sender=follows.model, weak=False, dispatch_uid=f"{follows_uid}-delete")
