"""
Actors found by names written another way, through the spelling keys of their names
and aliases (actors.NameKey, see newsroom.spelling for the key and why it is one):
search respells "Dmitri" as "Dmitry", the admin's and the search page's actor lookups
find "Dmitry Peskov" for "Dmitri Peskov", "Did you mean" offers "Peskov" for "Peskob",
and the import warns when a new actor's name is close to an existing one.

Keys are kept current by the signals connect() connects (one actor or alias
saved or deleted) and by refresh_name_keys (many, after a bulk insert or a migration).
"""

import difflib
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.db.models.signals import post_delete, post_save

from newsroom.search.query import Respelling
from newsroom.search.registry import Speller, register_speller
from newsroom.spelling import (
    SUGGESTION_SIMILARITY,
    VARIANT_SIMILARITY,
    fold_word,
    keyed,
    name_key,
    name_words,
    similarity,
)

from .models import Actor, Alias, NameKey
from .search import alias_names

# Rows read for one lookup at most: a key shared by more names than this (a very
# common first name in a huge archive) is respelled from the first ones only.
LOOKUP_ROWS = 1_000
# Other spellings searched for, per word typed.
VARIANTS_PER_WORD = 3
BATCH = 500


def keys_for(name: str) -> dict[str, str]:
    """{folded word: spelling key} of a name's words worth a key."""
    return {word: name_key(word) for word in name_words(name) if name_key(word)}


def refresh_name_keys(actor_ids: Iterable[int]) -> None:
    """Write again the name keys of these actors from their names and aliases, a batch at a time."""
    ids = sorted(set(actor_ids))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        names = defaultdict(list)
        for actor_id, name in Actor.objects.filter(pk__in=batch).values_list("pk", "name"):
            names[actor_id].append(name)
        for actor_id, name in Alias.objects.filter(actor_id__in=batch).values_list("actor_id", "name"):
            names[actor_id].append(name)
        rows = {
            (actor_id, word): key
            for actor_id, actor_names in names.items()
            for name in actor_names
            for word, key in keys_for(name).items()
        }
        NameKey.objects.filter(actor_id__in=batch).delete()
        NameKey.objects.bulk_create(
            NameKey(actor_id=actor_id, word=word, key=key) for (actor_id, word), key in rows.items()
        )


def _actor_saved(sender, instance, raw=False, **kwargs):
    if not raw:  # loaddata: refresh_name_keys afterwards
        refresh_name_keys([instance.pk])


def _alias_changed(sender, instance, raw=False, origin=None, **kwargs):
    # An alias deleted with its actor (one, or a queryset of them) leaves nothing to
    # refresh: the actor's keys go with it, and keys written now would outlive it.
    deleting_actors = isinstance(origin, Actor) or (isinstance(origin, QuerySet) and origin.model is Actor)
    if not raw and not deleting_actors:
        refresh_name_keys([instance.actor_id])


def connect() -> None:
    """Keep the keys current and let search respell actors' names (ActorsConfig.ready)."""
    register_speller(Speller(variants=variants, suggestions=suggestions))
    post_save.connect(_actor_saved, sender=Actor, dispatch_uid="actors-name-keys-actor")
    post_save.connect(_alias_changed, sender=Alias, dispatch_uid="actors-name-keys-alias-saved")
    post_delete.connect(_alias_changed, sender=Alias, dispatch_uid="actors-name-keys-alias-deleted")


def _rows(condition: Q) -> list[tuple[str, str, str]]:
    """(key, word, actor name) of the name keys matching `condition`, LOOKUP_ROWS at most."""
    return list(NameKey.objects.filter(condition).values_list("key", "word", "actor__name")[:LOOKUP_ROWS])


def _closest(word: str, rows: Iterable[tuple[str, str, str]], cutoff: float, count: int) -> list[Respelling]:
    """The `count` spellings of `rows` most like `word` (at least `cutoff`), each with an actor that has it."""
    actor_of: dict[str, str] = {}
    for _, spelling, actor_name in rows:
        if spelling != word:
            actor_of.setdefault(spelling, actor_name)
    # Compared in Latin letters: "песков" is "peskov", another spelling of the word typed.
    closest = difflib.get_close_matches(fold_word(word), list(actor_of), n=count, cutoff=cutoff)
    return [Respelling(word, spelling, actor_of[spelling]) for spelling in closest]


def variants(words: list[str]) -> list[Respelling]:
    """Spellings of `words` in actors' names with the same key ("dmitry" for "dmitri"): one query."""
    keys = {word: name_key(word) for word in words if keyed(word)}
    if not keys:
        return []
    by_key = defaultdict(list)
    for row in _rows(Q(key__in=set(keys.values()))):
        by_key[row[0]].append(row)
    return [
        found
        for word, key in keys.items()
        for found in _closest(word, by_key[key], VARIANT_SIMILARITY, VARIANTS_PER_WORD)
    ]


def suggestions(words: list[str]) -> list[Respelling]:
    """
    For "Did you mean": the actor's name word closest to each word that is not one,
    among the names whose key starts like the word's ("peskov" for "peskob"). Two
    queries per word (is it a name's word already; the candidates), made only when a
    search found nothing.
    """
    found = []
    for word in words:
        key = name_key(word)
        if not keyed(word) or NameKey.objects.filter(key=key, word=word).exists():  # through the key's index
            continue
        found += _closest(word, _rows(_starting_with(key[:2])), SUGGESTION_SIMILARITY, 1)
    return found


def _starting_with(prefix: str) -> Q:
    """
    Keys that start with `prefix`, as a range on the key's index: SQLite reads the whole
    table for the LIKE that `key__startswith` writes. Keys hold the letters a to z only.
    """
    return Q(key__gte=prefix, key__lt=prefix[:-1] + chr(ord(prefix[-1]) + 1))


def matching(queryset: QuerySet, term: str) -> QuerySet:
    """
    The actors of `queryset` with a name or alias spelled like every word of `term`
    that can be respelled ("Dmitri Peskov" finds "Dmitry Peskov"); none when no word can.
    """
    words = [word for word in name_words(term) if keyed(word)]
    if not words:
        return queryset.none()
    for word in words:
        queryset = queryset.filter(pk__in=NameKey.objects.filter(key=name_key(word)).values("actor_id"))
    return queryset


def likely_duplicates(name: str, *, exclude: int | None = None, count: int = 3) -> list[Actor]:
    """
    Existing actors with a name or alias spelled like `name` ("Dmitry Peskov" for a new
    "Dmitri Peskov", "Muammar Qaddafi" for a new "Gaddafi"): every word of the shorter
    of the two names has a word of the same key in the other, which has at most twice
    as many, and one of the shared keys is three letters long at least ("France" is not
    "Agence France-Presse"). Most alike first. Two queries.
    """
    keys = set(keys_for(name).values())
    if not keys:
        return []
    holders = NameKey.objects.filter(key__in=keys)
    if exclude is not None:
        holders = holders.exclude(actor_id=exclude)
    alike = [
        actor
        for actor in Actor.objects.filter(pk__in=holders.values("actor_id")[:LOOKUP_ROWS]).prefetch_related("aliases")
        if any(_alike(keys, set(keys_for(other).values())) for other in [actor.name, *alias_names(actor)])
    ]
    return sorted(alike, key=lambda actor: (-similarity(name, actor.name), actor.name))[:count]


def duplicate_warning(actor: Actor, alike: list[Actor]) -> str:
    """What the import says of a new actor named like existing ones."""
    names = "; ".join(f"“{other.name}” ({other.slug})" for other in alike)
    return (
        f"the new actor “{actor.name}” is spelled like {names}: if it is the same actor, merge the two in the "
        "admin (Actors, action “Merge selected duplicate actors”) or use the existing slug."
    )


def _alike(ours: set[str], theirs: set[str]) -> bool:
    smaller, larger = sorted((ours, theirs), key=len)
    return bool(smaller) and smaller <= larger and len(larger) <= 2 * len(smaller) and max(map(len, smaller)) >= 3
