"""The join link as a QR code, for the wall and the facilitator's screen."""

from __future__ import annotations

import io

import segno

# Error correction level M at least; segno raises it when the symbol has room
# to spare, so a projected code survives glare, keystone and a dim bulb.
ERROR_LEVEL = "m"
# Pixels per module: a typical join link (version 3-5, 29-37 modules plus the
# quiet zone) comes out 370-450 px wide, readable from the back of a hall; the
# viewBox lets the wall scale it further.
SCALE = 10
# The quiet zone the QR standard asks for, in modules.
BORDER = 4


def join_qr_svg(url: str) -> str:
    """A standalone SVG document of a QR code (never a Micro QR) for `url`.

    Black modules on a white background with a four-module quiet zone, a
    `<title>` naming the link for screen readers, `role="img"`, a viewBox and
    a width and height of `SCALE` pixels per module. The same url always gives
    the same document.

    Raises `ValueError` when `url` is empty or blank, and segno's
    `DataOverflowError` (a `ValueError`) when it is too long for a QR code.
    """
    if not url.strip():
        raise ValueError("a join QR code needs a url")
    code = segno.make_qr(url, error=ERROR_LEVEL)
    out = io.BytesIO()
    code.save(
        out, kind="svg", scale=SCALE, border=BORDER, dark="#000", light="#fff",
        title=f"QR code to join the workshop: {url}", xmldecl=True, svgclass=None,
        lineclass=None, omitsize=True, encoding="utf-8",
    )
    svg = out.getvalue().decode("utf-8")
    width, height = code.symbol_size(scale=SCALE, border=BORDER)
    return svg.replace("<svg ", f'<svg width="{width}" height="{height}" role="img" ', 1)
