"""
Protected fields: values that only staff holding a permission may see or change
(a quote's confidential note, the identity of a protected source).

An app declares each one once, in its AppConfig.ready():

    protect(Quote, "confidential_note", permission="articles.edit_confidential_note")

and everything generic follows from that declaration:

- the admin (newsroom.admin) refuses any URL lookup whose path reaches a protected
  field, from any model and through any relation, exactly as it answers a lookup on a
  field that does not exist, whoever asks and whatever the value;
- a system check (newsroom.E001) fails when an admin's list columns, filters, search,
  ordering, date drill-down or read-only fields reach one;
- history lists and diffs leave them out for users without the permission;
- the test suite probes every registered admin with every lookup type.

A model's history model (django-simple-history) shares its protected fields.
This module is part of the shared kernel: it imports no app.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db.models.constants import LOOKUP_SEP

_PROTECTED: dict[tuple[str, str], dict[str, str]] = {}


def _key(model) -> tuple[str, str]:
    # A simple-history model points at the model it records.
    model = getattr(model, "instance_type", None) or model
    return model._meta.app_label, model._meta.model_name


def protect(model, field_name: str, *, permission: str) -> None:
    """Declare `model.field_name` protected: only users with `permission` may see it."""
    model._meta.get_field(field_name)  # fail early on a typo
    _PROTECTED.setdefault(_key(model), {})[field_name] = permission


def protected_fields(model) -> dict[str, str]:
    """{field name: permission} of the protected fields of `model` (or of the model it records)."""
    return dict(_PROTECTED.get(_key(model), {}))


def hidden_fields(model, user) -> list[str]:
    """
    The protected fields of `model` that `user` may not see. None is the system
    itself (an operator's command), which sees everything; public surfaces never
    read protected fields at all.
    """
    if user is None:
        return []
    return sorted(name for name, permission in protected_fields(model).items() if not user.has_perm(permission))


def all_protected() -> list[tuple[str, str, str, str]]:
    """Every declaration, as (app label, model name, field name, permission)."""
    return sorted(
        (app, model, name, permission)
        for (app, model), fields in _PROTECTED.items()
        for name, permission in fields.items()
    )


def path_reaches_protected(model, path: str) -> bool:
    """
    True when the ORM path `path` (e.g. "quotes__confidential_note__startswith"),
    read from `model`, names a protected field at any step. Parts after a plain
    field are transforms and lookups; a part that is not a field ends the walk.
    """
    for part in path.split(LOOKUP_SEP):
        if part in protected_fields(model):
            return True
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        related = getattr(field, "related_model", None)
        if not field.is_relation or related is None:
            return False
        model = related
    return False
