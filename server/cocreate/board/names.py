"""What the server names itself, in a workshop's language.

Rooms a split makes, the plenary and the snapshot a round's end saves are
named when they are created, in the workshop's `language` at that moment;
a name once given is a name like any other (a rename changes it, a later
change of language does not). Reports translate their own headings at read
time instead (`report_text`).
"""

from __future__ import annotations

from typing import Literal

Language = Literal["en", "et", "de"]
LANGUAGES: tuple[Language, ...] = ("en", "et", "de")
DEFAULT_LANGUAGE: Language = "en"

_PLENARY = {"en": "Plenary", "et": "Täiskogu", "de": "Plenum"}
_ROOM = {"en": "Room {n}", "et": "Ruum {n}", "de": "Raum {n}"}
_FACILITATOR = {"en": "Facilitator", "et": "Läbiviija", "de": "Moderation"}
_BEFORE_RESTORE = {"en": "Before restoring: {name}", "et": "Enne taastamist: {name}",
                   "de": "Vor der Wiederherstellung: {name}"}
_AFTER = {"en": "After: {title}", "et": "Pärast: {title}", "de": "Nach: {title}"}


def _lang(language: str) -> str:
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def plenary(language: str) -> str:
    return _PLENARY[_lang(language)]


def breakout_room(language: str, number: int) -> str:
    return _ROOM[_lang(language)].format(n=number)


def snapshot_after(language: str, round_title: str) -> str:
    return _AFTER[_lang(language)].format(title=round_title)


def before_restore(language: str, snapshot_name: str) -> str:
    """The snapshot a restore saves of the board it replaces."""
    return _BEFORE_RESTORE[_lang(language)].format(name=snapshot_name)


def facilitator(language: str) -> str:
    """The name of a facilitator who gave none when creating the workshop."""
    return _FACILITATOR[_lang(language)]
