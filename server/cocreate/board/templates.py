"""Method templates: agendas to start from, built in or saved by a workshop.

A built-in template (`cocreate/templates/*.json`) has its name, description
and round titles in every language the server speaks, and is shown in the
workshop's language. A saved template is the agenda of one room as a
facilitator saved it, in the words they wrote (never translated). Both pass
the same check as `agenda.set` (`rounds.parse_rounds`), so applying one is an
ordinary `agenda.set` with its rounds.

Saved templates belong to the workshop that saved them: round titles may hold
that workshop's words, so no other workshop sees them. Reusing one elsewhere
is deliberate: download it as a file and upload it there.
"""

from __future__ import annotations

from typing import Any

from cocreate.board import rounds, validate
from cocreate.board.errors import BoardError
from cocreate.board.limits import TEMPLATE_DESCRIPTION_MAX, TEMPLATES_MAX, TITLE_MAX
from cocreate.board.names import LANGUAGES
from cocreate.board.rooms import WorkshopChange, WorkshopState
from cocreate.board.rule import Context

TEMPLATE_OPS = frozenset({"template.save", "template.delete"})
BUILTIN_PREFIX = "builtin:"
ROUND_KEYS = ("title", "seconds", "private", "lock", "lock_at_end", "voting")
_FILE_KEYS = frozenset({"order", "name", "description", "rounds"})
# Ids do not matter for a template's rounds: `agenda.set` gives them new ones.
_NO_IDS = Context(0, lambda: "")


class TemplateFileError(ValueError):
    """A built-in template file that does not hold a valid template."""


def template_rounds(raw: Any) -> list[dict[str, Any]]:
    """Rounds as a template keeps them: checked as `agenda.set` checks them,
    without the ids and progress (`done`, `ended`) of a room's agenda."""
    parsed = rounds.parse_rounds(raw, _NO_IDS)
    if not parsed:
        raise BoardError("invalid", "a template needs at least one round")
    return [{k: r[k] for k in ROUND_KEYS} for r in parsed]


def builtin_template(slug: str, raw: Any) -> dict[str, Any]:
    """A built-in template file's content, checked in every language; raises
    TemplateFileError naming what is wrong."""
    try:
        return _builtin(slug, raw)
    except BoardError as e:
        raise TemplateFileError(f"template {slug!r}: {e.message}") from None


def _builtin(slug: str, raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise BoardError("invalid", "the file must hold an object")
    unknown = sorted(set(raw) - _FILE_KEYS)
    if unknown:
        raise BoardError("invalid", f"unknown keys {unknown}")
    order = raw.get("order")
    if isinstance(order, bool) or not isinstance(order, int):
        raise BoardError("invalid", "'order' must be an integer")
    name = _languages(raw.get("name"), "name", TITLE_MAX)
    description = _languages(raw.get("description"), "description", TEMPLATE_DESCRIPTION_MAX)
    if not isinstance(raw.get("rounds"), list):
        raise BoardError("invalid", "'rounds' must be a list")
    titled = []
    for i, r in enumerate(raw["rounds"]):
        if not isinstance(r, dict) or set(r) - set(ROUND_KEYS):
            raise BoardError("invalid", f"round {i + 1} may only have the keys {ROUND_KEYS}")
        titled.append({**r, "title": _languages(r.get("title"), f"round {i + 1} title",
                                                TITLE_MAX)})
    for language in LANGUAGES:
        template_rounds(_in_language(titled, language))
    return {"id": BUILTIN_PREFIX + slug, "order": order, "name": name,
            "description": description, "rounds": titled}


def _languages(value: Any, what: str, limit: int) -> dict[str, str]:
    if not isinstance(value, dict) or set(value) != set(LANGUAGES):
        raise BoardError("invalid", f"{what} must be given in exactly {', '.join(LANGUAGES)}")
    return {lang: validate.text(value, lang, limit, what=f"{what} ({lang})").strip()
            for lang in LANGUAGES}


def _in_language(titled: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
    return [{**r, "title": r["title"][language]} for r in titled]


def builtin_in(builtin: dict[str, Any], language: str) -> dict[str, Any]:
    """The template shape (T in docs/protocol.md) of a built-in, in `language`."""
    lang = language if language in LANGUAGES else LANGUAGES[0]
    return {"id": builtin["id"], "builtin": True, "name": builtin["name"][lang],
            "description": builtin["description"][lang], "language": lang,
            "rounds": template_rounds(_in_language(builtin["rounds"], lang)), "created": None}


def template_save(workshop: WorkshopState, data: dict[str, Any], agenda: list[dict[str, Any]],
                  ctx: Context) -> WorkshopChange:
    """Save `rounds` (default: the agenda of the sender's room) as a template of
    this workshop, under a name no other saved template of it has."""
    validate.expect(data, name="str", description="str?", language="str?")
    if "rounds" in data:
        kept = template_rounds(data["rounds"])
    elif agenda:
        kept = template_rounds(agenda)
    else:
        raise BoardError("invalid", "this room's agenda is empty: set one before saving it")
    name = validate.text(data, "name", TITLE_MAX, what="template name").strip()
    description = validate.clean(data.get("description") or "", "description").strip()
    if len(description) > TEMPLATE_DESCRIPTION_MAX:
        raise BoardError("invalid", f"a description is limited to {TEMPLATE_DESCRIPTION_MAX} "
                                    "characters")
    language = validate.choice(data, "language", LANGUAGES, workshop.language())
    if len(workshop.templates) >= TEMPLATES_MAX:
        raise BoardError("invalid", f"a workshop keeps at most {TEMPLATES_MAX} templates; "
                                    "delete one first")
    if any(t["name"].casefold() == name.casefold() for t in workshop.templates):
        raise BoardError("invalid", f"a template called {name!r} exists already")
    template = {"id": ctx.new_id(), "builtin": False, "name": name, "description": description,
                "language": language, "rounds": kept, "created": ctx.now}
    return WorkshopChange("template.save", template)


def template_delete(workshop: WorkshopState, data: dict[str, Any]) -> WorkshopChange:
    template_id = validate.ident(data, "id")
    if template_id.startswith(BUILTIN_PREFIX):
        raise BoardError("invalid", "a built-in template cannot be deleted")
    if not any(t["id"] == template_id for t in workshop.templates):
        raise BoardError("not_found", "no such template in this workshop")
    return WorkshopChange("template.delete", {"id": template_id})
