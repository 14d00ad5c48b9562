"""Writes with rules on actors. The admin's merge action and tests call these functions."""

from __future__ import annotations

from collections.abc import Container, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from newsroom.changes import log as changes
from newsroom.services import record_save
from newsroom.text import normalize_name

from .models import Actor, Alias, NameKey

if TYPE_CHECKING:
    from newsroom.services import User

MERGE_PERMISSION = "actors.merge_actor"


def actor_save(*, actor: Actor, user: User | None = None) -> Actor:
    """Create or change an actor with `user`'s rights, fully validated, with `user` as history author."""
    return record_save(obj=actor, user=user)


def _references() -> Iterator[tuple[type[models.Model], models.ForeignObject]]:
    """Every foreign key to Actor from another record (history tables and one-to-one links left aside)."""
    for relation in Actor._meta.related_objects:
        if relation.one_to_one or relation.many_to_many or relation.related_model is NameKey:
            # The search entry and the name keys go with the actor and are rebuilt for the kept one.
            continue
        yield relation.related_model, relation.field


def actor_merge_preview(*, actor: Actor) -> list[tuple[str, int]]:
    """What would move if `actor` were merged into another: (description, count), non-zero only."""
    rows = []
    for model, fk in _references():
        count = model._default_manager.filter(**{fk.name: actor}).count()
        if count:
            rows.append((f"{model._meta.verbose_name_plural} ({fk.verbose_name})", count))
    return rows


@dataclass
class MergeReport:
    kept: Actor
    moved: dict = field(default_factory=dict)
    combined: dict = field(default_factory=dict)

    def __str__(self) -> str:
        moved = ", ".join(f"{count} {label}" for label, count in self.moved.items()) or "nothing"
        return f"Merged into {self.kept}: moved {moved}."


def _fill_empty(existing: models.Model, duplicate: models.Model, skip: Container[str]) -> bool:
    """Copy into `existing` the values only `duplicate` has, so combining loses nothing."""
    changed = False
    for model_field in existing._meta.concrete_fields:
        if model_field.primary_key or model_field.name in skip:
            continue
        if getattr(existing, model_field.attname) in (None, "") and getattr(duplicate, model_field.attname) not in (
            None,
            "",
        ):
            setattr(existing, model_field.attname, getattr(duplicate, model_field.attname))
            changed = True
    return changed


def _save_as(obj: Any, user: User | None, **kwargs: Any) -> None:
    if user is not None and user.is_authenticated:
        obj._history_user = user
    if hasattr(obj, "version") and obj.pk is not None:
        obj.version += 1  # an editor holding an older form of this record must reload
    obj.save(**kwargs)


@transaction.atomic
def actor_merge(*, keep: Actor, merge: Actor, user: User | None = None) -> MergeReport:
    """
    Merge `merge` into `keep` in one transaction: every quote, relay, affiliation,
    participation, alias and identifier that points at `merge` points at `keep`
    afterwards; `merge`'s name becomes an alias of `keep`; `merge` is then deleted.
    A record that would duplicate one `keep` already has (the same role in the same
    round, the same alias) is combined with it, its extra details kept.
    """
    if user is not None and not user.has_perm(MERGE_PERMISSION):
        raise PermissionDenied("Only editors can merge actors.")
    if keep.pk == merge.pk:
        raise ValidationError("Choose two different actors to merge.")
    report = MergeReport(kept=keep)
    for model, fk in _references():
        label = f"{model._meta.verbose_name_plural} ({fk.verbose_name})"
        for obj in model._default_manager.filter(**{fk.name: merge}):
            setattr(obj, fk.name, keep)
            duplicate_of = _existing_duplicate(obj)
            if duplicate_of is None:
                _save_as(obj, user)
                report.moved[label] = report.moved.get(label, 0) + 1
            else:
                if _fill_empty(duplicate_of, obj, skip={fk.name}):
                    _save_as(duplicate_of, user)
                obj.delete()
                report.combined[label] = report.combined.get(label, 0) + 1
    # The merged name stays findable: "Bashar al-Jaafari" becomes an alias of "Bashar al-Ja'afari".
    if (
        merge.name.casefold() != keep.name.casefold()
        and not keep.aliases.filter(normalized=normalize_name(merge.name)).exists()
    ):
        _save_as(Alias(actor=keep, name=merge.name), user)
    if not keep.description and merge.description:
        keep.description = merge.description
    if not keep.country and merge.country:
        keep.country = merge.country
    _save_as(keep, user)
    if user is not None and user.is_authenticated:
        merge._history_user = user  # type: ignore[attr-defined]  # django-simple-history reads it
    # The change log tells API clients it was merged into `keep`, not merely deleted.
    changes.replaced(merge, keep.slug)
    merge.delete()
    return report


def _existing_duplicate(obj: models.Model) -> models.Model | None:
    """The row `obj` would collide with under a unique constraint once moved, or None."""
    try:
        obj.validate_constraints()
        obj.validate_unique()
    except ValidationError:
        pass
    else:
        return None
    model = type(obj)
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            # A unique constraint names concrete fields (never a reverse relation).
            fields = {name: cast(models.Field, model._meta.get_field(name)) for name in constraint.fields}
            lookup = {name: getattr(obj, field.attname) for name, field in fields.items()}
            lookup = {
                (f"{name}_id" if model._meta.get_field(name).is_relation else name): value
                for name, value in lookup.items()
            }
            match = model._default_manager.filter(**lookup).exclude(pk=obj.pk).first()
            if match is not None:
                return match
    return None
