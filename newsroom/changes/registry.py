"""
The resources the change log speaks of. The apps register them in their AppConfig.ready()
(see articles/changes.py); the log, the feed and the webhooks read this registry and
import no app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Model


class State(NamedTuple):
    """A stored record as the change log sees it: its key in the API, and whether the public may see it."""

    key: str
    public: bool
    hidden_because: str = ""  # a Reason value, when not public


@dataclass(frozen=True)
class Resource:
    name: str  # as in the API: "article" for /api/v1/articles/<key>/
    model: type[Model]
    view_name: str  # the API detail route, reversed with the key
    # The state of each stored record among `ids` (missing ones were deleted).
    states: Callable[[list[int]], dict[int, State]]
    # What else to sync when records of this resource become public or stop being public at
    # a set time with no write (an embargo that lifts): given their ids.
    on_release: Callable[[list[int]], None] | None = None


_resources: dict[str, Resource] = {}


def register(resource: Resource) -> None:
    _resources[resource.name] = resource


def get(name: str) -> Resource:
    return _resources[name]


def names() -> Iterable[str]:
    return sorted(_resources)
