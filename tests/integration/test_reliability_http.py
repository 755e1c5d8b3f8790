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


def _read_response(sock: socket.socket) -> bytes:
    """One whole response: the head, then as many body bytes as it announces (a
    response may arrive in several segments)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        assert chunk, f"closed after {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length:"))
    while len(body) < length:
        chunk = sock.recv(4096)
        assert chunk, f"closed after {data!r}"
        body += chunk
    assert len(body) == length, "more bytes than one response"
    return head + b"\r\n\r\n" + body


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
            response = _read_response(ok)
            assert response.startswith(b"HTTP/1.1 200")
            assert response.endswith(b'"db":"ok","redis":"off"}')
