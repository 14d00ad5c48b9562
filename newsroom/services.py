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
    require(user, "add" if obj._state.adding else "change", type(obj))
    obj.full_clean()
    as_author(obj, user).save()
    return obj


@transaction.atomic
def record_delete(*, obj: Model, user: User | None = None) -> None:
    """Delete `obj` if `user` may, with `user` as the history author of the deletion."""
    require(user, "delete", type(obj))
    as_author(obj, user).delete()
