"""The security headers every HTTP answer carries, as a pure ASGI middleware.

The web client is static files and ES modules with no inline script, inline
handler, inline `style` attribute or `<style>` block, so the policy allows
scripts and styles from this origin only (`element.style` set from a module
is CSSOM, which CSP does not restrict). Images include `data:` URLs; the join
QR code is an SVG from `/api/qr.svg`. `connect-src 'self'` covers the page's
own `ws:`/`wss:` origin in every current browser (CSP Level 3).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


def content_security_policy(frame_ancestors: str = "'none'") -> str:
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        f"frame-ancestors {frame_ancestors}",
        "base-uri 'none'",
        "form-action 'self'",
        "object-src 'none'",
    ])


def security_headers(frame_ancestors: str = "'none'") -> list[tuple[bytes, bytes]]:
    return [
        (b"content-security-policy", content_security_policy(frame_ancestors).encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
    ]


class SecurityHeaders:
    """Adds the headers to every `http.response.start`; other scopes pass through."""

    def __init__(self, app: ASGIApp, frame_ancestors: str = "'none'") -> None:
        self.app = app
        self.headers = security_headers(frame_ancestors)
        self.names = {name for name, _ in self.headers}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", [])
                        if k.lower() not in self.names]
                message = {**message, "headers": kept + self.headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
