import hashlib
import hmac

import pytest

from newsroom.changes import signing

SECRET = "shared-secret"
BODY = b'{"id":"7"}'


def test_a_signed_body_verifies():
    header = signing.sign(SECRET, BODY, now=1_000_000)
    assert signing.verify(SECRET, header, BODY, now=1_000_010) == 1_000_000


def test_the_signature_is_hmac_sha256_of_timestamp_dot_body():
    expected = hmac.new(SECRET.encode(), b"1000000." + BODY, hashlib.sha256).hexdigest()
    assert signing.sign(SECRET, BODY, now=1_000_000) == f"t=1000000,v1={expected}"


def test_a_changed_body_fails():
    header = signing.sign(SECRET, BODY, now=1_000_000)
    with pytest.raises(signing.BadSignature, match="does not match"):
        signing.verify(SECRET, header, b'{"id":"8"}', now=1_000_000)


def test_another_secret_fails():
    header = signing.sign("other", BODY, now=1_000_000)
    with pytest.raises(signing.BadSignature):
        signing.verify(SECRET, header, BODY, now=1_000_000)


def test_an_old_timestamp_is_a_replay():
    header = signing.sign(SECRET, BODY, now=1_000_000)
    with pytest.raises(signing.BadSignature, match="more than 300 seconds"):
        signing.verify(SECRET, header, BODY, now=1_000_000 + 301)


def test_a_malformed_header_fails():
    with pytest.raises(signing.BadSignature, match="t=<unix time>"):
        signing.verify(SECRET, "sha256=abc", BODY)
