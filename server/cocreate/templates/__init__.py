"""The built-in method templates: one JSON file each in this package.

Read and checked once, when a server process starts (`load_builtins`): a
file that is not a valid template in every language stops the start with
its name and what is wrong, rather than showing facilitators a template that
`agenda.set` would refuse. A new method (the social hackathon flow, say) is
one more file here; `order` places it in the picker.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import orjson

from cocreate.board.templates import TemplateFileError, builtin_in, builtin_template


@cache
def load_builtins() -> tuple[dict[str, Any], ...]:
    """Every built-in template, checked, in picker order."""
    found = []
    for entry in sorted(resources.files(__name__).iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        slug = entry.name.removesuffix(".json")
        try:
            raw = orjson.loads(entry.read_bytes())
        except orjson.JSONDecodeError as e:
            raise TemplateFileError(f"template {slug!r}: not valid JSON ({e})") from None
        found.append(builtin_template(slug, raw))
    return tuple(sorted(found, key=lambda t: (t["order"], t["id"])))


def builtins_in(language: str) -> list[dict[str, Any]]:
    """The built-in templates (T shapes) in `language`."""
    return [builtin_in(t, language) for t in load_builtins()]
