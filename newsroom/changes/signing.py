"""
Webhook signatures: HMAC-SHA256 over the timestamp and the body, as Stripe and GitHub do.

Each POST carries

    Newsroom-Signature: t=1764493200,v1=5f2b…(64 hex digits)

where v1 is the hex HMAC-SHA256, keyed with the subscription's secret, of the bytes
"<t>.<body>". A receiver recomputes it over the raw body it received, compares in
constant time, and refuses a timestamp more than REPLAY_WINDOW seconds from its clock,
so a captured request cannot be replayed later. `verify` does all three.
"""

from __future__ import annotations

import hashlib
import hmac
import time

HEADER = "Newsroom-Signature"
EVENT_HEADER = "Newsroom-Event-Id"
REPLAY_WINDOW = 300  # seconds


class BadSignature(Exception):
    pass


def signature(secret: str, body: bytes, timestamp: int) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def sign(secret: str, body: bytes, *, now: float | None = None) -> str:
    """The Newsroom-Signature header for `body`, signed now."""
    return signature(secret, body, int(time.time() if now is None else now))


def verify(secret: str, header: str, body: bytes, *, now: float | None = None, window: int = REPLAY_WINDOW) -> int:
    """Check a Newsroom-Signature header; returns its timestamp, or raises BadSignature saying why."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    if not parts.get("t", "").isdigit() or "v1" not in parts:
        raise BadSignature("The header must read t=<unix time>,v1=<hex digest>.")
    timestamp = int(parts["t"])
    if abs((time.time() if now is None else now) - timestamp) > window:
        raise BadSignature(f"The timestamp is more than {window} seconds away: a replay, or a wrong clock.")
    expected = signature(secret, body, timestamp).split("v1=", 1)[1]
    if not hmac.compare_digest(expected, parts["v1"]):
        raise BadSignature("The signature does not match the body.")
    return timestamp
