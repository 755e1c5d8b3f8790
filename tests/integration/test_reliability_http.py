"""Half-sent HTTP headers do not hold a connection for ever (slow loris)."""

from __future__ import annotations

import socket

from support.server import ServerProcess

DEADLINE_S = 10.0  # cocreate.http_protocol.HEADERS_TIMEOUT_S


def _wait_closed(sock: socket.socket, limit: float) -> None:
    """Until the server closes the connection (EOF); a timeout fails the test."""
    sock.settimeout(limit)
    while sock.recv(4096):
        pass


def test_a_connection_that_never_finishes_its_headers_is_closed(server: ServerProcess) -> None:
    with socket.create_connection(("127.0.0.1", server.port)) as half, \
            socket.create_connection(("127.0.0.1", server.port)) as silent:
        half.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        _wait_closed(half, DEADLINE_S * 3)
        _wait_closed(silent, DEADLINE_S * 3)
    # A request sent in one go is answered, also on a connection kept alive.
    with socket.create_connection(("127.0.0.1", server.port)) as ok:
        for _ in range(2):
            ok.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            ok.settimeout(10)
            assert ok.recv(4096).startswith(b"HTTP/1.1 200")
