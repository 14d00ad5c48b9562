"""
Writing the change log.

Callers say which records of a resource may have changed (`sync`), and the log compares
each record's state now with the last change it announced for it:

- public now: "fetch" (and first a "remove" of its old address if its key changed);
- not public or gone, and last announced as "fetch": "remove", with the reason;
- otherwise nothing: a draft edited, deleted or embargoed is never announced, so the
  feed says nothing about records the public never saw.

Saying too much is harmless (a second "fetch" costs the client one request); saying too
little leaves a stale copy somewhere, so callers sync whatever may have changed.

Order: a Change's sequence is drawn from the database inside the writing transaction. On
PostgreSQL two transactions could otherwise commit in the opposite order of their
sequences and a client reading between the two commits would step over the lower one
for good, so every writer first takes one transaction-scoped advisory lock: transactions
that write changes commit one after another, in sequence order. SQLite runs one write
transaction at a time anyway.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from . import registry
from .models import Action, Change, Reason, ScheduledChange

BATCH = 500
# pg_advisory_xact_lock's key for "writes to the change log"; any number no other code uses.
LOCK_KEY = 0x4E5752_4348  # "NWR" "CH"


def _batches(ids: Iterable[int | None]) -> Iterator[list[int]]:
    ordered = iter(sorted({pk for pk in ids if pk is not None}))
    while batch := list(islice(ordered, BATCH)):
        yield batch


def _take_lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def latest(resource: str, ids: list[int]) -> dict[int, Change]:
    """The last change announced for each of `ids` that has one."""
    last = (
        Change.objects.filter(resource=resource, object_id__in=ids)
        .order_by()
        .values("object_id")
        .annotate(last=Max("sequence"))
        .values("last")
    )
    return {change.object_id: change for change in Change.objects.filter(sequence__in=last)}


def sync(resource: str, ids: Iterable[int | None], *, gone: str = Reason.DELETED, replaced_by: str = "") -> int:
    """
    Announce what changed for the records `ids` of `resource` (see the module's docstring).
    `gone` and `replaced_by` describe records that no longer exist (deleted, or merged into
    the record with key `replaced_by`). Returns the number of changes written.
    """
    entry = registry.get(resource)
    written = 0
    if not connection.in_atomic_block:
        _ours().clear()  # a new transaction starts: nothing in it is ours yet
    # No savepoint: a failure here fails the write it describes, as it must.
    with transaction.atomic(savepoint=False):
        for batch in _batches(ids):
            states = entry.states(batch)
            last = latest(resource, batch)
            changes = []
            for pk in batch:
                state, known = states.get(pk), last.get(pk)
                if known is None or known.action != Action.FETCH:
                    # Never announced, or last announced as removed: only "public now" matters.
                    if state is not None and state.public:
                        changes.append(_change(resource, pk, state.key, Action.FETCH, Reason.CREATED))
                    continue
                if state is not None and state.public:
                    if _ours().get(known.sequence) == (resource, pk, state.key):
                        continue  # announced earlier in this transaction: clients fetch after it commits
                    if known.key != state.key:
                        changes.append(_change(resource, pk, known.key, Action.REMOVE, Reason.RENAMED, state.key))
                    changes.append(_change(resource, pk, state.key, Action.FETCH, Reason.CHANGED))
                elif state is None:
                    changes.append(_change(resource, pk, known.key, Action.REMOVE, gone, replaced_by))
                else:
                    changes.append(_change(resource, pk, known.key, Action.REMOVE, state.hidden_because))
            written += _write(changes)
    return written


def _change(resource: str, pk: int, key: str, action: str, reason: str, replaced_by: str = "") -> Change:
    return Change(resource=resource, object_id=pk, key=key, action=action, reason=reason, replaced_by=replaced_by)


def _write(changes: list[Change]) -> int:
    if not changes:
        return 0
    _take_lock()
    now = timezone.now()
    for change in changes:
        change.at = now
    Change.objects.bulk_create(changes)
    ours = _ours()
    for change in changes:
        if change.action == Action.FETCH:
            ours[change.sequence] = (change.resource, change.object_id, change.key)
    transaction.on_commit(ours.clear)
    return len(changes)


def _ours() -> dict[int, tuple[str, int, str]]:
    """
    The "fetch" changes this connection wrote in its current transaction, by sequence. A
    second sync of the same record in the same transaction writes nothing when its last
    change is one of these: no client can have read it yet. The database's latest change
    is checked first, so a change lost in a rolled-back savepoint is never counted.
    """
    ours = getattr(connection, "_newsroom_changes_ours", None)
    if ours is None:
        ours = connection._newsroom_changes_ours = {}  # type: ignore[attr-defined]
    return ours


def replaced(instance: Any, by_key: str) -> None:
    """Mark `instance`, about to be deleted, as merged into the record whose key is `by_key`."""
    instance._changes_replaced_by = by_key


def replaced_by(instance: Any) -> str:
    return getattr(instance, "_changes_replaced_by", "")


def schedule(resource: str, pk: int, due_at: datetime.datetime) -> None:
    """Sync record `pk` of `resource` again at `due_at` (an embargo lifts then, with no write)."""
    ScheduledChange.objects.get_or_create(resource=resource, object_id=pk, due_at=due_at)


def releases_due(now: datetime.datetime | None = None) -> bool:
    return ScheduledChange.objects.filter(due_at__lte=now or timezone.now()).exists()


def release_due(now: datetime.datetime | None = None) -> int:
    """Sync the records whose scheduled time has come; returns how many were due."""
    now = now or timezone.now()
    released = 0
    while True:
        with transaction.atomic():
            due = list(ScheduledChange.objects.filter(due_at__lte=now).order_by("due_at", "pk")[:BATCH])
            if not due:
                return released
            # Another process releasing the same rows deletes nothing here and moves on;
            # syncing twice would only announce a second "fetch".
            ScheduledChange.objects.filter(pk__in=[row.pk for row in due]).delete()
            by_resource: dict[str, list[int]] = {}
            for row in due:
                by_resource.setdefault(row.resource, []).append(row.object_id)
            for name, ids in by_resource.items():
                entry = registry.get(name)
                sync(name, ids)
                if entry.on_release is not None:
                    entry.on_release(ids)
            released += len(due)


def head() -> int:
    """The sequence of the last change committed, 0 when there is none (the primary key's index answers)."""
    return Change.objects.aggregate(last=Max("sequence"))["last"] or 0
