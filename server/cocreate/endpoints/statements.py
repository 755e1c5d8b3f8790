"""The privacy notice of a workshop's join page, and the two public statements every
page links to: /privacy and /accessibility.

The statements are pages rendered here rather than static files, because they are
filled from the operator's settings and must read without the client's scripts.
Their words are in privacy_text.py and accessibility_text.py; the language is
`?lang=`, else the browser's Accept-Language, else English.
"""

from __future__ import annotations

from html import escape
from typing import Any

from sqlalchemy import Connection
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from cocreate import accessibility_text, privacy_text
from cocreate.board.names import DEFAULT_LANGUAGE, LANGUAGES
from cocreate.config import Settings
from cocreate.endpoints.json_http import ApiError, json_response
from cocreate.endpoints.workshops import looked_up
from cocreate.store import workshops

# Words of the page around a statement (the web client's own for the same things).
_PAGE = {
    "en": {"skip": "Skip to content", "language": "Language"},
    "et": {"skip": "Mine sisu juurde", "language": "Keel"},
    "de": {"skip": "Zum Inhalt springen", "language": "Sprache"},
}
_LANGUAGE_NAMES = {"en": "English", "et": "Eesti", "de": "Deutsch"}


def language_of(request: Request) -> str:
    """`?lang=` if it names one of the languages, else the first of Accept-Language's
    that does (its order, not its q-values: browsers send them in order), else English."""
    asked = request.query_params.get("lang", "").strip().lower()
    if asked in LANGUAGES:
        return asked
    for tag in request.headers.get("accept-language", "").split(","):
        base = tag.split(";")[0].strip().lower().split("-")[0]
        if base in LANGUAGES:
            return base
    return DEFAULT_LANGUAGE


def _controller(settings: Settings) -> privacy_text.Controller:
    return privacy_text.Controller(settings.controller_name, settings.controller_contact,
                                   settings.dpo_contact)


async def join_privacy(request: Request) -> Response:
    """What the join page's privacy notice says; public to whoever has the code, like
    the join lookup, and about the workshop alone (nothing of any participant)."""
    code = request.path_params["code"]
    language = language_of(request)
    settings: Settings = request.app.state.settings

    def find(conn: Connection) -> dict[str, Any]:
        workshop = workshops.workshop_by_code(conn, code)
        if workshop is None:
            raise ApiError(404, "not_found", "no workshop has that join code")
        # A workshop's own retention period, where the schema has one.
        own_days = workshop.get("retention_days")
        return {"authors": workshop["authors"],
                "facilitator_sees_authors": workshop["facilitator_sees_authors"],
                "privacy_note": workshop["privacy_note"],
                "retention_days": own_days or settings.retention_days}
    found = await looked_up(request, find, write=False)
    controller = _controller(settings)
    return json_response({
        "language": language,
        "heading": privacy_text.text(language, "heading"),
        "paragraphs": privacy_text.notice(language, controller, found["retention_days"],
                                          found["authors"], found["facilitator_sees_authors"]),
        "privacy_note": found["privacy_note"],
        "privacy_note_heading": privacy_text.text(language, "note"),
        "controller": {"name": controller.name, "contact": controller.contact,
                       "dpo_contact": controller.dpo_contact},
        "retention_days": found["retention_days"],
        "authors": found["authors"],
        "facilitator_sees_authors": found["facilitator_sees_authors"],
        "statement": {"url": f"/privacy?lang={language}",
                      "text": privacy_text.text(language, "full")},
    })


def _section(heading: str, *paragraphs: str) -> str:
    return (f"<section><h2>{escape(heading)}</h2>"
            + "".join(f"<p>{escape(p)}</p>" for p in paragraphs) + "</section>")


def _page(request: Request, language: str, title: str, body: str,
          other: tuple[str, str]) -> HTMLResponse:
    """A statement page: the top bar (home, languages), `body`, and a footer that links
    the other statement and the way back."""
    words = _PAGE[language]
    path = request.url.path
    languages = "".join(
        f'<a href="{path}?lang={code}" lang="{code}" hreflang="{code}"'
        + (' aria-current="true"' if code == language else "") + f">{name}</a>"
        for code, name in _LANGUAGE_NAMES.items())
    home = privacy_text.text(language, "home")
    html = (
        f'<!doctype html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} · Cocreate</title>\n"
        '<link rel="icon" href="/favicon.svg" type="image/svg+xml">\n'
        '<link rel="stylesheet" href="/css/base.css">\n'
        '<link rel="stylesheet" href="/css/statement.css">\n</head>\n<body>\n'
        f'<a class="skip-link" href="#main">{escape(words["skip"])}</a>\n'
        '<header class="topbar"><a class="brand" href="/"><span class="brand-mark" '
        'aria-hidden="true"></span>Cocreate</a><span class="spacer"></span>'
        f'<nav class="statement-languages" aria-label="{escape(words["language"])}">'
        f"{languages}</nav></header>\n"
        f'<main id="main" class="statement" data-testid="statement"><h1>{escape(title)}</h1>'
        f"{body}</main>\n"
        f'<footer class="site-footer"><a href="{other[0]}?lang={language}">'
        f'{escape(other[1])}</a><a href="/">{escape(home)}</a></footer>\n'
        "</body>\n</html>\n")
    return HTMLResponse(html)


async def privacy_page(request: Request) -> Response:
    """The full privacy statement of this server, from the operator's settings."""
    language = language_of(request)
    settings: Settings = request.app.state.settings

    def t(key: str, **values: object) -> str:
        return privacy_text.text(language, key, **values)
    days = privacy_text.days(language, settings.retention_days)
    body = "".join([
        f'<p class="lead">{escape(t("intro"))}</p>',
        _section(t("who_h"), *privacy_text.controller_lines(language, _controller(settings))),
        _section(t("what_h"), t("what_name"), t("what_work"), t("what_key"), t("what_not")),
        _section(t("where_h"), t("where")),
        _section(t("sees_h"), t("sees")),
        _section(t("long_h"), t("long", days=days)),
        _section(t("rights_h"), t("rights")),
        _section(t("special_h"), t("special")),
    ])
    return _page(request, language, t("page_title"), body,
                 ("/accessibility", t("accessibility")))


async def accessibility_page(request: Request) -> Response:
    """The accessibility statement, from the operator's settings (config_statements.py)."""
    language = language_of(request)
    settings: Settings = request.app.state.settings
    a11y = settings.a11y

    def t(key: str, **values: object) -> str:
        return accessibility_text.text(language, key, **values)
    who = settings.controller_name or t("operator")
    # The operator's gaps, else the project's own (none claimed for "fully").
    gaps = list(a11y.gaps) or ([] if a11y.status == "fully"
                               else [t(key) for key in accessibility_text.PROJECT_GAPS])
    gap_list = ("<ul>" + "".join(f"<li>{escape(g)}</li>" for g in gaps) + "</ul>"
                if gaps else f'<p>{escape(t("no_gaps"))}</p>')
    feedback = t("feedback", contact=a11y.contact) if a11y.contact else t("no_contact")
    enforcement = _enforcement(a11y.enforcement, t("enforcement_default"))
    body = "".join([
        f'<p class="lead">{escape(t("intro", who=who))}</p>',
        _section(t("status_h"), t(f"status.{a11y.status}")),
        f'<section><h2>{escape(t("gaps_h"))}</h2>{gap_list}</section>',
        _section(t("prepared_h"), t("prepared", date=a11y.reviewed.isoformat())),
        _section(t("feedback_h"), feedback),
        f'<section><h2>{escape(t("enforcement_h"))}</h2>{enforcement}</section>',
    ])
    return _page(request, language, t("page_title"), body, ("/privacy", t("privacy")))


def _enforcement(setting: str, default: str) -> str:
    """The operator's enforcement procedure: a link when it is a URL, else its words."""
    if setting.startswith(("https://", "http://")):
        return f'<p><a href="{escape(setting)}">{escape(setting)}</a></p>'
    return f"<p>{escape(setting or default)}</p>"
