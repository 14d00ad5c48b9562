"""
Where webhooks may go: http(s) only and, unless settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES
is on (development and tests), only to public internet addresses, so a subscription
cannot make the server call its own loopback, the cloud's metadata service (link-local)
or the private network (an SSRF guard). The name is resolved once per delivery and the
connection goes to the address that was checked, so a DNS answer that changes between
the check and the connection (rebinding) cannot slip through; redirects are not followed.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from urllib.parse import urlsplit

from django.conf import settings

SCHEMES = {"http": 80, "https": 443}


class Refused(ValueError):
    """A destination webhooks may not be sent to, with the reason."""


def resolve(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, address to connect to) for `url`, or Refused."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise Refused("Use an http:// or https:// address with a host name.")
    try:
        port = parts.port or SCHEMES[parts.scheme]
    except ValueError:
        raise Refused("The port is not a number between 0 and 65535.") from None
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except OSError:
        raise Refused(f"{parts.hostname} does not resolve to any address.") from None
    addresses = [str(info[4][0]) for info in infos]
    if not getattr(settings, "WEBHOOK_ALLOW_PRIVATE_ADDRESSES", False):
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
            if not ip.is_global or ip.is_multicast:
                raise Refused(
                    f"{parts.hostname} resolves to {address}, a loopback, private, link-local or reserved "
                    "address: webhooks go to public addresses only."
                )
    return parts.scheme, parts.hostname, port, addresses[0]


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a checked address, with the host name for the certificate and SNI."""

    def __init__(self, host: str, address: str, port: int, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> int:
    """POST `body` to `url` once (no redirects followed); returns the status code."""
    scheme, host, port, address = resolve(url)
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection: http.client.HTTPConnection
    if scheme == "https":
        connection = _PinnedHTTPSConnection(host, address, port, timeout)
    else:
        connection = http.client.HTTPConnection(address, port, timeout=timeout)
    try:
        name = f"[{host}]" if ":" in host else host
        host_header = name if parts.port is None else f"{name}:{parts.port}"
        connection.request("POST", path, body=body, headers={**headers, "Host": host_header})
        response = connection.getresponse()
        response.read(64 * 1024)  # a receiver's answer is not used; do not wait for a huge one
        return response.status
    finally:
        connection.close()
