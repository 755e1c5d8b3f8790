"""The join QR code: a valid, accessible SVG whose modules are the link's."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
import segno

from cocreate.qr import BORDER, SCALE, join_qr_svg

SVG = "{http://www.w3.org/2000/svg}"
URL = "https://cocreate.example/join/K7P2QX"


def _dark_modules(svg: str) -> set[tuple[int, int]]:
    """Read the dark modules back from segno's path of horizontal strokes."""
    root = ET.fromstring(svg)
    (path,) = [p for p in root.iter(f"{SVG}path") if p.get("stroke")]
    assert path.get("stroke") == "#000"
    tokens = re.findall(r"[MmHhVvZz]|-?\d+(?:\.\d+)?", path.get("d", ""))
    x = y = 0.0
    dark: set[tuple[int, int]] = set()
    command = ""
    numbers = iter(tokens)
    for token in numbers:
        if token.isalpha():
            command = token
            if command in "Zz":
                continue
            token = next(numbers)
        value = float(token)
        if command == "M":
            x, y = value, float(next(numbers))
        elif command == "m":
            x, y = x + value, y + float(next(numbers))
        elif command == "h":
            row = int(y)
            dark.update((row, col) for col in range(int(x), int(x + value)))
            x += value
        else:
            raise AssertionError(f"unexpected path command {command!r}")
    return {(row - BORDER, col - BORDER) for row, col in dark}


def _expected_modules(url: str) -> set[tuple[int, int]]:
    code = segno.make_qr(url, error="m")
    return {(r, c) for r, line in enumerate(code.matrix) for c, v in enumerate(line) if v}


def test_is_a_standalone_svg_with_a_title() -> None:
    svg = join_qr_svg(URL)
    assert svg.startswith('<?xml version="1.0" encoding="utf-8"?>')
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == f"QR code to join the workshop: {URL}"
    assert next(iter(root)) is title  # the first child names the image


def test_size_is_scale_times_modules_including_the_quiet_zone() -> None:
    root = ET.fromstring(join_qr_svg(URL))
    size = len(segno.make_qr(URL, error="m").matrix) + 2 * BORDER
    assert root.get("width") == root.get("height") == str(size * SCALE)
    assert root.get("viewBox") == f"0 0 {size * SCALE} {size * SCALE}"
    assert SCALE >= 8 and BORDER >= 4


def test_background_is_white_behind_the_whole_symbol() -> None:
    root = ET.fromstring(join_qr_svg(URL))
    background = [p for p in root.iter(f"{SVG}path") if p.get("fill")]
    assert [p.get("fill") for p in background] == ["#fff"]
    size = len(segno.make_qr(URL, error="m").matrix) + 2 * BORDER
    assert background[0].get("d") == f"M0 0h{size}v{size}h-{size}z"


def test_modules_are_those_of_the_url_with_a_quiet_zone() -> None:
    dark = _dark_modules(join_qr_svg(URL))
    assert dark == _expected_modules(URL)
    assert min(r for r, _ in dark) == 0 and min(c for _, c in dark) == 0  # finder at the border


def test_same_url_same_svg_and_another_url_another_code() -> None:
    assert join_qr_svg(URL) == join_qr_svg(URL)
    other = URL[:-1] + "Y"
    assert _dark_modules(join_qr_svg(other)) == _expected_modules(other)
    assert _dark_modules(join_qr_svg(other)) != _dark_modules(join_qr_svg(URL))


def test_markup_in_the_url_is_escaped() -> None:
    url = 'https://cocreate.example/join/A?x=1&y="<svg>"'
    root = ET.fromstring(join_qr_svg(url))
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == f"QR code to join the workshop: {url}"
    assert _dark_modules(join_qr_svg(url)) == _expected_modules(url)


def test_a_short_url_still_gives_a_full_qr_code_not_a_micro_one() -> None:
    assert len(_expected_modules("a")) > 0
    size = int(ET.fromstring(join_qr_svg("a")).get("width", "0")) // SCALE - 2 * BORDER
    assert size >= 21


@pytest.mark.parametrize("url", ["", "   "])
def test_empty_url_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="needs a url"):
        join_qr_svg(url)


def test_too_long_url_raises_value_error() -> None:
    with pytest.raises(ValueError):
        join_qr_svg("https://cocreate.example/" + "x" * 5000)
