"""
Optimistic locking for records with a `version` and a simple-history `history`.

A save names the version its author started from. If someone saved since, and what
they changed is something this author can see, the save is refused with a message
naming who saved, when and what they changed. Changes to fields the author may not
see (protected fields, see newsroom.protection) never refuse a save nor show up in
the message: otherwise the refusal itself would reveal that a hidden note changed.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone

from .protection import hidden_fields


def _bookkeeping(model) -> list[str]:
    """Fields nobody edits (version, timestamps, stored spans): not changes of substance."""
    return [field.name for field in model._meta.concrete_fields if not field.editable]


def visible_changes(*, model, newer, older, user) -> list:
    """The changes from history record `older` to `newer` that `user` may see."""
    excluded = hidden_fields(model, user) + _bookkeeping(model)
    return newer.diff_against(older, excluded_fields=excluded).changes


def stale_edit_message(*, obj, seen_version: int, user=None) -> str:
    """
    Why a save of `obj` started from `seen_version` must be refused, or "" when it
    need not be: nothing `user` may see changed since (or the history is gone).
    """
    history = obj.history.all()
    latest = history.order_by("-history_date", "-history_id").first()
    seen = history.filter(version=seen_version).order_by("-history_date", "-history_id").first()
    noun = obj._meta.verbose_name
    if latest is None or seen is None:
        return f"This {noun} was changed by someone else after you opened it. Reload it and apply your changes again."
    changes = visible_changes(model=type(obj), newer=latest, older=seen, user=user)
    if not changes:
        return ""
    who = latest.history_user.get_username() if latest.history_user else "someone else"
    when = timezone.localtime(latest.history_date).strftime("%-d %B %Y %H:%M")
    described = []
    for change in changes:
        label = obj._meta.get_field(change.field).verbose_name
        value = change.new if isinstance(change.new, str | int | type(None)) else ", ".join(map(str, change.new))
        text = str(value) if value not in (None, "") else "(empty)"
        described.append(f"{label}: “{text if len(text) <= 80 else text[:79] + '…'}”")
    return (
        f"Not saved: {who} saved this {noun} at {when}, after you opened it. Their changes: {'; '.join(described)}. "
        "Your edits are still in the form below; reload the page to start from their version."
    )


def current_version(obj, *, lock: bool = False) -> int | None:
    """The stored version of `obj` (None if it is not stored); with `lock`, the row stays locked."""
    if obj.pk is None:
        return None
    rows = type(obj)._default_manager.filter(pk=obj.pk)
    if lock:
        rows = rows.select_for_update()
    return rows.values_list("version", flat=True).first()


def claim_version(obj, *, expected_version: int | None, user=None) -> None:
    """
    Lock the row, refuse a save based on an older version with a change `user` can
    see, and set the next version. Call inside a transaction.
    """
    current = current_version(obj, lock=True)
    if current is None:
        obj.version = 1
        return
    if expected_version is not None and current != expected_version:
        message = stale_edit_message(obj=obj, seen_version=expected_version, user=user)
        if message:
            raise ValidationError(message, code="stale")
    obj.version = current + 1
