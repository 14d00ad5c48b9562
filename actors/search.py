"""What the actors app makes searchable (registered by ActorsConfig.ready)."""

from typing import cast

from django.db.models import F
from django_countries.fields import Country

from newsroom.search.documents import clean
from newsroom.search.models import EntryKind
from newsroom.search.registry import Follows, Searchable, register

from .models import Actor, Alias


def alias_names(actor: Actor | None) -> list[str]:
    """An actor's aliases, from its prefetched `aliases` when there are."""
    return [alias.name for alias in actor.aliases.all()] if actor else []


def actor_document(actor: Actor) -> tuple[str, str]:
    country = cast(Country, actor.country).name if actor.country else ""  # the stubs see a str
    return actor.name, clean(", ".join(alias_names(actor)), actor.description, country)


def register_searchables() -> None:
    register(
        Searchable(
            kind=EntryKind.ACTOR,
            model=Actor,
            document=actor_document,
            recency=F("name").asc(),
            prefetch_related=("aliases",),
            follows=(Follows(Alias, "pk", key=lambda alias: alias.actor_id, on_delete=True),),
        )
    )
