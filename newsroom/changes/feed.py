"""
How a change reads to a client: the same JSON in the feed (/api/v1/changes/) and in a
webhook's body. Nothing here reads the record itself: a change carries its resource,
key, action and reason, never a headline or a note.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import registry
from .models import Change

# (view name, key) -> the absolute URL of that API route.
Link = Callable[[str, str], str]


def represent(change: Change, link: Link) -> dict[str, Any]:
    view_name = registry.get(change.resource).view_name
    return {
        "id": str(change.sequence),
        "sequence": change.sequence,
        "resource": change.resource,
        "key": change.key,
        "action": change.action,
        "reason": change.reason,
        "url": link(view_name, change.key),
        "replaced_by": link(view_name, change.replaced_by) if change.replaced_by else None,
        "at": change.at.isoformat().replace("+00:00", "Z"),
    }
