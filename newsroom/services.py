"""
The write path shared by every app: rights, validation and history author for a
record, decided in one place for the admin, imports and commands alike.

`user` is the person acting; None is the system itself (a command run by an
operator, a migration), which may do anything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model

from .protection import hidden_fields, protected_fields

if TYPE_CHECKING:
    from django.contrib.auth import models as auth

    # Whoever acts: a signed-in user, or anonymous (who may do nothing here).
    User = auth.User | auth.AnonymousUser

M = TypeVar("M", bound=Model)


class Refused(PermissionDenied):
    """A write the user may not make; `problems` names each refused field ("" for the record as a whole)."""

    def __init__(self, problems: list[tuple[str, str]] | str, field: str = ""):
        self.problems = [(field, problems)] if isinstance(problems, str) else list(problems)
        super().__init__(" ".join(message for _, message in self.problems))


def as_author(obj: M, user: User | None) -> M:
    """Record `user` as the author of the history entry the next save of `obj` creates."""
    if user is not None and user.is_authenticated:
        obj._history_user = user  # type: ignore[attr-defined]  # django-simple-history reads it
    return obj


def may(user: User | None, action: str, model: type[Model]) -> bool:
    """Whether `user` holds Django's `action` permission ("add", "change", "delete", "view") on `model`."""
    if user is None:
        return True
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")


def require(user: User | None, action: str, model: type[Model]) -> None:
    """Refuse unless `user` may `action` records of `model` (the same rule the admin applies)."""
    if not may(user, action, model):
        raise Refused(f"Your role may not {action} {model._meta.verbose_name_plural}.")


@transaction.atomic
def record_save(*, obj: M, user: User | None = None) -> M:
    """
    Check `user` may create or change `obj`, validate it fully and save it with
    `user` as its history author. For records without rules of their own (actors,
    aliases, affiliations, identifiers, processes, rounds, participants); articles
    and quotes have their own services on top of these checks.
    """
    model = type(obj)
    require(user, "add" if obj._state.adding else "change", model)
    hidden = hidden_fields(model, user)
    if obj._state.adding:
        if any(getattr(obj, name) for name in hidden):
            raise Refused("Your role may not write confidential notes.", field=hidden[0])
    elif hidden:
        # A user without the permission never changes a protected field, whatever the form
        # or file held: the stored value is put back, unread by them and uncompared.
        stored = model._default_manager.filter(pk=obj.pk).values(*hidden).get()
        for name in hidden:
            setattr(obj, name, stored[name])
    obj.full_clean()
    changed = changed_fields(obj) if protected_fields(model) else set()
    protected = set(protected_fields(model))
    if changed and changed <= protected:
        # Nothing public changed: `updated_at` and the change log stay as they were, so no
        # surface shows that a protected field was edited (the receivers skip such saves).
        as_author(obj, user).save(update_fields=sorted(changed))
    else:
        as_author(obj, user).save()
    return obj


def changed_fields(obj: Model) -> set[str]:
    """The editable fields of stored `obj` that differ from its row (one query); empty for a new record."""
    if obj._state.adding:
        return set()
    editable = [f.attname for f in obj._meta.concrete_fields if f.editable and not f.primary_key]
    stored = type(obj)._default_manager.filter(pk=obj.pk).values(*editable).first()
    if stored is None:
        return set()
    return {name for name in editable if getattr(obj, name) != stored[name]}


@transaction.atomic
def record_delete(*, obj: Model, user: User | None = None) -> None:
    """Delete `obj` if `user` may, with `user` as the history author of the deletion."""
    require(user, "delete", type(obj))
    as_author(obj, user).delete()
