"""docs/ and the code agree, in both directions.

Forward: everything the server exposes (ops, message types, error codes, close
codes, HTTP routes, environment variables, limits) is documented where a reader
looks for it. Reverse: everything the docs name in those places exists in the
code. Each item is its own test, so a failure names exactly what is missing
and where it belongs.

Where the docs list things (conventions these tests rely on):

- docs/protocol.md: op tables (first column `op`), the WebSocket error-code
  table (columns `code | when`, in precedence order), HTTP error tables
  (`status | code | when`), the close-code table (`close code | when`), the
  table under the heading "Limits" (`field | maximum | refused with`), routes
  as `METHOD /path`, and frames as `"type": "name"`.
- docs/operator-guide.md: the table under "Configuration" (first column
  `variable`).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from starlette.routing import Route, WebSocketRoute

from cocreate import app, board, protocol
from cocreate.board import limits
from cocreate.board.errors import ERROR_CODES
from cocreate.board.queries import QUERY_OPS
from cocreate.board.workshop import WORKSHOP_OPS

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SERVER = ROOT / "server" / "cocreate"
PROTOCOL_MD = DOCS / "protocol.md"
OPERATOR_MD = DOCS / "operator-guide.md"
PROTOCOL = PROTOCOL_MD.read_text(encoding="utf-8")
OPERATOR = OPERATOR_MD.read_text(encoding="utf-8")
ALL_DOCS = {p.name: p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("*.md"))}


# --- reading the markdown -------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    section: str  # the nearest heading above the table
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


_SEPARATOR = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_TICKED = re.compile(r"`([^`]+)`")


def _cells(line: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in _CELL_SPLIT.split(line.strip().strip("|")))


def tables(text: str) -> list[Table]:
    """Every pipe table of a markdown text, with the heading it sits under."""
    found: list[Table] = []
    lines = text.splitlines()
    section = ""
    i = 0
    while i < len(lines):
        heading = _HEADING.match(lines[i])
        if heading:
            section = heading.group(1)
        if (lines[i].startswith("|") and i + 1 < len(lines)
                and _SEPARATOR.match(lines[i + 1].strip())):
            header = tuple(c.lower() for c in _cells(lines[i]))
            rows = []
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(_cells(lines[i]))
                i += 1
            found.append(Table(section, header, tuple(rows)))
            continue
        i += 1
    return found


def ticked(text: str) -> list[str]:
    """The `backticked` tokens of a text."""
    return _TICKED.findall(text)


def tables_with(text: str, *header: str) -> list[Table]:
    """The tables whose header starts with these column names."""
    return [t for t in tables(text) if t.header[:len(header)] == header]


def first_column(found: list[Table]) -> list[str]:
    return [token for t in found for row in t.rows for token in ticked(row[0])]


# --- what the code exposes ------------------------------------------------------------------

OPS = sorted(set(board.ROOM_OPS) | set(board.SERVER_OPS) | set(WORKSHOP_OPS) | set(QUERY_OPS))
TYPES = sorted(protocol.CLIENT_TYPES | protocol.SERVER_TYPES)


def _http_errors() -> set[tuple[int, str]]:
    """(status, code) of every `ApiError(...)` / `error_response(...)` call in endpoints/."""
    pairs: set[tuple[int, str]] = set()
    for path in sorted((SERVER / "endpoints").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            status, code = node.args[0], node.args[1]
            if (name in ("ApiError", "error_response") and isinstance(status, ast.Constant)
                    and isinstance(status.value, int) and isinstance(code, ast.Constant)
                    and isinstance(code.value, str)):
                pairs.add((status.value, code.value))
    return pairs


HTTP_ERRORS = sorted(_http_errors())

_ENV_READ = re.compile(
    r"""(?:\b(?:environ|env)\.(?:get|setdefault|pop)\(|\bgetenv\(|\benviron\[)"""
    r"""\s*["']([A-Z][A-Z0-9_]+)["']""")


def _env_vars() -> dict[str, str]:
    """Every environment variable server/cocreate reads or sets -> the first file doing so."""
    found: dict[str, str] = {}
    for path in sorted(SERVER.rglob("*.py")):
        for name in _ENV_READ.findall(path.read_text(encoding="utf-8")):
            found.setdefault(name, str(path.relative_to(ROOT)))
    return found


ENV_VARS = _env_vars()


def _norm_path(path: str) -> str:
    """`/api/rooms/{room_id}/export?format=md` -> `/api/rooms/{}/export`."""
    path = re.split(r"[?\\]", path, maxsplit=1)[0].rstrip(".,:;")
    return re.sub(r"\{[^}]*\}", "{}", path)


def _code_routes() -> list[tuple[str, str]]:
    routes: list[tuple[str, str]] = []
    for route in app.ROUTES:
        if isinstance(route, WebSocketRoute):
            routes.append(("WS", route.path))
        elif isinstance(route, Route):
            routes.extend((m, route.path) for m in sorted(route.methods or ()) if m != "HEAD")
    return routes


ROUTES = _code_routes()
_ROUTE_KEYS = {(m, _norm_path(p)) for m, p in ROUTES}
_DOC_ROUTE = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (/[^\s`|]*)")


def documented_routes(text: str) -> set[tuple[str, str]]:
    return {(m, _norm_path(p)) for m, p in _DOC_ROUTE.findall(text)}


def _limits() -> dict[str, int | float]:
    return {name: value for name, value in vars(limits).items()
            if re.fullmatch(r"[A-Z][A-Z0-9_]*", name)
            and isinstance(value, (int, float)) and not isinstance(value, bool)}


LIMITS = _limits()


def fmt(value: float) -> str:
    """A number as the docs write it: 1000 -> `1,000`."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\d.,])\d+(?![\d,])")


# --- where the docs list them ---------------------------------------------------------------

OP_TABLES = tables_with(PROTOCOL, "op")
DOC_OPS = sorted(set(first_column(OP_TABLES)))
ERROR_TABLES = tables_with(PROTOCOL, "code", "when")
DOC_ERROR_CODES = first_column(ERROR_TABLES)
HTTP_ERROR_TABLES = tables_with(PROTOCOL, "status", "code")
CLOSE_TABLES = tables_with(PROTOCOL, "close code")
LIMIT_TABLES = [t for t in tables_with(PROTOCOL, "field", "maximum") if t.section == "Limits"]
CONFIG_TABLES = [t for t in tables_with(OPERATOR, "variable") if t.section == "Configuration"]
DOC_ENV_VARS = sorted({v for v in first_column(CONFIG_TABLES)
                       if re.fullmatch(r"[A-Z][A-Z0-9_]+", v)})


def _http_error_rows() -> list[tuple[int, str]]:
    """(status, code) of the rows of the HTTP error tables."""
    return sorted({(int(row[0]), code) for table in HTTP_ERROR_TABLES for row in table.rows
                   if row[0].isdigit() for code in ticked(row[1])})


DOC_HTTP_ERROR_ROWS = _http_error_rows()
# ... and everything docs/protocol.md says an HTTP call answers, e.g. "404 `not_found`".
DOC_HTTP_ERRORS = sorted(set(DOC_HTTP_ERROR_ROWS) | {
    (int(s), c) for s, c in re.findall(r"\b([1-5]\d\d)\s+`([a-z_]+)`", PROTOCOL)})


def _doc_close_codes() -> list[int]:
    return sorted({int(n) for t in CLOSE_TABLES for row in t.rows
                   for n in re.findall(r"\b\d{4}\b", row[0])})


DOC_CLOSE_CODES = _doc_close_codes()

# Close codes the WebSocket stack (uvicorn with websockets, as `cocreate serve` runs it)
# sends on its own; the server's code never names them, the docs explain each.
TRANSPORT_CLOSE_CODES = {
    1009: "a message over uvicorn's ws_max_size (cocreate.cli sets 65536)",
    1011: "uvicorn's keep-alive ping got no pong in time",
    1012: "uvicorn is shutting the process down",
}

# Dotted backticked names in docs/protocol.md that are neither ops nor message types.
# Keep it tiny: each entry needs a reason.
NON_OP_NAMES: dict[str, str] = {
    "actions.csv": "a format of GET /api/workshops/{id}/export (the actions as CSV), no op",
    "participant.erased": "an event only: an erasure comes over HTTP (POST /api/me/erase, "
                          "a facilitator's .../erase), and every room's log gets it",
}

# Variables in the configuration table that server/cocreate does not read itself.
THIRD_PARTY_ENV = {
    "FORWARDED_ALLOW_IPS": "read by uvicorn, which `cocreate serve` runs with proxy_headers=True",
}

# The fields each limit applies to, as the docs name them (backticked) in the row of the
# Limits table that gives its value. Every constant in cocreate.board.limits needs an entry.
LIMITED_FIELDS: dict[str, tuple[str, ...]] = {
    "NOTE_TEXT_MAX": ("note.add", "note.edit", "text"),
    "TITLE_MAX": ("title", "room.add", "snapshot.save", "label"),
    "NAME_MAX": ("name", "group", "organisation", "facilitator_name", "groups"),
    "CHALLENGE_MAX": ("challenge",),
    "PRIVACY_NOTE_MAX": ("privacy_note",),
    "CONSTRAINT_MAX": ("constraints",),
    "LIST_MAX": ("constraints", "groups"),
    "REASON_MAX": ("constraint.flag", "reason"),
    "CHALLENGE_TEXT_MAX": ("constraint.challenge", "text"),
    "CHALLENGES_MAX": ("constraint.challenge", "proposals"),
    "FLAGS_MAX": ("constraint.flag", "flags"),
    "COORD_LIMIT": ("x", "y"),
    "ZOOM_MAX": ("summon", "viewport", "zoom"),
    "ANNOUNCE_MAX": ("announce", "text"),
    "ROOMS_MAX": ("rooms.split", "count"),
    "COLLECT_TOP_MAX": ("rooms.collect", "top"),
    "BUDGET_MAX": ("voting.start", "budget"),
    "CRITERION_MAX": ("voting.start", "criteria"),
    "SCORE_MAX": ("vote.score", "scores"),
    "AGENDA_MAX": ("agenda.set", "rounds"),
    "ROUND_SECONDS_MAX": ("agenda.set", "seconds"),
    "TEMPLATE_DESCRIPTION_MAX": ("template.save", "description"),
    "TEMPLATES_MAX": ("template.save", "templates"),
    "TIMER_SECONDS_MAX": ("timer.start", "timer.add", "seconds"),
    "ACTIONS_MAX": ("action.add", "actions"),
    "ACTION_PROGRESS_MAX": ("action.progress", "progress"),
    "PITCHES_MAX": ("pitch.add", "pitches"),
    "PITCH_TEXT_MAX": ("pitch.add", "pitch.update", "min_pitch_text", "text"),
    "TEAM_SIZE_MAX": ("team_rule", "max_size"),
    "JURY_CRITERIA_MAX": ("jury.criteria", "criteria"),
    "JURY_WEIGHT_MAX": ("jury.criteria", "weight"),
    "JURY_SCORE_MAX": ("jury.score", "scores"),
    "PREFERRED_PITCHES_MAX": ("team.prefer", "pitches"),
    "REF_MAX": ("op", "ref"),
    "VOLATILE_ID_MAX": ("drag", "id"),
    "PASTE_LINES_MAX": ("notes.paste", "lines"),
    "ARCHIVE_BYTES_MAX": ("archive", "POST"),
    "FRAME_BYTES_MAX": ("frame",),
    "EMAIL_MAX": ("email",),
    "PASSWORD_MAX": ("password",),
    "RETENTION_DAYS_MAX": ("retention_days",),
}


def _limit_rows() -> list[tuple[set[str], str]]:
    """(backticked tokens of the row, first number of its `maximum` cell)."""
    out = []
    for table in LIMIT_TABLES:
        for row in table.rows:
            numbers = _NUMBER.findall(row[1]) if len(row) > 1 else []
            out.append(({tok for cell in row for tok in ticked(cell)},
                        numbers[0] if numbers else ""))
    return out


LIMIT_ROWS = _limit_rows()


# --- the docs have the places these tests read ----------------------------------------------

STRUCTURE = {
    "op tables (first column `op`) in docs/protocol.md": OP_TABLES,
    "error-code table (`| code | when |`) in docs/protocol.md": ERROR_TABLES,
    "HTTP error table (`| status | code | when |`) in docs/protocol.md": HTTP_ERROR_TABLES,
    "close-code table (`| close code | when |`) in docs/protocol.md": CLOSE_TABLES,
    "table `| field | maximum | refused with |` under '## Limits' in docs/protocol.md":
        LIMIT_TABLES,
    "table `| variable | ... |` under '## Configuration' in docs/operator-guide.md":
        CONFIG_TABLES,
    "environment variables found in server/cocreate": list(ENV_VARS),
    "HTTP error codes found in server/cocreate/endpoints": HTTP_ERRORS,
}


@pytest.mark.parametrize("place", list(STRUCTURE))
def test_the_docs_have_the_tables_these_tests_read(place: str) -> None:
    assert STRUCTURE[place], f"found no {place}: the checks below would pass vacuously"


# --- ops ------------------------------------------------------------------------------------


@pytest.mark.parametrize("op", OPS)
def test_every_op_has_a_row_in_an_op_table(op: str) -> None:
    assert op in DOC_OPS, (
        f"op `{op}` is not in any op table of docs/protocol.md (a table whose first column "
        f"is `op`); add a row for it to the table of its section")


@pytest.mark.parametrize("op", DOC_OPS)
def test_every_op_in_an_op_table_exists(op: str) -> None:
    assert op in OPS, (
        f"docs/protocol.md lists op `{op}`, but it is in none of board.ROOM_OPS, "
        f"board.SERVER_OPS, board.workshop.WORKSHOP_OPS, board.queries.QUERY_OPS; fix the docs "
        f"(or the code)")


DOTTED = sorted({t for t in ticked(PROTOCOL) if re.fullmatch(r"[a-z]+(\.[a-z]+)+", t)})


@pytest.mark.parametrize("name", DOTTED)
def test_every_dotted_name_in_the_protocol_is_an_op_or_a_type(name: str) -> None:
    assert name in OPS or name in TYPES or name in NON_OP_NAMES, (
        f"docs/protocol.md names `{name}` like an op, but it is no op and no message type; "
        f"fix the docs, or add it with a reason to NON_OP_NAMES in {Path(__file__).name}")


# --- message types --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", TYPES)
def test_every_message_type_is_documented(kind: str) -> None:
    assert f'"type": "{kind}"' in PROTOCOL, (
        f'message type "{kind}" is not in docs/protocol.md; show its frame there as '
        f'{{"type": "{kind}", ...}}')


DOC_TYPES = sorted({(name, kind) for name, text in ALL_DOCS.items()
                    for kind in re.findall(r'"type": "([^"]*)"', text)})


@pytest.mark.parametrize(("doc", "kind"), DOC_TYPES, ids=[f"{d}:{k}" for d, k in DOC_TYPES])
def test_every_documented_message_type_exists(doc: str, kind: str) -> None:
    assert kind in TYPES, (
        f'docs/{doc} shows a frame "type": "{kind}", which is in neither '
        f"protocol.CLIENT_TYPES nor protocol.SERVER_TYPES; fix the docs (or the code)")


# --- WebSocket error codes ------------------------------------------------------------------


@pytest.mark.parametrize("code", ERROR_CODES)
def test_every_error_code_is_in_the_error_table(code: str) -> None:
    assert code in DOC_ERROR_CODES, (
        f"error code `{code}` is not in the error-code table of docs/protocol.md "
        f"(`| code | when |`, under 'Errors and limits'); add a row in precedence order")


@pytest.mark.parametrize("code", DOC_ERROR_CODES)
def test_every_error_code_in_the_table_exists(code: str) -> None:
    assert code in ERROR_CODES, (
        f"docs/protocol.md's error-code table lists `{code}`, which is not in "
        f"board.errors.ERROR_CODES; fix the docs (or the code)")


def test_the_error_table_is_in_precedence_order() -> None:
    documented = [c for c in DOC_ERROR_CODES if c in ERROR_CODES]
    expected = [c for c in ERROR_CODES if c in DOC_ERROR_CODES]
    assert documented == expected, (
        "docs/protocol.md says the first error code in its table wins; list them in the "
        "order of board.errors.ERROR_CODES")


REFUSED_WITH = sorted(set(re.findall(r"refused\s+with\s+`([a-z_]+)`", PROTOCOL)))


@pytest.mark.parametrize("code", REFUSED_WITH)
def test_every_code_ops_are_refused_with_exists(code: str) -> None:
    assert code in ERROR_CODES, (
        f"docs/protocol.md says something is 'refused with `{code}`', which is not in "
        f"board.errors.ERROR_CODES; fix the docs (or the code)")


# --- HTTP error codes -----------------------------------------------------------------------


@pytest.mark.parametrize(("status", "code"), HTTP_ERRORS,
                         ids=[f"{s}-{c}" for s, c in HTTP_ERRORS])
def test_every_http_error_is_documented(status: int, code: str) -> None:
    assert (status, code) in DOC_HTTP_ERROR_ROWS, (
        f"the HTTP API answers {status} `{code}` (server/cocreate/endpoints), but no HTTP "
        f"error table of docs/protocol.md (`| status | code | when |`) has that row")


@pytest.mark.parametrize(("status", "code"), DOC_HTTP_ERRORS,
                         ids=[f"{s}-{c}" for s, c in DOC_HTTP_ERRORS])
def test_every_documented_http_error_exists(status: int, code: str) -> None:
    assert (status, code) in HTTP_ERRORS, (
        f"docs/protocol.md documents HTTP {status} `{code}`, but no ApiError(...) or "
        f"error_response(...) in server/cocreate/endpoints answers it; fix the docs")


# --- close codes ----------------------------------------------------------------------------


@pytest.mark.parametrize("code", protocol.CLOSE_CODES)
def test_every_close_code_is_in_the_close_table(code: int) -> None:
    assert code in DOC_CLOSE_CODES, (
        f"close code {code} (protocol.CLOSE_CODES) is not in the close-code table of "
        f"docs/protocol.md (`| close code | when |`); add a row saying when it is sent")


@pytest.mark.parametrize("code", DOC_CLOSE_CODES)
def test_every_close_code_in_the_table_is_sent(code: int) -> None:
    assert code in protocol.CLOSE_CODES or code in TRANSPORT_CLOSE_CODES, (
        f"docs/protocol.md's close-code table lists {code}, which is neither in "
        f"protocol.CLOSE_CODES nor a code the WebSocket stack sends (TRANSPORT_CLOSE_CODES)")


MENTIONED_CLOSE_CODES = sorted({int(n) for n in re.findall(r"(?<![\d,.])(\d{4})(?![\d,])",
                                                            PROTOCOL)
                                if 1000 <= int(n) <= 1015 or 3000 <= int(n) <= 4999})


@pytest.mark.parametrize("code", MENTIONED_CLOSE_CODES)
def test_every_close_code_mentioned_is_in_the_close_table(code: int) -> None:
    assert code in DOC_CLOSE_CODES, (
        f"docs/protocol.md mentions close code {code} but its close-code table has no row "
        f"for it")


# --- HTTP routes ----------------------------------------------------------------------------

_PROTOCOL_ROUTES = documented_routes(PROTOCOL)


@pytest.mark.parametrize(("method", "path"), ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_every_route_is_documented(method: str, path: str) -> None:
    key = _norm_path(path)
    if method == "WS":
        assert any(p == key for _, p in _PROTOCOL_ROUTES), (
            f"the WebSocket route `{path}` is not in docs/protocol.md; name it as `GET {path}`")
    else:
        assert (method, key) in _PROTOCOL_ROUTES, (
            f"route `{method} {path}` is not in docs/protocol.md; add a row `{method} {path}` "
            f"to an HTTP table there")


DOC_ROUTES = sorted({(name, m, p) for name, text in ALL_DOCS.items()
                     for m, p in documented_routes(text)})


@pytest.mark.parametrize(("doc", "method", "path"), DOC_ROUTES,
                         ids=[f"{d}:{m} {p}" for d, m, p in DOC_ROUTES])
def test_every_documented_route_exists(doc: str, method: str, path: str) -> None:
    exists = (method, path) in _ROUTE_KEYS or (method == "GET" and ("WS", path) in _ROUTE_KEYS)
    assert exists, (f"docs/{doc} names `{method} {path}`, which is not in cocreate.app.ROUTES; "
                    f"fix the docs (or the code)")


# --- environment variables ------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ENV_VARS))
def test_every_environment_variable_is_in_the_configuration_table(name: str) -> None:
    assert name in DOC_ENV_VARS, (
        f"{ENV_VARS[name]} reads ${name}, but the configuration table of "
        f"docs/operator-guide.md does not list it; add a row `{name}` | flag | default | what")


@pytest.mark.parametrize("name", DOC_ENV_VARS)
def test_every_configuration_variable_is_read(name: str) -> None:
    assert name in ENV_VARS or name in THIRD_PARTY_ENV, (
        f"docs/operator-guide.md's configuration table lists ${name}, but nothing in "
        f"server/cocreate reads it; fix the docs (or the code)")


def test_settings_from_env_reads_are_all_found() -> None:
    """The scan above sees what config.Settings.from_env reads (guards the regex)."""
    import inspect

    from cocreate.config import Settings
    read = set(_ENV_READ.findall(inspect.getsource(Settings.from_env)))
    assert read and read <= set(ENV_VARS)


# --- limits ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(LIMITS))
def test_every_limit_is_in_the_limits_table(name: str) -> None:
    value = fmt(LIMITS[name])
    fields = LIMITED_FIELDS.get(name)
    assert fields is not None, (
        f"cocreate.board.limits.{name} = {value} is new: add the fields it limits to "
        f"LIMITED_FIELDS in {Path(__file__).name} and a row to the Limits table of "
        f"docs/protocol.md")
    named = ", ".join(f"`{f}`" for f in fields)
    assert any(set(fields) <= tokens and number == value for tokens, number in LIMIT_ROWS), (
        f"docs/protocol.md's Limits table has no row naming {named} with maximum {value} "
        f"(cocreate.board.limits.{name}); add or correct it")


@pytest.mark.parametrize(("tokens", "number"), LIMIT_ROWS,
                         ids=[f"row{i + 1}-{n}" for i, (_, n) in enumerate(LIMIT_ROWS)])
def test_every_row_of_the_limits_table_is_a_limit(tokens: set[str], number: str) -> None:
    matches = [name for name, fields in LIMITED_FIELDS.items()
               if name in LIMITS and set(fields) <= tokens and fmt(LIMITS[name]) == number]
    assert matches, (
        f"docs/protocol.md's Limits table has a row naming {sorted(tokens)} with maximum "
        f"{number or '(no number)'}, which matches no constant in cocreate.board.limits "
        f"with those fields and that value")
